"""The dose log and missed-dose guidance through the generated Python bindings."""
import datetime
import json

import pytest

import cadence
from conftest import NOW, sertraline

NY = "America/New_York"
UTC = datetime.timezone.utc


def at(h, m=0, day=1):
    """A wall-clock time in New York on 2027-03-<day> (EST, UTC-5)."""
    return datetime.datetime(2027, 3, day, h + 5, m, tzinfo=UTC)


@pytest.fixture
def client(app):
    app.set_profile(cadence.ProfileInput(display_name="Sam", home_zone=NY, current_zone=NY), NOW)
    med = app.add_medication(sertraline(), NOW)
    dosage = {"timing": {"repeat": {"timeOfDay": ["08:00:00"], "period": 1, "periodUnit": "d",
                                    "boundsPeriod": {"start": "2027-03-01"}}},
              "doseAndRate": [{"doseQuantity": {"value": 100, "unit": "mg"}}]}
    app.add_plan_from_fhir_dosage(med.id, json.dumps(dosage), NOW)
    occ = app.occurrences("2027-03-01", "2027-03-01")[0]
    return app, med, occ


def test_log_is_idempotent_and_undo_keeps_history(client):
    app, _, occ = client
    taken = cadence.DoseAction.TAKEN(at=at(8, 10), amount=None)
    first = app.log_dose(occ.id, taken, at(8, 10))
    again = app.log_dose(occ.id, taken, at(8, 11))
    assert first == again and first.version == 1
    assert first.amount == 100.0
    undone = app.undo_log(first.id, at(8, 12))
    assert undone.status == cadence.LogStatus.UNDONE
    history = app.log_history(first.id)
    assert [v.status for v in history] == [cadence.LogStatus.TAKEN, cadence.LogStatus.UNDONE]


def test_skip_reason_is_kept_as_a_barrier(client):
    app, _, occ = client
    skipped = cadence.DoseAction.SKIPPED(reason=cadence.SkipReason.COST, note="Could not afford the refill")
    e = app.log_dose(occ.id, skipped, at(9))
    assert e.skip_reason == cadence.SkipReason.COST
    assert e.note == "Could not afford the refill"
    dose = app.today(at(9)).groups[0].doses[0]
    assert isinstance(dose.status, cadence.OccurrenceStatus.SKIPPED)


def test_today_moves_from_due_to_missed_by_the_rule(client):
    app, med, occ = client
    rule = cadence.MissedDoseRule(pattern=cadence.MissedDosePattern.SKIP_IF_LATE(skip_after_hours=3.0),
                                  max_per_period=None, min_interval_minutes=None,
                                  note="Skip it if you are more than 3 hours late.")
    app.set_missed_dose_rule(med.id, rule, NOW)
    assert isinstance(app.today(at(8, 30)).groups[0].doses[0].status, cadence.OccurrenceStatus.DUE)
    assert isinstance(app.today(at(11, 30)).groups[0].doses[0].status, cadence.OccurrenceStatus.MISSED)
    g = app.guidance(occ.id, at(11, 30))
    assert g.action == cadence.GuidanceAction.SKIP_THIS_DOSE
    assert g.prescriber_note == "Skip it if you are more than 3 hours late."
    assert "double" not in g.message.lower() or "not" in g.message.lower()


def test_guidance_takes_now_when_late_but_allowed_and_never_twice(client):
    app, _, occ = client
    g = app.guidance(occ.id, at(9, 30))
    assert g.action == cadence.GuidanceAction.TAKE_NOW
    assert g.params.minutes_late == 90
    app.log_dose(occ.id, cadence.DoseAction.TAKEN(at=at(9, 31), amount=None), at(9, 31))
    assert app.guidance(occ.id, at(9, 40)).action == cadence.GuidanceAction.ALREADY_TAKEN


def test_a_dose_breaking_the_minimum_interval_is_recorded_with_a_warning(client):
    app, med, occ = client
    rule = cadence.MissedDoseRule(pattern=cadence.MissedDosePattern.GENERAL(near_next_hours=2.0),
                                  max_per_period=None, min_interval_minutes=600, note="")
    app.set_missed_dose_rule(med.id, rule, NOW)
    app.log_dose(occ.id, cadence.DoseAction.TAKEN(at=at(8), amount=None), at(8))
    extra = cadence.UnscheduledDose(medication_id=med.id, kind=cadence.DoseKind.EXTRA,
                                    taken_at=at(12), amount=100.0, unit="mg", note="")
    e = app.log_unscheduled_dose(extra, at(12))
    assert e.status == cadence.LogStatus.TAKEN
    assert isinstance(e.warnings[0], cadence.DoseWarning.MIN_INTERVAL_BROKEN)
    assert e.warnings[0].minutes_since_previous == 240


def test_supply_counts_down_with_each_dose(client):
    app, med, occ = client
    app.set_supply(med.id, 10.0, "tablet", NOW)
    app.log_dose(occ.id, cadence.DoseAction.TAKEN(at=at(8), amount=None), at(8))
    s = app.supply(med.id, at(8, 1))
    assert s.on_hand == 8.0  # 100 mg = two 50 mg tablets
    # Tomorrow to the 5th are covered; the dose on the 6th is not.
    assert s.runs_out_on == "2027-03-06"
    assert s.days_left == 5


def test_unknown_occurrence_is_not_found(client):
    app, _, _ = client
    with pytest.raises(cadence.CadenceError.NotFound):
        app.log_dose("6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10",
                     cadence.DoseAction.TAKEN(at=None, amount=None), at(8))
    with pytest.raises(cadence.CadenceError.InvalidInput):
        app.log_dose("not-an-id", cadence.DoseAction.TAKEN(at=None, amount=None), at(8))
