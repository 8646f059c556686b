//! Substance use: alcohol, cannabis, caffeine, nicotine and others, with an
//! amount, so interactions can be discussed with the prescriber.

use serde::{Deserialize, Serialize};

use super::limits::{MAX_AMOUNT, MAX_SHORT_TEXT_CHARS, MAX_UNIT_CHARS};
use crate::error::{Error, Result};
use crate::limits::text;

/// What was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Substance {
    /// Alcohol (amount usually in standard drinks).
    Alcohol,
    /// Cannabis.
    Cannabis,
    /// Caffeine (coffee, tea, energy drinks).
    Caffeine,
    /// Nicotine (cigarettes, vapes, pouches).
    Nicotine,
    /// Anything else: name it in `name`.
    Other,
}

impl Substance {
    /// Every substance kind.
    pub const ALL: [Substance; 5] = [
        Substance::Alcohol,
        Substance::Cannabis,
        Substance::Caffeine,
        Substance::Nicotine,
        Substance::Other,
    ];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            Substance::Alcohol => "alcohol",
            Substance::Cannabis => "cannabis",
            Substance::Caffeine => "caffeine",
            Substance::Nicotine => "nicotine",
            Substance::Other => "other",
        }
    }

    /// Parses a code produced by [`Substance::code`].
    pub fn from_code(field: &str, code: &str) -> Result<Substance> {
        let code = code.trim().to_ascii_lowercase();
        Substance::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    "expected alcohol, cannabis, caffeine, nicotine or other",
                )
            })
    }
}

/// One use of a substance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SubstanceUse {
    /// What kind.
    pub substance: Substance,
    /// What exactly, up to 200 characters ("oat latte", "kratom"); required
    /// for `Other`.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub name: String,
    /// How much, greater than zero, in `unit`.
    pub amount: f64,
    /// The unit of `amount`: "standard drinks", "cups", "mg", "cigarettes";
    /// 1 to 32 characters.
    pub unit: String,
}

impl SubstanceUse {
    /// Checks every field; the error names the first field that is wrong.
    pub fn validate(&self) -> Result<()> {
        let min = usize::from(self.substance == Substance::Other);
        text(
            "journal.substance.name",
            &self.name,
            min,
            MAX_SHORT_TEXT_CHARS,
        )
        .map_err(|e| {
            if min == 1 && self.name.trim().is_empty() {
                Error::invalid(
                    "journal.substance.name",
                    "name the substance when it is `other`",
                )
            } else {
                e
            }
        })?;
        if !(self.amount.is_finite() && self.amount > 0.0 && self.amount <= MAX_AMOUNT) {
            return Err(Error::invalid(
                "journal.substance.amount",
                "must be a number greater than zero and at most 100000",
            ));
        }
        text("journal.substance.unit", &self.unit, 1, MAX_UNIT_CHARS)?;
        Ok(())
    }

    /// The same use with its text trimmed.
    pub(crate) fn normalised(&self) -> SubstanceUse {
        SubstanceUse {
            name: self.name.trim().to_string(),
            unit: self.unit.trim().to_string(),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wine() -> SubstanceUse {
        SubstanceUse {
            substance: Substance::Alcohol,
            name: "red wine".into(),
            amount: 2.0,
            unit: "standard drinks".into(),
        }
    }

    fn field(s: SubstanceUse) -> String {
        match s.validate() {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn amounts_must_be_real_quantities_in_a_unit() {
        assert!(wine().validate().is_ok());
        assert_eq!(
            field(SubstanceUse {
                amount: 0.0,
                ..wine()
            }),
            "journal.substance.amount"
        );
        assert_eq!(
            field(SubstanceUse {
                amount: f64::INFINITY,
                ..wine()
            }),
            "journal.substance.amount"
        );
        assert_eq!(
            field(SubstanceUse {
                unit: " ".into(),
                ..wine()
            }),
            "journal.substance.unit"
        );
        assert_eq!(
            field(SubstanceUse {
                substance: Substance::Other,
                name: String::new(),
                ..wine()
            }),
            "journal.substance.name"
        );
        for s in Substance::ALL {
            assert_eq!(Substance::from_code("x", s.code()).unwrap(), s);
        }
    }
}
