//! FHIR R4 `Dosage` JSON ⇄ [`Dosage`], and a plan built from a dosage.

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::limits;
use crate::schedule::input::DosingPlanInput;
use crate::schedule::plan::{AsNeeded, Dose, DosingPlan, MaxPerPeriod};
use crate::schedule::prescribed::{InformationDose, Prescribed};
use crate::schedule::timing::{PeriodUnit, Timing};

use super::dose_rate::{dose_and_rate, timing_code};
use super::json::{array, boolean, check_keys, integer, join, object, string};
use super::quantity::{quantity, quantity_to_json, Dosage, Quantity, QuantityRatio, TypedQuantity};
use super::timing::{quantity_time, timing_at, timing_to_json};

const DOSAGE_KEYS: &[&str] = &[
    "sequence",
    "text",
    "additionalInstruction",
    "patientInstruction",
    "timing",
    "asNeededBoolean",
    "asNeededCodeableConcept",
    "site",
    "route",
    "method",
    "doseAndRate",
    "maxDosePerPeriod",
    "maxDosePerAdministration",
    "maxDosePerLifetime",
];

/// Reads a FHIR R4 `Dosage` object (errors name `dosage.…` paths).
pub fn dosage_from_json(v: &Value) -> Result<Dosage> {
    let path = "dosage";
    let o = object(v, path)?;
    check_keys(o, path, DOSAGE_KEYS, false)?;
    let mut d = Dosage {
        text: string(o, "text", path)?.map(str::to_owned),
        timing: o
            .get("timing")
            .map(|t| timing_at(t, "dosage.timing"))
            .transpose()?,
        ..Dosage::default()
    };
    if let Some(t) = &d.text {
        limits::text("dosage.text", t, 0, limits::MAX_TEXT_CHARS)?;
    }
    if o.contains_key("asNeededBoolean") && o.contains_key("asNeededCodeableConcept") {
        return Err(Error::invalid(
            "dosage.asNeededCodeableConcept",
            "asNeeded[x] takes one form only",
        ));
    }
    d.as_needed = boolean(o, "asNeededBoolean", path)?.unwrap_or(false);
    if let Some(cc) = o.get("asNeededCodeableConcept") {
        let at = "dosage.asNeededCodeableConcept";
        let co = object(cc, at)?;
        let mut reason = string(co, "text", at)?.map(str::to_owned);
        if reason.is_none() {
            for c in array(co, "coding", at)? {
                reason = c
                    .get("display")
                    .or(c.get("code"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                if reason.is_some() {
                    break;
                }
            }
        }
        if let Some(r) = &reason {
            limits::text(at, r, 0, limits::MAX_TEXT_CHARS)?;
        }
        d.as_needed = true;
        d.as_needed_reason = reason;
    }
    d.sequence = integer(o, "sequence", path, false)?;
    if let Some(t) = string(o, "patientInstruction", path)? {
        limits::text("dosage.patientInstruction", t, 0, limits::MAX_TEXT_CHARS)?;
        d.patient_instruction = Some(t.to_owned());
    }
    d.timing_code = o.get("timing").and_then(timing_code);
    if let Some(c) = &d.timing_code {
        limits::text("dosage.timing.code", c, 1, 200)?;
    }
    dose_and_rate(o, &mut d)?;
    if let Some(r) = o.get("maxDosePerPeriod") {
        let at = "dosage.maxDosePerPeriod";
        let ro = object(r, at)?;
        check_keys(ro, at, &["numerator", "denominator"], false)?;
        let num = ro
            .get("numerator")
            .ok_or_else(|| Error::invalid(join(at, "numerator"), "required"))?;
        let den = ro
            .get("denominator")
            .ok_or_else(|| Error::invalid(join(at, "denominator"), "required"))?;
        let (len, _) = quantity_time(den, &join(at, "denominator")).map_err(|_| {
            Error::invalid(
                join(at, "denominator"),
                "must be a quantity of time (s, min, h, d, wk, mo, a)",
            )
        })?;
        if !(len.is_finite() && len > 0.0) {
            return Err(Error::invalid(
                join(at, "denominator.value"),
                "must be greater than zero",
            ));
        }
        d.max_dose_per_period = Some(QuantityRatio {
            numerator: quantity(num, &join(at, "numerator"))?,
            denominator: quantity(den, &join(at, "denominator"))?,
        });
    }
    if let Some(q) = o.get("maxDosePerAdministration") {
        d.max_dose_per_administration = Some(quantity(q, "dosage.maxDosePerAdministration")?);
    }
    Ok(d)
}

/// Writes a [`Dosage`] as a FHIR R4 `Dosage` object.
pub fn dosage_to_json(d: &Dosage) -> Value {
    let mut o = Map::new();
    if let Some(s) = d.sequence {
        o.insert("sequence".into(), s.into());
    }
    if let Some(t) = &d.text {
        o.insert("text".into(), t.clone().into());
    }
    if let Some(t) = &d.patient_instruction {
        o.insert("patientInstruction".into(), t.clone().into());
    }
    let mut timing = d.timing.as_ref().map(timing_to_json);
    if let Some(code) = &d.timing_code {
        let t = timing.get_or_insert_with(|| json!({}));
        t["code"] = json!({ "coding": [{ "system": GTS_SYSTEM, "code": code }], "text": code });
    }
    if let Some(t) = timing {
        o.insert("timing".into(), t);
    }
    match &d.as_needed_reason {
        Some(r) => {
            o.insert("asNeededCodeableConcept".into(), json!({ "text": r }));
        }
        None if d.as_needed => {
            o.insert("asNeededBoolean".into(), true.into());
        }
        None => {}
    }
    let mut entries = Vec::new();
    if let Some(q) = &d.dose {
        let mut e = match &d.dose_low {
            Some(low) => {
                json!({ "doseRange": { "low": quantity_to_json(low), "high": quantity_to_json(q) } })
            }
            None => json!({ "doseQuantity": quantity_to_json(q) }),
        };
        if !d.information_doses.is_empty() {
            e["type"] = dose_type_json("ordered");
        }
        entries.push(e);
    }
    for i in &d.information_doses {
        let mut e = json!({ "doseQuantity": quantity_to_json(&i.quantity) });
        if !i.kind.is_empty() {
            e["type"] = dose_type_json(&i.kind);
        }
        entries.push(e);
    }
    if !entries.is_empty() {
        o.insert("doseAndRate".into(), Value::Array(entries));
    }
    if let Some(r) = &d.max_dose_per_period {
        o.insert(
            "maxDosePerPeriod".into(),
            json!({ "numerator": quantity_to_json(&r.numerator), "denominator": quantity_to_json(&r.denominator) }),
        );
    }
    if let Some(q) = &d.max_dose_per_administration {
        o.insert("maxDosePerAdministration".into(), quantity_to_json(q));
    }
    Value::Object(o)
}

/// The code system of `Timing.code` (HL7 v3 GTSAbbreviation).
pub const GTS_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation";

fn dose_type_json(code: &str) -> Value {
    json!({ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/dose-rate-type", "code": code }] })
}

fn dose_of(q: &Quantity, default_unit: &str) -> Dose {
    Dose::new(
        q.value,
        super::units::plain_unit(q.unit_text().unwrap_or(default_unit)),
    )
}

/// Builds a plan from a dosage and validates it: [`plan_input_from_dosage`]
/// with this id and medication, version 1.
pub fn plan_from_dosage(
    d: &Dosage,
    plan_id: &str,
    medication_id: &str,
    default_dose: Dose,
) -> Result<DosingPlan> {
    let plan = plan_input_from_dosage(d, default_dose)?.into_plan(plan_id, medication_id, 1);
    crate::schedule::validate_plan(&plan)?;
    Ok(plan)
}

/// The content of the plan a dosage gives: its dose (else `default_dose`),
/// timing and as-needed limits. An as-needed dosage gives a PRN plan (its
/// elapsed timing, if any, becomes the minimum interval). The plan follows
/// the device zone; set `start`, `zone_policy` and the rest afterwards. Not
/// validated here: the store validates it when adding it.
pub fn plan_input_from_dosage(d: &Dosage, default_dose: Dose) -> Result<DosingPlanInput> {
    let dose = d.dose.as_ref().map_or(default_dose, |q| dose_of(q, "unit"));
    let mut needs_schedule = false;
    let timing = match (&d.timing, d.as_needed) {
        (Some(t), _) => t.clone(),
        (None, true) => Timing::default(),
        (None, false) if d.text.is_some() || d.patient_instruction.is_some() => {
            // A text-only instruction ("as directed"): kept with its text,
            // no reminders until it is given a schedule.
            needs_schedule = true;
            Timing::default()
        }
        (None, false) => {
            return Err(Error::invalid(
                "dosage.timing",
                "a scheduled dosage needs a timing (or at least the prescriber's text)",
            ))
        }
    };
    let prescribed = Prescribed {
        text: d.text.clone(),
        patient_instruction: d.patient_instruction.clone(),
        dose_min: d.dose_low.as_ref().map(|q| q.value),
        information_doses: d
            .information_doses
            .iter()
            .map(|i| InformationDose {
                kind: i.kind.clone(),
                dose: dose_of(&i.quantity, &dose.unit),
            })
            .collect(),
        timing_code: d.timing_code.clone(),
        medication_coding: Vec::new(),
        needs_schedule,
        no_dose: d.dose.is_none() && needs_schedule,
    };
    let mut plan = DosingPlanInput::new(dose, timing);
    if prescribed != Prescribed::default() {
        plan.prescribed = Some(prescribed);
    }
    if d.as_needed {
        let r = &plan.timing.repeat;
        // "Every 4–6 hours": the limit is the shortest gap allowed, the
        // period at the most doses the prescriber allows (frequencyMax).
        let per = r.frequency_max.or(r.frequency).unwrap_or(1);
        let min_interval = match (r.period, r.period_unit) {
            (Some(p), Some(u)) if u.is_elapsed() => {
                Some((p * u.nominal_seconds() / f64::from(per) / 60.0).round() as u32)
            }
            _ => None,
        };
        let max_per_period = match &d.max_dose_per_period {
            Some(ratio) => {
                let (len, unit) = quantity_time(
                    &quantity_to_json(&ratio.denominator),
                    "dosage.maxDosePerPeriod.denominator",
                )?;
                let minutes = len * unit.nominal_seconds() / 60.0;
                if unit == PeriodUnit::Month || unit == PeriodUnit::Year {
                    return Err(Error::invalid(
                        "dosage.maxDosePerPeriod.denominator",
                        "a rolling period is at most some weeks (s, min, h, d, wk)",
                    ));
                }
                Some(MaxPerPeriod {
                    amount: dose_of(&ratio.numerator, &plan.dose.unit),
                    period_minutes: minutes.round() as u32,
                })
            }
            None => None,
        };
        plan.as_needed = Some(AsNeeded {
            reason: d.as_needed_reason.clone(),
            max_per_period,
            // A dose range's high end is the most to take at once.
            max_per_administration: d
                .max_dose_per_administration
                .as_ref()
                .map(|q| dose_of(q, &plan.dose.unit))
                .or_else(|| d.dose_low.as_ref().map(|_| plan.dose.clone())),
            min_interval_minutes: min_interval,
        });
    }
    Ok(plan)
}

/// The FHIR R4 `Dosage` of a plan: its timing, dose and as-needed limits —
/// the inverse of [`plan_from_dosage`] for everything FHIR can carry (steps,
/// holds and zone policy have no place in a `Dosage`).
pub fn dosage_of_plan(plan: &DosingPlan) -> Dosage {
    let quantity = |d: &Dose| Quantity {
        value: d.amount,
        unit: Some(d.unit.to_string()),
        system: None,
        code: None,
    };
    let as_needed = plan.as_needed.as_ref();
    let mut timing = Some(plan.timing.clone());
    if plan.timing == Timing::default() {
        // A PRN plan without a timing carries its minimum interval as
        // "every N min", which `plan_from_dosage` reads back.
        timing = as_needed.and_then(|a| a.min_interval_minutes).map(|m| {
            let mut t = Timing::default();
            t.repeat.frequency = Some(1);
            t.repeat.period = Some(f64::from(m));
            t.repeat.period_unit = Some(PeriodUnit::Minute);
            t
        });
    }
    let pr = plan.prescribed.clone().unwrap_or_default();
    if pr.needs_schedule {
        timing = None;
    }
    let unit_of = |d: &Dose| Quantity {
        value: d.amount,
        unit: Some(d.unit.to_string()),
        system: None,
        code: None,
    };
    // A range's high end became the most at once: not written back as a
    // limit the prescriber did not write.
    let range_high_is_limit = pr.dose_min.is_some()
        && as_needed.and_then(|a| a.max_per_administration.as_ref()) == Some(&plan.dose);
    Dosage {
        text: pr.text.clone(),
        timing,
        sequence: None,
        patient_instruction: pr.patient_instruction.clone(),
        dose_low: pr.dose_min.map(|m| Quantity {
            value: m,
            ..unit_of(&plan.dose)
        }),
        information_doses: pr
            .information_doses
            .iter()
            .map(|i| TypedQuantity {
                kind: i.kind.clone(),
                quantity: unit_of(&i.dose),
            })
            .collect(),
        timing_code: pr.timing_code.clone(),
        as_needed: as_needed.is_some(),
        as_needed_reason: as_needed.and_then(|a| a.reason.clone()),
        dose: (!pr.no_dose).then(|| quantity(&plan.dose)),
        max_dose_per_period: as_needed.and_then(|a| a.max_per_period.as_ref()).map(|m| {
            QuantityRatio {
                numerator: quantity(&m.amount),
                denominator: Quantity {
                    value: f64::from(m.period_minutes),
                    unit: Some("min".into()),
                    system: Some("http://unitsofmeasure.org".into()),
                    code: Some("min".into()),
                },
            }
        }),
        max_dose_per_administration: as_needed
            .and_then(|a| a.max_per_administration.as_ref())
            .filter(|_| !range_high_is_limit)
            .map(quantity),
    }
}

#[cfg(test)]
mod plan_export_tests {
    use super::*;

    const PLAN: &str = "7d1f7a52-9a53-4b8e-9a5e-2f0a9c1e0b11";
    const MED: &str = "0b9a3c1e-5d55-4a0c-8f71-1c2b3d4e5f60";

    fn round_trip(plan: &DosingPlan) -> DosingPlan {
        let json = dosage_to_json(&dosage_of_plan(plan));
        let back = dosage_from_json(&json).unwrap();
        plan_from_dosage(&back, PLAN, MED, Dose::new(1.0, "dose")).unwrap()
    }

    #[test]
    fn a_scheduled_plan_exports_and_imports_to_the_same_dose_and_timing() {
        let t = chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        let plan = DosingPlan::new(PLAN, MED, Dose::new(100.0, "mg"), Timing::daily_at(&[t]));
        let back = round_trip(&plan);
        assert_eq!((back.dose, back.timing), (plan.dose, plan.timing));
    }

    #[test]
    fn an_as_needed_plan_keeps_its_limits() {
        let mut plan = DosingPlan::new(PLAN, MED, Dose::new(25.0, "mg"), Timing::default());
        plan.as_needed = Some(AsNeeded {
            reason: Some("anxiety".into()),
            max_per_period: Some(MaxPerPeriod {
                amount: Dose::new(75.0, "mg"),
                period_minutes: 1440,
            }),
            max_per_administration: Some(Dose::new(25.0, "mg")),
            min_interval_minutes: Some(360),
        });
        let back = round_trip(&plan);
        assert_eq!(back.as_needed, plan.as_needed);
        assert_eq!(back.dose, plan.dose);
    }
}
