// Reminder tests through the generated Kotlin bindings: fetch the rolling
// plan, diff it after a log, snooze (never past the rule), typed errors.
package health.cadence.tests

import health.cadence.Cadence
import health.cadence.CadenceException
import health.cadence.core.DoseAction
import health.cadence.core.NotificationAction
import health.cadence.core.NotificationKind
import health.cadence.core.ProfileInput
import java.nio.file.Files
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

private val MORNING: Instant = Instant.parse("2027-03-01T11:00:00Z") // 06:00 in New York

private val BEDTIME_DOSAGE = """
    {"timing": {"repeat": {"when": ["HS"], "period": 1, "periodUnit": "d",
                           "boundsPeriod": {"start": "2027-03-01"}}},
     "doseAndRate": [{"doseQuantity": {"value": 100, "unit": "mg"}}]}
""".trimIndent()

private fun withReminderClient(body: (Cadence) -> Unit) {
    val path = Files.createTempDirectory("cadence-kt-rem").resolve("c.db").toString()
    Cadence.open(path, TEST_KEY).use { c ->
        c.setProfile(ProfileInput("Sam", "America/New_York", "America/New_York"), MORNING)
        val med = c.addMedication(sertralineInput(), MORNING)
        c.addPlanFromFhirDosage(med.id, BEDTIME_DOSAGE, MORNING)
        body(c)
    }
}

fun registerReminderTests(suite: TestSuite) {
    suite.test("the plan holds the bedtime reminder with its text and actions") {
        withReminderClient { c ->
            val plan = c.reminderPlan(64u, MORNING)
            val first = plan.notifications.first()
            assertEquals(NotificationKind.DOSE, first.kind)
            assertEquals(Instant.parse("2027-03-02T03:30:00Z"), first.fireAt)
            assertEquals("2027-03-01T22:30:00-05:00", first.local)
            assertEquals("Bedtime", first.title)
            assertEquals("Sertraline 100 mg", first.body)
            assertEquals(listOf(NotificationAction.TAKEN, NotificationAction.SNOOZE, NotificationAction.SKIP), first.actions)
            assertEquals(plan.notifications.map { it.id }, c.reminderPlan(64u, MORNING).notifications.map { it.id })
        }
    }

    suite.test("after a log the diff cancels that dose's reminders and keeps the rest") {
        withReminderClient { c ->
            val scheduled = c.reminderPlan(64u, MORNING).notifications
            val occ = scheduled.first().occurrenceIds.first()
            c.logDose(occ, DoseAction.Taken(Instant.parse("2027-03-02T03:35:00Z"), null), MORNING)
            val diff = c.reminderDiff(scheduled.map { it.id }, 64u, MORNING)
            assertEquals(2, diff.toCancel.size) // the reminder and the missed notice at wake
            assertEquals(scheduled.size - 2, diff.unchanged.size)
            assertTrue(diff.toAdd.none { occ in it.occurrenceIds })
        }
    }

    suite.test("a snooze comes back as a snoozed reminder and never into the past") {
        withReminderClient { c ->
            val due = Instant.parse("2027-03-02T03:31:00Z")
            val reminder = c.reminderPlan(1u, MORNING).notifications.first()
            val snoozed = c.snooze(reminder.id, 15L, due)
            assertEquals(Instant.parse("2027-03-02T03:46:00Z"), snoozed.first().until)
            val next = c.reminderPlan(1u, due).notifications.first()
            assertEquals(NotificationKind.SNOOZED, next.kind)
            assertEquals(snoozed.first().until, next.fireAt)
            val e = assertFailsWith<CadenceException.InvalidInput> { c.snooze(reminder.id, -5L, due) }
            assertEquals("minutes", e.field)
            assertFailsWith<CadenceException.InvalidInput> { c.reminderPlan(0u, due) }
            assertFailsWith<CadenceException.NotFound> { c.snooze("00000000-0000-4000-8000-000000000000", 5L, due) }
        }
    }
}
