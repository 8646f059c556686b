// Keeps the OS's pending notifications equal to the core's reminder plan,
// and turns notification actions (taken, skip, snooze) into core calls.
package health.cadence.kit

import health.cadence.core.CaregiverAlert
import health.cadence.core.Notification
import health.cadence.core.NotificationAction
import health.cadence.core.SkipReason
import health.cadence.defaultSkipReason
import java.time.Instant
import java.time.ZoneId

/**
 * What an OS offers for local notifications: Android's AlarmManager +
 * NotificationManager, iOS's UNUserNotificationCenter, or a fake in tests.
 * Implementations only report and change what Cadence scheduled.
 */
interface OsNotifications {
    /** How many notifications the OS keeps pending for the app (64 on iOS). */
    val capacity: Int

    /**
     * Whether notifications fire at their minute: always on iOS; on Android
     * only while exact alarms are allowed ("Alarms & reminders"), else the
     * OS may deliver them up to about an hour late.
     */
    val exactTiming: Boolean

    /**
     * Whether the OS shows the app's notifications now: Android's
     * POST_NOTIFICATIONS and notification switch, iOS's authorization. Read on
     * every reconcile, so notifications turned off after the alarms were armed
     * are noticed (the OS keeps the alarms but shows nothing).
     */
    val notificationsAllowed: Boolean

    /**
     * Whether the app hears of every notification the OS shows. True on
     * Android (the app posts each one itself, so one never reported never
     * arrived); false on iOS, where a notification the person swiped away
     * before the app looked is never reported. Only where it is true can an
     * unreported reminder be blamed on battery saving.
     */
    val reportsEveryDelivery: Boolean

    /** Ids of the Cadence notifications pending now. */
    fun pendingIds(): Set<String>

    /**
     * The pending ids armed without exact timing (Android's inexact alarms,
     * set while "Alarms & reminders" was not allowed); empty on iOS. Once
     * [exactTiming] is true, the scheduler arms these again, exactly.
     */
    fun inexactIds(): Set<String>

    /**
     * Schedules [notification] at its `fireAt` (replacing one with the same
     * id). Returns false when the OS refused it (permission, capacity).
     */
    fun schedule(notification: Notification): Boolean

    /** Cancels a pending notification (no-op when unknown). */
    fun cancel(id: String)
}

/** What one reconciliation did. */
data class Reconciliation(
    /** Ids cancelled: logged doses, moved routines, zones, stale plans. */
    val cancelled: List<String>,
    /** Notifications newly handed to the OS. */
    val added: List<Notification>,
    /** Ids left as they were. */
    val kept: List<String>,
    /**
     * Ids left to the OS though no longer planned: their time passed a few
     * minutes ago, doses unlogged, and the OS may still be delivering them
     * (Android defers alarms in Doze). A later reconcile cancels them.
     */
    val arriving: List<String>,
    /** Notifications the OS refused; [OsNotifications] said why (permission). */
    val refused: List<Notification>,
    /**
     * Caregiver alerts to send now (consented, naming no medication); mark
     * each with [ReminderScheduler.alertSent]. Later ones wake the app at
     * [nextReconcileAt].
     */
    val alerts: List<CaregiverAlert>,
    /**
     * When to reconcile again at the latest (the plan's horizon or the
     * next alert still to come), never in the past; null when nothing is planned.
     */
    val nextReconcileAt: Instant?,
    /**
     * Ids armed inexactly before exact timing was allowed, armed again
     * exactly by this reconcile (they are also in [kept]).
     */
    val rearmed: List<String> = emptyList(),
    /** The OS does not show the app's notifications now ([OsNotifications.notificationsAllowed]). */
    val notificationsOff: Boolean = false,
    /** The device zone given to [ReminderScheduler.reconcile] was new to the core and is now its current zone. */
    val zoneChanged: Boolean = false,
)

/** What the app should do after a notification action. */
sealed class ActionOutcome {
    /** Doses logged; the reminders were reconciled. */
    data class Logged(val entryIds: List<String>, val reconciliation: Reconciliation) : ActionOutcome()

    /** The reminder comes back at [until] ([limitedByRule]: shortened to the rule's take-by time). */
    data class Snoozed(val until: Instant, val limitedByRule: Boolean, val reconciliation: Reconciliation) :
        ActionOutcome()

    /** Open the guidance sheet for [occurrenceId]. */
    data class ShowGuidance(val occurrenceId: String) : ActionOutcome()

    /** Open the app (refill, check-in, or a tap on the notification body). */
    object OpenApp : ActionOutcome()
}

/**
 * Reconciles the core's reminder plan with the OS. Call [reconcile] on every
 * app start, after every log, snooze, routine or zone change, on
 * BOOT_COMPLETED / time-zone-changed broadcasts, and at [Reconciliation.nextReconcileAt].
 * The plan is at most [OsNotifications.capacity] notifications long, so the
 * OS never holds more than it keeps (plus, on Android, the few it is still
 * delivering late: [Reconciliation.arriving]).
 */
class ReminderScheduler(
    private val client: CadenceClient,
    private val os: OsNotifications,
) {
    private val lock = Any()

    /**
     * Makes the OS's pending set equal to the plan: cancel, add, keep (and
     * leave the reminders the OS is still delivering, [Reconciliation.arriving]).
     * Once exact timing is allowed, reminders still armed inexactly are armed
     * again, exactly ([Reconciliation.rearmed]); the OS's notification
     * permission is read each time ([Reconciliation.notificationsOff]).
     * With [deviceZone] (the phone's zone now; pass it on every reconcile),
     * a zone change the app was not running to hear of reaches the core
     * first ([Reconciliation.zoneChanged]).
     */
    fun reconcile(deviceZone: ZoneId? = null): Reconciliation = synchronized(lock) {
        val zoneChanged = deviceZone != null && syncZone(deviceZone)
        val notificationsOff = !os.notificationsAllowed
        val diff = client.reminderDiff(os.pendingIds(), os.capacity)
        diff.toCancel.forEach(os::cancel)
        val (added, refused) = diff.toAdd.partition(os::schedule)
        if (added.isNotEmpty()) client.reportScheduled(added.map { it.id })
        val rearmed = rearmExactly(diff.unchanged)
        // Alerts due now are for the app to send at once; later ones set the next wake.
        val now = client.now()
        val (due, later) = diff.alerts.partition { !it.sendAt.isAfter(now) }
        val next = listOfNotNull(diff.replanBefore, later.minOfOrNull { it.sendAt }).minOrNull()
        Reconciliation(
            diff.toCancel, added, diff.unchanged, diff.arriving, refused, due, next, rearmed, notificationsOff, zoneChanged,
        )
    }

    /**
     * Tells the core the device is in [zone] when its profile says otherwise;
     * true when it did. A zone the core refuses (a fixed offset, which would
     * not follow DST) leaves the profile's zone and the reminders as they are.
     */
    private fun syncZone(zone: ZoneId): Boolean {
        val profile = client.profile() ?: return false
        if (profile.currentZone == zone.id) return false
        return try {
            client.deviceZoneChanged(zone)
            true
        } catch (e: CadenceError.InvalidInput) {
            false
        }
    }

    /**
     * Arms again, exactly, the [kept] reminders the OS holds inexactly, when
     * exact timing is allowed now. Ones past their time (still arriving) are
     * left alone: they are not in [kept]. A reminder the OS refuses to re-arm
     * keeps its inexact alarm (scheduling replaces by id, so none is lost).
     */
    private fun rearmExactly(kept: List<String>): List<String> {
        if (!os.exactTiming) return emptyList()
        val inexact = os.inexactIds().intersect(kept.toSet())
        if (inexact.isEmpty()) return emptyList()
        return client.reminderPlan(os.capacity).notifications
            .filter { it.id in inexact }
            .filter(os::schedule)
            .map { it.id }
    }

    /** Records that the OS showed [notificationId] (for the delivery check). */
    fun delivered(notificationId: String, at: Instant = client.now()) {
        client.reportDelivered(notificationId, at)
    }

    /**
     * Why reminders may not reach the person, after [last]: refused by the
     * OS, not exact, or not arriving (the core's delivery check).
     */
    fun status(last: Reconciliation): ReminderStatus =
        ReminderStatus.from(last, os.exactTiming, client.deliveryCheck(), os.reportsEveryDelivery)

    /** Records that the app sent a caregiver alert. */
    fun alertSent(alertId: String) = client.markAlertSent(alertId)

    /**
     * Handles a notification action. [occurrenceIds] come from the
     * notification ([Notification.occurrenceIds]); TAKEN and SKIP apply to
     * all of them (one reminder covers a routine moment's doses).
     */
    fun onAction(
        notificationId: String,
        occurrenceIds: List<String>,
        action: NotificationAction,
        snoozeMinutes: Long = DEFAULT_SNOOZE_MINUTES,
        skipReason: SkipReason = defaultSkipReason(),
    ): ActionOutcome = when (action) {
        NotificationAction.TAKEN -> ActionOutcome.Logged(logEach(occurrenceIds) { client.take(it).id }, reconcile())
        NotificationAction.SKIP ->
            ActionOutcome.Logged(logEach(occurrenceIds) { client.skip(it, skipReason).id }, reconcile())
        NotificationAction.SNOOZE -> {
            val snoozed = client.snooze(notificationId, snoozeMinutes)
            val until = snoozed.minOfOrNull { it.until } ?: return ActionOutcome.OpenApp
            ActionOutcome.Snoozed(until, snoozed.any { it.limitedByRule }, reconcile())
        }
        NotificationAction.GUIDANCE ->
            occurrenceIds.firstOrNull()?.let { ActionOutcome.ShowGuidance(it) } ?: ActionOutcome.OpenApp
        NotificationAction.OPEN -> ActionOutcome.OpenApp
    }

    /**
     * Logs each dose of a notification. A notification left in the tray can
     * outlive a dose (its medication deleted since): those are passed over,
     * the others still logged.
     */
    private fun logEach(occurrenceIds: List<String>, log: (String) -> String): List<String> =
        occurrenceIds.mapNotNull { id ->
            try {
                log(id)
            } catch (e: CadenceError.NotFound) {
                null
            }
        }

    companion object {
        /** The snooze a notification's button applies. */
        const val DEFAULT_SNOOZE_MINUTES = 10L
    }
}
