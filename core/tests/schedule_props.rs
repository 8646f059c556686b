//! Property tests of the schedule engine over every IANA zone in chrono-tz.
//!
//! * `every_zone_*`: each zone, deterministically, over two whole years
//!   (2026 and 2027): each daily slot exactly once per existing local date,
//!   occurrences strictly increasing, an elapsed interval exact across every
//!   transition and across windows, ids stable across recomputation.
//! * `random_plans_*` (proptest): random times of day, elapsed intervals and
//!   routines, in every zone, on the days around each of its transitions.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use cadence_core::model::routine::{DayKind, Routine, RoutineEvent, RoutineTime};
use cadence_core::schedule::*;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::{Tz, TZ_VARIANTS};
use proptest::prelude::*;

const PLAN_A: &str = "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1c001";
const PLAN_B: &str = "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1c002";
const MED: &str = "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1c003";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// Local dates that some instant has in `zone`, found independently of the
/// engine by walking UTC every hour.
fn existing_dates(zone: Tz, from: NaiveDate, to: NaiveDate) -> HashSet<NaiveDate> {
    let mut out = HashSet::new();
    let mut at = from.and_time(NaiveTime::MIN).and_utc() - Duration::hours(15);
    let end = to.and_time(NaiveTime::MIN).and_utc() + Duration::hours(39);
    while at < end {
        out.insert(at.with_timezone(&zone).date_naive());
        at += Duration::hours(1);
    }
    out.retain(|x| *x >= from && *x <= to);
    out
}

fn check_daily(
    o: &[DoseOccurrence],
    plan: &str,
    slots: usize,
    zone: Tz,
    from: NaiveDate,
    to: NaiveDate,
) {
    let mine: Vec<_> = o.iter().filter(|x| x.plan_id == plan).collect();
    let mut per: HashMap<NaiveDate, HashSet<&str>> = HashMap::new();
    for x in &mine {
        assert!(
            per.entry(x.local_date).or_default().insert(&x.slot),
            "{zone}: {} {} twice",
            x.local_date,
            x.slot
        );
        assert_eq!(x.utc, x.local.to_utc());
        assert_eq!(
            x.local.offset().fix(),
            zone.offset_from_utc_datetime(&x.utc.naive_utc()).fix(),
            "{zone}"
        );
    }
    let existing = existing_dates(zone, from, to);
    let mut day = from;
    while day <= to {
        let n = per.get(&day).map_or(0, |s| s.len());
        let expected = if existing.contains(&day) { slots } else { 0 };
        assert_eq!(n, expected, "{zone} {day}");
        day = day.succ_opt().unwrap();
    }
    for w in mine.windows(2) {
        assert!(
            w[0].utc < w[1].utc,
            "{zone}: {} then {}",
            w[0].local,
            w[1].local
        );
    }
}

fn every_zone(range: std::ops::Range<usize>) {
    // 00:00, 01:15 and 02:45 sit in the gaps and overlaps of most zones
    // (midnight changes included); no gap (30 or 60 min) moves one onto another.
    let mut a = DosingPlan::new(
        PLAN_A,
        MED,
        Dose::new(1.0, "tablet"),
        Timing::daily_at(&[t(0, 0), t(1, 15), t(2, 45)]),
    );
    a.min_interval_minutes = Some(30);
    let mut b = DosingPlan::new(
        PLAN_B,
        MED,
        Dose::new(1.0, "tablet"),
        Timing::every_hours(11),
    );
    b.timing.repeat.time_of_day = vec![t(1, 30)];
    b.start = Some(d(2025, 12, 30));
    let plans = [a, b];
    let routines = RoutineHistory::default();
    for tz in &TZ_VARIANTS[range] {
        let zones = ZoneHistory::fixed(*tz);
        let mut last_b: Option<DateTime<Utc>> = None;
        let mut all = Vec::new();
        for (from, to) in [
            (d(2026, 1, 1), d(2026, 12, 31)),
            (d(2027, 1, 1), d(2027, 12, 31)),
        ] {
            let o = expand(&plans, &routines, &zones, from, to).unwrap();
            check_daily(&o, PLAN_A, 3, *tz, from, to);
            for w in o.windows(2) {
                assert!(w[0].utc <= w[1].utc);
            }
            for x in o.iter().filter(|x| x.plan_id == PLAN_B) {
                if let Some(prev) = last_b {
                    assert_eq!(x.utc - prev, Duration::hours(11), "{tz} at {}", x.local);
                }
                last_b = Some(x.utc);
            }
            all.extend(o);
        }
        // Ids are stable: a narrower recomputation gives the same occurrences.
        for (from, to) in [
            (d(2026, 3, 1), d(2026, 4, 10)),
            (d(2027, 9, 25), d(2027, 11, 10)),
        ] {
            let again = expand(&plans, &routines, &zones, from, to).unwrap();
            let ids: HashSet<_> = all.iter().map(|x| (&x.id, x.utc)).collect();
            assert!(!again.is_empty());
            for x in &again {
                assert!(
                    ids.contains(&(&x.id, x.utc)),
                    "{tz}: {} {} changed",
                    x.local_date,
                    x.slot
                );
            }
        }
    }
}

#[test]
fn every_zone_first_half() {
    every_zone(0..TZ_VARIANTS.len() / 2);
}

#[test]
fn every_zone_second_half() {
    every_zone(TZ_VARIANTS.len() / 2..TZ_VARIANTS.len());
}

/// Each zone's transition dates in 2026-2027 (offset changes seen at noon UTC).
fn transitions() -> &'static Vec<(Tz, Vec<NaiveDate>)> {
    static T: OnceLock<Vec<(Tz, Vec<NaiveDate>)>> = OnceLock::new();
    T.get_or_init(|| {
        TZ_VARIANTS
            .iter()
            .map(|tz| {
                let mut out = Vec::new();
                let mut day = d(2026, 1, 1);
                let off = |day: NaiveDate| {
                    tz.offset_from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap())
                        .fix()
                };
                let mut prev = off(day);
                while day < d(2027, 12, 31) {
                    day = day.succ_opt().unwrap();
                    let now = off(day);
                    if now != prev {
                        out.push(day);
                        prev = now;
                    }
                }
                (*tz, out)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect()
    })
}

fn arb_routine() -> impl Strategy<Value = Routine> {
    proptest::collection::vec(
        (
            proptest::sample::select(RoutineEvent::ALL.to_vec()),
            any::<bool>(),
            0u32..24,
            0u32..4,
        ),
        0..6,
    )
    .prop_map(|v| {
        let mut r = Routine::default();
        for (event, weekend, h, q) in v {
            let day_kind = if weekend {
                DayKind::Weekend
            } else {
                DayKind::Weekday
            };
            if !r
                .times
                .iter()
                .any(|x| x.event == event && x.day_kind == day_kind)
            {
                r.times.push(RoutineTime {
                    event,
                    day_kind,
                    time: t(h, q * 15),
                });
            }
        }
        r
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn random_plans_around_every_transition(
        times in proptest::collection::btree_map(0u32..8, 0u32..4, 1..4),
        hours in 5u32..30,
        first in (0u32..24, 0u32..60),
        routine in arb_routine(),
    ) {
        // One slot per 3-hour block: more than 2 h apart, so no gap moves
        // one onto another.
        let times: Vec<NaiveTime> = times.into_iter().map(|(block, q)| t(block * 3, q * 15)).collect();
        let a = DosingPlan::new(PLAN_A, MED, Dose::new(1.0, "tablet"), Timing::daily_at(&times));
        let mut b = DosingPlan::new(PLAN_B, MED, Dose::new(1.0, "tablet"), Timing::every_hours(hours));
        b.timing.repeat.time_of_day = vec![t(first.0, first.1)];
        b.start = Some(d(2025, 12, 1));
        let mut c = DosingPlan::new("5a0c3a52-5f7e-4a4e-9a53-1f1de3a1c004", MED, Dose::new(1.0, "tablet"), Timing::daily_when(&[EventTiming::Wake, EventTiming::Hs], None));
        c.min_interval_minutes = Some(1);
        let plans = [a, b, c];
        let routines = RoutineHistory::fixed(routine.clone());
        for (tz, days) in transitions() {
            let zones = ZoneHistory::fixed(*tz);
            for day in days {
                let (from, to) = (*day - Duration::days(1), *day + Duration::days(1));
                let o = expand(&plans, &routines, &zones, from, to).unwrap();
                check_daily(&o, PLAN_A, times.len(), *tz, from, to);
                let bs: Vec<_> = o.iter().filter(|x| x.plan_id == PLAN_B).collect();
                for w in bs.windows(2) {
                    prop_assert_eq!(w[1].utc - w[0].utc, Duration::hours(i64::from(hours)));
                }
                // Routine slots: once per existing date each, at the routine's time.
                let cs: Vec<_> = o.iter().filter(|x| x.plan_id == c_id()).collect();
                let existing = existing_dates(*tz, from, to);
                prop_assert_eq!(cs.len(), 2 * existing.len());
                for x in cs {
                    let event = x.event.unwrap();
                    let want = routine.time_of(event, x.local_date);
                    let local = x.local.naive_local();
                    if local.date() == x.local_date && local.time() == want {
                        continue;
                    }
                    // Only a gap may move it, forward by less than a day.
                    let planned = x.local_date.and_time(want);
                    prop_assert!(tz.from_local_datetime(&planned).single().is_none(), "{} {} {}", tz, x.local, want);
                    prop_assert!(local > planned && local - planned < Duration::hours(24));
                }
                let again = expand(&plans, &routines, &zones, from, to).unwrap();
                prop_assert_eq!(&o, &again);
            }
        }
    }
}

fn c_id() -> &'static str {
    "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1c004"
}
