// The one activity: hosts the Compose screens, refreshes Today while visible,
// and opens what a reminder's tap or GUIDANCE button asks for.
package health.cadence.app

import android.content.ActivityNotFoundException
import android.content.BroadcastReceiver
import android.content.ClipData
import android.content.ClipboardManager
import android.content.Context
import android.content.Intent
import android.content.IntentFilter
import android.net.Uri
import android.os.Build
import android.os.Bundle
import android.provider.Settings
import android.widget.Toast
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.viewModels
import androidx.core.content.ContextCompat
import androidx.core.content.FileProvider
import health.cadence.kit.ClientReport
import health.cadence.kit.ReportLink
import health.cadence.kit.ShareFile
import java.nio.file.Path

class MainActivity : ComponentActivity() {
    private val model: AppModel by viewModels()

    /** Badges move with the clock (due, late, missed): refresh each minute while visible. */
    private val minuteTick = object : BroadcastReceiver() {
        override fun onReceive(context: Context, intent: Intent) = model.refresh()
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        enableEdgeToEdge()
        super.onCreate(savedInstanceState)
        setContent { CadenceApp(model) }
        if (savedInstanceState == null) openFromNotification(intent)
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        openFromNotification(intent)
    }

    override fun onStart() {
        super.onStart()
        ContextCompat.registerReceiver(
            this, minuteTick, IntentFilter(Intent.ACTION_TIME_TICK), ContextCompat.RECEIVER_NOT_EXPORTED,
        )
        model.onForeground()
    }

    override fun onStop() {
        unregisterReceiver(minuteTick)
        super.onStop()
    }

    private fun openFromNotification(intent: Intent?) {
        if (intent?.action != ReminderReceiver.ACTION_OPEN) return
        val id = intent.getStringExtra(ReminderReceiver.EXTRA_ID) ?: return
        val action = ReminderReceiver.notificationAction(intent.getStringExtra(ReminderReceiver.EXTRA_ACTION)) ?: return
        val occurrenceIds = intent.getStringArrayExtra(ReminderReceiver.EXTRA_OCCURRENCES)?.toList().orEmpty()
        model.onNotification(id, occurrenceIds, action)
    }
}

// ---- other apps and system screens ----

internal fun Context.launch(intent: Intent) {
    try {
        startActivity(intent)
    } catch (e: ActivityNotFoundException) {
        Toast.makeText(this, R.string.no_app, Toast.LENGTH_SHORT).show()
    }
}

internal fun Context.dial(number: String) = launch(Intent(Intent.ACTION_DIAL, Uri.fromParts("tel", number, null)))

internal fun Context.text(number: String) = launch(Intent(Intent.ACTION_SENDTO, Uri.fromParts("smsto", number, null)))

internal fun Context.email(address: String) = launch(Intent(Intent.ACTION_SENDTO, Uri.fromParts("mailto", address, null)))

internal fun Context.browse(url: String) = launch(Intent(Intent.ACTION_VIEW, Uri.parse(url)))

/** Android 12+: the "Alarms & reminders" switch of this app. */
internal fun Context.exactAlarmSettings() =
    launch(Intent(Settings.ACTION_REQUEST_SCHEDULE_EXACT_ALARM, Uri.parse("package:$packageName")))

/** Where the person can exempt Cadence from battery optimisation (reminders that never arrive). */
internal fun Context.batterySettings() = launch(Intent(Settings.ACTION_IGNORE_BATTERY_OPTIMIZATION_SETTINGS))

internal fun Context.notificationSettings() =
    launch(Intent(Settings.ACTION_APP_NOTIFICATION_SETTINGS).putExtra(Settings.EXTRA_APP_PACKAGE, packageName))

/** Where the person can let critical reminders through Do Not Disturb. */
internal fun Context.criticalChannelSettings() = launch(
    Intent(Settings.ACTION_CHANNEL_NOTIFICATION_SETTINGS)
        .putExtra(Settings.EXTRA_APP_PACKAGE, packageName)
        .putExtra(Settings.EXTRA_CHANNEL_ID, ReminderReceiver.CHANNEL_CRITICAL),
)

/** A file of cache/reports/ or cache/share/ as a content URI (manifest provider `<applicationId>.reports`). */
private fun Context.cacheUri(file: Path): Uri = FileProvider.getUriForFile(this, "$packageName.reports", file.toFile())

internal fun Context.viewReport(link: ReportLink) = viewHtml(link.file)

internal fun Context.shareReport(link: ReportLink) = shareHtml(link.file, link.title)

/** A client's report (on a clinician's device) in a viewer. */
internal fun Context.viewClientReport(report: ClientReport) = viewHtml(report.file)

/** A client's report to the share sheet: the subject names the period, not the client. */
internal fun Context.shareClientReport(report: ClientReport) = shareHtml(report.file, report.title)

private fun Context.viewHtml(file: Path) = launch(
    Intent(Intent.ACTION_VIEW).setDataAndType(cacheUri(file), "text/html")
        .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION),
)

private fun Context.shareHtml(file: Path, title: String) = shareStream(cacheUri(file), "text/html", title) {
    putExtra(Intent.EXTRA_SUBJECT, title)
}

/**
 * A share file (an update, or the notice to delete) to the share sheet: e-mail,
 * a messenger, a drive. No subject: the file says nothing about the person.
 */
internal fun Context.sendShareFile(file: ShareFile, title: String) = shareStream(cacheUri(file.file), ShareFile.MIME_TYPE, title)

private fun Context.shareStream(uri: Uri, type: String, title: String, more: Intent.() -> Unit = {}) {
    val send = Intent(Intent.ACTION_SEND)
        .setType(type)
        .putExtra(Intent.EXTRA_STREAM, uri)
        .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
        .apply(more)
    send.clipData = ClipData.newRawUri(title, uri) // carries the read grant through the chooser
    launch(Intent.createChooser(send, title))
}

/** Plain text to the share sheet. */
internal fun Context.shareText(text: String, title: String) =
    launch(Intent.createChooser(Intent(Intent.ACTION_SEND).setType("text/plain").putExtra(Intent.EXTRA_TEXT, text), title))

/** Copies [text] to the clipboard; Android 13+ confirms a copy itself, older versions get a toast. */
internal fun Context.copyText(label: String, text: String) {
    getSystemService(ClipboardManager::class.java)?.setPrimaryClip(ClipData.newPlainText(label, text))
    if (Build.VERSION.SDK_INT < Build.VERSION_CODES.TIRAMISU) Toast.makeText(this, R.string.copied, Toast.LENGTH_SHORT).show()
}
