//! Consent grants: who may see which categories of data, for which period,
//! until when, and why. Deny by default: without an active grant nothing is
//! disclosed. Revoking is one call and takes effect at once; the grant stays
//! in the history. An expired grant acts as revoked.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::limits::text;

/// A category of data a grant may cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ConsentCategory {
    /// Medications and their dosing plans.
    MedicationList,
    /// The dose log and adherence.
    DoseLog,
    /// Mood check-ins.
    Mood,
    /// Side effects.
    SideEffects,
    /// PHQ-9 and GAD-7.
    Questionnaires,
    /// Substance use.
    SubstanceUse,
    /// Goals and goal check-ins.
    Goals,
    /// Notes the person marked shareable (private notes never leave).
    ShareableNotes,
    /// The care plan.
    CarePlan,
}

impl ConsentCategory {
    /// Every category.
    pub const ALL: [ConsentCategory; 9] = [
        ConsentCategory::MedicationList,
        ConsentCategory::DoseLog,
        ConsentCategory::Mood,
        ConsentCategory::SideEffects,
        ConsentCategory::Questionnaires,
        ConsentCategory::SubstanceUse,
        ConsentCategory::Goals,
        ConsentCategory::ShareableNotes,
        ConsentCategory::CarePlan,
    ];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            ConsentCategory::MedicationList => "medication_list",
            ConsentCategory::DoseLog => "dose_log",
            ConsentCategory::Mood => "mood",
            ConsentCategory::SideEffects => "side_effects",
            ConsentCategory::Questionnaires => "questionnaires",
            ConsentCategory::SubstanceUse => "substance_use",
            ConsentCategory::Goals => "goals",
            ConsentCategory::ShareableNotes => "shareable_notes",
            ConsentCategory::CarePlan => "care_plan",
        }
    }

    /// The category in plain words, for people ("dose log", "journal
    /// notes").
    pub fn label(self) -> &'static str {
        match self {
            ConsentCategory::MedicationList => "medication list",
            ConsentCategory::DoseLog => "dose log",
            ConsentCategory::Mood => "mood",
            ConsentCategory::SideEffects => "side effects",
            ConsentCategory::Questionnaires => "questionnaires",
            ConsentCategory::SubstanceUse => "substance use",
            ConsentCategory::Goals => "goals",
            ConsentCategory::ShareableNotes => "journal notes",
            ConsentCategory::CarePlan => "care plan",
        }
    }

    /// Parses a code (also with `-`; `medications`, `notes` accepted).
    pub fn from_code(field: &str, code: &str) -> Result<ConsentCategory> {
        let c = code.trim().to_ascii_lowercase().replace('-', "_");
        let c = match c.as_str() {
            "medications" => "medication_list",
            "notes" => "shareable_notes",
            "adherence" => "dose_log",
            other => other,
        };
        ConsentCategory::ALL
            .into_iter()
            .find(|k| k.code() == c)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    "expected medication_list, dose_log, mood, side_effects, questionnaires, \
                     substance_use, goals, shareable_notes or care_plan",
                )
            })
    }
}

/// What a grant allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum GrantKind {
    /// The listed categories of data for the data period.
    Data,
    /// Missed-dose alerts and nothing else (for a caregiver): no categories,
    /// no data in bundles or exports.
    AlertOnly,
}

impl GrantKind {
    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            GrantKind::Data => "data",
            GrantKind::AlertOnly => "alert_only",
        }
    }

    /// Parses a stored code (`None`: not one [`GrantKind::code`] gives).
    pub(crate) fn from_stored(code: &str) -> Option<GrantKind> {
        [GrantKind::Data, GrantKind::AlertOnly]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// Where a grant stands at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum GrantStatus {
    /// In force.
    Active,
    /// Revoked by the person.
    Revoked,
    /// Past its expiry (acts as revoked).
    Expired,
}

/// What the app sends to grant consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConsentGrantInput {
    /// The member (id).
    pub member_id: String,
    /// Data or alert-only.
    pub kind: GrantKind,
    /// The categories (at least one for a data grant; none for alert-only).
    pub categories: Vec<ConsentCategory>,
    /// First day of data covered (inclusive).
    pub data_from: NaiveDate,
    /// Last day of data covered (inclusive); `None`: up to the day of each
    /// disclosure.
    pub data_to: Option<NaiveDate>,
    /// When the grant ends by itself; `None`: until revoked.
    pub expires_at: Option<DateTime<Utc>>,
    /// Why, in the person's words (up to 500 characters).
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub purpose: String,
}

impl ConsentGrantInput {
    /// Checks every field; returns the categories sorted and deduplicated.
    pub fn normalised(&self, now: DateTime<Utc>) -> Result<ConsentGrantInput> {
        let mut categories = self.categories.clone();
        categories.sort();
        categories.dedup();
        match self.kind {
            GrantKind::Data if categories.is_empty() => {
                return Err(Error::invalid(
                    "consent.categories",
                    "a data grant needs at least one category",
                ))
            }
            GrantKind::AlertOnly if !categories.is_empty() => {
                return Err(Error::invalid(
                    "consent.categories",
                    "an alert-only grant covers no data categories",
                ))
            }
            _ => {}
        }
        if self.data_to.is_some_and(|t| t < self.data_from) {
            return Err(Error::invalid(
                "consent.data_to",
                "must not be before `data_from`",
            ));
        }
        if self.expires_at.is_some_and(|e| e <= now) {
            return Err(Error::invalid(
                "consent.expires_at",
                "must be in the future",
            ));
        }
        let purpose = self.purpose.trim().to_string();
        text("consent.purpose", &purpose, 0, 500)?;
        Ok(ConsentGrantInput {
            categories,
            purpose,
            ..self.clone()
        })
    }
}

/// A stored grant (kept after revocation or expiry: the grant history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConsentGrant {
    /// Stable id (a UUID).
    pub id: String,
    /// The member (id).
    pub member_id: String,
    /// Data or alert-only.
    pub kind: GrantKind,
    /// The categories covered.
    pub categories: Vec<ConsentCategory>,
    /// First day of data covered.
    pub data_from: NaiveDate,
    /// Last day of data covered (`None`: open).
    pub data_to: Option<NaiveDate>,
    /// When it ends by itself.
    pub expires_at: Option<DateTime<Utc>>,
    /// Why.
    pub purpose: String,
    /// When granted.
    pub granted_at: DateTime<Utc>,
    /// When revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Its status when it was read.
    pub status: GrantStatus,
}

impl ConsentGrant {
    /// Its status at `now`: revoked wins over expired; a grant is active only
    /// from the instant it was granted.
    pub fn status_at(&self, now: DateTime<Utc>) -> GrantStatus {
        // A revocation is absolute: revoked for every `now`, even one a
        // clock set back puts before it.
        if self.revoked_at.is_some() {
            GrantStatus::Revoked
        } else if self.expires_at.is_some_and(|e| e <= now) || self.granted_at > now {
            GrantStatus::Expired
        } else {
            GrantStatus::Active
        }
    }

    /// Whether it is in force at `now`.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.status_at(now) == GrantStatus::Active
    }

    /// The data days it covers within `from..=to` at `now` (`None`: none).
    /// An open end stops at `now`'s date.
    pub fn covered_period(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Option<(NaiveDate, NaiveDate)> {
        if !self.is_active(now) || self.kind != GrantKind::Data {
            return None;
        }
        let start = self.data_from.max(from);
        let end = self.data_to.unwrap_or(now.date_naive()).min(to);
        (start <= end).then_some((start, end))
    }
}
