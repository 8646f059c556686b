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

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rusqlite::{params, Connection};

use cadence_core::model::{
    DoseAction, DoseForm, DoseWarning, MedicationInput, ProfileInput, Strength,
};
use cadence_core::schedule::{Dose, DoseOccurrence, DosingPlan, TakenDose, Timing};
use cadence_core::Store;

const ZONE: Tz = chrono_tz::America::New_York;

fn noon(d: NaiveDate) -> DateTime<Utc> {
    ZONE.from_local_datetime(&d.and_hms_opt(12, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// 20 medications at four doses a day since `years` before `today`, every
/// past dose logged as taken (bulk-loaded with plain SQL: setup only).
fn store_with_history(dir: &std::path::Path, years: i64, today: NaiveDate) -> Store {
    let path = dir.join(format!("history-{years}.db"));
    let start = today - Duration::days(365 * years);
    let store = Store::open(&path, None).unwrap();
    let t0 = noon(start);
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
    for i in 0..20u32 {
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
        let times: Vec<NaiveTime> = (0..4)
            .map(|k| NaiveTime::from_hms_opt(8 + 4 * k, i * 2, 0).unwrap())
            .collect();
        let mut plan = DosingPlan::new("", "", Dose::new(50.0, "mg"), Timing::daily_at(&times));
        plan.start = Some(start);
        store.add_plan(&med.id, &plan, t0).unwrap();
        store.set_supply(&med.id, 500.0, "tablet", t0).unwrap();
    }
    let mut conn = Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    let mut from = start;
    while from < today {
        let to = (from + Duration::days(399)).min(today - Duration::days(1));
        for o in store.occurrences(from, to).unwrap() {
            insert_row(&tx, &o);
        }
        from = to + Duration::days(1);
    }
    tx.commit().unwrap();
    drop(conn);
    store
}

fn insert_row(conn: &Connection, o: &DoseOccurrence) {
    let mut id: Vec<char> = o.id.chars().collect();
    id[0] = 'e';
    conn.prepare_cached(
        "INSERT INTO dose_log (id, medication_id, kind, occurrence_id, plan_id, plan_version,
            scheduled_at, local_date, slot, status, taken_at, amount, unit, version, created_at, updated_at)
         VALUES (?1, ?2, 'scheduled', ?3, ?4, ?5, ?6, ?7, ?8, 'taken', ?6, ?9, ?10, 1, ?6, ?6)",
    )
    .unwrap()
    .execute(params![
        id.into_iter().collect::<String>(),
        o.medication_id,
        o.id,
        o.plan_id,
        o.plan_version,
        o.utc.timestamp_millis(),
        o.local_date.to_string(),
        o.slot,
        o.dose.amount,
        o.dose.unit
    ])
    .unwrap();
}

fn no_limits(_: &[TakenDose], _: f64, _: DateTime<Utc>) -> Vec<DoseWarning> {
    Vec::new()
}

fn reminders(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let now = ZONE
        .from_local_datetime(&today.and_hms_opt(7, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let stores: Vec<(i64, Store)> = [1, 5]
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
            .log_occurrence(
                &occ,
                &DoseAction::Taken {
                    at: Some(now),
                    amount: None,
                },
                now,
                &no_limits,
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
