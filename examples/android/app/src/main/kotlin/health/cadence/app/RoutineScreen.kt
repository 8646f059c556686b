// The routine, full screen (from the Medicines tab): when the person wakes,
// eats and goes to bed, on weekdays and at weekends. Doses tied to a moment
// move with it: each change goes to the kit, then reminders are reconciled.
package health.cadence.app

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import health.cadence.core.DayKind

@Composable
internal fun RoutineScreen(model: MedicinesModel, onClose: () -> Unit) {
    LaunchedEffect(Unit) { model.loadRoutine() }
    val context = LocalContext.current
    Column(
        Modifier.verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(8.dp),
    ) {
        PageHeader(stringResource(R.string.routine_title), stringResource(R.string.done), onClose)
        Text(stringResource(R.string.routine_explained))
        Row(Modifier.fillMaxWidth()) {
            Spacer(Modifier.weight(1f))
            Text(stringResource(R.string.routine_weekdays), style = MaterialTheme.typography.labelLarge, modifier = Modifier.weight(1f))
            Text(stringResource(R.string.routine_weekends), style = MaterialTheme.typography.labelLarge, modifier = Modifier.weight(1f))
        }
        for (row in model.routine?.rows.orEmpty()) {
            Row(Modifier.fillMaxWidth(), verticalAlignment = Alignment.CenterVertically) {
                Text(stringResource(momentLabel(row.event)), modifier = Modifier.weight(1f))
                for (kind in DayKind.entries) {
                    val title = stringResource(R.string.routine_edit_title, stringResource(momentLabel(row.event)), stringResource(dayKindLabel(kind)))
                    OutlinedButton(
                        onClick = { pickTime(context, title, row.at(kind)) { time -> model.setRoutine(row.event, kind, time) } },
                        enabled = !model.busy,
                        modifier = Modifier.weight(1f),
                    ) {
                        Text(row.at(kind).format(TIME))
                    }
                }
            }
        }
    }
}

@StringRes
private fun dayKindLabel(kind: DayKind): Int = when (kind) {
    DayKind.WEEKDAY -> R.string.routine_weekdays
    DayKind.WEEKEND -> R.string.routine_weekends
}
