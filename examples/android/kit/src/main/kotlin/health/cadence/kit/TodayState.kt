// The Today screen's state: doses grouped by routine moment, each with its
// status badge and the actions that make sense for it right now.
package health.cadence.kit

import health.cadence.core.Dose
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

/** The status badge of one dose row; apps map it to colour, icon and words. */
enum class DoseBadge {
    /** Not yet due. */
    UPCOMING,

    /** Due now: its scheduled time is close or has just come. */
    DUE,

    /** Past its scheduled time, still inside the rule's window: take it, or open guidance. */
    LATE,

    /** Taken within the on-time window. */
    TAKEN_ON_TIME,

    /** Taken, but late (or early). */
    TAKEN_LATE,

    /** Skipped on purpose. */
    SKIPPED,

    /** Past the rule's window and not logged. */
    MISSED,
}

/** An action button on a dose row. */
enum class DoseRowAction { TAKE, SKIP, SNOOZE, GUIDANCE, UNDO }

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
    /** Buttons in display order; the first is the primary one. */
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
    /** The dose the screen should point at: the first due or late one, else the next upcoming. */
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
            val focus = rows.firstOrNull { it.badge == DoseBadge.DUE || it.badge == DoseBadge.LATE }
                ?: rows.firstOrNull { it.badge == DoseBadge.UPCOMING }
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
            val badge = when (status) {
                is OccurrenceStatus.Upcoming -> DoseBadge.UPCOMING
                is OccurrenceStatus.Due -> if (status.minutesOverdue > 0) DoseBadge.LATE else DoseBadge.DUE
                is OccurrenceStatus.Taken -> if (status.onTime) DoseBadge.TAKEN_ON_TIME else DoseBadge.TAKEN_LATE
                is OccurrenceStatus.Skipped -> DoseBadge.SKIPPED
                is OccurrenceStatus.Missed -> DoseBadge.MISSED
            }
            val actions = when (badge) {
                DoseBadge.UPCOMING -> listOf(DoseRowAction.TAKE, DoseRowAction.SKIP)
                DoseBadge.DUE -> listOf(DoseRowAction.TAKE, DoseRowAction.SNOOZE, DoseRowAction.SKIP)
                DoseBadge.LATE -> listOf(DoseRowAction.TAKE, DoseRowAction.GUIDANCE, DoseRowAction.SNOOZE, DoseRowAction.SKIP)
                DoseBadge.MISSED -> listOf(DoseRowAction.GUIDANCE, DoseRowAction.SKIP)
                DoseBadge.TAKEN_ON_TIME, DoseBadge.TAKEN_LATE, DoseBadge.SKIPPED -> listOf(DoseRowAction.UNDO)
            }
            return DoseRow(
                occurrenceId = occ.id,
                medicationId = occ.medicationId,
                medicationName = d.medicationName,
                doseText = doseText(occ.dose),
                dose = occ.dose,
                time = offsetDateTime(occ.local).toLocalTime(),
                scheduledAt = occ.utc,
                badge = badge,
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
                actions = actions,
            )
        }
    }
}

/** "100 mg", "0.5 tablet", "2.5 mL": the amount without a needless ".0". */
fun doseText(dose: Dose): String {
    val amount = if (dose.amount % 1.0 == 0.0) dose.amount.toLong().toString() else dose.amount.toString()
    return "$amount ${dose.unit}"
}
