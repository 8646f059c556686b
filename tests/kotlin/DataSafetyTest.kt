// Data-safety tests through the generated Kotlin bindings (being written).
package health.cadence.tests

fun registerDataSafetyTests(suite: TestSuite) {
}
