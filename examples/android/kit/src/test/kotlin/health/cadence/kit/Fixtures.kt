// Shared test fixtures: a settable clock, a fake OS notification store, and
// a client in New York with a morning, a twice-daily and a bedtime medication.
package health.cadence.kit

import health.cadence.core.DoseForm
import health.cadence.core.MedicationInput
import health.cadence.core.Notification
import health.cadence.core.OnsetWindow
import health.cadence.core.Strength
import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime
import java.time.ZoneId
import java.time.ZoneOffset

/** A clock tests move by hand. */
class TestClock(var instant: Instant) : Clock() {
    override fun getZone(): ZoneId = ZoneOffset.UTC
    override fun withZone(zone: ZoneId?): Clock = this
    override fun instant(): Instant = instant

    /** Moves the clock forward. */
    fun advanceMinutes(minutes: Long) {
        instant = instant.plusSeconds(minutes * 60)
    }
}

/**
 * The OS as the scheduler sees it: a set of at most [hardLimit] pending
 * notifications (iOS: 64, the plan's length; Android's AlarmManager keeps
 * hundreds) that fire and leave the set [lagMinutes] after their time
 * (Android in Doze delivers late). [permitted] off is the user revoking
 * notification / exact-alarm permission.
 */
class FakeOs(
    override val capacity: Int = 64,
    val lagMinutes: Long = 0,
    val hardLimit: Int = capacity,
) : OsNotifications {
    val pending = LinkedHashMap<String, Notification>()
    /** Schedules are accepted (the permission at arming time). */
    var permitted = true

    /** The OS shows notifications (turned off later, armed alarms stay but show nothing). */
    override var notificationsAllowed = true
    override var exactTiming = true
    override var reportsEveryDelivery = true

    /** Ids armed while [exactTiming] was false. */
    val inexact = HashSet<String>()
    var scheduleCalls = 0
    var cancelCalls = 0

    override fun pendingIds(): Set<String> = pending.keys.toSet()

    override fun inexactIds(): Set<String> = inexact.intersect(pending.keys)

    override fun schedule(notification: Notification): Boolean {
        scheduleCalls++
        if (!permitted || (notification.id !in pending && pending.size >= hardLimit)) return false
        pending[notification.id] = notification
        if (exactTiming) inexact.remove(notification.id) else inexact.add(notification.id)
        return true
    }

    override fun cancel(id: String) {
        cancelCalls++
        pending.remove(id)
        inexact.remove(id)
    }

    /** Fires (removes and returns) every notification delivered by [now], soonest first. */
    fun fire(now: Instant): List<Notification> {
        val due = pending.values.filter { !it.fireAt.plusSeconds(lagMinutes * 60).isAfter(now) }.sortedBy { it.fireAt }
        due.forEach { pending.remove(it.id) }
        return due
    }
}

val NEW_YORK: ZoneId = ZoneId.of("America/New_York")

/** 2027-03-01 (a Monday) at [h]:[m] in New York, as an instant. */
fun ny(h: Int, m: Int = 0, date: LocalDate = LocalDate.of(2027, 3, 1)): Instant =
    date.atTime(LocalTime.of(h, m)).atZone(NEW_YORK).toInstant()

fun tempDb(): Path = Files.createTempDirectory("cadence-kit").resolve("cadence.db")

/** The database key of every test file (the kit opens encrypted files only). */
val TEST_KEY: ByteArray get() = ByteArray(CadenceClient.KEY_BYTES) { (it * 7 + 1).toByte() }

/** Both people compared the fingerprints on their screens and they match: every unverified pairing of [c] is confirmed. */
fun confirmPairings(c: CadenceClient, keySecret: ByteArray) {
    val mine = c.shareIdentity(keySecret)
    c.pairedKeys().filter { it.verifiedAt == null && it.revokedAt == null }.forEach { PairingCheck.of(it, mine).confirm(c) }
}

fun medication(name: String, mg: Double) = MedicationInput(
    name, Strength(mg, "mg"), DoseForm.TABLET, "", "", OnsetWindow(14u, 42u), "2027-02-01",
)

/** A FHIR Dosage taking [mg] at the EventTiming [codes], from [start]. */
fun dosage(codes: List<String>, mg: Double, start: String = "2027-03-01"): String =
    """{"timing": {"repeat": {"when": [${codes.joinToString { "\"$it\"" }}], "period": 1, "periodUnit": "d",
        "boundsPeriod": {"start": "$start"}}},
        "doseAndRate": [{"doseQuantity": {"value": $mg, "unit": "mg"}}]}"""

/** Ids of the client's three medications. */
data class Meds(val sertraline: String, val lamotrigine: String, val quetiapine: String)

/**
 * A client set up at 06:00 on 2027-03-01 in New York: sertraline with
 * breakfast (07:30), lamotrigine at breakfast and dinner (18:30), quetiapine
 * at bedtime (22:30).
 */
fun <T> withClient(start: Instant = ny(6), body: (CadenceClient, TestClock, Meds) -> T): T {
    val clock = TestClock(start)
    return CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { c ->
        c.setUp("Alex", NEW_YORK)
        val s = c.addMedication(medication("Sertraline", 50.0)).id
        c.addPlanFromFhirDosage(s, dosage(listOf("CM"), 100.0))
        val l = c.addMedication(medication("Lamotrigine", 25.0)).id
        c.addPlanFromFhirDosage(l, dosage(listOf("CM", "CV"), 25.0))
        val q = c.addMedication(medication("Quetiapine", 25.0)).id
        c.addPlanFromFhirDosage(q, dosage(listOf("HS"), 50.0))
        body(c, clock, Meds(s, l, q))
    }
}

/** A well-formed id no record has. */
const val UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
