//! Snooze, refills, check-ins, caregiver alerts, the delivery check and
//! routine suggestions through the store, with the typed errors of bad input.

mod reminders_common;

use chrono::Duration;

use cadence_core::care::{
    CareMemberInput, ConsentGrantInput, ContactChannel, GrantKind, MemberRole,
};
use cadence_core::guidance::{MissedDosePattern, MissedDoseRule};
use cadence_core::model::{DayKind, RoutineEvent};
use cadence_core::reminders::{
    AlertRecipientInput, CheckInInput, DeliveryReport, NotificationKind,
};
use cadence_core::schedule::{DayOfWeek, EventTiming, Timing};
use cadence_core::{Error, RecordKind};

use reminders_common::*;

#[test]
fn a_snooze_brings_the_reminder_back_and_never_past_the_take_by_time() {
    let now = ny(2027, 3, 1, 8, 0);
    let c = client(now);
    let med = c.at_times("Sertraline", &[hm(8, 0)], date(2027, 3, 1), now);
    let plan = c.plan(now - minutes(1), 4);
    let first = plan.notifications[0].clone();
    // Snoozing the notification that just fired by its id, 10 minutes.
    let s = c.store.snooze(&first.id, 10, now).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].until, s[0].limited_by_rule),
        (ny(2027, 3, 1, 8, 10), false)
    );
    let plan = c.plan(now, 4);
    assert_eq!(plan.notifications[0].kind, NotificationKind::Snoozed);
    assert_eq!(plan.notifications[0].fire_at, ny(2027, 3, 1, 8, 10));
    assert_eq!(plan.notifications[0].title, "Morning (snoozed)");
    // The rule allows 1 h: a 90-minute snooze stops at 09:00, with no
    // snooze button left there.
    let rule = MissedDoseRule {
        pattern: MissedDosePattern::SkipIfLate {
            skip_after_hours: 1.0,
        },
        ..Default::default()
    };
    c.store.set_missed_dose_rule(&med, &rule, now).unwrap();
    let s = c.store.snooze(&first.occurrence_ids[0], 90, now).unwrap();
    assert_eq!(
        (s[0].until, s[0].limited_by_rule),
        (ny(2027, 3, 1, 9, 0), true)
    );
    let plan = c.plan(now, 4);
    let last = &plan.notifications[0];
    assert_eq!(
        (last.kind, last.fire_at),
        (NotificationKind::Snoozed, ny(2027, 3, 1, 9, 0))
    );
    assert!(!last
        .actions
        .contains(&cadence_core::reminders::NotificationAction::Snooze));
    // Past the take-by time there is nothing left to snooze.
    match c
        .store
        .snooze(&first.occurrence_ids[0], 5, ny(2027, 3, 1, 9, 5))
    {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "target_id"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_snoozes_are_typed_errors() {
    let now = ny(2027, 3, 1, 8, 0);
    let c = client(now);
    c.at_times("Sertraline", &[hm(8, 0)], date(2027, 3, 1), now);
    let occ = c.plan(now - minutes(1), 1).notifications[0].occurrence_ids[0].clone();
    let field = |r: cadence_core::Result<_>| match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    assert_eq!(field(c.store.snooze(&occ, -5, now).map(|_| ())), "minutes");
    assert_eq!(field(c.store.snooze(&occ, 0, now).map(|_| ())), "minutes");
    assert_eq!(field(c.store.snooze(&occ, 721, now).map(|_| ())), "minutes");
    assert_eq!(
        field(
            c.store
                .snooze_until(&occ, now - minutes(1), now)
                .map(|_| ())
        ),
        "until"
    );
    assert_eq!(
        field(c.store.snooze("not-an-id", 5, now).map(|_| ())),
        "target_id"
    );
    assert!(matches!(
        c.store.snooze(&uuid_like(), 5, now),
        Err(Error::NotFound {
            kind: RecordKind::Occurrence
        })
    ));
    // A logged dose cannot be snoozed.
    let o = c.occurrence(&occ, date(2027, 3, 1), date(2027, 3, 1));
    c.log_taken(&o, now);
    assert_eq!(field(c.store.snooze(&occ, 5, now).map(|_| ())), "target_id");
}

fn uuid_like() -> String {
    "00000000-0000-4000-8000-000000000000".into()
}

#[test]
fn a_low_supply_gives_one_refill_reminder_next_morning() {
    let now = ny(2027, 3, 1, 12, 0);
    let c = client(now);
    let med = c.at_times("Sertraline", &[hm(20, 0)], date(2027, 3, 1), now);
    c.store.set_supply(&med, 5.0, "tablet", now).unwrap();
    let plan = c.plan(now, 64);
    let refills = of_kind(&plan, NotificationKind::Refill);
    assert_eq!(refills.len(), 1);
    // Tuesday morning (08:00 default): doses Mon to Fri, out on Saturday.
    assert_eq!(refills[0].fire_at, ny(2027, 3, 2, 8, 0));
    assert_eq!(refills[0].content.days_left, Some(4));
    assert_eq!(refills[0].content.runs_out_on, Some(date(2027, 3, 6)));
    assert_eq!(refills[0].title, "Refill soon: Sertraline");
    // Enough supply: no reminder.
    c.store.set_supply(&med, 30.0, "tablet", now).unwrap();
    assert!(of_kind(&c.plan(now, 64), NotificationKind::Refill).is_empty());
}

#[test]
fn a_weekly_phq9_check_in_comes_on_its_day_until_done() {
    let now = ny(2027, 3, 1, 12, 0); // Monday
    let c = client(now);
    let p = c
        .store
        .add_check_in(
            &CheckInInput {
                label: "PHQ-9".into(),
                instrument: Some("phq9".into()),
                days: vec![DayOfWeek::Sun],
                time: hm(19, 0),
            },
            now,
        )
        .unwrap();
    let plan = c.plan(now, 64);
    let prompts = of_kind(&plan, NotificationKind::CheckIn);
    assert_eq!(prompts[0].fire_at, ny(2027, 3, 7, 19, 0));
    assert_eq!(prompts[0].content.instrument.as_deref(), Some("phq9"));
    assert!(prompts
        .iter()
        .all(|n| n.local.format("%a %H:%M").to_string() == "Sun 19:00"));
    // Done on Sunday morning: that evening's prompt goes.
    c.store
        .complete_check_in(&p.id, ny(2027, 3, 7, 9, 0))
        .unwrap();
    let plan = c.plan(ny(2027, 3, 7, 9, 0), 64);
    assert_eq!(
        of_kind(&plan, NotificationKind::CheckIn)[0].fire_at,
        ny(2027, 3, 14, 19, 0)
    );
    // Bad input names the field.
    let bad = CheckInInput {
        label: " ".into(),
        instrument: None,
        days: vec![],
        time: hm(9, 0),
    };
    assert!(
        matches!(c.store.add_check_in(&bad, now), Err(Error::InvalidInput { field, .. }) if field == "check_in.label")
    );
}

#[test]
fn an_unlogged_dose_carries_a_caregiver_alert_until_sent() {
    let now = ny(2027, 3, 1, 12, 0);
    let c = client(now);
    let med = c.bedtime("Lithium", 300.0, date(2027, 3, 1), now);
    assert!(c.plan(now, 64).alerts.is_empty(), "no recipient, no alert");
    let mum = c
        .store
        .add_care_member(
            &CareMemberInput {
                name: "Mum".into(),
                role: MemberRole::Caregiver,
                channel: ContactChannel::Phone,
                contact: String::new(),
                notes: String::new(),
            },
            now,
        )
        .unwrap();
    let r = c
        .store
        .add_alert_recipient(
            &AlertRecipientInput {
                member_id: mum.id.clone(),
                label: "Mum".into(),
                delay_minutes: 120,
                medication_ids: vec![med.clone()],
            },
            now,
        )
        .unwrap();
    // Deny by default: no consent grant, no alert.
    assert!(c.plan(now, 64).alerts.is_empty(), "no alert-only grant yet");
    let grant = c
        .store
        .grant_consent(
            &ConsentGrantInput {
                member_id: mum.id.clone(),
                kind: GrantKind::AlertOnly,
                categories: vec![],
                data_from: date(2027, 1, 1),
                data_to: None,
                expires_at: None,
                purpose: "missed-dose alerts".into(),
            },
            now,
        )
        .unwrap();
    let plan = c.plan(now, 64);
    let a = &plan.alerts[0];
    assert_eq!(
        (a.recipient_id.as_str(), a.send_at),
        (r.id.as_str(), ny(2027, 3, 2, 0, 30))
    );
    assert!(
        !a.message.contains("Lithium"),
        "the alert names no medication"
    );
    // Logging the dose removes the alert; so does sending it.
    let occ = c.occurrence(&a.occurrence_ids[0], date(2027, 3, 1), date(2027, 3, 1));
    c.store
        .mark_alert_sent(&a.id, ny(2027, 3, 2, 0, 31))
        .unwrap();
    let later = c.plan(ny(2027, 3, 2, 0, 32), 64);
    assert!(later.alerts.iter().all(|x| x.id != a.id));
    // Sending it was a disclosure: audited once (a retried report is not a
    // second alert), with the grant that allowed it and the dose count.
    c.store
        .mark_alert_sent(&a.id, ny(2027, 3, 2, 0, 33))
        .unwrap();
    let audit = c.store.audit_log().unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        audit[0].kind,
        cadence_core::care::DisclosureKind::MissedDoseAlert
    );
    assert_eq!(audit[0].grant_ids, vec![grant.id.clone()]);
    assert_eq!(audit[0].total_records, a.occurrence_ids.len() as u32);
    assert_eq!(audit[0].data_from, Some(date(2027, 3, 1)));
    // Revoking the grant stops every alert at once.
    c.store.revoke_consent(&grant.id, now).unwrap();
    assert!(c.plan(now, 64).alerts.is_empty(), "revoked: no alert");
    c.log_taken(&occ, ny(2027, 3, 1, 22, 40));
    assert!(c
        .plan(now, 64)
        .alerts
        .iter()
        .all(|x| !x.occurrence_ids.iter().any(|i| *i == occ.id)));
}

#[test]
fn reminders_the_os_never_delivered_are_flagged_for_unlogged_doses() {
    let now = ny(2027, 3, 1, 6, 0);
    let c = client(now);
    c.at_times("Sertraline", &[hm(8, 0)], date(2027, 3, 1), now);
    c.at_times("Lithium", &[hm(9, 0)], date(2027, 3, 1), now);
    let plan = c.plan(now, 64);
    let all = ids(&plan);
    assert_eq!(
        c.store.report_scheduled(&all, now).unwrap() as usize,
        all.len()
    );
    let first = plan.notifications[0].clone(); // Sertraline 08:00
    let lith = plan
        .notifications
        .iter()
        .find(|n| n.fire_at == ny(2027, 3, 1, 9, 0))
        .unwrap()
        .clone();
    assert_eq!(
        c.store
            .report_delivered(&[DeliveryReport {
                notification_id: first.id.clone(),
                delivered_at: first.fire_at
            }])
            .unwrap(),
        1
    );
    let check = c.store.delivery_check(ny(2027, 3, 1, 11, 0)).unwrap();
    let flagged: Vec<_> = check
        .undelivered
        .iter()
        .map(|u| u.notification_id.clone())
        .collect();
    assert!(
        flagged.contains(&lith.id),
        "the 09:00 reminder never arrived"
    );
    assert!(!flagged.contains(&first.id));
    assert!(check.delivered >= 1 && check.checked > check.delivered);
    // Within the grace for inexact alarms nothing is flagged yet.
    assert!(c
        .store
        .delivery_check(ny(2027, 3, 1, 9, 30))
        .unwrap()
        .undelivered
        .iter()
        .all(|u| u.notification_id != lith.id));
}

#[test]
fn breakfast_taken_late_on_three_weekends_suggests_moving_weekend_breakfast() {
    let start = date(2027, 3, 1);
    let now = ny(2027, 3, 1, 6, 0);
    let c = client(now);
    c.med(
        "Sertraline",
        50.0,
        Timing::daily_when(&[EventTiming::Cm], None),
        start,
        now,
    );
    let occs = c.store.occurrences(start, date(2027, 3, 21)).unwrap();
    for o in &occs {
        let weekend = DayKind::of(o.local_date) == DayKind::Weekend;
        // Weekend breakfast is 09:00; taken around 09:40.
        let late = if weekend {
            40 + (o
                .local_date
                .format("%d")
                .to_string()
                .parse::<i64>()
                .unwrap()
                % 3)
        } else {
            3
        };
        c.log_taken(o, o.utc + Duration::minutes(late));
    }
    let s = c.store.routine_suggestions(ny(2027, 3, 22, 12, 0)).unwrap();
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(
        (s[0].event, s[0].day_kind),
        (RoutineEvent::Breakfast, DayKind::Weekend)
    );
    assert_eq!(s[0].suggested_time, hm(9, 40));
    assert!(s[0].message.contains("09:00 to 09:40"), "{}", s[0].message);
}

#[test]
fn settings_for_an_unknown_medication_are_not_found_and_ranges_are_checked() {
    let now = ny(2027, 3, 1, 6, 0);
    let c = client(now);
    assert!(matches!(
        c.store.reminder_settings(&uuid_like()),
        Err(Error::NotFound {
            kind: RecordKind::Medication
        })
    ));
    let med = c.at_times("A", &[hm(8, 0)], date(2027, 3, 1), now);
    let mut s = c.store.reminder_settings(&med).unwrap();
    assert_eq!(
        (s.follow_up_delay_minutes, s.follow_up_count, s.critical),
        (30, 2, false)
    );
    s.follow_up_count = 6;
    assert!(
        matches!(c.store.set_reminder_settings(&s, now), Err(Error::InvalidInput { field, .. }) if field == "follow_up_count")
    );
    let mut p = c.store.reminder_preferences().unwrap();
    assert_eq!(p.refill_threshold_days, 7);
    p.refill_threshold_days = 0;
    assert!(c.store.set_reminder_preferences(&p, now).is_err());
}
