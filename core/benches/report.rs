//! Report benchmarks: the 90-day statistics and the 90-day and 1-year HTML
//! report for 10 medications at 4 doses a day, on 1 and on 5 years of
//! history side by side (the loader reads only the window and the previous
//! window, so 5 years should cost what 1 year does).
//!
//! The history is built in memory as the loader would hand it over; the
//! store-level read path is measured by the dose-log benches.

use cadence_core::analytics::{compute, StatsInput, StatsOptions};
use cadence_core::model::{DoseKind, DoseLogEntry, LogStatus, Medication};
use cadence_core::report::render_html;
use cadence_core::schedule::{Dose, DoseOccurrence};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};

fn history(years: i64, window_days: i64) -> StatsInput {
    let to = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let from = to - Duration::days(window_days - 1);
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 23, 0, 0).unwrap();
    let mut input = StatsInput::empty(from, to, now, chrono_tz::UTC);
    let first = to - Duration::days(365 * years - 1);
    // What the loader keeps: the previous window and the window.
    let start = (from - Duration::days(window_days)).max(first);
    for m in 0..10 {
        let mut med: Medication = serde_json::from_value(serde_json::json!({
            "id": format!("m{m}"), "name": format!("Medication {m}"), "strength": null,
            "form": "tablet", "instructions": "", "prescriber_notes": "", "expected_onset": null,
            "status": "active", "started_on": first, "stopped_on": null,
            "created_at": now, "updated_at": now
        }))
        .unwrap();
        med.started_on = Some(first);
        input.medications.push(med);
    }
    let mut date = start;
    let mut n = 0u64;
    while date <= to {
        for m in 0..10 {
            for (k, h) in [8, 12, 18, 22].into_iter().enumerate() {
                let utc = Utc.from_utc_datetime(&date.and_hms_opt(h, 0, 0).unwrap());
                let o = DoseOccurrence {
                    id: format!("o{n}").into(),
                    plan_id: format!("p{m}").into(),
                    plan_version: 1,
                    medication_id: format!("m{m}").into(),
                    local_date: date,
                    slot: format!("dose#{k}").into(),
                    local: utc.fixed_offset(),
                    utc,
                    zone: chrono_tz::UTC,
                    dose: Dose::new(50.0, "mg"),
                    event: None,
                    when: None,
                    step: None,
                    too_soon_after_previous: false,
                };
                n += 1;
                if n % 13 != 0 {
                    input.logs.push(DoseLogEntry {
                        id: format!("l{n}"),
                        medication_id: o.medication_id.to_string(),
                        kind: DoseKind::Scheduled,
                        occurrence_id: Some(o.id.to_string()),
                        plan_id: Some(o.plan_id.to_string()),
                        scheduled_at: Some(utc),
                        local_date: Some(date),
                        status: LogStatus::Taken,
                        taken_at: Some(utc + Duration::minutes((n % 200) as i64 - 60)),
                        amount: Some(50.0),
                        unit: Some("mg".into()),
                        skip_reason: None,
                        note: String::new(),
                        warnings: vec![],
                        version: 1,
                        created_at: utc,
                        updated_at: utc,
                    });
                }
                input.occurrences.push(o);
            }
        }
        date += Duration::days(1);
    }
    input
}

fn bench(c: &mut Criterion) {
    let opts = StatsOptions::default();
    for years in [1, 5] {
        let h90 = history(years, 90);
        let h365 = history(years, 365);
        c.bench_function(&format!("stats 90d ({years}y history)"), |b| {
            b.iter(|| compute(&h90, &opts))
        });
        c.bench_function(&format!("html 90d ({years}y history)"), |b| {
            b.iter(|| render_html(&h90, &compute(&h90, &opts)))
        });
        c.bench_function(&format!("html 1y ({years}y history)"), |b| {
            b.iter(|| render_html(&h365, &compute(&h365, &opts)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
