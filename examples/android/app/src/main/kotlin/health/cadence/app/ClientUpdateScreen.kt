// A client's newest update, full screen (from "For clinicians"): the core's
// structured clinician update, section by section. An empty section says
// why, from the categories the client granted for it: "not shared" rather
// than disappearing, or "none in this period", so nothing missing looks like
// nothing wrong.
package health.cadence.app

import androidx.annotation.StringRes
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import health.cadence.ClientBundleView
import health.cadence.core.AdherenceUpdate
import health.cadence.core.ClinicianUpdate
import health.cadence.core.ConsentCategory
import health.cadence.core.MoodTrend
import health.cadence.kit.ClientRow
import health.cadence.kit.isoDate

@Composable
internal fun ClientUpdateScreen(row: ClientRow, model: InboxModel) {
    Column(
        Modifier.verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(8.dp),
    ) {
        PageHeader(row.label, stringResource(R.string.close), model::closeClient)
        Text(stringResource(R.string.paired_fingerprint, row.fingerprint), fontFamily = FontFamily.Monospace, style = MaterialTheme.typography.bodySmall)
        val view = row.latest
        if (view == null) {
            Text(stringResource(R.string.inbox_client_no_update))
        } else {
            UpdateHeader(view)
            ReportButtons(row, model)
            UpdateSections(view.update, view.categories.toSet())
        }
    }
}

@Composable
private fun UpdateHeader(view: ClientBundleView) {
    Text(stringResource(R.string.update_period, periodText(view.from, view.to)), style = MaterialTheme.typography.titleMedium)
    val records = view.recordCount.toInt()
    Text(
        pluralStringResource(R.plurals.update_made, records, view.createdAt.local(), view.importedAt.local(), records),
        style = MaterialTheme.typography.bodySmall,
    )
}

/** The update as the clinician report (its charts, only what was shared): written, then opened or shared. */
@Composable
private fun ReportButtons(row: ClientRow, model: InboxModel) {
    val context = LocalContext.current
    Text(stringResource(R.string.inbox_report_explained), style = MaterialTheme.typography.bodySmall)
    Button(onClick = { model.createReport(row) }, enabled = !model.busy) { Text(stringResource(R.string.inbox_report_create)) }
    model.report?.takeIf { it.clientId == row.id }?.let { report ->
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            OutlinedButton(onClick = { context.viewClientReport(report) }) { Text(stringResource(R.string.open)) }
            OutlinedButton(onClick = { context.shareClientReport(report) }) { Text(stringResource(R.string.share)) }
        }
    }
}

@Composable
private fun UpdateSections(update: ClinicianUpdate, shared: Set<ConsentCategory>) {
    fun empty(category: ConsentCategory) = if (category in shared) R.string.update_none else R.string.update_not_shared
    Section(R.string.update_adherence, update.adherence, empty(ConsentCategory.DOSE_LOG)) { AdherenceLines(it) }
    // Flagged doses come with the dose log: none flagged is a count, not "not shared".
    Section(R.string.update_flagged, update.adherence?.let { update.flagged }, empty(ConsentCategory.DOSE_LOG)) { flagged ->
        Text(if (flagged.isEmpty()) stringResource(R.string.update_flagged_none) else pluralStringResource(R.plurals.update_flagged_count, flagged.size, flagged.size))
    }
    Section(R.string.update_side_effects, update.sideEffects.ifEmpty { null }, empty(ConsentCategory.SIDE_EFFECTS)) { effects ->
        for (e in effects) {
            val worst = stringResource(severityLabel(e.worst))
            val latest = stringResource(severityLabel(e.latest))
            Text(stringResource(R.string.update_side_effect, stringResource(symptomLabel(e.symptom)), worst, latest))
            Text(
                pluralStringResource(R.plurals.update_side_effect_days, e.entries.toInt(), periodText(e.firstOn, e.lastOn), e.entries.toInt()),
                style = MaterialTheme.typography.bodySmall,
            )
        }
    }
    Section(R.string.update_mood, update.mood, empty(ConsentCategory.MOOD)) { MoodLines(it) }
    Section(R.string.update_questionnaires, update.questionnaires.ifEmpty { null }, empty(ConsentCategory.QUESTIONNAIRES)) { points ->
        for (p in points) {
            Text(
                stringResource(
                    R.string.update_questionnaire, stringResource(instrumentLabel(p.instrument)), isoDate(p.date).format(DATE),
                    p.total.toInt(), stringResource(bandLabel(p.band)),
                ),
            )
        }
    }
    Section(R.string.update_goals, update.goals.ifEmpty { null }, empty(ConsentCategory.GOALS)) { goals ->
        for (g in goals) {
            val rating = g.latestRating?.let { stringResource(R.string.update_goal_rating, it.toInt()) } ?: stringResource(R.string.update_goal_unrated)
            Text(g.goal, style = MaterialTheme.typography.titleSmall)
            Text(pluralStringResource(R.plurals.update_goal_check_ins, g.checkIns.toInt(), rating, g.checkIns.toInt()), style = MaterialTheme.typography.bodySmall)
        }
    }
    Section(R.string.update_questions, update.questions.ifEmpty { null }, empty(ConsentCategory.SHAREABLE_NOTES)) { questions ->
        for (q in questions) Text(stringResource(R.string.update_question, q))
    }
}

@Composable
private fun AdherenceLines(adherence: AdherenceUpdate) {
    val o = adherence.overall
    val none = stringResource(R.string.update_no_value)
    Text(stringResource(R.string.update_taken, percentText(o.takingPercent) ?: none, o.taken.toInt(), o.due.toInt()))
    Text(stringResource(R.string.update_on_time, percentText(o.timingPercent) ?: none))
    Text(stringResource(R.string.update_skipped_missed, o.skipped.toInt(), o.missed.toInt()))
    val t = adherence.trend
    Text(
        stringResource(
            R.string.update_trend, stringResource(trendLabel(t.direction)), periodText(t.previousFrom, t.previousTo),
            percentText(t.previousPercent) ?: none,
        ),
    )
    val barriers = o.barriers.take(TOP_BARRIERS)
        .map { stringResource(R.string.update_barrier, stringResource(skipLabel(it.reason)), it.count.toInt()) }
        .joinToString()
    Text(if (barriers.isEmpty()) stringResource(R.string.update_barriers_none) else stringResource(R.string.update_barriers, barriers))
    val longest = adherence.holidays.longestDays.toInt()
    if (longest >= 2) Text(stringResource(R.string.update_longest_gap, longest))
}

@Composable
private fun MoodLines(mood: MoodTrend) {
    val none = stringResource(R.string.update_no_value)
    val checkIns = mood.checkIns.toInt()
    Text(pluralStringResource(R.plurals.update_mood_check_ins, checkIns, checkIns))
    Text(
        stringResource(
            R.string.update_mood_halves, mood.firstHalfAverage?.let(::moodText) ?: none, mood.secondHalfAverage?.let(::moodText) ?: none,
        ),
    )
}

/** A titled card: [content] with what was shared, or [empty] (not shared, or none in the period) when [shared] is null. */
@Composable
private fun <T : Any> Section(
    @StringRes title: Int,
    shared: T?,
    @StringRes empty: Int,
    content: @Composable (T) -> Unit,
) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(stringResource(title), style = MaterialTheme.typography.titleMedium)
            if (shared == null) {
                Text(stringResource(empty), style = MaterialTheme.typography.bodySmall)
            } else {
                content(shared)
            }
        }
    }
}

private const val TOP_BARRIERS = 3
