// The missed-dose plan of one medication, full screen: what the prescriber's
// or pharmacist's instructions say (one of the kit's MissedDoseKind), the
// hours or days they give, and their note; the plan in words as it will show
// on the card. Every change goes through the kit's MissedDoseForm; what the
// core refuses is shown under the form with the field it names.
package health.cadence.app

import androidx.annotation.StringRes
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.selectableGroup
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import health.cadence.core.MissedDosePattern
import health.cadence.core.WindowFallback
import health.cadence.kit.MissedDoseForm
import health.cadence.kit.MissedDoseKind

@Composable
internal fun MissedDosePlanScreen(model: MedicinesModel, form: MissedDoseForm) {
    // The fields of the chosen kind whose text is not a number yet: Save waits for them.
    var unreadable by remember(form.kind) { mutableStateOf(emptySet<Int>()) }
    val readable = { field: Int, ok: Boolean -> unreadable = if (ok) unreadable - field else unreadable + field }
    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        val name = model.missedDoseRow?.medication?.name.orEmpty()
        PageHeader(stringResource(R.string.missed_title, name), stringResource(R.string.cancel), model::closeMissedDose)
        Text(stringResource(R.string.missed_explained))

        Text(stringResource(R.string.missed_kind), style = MaterialTheme.typography.titleSmall)
        Column(Modifier.selectableGroup()) {
            for (kind in MissedDoseKind.entries) {
                KindChoice(kind, selected = form.kind == kind) { model.changeMissedDose { it.withKind(kind) } }
            }
        }
        PatternFields(model, form, readable)
        OutlinedTextField(
            value = form.note,
            onValueChange = { text -> model.changeMissedDose { it.copy(note = text) } },
            label = { Text(stringResource(R.string.missed_note_label)) },
            modifier = Modifier.fillMaxWidth(),
        )
        // The plan as the card will say it, to check against the instructions.
        Text(stringResource(R.string.missed_line, missedDoseText(form.pattern)), style = MaterialTheme.typography.bodyMedium)
        model.missedDoseError?.let { error ->
            Text(stringResource(R.string.form_invalid, error.field, error.reason), color = MaterialTheme.colorScheme.error)
        }
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Button(onClick = model::saveMissedDose, enabled = unreadable.isEmpty() && !model.busy) { Text(stringResource(R.string.save)) }
            TextButton(onClick = model::closeMissedDose) { Text(stringResource(R.string.cancel)) }
        }
    }
}

/** One kind as a radio button; the whole row is the touch target. */
@Composable
private fun KindChoice(kind: MissedDoseKind, selected: Boolean, onClick: () -> Unit) {
    Row(
        Modifier.fillMaxWidth().selectable(selected, role = Role.RadioButton, onClick = onClick).padding(vertical = 4.dp),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        RadioButton(selected = selected, onClick = null)
        Text(stringResource(missedDoseKindLabel(kind)), modifier = Modifier.padding(start = 8.dp))
    }
}

/** The chosen kind's hours, days or doses, and what to do once its window has passed. */
@Composable
private fun PatternFields(model: MedicinesModel, form: MissedDoseForm, readable: (Int, Boolean) -> Unit) {
    val kind = form.kind
    when (val p = form.pattern) {
        is MissedDosePattern.General -> HoursField(p.nearNextHours, R.string.missed_field_near_next, kind, readable) { h ->
            model.editPattern<MissedDosePattern.General> { it.copy(nearNextHours = h) }
        }
        is MissedDosePattern.NarrowWindow -> {
            HoursField(p.windowHours, R.string.missed_field_window_hours, kind, readable) { h ->
                model.editPattern<MissedDosePattern.NarrowWindow> { it.copy(windowHours = h) }
            }
            FallbackChoice(p.otherwise) { o -> model.editPattern<MissedDosePattern.NarrowWindow> { it.copy(otherwise = o) } }
        }
        is MissedDosePattern.TakeEvenIfTwo -> {
            HoursField(p.takeWithinHours, R.string.missed_field_take_within, kind, readable) { h ->
                model.editPattern<MissedDosePattern.TakeEvenIfTwo> { it.copy(takeWithinHours = h) }
            }
            FallbackChoice(p.otherwise) { o -> model.editPattern<MissedDosePattern.TakeEvenIfTwo> { it.copy(otherwise = o) } }
        }
        is MissedDosePattern.SkipIfLate -> HoursField(p.skipAfterHours, R.string.missed_field_skip_after, kind, readable) { h ->
            model.editPattern<MissedDosePattern.SkipIfLate> { it.copy(skipAfterHours = h) }
        }
        is MissedDosePattern.WeeklyWindow -> {
            CountField(p.windowDays, R.string.missed_field_window_days, kind, readable) { n ->
                model.editPattern<MissedDosePattern.WeeklyWindow> { it.copy(windowDays = n) }
            }
            HoursField(p.minHoursBeforeNext, R.string.missed_field_min_before_next, kind, readable) { h ->
                model.editPattern<MissedDosePattern.WeeklyWindow> { it.copy(minHoursBeforeNext = h) }
            }
        }
        is MissedDosePattern.ContactPrescriberAfterMissed -> {
            CountField(p.missedDoses, R.string.missed_field_missed_doses, kind, readable) { n ->
                model.editPattern<MissedDosePattern.ContactPrescriberAfterMissed> { it.copy(missedDoses = n) }
            }
            HoursField(p.nearNextHours, R.string.missed_field_near_next, kind, readable) { h ->
                model.editPattern<MissedDosePattern.ContactPrescriberAfterMissed> { it.copy(nearNextHours = h) }
            }
        }
    }
}

/** Changes the open plan's pattern while it is still a [P] (a field of the kind shown). */
private inline fun <reified P : MissedDosePattern> MedicinesModel.editPattern(crossinline change: (P) -> P) =
    changeMissedDose { form -> (form.pattern as? P)?.let { form.copy(pattern = change(it)) } ?: form }

@Composable
private fun FallbackChoice(otherwise: WindowFallback, onChoice: (WindowFallback) -> Unit) {
    Text(stringResource(R.string.missed_otherwise), style = MaterialTheme.typography.titleSmall)
    Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(4.dp)) {
        for (f in WindowFallback.entries) {
            FilterChip(selected = otherwise == f, onClick = { onChoice(f) }, label = { Text(stringResource(fallbackLabel(f))) })
        }
    }
}

/** Hours, decimal ("2", "1.5" or "1,5"): the core judges the range. */
@Composable
private fun HoursField(hours: Double, @StringRes label: Int, kind: MissedDoseKind, readable: (Int, Boolean) -> Unit, onHours: (Double) -> Unit) =
    NumberField(plainNumber(hours), label, kind, whole = false, readable, read = ::parseAmount, onValue = onHours)

/** Days or doses: digits only. */
@Composable
private fun CountField(count: UInt, @StringRes label: Int, kind: MissedDoseKind, readable: (Int, Boolean) -> Unit, onCount: (UInt) -> Unit) =
    NumberField(count.toString(), label, kind, whole = true, readable, read = { text -> wholeNumber(text)?.toUInt() }, onValue = onCount)

/**
 * A number kept as typed (so "1." can become "1.5"), from [initial] when the
 * kind is chosen; [read] makes it the pattern's value, or null while it is
 * not one (the field says so, and [readable] holds Save back).
 */
@Composable
private fun <T : Any> NumberField(
    initial: String,
    @StringRes label: Int,
    kind: MissedDoseKind,
    whole: Boolean,
    readable: (Int, Boolean) -> Unit,
    read: (String) -> T?,
    onValue: (T) -> Unit,
) {
    var text by remember(kind) { mutableStateOf(initial) }
    val wrong = read(text) == null
    OutlinedTextField(
        value = text,
        onValueChange = { typed ->
            text = if (whole) digitsOnly(typed) else typed
            val value = read(text)
            readable(label, value != null)
            if (value != null) onValue(value)
        },
        label = { Text(stringResource(label)) },
        supportingText = if (wrong) ({ Text(stringResource(if (whole) R.string.whole_number_invalid else R.string.amount_invalid)) }) else null,
        isError = wrong,
        keyboardOptions = KeyboardOptions(keyboardType = if (whole) KeyboardType.Number else KeyboardType.Decimal),
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
}

/** 2.0 as "2", 1.5 as "1.5": digits and a dot, which [parseAmount] reads back. */
private fun plainNumber(value: Double): String =
    if (value == Math.rint(value) && Math.abs(value) < 1e15) value.toLong().toString() else value.toString()
