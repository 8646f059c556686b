// Care team and consent tests through the generated Kotlin bindings (being written).
package health.cadence.tests

fun registerCareTests(suite: TestSuite) {
}
