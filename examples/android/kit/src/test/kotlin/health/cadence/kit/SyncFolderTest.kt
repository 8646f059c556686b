// The person's phone and tablet (two real Cadence databases) kept in step
// through one folder: what one records shows on the other after both sync,
// files for other devices and files that cannot be applied stay where they
// are, and the Devices & sync state says what is waiting.
package health.cadence.kit

import health.cadence.core.DoseBadge
import health.cadence.core.Mood
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test
import java.io.File
import java.nio.file.Files
import java.time.LocalDate

class SyncFolderTest {
    private val phoneSecret = ByteArray(32) { 1 }
    private val tabletSecret = ByteArray(32) { 2 }
    private val laptopSecret = ByteArray(32) { 3 }
    private val march1: LocalDate = LocalDate.of(2027, 3, 1)

    /** [a] enters [b]'s pairing code under [label] and confirms the fingerprint [b] shows for itself. */
    private fun pairOneWay(a: CadenceClient, label: String, b: CadenceClient, bSecret: ByteArray) {
        val shown = b.shareIdentity(bSecret)
        val device = a.pairDevice(label, shown.pairingCode)
        a.confirmDevice(device.keyId, shown.fingerprint)
    }

    private fun syncFolder(): File = Files.createTempDirectory("cadence-sync").toFile()

    private fun names(dir: File): List<String> = dir.list()!!.sorted()

    @Test
    fun `a dose taken and a private mood on the phone show on the tablet, and the tablet's dose comes back`() {
        withClient { phone, clock, meds ->
            CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { tablet ->
                val dir = syncFolder()
                val phoneSync = SyncFolder(phone, dir)
                val tabletSync = SyncFolder(tablet, dir)
                phone.shareIdentity(phoneSecret)
                pairOneWay(phone, "Tablet", tablet, tabletSecret)
                pairOneWay(tablet, "Phone", phone, phoneSecret)
                val before = phoneSync.state()
                assertEquals(listOf("Tablet"), before.devices.map { it.label })
                assertEquals(tablet.shareIdentity(tabletSecret).fingerprint, before.devices.single().fingerprint)
                assertTrue(before.devices.single().confirmed && !before.devices.single().removed)
                assertNull(before.lastSyncedAt)
                assertEquals(0, before.pendingFiles)

                clock.instant = ny(7, 40)
                val breakfast = TodayState.load(phone).sections.first().rows
                val sertraline = breakfast.first { it.medicationId == meds.sertraline }
                phone.take(sertraline.occurrenceId)
                phone.logMood(Mood(valence = -2), note = "only for me", shareable = false)
                val sent = phoneSync.sync(phoneSecret)
                assertTrue(sent.applied.isEmpty())
                assertEquals(names(dir), sent.written.map { it.name })
                assertEquals(1, sent.written.size)
                assertEquals(1, sent.state.unacknowledgedFiles)
                assertEquals(ny(7, 40), sent.state.lastSyncedAt)
                // The tablet sees one file waiting for it; the phone none.
                assertEquals(1, tabletSync.state().incomingFiles)
                assertEquals(0, phoneSync.state().incomingFiles)

                clock.instant = ny(7, 45)
                val got = tabletSync.sync(tabletSecret)
                assertEquals(1, got.applied.size)
                assertTrue(got.changes > 0)
                assertTrue(got.refused.isEmpty())
                assertFalse("applied files are deleted", sent.written.single().exists())
                assertEquals(names(dir), got.written.map { it.name })
                assertEquals(0, got.state.incomingFiles)
                assertEquals(ny(7, 45), got.state.devices.single().lastReceivedAt)
                // The tablet's Today: the same dose taken at the same minute.
                val onTablet = TodayState.load(tablet).sections.first().rows.first { it.medicationId == meds.sertraline }
                assertEquals(DoseBadge.TAKEN_ON_TIME, onTablet.badge)
                assertEquals(ny(7, 40), onTablet.takenAt)
                val mood = tablet.journal(march1, march1).entries.single()
                assertEquals("only for me" to false, mood.note to mood.shareable)

                // The tablet logs lamotrigine; the phone gets it on its next sync.
                val lamotrigine = TodayState.load(tablet).sections.first().rows.first { it.medicationId == meds.lamotrigine }
                clock.instant = ny(7, 50)
                tablet.take(lamotrigine.occurrenceId)
                assertTrue(tablet.syncStatus().unsentChanges > 0uL)
                assertEquals(1, tabletSync.sync(tabletSecret).written.size)
                assertEquals(0uL, tablet.syncStatus().unsentChanges)
                assertEquals(2, phoneSync.state().incomingFiles)
                clock.instant = ny(8)
                val back = phoneSync.sync(phoneSecret)
                assertEquals(2, back.applied.size)
                assertEquals(0, back.state.incomingFiles)
                val onPhone = TodayState.load(phone).sections.first().rows.first { it.medicationId == meds.lamotrigine }
                assertEquals(ny(7, 50), onPhone.takenAt)
                assertEquals(
                    "one dose log each, the same on both devices",
                    tablet.bindings.syncDump(),
                    phone.bindings.syncDump(),
                )

                // The tablet applies the phone's confirmation: nothing pending on
                // either device, and syncing again writes nothing.
                assertEquals(1, back.written.size)
                val settled = tabletSync.sync(tabletSecret)
                assertTrue(settled.written.isEmpty())
                assertEquals(0, settled.state.pendingFiles)
                assertEquals(0, phoneSync.state().pendingFiles)
                assertTrue(phoneSync.sync(phoneSecret).written.isEmpty())
                assertTrue(names(dir).isEmpty())

                // The tablet is lost: removed on the phone, nothing more is written for it.
                phone.removeDevice(tablet.shareIdentity(tabletSecret).keyId)
                phone.logMood(Mood(valence = 1))
                val afterRemoval = phoneSync.sync(phoneSecret)
                assertTrue(afterRemoval.written.isEmpty())
                assertTrue(afterRemoval.state.devices.single().removed)
                assertEquals(0, afterRemoval.state.unsentChanges)
            }
        }
    }

    @Test
    fun `files for other devices, an altered file and one from a device not in the group stay in the folder`() {
        val clock = TestClock(ny(9))
        CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { phone ->
            CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { tablet ->
                CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { laptop ->
                    phone.setUp("Alex", NEW_YORK)
                    phone.addMedication(medication("Sertraline", 50.0))
                    val dir = syncFolder()
                    File(dir, "notes.txt").writeText("not a change file")
                    phone.shareIdentity(phoneSecret)
                    pairOneWay(phone, "Tablet", tablet, tabletSecret)
                    pairOneWay(tablet, "Phone", phone, phoneSecret)
                    // A laptop paired the phone and the tablet on its side; neither has paired it.
                    pairOneWay(laptop, "Tablet", tablet, tabletSecret)
                    pairOneWay(laptop, "Phone", phone, phoneSecret)

                    val forTablet = SyncFolder(phone, dir).sync(phoneSecret).written.single()
                    val laptopFiles = SyncFolder(laptop, dir).sync(laptopSecret).written
                    assertEquals(2, laptopFiles.size)
                    val tabletId = tablet.shareIdentity(tabletSecret).keyId
                    val fromLaptop = laptopFiles.single { SyncFolder.isAddressedTo(it.name, tabletId) }
                    val laptopForPhone = laptopFiles.single { it != fromLaptop }
                    // A copy of the phone's file, altered on the way, under a later number.
                    val altered = File(dir, forTablet.name.replace("-0000000001.", "-0000000002."))
                    altered.writeBytes(forTablet.readBytes().also { it[it.size - 10] = (it[it.size - 10].toInt() xor 1).toByte() })
                    val tabletSync = SyncFolder(tablet, dir)
                    assertEquals(3, tabletSync.state().incomingFiles)

                    clock.instant = ny(9, 5)
                    val result = tabletSync.sync(tabletSecret)
                    assertEquals(1, result.applied.size)
                    assertEquals(listOf("Sertraline"), tablet.medications().map { it.name })
                    val refused = result.refused.associateBy { it.file.name }
                    assertEquals(setOf(altered.name, fromLaptop.name), refused.keys)
                    assertTrue(refused.getValue(altered.name).field, refused.getValue(altered.name).field.startsWith("sync_file"))
                    assertEquals("sync_file.sender", refused.getValue(fromLaptop.name).field)
                    // Left as they were: the refused files, the laptop's file for the phone, the note.
                    assertFalse(forTablet.exists())
                    for (f in listOf(altered, fromLaptop, laptopForPhone, File(dir, "notes.txt"))) assertTrue(f.name, f.exists())
                    assertEquals(2, result.state.incomingFiles)

                    // The person pairs the laptop on the tablet too: its file applies on the next sync.
                    pairOneWay(tablet, "Laptop", laptop, laptopSecret)
                    val next = tabletSync.sync(tabletSecret)
                    assertEquals(listOf(laptop.shareIdentity(laptopSecret).keyId), next.applied.map { it.senderKeyId })
                    assertEquals(listOf(altered.name), next.refused.map { it.file.name })
                    assertFalse(fromLaptop.exists())
                    assertEquals(1, next.state.incomingFiles)
                    assertTrue(laptopForPhone.exists())
                }
            }
        }
    }

    @Test
    fun `a wrong secret applies nothing and writes nothing`() {
        withClient { phone, clock, _ ->
            CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { tablet ->
                val dir = syncFolder()
                phone.shareIdentity(phoneSecret)
                pairOneWay(phone, "Tablet", tablet, tabletSecret)
                pairOneWay(tablet, "Phone", phone, phoneSecret)
                SyncFolder(phone, dir).sync(phoneSecret)
                val before = names(dir)
                try {
                    SyncFolder(tablet, dir).sync(phoneSecret)
                    fail("the phone's secret opened the tablet's keys")
                } catch (e: CadenceError.WrongKey) {
                    // expected
                }
                assertEquals(before, names(dir))
                assertTrue(tablet.medications().isEmpty())
                assertEquals(1, SyncFolder(tablet, dir).state().incomingFiles)
            }
        }
    }

    @Test
    fun `only change files named for this device are picked`() {
        val id = "ab46d987c0ffee0011223344556677889"
        assertTrue(SyncFolder.isAddressedTo("cadence-813af49a-to-ab46d987-0000000001.cdsync", id))
        assertFalse(SyncFolder.isAddressedTo("cadence-ab46d987-to-813af49a-0000000001.cdsync", id))
        assertFalse(SyncFolder.isAddressedTo("cadence-813af49a-to-ab46d987-0000000001.cdsync.tmp", id))
        assertFalse(SyncFolder.isAddressedTo(".writing-123.tmp", id))
        assertFalse(SyncFolder.isAddressedTo("cadence-813af49a-to-ab46d987-0000000001 (1).cdsync", id))
        assertFalse(SyncFolder.isAddressedTo("cadence-813af49a-to-ab46d987-0000000001.cdsync", "ab46"))
    }
}
