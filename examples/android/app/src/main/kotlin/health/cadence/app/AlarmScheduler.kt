// The kit's OsNotifications on Android: AlarmManager says when, the
// ReminderReceiver posts the notification when the alarm fires.
package health.cadence.app

import android.app.AlarmManager
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.os.Build
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.edit
import health.cadence.core.Notification
import health.cadence.kit.OsNotifications
import java.time.Duration
import java.time.Instant

/**
 * One alarm per Cadence notification: a broadcast PendingIntent to
 * [ReminderReceiver] whose data URI carries the notification id (request code:
 * the id's hash), so each id has exactly one alarm and replacing it is
 * FLAG_UPDATE_CURRENT. What to show travels in the intent's extras, in memory
 * only; nothing about medications is written to disk here.
 *
 * AlarmManager cannot list alarms, so a small SharedPreferences index (id ->
 * fire time, exact or not) answers [pendingIds]. An entry counts only while
 * its PendingIntent still exists: a reboot or a force-stop clears alarms and
 * PendingIntents together, so lost alarms drop out and the next reconcile
 * schedules them again. Exact alarms cancelled by a revoked permission drop
 * out the same way.
 *
 * An alarm whose time has passed but which the OS has not delivered yet (an
 * inexact alarm may come up to an hour late) is still pending; the core's plan
 * holds only future notifications, so a reconcile in that hour cancels it and
 * the delivery check reports the reminder as not shown. Exact alarms avoid this.
 */
class AlarmScheduler(context: Context) : OsNotifications {
    private val context = context.applicationContext
    private val alarms = context.getSystemService(AlarmManager::class.java)
    private val index = context.getSharedPreferences(INDEX_FILE, Context.MODE_PRIVATE)

    /**
     * The rolling window the core plans (the same 64 as iOS). Kept small on
     * purpose: AlarmManager allows an app 500 alarms at most, every alarm is a
     * binder call to set, check and cancel during each reconcile, and a short
     * window means little to cancel when a routine or zone changes. The core
     * says when to plan further ([health.cadence.kit.Reconciliation.nextReconcileAt]).
     */
    override val capacity: Int = 64

    /** Exact only while "Alarms & reminders" is allowed; otherwise Android may deliver late. */
    override val exactTiming: Boolean get() = exactAlarmsAllowed()

    /** Read on every reconcile: notifications turned off after arming are noticed. */
    override val notificationsAllowed: Boolean get() = canShow(critical = false)

    /** The receiver posts every notification itself, so an unreported one never arrived. */
    override val reportsEveryDelivery: Boolean = true

    /** Exact alarms may be set: always before Android 12, then the "Alarms & reminders" permission. */
    fun exactAlarmsAllowed(): Boolean =
        Build.VERSION.SDK_INT < Build.VERSION_CODES.S || alarms.canScheduleExactAlarms()

    /**
     * Reminders can be shown: POST_NOTIFICATIONS (Android 13+) and the app's
     * notification switch ([NotificationManagerCompat.areNotificationsEnabled]
     * covers both), and the reminder's channel not turned off.
     */
    fun canShow(critical: Boolean = false): Boolean {
        if (!NotificationManagerCompat.from(context).areNotificationsEnabled()) return false
        val channelId = if (critical) ReminderReceiver.CHANNEL_CRITICAL else ReminderReceiver.CHANNEL_DOSES
        val channel = context.getSystemService(NotificationManager::class.java).getNotificationChannel(channelId)
        return channel == null || channel.importance != NotificationManager.IMPORTANCE_NONE
    }

    @Synchronized
    override fun pendingIds(): Set<String> {
        val exactNow = exactAlarmsAllowed()
        val pending = HashSet<String>()
        val gone = ArrayList<String>()
        for ((id, value) in index.all) {
            val entry = (value as? String)?.let { Entry.parse(it) }
            val armed = entry != null && (exactNow || !entry.exact) && existing(id) != null
            if (armed) pending += id else gone += id
        }
        if (gone.isNotEmpty()) {
            gone.forEach { drop(it) }
            index.edit { gone.forEach { remove(it) } }
        }
        return pending
    }

    /**
     * Entries armed inexactly (before "Alarms & reminders" was allowed) whose
     * alarm still exists; the kit arms them again exactly once it is allowed.
     */
    @Synchronized
    override fun inexactIds(): Set<String> = index.all.mapNotNullTo(HashSet()) { (id, value) ->
        val entry = (value as? String)?.let { Entry.parse(it) }
        id.takeIf { entry != null && !entry.exact && existing(id) != null }
    }

    /**
     * Sets the alarm for [notification]; false (refused) when reminders cannot
     * be shown — the kit then reports them as refused — or the OS refuses it.
     */
    @Synchronized
    override fun schedule(notification: Notification): Boolean {
        if (!canShow(notification.critical)) return false
        val operation = PendingIntent.getBroadcast(
            context, requestCode(notification.id), ReminderReceiver.fireIntent(context, notification),
            PendingIntent.FLAG_UPDATE_CURRENT or PendingIntent.FLAG_IMMUTABLE,
        ) ?: return false
        val exact = try {
            set(notification.fireAt, operation)
        } catch (e: IllegalStateException) {
            return false // the OS's per-app alarm limit
        }
        index.edit { putString(notification.id, Entry(notification.fireAt.toEpochMilli(), exact).toString()) }
        return true
    }

    @Synchronized
    override fun cancel(id: String) {
        drop(id)
        index.edit { remove(id) }
    }

    /** The alarm of [id] went off: it is no longer pending. */
    @Synchronized
    fun fired(id: String) = cancel(id)

    /**
     * Arms the alarm that reconciles again at [at] (the plan's horizon, or a
     * caregiver alert's time), or clears it. Never sooner than
     * [MIN_RECONCILE_GAP] from now: an alert that is already due (this shell
     * does not send alerts) would otherwise re-arm it in the past, in a loop.
     */
    fun armReconcile(at: Instant?) {
        val operation = PendingIntent.getBroadcast(
            context, RECONCILE_REQUEST, ReminderReceiver.reconcileIntent(context),
            PendingIntent.FLAG_UPDATE_CURRENT or PendingIntent.FLAG_IMMUTABLE,
        ) ?: return
        if (at == null) alarms.cancel(operation) else set(maxOf(at, Instant.now().plus(MIN_RECONCILE_GAP)), operation)
    }

    /**
     * Exact (and allowed in Doze) when the permission is there, else inexact:
     * Android may then deliver it up to about an hour late. Returns whether it was exact.
     */
    private fun set(at: Instant, operation: PendingIntent): Boolean {
        val millis = at.toEpochMilli()
        if (exactAlarmsAllowed()) {
            try {
                alarms.setExactAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, millis, operation)
                return true
            } catch (e: SecurityException) {
                // Revoked between the check and the call: fall through to inexact.
            }
        }
        alarms.setAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, millis, operation)
        return false
    }

    /** The alarm's PendingIntent if it still exists (never creates one). */
    private fun existing(id: String): PendingIntent? = PendingIntent.getBroadcast(
        context, requestCode(id), ReminderReceiver.fireIntent(context, id),
        PendingIntent.FLAG_NO_CREATE or PendingIntent.FLAG_IMMUTABLE,
    )

    private fun drop(id: String) {
        existing(id)?.let {
            alarms.cancel(it)
            it.cancel()
        }
    }

    private data class Entry(val fireAtMillis: Long, val exact: Boolean) {
        override fun toString() = "$fireAtMillis;${if (exact) 1 else 0}"

        companion object {
            fun parse(value: String): Entry? {
                val parts = value.split(';')
                val millis = parts.getOrNull(0)?.toLongOrNull() ?: return null
                return Entry(millis, parts.getOrNull(1) == "1")
            }
        }
    }

    companion object {
        private const val INDEX_FILE = "cadence.alarms"
        private const val RECONCILE_REQUEST = 0
        private val MIN_RECONCILE_GAP: Duration = Duration.ofMinutes(15)

        /** Stable across processes and versions (String.hashCode is specified). */
        fun requestCode(id: String): Int = id.hashCode()
    }
}
