//! What leaves the device, as data: a [`Disclosure`] is everything one
//! audience (a care-team member, or the client for their own report) may
//! see of a period, decided by the policy ([`super::policy::disclose`]).
//! Every outbound form — the share bundle, the FHIR bundle, the clinician
//! update, the HTML and text report — is rendered from a `Disclosure` and
//! nothing else, and the audit entry says exactly which categories and
//! periods left ([`Disclosure::record_counts`]).

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::audit::{CategoryCount, DatePeriod};
use super::consent::ConsentCategory;
use super::plan::CarePlan;
use super::team::CareMember;
use crate::analytics::Refill;
use crate::journal::{Goal, JournalEntry};
use crate::model::{DoseLogEntry, Medication};
use crate::schedule::{DoseOccurrence, DosingPlan};

/// Who a disclosure is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// A care-team member, under their consent grants.
    #[default]
    Member,
    /// The client themself (their own report): every category, private
    /// notes still kept out.
    Client,
}

/// The part of one grant a disclosure relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantScope {
    /// The grant (id).
    pub grant_id: String,
    /// Its categories.
    pub categories: Vec<ConsentCategory>,
    /// First data day covered (grant period ∩ requested period).
    pub from: NaiveDate,
    /// Last data day covered.
    pub to: NaiveDate,
    /// Its purpose.
    pub purpose: String,
}

impl GrantScope {
    /// Whether this scope covers `category` on `date`.
    pub fn covers(&self, category: ConsentCategory, date: NaiveDate) -> bool {
        self.categories.contains(&category) && self.from <= date && date <= self.to
    }

    /// Whether this scope covers `category` on some day of `from..=to`.
    pub fn overlaps(&self, category: ConsentCategory, from: NaiveDate, to: NaiveDate) -> bool {
        self.categories.contains(&category) && self.from <= to && from <= self.to
    }
}

/// A medication with the plan versions that applied in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisclosedMedication {
    /// The medication.
    pub medication: Medication,
    /// Its dosing plan versions overlapping the covered period.
    pub plans: Vec<DosingPlan>,
}

/// The window before the disclosed one, for trends: present only for the
/// categories whose grants cover every day of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousWindow {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The categories it holds (each granted for the whole window).
    pub categories: Vec<ConsentCategory>,
    /// Doses that were due (`dose_log`).
    pub scheduled: Vec<DoseOccurrence>,
    /// Dose log entries (`dose_log`), notes blanked.
    pub dose_log: Vec<DoseLogEntry>,
    /// Mood check-ins (`mood`).
    pub mood: Vec<JournalEntry>,
    /// Side effects (`side_effects`).
    pub side_effects: Vec<JournalEntry>,
    /// PHQ-9 / GAD-7 (`questionnaires`).
    pub questionnaires: Vec<JournalEntry>,
}

/// Everything an audience may see for a period, decided at `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disclosure {
    /// Who it is for.
    #[serde(default)]
    pub audience: Audience,
    /// The member (for the client's own report: the client, id `self`).
    pub member: CareMember,
    /// The grants used, each with the period it covers.
    pub grants: Vec<GrantScope>,
    /// The categories granted (union, sorted).
    pub categories: Vec<ConsentCategory>,
    /// First data day covered by any grant.
    pub from: NaiveDate,
    /// Last data day covered by any grant.
    pub to: NaiveDate,
    /// When the policy was applied.
    pub decided_at: DateTime<Utc>,
    /// The client's zone at `decided_at` (fixes "today" in renderers).
    #[serde(default)]
    pub zone: Option<Tz>,
    /// Medications and plans (`medication_list`).
    pub medications: Vec<DisclosedMedication>,
    /// Doses that were due on the disclosed dose-log days (`dose_log`).
    #[serde(default)]
    pub scheduled: Vec<DoseOccurrence>,
    /// Dose log entries (`dose_log`), oldest first, notes blanked.
    pub dose_log: Vec<DoseLogEntry>,
    /// Refills on the disclosed dose-log days (`dose_log`: days covered).
    #[serde(default)]
    pub refills: Vec<Refill>,
    /// Mood check-ins (`mood`), oldest first.
    pub mood: Vec<JournalEntry>,
    /// Side effects (`side_effects`).
    pub side_effects: Vec<JournalEntry>,
    /// PHQ-9 / GAD-7 (`questionnaires`).
    pub questionnaires: Vec<JournalEntry>,
    /// Substance use (`substance_use`).
    pub substance_use: Vec<JournalEntry>,
    /// Goal check-ins (`goals`).
    pub goal_check_ins: Vec<JournalEntry>,
    /// Note entries marked shareable (`shareable_notes`).
    pub notes: Vec<JournalEntry>,
    /// Goals (`goals`).
    pub goals: Vec<Goal>,
    /// The care plan (`care_plan`).
    pub care_plan: Option<CarePlan>,
    /// The care team named in the care plan (`care_plan`).
    #[serde(default)]
    pub care_team: Vec<CareMember>,
    /// The window before, for trends (only fully granted categories).
    #[serde(default)]
    pub previous: Option<PreviousWindow>,
}

impl Disclosure {
    /// Whether a grant used here covers `category` on `date`.
    pub fn covers(&self, category: ConsentCategory, date: NaiveDate) -> bool {
        self.grants.iter().any(|g| g.covers(category, date))
    }

    /// Whether `category` is granted at all.
    pub fn has(&self, category: ConsentCategory) -> bool {
        self.categories.contains(&category)
    }

    /// The days of `category` this disclosure covers, as merged periods
    /// (the previous window included when it was disclosed for trends).
    pub fn periods(&self, category: ConsentCategory) -> Vec<DatePeriod> {
        let mut spans: Vec<(NaiveDate, NaiveDate)> = self
            .grants
            .iter()
            .filter(|g| g.categories.contains(&category))
            .map(|g| (g.from, g.to))
            .collect();
        if let Some(p) = &self.previous {
            if p.categories.contains(&category) {
                spans.push((p.from, p.to));
            }
        }
        merge(spans)
    }

    /// Records per granted category, each with the periods that left
    /// (goals count definitions + check-ins).
    pub fn record_counts(&self) -> Vec<CategoryCount> {
        let prev = |c: ConsentCategory| {
            self.previous.as_ref().map_or(0, |p| match c {
                ConsentCategory::DoseLog => p.dose_log.len(),
                ConsentCategory::Mood => p.mood.len(),
                ConsentCategory::SideEffects => p.side_effects.len(),
                ConsentCategory::Questionnaires => p.questionnaires.len(),
                _ => 0,
            })
        };
        self.categories
            .iter()
            .map(|&category| {
                let n = match category {
                    ConsentCategory::MedicationList => self.medications.len(),
                    ConsentCategory::DoseLog => self.dose_log.len(),
                    ConsentCategory::Mood => self.mood.len(),
                    ConsentCategory::SideEffects => self.side_effects.len(),
                    ConsentCategory::Questionnaires => self.questionnaires.len(),
                    ConsentCategory::SubstanceUse => self.substance_use.len(),
                    ConsentCategory::Goals => self.goals.len() + self.goal_check_ins.len(),
                    ConsentCategory::ShareableNotes => self.notes.len(),
                    ConsentCategory::CarePlan => usize::from(self.care_plan.is_some()),
                } + prev(category);
                CategoryCount {
                    category,
                    count: u32::try_from(n).unwrap_or(u32::MAX),
                    periods: self.periods(category),
                }
            })
            .collect()
    }

    /// Every journal entry disclosed in the window, whatever its kind.
    pub fn journal_entries(&self) -> impl Iterator<Item = &JournalEntry> {
        self.mood
            .iter()
            .chain(&self.side_effects)
            .chain(&self.questionnaires)
            .chain(&self.substance_use)
            .chain(&self.goal_check_ins)
            .chain(&self.notes)
    }

    /// Categories not shared at all (for "not shared: ..." lines).
    pub fn not_shared(&self) -> Vec<ConsentCategory> {
        ConsentCategory::ALL
            .into_iter()
            .filter(|c| !self.has(*c))
            .collect()
    }
}

/// Merges overlapping or adjacent date spans, sorted.
fn merge(mut spans: Vec<(NaiveDate, NaiveDate)>) -> Vec<DatePeriod> {
    spans.sort();
    let mut out: Vec<DatePeriod> = Vec::new();
    for (from, to) in spans {
        match out.last_mut() {
            Some(last) if from <= last.to.succ_opt().unwrap_or(last.to) => {
                last.to = last.to.max(to);
            }
            _ => out.push(DatePeriod { from, to }),
        }
    }
    out
}

/// The union of the categories of `scopes`, sorted.
pub(crate) fn union_categories(scopes: &[GrantScope]) -> Vec<ConsentCategory> {
    scopes
        .iter()
        .flat_map(|s| s.categories.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}
