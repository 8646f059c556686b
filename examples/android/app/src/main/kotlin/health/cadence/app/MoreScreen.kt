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
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import java.time.LocalDate

@Composable
internal fun MoreScreen(model: AppModel, onClinicians: () -> Unit) {
    val context = LocalContext.current
    var passphrase by remember { mutableStateOf("") }
    val saveBackup = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { uri ->
        if (uri != null) model.backup(uri, passphrase)
    }
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
        PassphraseField(passphrase) { passphrase = it }
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Button(onClick = { saveBackup.launch("cadence-${LocalDate.now()}.cadence-backup") }, enabled = passphrase.length >= MIN_PASSPHRASE) {
                Text(stringResource(R.string.backup_create))
            }
            OutlinedButton(onClick = { pickBackup.launch(arrayOf("*/*")) }, enabled = passphrase.length >= MIN_PASSPHRASE) {
                Text(stringResource(R.string.restore))
            }
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
