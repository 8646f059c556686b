// The Today screen's state: doses grouped by routine moment, each with its
// status badge and the actions that make sense for it right now (both the
// core's: `TodayDose.badge`, `TodayDose.actions`).
package health.cadence.kit

import health.cadence.core.Dose
import health.cadence.core.DoseRowAction
import health.cadence.core.DoseBadge
import health.cadence.core.NeedsSchedule
import health.cadence.core.OccurrenceStatus
import health.cadence.core.RoutineEvent
import health.cadence.core.SkipReason
import health.cadence.core.TodayDose
import health.cadence.core.TodayView
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import java.time.ZoneId

/** One dose on Today. */
data class DoseRow(
    val occurrenceId: String,
    val medicationId: String,
    val medicationName: String,
    /** The dose as the core states it ("100 mg"); amount and unit are in [dose]. */
    val doseText: String,
    val dose: Dose,
    /** Scheduled wall time in the dose's zone. */
    val time: LocalTime,
    val scheduledAt: Instant,
    val badge: DoseBadge,
    /** Minutes past the scheduled time (negative: ahead), for Due/Late/Missed. */
    val minutesLate: Long?,
    val takenAt: Instant?,
    /** The latest time the rule allows taking it, when it sets one. */
    val takeBy: Instant?,
    val skipReason: SkipReason?,
    /** The log entry to undo, when logged. */
    val logEntryId: String?,
    /** Buttons in display order; the first is the primary one (the core's rule). */
    val actions: List<DoseRowAction>,
)

/** Doses of one routine moment ("Breakfast, 08:00"). */
data class TodaySection(val moment: RoutineEvent, val time: LocalTime, val rows: List<DoseRow>)

/** The whole Today screen. */
data class TodayState(
    val date: LocalDate,
    val zone: ZoneId,
    val sections: List<TodaySection>,
    val taken: Int,
    val scheduled: Int,
    /** The dose the screen should point at (the core's `TodayView.focus`): the first due or late one, else the next upcoming. */
    val focus: DoseRow?,
    /**
     * Prescriptions kept as the prescriber wrote them, without a schedule yet ("take one tablet
     * daily as directed"): no reminders; show the text and offer the set-up form for the plan.
     */
    val needsSchedule: List<NeedsSchedule> = emptyList(),
) {
    /** Nothing scheduled today and nothing waiting for a schedule (an empty state, not an error). */
    val isEmpty: Boolean get() = sections.isEmpty() && needsSchedule.isEmpty()

    /** All doses of the day logged (taken or skipped). */
    val allDone: Boolean
        get() = sections.isNotEmpty() && sections.all { s -> s.rows.all { it.logEntryId != null } }

    companion object {
        /** The state for the core's Today view. */
        fun from(view: TodayView): TodayState {
            val sections = view.groups.map { g ->
                TodaySection(g.moment, wallTime(g.time), g.doses.map(::row))
            }
            val rows = sections.flatMap { it.rows }
            val focus = view.focus?.let { id -> rows.firstOrNull { it.occurrenceId == id } }
            return TodayState(
                isoDate(view.date), zone(view.zone), sections,
                view.takenCount.toInt(), view.scheduledCount.toInt(), focus, view.needsSchedule,
            )
        }

        /** Today's state, read from [client]. */
        fun load(client: CadenceClient): TodayState = from(client.today())

        private fun row(d: TodayDose): DoseRow {
            val occ = d.occurrence
            val status = d.status
            return DoseRow(
                occurrenceId = occ.id,
                medicationId = occ.medicationId,
                medicationName = d.medicationName,
                doseText = doseText(occ.dose),
                dose = occ.dose,
                time = offsetDateTime(occ.local).toLocalTime(),
                scheduledAt = occ.utc,
                badge = d.badge,
                minutesLate = when (status) {
                    is OccurrenceStatus.Due -> status.minutesOverdue
                    is OccurrenceStatus.Missed -> status.minutesOverdue
                    is OccurrenceStatus.Taken -> status.minutesLate
                    else -> null
                },
                takenAt = (status as? OccurrenceStatus.Taken)?.at,
                takeBy = (status as? OccurrenceStatus.Due)?.takeBy,
                skipReason = (status as? OccurrenceStatus.Skipped)?.reason,
                logEntryId = d.logEntryId,
                actions = d.actions,
            )
        }
    }
}

/** "100 mg", "0.5 tablet", "2.5 mL": the amount without a needless ".0". */
fun doseText(dose: Dose): String {
    val amount = if (dose.amount % 1.0 == 0.0) dose.amount.toLong().toString() else dose.amount.toString()
    return "$amount ${dose.unit}"
}
