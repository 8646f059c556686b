"""Schedules through the generated Python bindings: FHIR dosages in, exact
occurrences out across DST, plan edits that keep the past, travel."""
import datetime
import json

import pytest

import cadence
from conftest import NOW, sertraline

NY = "America/New_York"


@pytest.fixture
def client(app):
    app.set_profile(cadence.ProfileInput(display_name="Sam", home_zone=NY, current_zone=NY), NOW)
    med = app.add_medication(sertraline(), NOW)
    return app, med


def bedtime_dosage(start="2027-03-01"):
    return json.dumps({
        "timing": {"repeat": {"when": ["HS"], "frequency": 1, "period": 1, "periodUnit": "d",
                              "boundsPeriod": {"start": start}}},
        "doseAndRate": [{"doseQuantity": {"value": 25, "unit": "mg"}}],
    })


def test_a_fhir_dosage_becomes_a_plan_and_exports_back(client):
    app, med = client
    plan = app.add_plan_from_fhir_dosage(med.id, bedtime_dosage(), NOW)
    assert plan.dose == cadence.Dose(amount=25.0, unit="mg")
    assert plan.version == 1
    assert app.plans(med.id) == [plan]
    timing = json.loads(app.plan_fhir_timing(plan.id))
    assert timing["repeat"]["when"] == ["HS"]
    dosage = json.loads(app.plan_fhir_dosage(plan.id))
    assert dosage["doseAndRate"][0]["doseQuantity"]["value"] == 25
    assert dosage["timing"]["repeat"]["when"] == ["HS"]
    # What we export imports back to the same plan.
    again = app.add_plan_from_fhir_dosage(med.id, json.dumps(dosage), NOW)
    assert (again.dose, again.timing) == (plan.dose, plan.timing)


def test_bedtime_doses_keep_their_wall_clock_time_across_spring_forward(client):
    app, med = client
    app.add_plan_from_fhir_dosage(med.id, bedtime_dosage(), NOW)
    occs = app.occurrences("2027-03-13", "2027-03-15")
    # Default weekend bedtime 23:30 (Sat/Sun), weekday 22:30 (Mon).
    assert [o.local for o in occs] == [
        "2027-03-13T23:30:00-05:00",
        "2027-03-14T23:30:00-04:00",
        "2027-03-15T22:30:00-04:00",
    ]
    assert all(o.event == cadence.RoutineEvent.BEDTIME for o in occs)
    assert occs[0].utc == datetime.datetime(2027, 3, 14, 4, 30, tzinfo=datetime.timezone.utc)
    # Ids are stable: asking again gives the same ones.
    assert [o.id for o in app.occurrences("2027-03-13", "2027-03-15")] == [o.id for o in occs]


def test_editing_a_plan_keeps_earlier_days(client):
    app, med = client
    plan = app.add_plan_from_fhir_dosage(med.id, bedtime_dosage(), NOW)
    before = app.occurrences("2027-03-01", "2027-03-02")
    edit = cadence.dosing_plan_input(plan)
    edit.dose = cadence.Dose(amount=50.0, unit="mg")
    changed = app.update_plan(plan.id, edit, "2027-03-02", NOW)
    assert changed.version == 2
    after = app.occurrences("2027-03-01", "2027-03-02")
    assert after[0].id == before[0].id and after[0].dose.amount == 25.0
    assert after[1].dose.amount == 50.0


def test_travel_reads_future_doses_in_the_new_zone(client):
    app, med = client
    app.add_plan_from_fhir_dosage(med.id, bedtime_dosage(), NOW)
    landed = datetime.datetime(2027, 3, 3, 12, 0, tzinfo=datetime.timezone.utc)
    app.set_current_zone("Europe/London", landed)
    occs = app.occurrences("2027-03-02", "2027-03-04")
    assert [o.zone for o in occs] == [NY, "Europe/London", "Europe/London"]
    assert [o.local[11:16] for o in occs] == ["22:30", "22:30", "22:30"]


def test_bad_dosages_are_refused_with_the_field(client):
    app, med = client
    bad = json.dumps({"timing": {"repeat": {"when": ["CM"], "offset": 30, "period": 1, "periodUnit": "d"}}})
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        app.add_plan_from_fhir_dosage(med.id, bad, NOW)
    assert "offset" in e.value.field
    with pytest.raises(cadence.CadenceError.InvalidInput):
        app.add_plan_from_fhir_dosage(med.id, "{not json", NOW)
    with pytest.raises(cadence.CadenceError.InvalidInput):
        app.occurrences("2027-01-01", "2028-06-01")
    assert app.plans(med.id) == []


def test_a_medication_and_its_plan_are_added_together_or_not_at_all(client):
    app, existing = client
    plan = app.plan(app.add_plan_from_fhir_dosage(existing.id, bedtime_dosage(), NOW).id)
    content = cadence.dosing_plan_input(plan)
    bad = cadence.DosingPlanInput(**{**content.__dict__, "dose": cadence.Dose(amount=0.0, unit="mg")})
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        app.add_medication_with_plan(sertraline(name="Lamotrigine"), bad, NOW)
    assert e.value.field == "dose.amount"
    assert [m.name for m in app.medications(True)] == ["Sertraline"]

    added = app.add_medication_with_plan(sertraline(name="Lamotrigine"), content, NOW)
    assert added.medication.name == "Lamotrigine"
    assert added.plan.medication_id == added.medication.id
    assert added.plan.id != plan.id
    assert app.plans(added.medication.id) == [added.plan]


def test_routine_moments_have_documented_defaults_until_set(app):
    assert cadence.default_routine_time(cadence.RoutineEvent.BREAKFAST, cadence.DayKind.WEEKDAY) == "07:30"
    assert cadence.default_routine_time(cadence.RoutineEvent.BEDTIME, cadence.DayKind.WEEKEND) == "23:30"


def test_the_set_up_form_saves_the_plan_it_reads_back(client):
    app, med = client
    form = cadence.PlanForm(
        dose=cadence.Dose(amount=0.5, unit="tablet"),
        times=cadence.FormTimes.AS_NEEDED(max_per_day=3, min_hours_apart=4),
        days=cadence.FormDays.ON_WEEKDAYS(weekdays=[cadence.DayOfWeek.FRI, cadence.DayOfWeek.MON]),
        start="2027-03-01",
        end=None,
    )
    plan = app.add_plan(med.id, cadence.plan_from_form(form), NOW)
    assert plan.as_needed.min_interval_minutes == 240
    read = cadence.plan_form(plan)
    assert read.times == form.times
    assert read.days == cadence.FormDays.ON_WEEKDAYS(weekdays=[cadence.DayOfWeek.MON, cadence.DayOfWeek.FRI])
    # The prescriber's bedtime dosage is the form's; a taper step makes it custom.
    fhir = app.add_plan_from_fhir_dosage(med.id, bedtime_dosage(), NOW)
    assert cadence.plan_form(fhir).times == cadence.FormTimes.AT_MOMENTS(moments=[cadence.EventTiming.HS])
    step = cadence.DoseStep(start="2027-03-10", days=None, dose=cadence.Dose(amount=12.5, unit="mg"),
                            slot_doses=[], timing=fhir.timing)
    tapered = app.update_plan(fhir.id, cadence.DosingPlanInput(**{**cadence.dosing_plan_input(fhir).__dict__,
                                                                 "steps": [step]}), "2027-03-02", NOW)
    assert cadence.plan_form(tapered) is None
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        cadence.plan_from_form(cadence.PlanForm(
            dose=form.dose, times=form.times, days=cadence.FormDays.EVERY_N_DAYS(every=1, start="2027-03-01"),
            start=None, end=None))
    assert e.value.field == "days.every"
    assert cadence.moments_in_day_order([cadence.EventTiming.HS, cadence.EventTiming.WAKE]) == cadence.form_moments()[::4]


def test_local_today_is_the_date_where_the_person_is(client):
    app, _ = client
    evening = datetime.datetime(2027, 3, 2, 2, 0, tzinfo=datetime.timezone.utc)  # 21:00 on the 1st in New York
    assert app.local_today(evening) == "2027-03-01"
    app.set_current_zone("Asia/Tokyo", evening)
    assert app.local_today(evening) == "2027-03-02"
