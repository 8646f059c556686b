//! Care team, care plan, consent and audit through the store, and the FHIR
//! export built from the policy.

mod care_common;

use chrono::Duration;

use cadence_core::care::{
    fhir, policy, CarePlanInput, ConsentCategory, DisclosureKind, GrantKind, GrantStatus,
    MemberRole, MonitoringIndicator,
};
use cadence_core::App;
use cadence_core::Error;
use care_common::*;

fn open() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("c.db"), None).unwrap();
    (dir, store)
}

#[test]
fn deny_by_default_then_grant_revoke_and_expiry() {
    let (_d, store) = open();
    seed(&store);
    let m = member(&store, MemberRole::Therapist);
    let (from, to) = (day(0), day(DAYS));
    assert!(matches!(
        store.disclosure_for(&m.id, from, to, t0()),
        Err(Error::ConsentRequired)
    ));
    let mut input = grant_input(&m.id, &[ConsentCategory::Mood], day(10), Some(day(19)));
    input.expires_at = Some(t0() + Duration::days(7));
    let g = store.grant_consent(&input, t0()).unwrap();
    let d = store.disclosure_for(&m.id, from, to, t0()).unwrap();
    assert_eq!(d.mood.len(), 10);
    assert!(d.dose_log.is_empty() && d.notes.is_empty() && d.medications.is_empty());
    assert!(d.mood.iter().all(|e| e.note.is_empty()));
    assert_eq!((d.from, d.to), (day(10), day(19)));
    // Expired acts as revoked.
    let later = t0() + Duration::days(8);
    assert!(matches!(
        store.disclosure_for(&m.id, from, to, later),
        Err(Error::ConsentRequired)
    ));
    assert_eq!(
        store.consent_grants(Some(&m.id), later).unwrap()[0].status,
        GrantStatus::Expired
    );
    // Revocation is immediate and kept in the history.
    let r = store
        .revoke_consent(&g.id, t0() + Duration::hours(1))
        .unwrap();
    assert_eq!(r.status, GrantStatus::Revoked);
    assert!(matches!(
        store.disclosure_for(&m.id, from, to, t0() + Duration::hours(1)),
        Err(Error::ConsentRequired)
    ));
    assert_eq!(store.consent_grants(None, t0()).unwrap().len(), 1);
}

#[test]
fn alert_only_grants_disclose_no_data() {
    let (_d, store) = open();
    seed(&store);
    let m = member(&store, MemberRole::Caregiver);
    let mut input = grant_input(&m.id, &[], day(0), None);
    input.kind = GrantKind::AlertOnly;
    store.grant_consent(&input, t0()).unwrap();
    assert!(matches!(
        store.disclosure_for(&m.id, day(0), day(DAYS), t0()),
        Err(Error::ConsentRequired)
    ));
    assert!(store.receives_missed_dose_alerts(&m.id, t0()).unwrap());
    input.categories = vec![ConsentCategory::Mood];
    assert!(store.grant_consent(&input, t0()).is_err());
}

#[test]
fn shareable_notes_only_with_their_category_and_never_private_ones() {
    let (_d, store) = open();
    seed(&store);
    let m = member(&store, MemberRole::Therapist);
    let all = ConsentCategory::ALL;
    store
        .grant_consent(&grant_input(&m.id, &all, day(0), None), t0())
        .unwrap();
    let d = store
        .disclosure_for(&m.id, day(0), day(DAYS), t0())
        .unwrap();
    assert_eq!(d.notes.len(), 10); // 20 notes, every other one private
    assert!(d
        .notes
        .iter()
        .all(|n| n.shareable && !n.note.contains(SECRET)));
    assert!(d.side_effects.iter().all(|e| e.note == "shared side note"));
    assert_eq!(d.medications.len(), 1);
    assert_eq!(d.dose_log.len(), DAYS as usize);
}

#[test]
fn the_care_plan_members_and_audit_log() {
    let (_d, store) = open();
    seed(&store);
    let m = member(&store, MemberRole::Prescriber);
    let plan = store
        .set_care_plan(
            &CarePlanInput {
                goals: vec!["sleep better".into()],
                responsibilities: vec![],
                indicators: vec![MonitoringIndicator {
                    name: "PHQ-9".into(),
                    every_days: 14,
                    target: "below 10".into(),
                    threshold: Some(10.0),
                }],
                escalation_paths: vec![],
                review_on: Some(day(90)),
            },
            t0(),
        )
        .unwrap();
    assert_eq!(plan.version, 1);
    assert_eq!(store.care_plan().unwrap().unwrap(), plan);
    let cats = [
        ConsentCategory::CarePlan,
        ConsentCategory::Questionnaires,
        ConsentCategory::MedicationList,
        ConsentCategory::DoseLog,
    ];
    store
        .grant_consent(&grant_input(&m.id, &cats, day(0), None), t0())
        .unwrap();
    let d = store
        .disclosure_for(&m.id, day(0), day(DAYS), t0())
        .unwrap();
    assert!(d.care_plan.is_some());
    let json = store.fhir_export(&m.id, day(0), day(DAYS), t0()).unwrap();
    let types = |j: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(j).unwrap();
        v["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["resource"]["resourceType"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(types(&json), types(&fhir::export_json(&d, t0())));
    let log = store.audit_log().unwrap();
    assert_eq!(log.len(), 1);
    let a = log[0].clone();
    assert_eq!(a.kind, DisclosureKind::FhirExport);
    assert_eq!(a.sha256, policy::sha256_hex(json.as_bytes()));
    assert_eq!(a.sha256.len(), 64);
    assert_eq!(
        a.total_records,
        d.record_counts().iter().map(|c| c.count).sum::<u32>()
    );
    assert_eq!(a.member_id, m.id);
    // Removing the member revokes their grants; the audit log stays.
    store.remove_care_member(&m.id, t0()).unwrap();
    assert!(store.care_members().unwrap().is_empty());
    assert!(store
        .consent_grants(Some(&m.id), t0())
        .unwrap()
        .iter()
        .all(|g| g.status == GrantStatus::Revoked));
    assert_eq!(store.audit_log().unwrap().len(), 1);
}
