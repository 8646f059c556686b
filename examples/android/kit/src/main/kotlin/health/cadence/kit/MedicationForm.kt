// The set-up form for a medication: what it is, the dose, when in the day
// and which days. Saving adds the medication and its plan in one step (an
// invalid plan stores nothing); the same form changes a schedule from a date.
// The fields as typed are read by the core (`readMedicationFields`), and the
// plan they describe, and what is wrong with it, are the core's too
// (`Schedule.toPlan`).
package health.cadence.kit

import health.cadence.core.Dose
import health.cadence.core.DoseForm
import health.cadence.core.EventTiming
import health.cadence.core.MedicationInput
import health.cadence.core.Strength
import health.cadence.CadenceException
import health.cadence.core.MedicationFields
import health.cadence.core.ReadFields
import health.cadence.defaultDoseUnit
import health.cadence.readMedicationFields
import java.time.DayOfWeek
import java.time.LocalDate
import java.time.LocalTime

/** What saving the form did. */
sealed class MedicationResult {
    /** Saved: the medication as the medicines list now shows it. */
    data class Saved(val row: MedicineRow) : MedicationResult()

    /**
     * Not saved: [field] is wrong for [reason] (the core's field names:
     * `medication.name`, `dose.amount`, `times.moments`, `days.every`,
     * `effective_from`...); nothing was stored.
     */
    data class Invalid(val field: String, val reason: String) : MedicationResult()
}

/**
 * The form's fields as typed. Numbers stay text until [submit], so the
 * person's "0,5" or "" is checked once, with a field-named error.
 */
data class MedicationForm(
    val name: String = "",
    val form: DoseForm = DoseForm.TABLET,
    /** Strength per unit as typed ("50"); blank when not known. */
    val strength: String = "",
    val strengthUnit: String = "mg",
    /** Amount per dose as typed ("1", "0.5"). */
    val dose: String = "1",
    val doseUnit: String = defaultUnit(DoseForm.TABLET),
    val times: DoseTimes = DoseTimes.AtMoments(setOf(EventTiming.CM)),
    val days: DayPattern = DayPattern.EveryDay,
    /** The day the schedule starts (and, when changing, the day the change takes effect). */
    val startsOn: LocalDate,
    val instructions: String = "",
) {
    /** A new form; the dose unit follows the form ("tablet", "ml", "puff"...) unless changed by hand. */
    fun withForm(value: DoseForm): MedicationForm =
        copy(form = value, doseUnit = if (doseUnit == defaultUnit(form)) defaultUnit(value) else doseUnit)

    /** Ticks or unticks a routine moment (switching to moments if clock times were chosen). */
    fun toggleMoment(moment: EventTiming): MedicationForm {
        val current = (times as? DoseTimes.AtMoments)?.moments.orEmpty()
        return copy(times = DoseTimes.AtMoments(if (moment in current) current - moment else current + moment))
    }

    /** Adds a clock time (switching to clock times if moments were chosen); seconds are dropped. */
    fun addTime(time: LocalTime): MedicationForm {
        val current = (times as? DoseTimes.AtClockTimes)?.times.orEmpty()
        return copy(times = DoseTimes.AtClockTimes((current + time.withSecond(0).withNano(0)).distinct().sorted()))
    }

    /** Removes a clock time. */
    fun removeTime(time: LocalTime): MedicationForm {
        val current = (times as? DoseTimes.AtClockTimes)?.times.orEmpty()
        return copy(times = DoseTimes.AtClockTimes(current - time))
    }

    /** Ticks or unticks a day of the week (switching to weekdays; all seven is every day). */
    fun toggleDay(day: DayOfWeek): MedicationForm {
        val current = when (val d = days) {
            is DayPattern.OnWeekdays -> d.days
            else -> DayOfWeek.values().toSet()
        }
        val next = if (day in current) current - day else current + day
        return copy(days = if (next.size == DayOfWeek.values().size) DayPattern.EveryDay else DayPattern.OnWeekdays(next))
    }

    /** Save is enabled: a name, numbers where numbers go, and a schedule the core takes. */
    val canSave: Boolean
        get() = problem() == null && try {
            schedule().toPlan()
            true
        } catch (e: CadenceError.InvalidInput) {
            false
        }

    /**
     * Adds the medication with its plan. Bad fields come back as
     * [MedicationResult.Invalid]; other core errors ([CadenceError]) are thrown.
     */
    fun submit(client: CadenceClient): MedicationResult = checked { schedule ->
        val input = MedicationInput(
            name = name.trim(), strength = strength(), form = form, instructions = instructions.trim(),
            prescriberNotes = "", expectedOnset = null, startedOn = startsOn.toIso(),
        )
        MedicinesState.row(client, client.addMedicationWithPlan(input, schedule.toPlan()).medication)
    }

    /**
     * Changes [row]'s schedule from [startsOn]: doses before then keep their
     * times and history. The name and strength are not changed.
     */
    fun changeSchedule(client: CadenceClient, row: MedicineRow): MedicationResult = checked { schedule ->
        val planId = row.plan?.id ?: throw CadenceError.InvalidInput("plan", "this medication has no schedule to change")
        client.updatePlan(planId, schedule.copy(start = startsOn).toPlan(), startsOn)
        MedicinesState.row(client, row.medication)
    }

    /**
     * Saves the schedule the fields describe, or names the first field that
     * is wrong: the typed text here, the schedule by the core.
     */
    private fun checked(save: (Schedule) -> MedicineRow): MedicationResult {
        problem()?.let { (field, reason) -> return MedicationResult.Invalid(field, reason) }
        return try {
            MedicationResult.Saved(save(schedule()))
        } catch (e: CadenceError.InvalidInput) {
            MedicationResult.Invalid(e.field, e.reason)
        }
    }

    /** The schedule the fields describe; every N days count from [startsOn]. */
    private fun schedule(): Schedule {
        val days = days.let { if (it is DayPattern.EveryNDays) it.copy(start = startsOn) else it }
        val dose = try {
            read().dose
        } catch (e: CadenceError.InvalidInput) {
            Dose(0.0, doseUnit.trim()) // problem() names the field first
        }
        return Schedule(dose, times, days, startsOn, null)
    }

    /** The typed fields as the core reads them; a wrong one is InvalidInput naming it. */
    private fun read(): ReadFields = try {
        readMedicationFields(MedicationFields(name, strength, strengthUnit, dose, doseUnit))
    } catch (e: CadenceException) {
        throw CadenceError.from(e)
    }

    /** The first typed field that is not readable, by the core's field name and reason. */
    private fun problem(): Pair<String, String>? = try {
        read()
        null
    } catch (e: CadenceError.InvalidInput) {
        e.field to e.reason
    }

    private fun strength(): Strength? = read().strength

    companion object {
        /** The unit a dose of [form] is counted in (the core's `defaultDoseUnit`). */
        fun defaultUnit(form: DoseForm): String = defaultDoseUnit(form)

        /**
         * The form filled in from [row] to change its schedule from [from]
         * (or from [MedicineRow.changeableFrom] if that is later: a dose
         * already due is never re-timed), or null when the plan is
         * [Schedule.custom] (a taper, an interval...): the prescriber's plan
         * is not re-entered by hand.
         */
        fun changing(row: MedicineRow, from: LocalDate): MedicationForm? {
            val s = row.schedule ?: return null
            if (s.custom) return null
            val m = row.medication
            return MedicationForm(
                name = m.name, form = m.form,
                strength = m.strength?.amount?.let(::plain).orEmpty(), strengthUnit = m.strength?.unit ?: "mg",
                dose = plain(s.dose.amount), doseUnit = s.dose.unit,
                times = s.times ?: return null, days = s.days ?: return null,
                startsOn = maxOf(from, row.changeableFrom ?: from), instructions = m.instructions,
            )
        }

        /** 1.0 as "1", 0.5 as "0.5". */
        private fun plain(value: Double): String =
            if (value == Math.rint(value) && Math.abs(value) < 1e15) value.toLong().toString() else value.toString()
    }
}
