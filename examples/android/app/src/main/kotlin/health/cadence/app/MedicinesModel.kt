// The Medicines tab's state, owned by AppModel: the list, the medication
// form, the missed-dose plan being edited and the daily routine, each loaded
// off the main thread; the person's actions go to the kit. Every change that
// moves doses or what reminders say about them reconciles reminders, then
// Today is refreshed ([onChanged]).
package health.cadence.app

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import health.cadence.core.DayKind
import health.cadence.core.RoutineEvent
import health.cadence.kit.MedicationForm
import health.cadence.kit.MedicationResult
import health.cadence.kit.MedicineRow
import health.cadence.kit.MedicinesState
import health.cadence.kit.MissedDoseForm
import health.cadence.kit.RoutineState
import java.time.LocalTime

class MedicinesModel internal constructor(
    private val app: CadenceApplication,
    private val calls: CoreCalls,
    private val onChanged: () -> Unit,
) {
    /** Null until first loaded. */
    var state by mutableStateOf<MedicinesState?>(null)
        private set

    /** The medication form while it is open (adding, or changing [changing]'s schedule). */
    var form by mutableStateOf<MedicationForm?>(null)
        private set
    var changing by mutableStateOf<MedicineRow?>(null)
        private set

    /** Why the form was not saved (the kit's or the core's field and reason). */
    var formError by mutableStateOf<MedicationResult.Invalid?>(null)
        private set

    /** The missed-dose plan while it is open, for [missedDoseRow]. */
    var missedDose by mutableStateOf<MissedDoseForm?>(null)
        private set
    var missedDoseRow by mutableStateOf<MedicineRow?>(null)
        private set

    /** Why the plan was not saved (the core's field and reason). */
    var missedDoseError by mutableStateOf<MedicationResult.Invalid?>(null)
        private set
    var routine by mutableStateOf<RoutineState?>(null)
        private set

    val busy: Boolean get() = calls.busy

    fun load() = calls.withClient({ ready -> MedicinesState.load(ready.client) }) { state = it }

    // ---- the medication form ----

    /** Opens an empty form that starts today. */
    fun newMedication() = calls.withClient({ ready -> ready.client.localDate() }) { today ->
        openForm(MedicationForm(startsOn = today), null)
    }

    /** Opens the form filled in from [row], to change its schedule from today. */
    fun changeSchedule(row: MedicineRow) =
        calls.withClient({ ready -> MedicationForm.changing(row, ready.client.localDate()) }) { filled ->
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
        calls.withClient({ ready ->
            val result = if (row == null) current.submit(ready.client) else current.changeSchedule(ready.client, row)
            if (result is MedicationResult.Saved) app.reconcile(ready)
            result
        }) { result ->
            when (result) {
                is MedicationResult.Saved -> {
                    closeForm()
                    changed()
                }
                is MedicationResult.Invalid -> formError = result
            }
        }
    }

    // ---- the missed-dose plan ----

    /** Opens [row]'s plan as the prescriber gave it (the core's general rule when none was set). */
    fun editMissedDose(row: MedicineRow) {
        missedDose = MissedDoseForm.of(row)
        missedDoseRow = row
        missedDoseError = null
    }

    /** A change to the plan, made with the form's own functions (withKind, copy). */
    fun changeMissedDose(change: (MissedDoseForm) -> MissedDoseForm) {
        missedDose = missedDose?.let(change)
        missedDoseError = null
    }

    fun closeMissedDose() {
        missedDose = null
        missedDoseRow = null
        missedDoseError = null
    }

    /**
     * Saves the plan. Reminders are reconciled: the core stops a dose's
     * follow-up reminders, and caps snoozes, at the time the plan allows.
     */
    fun saveMissedDose() {
        val current = missedDose ?: return
        val row = missedDoseRow ?: return
        calls.withClient({ ready ->
            current.save(ready.client, row).also { if (it is MedicationResult.Saved) app.reconcile(ready) }
        }) { result ->
            when (result) {
                is MedicationResult.Saved -> {
                    closeMissedDose()
                    changed()
                }
                is MedicationResult.Invalid -> missedDoseError = result
            }
        }
    }

    // ---- stop, restart, supply ----

    fun stop(row: MedicineRow) = calls.withClient({ ready ->
        MedicinesState.stop(ready.client, row, ready.client.localDate())
        app.reconcile(ready)
    }) { changed() }

    fun restart(row: MedicineRow) = calls.withClient({ ready ->
        MedicinesState.restart(ready.client, row)
        app.reconcile(ready)
    }) { changed() }

    /** Counts what is on hand (in [MedicineRow.supplyUnit]); refill reminders follow from it. */
    fun countSupply(row: MedicineRow, onHand: Double) = calls.withClient({ ready ->
        MedicinesState.countSupply(ready.client, row, onHand)
        app.reconcile(ready)
    }) { changed() }

    fun refill(row: MedicineRow, amount: Double) = calls.withClient({ ready ->
        MedicinesState.refill(ready.client, row, amount)
        app.reconcile(ready)
    }) { changed() }

    private fun changed() {
        load()
        onChanged()
    }

    // ---- the daily routine ----

    fun loadRoutine() = calls.withClient({ ready -> RoutineState.load(ready.client) }) { routine = it }

    /** Moves a routine moment; the doses tied to it move, so reminders are reconciled. */
    fun setRoutine(event: RoutineEvent, kind: DayKind, time: LocalTime) = calls.withClient({ ready ->
        RoutineState.set(ready.client, event, kind, time).also { app.reconcile(ready) }
    }) { updated ->
        routine = updated
        onChanged()
    }
}
