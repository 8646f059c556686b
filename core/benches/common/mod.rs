//! The history the dose-log and reminder benchmarks run on: a store with 20
//! medications whose plans start some years back, every past dose logged as
//! taken (bulk-loaded with plain SQL: set-up only, never timed; the store
//! records them as sync versions when it opens, also before any timing).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection};

use cadence_core::model::{DoseForm, MedicationInput, ProfileInput, Strength};
use cadence_core::schedule::{Dose, DoseOccurrence, DosingPlan, Timing};
use cadence_core::App;

/// Noon of `d` in `zone`.
pub fn noon(zone: Tz, d: NaiveDate) -> DateTime<Utc> {
    zone.from_local_datetime(&d.and_hms_opt(12, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// What differs between the benchmarks' histories.
pub struct History {
    /// The person's zone.
    pub zone: Tz,
    /// The dose times of medication `i` (0 to 19).
    pub times: fn(u32) -> Vec<NaiveTime>,
    /// Tablets on hand per medication, if a supply is counted (counted at
    /// the start of `today`, after the history).
    pub supply: Option<f64>,
}

/// A store in `dir` with 20 medications on `history`'s times, their plans
/// starting `years` before `today`, and every dose before `today` logged as
/// taken.
pub fn store_with_history(
    dir: &std::path::Path,
    years: i64,
    today: NaiveDate,
    history: &History,
) -> App {
    let path = dir.join(format!("history-{years}.db"));
    let start = today - Duration::days(365 * years);
    let store = App::open(&path, None).unwrap();
    let t0 = noon(history.zone, start);
    store
        .set_profile(
            &ProfileInput {
                display_name: String::new(),
                home_zone: history.zone,
                current_zone: history.zone,
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
        let times = (history.times)(i);
        let mut plan = DosingPlan::new("", "", Dose::new(50.0, "mg"), Timing::daily_at(&times));
        plan.start = Some(start);
        store.add_plan(&med.id, &plan, t0).unwrap();
    }
    let mut conn = Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    let mut from = start;
    while from < today {
        let to = (from + Duration::days(399)).min(today - Duration::days(1));
        for o in store.occurrences(from, to).unwrap() {
            let mut id: Vec<char> = o.id.chars().collect();
            id[0] = 'e'; // a distinct entry id per occurrence, shaped like a UUID
            insert_row(&tx, &o, &id.into_iter().collect::<String>(), &o.id);
        }
        from = to + Duration::days(1);
    }
    tx.commit().unwrap();
    drop(conn);
    // The supply as counted at the start of today (the history's doses
    // came out of the box before the count).
    if let Some(on_hand) = history.supply {
        let counted_at = noon(history.zone, today) - Duration::hours(12);
        for m in store.medications(false).unwrap() {
            store
                .set_supply(&m.id, on_hand, "tablet", counted_at)
                .unwrap();
        }
    }
    drop(store);
    // Opening records the bulk-loaded rows as sync versions (as an upgrade
    // does), so no timed write pays for them.
    App::open(&path, None).unwrap()
}

/// One taken dose's log row, as plain SQL: entry `entry_id` for `o`, filed
/// under `occurrence_id` (o's own, or a fresh one for a baseline that
/// inserts more rows than there are occurrences).
pub fn insert_row(conn: &Connection, o: &DoseOccurrence, entry_id: &str, occurrence_id: &str) {
    conn.prepare_cached(
        "INSERT INTO dose_log (id, medication_id, kind, occurrence_id, plan_id, plan_version,
            scheduled_at, local_date, slot, status, taken_at, amount, unit, version, created_at, updated_at)
         VALUES (?1, ?2, 'scheduled', ?3, ?4, ?5, ?6, ?7, ?8, 'taken', ?6, ?9, ?10, 1, ?6, ?6)",
    )
    .unwrap()
    .execute(params![
        entry_id,
        o.medication_id,
        occurrence_id,
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
