// The More tab: the clinician report, encrypted backup and restore, reminder
// settings, and the way to "For clinicians" (InboxScreen.kt).
package health.cadence.app

import android.os.Build
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
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
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import health.cadence.kit.CadenceClient
import java.time.LocalDate

@Composable
internal fun MoreScreen(model: AppModel, onClinicians: () -> Unit) {
    val context = LocalContext.current
    var passphrase by remember { mutableStateOf("") }
    // The secret of the backup being saved: a recovery key (the default) or the typed passphrase.
    var backupSecret by remember { mutableStateOf("") }
    // A new recovery key, shown once until the person has written it down.
    var recoveryKey by remember { mutableStateOf<String?>(null) }
    val saveBackup = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { uri ->
        if (uri != null) model.backup(uri, backupSecret)
        backupSecret = ""
    }
    val backupName = "cadence-${LocalDate.now()}.cadence-backup"
    val pickBackup = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        if (uri != null) model.restore(uri, passphrase)
    }
    Column(
        Modifier.verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(8.dp),
    ) {
        Text(stringResource(R.string.report_title), style = MaterialTheme.typography.titleMedium)
        Button(onClick = model::createReport, enabled = !model.busy) { Text(stringResource(R.string.report_create)) }
        model.report?.let { link ->
            Text(link.title)
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedButton(onClick = { context.viewReport(link) }) { Text(stringResource(R.string.open)) }
                OutlinedButton(onClick = { context.shareReport(link) }) { Text(stringResource(R.string.share)) }
            }
        }

        Text(stringResource(R.string.backup_title), style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 16.dp))
        Text(stringResource(R.string.backup_explained))
        // The default path: a generated recovery key, shown once.
        Button(onClick = { recoveryKey = CadenceClient.newRecoveryKey() }, enabled = !model.busy) {
            Text(stringResource(R.string.backup_with_recovery_key))
        }
        Text(stringResource(R.string.backup_own_passphrase), style = MaterialTheme.typography.bodySmall)
        PassphraseField(passphrase) { passphrase = it }
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            OutlinedButton(
                onClick = {
                    backupSecret = passphrase
                    saveBackup.launch(backupName)
                },
                enabled = passphrase.length >= MIN_PASSPHRASE,
            ) {
                Text(stringResource(R.string.backup_create))
            }
            OutlinedButton(onClick = { pickBackup.launch(arrayOf("*/*")) }, enabled = passphrase.length >= MIN_PASSPHRASE_TO_OPEN) {
                Text(stringResource(R.string.restore))
            }
        }
        recoveryKey?.let { words ->
            AlertDialog(
                onDismissRequest = { recoveryKey = null },
                title = { Text(stringResource(R.string.recovery_key_title)) },
                text = {
                    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                        Text(stringResource(R.string.recovery_key_explained))
                        Text(words, fontFamily = FontFamily.Monospace, style = MaterialTheme.typography.titleMedium)
                    }
                },
                confirmButton = {
                    Button(onClick = {
                        backupSecret = words
                        recoveryKey = null // shown once: it is not kept
                        saveBackup.launch(backupName)
                    }) { Text(stringResource(R.string.recovery_key_written)) }
                },
                dismissButton = { TextButton(onClick = { recoveryKey = null }) { Text(stringResource(R.string.cancel)) } },
            )
        }

        Text(stringResource(R.string.reminders_title), style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 16.dp))
        OutlinedButton(onClick = { context.criticalChannelSettings() }) { Text(stringResource(R.string.critical_dnd)) }
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) {
            OutlinedButton(onClick = { context.exactAlarmSettings() }) { Text(stringResource(R.string.exact_alarms)) }
        }

        Text(stringResource(R.string.clinicians_title), style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 16.dp))
        Text(stringResource(R.string.clinicians_explained))
        OutlinedButton(onClick = onClinicians) { Text(stringResource(R.string.clinicians_open)) }
    }
}

@Composable
internal fun PassphraseField(value: String, onChange: (String) -> Unit) {
    OutlinedTextField(
        value = value,
        onValueChange = onChange,
        label = { Text(stringResource(R.string.passphrase)) },
        singleLine = true,
        visualTransformation = PasswordVisualTransformation(),
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password),
        modifier = Modifier.fillMaxWidth(),
    )
}
