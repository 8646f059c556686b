// A dosing plan as the set-up form and the medicines list speak of it: a
// dose, when in the day (routine moments, clock times, or as needed) and
// which days. Plans the form cannot express (tapers, every 8 hours, cycles)
// read as custom and keep the prescriber's plan untouched.
package health.cadence.kit

import health.cadence.core.AsNeeded
import health.cadence.core.DayRule
import health.cadence.core.Dose
import health.cadence.core.DosingPlan
import health.cadence.core.EventTiming
import health.cadence.core.MaxPerPeriod
import health.cadence.core.PeriodUnit
import health.cadence.core.Timing
import health.cadence.core.TimingBounds
import health.cadence.core.TimingRepeat
import health.cadence.core.ZonePolicy
import java.time.DayOfWeek
import java.time.LocalDate
import java.time.LocalTime
import health.cadence.core.DayOfWeek as CoreDay

/** When in the day doses are due. */
sealed class DoseTimes {
    /**
     * At routine moments (FHIR EventTiming codes, e.g. `CM` with breakfast):
     * the doses move when the person's routine does.
     */
    data class AtMoments(val moments: Set<EventTiming>) : DoseTimes() {
        /** [moments] in the order of a day ([Schedule.MOMENTS] first). */
        val ordered: List<EventTiming> get() = moments.sortedBy { Schedule.dayOrder(it) }
    }

    /** At fixed clock times, read in the zone the person is in. */
    data class AtClockTimes(val times: List<LocalTime>) : DoseTimes()

    /**
     * Only when needed (PRN): no reminders; [maxPerDay] doses in any 24 hours
     * and [minHoursApart] between two, when set.
     */
    data class AsNeeded(val maxPerDay: Int? = null, val minHoursApart: Int? = null) : DoseTimes()
}

/** Which days doses fall on. */
sealed class DayPattern {
    /** Every day. */
    object EveryDay : DayPattern()

    /** On these days of the week only. */
    data class OnWeekdays(val days: Set<DayOfWeek>) : DayPattern()

    /** Every [every] days (2: every other day), counted from [start]. */
    data class EveryNDays(val every: Int, val start: LocalDate) : DayPattern()
}

/**
 * A plan in the form's terms. [times] and [days] are null for plans the
 * form cannot express ([custom]); they are shown as "custom schedule" and
 * changed only by a new plan from the prescriber.
 */
data class Schedule(
    val dose: Dose,
    val times: DoseTimes?,
    val days: DayPattern?,
    /** First day of the plan, if set. */
    val start: LocalDate?,
    /** Last day of the plan, if set. */
    val end: LocalDate?,
    /** Titration or taper steps in the plan. */
    val steps: Int,
) {
    /** The plan has a shape the form cannot edit (steps, intervals, cycles...). */
    val custom: Boolean get() = times == null || days == null || steps > 0

    /** The core's plan for these times and days (ids are assigned when stored). */
    fun toPlan(): DosingPlan {
        val asNeeded = times as? DoseTimes.AsNeeded
        return DosingPlan(
            id = "", medicationId = "", version = 1u, dose = dose, slotDoses = emptyList(),
            timing = Timing(repeat(), dayRule()),
            zonePolicy = ZonePolicy.FollowDevice,
            start = start?.toIso(), end = end?.toIso(), holds = emptyList(), steps = emptyList(),
            stepSwitchTime = "00:00",
            asNeeded = asNeeded?.let {
                AsNeeded(
                    reason = null,
                    maxPerPeriod = it.maxPerDay?.let { n -> MaxPerPeriod(Dose(dose.amount * n, dose.unit), MINUTES_PER_DAY) },
                    maxPerAdministration = null,
                    minIntervalMinutes = it.minHoursApart?.let { h -> (h * 60).toUInt() },
                )
            },
            minIntervalMinutes = null,
        )
    }

    private fun repeat(): TimingRepeat {
        val moments = (times as? DoseTimes.AtMoments)?.ordered.orEmpty()
        val clock = (times as? DoseTimes.AtClockTimes)?.times.orEmpty().sorted().distinct()
        val scheduled = times !is DoseTimes.AsNeeded
        val weekdays = (days as? DayPattern.OnWeekdays)?.days.orEmpty().sorted().map { CoreDay.entries[it.ordinal] }
        return TimingRepeat(
            bounds = null, count = null, countMax = null, duration = null, durationMax = null, durationUnit = null,
            frequency = null, frequencyMax = null,
            period = if (scheduled) 1.0 else null, periodMax = null, periodUnit = if (scheduled) PeriodUnit.DAY else null,
            dayOfWeek = weekdays, timeOfDay = clock.map { it.toWallTime() }, `when` = moments, offset = null,
        )
    }

    private fun dayRule(): DayRule? = (days as? DayPattern.EveryNDays)?.let { DayRule.EveryNDays(it.start.toIso(), it.every.toUInt()) }

    companion object {
        /** The routine moments the form offers, in the order of a day. */
        val MOMENTS: List<EventTiming> = listOf(EventTiming.WAKE, EventTiming.CM, EventTiming.CD, EventTiming.CV, EventTiming.HS)

        private const val MINUTES_PER_DAY = 1440u

        /** Sort key: the offered moments first, in their order, then the rest by code. */
        fun dayOrder(e: EventTiming): Int = MOMENTS.indexOf(e).let { if (it >= 0) it else MOMENTS.size + e.ordinal }

        /** The core's plan in the form's terms. */
        fun of(plan: DosingPlan): Schedule {
            val r = plan.timing.repeat
            // A FHIR boundsPeriod with only a start is the plan's start; an end or a duration is not the form's.
            val openBounds = r.bounds.let { it == null || it is TimingBounds.Period && it.end == null }
            val daily = r.period == 1.0 && r.periodUnit == PeriodUnit.DAY && r.frequency in setOf(null, 1u) &&
                r.offset == null && r.count == null && r.duration == null && r.periodMax == null && openBounds
            val times = when {
                plan.asNeeded != null -> plan.asNeeded?.let { prn(it, plan.dose) }
                !daily -> null
                r.timeOfDay.isNotEmpty() -> DoseTimes.AtClockTimes(r.timeOfDay.map(::wallTime).sorted())
                r.`when`.isNotEmpty() -> DoseTimes.AtMoments(r.`when`.toSet())
                else -> null
            }
            val rule = plan.timing.dayRule
            val days = when {
                rule is DayRule.EveryNDays && r.dayOfWeek.isEmpty() -> DayPattern.EveryNDays(rule.every.toInt(), isoDate(rule.start))
                rule != null -> null
                r.dayOfWeek.isNotEmpty() -> DayPattern.OnWeekdays(r.dayOfWeek.map { DayOfWeek.of(it.ordinal + 1) }.toSet())
                else -> DayPattern.EveryDay
            }
            return Schedule(plan.dose, times, days, plan.start?.let(::isoDate), plan.end?.let(::isoDate), plan.steps.size)
        }

        /** The form's limits, or null when the prescriber's are finer than it can show. */
        private fun prn(a: AsNeeded, dose: Dose): DoseTimes.AsNeeded? {
            if (a.reason != null || a.maxPerAdministration != null) return null
            val perDay = a.maxPerPeriod?.let {
                val n = it.amount.amount / dose.amount
                if (it.periodMinutes != MINUTES_PER_DAY || it.amount.unit != dose.unit || n != Math.rint(n)) return null
                n.toInt()
            }
            val hours = a.minIntervalMinutes?.toInt()?.let { if (it % 60 != 0) return null else it / 60 }
            return DoseTimes.AsNeeded(perDay, hours)
        }
    }
}
