//! Property-based fuzzing of the parsers that take input from outside (FHIR
//! Timing/Dosage JSON, backup files, keys and ids): any input gives a value
//! or a typed error, never a panic. (cargo-fuzz needs a nightly toolchain;
//! these run on stable in the normal test suite.)

use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};

use cadence_core::model::{DoseForm, MedicationInput};
use cadence_core::schedule::fhir::{dosage_from_json, timing_from_json};
use cadence_core::{App, DatabaseKey, Error};

/// Arbitrary JSON, biased towards the field names and values FHIR uses.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("repeat".to_string()),
        Just("timing".to_string()),
        Just("frequency".to_string()),
        Just("period".to_string()),
        Just("periodUnit".to_string()),
        Just("timeOfDay".to_string()),
        Just("when".to_string()),
        Just("offset".to_string()),
        Just("dayOfWeek".to_string()),
        Just("boundsPeriod".to_string()),
        Just("boundsDuration".to_string()),
        Just("count".to_string()),
        Just("doseAndRate".to_string()),
        Just("asNeededBoolean".to_string()),
        Just("maxDosePerPeriod".to_string()),
        Just("doseQuantity".to_string()),
        Just("value".to_string()),
        Just("unit".to_string()),
        Just("event".to_string()),
        Just("duration".to_string()),
        Just("durationUnit".to_string()),
        "[a-zA-Z]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        prop_oneof![
            Just("h"),
            Just("d"),
            Just("wk"),
            Just("mo"),
            Just("a"),
            Just("min"),
            Just("s"),
            Just("MORN"),
            Just("AC"),
            Just("HS"),
            Just("mon"),
            Just("08:00:00"),
            Just("25:99"),
            Just("2027-03-14"),
            Just("2027-02-30T00:00:00Z"),
            Just(""),
        ]
        .prop_map(|s| json!(s)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// One small backup (raw key, no KDF) shared by the backup cases.
fn backup_bytes() -> &'static (tempfile::TempDir, Vec<u8>) {
    static B: OnceLock<(tempfile::TempDir, Vec<u8>)> = OnceLock::new();
    B.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = App::open(dir.path().join("live.db"), None).unwrap();
        let now = Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap();
        let input = MedicationInput {
            name: "Sertraline".into(),
            strength: None,
            form: DoseForm::Tablet,
            instructions: String::new(),
            prescriber_notes: String::new(),
            expected_onset: None,
            started_on: None,
        };
        store.add_medication(&input, now).unwrap();
        let out = dir.path().join("b.cadence");
        store
            .backup_to(&out, DatabaseKey::from_bytes(&[9; 32]).unwrap(), now)
            .unwrap();
        let bytes = std::fs::read(&out).unwrap();
        (dir, bytes)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn fhir_timing_and_dosage_never_panic(v in json_value()) {
        let _ = timing_from_json(&v);
        let _ = dosage_from_json(&v);
        let _ = timing_from_json(&json!({ "repeat": v.clone() }));
        let _ = dosage_from_json(&json!({ "timing": { "repeat": v } }));
    }

    #[test]
    fn fhir_parsers_on_arbitrary_text_never_panic(s in ".{0,200}") {
        if let Ok(v) = serde_json::from_str::<Value>(&s) {
            let _ = timing_from_json(&v);
            let _ = dosage_from_json(&v);
        }
    }

    #[test]
    fn keys_and_ids_from_outside_are_typed(bytes in prop::collection::vec(any::<u8>(), 0..64), id in ".{0,64}") {
        match DatabaseKey::from_bytes(&bytes) {
            Ok(_) => prop_assert_eq!(bytes.len(), 32),
            Err(Error::InvalidInput { .. }) => prop_assert_ne!(bytes.len(), 32),
            Err(e) => prop_assert!(false, "{e:?}"),
        }
        let (dir, _) = backup_bytes();
        let store = App::open(dir.path().join("ids.db"), None).unwrap();
        match store.medication(&id) {
            Err(Error::InvalidInput { .. }) | Err(Error::NotFound { .. }) => {}
            other => prop_assert!(false, "{other:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mutated_or_random_backups_are_refused_with_a_typed_error(
        flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4),
        cut in prop::option::of(any::<prop::sample::Index>()),
        random in prop::option::of(prop::collection::vec(any::<u8>(), 0..9000)),
    ) {
        let (dir, good) = backup_bytes();
        let mut data = match random {
            Some(r) => r,
            None => good.clone(),
        };
        if !data.is_empty() {
            for (i, x) in &flips {
                let at = i.index(data.len());
                data[at] ^= x;
            }
        }
        if let Some(c) = cut {
            let n = c.index(data.len() + 1);
            data.truncate(n);
        }
        let f = dir.path().join(format!("fuzz-{}", std::process::id()));
        std::fs::write(&f, &data).unwrap();
        match App::verify_backup(&f, DatabaseKey::from_bytes(&[9; 32]).unwrap()) {
            Err(Error::Corrupt(_)) | Err(Error::WrongKey) => {}
            // A flip inside the unused tail of a page can leave it valid.
            Ok(_) => prop_assert!(data.len() == good.len()),
            Err(e) => prop_assert!(false, "unexpected {e:?}"),
        }
    }
}
