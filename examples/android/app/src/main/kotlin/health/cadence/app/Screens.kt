// The app's Compose scaffold: theme, tabs, and the set-up / key-lost
// screens. The tabs are in TodayScreen.kt, MedicinesScreen.kt, JournalScreen.kt,
// SharingScreen.kt (and SharingCards.kt) and MoreScreen.kt; the full-screen pages (the medication
// form, the missed-dose plan, the routine, "For clinicians" and a client's
// update) in MedicationFormScreen.kt, MissedDosePlanScreen.kt, RoutineScreen.kt,
// InboxScreen.kt (and InboxCards.kt) and ClientUpdateScreen.kt; the words for
// the kit's enums in Labels.kt and UpdateLabels.kt.
package health.cadence.app

import android.Manifest
import android.os.Build
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.annotation.StringRes
import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.List
import androidx.compose.material.icons.filled.Edit
import androidx.compose.material.icons.filled.Home
import androidx.compose.material.icons.filled.Settings
import androidx.compose.material.icons.filled.Share
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.dynamicDarkColorScheme
import androidx.compose.material3.dynamicLightColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import health.cadence.kit.TodayState
import java.time.Instant
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle

internal val TIME = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)
internal val DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
internal fun Instant.local(): String = atZone(ZoneId.systemDefault()).format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT))

/** A chosen passphrase for a new backup: at least 12 characters (the core's rule; it checks too). */
internal const val MIN_PASSPHRASE = 12

/** Opening a backup: backups made before the rule was raised used 8 or more. */
internal const val MIN_PASSPHRASE_TO_OPEN = 8

@Composable
fun CadenceApp(model: AppModel) {
    val session by model.session.collectAsState()
    LaunchedEffect(session) { if (session is Session.Ready) model.refresh() }
    CadenceTheme {
        when (val s = session) {
            Session.Opening -> Centered { CircularProgressIndicator() }
            is Session.Failed -> Centered {
                Text(s.reason)
                Button(onClick = model::retryOpen) { Text(stringResource(R.string.retry)) }
            }
            Session.KeyLost -> KeyLostScreen(model)
            is Session.Ready -> {
                val home = model.home
                when {
                    home == null -> Centered { CircularProgressIndicator() }
                    home.profile == null -> SetupScreen(model)
                    else -> MainScreen(model, home.today)
                }
            }
        }
        model.message?.let { text ->
            AlertDialog(
                onDismissRequest = model::dismissMessage,
                confirmButton = { TextButton(onClick = model::dismissMessage) { Text(stringResource(R.string.ok)) } },
                text = { Text(text) },
            )
        }
    }
}

@Composable
private fun CadenceTheme(content: @Composable () -> Unit) {
    val dark = isSystemInDarkTheme()
    val context = LocalContext.current
    val colors = when {
        Build.VERSION.SDK_INT >= Build.VERSION_CODES.S -> if (dark) dynamicDarkColorScheme(context) else dynamicLightColorScheme(context)
        dark -> darkColorScheme()
        else -> lightColorScheme()
    }
    MaterialTheme(colorScheme = colors, content = content)
}

private enum class Tab(@StringRes val label: Int, val icon: ImageVector) {
    TODAY(R.string.tab_today, Icons.Filled.Home),
    MEDICINES(R.string.tab_medicines, Icons.AutoMirrored.Filled.List),
    JOURNAL(R.string.tab_journal, Icons.Filled.Edit),
    SHARING(R.string.tab_sharing, Icons.Filled.Share),
    MORE(R.string.tab_more, Icons.Filled.Settings),
}

@Composable
private fun MainScreen(model: AppModel, today: TodayState?) {
    var tab by rememberSaveable { mutableStateOf(Tab.TODAY) }
    var routineOpen by rememberSaveable { mutableStateOf(false) }
    var cliniciansOpen by rememberSaveable { mutableStateOf(false) }
    // The form opens from Medicines or from an empty Today, and closes back to that tab;
    // the missed-dose plan opens from Medicines.
    val medicines = model.medicines
    val form = medicines.form
    val missedDose = medicines.missedDose
    Scaffold(
        bottomBar = {
            if (form == null && missedDose == null && !routineOpen && !cliniciansOpen) NavigationBar {
                for (t in Tab.entries) {
                    NavigationBarItem(
                        selected = tab == t,
                        onClick = { tab = t },
                        icon = { Icon(t.icon, contentDescription = null) },
                        label = { Text(stringResource(t.label)) },
                    )
                }
            }
        },
    ) { padding ->
        Box(Modifier.padding(padding).fillMaxSize()) {
            when {
                form != null -> MedicationFormScreen(medicines, form)
                missedDose != null -> MissedDosePlanScreen(medicines, missedDose)
                routineOpen -> RoutineScreen(medicines) { routineOpen = false }
                cliniciansOpen -> InboxScreen(model.inbox, model.sharing) { cliniciansOpen = false }
                else -> when (tab) {
                    Tab.TODAY -> if (today != null) TodayScreen(model, today)
                    Tab.MEDICINES -> MedicinesScreen(medicines) { routineOpen = true }
                    Tab.JOURNAL -> JournalScreen(model)
                    Tab.SHARING -> SharingScreen(model.sharing, model.sync)
                    Tab.MORE -> MoreScreen(model) { cliniciansOpen = true }
                }
            }
        }
    }
    model.sheet?.let { GuidanceDialog(it, model) }
    model.saved?.let { SavedDialog(it, model) }
}

// ---- first start and lost key ----

@Composable
private fun SetupScreen(model: AppModel) {
    var name by remember { mutableStateOf("") }
    val permission = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { model.onForeground() }
    Centered {
        Text(stringResource(R.string.setup_title), style = MaterialTheme.typography.headlineSmall)
        OutlinedTextField(value = name, onValueChange = { name = it }, label = { Text(stringResource(R.string.setup_name)) }, singleLine = true)
        Button(
            onClick = {
                model.setUp(name)
                if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) permission.launch(Manifest.permission.POST_NOTIFICATIONS)
            },
            enabled = name.isNotBlank(),
        ) { Text(stringResource(R.string.setup_start)) }
    }
}

/** The device key is gone: restore from the person's encrypted backup, or start over. */
@Composable
private fun KeyLostScreen(model: AppModel) {
    var passphrase by remember { mutableStateOf("") }
    var confirmStartOver by remember { mutableStateOf(false) }
    val pickBackup = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        if (uri != null) model.restore(uri, passphrase)
    }
    Centered {
        Text(stringResource(R.string.key_lost_title), style = MaterialTheme.typography.headlineSmall)
        Text(stringResource(R.string.key_lost_explained))
        PassphraseField(passphrase) { passphrase = it }
        Button(onClick = { pickBackup.launch(arrayOf("*/*")) }, enabled = passphrase.length >= MIN_PASSPHRASE_TO_OPEN && !model.busy) {
            Text(stringResource(R.string.restore))
        }
        TextButton(onClick = { confirmStartOver = true }, enabled = !model.busy) { Text(stringResource(R.string.start_over)) }
    }
    if (confirmStartOver) {
        AlertDialog(
            onDismissRequest = { confirmStartOver = false },
            text = { Text(stringResource(R.string.start_over_confirm)) },
            confirmButton = {
                TextButton(onClick = {
                    confirmStartOver = false
                    model.startOver()
                }) { Text(stringResource(R.string.start_over)) }
            },
            dismissButton = { TextButton(onClick = { confirmStartOver = false }) { Text(stringResource(R.string.cancel)) } },
        )
    }
}

@Composable
private fun Centered(content: @Composable () -> Unit) {
    Column(
        Modifier.fillMaxSize().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp, Alignment.CenterVertically),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) { content() }
}
