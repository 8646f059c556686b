// Client to therapist through the generated Kotlin bindings: pairing, an
// encrypted and signed bundle under consent, import on the other side,
// revocation deleting the copy.
package health.cadence.tests

import health.cadence.Cadence
import health.cadence.CadenceException
import health.cadence.core.CareMemberInput
import health.cadence.core.ConsentCategory
import health.cadence.core.ConsentGrantInput
import health.cadence.core.ContactChannel
import health.cadence.core.GrantKind
import health.cadence.core.ImportOutcome
import health.cadence.core.MemberRole
import java.nio.file.Files
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

private val NOW_SHARE: Instant = Instant.parse("2027-03-01T08:00:00Z")

fun registerShareTests(suite: TestSuite) {
    suite.test("a bundle goes from client to therapist only under consent, and revocation deletes it") {
        val dir = Files.createTempDirectory("cadence-kt")
        val clientSecret = ByteArray(32) { 1 }
        val therapistSecret = ByteArray(32) { 2 }
        Cadence.open(dir.resolve("client.db").toString(), TEST_KEY).use { client ->
            Cadence.open(dir.resolve("therapist.db").toString(), TEST_KEY).use { therapist ->
                client.addMedication(sertralineInput(), NOW_SHARE)
                val member = client.addCareMember(
                    CareMemberInput("Dr Lee", MemberRole.THERAPIST, ContactChannel.PORTAL, "", ""),
                    NOW_SHARE,
                )
                val clientKeys = client.createShareKeys(clientSecret, NOW_SHARE)
                val therapistKeys = therapist.createShareKeys(therapistSecret, NOW_SHARE)
                val paired = client.pairRecipient(member.id, therapistKeys.pairingCode, NOW_SHARE)
                assertEquals(therapistKeys.fingerprint, paired.fingerprint)
                val clientPairing = therapist.pairClient("Alex", clientKeys.pairingCode, NOW_SHARE)
                // Both compared the fingerprints on their screens: each confirms the other's.
                assertEquals(NOW_SHARE, client.confirmPairing(paired.id, therapistKeys.fingerprint, NOW_SHARE).verifiedAt)
                therapist.confirmPairing(clientPairing.id, clientKeys.fingerprint, NOW_SHARE)
                assertFailsWith<CadenceException.ConsentRequired> {
                    client.exportShareBundle(clientSecret, member.id, "2027-02-01", "2027-03-01", NOW_SHARE)
                }
                client.grantConsent(
                    ConsentGrantInput(
                        member.id, GrantKind.DATA, listOf(ConsentCategory.MEDICATION_LIST),
                        "2027-01-01", null, null, "treatment",
                    ),
                    NOW_SHARE,
                )
                val bundle = client.exportShareBundle(clientSecret, member.id, "2027-02-01", "2027-03-01", NOW_SHARE)
                val outcome = therapist.importShareBundle(therapistSecret, bundle.bytes, NOW_SHARE)
                assertTrue(outcome is ImportOutcome.Imported)
                val clientId = outcome.clientId
                val view = therapist.clientBundles(clientId).single()
                assertTrue(view.disclosureJson.contains("Sertraline"))
                // Signed with the client's key: the wrong secret cannot open it.
                assertFailsWith<CadenceException.WrongKey> {
                    therapist.importShareBundle(ByteArray(32) { 9 }, bundle.bytes, NOW_SHARE)
                }
                val notice = client.shareRevocationNotice(clientSecret, member.id, NOW_SHARE)
                assertTrue(therapist.importShareBundle(therapistSecret, notice, NOW_SHARE) is ImportOutcome.Revoked)
                assertTrue(therapist.clientBundles(clientId).isEmpty())
            }
        }
    }
}
