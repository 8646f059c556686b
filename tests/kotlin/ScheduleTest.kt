// Schedule tests through the generated Kotlin bindings: a FHIR dosage in,
// exact occurrences out across DST, plan edits that keep the past, travel.
package health.cadence.tests

import health.cadence.Cadence
import health.cadence.CadenceException
import health.cadence.core.Dose
import health.cadence.core.EventTiming
import health.cadence.core.FormDays
import health.cadence.core.FormTimes
import health.cadence.core.PlanForm
import health.cadence.core.ProfileInput
import health.cadence.core.RoutineEvent
import health.cadence.dosingPlanInput
import health.cadence.planForm
import health.cadence.planFromForm
import java.nio.file.Files
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

private val T0: Instant = Instant.parse("2027-03-01T08:00:00Z")

private fun dosage(whenCode: String, mg: Int) = """
    {"timing": {"repeat": {"when": ["$whenCode"], "period": 1, "periodUnit": "d",
                           "boundsPeriod": {"start": "2027-03-01"}}},
     "doseAndRate": [{"doseQuantity": {"value": $mg, "unit": "mg"}}]}
""".trimIndent()

private fun withClient(body: (Cadence, String) -> Unit) {
    val path = Files.createTempDirectory("cadence-kt").resolve("c.db").toString()
    Cadence.open(path, TEST_KEY).use { c ->
        c.setProfile(ProfileInput("Sam", "America/New_York", "America/New_York"), T0)
        val med = c.addMedication(sertralineInput(), T0)
        body(c, med.id)
    }
}

fun registerScheduleTests(suite: TestSuite) {
    suite.test("bedtime doses keep their wall-clock time across spring-forward") {
        withClient { c, med ->
            c.addPlanFromFhirDosage(med, dosage("HS", 25), T0)
            val occs = c.occurrences("2027-03-13", "2027-03-15")
            assertEquals(
                listOf("2027-03-13T23:30:00-05:00", "2027-03-14T23:30:00-04:00", "2027-03-15T22:30:00-04:00"),
                occs.map { it.local },
            )
            assertTrue(occs.all { it.event == RoutineEvent.BEDTIME })
            assertEquals(Instant.parse("2027-03-14T04:30:00Z"), occs[0].utc)
            assertEquals(occs.map { it.id }, c.occurrences("2027-03-13", "2027-03-15").map { it.id })
        }
    }

    suite.test("a plan edit changes only the days from its effective date") {
        withClient { c, med ->
            val plan = c.addPlanFromFhirDosage(med, dosage("CM", 50), T0)
            val before = c.occurrences("2027-03-01", "2027-03-02")
            val changed = c.updatePlan(plan.id, dosingPlanInput(plan).copy(dose = Dose(100.0, "mg")), "2027-03-02", T0)
            assertEquals(2u, changed.version)
            val after = c.occurrences("2027-03-01", "2027-03-02")
            assertEquals(before[0].id, after[0].id)
            assertEquals(listOf(50.0, 100.0), after.map { it.dose.amount })
        }
    }

    suite.test("the set-up form's plan reads back as the form, and a prescriber's interval is custom") {
        withClient { c, med ->
            val form = PlanForm(
                Dose(1.0, "tablet"), FormTimes.AtMoments(listOf(EventTiming.HS, EventTiming.CM)),
                FormDays.EveryNDays(2u, "2027-03-01"), "2027-03-01", null,
            )
            val plan = c.addPlan(med, planFromForm(form), T0)
            assertEquals(form.copy(times = FormTimes.AtMoments(listOf(EventTiming.CM, EventTiming.HS))), planForm(plan))
            val e = assertFailsWith<CadenceException.InvalidInput> { planFromForm(form.copy(days = FormDays.EveryNDays(1u, "2027-03-01"))) }
            assertEquals("days.every", e.field)
            val hourly = """{"timing": {"repeat": {"frequency": 1, "period": 8, "periodUnit": "h",
                "boundsPeriod": {"start": "2027-03-01T08:00:00-05:00"}}}}"""
            assertNull(planForm(c.addPlanFromFhirDosage(med, hourly, T0)))
        }
    }

    suite.test("today is the date where the person is") {
        withClient { c, _ ->
            val evening = Instant.parse("2027-03-02T02:00:00Z") // 21:00 on the 1st in New York
            assertEquals("2027-03-01", c.localToday(evening))
            c.setCurrentZone("Asia/Tokyo", evening)
            assertEquals("2027-03-02", c.localToday(evening))
        }
    }

    suite.test("after a flight, doses follow the new zone's wall clock") {
        withClient { c, med ->
            c.addPlanFromFhirDosage(med, dosage("HS", 25), T0)
            c.setCurrentZone("Asia/Tokyo", Instant.parse("2027-03-03T12:00:00Z"))
            val occs = c.occurrences("2027-03-02", "2027-03-04")
            assertEquals(listOf("America/New_York", "Asia/Tokyo", "Asia/Tokyo"), occs.map { it.zone })
        }
    }

    suite.test("an offset with CM is refused naming the field") {
        withClient { c, med ->
            val bad = """{"timing": {"repeat": {"when": ["CM"], "offset": 30, "period": 1, "periodUnit": "d"}}}"""
            val e = assertFailsWith<CadenceException.InvalidInput> { c.addPlanFromFhirDosage(med, bad, T0) }
            assertTrue(e.field.contains("offset"), e.field)
            assertTrue(c.plans(med).isEmpty())
        }
    }
}
