// The Devices & sync card of the Sharing tab: the person's other devices
// with their fingerprints, pairing one by the code it shows (this phone's
// own code is the sharing code card's), confirming once the fingerprints
// match, removing one, and "Sync now" with where sync stands.
package health.cadence.app

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import health.cadence.kit.DeviceRow

@Composable
internal fun SyncCard(model: SyncModel, busy: Boolean) {
    LaunchedEffect(Unit) { model.load() }
    val state = model.state
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
            Text(stringResource(R.string.sync_title), style = MaterialTheme.typography.titleMedium)
            Text(stringResource(R.string.sync_explained))
            state?.devices?.forEach { DeviceLine(it, model, busy) }
            PairDevice(model, busy)
            val last = state?.lastSyncedAt
            Text(
                if (last == null) stringResource(R.string.sync_never)
                else stringResource(R.string.sync_last, last.toString()),
            )
            if (state != null && state.pendingFiles > 0) {
                Text(stringResource(R.string.sync_pending, state.incomingFiles, state.unacknowledgedFiles))
            }
            model.last?.let { r ->
                Text(stringResource(R.string.sync_result, r.applied.size, r.written.size))
                r.refused.forEach { Text(stringResource(R.string.sync_refused, it.reason)) }
            }
            Text(stringResource(R.string.sync_folder, model.folderPath), style = MaterialTheme.typography.bodySmall)
            Button(onClick = { model.syncNow() }, enabled = !busy) { Text(stringResource(R.string.sync_now)) }
        }
    }
}

@Composable
private fun DeviceLine(device: DeviceRow, model: SyncModel, busy: Boolean) {
    Column(verticalArrangement = Arrangement.spacedBy(2.dp)) {
        Text(device.label, style = MaterialTheme.typography.titleSmall)
        Text(device.fingerprint, fontFamily = FontFamily.Monospace)
        when {
            device.removed -> Text(stringResource(R.string.sync_device_removed))
            !device.confirmed -> {
                Text(stringResource(R.string.sync_device_compare))
                Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    Button(onClick = { model.confirm(device) }, enabled = !busy) {
                        Text(stringResource(R.string.sync_device_match))
                    }
                    TextButton(onClick = { model.remove(device) }, enabled = !busy) {
                        Text(stringResource(R.string.sync_device_remove))
                    }
                }
            }
            else -> OutlinedButton(onClick = { model.remove(device) }, enabled = !busy) {
                Text(stringResource(R.string.sync_device_remove))
            }
        }
    }
}

@Composable
private fun PairDevice(model: SyncModel, busy: Boolean) {
    var label by remember { mutableStateOf("") }
    var code by remember { mutableStateOf("") }
    OutlinedTextField(label, { label = it }, Modifier.fillMaxWidth(), label = { Text(stringResource(R.string.sync_pair_label)) })
    OutlinedTextField(code, { code = it }, Modifier.fillMaxWidth(), label = { Text(stringResource(R.string.sync_pair_code)) })
    model.pairError?.let { Text(it, color = MaterialTheme.colorScheme.error) }
    OutlinedButton(onClick = { model.pair(label, code) }, enabled = !busy && label.isNotBlank() && code.isNotBlank()) {
        Text(stringResource(R.string.sync_pair))
    }
}
