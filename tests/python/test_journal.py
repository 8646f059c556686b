"""The journal through the generated Python bindings: write and read back,
PHQ-9 scoring and the item-9 crisis escalation, edit history, typed errors."""
import datetime

import pytest

import cadence
from conftest import NOW, TEST_KEY


def entry(detail, note="", at=NOW, **changes):
    return cadence.JournalEntryInput(occurred_at=at, zone="America/New_York",
                                     detail=detail, note=note, **changes)


def phq9(*answers):
    return cadence.EntryDetail.QUESTIONNAIRE(questionnaire=cadence.QuestionnaireAnswers(
        instrument=cadence.Instrument.PHQ9, answers=list(answers), difficulty=None))


def test_a_side_effect_round_trips_through_a_real_file(db_path):
    app = cadence.Cadence.open(db_path, TEST_KEY)
    med = app.add_medication(cadence.MedicationInput(
        name="Sertraline", strength=None, form=cadence.DoseForm.TABLET, instructions="",
        prescriber_notes="", expected_onset=None, started_on=None), NOW)
    nausea = cadence.SideEffect(symptom=cadence.Symptom.NAUSEA, severity=cadence.Severity.MODERATE,
                                started_on="2027-02-26", medication_ids=[med.id], bother=6)
    logged = app.add_journal_entry(entry(cadence.EntryDetail.SIDE_EFFECT(side_effect=nausea)), NOW)
    del app
    again = cadence.Cadence.open(db_path, TEST_KEY)
    got = again.journal_entry(logged.entry.id)
    assert got.kind == cadence.EntryKind.SIDE_EFFECT
    assert got.detail.side_effect.medication_ids == [med.id]
    assert got.detail.side_effect.started_on == "2027-02-26"
    assert got.occurred_at == NOW
    # 08:00 UTC is 03:00 in New York: the same local date.
    assert got.local_date == "2027-03-01"
    assert got.shareable is False


def test_phq9_item_9_always_escalates_to_crisis(app):
    app.set_escalation_contacts(cadence.EscalationContacts(
        care_team=[cadence.CareContact(role=cadence.CareRole.THERAPIST, name="Jo", email="jo@example.org")],
        crisis_resources=[cadence.CrisisResource(name="Crisis text line", text_number="555-0142")]))
    logged = app.add_journal_entry(entry(phq9(0, 0, 0, 0, 0, 0, 0, 0, 2)), NOW)
    assert logged.entry.score.self_harm_risk
    [esc] = logged.escalations
    assert esc.action == cadence.EscalationAction.CRISIS
    assert esc.reason == cadence.EscalationReason.SELF_HARM_THOUGHTS
    assert {p.name: p.value for p in esc.parameters}["answer"] == "2"
    assert esc.crisis_resources[0].text_number == "555-0142"
    assert "emergency" in esc.message


@pytest.mark.parametrize("total,band", [
    (4, "MINIMAL"), (5, "MILD"), (9, "MILD"), (10, "MODERATE"), (14, "MODERATE"),
    (15, "MODERATELY_SEVERE"), (19, "MODERATELY_SEVERE"), (20, "SEVERE"), (27, "SEVERE"),
])
def test_phq9_band_edges(total, band):
    answers, left = [], total
    for _ in range(8):
        answers.append(min(3, left))
        left -= answers[-1]
    answers.append(left)  # item 9 only when the total needs it (27)
    score = cadence.score_questionnaire(cadence.QuestionnaireAnswers(
        instrument=cadence.Instrument.PHQ9, answers=answers, difficulty=None))
    assert score.total == total
    assert score.band == getattr(cadence.SeverityBand, band)


def test_edits_keep_history_and_delete_is_immediate(app):
    first = app.add_journal_entry(entry(cadence.EntryDetail.NOTE(), note="draft one"), NOW).entry
    app.update_journal_entry(first.id, entry(cadence.EntryDetail.NOTE(), note="draft two",
                                             shareable=True), NOW)
    assert [v.note for v in app.journal_entry_history(first.id)] == ["draft one"]
    current = app.journal_entry(first.id)
    assert (current.version, current.note, current.shareable) == (2, "draft two", True)
    app.delete_journal_entry(first.id, NOW)
    with pytest.raises(cadence.CadenceError.NotFound):
        app.journal_entry(first.id)
    assert app.journal_entries(cadence.JournalQuery()).entries == []


def test_summaries_and_filters(app):
    for h in range(6):
        mood = cadence.Mood(valence=h % 3 - 1, sleep_hours=7.0)
        app.add_journal_entry(entry(cadence.EntryDetail.MOOD(mood=mood),
                                    at=NOW - datetime.timedelta(hours=h)), NOW)
    app.add_journal_entry(entry(cadence.EntryDetail.SUBSTANCE(substance=cadence.SubstanceUse(
        substance=cadence.Substance.CAFFEINE, amount=2.0, unit="cups"))), NOW)
    moods = app.journal_entries(cadence.JournalQuery(kinds=[cadence.EntryKind.MOOD], limit=4))
    assert len(moods.entries) == 4 and moods.next_cursor is not None
    days = app.daily_summaries("2027-02-28", "2027-03-01")
    assert [d.date for d in days] == ["2027-02-28", "2027-03-01"]
    today = days[1]
    assert today.sleep_hours == 7.0
    assert today.substances[0].amount == 2.0


def test_bad_input_is_typed_and_names_the_item(app):
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        app.add_journal_entry(entry(phq9(1, 1, 1, 1, 1, 1, 1, 1)), NOW)
    assert e.value.field == "journal.phq9.item_9"
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        app.add_journal_entry(entry(phq9(1, 1, 5, 1, 1, 1, 1, 1, 0)), NOW)
    assert e.value.field == "journal.phq9.item_3"
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        app.add_journal_entry(entry(cadence.EntryDetail.NOTE(), note="x" * (1 << 20)), NOW)
    assert e.value.field == "journal.note"
    assert "x" * 50 not in str(e.value)
    assert app.journal_entries(cadence.JournalQuery()).entries == []
