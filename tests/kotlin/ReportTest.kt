// Report tests through the generated Kotlin bindings (being written).
package health.cadence.tests

fun registerReportTests(suite: TestSuite) {
}
