//! Store behaviour through the core's public API: encryption at rest, wrong
//! keys, re-keying, schema versions and erasure.

use chrono::{TimeZone, Utc};
use rusqlite::Connection;

use cadence_core::model::{DoseForm, MedicationInput, ProfileInput, Strength};
use cadence_core::store::is_plain_sqlite;
use cadence_core::{App, DatabaseKey, Error};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap()
}

fn key(b: u8) -> DatabaseKey {
    DatabaseKey::from_bytes(&[b; 32]).unwrap()
}

fn med(name: &str) -> MedicationInput {
    MedicationInput {
        name: name.into(),
        strength: Some(Strength {
            amount: 25.0,
            unit: "mg".into(),
        }),
        form: DoseForm::Tablet,
        instructions: String::new(),
        prescriber_notes: String::new(),
        expected_onset: None,
        started_on: None,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn file_bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn encrypted_file_shows_no_plaintext_and_plain_sqlite_cannot_read_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    {
        let store = App::open(&path, Some(key(1))).unwrap();
        store.add_medication(&med("Quetiapine"), now()).unwrap();
    }
    let bytes = file_bytes(&path);
    assert!(!is_plain_sqlite(&path).unwrap());
    assert!(!contains(&bytes, b"Quetiapine"));
    assert!(!contains(&bytes, b"SQLite format 3"));
    // A plain SQLite reader (no key) cannot read it.
    let plain = Connection::open(&path).unwrap();
    assert!(plain
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r
            .get::<_, i64>(0))
        .is_err());
}

#[test]
fn wrong_or_missing_key_is_refused_and_the_file_keeps_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    App::open(&path, Some(key(1)))
        .unwrap()
        .add_medication(&med("A"), now())
        .unwrap();
    let before = file_bytes(&path);
    assert!(matches!(
        App::open(&path, Some(key(2))),
        Err(Error::WrongKey)
    ));
    assert!(matches!(App::open(&path, None), Err(Error::WrongKey)));
    assert_eq!(before, file_bytes(&path));
    assert!(!dir.path().join("c.db-wal").exists());
    // The right key still works afterwards.
    let store = App::open(&path, Some(key(1))).unwrap();
    assert_eq!(store.medications(false).unwrap().len(), 1);
}

#[test]
fn a_key_for_a_plain_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    App::open(&path, None)
        .unwrap()
        .add_medication(&med("A"), now())
        .unwrap();
    let before = file_bytes(&path);
    assert!(matches!(
        App::open(&path, Some(key(1))),
        Err(Error::WrongKey)
    ));
    assert_eq!(before, file_bytes(&path));
}

#[test]
fn plain_to_encrypted_to_rekeyed_to_plain_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let store = App::open(&path, None).unwrap();
    let m = store.add_medication(&med("Sertraline"), now()).unwrap();
    store.change_key(Some(key(1))).unwrap();
    assert!(store.is_encrypted());
    // The same object keeps working after the swap.
    assert_eq!(store.medication(&m.id).unwrap().name, "Sertraline");
    store.add_medication(&med("Quetiapine"), now()).unwrap();
    drop(store);
    assert!(!contains(&file_bytes(&path), b"Sertraline"));
    assert!(matches!(App::open(&path, None), Err(Error::WrongKey)));

    let store = App::open(&path, Some(key(1))).unwrap();
    store.change_key(Some(key(2))).unwrap();
    drop(store);
    assert!(matches!(
        App::open(&path, Some(key(1))),
        Err(Error::WrongKey)
    ));
    let store = App::open(&path, Some(key(2))).unwrap();
    assert_eq!(store.medications(false).unwrap().len(), 2);
    store.change_key(None).unwrap();
    drop(store);
    assert!(is_plain_sqlite(&path).unwrap());
    let store = App::open(&path, None).unwrap();
    assert_eq!(store.medications(false).unwrap().len(), 2);
    assert!(!dir.path().join("c.rekey-tmp").exists());
}

#[test]
fn a_file_from_a_newer_build_is_refused_with_its_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    drop(App::open(&path, None).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 42;")
        .unwrap();
    match App::open(&path, None) {
        Err(Error::NewerSchema { found: 42, .. }) => {}
        other => panic!("expected NewerSchema, got {other:?}"),
    }
}

#[test]
fn the_frozen_v1_file_opens_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(cadence_core::store::schema::V1).unwrap();
        c.execute_batch(include_str!("../sql/tests/v1_data.sql"))
            .unwrap();
        c.execute_batch("PRAGMA user_version = 1;").unwrap();
    }
    let store = App::open(&path, None).unwrap();
    let meds = store.medications(true).unwrap();
    // The soft-deleted row stays hidden; the active one is there.
    assert_eq!(meds.len(), 1);
    assert_eq!(meds[0].name, "Sertraline");
    assert_eq!(
        store.profile().unwrap().unwrap().home_zone,
        chrono_tz::Europe::Berlin
    );
    let r = store.routine().unwrap();
    assert_eq!(r.times.len(), 1);
    assert_eq!(r.overrides.len(), 1);
}

#[test]
fn purge_removes_deleted_records_from_the_file_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let store = App::open(&path, None).unwrap();
    store.add_medication(&med("Sertraline"), now()).unwrap();
    let q = store.add_medication(&med("Quetiapinexyz"), now()).unwrap();
    store.delete_medication(&q.id, now()).unwrap();
    assert!(matches!(
        store.medication(&q.id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(store.purge_deleted().unwrap(), 1);
    drop(store);
    let mut all = file_bytes(&path);
    for suffix in ["c.db-wal", "c.db-shm"] {
        if let Ok(b) = std::fs::read(dir.path().join(suffix)) {
            all.extend(b);
        }
    }
    assert!(
        !contains(&all, b"Quetiapinexyz"),
        "purged name still in the file"
    );
    assert!(contains(&all, b"Sertraline"));
}

#[test]
fn bad_ids_and_missing_records_are_typed() {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("c.db"), None).unwrap();
    match store.medication("'; DROP TABLE medication; --") {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "medication_id"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        store.update_medication("6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10", &med("A"), now()),
        Err(Error::NotFound { .. })
    ));
    assert!(store.profile().unwrap().is_none());
    let zone = chrono_tz::Asia::Tokyo;
    let p = store
        .set_profile(
            &ProfileInput {
                display_name: "Sam".into(),
                home_zone: zone,
                current_zone: zone,
            },
            now(),
        )
        .unwrap();
    assert_eq!(p.created_at, now());
}
