//! Adherence metrics on hand-built histories: what a person or their
//! clinician would read in the report.

mod analytics_common;

use analytics_common::*;
use cadence_core::analytics::{
    compute, MilestoneKind, Refill, StatsInput, StatsOptions, TrendDirection,
};
use cadence_core::model::{DoseKind, SkipReason};
use chrono::{Duration, TimeZone, Utc};

fn opts() -> StatsOptions {
    StatsOptions::default()
}

#[test]
fn metric_table_two_doses_a_day() {
    // 10 days, 08:00 and 20:00. Day 3 evening missed, day 5 morning skipped
    // (forgot), day 6 morning taken 3 h late, day 8 an extra dose.
    let from = d("2027-03-01");
    let now = Utc.with_ymd_and_hms(2027, 3, 11, 0, 0, 0).unwrap();
    let mut input = StatsInput::empty(from, d("2027-03-10"), now, chrono_tz::UTC);
    input.medications.push(med("m1", "Lithium"));
    for i in 0..10 {
        let date = from + Duration::days(i);
        for t in ["08:00", "20:00"] {
            let o = occ("m1", date, t, chrono_tz::UTC, 300.0);
            match (i, t) {
                (2, "20:00") => {}
                (4, "08:00") => input.logs.push(skipped(&o, SkipReason::Forgot)),
                (5, "08:00") => input.logs.push(taken(&o, 180)),
                _ => input.logs.push(taken(&o, -10)),
            }
            input.occurrences.push(o);
        }
    }
    let extra_at = Utc.with_ymd_and_hms(2027, 3, 8, 13, 0, 0).unwrap();
    input
        .logs
        .push(unscheduled("m1", DoseKind::Extra, extra_at));
    let s = compute(&input, &opts());
    let o = &s.overall;
    assert_eq!((o.due, o.taken, o.skipped, o.missed), (20, 18, 1, 1));
    assert_eq!(o.taking_percent, Some(90.0));
    // Days 3 and 5 are short, day 8 has an extra dose: 7 of 10 right.
    assert_eq!((o.correct_days, o.dosing_days), (7, 10));
    // 17 of 18 taken doses within ±2 h; with ±4 h all 18.
    assert_eq!(o.on_time, 17);
    let wide = compute(
        &input,
        &StatsOptions {
            timing_window_minutes: 240,
        },
    );
    assert_eq!(wide.overall.on_time, 18);
    assert_eq!(o.barriers.len(), 1);
    assert_eq!(o.barriers[0].reason, SkipReason::Forgot);
    // 2027-03-03 is a Wednesday; 2027-03-05 a Friday.
    let wed = o.by_weekday.iter().find(|w| w.weekday == "Wed").unwrap();
    let fri = o.by_weekday.iter().find(|w| w.weekday == "Fri").unwrap();
    assert_eq!((wed.due, wed.not_taken, fri.not_taken), (4, 1, 1));
    let evening = o.by_moment.iter().find(|m| m.moment == "evening").unwrap();
    assert_eq!((evening.due, evening.not_taken), (10, 1));
    assert_eq!(s.medications[0].prn.extra_doses, 1);
}

#[test]
fn dst_and_travel_days_count_each_dose_once_and_on_time() {
    // Berlin springs forward on 2027-03-28; the person flies to New York on
    // 2027-03-30 and takes the dose at 08:00 on the local clock each day.
    let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
    let ny: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let from = d("2027-03-26");
    let now = Utc.with_ymd_and_hms(2027, 4, 2, 0, 0, 0).unwrap();
    let mut input = StatsInput::empty(from, d("2027-04-01"), now, ny);
    input.medications.push(med("m1", "Sertraline"));
    for i in 0..7 {
        let date = from + Duration::days(i);
        let zone = if i < 4 { berlin } else { ny };
        let o = occ("m1", date, "08:00", zone, 50.0);
        input.logs.push(taken(&o, 0));
        input.occurrences.push(o);
    }
    let s = compute(&input, &opts());
    assert_eq!(s.overall.due, 7);
    assert_eq!(s.overall.taking_percent, Some(100.0));
    assert_eq!(s.overall.timing_percent, Some(100.0));
    assert_eq!(s.overall.correct_days, 7);
    assert_eq!(s.days.len(), 7);
    assert!(s.days.iter().all(|d| d.due == 1 && d.complete));
    assert_eq!(s.streaks.current_days, 7);
}

#[test]
fn prn_doses_are_counted_apart_from_adherence() {
    let from = d("2027-03-01");
    let now = Utc.with_ymd_and_hms(2027, 3, 15, 0, 0, 0).unwrap();
    let mut input = daily(from, 14, &[], now);
    input.medications.push(med("prn", "Hydroxyzine"));
    for (day, hour) in [(2, 22), (2, 23), (9, 21)] {
        let at = Utc.with_ymd_and_hms(2027, 3, day, hour, 0, 0).unwrap();
        input.logs.push(unscheduled("prn", DoseKind::AsNeeded, at));
    }
    let s = compute(&input, &opts());
    assert_eq!(s.overall.taking_percent, Some(100.0));
    let prn = s
        .medications
        .iter()
        .find(|m| m.medication_id == "prn")
        .unwrap();
    assert_eq!(prn.prn.as_needed_doses, 3);
    assert_eq!(prn.prn.as_needed_days, 2);
    assert!((prn.prn.as_needed_per_week - 1.5).abs() < 1e-9);
    assert_eq!(prn.adherence.due, 0);
}

#[test]
fn taper_step_is_reported_with_before_and_after() {
    let from = d("2027-03-01");
    let now = Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap();
    let mut input = daily(from, 28, &[d("2027-03-20"), d("2027-03-21")], now);
    for o in &mut input.occurrences {
        if o.local_date >= d("2027-03-15") {
            o.dose.amount = 25.0;
            o.step = Some(0);
            o.slot = format!("step0/{}", o.slot).into();
        }
    }
    let s = compute(&input, &opts());
    let changes = &s.medications[0].dose_changes;
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!(
        (c.date, c.from_amount, c.to_amount),
        (d("2027-03-15"), 50.0, 25.0)
    );
    assert_eq!(c.before.taking_percent, Some(100.0));
    // 2 of 14 days missed after the step.
    assert!((c.after.taking_percent.unwrap() - 12.0 / 14.0 * 100.0).abs() < 1e-9);
}

#[test]
fn streaks_and_holidays_at_the_edges() {
    // 20 days: 3 full, 2 missed, 1 full, 3 missed, 2 full, 5 missed, 4 full.
    let from = d("2027-05-01");
    let off = |a: i64, b: i64| (a..b).map(move |i| from + Duration::days(i));
    let missed: Vec<_> = off(3, 5).chain(off(6, 9)).chain(off(11, 16)).collect();
    // `now` is 07:00 on day 21: today's 08:00 dose is not due yet.
    let now = Utc.with_ymd_and_hms(2027, 5, 21, 7, 0, 0).unwrap();
    let input = daily(from, 21, &missed, now);
    let s = compute(&input, &opts());
    let h = &s.holidays;
    assert_eq!(
        (
            h.two_days,
            h.three_days,
            h.four_or_more_days,
            h.longest_days
        ),
        (1, 1, 1, 5)
    );
    // Today (nothing due yet) does not break the streak of the last 4 days.
    assert_eq!(s.streaks.current_days, 4);
    assert_eq!(s.streaks.longest_days, 4);
    // A single missed day is not a holiday.
    let one = daily(from, 10, &[d("2027-05-04")], now);
    let s1 = compute(&one, &opts());
    assert_eq!(s1.holidays.longest_days, 0);
    assert_eq!(s1.streaks.current_days, 6);
}

#[test]
fn days_covered_shifts_overlapping_refills_forward() {
    let from = d("2027-01-01");
    let now = Utc.with_ymd_and_hms(2027, 3, 2, 12, 0, 0).unwrap();
    let mut input = daily(from, 60, &[], now);
    let refill = |on: &str, days| Refill {
        medication_id: "m1".into(),
        on: d(on),
        days_supply: Some(days),
    };
    // Refilled on day 20 while 10 days were left: the second fill covers
    // days 30-59, so the whole period is covered.
    input.refills = vec![refill("2027-01-01", 30), refill("2027-01-21", 30)];
    let s = compute(&input, &opts());
    assert_eq!(s.medications[0].days_covered_percent, Some(100.0));
    // One 30-day fill: half the period.
    input.refills.pop();
    let s = compute(&input, &opts());
    assert_eq!(s.medications[0].days_covered_percent, Some(50.0));
    input.refills.clear();
    assert_eq!(
        compute(&input, &opts()).medications[0].days_covered_percent,
        None
    );
}

#[test]
fn trend_compares_with_the_previous_window() {
    let from = d("2027-03-01");
    let now = Utc.with_ymd_and_hms(2027, 3, 11, 0, 0, 0).unwrap();
    // The previous 10 days had 5 missed; this window none.
    let missed: Vec<_> = (0..5)
        .map(|i| d("2027-02-19") + Duration::days(i))
        .collect();
    let s = compute(&daily(from, 10, &missed, now), &opts());
    assert_eq!(s.trend.previous_from, d("2027-02-19"));
    assert_eq!(s.trend.previous_percent, Some(50.0));
    assert_eq!(s.trend.direction, TrendDirection::Higher);
}

#[test]
fn milestones_are_kind_and_never_shaming() {
    let from = d("2027-01-01");
    let now = Utc.with_ymd_and_hms(2027, 2, 15, 0, 0, 0).unwrap();
    let missed = [d("2027-01-10"), d("2027-01-11"), d("2027-01-12")];
    let s = compute(&daily(from, 45, &missed, now), &opts());
    let kinds: Vec<_> = s.milestones.iter().map(|m| m.kind).collect();
    assert!(kinds.contains(&MilestoneKind::FirstFullWeek));
    assert!(kinds.contains(&MilestoneKind::ThirtyDaysAtNinety));
    assert!(kinds.contains(&MilestoneKind::BackOnTrack));
    let back = s
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::BackOnTrack)
        .unwrap();
    assert_eq!(back.date, d("2027-01-15"));
    for m in &s.milestones {
        let l = m.message.to_lowercase();
        for bad in ["fail", "bad", "should", "only", "missed"] {
            assert!(!l.contains(bad), "{}", m.message);
        }
    }
}

#[test]
fn efficacy_timeline_reads_day_of_the_usual_window() {
    let from = d("2027-03-01");
    let now = Utc.with_ymd_and_hms(2027, 3, 12, 12, 0, 0).unwrap();
    let mut input = daily(from, 12, &[], now);
    input.medications[0].started_on = Some(d("2027-03-01"));
    let s = compute(&input, &opts());
    let on = s.medications[0].onset.as_ref().unwrap();
    assert_eq!(on.message, "day 12 of the usual 2-6 weeks");
    assert!(on.within_window);
}

#[test]
fn empty_window_has_no_percentages() {
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap();
    let s = compute(
        &StatsInput::empty(d("2027-02-01"), d("2027-02-28"), now, chrono_tz::UTC),
        &opts(),
    );
    assert_eq!(s.overall.taking_percent, None);
    assert_eq!(s.trend.direction, TrendDirection::NotComparable);
    assert!(s.milestones.is_empty());
}

#[test]
fn thirty_days_at_ninety_needs_thirty_days_on_treatment() {
    // A 30-day window in which treatment started 20 days ago, every dose
    // taken: a full week, but not yet "30 days at 90%".
    let from = d("2027-03-01");
    let now = Utc.with_ymd_and_hms(2027, 3, 31, 0, 0, 0).unwrap();
    let mut input = daily(from, 30, &[], now);
    let start = from + Duration::days(10);
    input.occurrences.retain(|o| o.local_date >= start);
    input
        .logs
        .retain(|l| l.local_date.is_some_and(|day| day >= start));
    let kinds: Vec<_> = compute(&input, &opts())
        .milestones
        .iter()
        .map(|m| m.kind)
        .collect();
    assert!(kinds.contains(&MilestoneKind::FirstFullWeek));
    assert!(
        !kinds.contains(&MilestoneKind::ThirtyDaysAtNinety),
        "{kinds:?}"
    );
}
