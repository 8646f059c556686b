//! FHIR R4 `Dosage.doseAndRate`: the `ordered` dose (a quantity or a
//! range), the other doses kept as information, rates refused; and the code
//! of a `Timing`.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

use super::json::{array, check_keys, join, object, string};
use super::quantity::{quantity, Dosage, Quantity, TypedQuantity};

/// The `type` of a `doseAndRate` entry: its first coding's code, else its
/// text; empty when untyped.
fn dose_type(o: &Map<String, Value>, at: &str) -> Result<String> {
    let Some(t) = o.get("type") else {
        return Ok(String::new());
    };
    let to = object(t, &join(at, "type"))?;
    for c in array(to, "coding", &join(at, "type"))? {
        if let Some(code) = c.get("code").and_then(Value::as_str) {
            return Ok(code.to_owned());
        }
    }
    Ok(string(to, "text", &join(at, "type"))?
        .unwrap_or("")
        .to_owned())
}

/// The dose of one `doseAndRate` entry: (low end of a range, the dose).
fn entry_dose(o: &Map<String, Value>, at: &str) -> Result<(Option<Quantity>, Option<Quantity>)> {
    if let Some(r) = o.get("doseRange") {
        let rat = join(at, "doseRange");
        let ro = object(r, &rat)?;
        check_keys(ro, &rat, &["low", "high"], false)?;
        let high = ro
            .get("high")
            .ok_or_else(|| {
                Error::invalid(
                    join(&rat, "high"),
                    "a dose range needs its high end (the most to take at once)",
                )
            })
            .and_then(|q| quantity(q, &join(&rat, "high")))?;
        let low = ro
            .get("low")
            .map(|q| quantity(q, &join(&rat, "low")))
            .transpose()?;
        if let Some(l) = &low {
            if l.unit_text() != high.unit_text() {
                return Err(Error::invalid(
                    join(&rat, "low.unit"),
                    "the two ends of a dose range must have the same unit",
                ));
            }
            if l.value > high.value {
                return Err(Error::invalid(
                    join(&rat, "low.value"),
                    "the low end of a dose range is above its high end",
                ));
            }
            if l.value <= 0.0 {
                return Err(Error::invalid(
                    join(&rat, "low.value"),
                    "must be greater than zero",
                ));
            }
        }
        return Ok((low.filter(|l| l.value < high.value), Some(high)));
    }
    Ok((
        None,
        o.get("doseQuantity")
            .map(|q| quantity(q, &join(at, "doseQuantity")))
            .transpose()?,
    ))
}

/// Reads `doseAndRate`: the `ordered` entry (or the only one) is the dose,
/// the others are kept as information. Rates are refused.
pub(super) fn dose_and_rate(o: &Map<String, Value>, d: &mut Dosage) -> Result<()> {
    let entries = array(o, "doseAndRate", "dosage")?;
    let mut chosen: Option<usize> = None;
    let mut kinds = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let at = format!("dosage.doseAndRate[{i}]");
        let eo = object(e, &at)?;
        for rate in ["rateQuantity", "rateRatio", "rateRange"] {
            if eo.contains_key(rate) {
                return Err(Error::invalid(
                    join(&at, rate),
                    "an infusion rate is given by a pump or a nurse, not taken by the person \
                     at home; Cadence plans doses, not rates",
                ));
            }
        }
        check_keys(eo, &at, &["type", "doseQuantity", "doseRange"], false)?;
        if eo.contains_key("doseQuantity") && eo.contains_key("doseRange") {
            return Err(Error::invalid(
                join(&at, "doseRange"),
                "dose[x] takes one form only",
            ));
        }
        let kind = dose_type(eo, &at)?;
        if kind == "ordered" {
            if let Some(j) = chosen {
                return Err(Error::invalid(
                    join(&at, "type"),
                    format!("doseAndRate[{j}] is already the ordered dose: only one may be"),
                ));
            }
            chosen = Some(i);
        }
        kinds.push(kind);
    }
    let chosen = match (chosen, entries.len()) {
        (Some(i), _) => Some(i),
        (None, 0) => None,
        (None, 1) => Some(0),
        (None, _) => {
            return Err(Error::invalid(
                "dosage.doseAndRate",
                "several doses and none typed `ordered`: which one to take is unclear",
            ))
        }
    };
    for (i, e) in entries.iter().enumerate() {
        let at = format!("dosage.doseAndRate[{i}]");
        let eo = object(e, &at)?;
        let (low, dose) = entry_dose(eo, &at)?;
        if Some(i) == chosen {
            d.dose_low = low;
            d.dose = dose;
        } else if let Some(q) = dose {
            if low.is_some() {
                return Err(Error::invalid(
                    join(&at, "doseRange"),
                    "a dose range is kept only for the ordered dose; give doseQuantity",
                ));
            }
            d.information_doses.push(TypedQuantity {
                kind: kinds[i].clone(),
                quantity: q,
            });
        }
    }
    Ok(())
}

/// The code of a `Timing` JSON object: its first coding's code, else its text.
pub(super) fn timing_code(t: &Value) -> Option<String> {
    let c = t.get("code")?;
    c.get("coding")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find_map(|x| x.get("code").and_then(Value::as_str)))
        .or_else(|| c.get("text").and_then(Value::as_str))
        .map(str::to_owned)
}
