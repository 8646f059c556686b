// Foundation at the surface: the core speaks ISO strings for dates, wall
// times, zones and offset date-times; these convert at the edge, once.
//
// How the Kotlin layer's java.time types map here:
//   Instant                      -> Date
//   ZoneId                       -> TimeZone (IANA identifiers only)
//   LocalDate                    -> LocalDate (below: a calendar day, no zone)
//   LocalTime                    -> LocalTime (below: a wall-clock time, no zone)
//   ZonedDateTime/OffsetDateTime -> ZonedDateTime (below: an instant read in a zone)
//   DayOfWeek                    -> Weekday (below; the core's DayOfWeek is the generated enum)
//   Clock                        -> CadenceClock (CadenceClient.swift)
// Calendar arithmetic is proleptic Gregorian, as java.time and the core use.
import Foundation

/// A calendar day without a zone ("2027-03-01"), like java.time's `LocalDate`.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The day `year`-`month`-`day`; an impossible date is a programming error.
    public init(_ year: Int, _ month: Int, _ day: Int) {
        precondition((1...12).contains(month) && day >= 1 && day <= LocalDate.daysIn(year, month),
                     "no such date \(year)-\(month)-\(day)")
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `epochDay` days after 1970-01-01.
    public init(epochDay: Int) {
        // Howard Hinnant's civil_from_days.
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The local date of `instant` in `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        let local = Int((instant.timeIntervalSince1970).rounded(.down)) + zone.secondsFromGMT(for: instant)
        self.init(epochDay: Int((Double(local) / 86_400).rounded(.down)))
    }

    /// Days since 1970-01-01 (negative before).
    public var epochDay: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func plusDays(_ days: Int) -> LocalDate { LocalDate(epochDay: epochDay + days) }

    public func minusDays(_ days: Int) -> LocalDate { LocalDate(epochDay: epochDay - days) }

    /// `time` on this day in `zone`, as an instant. A time in a DST gap moves
    /// forward by the gap, as java.time's `atZone` does.
    public func atTime(_ time: LocalTime, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = DateComponents(year: year, month: month, day: day,
                                   hour: time.hour, minute: time.minute, second: time.second)
        guard let date = calendar.date(from: parts) else {
            preconditionFailure("\(self) \(time.toWallTime()) has no instant in \(zone.identifier)")
        }
        return date
    }

    public var description: String { toIso() }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.epochDay < b.epochDay }

    static func daysIn(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A wall-clock time without a date or zone ("22:30"), like java.time's `LocalTime`.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int
    public let second: Int

    public init(_ hour: Int, _ minute: Int, _ second: Int = 0) {
        precondition((0..<24).contains(hour) && (0..<60).contains(minute) && (0..<60).contains(second),
                     "no such time \(hour):\(minute):\(second)")
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Seconds since midnight.
    public var secondOfDay: Int { hour * 3600 + minute * 60 + second }

    public var description: String { toWallTime() }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.secondOfDay < b.secondOfDay }
}

/// A day of the week, Monday first as in ISO 8601, like java.time's
/// `DayOfWeek` (`rawValue` is its `value`, 1 for Monday to 7 for Sunday).
/// The core's `DayOfWeek` is the generated enum; Schedule.swift converts.
public enum Weekday: Int, CaseIterable, Comparable, Hashable, Sendable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Monday to Sunday (java.time's `DayOfWeek.values()`). Written out, not
    /// synthesized, so check-bindings.py sees it.
    public static let allCases: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// An instant as read in a zone (or a fixed offset): java.time's
/// `ZonedDateTime` and `OffsetDateTime` in one.
public struct ZonedDateTime: Hashable, Sendable {
    public let instant: Date
    public let zone: TimeZone

    public init(_ instant: Date, _ zone: TimeZone) {
        self.instant = instant
        self.zone = zone
    }

    private var localSeconds: Int {
        Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
    }

    public func toInstant() -> Date { instant }

    public func toLocalDate() -> LocalDate { LocalDate(instant, in: zone) }

    public func toLocalTime() -> LocalTime {
        let s = ((localSeconds % 86_400) + 86_400) % 86_400
        return LocalTime(s / 3600, s % 3600 / 60, s % 60)
    }

    public var hour: Int { toLocalTime().hour }
    public var minute: Int { toLocalTime().minute }
}

extension Date {
    /// This instant read in `zone` (java.time's `Instant.atZone`).
    public func atZone(_ zone: TimeZone) -> ZonedDateTime { ZonedDateTime(self, zone) }
}

/// A core `IsoDate` ("2027-03-01") as a `LocalDate`.
public func isoDate(_ value: String) throws -> LocalDate {
    let parts = value.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
          let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
          (1...12).contains(m), d >= 1, d <= LocalDate.daysIn(y, m)
    else { throw CadenceClientError.invalidInput(field: "date", reason: "must be a date as YYYY-MM-DD") }
    return LocalDate(y, m, d)
}

extension LocalDate {
    /// This date as the core's `IsoDate`.
    public func toIso() -> String { String(format: "%04ld-%02ld-%02ld", year, month, day) }
}

/// A core `WallTime` ("22:30", or "22:30:15") as a `LocalTime`.
public func wallTime(_ value: String) throws -> LocalTime {
    let parts = value.split(separator: ":", omittingEmptySubsequences: false)
    let numbers = parts.compactMap { $0.count == 2 ? Int($0) : nil }
    guard (2...3).contains(parts.count), numbers.count == parts.count,
          numbers[0] < 24, numbers[1] < 60, numbers.count == 2 || numbers[2] < 60
    else { throw CadenceClientError.invalidInput(field: "time", reason: "must be a time as HH:MM") }
    return LocalTime(numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 0)
}

extension LocalTime {
    /// This time as the core's `WallTime` (minutes; seconds are dropped).
    public func toWallTime() -> String { String(format: "%02ld:%02ld", hour, minute) }
}

/// A core `OffsetDateTime` ("2027-03-01T22:30:00-05:00") as the instant in
/// its fixed offset, so `toLocalTime()` is the wall time written in it.
public func offsetDateTime(_ value: String) throws -> ZonedDateTime {
    let bad = CadenceClientError.invalidInput(field: "date_time", reason: "must be an ISO 8601 date-time with offset")
    guard let t = value.firstIndex(of: "T") else { throw bad }
    let date = try isoDate(String(value[..<t]))
    var rest = value[value.index(after: t)...]
    var offset = 0
    if rest.hasSuffix("Z") {
        rest = rest.dropLast()
    } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
        let hm = rest[rest.index(after: sign)...].split(separator: ":")
        guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]) else { throw bad }
        offset = (h * 3600 + m * 60) * (rest[sign] == "-" ? -1 : 1)
        rest = rest[..<sign]
    } else {
        throw bad
    }
    guard let clock = rest.split(separator: ".").first else { throw bad } // fractions are dropped
    let time = try wallTime(String(clock))
    let epoch = date.epochDay * 86_400 + time.secondOfDay - offset
    guard let fixed = TimeZone(secondsFromGMT: offset) else { throw bad }
    return ZonedDateTime(Date(timeIntervalSince1970: TimeInterval(epoch)), fixed)
}

/// A core `ZoneName` as a `TimeZone`. The core stores IANA names only.
public func zone(_ value: String) throws -> TimeZone {
    guard let zone = TimeZone(identifier: value) else {
        throw CadenceClientError.invalidInput(field: "zone", reason: "unknown IANA time zone")
    }
    return zone
}

extension TimeZone {
    /// This zone as the core's `ZoneName`. Only region ids (IANA names such as
    /// "Europe/Paris") are accepted: a fixed offset (`TimeZone(secondsFromGMT:)`,
    /// "GMT+0200") is not a place and would not follow DST, so it is
    /// `CadenceClientError.invalidInput` on `zone`.
    public func toZoneName() throws -> String {
        if identifier.range(of: "^(UTC|GMT|UT)[+-]", options: .regularExpression) != nil {
            throw CadenceClientError.invalidInput(field: "zone", reason: "must be an IANA time zone name, not a fixed offset")
        }
        return identifier
    }
}
