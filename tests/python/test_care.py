"""Care team, consent, audit and the FHIR R4 export through the Python
bindings; the export is validated by the independent `fhir.resources`
package (R4B models, which share R4's shape for every resource exported)."""
import datetime
import json
import subprocess
import sys

import pytest

from conftest import NOW, cadence, sertraline

SECRET = "SECRET-private-note"


def fhir_bundle_model():
    try:
        from fhir.resources.R4B.bundle import Bundle
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "fhir.resources>=7,<8"],
                       check=True)
        from fhir.resources.R4B.bundle import Bundle
    return Bundle


def entry(detail, at, note="", shareable=False):
    return cadence.JournalEntryInput(occurred_at=at, zone="UTC", detail=detail,
                                     note=note, shareable=shareable, goal_ids=[])


def phq9(*answers):
    return cadence.EntryDetail.QUESTIONNAIRE(questionnaire=cadence.QuestionnaireAnswers(
        instrument=cadence.Instrument.PHQ9, answers=list(answers), difficulty=None))


def seed(app):
    app.add_medication(sertraline(), NOW)
    for d in range(1, 8):
        at = NOW - datetime.timedelta(days=d)
        mood = cadence.Mood(valence=1, energy=5, anxiety=3, sleep_hours=7.0, sleep_quality=3,
                            emotions=[], tags=[])
        app.add_journal_entry(entry(cadence.EntryDetail.MOOD(mood=mood), at, SECRET), NOW)
        app.add_journal_entry(entry(cadence.EntryDetail.NOTE(), at, SECRET), NOW)
    app.add_journal_entry(entry(phq9(1, 1, 0, 0, 1, 0, 0, 1, 0), NOW - datetime.timedelta(days=2)),
                          NOW)


def member(app, role=cadence.MemberRole.THERAPIST):
    return app.add_care_member(cadence.CareMemberInput(
        name="Dr Example", role=role, channel=cadence.ContactChannel.PORTAL,
        contact="", notes=""), NOW)


def grant(app, member_id, categories, kind=cadence.GrantKind.DATA):
    return app.grant_consent(cadence.ConsentGrantInput(
        member_id=member_id, kind=kind, categories=categories, data_from="2027-01-01",
        data_to=None, expires_at=None, purpose="treatment"), NOW)


def test_deny_by_default_grant_export_audit_and_revoke(app):
    seed(app)
    m = member(app)
    with pytest.raises(cadence.CadenceError.ConsentRequired):
        app.fhir_export(m.id, "2027-02-01", "2027-03-01", NOW)
    assert app.audit_log() == []
    cats = [cadence.ConsentCategory.MOOD, cadence.ConsentCategory.QUESTIONNAIRES,
            cadence.ConsentCategory.MEDICATION_LIST]
    g = grant(app, m.id, cats)
    text = app.fhir_export(m.id, "2027-02-01", "2027-03-01", NOW)
    assert SECRET not in text
    bundle = json.loads(text)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == 1 and kinds.count("Consent") == 1
    assert kinds.count("QuestionnaireResponse") == 1
    assert "MedicationAdministration" not in kinds
    [audit] = app.audit_log()
    assert audit.kind == cadence.DisclosureKind.FHIR_EXPORT
    assert audit.member_id == m.id and len(audit.sha256) == 64
    assert audit.total_records == 7 + 1 + 1
    app.revoke_consent(g.id, NOW)
    with pytest.raises(cadence.CadenceError.ConsentRequired):
        app.fhir_export(m.id, "2027-02-01", "2027-03-01", NOW)
    [hist] = app.consent_grants(m.id, NOW)
    assert hist.status == cadence.GrantStatus.REVOKED


def test_the_export_is_valid_fhir_by_an_independent_validator(app):
    Bundle = fhir_bundle_model()
    seed(app)
    m = member(app, cadence.MemberRole.PRESCRIBER)
    grant(app, m.id, list(cadence.ConsentCategory))
    text = app.fhir_export(m.id, "2027-02-01", "2027-03-01", NOW)
    b = Bundle.parse_raw(text)
    assert b.type == "collection"
    types = {e.resource.resource_type for e in b.entry}
    assert {"Patient", "Consent", "MedicationRequest", "Observation",
            "QuestionnaireResponse"} <= types


def test_alert_only_caregivers_get_no_data(app):
    seed(app)
    m = member(app, cadence.MemberRole.CAREGIVER)
    grant(app, m.id, [], kind=cadence.GrantKind.ALERT_ONLY)
    with pytest.raises(cadence.CadenceError.ConsentRequired):
        app.fhir_export(m.id, "2027-02-01", "2027-03-01", NOW)
