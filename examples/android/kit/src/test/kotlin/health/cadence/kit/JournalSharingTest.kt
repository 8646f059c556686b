// View states of the journal (mood, side effect, PHQ-9 with escalation),
// consent and sharing (grant, preview, revoke, audit) and the report link.
package health.cadence.kit

import health.cadence.core.CareContact
import health.cadence.core.CareMemberInput
import health.cadence.core.CareRole
import health.cadence.core.ConsentCategory
import health.cadence.core.ContactChannel
import health.cadence.core.CrisisResource
import health.cadence.core.DisclosureKind
import health.cadence.core.EntryKind
import health.cadence.core.EscalationAction
import health.cadence.core.EscalationContacts
import health.cadence.core.GrantKind
import health.cadence.core.GrantStatus
import health.cadence.core.Instrument
import health.cadence.core.MemberRole
import health.cadence.core.Mood
import health.cadence.core.Severity
import health.cadence.core.SeverityBand
import health.cadence.core.Symptom
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Test
import java.nio.file.Files
import java.time.LocalDate
import java.time.LocalTime

private val MARCH_1: LocalDate = LocalDate.of(2027, 3, 1)

class JournalSharingTest {
    @Test
    fun `the journal lists the day's mood and side effect, private by default`() {
        withClient { c, clock, m ->
            clock.instant = ny(9, 15)
            c.logMood(Mood(valence = -1, energy = 3u), note = "slept badly")
            clock.instant = ny(13)
            c.logSideEffect(Symptom.NAUSEA, Severity.MILD, listOf(m.sertraline), shareable = true)
            val day = JournalState.load(c, MARCH_1, MARCH_1).days.single()
            assertEquals(MARCH_1, day.date)
            assertEquals(listOf(EntryKind.SIDE_EFFECT, EntryKind.MOOD), day.rows.map { it.kind })
            val mood = day.rows[1]
            assertEquals(-1, mood.valence)
            assertEquals(LocalTime.of(9, 15), mood.time)
            assertFalse(mood.shareable)
            assertEquals("slept badly", mood.note)
            assertEquals(Symptom.NAUSEA, day.rows[0].symptom)
            assertTrue(day.rows[0].shareable)
        }
    }

    @Test
    fun `an out-of-range mood is marked on its field and nothing is saved`() {
        withClient { c, _, _ ->
            val result = FormResult.of { c.logMood(Mood(valence = 5)) }
            assertEquals("journal.mood.valence", (result as FormResult.Invalid).field)
            assertTrue(JournalState.load(c, MARCH_1, MARCH_1).days.isEmpty())
        }
    }

    @Test
    fun `the PHQ-9 form scores, bands and refuses to submit half answered`() {
        withClient { c, _, _ ->
            var form = QuestionnaireForm(Instrument.PHQ9)
            assertEquals(9, form.answers.size)
            form = form.answer(1, 2).answer(2, 2).answer(3, 1)
            assertEquals(listOf(4, 5, 6, 7, 8, 9), form.missingItems)
            assertEquals(5, form.runningTotal)
            val e = assertThrows(CadenceError.InvalidInput::class.java) { form.submit(c) }
            assertEquals("answers", e.field)
            assertThrows(CadenceError.InvalidInput::class.java) { form.answer(4, 4) }
            for (i in 4..8) form = form.answer(i, 1)
            form = form.answer(9, 0)
            val saved = form.submit(c)
            assertEquals(10, saved.total)
            assertEquals(27, saved.maxTotal)
            assertEquals(SeverityBand.MODERATE, saved.band)
            assertFalse(saved.crisis)
            assertEquals(10, JournalState.load(c, MARCH_1, MARCH_1).days.single().rows.single().total)
        }
    }

    @Test
    fun `any thought of self-harm on PHQ-9 item 9 puts the configured crisis card first`() {
        withClient { c, _, _ ->
            c.bindings.setEscalationContacts(
                EscalationContacts(
                    listOf(CareContact(CareRole.PRESCRIBER, "Dr Rivera", "+1 555 0100", "", "weekdays")),
                    listOf(CrisisResource("988 Suicide & Crisis Lifeline", "988", "988", "https://988lifeline.org", "24/7")),
                ),
            )
            var form = QuestionnaireForm(Instrument.PHQ9)
            for (i in 1..8) form = form.answer(i, 0)
            val saved = form.answer(9, 1).submit(c)
            assertEquals(SeverityBand.MINIMAL, saved.band)
            assertTrue(saved.crisis)
            val card = saved.escalations.first()
            assertEquals(EscalationAction.CRISIS, card.action)
            assertEquals("988", card.crisisResources.single().phone)
            assertTrue(card.message.isNotBlank())
        }
    }

    @Test
    fun `a grant shows what a member sees, revoking it stops sharing and every disclosure is listed`() {
        withClient { c, clock, m ->
            val jo = c.addCareMember(CareMemberInput("Jo Park", MemberRole.THERAPIST, ContactChannel.PORTAL))
            clock.instant = ny(9)
            c.take(TodayState.load(c).sections.first().rows.first { it.medicationId == m.sertraline }.occurrenceId)
            c.logMood(Mood(valence = 1), shareable = true)

            val none = SharingState.load(c).members.single()
            assertTrue(none.grants.isEmpty())
            assertTrue(none.sharedNow.isEmpty())
            assertFalse(none.receivesAlerts)
            assertThrows(CadenceError.ConsentRequired::class.java) { SharingState.preview(c, jo.id, MARCH_1, MARCH_1) }

            val draft = ConsentDraft(jo.id, dataFrom = MARCH_1, purpose = "therapy sessions")
            assertFalse(draft.canGrant)
            assertThrows(CadenceError.InvalidInput::class.java) { draft.grant(c) }
            val granted = draft.toggle(ConsentCategory.MOOD).toggle(ConsentCategory.DOSE_LOG)
                .toggle(ConsentCategory.GOALS).toggle(ConsentCategory.GOALS).grant(c)
            assertEquals(listOf(ConsentCategory.DOSE_LOG, ConsentCategory.MOOD), granted.categories)
            assertTrue(granted.revocable)

            val member = SharingState.load(c).members.single()
            assertEquals(setOf(ConsentCategory.DOSE_LOG, ConsentCategory.MOOD), member.sharedNow)
            assertTrue(member.receivesAlerts)
            val preview = SharingState.preview(c, jo.id, MARCH_1, MARCH_1)
            assertEquals(1, preview[ConsentCategory.MOOD])
            assertEquals(1, preview[ConsentCategory.DOSE_LOG])
            assertNull(preview[ConsentCategory.SIDE_EFFECTS])

            c.fhirExport(jo.id, MARCH_1, MARCH_1)
            val audited = SharingState.load(c)
            assertEquals(DisclosureKind.FHIR_EXPORT, audited.disclosures.single().kind)
            assertEquals("Jo Park", audited.disclosures.single().memberName)
            assertEquals(c.now(), audited.members.single().lastDisclosure)

            clock.advanceMinutes(5)
            val revoked = GrantRow.from(c.revoke(granted.id))
            assertEquals(GrantStatus.REVOKED, revoked.status)
            val after = SharingState.load(c).members.single()
            assertTrue(after.sharedNow.isEmpty())
            assertFalse(after.grants.single().revocable)
            assertThrows(CadenceError.ConsentRequired::class.java) { c.fhirExport(jo.id, MARCH_1, MARCH_1) }
            assertEquals(1, SharingState.load(c).disclosures.size)
        }
    }

    @Test
    fun `an alert-only grant means missed-dose alerts without any data`() {
        withClient { c, _, _ ->
            val sam = c.addCareMember(CareMemberInput("Sam", MemberRole.CAREGIVER, ContactChannel.SMS))
            c.grant(sam.id, setOf(), MARCH_1, kind = GrantKind.ALERT_ONLY)
            val s = SharingState.load(c).members.single()
            assertTrue(s.receivesAlerts)
            assertTrue(s.sharedNow.isEmpty())
        }
    }

    @Test
    fun `the report link writes one self-contained page and clears the older one`() {
        withClient { c, clock, _ ->
            val dir = Files.createTempDirectory("cadence-reports")
            clock.instant = ny(21)
            val first = ReportLink.create(c, dir, MARCH_1, days = 30)
            assertEquals(LocalDate.of(2027, 1, 31), first.from)
            assertEquals("Cadence report, 2027-01-31 to 2027-03-01", first.title)
            val html = Files.readString(first.file)
            assertTrue(html.startsWith("<!DOCTYPE html>") || html.startsWith("<!doctype html>"))
            assertFalse(html.contains("<script"))
            assertEquals(Files.size(first.file), first.bytes)
            val second = ReportLink.create(c, dir, MARCH_1.plusDays(1))
            assertFalse(Files.exists(first.file))
            assertEquals(listOf(second.file), Files.list(dir).use { it.toList() })
            val e = assertThrows(CadenceError.InvalidInput::class.java) { ReportLink.create(c, dir, MARCH_1, days = 0) }
            assertEquals("days", e.field)
            ReportLink.clearOld(dir)
            assertEquals(0L, Files.list(dir).use { it.count() })
        }
    }
}
