// The Sharing tab: this phone's sharing code, the care team, what each member
// may see, grants made deny-by-default, revocation, and every disclosure.
// Pairing with a member's device and sending to it: SharingCards.kt.
package health.cadence.app

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.Checkbox
import androidx.compose.material3.FilterChip
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
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import health.cadence.core.ConsentCategory
import health.cadence.core.GrantKind
import health.cadence.core.MemberRole
import health.cadence.kit.ConsentDraft
import health.cadence.kit.MemberSharing

@Composable
internal fun SharingScreen(model: SharingModel, sync: SyncModel? = null) {
    LaunchedEffect(Unit) {
        model.load()
        if (model.identity == null) model.loadIdentity()
    }
    OpenShareSheet(model)
    val state = model.state
    LazyColumn(contentPadding = PaddingValues(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        item {
            Column {
                Text(stringResource(R.string.sharing_title), style = MaterialTheme.typography.headlineSmall)
                Text(stringResource(R.string.sharing_default_deny))
            }
        }
        item { SharingCodeCard(model) }
        if (sync != null) item { SyncCard(sync, model.busy) }
        item { AddMember(model) }
        items(state?.members.orEmpty(), key = { it.member.id }) { MemberCard(it, model) }
        item { Text(stringResource(R.string.disclosures_title), style = MaterialTheme.typography.titleMedium) }
        if (state != null && state.disclosures.isEmpty()) item { Text(stringResource(R.string.disclosures_none)) }
        items(state?.disclosures.orEmpty()) { d ->
            Text(
                stringResource(
                    R.string.disclosure_line, d.memberName, categoryList(d.categories), d.records, d.at.local(),
                ),
                style = MaterialTheme.typography.bodySmall,
            )
        }
    }
    model.draft?.let { ConsentDialog(it, model) }
    model.pairing?.let { PairDialog(it, model) }
    model.revoked?.let { DeleteNoticeDialog(it, model) }
}

@Composable
private fun AddMember(model: SharingModel) {
    var name by remember { mutableStateOf("") }
    var role by remember { mutableStateOf(MemberRole.THERAPIST) }
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp)) {
            OutlinedTextField(value = name, onValueChange = { name = it }, label = { Text(stringResource(R.string.member_name)) }, singleLine = true)
            Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                for (r in MemberRole.entries) {
                    FilterChip(selected = role == r, onClick = { role = r }, label = { Text(stringResource(roleLabel(r))) })
                }
            }
            Button(
                onClick = {
                    model.addMember(name, role)
                    name = ""
                },
                enabled = name.isNotBlank(),
            ) { Text(stringResource(R.string.member_add)) }
        }
    }
}

@Composable
private fun MemberCard(sharing: MemberSharing, model: SharingModel) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text("${sharing.member.name} (${stringResource(roleLabel(sharing.member.role))})", style = MaterialTheme.typography.titleMedium)
            Text(
                if (sharing.sharedNow.isEmpty()) {
                    stringResource(R.string.shares_nothing)
                } else {
                    stringResource(R.string.shares_now, categoryList(sharing.sharedNow.sortedBy { it.ordinal }))
                },
            )
            if (sharing.receivesAlerts) Text(stringResource(R.string.receives_alerts))
            sharing.lastDisclosure?.let { Text(stringResource(R.string.last_disclosure, it.local()), style = MaterialTheme.typography.bodySmall) }
            for (grant in sharing.grants) {
                Row(verticalAlignment = Alignment.CenterVertically) {
                    val what = if (grant.kind == GrantKind.ALERT_ONLY) stringResource(R.string.grant_alerts_only) else categoryList(grant.categories)
                    val period = grant.dataTo?.let { stringResource(R.string.grant_period, grant.dataFrom.format(DATE), it.format(DATE)) }
                        ?: stringResource(R.string.grant_from, grant.dataFrom.format(DATE))
                    Text("$what · $period · ${stringResource(statusLabel(grant.status))}", modifier = Modifier.weight(1f), style = MaterialTheme.typography.bodySmall)
                    if (grant.revocable) TextButton(onClick = { model.revoke(grant.id, sharing) }) { Text(stringResource(R.string.revoke)) }
                }
            }
            MemberDevice(sharing, model)
            OutlinedButton(onClick = { model.newGrant(sharing.member.id) }) { Text(stringResource(R.string.share_with)) }
        }
    }
}

/** Deny by default: nothing is ticked; the person picks categories and the period. */
@Composable
private fun ConsentDialog(draft: ConsentDraft, model: SharingModel) {
    val start = remember(draft.memberId) { draft.dataFrom }
    AlertDialog(
        onDismissRequest = model::cancelGrant,
        title = { Text(stringResource(R.string.grant_title)) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState())) {
                for (category in ConsentCategory.entries) {
                    Row(verticalAlignment = Alignment.CenterVertically) {
                        Checkbox(checked = category in draft.categories, onCheckedChange = { model.toggle(category) })
                        Text(stringResource(categoryLabel(category)))
                    }
                }
                Text(stringResource(R.string.grant_data_period), modifier = Modifier.padding(top = 8.dp))
                Row(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                    FilterChip(selected = draft.dataFrom == start, onClick = { model.shareFrom(start) }, label = { Text(stringResource(R.string.grant_from_today)) })
                    val back = start.minusDays(SHARE_BACK_DAYS - 1)
                    FilterChip(selected = draft.dataFrom == back, onClick = { model.shareFrom(back) }, label = { Text(stringResource(R.string.grant_last_90_days)) })
                }
            }
        },
        confirmButton = { Button(onClick = model::grant, enabled = draft.canGrant) { Text(stringResource(R.string.grant)) } },
        dismissButton = { TextButton(onClick = model::cancelGrant) { Text(stringResource(R.string.cancel)) } },
    )
}

private const val SHARE_BACK_DAYS = 90L
