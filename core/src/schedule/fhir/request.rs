//! FHIR R4 `MedicationRequest` JSON ⇄ a medication and its plans.
//!
//! **Imported.** The medication: its name (`medicationCodeableConcept.text`,
//! else the first coding's display; or the same from a contained
//! `Medication` a `medicationReference` points to), its codings (RxNorm,
//! SNOMED, ... kept on each plan's [`Prescribed`]), its form (the contained
//! Medication's form, else read from the dose unit: tablet, capsule, patch,
//! mL ...), its strength (the contained Medication's first ingredient
//! strength); the notes (`note.text`) as the prescriber's notes; the
//! patient instructions as the medication's instructions; the start
//! (`dispenseRequest.validityPeriod.start`, else `authoredOn`); and every
//! `dosageInstruction` ([`super::dosage_from_json`]): instructions without
//! `sequence`, or sharing one, are taken at the same time and become one
//! plan each; distinct `sequence` numbers are consecutive steps of one plan
//! (a taper), each lasting its `boundsDuration` (days or weeks).
//!
//! **Refused, with the reason.** A request that is not active (`stopped`,
//! `cancelled`, `completed`, `entered-in-error`), `doNotPerform`, a
//! `modifierExtension`, a `medicationReference` to something not contained,
//! a dose unit the medication's form cannot take (a tablet in mL), and what
//! [`super::dosage_from_json`] refuses (infusion rates, explicit event
//! date-times).
//!
//! **Export** ([`medication_request_to_json`]) writes the same shape back:
//! the medication's coding and name, the notes, and each plan's dosage with
//! its timing (code included), dose (range included) and text.

use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::limits;
use crate::model::{DoseForm, Medication, MedicationInput, MedicationStatus, Strength};

use super::units::{check_dose_unit, form_from_unit, form_from_words, unit_of_form};
use crate::schedule::input::DosingPlanInput;
use crate::schedule::plan::{Dose, DoseStep, DosingPlan};
use crate::schedule::prescribed::{Coding, Prescribed};
use crate::schedule::timing::{PeriodUnit, TimingBounds};

use super::dosage::{dosage_from_json, dosage_of_plan, dosage_to_json, plan_input_from_dosage};
use super::json::{array, decimal, object, string};
use super::timing::timing_to_json;

/// A `MedicationRequest` read into Cadence's terms, before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedRequest {
    /// The medication.
    pub medication: MedicationInput,
    /// Its plans (one per instruction taken at the same time; a sequence is
    /// one plan with steps). A plan without a start of its own starts on
    /// the request's start (see [`ImportedRequest::start`]).
    pub plans: Vec<DosingPlanInput>,
    /// `dispenseRequest.validityPeriod.start`, else `authoredOn` (its date).
    pub start: Option<NaiveDate>,
}

const ACTIVE: &[&str] = &["active", "draft", "on-hold", "unknown"];

/// Reads a FHIR R4 `MedicationRequest` (errors name `medicationRequest.…`
/// and `dosage.…` paths; `dosageInstruction[i]` is named in the message).
pub fn medication_request_from_json(v: &Value) -> Result<ImportedRequest> {
    let path = "medicationRequest";
    let o = object(v, path)?;
    if string(o, "resourceType", path)? != Some("MedicationRequest") {
        return Err(Error::invalid(
            "medicationRequest.resourceType",
            "must be MedicationRequest",
        ));
    }
    if !array(o, "modifierExtension", path)?.is_empty() {
        return Err(Error::invalid(
            "medicationRequest.modifierExtension",
            "an unknown modifier extension changes the meaning: refused",
        ));
    }
    if let Some(s) = string(o, "status", path)? {
        if !ACTIVE.contains(&s) {
            return Err(Error::invalid(
                "medicationRequest.status",
                "the request is not active (stopped, cancelled, completed or entered in \
                 error): there is nothing to take",
            ));
        }
    }
    if o.get("doNotPerform").and_then(Value::as_bool) == Some(true) {
        return Err(Error::invalid(
            "medicationRequest.doNotPerform",
            "the request says not to take this medication: refused",
        ));
    }
    let start = request_start(o)?;
    let med = medication_of(o)?;

    let mut dosages = Vec::new();
    for (i, d) in array(o, "dosageInstruction", path)?.iter().enumerate() {
        let dosage = dosage_from_json(d).map_err(|e| in_instruction(e, i))?;
        dosages.push((i, dosage));
    }
    if dosages.is_empty() {
        return Err(Error::invalid(
            "medicationRequest.dosageInstruction",
            "the request gives no dosage instruction",
        ));
    }
    let first_dose_unit = dosages.iter().find_map(|(_, d)| {
        d.dose
            .as_ref()
            .and_then(|q| q.unit_text().map(str::to_owned))
    });
    // The contained Medication's form, else the dose unit's, else the name's.
    let form = med
        .form
        .or_else(|| first_dose_unit.as_deref().and_then(form_from_unit))
        .or_else(|| form_from_words(&med.name))
        .or_else(|| {
            med.coding
                .iter()
                .find_map(|c| c.display.as_deref().and_then(form_from_words))
        })
        .unwrap_or(DoseForm::Other);
    let default_dose = Dose::new(1.0, unit_of_form(form));

    let mut sequences: Vec<u32> = dosages.iter().filter_map(|(_, d)| d.sequence).collect();
    sequences.sort_unstable();
    sequences.dedup();
    let mut plans = Vec::new();
    if sequences.len() > 1 {
        plans.push(sequence_plan(&dosages, &default_dose, start)?);
    } else {
        for (i, d) in &dosages {
            plans.push(
                plan_input_from_dosage(d, default_dose.clone())
                    .map_err(|e| in_instruction(e, *i))?,
            );
        }
    }
    for (pi, p) in plans.iter_mut().enumerate() {
        let pr = p.prescribed.get_or_insert_with(Prescribed::default);
        pr.medication_coding = med.coding.clone();
        let mut doses = vec![("dose", &p.dose)];
        doses.extend(p.steps.iter().map(|s| ("steps.dose", &s.dose)));
        for (at, d) in doses {
            let i = if sequences.len() > 1 {
                0
            } else {
                dosages[pi].0
            };
            check_dose_unit(
                &format!("dosageInstruction[{i}].doseAndRate.{at}.unit"),
                form,
                med.strength.as_ref(),
                &d.unit,
            )?;
        }
    }
    let instructions = {
        let mut seen: Vec<&str> = Vec::new();
        for (_, d) in &dosages {
            if let Some(t) = d.patient_instruction.as_deref() {
                if !seen.contains(&t) {
                    seen.push(t);
                }
            }
        }
        seen.join("\n")
    };
    let notes: Vec<&str> = array(o, "note", path)?
        .iter()
        .filter_map(|n| n.get("text").and_then(Value::as_str))
        .collect();
    let medication = MedicationInput {
        name: med.name,
        strength: med.strength,
        form,
        instructions,
        prescriber_notes: notes.join("\n"),
        expected_onset: None,
        started_on: start,
    };
    medication.validate()?;
    Ok(ImportedRequest {
        medication,
        plans,
        start,
    })
}

fn in_instruction(e: Error, i: usize) -> Error {
    match e {
        Error::InvalidInput { field, reason } => Error::InvalidInput {
            field: format!(
                "dosageInstruction[{i}].{}",
                field.trim_start_matches("dosage.")
            ),
            reason,
        },
        other => other,
    }
}

fn request_start(o: &Map<String, Value>) -> Result<Option<NaiveDate>> {
    let validity = o
        .get("dispenseRequest")
        .and_then(|d| d.get("validityPeriod"))
        .and_then(|p| p.get("start"))
        .and_then(Value::as_str);
    let (field, s) = match validity {
        Some(s) => (
            "medicationRequest.dispenseRequest.validityPeriod.start",
            Some(s),
        ),
        None => (
            "medicationRequest.authoredOn",
            o.get("authoredOn").and_then(Value::as_str),
        ),
    };
    let Some(s) = s else { return Ok(None) };
    // A dateTime's own date (the prescriber's), or a plain date.
    let date = s.get(..10).unwrap_or(s);
    crate::time::parse_date(field, date).map(Some)
}

struct Med {
    name: String,
    coding: Vec<Coding>,
    form: Option<DoseForm>,
    strength: Option<Strength>,
}

fn codings(cc: &Value) -> Vec<Coding> {
    cc.get("coding")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|c| {
                    let s = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_owned);
                    Coding {
                        system: s("system"),
                        code: s("code"),
                        display: s("display"),
                    }
                })
                .take(crate::schedule::validate::MAX_LIST)
                .collect()
        })
        .unwrap_or_default()
}

fn cc_text(cc: &Value) -> Option<String> {
    cc.get("text")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| codings(cc).into_iter().find_map(|c| c.display))
}

fn medication_of(o: &Map<String, Value>) -> Result<Med> {
    let (cc, contained) = if let Some(cc) = o.get("medicationCodeableConcept") {
        (cc, None)
    } else if let Some(r) = o.get("medicationReference") {
        let at = "medicationRequest.medicationReference";
        let reference = r.get("reference").and_then(Value::as_str).unwrap_or("");
        let id = reference.strip_prefix('#').ok_or_else(|| {
            Error::invalid(
                at,
                "only a Medication contained in the request can be read; \
                 give medicationCodeableConcept",
            )
        })?;
        let m = array(o, "contained", "medicationRequest")?
            .iter()
            .find(|c| {
                c.get("resourceType").and_then(Value::as_str) == Some("Medication")
                    && c.get("id").and_then(Value::as_str) == Some(id)
            })
            .ok_or_else(|| Error::invalid(at, "no contained Medication has this id"))?;
        let code = m.get("code").ok_or_else(|| {
            Error::invalid(
                "medicationRequest.contained.code",
                "the Medication has no code",
            )
        })?;
        (code, Some(m))
    } else {
        return Err(Error::invalid(
            "medicationRequest.medicationCodeableConcept",
            "required (or a medicationReference to a contained Medication)",
        ));
    };
    let name = cc_text(cc).ok_or_else(|| {
        Error::invalid(
            "medicationRequest.medicationCodeableConcept.text",
            "the medication has no name (text or a coding's display)",
        )
    })?;
    limits::text(
        "medicationRequest.medication.name",
        &name,
        1,
        limits::MAX_NAME_CHARS,
    )?;
    let form = contained.and_then(|m| m.get("form")).and_then(|f| {
        let words = std::iter::once(cc_text(f))
            .chain(codings(f).into_iter().map(|c| c.code))
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        form_from_words(&words)
    });
    let strength = contained
        .and_then(|m| m.get("ingredient"))
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(|i| i.get("strength"))
        .and_then(|s| {
            let num = s.get("numerator")?;
            let value = num.get("value")?.as_f64()?;
            let per = s
                .get("denominator")
                .and_then(|d| d.get("value"))
                .and_then(Value::as_f64)
                .unwrap_or(1.0);
            let unit = num
                .get("unit")
                .or(num.get("code"))
                .and_then(Value::as_str)?;
            (per > 0.0 && value > 0.0).then(|| Strength {
                amount: value / per,
                unit: unit.to_owned(),
            })
        });
    Ok(Med {
        name,
        coding: codings(cc),
        form,
        strength,
    })
}

/// Consecutive instructions (distinct `sequence` numbers) as one plan with
/// a step each, in sequence order, from `start` (else a placeholder the
/// use case replaces: the steps' dates are relative to the plan's start).
fn sequence_plan(
    dosages: &[(usize, super::Dosage)],
    default_dose: &Dose,
    start: Option<NaiveDate>,
) -> Result<DosingPlanInput> {
    let mut sorted: Vec<&(usize, super::Dosage)> = dosages.iter().collect();
    for (i, d) in &sorted {
        if d.sequence.is_none() {
            return Err(Error::invalid(
                format!("dosageInstruction[{i}].sequence"),
                "consecutive instructions each need a sequence number",
            ));
        }
    }
    sorted.sort_by_key(|(_, d)| d.sequence);
    let mut texts = Vec::new();
    let mut steps = Vec::new();
    let mut day = start.unwrap_or(NaiveDate::MIN);
    let last = sorted.len() - 1;
    let mut end = None;
    for (k, (i, d)) in sorted.iter().enumerate() {
        let at = |f: &str| format!("dosageInstruction[{i}].{f}");
        if k > 0 && sorted[k - 1].1.sequence == d.sequence {
            return Err(Error::invalid(
                at("sequence"),
                "two instructions at once within a sequence of steps are not supported; \
                 import them as separate requests",
            ));
        }
        let mut p =
            plan_input_from_dosage(d, default_dose.clone()).map_err(|e| in_instruction(e, *i))?;
        if p.as_needed.is_some() || p.prescribed.as_ref().is_some_and(|x| x.needs_schedule) {
            return Err(Error::invalid(
                at("timing"),
                "a step of a sequence needs a schedule (not as needed, not text only)",
            ));
        }
        if p.prescribed.as_ref().is_some_and(|x| x.dose_min.is_some()) {
            return Err(Error::invalid(
                at("doseAndRate.doseRange"),
                "a dose range within a sequence of steps is not supported",
            ));
        }
        if let Some(t) = p.prescribed.as_ref().and_then(|x| x.text.clone()) {
            texts.push(t);
        }
        let days = match p.timing.repeat.bounds.take() {
            Some(TimingBounds::Duration { value, unit }) => {
                let per = match unit {
                    PeriodUnit::Day => 1.0,
                    PeriodUnit::Week => 7.0,
                    _ => {
                        return Err(Error::invalid(
                            at("timing.repeat.boundsDuration"),
                            "a step's length is in days (d) or weeks (wk)",
                        ))
                    }
                };
                let n = value * per;
                if n.fract() != 0.0 || !(1.0..=3650.0).contains(&n) {
                    return Err(Error::invalid(
                        at("timing.repeat.boundsDuration"),
                        "a step lasts a whole number of days, 1 to 3650",
                    ));
                }
                Some(n as u32)
            }
            None if k == last => None,
            None => {
                return Err(Error::invalid(
                    at("timing.repeat.boundsDuration"),
                    "every step but the last needs its length (boundsDuration)",
                ))
            }
            Some(TimingBounds::Period { .. }) => {
                return Err(Error::invalid(
                    at("timing.repeat.boundsPeriod"),
                    "a step of a sequence gives its length with boundsDuration, not dates",
                ))
            }
        };
        if p.timing.repeat.count.is_some() {
            return Err(Error::invalid(
                at("timing.repeat.count"),
                "a step of a sequence gives its length with boundsDuration, not a count",
            ));
        }
        steps.push(DoseStep {
            start: day,
            days,
            dose: p.dose.clone(),
            slot_doses: Vec::new(),
            timing: p.timing.clone(),
        });
        if let Some(n) = days {
            day = day + chrono::Days::new(u64::from(n));
            if k == last {
                end = day.pred_opt();
            }
        }
    }
    let lastp = steps.last().expect("at least two steps").clone();
    let mut plan = DosingPlanInput::new(lastp.dose, lastp.timing);
    plan.steps = steps;
    plan.start = start;
    plan.end = end;
    plan.prescribed = Some(Prescribed {
        text: (!texts.is_empty()).then(|| texts.join("; then ")),
        ..Prescribed::default()
    });
    Ok(plan)
}

/// Moves a sequence plan's steps (and end) so that they begin on `start`:
/// used when the request gave no start of its own.
pub fn move_steps_to(plan: &mut DosingPlanInput, start: NaiveDate) {
    let Some(first) = plan.steps.first().map(|s| s.start) else {
        return;
    };
    if first == start {
        return;
    }
    let shift = |d: NaiveDate| start + chrono::Days::new((d - first).num_days().max(0) as u64);
    for s in &mut plan.steps {
        s.start = shift(s.start);
    }
    plan.end = plan.end.map(shift);
}

/// Writes a medication and its plans as a FHIR R4 `MedicationRequest`
/// (status from the medication, intent `order`): the medication's coding
/// (from the plans' [`Prescribed`]) and name, the prescriber's notes, the
/// start as `authoredOn`, and a dosage per plan; a plan with steps writes
/// one dosage per step with `sequence` and `boundsDuration`.
pub fn medication_request_to_json(med: &Medication, plans: &[DosingPlan]) -> Value {
    let coding: Vec<Value> = plans
        .iter()
        .find_map(|p| {
            p.prescribed
                .as_ref()
                .filter(|x| !x.medication_coding.is_empty())
        })
        .map(|x| {
            x.medication_coding
                .iter()
                .map(|c| {
                    let mut o = Map::new();
                    for (k, v) in [
                        ("system", &c.system),
                        ("code", &c.code),
                        ("display", &c.display),
                    ] {
                        if let Some(v) = v {
                            o.insert(k.into(), v.clone().into());
                        }
                    }
                    Value::Object(o)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut cc = Map::new();
    if !coding.is_empty() {
        cc.insert("coding".into(), Value::Array(coding));
    }
    cc.insert("text".into(), med.name.clone().into());
    let mut dosages = Vec::new();
    for p in plans {
        if p.steps.is_empty() {
            let mut d = dosage_of_plan(p);
            if d.patient_instruction.is_none() && !med.instructions.is_empty() && plans.len() == 1 {
                d.patient_instruction = Some(med.instructions.clone());
            }
            dosages.push(dosage_to_json(&d));
            continue;
        }
        for (i, s) in p.steps.iter().enumerate() {
            let mut timing = timing_to_json(&s.timing);
            if let Some(days) = s.days {
                timing["repeat"]["boundsDuration"] = json!({
                    "value": days, "unit": "d", "system": "http://unitsofmeasure.org", "code": "d"
                });
            }
            dosages.push(json!({
                "sequence": i + 1,
                "timing": timing,
                "doseAndRate": [{ "doseQuantity": {
                    "value": decimal(s.dose.amount), "unit": s.dose.unit
                } }],
            }));
        }
    }
    let mut o = Map::new();
    o.insert("resourceType".into(), "MedicationRequest".into());
    o.insert(
        "status".into(),
        match med.status {
            MedicationStatus::Active => "active",
            MedicationStatus::Stopped => "stopped",
        }
        .into(),
    );
    o.insert("intent".into(), "order".into());
    o.insert("medicationCodeableConcept".into(), Value::Object(cc));
    let start = plans
        .iter()
        .filter_map(|p| p.start)
        .min()
        .or(med.started_on);
    if let Some(s) = start {
        o.insert("authoredOn".into(), s.format("%Y-%m-%d").to_string().into());
    }
    if !med.prescriber_notes.is_empty() {
        o.insert(
            "note".into(),
            json!(med
                .prescriber_notes
                .lines()
                .map(|l| json!({ "text": l }))
                .collect::<Vec<_>>()),
        );
    }
    o.insert("dosageInstruction".into(), Value::Array(dosages));
    Value::Object(o)
}
