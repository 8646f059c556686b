//! The analytics input of a [`Disclosure`]: statistics, the clinician
//! update and the report are computed from what was disclosed and nothing
//! else, so every derived number (adherence, trends, streaks, counts) uses
//! only its own category's disclosed days.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::input::{QuestionnaireResult, SharedNote, SideEffectEvent, StatsInput};
use crate::care::Disclosure;
use crate::error::{Error, Result};
use crate::journal::summary::summaries_of;
use crate::journal::{EntryDetail, JournalEntry};
use crate::model::{DoseForm, Medication, MedicationStatus};

/// The longest window stats and reports cover: 5 years.
pub const MAX_STATS_DAYS: i64 = 1830;

/// Checks a stats window: `from <= to`, at most [`MAX_STATS_DAYS`] days.
pub fn validate_window(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(Error::invalid("to", "must not be before `from`"));
    }
    if (to - from).num_days() >= MAX_STATS_DAYS {
        return Err(Error::invalid(
            "to",
            "at most 1830 days (5 years) per report",
        ));
    }
    Ok(())
}

/// The statistics input of what `d` discloses, over its window
/// (`d.from..=d.to`) and, where disclosed, the previous window.
///
/// Medications the medication list does not cover appear unnamed
/// ("Medication 1", ...) so per-medication figures stay apart without
/// naming anything.
pub fn input_of(d: &Disclosure) -> StatsInput {
    let zone = d.zone.unwrap_or(chrono_tz::UTC);
    let mut input = StatsInput::empty(d.from, d.to, d.decided_at, zone);
    let prev = d.previous.as_ref();
    input.occurrences = d
        .scheduled
        .iter()
        .chain(prev.into_iter().flat_map(|p| &p.scheduled))
        .cloned()
        .collect();
    input
        .occurrences
        .sort_by(|a, b| a.utc.cmp(&b.utc).then(a.id.cmp(&b.id)));
    input.logs = d
        .dose_log
        .iter()
        .chain(prev.into_iter().flat_map(|p| &p.dose_log))
        .cloned()
        .collect();
    input.refills = d.refills.clone();
    input.medications = d.medications.iter().map(|m| m.medication.clone()).collect();
    let named: BTreeSet<String> = input.medications.iter().map(|m| m.id.clone()).collect();
    let mut unnamed: Vec<String> = Vec::new();
    let ids = input
        .occurrences
        .iter()
        .map(|o| o.medication_id.as_str())
        .chain(input.logs.iter().map(|l| l.medication_id.as_str()))
        .chain(input.refills.iter().map(|r| r.medication_id.as_str()));
    for id in ids {
        if !named.contains(id) && !unnamed.iter().any(|u| u == id) {
            unnamed.push(id.to_string());
        }
    }
    for (i, id) in unnamed.into_iter().enumerate() {
        input.medications.push(Medication {
            id,
            name: format!("Medication {}", i + 1),
            strength: None,
            form: DoseForm::Tablet,
            instructions: String::new(),
            prescriber_notes: String::new(),
            expected_onset: None,
            status: MedicationStatus::Active,
            started_on: None,
            stopped_on: None,
            created_at: d.decided_at,
            updated_at: d.decided_at,
        });
    }
    let journal: Vec<&JournalEntry> = d
        .journal_entries()
        .chain(prev.into_iter().flat_map(|p| {
            p.mood
                .iter()
                .chain(&p.side_effects)
                .chain(&p.questionnaires)
        }))
        .collect();
    let first = prev.map_or(d.from, |p| p.from.min(d.from));
    input.days = summaries_of(first, d.to, journal.iter().copied());
    for e in &journal {
        match (&e.detail, &e.score) {
            (EntryDetail::Questionnaire { .. }, Some(s)) => {
                input.questionnaires.push(QuestionnaireResult {
                    date: e.local_date,
                    instrument: s.instrument,
                    total: s.total,
                    band: s.band,
                })
            }
            (EntryDetail::SideEffect { side_effect }, _) => {
                // Plotted from its onset (when the person says it
                // started), not the day it was logged.
                input.side_effects.push(SideEffectEvent {
                    date: side_effect
                        .started_on
                        .filter(|on| *on <= e.local_date)
                        .unwrap_or(e.local_date),
                    name: side_effect.name(),
                    severity: side_effect.severity,
                    medication_ids: side_effect.medication_ids.clone(),
                })
            }
            _ => {}
        }
    }
    input.shared_notes = d
        .notes
        .iter()
        .filter(|e| e.shareable && !e.note.trim().is_empty() && e.local_date >= d.from)
        .map(|e| SharedNote {
            date: e.local_date,
            text: e.note.clone(),
        })
        .collect();
    input.questionnaires.sort_by_key(|q| q.date);
    input.side_effects.sort_by_key(|s| s.date);
    input.shared_notes.sort_by_key(|n| n.date);
    input.care_plan = d.care_plan.clone();
    input.care_team = d.care_team.clone();
    input
}
