// The missed-dose guidance sheet: the prescriber's rule applied to a late
// dose, as a headline, the core's plain sentence, and the buttons to act on
// it (headline and buttons are the core's `guidanceSheetView`).
package health.cadence.kit

import health.cadence.core.CareMember
import health.cadence.core.GuidanceAction
import health.cadence.core.GuidanceReason
import health.cadence.core.Guidance
import health.cadence.core.MemberRole
import health.cadence.core.SheetButton
import health.cadence.core.SkipReason
import health.cadence.defaultSkipReason
import health.cadence.guidanceSheetView
import java.time.ZonedDateTime

/**
 * The guidance sheet for one dose. [headline] and [message] are the default
 * English; apps that localize word it from [action], [reason] and the times.
 */
data class GuidanceSheet(
    val occurrenceId: String,
    val medicationName: String,
    val doseText: String,
    val action: GuidanceAction,
    val reason: GuidanceReason,
    val headline: String,
    /** The core's sentence: what to do and why, from the prescriber's rule. */
    val message: String,
    /** The prescriber's own words for this medication, shown as written. */
    val prescriberNote: String?,
    val scheduledAt: ZonedDateTime,
    val minutesLate: Long,
    /** The latest time the rule allows taking this dose. */
    val latestTakeTime: ZonedDateTime,
    /** When to take it, for "wait until" guidance. */
    val takeAt: ZonedDateTime?,
    val nextDoseAt: ZonedDateTime?,
    /** The prescribers on the care team, for "contact your prescriber". */
    val contacts: List<CareMember>,
    /** The primary button first. */
    val buttons: List<SheetButton>,
) {
    companion object {
        /** The sheet for [guidance] of a dose of [medicationName]. */
        fun from(guidance: Guidance, medicationName: String, careTeam: List<CareMember>): GuidanceSheet {
            val p = guidance.params
            val z = zone(p.zone)
            val takeAt = p.takeAt?.atZone(z)
            val view = guidanceSheetView(guidance)
            return GuidanceSheet(
                occurrenceId = guidance.occurrenceId,
                medicationName = medicationName,
                doseText = doseText(p.dose),
                action = guidance.action,
                reason = guidance.reason,
                headline = view.headline,
                message = guidance.message,
                prescriberNote = guidance.prescriberNote?.takeIf { it.isNotBlank() },
                scheduledAt = p.scheduledAt.atZone(z),
                minutesLate = p.minutesLate,
                latestTakeTime = p.latestTakeTime.atZone(z),
                takeAt = takeAt,
                nextDoseAt = p.nextDoseAt?.atZone(z),
                contacts = careTeam.filter { it.role == MemberRole.PRESCRIBER },
                buttons = view.buttons,
            )
        }

        /** The sheet for one dose, read from [client]. */
        fun load(client: CadenceClient, occurrenceId: String): GuidanceSheet {
            val guidance = client.guidance(occurrenceId)
            val day = guidance.params.scheduledAt.atZone(zone(guidance.params.zone)).toLocalDate()
            val occ = client.occurrences(day, day).firstOrNull { it.id == occurrenceId }
                ?: throw CadenceError.NotFound("dose occurrence")
            return from(guidance, client.medication(occ.medicationId).name, client.careMembers())
        }
    }

    /**
     * Carries out [button] for this dose: logs it, or snoozes the reminder
     * to [takeAt]. CONTACT_PRESCRIBER and CLOSE change nothing in the core.
     * A skip records [skipReason], the core's default unless the app asked.
     */
    fun perform(client: CadenceClient, button: SheetButton, skipReason: SkipReason = defaultSkipReason()) {
        when (button) {
            SheetButton.TAKE_NOW -> client.take(occurrenceId)
            SheetButton.SKIP_DOSE -> client.skip(occurrenceId, skipReason)
            SheetButton.REMIND_AT -> client.snoozeUntil(occurrenceId, (takeAt ?: return).toInstant())
            SheetButton.CONTACT_PRESCRIBER, SheetButton.CLOSE -> Unit
        }
    }
}
