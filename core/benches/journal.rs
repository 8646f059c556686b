//! Journal benchmarks, each with its baseline in the same run:
//!
//! - `write/store_add_journal_entry` (validation, JSON, links, one IMMEDIATE
//!   transaction with `synchronous = FULL`) against `write/raw_rusqlite_insert`
//!   (the same row, pre-serialised, inserted by plain rusqlite into a file
//!   with the same schema and settings).
//! - `summaries/90_days_of_5_years`: daily summaries for the last 90 days of a
//!   journal holding five years of entries (goal: under 2 ms).
//!
//! `cargo bench -p cadence-core --bench journal -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use rusqlite::{params, Connection, TransactionBehavior};

use cadence_core::journal::{
    EntryDetail, Instrument, JournalEntryInput, Mood, QuestionnaireAnswers, Severity, SideEffect,
    Substance, SubstanceUse, Symptom,
};
use cadence_core::App;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap()
}

fn mood_input(at: DateTime<Utc>, valence: i32) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: at,
        zone: chrono_tz::America::New_York,
        detail: EntryDetail::Mood {
            mood: Mood {
                valence,
                energy: Some(6),
                anxiety: Some(3),
                sleep_hours: Some(7.5),
                sleep_quality: Some(4),
                emotions: vec!["calm".into(), "hopeful".into()],
                tags: vec!["work".into()],
            },
        },
        note: "Slept well, good day at work.".into(),
        shareable: false,
        goal_ids: vec![],
    }
}

fn write(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("store.db"), None).unwrap();
    // The baseline: the same schema and settings, plain rusqlite.
    let raw_path = dir.path().join("raw.db");
    drop(App::open(&raw_path, None).unwrap());
    let raw = Connection::open(&raw_path).unwrap();
    raw.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;",
    )
    .unwrap();
    let input = mood_input(now(), 1);
    let detail = serde_json::to_string(&input.detail).unwrap();
    let at = now().timestamp_millis();

    let mut g = c.benchmark_group("write");
    g.bench_function("store_add_journal_entry", |b| {
        b.iter(|| black_box(store.add_journal_entry(&input, now()).unwrap()))
    });
    let mut raw = raw;
    g.bench_function("raw_rusqlite_insert", |b| {
        b.iter(|| {
            let tx = raw
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .unwrap();
            tx.prepare_cached(
                "INSERT INTO journal_entry (id, kind, occurred_at, zone, local_date, detail, note,
                    shareable, version, valence, energy, anxiety, sleep_hours, sleep_quality,
                    created_at, updated_at)
                 VALUES (?1, 'mood', ?2, 'America/New_York', '2027-03-01', ?3, ?4, 0, 1, 1, 6, 3,
                    7.5, 4, ?2, ?2)",
            )
            .unwrap()
            .execute(params![
                uuid::Uuid::new_v4().to_string(),
                at,
                detail,
                input.note
            ])
            .unwrap();
            tx.commit().unwrap();
        })
    });
    g.finish();
}

/// Five years of a realistic journal: two mood check-ins a day, coffee every
/// day, weekend drinks, a side effect a week, PHQ-9 and GAD-7 every two weeks.
fn five_years() -> Vec<JournalEntryInput> {
    let mut out = Vec::new();
    let start = now() - Duration::days(5 * 365);
    for day in 0..5 * 365 {
        let morning = start + Duration::days(day) + Duration::hours(13);
        out.push(mood_input(morning, (day % 7) as i32 - 3));
        out.push(mood_input(
            morning + Duration::hours(9),
            (day % 5) as i32 - 2,
        ));
        let mut coffee = mood_input(morning + Duration::minutes(30), 0);
        coffee.detail = EntryDetail::Substance {
            substance: SubstanceUse {
                substance: Substance::Caffeine,
                name: String::new(),
                amount: 2.0,
                unit: "cups".into(),
            },
        };
        out.push(coffee.clone());
        if day % 7 >= 5 {
            coffee.detail = EntryDetail::Substance {
                substance: SubstanceUse {
                    substance: Substance::Alcohol,
                    name: String::new(),
                    amount: 2.0,
                    unit: "standard drinks".into(),
                },
            };
            out.push(coffee.clone());
        }
        if day % 7 == 3 {
            coffee.detail = EntryDetail::SideEffect {
                side_effect: SideEffect {
                    symptom: Symptom::Headache,
                    description: String::new(),
                    severity: Severity::Mild,
                    started_on: None,
                    resolved_on: None,
                    medication_ids: vec![],
                    bother: Some(3),
                    prescriber_knows: false,
                },
            };
            out.push(coffee.clone());
        }
        if day % 14 == 0 {
            for (instrument, n) in [(Instrument::Phq9, 9), (Instrument::Gad7, 7)] {
                coffee.detail = EntryDetail::Questionnaire {
                    questionnaire: QuestionnaireAnswers {
                        instrument,
                        answers: (0..n).map(|i| Some(i % 3)).collect(),
                        difficulty: None,
                    },
                };
                out.push(coffee.clone());
            }
        }
    }
    out
}

fn summaries(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("five_years.db"), None).unwrap();
    let entries = five_years();
    for chunk in entries.chunks(5_000) {
        store.import_journal_entries(chunk, now()).unwrap();
    }
    let to = now().date_naive();
    let from = to - Duration::days(89);
    assert_eq!(store.daily_summaries(from, to).unwrap().len(), 90);
    eprintln!("journal of {} entries over 5 years", entries.len());
    c.bench_function("summaries/90_days_of_5_years", |b| {
        b.iter(|| black_box(store.daily_summaries(from, to).unwrap()))
    });
}

criterion_group!(benches, write, summaries);
criterion_main!(benches);
