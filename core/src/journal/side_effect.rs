//! Side effects: what the person notices, how severe, since when, which
//! medication they link it to, how much it bothers them and whether the
//! prescriber knows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::limits::{self, MAX_LINKED_MEDICATIONS, MAX_SHORT_TEXT_CHARS};
use crate::error::{Error, Result};

/// A starter list of common side effects of psychotropic medication, plus
/// `Other` for anything else (described in the person's words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Symptom {
    /// Feeling sick.
    Nausea,
    /// Drowsiness, sedation during the day.
    Sleepiness,
    /// Trouble falling or staying asleep.
    Insomnia,
    /// Weight gain or loss.
    WeightChange,
    /// Lower desire, arousal or orgasm problems.
    SexualSideEffects,
    /// Inner restlessness, unable to sit still (akathisia).
    Restlessness,
    /// Shaking hands or body.
    Tremor,
    /// Dizziness or light-headedness.
    Dizziness,
    /// Headache.
    Headache,
    /// Skin rash (a red flag with some medications, e.g. lamotrigine).
    Rash,
    /// Dry mouth.
    DryMouth,
    /// Constipation.
    Constipation,
    /// Diarrhoea.
    Diarrhoea,
    /// Sweating more than usual.
    Sweating,
    /// Tiredness, low stamina.
    Fatigue,
    /// Eating much more or much less.
    AppetiteChange,
    /// Feeling emotionally flat or numb.
    EmotionalBlunting,
    /// Anything else: say what in `description`.
    Other,
}

impl Symptom {
    /// Every symptom of the starter list, `Other` last.
    pub const ALL: [Symptom; 18] = [
        Symptom::Nausea,
        Symptom::Sleepiness,
        Symptom::Insomnia,
        Symptom::WeightChange,
        Symptom::SexualSideEffects,
        Symptom::Restlessness,
        Symptom::Tremor,
        Symptom::Dizziness,
        Symptom::Headache,
        Symptom::Rash,
        Symptom::DryMouth,
        Symptom::Constipation,
        Symptom::Diarrhoea,
        Symptom::Sweating,
        Symptom::Fatigue,
        Symptom::AppetiteChange,
        Symptom::EmotionalBlunting,
        Symptom::Other,
    ];

    /// Stable snake_case code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            Symptom::Nausea => "nausea",
            Symptom::Sleepiness => "sleepiness",
            Symptom::Insomnia => "insomnia",
            Symptom::WeightChange => "weight_change",
            Symptom::SexualSideEffects => "sexual_side_effects",
            Symptom::Restlessness => "restlessness",
            Symptom::Tremor => "tremor",
            Symptom::Dizziness => "dizziness",
            Symptom::Headache => "headache",
            Symptom::Rash => "rash",
            Symptom::DryMouth => "dry_mouth",
            Symptom::Constipation => "constipation",
            Symptom::Diarrhoea => "diarrhoea",
            Symptom::Sweating => "sweating",
            Symptom::Fatigue => "fatigue",
            Symptom::AppetiteChange => "appetite_change",
            Symptom::EmotionalBlunting => "emotional_blunting",
            Symptom::Other => "other",
        }
    }

    /// Parses a code produced by [`Symptom::code`] (also with `-` for `_`).
    pub fn from_code(field: &str, code: &str) -> Result<Symptom> {
        let code = code.trim().to_ascii_lowercase().replace('-', "_");
        Symptom::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| {
                let all: Vec<&str> = Symptom::ALL.iter().map(|s| s.code()).collect();
                Error::invalid(
                    field,
                    format!("unknown symptom; one of: {}", all.join(", ")),
                )
            })
    }

    /// Plain-English name, lower case ("dry mouth").
    pub fn label(self) -> &'static str {
        match self {
            Symptom::WeightChange => "weight change",
            Symptom::SexualSideEffects => "sexual side effects",
            Symptom::DryMouth => "dry mouth",
            Symptom::AppetiteChange => "appetite change",
            Symptom::EmotionalBlunting => "emotional blunting",
            Symptom::Other => "other side effect",
            s => s.code(),
        }
    }
}

/// How severe a side effect is. Ordered: `None < Mild < Moderate < Severe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Severity {
    /// Not (or no longer) there.
    None,
    /// Noticeable, does not get in the way.
    Mild,
    /// Gets in the way of daily life.
    Moderate,
    /// Stops the person doing things, or frightening.
    Severe,
}

impl Severity {
    /// Every level, mildest first.
    pub const ALL: [Severity; 4] = [
        Severity::None,
        Severity::Mild,
        Severity::Moderate,
        Severity::Severe,
    ];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Mild => "mild",
            Severity::Moderate => "moderate",
            Severity::Severe => "severe",
        }
    }

    /// Parses a code produced by [`Severity::code`].
    pub fn from_code(field: &str, code: &str) -> Result<Severity> {
        let code = code.trim().to_ascii_lowercase();
        Severity::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| Error::invalid(field, "expected none, mild, moderate or severe"))
    }

    /// 0 (none) to 3 (severe), as stored for summaries.
    pub fn rank(self) -> u32 {
        self as u32
    }

    /// The level of a stored rank (`None`: not one [`Severity::rank`] gives).
    pub(crate) fn from_rank(rank: i64) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|s| i64::from(s.rank()) == rank)
    }
}

/// "How much does it bother you?" is rated from 0 (not at all) to this.
pub const BOTHER_MAX: u32 = 10;

/// One side effect, as an episode: it can be logged when it starts and edited
/// (history kept) when it changes or resolves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SideEffect {
    /// What it is.
    pub symptom: Symptom,
    /// The person's words, up to 200 characters; required for `Other`.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub description: String,
    /// How severe it is now.
    pub severity: Severity,
    /// Local date it started, if known.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub started_on: Option<NaiveDate>,
    /// Local date it went away; `None` while it is still there.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub resolved_on: Option<NaiveDate>,
    /// The medications the person thinks cause it (ids), up to 20.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub medication_ids: Vec<String>,
    /// How much it bothers the person, 0 (not at all) to 10 (very much).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub bother: Option<u32>,
    /// Whether the prescriber already knows about it.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub prescriber_knows: bool,
}

impl SideEffect {
    /// Checks every field except that the medications exist (the store does).
    pub fn validate(&self) -> Result<()> {
        let min = usize::from(self.symptom == Symptom::Other);
        crate::limits::text(
            "journal.side_effect.description",
            &self.description,
            min,
            MAX_SHORT_TEXT_CHARS,
        )
        .map_err(|e| match (&e, min) {
            (Error::InvalidInput { field, reason }, 1) if reason == "must not be empty" => {
                Error::invalid(
                    field.clone(),
                    "say what the side effect is when it is `other`",
                )
            }
            _ => e,
        })?;
        if let (Some(start), Some(end)) = (self.started_on, self.resolved_on) {
            if end < start {
                return Err(Error::invalid(
                    "journal.side_effect.resolved_on",
                    "must not be before the day it started",
                ));
            }
        }
        if self.medication_ids.len() > MAX_LINKED_MEDICATIONS {
            return Err(Error::invalid(
                "journal.side_effect.medication_ids",
                format!("at most {MAX_LINKED_MEDICATIONS} medications"),
            ));
        }
        for (i, id) in self.medication_ids.iter().enumerate() {
            super::canonical_id(&format!("journal.side_effect.medication_ids[{i}]"), id)?;
        }
        limits::in_range("journal.side_effect.bother", self.bother, 0, BOTHER_MAX)?;
        Ok(())
    }

    /// Whether it is still there: not resolved and not rated `none`.
    pub fn is_open(&self) -> bool {
        self.resolved_on.is_none() && self.severity > Severity::None
    }

    /// What to call it in a sentence: the person's words for `Other`, else the
    /// starter-list name.
    pub fn name(&self) -> String {
        if self.symptom == Symptom::Other {
            self.description.trim().to_string()
        } else {
            self.symptom.label().to_string()
        }
    }

    /// The same side effect with its ids de-duplicated and text trimmed.
    pub(crate) fn normalised(&self) -> SideEffect {
        let mut ids: Vec<String> = Vec::with_capacity(self.medication_ids.len());
        for id in &self.medication_ids {
            let id = super::canonical_id("", id).unwrap_or_else(|_| id.clone());
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        SideEffect {
            description: self.description.trim().to_string(),
            medication_ids: ids,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rash() -> SideEffect {
        SideEffect {
            symptom: Symptom::Rash,
            description: String::new(),
            severity: Severity::Mild,
            started_on: NaiveDate::from_ymd_opt(2027, 3, 1),
            resolved_on: None,
            medication_ids: vec![],
            bother: Some(4),
            prescriber_knows: false,
        }
    }

    fn field(s: SideEffect) -> String {
        match s.validate() {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn other_needs_the_persons_words() {
        let other = SideEffect {
            symptom: Symptom::Other,
            ..rash()
        };
        assert_eq!(field(other.clone()), "journal.side_effect.description");
        let named = SideEffect {
            description: "  jaw clenching ".into(),
            ..other
        };
        assert!(named.validate().is_ok());
        assert_eq!(named.normalised().name(), "jaw clenching");
        assert_eq!(rash().name(), "rash");
    }

    #[test]
    fn dates_bother_and_links_are_checked() {
        let s = SideEffect {
            resolved_on: NaiveDate::from_ymd_opt(2027, 2, 28),
            ..rash()
        };
        assert_eq!(field(s), "journal.side_effect.resolved_on");
        assert_eq!(
            field(SideEffect {
                bother: Some(11),
                ..rash()
            }),
            "journal.side_effect.bother"
        );
        assert_eq!(
            field(SideEffect {
                medication_ids: vec!["lamotrigine".into()],
                ..rash()
            }),
            "journal.side_effect.medication_ids[0]"
        );
    }

    #[test]
    fn severity_is_ordered_and_open_means_still_there() {
        assert!(Severity::None < Severity::Mild && Severity::Moderate < Severity::Severe);
        assert!(rash().is_open());
        assert!(!SideEffect {
            severity: Severity::None,
            ..rash()
        }
        .is_open());
        assert!(!SideEffect {
            resolved_on: NaiveDate::from_ymd_opt(2027, 3, 2),
            ..rash()
        }
        .is_open());
        for s in Severity::ALL {
            assert_eq!(Severity::from_rank(i64::from(s.rank())), Some(s));
            assert_eq!(Severity::from_code("x", s.code()).unwrap(), s);
        }
        for s in Symptom::ALL {
            assert_eq!(Symptom::from_code("x", s.code()).unwrap(), s);
        }
        assert_eq!(
            Symptom::from_code("x", "dry-mouth").unwrap(),
            Symptom::DryMouth
        );
    }
}
