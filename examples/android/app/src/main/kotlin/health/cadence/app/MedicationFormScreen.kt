// The medication form, full screen: what it is and the dose (new
// medications only), when and which days (ScheduleFields.kt), from when,
// and the instructions. Every change goes through the kit's MedicationForm;
// Save follows its canSave, and what the kit or the core refuses is shown
// under the form with the field it names.
package health.cadence.app

import androidx.annotation.StringRes
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import health.cadence.core.DoseForm
import health.cadence.kit.MedicationForm
import health.cadence.kit.MedicineRow

@Composable
internal fun MedicationFormScreen(model: MedicinesModel, form: MedicationForm) {
    val changing = model.changing
    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        val title = if (changing == null) stringResource(R.string.form_add_title) else stringResource(R.string.form_change_title, changing.medication.name)
        PageHeader(title, stringResource(R.string.cancel), model::closeForm)
        if (changing == null) WhatFields(model, form)
        DoseFields(model, form)
        ScheduleFields(model, form)

        StartField(model, form, changing)
        if (changing == null) {
            OutlinedTextField(
                value = form.instructions,
                onValueChange = { text -> model.editForm { it.copy(instructions = text) } },
                label = { Text(stringResource(R.string.form_instructions)) },
                modifier = Modifier.fillMaxWidth(),
            )
        }
        model.formError?.let { error ->
            Text(stringResource(R.string.form_invalid, error.field, error.reason), color = MaterialTheme.colorScheme.error)
        }
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Button(onClick = model::saveForm, enabled = form.canSave && !model.busy) { Text(stringResource(R.string.save)) }
            TextButton(onClick = model::closeForm) { Text(stringResource(R.string.cancel)) }
        }
    }
}

/**
 * The start date, chosen with the phone's date picker; a change also says the
 * first day it may take effect (doses already due keep their times).
 */
@Composable
private fun StartField(model: MedicinesModel, form: MedicationForm, changing: MedicineRow?) {
    val context = LocalContext.current
    Text(stringResource(if (changing == null) R.string.form_starts_on else R.string.form_change_from), style = MaterialTheme.typography.titleSmall)
    // A change cannot start before changeableFrom: the picker does not offer those days.
    val earliest = changing?.changeableFrom
    OutlinedButton(onClick = { pickDate(context, form.startsOn, earliest) { date -> model.editForm { it.copy(startsOn = date) } } }) {
        Text(form.startsOn.format(DATE))
    }
    earliest?.let { Text(stringResource(R.string.form_change_earliest, it.format(DATE)), style = MaterialTheme.typography.bodySmall) }
}

/** Name, dose form and strength: only when adding (a schedule change keeps them). */
@Composable
private fun WhatFields(model: MedicinesModel, form: MedicationForm) {
    OutlinedTextField(
        value = form.name,
        onValueChange = { text -> model.editForm { it.copy(name = text) } },
        label = { Text(stringResource(R.string.form_name)) },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    Text(stringResource(R.string.form_dose_form), style = MaterialTheme.typography.titleSmall)
    Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(4.dp)) {
        for (f in DoseForm.entries) {
            FilterChip(selected = form.form == f, onClick = { model.editForm { it.withForm(f) } }, label = { Text(stringResource(formLabel(f))) })
        }
    }
    AmountAndUnit(
        amount = form.strength, unit = form.strengthUnit,
        amountLabel = R.string.form_strength, unitLabel = R.string.form_strength_unit,
        onAmount = { text -> model.editForm { it.copy(strength = text) } },
        onUnit = { text -> model.editForm { it.copy(strengthUnit = text) } },
    )
}

@Composable
private fun DoseFields(model: MedicinesModel, form: MedicationForm) {
    AmountAndUnit(
        amount = form.dose, unit = form.doseUnit,
        amountLabel = R.string.form_dose, unitLabel = R.string.form_dose_unit,
        onAmount = { text -> model.editForm { it.copy(dose = text) } },
        onUnit = { text -> model.editForm { it.copy(doseUnit = text) } },
    )
}

/** A number as typed (the kit reads it on save) beside its unit. */
@Composable
private fun AmountAndUnit(
    amount: String,
    unit: String,
    @StringRes amountLabel: Int,
    @StringRes unitLabel: Int,
    onAmount: (String) -> Unit,
    onUnit: (String) -> Unit,
) {
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedTextField(
            value = amount,
            onValueChange = onAmount,
            label = { Text(stringResource(amountLabel)) },
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Decimal),
            singleLine = true,
            modifier = Modifier.weight(1f),
        )
        OutlinedTextField(
            value = unit,
            onValueChange = onUnit,
            label = { Text(stringResource(unitLabel)) },
            singleLine = true,
            modifier = Modifier.weight(1f),
        )
    }
}
