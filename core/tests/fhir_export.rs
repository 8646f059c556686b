//! The FHIR R4 export: resource shapes and codes (the Python suite also
//! validates it with the independent `fhir.resources` package).

mod care_common;

use cadence_core::care::{fhir, ConsentCategory, MemberRole};
use cadence_core::App;
use care_common::*;
use serde_json::Value;

#[test]
fn the_bundle_has_every_resource_with_loinc_codes_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("c.db"), None).unwrap();
    seed(&store);
    let m = member(&store, MemberRole::Prescriber);
    store
        .grant_consent(
            &grant_input(&m.id, &ConsentCategory::ALL, day(0), None),
            t0(),
        )
        .unwrap();
    let d = store
        .disclosure_for(&m.id, day(0), day(DAYS), t0())
        .unwrap();
    let b = fhir::export_bundle(&d, t0());
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");
    let entries = b["entry"].as_array().unwrap();
    let of = |t: &str| -> Vec<&Value> {
        entries
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == t)
            .collect()
    };
    assert_eq!(of("Patient").len(), 1);
    assert!(of("Patient")[0].get("name").is_none());
    assert_eq!(of("Consent").len(), 1);
    assert_eq!(of("Consent")[0]["provision"]["type"], "permit");
    assert_eq!(of("MedicationRequest").len(), 1);
    assert_eq!(of("MedicationAdministration").len(), DAYS as usize);
    assert!(of("MedicationAdministration")
        .iter()
        .all(|r| r["status"] == "completed"));
    let qr = of("QuestionnaireResponse");
    assert_eq!(qr.len(), 6);
    assert_eq!(qr[0]["item"].as_array().unwrap().len(), 9);
    assert_eq!(qr[0]["item"][0]["linkId"], "44250-9");
    let totals: Vec<_> = of("Observation")
        .into_iter()
        .filter(|o| o["code"]["coding"][0]["code"] == "44261-6")
        .collect();
    assert_eq!(totals.len(), 6);
    let qr_ref = format!("urn:uuid:{}", qr[0]["id"].as_str().unwrap());
    assert_eq!(totals[0]["derivedFrom"][0]["reference"], qr_ref.as_str());
    assert!(!b.to_string().contains(SECRET));
}
