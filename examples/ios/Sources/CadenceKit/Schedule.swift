// A dosing plan as the set-up form and the medicines list speak of it: a
// dose, when in the day (routine moments, clock times, or as needed) and
// which days. The core owns the mapping both ways (`planForm`,
// `planFromForm`): what reads as custom (tapers, every 8 hours, cycles...,
// left to the prescriber) and what the form refuses. This file only puts
// the core's form in the kit's date and time types.
import CadenceBindings
import Foundation

/// When in the day doses are due.
public enum DoseTimes: Equatable, Hashable {
    /// At routine moments (FHIR EventTiming codes, e.g. `.cm` with breakfast):
    /// the doses move when the person's routine does.
    case atMoments(moments: Set<EventTiming>)
    /// At fixed clock times, read in the zone the person is in.
    case atClockTimes(times: [LocalTime])
    /// Only when needed (PRN): no reminders; `maxPerDay` doses in any 24 hours
    /// and `minHoursApart` between two, when set.
    case asNeeded(maxPerDay: Int?, minHoursApart: Int?)

    /// For `atMoments`: its moments in the order of a day (`Schedule.moments`
    /// first; the core's order); empty for the other cases. (Kotlin: `AtMoments.ordered`.)
    public var ordered: [EventTiming] {
        guard case let .atMoments(moments) = self else { return [] }
        return momentsInDayOrder(moments: Array(moments))
    }
}

/// Which days doses fall on.
public enum DayPattern: Equatable, Hashable {
    /// Every day.
    case everyDay
    /// On these days of the week only.
    case onWeekdays(days: Set<Weekday>)
    /// Every `every` days (2: every other day), counted from `start`.
    case everyNDays(every: Int, start: LocalDate)
}

/// A plan in the form's terms. `times` and `days` are nil for plans the
/// form cannot express (`custom`); they are shown as "custom schedule" and
/// changed only by a new plan from the prescriber.
public struct Schedule: Equatable {
    public let dose: Dose
    public let times: DoseTimes?
    public let days: DayPattern?
    /// First day of the plan, if set.
    public let start: LocalDate?
    /// Last day of the plan, if set.
    public let end: LocalDate?

    public init(dose: Dose, times: DoseTimes?, days: DayPattern?, start: LocalDate?, end: LocalDate?) {
        self.dose = dose
        self.times = times
        self.days = days
        self.start = start
        self.end = end
    }

    /// The routine moments the form offers, in the order of a day (the core's list).
    public static let moments: [EventTiming] = formMoments()

    private static let customReason = "a custom schedule is changed by the prescriber"

    /// The plan has a shape the form cannot edit (steps, intervals, cycles...): the core said so.
    public var custom: Bool { times == nil || days == nil }

    /// The core's plan for these times and days (ids are assigned when
    /// stored). A field the core refuses is `CadenceClientError.invalidInput`
    /// naming the form's field (`times.moments`, `days.every`...).
    public func toPlan() throws -> DosingPlanInput {
        guard let times = times else {
            throw CadenceClientError.invalidInput(field: "times", reason: Self.customReason)
        }
        guard let days = days else {
            throw CadenceClientError.invalidInput(field: "days", reason: Self.customReason)
        }
        let form = PlanForm(dose: dose, times: formTimes(times), days: formDays(days), start: start?.toIso(),
                            end: end?.toIso())
        do {
            return try planFromForm(form: form)
        } catch let e as CadenceError {
            throw CadenceClientError.from(e)
        }
    }

    /// The core's plan in the form's terms; custom when the core finds no form for it.
    public static func of(_ plan: DosingPlan) throws -> Schedule {
        guard let form = planForm(plan: plan) else {
            return Schedule(dose: plan.dose, times: nil, days: nil, start: try plan.start.map(isoDate),
                            end: try plan.end.map(isoDate))
        }
        return Schedule(dose: form.dose, times: try doseTimes(form.times), days: try dayPattern(form.days),
                        start: try form.start.map(isoDate), end: try form.end.map(isoDate))
    }
}

/// A count as the core takes it: a negative one becomes 0, which the core refuses by field.
private func coreCount(_ n: Int) -> UInt32 { UInt32(clamping: n) }

/// A count from the core.
private func kitCount(_ n: UInt32) -> Int { Int(n) }

private func formTimes(_ t: DoseTimes) -> FormTimes {
    switch t {
    case let .atMoments(moments):
        return .atMoments(moments: Array(moments))
    case let .atClockTimes(times):
        return .atClockTimes(clockTimes: times.map { $0.toWallTime() })
    case let .asNeeded(maxPerDay, minHoursApart):
        return .asNeeded(maxPerDay: maxPerDay.map(coreCount), minHoursApart: minHoursApart.map(coreCount))
    }
}

private func doseTimes(_ t: FormTimes) throws -> DoseTimes {
    switch t {
    case let .atMoments(moments):
        return .atMoments(moments: Set(moments))
    case let .atClockTimes(clockTimes):
        return .atClockTimes(times: try clockTimes.map(wallTime))
    case let .asNeeded(maxPerDay, minHoursApart):
        return .asNeeded(maxPerDay: maxPerDay.map(kitCount), minHoursApart: minHoursApart.map(kitCount))
    }
}

private func formDays(_ d: DayPattern) -> FormDays {
    switch d {
    case .everyDay:
        return .everyDay
    case let .onWeekdays(days):
        return .onWeekdays(weekdays: days.sorted().map { DayOfWeek.declarationOrder[$0.rawValue - 1] })
    case let .everyNDays(every, start):
        return .everyNDays(every: coreCount(every), start: start.toIso())
    }
}

private func dayPattern(_ d: FormDays) throws -> DayPattern {
    switch d {
    case .everyDay:
        return .everyDay
    case let .onWeekdays(weekdays):
        return .onWeekdays(days: Set(weekdays.compactMap { Weekday(rawValue: $0.ordinal + 1) }))
    case let .everyNDays(every, start):
        return .everyNDays(every: kitCount(every), start: try isoDate(start))
    }
}
