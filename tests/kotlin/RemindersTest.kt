// Reminder tests through the generated Kotlin bindings (being written).
package health.cadence.tests

fun registerReminderTests(suite: TestSuite) {
}
