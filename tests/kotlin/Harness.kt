// A minimal test runner for the Kotlin binding tests: kotlinc and JNA are all
// we have here (no Gradle, no JUnit). Prints one line per test and the closing
// line "N passed, N failed"; exits non-zero when any test failed.
package health.cadence.tests

import kotlin.system.exitProcess

class TestSuite {
    private val tests = mutableListOf<Pair<String, () -> Unit>>()

    fun test(name: String, body: () -> Unit) {
        tests += name to body
    }

    fun run(): Int {
        var passed = 0
        var failed = 0
        for ((name, body) in tests) {
            try {
                body()
                passed++
                println("PASS $name")
            } catch (t: Throwable) {
                failed++
                println("FAIL $name: $t")
                t.printStackTrace()
            }
        }
        println("Kotlin: $passed passed, $failed failed")
        return failed
    }
}

fun main() {
    val suite = TestSuite()
    registerFoundationTests(suite)
    registerScheduleTests(suite)
    registerDoseLogTests(suite)
    registerJournalTests(suite)
    registerReminderTests(suite)
    registerReportTests(suite)
    registerCareTests(suite)
    registerShareTests(suite)
    registerDataSafetyTests(suite)
    registerSyncTests(suite)
    val failed = suite.run()
    exitProcess(if (failed == 0) 0 else 1)
}
