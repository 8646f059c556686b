//! Differential test against the `rrule` crate (an independent RFC 5545
//! implementation): equivalent daily and weekly rules in zones with DST give
//! the same instants. Times inside DST gaps are compared separately, since
//! `rrule` does not follow the RFC 5545 gap rule the engine implements.

use cadence_core::schedule::*;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::RRuleSet;

const PLAN: &str = "7c0c3a52-5f7e-4a4e-9a53-1f1de3a1c001";
const MED: &str = "7c0c3a52-5f7e-4a4e-9a53-1f1de3a1c002";

const ZONES: [Tz; 6] = [
    chrono_tz::America::New_York,
    chrono_tz::Europe::Berlin,
    chrono_tz::Australia::Sydney,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::America::Santiago,
    chrono_tz::Asia::Tehran,
];

fn ours(plan: DosingPlan, zone: Tz, year: i32) -> Vec<DateTime<Utc>> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
    expand(
        &[plan],
        &RoutineHistory::default(),
        &ZoneHistory::fixed(zone),
        from,
        to,
    )
    .unwrap()
    .into_iter()
    .map(|o| o.utc)
    .collect()
}

fn theirs(zone: Tz, year: i32, dtstart: &str, rule: &str) -> Vec<DateTime<Utc>> {
    let text = format!(
        "DTSTART;TZID={}:{year}{dtstart}\nRRULE:{rule};UNTIL={}0102T000000Z",
        zone.name(),
        year + 1
    );
    let set: RRuleSet = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
    let res = set.all(u16::MAX);
    res.dates
        .into_iter()
        .map(|d| d.with_timezone(&Utc))
        // UNTIL is in UTC; keep the local year only.
        .filter(|d| {
            d.with_timezone(&zone).date_naive() <= NaiveDate::from_ymd_opt(year, 12, 31).unwrap()
        })
        .collect()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn daily_times_match_rrule_in_dst_zones() {
    for zone in ZONES {
        for year in [2026, 2027] {
            let plan = DosingPlan::new(
                PLAN,
                MED,
                Dose::new(1.0, "tablet"),
                Timing::daily_at(&[t(8, 0), t(13, 15), t(20, 0)]),
            );
            let a = ours(plan, zone, year);
            let b = theirs(
                zone,
                year,
                "0101T080000",
                "FREQ=DAILY;BYHOUR=8,13,20;BYMINUTE=0,15;BYSECOND=0",
            );
            // BYMINUTE=0,15 also gives 08:15 and 20:15 and 13:00: keep ours.
            let b: Vec<_> = b
                .into_iter()
                .filter(|d| {
                    let l = d.with_timezone(&zone).time();
                    l == t(8, 0) || l == t(13, 15) || l == t(20, 0)
                })
                .collect();
            assert_eq!(a.len(), b.len(), "{zone} {year}");
            assert_eq!(a, b, "{zone} {year}");
        }
    }
}

#[test]
fn weekly_days_match_rrule_in_dst_zones() {
    for zone in ZONES {
        for year in [2026, 2027] {
            let mut timing = Timing::daily_at(&[t(9, 30)]);
            timing.repeat.period_unit = Some(PeriodUnit::Week);
            timing.repeat.day_of_week = vec![DayOfWeek::Mon, DayOfWeek::Wed, DayOfWeek::Fri];
            let a = ours(
                DosingPlan::new(PLAN, MED, Dose::new(1.0, "tablet"), timing),
                zone,
                year,
            );
            let b = theirs(zone, year, "0101T093000", "FREQ=WEEKLY;BYDAY=MO,WE,FR");
            assert!(a.len() >= 155, "{zone} {year}: {}", a.len());
            assert_eq!(a, b, "{zone} {year}");
            // Every other week on Tuesdays from the first Tuesday of the year.
            let mut timing = Timing::daily_at(&[t(21, 45)]);
            timing.repeat.period_unit = Some(PeriodUnit::Week);
            timing.repeat.period = Some(2.0);
            timing.repeat.day_of_week = vec![DayOfWeek::Tue];
            let mut plan = DosingPlan::new(PLAN, MED, Dose::new(1.0, "tablet"), timing);
            let first_tue = (1..=7)
                .map(|d| NaiveDate::from_ymd_opt(year, 1, d).unwrap())
                .find(|d| chrono::Datelike::weekday(d) == chrono::Weekday::Tue)
                .unwrap();
            plan.start = Some(first_tue);
            let a = ours(plan, zone, year);
            let b = theirs(
                zone,
                year,
                &first_tue.format("%m%dT214500").to_string(),
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=MO",
            );
            assert_eq!(a, b, "{zone} {year}");
        }
    }
}

#[test]
fn on_gap_days_rrule_and_we_agree_everywhere_but_the_gap() {
    let zone = chrono_tz::America::New_York;
    let plan = DosingPlan::new(
        PLAN,
        MED,
        Dose::new(1.0, "tablet"),
        Timing::daily_at(&[t(2, 30)]),
    );
    let a = ours(plan, zone, 2027);
    let b = theirs(zone, 2027, "0101T023000", "FREQ=DAILY");
    let gap_day = NaiveDate::from_ymd_opt(2027, 3, 14).unwrap();
    let ours_gap: Vec<_> = a
        .iter()
        .filter(|d| d.with_timezone(&zone).date_naive() == gap_day)
        .collect();
    // RFC 5545: the offset before the gap, 02:30 EST = 03:30 EDT.
    assert_eq!(
        ours_gap,
        [&Utc.with_ymd_and_hms(2027, 3, 14, 7, 30, 0).unwrap()]
    );
    assert_eq!(a.len(), 365);
    let off_gap = |v: &[DateTime<Utc>]| {
        v.iter()
            .copied()
            .filter(|d| d.with_timezone(&zone).date_naive() != gap_day)
            .collect::<Vec<_>>()
    };
    assert_eq!(off_gap(&a), off_gap(&b));
}
