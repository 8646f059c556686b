// Setting up medications and the routine from the app: the form, what it
// stores (all or nothing), schedule changes from a date, the medicines list,
// supply, and the routine moments doses move with.
// Mirrors examples/android/kit/src/test/.../MedicinesTest.kt.
import CadenceBindings
import CadenceKit
import Foundation
import XCTest

private extension MedicationForm {
    /// This form with `change` applied (Kotlin: the data class's `copy`).
    func copy(_ change: (inout MedicationForm) -> Void) -> MedicationForm {
        var next = self
        change(&next)
        return next
    }
}

private extension MissedDoseForm {
    /// This form with `change` applied (Kotlin: the data class's `copy`).
    func copy(_ change: (inout MissedDoseForm) -> Void) -> MissedDoseForm {
        var next = self
        change(&next)
        return next
    }
}

final class MedicinesTest: XCTestCase {
    private let march1 = LocalDate(2027, 3, 1) // a Monday

    /// A new client in New York at 06:00 on 2027-03-01, with nothing added.
    private func fresh<T>(_ body: (CadenceClient, TestClock) throws -> T) throws -> T {
        let clock = TestClock(ny(6))
        let c = try CadenceClient.open(tempDb(), key: testKey, clock: clock)
        defer { c.close() }
        _ = try c.setUp(displayName: "Alex", zone: newYork)
        return try body(c, clock)
    }

    private func saved(_ result: MedicationResult, file: StaticString = #filePath, line: UInt = #line) throws -> MedicineRow {
        var row: MedicineRow?
        if case let .saved(r) = result { row = r }
        return try XCTUnwrap(row, "not saved: \(result)", file: file, line: line)
    }

    /// Local times of `medicationId`'s doses on `date`.
    private func doseTimes(_ c: CadenceClient, _ medicationId: String, _ date: LocalDate) throws -> [LocalTime] {
        try c.occurrences(from: date, to: date).filter { $0.medicationId == medicationId }
            .map { try offsetDateTime($0.local).toLocalTime() }
    }

    /// The field of an `invalid` result (nil, failing the test, when it saved).
    private func refusedField(_ result: MedicationResult, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard case let .invalid(field, _) = result else {
            XCTFail("expected invalid, got \(result)", file: file, line: line)
            return nil
        }
        return field
    }

    func test_aMedicationSetUpWithBreakfastAndBedtimeShowsOnTodayAndInTheList() throws {
        try fresh { c, _ in
            let form = MedicationForm(name: "Lamotrigine", strength: "25", dose: "2", startsOn: march1)
                .toggleMoment(.hs)
            XCTAssertTrue(form.canSave)
            let row = try saved(try form.submit(c))
            let schedule = try XCTUnwrap(row.schedule)
            let times = try XCTUnwrap(schedule.times)
            guard case .atMoments = times else { return XCTFail("\(times)") }
            XCTAssertEqual(times.ordered, [.cm, .hs])
            XCTAssertEqual(schedule.days, .everyDay)
            XCTAssertEqual(schedule.dose.amount, 2.0)
            XCTAssertEqual(schedule.dose.unit, "tablet")
            XCTAssertEqual(try XCTUnwrap(row.medication.strength).amount, 25.0)
            XCTAssertTrue(row.canChangeSchedule)
            XCTAssertEqual(row.changeableFrom, march1) // no dose is due yet: a change could start today

            let today = try TodayState.load(c)
            XCTAssertEqual(today.sections.map(\.moment), [.breakfast, .bedtime])
            XCTAssertEqual(today.sections[0].rows.map(\.medicationName), ["Lamotrigine"])

            let list = try MedicinesState.load(c)
            XCTAssertEqual(list.active.map(\.id), [row.id])
            XCTAssertTrue(list.stopped.isEmpty)
        }
    }

    func test_aFirstRunFromNothingArmsRemindersThatFollowTheRoutine() throws {
        try fresh { c, clock in
            let os = FakeOs()
            let reminders = ReminderScheduler(client: c, os: os)
            XCTAssertTrue(try reminders.reconcile().added.isEmpty)

            _ = try RoutineState.set(c, event: .breakfast, kind: .weekday, time: LocalTime(8, 0))
            let morning = try saved(try MedicationForm(name: "Sertraline", strength: "50", startsOn: march1).submit(c))
            let night = try saved(
                try MedicationForm(name: "Quetiapine", strength: "25", startsOn: march1)
                    .toggleMoment(.cm).toggleMoment(.hs).submit(c)
            )
            _ = try reminders.reconcile()
            func firstAt(_ med: String) -> Date? {
                os.pending.values.filter { $0.medicationIds.contains(med) }.map(\.fireAt).min()
            }
            XCTAssertEqual(firstAt(morning.id), ny(8))
            XCTAssertEqual(firstAt(night.id), ny(22, 30))

            // Breakfast moves: the pending reminder moves with it, the bedtime one stays.
            _ = try RoutineState.set(c, event: .breakfast, kind: .weekday, time: LocalTime(9, 0))
            _ = try reminders.reconcile()
            XCTAssertEqual(firstAt(morning.id), ny(9))
            XCTAssertEqual(firstAt(night.id), ny(22, 30))

            clock.instant = ny(9)
            let fired = os.fire(clock.instant)
            XCTAssertEqual(fired.map(\.medicationIds), [[morning.id]])
        }
    }

    func test_aBadFieldNamesItselfAndStoresNothing() throws {
        try fresh { c, _ in
            let good = MedicationForm(name: "Sertraline", startsOn: march1)
            let cases: [(MedicationForm, String)] = [
                (good.copy { $0.name = "  " }, "medication.name"),
                (good.copy { $0.dose = "0" }, "dose.amount"),
                (good.copy { $0.dose = "one" }, "dose.amount"),
                (good.copy { $0.strength = "fifty" }, "medication.strength.amount"),
                (good.copy { $0.times = .atMoments(moments: []) }, "times.moments"),
                (good.copy { $0.times = .atClockTimes(times: []) }, "times.clock_times"),
                (good.copy { $0.days = .onWeekdays(days: []) }, "days.weekdays"),
                (good.copy { $0.times = .asNeeded(maxPerDay: 0, minHoursApart: nil) }, "times.max_per_day"),
                (good.copy { $0.times = .asNeeded(maxPerDay: nil, minHoursApart: -4) }, "times.min_hours_apart"),
                (good.copy { $0.times = .asNeeded(maxPerDay: nil, minHoursApart: 169) }, "times.min_hours_apart"),
                (good.copy { $0.days = .everyNDays(every: 1, start: march1) }, "days.every"),
            ]
            for (form, field) in cases {
                let result = try form.submit(c)
                XCTAssertEqual(refusedField(result), field, "\(form)")
                XCTAssertFalse(form.canSave)
            }
            // The core's own checks come back the same way: a unit of 40 characters.
            let longUnit = try good.copy { $0.doseUnit = String(repeating: "x", count: 40) }.submit(c)
            XCTAssertTrue(refusedField(longUnit)?.hasPrefix("dose") ?? false, "\(longUnit)")
            XCTAssertTrue(try MedicinesState.load(c).isEmpty)
            XCTAssertTrue(try TodayState.load(c).isEmpty)
        }
    }

    func test_aDecimalCommaAndTheFormsUnitAreUnderstood() throws {
        try fresh { c, _ in
            let form = MedicationForm(name: "Sertraline oral solution", startsOn: march1).withForm(.liquid)
            XCTAssertEqual(form.doseUnit, "ml")
            let row = try saved(try form.copy { $0.dose = "2,5" }.submit(c))
            let dose = try XCTUnwrap(row.schedule).dose
            XCTAssertEqual(dose.amount, 2.5)
            XCTAssertEqual(dose.unit, "ml")
            // A unit typed by hand survives a change of form.
            XCTAssertEqual(form.copy { $0.doseUnit = "spoon" }.withForm(.drops).doseUnit, "spoon")
        }
    }

    func test_weekdaysOnlySkipsTheWeekendAndAllSevenDaysIsEveryDayAgain() throws {
        try fresh { c, _ in
            let weekdays = MedicationForm(name: "Methylphenidate", startsOn: march1)
                .toggleDay(.saturday).toggleDay(.sunday)
            XCTAssertEqual(weekdays.days, .onWeekdays(days: Set(Weekday.allCases).subtracting([.saturday, .sunday])))
            XCTAssertEqual(weekdays.toggleDay(.saturday).toggleDay(.sunday).days, .everyDay)
            let row = try saved(try weekdays.submit(c))
            XCTAssertEqual(row.schedule?.days, weekdays.days)
            XCTAssertEqual(try doseTimes(c, row.id, march1.plusDays(4)).count, 1) // Friday
            XCTAssertTrue(try doseTimes(c, row.id, march1.plusDays(5)).isEmpty) // Saturday
            XCTAssertTrue(try doseTimes(c, row.id, march1.plusDays(6)).isEmpty) // Sunday
        }
    }

    func test_everyOtherDayCountsFromTheStartDate() throws {
        try fresh { c, _ in
            let form = MedicationForm(
                name: "Fluoxetine", times: .atClockTimes(times: [LocalTime(9, 0)]),
                days: .everyNDays(every: 2, start: march1), startsOn: march1.plusDays(1)
            )
            let row = try saved(try form.submit(c))
            XCTAssertEqual(row.schedule?.days, .everyNDays(every: 2, start: march1.plusDays(1)))
            let days = try (0...6).map { march1.plusDays($0) }.filter { try !doseTimes(c, row.id, $0).isEmpty }
            XCTAssertEqual(days, [2, 4, 6].map { march1.plusDays($0 - 1) })
            XCTAssertEqual(try doseTimes(c, row.id, march1.plusDays(1)), [LocalTime(9, 0)])
        }
    }

    func test_asNeededHasNoRemindersAndKeepsItsLimits() throws {
        try fresh { c, _ in
            let row = try saved(
                try MedicationForm(name: "Lorazepam", dose: "0.5", times: .asNeeded(maxPerDay: 3, minHoursApart: 4),
                                   startsOn: march1)
                    .submit(c)
            )
            XCTAssertEqual(row.schedule?.times, .asNeeded(maxPerDay: 3, minHoursApart: 4))
            let limits = try XCTUnwrap(row.plan?.asNeeded)
            XCTAssertEqual(try XCTUnwrap(limits.maxPerPeriod).amount.amount, 1.5)
            XCTAssertEqual(limits.minIntervalMinutes, 240)
            XCTAssertTrue(try doseTimes(c, row.id, march1).isEmpty)
            XCTAssertFalse(try c.reminderPlan(limit: 64).notifications.contains { $0.medicationIds.contains(row.id) })
        }
    }

    func test_aScheduleChangeAppliesFromItsDateAndKeepsTheDaysBefore() throws {
        try fresh { c, clock in
            let row = try saved(try MedicationForm(name: "Sertraline", startsOn: march1).submit(c))
            clock.instant = ny(9)
            _ = try c.take(try single(try c.occurrences(from: march1, to: march1)).id)

            // The 07:30 dose is due (and taken): the change can only start tomorrow.
            let now = try single(try MedicinesState.load(c).active)
            XCTAssertEqual(now.changeableFrom, march1.plusDays(1))
            let refused = try XCTUnwrap(MedicationForm.changing(now, from: march1)).copy { $0.startsOn = march1 }
            XCTAssertEqual(refusedField(try refused.changeSchedule(c, row: now)), "effective_from")
            let from = march1.plusDays(1)
            let form = try XCTUnwrap(MedicationForm.changing(now, from: march1))
            XCTAssertEqual(form.startsOn, from)
            XCTAssertEqual(form.name, "Sertraline")
            XCTAssertEqual(form.times, .atMoments(moments: [.cm]))
            let changed = try saved(try form.copy { $0.dose = "2" }.toggleMoment(.cm).toggleMoment(.cv).changeSchedule(c, row: row))
            XCTAssertEqual(changed.plan?.version, 2)

            XCTAssertEqual(try doseTimes(c, row.id, march1), [LocalTime(7, 30)])
            XCTAssertEqual(try doseTimes(c, row.id, from), [LocalTime(18, 30)])
            XCTAssertEqual(try single(try single(TodayState.load(c).sections).rows).badge, .takenOnTime)
            XCTAssertEqual(try XCTUnwrap(try single(MedicinesState.load(c).active).schedule).dose.amount, 2.0)
        }
    }

    func test_aPrescribersTaperOrIntervalPlanIsShownAsCustomAndNotReEnteredByHand() throws {
        try withClient { c, _, m in
            let hourly = try c.addMedication(medication("Ibuprofen", 200)).id
            _ = try c.addPlanFromFhirDosage(hourly, dosageJson: """
                {"timing": {"repeat": {"frequency": 1, "period": 8, "periodUnit": "h", "boundsPeriod": {"start": "2027-03-01T08:00:00-05:00"}}},
                    "doseAndRate": [{"doseQuantity": {"value": 200, "unit": "mg"}}]}
                """)
            let rows = Dictionary(uniqueKeysWithValues: try MedicinesState.load(c).active.map { ($0.id, $0) })
            let custom = try XCTUnwrap(rows[hourly])
            XCTAssertTrue(try XCTUnwrap(custom.schedule).custom)
            XCTAssertFalse(custom.canChangeSchedule)
            XCTAssertNil(MedicationForm.changing(custom, from: march1))
            // Two plans side by side (50 mg with breakfast, 25 mg at bedtime) are one custom schedule.
            let split = try c.addMedication(medication("Trazodone", 25.0)).id
            _ = try c.addPlanFromFhirDosage(split, dosageJson: dosage(["CM"], 50.0))
            _ = try c.addPlanFromFhirDosage(split, dosageJson: dosage(["HS"], 25.0))
            let both = try XCTUnwrap(try MedicinesState.load(c).active.first { $0.id == split })
            XCTAssertTrue(try XCTUnwrap(both.schedule).custom)
            XCTAssertNil(MedicationForm.changing(both, from: march1))
            // FHIR plans that fit the form's terms are editable.
            XCTAssertEqual(rows[m.lamotrigine]?.schedule?.times, .atMoments(moments: [.cm, .cv]))
            XCTAssertTrue(try XCTUnwrap(rows[m.lamotrigine]).canChangeSchedule)
        }
    }

    func test_stoppingEndsRemindersAndTodaysDosesRestartingBringsThemBack() throws {
        try withClient { c, _, m in
            let row = try single(try MedicinesState.load(c).active.filter { $0.id == m.quetiapine })
            let stopped = try MedicinesState.stop(c, row: row, on: march1)
            XCTAssertTrue(stopped.stopped)
            XCTAssertFalse(stopped.canChangeSchedule)
            let list = try MedicinesState.load(c)
            XCTAssertEqual(list.stopped.map(\.id), [m.quetiapine])
            XCTAssertFalse(try TodayState.load(c).sections.contains { $0.moment == .bedtime })
            XCTAssertFalse(try c.reminderPlan(limit: 64).notifications.contains { $0.medicationIds.contains(m.quetiapine) })

            _ = try MedicinesState.restart(c, row: stopped)
            XCTAssertTrue(try TodayState.load(c).sections.contains { $0.moment == .bedtime })
        }
    }

    func test_theMissedDosePlanCopiedFromThePrescriberDrivesTheGuidanceSheet() throws {
        try withClient { c, clock, m in
            let row = try single(try MedicinesState.load(c).active.filter { $0.id == m.sertraline })
            let form = MissedDoseForm.of(row)
            XCTAssertEqual(form.kind, .general) // the core's rule until one is set
            let skip = form.withKind(.skipIfLate).copy { $0.note = " Skip it if more than 6 hours late. " }
            XCTAssertEqual(skip.pattern, .skipIfLate(skipAfterHours: 6.0))
            XCTAssertEqual(skip.withKind(.skipIfLate), skip) // same kind: parameters kept

            let stored = try saved(try skip.save(c, row: row))
            XCTAssertEqual(stored.missedDoseRule.pattern, .skipIfLate(skipAfterHours: 6.0))
            XCTAssertEqual(MissedDoseForm.of(stored).kind, .skipIfLate)

            clock.instant = ny(14) // 6.5 hours after the 07:30 dose
            let first = try XCTUnwrap(TodayState.load(c).sections.first)
            let occ = try single(first.rows.filter { $0.medicationId == m.sertraline }).occurrenceId
            let sheet = try GuidanceSheet.load(c, occurrenceId: occ)
            XCTAssertEqual(sheet.action, .skipThisDose)
            XCTAssertEqual(sheet.prescriberNote, "Skip it if more than 6 hours late.")
        }
    }

    func test_aMissedDosePlanWithImpossibleNumbersIsRefusedByFieldAndChangesNothing() throws {
        try withClient { c, _, m in
            let row = try single(try MedicinesState.load(c).active.filter { $0.id == m.lamotrigine })
            let form = MissedDoseForm.of(row)
            let cases: [(MissedDoseForm, String)] = [
                (form.copy { $0.pattern = .general(nearNextHours: -1.0) }, "missed_dose_rule.pattern.near_next_hours"),
                (form.copy { $0.pattern = .weeklyWindow(windowDays: 0, minHoursBeforeNext: 48.0) },
                 "missed_dose_rule.pattern.window_days"),
                (form.copy { $0.pattern = .contactPrescriberAfterMissed(missedDoses: 0, nearNextHours: 2.0) },
                 "missed_dose_rule.pattern.missed_doses"),
                (form.copy { $0.note = String(repeating: "x", count: 2001) }, "missed_dose_rule.note"),
            ]
            for (bad, field) in cases {
                let result = try bad.save(c, row: row)
                XCTAssertEqual(refusedField(result), field)
            }
            XCTAssertEqual(try c.missedDoseRule(m.lamotrigine), row.missedDoseRule)
            // Every kind's preset is a valid rule.
            for kind in MissedDoseKind.allCases {
                let stored = try saved(try form.withKind(kind).save(c, row: row))
                XCTAssertEqual(MissedDoseKind.of(stored.missedDoseRule.pattern), kind)
            }
        }
    }

    func test_countingTheSupplyGivesARunOutDateAndARefillAddsToIt() throws {
        try withClient { c, _, m in
            let row = try single(try MedicinesState.load(c).active.filter { $0.id == m.lamotrigine }) // twice a day
            XCTAssertNil(row.supply)
            XCTAssertEqual(row.supplyUnit, "tablet") // 25 mg doses of 25 mg tablets are counted in tablets
            let counted = try MedicinesState.countSupply(c, row: row, onHand: 10)
            let supply = try XCTUnwrap(counted.supply)
            XCTAssertEqual(supply.onHand, 10.0)
            XCTAssertEqual(supply.daysLeft, 5)
            let refilled = try XCTUnwrap(try MedicinesState.refill(c, row: counted, amount: 20).supply)
            XCTAssertEqual(refilled.onHand, 30.0)
            XCTAssertEqual(refilled.daysLeft, 15)
        }
    }

    func test_movingBreakfastOnWeekdaysMovesTheDosesTiedToItAndNotTheWeekends() throws {
        try withClient { c, _, m in
            let before = try RoutineState.load(c)
            XCTAssertEqual(before.rows.map(\.event), RoutineState.events)
            let breakfastBefore = try single(before.rows.filter { $0.event == .breakfast })
            XCTAssertEqual(breakfastBefore.at(.weekday), LocalTime(7, 30))

            let after = try RoutineState.set(c, event: .breakfast, kind: .weekday, time: LocalTime(9, 15))
            let breakfast = try single(after.rows.filter { $0.event == .breakfast })
            XCTAssertEqual(breakfast.weekday, LocalTime(9, 15))
            XCTAssertEqual(breakfast.weekend, breakfastBefore.weekend)

            XCTAssertEqual(try doseTimes(c, m.sertraline, march1), [LocalTime(9, 15)])
            let saturday = march1.plusDays(5)
            XCTAssertEqual(try doseTimes(c, m.sertraline, saturday), [breakfast.weekend])
        }
    }

    func test_anyFormTheScreenCanMakeReadsBackTheSameFromTheStoredPlan() throws {
        // Seeded: every run checks the same 150 forms; a failure names its seed.
        let moments = Schedule.moments
        try fresh { c, _ in
            for seed in 0..<150 {
                var r = SeededGenerator(seed: UInt64(seed))
                // Drawn in the Kotlin test's order: the start day, then the dose.
                let startsOn = march1.plusDays(Int.random(in: 0..<30, using: &r))
                let dose = "\(1 + Int.random(in: 0..<4, using: &r))"
                var form = MedicationForm(name: "Med \(seed)", dose: dose, startsOn: startsOn)
                switch Int.random(in: 0..<3, using: &r) {
                case 0:
                    var picked = moments.filter { _ in Bool.random(using: &r) }
                    if picked.isEmpty { picked = [moments[Int.random(in: 0..<moments.count, using: &r)]] }
                    form = picked.reduce(form.copy { $0.times = .atMoments(moments: []) }) { f, e in f.toggleMoment(e) }
                case 1:
                    form = form.copy { $0.times = .atClockTimes(times: []) }
                    for _ in 0...Int.random(in: 0..<4, using: &r) {
                        form = form.addTime(LocalTime(Int.random(in: 0..<24, using: &r), Int.random(in: 0..<60, using: &r)))
                    }
                default:
                    let perDay: Int? = Bool.random(using: &r) ? 1 + Int.random(in: 0..<6, using: &r) : nil
                    let hours: Int? = Bool.random(using: &r) ? 1 + Int.random(in: 0..<12, using: &r) : nil
                    form = form.copy { $0.times = .asNeeded(maxPerDay: perDay, minHoursApart: hours) }
                }
                switch Int.random(in: 0..<3, using: &r) {
                case 0:
                    break
                case 1:
                    form = Weekday.allCases.filter { _ in Int.random(in: 0..<3, using: &r) == 0 }.reduce(form) { f, d in f.toggleDay(d) }
                    if case let .onWeekdays(days) = form.days, days.isEmpty { form = form.toggleDay(.monday) }
                default:
                    let every = 2 + Int.random(in: 0..<6, using: &r)
                    form = form.copy { $0.days = .everyNDays(every: every, start: march1) }
                }
                let row = try saved(try form.submit(c))
                var expectedDays = form.days
                if case let .everyNDays(every, _) = expectedDays { expectedDays = .everyNDays(every: every, start: form.startsOn) }
                XCTAssertEqual(row.schedule?.times, form.times, "seed \(seed)")
                XCTAssertEqual(row.schedule?.days, expectedDays, "seed \(seed)")
                XCTAssertEqual(row.schedule?.start, form.startsOn, "seed \(seed)")
                XCTAssertFalse(try XCTUnwrap(row.schedule).custom, "seed \(seed)")
                XCTAssertNotNil(MedicationForm.changing(row, from: form.startsOn), "seed \(seed)")
                _ = try MedicinesState.stop(c, row: row, on: march1) // keeps the active count under the core's limit
            }
        }
    }

    func test_aPrescriptionImportedAsTextOnlyWaitsOnTodayForASchedule() throws {
        try fresh { c, _ in
            let rx = """
                {"resourceType": "MedicationRequest", "status": "active", "intent": "order",
                 "medicationCodeableConcept": {"text": "Amlodipine 5 mg tablet"}, "authoredOn": "2027-03-01",
                 "dosageInstruction": [{"text": "Take one tablet daily as directed"}]}
                """
            let imported = try c.importMedicationRequest(rx)
            XCTAssertTrue(try XCTUnwrap(imported.plans[0].prescribed).needsSchedule)
            let today = try TodayState.load(c)
            XCTAssertTrue(today.sections.isEmpty)
            XCTAssertFalse(today.isEmpty) // something waits for the person
            XCTAssertEqual(today.needsSchedule.map(\.text), ["Take one tablet daily as directed"])
            XCTAssertEqual(today.needsSchedule[0].planId, imported.plans[0].id)
            XCTAssertEqual(today.needsSchedule[0].medicationName, "Amlodipine 5 mg tablet")
        }
    }
}
