// OsNotifications over UNUserNotificationCenter, and the delegate that turns
// notification buttons into ReminderScheduler.onAction and reports delivery.
// Every category (one per set of buttons the core uses) is registered in one
// call at launch (`allCategories`, from the app delegate), never read-modify-
// written per notification.
//
// iOS keeps only the 64 soonest pending local notifications per app, so the
// capacity is 64 and the core's plan is never longer. The center's API is
// asynchronous; ReminderScheduler is synchronous and runs off the main
// thread, so each call here waits for the center's answer (never on main).
import CadenceBindings
import CadenceKit
import Foundation
import UserNotifications

final class NotificationScheduler: OsNotifications {
    let capacity = 64
    /// iOS fires local notifications at their minute.
    let exactTiming = true
    /// A notification the person swiped away is not in `getDeliveredNotifications`
    /// and never reported: the kit then names no reminder lost.
    let reportsEveryDelivery = false

    /// Read on every reconcile (Settings can turn notifications off at any time).
    var notificationsAllowed: Bool { authorized() }

    /// iOS has no inexact notifications.
    func inexactIds() -> Set<String> { [] }

    private let center = UNUserNotificationCenter.current()

    /// userInfo keys of a Cadence notification.
    enum Key {
        static let source = "cadence"
        static let occurrenceIds = "occurrenceIds"
    }

    func pendingIds() -> Set<String> {
        dispatchPrecondition(condition: .notOnQueue(.main))
        let done = DispatchSemaphore(value: 0)
        var ids: Set<String> = []
        center.getPendingNotificationRequests { requests in
            ids = Set(requests.filter { $0.content.userInfo[Key.source] != nil }.map(\.identifier))
            done.signal()
        }
        done.wait()
        return ids
    }

    func schedule(_ notification: CadenceBindings.Notification) -> Bool {
        dispatchPrecondition(condition: .notOnQueue(.main))
        guard authorized() else { return false }
        let content = UNMutableNotificationContent()
        content.title = notification.title
        content.body = notification.body
        content.sound = .default
        content.threadIdentifier = "cadence.\(notification.kind)"
        content.categoryIdentifier = category(for: notification.actions)
        content.userInfo = [Key.source: true, Key.occurrenceIds: notification.occurrenceIds]
        if notification.critical {
            content.interruptionLevel = .timeSensitive // shown through Focus (needs the entitlement)
        }
        let request = UNNotificationRequest(identifier: notification.id, content: content,
                                            trigger: trigger(at: notification.fireAt, zone: notification.zone))
        let done = DispatchSemaphore(value: 0)
        var added = false
        center.add(request) { error in
            added = error == nil
            done.signal()
        }
        done.wait()
        return added
    }

    func cancel(_ id: String) {
        center.removePendingNotificationRequests(withIdentifiers: [id])
    }

    /// Reports the Cadence notifications iOS showed while the app was not
    /// running (still in Notification Center), for the delivery check.
    /// Waits for the center (never on main), so a status computed next sees them.
    func reportDelivered(to scheduler: ReminderScheduler) {
        dispatchPrecondition(condition: .notOnQueue(.main))
        let done = DispatchSemaphore(value: 0)
        var shown: [UNNotification] = []
        center.getDeliveredNotifications { delivered in
            shown = delivered
            done.signal()
        }
        done.wait()
        for n in shown where n.request.content.userInfo[Key.source] != nil {
            try? scheduler.delivered(n.request.identifier, at: n.date)
        }
    }

    private func authorized() -> Bool {
        let done = DispatchSemaphore(value: 0)
        var status = UNAuthorizationStatus.notDetermined
        center.getNotificationSettings { settings in
            status = settings.authorizationStatus
            done.signal()
        }
        done.wait()
        return status == .authorized || status == .provisional || status == .ephemeral
    }

    /// A calendar trigger at the instant (with its zone, so a later zone
    /// change does not move it); one second from now when already due.
    private func trigger(at fireAt: Date, zone: String) -> UNNotificationTrigger {
        let wait = fireAt.timeIntervalSinceNow
        if wait < 1 {
            return UNTimeIntervalNotificationTrigger(timeInterval: 1, repeats: false)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .current
        var when = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: fireAt)
        when.timeZone = calendar.timeZone
        return UNCalendarNotificationTrigger(dateMatching: when, repeats: false)
    }

    /// The category id of a set of buttons.
    private static func categoryId(for actions: [NotificationAction]) -> String {
        "cadence." + buttons(actions).map(\.identifier).joined(separator: ".")
    }

    /// The buttons shown: the body tap already opens the app.
    private static func buttons(_ actions: [NotificationAction]) -> [NotificationAction] {
        actions.filter { $0 != .open }
    }

    private func category(for actions: [NotificationAction]) -> String { Self.categoryId(for: actions) }

    /// Every category the core's reminders use (`notificationButtonSets()`),
    /// for one `setNotificationCategories` call at launch.
    static func allCategories() -> Set<UNNotificationCategory> {
        Set(notificationButtonSets().map { actions in
            UNNotificationCategory(identifier: categoryId(for: actions), actions: buttons(actions).map(\.button),
                                   intentIdentifiers: [], options: [])
        })
    }

    /// Removes from Notification Center the delivered reminders whose doses
    /// are all logged now (in the app, or by another notification's button).
    /// Waits for the center (never on main).
    func removeDeliveredOfLoggedDoses(_ today: TodayState) {
        dispatchPrecondition(condition: .notOnQueue(.main))
        let logged = Set(today.sections.flatMap(\.rows).filter { $0.logEntryId != nil }.map(\.occurrenceId))
        let done = DispatchSemaphore(value: 0)
        var shown: [UNNotification] = []
        center.getDeliveredNotifications { delivered in
            shown = delivered
            done.signal()
        }
        done.wait()
        let stale = shown.filter { n in
            guard n.request.content.userInfo[Key.source] != nil,
                  let ids = n.request.content.userInfo[Key.occurrenceIds] as? [String], !ids.isEmpty else { return false }
            return ids.allSatisfy(logged.contains)
        }.map(\.request.identifier)
        if !stale.isEmpty { center.removeDeliveredNotifications(withIdentifiers: stale) }
    }
}

extension NotificationAction {
    /// The action identifier of this button in a notification.
    var identifier: String {
        switch self {
        case .taken: return "cadence.taken"
        case .snooze: return "cadence.snooze"
        case .skip: return "cadence.skip"
        case .guidance: return "cadence.guidance"
        case .open: return "cadence.open"
        }
    }

    init?(identifier: String) {
        let all: [NotificationAction] = [.taken, .snooze, .skip, .guidance, .open]
        guard let action = all.first(where: { $0.identifier == identifier }) else { return nil }
        self = action
    }

    var button: UNNotificationAction {
        switch self {
        case .taken: return UNNotificationAction(identifier: identifier, title: "Taken", options: [])
        case .snooze: return UNNotificationAction(identifier: identifier, title: "Snooze 10 min", options: [])
        case .skip: return UNNotificationAction(identifier: identifier, title: "Skip", options: [.destructive])
        case .guidance: return UNNotificationAction(identifier: identifier, title: "What should I do?", options: [.foreground])
        case .open: return UNNotificationAction(identifier: identifier, title: "Open", options: [.foreground])
        }
    }
}

/// Routes what the person does with a notification into the core. Set as
/// the center's delegate in the app delegate's didFinishLaunching, before
/// the database is open: its work waits on the Cadence queue behind the
/// opening (and is dropped if the database could not be opened).
final class NotificationRouter: NSObject, UNUserNotificationCenterDelegate {
    private let queue: DispatchQueue
    /// The scheduler once the database is open (read on `queue`).
    var scheduler: () -> ReminderScheduler? = { nil }
    /// Called when the app should open the guidance sheet.
    var showGuidance: (String) -> Void = { _ in }
    /// Called after an action logged or snoozed doses: Today reloads.
    var didAct: () -> Void = {}

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    /// A notification arrives while the app is open: report it, and show it.
    func userNotificationCenter(_ center: UNUserNotificationCenter, willPresent notification: UNNotification,
                                withCompletionHandler completionHandler: @escaping (UNNotificationPresentationOptions) -> Void) {
        let id = notification.request.identifier
        let shownAt = notification.date
        queue.async { [scheduler] in try? scheduler()?.delivered(id, at: shownAt) }
        completionHandler([.banner, .list, .sound])
    }

    /// A button (or the body) was tapped.
    func userNotificationCenter(_ center: UNUserNotificationCenter, didReceive response: UNNotificationResponse,
                                withCompletionHandler completionHandler: @escaping () -> Void) {
        let request = response.notification.request
        let shownAt = response.notification.date
        let occurrenceIds = request.content.userInfo[NotificationScheduler.Key.occurrenceIds] as? [String] ?? []
        let action: NotificationAction?
        switch response.actionIdentifier {
        case UNNotificationDefaultActionIdentifier: action = .open
        case UNNotificationDismissActionIdentifier: action = nil
        default: action = NotificationAction(identifier: response.actionIdentifier)
        }
        queue.async { [scheduler, showGuidance, didAct] in
            defer { DispatchQueue.main.async(execute: completionHandler) }
            guard let scheduler = scheduler() else { return } // the database could not be opened
            try? scheduler.delivered(request.identifier, at: shownAt)
            guard let action else { return }
            let outcome = try? scheduler.onAction(notificationId: request.identifier, occurrenceIds: occurrenceIds,
                                                  action: action)
            switch outcome {
            case let .showGuidance(occurrenceId)?:
                DispatchQueue.main.async { showGuidance(occurrenceId) }
            case .logged?, .snoozed?:
                DispatchQueue.main.async { didAct() }
            default:
                break
            }
        }
    }
}
