//! Shared helpers of the care/consent/FHIR tests (included with `mod`).
#![allow(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use cadence_core::care::{
    CareMember, CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind,
    MemberRole,
};
use cadence_core::journal::{
    EntryDetail, Instrument, JournalEntryInput, Mood, QuestionnaireAnswers, Severity, SideEffect,
    Symptom,
};
use cadence_core::model::{DoseForm, DoseKind, DoseWarning, MedicationInput, UnscheduledDose};
use cadence_core::schedule::TakenDose;
use cadence_core::App;

/// Private text that must never appear in anything shared.
pub const SECRET: &str = "SECRET-divorce-talk";

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap()
}

pub fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + Duration::days(n)
}

pub const DAYS: i64 = 40;

fn no_limits(_: &[TakenDose], _: f64, _: DateTime<Utc>) -> Vec<DoseWarning> {
    Vec::new()
}

/// One seeded record: its id, category, local date, and whether it is a
/// note the person kept private.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub id: String,
    pub category: ConsentCategory,
    pub date: NaiveDate,
    pub private_note: bool,
}

pub fn entry(
    detail: EntryDetail,
    at: DateTime<Utc>,
    note: &str,
    shareable: bool,
) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: at,
        zone: chrono_tz::UTC,
        detail,
        note: note.into(),
        shareable,
        goal_ids: vec![],
    }
}

/// Fills `store` with DAYS days of doses, moods (with private notes), side
/// effects, PHQ-9s and notes (alternately private and shareable).
pub fn seed(store: &App) -> Vec<Seeded> {
    let mut out = Vec::new();
    let med = store
        .add_medication(
            &MedicationInput {
                name: "Sertraline".into(),
                strength: None,
                form: DoseForm::Tablet,
                instructions: String::new(),
                prescriber_notes: String::new(),
                expected_onset: None,
                started_on: Some(day(0)),
            },
            t0(),
        )
        .unwrap();
    for n in 0..DAYS {
        let date = day(n);
        let at = date.and_hms_opt(12, 0, 0).unwrap().and_utc();
        let dose = UnscheduledDose {
            medication_id: med.id.clone(),
            kind: DoseKind::Extra,
            taken_at: at,
            amount: 50.0,
            unit: "mg".into(),
            note: SECRET.into(),
        };
        let e = store.log_unscheduled_dose(&dose, t0()).unwrap();
        out.push(Seeded {
            id: e.id,
            category: ConsentCategory::DoseLog,
            date,
            private_note: false,
        });
        let mood = EntryDetail::Mood {
            mood: Mood {
                valence: (n % 7) as i32 - 3,
                energy: Some(5),
                anxiety: Some(3),
                sleep_hours: Some(7.5),
                sleep_quality: Some(3),
                emotions: vec![],
                tags: vec![],
            },
        };
        let e = store
            .add_journal_entry(&entry(mood, at, SECRET, false), t0())
            .unwrap();
        out.push(Seeded {
            id: e.entry.id,
            category: ConsentCategory::Mood,
            date,
            private_note: false,
        });
        if n % 3 == 0 {
            let se = EntryDetail::SideEffect {
                side_effect: SideEffect {
                    symptom: Symptom::ALL[0],
                    description: String::new(),
                    severity: Severity::Mild,
                    started_on: None,
                    resolved_on: None,
                    medication_ids: vec![med.id.clone()],
                    bother: Some(3),
                    prescriber_knows: false,
                },
            };
            let e = store
                .add_journal_entry(&entry(se, at, "shared side note", true), t0())
                .unwrap();
            out.push(Seeded {
                id: e.entry.id,
                category: ConsentCategory::SideEffects,
                date,
                private_note: false,
            });
        }
        if n % 7 == 0 {
            let q = EntryDetail::Questionnaire {
                questionnaire: QuestionnaireAnswers {
                    instrument: Instrument::Phq9,
                    answers: vec![
                        Some(1),
                        Some(2),
                        Some(1),
                        Some(0),
                        Some(1),
                        Some(1),
                        Some(0),
                        Some(1),
                        Some(0),
                    ],
                    difficulty: None,
                },
            };
            let e = store
                .add_journal_entry(&entry(q, at, "", false), t0())
                .unwrap();
            out.push(Seeded {
                id: e.entry.id,
                category: ConsentCategory::Questionnaires,
                date,
                private_note: false,
            });
        }
        if n % 2 == 0 {
            let private = n % 4 == 0;
            let text = if private {
                SECRET
            } else {
                "please ask about sleep"
            };
            let e = store
                .add_journal_entry(&entry(EntryDetail::Note, at, text, !private), t0())
                .unwrap();
            out.push(Seeded {
                id: e.entry.id,
                category: ConsentCategory::ShareableNotes,
                date,
                private_note: private,
            });
        }
    }
    out
}

pub fn member(store: &App, role: MemberRole) -> CareMember {
    store
        .add_care_member(
            &CareMemberInput {
                name: "Dr Example".into(),
                role,
                channel: ContactChannel::Portal,
                contact: String::new(),
                notes: String::new(),
            },
            t0(),
        )
        .unwrap()
}

pub fn grant_input(
    member_id: &str,
    categories: &[ConsentCategory],
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> ConsentGrantInput {
    ConsentGrantInput {
        member_id: member_id.into(),
        kind: GrantKind::Data,
        categories: categories.to_vec(),
        data_from: from,
        data_to: to,
        expires_at: None,
        purpose: "treatment".into(),
    }
}
