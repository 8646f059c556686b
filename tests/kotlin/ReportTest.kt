// Report tests through the generated Kotlin bindings: stats and the HTML
// report of an empty file, typed errors.
package health.cadence.tests

import health.cadence.Cadence
import health.cadence.CadenceException
import java.io.File
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

private val REPORT_AT: Instant = Instant.parse("2027-03-01T08:00:00Z")

private fun reportDb(): String =
    File.createTempFile("cadence-report", ".db").also { it.delete() }.absolutePath

fun registerReportTests(suite: TestSuite) {
    suite.test("the report of an empty file is complete, script-free HTML") {
        Cadence.open(reportDb(), TEST_KEY).use { c ->
            val html = c.reportHtml("2027-02-01", "2027-02-28", REPORT_AT)
            assertTrue(html.startsWith("<!DOCTYPE html>"))
            assertEquals(5, Regex("<svg class=\"chart\"").findAll(html).count())
            assertTrue(!html.contains("<script"))
            val stats = c.stats("2027-02-01", "2027-02-28", REPORT_AT, 60u)
            assertEquals(60u, stats.timingWindowMinutes)
            assertNull(stats.overall.takingPercent)
            assertEquals(28, stats.days.size)
        }
    }
    suite.test("a reversed report window is invalid input") {
        Cadence.open(reportDb(), TEST_KEY).use { c ->
            assertFailsWith<CadenceException.InvalidInput> {
                c.stats("2027-03-01", "2027-02-01", REPORT_AT, null)
            }
        }
    }
}
