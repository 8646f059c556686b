// Why reminders may not reach the person, for the banner on Today: the OS
// refused them, they may come late, or recent ones never arrived.
// Mirrors examples/android/kit/.../ReminderStatus.kt.
import CadenceBindings
import Foundation

/// One reason reminders may not reach the person, most serious first.
public enum ReminderProblem: Equatable, Hashable, Sendable {
    /// Notifications are off for the app (the permission read at the last
    /// reconcile, or the OS refused reminders). Fix: notification settings.
    case notificationsOff
    /// Reminders of the last 48 hours never arrived while their doses are
    /// still unlogged (battery saving, a force stop). The doses are on Today.
    /// Raised only where the app hears of every notification shown (Android)
    /// and while notifications are on: on iOS one swiped away looks the same.
    case notArriving
    /// Reminders may come up to about an hour late: exact timing is not allowed (Android only).
    case mayBeLate
}

/// The reminder banner's state. Empty `problems`: all is well, no banner.
/// `message(_:_:)` is the default English for each problem; apps word it from the code.
public struct ReminderStatus: Equatable {
    public let problems: [ReminderProblem]
    /// Reminders the OS refused at the last reconcile.
    public let refused: Int
    /// Dose reminders that never arrived (their doses still unlogged), oldest first.
    public let undelivered: [UndeliveredReminder]

    /// No problem: no banner.
    public var ok: Bool { problems.isEmpty }

    /// The status after `last`, with the OS's `exactTiming`, the core's
    /// delivery `check` and whether the OS `reportsEveryDelivery`. With
    /// notifications off, that is the one problem named.
    public static func from(_ last: Reconciliation, exactTiming: Bool, check: DeliveryCheck,
                            reportsEveryDelivery: Bool = true) -> ReminderStatus {
        let undelivered = check.undelivered.sorted { $0.fireAt < $1.fireAt }
        var problems: [ReminderProblem] = []
        if last.notificationsOff || !last.refused.isEmpty {
            problems.append(.notificationsOff)
        } else {
            if reportsEveryDelivery && !undelivered.isEmpty { problems.append(.notArriving) }
            if !exactTiming { problems.append(.mayBeLate) }
        }
        return ReminderStatus(problems: problems, refused: last.refused.count, undelivered: undelivered)
    }

    /// The default English for `problem`.
    public static func message(_ problem: ReminderProblem, _ status: ReminderStatus) -> String {
        switch problem {
        case .notificationsOff:
            return "Notifications are off, so reminders cannot reach you."
        case .notArriving:
            let n = status.undelivered.count
            return "\(n) recent reminder\(n == 1 ? "" : "s") did not reach you. Battery saving may be stopping them."
        case .mayBeLate:
            return "Reminders may come up to an hour late until exact alarms are allowed."
        }
    }
}
