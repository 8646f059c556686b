// The "For clinicians" page's cards: this device's code for clients, pairing
// a client with the code their app shows (then comparing fingerprints), and
// what became of the last file opened: an update stored, a client's data
// deleted, or why it was refused, by the field the kit or the core names.
package health.cadence.app

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import health.cadence.core.ImportOutcome

/** The clinician's words for the sharing code: clients pair with it (Sharing → Pair… on their phone). */
internal val CLINICIAN_CODE_TEXT = CodeCardText(
    R.string.inbox_code_title, R.string.inbox_code_explained, R.string.inbox_code_share_text,
    R.string.inbox_code_share_title, null,
)

/** A label of the clinician's choosing and the code the client's app shows; a refusal shows under its field. */
@Composable
internal fun PairClientCard(model: InboxModel, mine: String?) {
    var label by remember { mutableStateOf("") }
    var code by remember { mutableStateOf("") }
    val refused = model.pairRefused
    val labelRefused = refused?.takeIf { it.field == "label" }
    val codeRefused = refused?.takeIf { it.field != "label" }
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(stringResource(R.string.inbox_pair_title), style = MaterialTheme.typography.titleMedium)
            Text(stringResource(R.string.inbox_pair_explained))
            OutlinedTextField(
                value = label,
                onValueChange = {
                    label = it
                    model.editPairing()
                },
                label = { Text(stringResource(R.string.inbox_pair_label)) },
                supportingText = if (labelRefused != null) ({ Text(stringResource(R.string.pair_refused, labelRefused.reason)) }) else null,
                isError = labelRefused != null,
                singleLine = true,
                modifier = Modifier.fillMaxWidth(),
            )
            OutlinedTextField(
                value = code,
                onValueChange = {
                    code = it
                    model.editPairing()
                },
                label = { Text(stringResource(R.string.inbox_pair_code)) },
                supportingText = if (codeRefused != null) ({ Text(stringResource(R.string.pair_refused, codeRefused.reason)) }) else null,
                isError = codeRefused != null,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Ascii),
                modifier = Modifier.fillMaxWidth(),
            )
            Button(
                onClick = {
                    model.pair(label, code) {
                        label = ""
                        code = ""
                    }
                },
                enabled = label.isNotBlank() && code.isNotBlank() && !model.busy,
            ) { Text(stringResource(R.string.pair_confirm)) }
            model.paired?.let { paired ->
                Text(stringResource(R.string.inbox_paired, paired.label), style = MaterialTheme.typography.titleSmall)
                PairingCheckCard(paired.fingerprint, mine, model.busy) { model.confirm(paired.id, paired.fingerprint) }
            }
        }
    }
}

/** The last file: what it did, or why nothing changed. */
@Composable
internal fun FileCard(file: InboxFile, model: InboxModel) {
    val refused = file !is InboxFile.Opened
    val container = if (refused) MaterialTheme.colorScheme.errorContainer else MaterialTheme.colorScheme.secondaryContainer
    Card(colors = CardDefaults.cardColors(containerColor = container), modifier = Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            when (file) {
                is InboxFile.Opened -> OpenedLines(file.outcome, model)
                is InboxFile.Refused -> {
                    Text(stringResource(R.string.inbox_refused, stringResource(refusalLabel(file.field))), style = MaterialTheme.typography.titleSmall)
                    Text(stringResource(R.string.inbox_refused_detail, file.field, file.reason), style = MaterialTheme.typography.bodySmall)
                }
                InboxFile.OtherDevice ->
                    Text(stringResource(R.string.inbox_refused, stringResource(R.string.inbox_refused_other_device)), style = MaterialTheme.typography.titleSmall)
            }
            TextButton(onClick = model::dismissFile) { Text(stringResource(R.string.close)) }
        }
    }
}

@Composable
private fun OpenedLines(outcome: ImportOutcome, model: InboxModel) {
    val label = model.labelOf(outcome) ?: stringResource(R.string.inbox_a_client)
    when (outcome) {
        is ImportOutcome.Imported -> {
            Text(stringResource(R.string.inbox_opened_update, label, periodText(outcome.from, outcome.to)), style = MaterialTheme.typography.titleSmall)
            if (outcome.superseded) Text(stringResource(R.string.inbox_opened_superseded))
            model.state?.clients?.find { it.id == outcome.clientId }?.let { row ->
                OutlinedButton(onClick = { model.openClient(row) }) { Text(stringResource(R.string.inbox_client_show)) }
            }
        }
        is ImportOutcome.Revoked -> outcome.bundlesDeleted.toInt().let { n ->
            Text(pluralStringResource(R.plurals.inbox_opened_revoked, n, label, n), style = MaterialTheme.typography.titleSmall)
        }
    }
}
