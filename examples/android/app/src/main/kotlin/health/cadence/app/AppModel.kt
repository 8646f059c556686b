// The screens' state: kit view states loaded off the main thread, and the
// person's actions passed to the kit. No rules about doses live here. The
// Medicines tab's state is MedicinesModel's, the Sharing tab's SharingModel's,
// the "For clinicians" page's InboxModel's; all run their core calls through
// one CoreCalls.
package health.cadence.app

import android.app.Application
import android.net.Uri
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import health.cadence.core.Difficulty
import health.cadence.core.Instrument
import health.cadence.core.Mood
import health.cadence.core.NotificationAction
import health.cadence.core.Profile
import health.cadence.core.SkipReason
import health.cadence.kit.ActionOutcome
import health.cadence.kit.CadenceError
import health.cadence.kit.DoseRow
import health.cadence.core.DoseRowAction
import health.cadence.defaultSkipReason
import health.cadence.kit.FormResult
import health.cadence.kit.GuidanceSheet
import health.cadence.kit.JournalState
import health.cadence.kit.QuestionnaireForm
import health.cadence.kit.ReminderStatus
import health.cadence.kit.ReminderScheduler
import health.cadence.kit.ReportLink
import health.cadence.kit.SavedEntry
import health.cadence.kit.ShareKeysAfterRestore
import health.cadence.core.SheetButton
import health.cadence.kit.TodayState
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.withContext
import java.io.File
import java.time.ZoneId

/** The profile and Today, loaded together (no profile yet: the set-up screen). */
class Home(val profile: Profile?, val today: TodayState?)

class AppModel(application: Application) : AndroidViewModel(application) {
    private val app = getApplication<CadenceApplication>()
    val session: StateFlow<Session> = app.session
    val reminderStatus: StateFlow<ReminderStatus?> = app.reminderStatus

    /** Null until first loaded. */
    var home by mutableStateOf<Home?>(null)
        private set
    var sheet by mutableStateOf<GuidanceSheet?>(null)
        private set
    var journal by mutableStateOf<JournalState?>(null)
        private set
    var questionnaire by mutableStateOf(QuestionnaireForm(Instrument.PHQ9))
        private set

    /** The entry just saved, with its escalations (crisis first). */
    var saved by mutableStateOf<SavedEntry?>(null)
        private set
    var report by mutableStateOf<ReportLink?>(null)
        private set

    private val calls = CoreCalls(app, viewModelScope)

    /** The Medicines tab: the list, the medication form, the missed-dose plan, the routine. */
    val medicines = MedicinesModel(app, calls, onChanged = ::refresh)

    /** The Sharing tab: the care team, consent, pairing, and the files sent to them. */
    val sharing = SharingModel(app, calls)

    /** "For clinicians" (from More): pairing clients and opening the updates they send. */
    val inbox = InboxModel(app, calls)

    /** The Devices & sync card (Sharing tab): the person's other devices and Sync now. */
    val sync = SyncModel(app, calls)

    /** A message to show once: the core's (free of personal data) or the app's. */
    val message: String? get() = calls.message
    val busy: Boolean get() = calls.busy

    // ---- Today ----

    /** Reloads the profile and Today (on open, every minute, after each change). */
    fun refresh() = withClient({ ready ->
        val profile = ready.client.profile()
        val today = profile?.let { TodayState.load(ready.client) }
        if (today != null) {
            val logged = today.sections.flatMap { it.rows }.filter { it.logEntryId != null }.map { it.occurrenceId }
            ReminderReceiver.dismissLogged(app, logged.toSet())
        }
        Home(profile, today)
    }) { home = it }

    /** The app came to the foreground: the OS may have dropped alarms, so reconcile, then refresh. */
    fun onForeground() = withClient({ ready ->
        app.syncZone(ready)
        app.reconcile(ready)
    }) { refresh() }

    fun setUp(name: String) = withClient({ ready ->
        ready.client.setUp(name.trim(), ZoneId.systemDefault())
        app.reconcile(ready)
    }) { refresh() }

    fun onRow(row: DoseRow, action: DoseRowAction, reason: SkipReason = defaultSkipReason()) {
        if (action == DoseRowAction.GUIDANCE) return openGuidance(row.occurrenceId)
        withClient({ ready ->
            when (action) {
                DoseRowAction.TAKE -> ready.client.take(row.occurrenceId)
                DoseRowAction.SKIP -> ready.client.skip(row.occurrenceId, reason)
                DoseRowAction.SNOOZE -> ready.client.snooze(row.occurrenceId, ReminderScheduler.DEFAULT_SNOOZE_MINUTES)
                DoseRowAction.UNDO -> row.logEntryId?.let { ready.client.undo(it) }
                DoseRowAction.GUIDANCE -> Unit
            }
            app.reconcile(ready)
        }) { refresh() }
    }

    fun openGuidance(occurrenceId: String) =
        withClient({ ready -> GuidanceSheet.load(ready.client, occurrenceId) }) { sheet = it }

    /** A sheet button; CONTACT_PRESCRIBER only shows the contacts (the dialog does). */
    fun onSheet(button: SheetButton) {
        val current = sheet ?: return
        when (button) {
            SheetButton.CLOSE -> sheet = null
            SheetButton.CONTACT_PRESCRIBER -> Unit
            else -> withClient({ ready ->
                current.perform(ready.client, button)
                app.reconcile(ready)
            }) {
                sheet = null
                refresh()
            }
        }
    }

    /** A tap on a reminder, or its GUIDANCE / OPEN button. */
    fun onNotification(id: String, occurrenceIds: List<String>, action: NotificationAction) =
        withClient({ ready -> ready.scheduler.onAction(id, occurrenceIds, action) }) { outcome ->
            if (outcome is ActionOutcome.ShowGuidance) openGuidance(outcome.occurrenceId) else refresh()
        }

    // ---- journal ----

    fun loadJournal() = withClient({ ready ->
        val to = ready.client.localDate()
        JournalState.load(ready.client, to.minusDays(JOURNAL_DAYS - 1), to)
    }) { journal = it }

    fun logMood(valence: Int) = withClient({ ready ->
        FormResult.of { ready.client.logMood(Mood(valence = valence)) }
    }) { result ->
        when (result) {
            is FormResult.Saved -> {
                saved = result.entry
                loadJournal()
            }
            is FormResult.Invalid -> calls.message = "${result.field}: ${result.reason}"
        }
    }

    fun answer(item: Int, value: Int) {
        questionnaire = questionnaire.answer(item, value)
    }

    fun difficulty(value: Difficulty) {
        questionnaire = questionnaire.difficulty(value)
    }

    fun submitQuestionnaire() {
        val form = questionnaire
        withClient({ ready -> form.submit(ready.client) }) { entry ->
            saved = entry
            questionnaire = QuestionnaireForm(form.instrument)
            loadJournal()
        }
    }

    fun dismissSaved() {
        saved = null
    }

    // ---- report, backup, restore ----

    /** Writes the clinician report of the last 90 days into cache/reports (the FileProvider's folder). */
    fun createReport() = withClient({ ready ->
        ReportLink.create(ready.client, File(app.cacheDir, REPORTS_DIR).toPath(), ready.client.localDate())
    }) { report = it }

    fun backup(target: Uri, passphrase: String) =
        withClient({ ready -> app.backup(ready, target, passphrase) }) { calls.message = app.getString(R.string.backup_done) }

    /** Also the way out of [Session.KeyLost], so it does not wait for an open database. */
    fun restore(source: Uri, passphrase: String) = guarded {
        try {
            val keys = withContext(Dispatchers.IO) { app.restore(source, passphrase) }
            sharing.forget()
            inbox.forget()
            sync.forget()
            calls.message = app.getString(
                if (keys is ShareKeysAfterRestore.Rekeyed) R.string.restore_done_rekeyed else R.string.restore_done,
            )
        } catch (e: CadenceError.WrongKey) {
            calls.message = app.getString(R.string.restore_wrong_passphrase)
        }
        refresh()
    }

    fun startOver() = guarded {
        withContext(Dispatchers.IO) { app.startOver() }
        sharing.forget()
        inbox.forget()
        sync.forget()
    }

    fun retryOpen() = app.retry()

    fun dismissMessage() {
        calls.message = null
    }

    // ---- plumbing ----

    private fun <T> withClient(work: (Session.Ready) -> T, then: (T) -> Unit = {}) = calls.withClient(work, then)

    private fun guarded(block: suspend () -> Unit) = calls.guarded(block)

    private companion object {
        const val JOURNAL_DAYS = 14L
    }
}

/** Where reports are written: res/xml/file_paths.xml shares only this cache folder. */
internal const val REPORTS_DIR = "reports"
