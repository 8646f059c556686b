"""The therapist's view through the pip package: a client's imported update
rendered as the clinician report (HTML with its charts, and the text
summary), with the scope of their consent on top and only the sections
they shared."""
import datetime
import json

import pytest

import cadence
from conftest import TEST_KEY, sertraline

UTC = datetime.timezone.utc
NY = "America/New_York"
CLIENT_SECRET = bytes([1] * 32)
THERAPIST_SECRET = bytes([2] * 32)
SENT = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def at(day, h, m=0):
    """A wall-clock time in New York on 2027-02-<day> (EST, UTC-5)."""
    return datetime.datetime(2027, 2, day, h, m, tzinfo=UTC) + datetime.timedelta(hours=5)


def entry(detail, when, note="", shareable=False):
    return cadence.JournalEntryInput(occurred_at=when, zone=NY, detail=detail, note=note,
                                     shareable=shareable, goal_ids=[])


@pytest.fixture
def pair(tmp_path):
    """A client with February's doses, moods, a side effect, a PHQ-9 and a
    shareable note, paired with their therapist; (client, therapist,
    member id, client id)."""
    client = cadence.Cadence.open(str(tmp_path / "client.db"), TEST_KEY)
    therapist = cadence.Cadence.open(str(tmp_path / "therapist.db"), TEST_KEY)
    client.set_profile(cadence.ProfileInput(display_name="Alex", home_zone=NY, current_zone=NY), SENT)
    med = client.add_medication(sertraline(), SENT)
    dosage = {"timing": {"repeat": {"timeOfDay": ["08:00:00"], "period": 1, "periodUnit": "d",
                                    "boundsPeriod": {"start": "2027-02-01"}}},
              "doseAndRate": [{"doseQuantity": {"value": 50, "unit": "mg"}}]}
    client.add_plan_from_fhir_dosage(med.id, json.dumps(dosage), at(1, 7))
    for occ in client.occurrences("2027-02-01", "2027-02-28"):
        day = int(occ.local_date[-2:])
        if day % 5:
            client.log_dose(occ.id, cadence.DoseAction.TAKEN(at=at(day, 8, 10), amount=None), at(day, 9))
        client.add_journal_entry(entry(cadence.EntryDetail.MOOD(mood=cadence.Mood(valence=day % 3 - 1)),
                                       at(day, 20)), at(day, 20))
    nausea = cadence.SideEffect(symptom=cadence.Symptom.NAUSEA, description="", severity=cadence.Severity.MILD,
                                started_on=None, resolved_on=None, medication_ids=[med.id], bother=2,
                                prescriber_knows=False)
    client.add_journal_entry(entry(cadence.EntryDetail.SIDE_EFFECT(side_effect=nausea), at(3, 9)), at(3, 9))
    phq9 = cadence.QuestionnaireAnswers(instrument=cadence.Instrument.PHQ9, answers=[1, 1, 1, 0, 1, 1, 0, 1, 0],
                                        difficulty=None)
    client.add_journal_entry(entry(cadence.EntryDetail.QUESTIONNAIRE(questionnaire=phq9), at(10, 9)), at(10, 9))
    client.add_journal_entry(entry(cadence.EntryDetail.NOTE(), at(12, 9), note="Ask about sleep", shareable=True),
                             at(12, 9))
    member = client.add_care_member(cadence.CareMemberInput(
        name="Jo Park", role=cadence.MemberRole.THERAPIST, channel=cadence.ContactChannel.PORTAL,
        contact="", notes=""), SENT)
    client_keys = client.create_share_keys(CLIENT_SECRET, SENT)
    therapist_keys = therapist.create_share_keys(THERAPIST_SECRET, SENT)
    recipient = client.pair_recipient(member.id, therapist_keys.pairing_code, SENT)
    paired = therapist.pair_client("Alex", client_keys.pairing_code, SENT)
    client.confirm_pairing(recipient.id, therapist_keys.fingerprint, SENT)
    therapist.confirm_pairing(paired.id, client_keys.fingerprint, SENT)
    return client, therapist, member.id, paired.id


def send(client, therapist, member_id, categories):
    client.grant_consent(cadence.ConsentGrantInput(
        member_id=member_id, kind=cadence.GrantKind.DATA, categories=categories, data_from="2027-02-01",
        data_to=None, expires_at=None, purpose="therapy"), SENT)
    bundle = client.export_share_bundle(CLIENT_SECRET, member_id, "2027-02-01", "2027-02-28", SENT)
    therapist.import_share_bundle(THERAPIST_SECRET, bundle.bytes, SENT)


def charts(html):
    return {c for c in ("calendar", "timing", "mood", "side-effects", "barriers")
            if f'<svg class="chart" id="chart-{c}"' in html}


def test_no_update_held_is_not_found(pair):
    _, therapist, _, client_id = pair
    with pytest.raises(cadence.CadenceError.NotFound):
        therapist.client_report_html(client_id)
    with pytest.raises(cadence.CadenceError.NotFound):
        therapist.client_report_text(client_id)
    with pytest.raises(cadence.CadenceError.InvalidInput):
        therapist.client_report_html("not-an-id")


def test_the_report_shows_the_scope_and_only_the_sections_shared(pair):
    client, therapist, member_id, client_id = pair
    send(client, therapist, member_id, [cadence.ConsentCategory.DOSE_LOG, cadence.ConsentCategory.MOOD])
    html = therapist.client_report_html(client_id)
    scope = ("Shared by the client: dose log 1 Feb 2027 – 28 Feb 2027; mood 1 Feb 2027 – 28 Feb 2027. "
             "Not shared: medication list, side effects, questionnaires, substance use, goals, journal notes, "
             "care plan.")
    assert f'<p class="meta scope">{scope}</p>' in html
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert charts(html) == {"calendar", "timing", "mood", "barriers"}
    assert "Questionnaires: not shared by the client" in html
    for absent in ("Sertraline", "Ask about sleep", "<h2>Medications</h2>", "PHQ-9 2027", "nausea"):
        assert absent not in html, absent
    text = therapist.client_report_text(client_id)
    assert text.startswith(scope + "\nCadence update 2027-02-01 to 2027-02-28\nDoses taken: 23 of 28 (82%)"), text
    assert "Sertraline" not in text and "Medication 1: 82% taken" in text


def test_a_newer_update_with_more_categories_renders_them(pair):
    client, therapist, member_id, client_id = pair
    send(client, therapist, member_id, [cadence.ConsentCategory.MOOD])
    first = therapist.client_report_html(client_id)
    assert charts(first) == {"mood"}
    assert "<h2>Summary</h2>" not in first and "No scheduled doses" not in first
    assert "Doses taken" not in therapist.client_report_text(client_id)

    send(client, therapist, member_id, [cadence.ConsentCategory.MEDICATION_LIST,
                                        cadence.ConsentCategory.SIDE_EFFECTS,
                                        cadence.ConsentCategory.QUESTIONNAIRES,
                                        cadence.ConsentCategory.SHAREABLE_NOTES])
    html = therapist.client_report_html(client_id)
    assert charts(html) == {"mood", "side-effects"}
    assert "<h2>Medications</h2>" in html and "Sertraline 50 mg" in html
    assert "PHQ-9 2027-02-10: 6 (mild)" in html
    assert "Ask about sleep" in html
    assert "Not shared: dose log, substance use, goals, care plan." in html
    assert "\nMedications: Sertraline 50 mg." in therapist.client_report_text(client_id)
