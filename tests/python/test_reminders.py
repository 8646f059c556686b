"""Reminders through the generated Python bindings: fetch the rolling plan,
diff it after a log, snooze (never past the rule), typed errors."""
import datetime
import json

import pytest

import cadence
from conftest import sertraline

NY = "America/New_York"
UTC = datetime.timezone.utc
MORNING = datetime.datetime(2027, 3, 1, 11, 0, tzinfo=UTC)  # 06:00 in New York


@pytest.fixture
def client(app):
    app.set_profile(cadence.ProfileInput(display_name="Sam", home_zone=NY, current_zone=NY), MORNING)
    med = app.add_medication(sertraline(), MORNING)
    dosage = json.dumps({
        "timing": {"repeat": {"when": ["HS"], "period": 1, "periodUnit": "d",
                              "boundsPeriod": {"start": "2027-03-01"}}},
        "doseAndRate": [{"doseQuantity": {"value": 100, "unit": "mg"}}],
    })
    app.add_plan_from_fhir_dosage(med.id, dosage, MORNING)
    return app, med


def test_the_plan_holds_the_bedtime_reminder_with_text_and_actions(client):
    app, _ = client
    plan = app.reminder_plan(64, MORNING)
    first = plan.notifications[0]
    assert first.kind == cadence.NotificationKind.DOSE
    assert first.fire_at == datetime.datetime(2027, 3, 2, 3, 30, tzinfo=UTC)
    assert first.local == "2027-03-01T22:30:00-05:00"
    assert (first.title, first.body) == ("Bedtime", "Sertraline 100 mg")
    assert first.actions == [cadence.NotificationAction.TAKEN, cadence.NotificationAction.SNOOZE,
                             cadence.NotificationAction.SKIP]
    # Its follow-ups fall in quiet hours: one follow-up at wake (07:00); the
    # rule still allows the dose then, so it is not "missed" yet.
    follow_up = plan.notifications[1]
    assert follow_up.kind == cadence.NotificationKind.FOLLOW_UP
    assert follow_up.local == "2027-03-02T07:00:00-05:00"
    assert follow_up.content.held_for_quiet_hours
    assert "not logged yet — you can still take it until" in follow_up.body
    assert "missed" not in (follow_up.title + follow_up.body).lower()
    assert [n.id for n in app.reminder_plan(64, MORNING).notifications] == [n.id for n in plan.notifications]


def test_after_a_log_the_diff_cancels_that_doses_reminders_only(client):
    app, _ = client
    scheduled = app.reminder_plan(64, MORNING).notifications
    occ = scheduled[0].occurrence_ids[0]
    app.log_dose(occ, cadence.DoseAction.TAKEN(at=datetime.datetime(2027, 3, 2, 3, 35, tzinfo=UTC), amount=None),
                 MORNING)
    diff = app.reminder_diff([n.id for n in scheduled], 64, MORNING)
    assert len(diff.to_cancel) == 2  # the reminder and the follow-up at wake
    assert len(diff.unchanged) == len(scheduled) - 2
    assert all(occ not in n.occurrence_ids for n in diff.to_add)


def test_snooze_comes_back_and_bad_input_is_typed(client):
    app, _ = client
    due = datetime.datetime(2027, 3, 2, 3, 31, tzinfo=UTC)
    reminder = app.reminder_plan(1, MORNING).notifications[0]
    snoozed = app.snooze(reminder.id, 15, due)
    assert snoozed[0].until == datetime.datetime(2027, 3, 2, 3, 46, tzinfo=UTC)
    nxt = app.reminder_plan(1, due).notifications[0]
    assert (nxt.kind, nxt.fire_at) == (cadence.NotificationKind.SNOOZED, snoozed[0].until)
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        app.snooze(reminder.id, -5, due)
    assert e.value.field == "minutes"
    with pytest.raises(cadence.CadenceError.InvalidInput):
        app.reminder_plan(513, due)
    with pytest.raises(cadence.CadenceError.NotFound):
        app.snooze("00000000-0000-4000-8000-000000000000", 5, due)
