//! Dose log benchmarks (criterion), each beside its baseline in the same run.
//!
//! * `log_dose`: logging one taken dose through the store (limit check,
//!   history row, supply) against a raw rusqlite insert + commit of the same
//!   row into the same table with the same durability settings (WAL,
//!   `synchronous = FULL`). Goal: at most 1.5x the raw insert.
//! * `today_view`: the Today view for 20 medications on a database holding
//!   1 year and 5 years of history. Goal: under 1 ms, and no slower with
//!   5 years than with 1 (cost follows the window, not the history).
//!
//! Run: `cargo bench -p cadence-core --bench dose_log -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rusqlite::Connection;

use cadence_core::model::DoseAction;
use cadence_core::App;

mod common;

use common::{insert_row, History};

const ZONE: Tz = chrono_tz::Europe::Berlin;

fn day(d: NaiveDate) -> DateTime<Utc> {
    common::noon(ZONE, d)
}

/// 20 medications at two doses a day (08:0i and 20:00).
fn store_with_history(dir: &std::path::Path, years: i64, today: NaiveDate) -> App {
    let history = History {
        zone: ZONE,
        times: |i| {
            vec![
                NaiveTime::from_hms_opt(8, i % 60, 0).unwrap(),
                NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            ]
        },
        supply: None,
    };
    common::store_with_history(dir, years, today, &history)
}

fn log_dose(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let store = store_with_history(dir.path(), 0, today);
    // Plenty of distinct occurrences to log, one per iteration (about 80,000:
    // more than a run takes, so no iteration re-logs a dose, which would time
    // the idempotent path instead).
    let occs: Vec<_> = (0..5)
        .flat_map(|k| {
            let from = today + Duration::days(400 * k);
            store.occurrences(from, from + Duration::days(399)).unwrap()
        })
        .collect();
    let mut next = 0usize;
    let _now = day(today);
    let mut g = c.benchmark_group("log_dose");
    g.bench_function("use_case_log_dose", |b| {
        b.iter(|| {
            let o = &occs[next % occs.len()];
            next += 1;
            black_box(store.log_dose(
                &o.id,
                &DoseAction::Taken {
                    at: Some(o.utc),
                    amount: None,
                    early: false,
                },
                // Logged when it is due: the occurrence is found around `now`.
                o.utc,
            ))
        })
    });
    // Baseline: the same row, raw, on a connection with the same settings.
    let raw_path = dir.path().join("raw.db");
    std::fs::copy(dir.path().join("history-0.db"), &raw_path).unwrap();
    let raw = Connection::open(&raw_path).unwrap();
    raw.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
    )
    .unwrap();
    raw.execute("DELETE FROM dose_log_version", []).unwrap();
    raw.execute("DELETE FROM dose_log", []).unwrap();
    let mut n = 0usize;
    g.bench_function("raw_insert_commit", |b| {
        b.iter_batched(
            || {
                n += 1;
                // Random ids, as the store's: both land at random places in
                // their indexes (sequential ones would only append).
                (
                    &occs[n % occs.len()],
                    uuid::Uuid::new_v4().to_string(),
                    uuid::Uuid::new_v4().to_string(),
                )
            },
            |(o, id, occurrence_id)| {
                let tx = raw.unchecked_transaction().unwrap();
                insert_row(&tx, o, &id, &occurrence_id);
                tx.commit().unwrap();
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

fn today_view(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let one = store_with_history(dir.path(), 1, today);
    let five = store_with_history(dir.path(), 5, today);
    let now = day(today);
    let mut g = c.benchmark_group("today_view_20_medications");
    g.bench_function("history_1_year", |b| {
        b.iter(|| black_box(one.today_view(now).unwrap()))
    });
    g.bench_function("history_5_years", |b| {
        b.iter(|| black_box(five.today_view(now).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, log_dose, today_view);
criterion_main!(benches);
