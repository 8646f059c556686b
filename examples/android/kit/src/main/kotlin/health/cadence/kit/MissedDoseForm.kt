// The prescriber's missed-dose plan for a medication, as the person copies it
// from their prescriber's or pharmacist's instructions: one of the core's
// patterns with its hours or days, and the prescriber's note. The guidance
// sheet then follows it; the limits already on the rule are kept.
package health.cadence.kit

import health.cadence.core.MissedDosePattern
import health.cadence.core.MissedDoseRule
import health.cadence.missedDoseDefaults

/** The patterns the form offers, one per core [MissedDosePattern]. */
enum class MissedDoseKind {
    /** Take it when remembered unless the next dose is near (the default). */
    GENERAL,

    /** Take it only within a few hours of its time (progestogen-only pill). */
    NARROW_WINDOW,

    /** Take it even if that means two in a day, within a time (combined pill). */
    TAKE_EVEN_IF_TWO,

    /** Take it unless it is more than some hours late (sertraline). */
    SKIP_IF_LATE,

    /** Weekly doses: within some days, keeping a gap before the next (semaglutide). */
    WEEKLY_WINDOW,

    /** Call the prescriber after some missed doses in a row (lamotrigine). */
    CONTACT_PRESCRIBER_AFTER_MISSED;

    companion object {
        /** The kind of a core pattern. */
        fun of(pattern: MissedDosePattern): MissedDoseKind = when (pattern) {
            is MissedDosePattern.General -> GENERAL
            is MissedDosePattern.NarrowWindow -> NARROW_WINDOW
            is MissedDosePattern.TakeEvenIfTwo -> TAKE_EVEN_IF_TWO
            is MissedDosePattern.SkipIfLate -> SKIP_IF_LATE
            is MissedDosePattern.WeeklyWindow -> WEEKLY_WINDOW
            is MissedDosePattern.ContactPrescriberAfterMissed -> CONTACT_PRESCRIBER_AFTER_MISSED
        }
    }
}

/**
 * The missed-dose plan being edited for [medicationId]. [rule] is the
 * medication's current rule (its limits are kept as they are); [pattern]
 * and [note] are what the form changes.
 */
data class MissedDoseForm(
    val medicationId: String,
    val rule: MissedDoseRule,
    val pattern: MissedDosePattern = rule.pattern,
    val note: String = rule.note,
) {
    val kind: MissedDoseKind get() = MissedDoseKind.of(pattern)

    /** Switches to [kind] with its usual parameters (kept when it is already the kind). */
    fun withKind(kind: MissedDoseKind): MissedDoseForm =
        if (kind == this.kind) this else copy(pattern = defaults(kind))

    /** Saves the plan: the guidance sheet follows it from now on. Bad parameters come back as Invalid. */
    fun save(client: CadenceClient, row: MedicineRow): MedicationResult = try {
        client.setMissedDoseRule(medicationId, rule.copy(pattern = pattern, note = note.trim()))
        MedicationResult.Saved(MedicinesState.row(client, row.medication))
    } catch (e: CadenceError.InvalidInput) {
        MedicationResult.Invalid(e.field, e.reason)
    }

    companion object {
        /** The form for [row]'s current rule (the core's general rule when none was set). */
        fun of(row: MedicineRow): MissedDoseForm = MissedDoseForm(row.id, row.missedDoseRule)

        /** Each pattern with the parameters of its textbook example (the core's `missedDoseDefaults`). */
        fun defaults(kind: MissedDoseKind): MissedDosePattern =
            missedDoseDefaults().first { MissedDoseKind.of(it) == kind }
    }
}
