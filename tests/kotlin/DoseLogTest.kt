// Dose log and guidance through the generated Kotlin bindings: a day of a
// client's use — log, undo, skip with a barrier, guidance when late.
package health.cadence.tests

import health.cadence.Cadence
import health.cadence.core.DoseAction
import health.cadence.core.GuidanceAction
import health.cadence.core.LogStatus
import health.cadence.core.MissedDosePattern
import health.cadence.core.MissedDoseRule
import health.cadence.core.OccurrenceStatus
import health.cadence.core.ProfileInput
import health.cadence.core.SkipReason
import java.nio.file.Files
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertTrue

private val SETUP: Instant = Instant.parse("2027-03-01T06:00:00Z")

/** 2027-03-01 in New York (UTC-5): hh:mm local as an instant. */
private fun ny(h: Int, m: Int = 0): Instant = Instant.parse("2027-03-01T%02d:%02d:00Z".format(h + 5, m))

private fun withDose(body: (Cadence, String, String) -> Unit) {
    val path = Files.createTempDirectory("cadence-kt").resolve("c.db").toString()
    Cadence.open(path, TEST_KEY).use { c ->
        c.setProfile(ProfileInput("Sam", "America/New_York", "America/New_York"), SETUP)
        val med = c.addMedication(sertralineInput(), SETUP).id
        c.addPlanFromFhirDosage(
            med,
            """{"timing": {"repeat": {"timeOfDay": ["08:00:00"], "period": 1, "periodUnit": "d",
                "boundsPeriod": {"start": "2027-03-01"}}},
                "doseAndRate": [{"doseQuantity": {"value": 100, "unit": "mg"}}]}""",
            SETUP,
        )
        val occ = c.occurrences("2027-03-01", "2027-03-01").single().id
        body(c, med, occ)
    }
}

fun registerDoseLogTests(suite: TestSuite) {
    suite.test("logging twice is idempotent; undo keeps the history") {
        withDose { c, _, occ ->
            val first = c.logDose(occ, DoseAction.Taken(ny(8, 5), null), ny(8, 5))
            val again = c.logDose(occ, DoseAction.Taken(ny(8, 6), null), ny(8, 6))
            assertEquals(first, again)
            val undone = c.undoLog(first.id, ny(8, 7))
            assertEquals(LogStatus.UNDONE, undone.status)
            assertEquals(listOf(LogStatus.TAKEN, LogStatus.UNDONE), c.logHistory(first.id).map { it.status })
            assertTrue(c.today(ny(8, 8)).groups.single().doses.single().status is OccurrenceStatus.Due)
        }
    }

    suite.test("a skipped dose keeps its barrier for the care team") {
        withDose { c, _, occ ->
            val e = c.logDose(occ, DoseAction.Skipped(SkipReason.COULD_NOT_GET_TO_PHARMACY, null), ny(9))
            assertEquals(SkipReason.COULD_NOT_GET_TO_PHARMACY, e.skipReason)
            val status = c.today(ny(9)).groups.single().doses.single().status
            assertTrue(status is OccurrenceStatus.Skipped)
        }
    }

    suite.test("guidance follows the prescriber's rule and never suggests a second dose") {
        withDose { c, med, occ ->
            c.setMissedDoseRule(med, MissedDoseRule(MissedDosePattern.SkipIfLate(3.0), null, null, "Over 3 h late: skip it."), SETUP)
            assertEquals(GuidanceAction.TAKE_NOW, c.guidance(occ, ny(10)).action)
            val late = c.guidance(occ, ny(11, 30))
            assertEquals(GuidanceAction.SKIP_THIS_DOSE, late.action)
            assertEquals("Over 3 h late: skip it.", late.prescriberNote)
            c.logDose(occ, DoseAction.Taken(ny(10), null), ny(10))
            assertEquals(GuidanceAction.ALREADY_TAKEN, c.guidance(occ, ny(10, 5)).action)
        }
    }
}
