// Care team, consent and the FHIR export through the generated Kotlin
// bindings: deny by default, a grant opens exactly its categories, revoking
// closes them at once, every disclosure is in the audit log.
package health.cadence.tests

import health.cadence.Cadence
import health.cadence.CadenceException
import health.cadence.core.CareMemberInput
import health.cadence.core.ConsentCategory
import health.cadence.core.ConsentGrantInput
import health.cadence.core.ContactChannel
import health.cadence.core.DisclosureKind
import health.cadence.core.GrantKind
import health.cadence.core.GrantStatus
import health.cadence.core.MemberRole
import java.nio.file.Files
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

private val NOW_CARE: Instant = Instant.parse("2027-03-01T08:00:00Z")

fun registerCareTests(suite: TestSuite) {
    suite.test("consent opens exactly the granted categories, and revoking closes them at once") {
        val path = Files.createTempDirectory("cadence-kt").resolve("c.db").toString()
        Cadence.open(path, TEST_KEY).use { c ->
            c.addMedication(sertralineInput(), NOW_CARE)
            val therapist = c.addCareMember(
                CareMemberInput("Dr Example", MemberRole.THERAPIST, ContactChannel.PORTAL, "", ""),
                NOW_CARE,
            )
            // Deny by default.
            assertFailsWith<CadenceException.ConsentRequired> {
                c.fhirExport(therapist.id, "2027-02-01", "2027-03-01", NOW_CARE)
            }
            val grant = c.grantConsent(
                ConsentGrantInput(
                    therapist.id, GrantKind.DATA, listOf(ConsentCategory.MEDICATION_LIST),
                    "2027-01-01", null, null, "treatment",
                ),
                NOW_CARE,
            )
            val bundle = c.fhirExport(therapist.id, "2027-02-01", "2027-03-01", NOW_CARE)
            assertTrue(bundle.contains("\"MedicationRequest\""), bundle.take(200))
            assertTrue(!bundle.contains("\"MedicationAdministration\""), "dose log was not granted")
            val audit = c.auditLog().single()
            assertEquals(DisclosureKind.FHIR_EXPORT, audit.kind)
            assertEquals(64, audit.sha256.length)
            c.revokeConsent(grant.id, NOW_CARE)
            assertFailsWith<CadenceException.ConsentRequired> {
                c.fhirExport(therapist.id, "2027-02-01", "2027-03-01", NOW_CARE)
            }
            assertEquals(GrantStatus.REVOKED, c.consentGrants(therapist.id, NOW_CARE).single().status)
        }
    }
}
