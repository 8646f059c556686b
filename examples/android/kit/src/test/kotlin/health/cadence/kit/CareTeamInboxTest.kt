// The care team's inbox on a therapist's own Cadence: pairing a client,
// opening the files they send, the update holding only what was granted,
// a later file for the same period replacing the first, and the deletion
// notice removing everything.
package health.cadence.kit

import health.cadence.core.CareMemberInput
import health.cadence.core.ConsentCategory
import health.cadence.core.ContactChannel
import health.cadence.core.ImportOutcome
import health.cadence.core.MemberRole
import health.cadence.core.Mood
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import java.io.ByteArrayInputStream
import java.io.InputStream
import java.nio.file.Files
import java.time.LocalDate

class CareTeamInboxTest {
    private val march1: LocalDate = LocalDate.of(2027, 3, 1)
    private val alexSecret = ByteArray(32) { 1 }
    private val joSecret = ByteArray(32) { 2 }

    @Test
    fun `a therapist pairs a client, opens their update and sees only what was granted`() {
        withClient { alex, clock, _ ->
            CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { jo ->
                jo.setUp("Jo Park", NEW_YORK)
                assertTrue(CareTeamInbox.load(jo).clients.isEmpty())
                val jp = alex.addCareMember(CareMemberInput("Jo Park", MemberRole.THERAPIST, ContactChannel.PORTAL)).id
                alex.pairRecipient(jp, jo.shareIdentity(joSecret).pairingCode)
                val paired = CareTeamInbox.pair(jo, " Alex ", alex.shareIdentity(alexSecret).pairingCode)
                confirmPairings(alex, alexSecret)
                confirmPairings(jo, joSecret)
                assertEquals(alex.shareIdentity(alexSecret).fingerprint, paired.fingerprint)
                assertNull(CareTeamInbox.load(jo).clients.single().latest)

                // Alex grants the dose log only; takes breakfast and logs a mood.
                alex.grant(jp, setOf(ConsentCategory.DOSE_LOG), march1)
                clock.instant = ny(7, 40)
                TodayState.load(alex).sections.first().rows.forEach { alex.take(it.occurrenceId) }
                alex.logMood(Mood(valence = 2), shareable = true)
                val dir = Files.createTempDirectory("inbox")
                val member = SharingState.load(alex).members.single()
                val sent = ShareFile.bundle(alex, alexSecret, member, dir, march1, days = 1)

                val bytes = Files.newInputStream(sent.file).use(CareTeamInbox::read)
                val opened = CareTeamInbox.open(jo, joSecret, bytes) as ImportOutcome.Imported
                val row = CareTeamInbox.load(jo).clients.single()
                assertEquals("Alex", row.label)
                assertEquals(opened.clientId, row.id)
                assertEquals(1, row.bundles)
                val update = row.latest!!.update
                val adherence = update.adherence!!
                assertEquals(2u, adherence.overall.taken)
                assertNull(update.mood) // mood was not granted
                assertEquals(listOf(ConsentCategory.DOSE_LOG), row.latest.categories)
                assertTrue(update.questions.isEmpty())

                // Alex adds mood and sends the same day again: it replaces the first.
                alex.grant(jp, setOf(ConsentCategory.MOOD), march1)
                val again = ShareFile.bundle(alex, alexSecret, SharingState.load(alex).members.single(), dir, march1, days = 1)
                val second = CareTeamInbox.open(jo, joSecret, Files.readAllBytes(again.file)) as ImportOutcome.Imported
                assertTrue(second.superseded)
                val latest = CareTeamInbox.load(jo).clients.single()
                assertEquals(1, latest.bundles)
                assertEquals(1u, latest.latest!!.update.mood?.checkIns)
                assertEquals(setOf(ConsentCategory.DOSE_LOG, ConsentCategory.MOOD), latest.latest.categories.toSet())

                // The same file twice is a replay: refused, nothing changes.
                try {
                    CareTeamInbox.open(jo, joSecret, Files.readAllBytes(again.file))
                    fail("a replayed file was opened")
                } catch (e: CadenceError.InvalidInput) {
                    assertTrue(e.field, e.field.startsWith("bundle"))
                }

                // Alex revokes and sends the notice: Jo's copy is gone.
                SharingState.load(alex).members.single().grants.forEach { alex.revoke(it.id) }
                val notice = ShareFile.revocation(alex, alexSecret, SharingState.load(alex).members.single(), dir)
                val deleted = CareTeamInbox.open(jo, joSecret, Files.readAllBytes(notice.file)) as ImportOutcome.Revoked
                assertEquals(1u, deleted.bundlesDeleted)
                assertTrue(CareTeamInbox.load(jo).clients.all { it.bundles == 0 && it.latest == null })
            }
        }
    }

    @Test
    fun `the therapist's report of an update shows the scope and only the sections shared`() {
        withClient { alex, clock, _ ->
            CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { jo ->
                jo.setUp("Jo Park", NEW_YORK)
                val jp = alex.addCareMember(CareMemberInput("Jo Park", MemberRole.THERAPIST, ContactChannel.PORTAL)).id
                alex.pairRecipient(jp, jo.shareIdentity(joSecret).pairingCode)
                val clientId = CareTeamInbox.pair(jo, "Alex", alex.shareIdentity(alexSecret).pairingCode).id
                confirmPairings(alex, alexSecret)
                confirmPairings(jo, joSecret)
                val dir = Files.createTempDirectory("reports")
                try {
                    CareTeamInbox.report(jo, clientId, dir)
                    fail("a report without an update")
                } catch (e: CadenceError.NotFound) {
                    assertEquals("share bundle", e.kind)
                }

                // Alex shares the dose log only: takes breakfast, logs a mood, sends the day.
                alex.grant(jp, setOf(ConsentCategory.DOSE_LOG), march1)
                clock.instant = ny(7, 40)
                TodayState.load(alex).sections.first().rows.forEach { alex.take(it.occurrenceId) }
                alex.logMood(Mood(valence = 2), shareable = true)
                val sent = ShareFile.bundle(alex, alexSecret, SharingState.load(alex).members.single(), Files.createTempDirectory("send"), march1, days = 1)
                CareTeamInbox.open(jo, joSecret, Files.readAllBytes(sent.file))

                val report = CareTeamInbox.report(jo, clientId, dir)
                assertEquals(march1, report.from)
                assertEquals(march1, report.to)
                assertEquals("Cadence client report, 2027-03-01 to 2027-03-01", report.title)
                assertEquals(listOf(report.file), Files.list(dir).use { it.toList() })
                val html = String(Files.readAllBytes(report.file), Charsets.UTF_8)
                assertEquals(Files.size(report.file), report.bytes)
                val scope = "Shared by the client: dose log 1 Mar 2027. Not shared: medication list, mood, side effects, " +
                    "questionnaires, substance use, goals, journal notes, care plan."
                assertTrue(html, html.contains("<p class=\"meta scope\">$scope</p>"))
                for (chart in listOf("calendar", "timing", "barriers")) {
                    assertTrue(chart, html.contains("id=\"chart-$chart\""))
                }
                for (absent in listOf("id=\"chart-mood\"", "id=\"chart-side-effects\"", "Sertraline", "<h2>Medications</h2>")) {
                    assertFalse(absent, html.contains(absent))
                }
                val text = CareTeamInbox.reportText(jo, clientId)
                assertTrue(text, text.startsWith("$scope\nCadence update 2027-03-01 to 2027-03-01\nDoses taken: 2 of"))

                // A newer report replaces the file; older ones are deleted.
                Files.write(dir.resolve("cadence-client-report-2027-01-01-2027-01-31.html"), byteArrayOf(1))
                val again = CareTeamInbox.report(jo, clientId, dir)
                assertEquals(listOf(again.file), Files.list(dir).use { it.toList() })
                CareTeamInbox.clearReports(dir)
                assertTrue(Files.list(dir).use { it.toList() }.isEmpty())
            }
        }
    }

    @Test
    fun `a file larger than the core opens is refused before it is read whole`() {
        var served = 0L
        val huge = object : InputStream() {
            override fun read(): Int = if (served++ < CareTeamInbox.MAX_FILE_BYTES + 10) 0 else -1
            override fun read(b: ByteArray, off: Int, len: Int): Int {
                if (served > CareTeamInbox.MAX_FILE_BYTES + 10) return -1
                served += len
                return len
            }
        }
        try {
            CareTeamInbox.read(huge)
            fail("read a file over the limit")
        } catch (e: CadenceError.InvalidInput) {
            assertEquals("bundle", e.field)
        }
        assertTrue(served <= CareTeamInbox.MAX_FILE_BYTES + 64 * 1024)
        assertEquals(3, CareTeamInbox.read(ByteArrayInputStream(byteArrayOf(1, 2, 3))).size)
    }
}
