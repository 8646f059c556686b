//! The secrets of a backup: a generated recovery key (twelve words) as the
//! default, typed back in any case and spacing; chosen passphrases of at
//! least 12 characters for new backups, while backups made under the older
//! 8-character rule still open.

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::Connection;

use cadence_core::app::backup::{generate_recovery_key, RECOVERY_KEY_WORDS};
use cadence_core::model::{DoseForm, MedicationInput};
use cadence_core::{App, DatabaseKey, Error};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap()
}

fn app(dir: &tempfile::TempDir, name: &str) -> App {
    App::open(
        dir.path().join(name),
        Some(DatabaseKey::from_bytes(&[3; 32]).unwrap()),
    )
    .unwrap()
}

fn with_medication(app: &App) {
    app.add_medication(
        &MedicationInput {
            name: "Lithium".into(),
            strength: None,
            form: DoseForm::Tablet,
            instructions: String::new(),
            prescriber_notes: String::new(),
            expected_onset: None,
            started_on: None,
        },
        now(),
    )
    .unwrap();
}

fn field(r: cadence_core::Result<impl std::fmt::Debug>) -> String {
    match r {
        Err(Error::InvalidInput { field, reason }) => format!("{field}: {reason}"),
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[test]
fn a_recovery_key_backs_up_and_restores_however_it_is_typed_back() {
    let dir = tempfile::tempdir().unwrap();
    let live = app(&dir, "live.db");
    with_medication(&live);
    let words = generate_recovery_key().unwrap();
    assert_eq!(words.split(' ').count(), RECOVERY_KEY_WORDS);
    let out = dir.path().join("b.cadence-backup");
    live.backup_to(&out, words.as_str(), now()).unwrap();
    // Written down on paper, typed back on a new phone in capitals, one
    // word a line.
    let typed = words.to_uppercase().replace(' ', "\n  ");
    let fresh = app(&dir, "new.db");
    App::verify_backup(&out, typed.as_str()).unwrap();
    fresh.restore_from(&out, typed.as_str()).unwrap();
    assert_eq!(fresh.medications(true).unwrap()[0].name, "Lithium");
    // One word wrong is the wrong key.
    let mut wrong: Vec<&str> = words.split(' ').collect();
    wrong[0] = if wrong[0] == "acorn" { "acre" } else { "acorn" };
    assert!(matches!(
        fresh.restore_from(&out, wrong.join(" ").as_str()),
        Err(Error::WrongKey)
    ));
}

#[test]
fn new_backups_need_twelve_characters_and_older_eight_character_ones_still_open() {
    let dir = tempfile::tempdir().unwrap();
    let live = app(&dir, "live.db");
    with_medication(&live);
    let out = dir.path().join("b.cadence-backup");
    assert_eq!(
        field(live.backup_to(&out, "elevenchars", now())),
        "passphrase: must be at least 12 characters"
    );
    assert!(!out.exists());
    live.backup_to(&out, "twelve chars", now()).unwrap();

    // A backup made before the rule changed, under an 8-character
    // passphrase (re-keyed here the way the older build wrote it).
    let old = Connection::open(&out).unwrap();
    old.execute_batch("PRAGMA key = 'twelve chars'; PRAGMA rekey = 'eightchr';")
        .unwrap();
    drop(old);
    let fresh = app(&dir, "new.db");
    fresh.restore_from(&out, "eightchr").unwrap();
    assert_eq!(fresh.medications(true).unwrap().len(), 1);
    // Below eight is refused before the file is even read.
    assert_eq!(
        field(fresh.restore_from(&out, "seven77")),
        "passphrase: must be at least 8 characters"
    );
}
