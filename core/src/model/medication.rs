//! Medications: what the person takes, as the prescriber described it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::limits;

/// The physical form of a medication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DoseForm {
    /// Tablet.
    Tablet,
    /// Capsule.
    Capsule,
    /// Oral liquid.
    Liquid,
    /// Injection.
    Injection,
    /// Skin patch.
    Patch,
    /// Inhaler.
    Inhaler,
    /// Drops.
    Drops,
    /// Anything else.
    Other,
}

impl DoseForm {
    /// Every form.
    pub const ALL: [DoseForm; 8] = [
        DoseForm::Tablet,
        DoseForm::Capsule,
        DoseForm::Liquid,
        DoseForm::Injection,
        DoseForm::Patch,
        DoseForm::Inhaler,
        DoseForm::Drops,
        DoseForm::Other,
    ];

    /// Stable snake_case code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            DoseForm::Tablet => "tablet",
            DoseForm::Capsule => "capsule",
            DoseForm::Liquid => "liquid",
            DoseForm::Injection => "injection",
            DoseForm::Patch => "patch",
            DoseForm::Inhaler => "inhaler",
            DoseForm::Drops => "drops",
            DoseForm::Other => "other",
        }
    }

    /// Parses a code produced by [`DoseForm::code`].
    pub fn from_code(field: &str, code: &str) -> Result<DoseForm> {
        DoseForm::ALL
            .into_iter()
            .find(|f| f.code() == code)
            .ok_or_else(|| {
                let all: Vec<&str> = DoseForm::ALL.iter().map(|f| f.code()).collect();
                Error::invalid(
                    field,
                    format!("unknown dose form; one of: {}", all.join(", ")),
                )
            })
    }
}

/// Whether the person is currently on the medication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MedicationStatus {
    /// Currently taken.
    Active,
    /// Stopped (kept for history and reports).
    Stopped,
}

/// The labelled strength of one unit, e.g. 50 mg per tablet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Strength {
    /// Amount per unit, greater than zero.
    pub amount: f64,
    /// Unit of the amount, e.g. `mg`.
    pub unit: String,
}

/// When the medication usually starts to help, in days since starting,
/// e.g. 14 to 42 days for "2-6 weeks".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OnsetWindow {
    /// Earliest usual onset, in days.
    pub min_days: u32,
    /// Latest usual onset, in days.
    pub max_days: u32,
}

impl OnsetWindow {
    /// Parses "2-6 weeks", "10-14 days", "1 week".
    pub fn parse(field: &str, text: &str) -> Result<OnsetWindow> {
        let bad = || {
            Error::invalid(
                field,
                "expected a window such as `2-6 weeks` or `10-14 days`",
            )
        };
        let text = text.trim().to_ascii_lowercase();
        let (range, unit) = text.rsplit_once(' ').ok_or_else(bad)?;
        let per = match unit.trim_end_matches('s') {
            "day" => 1,
            "week" => 7,
            "month" => 30,
            _ => return Err(bad()),
        };
        let (lo, hi) = match range.split_once('-') {
            Some((lo, hi)) => (lo.trim(), hi.trim()),
            None => (range.trim(), range.trim()),
        };
        let lo: u32 = lo.parse().map_err(|_| bad())?;
        let hi: u32 = hi.parse().map_err(|_| bad())?;
        let w = OnsetWindow {
            min_days: lo.checked_mul(per).ok_or_else(bad)?,
            max_days: hi.checked_mul(per).ok_or_else(bad)?,
        };
        w.validate(field)?;
        Ok(w)
    }

    fn validate(&self, field: &str) -> Result<()> {
        if self.min_days > self.max_days {
            return Err(Error::invalid(
                field,
                "the earliest onset is after the latest",
            ));
        }
        if self.max_days > limits::MAX_ONSET_DAYS {
            return Err(Error::invalid(field, "onset windows are at most 3650 days"));
        }
        Ok(())
    }
}

/// What the app sends to add or edit a medication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MedicationInput {
    /// Name as on the label, e.g. "Sertraline". 1 to 200 characters.
    pub name: String,
    /// Strength per unit, if known.
    pub strength: Option<Strength>,
    /// Physical form.
    pub form: DoseForm,
    /// How to take it ("with food"), up to 2000 characters.
    pub instructions: String,
    /// The prescriber's notes for the person, up to 2000 characters.
    pub prescriber_notes: String,
    /// When it usually starts to help.
    pub expected_onset: Option<OnsetWindow>,
    /// The local date the person started it.
    pub started_on: Option<NaiveDate>,
}

impl MedicationInput {
    /// Checks every field; the error names the first field that is wrong.
    pub fn validate(&self) -> Result<()> {
        limits::text("medication.name", &self.name, 1, limits::MAX_NAME_CHARS)?;
        limits::text(
            "medication.instructions",
            &self.instructions,
            0,
            limits::MAX_TEXT_CHARS,
        )?;
        limits::text(
            "medication.prescriber_notes",
            &self.prescriber_notes,
            0,
            limits::MAX_TEXT_CHARS,
        )?;
        if let Some(s) = &self.strength {
            if !(s.amount.is_finite() && s.amount > 0.0 && s.amount <= limits::MAX_DOSE_AMOUNT) {
                return Err(Error::invalid(
                    "medication.strength.amount",
                    "must be a number greater than zero and at most 1000000",
                ));
            }
            limits::text(
                "medication.strength.unit",
                &s.unit,
                1,
                limits::MAX_UNIT_CHARS,
            )?;
        }
        if let Some(w) = &self.expected_onset {
            w.validate("medication.expected_onset")?;
        }
        Ok(())
    }
}

/// A stored medication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Medication {
    /// Stable id (a UUID), the same on every device.
    pub id: String,
    /// Name as on the label.
    pub name: String,
    /// Strength per unit.
    pub strength: Option<Strength>,
    /// Physical form.
    pub form: DoseForm,
    /// How to take it.
    pub instructions: String,
    /// The prescriber's notes.
    pub prescriber_notes: String,
    /// When it usually starts to help.
    pub expected_onset: Option<OnsetWindow>,
    /// Active or stopped.
    pub status: MedicationStatus,
    /// Local date started.
    pub started_on: Option<NaiveDate>,
    /// Local date stopped.
    pub stopped_on: Option<NaiveDate>,
    /// When the record was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the record last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MedicationInput {
        MedicationInput {
            name: "Sertraline".into(),
            strength: Some(Strength {
                amount: 50.0,
                unit: "mg".into(),
            }),
            form: DoseForm::Tablet,
            instructions: "With breakfast".into(),
            prescriber_notes: String::new(),
            expected_onset: Some(OnsetWindow {
                min_days: 14,
                max_days: 42,
            }),
            started_on: None,
        }
    }

    #[test]
    fn onset_window_reads_the_way_prescribers_write_it() {
        assert_eq!(
            OnsetWindow::parse("o", "2-6 weeks").unwrap(),
            OnsetWindow {
                min_days: 14,
                max_days: 42
            }
        );
        assert_eq!(
            OnsetWindow::parse("o", "10-14 days").unwrap(),
            OnsetWindow {
                min_days: 10,
                max_days: 14
            }
        );
        assert_eq!(
            OnsetWindow::parse("o", "1 week").unwrap(),
            OnsetWindow {
                min_days: 7,
                max_days: 7
            }
        );
        assert!(OnsetWindow::parse("o", "6-2 weeks").is_err());
        assert!(OnsetWindow::parse("o", "soon").is_err());
    }

    #[test]
    fn validation_names_the_field() {
        assert!(input().validate().is_ok());
        let mut m = input();
        m.name = "  ".into();
        assert!(m
            .validate()
            .unwrap_err()
            .to_string()
            .contains("medication.name"));
        let mut m = input();
        m.strength = Some(Strength {
            amount: f64::NAN,
            unit: "mg".into(),
        });
        assert!(m
            .validate()
            .unwrap_err()
            .to_string()
            .contains("strength.amount"));
        let mut m = input();
        m.instructions = "x".repeat(limits::MAX_TEXT_CHARS + 1);
        assert!(m
            .validate()
            .unwrap_err()
            .to_string()
            .contains("instructions"));
    }
}
