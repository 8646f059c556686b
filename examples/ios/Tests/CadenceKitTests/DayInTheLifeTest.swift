// A full day of Alex's use, as the apps drive the core: reminders fire and
// are acted on from the notification, a dose is taken late from Today, the
// journal, a PHQ-9, a share with the therapist and the report.
// Mirrors examples/android/kit/src/test/.../DayInTheLifeTest.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

final class DayInTheLifeTest: XCTestCase {
    func test_aFullDayFromTheFirstReminderToTheTherapistsBundle() throws {
        let day = LocalDate(2027, 3, 1)
        let alexSecret = Data(repeating: 1, count: 32)
        let joSecret = Data(repeating: 2, count: 32)
        try withClient { alex, clock, m in
            let jo = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
            defer { jo.close() }
            // 06:00: set-up. Jo (therapist) and Alex pair, Alex grants three categories.
            _ = try jo.setUp(displayName: "Jo Park", zone: newYork)
            let joCode = try jo.shareIdentity(keySecret: joSecret).pairingCode
            let therapist = try alex.addCareMember(CareMemberInput(name: "Jo Park", role: .therapist, channel: .portal))
            let pairing = try alex.pairRecipient(therapist.id, pairingCode: joCode)
            XCTAssertEqual(try jo.shareIdentity(keySecret: joSecret).fingerprint, pairing.fingerprint)
            _ = try jo.pairClient(label: "Alex", pairingCode: try alex.shareIdentity(keySecret: alexSecret).pairingCode)
            // Side by side, each reads the other's fingerprint off their screen: they match.
            try confirmPairings(alex, keySecret: alexSecret)
            try confirmPairings(jo, keySecret: joSecret)
            _ = try alex.grant(therapist.id, categories: [.doseLog, .mood, .questionnaires], dataFrom: day)

            let os = FakeOs()
            let reminders = ReminderScheduler(client: alex, os: os)
            try reminders.reconcile()

            func fire() throws -> [CadenceBindings.Notification] {
                let fired = os.fire(clock.instant)
                for n in fired {
                    try reminders.delivered(n.id, at: n.fireAt)
                }
                return fired
            }

            // 07:30 breakfast: one reminder for both doses, taken from the notification at 07:34.
            clock.instant = ny(7, 30)
            let breakfast = try single(try fire())
            XCTAssertEqual(breakfast.title, "Breakfast")
            clock.instant = ny(7, 34)
            _ = try reminders.onAction(notificationId: breakfast.id, occurrenceIds: breakfast.occurrenceIds, action: .taken)
            XCTAssertEqual(try TodayState.load(alex).taken, 2)

            // 12:10: a mood check-in, shared (Alex ticks "share").
            clock.instant = ny(12, 10)
            _ = try alex.logMood(Mood(valence: 1, energy: 6), shareable: true)

            // 18:30 dinner: the reminder is missed, its follow-up shown, and the
            // dose taken late from Today.
            clock.instant = ny(18, 30)
            XCTAssertEqual(try single(try fire()).kind, .dose)
            let followUp = try XCTUnwrap(os.pending.values.filter { $0.kind == .followUp }.min { $0.fireAt < $1.fireAt })
            clock.instant = followUp.fireAt
            XCTAssertEqual(try fire().map(\.id), [followUp.id])
            clock.instant = ny(19, 20)
            let dinner = try single(try single(TodayState.load(alex).sections.filter { $0.moment == .dinner }).rows)
            XCTAssertEqual(dinner.badge, .late)
            _ = try alex.take(dinner.occurrenceId)
            try reminders.reconcile()
            XCTAssertFalse(os.pending.values.contains { $0.occurrenceIds.contains(dinner.occurrenceId) })

            // 20:00: the weekly PHQ-9.
            clock.instant = ny(20)
            var phq = QuestionnaireForm(.phq9)
            for (i, a) in [1, 1, 2, 1, 0, 1, 1, 0, 0].enumerated() {
                phq = try phq.answer(i + 1, a)
            }
            XCTAssertEqual(try phq.submit(alex).total, 7)

            // 22:30 bedtime: snoozed ten minutes, then taken.
            clock.instant = ny(22, 30)
            let bedtime = try single(try fire())
            let snoozed = try reminders.onAction(notificationId: bedtime.id, occurrenceIds: bedtime.occurrenceIds, action: .snooze)
            guard case let .snoozed(until, _, _) = snoozed else { return XCTFail("\(snoozed)") }
            XCTAssertEqual(until, ny(22, 40))
            clock.instant = ny(22, 40)
            let back = try single(try fire())
            XCTAssertEqual(back.kind, .snoozed)
            _ = try reminders.onAction(notificationId: back.id, occurrenceIds: back.occurrenceIds, action: .taken)

            // 23:00: the day is done; every reminder was delivered.
            clock.instant = ny(23)
            let today = try TodayState.load(alex)
            XCTAssertTrue(today.allDone)
            XCTAssertEqual(today.taken, 4)
            XCTAssertEqual(Set(today.sections.flatMap(\.rows).map(\.badge)), [.takenOnTime])
            XCTAssertTrue(try alex.deliveryCheck().undelivered.isEmpty)
            XCTAssertEqual(Set(try alex.reminderPlan(limit: os.capacity).notifications.map(\.id)), os.pendingIds())
            XCTAssertTrue(os.pending.values.allSatisfy { $0.fireAt > clock.instant })

            // The day's bundle goes to Jo, who opens it; the disclosure is audited.
            let bundle = try alex.exportShareBundle(keySecret: alexSecret, memberId: therapist.id, from: day, to: day)
            let opened = try jo.importShareBundle(keySecret: joSecret, bundle: bundle.bytes)
            guard case let .imported(_, sequence, _, _, _) = opened else { return XCTFail("\(opened)") }
            XCTAssertEqual(sequence, 1)
            let sharing = try SharingState.load(alex)
            XCTAssertEqual(try single(sharing.disclosures).kind, .shareBundle)
            XCTAssertEqual(try single(sharing.disclosures).sha256, bundle.sha256)
            XCTAssertEqual(try single(sharing.members).pairing?.fingerprint, pairing.fingerprint)

            // And the report for the visit.
            let report = try ReportLink.create(alex, dir: tempDir("reports"), to: day, days: 7)
            XCTAssertTrue(try String(contentsOf: report.file, encoding: .utf8).contains("Sertraline"))
            XCTAssertEqual(Set(try alex.medications().map(\.id)), [m.sertraline, m.lamotrigine, m.quetiapine])
        }
    }
}
