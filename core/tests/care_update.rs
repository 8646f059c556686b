//! The clinician update inside a share bundle holds only what the grants
//! allow: a section whose category is not granted stays empty.

mod care_common;

use cadence_core::care::{clinician_update, ConsentCategory, MemberRole};
use cadence_core::App;
use care_common::*;

fn update_for(store: &App, categories: &[ConsentCategory]) -> cadence_core::care::ClinicianUpdate {
    let m = member(store, MemberRole::Prescriber);
    store
        .grant_consent(&grant_input(&m.id, categories, day(0), None), t0())
        .unwrap();
    let d = store
        .disclosure_for(&m.id, day(0), day(DAYS), t0())
        .unwrap();
    clinician_update(&d)
}

#[test]
fn sections_follow_the_granted_categories() {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("c.db"), None).unwrap();
    seed(&store);

    let only_mood = update_for(&store, &[ConsentCategory::Mood]);
    assert!(only_mood.mood.is_some_and(|m| m.check_ins > 0));
    assert!(only_mood.adherence.is_none(), "dose log not granted");
    assert!(only_mood.side_effects.is_empty());
    assert!(only_mood.questionnaires.is_empty());
    assert!(only_mood.questions.is_empty());

    let all = update_for(
        &store,
        &[
            ConsentCategory::DoseLog,
            ConsentCategory::SideEffects,
            ConsentCategory::Questionnaires,
            ConsentCategory::ShareableNotes,
        ],
    );
    assert!(all.adherence.is_some());
    assert!(
        all.adherence.as_ref().unwrap().medications.is_empty(),
        "names need the medication list"
    );
    assert!(!all.side_effects.is_empty());
    assert!(!all.questionnaires.is_empty());
    assert!(all.mood.is_none(), "mood not granted");
    // Private notes never become "questions".
    assert!(all.questions.iter().all(|q| !q.contains(SECRET)));
}
