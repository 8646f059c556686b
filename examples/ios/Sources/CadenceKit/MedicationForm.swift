// The set-up form for a medication: what it is, the dose, when in the day
// and which days. Saving adds the medication and its plan in one step (an
// invalid plan stores nothing); the same form changes a schedule from a date.
// The fields as typed are read here; the plan they describe, and what is
// wrong with it, are the core's (`Schedule.toPlan`).
import CadenceBindings
import Foundation

/// What saving the form did.
public enum MedicationResult: Equatable {
    /// Saved: the medication as the medicines list now shows it.
    case saved(row: MedicineRow)
    /// Not saved: `field` is wrong for `reason` (the core's field names:
    /// `medication.name`, `dose.amount`, `times.moments`, `days.every`,
    /// `effective_from`...); nothing was stored.
    case invalid(field: String, reason: String)
}

/// The form's fields as typed. Numbers stay text until `submit`, so the
/// person's "0,5" or "" is checked once, with a field-named error. A value:
/// the screen binds its fields, and the methods return the next form.
public struct MedicationForm: Equatable {
    public var name: String
    public var form: DoseForm
    /// Strength per unit as typed ("50"); blank when not known.
    public var strength: String
    public var strengthUnit: String
    /// Amount per dose as typed ("1", "0.5").
    public var dose: String
    public var doseUnit: String
    public var times: DoseTimes
    public var days: DayPattern
    /// The day the schedule starts (and, when changing, the day the change takes effect).
    public var startsOn: LocalDate
    public var instructions: String

    /// A form; the defaults are a tablet once a day with breakfast, every day.
    public init(name: String = "", form: DoseForm = .tablet, strength: String = "", strengthUnit: String = "mg",
                dose: String = "1", doseUnit: String = MedicationForm.defaultUnit(.tablet),
                times: DoseTimes = .atMoments(moments: [.cm]), days: DayPattern = .everyDay, startsOn: LocalDate,
                instructions: String = "") {
        self.name = name
        self.form = form
        self.strength = strength
        self.strengthUnit = strengthUnit
        self.dose = dose
        self.doseUnit = doseUnit
        self.times = times
        self.days = days
        self.startsOn = startsOn
        self.instructions = instructions
    }

    /// A new form; the dose unit follows the form ("tablet", "ml", "puff"...) unless changed by hand.
    public func withForm(_ value: DoseForm) -> MedicationForm {
        var next = self
        next.form = value
        next.doseUnit = doseUnit == Self.defaultUnit(form) ? Self.defaultUnit(value) : doseUnit
        return next
    }

    /// Ticks or unticks a routine moment (switching to moments if clock times were chosen).
    public func toggleMoment(_ moment: EventTiming) -> MedicationForm {
        var current: Set<EventTiming> = []
        if case let .atMoments(chosen) = times { current = chosen }
        if current.contains(moment) {
            current.remove(moment)
        } else {
            current.insert(moment)
        }
        var next = self
        next.times = .atMoments(moments: current)
        return next
    }

    /// Adds a clock time (switching to clock times if moments were chosen); seconds are dropped.
    public func addTime(_ time: LocalTime) -> MedicationForm {
        var current: [LocalTime] = []
        if case let .atClockTimes(chosen) = times { current = chosen }
        var next = self
        next.times = .atClockTimes(times: Array(Set(current + [LocalTime(time.hour, time.minute)])).sorted())
        return next
    }

    /// Removes a clock time.
    public func removeTime(_ time: LocalTime) -> MedicationForm {
        var current: [LocalTime] = []
        if case let .atClockTimes(chosen) = times { current = chosen }
        if let i = current.firstIndex(of: time) { current.remove(at: i) } // Kotlin's `list - element`
        var next = self
        next.times = .atClockTimes(times: current)
        return next
    }

    /// Ticks or unticks a day of the week (switching to weekdays; all seven is every day).
    public func toggleDay(_ day: Weekday) -> MedicationForm {
        var current = Set(Weekday.allCases)
        if case let .onWeekdays(chosen) = days { current = chosen }
        if current.contains(day) {
            current.remove(day)
        } else {
            current.insert(day)
        }
        var next = self
        next.days = current.count == Weekday.allCases.count ? .everyDay : .onWeekdays(days: current)
        return next
    }

    /// Save is enabled: a name, numbers where numbers go, and a schedule the core takes.
    public var canSave: Bool {
        guard problem() == nil else { return false }
        do {
            _ = try schedule().toPlan()
            return true
        } catch {
            return false
        }
    }

    /// Adds the medication with its plan. Bad fields come back as
    /// `MedicationResult.invalid`; other core errors (`CadenceClientError`) are thrown.
    public func submit(_ client: CadenceClient) throws -> MedicationResult {
        try checked { schedule in
            let input = MedicationInput(
                name: name.trimmed, strength: strengthValue(), form: form, instructions: instructions.trimmed,
                prescriberNotes: "", expectedOnset: nil, startedOn: startsOn.toIso()
            )
            return try MedicinesState.row(client, client.addMedicationWithPlan(input, plan: schedule.toPlan()).medication)
        }
    }

    /// Changes `row`'s schedule from `startsOn`: doses before then keep their
    /// times and history. The name and strength are not changed.
    public func changeSchedule(_ client: CadenceClient, row: MedicineRow) throws -> MedicationResult {
        try checked { schedule in
            guard let planId = row.plan?.id else {
                throw CadenceClientError.invalidInput(field: "plan", reason: "this medication has no schedule to change")
            }
            let from = Schedule(dose: schedule.dose, times: schedule.times, days: schedule.days, start: startsOn,
                                end: schedule.end)
            _ = try client.updatePlan(planId, plan: from.toPlan(), effectiveFrom: startsOn)
            return try MedicinesState.row(client, row.medication)
        }
    }

    /// Saves the schedule the fields describe, or names the first field that
    /// is wrong: the typed text here, the schedule by the core.
    private func checked(_ save: (Schedule) throws -> MedicineRow) throws -> MedicationResult {
        if let p = problem() { return .invalid(field: p.field, reason: p.reason) }
        do {
            return .saved(row: try save(schedule()))
        } catch let CadenceClientError.invalidInput(field, reason) {
            return .invalid(field: field, reason: reason)
        }
    }

    /// The schedule the fields describe; every N days count from `startsOn`.
    private func schedule() -> Schedule {
        var days = self.days
        if case let .everyNDays(every, _) = days { days = .everyNDays(every: every, start: startsOn) }
        let dose = (try? read().dose) ?? Dose(amount: 0, unit: doseUnit.trimmed) // problem() names the field first
        return Schedule(dose: dose, times: times,
                        days: days, start: startsOn, end: nil)
    }

    /// The typed fields as the core reads them; a wrong one is `invalidInput` naming it.
    private func read() throws -> ReadFields {
        do {
            return try readMedicationFields(fields: MedicationFields(name: name, strength: strength, strengthUnit: strengthUnit,
                                                                     dose: dose, doseUnit: doseUnit))
        } catch let e as CadenceError {
            throw CadenceClientError.from(e)
        }
    }

    /// The first typed field that is not readable, by the core's field name and reason.
    private func problem() -> (field: String, reason: String)? {
        do {
            _ = try read()
            return nil
        } catch let CadenceClientError.invalidInput(field, reason) {
            return (field, reason)
        } catch {
            return ("medication", "\(error)")
        }
    }

    /// The strength as the core takes it (Kotlin: `strength()`; Swift has the property of that name).
    private func strengthValue() -> Strength? {
        (try? read())?.strength
    }

    /// The unit a dose of `form` is counted in (the core's `defaultDoseUnit`).
    public static func defaultUnit(_ form: DoseForm) -> String {
        defaultDoseUnit(form: form)
    }

    /// The form filled in from `row` to change its schedule from `from` (or
    /// from `MedicineRow.changeableFrom` if that is later: a dose already due
    /// is never re-timed), or nil when the plan is `Schedule.custom` (a taper,
    /// an interval...): the prescriber's plan is not re-entered by hand.
    public static func changing(_ row: MedicineRow, from: LocalDate) -> MedicationForm? {
        guard let s = row.schedule, !s.custom, let times = s.times, let days = s.days else { return nil }
        let m = row.medication
        return MedicationForm(
            name: m.name, form: m.form,
            strength: m.strength.map { plain($0.amount) } ?? "", strengthUnit: m.strength?.unit ?? "mg",
            dose: plain(s.dose.amount), doseUnit: s.dose.unit,
            times: times, days: days,
            startsOn: max(from, row.changeableFrom ?? from), instructions: m.instructions
        )
    }


    /// 1.0 as "1", 0.5 as "0.5".
    private static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

private extension String {
    /// Without leading and trailing white space (Kotlin's `trim()`).
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
