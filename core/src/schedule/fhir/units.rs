//! Dose units against a medication's form and strength: which form a unit
//! or a name implies, the words a count unit reads as (`TAB` → `tablet`),
//! and the check that refuses a dose the form cannot take (a tablet in mL).

use crate::error::{Error, Result};
use crate::model::{DoseForm, Strength};

/// A form named in words ("Oral Tablet", "Transdermal patch", "TAB"),
/// word by word (so "Captopril" is no capsule).
pub(super) fn form_from_words(words: &str) -> Option<DoseForm> {
    let lower = words.to_ascii_lowercase();
    let ws: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |k: &[&str]| ws.iter().any(|w| k.iter().any(|x| w.starts_with(x)));
    let word = |k: &[&str]| ws.iter().any(|w| k.contains(w));
    Some(if has(&["tablet"]) || word(&["tab", "tbl"]) {
        DoseForm::Tablet
    } else if has(&["capsule"]) || word(&["cap"]) {
        DoseForm::Capsule
    } else if has(&["patch", "transdermal"]) {
        DoseForm::Patch
    } else if has(&["inhal", "puff"]) {
        DoseForm::Inhaler
    } else if has(&["drop"]) {
        DoseForm::Drops
    } else if has(&["inject", "syringe", "vial"]) || word(&["pen"]) {
        DoseForm::Injection
    } else if has(&["solution", "suspension", "syrup", "liquid", "elixir"]) {
        DoseForm::Liquid
    } else {
        return None;
    })
}

/// The form a dose unit implies (`tablet`, `TAB`, `mL`, ...), if any.
pub(super) fn form_from_unit(unit: &str) -> Option<DoseForm> {
    match unit_kind(unit) {
        UnitKind::Volume => Some(DoseForm::Liquid),
        UnitKind::Count(f) => Some(f),
        _ => None,
    }
}

pub(super) fn unit_of_form(form: DoseForm) -> &'static str {
    match form {
        DoseForm::Tablet => "tablet",
        DoseForm::Capsule => "capsule",
        DoseForm::Patch => "patch",
        DoseForm::Inhaler => "puff",
        DoseForm::Drops => "drop",
        DoseForm::Liquid => "mL",
        DoseForm::Injection | DoseForm::Other => "dose",
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum UnitKind {
    Mass,
    Volume,
    Count(DoseForm),
    Other,
}

fn unit_kind(unit: &str) -> UnitKind {
    let u = unit.trim().trim_matches(|c| c == '{' || c == '}');
    match u.to_ascii_lowercase().as_str() {
        "mg" | "g" | "mcg" | "ug" | "µg" | "ng" | "kg" => UnitKind::Mass,
        "ml" | "l" | "cl" | "dl" | "ul" | "µl" | "tsp" | "tbsp" => UnitKind::Volume,
        "tablet" | "tablets" | "tab" | "tbl" => UnitKind::Count(DoseForm::Tablet),
        "capsule" | "capsules" | "cap" => UnitKind::Count(DoseForm::Capsule),
        "patch" | "patches" | "patch(es)" => UnitKind::Count(DoseForm::Patch),
        "puff" | "puffs" | "actuation" => UnitKind::Count(DoseForm::Inhaler),
        "drop" | "drops" | "gtt" => UnitKind::Count(DoseForm::Drops),
        _ => UnitKind::Other,
    }
}

/// A count unit in the words a person reads (`TAB`, `{tbl}`, `tablets` →
/// `tablet`); any other unit as written.
pub(super) fn plain_unit(unit: &str) -> String {
    match unit_kind(unit) {
        UnitKind::Count(f) => unit_of_form(f).to_owned(),
        _ => unit.to_owned(),
    }
}

/// Checks that a dose in `unit` can be a dose of a medication of this form
/// and strength: a solid form (tablet, capsule, patch) is not dosed in a
/// volume, a liquid not in tablets, and a mass needs the strength to be a
/// mass (100 mg of a 50 mg tablet is two tablets; 100 mg of a tablet whose
/// strength is in IU is not convertible). Units Cadence does not know
/// (IU, mmol, ...) are accepted.
pub fn check_dose_unit(
    field: &str,
    form: DoseForm,
    strength: Option<&Strength>,
    unit: &str,
) -> Result<()> {
    let solid = matches!(form, DoseForm::Tablet | DoseForm::Capsule | DoseForm::Patch);
    let fluid = matches!(
        form,
        DoseForm::Liquid | DoseForm::Drops | DoseForm::Injection
    );
    let form_name = form.code();
    match unit_kind(unit) {
        UnitKind::Volume if solid => Err(Error::invalid(
            field,
            format!("a {form_name} medication cannot be dosed in a volume ({unit})"),
        )),
        UnitKind::Count(f)
            if fluid && matches!(f, DoseForm::Tablet | DoseForm::Capsule | DoseForm::Patch) =>
        {
            Err(Error::invalid(
                field,
                format!("a {form_name} medication cannot be dosed in {}s", f.code()),
            ))
        }
        UnitKind::Count(f)
            if solid
                && f != form
                && matches!(f, DoseForm::Tablet | DoseForm::Capsule | DoseForm::Patch) =>
        {
            Err(Error::invalid(
                field,
                format!("a {form_name} medication cannot be dosed in {}s", f.code()),
            ))
        }
        UnitKind::Mass => match strength {
            Some(s) if unit_kind(&s.unit) != UnitKind::Mass => Err(Error::invalid(
                field,
                format!(
                    "a dose in {unit} cannot be converted to this medication's strength in {}",
                    s.unit
                ),
            )),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}
