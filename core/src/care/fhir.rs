//! FHIR R4 export of a [`Disclosure`]: a Bundle of type `collection` with a
//! pseudonymous Patient, MedicationRequest (a dosageInstruction per plan, or
//! per step of a titration or taper, in `sequence`, with `text`,
//! `patientInstruction` and the dates in `timing.repeat.boundsPeriod`),
//! MedicationAdministration per logged dose (`completed`, or `not-done` with
//! statusReason), Observations for mood and side effects (a side effect from
//! its onset, with its linked medications as `focus` and its bother score),
//! QuestionnaireResponse plus a total-score Observation (`derivedFrom` the
//! response) for PHQ-9/GAD-7 with LOINC codes, and one Consent per grant used.
//!
//! Safety signals travel as Observations with an `interpretation` (not a
//! Flag resource: a Flag would need an author and a status the client's data
//! cannot give, and the Observation keeps the signal beside the answer it
//! comes from): a PHQ-9 with item 9 above 0 adds an Observation for item 9
//! (LOINC 44260-8, the answer as a LOINC answer code, `derivedFrom` the
//! response) interpreted `AA` (critical abnormal, v3-ObservationInterpretation);
//! a side effect rated severe carries the same `AA` interpretation on its
//! own Observation.
//!
//! Built only from a [`Disclosure`], so it holds exactly what the policy
//! allows. Resource ids are fresh random UUIDs: nothing in the export
//! identifies the person or links it to the local database.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use super::disclosure::Disclosure;
use super::team::MemberRole;
use crate::journal::{EntryDetail, JournalEntry};
use crate::model::{DoseLogEntry, LogStatus, Medication, MedicationStatus};
use crate::schedule::fhir::{dosage_of_plan, dosage_to_json};

const LOINC: &str = "http://loinc.org";
const CADENCE_CATEGORY: &str = "urn:cadence:consent-category";
const OBS_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const INTERPRETATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

/// The `interpretation` of a safety signal: critical abnormal.
fn critical(text: &str) -> Value {
    json!([{ "coding": [{ "system": INTERPRETATION, "code": "AA", "display": "Critical abnormal" }], "text": text }])
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn urn(id: &str) -> String {
    format!("urn:uuid:{id}")
}

fn reference(id: &str) -> Value {
    json!({ "reference": urn(id) })
}

fn category(code: &str) -> Value {
    json!([{ "coding": [{ "system": OBS_CATEGORY, "code": code }] }])
}

struct Builder {
    patient: String,
    entries: Vec<Value>,
}

impl Builder {
    fn push(&mut self, id: &str, mut resource: Map<String, Value>) {
        resource.insert("id".into(), Value::String(id.into()));
        self.entries
            .push(json!({ "fullUrl": urn(id), "resource": resource }));
    }

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
}

fn medication_concept(m: Option<&Medication>) -> Value {
    match m {
        Some(m) => {
            let text = match &m.strength {
                Some(s) => format!("{} {} {}", m.name, s.amount, s.unit),
                None => m.name.clone(),
            };
            json!({ "text": text })
        }
        None => json!({ "text": "medication (not shared)" }),
    }
}

/// The Bundle (as JSON) for `d`, stamped at `now`.
pub fn export_bundle(d: &Disclosure, now: DateTime<Utc>) -> Value {
    let mut b = Builder {
        patient: uuid(),
        entries: Vec::new(),
    };
    let patient = b.patient.clone();
    b.push(
        &patient,
        Builder::obj(json!({
            "resourceType": "Patient",
            "meta": { "tag": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "code": "PSEUDED" }] },
            "active": true
        })),
    );
    consents(&mut b, d, now);
    let requests = medications(&mut b, d);
    for e in &d.dose_log {
        administration(&mut b, d, e, &requests);
    }
    for e in d.mood.iter().chain(&d.side_effects) {
        observation(&mut b, e, &requests);
    }
    for e in &d.questionnaires {
        questionnaire(&mut b, e);
    }
    json!({
        "resourceType": "Bundle",
        "id": uuid(),
        "type": "collection",
        "timestamp": instant(now),
        "entry": b.entries,
    })
}

/// The Bundle for `d` as pretty JSON text.
pub fn export_json(d: &Disclosure, now: DateTime<Utc>) -> String {
    serde_json::to_string_pretty(&export_bundle(d, now)).unwrap_or_default()
}

fn role_code(role: MemberRole) -> (&'static str, &'static str) {
    match role {
        MemberRole::Therapist | MemberRole::Prescriber => ("PROV", "healthcare provider"),
        MemberRole::Pharmacist => ("PROV", "healthcare provider"),
        MemberRole::Caregiver => ("CAREGIVER", "caregiver"),
        MemberRole::Other => ("IRCP", "information recipient"),
    }
}

fn consents(b: &mut Builder, d: &Disclosure, now: DateTime<Utc>) {
    let (code, display) = role_code(d.member.role);
    for g in &d.grants {
        let codes: Vec<Value> = g
            .categories
            .iter()
            .map(|c| json!({ "coding": [{ "system": CADENCE_CATEGORY, "code": c.code() }] }))
            .collect();
        let id = uuid();
        let consent = json!({
            "resourceType": "Consent",
            "status": "active",
            "scope": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy" }] },
            "category": [{ "coding": [{ "system": LOINC, "code": "59284-0" }] }],
            "patient": reference(&b.patient),
            "dateTime": instant(now),
            "policyRule": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN" }] },
            "provision": {
                "type": "permit",
                "actor": [{
                    "role": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-RoleClass", "code": code, "display": display }] },
                    "reference": { "display": display }
                }],
                "action": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/consentaction", "code": "disclose" }] }],
                "purpose": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "TREAT" }],
                "code": codes,
                "dataPeriod": { "start": g.from.to_string(), "end": g.to.to_string() }
            }
        });
        b.push(&id, Builder::obj(consent));
    }
}

/// MedicationRequests, one per medication; returns medication id ->
/// request id. Each plan version is a `dosageInstruction` with `text` (the
/// plan in words), `patientInstruction` (the medication's instructions) and
/// its dates as `timing.repeat.boundsPeriod`; a titration or taper is one
/// `dosageInstruction` per step, in order. `sequence` orders them: one
/// number per instruction that follows the one before (a step, a plan
/// after an ended plan); instructions in force side by side share one.
fn medications(b: &mut Builder, d: &Disclosure) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for dm in &d.medications {
        let m = &dm.medication;
        let id = uuid();
        let status = match m.status {
            MedicationStatus::Active => "active",
            _ => "stopped",
        };
        let dosage = dosage_instructions(m, &dm.plans);
        let mut r = Builder::obj(json!({
            "resourceType": "MedicationRequest",
            "status": status,
            "intent": "order",
            "medicationCodeableConcept": medication_concept(Some(m)),
            "subject": reference(&b.patient),
        }));
        if !dosage.is_empty() {
            r.insert("dosageInstruction".into(), Value::Array(dosage));
        }
        b.push(&id, r);
        out.insert(m.id.clone(), id);
    }
    out
}

/// A `dosageInstruction` with its first and last day (`None`: open).
type Instruction = (Option<NaiveDate>, Option<NaiveDate>, Map<String, Value>);

/// The `dosageInstruction`s of a medication's plans (see [`medications`]).
fn dosage_instructions(m: &Medication, plans: &[crate::schedule::DosingPlan]) -> Vec<Value> {
    use crate::schedule::timing::{BoundaryPoint, TimingBounds};
    use crate::schedule::words::{dose_words, plan_words, timing_words};
    let bounded =
        |mut t: crate::schedule::Timing, from: Option<NaiveDate>, to: Option<NaiveDate>| {
            if t.repeat.bounds.is_none() && (from.is_some() || to.is_some()) {
                t.repeat.bounds = Some(TimingBounds::Period {
                    start: from.map(|date| BoundaryPoint::Date { date }),
                    end: to.map(|date| BoundaryPoint::Date { date }),
                });
            }
            t
        };
    // (first day, last day, the instruction)
    let mut items: Vec<Instruction> = Vec::new();
    for p in plans {
        let base = dosage_of_plan(p);
        if p.steps.is_empty() {
            let mut dosage = base;
            dosage.text = Some(plan_words(p));
            dosage.timing = dosage.timing.map(|t| bounded(t, p.start, p.end));
            if let Value::Object(o) = dosage_to_json(&dosage) {
                items.push((p.start, p.end, o));
            }
            continue;
        }
        for (i, s) in p.steps.iter().enumerate() {
            let last = match (s.days, p.steps.get(i + 1)) {
                (Some(days), _) => Some(s.start + chrono::Duration::days(i64::from(days) - 1)),
                (None, _) => p.end,
            };
            let mut dosage = base.clone();
            dosage.text = Some(format!(
                "step {} of {}: {} {}",
                i + 1,
                p.steps.len(),
                dose_words(&s.dose),
                timing_words(&s.timing)
            ));
            dosage.timing = Some(bounded(s.timing.clone(), Some(s.start), last));
            dosage.dose = Some(crate::schedule::fhir::Quantity {
                value: s.dose.amount,
                unit: Some(s.dose.unit.to_string()),
                system: None,
                code: None,
            });
            if let Value::Object(o) = dosage_to_json(&dosage) {
                items.push((Some(s.start), last, o));
            }
        }
    }
    items.sort_by_key(|(from, _, _)| *from);
    // The group in force so far ends on `group_end` (`None`: open-ended).
    let mut sequence = 0u32;
    let mut group_end: Option<NaiveDate> = None;
    items
        .into_iter()
        .map(|(from, to, mut o)| {
            let follows = sequence == 0
                || matches!((group_end, from), (Some(end), Some(start)) if start > end);
            if follows {
                sequence += 1;
                group_end = to;
            } else {
                group_end = group_end.zip(to).map(|(a, b)| a.max(b));
            }
            let mut out = Map::new();
            out.insert("sequence".into(), json!(sequence));
            out.append(&mut o);
            if !m.instructions.trim().is_empty() {
                out.insert("patientInstruction".into(), json!(m.instructions));
            }
            Value::Object(out)
        })
        .collect()
}

fn administration(
    b: &mut Builder,
    d: &Disclosure,
    e: &DoseLogEntry,
    requests: &HashMap<String, String>,
) {
    let Some(at) = e.taken_at.or(e.scheduled_at) else {
        return;
    };
    let status = match e.status {
        LogStatus::Taken => "completed",
        LogStatus::Skipped => "not-done",
        LogStatus::Undone => return,
    };
    let med = d
        .medications
        .iter()
        .find(|m| m.medication.id == e.medication_id)
        .map(|m| &m.medication);
    let mut r = Builder::obj(json!({
        "resourceType": "MedicationAdministration",
        "status": status,
        "medicationCodeableConcept": medication_concept(med),
        "subject": reference(&b.patient),
        "effectiveDateTime": instant(at),
        "performer": [{ "actor": reference(&b.patient) }],
    }));
    if e.status == LogStatus::Skipped {
        let reason = e.skip_reason.map_or("not stated", |r| r.code());
        r.insert(
            "statusReason".into(),
            json!([{ "coding": [{ "system": "urn:cadence:skip-reason", "code": reason }], "text": reason }]),
        );
    }
    if let Some(req) = requests.get(&e.medication_id) {
        r.insert("request".into(), reference(req));
    }
    if let (Some(amount), Some(unit), LogStatus::Taken) = (e.amount, &e.unit, e.status) {
        if amount.is_finite() {
            r.insert(
                "dosage".into(),
                json!({ "dose": { "value": amount, "unit": unit } }),
            );
        }
    }
    b.push(&uuid(), r);
}

fn note(r: &mut Map<String, Value>, e: &JournalEntry) {
    if !e.note.is_empty() {
        r.insert("note".into(), json!([{ "text": e.note }]));
    }
}

/// A mood check-in or a side effect as an Observation. A side effect is
/// effective from its onset (`effectivePeriod`, to the day it resolved) with
/// the logged instant as `issued`, its linked medications as `focus` (their
/// MedicationRequests, when the medication list is shared) and the bother
/// score (0-10) as a component.
fn observation(b: &mut Builder, e: &JournalEntry, requests: &HashMap<String, String>) {
    let mut r = match &e.detail {
        EntryDetail::Mood { mood } => {
            let mut components = Vec::new();
            let mut add = |text: &str, v: Option<f64>, unit: &str| {
                if let Some(v) = v.filter(|v| v.is_finite()) {
                    components.push(json!({
                        "code": { "text": text },
                        "valueQuantity": { "value": v, "unit": unit }
                    }));
                }
            };
            add("energy (0-10)", mood.energy.map(f64::from), "score");
            add("anxiety (0-10)", mood.anxiety.map(f64::from), "score");
            add("sleep duration", mood.sleep_hours, "h");
            add(
                "sleep quality (1-5)",
                mood.sleep_quality.map(f64::from),
                "score",
            );
            let mut r = Builder::obj(json!({
                "resourceType": "Observation",
                "status": "final",
                "category": category("survey"),
                "code": { "text": "mood valence (-3 to 3)" },
                "valueInteger": mood.valence,
            }));
            if !components.is_empty() {
                r.insert("component".into(), Value::Array(components));
            }
            r
        }
        EntryDetail::SideEffect { side_effect } => {
            let mut r = Builder::obj(json!({
                "resourceType": "Observation",
                "status": "final",
                "category": category("survey"),
                "code": { "coding": [{ "system": "urn:cadence:symptom", "code": side_effect.symptom.code() }], "text": side_effect.symptom.label() },
                "valueCodeableConcept": { "coding": [{ "system": "urn:cadence:severity", "code": side_effect.severity.code() }], "text": side_effect.severity.code() },
            }));
            if side_effect.severity == crate::journal::Severity::Severe {
                r.insert(
                    "interpretation".into(),
                    critical("safety signal: severe side effect"),
                );
            }
            if let Some(bother) = side_effect.bother {
                r.insert(
                    "component".into(),
                    json!([{
                        "code": { "text": "how much it bothers the person (0-10)" },
                        "valueInteger": bother
                    }]),
                );
            }
            let focus: Vec<Value> = side_effect
                .medication_ids
                .iter()
                .filter_map(|m| requests.get(m))
                .map(|req| reference(req))
                .collect();
            if !focus.is_empty() {
                r.insert("focus".into(), Value::Array(focus));
            }
            if let Some(onset) = side_effect.started_on {
                let mut period = Map::new();
                period.insert("start".into(), json!(onset.to_string()));
                if let Some(end) = side_effect.resolved_on {
                    period.insert("end".into(), json!(end.to_string()));
                }
                r.insert("effectivePeriod".into(), Value::Object(period));
                r.insert("issued".into(), json!(instant(e.occurred_at)));
            }
            r
        }
        _ => return,
    };
    r.insert("subject".into(), reference(&b.patient));
    if !r.contains_key("effectivePeriod") {
        r.insert("effectiveDateTime".into(), json!(instant(e.occurred_at)));
    }
    note(&mut r, e);
    b.push(&uuid(), r);
}

fn questionnaire(b: &mut Builder, e: &JournalEntry) {
    let Some(score) = &e.score else {
        return;
    };
    let mut items: Vec<Value> = score
        .items
        .iter()
        .map(|i| {
            json!({
                "linkId": i.loinc,
                "answer": [{ "valueCoding": { "system": LOINC, "code": i.answer_loinc } }]
            })
        })
        .collect();
    if let (Some(q), Some(a)) = (&score.difficulty_loinc, &score.difficulty_answer_loinc) {
        items.push(json!({
            "linkId": q,
            "answer": [{ "valueCoding": { "system": LOINC, "code": a } }]
        }));
    }
    let qr_id = uuid();
    let qr = json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": format!("http://loinc.org/q/{}", score.panel_loinc),
        "status": "completed",
        "subject": reference(&b.patient),
        "authored": instant(e.occurred_at),
        "item": items,
    });
    b.push(&qr_id, Builder::obj(qr));
    let obs = json!({
        "resourceType": "Observation",
        "status": "final",
        "category": category("survey"),
        "code": { "coding": [{ "system": LOINC, "code": score.total_loinc, "display": format!("{} total score", score.instrument.name()) }] },
        "subject": reference(&b.patient),
        "effectiveDateTime": instant(e.occurred_at),
        "valueInteger": score.total,
        "interpretation": [{ "text": score.band.label() }],
        "derivedFrom": [reference(&qr_id)],
    });
    let mut obs = Builder::obj(obs);
    note(&mut obs, e);
    b.push(&uuid(), obs);
    if score.self_harm_risk {
        if let Some(item) = score.items.get(8) {
            let signal = json!({
                "resourceType": "Observation",
                "status": "final",
                "category": category("survey"),
                "code": { "coding": [{ "system": LOINC, "code": item.loinc, "display": "PHQ-9 item 9: thoughts that you would be better off dead, or of hurting yourself" }] },
                "subject": reference(&b.patient),
                "effectiveDateTime": instant(e.occurred_at),
                "valueCodeableConcept": { "coding": [{ "system": LOINC, "code": item.answer_loinc }], "text": format!("{} of 3", item.answer) },
                "interpretation": critical("safety signal: PHQ-9 item 9 above 0"),
                "derivedFrom": [reference(&qr_id)],
            });
            b.push(&uuid(), Builder::obj(signal));
        }
    }
}

/// The local date range `from..=to` as text, for file names.
pub fn period_label(from: NaiveDate, to: NaiveDate) -> String {
    format!("{from}_{to}")
}
