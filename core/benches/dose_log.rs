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

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rusqlite::{params, Connection};

use cadence_core::model::{
    DoseAction, DoseForm, DoseWarning, MedicationInput, ProfileInput, Strength,
};
use cadence_core::schedule::{Dose, DoseOccurrence, DosingPlan, TakenDose, Timing};
use cadence_core::Store;

const ZONE: Tz = chrono_tz::Europe::Berlin;

fn day(d: NaiveDate) -> DateTime<Utc> {
    ZONE.from_local_datetime(&d.and_hms_opt(12, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// A store with 20 medications (two doses a day each) whose plans start
/// `years` before `today`, and every past dose logged as taken.
fn store_with_history(dir: &std::path::Path, years: i64, today: NaiveDate) -> Store {
    let path = dir.join(format!("history-{years}.db"));
    let start = today - Duration::days(365 * years);
    let store = Store::open(&path, None).unwrap();
    let t0 = day(start);
    store
        .set_profile(
            &ProfileInput {
                display_name: String::new(),
                home_zone: ZONE,
                current_zone: ZONE,
            },
            t0,
        )
        .unwrap();
    for i in 0..20 {
        let med = store
            .add_medication(
                &MedicationInput {
                    name: format!("Medication {i}"),
                    strength: Some(Strength {
                        amount: 50.0,
                        unit: "mg".into(),
                    }),
                    form: DoseForm::Tablet,
                    instructions: String::new(),
                    prescriber_notes: String::new(),
                    expected_onset: None,
                    started_on: Some(start),
                },
                t0,
            )
            .unwrap();
        let times = [
            NaiveTime::from_hms_opt(8, i % 60, 0).unwrap(),
            NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        ];
        let mut plan = DosingPlan::new("", "", Dose::new(50.0, "mg"), Timing::daily_at(&times));
        plan.start = Some(start);
        store.add_plan(&med.id, &plan, t0).unwrap();
    }
    // Bulk-load the history with plain SQL in one transaction (setup only).
    let mut conn = Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    let mut from = start;
    while from < today {
        let to = (from + Duration::days(399)).min(today - Duration::days(1));
        for o in store.occurrences(from, to).unwrap() {
            insert_row(&tx, &o, &uuid_like(&o.id));
        }
        from = to + Duration::days(1);
    }
    tx.commit().unwrap();
    drop(conn);
    store
}

fn uuid_like(occ: &str) -> String {
    // A distinct entry id per occurrence (same shape as a UUID).
    let mut s: Vec<char> = occ.chars().collect();
    s[0] = 'e';
    s.into_iter().collect()
}

fn insert_row(conn: &Connection, o: &DoseOccurrence, entry_id: &str) {
    conn.execute(
        "INSERT INTO dose_log (id, medication_id, kind, occurrence_id, plan_id, plan_version,
            scheduled_at, local_date, slot, status, taken_at, amount, unit, version, created_at, updated_at)
         VALUES (?1, ?2, 'scheduled', ?3, ?4, ?5, ?6, ?7, ?8, 'taken', ?6, ?9, ?10, 1, ?6, ?6)",
        params![
            entry_id,
            o.medication_id,
            o.id,
            o.plan_id,
            o.plan_version,
            o.utc.timestamp_millis(),
            o.local_date.to_string(),
            o.slot,
            o.dose.amount,
            o.dose.unit
        ],
    )
    .unwrap();
}

fn no_limits(_: &[TakenDose], _: f64, _: DateTime<Utc>) -> Vec<DoseWarning> {
    Vec::new()
}

fn log_dose(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let store = store_with_history(dir.path(), 0, today);
    // Plenty of distinct occurrences to log, one per iteration.
    let occs = store
        .occurrences(today, today + Duration::days(399))
        .unwrap();
    let mut next = 0usize;
    let now = day(today);
    let mut g = c.benchmark_group("log_dose");
    g.bench_function("store_log_occurrence", |b| {
        b.iter(|| {
            let o = &occs[next % occs.len()];
            next += 1;
            black_box(store.log_occurrence(
                o,
                &DoseAction::Taken {
                    at: Some(o.utc),
                    amount: None,
                },
                now,
                &no_limits,
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
    let mut n = 1usize << 40;
    g.bench_function("raw_insert_commit", |b| {
        b.iter_batched(
            || {
                n += 1;
                (
                    &occs[n % occs.len()],
                    format!("{:08x}-0000-4000-8000-{:012x}", n, n),
                )
            },
            |(o, id)| {
                let tx = raw.unchecked_transaction().unwrap();
                insert_row(&tx, o, &id);
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
