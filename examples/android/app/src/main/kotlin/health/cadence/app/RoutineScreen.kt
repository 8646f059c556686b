// The routine, full screen (from the Medicines tab): when the person wakes,
// eats and goes to bed, on weekdays and at weekends. Doses tied to a moment
// move with it: each change goes to the kit, then reminders are reconciled.
package health.cadence.app

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
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import health.cadence.core.DayKind
import health.cadence.kit.RoutineRow

/** The time being changed: a moment on weekdays or at weekends. */
private class RoutineEdit(val row: RoutineRow, val kind: DayKind)

@Composable
internal fun RoutineScreen(model: AppModel, onClose: () -> Unit) {
    LaunchedEffect(Unit) { model.loadRoutine() }
    var editing by remember { mutableStateOf<RoutineEdit?>(null) }
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
                    OutlinedButton(onClick = { editing = RoutineEdit(row, kind) }, enabled = !model.busy, modifier = Modifier.weight(1f)) {
                        Text(row.at(kind).format(TIME))
                    }
                }
            }
        }
    }
    editing?.let { edit ->
        val day = stringResource(if (edit.kind == DayKind.WEEKDAY) R.string.routine_weekdays else R.string.routine_weekends)
        TimeDialog(
            stringResource(R.string.routine_edit_title, stringResource(momentLabel(edit.row.event)), day),
            initial = edit.row.at(edit.kind),
            onDismiss = { editing = null },
        ) { time ->
            editing = null
            model.setRoutine(edit.row.event, edit.kind, time)
        }
    }
}
