// Keeps the OS's pending notifications equal to the core's reminder plan,
// and turns notification actions (taken, skip, snooze) into core calls.
import CadenceBindings
import Foundation

// `Notification` alone would be Foundation's; the core's is written
// `CadenceBindings.Notification` throughout.

/// What an OS offers for local notifications: iOS's UNUserNotificationCenter
/// (App/NotificationScheduler.swift), Android's AlarmManager, or a fake in
/// tests. Implementations only report and change what Cadence scheduled.
/// `ReminderScheduler` calls them synchronously, off the main thread.
public protocol OsNotifications: AnyObject {
    /// How many notifications the OS keeps pending for the app (64 on iOS).
    var capacity: Int { get }

    /// Whether notifications fire at their minute: always on iOS; on Android
    /// only while exact alarms are allowed, else up to about an hour late.
    var exactTiming: Bool { get }

    /// Whether the OS shows the app's notifications now (iOS's authorization,
    /// Android's POST_NOTIFICATIONS and switch). Read on every reconcile, so
    /// notifications turned off after scheduling are noticed.
    var notificationsAllowed: Bool { get }

    /// Whether the app hears of every notification the OS shows: true on
    /// Android (the app posts each one); false on iOS, where one the person
    /// swiped away before the app looked is never reported. Only where it is
    /// true can an unreported reminder be called lost.
    var reportsEveryDelivery: Bool { get }

    /// Ids of the Cadence notifications pending now.
    func pendingIds() -> Set<String>

    /// The pending ids armed without exact timing (Android's inexact alarms);
    /// empty on iOS. Once `exactTiming` is true, the scheduler arms them again.
    func inexactIds() -> Set<String>

    /// Schedules `notification` at its `fireAt` (replacing one with the same
    /// id). Returns false when the OS refused it (permission, capacity).
    func schedule(_ notification: CadenceBindings.Notification) -> Bool

    /// Cancels a pending notification (no-op when unknown).
    func cancel(_ id: String)
}

/// What one reconciliation did.
public struct Reconciliation: Equatable {
    /// Ids cancelled: logged doses, moved routines, zones, stale plans.
    public let cancelled: [String]
    /// Notifications newly handed to the OS.
    public let added: [CadenceBindings.Notification]
    /// Ids left as they were.
    public let kept: [String]
    /// Ids left to the OS though no longer planned: their time passed a few
    /// minutes ago, doses unlogged, and the OS may still be delivering them
    /// (Android defers alarms in Doze). A later reconcile cancels them.
    public let arriving: [String]
    /// Notifications the OS refused; `OsNotifications` said why (permission).
    public let refused: [CadenceBindings.Notification]
    /// Caregiver alerts to send now (consented, naming no medication); mark
    /// each with `ReminderScheduler.alertSent`. Later ones wake the app at
    /// `nextReconcileAt`.
    public let alerts: [CaregiverAlert]
    /// When to reconcile again at the latest (the plan's horizon or the
    /// next alert still to come), never in the past; nil when nothing is planned.
    public let nextReconcileAt: Date?
    /// Ids armed inexactly before exact timing was allowed, armed again
    /// exactly by this reconcile (also in `kept`).
    public var rearmed: [String] = []
    /// The OS does not show the app's notifications now (`OsNotifications.notificationsAllowed`).
    public var notificationsOff: Bool = false
    /// The device zone given to `ReminderScheduler.reconcile(deviceZone:)` was
    /// new to the core and is now its current zone.
    public var zoneChanged: Bool = false
}

/// What the app should do after a notification action.
public enum ActionOutcome: Equatable {
    /// Doses logged; the reminders were reconciled.
    case logged(entryIds: [String], reconciliation: Reconciliation)
    /// The reminder comes back at `until` (`limitedByRule`: shortened to the rule's take-by time).
    case snoozed(until: Date, limitedByRule: Bool, reconciliation: Reconciliation)
    /// Open the guidance sheet for `occurrenceId`.
    case showGuidance(occurrenceId: String)
    /// Open the app (refill, check-in, or a tap on the notification body).
    case openApp
}

/// Reconciles the core's reminder plan with the OS. Call `reconcile()` on
/// every app start and foregrounding, after every log, snooze, routine or
/// zone change, on `NSSystemTimeZoneDidChange`, in the background refresh
/// task, and at `Reconciliation.nextReconcileAt`. The plan is at most
/// `OsNotifications.capacity` notifications long, so the OS never holds more
/// than it keeps (iOS keeps only the 64 soonest; on Android, plus the few
/// it is still delivering late: `Reconciliation.arriving`).
public final class ReminderScheduler: @unchecked Sendable {
    /// The snooze a notification's button applies.
    public static let defaultSnoozeMinutes: Int64 = 10

    private let client: CadenceClient
    private let os: OsNotifications
    private let lock = NSLock()

    public init(client: CadenceClient, os: OsNotifications) {
        self.client = client
        self.os = os
    }

    /// Makes the OS's pending set equal to the plan: cancel, add, keep (and
    /// leave the reminders the OS is still delivering, `Reconciliation.arriving`).
    /// With `deviceZone` (the phone's zone now; pass it on every reconcile),
    /// a zone change the app was not running to hear of reaches the core
    /// first (`Reconciliation.zoneChanged`).
    @discardableResult
    public func reconcile(deviceZone: TimeZone? = nil) throws -> Reconciliation {
        lock.lock()
        defer { lock.unlock() }
        let zoneChanged = try deviceZone.map(syncZone) ?? false
        let notificationsOff = !os.notificationsAllowed
        let diff = try client.reminderDiff(scheduledIds: os.pendingIds(), limit: os.capacity)
        for id in diff.toCancel {
            os.cancel(id)
        }
        var added: [CadenceBindings.Notification] = []
        var refused: [CadenceBindings.Notification] = []
        for notification in diff.toAdd {
            if os.schedule(notification) {
                added.append(notification)
            } else {
                refused.append(notification)
            }
        }
        if !added.isEmpty {
            try client.reportScheduled(added.map(\.id))
        }
        let rearmed = try rearmExactly(kept: diff.unchanged)
        // Alerts due now are for the app to send at once; later ones set the next wake.
        let now = client.now()
        let due = diff.alerts.filter { $0.sendAt <= now }
        let nextAlert = diff.alerts.map(\.sendAt).filter { $0 > now }.min()
        let next = [diff.replanBefore, nextAlert].compactMap { $0 }.min()
        return Reconciliation(cancelled: diff.toCancel, added: added, kept: diff.unchanged, arriving: diff.arriving,
                              refused: refused, alerts: due, nextReconcileAt: next, rearmed: rearmed,
                              notificationsOff: notificationsOff, zoneChanged: zoneChanged)
    }

    /// Tells the core the device is in `zone` when its profile says otherwise;
    /// true when it did. A zone the core refuses (a fixed offset, which would
    /// not follow DST) leaves the profile's zone and the reminders as they are.
    private func syncZone(_ zone: TimeZone) throws -> Bool {
        guard let profile = try client.profile() else { return false }
        if profile.currentZone == zone.identifier { return false }
        do {
            try client.deviceZoneChanged(zone)
            return true
        } catch CadenceClientError.invalidInput {
            return false
        }
    }

    /// Arms again, exactly, the `kept` reminders the OS holds inexactly, once
    /// exact timing is allowed (ones still arriving are not in `kept`). A
    /// reminder the OS refuses to re-arm keeps its inexact alarm.
    private func rearmExactly(kept: [String]) throws -> [String] {
        guard os.exactTiming else { return [] }
        let inexact = os.inexactIds().intersection(kept)
        guard !inexact.isEmpty else { return [] }
        return try client.reminderPlan(limit: os.capacity).notifications
            .filter { inexact.contains($0.id) }
            .filter { os.schedule($0) }
            .map(\.id)
    }

    /// Records that the OS showed `notificationId` (for the delivery check);
    /// `at` defaults to now.
    public func delivered(_ notificationId: String, at: Date? = nil) throws {
        try client.reportDelivered(notificationId, at: at ?? client.now())
    }

    /// Why reminders may not reach the person, after `last`: refused by the
    /// OS, not exact, or not arriving (the core's delivery check).
    public func status(_ last: Reconciliation) throws -> ReminderStatus {
        ReminderStatus.from(last, exactTiming: os.exactTiming, check: try client.deliveryCheck(),
                            reportsEveryDelivery: os.reportsEveryDelivery)
    }

    /// Records that the app sent a caregiver alert.
    public func alertSent(_ alertId: String) throws {
        try client.markAlertSent(alertId)
    }

    /// Handles a notification action. `occurrenceIds` come from the
    /// notification (`Notification.occurrenceIds`); taken and skip apply to
    /// all of them (one reminder covers a routine moment's doses).
    public func onAction(
        notificationId: String,
        occurrenceIds: [String],
        action: NotificationAction,
        snoozeMinutes: Int64 = ReminderScheduler.defaultSnoozeMinutes,
        skipReason: SkipReason = defaultSkipReason()
    ) throws -> ActionOutcome {
        switch action {
        case .taken:
            let ids = try logEach(occurrenceIds) { id in try client.take(id).id }
            return .logged(entryIds: ids, reconciliation: try reconcile())
        case .skip:
            let ids = try logEach(occurrenceIds) { id in try client.skip(id, reason: skipReason).id }
            return .logged(entryIds: ids, reconciliation: try reconcile())
        case .snooze:
            let snoozed = try client.snooze(notificationId, minutes: snoozeMinutes)
            guard let until = snoozed.map(\.until).min() else { return .openApp }
            return .snoozed(until: until, limitedByRule: snoozed.contains { $0.limitedByRule },
                            reconciliation: try reconcile())
        case .guidance:
            if let first = occurrenceIds.first {
                return .showGuidance(occurrenceId: first)
            }
            return .openApp
        case .open:
            return .openApp
        }
    }

    /// Logs each dose of a notification. A notification left in the tray can
    /// outlive a dose (its medication deleted since): those are passed over,
    /// the others still logged.
    private func logEach(_ occurrenceIds: [String], _ log: (String) throws -> String) throws -> [String] {
        try occurrenceIds.compactMap { (id: String) -> String? in
            do {
                return try log(id)
            } catch CadenceClientError.notFound {
                return nil
            }
        }
    }
}
