"""Prescriptions as FHIR R4 MedicationRequests through the generated Python
bindings: import (range, for N days, text only), the week of doses it gives,
Today's "needs a schedule" state, export, and a refusal with its reason."""
import json
import pathlib

import pytest

import cadence
from conftest import NOW

BERLIN = "Europe/Berlin"
FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "core" / "tests" / "fhir_requests"


def request(name):
    return (FIXTURES / name).read_text()


@pytest.fixture
def client(app):
    app.set_profile(cadence.ProfileInput(display_name="Sam", home_zone=BERLIN, current_zone=BERLIN), NOW)
    return app


def dates(app, med_id):
    occ = app.occurrences("2027-02-20", "2027-03-20")
    return [o.local_date for o in occ if o.medication_id == med_id]


def test_for_4_days_gives_4_doses_from_the_prescription_date(client):
    imported = client.import_medication_request(request("daily_for_4_days.json"), now=NOW)
    assert imported.medication.name == "Prednisone 10 mg tablet"
    assert dates(client, imported.medication.id) == ["2027-03-%02d" % d for d in (3, 4, 5, 6)]
    # The person moves the start: the course moves with it.
    moved = client.import_medication_request(request("daily_for_4_days.json"),
                                             start="2027-03-10", now=NOW)
    assert dates(client, moved.medication.id) == ["2027-03-%02d" % d for d in (10, 11, 12, 13)]


def test_a_dose_range_reads_as_a_range_and_exports_back(client):
    imported = client.import_medication_request(request("range_every_4_to_6_hours_prn.json"), now=NOW)
    [plan] = imported.plans
    assert cadence.plan_dose_words(plan) == "1–2 tablets"
    assert plan.as_needed.min_interval_minutes == 240
    assert plan.prescribed.dose_min == 1.0
    exported = json.loads(client.medication_request(imported.medication.id))
    entry = exported["dosageInstruction"][0]["doseAndRate"][0]
    assert (entry["doseRange"]["low"]["value"], entry["doseRange"]["high"]["value"]) == (1, 2)
    assert exported["dosageInstruction"][0]["timing"]["repeat"]["periodMax"] == 6
    assert exported["medicationCodeableConcept"]["coding"][0]["code"] == "1049221"


def test_a_text_only_instruction_asks_for_a_schedule_on_today(client):
    imported = client.import_medication_request(request("text_only.json"), now=NOW)
    assert imported.plans[0].prescribed.needs_schedule
    view = client.today(NOW)
    assert view.scheduled_count == 0
    [waiting] = view.needs_schedule
    assert waiting.text == "Take one tablet daily as directed"
    assert waiting.plan_id == imported.plans[0].id


def test_an_infusion_rate_is_refused_with_the_reason_and_nothing_is_stored(client):
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        client.import_medication_request(request("infusion_rate.json"), now=NOW)
    assert e.value.field == "dosageInstruction[0].doseAndRate[0].rateQuantity"
    assert "infusion rate" in e.value.reason
    assert client.medications(True) == []
