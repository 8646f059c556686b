// The words of the medicines screens: a schedule in a line, routine moments,
// days, dose forms, dates, the supply and missed-dose plans. Localizable
// (String(localized:)); the device's calendar names the days.
import CadenceBindings
import CadenceKit
import SwiftUI

enum ScheduleWords {
    /// "1 tablet · with breakfast, at bedtime · every day", or why there is no such line.
    static func schedule(_ schedule: Schedule?) -> String {
        guard let schedule else { return String(localized: "No schedule") }
        if schedule.custom { return String(localized: "Custom schedule from your prescriber") }
        var parts = [doseText(schedule.dose)]
        var asNeeded = false
        switch schedule.times {
        case .atMoments?:
            parts.append((schedule.times?.ordered ?? []).map(moment).joined(separator: ", "))
        case let .atClockTimes(times)?:
            parts.append(times.map { $0.toWallTime() }.joined(separator: ", "))
        case let .asNeeded(maxPerDay, minHoursApart)?:
            asNeeded = true
            var words = [String(localized: "as needed")]
            if let n = maxPerDay { words.append(String(localized: "at most \(n) a day")) }
            if let h = minHoursApart { words.append(String(localized: "at least \(h) h apart")) }
            parts.append(words.joined(separator: ", "))
        case nil:
            break
        }
        switch schedule.days {
        case .everyDay?:
            if !asNeeded { parts.append(String(localized: "every day")) }
        case let .onWeekdays(days)?:
            parts.append(days.sorted().map(day).joined(separator: ", "))
        case let .everyNDays(every, _)?:
            parts.append(String(localized: "every \(every) days"))
        case nil:
            break
        }
        return parts.joined(separator: " · ")
    }

    /// "with breakfast"; other codes (a prescriber's plan may use any of the 26) as FHIR writes them ("MORN.early").
    static func moment(_ timing: EventTiming) -> String {
        switch timing {
        case .wake: return String(localized: "on waking")
        case .cm: return String(localized: "with breakfast")
        case .cd: return String(localized: "with lunch")
        case .cv: return String(localized: "with dinner")
        case .hs: return String(localized: "at bedtime")
        default:
            let name = String(describing: timing) // "mornEarly"
            guard let i = name.firstIndex(where: \.isUppercase) else { return name.uppercased() }
            return name[..<i].uppercased() + "." + name[i...].lowercased()
        }
    }

    /// The routine screen's name of a moment ("Breakfast").
    static func event(_ event: RoutineEvent) -> String {
        switch event {
        case .wake: return String(localized: "Waking up")
        case .breakfast: return String(localized: "Breakfast")
        case .lunch: return String(localized: "Lunch")
        case .dinner: return String(localized: "Dinner")
        case .bedtime: return String(localized: "Bedtime")
        default: return String(describing: event).capitalized
        }
    }

    /// "Mon", in the device's language.
    static func day(_ day: Weekday) -> String {
        Calendar.current.shortWeekdaySymbols[day.rawValue % 7] // the calendar's list starts on Sunday
    }

    /// "Tablet".
    static func doseForm(_ form: DoseForm) -> String {
        switch form {
        case .tablet: return String(localized: "Tablet")
        case .capsule: return String(localized: "Capsule")
        case .liquid: return String(localized: "Liquid")
        case .injection: return String(localized: "Injection")
        case .patch: return String(localized: "Patch")
        case .inhaler: return String(localized: "Inhaler")
        case .drops: return String(localized: "Drops")
        case .other: return String(localized: "Other")
        }
    }

    /// A date as the device writes it ("14 Mar 2027").
    static func date(_ date: LocalDate) -> String {
        date.atTime(LocalTime(12, 0), in: TimeZone.current).formatted(date: .abbreviated, time: .omitted)
    }

    /// "12 tablet left · runs out on 14 Mar 2027".
    static func supply(_ supply: Supply) -> String {
        var parts = [String(localized: "\(doseText(Dose(amount: supply.onHand, unit: supply.unit))) left")]
        if let on = supply.runsOutOn, let date = try? isoDate(on) {
            parts.append(String(localized: "runs out on \(Self.date(date))"))
        }
        return parts.joined(separator: " · ")
    }
}

/// The words of a missed-dose rule. Localizable (String(localized:)).
enum MissedDoseWords {
    /// "Take it unless it is more than 6 h late. After that, skip it and take the next one as usual."
    static func rule(_ pattern: MissedDosePattern) -> String {
        switch pattern {
        case let .general(nearNextHours):
            return unlessNear(nearNextHours)
        case let .narrowWindow(windowHours, otherwise):
            return String(localized: "Take it within \(hours(windowHours)) of its time.") + " " + after(otherwise)
        case let .takeEvenIfTwo(takeWithinHours, otherwise):
            return String(localized: "Take it even if that means two doses in a day, up to \(hours(takeWithinHours)) late.")
                + " " + after(otherwise)
        case let .skipIfLate(skipAfterHours):
            return String(localized: "Take it unless it is more than \(hours(skipAfterHours)) late.") + " " + after(.skip)
        case let .weeklyWindow(windowDays, minHoursBeforeNext):
            return String(
                localized: "Take it within \(Int(windowDays)) days, keeping at least \(hours(minHoursBeforeNext)) before the next dose."
            ) + " " + after(.skip)
        case let .contactPrescriberAfterMissed(missedDoses, nearNextHours):
            return String(localized: "Call your prescriber after \(Int(missedDoses)) missed doses in a row.")
                + " " + String(localized: "Until then:") + " " + unlessNear(nearNextHours)
        }
    }

    /// The general rule's sentence.
    private static func unlessNear(_ nearNextHours: Double) -> String {
        String(localized: "Take it when you remember, unless the next dose is due within \(hours(nearNextHours)).")
    }

    /// What to do once the time for a late dose has passed.
    private static func after(_ fallback: WindowFallback) -> String {
        switch fallback {
        case .skip: return String(localized: "After that, skip it and take the next one as usual.")
        case .contactPrescriber: return String(localized: "After that, contact your prescriber before taking anything.")
        }
    }

    /// The picker's name of a kind.
    static func kind(_ kind: MissedDoseKind) -> String {
        switch kind {
        case .general: return String(localized: "Take it when remembered, unless the next dose is near")
        case .narrowWindow: return String(localized: "Take it only within a few hours of its time")
        case .takeEvenIfTwo: return String(localized: "Take it even if that means two doses in a day")
        case .skipIfLate: return String(localized: "Take it unless it is too late, then skip it")
        case .weeklyWindow: return String(localized: "Weekly dose: take it within a few days")
        case .contactPrescriberAfterMissed: return String(localized: "Call the prescriber after several missed doses")
        }
    }

    /// "2.5 h" in the device's number format; "? h" while the field is not a number.
    static func hours(_ value: Double) -> String {
        value.isFinite ? String(localized: "\(value.formatted()) h") : String(localized: "? h")
    }
}

extension LocalTime {
    /// This wall time today in the device's zone, for a DatePicker.
    var today: Date { LocalDate(Date(), in: TimeZone.current).atTime(self, in: TimeZone.current) }

    /// The wall time (minutes) of a DatePicker's date in the device's zone.
    init(picked date: Date) {
        let time = date.atZone(TimeZone.current).toLocalTime()
        self.init(time.hour, time.minute)
    }
}
