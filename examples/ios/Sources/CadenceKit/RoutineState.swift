// The routine screen: when the person wakes, eats and goes to bed, on
// weekdays and at weekends. Doses tied to a moment move with it.
import CadenceBindings
import Foundation

/// One routine moment: its time on weekdays and at weekends (the core's default until set).
public struct RoutineRow: Equatable {
    public let event: RoutineEvent
    public let weekday: LocalTime
    public let weekend: LocalTime

    /// The time on `kind` days.
    public func at(_ kind: DayKind) -> LocalTime { kind == .weekday ? weekday : weekend }
}

/// The routine screen: the moments doses are tied to, in the order of a day.
public struct RoutineState: Equatable {
    public let rows: [RoutineRow]

    /// The moments the screen shows (the others are derived by the core).
    public static let events: [RoutineEvent] = [.wake, .breakfast, .lunch, .dinner, .bedtime]

    /// The screen's state, read from `client`.
    public static func load(_ client: CadenceClient) throws -> RoutineState {
        let times = try client.routine().times
        func at(_ event: RoutineEvent, _ kind: DayKind) throws -> LocalTime {
            let chosen = times.first { $0.event == event && $0.dayKind == kind }?.time
            return try wallTime(chosen ?? defaultRoutineTime(event: event, dayKind: kind))
        }
        return RoutineState(rows: try events.map { e in
            RoutineRow(event: e, weekday: try at(e, .weekday), weekend: try at(e, .weekend))
        })
    }

    /// Moves `event` on `kind` days to `time` and returns the new state.
    /// Reconcile reminders afterwards: doses at that moment move with it.
    public static func set(_ client: CadenceClient, event: RoutineEvent, kind: DayKind, time: LocalTime) throws -> RoutineState {
        _ = try client.setRoutineTime(event, dayKind: kind, time: time)
        return try load(client)
    }
}
