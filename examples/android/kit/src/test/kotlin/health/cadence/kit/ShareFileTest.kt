// Sending to the care team from the app: the bundle file only the paired
// member's device opens, holding what they were granted; the deletion notice
// after consent is revoked; and no copies left behind.
package health.cadence.kit

import health.cadence.core.CareMemberInput
import health.cadence.core.ConsentCategory
import health.cadence.core.ContactChannel
import health.cadence.core.DisclosureKind
import health.cadence.core.ImportOutcome
import health.cadence.core.MemberRole
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import java.nio.file.Files
import java.nio.file.Path
import java.time.LocalDate

class ShareFileTest {
    private val march1: LocalDate = LocalDate.of(2027, 3, 1)
    private val alexSecret = ByteArray(32) { 1 }
    private val joSecret = ByteArray(32) { 2 }

    /** Alex's client with a therapist Jo (their own device, paired both ways when [paired]). */
    private fun <T> withTherapist(paired: Boolean = true, body: (CadenceClient, CadenceClient, String, Path) -> T): T =
        withClient { alex, clock, _ ->
            CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { jo ->
                jo.setUp("Jo Park", NEW_YORK)
                val member = alex.addCareMember(CareMemberInput("Jo Park", MemberRole.THERAPIST, ContactChannel.PORTAL)).id
                if (paired) {
                    alex.pairRecipient(member, jo.shareIdentity(joSecret).pairingCode)
                    jo.pairClient("Alex", alex.shareIdentity(alexSecret).pairingCode)
                    confirmPairings(alex, alexSecret)
                    confirmPairings(jo, joSecret)
                }
                body(alex, jo, member, Files.createTempDirectory("cadence-share"))
            }
        }

    private fun member(c: CadenceClient, id: String): MemberSharing = SharingState.load(c).members.single { it.member.id == id }

    @Test
    fun `a bundle file opens on the paired member's device with what they were granted`() {
        withTherapist { alex, jo, jp, dir ->
            assertFalse(ShareFile.canSend(member(alex, jp))) // paired, but nothing granted yet
            alex.grant(jp, setOf(ConsentCategory.DOSE_LOG), march1)
            (alex.clock as TestClock).instant = ny(7, 40)
            alex.take(TodayState.load(alex).sections.first().rows.first().occurrenceId)
            val jo1 = member(alex, jp)
            assertTrue(ShareFile.canSend(jo1))

            val sent = ShareFile.bundle(alex, alexSecret, jo1, dir, march1)
            assertEquals(ShareFileKind.BUNDLE, sent.kind)
            assertEquals("cadence-share-bundle-1.cadence", sent.file.fileName.toString()) // no name, no date
            assertEquals(march1.minusDays(29), sent.from)
            assertEquals(march1, sent.to)
            assertEquals(Files.size(sent.file), sent.bytes)
            assertTrue(sent.records > 0)

            val opened = jo.importShareBundle(joSecret, Files.readAllBytes(sent.file)) as ImportOutcome.Imported
            assertEquals(1uL, opened.sequence)
            assertEquals(march1.toIso(), opened.to)
            // The audit log shows exactly this file.
            val audit = SharingState.load(alex).disclosures.single()
            assertEquals(DisclosureKind.SHARE_BUNDLE, audit.kind)
            assertEquals(sent.sha256, audit.sha256)
        }
    }

    @Test
    fun `sharing turns on only when both people confirmed the fingerprints match`() {
        withTherapist(paired = false) { alex, jo, jp, dir ->
            alex.grant(jp, setOf(ConsentCategory.DOSE_LOG), march1)
            val joId = jo.shareIdentity(joSecret)
            val alexId = alex.shareIdentity(alexSecret)
            alex.pairRecipient(jp, joId.pairingCode)
            val clientPairing = CareTeamInbox.pair(jo, "Alex", alexId.pairingCode)
            // Paired but not compared: no Send, and the core refuses to seal for the key.
            val paired = member(alex, jp)
            assertFalse(paired.verified)
            assertFalse(ShareFile.canSend(paired))
            try {
                alex.exportShareBundle(alexSecret, jp, march1, march1)
                fail("sealed for a key nobody compared")
            } catch (e: CadenceError.InvalidInput) {
                assertEquals("pairing.verified", e.field)
            }
            // The comparison screen on Alex's phone: Jo's fingerprint as received, and Alex's own for Jo to check.
            val check = PairingCheck.of(paired.pairing!!, alexId)
            assertEquals(joId.fingerprint, check.theirs)
            assertEquals(alexId.fingerprint, check.mine)
            assertNull(check.verifiedAt)
            // A fingerprint from another key is refused and turns nothing on.
            try {
                alex.confirmPairing(check.pairingId, alexId.fingerprint)
                fail("confirmed with the wrong fingerprint")
            } catch (e: CadenceError.InvalidInput) {
                assertEquals("fingerprint", e.field)
            }
            assertFalse(member(alex, jp).verified)
            check.confirm(alex)
            val confirmed = member(alex, jp)
            assertTrue(confirmed.verified)
            assertTrue(ShareFile.canSend(confirmed))
            val sent = ShareFile.bundle(alex, alexSecret, confirmed, dir, march1)
            // Jo has not confirmed Alex's fingerprint yet: the file does not open, nothing is held.
            assertFalse(CareTeamInbox.load(jo).clients.single().verified)
            try {
                CareTeamInbox.open(jo, joSecret, Files.readAllBytes(sent.file))
                fail("opened a file from an unverified pairing")
            } catch (e: CadenceError.InvalidInput) {
                assertEquals("pairing.verified", e.field)
            }
            assertEquals(0, CareTeamInbox.load(jo).clients.single().bundles)
            PairingCheck.of(clientPairing, joId).confirm(jo)
            assertTrue(CareTeamInbox.load(jo).clients.single().verified)
            assertTrue(CareTeamInbox.open(jo, joSecret, Files.readAllBytes(sent.file)) is ImportOutcome.Imported)
        }
    }

    @Test
    fun `nothing is written before pairing, and another device cannot open a bundle`() {
        withTherapist(paired = false) { alex, jo, jp, dir ->
            alex.grant(jp, setOf(ConsentCategory.DOSE_LOG), march1)
            val unpaired = member(alex, jp)
            assertFalse(ShareFile.canSend(unpaired))
            try {
                ShareFile.bundle(alex, alexSecret, unpaired, dir, march1)
                fail("sent without pairing")
            } catch (e: CadenceError.InvalidInput) {
                assertEquals("member", e.field)
            }
            assertEquals(0L, Files.list(dir).use { it.count() })

            // Paired with someone else's code: Jo's device refuses the file.
            CadenceClient.open(tempDb(), TEST_KEY, clock = alex.clock).use { sam ->
                sam.setUp("Sam", NEW_YORK)
                alex.pairRecipient(jp, sam.shareIdentity(ByteArray(32) { 3 }).pairingCode)
                jo.pairClient("Alex", alex.shareIdentity(alexSecret).pairingCode)
                confirmPairings(alex, alexSecret)
                confirmPairings(jo, joSecret)
                val file = ShareFile.bundle(alex, alexSecret, member(alex, jp), dir, march1).file
                try {
                    jo.importShareBundle(joSecret, Files.readAllBytes(file))
                    fail("opened a bundle sealed for another key")
                } catch (e: CadenceError) {
                    assertTrue("$e", e is CadenceError.InvalidInput || e is CadenceError.WrongKey)
                }
                // Pairing again with Jo's own code: the screen shows Jo's fingerprint, and Jo opens the next file.
                assertEquals(sam.shareIdentity(ByteArray(32) { 3 }).fingerprint, member(alex, jp).pairing?.fingerprint)
                (alex.clock as TestClock).advanceMinutes(1)
                alex.pairRecipient(jp, jo.shareIdentity(joSecret).pairingCode)
                val unconfirmed = member(alex, jp)
                assertEquals(jo.shareIdentity(joSecret).fingerprint, unconfirmed.pairing?.fingerprint)
                assertFalse(ShareFile.canSend(unconfirmed)) // a new pairing waits for the comparison
                confirmPairings(alex, alexSecret)
                val repaired = member(alex, jp)
                assertTrue(ShareFile.canSend(repaired))
                val next = ShareFile.bundle(alex, alexSecret, repaired, dir, march1).file
                assertTrue(jo.importShareBundle(joSecret, Files.readAllBytes(next)) is ImportOutcome.Imported)
            }
        }
    }

    @Test
    fun `after revoking, the notice deletes the data on their device and only the newest file is kept`() {
        withTherapist { alex, jo, jp, dir ->
            val grant = alex.grant(jp, setOf(ConsentCategory.DOSE_LOG), march1)
            val first = ShareFile.bundle(alex, alexSecret, member(alex, jp), dir, march1)
            jo.importShareBundle(joSecret, Files.readAllBytes(first.file))
            val report = ReportLink.create(alex, dir, march1)

            alex.revoke(grant.id)
            val revoked = member(alex, jp)
            assertFalse(ShareFile.canSend(revoked))
            val notice = ShareFile.revocation(alex, alexSecret, revoked, dir)
            assertEquals(ShareFileKind.REVOCATION, notice.kind)
            assertEquals(0, notice.records)
            val outcome = jo.importShareBundle(joSecret, Files.readAllBytes(notice.file)) as ImportOutcome.Revoked
            assertEquals(1u, outcome.bundlesDeleted)

            // The bundle file is gone; the report (another kind of file) is not.
            assertFalse(Files.exists(first.file))
            assertTrue(Files.exists(report.file))
            assertTrue(Files.exists(notice.file))
            ShareFile.clearOld(dir)
            assertFalse(Files.exists(notice.file))
        }
    }
}
