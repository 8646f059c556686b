//! Mood check-ins: how the person feels (valence), energy, anxiety, last
//! night's sleep, and optional emotion labels and tags.

use serde::{Deserialize, Serialize};

use super::limits;
use crate::error::{Error, Result};

/// The lowest valence: "very unpleasant".
pub const VALENCE_MIN: i32 = -3;
/// The highest valence: "very pleasant".
pub const VALENCE_MAX: i32 = 3;
/// Energy and anxiety are rated from 0 (none) to this.
pub const RATING_MAX: u32 = 10;
/// Sleep quality is rated from 1 (very poor) to this (very good).
pub const SLEEP_QUALITY_MAX: u32 = 5;
/// Hours of sleep reported for one night, at most.
pub const SLEEP_HOURS_MAX: f64 = 24.0;

/// Emotion labels the apps offer first (the person may type others).
pub const SUGGESTED_EMOTIONS: [&str; 20] = [
    "calm",
    "content",
    "hopeful",
    "grateful",
    "proud",
    "happy",
    "energised",
    "relieved",
    "tired",
    "bored",
    "numb",
    "lonely",
    "sad",
    "guilty",
    "ashamed",
    "worried",
    "anxious",
    "irritable",
    "angry",
    "overwhelmed",
];

/// One mood check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Mood {
    /// How pleasant the person feels, -3 (very unpleasant) to 3 (very
    /// pleasant); 0 is neutral. A 7-step scale, like the phones' own mood logs.
    pub valence: i32,
    /// Energy, 0 (none) to 10 (lots).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub energy: Option<u32>,
    /// Anxiety, 0 (none) to 10 (extreme).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub anxiety: Option<u32>,
    /// Hours slept last night, 0 to 24.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub sleep_hours: Option<f64>,
    /// Sleep quality last night, 1 (very poor) to 5 (very good).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub sleep_quality: Option<u32>,
    /// Emotion labels ("calm", "worried"; see [`SUGGESTED_EMOTIONS`]), up to
    /// 20 of up to 40 characters. Stored trimmed, without repeats.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub emotions: Vec<String>,
    /// The person's own tags ("work", "period", "argument"), same limits.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tags: Vec<String>,
}

/// The plain-English label of a valence step.
pub fn valence_label(valence: i32) -> &'static str {
    match valence {
        i32::MIN..=-3 => "very unpleasant",
        -2 => "unpleasant",
        -1 => "slightly unpleasant",
        0 => "neutral",
        1 => "slightly pleasant",
        2 => "pleasant",
        _ => "very pleasant",
    }
}

impl Mood {
    /// Checks every field; the error names the first field that is wrong.
    pub fn validate(&self) -> Result<()> {
        if !(VALENCE_MIN..=VALENCE_MAX).contains(&self.valence) {
            return Err(Error::invalid(
                "journal.mood.valence",
                format!("must be between {VALENCE_MIN} and {VALENCE_MAX}"),
            ));
        }
        limits::in_range("journal.mood.energy", self.energy, 0, RATING_MAX)?;
        limits::in_range("journal.mood.anxiety", self.anxiety, 0, RATING_MAX)?;
        if let Some(h) = self.sleep_hours {
            if !(h.is_finite() && (0.0..=SLEEP_HOURS_MAX).contains(&h)) {
                return Err(Error::invalid(
                    "journal.mood.sleep_hours",
                    "must be a number of hours between 0 and 24",
                ));
            }
        }
        limits::in_range(
            "journal.mood.sleep_quality",
            self.sleep_quality,
            1,
            SLEEP_QUALITY_MAX,
        )?;
        limits::labels("journal.mood.emotions", &self.emotions)?;
        limits::labels("journal.mood.tags", &self.tags)?;
        Ok(())
    }

    /// The same check-in with its labels trimmed and de-duplicated.
    pub(crate) fn normalised(&self) -> Mood {
        Mood {
            emotions: limits::normalise_labels(&self.emotions),
            tags: limits::normalise_labels(&self.tags),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mood() -> Mood {
        Mood {
            valence: 1,
            energy: Some(6),
            anxiety: Some(3),
            sleep_hours: Some(7.5),
            sleep_quality: Some(4),
            emotions: vec!["calm".into()],
            tags: vec![],
        }
    }

    #[test]
    fn every_scale_edge_is_accepted_and_one_past_it_refused() {
        for v in VALENCE_MIN..=VALENCE_MAX {
            assert!(Mood {
                valence: v,
                ..mood()
            }
            .validate()
            .is_ok());
        }
        let field = |m: Mood| match m.validate() {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        };
        assert_eq!(
            field(Mood {
                valence: 4,
                ..mood()
            }),
            "journal.mood.valence"
        );
        assert_eq!(
            field(Mood {
                valence: -4,
                ..mood()
            }),
            "journal.mood.valence"
        );
        assert_eq!(
            field(Mood {
                energy: Some(11),
                ..mood()
            }),
            "journal.mood.energy"
        );
        assert_eq!(
            field(Mood {
                anxiety: Some(11),
                ..mood()
            }),
            "journal.mood.anxiety"
        );
        assert_eq!(
            field(Mood {
                sleep_hours: Some(24.5),
                ..mood()
            }),
            "journal.mood.sleep_hours"
        );
        assert_eq!(
            field(Mood {
                sleep_hours: Some(f64::NAN),
                ..mood()
            }),
            "journal.mood.sleep_hours"
        );
        assert_eq!(
            field(Mood {
                sleep_quality: Some(0),
                ..mood()
            }),
            "journal.mood.sleep_quality"
        );
        assert!(Mood {
            sleep_hours: Some(0.0),
            sleep_quality: Some(5),
            ..mood()
        }
        .validate()
        .is_ok());
    }

    #[test]
    fn labels_are_stored_clean() {
        let m = Mood {
            emotions: vec![" Calm ".into(), "calm".into(), "hopeful".into()],
            ..mood()
        };
        assert_eq!(m.normalised().emotions, vec!["Calm", "hopeful"]);
        assert_eq!(valence_label(-3), "very unpleasant");
        assert_eq!(valence_label(0), "neutral");
        assert_eq!(valence_label(3), "very pleasant");
    }
}
