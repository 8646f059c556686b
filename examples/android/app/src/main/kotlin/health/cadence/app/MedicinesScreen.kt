// The Medicines tab: what the person takes, active then stopped, each with
// its schedule in words, its supply, what to do about a missed dose (the
// prescriber's plan) and its actions. "Add medication" opens the form
// (MedicationFormScreen.kt), "Edit" the missed-dose plan
// (MissedDosePlanScreen.kt), "Daily routine" the routine (RoutineScreen.kt).
package health.cadence.app

import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontStyle
import androidx.compose.ui.unit.dp
import health.cadence.core.Dose
import health.cadence.core.MissedDoseRule
import health.cadence.core.Supply
import health.cadence.kit.DayPattern
import health.cadence.kit.DoseTimes
import health.cadence.kit.MedicineRow
import health.cadence.kit.Schedule
import health.cadence.kit.doseText
import health.cadence.kit.isoDate

/** The supply dialog: a count of what is on hand, or a refill to add. */
private class SupplyEdit(val row: MedicineRow, val refill: Boolean)

@Composable
internal fun MedicinesScreen(model: MedicinesModel, onRoutine: () -> Unit) {
    LaunchedEffect(Unit) { model.load() }
    val state = model.state
    var supply by remember { mutableStateOf<SupplyEdit?>(null) }
    var stopping by remember { mutableStateOf<MedicineRow?>(null) }
    val actions = CardActions(
        change = model::changeSchedule, stop = { stopping = it }, restart = model::restart,
        supply = { row, refill -> supply = SupplyEdit(row, refill) }, missedDose = model::editMissedDose,
    )
    LazyColumn(contentPadding = PaddingValues(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        item {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(stringResource(R.string.medicines_title), style = MaterialTheme.typography.headlineSmall)
                if (state?.isEmpty == true) Text(stringResource(R.string.medicines_empty))
                Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    Button(onClick = model::newMedication, enabled = !model.busy) { Text(stringResource(R.string.medication_add)) }
                    OutlinedButton(onClick = onRoutine) { Text(stringResource(R.string.routine_title)) }
                }
            }
        }
        items(state?.active.orEmpty(), key = { it.id }) { row -> MedicineCard(row, actions) }
        if (!state?.stopped.isNullOrEmpty()) {
            item {
                Text(stringResource(R.string.medicines_stopped), style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 8.dp))
            }
        }
        items(state?.stopped.orEmpty(), key = { it.id }) { row -> MedicineCard(row, actions) }
    }
    supply?.let { edit ->
        val title = if (edit.refill) R.string.supply_refill_title else R.string.supply_count_title
        AmountDialog(stringResource(title, edit.row.supplyUnit), onDismiss = { supply = null }) { amount ->
            supply = null
            if (edit.refill) model.refill(edit.row, amount) else model.countSupply(edit.row, amount)
        }
    }
    stopping?.let { row ->
        AlertDialog(
            onDismissRequest = { stopping = null },
            text = { Text(stringResource(R.string.medication_stop_confirm, row.medication.name)) },
            confirmButton = {
                TextButton(onClick = {
                    stopping = null
                    model.stop(row)
                }) { Text(stringResource(R.string.medication_stop)) }
            },
            dismissButton = { TextButton(onClick = { stopping = null }) { Text(stringResource(R.string.cancel)) } },
        )
    }
}

private class CardActions(
    val change: (MedicineRow) -> Unit,
    val stop: (MedicineRow) -> Unit,
    val restart: (MedicineRow) -> Unit,
    val supply: (MedicineRow, Boolean) -> Unit,
    val missedDose: (MedicineRow) -> Unit,
)

@Composable
private fun MedicineCard(row: MedicineRow, actions: CardActions) {
    val medication = row.medication
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            val strength = medication.strength?.let { doseText(Dose(it.amount, it.unit)) }
            Text(listOfNotNull(medication.name, strength).joinToString(" · "), style = MaterialTheme.typography.titleMedium)
            Text(scheduleText(row.schedule))
            row.supply?.let { Text(supplyText(it), style = MaterialTheme.typography.bodySmall) }
            if (!row.stopped) MissedDosePlan(row.missedDoseRule) { actions.missedDose(row) }
            medication.stoppedOn?.let {
                Text(stringResource(R.string.medication_stopped_on, isoDate(it).format(DATE)), style = MaterialTheme.typography.bodySmall)
            }
            Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                if (row.canChangeSchedule) {
                    OutlinedButton(onClick = { actions.change(row) }) { Text(stringResource(R.string.schedule_change)) }
                }
                if (row.stopped) {
                    OutlinedButton(onClick = { actions.restart(row) }) { Text(stringResource(R.string.medication_restart)) }
                } else {
                    OutlinedButton(onClick = { actions.supply(row, false) }) { Text(stringResource(R.string.supply_count)) }
                    if (row.supply != null) {
                        OutlinedButton(onClick = { actions.supply(row, true) }) { Text(stringResource(R.string.supply_refill)) }
                    }
                    TextButton(onClick = { actions.stop(row) }) { Text(stringResource(R.string.medication_stop)) }
                }
            }
        }
    }
}

/** "If a dose is missed: take it unless…", the prescriber's note, and the way to change them. */
@Composable
private fun MissedDosePlan(rule: MissedDoseRule, onEdit: () -> Unit) {
    Row(verticalAlignment = Alignment.CenterVertically) {
        Column(Modifier.weight(1f)) {
            Text(stringResource(R.string.missed_line, missedDoseText(rule.pattern)), style = MaterialTheme.typography.bodySmall)
            if (rule.note.isNotBlank()) {
                Text(stringResource(R.string.missed_note, rule.note), style = MaterialTheme.typography.bodySmall, fontStyle = FontStyle.Italic)
            }
        }
        TextButton(onClick = onEdit) { Text(stringResource(R.string.missed_edit)) }
    }
}

/** "1 tablet · with breakfast, at bedtime · every day", or why there is no such line. */
@Composable
private fun scheduleText(schedule: Schedule?): String {
    if (schedule == null) return stringResource(R.string.schedule_none)
    if (schedule.custom) return stringResource(R.string.schedule_custom)
    val times = when (val t = schedule.times) {
        is DoseTimes.AtMoments -> t.ordered.map { timingText(it) }.joinToString()
        is DoseTimes.AtClockTimes -> t.times.joinToString { it.format(TIME) }
        is DoseTimes.AsNeeded -> listOfNotNull(
            stringResource(R.string.schedule_as_needed),
            t.maxPerDay?.let { stringResource(R.string.schedule_max_per_day, it) },
            t.minHoursApart?.let { stringResource(R.string.schedule_hours_apart, it) },
        ).joinToString()
        null -> null
    }
    val days = when (val d = schedule.days) {
        DayPattern.EveryDay -> if (schedule.times is DoseTimes.AsNeeded) null else stringResource(R.string.schedule_every_day)
        is DayPattern.OnWeekdays -> d.days.sorted().joinToString { dayLabel(it) }
        is DayPattern.EveryNDays -> stringResource(R.string.schedule_every_n_days, d.every)
        null -> null
    }
    return listOfNotNull(doseText(schedule.dose), times, days).joinToString(" · ")
}

/** "12 tablet left · runs out on 14 Mar 2027". */
@Composable
private fun supplyText(supply: Supply): String {
    val left = stringResource(R.string.supply_left, doseText(Dose(supply.onHand, supply.unit)))
    val runsOut = supply.runsOutOn?.let { stringResource(R.string.supply_runs_out, isoDate(it).format(DATE)) }
    return listOfNotNull(left, runsOut).joinToString(" · ")
}
