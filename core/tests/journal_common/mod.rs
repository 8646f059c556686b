//! Shared helpers of the journal integration tests (included with `mod`).
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};

use cadence_core::journal::{
    EntryDetail, Instrument, JournalEntryInput, Mood, QuestionnaireAnswers, Severity, SideEffect,
    Symptom,
};
use cadence_core::model::{DoseForm, MedicationInput};
use cadence_core::App;

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap()
}

pub fn open() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("c.db"), None).unwrap();
    (dir, store)
}

pub fn at(hours_ago: i64) -> DateTime<Utc> {
    now() - Duration::hours(hours_ago)
}

pub fn entry(detail: EntryDetail, occurred_at: DateTime<Utc>) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at,
        zone: chrono_tz::Europe::Berlin,
        detail,
        note: String::new(),
        shareable: false,
        goal_ids: vec![],
    }
}

pub fn mood(valence: i32) -> EntryDetail {
    EntryDetail::Mood {
        mood: Mood {
            valence,
            energy: Some(5),
            anxiety: Some(4),
            sleep_hours: Some(7.0),
            sleep_quality: Some(3),
            emotions: vec!["tired".into()],
            tags: vec![],
        },
    }
}

pub fn note(text: &str, occurred_at: DateTime<Utc>) -> JournalEntryInput {
    JournalEntryInput {
        note: text.into(),
        ..entry(EntryDetail::Note, occurred_at)
    }
}

pub fn side_effect(symptom: Symptom, severity: Severity, meds: &[&str]) -> EntryDetail {
    EntryDetail::SideEffect {
        side_effect: SideEffect {
            symptom,
            description: String::new(),
            severity,
            started_on: None,
            resolved_on: None,
            medication_ids: meds.iter().map(|m| m.to_string()).collect(),
            bother: Some(5),
            prescriber_knows: false,
        },
    }
}

pub fn questionnaire(instrument: Instrument, answers: &[u32]) -> EntryDetail {
    EntryDetail::Questionnaire {
        questionnaire: QuestionnaireAnswers {
            instrument,
            answers: answers.iter().map(|a| Some(*a)).collect(),
            difficulty: None,
        },
    }
}

pub fn med(store: &App, name: &str) -> String {
    store
        .add_medication(
            &MedicationInput {
                name: name.into(),
                strength: None,
                form: DoseForm::Tablet,
                instructions: String::new(),
                prescriber_notes: String::new(),
                expected_onset: None,
                started_on: None,
            },
            now() - Duration::days(30),
        )
        .unwrap()
        .id
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub fn invalid_field<T: std::fmt::Debug>(r: cadence_core::Result<T>) -> String {
    match r {
        Err(cadence_core::Error::InvalidInput { field, .. }) => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}
