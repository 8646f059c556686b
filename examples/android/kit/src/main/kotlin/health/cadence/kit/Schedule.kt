// A dosing plan as the set-up form and the medicines list speak of it: a
// dose, when in the day (routine moments, clock times, or as needed) and
// which days. The core owns the mapping both ways (`planForm`,
// `planFromForm`): what reads as custom (tapers, every 8 hours, cycles...,
// left to the prescriber) and what the form refuses. This file only puts
// the core's form in java.time terms.
package health.cadence.kit

import health.cadence.CadenceException
import health.cadence.core.Dose
import health.cadence.core.DosingPlan
import health.cadence.core.DosingPlanInput
import health.cadence.core.EventTiming
import health.cadence.core.FormDays
import health.cadence.core.FormTimes
import health.cadence.core.PlanForm
import health.cadence.formMoments
import health.cadence.momentsInDayOrder
import health.cadence.planForm
import health.cadence.planFromForm
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
        /** [moments] in the order of a day ([Schedule.MOMENTS] first; the core's order). */
        val ordered: List<EventTiming> get() = momentsInDayOrder(moments.toList())
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
) {
    /** The plan has a shape the form cannot edit (steps, intervals, cycles...): the core said so. */
    val custom: Boolean get() = times == null || days == null

    /**
     * The core's plan for these times and days (ids are assigned when
     * stored). A field the core refuses is [CadenceError.InvalidInput]
     * naming the form's field (`times.moments`, `days.every`...).
     */
    fun toPlan(): DosingPlanInput {
        val form = PlanForm(
            dose,
            times?.let(::formTimes) ?: throw CadenceError.InvalidInput("times", CUSTOM),
            days?.let(::formDays) ?: throw CadenceError.InvalidInput("days", CUSTOM),
            start?.toIso(), end?.toIso(),
        )
        return try {
            planFromForm(form)
        } catch (e: CadenceException) {
            throw CadenceError.from(e)
        }
    }

    companion object {
        /** The routine moments the form offers, in the order of a day (the core's list). */
        val MOMENTS: List<EventTiming> = formMoments()

        private const val CUSTOM = "a custom schedule is changed by the prescriber"

        /** The core's plan in the form's terms; custom when the core finds no form for it. */
        fun of(plan: DosingPlan): Schedule {
            val form = planForm(plan)
                ?: return Schedule(plan.dose, null, null, plan.start?.let(::isoDate), plan.end?.let(::isoDate))
            return Schedule(form.dose, doseTimes(form.times), dayPattern(form.days), form.start?.let(::isoDate), form.end?.let(::isoDate))
        }
    }
}

/** A count as the core takes it: a negative one becomes 0, which the core refuses by field. */
private fun count(n: Int): UInt = n.coerceAtLeast(0).toUInt()

/** A count from the core (at most [Int.MAX_VALUE]). */
private fun count(n: UInt): Int = n.coerceAtMost(Int.MAX_VALUE.toUInt()).toInt()

private fun formTimes(t: DoseTimes): FormTimes = when (t) {
    is DoseTimes.AtMoments -> FormTimes.AtMoments(t.moments.toList())
    is DoseTimes.AtClockTimes -> FormTimes.AtClockTimes(t.times.map { it.toWallTime() })
    is DoseTimes.AsNeeded -> FormTimes.AsNeeded(t.maxPerDay?.let(::count), t.minHoursApart?.let(::count))
}

private fun doseTimes(t: FormTimes): DoseTimes = when (t) {
    is FormTimes.AtMoments -> DoseTimes.AtMoments(t.moments.toSet())
    is FormTimes.AtClockTimes -> DoseTimes.AtClockTimes(t.clockTimes.map(::wallTime))
    is FormTimes.AsNeeded -> DoseTimes.AsNeeded(t.maxPerDay?.let(::count), t.minHoursApart?.let(::count))
}

private fun formDays(d: DayPattern): FormDays = when (d) {
    DayPattern.EveryDay -> FormDays.EveryDay
    is DayPattern.OnWeekdays -> FormDays.OnWeekdays(d.days.map { CoreDay.entries[it.ordinal] })
    is DayPattern.EveryNDays -> FormDays.EveryNDays(count(d.every), d.start.toIso())
}

private fun dayPattern(d: FormDays): DayPattern = when (d) {
    FormDays.EveryDay -> DayPattern.EveryDay
    is FormDays.OnWeekdays -> DayPattern.OnWeekdays(d.weekdays.map { DayOfWeek.of(it.ordinal + 1) }.toSet())
    is FormDays.EveryNDays -> DayPattern.EveryNDays(count(d.every), isoDate(d.start))
}
