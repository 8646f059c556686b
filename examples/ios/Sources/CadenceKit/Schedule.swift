// A dosing plan as the set-up form and the medicines list speak of it: a
// dose, when in the day (routine moments, clock times, or as needed) and
// which days. Plans the form cannot express (tapers, every 8 hours, cycles)
// read as custom and keep the prescriber's plan untouched.
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
    /// first); empty for the other cases. (Kotlin: `AtMoments.ordered`.)
    public var ordered: [EventTiming] {
        guard case let .atMoments(moments) = self else { return [] }
        return moments.sorted { Schedule.dayOrder($0) < Schedule.dayOrder($1) }
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
    /// Titration or taper steps in the plan.
    public let steps: Int

    public init(dose: Dose, times: DoseTimes?, days: DayPattern?, start: LocalDate?, end: LocalDate?, steps: Int) {
        self.dose = dose
        self.times = times
        self.days = days
        self.start = start
        self.end = end
        self.steps = steps
    }

    /// The routine moments the form offers, in the order of a day.
    public static let moments: [EventTiming] = [.wake, .cm, .cd, .cv, .hs]

    private static let minutesPerDay: UInt32 = 1440

    /// The plan has a shape the form cannot edit (steps, intervals, cycles...).
    public var custom: Bool { times == nil || days == nil || steps > 0 }

    /// The core's plan for these times and days (ids are assigned when stored).
    public func toPlan() -> DosingPlan {
        var asNeeded: AsNeeded?
        if case let .asNeeded(maxPerDay, minHoursApart)? = times {
            // Out-of-range limits wrap as Kotlin's toUInt() does; the core refuses them by field.
            asNeeded = AsNeeded(
                reason: nil,
                maxPerPeriod: maxPerDay.map { n in
                    MaxPerPeriod(amount: Dose(amount: dose.amount * Double(n), unit: dose.unit), periodMinutes: Self.minutesPerDay)
                },
                maxPerAdministration: nil,
                minIntervalMinutes: minHoursApart.map { h in UInt32(truncatingIfNeeded: h * 60) }
            )
        }
        return DosingPlan(
            id: "", medicationId: "", version: 1, dose: dose, slotDoses: [],
            timing: Timing(repeat: timingRepeat(), dayRule: dayRule()),
            zonePolicy: .followDevice,
            start: start?.toIso(), end: end?.toIso(), holds: [], steps: [],
            stepSwitchTime: "00:00",
            asNeeded: asNeeded,
            minIntervalMinutes: nil
        )
    }

    /// The FHIR part of the plan (Kotlin: `repeat()`).
    private func timingRepeat() -> TimingRepeat {
        var moments: [EventTiming] = []
        var clock: [LocalTime] = []
        var scheduled = true
        switch times {
        case .atMoments?: moments = times?.ordered ?? []
        case let .atClockTimes(t)?: clock = Array(Set(t)).sorted()
        case .asNeeded?: scheduled = false
        case nil: break
        }
        var weekdays: [DayOfWeek] = []
        if case let .onWeekdays(d)? = days {
            weekdays = d.sorted().map { DayOfWeek.declarationOrder[$0.rawValue - 1] }
        }
        return TimingRepeat(
            bounds: nil, count: nil, countMax: nil, duration: nil, durationMax: nil, durationUnit: nil,
            frequency: nil, frequencyMax: nil,
            period: scheduled ? 1.0 : nil, periodMax: nil, periodUnit: scheduled ? PeriodUnit.day : nil,
            dayOfWeek: weekdays, timeOfDay: clock.map { $0.toWallTime() }, when: moments, offset: nil
        )
    }

    private func dayRule() -> DayRule? {
        guard case let .everyNDays(every, start)? = days else { return nil }
        return .everyNDays(start: start.toIso(), every: UInt32(truncatingIfNeeded: every))
    }

    /// Sort key: the offered moments first, in their order, then the rest by code.
    public static func dayOrder(_ e: EventTiming) -> Int {
        moments.firstIndex(of: e) ?? (moments.count + e.ordinal)
    }

    /// The core's plan in the form's terms.
    public static func of(_ plan: DosingPlan) throws -> Schedule {
        let r = plan.timing.`repeat`
        // A FHIR boundsPeriod with only a start is the plan's start; an end or a duration is not the form's.
        let openBounds: Bool
        switch r.bounds {
        case nil: openBounds = true
        case let .period(_, end)?: openBounds = end == nil
        case .duration?: openBounds = false
        }
        let oncePerDay = r.period == 1.0 && r.periodUnit == PeriodUnit.day && (r.frequency == nil || r.frequency == 1)
        let plain = r.offset == nil && r.count == nil && r.duration == nil && r.periodMax == nil
        let daily = oncePerDay && plain && openBounds
        let times: DoseTimes?
        if let limits = plan.asNeeded {
            times = prn(limits, dose: plan.dose)
        } else if !daily {
            times = nil
        } else if !r.timeOfDay.isEmpty {
            times = .atClockTimes(times: try r.timeOfDay.map(wallTime).sorted())
        } else if !r.when.isEmpty {
            times = .atMoments(moments: Set(r.when))
        } else {
            times = nil
        }
        let rule = plan.timing.dayRule
        let days: DayPattern?
        if case let .everyNDays(start, every)? = rule, r.dayOfWeek.isEmpty {
            days = .everyNDays(every: Int(every), start: try isoDate(start))
        } else if rule != nil {
            days = nil
        } else if !r.dayOfWeek.isEmpty {
            days = .onWeekdays(days: Set(r.dayOfWeek.compactMap { Weekday(rawValue: $0.ordinal + 1) }))
        } else {
            days = .everyDay
        }
        return Schedule(dose: plan.dose, times: times, days: days, start: try plan.start.map(isoDate),
                        end: try plan.end.map(isoDate), steps: plan.steps.count)
    }

    /// The form's limits, or nil when the prescriber's are finer than it can show.
    private static func prn(_ a: AsNeeded, dose: Dose) -> DoseTimes? {
        if a.reason != nil || a.maxPerAdministration != nil { return nil }
        var perDay: Int?
        if let max = a.maxPerPeriod {
            let n = max.amount.amount / dose.amount
            // Int(exactly:) is nil for a fraction (and for infinity, which Kotlin's toInt() would clamp).
            guard max.periodMinutes == minutesPerDay, max.amount.unit == dose.unit, let whole = Int(exactly: n) else {
                return nil
            }
            perDay = whole
        }
        var hours: Int?
        if let minutes = a.minIntervalMinutes {
            if minutes % 60 != 0 { return nil }
            hours = Int(minutes / 60)
        }
        return .asNeeded(maxPerDay: perDay, minHoursApart: hours)
    }
}
