//! Reminder benchmarks (criterion): 1 year and 5 years of history side by
//! side in the same run (cost must follow the window, not the history).
//!
//! * `reminder_plan`: a 64-notification plan for 20 medications at four
//!   doses a day, every past dose logged. Goal: under 1 ms.
//! * `reminder_diff_after_log`: one dose logged, then the re-plan diffed
//!   against the 64 ids the app had scheduled. Goal: under 1 ms.
//!
//! Run: `cargo bench -p cadence-core --bench reminders -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use cadence_core::model::DoseAction;
use cadence_core::App;

mod common;

use common::History;

const ZONE: Tz = chrono_tz::America::New_York;

/// 20 medications at four doses a day, 500 tablets of each on hand.
fn store_with_history(dir: &std::path::Path, years: i64, today: NaiveDate) -> App {
    let history = History {
        zone: ZONE,
        times: |i| {
            (0..4)
                .map(|k| NaiveTime::from_hms_opt(8 + 4 * k, i * 2, 0).unwrap())
                .collect()
        },
        supply: Some(500.0),
    };
    common::store_with_history(dir, years, today, &history)
}

fn reminders(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let now = ZONE
        .from_local_datetime(&today.and_hms_opt(7, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let stores: Vec<(i64, App)> = [1, 5]
        .into_iter()
        .map(|y| (y, store_with_history(dir.path(), y, today)))
        .collect();

    let mut g = c.benchmark_group("reminder_plan");
    for (years, store) in &stores {
        assert_eq!(
            store.reminder_plan(now, 64).unwrap().notifications.len(),
            64
        );
        g.bench_with_input(
            BenchmarkId::new("64_of_20_meds", format!("{years}y")),
            store,
            |b, s| b.iter(|| black_box(s.reminder_plan(now, 64).unwrap())),
        );
    }
    g.finish();

    let mut g = c.benchmark_group("reminder_diff_after_log");
    for (years, store) in &stores {
        let scheduled: Vec<String> = store
            .reminder_plan(now, 64)
            .unwrap()
            .notifications
            .into_iter()
            .map(|n| n.id)
            .collect();
        let occ = store
            .occurrences(today, today)
            .unwrap()
            .into_iter()
            .next()
            .unwrap();
        store
            .log_dose(
                &occ.id,
                &DoseAction::Taken {
                    at: Some(now),
                    amount: None,
                    early: false,
                },
                now,
            )
            .unwrap();
        let d = store.reminder_diff(now, 64, &scheduled).unwrap();
        assert!(!d.to_cancel.is_empty() && d.unchanged.len() > 50);
        g.bench_with_input(
            BenchmarkId::new("64_of_20_meds", format!("{years}y")),
            store,
            |b, s| b.iter(|| black_box(s.reminder_diff(now, 64, &scheduled).unwrap())),
        );
    }
    g.finish();
}

criterion_group!(benches, reminders);
criterion_main!(benches);
