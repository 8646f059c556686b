"""The safety items of issue #21 through the pip package: an as-needed dose
over the plan's own limits is logged with worded warnings; a scheduled dose
logged (or edited) well before its time needs "taken early"; Today never
shows a negative lateness; a PHQ-9 item 9 above 0 reaches the therapist's
update and report first; reminders say "missed" only after the skip point."""
import datetime
import json

import pytest

import cadence
from conftest import TEST_KEY, sertraline

UTC = datetime.timezone.utc
NY = "America/New_York"


def ny(day, h, m=0):
    """A wall-clock time in New York on 2027-03-<day> (EST, UTC-5)."""
    return datetime.datetime(2027, 3, day, h, m, tzinfo=UTC) + datetime.timedelta(hours=5)


SET_UP = ny(1, 6)


def profile(app):
    app.set_profile(cadence.ProfileInput(display_name="Alex", home_zone=NY, current_zone=NY), SET_UP)


def at_eight(app, rule=None):
    """Sertraline 100 mg every day at 08:00 from 2027-03-01."""
    med = app.add_medication(sertraline(), SET_UP)
    dosage = {"timing": {"repeat": {"timeOfDay": ["08:00:00"], "period": 1, "periodUnit": "d",
                                    "boundsPeriod": {"start": "2027-03-01"}}},
              "doseAndRate": [{"doseQuantity": {"value": 100, "unit": "mg"}}]}
    app.add_plan_from_fhir_dosage(med.id, json.dumps(dosage), SET_UP)
    if rule:
        app.set_missed_dose_rule(med.id, rule, SET_UP)
    return med


def test_an_as_needed_dose_over_the_plans_own_limits_is_logged_with_worded_warnings(app):
    profile(app)
    med = app.add_medication(sertraline(name="Lorazepam", strength=cadence.Strength(amount=0.5, unit="mg"),
                                        expected_onset=None), SET_UP)
    dosage = {"asNeededBoolean": True,
              "timing": {"repeat": {"frequency": 1, "period": 6, "periodUnit": "h"}},
              "maxDosePerPeriod": {"numerator": {"value": 1, "unit": "mg"},
                                   "denominator": {"value": 24, "unit": "h"}},
              "doseAndRate": [{"doseQuantity": {"value": 0.5, "unit": "mg"}}]}
    app.add_plan_from_fhir_dosage(med.id, json.dumps(dosage), SET_UP)

    def take(when):
        return app.log_unscheduled_dose(cadence.UnscheduledDose(
            medication_id=med.id, kind=cadence.DoseKind.AS_NEEDED, taken_at=when, amount=0.5, unit="mg",
            note=""), when)

    assert take(ny(1, 8)).warnings == [] and take(ny(1, 14)).warnings == []
    third = take(ny(1, 20))
    assert [w.message for w in third.warnings] == [
        "1.5 mg in 24 hours, over the plan's limit of 1 mg by 0.5 mg"]
    # can_take_now refuses the fourth 29 minutes later; logging it anyway
    # gives a warning for each limit it refused on, named as the plan's.
    g = app.can_take_now(med.id, 0.5, ny(1, 20, 29))
    assert g.action == cadence.GuidanceAction.WAIT_UNTIL
    fourth = take(ny(1, 20, 29))
    assert len(fourth.warnings) == len(g.limits) == 2
    assert all(w.plan_limit for w in fourth.warnings)
    messages = sorted(w.message for w in fourth.warnings)
    assert messages == [
        "2 mg in 24 hours, over the plan's limit of 1 mg by 1 mg",
        "29 minutes after the last dose, the plan asks for at least 6 hours (5 hours 31 minutes too soon)",
    ]
    # Recorded anyway, for the prescriber.
    assert app.log_entry(fourth.id) == fourth


def test_tomorrows_dose_needs_taken_early_and_today_never_shows_negative_lateness(app):
    profile(app)
    at_eight(app)
    tomorrow = app.occurrences("2027-03-02", "2027-03-02")[0]
    evening = ny(1, 23, 55)
    with pytest.raises(cadence.CadenceError.InvalidInput) as e:
        app.log_dose(tomorrow.id, cadence.DoseAction.TAKEN(at=None, amount=None), evening)
    assert e.value.field == "occurrence_id"
    assert e.value.reason == ("the dose of 2027-03-02 at 08:00 is not due until 07:00; "
                              "log it as taken early to confirm")
    assert app.today(ny(2, 6)).groups[0].doses[0].log_entry_id is None
    logged = app.log_dose(tomorrow.id, cadence.DoseAction.TAKEN(at=None, amount=None, early=True), evening)
    assert logged.taken_at == evening
    status = app.today(ny(2, 9)).groups[0].doses[0].status
    assert isinstance(status, cadence.OccurrenceStatus.TAKEN)
    assert status.on_time and status.minutes_late == 0


def test_editing_a_dose_to_well_before_its_time_needs_the_same_confirmation(app):
    profile(app)
    at_eight(app)
    occ = app.occurrences("2027-03-01", "2027-03-01")[0]
    e = app.log_dose(occ.id, cadence.DoseAction.TAKEN(at=ny(1, 8, 10), amount=None), ny(1, 8, 10))
    night_before = datetime.datetime(2027, 3, 1, 3, 0, tzinfo=UTC)  # 22:00 on 28 Feb in New York
    with pytest.raises(cadence.CadenceError.InvalidInput) as err:
        app.edit_log(e.id, cadence.DoseLogEdit(taken_at=night_before, amount=None, skip_reason=None, note=None),
                     ny(1, 9))
    assert err.value.field == "taken_at"
    assert "edit it as taken early to confirm" in err.value.reason
    assert app.log_entry(e.id).version == 1
    edited = app.edit_log(e.id, cadence.DoseLogEdit(taken_at=night_before, amount=None, skip_reason=None,
                                                    note=None, early=True), ny(1, 9))
    assert (edited.taken_at, edited.version) == (night_before, 2)
    status = app.today(ny(1, 9)).groups[0].doses[0].status
    assert status.minutes_late == 0


def test_phq9_item_9_is_the_first_thing_the_therapist_sees(tmp_path):
    client = cadence.Cadence.open(str(tmp_path / "client.db"), TEST_KEY)
    therapist = cadence.Cadence.open(str(tmp_path / "therapist.db"), TEST_KEY)
    profile(client)
    sent = ny(10, 12)
    phq9 = cadence.QuestionnaireAnswers(instrument=cadence.Instrument.PHQ9,
                                        answers=[2, 2, 2, 2, 2, 1, 1, 0, 2], difficulty=None)
    client.add_journal_entry(cadence.JournalEntryInput(
        occurred_at=ny(5, 9), zone=NY, detail=cadence.EntryDetail.QUESTIONNAIRE(questionnaire=phq9),
        note="", shareable=False, goal_ids=[]), ny(5, 9))
    member = client.add_care_member(cadence.CareMemberInput(
        name="Jo Park", role=cadence.MemberRole.THERAPIST, channel=cadence.ContactChannel.PORTAL,
        contact="", notes=""), sent)
    keys = client.create_share_keys(bytes([1] * 32), sent)
    their_keys = therapist.create_share_keys(bytes([2] * 32), sent)
    recipient = client.pair_recipient(member.id, their_keys.pairing_code, sent)
    paired = therapist.pair_client("Alex", keys.pairing_code, sent)
    # Both compared the fingerprints on their screens.
    client.confirm_pairing(recipient.id, their_keys.fingerprint, sent)
    therapist.confirm_pairing(paired.id, keys.fingerprint, sent)
    client.grant_consent(cadence.ConsentGrantInput(
        member_id=member.id, kind=cadence.GrantKind.DATA, categories=[cadence.ConsentCategory.QUESTIONNAIRES],
        data_from="2027-03-01", data_to=None, expires_at=None, purpose="therapy"), sent)
    bundle = client.export_share_bundle(bytes([1] * 32), member.id, "2027-03-01", "2027-03-10", sent)
    therapist.import_share_bundle(bytes([2] * 32), bundle.bytes, sent)

    [view] = therapist.client_bundles(paired.id)
    [signal] = view.update.safety
    assert signal.kind == cadence.SafetySignalKind.SELF_HARM_THOUGHTS
    assert signal.item_score == 2 and signal.date == "2027-03-05"
    assert "question 9" in signal.message
    assert json.loads(view.update_json)["safety"][0]["item_score"] == 2
    html = therapist.client_report_html(paired.id)
    top = html.index('<section class="safety"')
    assert "<h2" not in html[:top] and "question 9" in html[top:]
    text = therapist.client_report_text(paired.id)
    assert text.index("SAFETY:") < text.index("Cadence update") and "question 9" in text


def test_reminders_say_missed_only_after_the_skip_point(app):
    profile(app)
    # The rule allows the dose until 08:45: the follow-up at 08:30 says it
    # can still be taken, and only the notice at 08:45 says "missed".
    rule = cadence.MissedDoseRule(pattern=cadence.MissedDosePattern.SKIP_IF_LATE(skip_after_hours=0.75),
                                  max_per_period=None, min_interval_minutes=None, note="")
    at_eight(app, rule)
    today = [n for n in app.reminder_plan(64, SET_UP).notifications
             if n.local.startswith("2027-03-01")]
    assert [(n.kind, n.local[11:16]) for n in today] == [
        (cadence.NotificationKind.DOSE, "08:00"),
        (cadence.NotificationKind.FOLLOW_UP, "08:30"),
        (cadence.NotificationKind.MISSED, "08:45"),
    ]
    _, follow_up, missed = today
    assert "not logged yet — you can still take it until 08:45" in follow_up.body
    assert "missed" not in (follow_up.title + follow_up.body).lower()
    assert missed.title.startswith("Missed") and "was not logged by 08:45" in missed.body
    # With a rule that allows the dose all day, nothing that morning says "missed".
    app.set_missed_dose_rule(app.medications(False)[0].id, cadence.MissedDoseRule(
        pattern=cadence.MissedDosePattern.SKIP_IF_LATE(skip_after_hours=11.25), max_per_period=None,
        min_interval_minutes=None, note=""), SET_UP)
    morning = [n for n in app.reminder_plan(64, SET_UP).notifications if n.local.startswith("2027-03-01")]
    assert morning and all("missed" not in (n.title + n.body).lower() for n in morning)
    assert any("you can still take it until 19:15" in n.body for n in morning)
