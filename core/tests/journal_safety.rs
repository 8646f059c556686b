//! Escalations through the store, goals, links that stay consistent when
//! medications are purged, and bad input with typed errors (nothing stored).

mod journal_common;

use cadence_core::journal::{
    CareContact, CareRole, CrisisResource, EntryDetail, EscalationAction, EscalationContacts,
    EscalationReason, EscalationRuleInput, EscalationTrigger, GoalCheckIn, GoalInput, Instrument,
    JournalEntryInput, JournalQuery, LifeArea, QuestionnaireAnswers, Severity, Symptom,
};
use cadence_core::Error;
use journal_common::*;

fn contacts() -> EscalationContacts {
    EscalationContacts {
        care_team: vec![CareContact {
            role: CareRole::Prescriber,
            name: "Dr Rivera".into(),
            phone: "555-0100".into(),
            email: String::new(),
            availability: String::new(),
        }],
        crisis_resources: vec![CrisisResource {
            name: "Crisis line".into(),
            phone: "555-0199".into(),
            text_number: String::new(),
            url: String::new(),
            availability: "24/7".into(),
        }],
    }
}

#[test]
fn phq9_item_9_escalates_to_crisis_with_the_configured_resources() {
    let (_dir, store) = open();
    // Even before anything is configured.
    let bare = store
        .add_journal_entry(
            &entry(
                questionnaire(Instrument::Phq9, &[0, 0, 0, 0, 0, 0, 0, 0, 1]),
                at(1),
            ),
            now(),
        )
        .unwrap();
    assert_eq!(bare.escalations.len(), 1);
    assert_eq!(bare.escalations[0].action, EscalationAction::Crisis);
    assert!(bare.escalations[0].crisis_resources.is_empty());
    store.set_escalation_contacts(&contacts()).unwrap();
    assert_eq!(store.escalation_contacts().unwrap(), contacts());
    let out = store
        .add_journal_entry(
            &entry(
                questionnaire(Instrument::Phq9, &[1, 1, 1, 1, 1, 1, 1, 1, 3]),
                at(1),
            ),
            now(),
        )
        .unwrap();
    let e = &out.escalations[0];
    assert_eq!(e.reason, EscalationReason::SelfHarmThoughts);
    assert_eq!(e.crisis_resources[0].phone, "555-0199");
    assert_eq!(e.contacts[0].name, "Dr Rivera");
    // Shown again later from the stored entry.
    assert_eq!(
        store.journal_entry_escalations(&out.entry.id).unwrap(),
        out.escalations
    );
    // Editing item 9 back to 0 clears it.
    let edited = store
        .update_journal_entry(
            &out.entry.id,
            &entry(
                questionnaire(Instrument::Phq9, &[1, 1, 1, 1, 1, 1, 1, 1, 0]),
                at(1),
            ),
            now(),
        )
        .unwrap();
    assert!(edited.escalations.is_empty());
}

#[test]
fn care_team_rules_fire_on_write_and_on_edit() {
    let (_dir, store) = open();
    let lamotrigine = med(&store, "Lamotrigine");
    store.set_escalation_contacts(&contacts()).unwrap();
    let rule = store
        .add_escalation_rule(
            &EscalationRuleInput {
                trigger: EscalationTrigger::SymptomWhileOnMedication {
                    symptom: Symptom::Rash,
                    medication_id: lamotrigine.clone(),
                    min_severity: Severity::Mild,
                },
                action: EscalationAction::ContactPrescriberToday,
                instructions: "Any rash: call me the same day.".into(),
            },
            now(),
        )
        .unwrap();
    store
        .add_escalation_rule(
            &EscalationRuleInput {
                trigger: EscalationTrigger::SideEffectAtLeast {
                    min_severity: Severity::Severe,
                },
                action: EscalationAction::ContactPrescriber,
                instructions: String::new(),
            },
            now(),
        )
        .unwrap();
    assert_eq!(store.escalation_rules().unwrap().len(), 2);
    // A rash while on lamotrigine (active medication, not even linked).
    let rash = store
        .add_journal_entry(
            &entry(side_effect(Symptom::Rash, Severity::Mild, &[]), at(1)),
            now(),
        )
        .unwrap();
    assert_eq!(rash.escalations.len(), 1);
    let e = &rash.escalations[0];
    assert_eq!(e.rule_id.as_deref(), Some(rule.id.as_str()));
    assert_eq!(
        e.message,
        "Rash while taking Lamotrigine: contact your prescriber today."
    );
    assert_eq!(e.instructions, "Any rash: call me the same day.");
    // Nausea is quiet until it is edited to severe.
    let nausea = store
        .add_journal_entry(
            &entry(side_effect(Symptom::Nausea, Severity::Moderate, &[]), at(1)),
            now(),
        )
        .unwrap();
    assert!(nausea.escalations.is_empty());
    let worse = store
        .update_journal_entry(
            &nausea.entry.id,
            &entry(side_effect(Symptom::Nausea, Severity::Severe, &[]), at(1)),
            now(),
        )
        .unwrap();
    assert_eq!(
        worse.escalations[0].message,
        "Severe nausea: contact your prescriber."
    );
    // Deleting the rule silences it.
    store.delete_escalation_rule(&rule.id).unwrap();
    assert!(store
        .journal_entry_escalations(&rash.entry.id)
        .unwrap()
        .is_empty());
    assert!(matches!(
        store.delete_escalation_rule(&rule.id),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn purging_a_medication_removes_its_links_and_rules_but_keeps_the_entry() {
    let (_dir, store) = open();
    let lamotrigine = med(&store, "Lamotrigine");
    let se = store
        .add_journal_entry(
            &entry(
                side_effect(Symptom::Rash, Severity::Mild, &[&lamotrigine]),
                at(1),
            ),
            now(),
        )
        .unwrap()
        .entry;
    store
        .add_escalation_rule(
            &EscalationRuleInput {
                trigger: EscalationTrigger::SymptomWhileOnMedication {
                    symptom: Symptom::Rash,
                    medication_id: lamotrigine.clone(),
                    min_severity: Severity::Mild,
                },
                action: EscalationAction::ContactPrescriberToday,
                instructions: String::new(),
            },
            now(),
        )
        .unwrap();
    store.delete_medication(&lamotrigine, now()).unwrap();
    // The old side effect can still be edited (resolved) with its link...
    let resolved = entry(
        side_effect(Symptom::Rash, Severity::None, &[&lamotrigine]),
        at(1),
    );
    store
        .update_journal_entry(&se.id, &resolved, now())
        .unwrap();
    // ...but a new entry cannot link the deleted medication.
    assert_eq!(
        invalid_field(store.add_journal_entry(&resolved, now())),
        "journal.side_effect.medication_ids[0]"
    );
    store.purge_deleted().unwrap();
    let kept = store.journal_entry(&se.id).unwrap();
    match kept.detail {
        EntryDetail::SideEffect { side_effect } => assert!(side_effect.medication_ids.is_empty()),
        other => panic!("{other:?}"),
    }
    assert!(store.escalation_rules().unwrap().is_empty());
    let by_med = JournalQuery {
        medication_id: Some(lamotrigine),
        ..JournalQuery::default()
    };
    assert!(store.journal_entries(&by_med).unwrap().entries.is_empty());
}

#[test]
fn goals_collect_check_ins_and_linked_entries() {
    let (_dir, store) = open();
    let goal = store
        .add_goal(
            &GoalInput {
                area: LifeArea::Work,
                title: "Back at work three days a week".into(),
                why: "Money and purpose".into(),
            },
            now(),
        )
        .unwrap();
    let check_in = |rating| {
        entry(
            EntryDetail::GoalCheckIn {
                check_in: GoalCheckIn {
                    goal_id: goal.id.clone(),
                    rating,
                },
            },
            at(1),
        )
    };
    store.add_journal_entry(&check_in(3), now()).unwrap();
    store.add_journal_entry(&check_in(5), now()).unwrap();
    let linked = JournalEntryInput {
        goal_ids: vec![goal.id.clone()],
        ..entry(mood(2), at(2))
    };
    store.add_journal_entry(&linked, now()).unwrap();
    store
        .add_journal_entry(&entry(mood(0), at(3)), now())
        .unwrap();
    let for_goal = JournalQuery {
        goal_id: Some(goal.id.clone()),
        ..JournalQuery::default()
    };
    assert_eq!(store.journal_entries(&for_goal).unwrap().entries.len(), 3);
    let day = at(1).date_naive();
    assert_eq!(
        store.daily_summaries(day, day).unwrap()[0].progress_mean,
        Some(4.0)
    );
    // Archive keeps it; delete takes its check-ins along.
    assert!(
        !store
            .set_goal_active(&goal.id, false, now())
            .unwrap()
            .active
    );
    assert!(store.goals(false).unwrap().is_empty());
    assert_eq!(store.goals(true).unwrap().len(), 1);
    store.delete_goal(&goal.id, now()).unwrap();
    assert!(matches!(store.goal(&goal.id), Err(Error::NotFound { .. })));
    assert_eq!(
        store
            .journal_entries(&JournalQuery::default())
            .unwrap()
            .entries
            .len(),
        2
    );
    assert_eq!(
        store.purge_deleted().unwrap(),
        3,
        "the goal and its two check-ins"
    );
    assert_eq!(
        invalid_field(store.add_journal_entry(&check_in(4), now())),
        "journal.goal_check_in.goal_id"
    );
}

#[test]
fn bad_input_is_a_typed_error_naming_the_field_and_stores_nothing() {
    let (_dir, store) = open();
    let megabyte = JournalEntryInput {
        note: "x".repeat(1 << 20),
        ..entry(mood(0), at(1))
    };
    assert_eq!(
        invalid_field(store.add_journal_entry(&megabyte, now())),
        "journal.note"
    );
    let missing = entry(
        EntryDetail::Questionnaire {
            questionnaire: QuestionnaireAnswers {
                instrument: Instrument::Phq9,
                answers: vec![
                    Some(1),
                    Some(1),
                    Some(1),
                    None,
                    Some(1),
                    Some(1),
                    Some(1),
                    Some(1),
                    Some(0),
                ],
                difficulty: None,
            },
        },
        at(1),
    );
    assert_eq!(
        invalid_field(store.add_journal_entry(&missing, now())),
        "journal.phq9.item_4"
    );
    let out_of_range = entry(
        questionnaire(Instrument::Gad7, &[0, 0, 0, 0, 0, 0, 7]),
        at(1),
    );
    assert_eq!(
        invalid_field(store.add_journal_entry(&out_of_range, now())),
        "journal.gad7.item_7"
    );
    assert_eq!(
        invalid_field(store.add_journal_entry(&entry(mood(9), at(1)), now())),
        "journal.mood.valence"
    );
    let unknown_med = entry(
        side_effect(
            Symptom::Rash,
            Severity::Mild,
            &["6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10"],
        ),
        at(1),
    );
    assert_eq!(
        invalid_field(store.add_journal_entry(&unknown_med, now())),
        "journal.side_effect.medication_ids[0]"
    );
    assert_eq!(
        invalid_field(store.journal_entry("'; DROP TABLE journal_entry; --")),
        "journal_entry_id"
    );
    assert!(matches!(
        store.journal_entry("6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10"),
        Err(Error::NotFound { .. })
    ));
    assert!(store
        .journal_entries(&JournalQuery::default())
        .unwrap()
        .entries
        .is_empty());
    // Error messages never echo what the person wrote.
    let secret = JournalEntryInput {
        note: format!("my secret {}", "y".repeat(20_000)),
        ..entry(mood(0), at(1))
    };
    let msg = store
        .add_journal_entry(&secret, now())
        .unwrap_err()
        .to_string();
    assert!(!msg.contains("secret"), "{msg}");
}
