//! What the report says about medications: a titration entered as two
//! consecutive plans (25 mg, then 50 mg) is one dose change with its date;
//! side effects are plotted from their onset; a "Current medications"
//! section names each medication with its dose and timing in words.

mod reminders_common;

use cadence_core::analytics::StatsOptions;
use cadence_core::journal::{EntryDetail, JournalEntryInput, Severity, SideEffect, Symptom};
use cadence_core::model::{DoseAction, DoseForm, MedicationInput, Strength};
use cadence_core::schedule::{Dose, DosingPlan, EventTiming, Timing};
use chrono::{DateTime, Utc};

use reminders_common::*;

/// Sertraline at breakfast: 25 mg from 2027-03-01 to 03-14, then a second
/// plan of 50 mg from 03-15; every dose taken at 08:00.
fn titrated(c: &Client, set_up: DateTime<Utc>) -> String {
    let med = c
        .store
        .add_medication(
            &MedicationInput {
                name: "Sertraline".into(),
                strength: Some(Strength {
                    amount: 25.0,
                    unit: "mg".into(),
                }),
                form: DoseForm::Tablet,
                instructions: "With breakfast".into(),
                prescriber_notes: String::new(),
                expected_onset: None,
                started_on: Some(date(2027, 3, 1)),
            },
            set_up,
        )
        .unwrap()
        .id;
    let breakfast = Timing::daily_when(&[EventTiming::Cm], None);
    let mut first = DosingPlan::new("", "", Dose::new(25.0, "mg"), breakfast.clone());
    first.start = Some(date(2027, 3, 1));
    first.end = Some(date(2027, 3, 14));
    c.store.add_plan(&med, &first, set_up).unwrap();
    let mut second = DosingPlan::new("", "", Dose::new(50.0, "mg"), breakfast);
    second.start = Some(date(2027, 3, 15));
    c.store.add_plan(&med, &second, set_up).unwrap();
    med
}

fn take_all(c: &Client, to_day: u32) {
    for occ in c
        .store
        .occurrences(date(2027, 3, 1), date(2027, 3, to_day))
        .unwrap()
    {
        let at = occ.utc;
        c.store
            .log_dose(
                &occ.id,
                &DoseAction::Taken {
                    at: Some(at),
                    amount: None,
                    early: false,
                },
                at,
            )
            .unwrap();
    }
}

#[test]
fn a_titration_entered_as_two_consecutive_plans_is_one_dose_change() {
    let set_up = ny(2027, 2, 28, 12, 0);
    let c = client(set_up);
    titrated(&c, set_up);
    take_all(&c, 27);
    let now = ny(2027, 3, 28, 12, 0);
    let stats = c
        .store
        .stats(
            date(2027, 3, 1),
            date(2027, 3, 28),
            now,
            &StatsOptions::default(),
        )
        .unwrap();
    let changes = &stats.medications[0].dose_changes;
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].date, date(2027, 3, 15));
    assert_eq!((changes[0].from_amount, changes[0].to_amount), (25.0, 50.0));
    let html = c
        .store
        .report_html(date(2027, 3, 1), date(2027, 3, 28), now)
        .unwrap();
    assert!(!html.contains("0 dose changes"));
    assert!(html.contains("2027-03-15"), "the change is dated");
}

#[test]
fn two_plans_side_by_side_are_no_dose_change() {
    let set_up = ny(2027, 2, 28, 12, 0);
    let c = client(set_up);
    let med = titrated(&c, set_up);
    // An evening plan of 100 mg alongside from 03-10: not a change of dose.
    let mut evening = DosingPlan::new(
        "",
        "",
        Dose::new(100.0, "mg"),
        Timing::daily_when(&[EventTiming::Hs], None),
    );
    evening.start = Some(date(2027, 3, 10));
    c.store.add_plan(&med, &evening, set_up).unwrap();
    let stats = c
        .store
        .stats(
            date(2027, 3, 1),
            date(2027, 3, 28),
            ny(2027, 3, 28, 12, 0),
            &StatsOptions::default(),
        )
        .unwrap();
    // The 50 mg plan starts while the evening plan is in force: it takes
    // over from nothing, so no change is invented.
    assert!(stats.medications[0].dose_changes.is_empty());
}

#[test]
fn side_effects_are_plotted_from_their_onset() {
    let set_up = ny(2027, 2, 28, 12, 0);
    let c = client(set_up);
    let med = titrated(&c, set_up);
    let logged = ny(2027, 3, 20, 19, 0);
    c.store
        .add_journal_entry(
            &JournalEntryInput {
                occurred_at: logged,
                zone: NY,
                detail: EntryDetail::SideEffect {
                    side_effect: SideEffect {
                        symptom: Symptom::Nausea,
                        description: String::new(),
                        severity: Severity::Moderate,
                        started_on: Some(date(2027, 3, 17)),
                        resolved_on: None,
                        medication_ids: vec![med],
                        bother: Some(6),
                        prescriber_knows: false,
                    },
                },
                note: String::new(),
                shareable: false,
                goal_ids: vec![],
            },
            logged,
        )
        .unwrap();
    let html = c
        .store
        .report_html(date(2027, 3, 1), date(2027, 3, 28), ny(2027, 3, 28, 12, 0))
        .unwrap();
    assert!(
        html.contains("<title>2027-03-17: nausea (moderate)</title>"),
        "plotted at onset"
    );
    assert!(!html.contains("<title>2027-03-20: nausea"));
}

#[test]
fn the_report_lists_current_medications_with_dose_and_timing_in_words() {
    let set_up = ny(2027, 2, 28, 12, 0);
    let c = client(set_up);
    titrated(&c, set_up);
    let now = ny(2027, 3, 28, 12, 0);
    let html = c
        .store
        .report_html(date(2027, 3, 1), date(2027, 3, 28), now)
        .unwrap();
    assert!(html.contains("<h2>Current medications</h2>"));
    // The header says when, in the person's local time with the zone named.
    assert!(html.contains("created 2027-03-28 12:00 EDT (America/New_York)"));
    assert!(html.contains(
        "<tr><th scope=\"row\">Sertraline 25 mg</th><td>50 mg once a day at breakfast</td></tr>"
    ));
    // The ended 25 mg plan is no longer current.
    assert!(!html.contains("<td>25 mg once a day"));
    let text = c
        .store
        .report_text(date(2027, 3, 1), date(2027, 3, 28), now)
        .unwrap();
    assert!(
        text.contains("Current medications:\n- Sertraline 25 mg: 50 mg once a day at breakfast"),
        "{text}"
    );
}

#[test]
fn the_fhir_export_keeps_text_instructions_steps_in_sequence_and_side_effect_details() {
    use cadence_core::care::{
        CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind, MemberRole,
    };
    use cadence_core::schedule::titration::{titration_plan, StepEntry};
    let set_up = ny(2027, 2, 28, 12, 0);
    let c = client(set_up);
    let med = c
        .store
        .add_medication(
            &MedicationInput {
                name: "Lamotrigine".into(),
                strength: Some(Strength {
                    amount: 25.0,
                    unit: "mg".into(),
                }),
                form: DoseForm::Tablet,
                instructions: "Swallow whole with water".into(),
                prescriber_notes: String::new(),
                expected_onset: None,
                started_on: Some(date(2027, 3, 1)),
            },
            set_up,
        )
        .unwrap()
        .id;
    let steps = [(1, 25.0), (15, 50.0), (29, 100.0)].map(|(d, mg)| StepEntry {
        start: date(2027, 3, d),
        dose: Dose::new(mg, "mg"),
    });
    let plan = titration_plan(&Timing::daily_when(&[EventTiming::Cm], None), &steps, None).unwrap();
    c.store.add_plan(&med, plan, set_up).unwrap();
    let logged = ny(2027, 3, 20, 19, 0);
    c.store
        .add_journal_entry(
            &JournalEntryInput {
                occurred_at: logged,
                zone: NY,
                detail: EntryDetail::SideEffect {
                    side_effect: SideEffect {
                        symptom: Symptom::Nausea,
                        description: String::new(),
                        severity: Severity::Mild,
                        started_on: Some(date(2027, 3, 17)),
                        resolved_on: Some(date(2027, 3, 19)),
                        medication_ids: vec![med.clone()],
                        bother: Some(4),
                        prescriber_knows: false,
                    },
                },
                note: String::new(),
                shareable: false,
                goal_ids: vec![],
            },
            logged,
        )
        .unwrap();
    let prescriber = c
        .store
        .add_care_member(
            &CareMemberInput {
                name: "Dr Rivera".into(),
                role: MemberRole::Prescriber,
                channel: ContactChannel::Portal,
                contact: String::new(),
                notes: String::new(),
            },
            set_up,
        )
        .unwrap();
    c.store
        .grant_consent(
            &ConsentGrantInput {
                member_id: prescriber.id.clone(),
                kind: GrantKind::Data,
                categories: vec![
                    ConsentCategory::MedicationList,
                    ConsentCategory::SideEffects,
                ],
                data_from: date(2027, 3, 1),
                data_to: None,
                expires_at: None,
                purpose: "treatment".into(),
            },
            set_up,
        )
        .unwrap();
    let now = ny(2027, 3, 28, 12, 0);
    let json: serde_json::Value = serde_json::from_str(
        &c.store
            .fhir_export(&prescriber.id, date(2027, 3, 1), date(2027, 3, 28), now)
            .unwrap(),
    )
    .unwrap();
    let resources: Vec<&serde_json::Value> = json["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .collect();
    let request = resources
        .iter()
        .find(|r| r["resourceType"] == "MedicationRequest")
        .unwrap();
    let dosage = request["dosageInstruction"].as_array().unwrap();
    // One instruction per step, in order, each with its dose and dates.
    assert_eq!(dosage.len(), 3);
    let seq: Vec<i64> = dosage
        .iter()
        .map(|d| d["sequence"].as_i64().unwrap())
        .collect();
    assert_eq!(seq, vec![1, 2, 3]);
    let doses: Vec<f64> = dosage
        .iter()
        .map(|d| {
            d["doseAndRate"][0]["doseQuantity"]["value"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert_eq!(doses, vec![25.0, 50.0, 100.0]);
    assert_eq!(
        dosage[1]["timing"]["repeat"]["boundsPeriod"],
        serde_json::json!({ "start": "2027-03-15", "end": "2027-03-28" })
    );
    assert_eq!(
        dosage[1]["text"],
        "step 2 of 3: 50 mg once a day at breakfast"
    );
    assert!(dosage
        .iter()
        .all(|d| d["patientInstruction"] == "Swallow whole with water"));
    // The side effect: from its onset, linked to the request, with its bother.
    let obs = resources
        .iter()
        .find(|r| r["resourceType"] == "Observation" && r["code"]["text"] == "nausea")
        .unwrap();
    assert_eq!(
        obs["effectivePeriod"],
        serde_json::json!({ "start": "2027-03-17", "end": "2027-03-19" })
    );
    assert!(obs.get("effectiveDateTime").is_none());
    assert_eq!(obs["component"][0]["valueInteger"], 4);
    let request_url = json["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "MedicationRequest")
        .unwrap()["fullUrl"]
        .clone();
    assert_eq!(obs["focus"][0]["reference"], request_url);
}
