//! The set-up form's typed fields, read once by the core: the name, the
//! strength and the dose as the person typed them ("0,5" and "0.5" alike),
//! each refused with the form's field path and a reason the app shows next
//! to the field. The schedule part of the form is [`crate::schedule::form`].

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Strength;
use crate::schedule::Dose;

/// The typed fields of the set-up form, as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MedicationFields {
    /// The medication's name.
    pub name: String,
    /// Strength per unit as typed ("50"); blank when not known.
    pub strength: String,
    /// The strength's unit ("mg").
    pub strength_unit: String,
    /// Amount per dose as typed ("1", "0,5").
    pub dose: String,
    /// The dose's unit ("tablet").
    pub dose_unit: String,
}

/// The fields read: the trimmed name, the strength (if typed) and the dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReadFields {
    /// The name, trimmed.
    pub name: String,
    /// The strength, when one was typed.
    pub strength: Option<Strength>,
    /// The dose.
    pub dose: Dose,
}

/// Reads the typed fields, or refuses the first wrong one in the form's
/// order: `medication.name` (blank), `medication.strength.amount` (typed but
/// not a number greater than zero), `dose.amount` (not a number greater than
/// zero). Units are checked with the plan (`dose.unit`).
pub fn read_medication_fields(fields: &MedicationFields) -> Result<ReadFields> {
    let name = fields.name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "medication.name",
            "enter the medication's name",
        ));
    }
    let strength = if fields.strength.trim().is_empty() {
        None
    } else {
        let amount = number(&fields.strength).ok_or_else(|| {
            Error::invalid(
                "medication.strength.amount",
                "enter a number greater than zero, or leave it empty",
            )
        })?;
        Some(Strength {
            amount,
            unit: fields.strength_unit.trim().to_string(),
        })
    };
    let amount = number(&fields.dose)
        .ok_or_else(|| Error::invalid("dose.amount", "enter a number greater than zero"))?;
    Ok(ReadFields {
        name: name.to_string(),
        strength,
        dose: Dose::new(amount, fields.dose_unit.trim()),
    })
}

/// "0,5" and "0.5" alike; `None` unless a finite number greater than zero.
fn number(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(name: &str, strength: &str, dose: &str) -> MedicationFields {
        MedicationFields {
            name: name.into(),
            strength: strength.into(),
            strength_unit: " mg ".into(),
            dose: dose.into(),
            dose_unit: " tablet".into(),
        }
    }

    fn refused(f: &MedicationFields) -> String {
        match read_medication_fields(f) {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn typed_fields_are_read_with_a_comma_or_a_point_and_trimmed() {
        let read = read_medication_fields(&fields(" Sertraline ", "50", "0,5")).unwrap();
        assert_eq!(read.name, "Sertraline");
        assert_eq!(
            read.strength.as_ref().map(|s| (s.amount, s.unit.as_str())),
            Some((50.0, "mg"))
        );
        assert_eq!(read.dose, Dose::new(0.5, "tablet"));
        assert_eq!(
            read_medication_fields(&fields("A", "  ", "1"))
                .unwrap()
                .strength,
            None
        );
    }

    #[test]
    fn the_first_wrong_field_is_named_in_the_form_order() {
        assert_eq!(refused(&fields("  ", "x", "")), "medication.name");
        assert_eq!(
            refused(&fields("A", "fifty", "")),
            "medication.strength.amount"
        );
        assert_eq!(
            refused(&fields("A", "-5", "1")),
            "medication.strength.amount"
        );
        assert_eq!(refused(&fields("A", "50", "")), "dose.amount");
        assert_eq!(refused(&fields("A", "", "0")), "dose.amount");
        assert_eq!(refused(&fields("A", "", "inf")), "dose.amount");
        assert_eq!(refused(&fields("A", "", "NaN")), "dose.amount");
    }
}
