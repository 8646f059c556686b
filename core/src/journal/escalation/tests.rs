//! Escalation triggers: the built-in PHQ-9 item 9 rule and the care team's rules.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::journal::{score, EntryKind, QuestionnaireAnswers, SideEffect};
use crate::journal::{CareContact, CareRole, CrisisResource, EscalationContacts};

const LAMOTRIGINE: &str = "7d1f7a52-9a53-4b8e-9a5e-2f0a9c1e0b11";
const SERTRALINE: &str = "6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10";

fn entry(detail: EntryDetail) -> JournalEntry {
    let at = Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap();
    let score = match &detail {
        EntryDetail::Questionnaire { questionnaire } => Some(score(questionnaire).unwrap()),
        _ => None,
    };
    JournalEntry {
        id: "0b5a3a4e-5d0c-4f8e-8f59-8c0b1c2d3e4f".into(),
        kind: EntryKind::of(&detail),
        occurred_at: at,
        zone: chrono_tz::UTC,
        local_date: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        detail,
        note: String::new(),
        shareable: false,
        goal_ids: vec![],
        score,
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

fn side_effect(symptom: Symptom, severity: Severity, meds: &[&str]) -> JournalEntry {
    entry(EntryDetail::SideEffect {
        side_effect: SideEffect {
            symptom,
            description: String::new(),
            severity,
            started_on: None,
            resolved_on: None,
            medication_ids: meds.iter().map(|m| m.to_string()).collect(),
            bother: None,
            prescriber_knows: false,
        },
    })
}

fn phq9(values: [u32; 9]) -> JournalEntry {
    entry(EntryDetail::Questionnaire {
        questionnaire: QuestionnaireAnswers {
            instrument: Instrument::Phq9,
            answers: values.iter().map(|v| Some(*v)).collect(),
            difficulty: None,
        },
    })
}

fn rule(id: &str, trigger: EscalationTrigger, action: EscalationAction) -> EscalationRule {
    EscalationRule {
        id: id.into(),
        trigger,
        action,
        instructions: String::new(),
        created_at: Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
    }
}

fn rash_on_lamotrigine() -> EscalationRule {
    EscalationRule {
        instructions: "Stop taking it until we have spoken.".into(),
        ..rule(
            "r-rash",
            EscalationTrigger::SymptomWhileOnMedication {
                symptom: Symptom::Rash,
                medication_id: LAMOTRIGINE.into(),
                min_severity: Severity::Mild,
            },
            EscalationAction::ContactPrescriberToday,
        )
    }
}

fn severe_side_effect() -> EscalationRule {
    rule(
        "r-severe",
        EscalationTrigger::SideEffectAtLeast {
            min_severity: Severity::Severe,
        },
        EscalationAction::ContactPrescriber,
    )
}

fn meds(taking_lamotrigine: bool) -> Vec<MedicationOnDate> {
    vec![
        MedicationOnDate {
            id: LAMOTRIGINE.into(),
            name: "Lamotrigine".into(),
            taking: taking_lamotrigine,
        },
        MedicationOnDate {
            id: SERTRALINE.into(),
            name: "Sertraline".into(),
            taking: true,
        },
    ]
}

fn contacts() -> EscalationContacts {
    EscalationContacts {
        care_team: vec![
            CareContact {
                role: CareRole::Prescriber,
                name: "Dr Rivera".into(),
                phone: "+1 555 0100".into(),
                email: String::new(),
                availability: "Mon-Fri 9-17".into(),
            },
            CareContact {
                role: CareRole::Therapist,
                name: "Jo".into(),
                phone: String::new(),
                email: "jo@example.org".into(),
                availability: String::new(),
            },
        ],
        crisis_resources: vec![CrisisResource {
            name: "Local crisis line".into(),
            phone: "555-0199".into(),
            text_number: String::new(),
            url: String::new(),
            availability: "24/7".into(),
        }],
    }
}

fn value<'a>(e: &'a Escalation, name: &str) -> &'a str {
    &e.parameters.iter().find(|p| p.name == name).unwrap().value
}

#[test]
fn phq9_item_9_always_goes_to_the_crisis_path_even_without_rules_or_contacts() {
    for answer in 1..=3 {
        let mut values = [0; 9];
        values[8] = answer;
        let out = evaluate(&phq9(values), &[], &[], &EscalationContacts::default());
        assert_eq!(out.len(), 1, "answer {answer}");
        let e = &out[0];
        assert_eq!(
            (e.reason, e.action),
            (EscalationReason::SelfHarmThoughts, EscalationAction::Crisis)
        );
        assert_eq!(e.reason.code(), "phq9_item9");
        assert_eq!(e.rule_id, None);
        assert_eq!(value(e, "answer"), answer.to_string());
        assert_eq!(value(e, "item_loinc"), "44260-8");
        assert!(
            e.message.contains("local emergency number"),
            "{}",
            e.message
        );
    }
    // Item 9 at 0 with the highest possible total: no crisis.
    assert!(evaluate(&phq9([3, 3, 3, 3, 3, 3, 3, 3, 0]), &[], &[], &contacts()).is_empty());
}

#[test]
fn a_crisis_lists_every_configured_contact_and_crisis_resource() {
    let out = evaluate(&phq9([0, 0, 0, 0, 0, 0, 0, 0, 2]), &[], &[], &contacts());
    assert_eq!(out[0].contacts.len(), 2);
    assert_eq!(out[0].crisis_resources[0].phone, "555-0199");
}

#[test]
fn rash_while_on_lamotrigine_means_contact_the_prescriber_today() {
    let rules = [rash_on_lamotrigine(), severe_side_effect()];
    let out = evaluate(
        &side_effect(Symptom::Rash, Severity::Mild, &[]),
        &rules,
        &meds(true),
        &contacts(),
    );
    assert_eq!(out.len(), 1);
    let e = &out[0];
    assert_eq!(e.reason, EscalationReason::SymptomWhileOnMedication);
    assert_eq!(e.action, EscalationAction::ContactPrescriberToday);
    assert_eq!(e.rule_id.as_deref(), Some("r-rash"));
    assert_eq!(
        e.message,
        "Rash while taking Lamotrigine: contact your prescriber today."
    );
    assert_eq!(e.instructions, "Stop taking it until we have spoken.");
    assert_eq!(value(e, "medication_id"), LAMOTRIGINE);
    assert_eq!(value(e, "severity"), "mild");
    // Only the prescriber is shown, and no crisis lines.
    assert_eq!(e.contacts.len(), 1);
    assert_eq!(e.contacts[0].name, "Dr Rivera");
    assert!(e.crisis_resources.is_empty());
}

#[test]
fn the_rash_rule_needs_the_medication_and_a_rash() {
    let rules = [rash_on_lamotrigine()];
    // Not taking it and not linked: nothing.
    assert!(evaluate(
        &side_effect(Symptom::Rash, Severity::Moderate, &[]),
        &rules,
        &meds(false),
        &contacts()
    )
    .is_empty());
    // Stopped, but the person links the rash to it: fires.
    let linked = side_effect(Symptom::Rash, Severity::Moderate, &[LAMOTRIGINE]);
    assert_eq!(
        evaluate(&linked, &rules, &meds(false), &contacts()).len(),
        1
    );
    // Another symptom, or a rash rated none: nothing.
    assert!(evaluate(
        &side_effect(Symptom::Nausea, Severity::Severe, &[]),
        &rules,
        &meds(true),
        &contacts()
    )
    .is_empty());
    assert!(evaluate(
        &side_effect(Symptom::Rash, Severity::None, &[]),
        &rules,
        &meds(true),
        &contacts()
    )
    .is_empty());
}

#[test]
fn severity_rules_fire_at_their_threshold_and_above() {
    let rules = [severe_side_effect()];
    for (severity, fires) in [
        (Severity::None, false),
        (Severity::Mild, false),
        (Severity::Moderate, false),
        (Severity::Severe, true),
    ] {
        let out = evaluate(
            &side_effect(Symptom::Nausea, severity, &[]),
            &rules,
            &meds(true),
            &contacts(),
        );
        assert_eq!(out.len(), usize::from(fires), "{severity:?}");
    }
    let out = evaluate(
        &side_effect(Symptom::Nausea, Severity::Severe, &[]),
        &rules,
        &[],
        &contacts(),
    );
    assert_eq!(out[0].message, "Severe nausea: contact your prescriber.");
}

#[test]
fn questionnaire_thresholds_and_the_crisis_comes_first() {
    let rules = [rule(
        "r-phq",
        EscalationTrigger::QuestionnaireTotalAtLeast {
            instrument: Instrument::Phq9,
            min_total: 15,
        },
        EscalationAction::ContactTherapist,
    )];
    assert!(evaluate(&phq9([2, 2, 2, 2, 2, 2, 2, 0, 0]), &rules, &[], &contacts()).is_empty());
    let out = evaluate(&phq9([2, 2, 2, 2, 2, 2, 2, 0, 1]), &rules, &[], &contacts());
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].action, EscalationAction::Crisis);
    assert_eq!(out[1].action, EscalationAction::ContactTherapist);
    assert_eq!(
        out[1].message,
        "PHQ-9 total 15 of 27 (moderately severe): contact your therapist."
    );
    assert_eq!(out[1].contacts[0].name, "Jo");
    assert_eq!(value(&out[1], "band"), "moderately_severe");
}

#[test]
fn rules_and_contacts_are_validated() {
    let bad = EscalationRuleInput {
        trigger: EscalationTrigger::QuestionnaireTotalAtLeast {
            instrument: Instrument::Gad7,
            min_total: 22,
        },
        action: EscalationAction::ContactTherapist,
        instructions: String::new(),
    };
    assert!(bad
        .validate()
        .unwrap_err()
        .to_string()
        .contains("min_total"));
    let none = EscalationRuleInput {
        trigger: EscalationTrigger::SideEffectAtLeast {
            min_severity: Severity::None,
        },
        ..bad
    };
    assert!(none
        .validate()
        .unwrap_err()
        .to_string()
        .contains("min_severity"));
    let mut c = contacts();
    c.crisis_resources[0].phone.clear();
    let e = c.validate().unwrap_err();
    assert!(e.to_string().contains("crisis_resources[0].phone"));
    assert!(contacts().validate().is_ok());
}
