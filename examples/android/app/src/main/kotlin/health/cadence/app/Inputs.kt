// Inputs the set-up screens share: a page header with its way back, the
// phone's own time and date pickers, and an amount typed in a dialog that says
// when the text is not one. Reading the input is all they do: what is allowed
// is the kit's.
package health.cadence.app

import android.app.DatePickerDialog
import android.app.TimePickerDialog
import android.content.Context
import android.text.format.DateFormat
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
import java.time.ZoneId

/** "2.5" or "2,5"; null unless a finite number (its sign is the core's to judge). */
internal fun parseAmount(text: String): Double? = text.trim().replace(',', '.').toDoubleOrNull()?.takeIf { it.isFinite() }

/** A whole-number field's text: digits only (blank stays blank). */
internal fun wholeNumber(text: String): Int? = digitsOnly(text).toIntOrNull()

/** What a whole-number field keeps of the text typed: its digits, at most [MAX_DIGITS]. */
internal fun digitsOnly(text: String): String = text.filter(Char::isDigit).take(MAX_DIGITS)

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

/**
 * Shows the phone's time picker at [initial], on a 24-hour or 12-hour clock as
 * the phone is set; [onTime] gets the time chosen (nothing when cancelled).
 */
internal fun pickTime(context: Context, title: String, initial: LocalTime, onTime: (LocalTime) -> Unit) {
    val dialog = TimePickerDialog(
        context,
        { _, hour, minute -> onTime(LocalTime.of(hour, minute)) },
        initial.hour,
        initial.minute,
        DateFormat.is24HourFormat(context),
    )
    dialog.setTitle(title)
    dialog.show()
}

/**
 * Shows the phone's date picker at [initial], with no day before [earliest]
 * (display only: the kit checks the date again); [onDate] gets the date
 * chosen (nothing when cancelled).
 */
internal fun pickDate(context: Context, initial: LocalDate, earliest: LocalDate? = null, onDate: (LocalDate) -> Unit) {
    // The picker counts months from 0, java.time from 1.
    val dialog = DatePickerDialog(
        context,
        { _, year, month, day -> onDate(LocalDate.of(year, month + 1, day)) },
        initial.year,
        initial.monthValue - 1,
        initial.dayOfMonth,
    )
    // The picker reads milliseconds in the phone's zone: the start of that day there.
    earliest?.let { dialog.datePicker.minDate = it.atStartOfDay(ZoneId.systemDefault()).toInstant().toEpochMilli() }
    dialog.show()
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
