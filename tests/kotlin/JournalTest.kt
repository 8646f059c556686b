// Journal tests through the generated Kotlin bindings: write and read back a
// real file, PHQ-9 scoring and the item-9 crisis escalation, a care-team rule,
// edit history and deletion, paging and summaries, typed errors.
package health.cadence.tests

import health.cadence.Cadence
import health.cadence.CadenceException
import health.cadence.core.CareContact
import health.cadence.core.CareRole
import health.cadence.core.CrisisResource
import health.cadence.core.DoseForm
import health.cadence.core.EntryDetail
import health.cadence.core.EntryKind
import health.cadence.core.EscalationAction
import health.cadence.core.EscalationContacts
import health.cadence.core.EscalationReason
import health.cadence.core.EscalationRuleInput
import health.cadence.core.EscalationTrigger
import health.cadence.core.Instrument
import health.cadence.core.JournalEntryInput
import health.cadence.core.JournalQuery
import health.cadence.core.MedicationInput
import health.cadence.core.Mood
import health.cadence.core.QuestionnaireAnswers
import health.cadence.core.Severity
import health.cadence.core.SeverityBand
import health.cadence.core.SideEffect
import health.cadence.core.Symptom
import health.cadence.scoreQuestionnaire
import java.nio.file.Files
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

private fun journalDb(): String = Files.createTempDirectory("cadence-kt-journal").resolve("cadence.db").toString()

private val AT: Instant = Instant.parse("2027-03-01T08:00:00Z")

private fun entry(detail: EntryDetail, note: String = "", at: Instant = AT) =
    JournalEntryInput(occurredAt = at, zone = "Europe/Berlin", detail = detail, note = note)

private fun phq9(vararg answers: Int) = EntryDetail.Questionnaire(
    QuestionnaireAnswers(Instrument.PHQ9, answers.map { it.toUInt() }, null),
)

private fun contacts() = EscalationContacts(
    careTeam = listOf(CareContact(role = CareRole.PRESCRIBER, name = "Dr Rivera", phone = "555-0100")),
    crisisResources = listOf(CrisisResource(name = "Crisis line", phone = "555-0199", availability = "24/7")),
)

fun registerJournalTests(suite: TestSuite) {
    suite.test("a mood check-in survives reopening the file, private by default") {
        val path = journalDb()
        val id = Cadence.open(path, TEST_KEY).use { c ->
            val mood = Mood(valence = -1, energy = 4u, sleepHours = 6.5, emotions = listOf("tired", "worried"))
            val logged = c.addJournalEntry(entry(EntryDetail.Mood(mood), note = "rough night"), AT)
            assertTrue(logged.escalations.isEmpty())
            logged.entry.id
        }
        Cadence.open(path, TEST_KEY).use { c ->
            val e = c.journalEntry(id)
            assertEquals(EntryKind.MOOD, e.kind)
            assertEquals("2027-03-01", e.localDate)
            assertEquals("rough night", e.note)
            assertFalse(e.shareable)
            val mood = (e.detail as EntryDetail.Mood).mood
            assertEquals(-1, mood.valence)
            assertEquals(listOf("tired", "worried"), mood.emotions)
            assertNull(mood.anxiety)
        }
    }

    suite.test("PHQ-9 item 9 above 0 always raises the crisis escalation with the configured resources") {
        Cadence.open(journalDb(), TEST_KEY).use { c ->
            c.setEscalationContacts(contacts())
            val logged = c.addJournalEntry(entry(phq9(0, 0, 0, 0, 0, 0, 0, 0, 1)), AT)
            val score = logged.entry.score!!
            assertEquals(1u, score.total)
            assertEquals(SeverityBand.MINIMAL, score.band)
            assertTrue(score.selfHarmRisk)
            val e = logged.escalations.single()
            assertEquals(EscalationReason.SELF_HARM_THOUGHTS, e.reason)
            assertEquals(EscalationAction.CRISIS, e.action)
            assertEquals("555-0199", e.crisisResources.single().phone)
            assertEquals("Dr Rivera", e.contacts.single().name)
        }
    }

    suite.test("scoring matches the published bands and LOINC codes") {
        val s = scoreQuestionnaire(QuestionnaireAnswers(Instrument.PHQ9, List(9) { if (it < 5) 3u else 0u }, null))
        assertEquals(15u, s.total)
        assertEquals(SeverityBand.MODERATELY_SEVERE, s.band)
        assertEquals("44249-1", s.panelLoinc)
        assertEquals("44261-6", s.totalLoinc)
        assertEquals("LA6571-9", s.items[0].answerLoinc)
        val g = scoreQuestionnaire(QuestionnaireAnswers(Instrument.GAD7, List(7) { 3u }, null))
        assertEquals(SeverityBand.SEVERE, g.band)
        assertEquals("69737-5", g.panelLoinc)
    }

    suite.test("a rash while on lamotrigine tells the person to contact the prescriber today") {
        Cadence.open(journalDb(), TEST_KEY).use { c ->
            c.setEscalationContacts(contacts())
            val med = c.addMedication(
                MedicationInput("Lamotrigine", null, DoseForm.TABLET, "", "", null, "2027-02-01"), AT,
            )
            c.addEscalationRule(
                EscalationRuleInput(
                    EscalationTrigger.SymptomWhileOnMedication(Symptom.RASH, med.id, Severity.MILD),
                    EscalationAction.CONTACT_PRESCRIBER_TODAY,
                ),
                AT,
            )
            val rash = SideEffect(symptom = Symptom.RASH, severity = Severity.MILD, medicationIds = listOf(med.id))
            val e = c.addJournalEntry(entry(EntryDetail.SideEffect(rash)), AT).escalations.single()
            assertEquals(EscalationAction.CONTACT_PRESCRIBER_TODAY, e.action)
            assertEquals("Rash while taking Lamotrigine: contact your prescriber today.", e.message)
            val onMed = c.journalEntries(JournalQuery(medicationId = med.id))
            assertEquals(1, onMed.entries.size)
        }
    }

    suite.test("edits keep history, delete hides at once, pages and summaries read back") {
        Cadence.open(journalDb(), TEST_KEY).use { c ->
            val first = c.addJournalEntry(entry(EntryDetail.Note, note = "first draft"), AT).entry
            val second = c.updateJournalEntry(first.id, entry(EntryDetail.Note, note = "second draft"), AT).entry
            assertEquals(2u, second.version)
            assertEquals(listOf("first draft"), c.journalEntryHistory(first.id).map { it.note })
            for (h in 1..5) {
                c.addJournalEntry(entry(EntryDetail.Mood(Mood(valence = 2)), at = AT.minusSeconds(3600L * h)), AT)
            }
            val page1 = c.journalEntries(JournalQuery(limit = 4u))
            assertEquals(4, page1.entries.size)
            val page2 = c.journalEntries(JournalQuery(limit = 4u, cursor = page1.nextCursor))
            assertEquals(2, page2.entries.size)
            assertNull(page2.nextCursor)
            val day = c.dailySummaries("2027-03-01", "2027-03-01").single()
            assertEquals(5u, day.moodEntries)
            assertEquals(2.0, day.valenceMean)
            c.deleteJournalEntry(first.id, AT)
            assertFailsWith<CadenceException.NotFound> { c.journalEntry(first.id) }
            assertEquals(5, c.journalEntries(JournalQuery()).entries.size)
            assertEquals(1uL, c.purgeDeleted())
        }
    }

    suite.test("bad journal input is a typed error naming the item, and nothing is stored") {
        Cadence.open(journalDb(), TEST_KEY).use { c ->
            val missing = EntryDetail.Questionnaire(
                QuestionnaireAnswers(Instrument.PHQ9, listOf(1u, 1u, 1u, null, 1u, 1u, 1u, 1u, 0u), null),
            )
            val e = assertFailsWith<CadenceException.InvalidInput> { c.addJournalEntry(entry(missing), AT) }
            assertEquals("journal.phq9.item_4", e.field)
            val range = assertFailsWith<CadenceException.InvalidInput> { c.addJournalEntry(entry(phq9(0, 0, 0, 0, 0, 0, 0, 0, 4)), AT) }
            assertEquals("journal.phq9.item_9", range.field)
            val big = assertFailsWith<CadenceException.InvalidInput> {
                c.addJournalEntry(entry(EntryDetail.Note, note = "x".repeat(1 shl 20)), AT)
            }
            assertEquals("journal.note", big.field)
            assertTrue(c.journalEntries(JournalQuery()).entries.isEmpty())
        }
    }
}
