// The form's "when" and "which days": routine moments, clock times or as
// needed, then every day, chosen days of the week or every few days. Each tap
// is a call on the kit's MedicationForm (toggleMoment, addTime, toggleDay...).
package health.cadence.app

import androidx.annotation.StringRes
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.RowScope
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import health.cadence.formLimits
import health.cadence.kit.DayPattern
import health.cadence.kit.DoseTimes
import health.cadence.kit.MedicationForm
import health.cadence.kit.Schedule
import java.time.DayOfWeek
import java.time.LocalTime

private enum class TimesKind(@StringRes val label: Int) {
    MOMENTS(R.string.form_at_moments),
    CLOCK(R.string.form_at_times),
    AS_NEEDED(R.string.form_as_needed),
}

private fun kindOf(times: DoseTimes): TimesKind = when (times) {
    is DoseTimes.AtMoments -> TimesKind.MOMENTS
    is DoseTimes.AtClockTimes -> TimesKind.CLOCK
    is DoseTimes.AsNeeded -> TimesKind.AS_NEEDED
}

/** The other kind, nothing chosen yet: Save waits for a moment or a time. */
private fun emptyTimes(kind: TimesKind): DoseTimes = when (kind) {
    TimesKind.MOMENTS -> DoseTimes.AtMoments(emptySet())
    TimesKind.CLOCK -> DoseTimes.AtClockTimes(emptyList())
    TimesKind.AS_NEEDED -> DoseTimes.AsNeeded()
}

/** What "every few days" starts from when chosen: every other day. */

@Composable
internal fun ScheduleFields(model: MedicinesModel, form: MedicationForm) {
    Text(stringResource(R.string.form_when), style = MaterialTheme.typography.titleSmall)
    val kind = kindOf(form.times)
    ChipRow {
        for (k in TimesKind.entries) {
            FilterChip(
                selected = kind == k,
                onClick = { if (k != kind) model.editForm { it.copy(times = emptyTimes(k)) } },
                label = { Text(stringResource(k.label)) },
            )
        }
    }
    when (val times = form.times) {
        // The offered moments, and any other a prescriber's plan uses (kept as they are).
        is DoseTimes.AtMoments -> ChipRow {
            for (moment in (Schedule.MOMENTS + times.ordered).distinct()) {
                FilterChip(
                    selected = moment in times.moments,
                    onClick = { model.editForm { it.toggleMoment(moment) } },
                    label = { Text(timingText(moment)) },
                )
            }
        }
        is DoseTimes.AtClockTimes -> ClockTimes(model, times)
        is DoseTimes.AsNeeded -> Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            WholeNumberField(times.maxPerDay, R.string.form_max_per_day, Modifier.weight(1f)) { n ->
                model.editForm { f -> f.copy(times = (f.times as? DoseTimes.AsNeeded ?: times).copy(maxPerDay = n)) }
            }
            WholeNumberField(times.minHoursApart, R.string.form_hours_apart, Modifier.weight(1f)) { n ->
                model.editForm { f -> f.copy(times = (f.times as? DoseTimes.AsNeeded ?: times).copy(minHoursApart = n)) }
            }
        }
    }
    Text(stringResource(R.string.form_days), style = MaterialTheme.typography.titleSmall)
    DayFields(model, form.days)
}

@Composable
private fun ClockTimes(model: MedicinesModel, times: DoseTimes.AtClockTimes) {
    for (time in times.times) {
        Row(verticalAlignment = Alignment.CenterVertically) {
            Text(time.format(TIME), modifier = Modifier.weight(1f))
            TextButton(onClick = { model.editForm { it.removeTime(time) } }) { Text(stringResource(R.string.form_remove_time)) }
        }
    }
    val context = LocalContext.current
    val title = stringResource(R.string.form_add_time)
    // The picker opens at the time it is now.
    OutlinedButton(onClick = { pickTime(context, title, LocalTime.now()) { time -> model.editForm { it.addTime(time) } } }) {
        Text(title)
    }
}

@Composable
private fun DayFields(model: MedicinesModel, days: DayPattern) {
    ChipRow {
        FilterChip(
            selected = days == DayPattern.EveryDay,
            onClick = { model.editForm { it.copy(days = DayPattern.EveryDay) } },
            label = { Text(stringResource(R.string.schedule_every_day)) },
        )
        FilterChip(
            selected = days is DayPattern.EveryNDays,
            onClick = { if (days !is DayPattern.EveryNDays) model.editForm { it.copy(days = DayPattern.EveryNDays(formLimits().everyDaysMin.toInt(), it.startsOn)) } },
            label = { Text(stringResource(R.string.form_every_few_days)) },
        )
    }
    if (days is DayPattern.EveryNDays) {
        // Counted from the start date (the kit sets it on save).
        WholeNumberField(days.every.takeIf { it > 0 }, R.string.form_every_n_days, Modifier) { n ->
            model.editForm { f -> f.copy(days = DayPattern.EveryNDays(n ?: 0, f.startsOn)) }
        }
    } else {
        ChipRow {
            for (day in DayOfWeek.values()) {
                FilterChip(
                    selected = days == DayPattern.EveryDay || days is DayPattern.OnWeekdays && day in days.days,
                    onClick = { model.editForm { it.toggleDay(day) } },
                    label = { Text(dayLabel(day)) },
                )
            }
        }
    }
}

/** Digits only; blank is "not set" (null). */
@Composable
private fun WholeNumberField(value: Int?, @StringRes label: Int, modifier: Modifier, onValue: (Int?) -> Unit) {
    OutlinedTextField(
        value = value?.toString().orEmpty(),
        onValueChange = { onValue(wholeNumber(it)) },
        label = { Text(stringResource(label)) },
        keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Number),
        singleLine = true,
        modifier = modifier,
    )
}

@Composable
private fun ChipRow(content: @Composable RowScope.() -> Unit) {
    Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(4.dp), content = content)
}
