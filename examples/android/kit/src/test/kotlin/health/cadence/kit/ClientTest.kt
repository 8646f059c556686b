// The client's lifetime, java.time surface and typed errors.
package health.cadence.kit

import health.cadence.core.DoseBadge
import health.cadence.core.DayKind
import health.cadence.core.RoutineEvent
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Test
import java.nio.file.Files
import java.time.LocalDate
import java.time.LocalTime
import java.time.ZoneId
import java.time.ZoneOffset

class ClientTest {
    @Test
    fun `a closed client refuses calls with a typed error and closing twice is harmless`() {
        val c = CadenceClient.open(tempDb(), TEST_KEY)
        c.close()
        c.close()
        assertThrows(CadenceError.Closed::class.java) { c.today() }
    }

    @Test
    fun `a wrong key is WrongKey and the right key opens the file again`() {
        val path = tempDb()
        val key = ByteArray(CadenceClient.KEY_BYTES) { it.toByte() }
        CadenceClient.open(path, key).use { it.setUp("Alex", NEW_YORK) }
        val wrong = ByteArray(CadenceClient.KEY_BYTES) { 7 }
        assertThrows(CadenceError.WrongKey::class.java) { CadenceClient.open(path, wrong) }
        CadenceClient.open(path, key).use { assertEquals("Alex", it.profile()?.displayName) }
    }

    @Test
    fun `bad input names the field and stores nothing`() {
        withClient { c, _, _ ->
            val e = assertThrows(CadenceError.InvalidInput::class.java) { c.addMedication(medication("", 10.0)) }
            assertEquals("medication.name", e.field)
            assertEquals(3, c.medications().size)
            val nf = assertThrows(CadenceError.NotFound::class.java) { c.guidance(UNKNOWN_ID) }
            assertFalse(nf.message!!.contains(UNKNOWN_ID))
        }
    }

    @Test
    fun `a fixed offset is refused as a zone because it would not follow DST`() {
        withClient { c, _, _ ->
            for (offset in listOf<ZoneId>(ZoneOffset.ofHours(2), ZoneId.of("UTC+02:00"), ZoneId.of("GMT-05:00"))) {
                val e = assertThrows(CadenceError.InvalidInput::class.java) { c.deviceZoneChanged(offset) }
                assertEquals("zone", e.field)
            }
            c.deviceZoneChanged(ZoneId.of("UTC"))
            assertEquals("UTC", c.profile()?.currentZone)
        }
    }

    @Test
    fun `moving breakfast moves the morning doses and Today speaks java time`() {
        withClient { c, _, _ ->
            val before = TodayState.load(c)
            assertEquals(LocalDate.of(2027, 3, 1), before.date)
            assertEquals(NEW_YORK, before.zone)
            assertEquals(LocalTime.of(7, 30), before.sections.first().time)
            c.setRoutineTime(RoutineEvent.BREAKFAST, DayKind.WEEKDAY, LocalTime.of(9, 15))
            val after = TodayState.load(c)
            val breakfast = after.sections.first { it.moment == RoutineEvent.BREAKFAST }
            assertEquals(LocalTime.of(9, 15), breakfast.time)
            assertTrue(breakfast.rows.all { it.time == LocalTime.of(9, 15) })
        }
    }

    @Test
    fun `a backup restores the day as it was and a wrong passphrase changes nothing`() {
        withClient { c, clock, m ->
            val file = Files.createTempDirectory("cadence-backup").resolve("backup.cadence")
            clock.instant = ny(7, 40)
            val row = TodayState.load(c).sections.first().rows.first { it.medicationId == m.sertraline }
            c.take(row.occurrenceId)
            c.backupTo(file, "correct horse battery")
            assertEquals(1, TodayState.load(c).taken)
            c.verifyBackup(file, "correct horse battery")

            c.take(TodayState.load(c).sections.first().rows.first { it.medicationId == m.lamotrigine }.occurrenceId)
            assertThrows(CadenceError.WrongKey::class.java) { c.restoreFrom(file, "wrong horse battery") }
            assertEquals(2, TodayState.load(c).taken)
            c.restoreFrom(file, "correct horse battery")
            val restored = TodayState.load(c)
            assertEquals(1, restored.taken)
            assertEquals(DoseBadge.TAKEN_ON_TIME, restored.sections.first().rows.first { it.medicationId == m.sertraline }.badge)
            val e = assertThrows(CadenceError.InvalidInput::class.java) { c.backupTo(file, "short") }
            assertEquals("passphrase", e.field)
        }
    }

    @Test
    fun `a recovery key is twelve words and restores however it is typed back`() {
        withClient { c, _, m ->
            val file = Files.createTempDirectory("cadence-backup").resolve("backup.cadence")
            val words = CadenceClient.newRecoveryKey()
            assertEquals(12, words.split(" ").size)
            assertFalse(words == CadenceClient.newRecoveryKey())
            c.backupTo(file, words)
            c.stopMedication(m.quetiapine, LocalDate.of(2027, 3, 1))
            assertFalse(c.medications().any { it.id == m.quetiapine })
            // Written on paper, typed back in capitals, one word a line.
            c.restoreFrom(file, words.uppercase().replace(" ", "\n"))
            assertTrue(c.medications().any { it.id == m.quetiapine })
            // A chosen passphrase needs 12 characters now.
            val e = assertThrows(CadenceError.InvalidInput::class.java) { c.backupTo(file, "elevenchars") }
            assertEquals("passphrase", e.field)
        }
    }

    @Test
    fun `a backup restored on a new phone gets new share keys this phone opens, once`() {
        val oldPhone = ByteArray(CadenceClient.KEY_BYTES) { 1 }
        val newPhone = ByteArray(CadenceClient.KEY_BYTES) { 2 }
        val file = Files.createTempDirectory("cadence-backup").resolve("backup.cadence")
        val before = withClient { c, _, _ ->
            val identity = c.shareIdentity(oldPhone)
            assertEquals(ShareKeysAfterRestore.Unchanged, c.shareKeysAfterRestore(oldPhone)) // same phone: nothing to do
            c.backupTo(file, "correct horse battery")
            identity
        }
        withClient { c, _, _ ->
            c.restoreFrom(file, "correct horse battery")
            // The old phone's seal: this phone's secret does not open the keys.
            assertThrows(health.cadence.CadenceException.WrongKey::class.java) { c.bindings.createShareKeys(newPhone, c.now()) }
            val rekeyed = c.shareKeysAfterRestore(newPhone) as ShareKeysAfterRestore.Rekeyed
            assertEquals(before.fingerprint, rekeyed.previous.fingerprint)
            assertNotEquals(before.fingerprint, rekeyed.identity.fingerprint)
            assertEquals(0, rekeyed.pairings)
            assertEquals(rekeyed.identity, c.bindings.createShareKeys(newPhone, c.now())) // this phone opens them now
            assertEquals(ShareKeysAfterRestore.Unchanged, c.shareKeysAfterRestore(newPhone)) // once only
        }
    }
}
