// Alarms firing, notification buttons and the system events that move
// reminders (boot, update, clock and zone changes, exact-alarm permission).
package health.cadence.app

import android.Manifest
import android.app.AlarmManager
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import android.util.Log
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import androidx.core.os.bundleOf
import health.cadence.core.Notification
import health.cadence.core.NotificationAction
import health.cadence.kit.ActionOutcome
import health.cadence.kit.CadenceError
import health.cadence.kit.ReminderScheduler
import java.time.ZoneId

/**
 * Every broadcast is handled off the main thread ([goAsync] plus the app's
 * executor) because each one touches the database. Nothing here decides
 * anything about doses: it shows what the core planned, hands buttons to
 * [ReminderScheduler], and reconciles.
 */
class ReminderReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        val app = context.applicationContext as CadenceApplication
        val action = intent.action ?: return
        val result = goAsync()
        app.io.execute {
            try {
                handle(app, action, intent)
            } catch (e: CadenceError) {
                Log.w(TAG, "$action: ${e.message}") // core messages never hold personal data
            } catch (e: RuntimeException) {
                Log.w(TAG, "$action failed: ${e.javaClass.simpleName}")
            } finally {
                result.finish()
            }
        }
    }

    private fun handle(app: CadenceApplication, action: String, intent: Intent) {
        when (action) {
            ACTION_FIRE -> fire(app, intent)
            ACTION_BUTTON -> button(app, intent)
            Intent.ACTION_TIMEZONE_CHANGED -> {
                val ready = app.awaitReady() ?: return
                val zone = intent.getStringExtra(EXTRA_TIME_ZONE)
                    ?.let { runCatching { ZoneId.of(it) }.getOrNull() } ?: ZoneId.systemDefault()
                app.syncZone(ready, zone) // first, so the plan is made in the new zone
                app.reconcile(ready)
            }
            ACTION_RECONCILE,
            Intent.ACTION_BOOT_COMPLETED,
            Intent.ACTION_MY_PACKAGE_REPLACED,
            Intent.ACTION_TIME_CHANGED,
            AlarmManager.ACTION_SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED,
            -> app.awaitReady()?.let { app.reconcile(it) }
        }
    }

    /** An alarm went off: show the notification, report it delivered, plan on. */
    private fun fire(app: CadenceApplication, intent: Intent) {
        val fired = Fired.from(intent) ?: return
        app.alarms.fired(fired.id)
        val shown = post(app, fired)
        val ready = app.awaitReady() ?: return
        if (shown) ready.scheduler.delivered(fired.id)
        app.reconcile(ready)
    }

    /** TAKEN, SKIP or SNOOZE pressed on a notification. */
    private fun button(app: CadenceApplication, intent: Intent) {
        val id = intent.getStringExtra(EXTRA_ID) ?: return
        val button = notificationAction(intent.getStringExtra(EXTRA_ACTION)) ?: return
        val occurrenceIds = intent.getStringArrayExtra(EXTRA_OCCURRENCES)?.toList().orEmpty()
        val ready = app.awaitReady() ?: return
        when (val outcome = ready.scheduler.onAction(id, occurrenceIds, button)) {
            is ActionOutcome.Logged -> app.afterReconcile(ready, outcome.reconciliation)
            is ActionOutcome.Snoozed -> app.afterReconcile(ready, outcome.reconciliation)
            // GUIDANCE and OPEN are activity PendingIntents (no trampolines on Android 12+).
            is ActionOutcome.ShowGuidance, ActionOutcome.OpenApp -> Unit
        }
        NotificationManagerCompat.from(app).cancel(id, NOTIFICATION_ID)
    }

    private fun post(app: CadenceApplication, fired: Fired): Boolean {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU &&
            ContextCompat.checkSelfPermission(app, Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED
        ) {
            return false
        }
        if (!app.alarms.canShow(fired.critical)) return false
        val channel = if (fired.critical) CHANNEL_CRITICAL else CHANNEL_DOSES
        // What the lock screen shows: no medication names.
        val public = NotificationCompat.Builder(app, channel)
            .setSmallIcon(R.drawable.ic_stat_reminder)
            .setContentTitle(app.getString(R.string.app_name))
            .setContentText(app.getString(R.string.reminder_public_text))
            .build()
        val builder = NotificationCompat.Builder(app, channel)
            .setSmallIcon(R.drawable.ic_stat_reminder)
            .setContentTitle(fired.title)
            .setContentText(fired.body)
            .setStyle(NotificationCompat.BigTextStyle().bigText(fired.body))
            .setCategory(NotificationCompat.CATEGORY_REMINDER)
            .setWhen(fired.fireAtMillis)
            .setShowWhen(true)
            .setAutoCancel(true)
            .setVisibility(NotificationCompat.VISIBILITY_PRIVATE)
            .setPublicVersion(public)
            .setContentIntent(openIntent(app, fired, NotificationAction.OPEN))
            .addExtras(bundleOf(EXTRA_OCCURRENCES to fired.occurrenceIds.toTypedArray()))
        for (button in fired.actions) {
            val pending = when (button) {
                NotificationAction.TAKEN, NotificationAction.SNOOZE, NotificationAction.SKIP ->
                    buttonIntent(app, fired, button)
                NotificationAction.GUIDANCE, NotificationAction.OPEN -> openIntent(app, fired, button)
            }
            builder.addAction(0, label(app, button), pending)
        }
        NotificationManagerCompat.from(app).notify(fired.id, NOTIFICATION_ID, builder.build())
        return true
    }

    /** What an alarm carries: the notification as the core planned it. */
    private class Fired(
        val id: String,
        val title: String,
        val body: String,
        val critical: Boolean,
        val fireAtMillis: Long,
        val occurrenceIds: List<String>,
        val actions: List<NotificationAction>,
    ) {
        companion object {
            fun from(intent: Intent): Fired? {
                val id = intent.getStringExtra(EXTRA_ID) ?: return null
                return Fired(
                    id = id,
                    title = intent.getStringExtra(EXTRA_TITLE).orEmpty(),
                    body = intent.getStringExtra(EXTRA_BODY).orEmpty(),
                    critical = intent.getBooleanExtra(EXTRA_CRITICAL, false),
                    fireAtMillis = intent.getLongExtra(EXTRA_FIRE_AT, System.currentTimeMillis()),
                    occurrenceIds = intent.getStringArrayExtra(EXTRA_OCCURRENCES)?.toList().orEmpty(),
                    actions = intent.getStringArrayExtra(EXTRA_ACTIONS)?.mapNotNull { notificationAction(it) }.orEmpty(),
                )
            }
        }
    }

    companion object {
        private const val TAG = "Cadence"
        private const val PREFIX = "health.cadence.app"
        private const val ACTION_FIRE = "$PREFIX.action.FIRE"
        private const val ACTION_BUTTON = "$PREFIX.action.BUTTON"
        private const val ACTION_RECONCILE = "$PREFIX.action.RECONCILE"

        /** MainActivity's intent action for a tap on a notification or its GUIDANCE/OPEN button. */
        const val ACTION_OPEN = "$PREFIX.action.OPEN"
        const val EXTRA_ID = "$PREFIX.extra.ID"
        const val EXTRA_ACTION = "$PREFIX.extra.ACTION"
        const val EXTRA_OCCURRENCES = "$PREFIX.extra.OCCURRENCES"
        private const val EXTRA_TITLE = "$PREFIX.extra.TITLE"
        private const val EXTRA_BODY = "$PREFIX.extra.BODY"
        private const val EXTRA_CRITICAL = "$PREFIX.extra.CRITICAL"
        private const val EXTRA_FIRE_AT = "$PREFIX.extra.FIRE_AT"
        private const val EXTRA_ACTIONS = "$PREFIX.extra.ACTIONS"

        /** Intent.EXTRA_TIMEZONE (named in the SDK only from API 30). */
        private const val EXTRA_TIME_ZONE = "time-zone"

        const val CHANNEL_DOSES = "doses"
        const val CHANNEL_CRITICAL = "doses_critical"

        /** Tray notifications are told apart by their tag, the Cadence notification id. */
        const val NOTIFICATION_ID = 1

        /** The alarm intent of notification [id] (also the key to find its PendingIntent). */
        fun fireIntent(context: Context, id: String): Intent =
            Intent(context, ReminderReceiver::class.java).setAction(ACTION_FIRE).setData(uri(id, "fire"))

        /** The alarm intent of [notification], with what to show when it fires. */
        fun fireIntent(context: Context, notification: Notification): Intent =
            fireIntent(context, notification.id)
                .putExtra(EXTRA_ID, notification.id)
                .putExtra(EXTRA_TITLE, notification.title)
                .putExtra(EXTRA_BODY, notification.body)
                .putExtra(EXTRA_CRITICAL, notification.critical)
                .putExtra(EXTRA_FIRE_AT, notification.fireAt.toEpochMilli())
                .putExtra(EXTRA_OCCURRENCES, notification.occurrenceIds.toTypedArray())
                .putExtra(EXTRA_ACTIONS, notification.actions.map { it.name }.toTypedArray())

        /** The intent of the "reconcile again" alarm. */
        fun reconcileIntent(context: Context): Intent =
            Intent(context, ReminderReceiver::class.java).setAction(ACTION_RECONCILE).setData(Uri.parse("cadence://reconcile"))

        /**
         * The two reminder channels. Critical medications get their own, which
         * asks to bypass Do Not Disturb: Android honours that only when the
         * person allows it in the channel's settings (linked from the app).
         */
        fun createChannels(context: Context) {
            val doses = NotificationChannel(
                CHANNEL_DOSES, context.getString(R.string.channel_doses), NotificationManager.IMPORTANCE_HIGH,
            ).apply {
                description = context.getString(R.string.channel_doses_description)
                lockscreenVisibility = NotificationCompat.VISIBILITY_PRIVATE
            }
            val critical = NotificationChannel(
                CHANNEL_CRITICAL, context.getString(R.string.channel_critical), NotificationManager.IMPORTANCE_HIGH,
            ).apply {
                description = context.getString(R.string.channel_critical_description)
                lockscreenVisibility = NotificationCompat.VISIBILITY_PRIVATE
                setBypassDnd(true)
            }
            context.getSystemService(NotificationManager::class.java).createNotificationChannels(listOf(doses, critical))
        }

        /** Removes tray reminders all of whose doses are in [loggedOccurrenceIds]. */
        fun dismissLogged(context: Context, loggedOccurrenceIds: Set<String>) {
            val manager = context.getSystemService(NotificationManager::class.java)
            for (shown in manager.activeNotifications) {
                val covered = shown.notification.extras.getStringArray(EXTRA_OCCURRENCES) ?: continue
                if (shown.id == NOTIFICATION_ID && covered.isNotEmpty() && covered.all { it in loggedOccurrenceIds }) {
                    manager.cancel(shown.tag, shown.id)
                }
            }
        }

        private fun buttonIntent(context: Context, fired: Fired, button: NotificationAction): PendingIntent? {
            val intent = Intent(context, ReminderReceiver::class.java)
                .setAction(ACTION_BUTTON)
                .setData(uri(fired.id, button.name))
                .putExtra(EXTRA_ID, fired.id)
                .putExtra(EXTRA_ACTION, button.name)
                .putExtra(EXTRA_OCCURRENCES, fired.occurrenceIds.toTypedArray())
            return PendingIntent.getBroadcast(
                context, AlarmScheduler.requestCode(fired.id + button.name), intent,
                PendingIntent.FLAG_UPDATE_CURRENT or PendingIntent.FLAG_IMMUTABLE,
            )
        }

        private fun openIntent(context: Context, fired: Fired, button: NotificationAction): PendingIntent? {
            val intent = Intent(context, MainActivity::class.java)
                .setAction(ACTION_OPEN)
                .setData(uri(fired.id, button.name))
                .putExtra(EXTRA_ID, fired.id)
                .putExtra(EXTRA_ACTION, button.name)
                .putExtra(EXTRA_OCCURRENCES, fired.occurrenceIds.toTypedArray())
                .addFlags(Intent.FLAG_ACTIVITY_CLEAR_TOP or Intent.FLAG_ACTIVITY_SINGLE_TOP)
            return PendingIntent.getActivity(
                context, AlarmScheduler.requestCode(fired.id + button.name), intent,
                PendingIntent.FLAG_UPDATE_CURRENT or PendingIntent.FLAG_IMMUTABLE,
            )
        }

        /** Distinct data per notification and button, so each gets its own PendingIntent. */
        private fun uri(id: String, part: String): Uri = Uri.parse("cadence://notification/${Uri.encode(id)}/$part")

        fun notificationAction(name: String?): NotificationAction? =
            NotificationAction.entries.firstOrNull { it.name == name }

        private fun label(context: Context, button: NotificationAction): String = when (button) {
            NotificationAction.TAKEN -> context.getString(R.string.action_taken)
            NotificationAction.SNOOZE -> context.getString(R.string.action_snooze, ReminderScheduler.DEFAULT_SNOOZE_MINUTES)
            NotificationAction.SKIP -> context.getString(R.string.action_skip)
            NotificationAction.GUIDANCE -> context.getString(R.string.action_guidance)
            NotificationAction.OPEN -> context.getString(R.string.action_open)
        }
    }
}
