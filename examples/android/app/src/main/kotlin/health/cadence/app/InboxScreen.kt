// "For clinicians", full screen (from the More tab): a therapist's or
// prescriber's own Cadence as the care team's inbox. Their code for clients,
// pairing a client, opening the files clients send, and the clients with
// their newest update (ClientUpdateScreen.kt). The cards: InboxCards.kt.
package health.cadence.app

import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import health.cadence.kit.ClientRow
import health.cadence.kit.isoDate

@Composable
internal fun InboxScreen(model: InboxModel, sharing: SharingModel, onClose: () -> Unit) {
    val selected = model.selected
    if (selected != null) {
        ClientUpdateScreen(selected, model)
    } else {
        InboxList(model, sharing, onClose)
    }
}

@Composable
private fun InboxList(model: InboxModel, sharing: SharingModel, onClose: () -> Unit) {
    LaunchedEffect(Unit) {
        model.load()
        if (sharing.identity == null) sharing.loadIdentity()
    }
    // Any type: a file saved from a message or an email is rarely typed as the app's own.
    val pick = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        if (uri != null) model.open(uri)
    }
    val clients = model.state?.clients
    LazyColumn(contentPadding = PaddingValues(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        item {
            Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                PageHeader(stringResource(R.string.clinicians_title), stringResource(R.string.done), onClose)
                Text(stringResource(R.string.inbox_explained))
            }
        }
        item { SharingCodeCard(sharing, CLINICIAN_CODE_TEXT) }
        item { PairClientCard(model, sharing.identity?.fingerprint) }
        item {
            Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(stringResource(R.string.inbox_open_title), style = MaterialTheme.typography.titleMedium)
                Text(stringResource(R.string.inbox_open_explained))
                Button(onClick = { pick.launch(arrayOf("*/*")) }, enabled = !model.busy) { Text(stringResource(R.string.inbox_open_file)) }
            }
        }
        model.file?.let { file -> item { FileCard(file, model) } }
        item {
            Column(Modifier.padding(top = 8.dp)) {
                Text(stringResource(R.string.inbox_clients_title), style = MaterialTheme.typography.titleMedium)
                if (clients != null && clients.isEmpty()) Text(stringResource(R.string.inbox_clients_none))
            }
        }
        items(clients.orEmpty(), key = { it.id }) { ClientCard(it, model, sharing.identity?.fingerprint) }
    }
}

/** A client: their label and fingerprint, the update periods held, and their newest update. */
@Composable
private fun ClientCard(row: ClientRow, model: InboxModel, mine: String?) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(row.label, style = MaterialTheme.typography.titleMedium)
            if (!row.verified) {
                // Files from this client open only after the comparison.
                PairingCheckCard(row.fingerprint, mine, model.busy) { model.confirm(row.id, row.fingerprint) }
            }
            Text(stringResource(R.string.paired_fingerprint, row.fingerprint), fontFamily = FontFamily.Monospace, style = MaterialTheme.typography.bodySmall)
            val latest = row.latest
            if (latest == null) {
                Text(stringResource(R.string.inbox_client_no_update))
            } else {
                Text(pluralStringResource(R.plurals.inbox_client_periods, row.bundles, row.bundles))
                Text(stringResource(R.string.inbox_client_newest, periodText(latest.from, latest.to)))
                OutlinedButton(onClick = { model.openClient(row) }) { Text(stringResource(R.string.inbox_client_show)) }
            }
        }
    }
}

/** "1 Mar 2027 to 30 Mar 2027": a core period in the phone's date format. */
@Composable
internal fun periodText(from: String, to: String): String =
    stringResource(R.string.grant_period, isoDate(from).format(DATE), isoDate(to).format(DATE))
