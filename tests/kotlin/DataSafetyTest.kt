// Data-safety tests through the generated Kotlin bindings: 8 JVM threads
// sharing one Cadence object (mixed logging and reads, no lost write, no
// "database is locked"), and an encrypted backup restored on a "new phone".
package health.cadence.tests

import health.cadence.Cadence
import health.cadence.CadenceException
import health.cadence.core.DoseKind
import health.cadence.core.UnscheduledDose
import java.io.File
import java.nio.file.Files
import java.time.Instant
import java.util.Collections
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

private val SAFETY_NOW: Instant = Instant.parse("2027-03-01T08:00:00Z")
private val SAFETY_KEY = ByteArray(32) { it.toByte() }
private const val PASS = "correct horse battery staple"

private fun safetyDir(): File = Files.createTempDirectory("cadence-kt-safety").toFile()

fun registerDataSafetyTests(suite: TestSuite) {
    suite.test("8 JVM threads share one Cadence object without lost writes") {
        Cadence.open(File(safetyDir(), "c.db").path, SAFETY_KEY).use { c ->
            val med = c.addMedication(sertralineInput(), SAFETY_NOW)
            val ids = Collections.synchronizedList(mutableListOf<String>())
            val errors = Collections.synchronizedList(mutableListOf<Throwable>())
            val threads = (0 until 8).map { t ->
                Thread {
                    try {
                        for (k in 0 until 90) {
                            when (k % 3) {
                                0 -> ids += c.logUnscheduledDose(
                                    UnscheduledDose(med.id, DoseKind.AS_NEEDED,
                                        SAFETY_NOW.plusSeconds((t * 1000 + k).toLong()), 1.0, "tablet", ""),
                                    SAFETY_NOW,
                                ).id
                                1 -> c.today(SAFETY_NOW)
                                else -> c.medications(false)
                            }
                        }
                    } catch (e: Throwable) {
                        errors += e
                    }
                }
            }
            threads.forEach { it.start() }
            threads.forEach { it.join() }
            assertTrue(errors.isEmpty(), "errors: $errors")
            val logged = c.logsBetween(SAFETY_NOW.minusSeconds(86_400), SAFETY_NOW.plusSeconds(86_400))
            assertEquals(ids.sorted(), logged.map { it.id }.sorted())
            assertEquals(8 * 30, ids.size)
            assertTrue(c.integrityCheck().isEmpty())
        }
    }

    suite.test("an encrypted backup restores on a new phone; bad secrets are typed errors") {
        val dir = safetyDir()
        val out = File(dir, "backup.cadence").path
        val info = Cadence.open(File(dir, "old.db").path, SAFETY_KEY).use { old ->
            old.addMedication(sertralineInput(), SAFETY_NOW)
            old.backupTo(out, passphrase = PASS, now = SAFETY_NOW)
        }
        assertEquals(1uL, info.tables.first { it.table == "medication" }.rows)
        assertEquals(SAFETY_NOW, info.createdAt)
        Cadence.open(File(dir, "new.db").path, ByteArray(32)).use { c ->
            assertFailsWith<CadenceException.WrongKey> { c.restoreFrom(out, passphrase = "not the passphrase") }
            assertFailsWith<CadenceException.InvalidInput> { c.restoreFrom(out) }
            assertTrue(c.medications(true).isEmpty())
            assertEquals(info, c.restoreFrom(out, passphrase = PASS))
            assertEquals(listOf("Sertraline"), c.medications(false).map { it.name })
            c.addMedication(sertralineInput().copy(name = "Lithium"), SAFETY_NOW)
            assertEquals(2, c.medications(false).size)
        }
    }
}
