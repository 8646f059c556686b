// The missed-dose guidance sheet: the prescriber's rule applied to a late
// dose, as a headline, the core's plain sentence, and the buttons to act on it.
package health.cadence.kit

import health.cadence.core.CareMember
import health.cadence.core.GuidanceAction
import health.cadence.core.GuidanceReason
import health.cadence.core.Guidance
import health.cadence.core.MemberRole
import health.cadence.core.SkipReason
import java.time.ZonedDateTime

/** A button on the guidance sheet. */
enum class SheetButton {
    /** Log the dose as taken now. */
    TAKE_NOW,

    /** Log the dose as skipped. */
    SKIP_DOSE,

    /** Remind again at [GuidanceSheet.takeAt] (a snooze to that time). */
    REMIND_AT,

    /** Show the prescriber's contact ([GuidanceSheet.contacts]). */
    CONTACT_PRESCRIBER,

    /** Nothing to do; close the sheet. */
    CLOSE,
}

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
            val buttons = when (guidance.action) {
                GuidanceAction.TAKE_NOW -> listOf(SheetButton.TAKE_NOW, SheetButton.SKIP_DOSE)
                GuidanceAction.SKIP_THIS_DOSE -> listOf(SheetButton.SKIP_DOSE, SheetButton.CLOSE)
                GuidanceAction.WAIT_UNTIL -> listOf(SheetButton.REMIND_AT, SheetButton.SKIP_DOSE)
                GuidanceAction.CONTACT_PRESCRIBER -> listOf(SheetButton.CONTACT_PRESCRIBER, SheetButton.SKIP_DOSE)
                GuidanceAction.ALREADY_TAKEN, GuidanceAction.NOT_DUE_YET -> listOf(SheetButton.CLOSE)
            }
            val headline = when (guidance.action) {
                GuidanceAction.TAKE_NOW -> "Take it now"
                GuidanceAction.SKIP_THIS_DOSE -> "Skip this dose"
                GuidanceAction.WAIT_UNTIL -> takeAt?.let { "Wait until %02d:%02d".format(it.hour, it.minute) } ?: "Wait"
                GuidanceAction.CONTACT_PRESCRIBER -> "Contact your prescriber"
                GuidanceAction.ALREADY_TAKEN -> "Already taken"
                GuidanceAction.NOT_DUE_YET -> "Not due yet"
            }
            return GuidanceSheet(
                occurrenceId = guidance.occurrenceId,
                medicationName = medicationName,
                doseText = doseText(p.dose),
                action = guidance.action,
                reason = guidance.reason,
                headline = headline,
                message = guidance.message,
                prescriberNote = guidance.prescriberNote?.takeIf { it.isNotBlank() },
                scheduledAt = p.scheduledAt.atZone(z),
                minutesLate = p.minutesLate,
                latestTakeTime = p.latestTakeTime.atZone(z),
                takeAt = takeAt,
                nextDoseAt = p.nextDoseAt?.atZone(z),
                contacts = careTeam.filter { it.role == MemberRole.PRESCRIBER },
                buttons = buttons,
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
     */
    fun perform(client: CadenceClient, button: SheetButton, skipReason: SkipReason = SkipReason.FORGOT) {
        when (button) {
            SheetButton.TAKE_NOW -> client.take(occurrenceId)
            SheetButton.SKIP_DOSE -> client.skip(occurrenceId, skipReason)
            SheetButton.REMIND_AT -> client.snoozeUntil(occurrenceId, (takeAt ?: return).toInstant())
            SheetButton.CONTACT_PRESCRIBER, SheetButton.CLOSE -> Unit
        }
    }
}
