// The Journal tab: a quick mood entry, the PHQ-9 form, the day's entries,
// and after a save the score and the care plan's escalations, crisis first.
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
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringArrayResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import health.cadence.core.CareContact
import health.cadence.core.Difficulty
import health.cadence.kit.EscalationCard
import health.cadence.kit.JournalRow
import health.cadence.kit.QuestionnaireForm
import health.cadence.kit.SavedEntry

@Composable
internal fun JournalScreen(model: AppModel) {
    LaunchedEffect(Unit) { model.loadJournal() }
    val journal = model.journal
    LazyColumn(contentPadding = PaddingValues(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        item { MoodQuickEntry(model) }
        item { QuestionnaireCard(model.questionnaire, model) }
        for (day in journal?.days.orEmpty()) {
            item(key = day.date.toString()) {
                Text(day.date.format(DATE), style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 8.dp))
            }
            items(day.rows, key = { it.id }) { JournalLine(it) }
        }
    }
}

@Composable
private fun MoodQuickEntry(model: AppModel) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp)) {
            Text(stringResource(R.string.mood_question), style = MaterialTheme.typography.titleMedium)
            Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                for (valence in -3..3) {
                    OutlinedButton(onClick = { model.logMood(valence) }) { Text(if (valence > 0) "+$valence" else "$valence") }
                }
            }
            Text(stringResource(R.string.mood_scale), style = MaterialTheme.typography.bodySmall)
        }
    }
}

/** PHQ-9: nine items answered 0..3, the closing difficulty question, and submit. */
@Composable
private fun QuestionnaireCard(form: QuestionnaireForm, model: AppModel) {
    val items = stringArrayResource(R.array.phq9_items)
    val answers = stringArrayResource(R.array.phq_answers)
    val difficulties = stringArrayResource(R.array.phq_difficulty)
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(stringResource(R.string.phq9_title), style = MaterialTheme.typography.titleMedium)
            Text(stringResource(R.string.phq9_stem))
            form.answers.forEachIndexed { index, answer ->
                Text("${index + 1}. ${items[index]}")
                Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                    answers.forEachIndexed { value, label ->
                        FilterChip(selected = answer == value, onClick = { model.answer(index + 1, value) }, label = { Text(label) })
                    }
                }
            }
            Text(stringResource(R.string.phq_difficulty_question))
            Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                Difficulty.entries.forEachIndexed { i, difficulty ->
                    FilterChip(selected = form.difficulty == difficulty, onClick = { model.difficulty(difficulty) }, label = { Text(difficulties[i]) })
                }
            }
            Text(stringResource(R.string.phq_total, form.runningTotal))
            if (!form.complete) Text(stringResource(R.string.phq_missing, form.missingItems.joinToString()))
            Button(onClick = model::submitQuestionnaire, enabled = form.complete) { Text(stringResource(R.string.save)) }
        }
    }
}

@Composable
private fun JournalLine(row: JournalRow) {
    val valence = row.valence
    val total = row.total
    val symptom = row.symptom
    // Entry kinds are shown by their enum names here; a real app words them.
    val detail = when {
        valence != null -> stringResource(R.string.journal_mood, valence)
        total != null -> stringResource(
            R.string.journal_score, row.instrument?.let { stringResource(instrumentLabel(it)) }.orEmpty(), total,
            row.band?.let { stringResource(bandLabel(it)) }.orEmpty(),
        )
        symptom != null -> listOfNotNull(stringResource(symptomLabel(symptom)), row.severity?.let { stringResource(severityLabel(it)) }).joinToString(" · ")
        else -> row.kind.name.lowercase().replace('_', ' ')
    }
    Column {
        Text("${row.time.format(TIME)} · $detail")
        if (row.note.isNotBlank()) Text(row.note, style = MaterialTheme.typography.bodySmall)
        Text(stringResource(if (row.shareable) R.string.journal_shareable else R.string.journal_private), style = MaterialTheme.typography.labelSmall)
    }
}

/** After a save: the score, and what the care plan says to do, crisis first. */
@Composable
internal fun SavedDialog(saved: SavedEntry, model: AppModel) {
    AlertDialog(
        // A crisis card stays until the person closes it with the button.
        onDismissRequest = { if (!saved.crisis) model.dismissSaved() },
        title = { Text(stringResource(R.string.saved_title)) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                val total = saved.total
                val max = saved.maxTotal
                if (total != null && max != null) {
                    Text(stringResource(R.string.saved_score, total, max, saved.band?.let { stringResource(bandLabel(it)) }.orEmpty()))
                }
                for (card in saved.escalations) EscalationView(card)
            }
        },
        confirmButton = { TextButton(onClick = model::dismissSaved) { Text(stringResource(R.string.close)) } },
    )
}

@Composable
private fun EscalationView(card: EscalationCard) {
    val context = LocalContext.current
    val container = if (card.crisis) MaterialTheme.colorScheme.errorContainer else MaterialTheme.colorScheme.secondaryContainer
    Card(colors = CardDefaults.cardColors(containerColor = container), modifier = Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(card.message, style = MaterialTheme.typography.titleSmall)
            if (card.instructions.isNotBlank()) Text(card.instructions)
            for (line in card.crisisResources) {
                Text(line.name, style = MaterialTheme.typography.titleSmall)
                if (line.availability.isNotBlank()) Text(line.availability, style = MaterialTheme.typography.bodySmall)
                Row {
                    if (line.phone.isNotBlank()) Button(onClick = { context.dial(line.phone) }) { Text(stringResource(R.string.call)) }
                    if (line.textNumber.isNotBlank()) TextButton(onClick = { context.text(line.textNumber) }) { Text(stringResource(R.string.text)) }
                    if (line.url.isNotBlank()) TextButton(onClick = { context.browse(line.url) }) { Text(stringResource(R.string.open)) }
                }
            }
            for (contact in card.contacts) CareContactLine(contact)
        }
    }
}

@Composable
private fun CareContactLine(contact: CareContact) {
    val context = LocalContext.current
    Row(verticalAlignment = Alignment.CenterVertically) {
        Text(contact.name, modifier = Modifier.weight(1f))
        if (contact.phone.isNotBlank()) TextButton(onClick = { context.dial(contact.phone) }) { Text(stringResource(R.string.call)) }
        if (contact.email.isNotBlank()) TextButton(onClick = { context.email(contact.email) }) { Text(stringResource(R.string.email)) }
    }
}
