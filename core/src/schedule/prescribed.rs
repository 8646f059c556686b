//! What the prescriber wrote, kept beside the plan it became: the
//! instruction's text, a dose range, doses given as information only, the
//! timing's code, the medication's coding, and whether the plan still needs
//! a schedule (a text-only instruction).
//!
//! A plan imported from a FHIR `MedicationRequest` (or a `Dosage`) carries a
//! [`Prescribed`]; plans set up by hand have none. It is part of the plan's
//! stored content (the plan's JSON), so it needs no column of its own.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::limits;

use super::dose::Dose;

/// A code from a terminology, e.g. RxNorm `197589` "Sertraline 50 MG Oral Tablet".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Coding {
    /// The code system (e.g. `http://www.nlm.nih.gov/research/umls/rxnorm`).
    pub system: Option<String>,
    /// The code.
    pub code: Option<String>,
    /// The human-readable display of the code.
    pub display: Option<String>,
}

/// A dose given as information beside the one to take (FHIR
/// `doseAndRate.type` other than `ordered`, e.g. `calculated` 1000 mg/m²).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct InformationDose {
    /// The type's code (`calculated`, ...) or text; empty when untyped.
    pub kind: String,
    /// The dose as written.
    pub dose: Dose,
}

/// What the prescriber wrote for one plan, as imported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Prescribed {
    /// The prescriber's instruction text (`Dosage.text`), e.g. "Take one
    /// tablet daily as directed".
    pub text: Option<String>,
    /// Instructions worded for the person (`Dosage.patientInstruction`).
    pub patient_instruction: Option<String>,
    /// The lower end of a dose range ("1–2 tablets": 1 tablet); the plan's
    /// dose is the upper end, which limits, supply and guidance use.
    pub dose_min: Option<f64>,
    /// Doses written beside the ordered one, kept as information.
    pub information_doses: Vec<InformationDose>,
    /// The timing's code (`BID`, `QD`, `Q6H`, ...), kept for export.
    pub timing_code: Option<String>,
    /// The medication's codings (RxNorm, SNOMED, ...), kept for export.
    pub medication_coding: Vec<Coding>,
    /// True for a text-only instruction: no reminders until the person (or
    /// the prescriber) gives it a schedule.
    pub needs_schedule: bool,
    /// True when the prescriber wrote no dose: the plan's dose is one unit
    /// of the form, a placeholder (not exported).
    pub no_dose: bool,
}

impl Prescribed {
    /// Checks the lengths of every text (at most 2000 characters, 200 for
    /// codes) and that a dose range's lower end is a positive number not
    /// above `dose`.
    pub fn validate(&self, at: &str, dose: &Dose) -> Result<()> {
        for (k, v) in [
            ("text", &self.text),
            ("patient_instruction", &self.patient_instruction),
        ] {
            if let Some(v) = v {
                limits::text(&format!("{at}.{k}"), v, 0, limits::MAX_TEXT_CHARS)?;
            }
        }
        if let Some(c) = &self.timing_code {
            limits::text(&format!("{at}.timing_code"), c, 1, 200)?;
        }
        if let Some(m) = self.dose_min {
            if !(m.is_finite() && m > 0.0 && m <= dose.amount) {
                return Err(Error::invalid(
                    format!("{at}.dose_min"),
                    "the low end of a dose range must be greater than zero and not above the high end",
                ));
            }
        }
        if self.information_doses.len() > limits::MAX_LIST
            || self.medication_coding.len() > limits::MAX_LIST
        {
            return Err(Error::invalid(
                at,
                "at most 100 codings and information doses",
            ));
        }
        for (i, d) in self.information_doses.iter().enumerate() {
            d.dose
                .validate(&format!("{at}.information_doses[{i}].dose"))?;
            limits::text(
                &format!("{at}.information_doses[{i}].kind"),
                &d.kind,
                0,
                200,
            )?;
        }
        for (i, c) in self.medication_coding.iter().enumerate() {
            for (k, v) in [
                ("system", &c.system),
                ("code", &c.code),
                ("display", &c.display),
            ] {
                if let Some(v) = v {
                    limits::text(
                        &format!("{at}.medication_coding[{i}].{k}"),
                        v,
                        0,
                        limits::MAX_TEXT_CHARS,
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// A dose as a person reads it: "2 tablets", or a range "1–2 tablets" when
/// `min` is below the dose. Whole amounts are written without decimals.
pub fn dose_words(dose: &Dose, min: Option<f64>) -> String {
    let n = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            format!("{}", x as i64)
        } else {
            format!("{x}")
        }
    };
    let unit = if dose.amount > 1.0 {
        plural(&dose.unit)
    } else {
        dose.unit.to_string()
    };
    match min {
        Some(m) if m < dose.amount => format!("{}–{} {unit}", n(m), n(dose.amount)),
        _ => format!("{} {unit}", n(dose.amount)),
    }
}

/// Count nouns that take a plural ("2 tablets"); units of measure (mg, mL)
/// never do.
const COUNT_NOUNS: &[&str] = &[
    "tablet",
    "capsule",
    "patch",
    "puff",
    "drop",
    "spray",
    "dose",
    "unit",
    "sachet",
    "suppository",
    "injection",
    "application",
    "lozenge",
    "pessary",
    "ampoule",
    "vial",
    "pen",
    "film",
    "pastille",
    "inhalation",
];

fn plural(unit: &str) -> String {
    let lower = unit.to_ascii_lowercase();
    if !COUNT_NOUNS.contains(&lower.as_str()) {
        return unit.to_string();
    }
    if lower.ends_with("ch") {
        format!("{unit}es")
    } else if lower.ends_with('y') {
        format!("{}ies", &unit[..unit.len() - 1])
    } else {
        format!("{unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_reads_low_to_high_and_a_single_dose_plainly() {
        let d = Dose::new(2.0, "tablet");
        assert_eq!(dose_words(&d, Some(1.0)), "1–2 tablets");
        assert_eq!(dose_words(&d, None), "2 tablets");
        assert_eq!(dose_words(&Dose::new(1.0, "patch"), None), "1 patch");
        assert_eq!(dose_words(&Dose::new(2.0, "patch"), None), "2 patches");
        assert_eq!(dose_words(&Dose::new(2.5, "mL"), Some(2.5)), "2.5 mL");
        assert_eq!(
            dose_words(&Dose::new(1000.0, "mg"), Some(500.0)),
            "500–1000 mg"
        );
    }

    #[test]
    fn a_range_whose_low_end_is_above_the_dose_is_refused() {
        let p = Prescribed {
            dose_min: Some(3.0),
            ..Prescribed::default()
        };
        let e = p
            .validate("prescribed", &Dose::new(2.0, "tablet"))
            .unwrap_err();
        assert!(e.to_string().contains("prescribed.dose_min"), "{e}");
        let ok = Prescribed {
            dose_min: Some(1.0),
            ..Prescribed::default()
        };
        ok.validate("prescribed", &Dose::new(2.0, "tablet"))
            .unwrap();
    }
}
