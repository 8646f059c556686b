// The Today tab: doses by routine moment with their buttons, the banners
// that explain why reminders may not arrive, and the missed-dose guidance sheet.
package health.cadence.app

import android.Manifest
import android.content.pm.PackageManager
import android.os.Build
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
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
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontStyle
import androidx.compose.ui.unit.dp
import androidx.core.content.ContextCompat
import health.cadence.core.CareMember
import health.cadence.core.ContactChannel
import health.cadence.core.SkipReason
import health.cadence.kit.ReminderProblem
import health.cadence.core.DoseBadge
import health.cadence.kit.DoseRow
import health.cadence.core.DoseRowAction
import health.cadence.kit.GuidanceSheet
import health.cadence.core.SheetButton
import health.cadence.kit.TodayState

@Composable
internal fun TodayScreen(model: AppModel, today: TodayState) {
    LazyColumn(contentPadding = PaddingValues(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        item { Column(verticalArrangement = Arrangement.spacedBy(8.dp)) { ReminderBanners(model) } }
        item {
            Column {
                Text(stringResource(R.string.today_title, today.date.format(DATE)), style = MaterialTheme.typography.headlineSmall)
                Text(stringResource(R.string.today_progress, today.taken, today.scheduled))
            }
        }
        if (today.isEmpty) {
            item {
                Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                    Text(stringResource(R.string.today_empty))
                    Button(onClick = model.medicines::newMedication, enabled = !model.busy) { Text(stringResource(R.string.medication_add)) }
                }
            }
        }
        if (today.allDone) item { Text(stringResource(R.string.today_all_done)) }
        for (section in today.sections) {
            item(key = "${section.moment}-${section.time}") {
                Text(
                    stringResource(R.string.section_title, stringResource(momentLabel(section.moment)), section.time.format(TIME)),
                    style = MaterialTheme.typography.titleMedium,
                    modifier = Modifier.padding(top = 8.dp),
                )
            }
            items(section.rows, key = { it.occurrenceId }) { row ->
                DoseCard(row, focused = row.occurrenceId == today.focus?.occurrenceId, model)
            }
        }
    }
}

@Composable
private fun DoseCard(row: DoseRow, focused: Boolean, model: AppModel) {
    val colors = if (focused) {
        CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.primaryContainer)
    } else {
        CardDefaults.cardColors()
    }
    Card(colors = colors, modifier = Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp)) {
            Row(verticalAlignment = Alignment.CenterVertically) {
                Text("${row.medicationName} · ${row.doseText}", style = MaterialTheme.typography.titleSmall, modifier = Modifier.weight(1f))
                Text(badgeText(row), style = MaterialTheme.typography.labelLarge)
            }
            Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                row.actions.forEachIndexed { index, action ->
                    when {
                        action == DoseRowAction.SKIP -> SkipButton { reason -> model.onRow(row, action, reason) }
                        index == 0 -> Button(onClick = { model.onRow(row, action) }) { Text(stringResource(actionLabel(action))) }
                        else -> OutlinedButton(onClick = { model.onRow(row, action) }) { Text(stringResource(actionLabel(action))) }
                    }
                }
            }
        }
    }
}

@Composable
private fun badgeText(row: DoseRow): String {
    val badge = stringResource(badgeLabel(row.badge))
    val minutes = row.minutesLate
    val late = row.badge == DoseBadge.LATE || row.badge == DoseBadge.MISSED || row.badge == DoseBadge.TAKEN_LATE
    return if (late && minutes != null && minutes > 0) stringResource(R.string.badge_minutes, badge, minutes) else badge
}

/** Skip asks why: the reason helps the care team. */
@Composable
private fun SkipButton(onSkip: (SkipReason) -> Unit) {
    var open by remember { mutableStateOf(false) }
    Box {
        OutlinedButton(onClick = { open = true }) { Text(stringResource(R.string.row_skip)) }
        DropdownMenu(expanded = open, onDismissRequest = { open = false }) {
            for (reason in SkipReason.entries) {
                DropdownMenuItem(
                    text = { Text(stringResource(skipLabel(reason))) },
                    onClick = {
                        open = false
                        onSkip(reason)
                    },
                )
            }
        }
    }
}

/** Why reminders may not arrive (the kit's status), each with the switch that fixes it. */
@Composable
private fun ReminderBanners(model: AppModel) {
    val status by model.reminderStatus.collectAsState()
    val context = LocalContext.current
    val permission = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
        if (!granted) context.notificationSettings()
        model.onForeground()
    }
    for (problem in status?.problems.orEmpty()) {
        when (problem) {
            ReminderProblem.NOTIFICATIONS_OFF -> Banner(R.string.banner_notifications_off) {
                val ask = Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU &&
                    ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED
                if (ask) permission.launch(Manifest.permission.POST_NOTIFICATIONS) else context.notificationSettings()
            }
            ReminderProblem.NOT_ARRIVING -> Banner(R.string.banner_not_arriving) { context.batterySettings() }
            ReminderProblem.MAY_BE_LATE -> if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
                Banner(R.string.banner_inexact) { context.exactAlarmSettings() }
            }
        }
    }
}

@Composable
private fun Banner(@StringRes text: Int, onFix: () -> Unit) {
    Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.errorContainer), modifier = Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp)) {
            Text(stringResource(text))
            TextButton(onClick = onFix) { Text(stringResource(R.string.banner_fix)) }
        }
    }
}

/** The missed-dose guidance: the prescriber's rule, applied now. */
@Composable
internal fun GuidanceDialog(sheet: GuidanceSheet, model: AppModel) {
    var showContacts by remember(sheet.occurrenceId) { mutableStateOf(false) }
    AlertDialog(
        onDismissRequest = { model.onSheet(SheetButton.CLOSE) },
        title = { Text(sheet.headline) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Text("${sheet.medicationName} · ${sheet.doseText} · ${sheet.scheduledAt.format(TIME)}", style = MaterialTheme.typography.titleSmall)
                Text(sheet.message)
                sheet.prescriberNote?.let { Text(it, fontStyle = FontStyle.Italic) }
                if (showContacts) {
                    if (sheet.contacts.isEmpty()) Text(stringResource(R.string.no_prescriber))
                    for (member in sheet.contacts) MemberContact(member)
                }
            }
        },
        confirmButton = {
            Row(Modifier.horizontalScroll(rememberScrollState())) {
                sheet.buttons.forEachIndexed { index, button ->
                    val onClick = {
                        if (button == SheetButton.CONTACT_PRESCRIBER) showContacts = true
                        model.onSheet(button)
                    }
                    if (index == 0) {
                        Button(onClick = onClick) { Text(stringResource(sheetLabel(button, sheet))) }
                    } else {
                        TextButton(onClick = onClick) { Text(stringResource(sheetLabel(button, sheet))) }
                    }
                }
            }
        },
    )
}

@Composable
private fun MemberContact(member: CareMember) {
    val context = LocalContext.current
    Row(verticalAlignment = Alignment.CenterVertically) {
        Text("${member.name} (${stringResource(roleLabel(member.role))})", modifier = Modifier.weight(1f))
        when (member.channel) {
            ContactChannel.PHONE -> TextButton(onClick = { context.dial(member.contact) }) { Text(stringResource(R.string.call)) }
            ContactChannel.SMS -> TextButton(onClick = { context.text(member.contact) }) { Text(stringResource(R.string.text)) }
            ContactChannel.EMAIL -> TextButton(onClick = { context.email(member.contact) }) { Text(stringResource(R.string.email)) }
            else -> Text(member.contact)
        }
    }
}
