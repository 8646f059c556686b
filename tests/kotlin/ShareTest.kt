// Share bundle tests through the generated Kotlin bindings (being written).
package health.cadence.tests

fun registerShareTests(suite: TestSuite) {
}
