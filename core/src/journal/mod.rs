//! The journal: the person's own record of how things are going — mood, side
//! effects, substance use, PHQ-9 and GAD-7, progress on their goals, and free
//! notes — with safety escalation.
//!
//! This module holds the plain records and the pure engines (validation,
//! questionnaire scoring, escalation, daily summaries); the store
//! (`store::journal`) saves them with edit history and soft deletion.
//!
//! Every entry has an instant, the zone the person was in (which fixes its
//! local date for daily summaries), a kind-specific [`EntryDetail`], a note,
//! and links to goals. Its note is private unless the person marks that one
//! entry `shareable` (see [`note`]).

pub mod contacts;
pub mod escalation;
pub mod goals;
pub mod limits;
pub mod mood;
pub mod note;
pub mod questionnaire;
pub mod side_effect;
pub mod substance;
pub mod summary;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub use contacts::{CareContact, CareRole, CrisisResource, EscalationContacts};
pub use escalation::{
    evaluate, Escalation, EscalationAction, EscalationParameter, EscalationReason, EscalationRule,
    EscalationRuleInput, EscalationTrigger, MedicationOnDate,
};
pub use goals::{Goal, GoalCheckIn, GoalInput, LifeArea};
pub use mood::{valence_label, Mood, SUGGESTED_EMOTIONS};
pub use questionnaire::{
    score, Difficulty, Instrument, QuestionnaireAnswers, QuestionnaireScore, ScoredItem,
    SeverityBand,
};
pub use side_effect::{Severity, SideEffect, Symptom};
pub use substance::{Substance, SubstanceUse};
pub use summary::{DailySummary, SubstanceTotal};

/// The kinds of journal entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum EntryKind {
    /// A mood check-in.
    Mood,
    /// A side effect.
    SideEffect,
    /// Substance use.
    Substance,
    /// A PHQ-9 or GAD-7.
    Questionnaire,
    /// A progress rating on a goal.
    GoalCheckIn,
    /// A free note.
    Note,
}

impl EntryKind {
    /// Every kind.
    pub const ALL: [EntryKind; 6] = [
        EntryKind::Mood,
        EntryKind::SideEffect,
        EntryKind::Substance,
        EntryKind::Questionnaire,
        EntryKind::GoalCheckIn,
        EntryKind::Note,
    ];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Mood => "mood",
            EntryKind::SideEffect => "side_effect",
            EntryKind::Substance => "substance",
            EntryKind::Questionnaire => "questionnaire",
            EntryKind::GoalCheckIn => "goal_check_in",
            EntryKind::Note => "note",
        }
    }

    /// Parses a code produced by [`EntryKind::code`] (also with `-`).
    pub fn from_code(field: &str, code: &str) -> Result<EntryKind> {
        let code = code.trim().to_ascii_lowercase().replace('-', "_");
        EntryKind::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    "expected mood, side_effect, substance, questionnaire, goal_check_in or note",
                )
            })
    }

    /// The kind of a detail.
    pub fn of(detail: &EntryDetail) -> EntryKind {
        match detail {
            EntryDetail::Mood { .. } => EntryKind::Mood,
            EntryDetail::SideEffect { .. } => EntryKind::SideEffect,
            EntryDetail::Substance { .. } => EntryKind::Substance,
            EntryDetail::Questionnaire { .. } => EntryKind::Questionnaire,
            EntryDetail::GoalCheckIn { .. } => EntryKind::GoalCheckIn,
            EntryDetail::Note => EntryKind::Note,
        }
    }
}

/// What an entry records, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum EntryDetail {
    /// A mood check-in.
    Mood {
        /// The check-in.
        mood: Mood,
    },
    /// A side effect.
    SideEffect {
        /// The side effect.
        side_effect: SideEffect,
    },
    /// Substance use.
    Substance {
        /// The use.
        substance: SubstanceUse,
    },
    /// A PHQ-9 or GAD-7.
    Questionnaire {
        /// The answers (the score is computed: [`JournalEntry::score`]).
        questionnaire: QuestionnaireAnswers,
    },
    /// A progress rating on a goal.
    GoalCheckIn {
        /// The rating.
        check_in: GoalCheckIn,
    },
    /// A free note: the text is the entry's `note`.
    Note,
}

/// What the app sends to write (or edit) an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct JournalEntryInput {
    /// When it happened or was felt (UTC); at most 10 minutes in the future.
    pub occurred_at: DateTime<Utc>,
    /// The zone the person was in: fixes the entry's local date.
    pub zone: Tz,
    /// What it records.
    pub detail: EntryDetail,
    /// Free text, up to 10,000 characters (required for a note entry).
    /// Private unless `shareable`.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub note: String,
    /// Whether the person lets this entry's note leave the device (with
    /// consent, to the people they share with). False unless they say so.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub shareable: bool,
    /// Goals this entry relates to (ids), up to 10. A goal check-in is always
    /// linked to its goal.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub goal_ids: Vec<String>,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct JournalEntry {
    /// Stable id (a UUID).
    pub id: String,
    /// Its kind (the same as the detail's).
    pub kind: EntryKind,
    /// When it happened (UTC).
    pub occurred_at: DateTime<Utc>,
    /// The zone the person was in.
    pub zone: Tz,
    /// The local date in that zone: the day it counts for.
    pub local_date: NaiveDate,
    /// What it records.
    pub detail: EntryDetail,
    /// Free text; private unless `shareable`.
    pub note: String,
    /// Whether the note may leave the device.
    pub shareable: bool,
    /// Linked goals (ids).
    pub goal_ids: Vec<String>,
    /// For a questionnaire: its exact score, band and codes.
    pub score: Option<QuestionnaireScore>,
    /// 1 when written, +1 on every edit; earlier versions stay readable.
    pub version: u32,
    /// When it was first written (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last edited (UTC).
    pub updated_at: DateTime<Utc>,
}

/// An entry just written or edited, and the escalations it raised (empty
/// almost always). The app must show every escalation at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LoggedEntry {
    /// The stored entry.
    pub entry: JournalEntry,
    /// What the person should do now, most urgent first.
    pub escalations: Vec<Escalation>,
}

/// Which entries to list. Every filter is optional; results are newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct JournalQuery {
    /// First local date (inclusive).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub from: Option<NaiveDate>,
    /// Last local date (inclusive).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub to: Option<NaiveDate>,
    /// Only these kinds (empty: every kind).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub kinds: Vec<EntryKind>,
    /// Only side effects linked to this medication.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub medication_id: Option<String>,
    /// Only entries linked to this goal.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub goal_id: Option<String>,
    /// Where to continue: the `next_cursor` of the previous page.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (0: 50).
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub limit: u32,
}

/// One page of entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct JournalPage {
    /// Entries, newest first.
    pub entries: Vec<JournalEntry>,
    /// Pass as `cursor` for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// An id as stored (lower-case hyphenated UUID), or `InvalidInput`.
pub(crate) fn canonical_id(field: &str, id: &str) -> Result<String> {
    uuid::Uuid::parse_str(id.trim())
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| Error::invalid(field, "expected a UUID"))
}

/// An input checked and put in its stored form, ready for the store.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PreparedEntry {
    pub kind: EntryKind,
    pub occurred_at: DateTime<Utc>,
    pub zone: Tz,
    pub local_date: NaiveDate,
    pub detail: EntryDetail,
    pub note: String,
    pub shareable: bool,
    pub goal_ids: Vec<String>,
    pub score: Option<QuestionnaireScore>,
}

impl JournalEntryInput {
    /// Checks every field (the store then checks linked records exist) and
    /// returns the stored form: labels trimmed, ids canonical, score computed.
    pub(crate) fn prepare(&self, now: DateTime<Utc>) -> Result<PreparedEntry> {
        if self.occurred_at > now + Duration::minutes(limits::MAX_FUTURE_MINUTES) {
            return Err(Error::invalid(
                "journal.occurred_at",
                "must not be in the future",
            ));
        }
        if self.occurred_at.year() < 1900 {
            return Err(Error::invalid(
                "journal.occurred_at",
                "must be after the year 1900",
            ));
        }
        let mut score = None;
        let mut goal_ids = Vec::new();
        let detail = match &self.detail {
            EntryDetail::Mood { mood } => {
                mood.validate()?;
                EntryDetail::Mood {
                    mood: mood.normalised(),
                }
            }
            EntryDetail::SideEffect { side_effect } => {
                side_effect.validate()?;
                EntryDetail::SideEffect {
                    side_effect: side_effect.normalised(),
                }
            }
            EntryDetail::Substance { substance } => {
                substance.validate()?;
                EntryDetail::Substance {
                    substance: substance.normalised(),
                }
            }
            EntryDetail::Questionnaire { questionnaire } => {
                score = Some(questionnaire::score(questionnaire)?);
                self.detail.clone()
            }
            EntryDetail::GoalCheckIn { check_in } => {
                check_in.validate()?;
                let goal_id = canonical_id("journal.goal_check_in.goal_id", &check_in.goal_id)?;
                goal_ids.push(goal_id.clone());
                EntryDetail::GoalCheckIn {
                    check_in: GoalCheckIn {
                        goal_id,
                        rating: check_in.rating,
                    },
                }
            }
            EntryDetail::Note => EntryDetail::Note,
        };
        note::validate(&self.note, matches!(detail, EntryDetail::Note))?;
        if self.goal_ids.len() > limits::MAX_LINKED_GOALS {
            return Err(Error::invalid(
                "journal.goal_ids",
                format!("at most {} goals", limits::MAX_LINKED_GOALS),
            ));
        }
        for (i, id) in self.goal_ids.iter().enumerate() {
            let id = canonical_id(&format!("journal.goal_ids[{i}]"), id)?;
            if !goal_ids.contains(&id) {
                goal_ids.push(id);
            }
        }
        Ok(PreparedEntry {
            kind: EntryKind::of(&detail),
            occurred_at: self.occurred_at,
            zone: self.zone,
            local_date: self.occurred_at.with_timezone(&self.zone).date_naive(),
            detail,
            note: self.note.clone(),
            shareable: self.shareable,
            goal_ids,
            score,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 1, 3, 30, 0).unwrap()
    }

    fn input(detail: EntryDetail) -> JournalEntryInput {
        JournalEntryInput {
            occurred_at: now(),
            zone: chrono_tz::America::New_York,
            detail,
            note: String::new(),
            shareable: false,
            goal_ids: vec![],
        }
    }

    #[test]
    fn the_local_date_comes_from_the_zone_the_person_was_in() {
        // 03:30 UTC on 1 March is still 28 February in New York.
        let p = input(EntryDetail::Note);
        let p = JournalEntryInput {
            note: "slept badly".into(),
            ..p
        }
        .prepare(now())
        .unwrap();
        assert_eq!(p.local_date, NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
        assert_eq!(p.kind, EntryKind::Note);
        assert!(!p.shareable);
    }

    #[test]
    fn a_note_entry_needs_text_and_the_future_is_refused() {
        let e = input(EntryDetail::Note).prepare(now()).unwrap_err();
        assert!(e.to_string().contains("journal.note"));
        let later = JournalEntryInput {
            occurred_at: now() + Duration::hours(2),
            note: "x".into(),
            ..input(EntryDetail::Note)
        };
        let e = later.prepare(now()).unwrap_err();
        assert!(e.to_string().contains("journal.occurred_at"));
    }

    #[test]
    fn a_check_in_links_its_goal_and_ids_are_canonical() {
        let goal = "6F1C1E0E-1D7A-4A53-9C43-6F0E9B0C2A10";
        let p = JournalEntryInput {
            goal_ids: vec![goal.into()],
            ..input(EntryDetail::GoalCheckIn {
                check_in: GoalCheckIn {
                    goal_id: goal.into(),
                    rating: 6,
                },
            })
        }
        .prepare(now())
        .unwrap();
        assert_eq!(p.goal_ids, vec![goal.to_ascii_lowercase()]);
        let e = JournalEntryInput {
            goal_ids: vec!["sleep".into()],
            note: "x".into(),
            ..input(EntryDetail::Note)
        }
        .prepare(now())
        .unwrap_err();
        assert!(e.to_string().contains("journal.goal_ids[0]"));
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::from_code("k", k.code()).unwrap(), k);
        }
    }
}
