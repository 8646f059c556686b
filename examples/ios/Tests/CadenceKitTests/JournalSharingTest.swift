// View states of the journal (mood, side effect, PHQ-9 with escalation),
// consent and sharing (grant, preview, revoke, audit) and the report link.
// Mirrors examples/android/kit/src/test/.../JournalSharingTest.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

private let march1 = LocalDate(2027, 3, 1)

final class JournalSharingTest: XCTestCase {
    func test_theJournalListsTheDaysMoodAndSideEffectPrivateByDefault() throws {
        try withClient { c, clock, m in
            clock.instant = ny(9, 15)
            _ = try c.logMood(Mood(valence: -1, energy: 3), note: "slept badly")
            clock.instant = ny(13)
            _ = try c.logSideEffect(.nausea, severity: .mild, medicationIds: [m.sertraline], shareable: true)
            let day = try single(try JournalState.load(c, from: march1, to: march1).days)
            XCTAssertEqual(day.date, march1)
            XCTAssertEqual(day.rows.map(\.kind), [.sideEffect, .mood])
            let mood = day.rows[1]
            XCTAssertEqual(mood.valence, -1)
            XCTAssertEqual(mood.time, LocalTime(9, 15))
            XCTAssertFalse(mood.shareable)
            XCTAssertEqual(mood.note, "slept badly")
            XCTAssertEqual(day.rows[0].symptom, .nausea)
            XCTAssertTrue(day.rows[0].shareable)
        }
    }

    func test_anOutOfRangeMoodIsMarkedOnItsFieldAndNothingIsSaved() throws {
        try withClient { c, _, _ in
            let result = try FormResult.of { try c.logMood(Mood(valence: 5)) }
            guard case let .invalid(field, _) = result else { return XCTFail("\(result)") }
            XCTAssertEqual(field, "journal.mood.valence")
            XCTAssertTrue(try JournalState.load(c, from: march1, to: march1).days.isEmpty)
        }
    }

    func test_thePHQ9FormScoresBandsAndRefusesToSubmitHalfAnswered() throws {
        try withClient { c, _, _ in
            var form = QuestionnaireForm(.phq9)
            XCTAssertEqual(form.answers.count, 9)
            form = try form.answer(1, 2).answer(2, 2).answer(3, 1)
            XCTAssertEqual(form.missingItems, [4, 5, 6, 7, 8, 9])
            XCTAssertEqual(form.runningTotal, 5)
            XCTAssertEqual(invalidField(try form.submit(c)), "answers")
            XCTAssertNotNil(invalidField(try form.answer(4, 4)))
            for i in 4...8 {
                form = try form.answer(i, 1)
            }
            form = try form.answer(9, 0)
            let saved = try form.submit(c)
            XCTAssertEqual(saved.total, 10)
            XCTAssertEqual(saved.maxTotal, 27)
            XCTAssertEqual(saved.band, .moderate)
            XCTAssertFalse(saved.crisis)
            let day = try single(try JournalState.load(c, from: march1, to: march1).days)
            XCTAssertEqual(try single(day.rows).total, 10)
        }
    }

    func test_anyThoughtOfSelfHarmOnPHQ9Item9PutsTheConfiguredCrisisCardFirst() throws {
        try withClient { c, _, _ in
            try c.bindings.setEscalationContacts(contacts: EscalationContacts(
                careTeam: [CareContact(role: .prescriber, name: "Dr Rivera", phone: "+1 555 0100", email: "",
                                       availability: "weekdays")],
                crisisResources: [CrisisResource(name: "988 Suicide & Crisis Lifeline", phone: "988", textNumber: "988",
                                                 url: "https://988lifeline.org", availability: "24/7")]
            ))
            var form = QuestionnaireForm(.phq9)
            for i in 1...8 {
                form = try form.answer(i, 0)
            }
            let saved = try form.answer(9, 1).submit(c)
            XCTAssertEqual(saved.band, .minimal)
            XCTAssertTrue(saved.crisis)
            let card = try XCTUnwrap(saved.escalations.first)
            XCTAssertEqual(card.action, .crisis)
            XCTAssertEqual(try single(card.crisisResources).phone, "988")
            XCTAssertFalse(card.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        }
    }

    func test_aGrantShowsWhatAMemberSeesRevokingItStopsSharingAndEveryDisclosureIsListed() throws {
        try withClient { c, clock, m in
            let jo = try c.addCareMember(CareMemberInput(name: "Jo Park", role: .therapist, channel: .portal))
            clock.instant = ny(9)
            let morning = try XCTUnwrap(TodayState.load(c).sections.first)
            _ = try c.take(try XCTUnwrap(morning.rows.first { $0.medicationId == m.sertraline }).occurrenceId)
            _ = try c.logMood(Mood(valence: 1), shareable: true)

            let none = try single(try SharingState.load(c).members)
            XCTAssertTrue(none.grants.isEmpty)
            XCTAssertTrue(none.sharedNow.isEmpty)
            XCTAssertFalse(none.receivesAlerts)
            XCTAssertEqual(clientError(try SharingState.preview(c, memberId: jo.id, from: march1, to: march1)), .consentRequired)

            let draft = ConsentDraft(jo.id, dataFrom: march1, purpose: "therapy sessions")
            XCTAssertFalse(draft.canGrant)
            XCTAssertNotNil(invalidField(try draft.grant(c)))
            let granted = try draft.toggle(.mood).toggle(.doseLog).toggle(.goals).toggle(.goals).grant(c)
            XCTAssertEqual(granted.categories, [.doseLog, .mood])
            XCTAssertTrue(granted.revocable)

            let member = try single(try SharingState.load(c).members)
            XCTAssertEqual(member.sharedNow, [.doseLog, .mood])
            XCTAssertTrue(member.receivesAlerts)
            let preview = try SharingState.preview(c, memberId: jo.id, from: march1, to: march1)
            XCTAssertEqual(preview[.mood], 1)
            XCTAssertEqual(preview[.doseLog], 1)
            XCTAssertNil(preview[.sideEffects])

            _ = try c.fhirExport(jo.id, from: march1, to: march1)
            let audited = try SharingState.load(c)
            XCTAssertEqual(try single(audited.disclosures).kind, .fhirExport)
            XCTAssertEqual(try single(audited.disclosures).memberName, "Jo Park")
            XCTAssertEqual(try single(audited.members).lastDisclosure, c.now())

            clock.advanceMinutes(5)
            let revoked = try GrantRow.from(c.revoke(granted.id))
            XCTAssertEqual(revoked.status, .revoked)
            let after = try single(try SharingState.load(c).members)
            XCTAssertTrue(after.sharedNow.isEmpty)
            XCTAssertFalse(try single(after.grants).revocable)
            XCTAssertEqual(clientError(try c.fhirExport(jo.id, from: march1, to: march1)), .consentRequired)
            XCTAssertEqual(try SharingState.load(c).disclosures.count, 1)
        }
    }

    func test_anAlertOnlyGrantMeansMissedDoseAlertsWithoutAnyData() throws {
        try withClient { c, _, _ in
            let sam = try c.addCareMember(CareMemberInput(name: "Sam", role: .caregiver, channel: .sms))
            _ = try c.grant(sam.id, categories: [], dataFrom: march1, kind: .alertOnly)
            let s = try single(try SharingState.load(c).members)
            XCTAssertTrue(s.receivesAlerts)
            XCTAssertTrue(s.sharedNow.isEmpty)
        }
    }

    func test_theReportLinkWritesOneSelfContainedPageAndClearsTheOlderOne() throws {
        try withClient { c, clock, _ in
            let dir = tempDir("cadence-reports")
            clock.instant = ny(21)
            let first = try ReportLink.create(c, dir: dir, to: march1, days: 30)
            XCTAssertEqual(first.from, LocalDate(2027, 1, 31))
            XCTAssertEqual(first.title, "Cadence report, 2027-01-31 to 2027-03-01")
            let html = try String(contentsOf: first.file, encoding: .utf8)
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<!doctype html>"))
            XCTAssertFalse(html.contains("<script"))
            let size = try FileManager.default.attributesOfItem(atPath: first.file.path)[.size] as? Int64
            XCTAssertEqual(size, first.bytes)
            let second = try ReportLink.create(c, dir: dir, to: march1.plusDays(1))
            XCTAssertFalse(FileManager.default.fileExists(atPath: first.file.path))
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            XCTAssertEqual(names, [second.file.lastPathComponent])
            XCTAssertEqual(invalidField(try ReportLink.create(c, dir: dir, to: march1, days: 0)), "days")
            try ReportLink.clearOld(dir)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).count, 0)
        }
    }
}
