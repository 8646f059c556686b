//! Schedule benchmarks (criterion).
//!
//! * `year_20_medications`: one year for 20 medications with mixed plans, as
//!   the report, the statistics and disclosures get it
//!   (`ScheduleContext::occurrences`: every occurrence a record with its id),
//!   side by side with the `rrule` crate expanding equivalent RRULEs over the
//!   same year in the same zone (the baseline; goal: at least as fast).
//! * `today_20_medications`: one day for the same 20 medications, what the
//!   Today screen needs (goal: under 50 µs).
//! * `parts/*`: the cost of the pieces, to read the figures above: 11,476
//!   RFC 5545 local-time readings and 11,476 UUID v5 occurrence ids (SHA-1).
//!
//! Run: `cargo bench -p cadence-core --bench schedule -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use cadence_core::schedule::*;
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use criterion::{criterion_group, criterion_main, Criterion};
use rrule::RRuleSet;

const ZONE: Tz = chrono_tz::Europe::Berlin;
const YEAR: i32 = 2027;

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}
fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(YEAR, m, day).unwrap()
}

/// 20 plans, and for each the RRULE that gives the same instants (routine
/// events at their default weekday times).
fn mixed() -> (Vec<DosingPlan>, Vec<String>) {
    let mut plans = Vec::new();
    let mut rules = Vec::new();
    for i in 0..20u32 {
        let id = format!("00000000-0000-4000-8000-{:012}", i);
        let med = format!("00000000-0000-4000-9000-{:012}", i);
        let (timing, rule) = match i % 5 {
            0 => (
                Timing::daily_at(&[t(8, 0)]),
                "FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0".to_string(),
            ),
            1 => (
                Timing::daily_at(&[t(8, 0), t(20, 0)]),
                "FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0;BYSECOND=0".to_string(),
            ),
            2 => {
                let mut tm = Timing::daily_at(&[t(9, 30)]);
                tm.repeat.period_unit = Some(PeriodUnit::Week);
                tm.repeat.day_of_week = vec![DayOfWeek::Mon, DayOfWeek::Wed, DayOfWeek::Fri];
                (
                    tm,
                    "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=9;BYMINUTE=30;BYSECOND=0".to_string(),
                )
            }
            3 => {
                let mut tm = Timing::every_hours(8);
                tm.repeat.time_of_day = vec![t(6, 0)];
                (tm, "FREQ=HOURLY;INTERVAL=8".to_string())
            }
            _ => (
                // Breakfast and dinner on weekdays at the routine's default times.
                {
                    let mut tm = Timing::daily_when(&[EventTiming::Cm, EventTiming::Cv], None);
                    tm.repeat.day_of_week = vec![
                        DayOfWeek::Mon,
                        DayOfWeek::Tue,
                        DayOfWeek::Wed,
                        DayOfWeek::Thu,
                        DayOfWeek::Fri,
                    ];
                    tm
                },
                "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7,18;BYMINUTE=30;BYSECOND=0".to_string(),
            ),
        };
        let mut p = DosingPlan::new(id, med, Dose::new(50.0, "mg"), timing);
        p.start = Some(d(1, 1));
        plans.push(p);
        let start = if i % 5 == 3 {
            "0101T060000"
        } else {
            "0101T000000"
        };
        rules.push(format!(
            "DTSTART;TZID={}:{YEAR}{start}\nRRULE:{rule};UNTIL={}0101T000000Z",
            ZONE.name(),
            YEAR + 1
        ));
    }
    (plans, rules)
}

fn bench(c: &mut Criterion) {
    let (plans, rules) = mixed();
    let routines = RoutineHistory::default();
    let zones = ZoneHistory::fixed(ZONE);
    let sets: Vec<RRuleSet> = rules.iter().map(|r| r.parse().unwrap()).collect();
    let ours = expand(&plans, &routines, &zones, d(1, 1), d(12, 31)).unwrap();
    let theirs: usize = sets
        .iter()
        .map(|s| s.clone().all(u16::MAX).dates.len())
        .sum();
    println!(
        "one year, 20 medications: cadence {} occurrences, rrule {} instants",
        ours.len(),
        theirs
    );

    // What the report, the statistics and every disclosure run for a year:
    // the schedule context's occurrences (owned records with their ids).
    let ctx = ScheduleContext {
        plans: plans.clone(),
        routines: routines.clone(),
        zones: zones.clone(),
    };
    assert_eq!(ctx.occurrences(d(1, 1), d(12, 31)).unwrap(), ours);
    paired(&ctx, &sets);
    let mut g = c.benchmark_group("year_20_medications");
    g.bench_function("cadence", |b| {
        b.iter(|| black_box(&ctx).occurrences(d(1, 1), d(12, 31)).unwrap())
    });
    g.bench_function("rrule", |b| {
        b.iter(|| {
            black_box(&sets)
                .iter()
                .map(|s| s.clone().all(u16::MAX).dates.len())
                .sum::<usize>()
        })
    });
    g.finish();

    c.bench_function("today_20_medications", |b| {
        b.iter(|| expand(black_box(&plans), &routines, &zones, d(3, 28), d(3, 28)).unwrap())
    });
}

/// The year, ours and `rrule`'s, timed alternately (one call each, 400
/// rounds): on a shared machine the load changes between criterion's two
/// groups, while each pair runs under the same load. Prints the median and
/// the fastest call of each, and the median of the per-round ratios.
fn paired(ctx: &ScheduleContext, sets: &[RRuleSet]) {
    use std::time::Instant;
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut ratios = Vec::new();
    for _ in 0..400 {
        let t = Instant::now();
        black_box(ctx.occurrences(d(1, 1), d(12, 31)).unwrap());
        let a = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        black_box(
            sets.iter()
                .map(|s| s.clone().all(u16::MAX).dates.len())
                .sum::<usize>(),
        );
        let b = t.elapsed().as_secs_f64() * 1e3;
        ours.push(a);
        theirs.push(b);
        ratios.push(a / b);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "paired, 400 rounds: cadence median {:.3} ms (fastest {:.3}), rrule median {:.3} ms (fastest {:.3}), median ratio {:.3}",
        median(&mut ours),
        ours[0],
        median(&mut theirs),
        theirs[0],
        median(&mut ratios)
    );
}

criterion_group!(benches, bench);

fn parts(c: &mut Criterion) {
    let d0 = d(1, 1);
    let locals: Vec<_> = (0..11476i64)
        .map(|i| (d0 + chrono::Duration::days(i % 365)).and_time(t(8, 0)))
        .collect();
    c.bench_function("parts/resolve_11476", |b| {
        b.iter(|| {
            locals
                .iter()
                .map(|l| zone::resolve_local(ZONE, *l).0.timestamp())
                .sum::<i64>()
        })
    });
    c.bench_function("parts/ids_11476", |b| {
        b.iter(|| {
            (0..11476u32)
                .map(|i| {
                    ids::occurrence_uuid(
                        "00000000-0000-4000-8000-000000000001",
                        1,
                        d0,
                        if i % 2 == 0 { "time@08:00" } else { "when@CM" },
                    )
                    .as_bytes()[0] as u32
                })
                .sum::<u32>()
        })
    });
}
criterion_group!(parts_group, parts);
criterion_main!(benches, parts_group);
