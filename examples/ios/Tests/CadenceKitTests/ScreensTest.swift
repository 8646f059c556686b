// View states of Today and the missed-dose guidance sheet, as a client sees
// them through a day: grouping, badges, buttons, the prescriber's rule.
// Mirrors examples/android/kit/src/test/.../ScreensTest.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

final class ScreensTest: XCTestCase {
    func test_todayGroupsDosesByRoutineMomentInTimeOrderWithTheirDoses() throws {
        try withClient { c, _, _ in
            let t = try TodayState.load(c)
            XCTAssertEqual(t.sections.map(\.moment), [.breakfast, .dinner, .bedtime])
            XCTAssertEqual(t.sections.map(\.time), [LocalTime(7, 30), LocalTime(18, 30), LocalTime(22, 30)])
            XCTAssertEqual(t.sections[0].rows.map(\.medicationName).sorted(), ["Lamotrigine", "Sertraline"])
            XCTAssertEqual(try single(t.sections[0].rows.filter { $0.medicationName == "Sertraline" }).doseText, "100 mg")
            XCTAssertEqual(t.scheduled, 4)
            XCTAssertEqual(t.taken, 0)
            XCTAssertFalse(t.allDone)
            XCTAssertTrue(t.sections.flatMap(\.rows).allSatisfy { $0.badge == .upcoming })
            XCTAssertEqual(t.focus?.time, LocalTime(7, 30))
        }
    }

    func test_badgesAndButtonsFollowTheDoseThroughTheDay() throws {
        try withClient { c, clock, m in
            func row(_ med: String, _ moment: RoutineEvent) throws -> DoseRow {
                let section = try single(TodayState.load(c).sections.filter { $0.moment == moment })
                return try single(section.rows.filter { $0.medicationId == med })
            }

            clock.instant = ny(7, 30)
            let due = try row(m.sertraline, .breakfast)
            XCTAssertEqual(due.badge, .due)
            XCTAssertEqual(due.actions, [.take, .snooze, .skip])

            clock.instant = ny(9, 10)
            let late = try row(m.sertraline, .breakfast)
            XCTAssertEqual(late.badge, .late)
            XCTAssertEqual(late.minutesLate, 100)
            XCTAssertEqual(late.actions[1], .guidance)

            _ = try c.take(late.occurrenceId)
            let taken = try row(m.sertraline, .breakfast)
            XCTAssertEqual(taken.badge, .takenOnTime) // within two hours counts as on time
            XCTAssertEqual(taken.actions, [.undo])
            XCTAssertEqual(taken.takenAt, ny(9, 10))

            _ = try c.skip(try row(m.lamotrigine, .breakfast).occurrenceId, reason: .sideEffects)
            let skipped = try row(m.lamotrigine, .breakfast)
            XCTAssertEqual(skipped.badge, .skipped)
            XCTAssertEqual(skipped.skipReason, .sideEffects)

            _ = try c.undo(try XCTUnwrap(skipped.logEntryId))
            XCTAssertEqual(try row(m.lamotrigine, .breakfast).badge, .late)
            XCTAssertEqual(try TodayState.load(c).taken, 1)
        }
    }

    func test_aDosePastTheRulesWindowIsMissedAndItsSheetSaysSkipIt() throws {
        try withClient { c, clock, m in
            let rule = MissedDoseRule(pattern: .skipIfLate(skipAfterHours: 6), maxPerPeriod: nil, minIntervalMinutes: nil,
                                      note: "Skip it if more than 6 hours late.")
            try c.bindings.setMissedDoseRule(medicationId: m.sertraline, rule: rule, now: c.now())
            clock.instant = ny(14)
            let row = try single(try XCTUnwrap(TodayState.load(c).sections.first).rows.filter { $0.medicationId == m.sertraline })
            XCTAssertEqual(row.badge, .missed)
            XCTAssertEqual(row.actions, [.guidance, .skip])

            let sheet = try GuidanceSheet.load(c, occurrenceId: row.occurrenceId)
            XCTAssertEqual(sheet.action, .skipThisDose)
            XCTAssertEqual(sheet.medicationName, "Sertraline")
            XCTAssertEqual(sheet.doseText, "100 mg")
            XCTAssertEqual(sheet.buttons, [.skipDose, .close])
            XCTAssertEqual(sheet.prescriberNote, "Skip it if more than 6 hours late.")
            XCTAssertEqual(sheet.latestTakeTime.toLocalTime(), LocalTime(13, 30))
            XCTAssertEqual(sheet.scheduledAt.toLocalTime(), LocalTime(7, 30))
            XCTAssertFalse(sheet.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)

            try sheet.perform(c, button: .skipDose)
            let after = try single(try XCTUnwrap(TodayState.load(c).sections.first).rows.filter { $0.medicationId == m.sertraline })
            XCTAssertEqual(after.badge, .skipped)
            XCTAssertEqual(after.skipReason, .forgot)
        }
    }

    func test_aLateDoseInsideTheWindowGetsTakeNowAndTakingItClosesTheSheet() throws {
        try withClient { c, clock, m in
            clock.instant = ny(11)
            let occ = try single(try XCTUnwrap(TodayState.load(c).sections.first).rows.filter { $0.medicationId == m.sertraline })
                .occurrenceId
            let sheet = try GuidanceSheet.load(c, occurrenceId: occ)
            XCTAssertEqual(sheet.action, .takeNow)
            XCTAssertEqual(sheet.buttons, [.takeNow, .skipDose])
            XCTAssertEqual(sheet.minutesLate, 210)
            try sheet.perform(c, button: .takeNow)
            let again = try GuidanceSheet.load(c, occurrenceId: occ)
            XCTAssertEqual(again.action, .alreadyTaken)
            XCTAssertEqual(again.buttons, [.close])
        }
    }

    func test_afterRepeatedMissesTheSheetSendsThePersonToTheirPrescribersConfiguredContact() throws {
        try withClient { c, clock, m in
            _ = try c.addCareMember(CareMemberInput(name: "Dr Rivera", role: .prescriber, channel: .phone, contact: "clinic line"))
            _ = try c.addCareMember(CareMemberInput(name: "Jo", role: .therapist, channel: .email))
            let rule = MissedDoseRule(pattern: .contactPrescriberAfterMissed(missedDoses: 2, nearNextHours: 8),
                                      maxPerPeriod: nil, minIntervalMinutes: nil, note: "")
            try c.bindings.setMissedDoseRule(medicationId: m.quetiapine, rule: rule, now: c.now())
            clock.instant = ny(12, date: LocalDate(2027, 3, 3)) // bedtime doses of the 1st and 2nd missed
            let bedtime = try single(TodayState.load(c).sections.filter { $0.moment == .bedtime })
            let occ = try single(bedtime.rows).occurrenceId
            clock.instant = ny(23, 30, date: LocalDate(2027, 3, 3))
            let sheet = try GuidanceSheet.load(c, occurrenceId: occ)
            XCTAssertEqual(sheet.action, .contactPrescriber)
            XCTAssertEqual(sheet.buttons.first, .contactPrescriber)
            XCTAssertEqual(sheet.contacts.map(\.name), ["Dr Rivera"])
            XCTAssertNil(sheet.prescriberNote)
        }
    }

    func test_aMinimumIntervalAfterALateDoseMeansWaitAndTheSheetsReminderComesAtThatTime() throws {
        try withClient { c, clock, m in
            let rule = MissedDoseRule(pattern: .general(nearNextHours: 4), maxPerPeriod: nil, minIntervalMinutes: 1200, note: "")
            try c.bindings.setMissedDoseRule(medicationId: m.sertraline, rule: rule, now: c.now())
            clock.instant = ny(14)
            let first = try XCTUnwrap(TodayState.load(c).sections.first)
            _ = try c.take(try single(first.rows.filter { $0.medicationId == m.sertraline }).occurrenceId)
            clock.instant = ny(7, 45, date: LocalDate(2027, 3, 2))
            let next = try XCTUnwrap(TodayState.load(c).sections.first)
            let occ = try single(next.rows.filter { $0.medicationId == m.sertraline }).occurrenceId
            let sheet = try GuidanceSheet.load(c, occurrenceId: occ)
            XCTAssertEqual(sheet.action, .waitUntil)
            XCTAssertEqual(sheet.takeAt?.toLocalTime(), LocalTime(10, 0))
            XCTAssertEqual(sheet.headline, "Wait until 10:00")
            try sheet.perform(c, button: .remindAt)
            let snoozed = try XCTUnwrap(try c.reminderPlan(limit: 64).notifications.first { $0.occurrenceIds.contains(occ) })
            XCTAssertEqual(snoozed.fireAt, ny(10, 0, date: LocalDate(2027, 3, 2)))
        }
    }
}
