// The screens' state: kit view states loaded off the main thread, and the
// person's actions passed to the kit. No rules about doses live here.
package health.cadence.app

import android.app.Application
import android.net.Uri
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import health.cadence.core.CareMemberInput
import health.cadence.core.ConsentCategory
import health.cadence.core.ContactChannel
import health.cadence.core.DayKind
import health.cadence.core.Difficulty
import health.cadence.core.Instrument
import health.cadence.core.MemberRole
import health.cadence.core.Mood
import health.cadence.core.NotificationAction
import health.cadence.core.Profile
import health.cadence.core.RoutineEvent
import health.cadence.core.SkipReason
import health.cadence.kit.ActionOutcome
import health.cadence.kit.CadenceClient
import health.cadence.kit.CadenceError
import health.cadence.kit.ConsentDraft
import health.cadence.kit.DoseRow
import health.cadence.kit.DoseRowAction
import health.cadence.kit.FormResult
import health.cadence.kit.GuidanceSheet
import health.cadence.kit.JournalState
import health.cadence.kit.MedicationForm
import health.cadence.kit.MedicationResult
import health.cadence.kit.MedicineRow
import health.cadence.kit.MedicinesState
import health.cadence.kit.QuestionnaireForm
import health.cadence.kit.ReminderStatus
import health.cadence.kit.ReminderScheduler
import health.cadence.kit.ReportLink
import health.cadence.kit.RoutineState
import health.cadence.kit.SavedEntry
import health.cadence.kit.SharingState
import health.cadence.kit.SheetButton
import health.cadence.kit.TodayState
import health.cadence.kit.zone
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.io.File
import java.io.IOException
import java.io.UncheckedIOException
import java.time.LocalDate
import java.time.LocalTime
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
    var sharing by mutableStateOf<SharingState?>(null)
        private set
    var draft by mutableStateOf<ConsentDraft?>(null)
        private set
    var report by mutableStateOf<ReportLink?>(null)
        private set
    var medicines by mutableStateOf<MedicinesState?>(null)
        private set

    /** The medication form while it is open (adding, or changing [changing]'s schedule). */
    var form by mutableStateOf<MedicationForm?>(null)
        private set
    var changing by mutableStateOf<MedicineRow?>(null)
        private set

    /** Why the form was not saved (the kit's or the core's field and reason). */
    var formError by mutableStateOf<MedicationResult.Invalid?>(null)
        private set
    var routine by mutableStateOf<RoutineState?>(null)
        private set

    /** A message to show once: the core's (free of personal data) or the app's. */
    var message by mutableStateOf<String?>(null)
        private set
    private var running by mutableStateOf(0)
    val busy: Boolean get() = running > 0

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

    fun onRow(row: DoseRow, action: DoseRowAction, reason: SkipReason = SkipReason.OTHER) {
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
            is FormResult.Invalid -> message = "${result.field}: ${result.reason}"
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

    // ---- care team, consent and sharing ----

    fun loadSharing() = withClient({ ready -> SharingState.load(ready.client) }) { sharing = it }

    fun addMember(name: String, role: MemberRole) = withClient({ ready ->
        ready.client.addCareMember(CareMemberInput(name.trim(), role, ContactChannel.IN_PERSON))
    }) { loadSharing() }

    /** Starts a grant for [memberId]: nothing ticked, data from today. */
    fun newGrant(memberId: String) =
        withClient({ ready -> ready.client.localDate() }) { today -> draft = ConsentDraft(memberId, dataFrom = today) }

    fun toggle(category: ConsentCategory) {
        draft = draft?.toggle(category)
    }

    fun shareFrom(date: LocalDate) {
        draft = draft?.copy(dataFrom = date)
    }

    fun cancelGrant() {
        draft = null
    }

    fun grant() {
        val current = draft ?: return
        withClient({ ready -> current.grant(ready.client) }) {
            draft = null
            loadSharing()
        }
    }

    fun revoke(grantId: String) = withClient({ ready -> ready.client.revoke(grantId) }) { loadSharing() }

    // ---- medicines and routine ----

    fun loadMedicines() = withClient({ ready -> MedicinesState.load(ready.client) }) { medicines = it }

    /** Opens an empty form that starts today. */
    fun newMedication() = withClient({ ready -> ready.client.localDate() }) { today ->
        openForm(MedicationForm(startsOn = today), null)
    }

    /** Opens the form filled in from [row], to change its schedule from today. */
    fun changeSchedule(row: MedicineRow) =
        withClient({ ready -> MedicationForm.changing(row, ready.client.localDate()) }) { filled ->
            if (filled != null) openForm(filled, row)
        }

    private fun openForm(filled: MedicationForm, row: MedicineRow?) {
        form = filled
        changing = row
        formError = null
    }

    /** A change to the form's fields, made with the form's own functions. */
    fun editForm(change: (MedicationForm) -> MedicationForm) {
        form = form?.let(change)
        formError = null
    }

    fun closeForm() {
        form = null
        changing = null
        formError = null
    }

    fun saveForm() {
        val current = form ?: return
        val row = changing
        withClient({ ready ->
            val result = if (row == null) current.submit(ready.client) else current.changeSchedule(ready.client, row)
            if (result is MedicationResult.Saved) app.reconcile(ready)
            result
        }) { result ->
            when (result) {
                is MedicationResult.Saved -> {
                    closeForm()
                    medicinesChanged()
                }
                is MedicationResult.Invalid -> formError = result
            }
        }
    }

    fun stop(row: MedicineRow) = withClient({ ready ->
        MedicinesState.stop(ready.client, row, ready.client.localDate())
        app.reconcile(ready)
    }) { medicinesChanged() }

    fun restart(row: MedicineRow) = withClient({ ready ->
        MedicinesState.restart(ready.client, row)
        app.reconcile(ready)
    }) { medicinesChanged() }

    /** Counts what is on hand (in [MedicineRow.supplyUnit]); refill reminders follow from it. */
    fun countSupply(row: MedicineRow, onHand: Double) = withClient({ ready ->
        MedicinesState.countSupply(ready.client, row, onHand)
        app.reconcile(ready)
    }) { medicinesChanged() }

    fun refill(row: MedicineRow, amount: Double) = withClient({ ready ->
        MedicinesState.refill(ready.client, row, amount)
        app.reconcile(ready)
    }) { medicinesChanged() }

    private fun medicinesChanged() {
        loadMedicines()
        refresh()
    }

    fun loadRoutine() = withClient({ ready -> RoutineState.load(ready.client) }) { routine = it }

    /** Moves a routine moment; the doses tied to it move, so reminders are reconciled. */
    fun setRoutine(event: RoutineEvent, kind: DayKind, time: LocalTime) = withClient({ ready ->
        RoutineState.set(ready.client, event, kind, time).also { app.reconcile(ready) }
    }) { state ->
        routine = state
        refresh()
    }

    // ---- report, backup, restore ----

    /** Writes the clinician report of the last 90 days into cache/reports (the FileProvider's folder). */
    fun createReport() = withClient({ ready ->
        ReportLink.create(ready.client, File(app.cacheDir, REPORTS_DIR).toPath(), ready.client.localDate())
    }) { report = it }

    fun backup(target: Uri, passphrase: String) =
        withClient({ ready -> app.backup(ready, target, passphrase) }) { message = app.getString(R.string.backup_done) }

    /** Also the way out of [Session.KeyLost], so it does not wait for an open database. */
    fun restore(source: Uri, passphrase: String) = guarded {
        try {
            withContext(Dispatchers.IO) { app.restore(source, passphrase) }
            message = app.getString(R.string.restore_done)
        } catch (e: CadenceError.WrongKey) {
            message = app.getString(R.string.restore_wrong_passphrase)
        }
        refresh()
    }

    fun startOver() = guarded {
        withContext(Dispatchers.IO) { app.startOver() }
    }

    fun retryOpen() = app.retry()

    fun dismissMessage() {
        message = null
    }

    // ---- plumbing ----

    /**
     * Runs [work] on Dispatchers.IO with the open client (waiting while the
     * database opens), then [then] on the main thread with its result.
     */
    private fun <T> withClient(work: (Session.Ready) -> T, then: (T) -> Unit = {}) = guarded {
        val ready = session.first { it !is Session.Opening } as? Session.Ready ?: return@guarded
        then(withContext(Dispatchers.IO) { work(ready) })
    }

    /** Errors become [message]; IO failures say so without paths. */
    private fun guarded(block: suspend () -> Unit) {
        viewModelScope.launch {
            running++
            try {
                block()
            } catch (e: CadenceError) {
                message = e.message
            } catch (e: IOException) {
                message = app.getString(R.string.error_files)
            } catch (e: UncheckedIOException) {
                message = app.getString(R.string.error_files)
            } finally {
                running--
            }
        }
    }

    private companion object {
        const val JOURNAL_DAYS = 14L
        const val REPORTS_DIR = "reports" // res/xml/file_paths.xml shares only this folder
    }
}

/** Today's date where the person is (the core's current zone, else the phone's). */
private fun CadenceClient.localDate(): LocalDate =
    now().atZone(profile()?.currentZone?.let(::zone) ?: ZoneId.systemDefault()).toLocalDate()
