// The Sharing tab's device-to-device parts: this phone's sharing code for the
// care team, pairing with the code a member's device shows, sending them an
// encrypted update, and the notice that tells their device to delete this
// person's data. The files go out through the share sheet; only the paired
// device opens them.
package health.cadence.app

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.AlertDialog
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
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import health.cadence.kit.MemberSharing
import health.cadence.kit.ShareFile
import health.cadence.kit.ShareFileKind
import java.time.temporal.ChronoUnit

/** Hands a file the model has just written to the share sheet, once. */
@Composable
internal fun OpenShareSheet(model: SharingModel) {
    val context = LocalContext.current
    val title = stringResource(R.string.send_chooser)
    val file = model.toSend
    LaunchedEffect(file) {
        if (file != null) {
            model.sendOpened()
            context.sendShareFile(file, title)
        }
    }
}

/** The words of a [SharingCodeCard]: the client's, or the clinician's (for clients to pair with). */
internal class CodeCardText(
    @StringRes val title: Int,
    @StringRes val explained: Int,
    @StringRes val shareText: Int,
    @StringRes val shareTitle: Int,
    /** Shown under the fingerprint, or null. */
    @StringRes val compare: Int?,
)

/** The client's words: a code to give to a therapist or prescriber. */
internal val CLIENT_CODE_TEXT = CodeCardText(
    R.string.sharing_code_title, R.string.sharing_code_explained, R.string.sharing_code_share_text,
    R.string.sharing_code_share_title, R.string.sharing_code_compare,
)

/** This device's pairing code and fingerprint, with Copy and Share, worded by [text]. */
@Composable
internal fun SharingCodeCard(model: SharingModel, text: CodeCardText = CLIENT_CODE_TEXT) {
    val context = LocalContext.current
    val identity = model.identity
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(stringResource(text.title), style = MaterialTheme.typography.titleMedium)
            Text(stringResource(text.explained))
            if (identity == null) {
                TextButton(onClick = model::loadIdentity, enabled = !model.busy) { Text(stringResource(R.string.sharing_code_show)) }
            } else {
                Text(identity.pairingCode, fontFamily = FontFamily.Monospace, style = MaterialTheme.typography.bodySmall)
                Text(stringResource(R.string.sharing_code_fingerprint, identity.fingerprint), fontFamily = FontFamily.Monospace)
                text.compare?.let { Text(stringResource(it), style = MaterialTheme.typography.bodySmall) }
                val label = stringResource(text.title)
                val shared = stringResource(text.shareText, identity.pairingCode)
                val chooser = stringResource(text.shareTitle)
                Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    OutlinedButton(onClick = { context.copyText(label, identity.pairingCode) }) { Text(stringResource(R.string.copy)) }
                    OutlinedButton(onClick = { context.shareText(shared, chooser) }) { Text(stringResource(R.string.share)) }
                }
            }
        }
    }
}

/** On a member's card: their pairing, and what can be sent to their device. */
@Composable
internal fun MemberDevice(sharing: MemberSharing, model: SharingModel) {
    val paired = sharing.pairing
    if (paired == null) {
        Text(stringResource(R.string.not_paired), style = MaterialTheme.typography.bodySmall)
        OutlinedButton(onClick = { model.startPairing(sharing) }) { Text(stringResource(R.string.pair)) }
        return
    }
    if (!sharing.verified) {
        // The comparison is the step that turns sharing on: no Send before it.
        PairingCheckCard(paired.fingerprint, model.identity?.fingerprint, model.busy) { model.confirm(sharing) }
        return
    }
    Text(stringResource(R.string.paired_fingerprint, paired.fingerprint), style = MaterialTheme.typography.bodySmall)
    if (ShareFile.canSend(sharing)) {
        Button(onClick = { model.send(sharing) }, enabled = !model.busy) { Text(stringResource(R.string.send_update)) }
    } else if (sharing.grants.isNotEmpty() && sharing.grants.none { it.revocable }) {
        // Everything they were granted was revoked or has expired: what they received may still be there.
        TextButton(onClick = { model.tellToDelete(sharing) }, enabled = !model.busy) { Text(stringResource(R.string.delete_notice_offer)) }
    }
    model.sent?.takeIf { it.memberId == sharing.member.id && it.kind == ShareFileKind.BUNDLE }?.let { SentLine(it, model) }
}

/** "Last update: 30 days to <date>, N records", and the same file to the share sheet again. */
@Composable
private fun SentLine(sent: ShareFile, model: SharingModel) {
    val from = sent.from ?: return
    val to = sent.to ?: return
    val days = ChronoUnit.DAYS.between(from, to).toInt() + 1
    Row(verticalAlignment = Alignment.CenterVertically) {
        Text(
            pluralStringResource(R.plurals.update_sent, sent.records, days, to.format(DATE), sent.records),
            style = MaterialTheme.typography.bodySmall,
            modifier = Modifier.weight(1f),
        )
        TextButton(onClick = model::sendAgain) { Text(stringResource(R.string.send_again)) }
    }
}

/** The code their device shows, typed or pasted; a refused code says why. */
@Composable
internal fun PairDialog(member: MemberSharing, model: SharingModel) {
    var code by remember(member.member.id) { mutableStateOf("") }
    val refused = model.pairError
    AlertDialog(
        onDismissRequest = model::cancelPairing,
        title = { Text(stringResource(R.string.pair_title, member.member.name)) },
        text = {
            Column {
                Text(stringResource(R.string.pair_explained))
                OutlinedTextField(
                    value = code,
                    onValueChange = { code = it },
                    label = { Text(stringResource(R.string.pair_code)) },
                    supportingText = if (refused != null) ({ Text(stringResource(R.string.pair_refused, refused)) }) else null,
                    isError = refused != null,
                    keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Ascii),
                    modifier = Modifier.fillMaxWidth(),
                )
            }
        },
        confirmButton = {
            Button(onClick = { model.pair(code) }, enabled = code.isNotBlank() && !model.busy) { Text(stringResource(R.string.pair_confirm)) }
        },
        dismissButton = { TextButton(onClick = model::cancelPairing) { Text(stringResource(R.string.cancel)) } },
    )
}

/** After a grant of a paired member is revoked: the notice for their device to delete this person's data. */
@Composable
internal fun DeleteNoticeDialog(member: MemberSharing, model: SharingModel) {
    AlertDialog(
        onDismissRequest = model::notNow,
        title = { Text(stringResource(R.string.delete_notice_offer)) },
        text = { Text(stringResource(R.string.delete_notice_explained, member.member.name)) },
        confirmButton = {
            Button(onClick = { model.tellToDelete(member) }, enabled = !model.busy) { Text(stringResource(R.string.delete_notice_send)) }
        },
        dismissButton = { TextButton(onClick = model::notNow) { Text(stringResource(R.string.not_now)) } },
    )
}
