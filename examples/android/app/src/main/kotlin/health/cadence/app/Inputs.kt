// Inputs the set-up screens share: a page header with its way back, a time
// typed as HH:MM and an amount, each in a dialog that says when the text is
// not one. Reading the text is all they do: what is allowed is the kit's.
package health.cadence.app

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import java.time.LocalDate
import java.time.LocalTime
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException

/** How a time is shown for editing ("08:30"). */
internal val HH_MM: DateTimeFormatter = DateTimeFormatter.ofPattern("HH:mm")
private val H_MM = DateTimeFormatter.ofPattern("H:mm")

/** "8:30", "08:30" or the phone's short format ("8:30 PM"); null when it is none of them. */
internal fun parseTime(text: String): LocalTime? = listOf(H_MM, TIME).firstNotNullOfOrNull { format ->
    try {
        LocalTime.parse(text.trim(), format)
    } catch (e: DateTimeParseException) {
        null
    }
}

/** An ISO date ("2027-03-01"); null otherwise. */
internal fun parseDate(text: String): LocalDate? = try {
    LocalDate.parse(text.trim())
} catch (e: DateTimeParseException) {
    null
}

/** "2.5" or "2,5"; null unless a finite number (its sign is the core's to judge). */
internal fun parseAmount(text: String): Double? = text.trim().replace(',', '.').toDoubleOrNull()?.takeIf { it.isFinite() }

/** A whole-number field's text: digits only (blank stays blank). */
internal fun wholeNumber(text: String): Int? = text.filter(Char::isDigit).take(MAX_DIGITS).toIntOrNull()

private const val MAX_DIGITS = 4

/** A full-screen page's title, with the way back (also the system's back gesture). */
@Composable
internal fun PageHeader(title: String, back: String, onBack: () -> Unit) {
    BackHandler(onBack = onBack)
    Row(Modifier.fillMaxWidth(), verticalAlignment = Alignment.CenterVertically) {
        Text(title, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.weight(1f))
        TextButton(onClick = onBack) { Text(back) }
    }
}

/** Asks for a time as HH:MM; OK only once the text reads as one. */
@Composable
internal fun TimeDialog(title: String, initial: LocalTime?, onDismiss: () -> Unit, onTime: (LocalTime) -> Unit) {
    var text by remember { mutableStateOf(initial?.format(HH_MM).orEmpty()) }
    val time = parseTime(text)
    val wrong = text.isNotBlank() && time == null
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(title) },
        text = {
            OutlinedTextField(
                value = text,
                onValueChange = { text = it },
                label = { Text(stringResource(R.string.time_hint)) },
                supportingText = if (wrong) ({ Text(stringResource(R.string.time_invalid)) }) else null,
                isError = wrong,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number),
                singleLine = true,
            )
        },
        confirmButton = { TextButton(onClick = { time?.let(onTime) }, enabled = time != null) { Text(stringResource(R.string.ok)) } },
        dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.cancel)) } },
    )
}

/** Asks for an amount ("30", "2.5"); OK only once the text reads as a number. */
@Composable
internal fun AmountDialog(title: String, onDismiss: () -> Unit, onAmount: (Double) -> Unit) {
    var text by remember { mutableStateOf("") }
    val amount = parseAmount(text)
    val wrong = text.isNotBlank() && amount == null
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(title) },
        text = {
            OutlinedTextField(
                value = text,
                onValueChange = { text = it },
                supportingText = if (wrong) ({ Text(stringResource(R.string.amount_invalid)) }) else null,
                isError = wrong,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Decimal),
                singleLine = true,
            )
        },
        confirmButton = { TextButton(onClick = { amount?.let(onAmount) }, enabled = amount != null) { Text(stringResource(R.string.ok)) } },
        dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.cancel)) } },
    )
}
