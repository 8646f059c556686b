// The scheduler keeps the OS's pending notifications equal to the core's
// plan through any sequence of logs, undos, snoozes, routine and zone changes
// and the clock moving on (a seeded property test), and acts on buttons.
package health.cadence.kit

import health.cadence.core.DayKind
import health.cadence.core.NotificationAction
import health.cadence.core.NotificationKind
import health.cadence.core.RoutineEvent
import health.cadence.core.SkipReason
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import java.time.LocalTime
import java.time.ZoneId
import kotlin.random.Random

class ReminderSchedulerTest {
    private fun planIds(c: CadenceClient, os: FakeOs) = c.reminderPlan(os.capacity).notifications.map { it.id }.toSet()

    @Test
    fun `the first reconcile schedules the plan and a second changes nothing`() {
        withClient { c, _, _ ->
            val os = FakeOs()
            val s = ReminderScheduler(c, os)
            val first = s.reconcile()
            assertEquals(64, os.pending.size)
            assertEquals(planIds(c, os), os.pendingIds())
            assertEquals(ny(7, 30), os.pending.values.minOf { it.fireAt })
            assertTrue(first.nextReconcileAt != null && first.nextReconcileAt.isAfter(ny(7, 30)))
            val calls = os.scheduleCalls
            val again = s.reconcile()
            assertTrue(again.added.isEmpty() && again.cancelled.isEmpty())
            assertEquals(64, again.kept.size)
            assertEquals(calls, os.scheduleCalls)
        }
    }

    @Test
    fun `a reminder the OS is late to deliver is not cancelled by a reconcile meanwhile`() {
        withClient { c, clock, _ ->
            val os = FakeOs(lagMinutes = 7)
            val s = ReminderScheduler(c, os)
            s.reconcile()
            clock.instant = ny(7, 33) // the 07:30 alarm is due; Doze holds it
            assertTrue(os.fire(clock.instant).isEmpty())
            val r = s.reconcile() // the person unlocks the phone: the app reconciles
            val breakfast = os.pending.values.single { it.fireAt == ny(7, 30) }
            assertEquals(listOf(breakfast.id), r.arriving)
            assertFalse(breakfast.id in r.cancelled)
            clock.instant = ny(7, 37)
            assertEquals(listOf(breakfast.id), os.fire(clock.instant).map { it.id })
            s.delivered(breakfast.id, clock.instant)
            assertTrue(s.reconcile().arriving.isEmpty())
            assertEquals(planIds(c, os), os.pendingIds())
        }
    }

    @Test
    fun `the reminder banner names what keeps reminders from the person and clears when fixed`() {
        withClient { c, clock, _ ->
            val os = FakeOs()
            val s = ReminderScheduler(c, os)
            assertTrue(s.status(s.reconcile()).ok)

            os.permitted = false
            os.pending.clear() // the person turned notifications off: the OS dropped them
            val off = s.status(s.reconcile())
            assertEquals(listOf(ReminderProblem.NOTIFICATIONS_OFF), off.problems)
            assertEquals(64, off.refused)

            os.permitted = true
            os.exactTiming = false
            val inexact = s.status(s.reconcile())
            assertEquals(listOf(ReminderProblem.MAY_BE_LATE), inexact.problems)

            os.exactTiming = true
            clock.instant = ny(8, 45) // 07:30 fired, but nothing reported it: battery saving killed the app
            os.fire(clock.instant)
            val lost = s.status(s.reconcile())
            assertEquals(listOf(ReminderProblem.NOT_ARRIVING), lost.problems)
            assertEquals(ny(7, 30), lost.undelivered.single().fireAt)
            assertEquals(
                "1 recent reminder did not reach you. Battery saving may be stopping them.",
                ReminderStatus.message(ReminderProblem.NOT_ARRIVING, lost),
            )
            lost.undelivered.single().occurrenceIds.forEach { c.take(it) } // logged from Today
            assertTrue(s.status(s.reconcile()).ok)
        }
    }

    @Test
    fun `reminders armed inexactly are armed again exactly once exact alarms are allowed`() {
        withClient { c, _, _ ->
            val os = FakeOs()
            os.exactTiming = false // "Alarms & reminders" not allowed yet
            val s = ReminderScheduler(c, os)
            val first = s.reconcile()
            assertEquals(64, os.inexactIds().size)
            assertEquals(listOf(ReminderProblem.MAY_BE_LATE), s.status(first).problems)

            os.exactTiming = true // the person allows exact alarms
            val granted = s.reconcile()
            assertEquals(64, granted.rearmed.size)
            assertTrue(granted.added.isEmpty() && granted.cancelled.isEmpty())
            assertTrue("no reminder may stay late", os.inexactIds().isEmpty())
            assertEquals(planIds(c, os), os.pendingIds())
            assertEquals(ny(7, 30), os.pending.values.minOf { it.fireAt })
            assertTrue(s.status(granted).ok)

            val calls = os.scheduleCalls
            assertTrue(s.reconcile().rearmed.isEmpty()) // armed once, not on every reconcile
            assertEquals(calls, os.scheduleCalls)
        }
    }

    @Test
    fun `a reminder still arriving late is not re-armed when exact alarms are allowed`() {
        withClient { c, clock, _ ->
            val os = FakeOs(lagMinutes = 7)
            os.exactTiming = false
            val s = ReminderScheduler(c, os)
            s.reconcile()
            clock.instant = ny(7, 33) // the 07:30 alarm is due, held back
            os.exactTiming = true
            val r = s.reconcile()
            val breakfast = os.pending.values.single { it.fireAt == ny(7, 30) }.id
            assertEquals(listOf(breakfast), r.arriving)
            assertFalse(breakfast in r.rearmed)
            assertEquals(setOf(breakfast), os.inexactIds()) // left to the OS as it was
            assertEquals(63, r.rearmed.size)
        }
    }

    @Test
    fun `notifications turned off after arming are noticed and not blamed on battery saving`() {
        withClient { c, clock, _ ->
            val os = FakeOs()
            val s = ReminderScheduler(c, os)
            assertTrue(s.status(s.reconcile()).ok)

            os.notificationsAllowed = false // switched off in Settings: the alarms stay armed
            val off = s.reconcile()
            assertTrue(off.notificationsOff)
            assertTrue(off.refused.isEmpty()) // nothing new to arm, yet the banner shows
            assertEquals(listOf(ReminderProblem.NOTIFICATIONS_OFF), s.status(off).problems)

            clock.instant = ny(8, 45)
            os.fire(clock.instant) // fired, shown by nobody
            val later = s.status(s.reconcile())
            assertEquals(listOf(ReminderProblem.NOTIFICATIONS_OFF), later.problems)
            assertEquals(1, later.undelivered.size) // still listed, the dose is on Today

            os.notificationsAllowed = true
            later.undelivered.single().occurrenceIds.forEach { c.take(it) }
            assertTrue(s.status(s.reconcile()).ok)
        }
    }

    @Test
    fun `where swiped-away notifications go unreported no reminder is called lost`() {
        withClient { c, clock, _ ->
            val os = FakeOs()
            os.reportsEveryDelivery = false // iOS: a notification swiped away is never reported
            val s = ReminderScheduler(c, os)
            s.reconcile()
            clock.instant = ny(8, 45)
            os.fire(clock.instant) // shown and swiped away
            val status = s.status(s.reconcile())
            assertTrue(status.problems.toString(), status.ok)
            assertEquals(1, status.undelivered.size)

            os.notificationsAllowed = false
            assertEquals(listOf(ReminderProblem.NOTIFICATIONS_OFF), s.status(s.reconcile()).problems)
        }
    }

    @Test
    fun `a zone change the app missed reaches the core at the next reconcile and moves the reminders`() {
        withClient { c, _, _ ->
            val os = FakeOs()
            val s = ReminderScheduler(c, os)
            assertFalse(s.reconcile(NEW_YORK).zoneChanged)
            val tokyo = ZoneId.of("Asia/Tokyo") // landed while the app was not running
            val r = s.reconcile(tokyo)
            assertTrue(r.zoneChanged)
            assertEquals("Asia/Tokyo", c.profile()!!.currentZone)
            assertTrue(r.cancelled.isNotEmpty() && r.added.isNotEmpty())
            assertEquals(planIds(c, os), os.pendingIds())
            assertFalse(s.reconcile(tokyo).zoneChanged) // once
        }
    }

    @Test
    fun `a small OS window holds the soonest reminders only`() {
        withClient { c, _, _ ->
            val os = FakeOs(capacity = 3)
            ReminderScheduler(c, os).reconcile()
            assertEquals(3, os.pending.size)
            assertEquals(planIds(c, os), os.pendingIds())
            assertEquals(ny(7, 30), os.pending.values.minOf { it.fireAt })
        }
    }

    @Test
    fun `taking from the notification cancels that moment's reminder and follow-ups`() {
        withClient { c, clock, m ->
            val os = FakeOs()
            val s = ReminderScheduler(c, os)
            s.reconcile()
            clock.instant = ny(7, 30)
            val shown = os.fire(clock.instant).single()
            s.delivered(shown.id)
            assertEquals(NotificationKind.DOSE, shown.kind)
            assertEquals(setOf(m.sertraline, m.lamotrigine), shown.medicationIds.toSet())
            val outcome = s.onAction(shown.id, shown.occurrenceIds, NotificationAction.TAKEN) as ActionOutcome.Logged
            assertEquals(2, outcome.entryIds.size)
            assertTrue(outcome.reconciliation.cancelled.isNotEmpty())
            assertTrue(os.pending.values.none { n -> n.occurrenceIds.any { it in shown.occurrenceIds } })
            assertEquals(planIds(c, os), os.pendingIds())
            assertEquals(0, c.deliveryCheck().undelivered.size)
        }
    }

    @Test
    fun `snoozing from the notification brings it back and never past the rule`() {
        withClient { c, clock, _ ->
            val os = FakeOs()
            val s = ReminderScheduler(c, os)
            s.reconcile()
            clock.instant = ny(22, 30)
            os.fire(clock.instant)
            val bedtime = c.reminderPlan(64).notifications.first { it.fireAt == ny(22, 30) || it.kind == NotificationKind.FOLLOW_UP }
            val outcome = s.onAction(bedtime.id, bedtime.occurrenceIds, NotificationAction.SNOOZE, snoozeMinutes = 15) as ActionOutcome.Snoozed
            assertEquals(ny(22, 45), outcome.until)
            val back = os.pending.values.single { it.kind == NotificationKind.SNOOZED }
            assertEquals(ny(22, 45), back.fireAt)
            assertEquals(planIds(c, os), os.pendingIds())
        }
    }

    @Test
    fun `a refused schedule is reported and retried once permission is back`() {
        withClient { c, _, _ ->
            val os = FakeOs()
            os.permitted = false
            val s = ReminderScheduler(c, os)
            val denied = s.reconcile()
            assertEquals(64, denied.refused.size)
            assertTrue(os.pending.isEmpty())
            os.permitted = true
            val granted = s.reconcile()
            assertEquals(64, granted.added.size)
            assertEquals(planIds(c, os), os.pendingIds())
        }
    }

    @Test
    fun `reminders the OS never showed are found by the delivery check`() {
        withClient { c, clock, _ ->
            val os = FakeOs()
            ReminderScheduler(c, os).reconcile()
            clock.instant = ny(9)
            os.fire(clock.instant) // shown by nobody: the app was force-stopped
            val check = c.deliveryCheck()
            assertTrue(check.undelivered.isNotEmpty())
            assertTrue(check.undelivered.all { it.fireAt <= clock.instant })
        }
    }

    @Test
    fun `after any sequence of uses the scheduled set equals the plan`() {
        val zones = listOf("America/New_York", "Europe/London", "Asia/Tokyo", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata")
            .map { ZoneId.of(it) }
        var lateDeliveries = 0
        for (seed in 1..SEEDS) {
            val rnd = Random(seed)
            // Start a few days before the US DST change (2027-03-14) so runs cross it.
            withClient(start = ny(6, date = java.time.LocalDate.of(2027, 3, 12))) { c, clock, _ ->
                // iOS-like (on time, at most the plan) or Android-like (late in Doze, room for more).
                val capacity = listOf(8, 20, 64)[rnd.nextInt(3)]
                val lag = listOf(0L, 0L, 4L, 12L)[rnd.nextInt(4)]
                val os = FakeOs(capacity, lag, hardLimit = if (lag == 0L) capacity else 500)
                val s = ReminderScheduler(c, os)
                s.reconcile()
                val trace = mutableListOf<String>()
                val shown = ArrayDeque<health.cadence.core.Notification>() // still in the tray
                repeat(STEPS) { step ->
                    val op = rnd.nextInt(8)
                    clock.advanceMinutes(1) // real time always moves between two uses
                    trace += "$op@${clock.instant}"
                    try {
                        when (op) {
                            0, 1 -> {
                                clock.advanceMinutes(rnd.nextLong(5, 600))
                                os.fire(clock.instant).forEach {
                                    s.delivered(it.id, it.fireAt)
                                    shown.addLast(it)
                                    if (shown.size > 6) shown.removeFirst()
                                }
                            }
                            // A button on a notification in the tray, perhaps one already acted on.
                            2 -> shown.filter { it.kind != NotificationKind.REFILL && it.kind != NotificationKind.CHECK_IN }.randomOrNull(rnd)?.let {
                                val action = listOf(NotificationAction.TAKEN, NotificationAction.SKIP, NotificationAction.SNOOZE)[rnd.nextInt(3)]
                                s.onAction(it.id, it.occurrenceIds, action, snoozeMinutes = listOf(5L, 10L, 30L)[rnd.nextInt(3)])
                            }
                            3 -> TodayState.load(c).sections.flatMap { it.rows }.randomOrNull(rnd)?.let { row ->
                                if (row.logEntryId != null) c.undo(row.logEntryId)
                                else if (rnd.nextBoolean()) c.take(row.occurrenceId) else c.skip(row.occurrenceId, SkipReason.FORGOT)
                            }
                            4 -> c.setRoutineTime(
                                listOf(RoutineEvent.BREAKFAST, RoutineEvent.DINNER, RoutineEvent.BEDTIME)[rnd.nextInt(3)],
                                if (rnd.nextBoolean()) DayKind.WEEKDAY else DayKind.WEEKEND,
                                LocalTime.of(rnd.nextInt(5, 24), rnd.nextInt(0, 4) * 15),
                            )
                            5 -> c.deviceZoneChanged(zones[rnd.nextInt(zones.size)])
                            6 -> c.snooze(TodayState.load(c).focus?.occurrenceId ?: return@repeat, rnd.nextLong(1, 120))
                            else -> Unit // the app simply wakes up
                        }
                    } catch (e: CadenceError.NotFound) {
                        throw AssertionError("seed $seed step $step ${trace.takeLast(4)}", e)
                    } catch (e: CadenceError.InvalidInput) {
                        // A snooze of a dose not yet due, or past its window: refused, nothing changed.
                        assertTrue("step $step: ${e.field}", e.field in SNOOZE_FIELDS)
                    }
                    val r = s.reconcile()
                    lateDeliveries += r.arriving.size
                    val context = "seed $seed step $step ${trace.takeLast(3)}"
                    // The OS holds the plan, plus the reminders it is still delivering late.
                    assertEquals(context, planIds(c, os) + r.arriving, os.pendingIds())
                    assertTrue(context, os.pending.size <= os.capacity + r.arriving.size)
                    val graceStart = clock.instant.minusSeconds(15 * 60)
                    assertTrue(context, r.arriving.all { os.pending.getValue(it).fireAt.isAfter(graceStart) })
                    assertFalse(context, os.pending.values.any { !it.fireAt.isAfter(graceStart) })
                }
            }
        }
        assertTrue("the runs must include reminders delivered late", lateDeliveries > 0)
    }

    @Test
    fun `a caregiver alert that is due goes to the app now and the next wake stays ahead`() {
        withClient { c, clock, m ->
            val sam = c.addCareMember(health.cadence.core.CareMemberInput("Sam", health.cadence.core.MemberRole.CAREGIVER, health.cadence.core.ContactChannel.SMS))
            c.grant(sam.id, setOf(), java.time.LocalDate.of(2027, 3, 1), kind = health.cadence.core.GrantKind.ALERT_ONLY)
            c.bindings.addAlertRecipient(health.cadence.core.AlertRecipientInput(sam.id, "Sam", 60u, listOf(m.quetiapine)), c.now())
            val s = ReminderScheduler(c, FakeOs())
            clock.instant = ny(23, 45) // the 22:30 bedtime dose is 75 minutes overdue
            val r = s.reconcile()
            val alert = r.alerts.single()
            assertFalse(alert.sendAt.isAfter(clock.instant))
            assertTrue(alert.message.isNotBlank() && !alert.message.contains("Quetiapine"))
            assertTrue(r.nextReconcileAt!!.isAfter(clock.instant))
            s.alertSent(alert.id)
            assertTrue(s.reconcile().alerts.isEmpty())
        }
    }

    private companion object {
        const val SEEDS = 25
        const val STEPS = 40
        val SNOOZE_FIELDS = setOf("minutes", "until", "target_id", "occurrence_id")
    }
}
