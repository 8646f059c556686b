//! [`Dose`]: an amount of a medication, the plain type plans, prescribed
//! details, logs and limits share, and its check.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::limits;
use crate::text::SmallString;

/// An amount of a medication, e.g. 50 mg or 2 tablets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Dose {
    /// Amount, greater than zero.
    pub amount: f64,
    /// Unit, e.g. `mg` or `tablet` (1 to 32 characters).
    pub unit: SmallString,
}

impl Dose {
    /// A dose of `amount` `unit`.
    pub fn new(amount: f64, unit: impl Into<SmallString>) -> Dose {
        Dose {
            amount,
            unit: unit.into(),
        }
    }
}

impl Dose {
    /// Checks the dose: an amount greater than zero, a unit of 1 to 32
    /// characters. Errors name `{at}.amount` or `{at}.unit`.
    pub fn validate(&self, at: &str) -> Result<()> {
        if !(self.amount.is_finite() && self.amount > 0.0) {
            return Err(Error::invalid(
                format!("{at}.amount"),
                "must be a number greater than zero",
            ));
        }
        limits::text(&format!("{at}.unit"), &self.unit, 1, limits::MAX_UNIT_CHARS)
    }
}
