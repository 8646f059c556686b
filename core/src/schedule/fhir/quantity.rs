//! The FHIR R4 data types a dosage is made of ([`Quantity`], [`QuantityRatio`],
//! [`TypedQuantity`]) and the [`Dosage`] record itself, with reading and
//! writing one `Quantity`: shared by the dosage reader and the
//! `doseAndRate` reader, which build on these and not on each other.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::limits;
use crate::schedule::timing::Timing;

use super::json::{check_keys, decimal, join, number, object, string};

/// A FHIR `Quantity` (`SimpleQuantity`: no comparator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Quantity {
    /// The amount.
    pub value: f64,
    /// Human-readable unit.
    pub unit: Option<String>,
    /// Code system of `code` (usually UCUM).
    pub system: Option<String>,
    /// Coded unit.
    pub code: Option<String>,
}

impl Quantity {
    /// The unit to show: `unit`, else `code`.
    pub fn unit_text(&self) -> Option<&str> {
        self.unit.as_deref().or(self.code.as_deref())
    }
}

/// A FHIR `Ratio`, e.g. 1000 mg per 24 h.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct QuantityRatio {
    /// The amount.
    pub numerator: Quantity,
    /// The period (a quantity of time for `maxDosePerPeriod`).
    pub denominator: Quantity,
}

/// A dose written beside the ordered one (`doseAndRate` of another type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TypedQuantity {
    /// The `type`'s code (`calculated`, ...) or text; empty when untyped.
    pub kind: String,
    /// The dose.
    pub quantity: Quantity,
}

/// The parts of a FHIR R4 `Dosage` that schedules use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Dosage {
    /// Free-text instructions.
    pub text: Option<String>,
    /// When doses are due.
    pub timing: Option<Timing>,
    /// `asNeededBoolean` (or true when `asNeededCodeableConcept` is given).
    pub as_needed: bool,
    /// The reason of `asNeededCodeableConcept` (its text, else first display or code).
    pub as_needed_reason: Option<String>,
    /// `doseAndRate[0].doseQuantity`.
    pub dose: Option<Quantity>,
    /// `maxDosePerPeriod`.
    pub max_dose_per_period: Option<QuantityRatio>,
    /// `maxDosePerAdministration`.
    pub max_dose_per_administration: Option<Quantity>,
    /// `sequence`: the order of instructions taken one after the other.
    pub sequence: Option<u32>,
    /// `patientInstruction`.
    pub patient_instruction: Option<String>,
    /// The low end of a `doseRange` (then `dose` is its high end).
    pub dose_low: Option<Quantity>,
    /// The other `doseAndRate` entries, kept as information.
    pub information_doses: Vec<TypedQuantity>,
    /// `timing.code` (its first coding's code, else its text).
    pub timing_code: Option<String>,
}

pub(super) fn quantity(v: &Value, path: &str) -> Result<Quantity> {
    let o = object(v, path)?;
    check_keys(o, path, &["value", "unit", "system", "code"], false)?;
    let value =
        number(o, "value", path)?.ok_or_else(|| Error::invalid(join(path, "value"), "required"))?;
    if !(value.is_finite() && value >= 0.0) {
        return Err(Error::invalid(join(path, "value"), "must not be negative"));
    }
    let s = |k: &str| -> Result<Option<String>> {
        let v = string(o, k, path)?;
        if let Some(v) = v {
            limits::text(&join(path, k), v, 1, 200)?;
        }
        Ok(v.map(str::to_owned))
    };
    Ok(Quantity {
        value,
        unit: s("unit")?,
        system: s("system")?,
        code: s("code")?,
    })
}

pub(super) fn quantity_to_json(q: &Quantity) -> Value {
    let mut o = Map::new();
    o.insert("value".into(), decimal(q.value));
    for (k, v) in [("unit", &q.unit), ("system", &q.system), ("code", &q.code)] {
        if let Some(v) = v {
            o.insert(k.into(), v.clone().into());
        }
    }
    Value::Object(o)
}
