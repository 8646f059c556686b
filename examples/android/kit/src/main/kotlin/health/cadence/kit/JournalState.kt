// The journal's screens: the entry list by day, the questionnaire form
// (PHQ-9 / GAD-7), and what to show after saving (score, band, escalation).
package health.cadence.kit

import health.cadence.core.CrisisResource
import health.cadence.core.CareContact
import health.cadence.core.Difficulty
import health.cadence.core.EntryDetail
import health.cadence.core.EntryKind
import health.cadence.core.Escalation
import health.cadence.core.EscalationAction
import health.cadence.core.Instrument
import health.cadence.core.JournalEntry
import health.cadence.core.LoggedEntry
import health.cadence.core.SeverityBand
import health.cadence.core.Severity
import health.cadence.core.Symptom
import java.time.LocalDate
import java.time.LocalTime

/** One entry in the journal list; structured so apps word it in their language. */
data class JournalRow(
    val id: String,
    val kind: EntryKind,
    val time: LocalTime,
    /** Mood valence -3..3, for mood entries. */
    val valence: Int?,
    val symptom: Symptom?,
    val severity: Severity?,
    val instrument: Instrument?,
    val total: Int?,
    val band: SeverityBand?,
    /** Shared with the care team when they hold a grant; private otherwise. */
    val shareable: Boolean,
    /** The note, shown only on this device (never in a share unless [shareable]). */
    val note: String,
    val edited: Boolean,
)

/** The entries of one local day, newest first. */
data class JournalDay(val date: LocalDate, val rows: List<JournalRow>)

/** The journal list: days newest first; [nextCursor] loads older entries. */
data class JournalState(val days: List<JournalDay>, val nextCursor: String?) {
    companion object {
        /** The journal of [from]..[to], [pageSize] entries at a time. */
        fun load(client: CadenceClient, from: LocalDate, to: LocalDate, pageSize: Int = 50, cursor: String? = null): JournalState {
            val page = client.journal(from, to, pageSize, cursor)
            val days = page.entries.groupBy { isoDate(it.localDate) }
                .map { (date, entries) -> JournalDay(date, entries.map(::row)) }
            return JournalState(days, page.nextCursor)
        }

        /** The list row for one entry. */
        fun row(e: JournalEntry): JournalRow {
            val d = e.detail
            return JournalRow(
                id = e.id,
                kind = e.kind,
                time = e.occurredAt.atZone(zone(e.zone)).toLocalTime().withSecond(0).withNano(0),
                valence = (d as? EntryDetail.Mood)?.mood?.valence,
                symptom = (d as? EntryDetail.SideEffect)?.sideEffect?.symptom,
                severity = (d as? EntryDetail.SideEffect)?.sideEffect?.severity,
                instrument = e.score?.instrument,
                total = e.score?.total?.toInt(),
                band = e.score?.band,
                shareable = e.shareable,
                note = e.note,
                edited = e.version > 1u,
            )
        }
    }
}

/**
 * The PHQ-9 / GAD-7 form: one answer (0..3) per item. Immutable: [answer]
 * returns the next state. Submit only when [complete]; the core refuses an
 * incomplete questionnaire, and so does [submit].
 */
data class QuestionnaireForm(
    val instrument: Instrument,
    val answers: List<Int?> = List(itemCount(instrument)) { null },
    val difficulty: Difficulty? = null,
) {
    /** Items still unanswered (1-based, as printed on the form). */
    val missingItems: List<Int> get() = answers.indices.filter { answers[it] == null }.map { it + 1 }

    /** Every item answered. */
    val complete: Boolean get() = missingItems.isEmpty()

    /** The running total of the items answered so far. */
    val runningTotal: Int get() = answers.sumOf { it ?: 0 }

    /** Answers item [number] (1-based) with [value] (0 not at all .. 3 nearly every day). */
    fun answer(number: Int, value: Int): QuestionnaireForm {
        if (number !in 1..answers.size) throw CadenceError.InvalidInput("answers", "item $number does not exist")
        if (value !in 0..3) throw CadenceError.InvalidInput("answers[${number - 1}]", "must be 0 to 3")
        return copy(answers = answers.toMutableList().also { it[number - 1] = value })
    }

    /** Answers the closing "how difficult" question (PHQ-9 / GAD-7 item 10). */
    fun difficulty(value: Difficulty): QuestionnaireForm = copy(difficulty = value)

    /** Saves the questionnaire; shareable with the care team by default (they asked for it). */
    fun submit(client: CadenceClient, shareable: Boolean = true): SavedEntry {
        if (!complete) throw CadenceError.InvalidInput("answers", "items ${missingItems.joinToString()} are unanswered")
        return SavedEntry.from(client.logQuestionnaire(instrument, answers.map { it!! }, difficulty, shareable))
    }

    companion object {
        /** Items of an instrument: 9 for PHQ-9, 7 for GAD-7. */
        fun itemCount(instrument: Instrument): Int = when (instrument) {
            Instrument.PHQ9 -> 9
            Instrument.GAD7 -> 7
        }
    }
}

/** What the app shows after a journal entry is saved. */
data class SavedEntry(
    val row: JournalRow,
    /** Score, band and the maximum, for questionnaires. */
    val total: Int?,
    val maxTotal: Int?,
    val band: SeverityBand?,
    /** What the care plan says to do now, most urgent first; empty when nothing. */
    val escalations: List<EscalationCard>,
) {
    /** A crisis card is showing: the app puts it above everything and keeps it until dismissed. */
    val crisis: Boolean get() = escalations.any { it.crisis }

    companion object {
        /** The state for the core's saved entry. */
        fun from(logged: LoggedEntry): SavedEntry {
            val e = logged.entry
            return SavedEntry(
                JournalState.row(e),
                e.score?.total?.toInt(),
                e.score?.maxTotal?.toInt(),
                e.score?.band,
                logged.escalations.map(EscalationCard::from).sortedBy { it.action.ordinal },
            )
        }
    }
}

/**
 * One escalation from the care plan: what to do, the configured contacts,
 * and (for a crisis) the crisis lines. The core holds no phone numbers of
 * its own: every contact here was configured by the person or their team.
 */
data class EscalationCard(
    val action: EscalationAction,
    val message: String,
    val instructions: String,
    val contacts: List<CareContact>,
    val crisisResources: List<CrisisResource>,
) {
    /** Crisis: show the crisis lines first, with one-tap call/text. */
    val crisis: Boolean get() = action == EscalationAction.CRISIS

    companion object {
        /** The card for the core's escalation. */
        fun from(e: Escalation) = EscalationCard(e.action, e.message, e.instructions, e.contacts, e.crisisResources)
    }
}

/** The outcome of a form's save: saved, or the field to mark and why. */
sealed class FormResult {
    /** Saved; show [entry] (and its escalations first). */
    data class Saved(val entry: SavedEntry) : FormResult()

    /** Not saved: mark [field] (the core's dotted path) with [reason]. */
    data class Invalid(val field: String, val reason: String) : FormResult()

    companion object {
        /** Runs a save, turning a rule broken by the input into [Invalid]. */
        fun of(save: () -> LoggedEntry): FormResult = try {
            Saved(SavedEntry.from(save()))
        } catch (e: CadenceError.InvalidInput) {
            Invalid(e.field, e.reason)
        }
    }
}
