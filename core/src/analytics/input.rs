//! The plain data the analytics engine reads: occurrences, log entries,
//! journal figures, refills and medications over the window and the previous
//! window of the same length, with `now`.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::journal::{DailySummary, Instrument, Severity, SeverityBand};
use crate::model::{DoseLogEntry, Medication};
use crate::schedule::DoseOccurrence;

/// A logged refill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refill {
    /// The medication.
    pub medication_id: String,
    /// The local date of the refill.
    pub on: NaiveDate,
    /// Days the refill lasts, if the person (or pharmacy) said.
    pub days_supply: Option<u32>,
}

/// A scored PHQ-9 or GAD-7.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionnaireResult {
    /// Local date.
    pub date: NaiveDate,
    /// PHQ-9 or GAD-7.
    pub instrument: Instrument,
    /// Total score.
    pub total: u32,
    /// Severity band.
    pub band: SeverityBand,
}

/// A side effect the person logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideEffectEvent {
    /// Local date.
    pub date: NaiveDate,
    /// What it was (label or the person's words).
    pub name: String,
    /// How bad.
    pub severity: Severity,
    /// Medications the person linked it to.
    pub medication_ids: Vec<String>,
}

/// A journal note the person marked shareable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedNote {
    /// Local date.
    pub date: NaiveDate,
    /// The note.
    pub text: String,
}

/// Everything [`super::compute`] and the report read.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsInput {
    /// First local date of the window.
    pub from: NaiveDate,
    /// Last local date of the window.
    pub to: NaiveDate,
    /// The instant of the computation (doses after it are not yet due).
    pub now: DateTime<Utc>,
    /// The person's current zone (fixes "today").
    pub zone: Tz,
    /// Medications (stopped ones included).
    pub medications: Vec<Medication>,
    /// Occurrences of the previous window and the window, time-ordered.
    pub occurrences: Vec<DoseOccurrence>,
    /// Log entries of those occurrences, and unscheduled entries of the same
    /// dates.
    pub logs: Vec<DoseLogEntry>,
    /// Refills (any date up to the end of the window).
    pub refills: Vec<Refill>,
    /// Journal daily summaries of the previous window and the window.
    pub days: Vec<DailySummary>,
    /// Questionnaire scores of the previous window and the window.
    pub questionnaires: Vec<QuestionnaireResult>,
    /// Side effects of the previous window and the window.
    pub side_effects: Vec<SideEffectEvent>,
    /// Shareable notes of the window (the report shows them).
    pub shared_notes: Vec<SharedNote>,
    /// The care plan (the report shows it).
    pub care_plan: Option<crate::care::CarePlan>,
    /// The care team, to name who is responsible for what.
    pub care_team: Vec<crate::care::CareMember>,
}

impl StatsInput {
    /// An input with no data: a window and `now`.
    pub fn empty(from: NaiveDate, to: NaiveDate, now: DateTime<Utc>, zone: Tz) -> StatsInput {
        StatsInput {
            from,
            to,
            now,
            zone,
            medications: Vec::new(),
            occurrences: Vec::new(),
            logs: Vec::new(),
            refills: Vec::new(),
            days: Vec::new(),
            questionnaires: Vec::new(),
            side_effects: Vec::new(),
            shared_notes: Vec::new(),
            care_plan: None,
            care_team: Vec::new(),
        }
    }

    /// Today's local date in the person's zone.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.zone).date_naive()
    }

    /// The medication's name (or "a medication").
    pub fn medication_name(&self, id: &str) -> &str {
        self.medications
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.name.as_str())
            .unwrap_or("a medication")
    }
}
