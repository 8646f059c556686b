// Two of a person's devices kept in step through the generated Kotlin
// bindings: two Cadence objects on two database files, each with its own
// share keys, paired and confirmed both ways, syncing through a folder.
package health.cadence.tests

import health.cadence.Cadence
import health.cadence.CadenceException
import health.cadence.core.DoseAction
import health.cadence.core.EntryDetail
import health.cadence.core.JournalEntryInput
import health.cadence.core.JournalQuery
import health.cadence.core.OccurrenceStatus
import health.cadence.core.ProfileInput
import health.cadence.core.SyncApplied
import health.cadence.core.SyncFileKind
import health.cadence.core.SyncFileOut
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.time.Instant
import kotlin.io.path.listDirectoryEntries
import kotlin.io.path.name
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

private val PAIRED_AT: Instant = Instant.parse("2027-03-01T06:00:00Z")

/** 2027-03-01 in New York (UTC-5): hh:mm local as an instant. */
private fun nyTime(h: Int, m: Int = 0): Instant = Instant.parse("2027-03-01T%02d:%02d:00Z".format(h + 5, m))

/** One of the person's devices: its database and its host secret. */
private class SyncDevice(val core: Cadence, val secret: ByteArray) {
    val identity = core.createShareKeys(secret, PAIRED_AT)

    /** Applies the folder's files addressed to this device, in file-name order, deleting each once applied. */
    fun receive(folder: Path, now: Instant): List<SyncApplied> =
        folder.listDirectoryEntries("*.cdsync").sortedBy { it.name }.mapNotNull { file ->
            try {
                core.importSync(secret, Files.readAllBytes(file), now).also { Files.delete(file) }
            } catch (e: CadenceException.InvalidInput) {
                if (e.field != "sync_file.recipient") throw e
                null // another device's: left for it
            }
        }

    /** Writes this device's files into the folder: a temporary name, then one rename. */
    fun send(folder: Path, now: Instant): List<SyncFileOut> =
        core.exportSync(secret, now).onEach { out ->
            val tmp = folder.resolve(".${out.fileName}.tmp")
            Files.write(tmp, out.bytes)
            Files.move(tmp, folder.resolve(out.fileName), StandardCopyOption.ATOMIC_MOVE)
        }
}

private fun pair(a: SyncDevice, aLabel: String, b: SyncDevice, bLabel: String) {
    for ((self, other, label) in listOf(Triple(a, b, bLabel), Triple(b, a, aLabel))) {
        val shown = other.core.shareIdentity()!!
        val device = self.core.pairDevice(label, shown.pairingCode, PAIRED_AT)
        assertNull(device.verifiedAt)
        assertEquals(PAIRED_AT, self.core.confirmDevice(device.keyId, shown.fingerprint, PAIRED_AT).verifiedAt)
    }
}

fun registerSyncTests(suite: TestSuite) {
    suite.test("a medication, a taken dose and a private note reach the tablet through a folder; an edit comes back") {
        val dir = Files.createTempDirectory("cadence-kt-sync")
        val folder = Files.createDirectory(dir.resolve("folder"))
        Cadence.open(dir.resolve("phone.db").toString(), TEST_KEY).use { phoneDb ->
            Cadence.open(dir.resolve("tablet.db").toString(), TEST_KEY).use { tabletDb ->
                val phone = SyncDevice(phoneDb, ByteArray(32) { 1 })
                val tablet = SyncDevice(tabletDb, ByteArray(32) { 2 })
                pair(phone, "Phone", tablet, "Tablet")

                phoneDb.setProfile(ProfileInput("Sam", "America/New_York", "America/New_York"), PAIRED_AT)
                val med = phoneDb.addMedication(sertralineInput(), PAIRED_AT)
                phoneDb.addPlanFromFhirDosage(
                    med.id,
                    """{"timing": {"repeat": {"timeOfDay": ["08:00:00"], "period": 1, "periodUnit": "d",
                        "boundsPeriod": {"start": "2027-03-01"}}},
                        "doseAndRate": [{"doseQuantity": {"value": 50, "unit": "mg"}}]}""",
                    PAIRED_AT,
                )
                val occ = phoneDb.occurrences("2027-03-01", "2027-03-01").single()
                phoneDb.logDose(occ.id, DoseAction.Taken(nyTime(8, 10), null), nyTime(8, 10))
                val note = JournalEntryInput(nyTime(9), "America/New_York", EntryDetail.Note, "only for me", false)
                phoneDb.addJournalEntry(note, nyTime(9))
                assertTrue(tabletDb.medications(false).isEmpty())

                val sent = phone.send(folder, nyTime(10))
                assertEquals(listOf("Tablet" to SyncFileKind.SNAPSHOT), sent.map { it.recipientLabel to it.kind })
                assertFalse(String(sent.single().bytes, Charsets.ISO_8859_1).contains("Sertraline"), "sealed")

                // A copy of the file altered on the way is refused, naming the field; nothing changes.
                val altered = sent.single().bytes.copyOf().also { it[it.size / 2] = (it[it.size / 2].toInt() xor 1).toByte() }
                val e = assertFailsWith<CadenceException.InvalidInput> { tabletDb.importSync(tablet.secret, altered, nyTime(10, 4)) }
                assertTrue(e.field.startsWith("sync_file"), e.field)
                assertTrue(tabletDb.medications(false).isEmpty())

                val applied = tablet.receive(folder, nyTime(10, 5)).single()
                assertEquals(phone.identity.keyId, applied.senderKeyId)
                assertTrue(applied.changes > 0uL && !applied.alreadyApplied)
                assertTrue(folder.listDirectoryEntries("*.cdsync").isEmpty(), "applied files are deleted")
                // The same file twice: nothing happens the second time.
                assertTrue(tabletDb.importSync(tablet.secret, sent.single().bytes, nyTime(10, 6)).alreadyApplied)

                assertEquals(listOf("Sertraline"), tabletDb.medications(false).map { it.name })
                val dose = tabletDb.today(nyTime(10, 5)).groups.single().doses.single()
                assertTrue(dose.status is OccurrenceStatus.Taken, "${dose.status}")
                assertEquals(nyTime(8, 10), tabletDb.logsBetween(nyTime(0), nyTime(18)).single().takenAt)
                val onTablet = tabletDb.journalEntries(JournalQuery()).entries.single()
                assertEquals("only for me" to false, onTablet.note to onTablet.shareable)

                // The tablet renames the medication; the tablet's reply also
                // confirms the phone's file.
                tabletDb.updateMedication(med.id, sertralineInput().copy(name = "Sertraline 50"), nyTime(11))
                assertEquals(listOf("Phone"), tablet.send(folder, nyTime(11, 1)).map { it.recipientLabel })
                assertTrue(phone.receive(folder, nyTime(11, 2)).sumOf { it.changes } > 0uL)
                assertEquals("Sertraline 50", phoneDb.medication(med.id).name)
                assertEquals(phoneDb.syncDump(), tabletDb.syncDump())

                val status = phoneDb.syncStatus()
                val t = status.devices.single()
                assertEquals(Triple("Tablet", tablet.identity.keyId, tablet.identity.fingerprint), Triple(t.label, t.keyId, t.fingerprint))
                assertEquals(PAIRED_AT, t.verifiedAt)
                assertNull(t.removedAt)
                assertEquals(nyTime(11, 2), status.lastSyncedAt)
                assertEquals(0uL, status.unacknowledgedFiles)
                assertEquals(0uL, status.unsentChanges)
                assertNotNull(tabletDb.syncStatus().lastSyncedAt)
                // The phone confirms the tablet's file; once the tablet applies
                // that, nothing is pending and syncing makes no more files.
                assertEquals(1, phone.send(folder, nyTime(11, 3)).size)
                tablet.receive(folder, nyTime(11, 4))
                assertEquals(0uL, tabletDb.syncStatus().unacknowledgedFiles)
                assertTrue(tablet.send(folder, nyTime(11, 5)).isEmpty() && phone.send(folder, nyTime(11, 5)).isEmpty())

                // Removed from the group: no more files for it, and its files are refused.
                phoneDb.removeDevice(tablet.identity.keyId, nyTime(12))
                assertEquals(nyTime(12), phoneDb.syncStatus().devices.single().removedAt)
                phoneDb.updateMedication(med.id, sertralineInput().copy(name = "Sertraline 100"), nyTime(12, 1))
                assertTrue(phone.send(folder, nyTime(12, 2)).isEmpty())
                tabletDb.updateMedication(med.id, sertralineInput().copy(name = "late"), nyTime(12, 3))
                val late = tabletDb.exportSync(tablet.secret, nyTime(12, 4)).single()
                val refused = assertFailsWith<CadenceException.InvalidInput> { phoneDb.importSync(phone.secret, late.bytes, nyTime(12, 5)) }
                assertEquals("sync_file.sender", refused.field)
                assertEquals("Sertraline 100", phoneDb.medication(med.id).name)
            }
        }
    }
}
