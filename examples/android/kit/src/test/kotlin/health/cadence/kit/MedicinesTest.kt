// Setting up medications and the routine from the app: the form, what it
// stores (all or nothing), schedule changes from a date, the medicines list,
// supply, and the routine moments doses move with.
package health.cadence.kit

import health.cadence.core.DoseBadge
import health.cadence.core.DayKind
import health.cadence.core.DoseForm
import health.cadence.core.EventTiming
import health.cadence.core.GuidanceAction
import health.cadence.core.MissedDosePattern
import health.cadence.core.RoutineEvent
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import java.time.DayOfWeek
import java.time.LocalDate
import java.time.LocalTime
import java.util.Random

class MedicinesTest {
    private val march1: LocalDate = LocalDate.of(2027, 3, 1) // a Monday

    /** A new client in New York at 06:00 on 2027-03-01, with nothing added. */
    private fun <T> fresh(body: (CadenceClient, TestClock) -> T): T {
        val clock = TestClock(ny(6))
        return CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { c ->
            c.setUp("Alex", NEW_YORK)
            body(c, clock)
        }
    }

    private fun saved(result: MedicationResult): MedicineRow =
        (result as? MedicationResult.Saved)?.row ?: throw AssertionError("not saved: $result")

    /** Local times of [medicationId]'s doses on [date]. */
    private fun doseTimes(c: CadenceClient, medicationId: String, date: LocalDate): List<LocalTime> =
        c.occurrences(date, date).filter { it.medicationId == medicationId }
            .map { offsetDateTime(it.local).toLocalTime() }

    @Test
    fun `a medication set up with breakfast and bedtime shows on Today and in the list`() {
        fresh { c, _ ->
            val form = MedicationForm(name = "Lamotrigine", strength = "25", dose = "2", startsOn = march1)
                .toggleMoment(EventTiming.HS)
            assertTrue(form.canSave)
            val row = saved(form.submit(c))
            val schedule = row.schedule!!
            assertEquals(listOf(EventTiming.CM, EventTiming.HS), (schedule.times as DoseTimes.AtMoments).ordered)
            assertEquals(DayPattern.EveryDay, schedule.days)
            assertEquals(2.0, schedule.dose.amount, 0.0)
            assertEquals("tablet", schedule.dose.unit)
            assertEquals(25.0, row.medication.strength!!.amount, 0.0)
            assertTrue(row.canChangeSchedule)
            assertEquals(march1, row.changeableFrom) // no dose is due yet: a change could start today

            val today = TodayState.load(c)
            assertEquals(listOf(RoutineEvent.BREAKFAST, RoutineEvent.BEDTIME), today.sections.map { it.moment })
            assertEquals(listOf("Lamotrigine"), today.sections[0].rows.map { it.medicationName })

            val list = MedicinesState.load(c)
            assertEquals(listOf(row.id), list.active.map { it.id })
            assertTrue(list.stopped.isEmpty())
        }
    }

    @Test
    fun `a first run from nothing arms reminders that follow the routine`() {
        fresh { c, clock ->
            val os = FakeOs()
            val reminders = ReminderScheduler(c, os)
            assertTrue(reminders.reconcile().added.isEmpty())

            RoutineState.set(c, RoutineEvent.BREAKFAST, DayKind.WEEKDAY, LocalTime.of(8, 0))
            val morning = saved(MedicationForm(name = "Sertraline", strength = "50", startsOn = march1).submit(c))
            val night = saved(
                MedicationForm(name = "Quetiapine", strength = "25", startsOn = march1)
                    .toggleMoment(EventTiming.CM).toggleMoment(EventTiming.HS).submit(c),
            )
            reminders.reconcile()
            fun firstAt(med: String) = os.pending.values.filter { med in it.medicationIds }.minOf { it.fireAt }
            assertEquals(ny(8), firstAt(morning.id))
            assertEquals(ny(22, 30), firstAt(night.id))

            // Breakfast moves: the pending reminder moves with it, the bedtime one stays.
            RoutineState.set(c, RoutineEvent.BREAKFAST, DayKind.WEEKDAY, LocalTime.of(9, 0))
            reminders.reconcile()
            assertEquals(ny(9), firstAt(morning.id))
            assertEquals(ny(22, 30), firstAt(night.id))

            clock.instant = ny(9)
            val fired = os.fire(clock.instant())
            assertEquals(listOf(listOf(morning.id)), fired.map { it.medicationIds })
        }
    }

    @Test
    fun `a bad field names itself and stores nothing`() {
        fresh { c, _ ->
            val good = MedicationForm(name = "Sertraline", startsOn = march1)
            val cases = listOf(
                good.copy(name = "  ") to "medication.name",
                good.copy(dose = "0") to "dose.amount",
                good.copy(dose = "one") to "dose.amount",
                good.copy(strength = "fifty") to "medication.strength.amount",
                good.copy(times = DoseTimes.AtMoments(emptySet())) to "times.moments",
                good.copy(times = DoseTimes.AtClockTimes(emptyList())) to "times.clock_times",
                good.copy(days = DayPattern.OnWeekdays(emptySet())) to "days.weekdays",
                good.copy(times = DoseTimes.AsNeeded(maxPerDay = 0)) to "times.max_per_day",
                good.copy(times = DoseTimes.AsNeeded(minHoursApart = -4)) to "times.min_hours_apart",
                good.copy(times = DoseTimes.AsNeeded(minHoursApart = 169)) to "times.min_hours_apart",
                good.copy(days = DayPattern.EveryNDays(1, march1)) to "days.every",
            )
            for ((form, field) in cases) {
                val result = form.submit(c)
                assertEquals("$form", field, (result as MedicationResult.Invalid).field)
                assertFalse(form.canSave)
            }
            // The core's own checks come back the same way: a unit of 40 characters.
            val longUnit = good.copy(doseUnit = "x".repeat(40)).submit(c)
            assertTrue("$longUnit", (longUnit as MedicationResult.Invalid).field.startsWith("dose"))
            assertTrue(MedicinesState.load(c).isEmpty)
            assertTrue(TodayState.load(c).isEmpty)
        }
    }

    @Test
    fun `a decimal comma and the form's unit are understood`() {
        fresh { c, _ ->
            val form = MedicationForm(name = "Sertraline oral solution", startsOn = march1).withForm(DoseForm.LIQUID)
            assertEquals("ml", form.doseUnit)
            val row = saved(form.copy(dose = "2,5").submit(c))
            val dose = row.schedule!!.dose
            assertEquals(2.5, dose.amount, 0.0)
            assertEquals("ml", dose.unit)
            // A unit typed by hand survives a change of form.
            assertEquals("spoon", form.copy(doseUnit = "spoon").withForm(DoseForm.DROPS).doseUnit)
        }
    }

    @Test
    fun `weekdays only skips the weekend and all seven days is every day again`() {
        fresh { c, _ ->
            val weekdays = MedicationForm(name = "Methylphenidate", startsOn = march1)
                .toggleDay(DayOfWeek.SATURDAY).toggleDay(DayOfWeek.SUNDAY)
            assertEquals(DayPattern.OnWeekdays(DayOfWeek.values().toSet() - DayOfWeek.SATURDAY - DayOfWeek.SUNDAY), weekdays.days)
            assertEquals(DayPattern.EveryDay, weekdays.toggleDay(DayOfWeek.SATURDAY).toggleDay(DayOfWeek.SUNDAY).days)
            val row = saved(weekdays.submit(c))
            assertEquals(weekdays.days, row.schedule?.days)
            assertEquals(1, doseTimes(c, row.id, march1.plusDays(4)).size) // Friday
            assertTrue(doseTimes(c, row.id, march1.plusDays(5)).isEmpty()) // Saturday
            assertTrue(doseTimes(c, row.id, march1.plusDays(6)).isEmpty()) // Sunday
        }
    }

    @Test
    fun `every other day counts from the start date`() {
        fresh { c, _ ->
            val form = MedicationForm(
                name = "Fluoxetine", startsOn = march1.plusDays(1),
                days = DayPattern.EveryNDays(2, march1), times = DoseTimes.AtClockTimes(listOf(LocalTime.of(9, 0))),
            )
            val row = saved(form.submit(c))
            assertEquals(DayPattern.EveryNDays(2, march1.plusDays(1)), row.schedule?.days)
            val days = (0L..6L).map { march1.plusDays(it) }.filter { doseTimes(c, row.id, it).isNotEmpty() }
            assertEquals(listOf(2L, 4L, 6L).map { march1.plusDays(it - 1) }, days)
            assertEquals(listOf(LocalTime.of(9, 0)), doseTimes(c, row.id, march1.plusDays(1)))
        }
    }

    @Test
    fun `as needed has no reminders and keeps its limits`() {
        fresh { c, _ ->
            val row = saved(
                MedicationForm(name = "Lorazepam", dose = "0.5", times = DoseTimes.AsNeeded(maxPerDay = 3, minHoursApart = 4), startsOn = march1)
                    .submit(c),
            )
            assertEquals(DoseTimes.AsNeeded(3, 4), row.schedule?.times)
            val limits = row.plan!!.asNeeded!!
            assertEquals(1.5, limits.maxPerPeriod!!.amount.amount, 0.0)
            assertEquals(240u, limits.minIntervalMinutes)
            assertTrue(doseTimes(c, row.id, march1).isEmpty())
            assertTrue(c.reminderPlan(64).notifications.none { n -> n.medicationIds.contains(row.id) })
        }
    }

    @Test
    fun `a schedule change applies from its date and keeps the days before`() {
        fresh { c, clock ->
            val row = saved(MedicationForm(name = "Sertraline", startsOn = march1).submit(c))
            clock.instant = ny(9)
            c.take(c.occurrences(march1, march1).single().id)

            // The 07:30 dose is due (and taken): the change can only start tomorrow.
            val now = MedicinesState.load(c).active.single()
            assertEquals(march1.plusDays(1), now.changeableFrom)
            val refused = MedicationForm.changing(now, march1)!!.copy(startsOn = march1).changeSchedule(c, now)
            assertEquals("effective_from", (refused as MedicationResult.Invalid).field)
            val from = march1.plusDays(1)
            val form = MedicationForm.changing(now, march1)!!
            assertEquals(from, form.startsOn)
            assertEquals("Sertraline", form.name)
            assertEquals(DoseTimes.AtMoments(setOf(EventTiming.CM)), form.times)
            val changed = saved(form.copy(dose = "2").toggleMoment(EventTiming.CM).toggleMoment(EventTiming.CV).changeSchedule(c, row))
            assertEquals(2u, changed.plan!!.version)

            assertEquals(listOf(LocalTime.of(7, 30)), doseTimes(c, row.id, march1))
            assertEquals(listOf(LocalTime.of(18, 30)), doseTimes(c, row.id, from))
            assertEquals(DoseBadge.TAKEN_ON_TIME, TodayState.load(c).sections.single().rows.single().badge)
            assertEquals(2.0, MedicinesState.load(c).active.single().schedule!!.dose.amount, 0.0)
        }
    }

    @Test
    fun `a prescriber's taper or interval plan is shown as custom and not re-entered by hand`() {
        withClient { c, _, m ->
            val hourly = c.addMedication(medication("Ibuprofen", 200.0)).id
            c.addPlanFromFhirDosage(
                hourly,
                """{"timing": {"repeat": {"frequency": 1, "period": 8, "periodUnit": "h", "boundsPeriod": {"start": "2027-03-01T08:00:00-05:00"}}},
                    "doseAndRate": [{"doseQuantity": {"value": 200, "unit": "mg"}}]}""",
            )
            val rows = MedicinesState.load(c).active.associateBy { it.id }
            val custom = rows.getValue(hourly)
            assertTrue(custom.schedule!!.custom)
            assertFalse(custom.canChangeSchedule)
            assertNull(MedicationForm.changing(custom, march1))
            // Two plans side by side (50 mg with breakfast, 25 mg at bedtime) are one custom schedule.
            val split = c.addMedication(medication("Trazodone", 25.0)).id
            c.addPlanFromFhirDosage(split, dosage(listOf("CM"), 50.0))
            c.addPlanFromFhirDosage(split, dosage(listOf("HS"), 25.0))
            val both = MedicinesState.load(c).active.single { it.id == split }
            assertTrue(both.schedule!!.custom)
            assertNull(MedicationForm.changing(both, march1))
            // FHIR plans that fit the form's terms are editable.
            assertEquals(DoseTimes.AtMoments(setOf(EventTiming.CM, EventTiming.CV)), rows.getValue(m.lamotrigine).schedule?.times)
            assertTrue(rows.getValue(m.lamotrigine).canChangeSchedule)
        }
    }

    @Test
    fun `stopping ends reminders and Today's doses, restarting brings them back`() {
        withClient { c, _, m ->
            val row = MedicinesState.load(c).active.single { it.id == m.quetiapine }
            val stopped = MedicinesState.stop(c, row, march1)
            assertTrue(stopped.stopped)
            assertFalse(stopped.canChangeSchedule)
            val list = MedicinesState.load(c)
            assertEquals(listOf(m.quetiapine), list.stopped.map { it.id })
            assertTrue(TodayState.load(c).sections.none { it.moment == RoutineEvent.BEDTIME })
            assertTrue(c.reminderPlan(64).notifications.none { n -> n.medicationIds.contains(m.quetiapine) })

            MedicinesState.restart(c, stopped)
            assertTrue(TodayState.load(c).sections.any { it.moment == RoutineEvent.BEDTIME })
        }
    }

    @Test
    fun `the missed-dose plan copied from the prescriber drives the guidance sheet`() {
        withClient { c, clock, m ->
            val row = MedicinesState.load(c).active.single { it.id == m.sertraline }
            val form = MissedDoseForm.of(row)
            assertEquals(MissedDoseKind.GENERAL, form.kind) // the core's rule until one is set
            val skip = form.withKind(MissedDoseKind.SKIP_IF_LATE).copy(note = " Skip it if more than 6 hours late. ")
            assertEquals(MissedDosePattern.SkipIfLate(6.0), skip.pattern)
            assertEquals(skip, skip.withKind(MissedDoseKind.SKIP_IF_LATE)) // same kind: parameters kept

            val saved = saved(skip.save(c, row))
            assertEquals(MissedDosePattern.SkipIfLate(6.0), saved.missedDoseRule.pattern)
            assertEquals(MissedDoseKind.SKIP_IF_LATE, MissedDoseForm.of(saved).kind)

            clock.instant = ny(14) // 6.5 hours after the 07:30 dose
            val occ = TodayState.load(c).sections.first().rows.single { it.medicationId == m.sertraline }.occurrenceId
            val sheet = GuidanceSheet.load(c, occ)
            assertEquals(GuidanceAction.SKIP_THIS_DOSE, sheet.action)
            assertEquals("Skip it if more than 6 hours late.", sheet.prescriberNote)
        }
    }

    @Test
    fun `a missed-dose plan with impossible numbers is refused by field and changes nothing`() {
        withClient { c, _, m ->
            val row = MedicinesState.load(c).active.single { it.id == m.lamotrigine }
            val form = MissedDoseForm.of(row)
            val cases = listOf(
                form.copy(pattern = MissedDosePattern.General(-1.0)) to "missed_dose_rule.pattern.near_next_hours",
                form.copy(pattern = MissedDosePattern.WeeklyWindow(0u, 48.0)) to "missed_dose_rule.pattern.window_days",
                form.copy(pattern = MissedDosePattern.ContactPrescriberAfterMissed(0u, 2.0)) to "missed_dose_rule.pattern.missed_doses",
                form.copy(note = "x".repeat(2001)) to "missed_dose_rule.note",
            )
            for ((bad, field) in cases) assertEquals(field, (bad.save(c, row) as MedicationResult.Invalid).field)
            assertEquals(row.missedDoseRule, c.missedDoseRule(m.lamotrigine))
            // Every kind's preset is a valid rule.
            for (kind in MissedDoseKind.values()) {
                val result = form.withKind(kind).save(c, row)
                assertEquals(kind, MissedDoseKind.of((result as MedicationResult.Saved).row.missedDoseRule.pattern))
            }
        }
    }

    @Test
    fun `counting the supply gives a run-out date and a refill adds to it`() {
        withClient { c, _, m ->
            val row = MedicinesState.load(c).active.single { it.id == m.lamotrigine } // twice a day
            assertNull(row.supply)
            assertEquals("tablet", row.supplyUnit) // 25 mg doses of 25 mg tablets are counted in tablets
            val counted = MedicinesState.countSupply(c, row, 10.0)
            val supply = counted.supply!!
            assertEquals(10.0, supply.onHand, 0.0)
            assertEquals(5u, supply.daysLeft)
            val refilled = MedicinesState.refill(c, counted, 20.0).supply!!
            assertEquals(30.0, refilled.onHand, 0.0)
            assertEquals(15u, refilled.daysLeft)
        }
    }

    @Test
    fun `moving breakfast on weekdays moves the doses tied to it and not the weekend's`() {
        withClient { c, _, m ->
            val before = RoutineState.load(c)
            assertEquals(RoutineState.EVENTS, before.rows.map { it.event })
            assertEquals(LocalTime.of(7, 30), before.rows.single { it.event == RoutineEvent.BREAKFAST }.at(DayKind.WEEKDAY))

            val after = RoutineState.set(c, RoutineEvent.BREAKFAST, DayKind.WEEKDAY, LocalTime.of(9, 15))
            val breakfast = after.rows.single { it.event == RoutineEvent.BREAKFAST }
            assertEquals(LocalTime.of(9, 15), breakfast.weekday)
            assertEquals(before.rows.single { it.event == RoutineEvent.BREAKFAST }.weekend, breakfast.weekend)

            assertEquals(listOf(LocalTime.of(9, 15)), doseTimes(c, m.sertraline, march1))
            val saturday = march1.plusDays(5)
            assertEquals(listOf(breakfast.weekend), doseTimes(c, m.sertraline, saturday))
        }
    }

    @Test
    fun `any form the screen can make reads back the same from the stored plan`() {
        // Seeded: every run checks the same 150 forms; a failure names its seed.
        val moments = Schedule.MOMENTS
        fresh { c, _ ->
            for (seed in 0 until 150) {
                val r = Random(seed.toLong())
                var form = MedicationForm(name = "Med $seed", startsOn = march1.plusDays(r.nextInt(30).toLong()), dose = "${1 + r.nextInt(4)}")
                form = when (r.nextInt(3)) {
                    0 -> moments.filter { r.nextBoolean() }.ifEmpty { listOf(moments[r.nextInt(moments.size)]) }
                        .fold(form.copy(times = DoseTimes.AtMoments(emptySet()))) { f, e -> f.toggleMoment(e) }
                    1 -> (0..r.nextInt(4)).fold(form.copy(times = DoseTimes.AtClockTimes(emptyList()))) { f, _ ->
                        f.addTime(LocalTime.of(r.nextInt(24), r.nextInt(60)))
                    }
                    else -> form.copy(times = DoseTimes.AsNeeded(if (r.nextBoolean()) 1 + r.nextInt(6) else null, if (r.nextBoolean()) 1 + r.nextInt(12) else null))
                }
                form = when (r.nextInt(3)) {
                    0 -> form
                    1 -> DayOfWeek.values().filter { r.nextInt(3) == 0 }.fold(form) { f, d -> f.toggleDay(d) }
                        .let { if ((it.days as? DayPattern.OnWeekdays)?.days?.isEmpty() == true) it.toggleDay(DayOfWeek.MONDAY) else it }
                    else -> form.copy(days = DayPattern.EveryNDays(2 + r.nextInt(6), march1))
                }
                val row = saved(form.submit(c))
                val expectedDays = form.days.let { if (it is DayPattern.EveryNDays) it.copy(start = form.startsOn) else it }
                assertEquals("seed $seed", form.times, row.schedule?.times)
                assertEquals("seed $seed", expectedDays, row.schedule?.days)
                assertEquals("seed $seed", form.startsOn, row.schedule?.start)
                assertFalse("seed $seed", row.schedule!!.custom)
                assertNotNull("seed $seed", MedicationForm.changing(row, form.startsOn))
                MedicinesState.stop(c, row, march1) // keeps the active count under the core's limit
            }
        }
    }

    @Test
    fun `a prescription imported as text only waits on Today for a schedule`() {
        fresh { c, _ ->
            val rx = """{"resourceType": "MedicationRequest", "status": "active", "intent": "order",
                "medicationCodeableConcept": {"text": "Amlodipine 5 mg tablet"}, "authoredOn": "2027-03-01",
                "dosageInstruction": [{"text": "Take one tablet daily as directed"}]}"""
            val imported = c.importMedicationRequest(rx)
            assertTrue(imported.plans[0].prescribed!!.needsSchedule)
            val today = TodayState.load(c)
            assertTrue(today.sections.isEmpty())
            assertFalse(today.isEmpty) // something waits for the person
            assertEquals(listOf("Take one tablet daily as directed"), today.needsSchedule.map { it.text })
            assertEquals(imported.plans[0].id, today.needsSchedule[0].planId)
            assertEquals("Amlodipine 5 mg tablet", today.needsSchedule[0].medicationName)
        }
    }
}
