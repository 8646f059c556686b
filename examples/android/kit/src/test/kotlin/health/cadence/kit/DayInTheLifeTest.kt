// A full day of Alex's use, as the apps drive the core: reminders fire and
// are acted on from the notification, a dose is taken late from Today, the
// journal, a PHQ-9, a share with the therapist and the report.
package health.cadence.kit

import health.cadence.core.DoseBadge
import health.cadence.core.CareMemberInput
import health.cadence.core.ConsentCategory
import health.cadence.core.ContactChannel
import health.cadence.core.DisclosureKind
import health.cadence.core.ImportOutcome
import health.cadence.core.Instrument
import health.cadence.core.MemberRole
import health.cadence.core.Mood
import health.cadence.core.NotificationAction
import health.cadence.core.NotificationKind
import health.cadence.core.RoutineEvent
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import java.nio.file.Files
import java.time.LocalDate

class DayInTheLifeTest {
    @Test
    fun `a full day from the first reminder to the therapist's bundle`() {
        val day = LocalDate.of(2027, 3, 1)
        val alexSecret = ByteArray(32) { 1 }
        val joSecret = ByteArray(32) { 2 }
        withClient { alex, clock, m ->
            CadenceClient.open(tempDb(), TEST_KEY, clock = clock).use { jo ->
                // 06:00: set-up. Jo (therapist) and Alex pair, Alex grants three categories.
                jo.setUp("Jo Park", NEW_YORK)
                val joCode = jo.shareIdentity(joSecret).pairingCode
                val therapist = alex.addCareMember(CareMemberInput("Jo Park", MemberRole.THERAPIST, ContactChannel.PORTAL))
                val pairing = alex.pairRecipient(therapist.id, joCode)
                assertEquals(jo.shareIdentity(joSecret).fingerprint, pairing.fingerprint)
                jo.pairClient("Alex", alex.shareIdentity(alexSecret).pairingCode)
                // Side by side, each reads the other's fingerprint off their screen: they match.
                confirmPairings(alex, alexSecret)
                confirmPairings(jo, joSecret)
                alex.grant(therapist.id, setOf(ConsentCategory.DOSE_LOG, ConsentCategory.MOOD, ConsentCategory.QUESTIONNAIRES), day)

                val os = FakeOs()
                val reminders = ReminderScheduler(alex, os)
                reminders.reconcile()

                fun fire(): List<health.cadence.core.Notification> =
                    os.fire(clock.instant).onEach { reminders.delivered(it.id, it.fireAt) }

                // 07:30 breakfast: one reminder for both doses, taken from the notification at 07:34.
                clock.instant = ny(7, 30)
                val breakfast = fire().single()
                assertEquals("Breakfast", breakfast.title)
                clock.instant = ny(7, 34)
                reminders.onAction(breakfast.id, breakfast.occurrenceIds, NotificationAction.TAKEN)
                assertEquals(2, TodayState.load(alex).taken)

                // 12:10: a mood check-in, shared (Alex ticks "share").
                clock.instant = ny(12, 10)
                alex.logMood(Mood(valence = 1, energy = 6u), shareable = true)

                // 18:30 dinner: the reminder is missed, its follow-up shown, and the
                // dose taken late from Today.
                clock.instant = ny(18, 30)
                assertEquals(NotificationKind.DOSE, fire().single().kind)
                val followUp = os.pending.values.filter { it.kind == NotificationKind.FOLLOW_UP }.minBy { it.fireAt }
                clock.instant = followUp.fireAt
                assertEquals(listOf(followUp.id), fire().map { it.id })
                clock.instant = ny(19, 20)
                val dinner = TodayState.load(alex).sections.single { it.moment == RoutineEvent.DINNER }.rows.single()
                assertEquals(DoseBadge.LATE, dinner.badge)
                alex.take(dinner.occurrenceId)
                reminders.reconcile()
                assertTrue(os.pending.values.none { dinner.occurrenceId in it.occurrenceIds })

                // 20:00: the weekly PHQ-9.
                clock.instant = ny(20)
                var phq = QuestionnaireForm(Instrument.PHQ9)
                listOf(1, 1, 2, 1, 0, 1, 1, 0, 0).forEachIndexed { i, a -> phq = phq.answer(i + 1, a) }
                assertEquals(7, phq.submit(alex).total)

                // 22:30 bedtime: snoozed ten minutes, then taken.
                clock.instant = ny(22, 30)
                val bedtime = fire().single()
                val snoozed = reminders.onAction(bedtime.id, bedtime.occurrenceIds, NotificationAction.SNOOZE) as ActionOutcome.Snoozed
                assertEquals(ny(22, 40), snoozed.until)
                clock.instant = ny(22, 40)
                val back = fire().single()
                assertEquals(NotificationKind.SNOOZED, back.kind)
                reminders.onAction(back.id, back.occurrenceIds, NotificationAction.TAKEN)

                // 23:00: the day is done; every reminder was delivered.
                clock.instant = ny(23)
                val today = TodayState.load(alex)
                assertTrue(today.allDone)
                assertEquals(4, today.taken)
                assertEquals(listOf(DoseBadge.TAKEN_ON_TIME), today.sections.flatMap { it.rows }.map { it.badge }.distinct())
                assertTrue(alex.deliveryCheck().undelivered.isEmpty())
                assertEquals(alex.reminderPlan(os.capacity).notifications.map { it.id }.toSet(), os.pendingIds())
                assertTrue(os.pending.values.all { it.fireAt.isAfter(clock.instant) })

                // The day's bundle goes to Jo, who opens it; the disclosure is audited.
                val bundle = alex.exportShareBundle(alexSecret, therapist.id, day, day)
                val opened = jo.importShareBundle(joSecret, bundle.bytes) as ImportOutcome.Imported
                assertEquals(1uL, opened.sequence)
                val sharing = SharingState.load(alex)
                assertEquals(DisclosureKind.SHARE_BUNDLE, sharing.disclosures.single().kind)
                assertEquals(bundle.sha256, sharing.disclosures.single().sha256)
                assertEquals(pairing.fingerprint, sharing.members.single().pairing?.fingerprint)

                // And the report for the visit.
                val report = ReportLink.create(alex, Files.createTempDirectory("reports"), day, days = 7)
                assertTrue(Files.readString(report.file).contains("Sertraline"))
                assertEquals(setOf(m.sertraline, m.lamotrigine, m.quetiapine), alex.medications().map { it.id }.toSet())
            }
        }
    }
}
