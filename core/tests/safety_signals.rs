//! Safety signals travel with the data they come from: a PHQ-9 with item 9
//! above 0 (questionnaires granted) and a severe side effect (side effects
//! granted) come first in the clinician update, the report (HTML and text)
//! and the FHIR export; nothing from a category not granted.

mod care_common;

use chrono::Duration;

use cadence_core::care::{
    clinician_update, fhir, ClinicianUpdate, ConsentCategory, MemberRole, SafetySignalKind,
};
use cadence_core::journal::{
    EntryDetail, Instrument, QuestionnaireAnswers, Severity, SideEffect, Symptom,
};
use cadence_core::report::{html_of, text_of};
use cadence_core::App;
use care_common::*;

fn client() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("c.db"), None).unwrap();
    let at = t0() - Duration::days(5);
    let q = EntryDetail::Questionnaire {
        questionnaire: QuestionnaireAnswers {
            instrument: Instrument::Phq9,
            answers: vec![
                Some(2),
                Some(2),
                Some(2),
                Some(2),
                Some(2),
                Some(1),
                Some(1),
                Some(0),
                Some(2),
            ],
            difficulty: None,
        },
    };
    store
        .add_journal_entry(&entry(q, at, "", false), t0())
        .unwrap();
    let se = EntryDetail::SideEffect {
        side_effect: SideEffect {
            symptom: Symptom::ALL[0],
            description: String::new(),
            severity: Severity::Severe,
            started_on: None,
            resolved_on: None,
            medication_ids: vec![],
            bother: Some(9),
            prescriber_knows: false,
        },
    };
    store
        .add_journal_entry(&entry(se, at, "", false), t0())
        .unwrap();
    (dir, store)
}

fn disclosure(store: &App, categories: &[ConsentCategory]) -> cadence_core::care::Disclosure {
    let m = member(store, MemberRole::Therapist);
    let from = (t0() - Duration::days(30)).date_naive();
    store
        .grant_consent(&grant_input(&m.id, categories, from, None), t0())
        .unwrap();
    store
        .disclosure_for(&m.id, from, t0().date_naive(), t0())
        .unwrap()
}

#[test]
fn phq9_item_9_is_flagged_first_everywhere_when_questionnaires_are_shared() {
    let (_dir, store) = client();
    let d = disclosure(&store, &[ConsentCategory::Questionnaires]);
    let u = clinician_update(&d);
    assert_eq!(u.safety.len(), 1, "{:?}", u.safety);
    let s = &u.safety[0];
    assert_eq!(s.kind, SafetySignalKind::SelfHarmThoughts);
    assert_eq!(s.item_score, Some(2));
    assert!(s.message.contains("question 9"), "{}", s.message);
    // The summary of the bundle shows the same signal.
    assert_eq!(u.questionnaires.len(), 1);

    let html = html_of(&d);
    let top = html
        .find("<section class=\"safety\"")
        .expect("a safety section");
    assert!(html.contains("question 9"));
    // At the top: before every other section.
    assert!(
        html[..top].matches("<h2").count() == 0,
        "safety comes first"
    );

    let text = text_of(&d);
    let first = text.lines().find(|l| l.starts_with("SAFETY:")).unwrap();
    assert!(first.contains("question 9"));
    assert!(text.find("SAFETY:").unwrap() < text.find("Cadence update").unwrap());

    let bundle = fhir::export_bundle(&d, t0());
    let item9: Vec<_> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| {
            r["resourceType"] == "Observation" && r["code"]["coding"][0]["code"] == "44260-8"
        })
        .collect();
    assert_eq!(item9.len(), 1);
    assert_eq!(item9[0]["interpretation"][0]["coding"][0]["code"], "AA");
    assert_eq!(
        item9[0]["valueCodeableConcept"]["coding"][0]["code"],
        "LA6570-1"
    );
    // No side effect in a questionnaires-only disclosure.
    assert!(u
        .safety
        .iter()
        .all(|s| s.kind != SafetySignalKind::SevereSideEffect));
}

#[test]
fn a_severe_side_effect_is_flagged_when_side_effects_are_shared() {
    let (_dir, store) = client();
    let d = disclosure(&store, &[ConsentCategory::SideEffects]);
    let u = clinician_update(&d);
    assert_eq!(u.safety.len(), 1, "{:?}", u.safety);
    assert_eq!(u.safety[0].kind, SafetySignalKind::SevereSideEffect);
    assert_eq!(u.safety[0].item_score, None);
    assert!(html_of(&d).contains("Severe side effect"));
    assert!(text_of(&d).contains("SAFETY: Severe side effect"));
    let json = fhir::export_json(&d, t0());
    assert!(json.contains("\"AA\""));
    assert!(
        !json.contains("44260-8"),
        "no questionnaire without its grant"
    );
}

#[test]
fn nothing_is_flagged_from_categories_not_granted() {
    let (_dir, store) = client();
    let d = disclosure(&store, &[ConsentCategory::Mood, ConsentCategory::DoseLog]);
    let u = clinician_update(&d);
    assert!(u.safety.is_empty());
    assert!(!html_of(&d).contains("Safety signals"));
    assert!(!text_of(&d).contains("SAFETY"));
    let json = fhir::export_json(&d, t0());
    assert!(!json.contains("44260-8") && !json.contains("\"AA\""));
}

#[test]
fn an_update_from_before_safety_signals_still_reads() {
    let old = serde_json::json!({
        "adherence": null, "flagged": [], "side_effects": [], "mood": null,
        "questionnaires": [], "goals": [], "questions": []
    });
    let u: ClinicianUpdate = serde_json::from_value(old).unwrap();
    assert!(u.safety.is_empty());
}
