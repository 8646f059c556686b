// View states of Today and the missed-dose guidance sheet, as a client sees
// them through a day: grouping, badges, buttons, the prescriber's rule.
package health.cadence.kit

import health.cadence.core.DoseBadge
import health.cadence.core.DoseRowAction
import health.cadence.core.SheetButton
import health.cadence.core.CareMemberInput
import health.cadence.core.ContactChannel
import health.cadence.core.GuidanceAction
import health.cadence.core.MemberRole
import health.cadence.core.MissedDosePattern
import health.cadence.core.MissedDoseRule
import health.cadence.core.RoutineEvent
import health.cadence.core.SkipReason
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import java.time.LocalDate
import java.time.LocalTime

class ScreensTest {
    @Test
    fun `Today groups doses by routine moment in time order with their doses`() {
        withClient { c, _, _ ->
            val t = TodayState.load(c)
            assertEquals(
                listOf(RoutineEvent.BREAKFAST, RoutineEvent.DINNER, RoutineEvent.BEDTIME),
                t.sections.map { it.moment },
            )
            assertEquals(listOf(LocalTime.of(7, 30), LocalTime.of(18, 30), LocalTime.of(22, 30)), t.sections.map { it.time })
            assertEquals(listOf("Lamotrigine", "Sertraline"), t.sections[0].rows.map { it.medicationName }.sorted())
            assertEquals("100 mg", t.sections[0].rows.single { it.medicationName == "Sertraline" }.doseText)
            assertEquals(4, t.scheduled)
            assertEquals(0, t.taken)
            assertFalse(t.allDone)
            assertTrue(t.sections.flatMap { it.rows }.all { it.badge == DoseBadge.UPCOMING })
            assertEquals(LocalTime.of(7, 30), t.focus?.time)
        }
    }

    @Test
    fun `badges and buttons follow the dose through the day`() {
        withClient { c, clock, m ->
            fun row(med: String, moment: RoutineEvent) =
                TodayState.load(c).sections.single { it.moment == moment }.rows.single { it.medicationId == med }

            clock.instant = ny(7, 30)
            val due = row(m.sertraline, RoutineEvent.BREAKFAST)
            assertEquals(DoseBadge.DUE, due.badge)
            assertEquals(listOf(DoseRowAction.TAKE, DoseRowAction.SNOOZE, DoseRowAction.SKIP), due.actions)

            clock.instant = ny(9, 10)
            val late = row(m.sertraline, RoutineEvent.BREAKFAST)
            assertEquals(DoseBadge.LATE, late.badge)
            assertEquals(100L, late.minutesLate)
            assertEquals(DoseRowAction.GUIDANCE, late.actions[1])

            c.take(late.occurrenceId)
            val taken = row(m.sertraline, RoutineEvent.BREAKFAST)
            assertEquals(DoseBadge.TAKEN_ON_TIME, taken.badge) // within two hours counts as on time
            assertEquals(listOf(DoseRowAction.UNDO), taken.actions)
            assertEquals(ny(9, 10), taken.takenAt)

            c.skip(row(m.lamotrigine, RoutineEvent.BREAKFAST).occurrenceId, SkipReason.SIDE_EFFECTS)
            val skipped = row(m.lamotrigine, RoutineEvent.BREAKFAST)
            assertEquals(DoseBadge.SKIPPED, skipped.badge)
            assertEquals(SkipReason.SIDE_EFFECTS, skipped.skipReason)

            c.undo(skipped.logEntryId!!)
            assertEquals(DoseBadge.LATE, row(m.lamotrigine, RoutineEvent.BREAKFAST).badge)
            assertEquals(1, TodayState.load(c).taken)
        }
    }

    @Test
    fun `a dose past the rule's window is missed and its sheet says skip it`() {
        withClient { c, clock, m ->
            c.bindings.setMissedDoseRule(m.sertraline, MissedDoseRule(MissedDosePattern.SkipIfLate(6.0), null, null, "Skip it if more than 6 hours late."), c.now())
            clock.instant = ny(14)
            val row = TodayState.load(c).sections.first().rows.single { it.medicationId == m.sertraline }
            assertEquals(DoseBadge.MISSED, row.badge)
            assertEquals(listOf(DoseRowAction.GUIDANCE, DoseRowAction.SKIP), row.actions)

            val sheet = GuidanceSheet.load(c, row.occurrenceId)
            assertEquals(GuidanceAction.SKIP_THIS_DOSE, sheet.action)
            assertEquals("Sertraline", sheet.medicationName)
            assertEquals("100 mg", sheet.doseText)
            assertEquals(listOf(SheetButton.SKIP_DOSE, SheetButton.CLOSE), sheet.buttons)
            assertEquals("Skip it if more than 6 hours late.", sheet.prescriberNote)
            assertEquals(LocalTime.of(13, 30), sheet.latestTakeTime.toLocalTime())
            assertEquals(LocalTime.of(7, 30), sheet.scheduledAt.toLocalTime())
            assertTrue(sheet.message.isNotBlank())

            sheet.perform(c, SheetButton.SKIP_DOSE)
            val after = TodayState.load(c).sections.first().rows.single { it.medicationId == m.sertraline }
            assertEquals(DoseBadge.SKIPPED, after.badge)
            assertEquals(SkipReason.OTHER, after.skipReason) // the core's default: no barrier guessed
        }
    }

    @Test
    fun `a late dose inside the window gets Take now, and taking it closes the sheet`() {
        withClient { c, clock, m ->
            clock.instant = ny(11)
            val occ = TodayState.load(c).sections.first().rows.single { it.medicationId == m.sertraline }.occurrenceId
            val sheet = GuidanceSheet.load(c, occ)
            assertEquals(GuidanceAction.TAKE_NOW, sheet.action)
            assertEquals(listOf(SheetButton.TAKE_NOW, SheetButton.SKIP_DOSE), sheet.buttons)
            assertEquals(210L, sheet.minutesLate)
            sheet.perform(c, SheetButton.TAKE_NOW)
            val again = GuidanceSheet.load(c, occ)
            assertEquals(GuidanceAction.ALREADY_TAKEN, again.action)
            assertEquals(listOf(SheetButton.CLOSE), again.buttons)
        }
    }

    @Test
    fun `after repeated misses the sheet sends the person to their prescriber's configured contact`() {
        withClient { c, clock, m ->
            c.addCareMember(CareMemberInput("Dr Rivera", MemberRole.PRESCRIBER, ContactChannel.PHONE, "clinic line"))
            c.addCareMember(CareMemberInput("Jo", MemberRole.THERAPIST, ContactChannel.EMAIL))
            c.bindings.setMissedDoseRule(
                m.quetiapine,
                MissedDoseRule(MissedDosePattern.ContactPrescriberAfterMissed(2u, 8.0), null, null, ""),
                c.now(),
            )
            clock.instant = ny(12, date = LocalDate.of(2027, 3, 3)) // bedtime doses of the 1st and 2nd missed
            val occ = TodayState.load(c).sections.single { it.moment == RoutineEvent.BEDTIME }.rows.single().occurrenceId
            clock.instant = ny(23, 30, date = LocalDate.of(2027, 3, 3))
            val sheet = GuidanceSheet.load(c, occ)
            assertEquals(GuidanceAction.CONTACT_PRESCRIBER, sheet.action)
            assertEquals(SheetButton.CONTACT_PRESCRIBER, sheet.buttons.first())
            assertEquals(listOf("Dr Rivera"), sheet.contacts.map { it.name })
            assertNull(sheet.prescriberNote)
        }
    }

    @Test
    fun `a minimum interval after a late dose means wait, and the sheet's reminder comes at that time`() {
        withClient { c, clock, m ->
            c.bindings.setMissedDoseRule(
                m.sertraline,
                MissedDoseRule(MissedDosePattern.General(4.0), null, 1200u, ""),
                c.now(),
            )
            clock.instant = ny(14)
            c.take(TodayState.load(c).sections.first().rows.single { it.medicationId == m.sertraline }.occurrenceId)
            clock.instant = ny(7, 45, date = LocalDate.of(2027, 3, 2))
            val occ = TodayState.load(c).sections.first().rows.single { it.medicationId == m.sertraline }.occurrenceId
            val sheet = GuidanceSheet.load(c, occ)
            assertEquals(GuidanceAction.WAIT_UNTIL, sheet.action)
            assertEquals(LocalTime.of(10, 0), sheet.takeAt?.toLocalTime())
            assertEquals("Wait until 10:00", sheet.headline)
            sheet.perform(c, SheetButton.REMIND_AT)
            val snoozed = c.reminderPlan(64).notifications.first { occ in it.occurrenceIds }
            assertEquals(ny(10, 0, date = LocalDate.of(2027, 3, 2)), snoozed.fireAt)
        }
    }
}
