// Foundation tests through the generated Kotlin bindings: open a real SQLite
// file, CRUD the profile, routine and medications, typed errors, encryption.
package health.cadence.tests

import health.cadence.Cadence
import health.cadence.CadenceException
import health.cadence.schemaVersion
import health.cadence.core.DayKind
import health.cadence.core.DoseForm
import health.cadence.core.MedicationInput
import health.cadence.core.MedicationStatus
import health.cadence.core.OnsetWindow
import health.cadence.core.ProfileInput
import health.cadence.core.RoutineEvent
import health.cadence.core.RoutineOverride
import health.cadence.core.RoutineTime
import health.cadence.core.Strength
import java.io.File
import java.nio.file.Files
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

private fun tempDb(): String = Files.createTempDirectory("cadence-kt").resolve("cadence.db").toString()

private val NOW: Instant = Instant.parse("2027-03-01T08:00:00Z")

/** The database key of the test files: `Cadence.open` requires one. */
internal val TEST_KEY: ByteArray get() = ByteArray(32) { (it + 100).toByte() }

internal fun sertralineInput() = MedicationInput(
    name = "Sertraline",
    strength = Strength(50.0, "mg"),
    form = DoseForm.TABLET,
    instructions = "With breakfast",
    prescriberNotes = "Nausea usually settles in 1-2 weeks",
    expectedOnset = OnsetWindow(14u, 42u),
    startedOn = "2027-02-01",
)

fun registerFoundationTests(suite: TestSuite) {
    suite.test("a medication survives closing and reopening the file") {
        val path = tempDb()
        val id = Cadence.open(path, TEST_KEY).use { c ->
            c.setProfile(ProfileInput("Sam", "Europe/Berlin", "Europe/Berlin"), NOW)
            c.addMedication(sertralineInput(), NOW).id
        }
        Cadence.open(path, TEST_KEY).use { c ->
            val m = c.medication(id)
            assertEquals("Sertraline", m.name)
            assertEquals(Strength(50.0, "mg"), m.strength)
            assertEquals(NOW, m.createdAt)
            assertEquals("Europe/Berlin", c.profile()!!.homeZone)
            assertEquals(1, c.medications(false).size)
        }
    }

    suite.test("bad input is a typed error naming the field, and nothing is stored") {
        Cadence.open(tempDb(), TEST_KEY).use { c ->
            val e = assertFailsWith<CadenceException.InvalidInput> {
                c.addMedication(sertralineInput().copy(name = "   "), NOW)
            }
            assertEquals("medication.name", e.field)
            assertTrue(c.medications(true).isEmpty())
            assertFailsWith<CadenceException.NotFound> {
                c.medication("6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10")
            }
        }
    }

    suite.test("an unknown time zone is rejected before it reaches the core") {
        Cadence.open(tempDb(), TEST_KEY).use { c ->
            val t = runCatching { c.setProfile(ProfileInput("Sam", "Mars/Olympus", "UTC"), NOW) }
            assertTrue(t.isFailure)
            assertNull(c.profile())
        }
    }

    suite.test("stopping keeps the medication in history; delete hides it at once") {
        Cadence.open(tempDb(), TEST_KEY).use { c ->
            val m = c.addMedication(sertralineInput(), NOW)
            val stopped = c.stopMedication(m.id, "2027-03-01", NOW)
            assertEquals(MedicationStatus.STOPPED, stopped.status)
            assertEquals("2027-03-01", stopped.stoppedOn)
            assertTrue(c.medications(false).isEmpty())
            assertEquals(1, c.medications(true).size)
            c.deleteMedication(m.id, NOW)
            assertTrue(c.medications(true).isEmpty())
            assertEquals(1uL, c.purgeDeleted())
        }
    }

    suite.test("routine times, weekend variants and a one-day override") {
        Cadence.open(tempDb(), TEST_KEY).use { c ->
            c.setRoutineTimes(
                listOf(
                    RoutineTime(RoutineEvent.BREAKFAST, DayKind.WEEKDAY, "06:45"),
                    RoutineTime(RoutineEvent.BREAKFAST, DayKind.WEEKEND, "09:15"),
                ),
                NOW,
            )
            assertEquals("06:45", c.routineTimeOf(RoutineEvent.BREAKFAST, "2027-03-01"))
            assertEquals("09:15", c.routineTimeOf(RoutineEvent.BREAKFAST, "2027-03-06"))
            c.setRoutineOverride(RoutineOverride("2027-03-01", RoutineEvent.BREAKFAST, "10:00"), NOW)
            assertEquals("10:00", c.routineTimeOf(RoutineEvent.BREAKFAST, "2027-03-01"))
            assertEquals("22:30", c.routineTimeOf(RoutineEvent.BEDTIME, "2027-03-01"))
        }
    }

    suite.test("an encrypted file refuses a wrong key and keeps its bytes") {
        val path = tempDb()
        val key = ByteArray(32) { it.toByte() }
        Cadence.open(path, key).use { c ->
            c.addMedication(sertralineInput(), NOW)
            assertTrue(c.isEncrypted())
        }
        val before = File(path).readBytes()
        assertFailsWith<CadenceException.WrongKey> { Cadence.open(path, ByteArray(32) { 7 }) }
        assertFailsWith<CadenceException.WrongKey> { Cadence.openUnencryptedForTools(path) }
        assertTrue(before.contentEquals(File(path).readBytes()))
        Cadence.open(path, key).use { c -> assertEquals(1, c.medications(false).size) }
    }

    suite.test("the facade is safe to share across JVM threads") {
        Cadence.open(tempDb(), TEST_KEY).use { c ->
            val threads = (0 until 8).map { t ->
                Thread {
                    repeat(10) { i -> c.addMedication(sertralineInput().copy(name = "Med $t-$i"), NOW) }
                }
            }
            threads.forEach { it.start() }
            threads.forEach { it.join() }
            assertEquals(80, c.medications(false).size)
        }
    }

    suite.test("the library reports the schema version it writes") {
        assertTrue(schemaVersion() >= 1)
    }
}
