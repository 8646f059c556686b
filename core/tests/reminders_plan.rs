//! The reminder plan through the store: grouping, the limit, DST and travel
//! days, re-planning after each kind of change, quiet hours, follow-ups and
//! the latest take time.

mod reminders_common;

use std::collections::HashSet;

use chrono::{Duration, NaiveTime};

use cadence_core::guidance::{MissedDosePattern, MissedDoseRule};
use cadence_core::model::{DayKind, RoutineEvent, RoutineTime};
use cadence_core::reminders::{MedicationReminderSettings, NotificationAction, NotificationKind};
use cadence_core::schedule::{Dose, Timing};
use cadence_core::Error;

use reminders_common::*;

#[test]
fn doses_due_together_are_one_notification_with_text_and_actions() {
    let now = ny(2027, 3, 1, 12, 0);
    let c = client(now);
    c.bedtime("Sertraline", 100.0, date(2027, 3, 1), now);
    c.bedtime("Quetiapine", 25.0, date(2027, 3, 1), now);
    let plan = c.plan(now, 64);
    let first = &plan.notifications[0];
    assert_eq!(first.kind, NotificationKind::Dose);
    assert_eq!(first.fire_at, ny(2027, 3, 1, 22, 30));
    assert_eq!(first.local.to_rfc3339(), "2027-03-01T22:30:00-05:00");
    assert_eq!(first.occurrence_ids.len(), 2);
    assert_eq!(first.title, "Bedtime");
    assert_eq!(first.body, "Quetiapine 25 mg, Sertraline 100 mg");
    assert_eq!(first.content.moment, Some(RoutineEvent::Bedtime));
    assert_eq!(
        first.actions,
        vec![
            NotificationAction::Taken,
            NotificationAction::Snooze,
            NotificationAction::Skip
        ]
    );
    // Soonest first, and asking again gives the same ids.
    assert!(plan
        .notifications
        .windows(2)
        .all(|w| w[0].fire_at <= w[1].fire_at));
    assert_eq!(ids(&plan), ids(&c.plan(now, 64)));
}

#[test]
fn twenty_medications_at_four_doses_a_day_fill_exactly_the_limit() {
    let now = ny(2027, 3, 1, 6, 0);
    let c = client(now);
    for i in 0..20u32 {
        let times: Vec<NaiveTime> = (0..4).map(|k| hm(8 + k * 4, i * 2)).collect();
        c.at_times(&format!("Med {i}"), &times, date(2027, 3, 1), now);
    }
    let plan = c.plan(now, 64);
    assert_eq!(plan.notifications.len(), 64);
    let wide = c.plan(now, 512);
    assert!(wide.notifications.len() > 64);
    // The 64 are the soonest 64 of the wider plan, with the same ids.
    assert_eq!(ids(&plan), ids(&wide)[..64].to_vec());
    assert_eq!(plan.replan_before, Some(plan.notifications[63].fire_at));
}

#[test]
fn a_limit_of_zero_or_over_512_is_invalid_input() {
    let now = ny(2027, 3, 1, 6, 0);
    let c = client(now);
    for bad in [0, 513] {
        match c.store.reminder_plan(now, bad) {
            Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "limit"),
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }
    assert!(c.store.reminder_plan(now, 512).is_ok());
}

#[test]
fn follow_ups_then_missed_and_none_past_the_latest_take_time() {
    let now = ny(2027, 3, 1, 6, 0);
    let c = client(now);
    let med = c.at_times("Sertraline", &[hm(8, 0)], date(2027, 3, 1), now);
    let plan = c.plan(now, 6);
    let kinds: Vec<_> = plan
        .notifications
        .iter()
        .map(|n| (n.kind, n.fire_at))
        .collect();
    assert_eq!(
        &kinds[..3],
        &[
            (NotificationKind::Dose, ny(2027, 3, 1, 8, 0)),
            (NotificationKind::FollowUp, ny(2027, 3, 1, 8, 30)),
            (NotificationKind::FollowUp, ny(2027, 3, 1, 9, 0)),
        ]
    );
    // The general rule allows the dose until 2 h before the next one: the
    // last notice is one more follow-up, not "missed".
    assert_eq!(
        kinds[3],
        (NotificationKind::FollowUp, ny(2027, 3, 1, 9, 30))
    );
    assert_eq!(plan.notifications[3].content.follow_up, 3);
    assert!(of_kind(&plan, NotificationKind::Missed).is_empty());
    // The prescriber's rule: skip when more than 1 h late.
    let rule = MissedDoseRule {
        pattern: MissedDosePattern::SkipIfLate {
            skip_after_hours: 1.0,
        },
        ..Default::default()
    };
    c.store.set_missed_dose_rule(&med, &rule, now).unwrap();
    let plan = c.plan(now, 3);
    let kinds: Vec<_> = plan
        .notifications
        .iter()
        .map(|n| (n.kind, n.fire_at))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (NotificationKind::Dose, ny(2027, 3, 1, 8, 0)),
            (NotificationKind::FollowUp, ny(2027, 3, 1, 8, 30)),
            (NotificationKind::Missed, ny(2027, 3, 1, 9, 0)),
        ]
    );
    assert!(plan
        .notifications
        .iter()
        .all(|n| n.take_by == Some(ny(2027, 3, 1, 9, 0))));
    // Three follow-ups every 10 minutes, then the last notice at 08:40:
    // before the skip point, so one more follow-up.
    let s = MedicationReminderSettings {
        follow_up_delay_minutes: 10,
        follow_up_count: 3,
        ..MedicationReminderSettings::default_for(&med)
    };
    c.store.set_reminder_settings(&s, now).unwrap();
    let plan = c.plan(now, 5);
    assert_eq!(of_kind(&plan, NotificationKind::FollowUp).len(), 4);
    assert!(of_kind(&plan, NotificationKind::Missed).is_empty());
    // Three 30-minute follow-ups: the last notice falls on the skip point.
    let s = MedicationReminderSettings {
        follow_up_delay_minutes: 30,
        follow_up_count: 3,
        ..MedicationReminderSettings::default_for(&med)
    };
    c.store.set_reminder_settings(&s, now).unwrap();
    let plan = c.plan(now, 5);
    assert_eq!(
        of_kind(&plan, NotificationKind::Missed)[0].fire_at,
        ny(2027, 3, 1, 9, 0)
    );
}

#[test]
fn the_wording_follows_the_rule_not_logged_yet_then_missed_at_the_skip_point() {
    let now = ny(2027, 3, 1, 6, 0);
    let c = client(now);
    let med = c.at_times("Sertraline", &[hm(8, 15)], date(2027, 3, 1), now);
    // The prescriber allows the dose until 11 h after its time (19:15).
    let rule = MissedDoseRule {
        pattern: MissedDosePattern::SkipIfLate {
            skip_after_hours: 11.0,
        },
        ..Default::default()
    };
    c.store.set_missed_dose_rule(&med, &rule, now).unwrap();
    let plan = c.plan(now, 4);
    let day: Vec<_> = plan
        .notifications
        .iter()
        .filter(|n| n.fire_at < ny(2027, 3, 2, 0, 0))
        .collect();
    let follow_ups: Vec<_> = day
        .iter()
        .filter(|n| n.kind == NotificationKind::FollowUp)
        .collect();
    assert_eq!(follow_ups.len(), 3);
    for n in &follow_ups {
        assert!(n.fire_at < ny(2027, 3, 1, 19, 15));
        assert_eq!(n.title, "Reminder: Morning");
        assert_eq!(
            n.body,
            "Sertraline 50 mg (due 08:15): not logged yet — you can still take it until 19:15."
        );
        assert!(!n.title.to_lowercase().contains("missed"));
        assert!(!n.body.to_lowercase().contains("missed"));
        assert!(n.actions.contains(&NotificationAction::Snooze));
    }
    // Nothing says "missed" before the skip point.
    assert!(day.iter().all(|n| n.kind != NotificationKind::Missed
        && !format!("{} {}", n.title, n.body)
            .to_lowercase()
            .contains("missed")));
    // Snoozed past the last follow-up: the missed notice comes at the skip
    // point (19:15) and only then says "missed".
    let occ_id = day[0].occurrence_ids[0].clone();
    c.store
        .snooze_until(&occ_id, ny(2027, 3, 1, 19, 0), ny(2027, 3, 1, 9, 50))
        .unwrap();
    let plan = c.plan(ny(2027, 3, 1, 9, 50), 4);
    let missed = of_kind(&plan, NotificationKind::Missed);
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].fire_at, ny(2027, 3, 1, 19, 15));
    assert_eq!(missed[0].title, "Missed: Morning");
    assert_eq!(
        missed[0].body,
        "Sertraline 50 mg (due 08:15) was not logged by 19:15. Open to see what to do now."
    );
}

#[test]
fn quiet_hours_hold_non_critical_reminders_until_wake() {
    let now = ny(2027, 3, 1, 12, 0);
    let c = client(now);
    let late = c.at_times("Late pill", &[hm(23, 15)], date(2027, 3, 1), now);
    c.bedtime("Bedtime pill", 25.0, date(2027, 3, 1), now);
    let plan = c.plan(now, 10);
    // The bedtime dose rings at bedtime; the 23:15 one waits for wake (07:00).
    let first_of = |p: &cadence_core::reminders::ReminderPlan, name: &str| {
        p.notifications
            .iter()
            .find(|n| n.content.doses.iter().any(|d| d.medication_name == name))
            .unwrap()
            .clone()
    };
    assert_eq!(
        first_of(&plan, "Bedtime pill").fire_at,
        ny(2027, 3, 1, 22, 30)
    );
    let held = first_of(&plan, "Late pill");
    assert_eq!(held.fire_at, ny(2027, 3, 2, 7, 0));
    assert!(held.content.held_for_quiet_hours);
    assert!(held.body.contains("quiet hours"), "{}", held.body);
    assert!(!plan
        .notifications
        .iter()
        .any(|n| n.fire_at > ny(2027, 3, 1, 22, 30) && n.fire_at < ny(2027, 3, 2, 7, 0)));
    // Critical: rings at 23:15 and its follow-ups through the night.
    let s = MedicationReminderSettings {
        critical: true,
        ..MedicationReminderSettings::default_for(&late)
    };
    c.store.set_reminder_settings(&s, now).unwrap();
    let plan = c.plan(now, 10);
    let crit = first_of(&plan, "Late pill");
    assert_eq!(
        (crit.fire_at, crit.critical),
        (ny(2027, 3, 1, 23, 15), true)
    );
    // Quiet hours off: the non-critical dose rings at its time too.
    let s = MedicationReminderSettings::default_for(&late);
    c.store.set_reminder_settings(&s, now).unwrap();
    let mut prefs = c.store.reminder_preferences().unwrap();
    prefs.quiet_hours = false;
    c.store.set_reminder_preferences(&prefs, now).unwrap();
    assert_eq!(
        first_of(&c.plan(now, 10), "Late pill").fire_at,
        ny(2027, 3, 1, 23, 15)
    );
}

#[test]
fn across_spring_forward_and_fall_back_each_dose_is_reminded_exactly_once() {
    for (now, days) in [(ny(2027, 3, 12, 12, 0), 40), (ny(2027, 11, 5, 12, 0), 40)] {
        let start = now.with_timezone(&NY).date_naive();
        let c = client(now);
        let m1 = c.at_times("Early", &[hm(2, 30)], start, now);
        let m2 = c.at_times("Late", &[hm(1, 30)], start, now);
        for m in [&m1, &m2] {
            let s = MedicationReminderSettings {
                critical: true,
                ..MedicationReminderSettings::default_for(m)
            };
            c.store.set_reminder_settings(&s, now).unwrap();
        }
        let plan = c.plan(now, 512);
        let occs: Vec<_> = c
            .store
            .occurrences(start, start + Duration::days(days))
            .unwrap()
            .into_iter()
            .filter(|o| o.utc > now && o.utc < plan.replan_before.unwrap())
            .collect();
        let counts = reminders_per_occurrence(&plan);
        for o in &occs {
            assert_eq!(
                counts.get(o.id.as_str()),
                Some(&1),
                "{} on {}",
                o.slot,
                o.local_date
            );
        }
        assert_eq!(counts.len(), occs.len());
        // Re-planning an hour later keeps the ids of what is still ahead.
        let later = c.plan(now + Duration::hours(1), 512);
        let before: HashSet<_> = ids(&plan).into_iter().collect();
        assert!(later
            .notifications
            .iter()
            .filter(|n| n.fire_at < plan.replan_before.unwrap())
            .all(|n| before.contains(&n.id)));
    }
}

#[test]
fn a_travel_day_loses_and_doubles_nothing() {
    let now = ny(2027, 3, 2, 12, 0);
    let c = client(now);
    c.bedtime("Sertraline", 100.0, date(2027, 3, 1), now);
    c.at_times("Morning pill", &[hm(8, 0)], date(2027, 3, 1), now);
    let before = c.plan(now, 512);
    // Flying to Tokyo on the 4th.
    let landed = ny(2027, 3, 4, 2, 0);
    c.store
        .set_current_zone(chrono_tz::Asia::Tokyo, landed)
        .unwrap();
    let plan = c.plan(now, 512);
    let counts = reminders_per_occurrence(&plan);
    assert!(counts.values().all(|n| *n == 1));
    let d = now.with_timezone(&NY).date_naive();
    let occs: Vec<_> = c
        .store
        .occurrences(d, d + Duration::days(5))
        .unwrap()
        .into_iter()
        .filter(|o| o.utc > now && o.utc < plan.replan_before.unwrap())
        .collect();
    for o in &occs {
        assert_eq!(
            counts.get(o.id.as_str()),
            Some(&1),
            "{} {}",
            o.slot,
            o.local_date
        );
    }
    // Before the flight nothing changed, except a follow-up's "you can
    // still take it until ..." where the next dose (and so the latest take
    // time) moved with the zone.
    let moved = |n: &&cadence_core::reminders::Notification| {
        plan.notifications
            .iter()
            .any(|m| m.occurrence_ids == n.occurrence_ids && m.take_by != n.take_by)
    };
    let unchanged: Vec<_> = before
        .notifications
        .iter()
        .filter(|n| n.fire_at < landed && !moved(n))
        .map(|n| &n.id)
        .collect();
    assert!(!unchanged.is_empty());
    let kept: HashSet<_> = plan.notifications.iter().map(|n| &n.id).collect();
    assert!(unchanged.iter().all(|id| kept.contains(id)));
    // After landing, the morning pill rings at 08:00 Tokyo time, shown in Tokyo.
    let tokyo: Vec<_> = plan
        .notifications
        .iter()
        .filter(|n| {
            n.kind == NotificationKind::Dose
                && n.content.doses[0].medication_name == "Morning pill"
                && n.fire_at > landed
        })
        .collect();
    assert_eq!(
        tokyo[0].local.format("%H:%M %:z").to_string(),
        "08:00 +09:00"
    );
}

#[test]
fn replanning_after_each_kind_of_change_keeps_unchanged_ids() {
    let now = ny(2027, 3, 1, 6, 0);
    let c = client(now);
    let sert = c.bedtime("Sertraline", 100.0, date(2027, 3, 1), now);
    let lith = c.med(
        "Lithium",
        300.0,
        Timing::daily_when(&[cadence_core::schedule::EventTiming::Cm], None),
        date(2027, 3, 1),
        now,
    );
    let plan0 = c.plan(now, 64);
    let id_set = |p: &cadence_core::reminders::ReminderPlan| {
        p.notifications
            .iter()
            .map(|n| n.id.clone())
            .collect::<HashSet<_>>()
    };
    let of_med = |p: &cadence_core::reminders::ReminderPlan, med: &str| {
        p.notifications
            .iter()
            .filter(|n| n.medication_ids.iter().any(|m| m == med))
            .map(|n| n.id.clone())
            .collect::<HashSet<_>>()
    };

    // 1. A log: that dose's notifications go, nothing else changes.
    let occ_id = of_kind(&plan0, NotificationKind::Dose)[0].occurrence_ids[0].clone();
    let occ = c.occurrence(&occ_id, date(2027, 3, 1), date(2027, 3, 2));
    c.log_taken(&occ, ny(2027, 3, 1, 7, 35));
    let plan1 = c.plan(now, 64);
    assert!(plan1
        .notifications
        .iter()
        .all(|n| !n.occurrence_ids.contains(&occ_id)));
    let diff = c.store.reminder_diff(now, 64, &ids(&plan0)).unwrap();
    assert_eq!(
        diff.to_cancel.len(),
        4,
        "reminder, two follow-ups, missed notice"
    );
    assert_eq!(diff.unchanged.len(), 60);
    assert_eq!(diff.to_add.len(), 4, "the plan fills up from the end");
    assert!(diff
        .to_add
        .iter()
        .all(|n| n.fire_at >= plan0.notifications[63].fire_at));

    // 2. An edit (Sertraline 150 mg from the 3rd): Lithium keeps its ids.
    let plan_id = c.store.plans_of(&sert).unwrap()[0].clone();
    let mut edited = plan_id.clone();
    edited.dose = Dose::new(150.0, "mg");
    c.store
        .update_plan(&plan_id.id, &edited, date(2027, 3, 3), now)
        .unwrap();
    let plan2 = c.plan(now, 64);
    assert_eq!(of_med(&plan2, &lith), of_med(&plan1, &lith));
    let changed: Vec<_> = plan2
        .notifications
        .iter()
        .filter(|n| !id_set(&plan1).contains(&n.id))
        .collect();
    assert!(!changed.is_empty());
    assert!(changed
        .iter()
        .all(|n| n.content.doses.iter().all(|d| d.amount == 150.0)));

    // 3. A routine change (weekday breakfast 07:15): bedtime ids stay.
    c.store
        .set_routine_times(
            &[RoutineTime {
                event: RoutineEvent::Breakfast,
                day_kind: DayKind::Weekday,
                time: hm(7, 15),
            }],
            now,
        )
        .unwrap();
    let plan3 = c.plan(now, 64);
    assert_eq!(of_med(&plan3, &sert), of_med(&plan2, &sert));
    assert_ne!(of_med(&plan3, &lith), of_med(&plan2, &lith));
    assert!(of_kind(&plan3, NotificationKind::Dose)
        .iter()
        .filter(|n| n.medication_ids.contains(&lith))
        .all(|n| n.local.format("%H:%M").to_string() == "07:15"
            || n.local.format("%a").to_string() == "Sat"
            || n.local.format("%a").to_string() == "Sun"));

    // 4. A new medication at its own time: existing ids stay.
    c.at_times("Vitamin D", &[hm(12, 0)], date(2027, 3, 1), now);
    let plan4 = c.plan(now, 64);
    let kept: HashSet<_> = id_set(&plan4);
    let old_before_noon: Vec<_> = plan3
        .notifications
        .iter()
        .filter(|n| n.fire_at < ny(2027, 3, 1, 12, 0))
        .collect();
    assert!(old_before_noon.iter().all(|n| kept.contains(&n.id)));
    assert!(plan4.notifications.iter().any(|n| n
        .content
        .doses
        .iter()
        .any(|d| d.medication_name == "Vitamin D")));

    // 5. A zone change (to Chicago tomorrow): today's ids stay, later ones move.
    c.store
        .set_current_zone(chrono_tz::America::Chicago, ny(2027, 3, 2, 3, 0))
        .unwrap();
    let plan5 = c.plan(now, 64);
    // (A follow-up whose latest take time moved with the next dose says so.)
    let today: Vec<_> = plan4
        .notifications
        .iter()
        .filter(|n| n.fire_at < ny(2027, 3, 2, 3, 0))
        .filter(|n| {
            n.kind == NotificationKind::Dose
                || !plan5
                    .notifications
                    .iter()
                    .any(|m| m.occurrence_ids == n.occurrence_ids && m.take_by != n.take_by)
        })
        .collect();
    assert!(!today.is_empty());
    assert!(today.iter().all(|n| id_set(&plan5).contains(&n.id)));
    assert_ne!(id_set(&plan5), id_set(&plan4));
}

#[test]
fn a_stopped_medication_and_disabled_reminders_leave_the_plan() {
    let now = ny(2027, 3, 1, 6, 0);
    let c = client(now);
    let a = c.at_times("A", &[hm(8, 0)], date(2027, 3, 1), now);
    let b = c.at_times("B", &[hm(9, 0)], date(2027, 3, 1), now);
    let s = MedicationReminderSettings {
        enabled: false,
        ..MedicationReminderSettings::default_for(&a)
    };
    c.store.set_reminder_settings(&s, now).unwrap();
    c.store.stop_medication(&b, date(2027, 3, 1), now).unwrap();
    assert!(c.plan(now, 64).notifications.is_empty());
}

#[test]
fn a_reminder_whose_time_just_passed_is_left_to_the_os_until_the_dose_is_logged() {
    let now = ny(2027, 3, 1, 6, 0);
    let c = client(now);
    c.bedtime("Sertraline", 100.0, date(2027, 3, 1), now);
    let scheduled = ids(&c.plan(now, 64));
    let bedtime = ny(2027, 3, 1, 22, 30);
    let first = c.plan(now, 64).notifications[0].clone();
    assert_eq!(first.fire_at, bedtime);

    // 22:35: Android has not delivered the 22:30 alarm yet (Doze). The
    // reconcile leaves it: neither cancelled nor re-added.
    let late = c
        .store
        .reminder_diff(bedtime + minutes(5), 64, &scheduled)
        .unwrap();
    assert_eq!(late.arriving, vec![first.id.clone()]);
    assert!(!late.to_cancel.contains(&first.id));
    assert!(late.to_add.iter().all(|n| n.id != first.id));

    // Past the grace it is cancelled: the follow-up has taken over.
    let stale = c
        .store
        .reminder_diff(bedtime + minutes(16), 64, &scheduled)
        .unwrap();
    assert!(stale.arriving.is_empty());
    assert!(stale.to_cancel.contains(&first.id));

    // Logged meanwhile: cancelled at once, even inside the grace.
    let occ = c.occurrence(&first.occurrence_ids[0], date(2027, 3, 1), date(2027, 3, 2));
    c.log_taken(&occ, bedtime + minutes(2));
    let logged = c
        .store
        .reminder_diff(bedtime + minutes(5), 64, &scheduled)
        .unwrap();
    assert!(logged.arriving.is_empty());
    assert!(logged.to_cancel.contains(&first.id));
}
