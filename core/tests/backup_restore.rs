//! Encrypted backup and restore: round trips (passphrase and raw key), the
//! store working on after a restore, a v1 backup restored into the current
//! schema, and every kind of bad backup refused with a typed error while the
//! database stays exactly as it was.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::Connection;

use cadence_core::model::{DoseAction, DoseForm, MedicationInput, ProfileInput};
use cadence_core::schedule::{Dose, DosingPlan, Timing};
use cadence_core::store::schema;
use cadence_core::{App, DatabaseKey, Error};

const PASS: &str = "correct horse battery staple";
const BACKUP_APP_ID: i64 = 0x4344_4E42;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 7, 0, 0).unwrap()
}

fn key(b: u8) -> DatabaseKey {
    DatabaseKey::from_bytes(&[b; 32]).unwrap()
}

fn med(name: &str) -> MedicationInput {
    MedicationInput {
        name: name.into(),
        strength: None,
        form: DoseForm::Tablet,
        instructions: String::new(),
        prescriber_notes: String::new(),
        expected_onset: None,
        started_on: None,
    }
}

/// A store with a profile, a medication, a daily plan and three taken doses.
fn populated(path: &Path, key: Option<DatabaseKey>) -> App {
    let store = App::open(path, key).unwrap();
    let zone = chrono_tz::Europe::Berlin;
    store
        .set_profile(
            &ProfileInput {
                display_name: "Sam".into(),
                home_zone: zone,
                current_zone: zone,
            },
            now(),
        )
        .unwrap();
    let m = store.add_medication(&med("Sertraline"), now()).unwrap();
    let mut plan = DosingPlan::new(
        "",
        "",
        Dose::new(50.0, "mg"),
        Timing::daily_at(&[NaiveTime::from_hms_opt(8, 0, 0).unwrap()]),
    );
    let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    plan.start = Some(day);
    store.add_plan(&m.id, &plan, now()).unwrap();
    for o in store.occurrences(day, day + Duration::days(2)).unwrap() {
        let action = DoseAction::Taken {
            at: Some(o.utc),
            amount: None,
            early: false,
        };
        store.log_dose(&o.id, &action, o.utc).unwrap();
    }
    store
}

fn names(store: &App) -> Vec<String> {
    store
        .medications(true)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect()
}

fn logged(store: &App) -> usize {
    store
        .logs_between(now() - Duration::days(30), now() + Duration::days(30))
        .unwrap()
        .len()
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

#[test]
fn a_passphrase_backup_restores_everything_and_the_store_works_on() {
    let env = Env::new();
    let store = populated(&env.path("live.db"), Some(key(7)));
    let out = env.path("backup.cadence");
    let info = store.backup_to(&out, PASS, now()).unwrap();
    assert_eq!(
        (info.format_version, info.schema_version),
        (1, schema::VERSION)
    );
    assert_eq!(info.created_at, now());
    assert_eq!(info.bytes, bytes(&out).len() as u64);
    let count = |t: &str| info.tables.iter().find(|c| c.table == t).map(|c| c.rows);
    assert_eq!((count("medication"), count("dose_log")), (Some(1), Some(3)));
    assert_eq!(
        info.record_count,
        info.tables.iter().map(|t| t.rows).sum::<u64>()
    );
    assert!(
        !contains(&bytes(&out), b"Sertraline"),
        "the backup is encrypted"
    );
    assert!(!env.path("backup.cadence.partial").exists());

    // SQLCipher's own KDF: PBKDF2-HMAC-SHA512, 256,000 iterations.
    let raw = Connection::open(&out).unwrap();
    raw.execute_batch(&format!("PRAGMA key = '{PASS}';"))
        .unwrap();
    let iter: String = raw.query_row("PRAGMA kdf_iter", [], |r| r.get(0)).unwrap();
    let alg: String = raw
        .query_row("PRAGMA cipher_kdf_algorithm", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        (iter.as_str(), alg.as_str()),
        ("256000", "PBKDF2_HMAC_SHA512")
    );
    let app: i64 = raw
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, BACKUP_APP_ID);
    drop(raw);

    // Changes after the backup are replaced by the backup's state.
    store.add_medication(&med("Lithium"), now()).unwrap();
    assert_eq!(App::verify_backup(&out, PASS).unwrap(), info);
    let restored = store.restore_from(&out, PASS).unwrap();
    assert_eq!(restored, info);
    assert_eq!(names(&store), ["Sertraline"]);
    assert_eq!(logged(&store), 3);
    assert!(store.integrity_check().unwrap().is_empty());
    // The same Store object keeps working, with the database's own key.
    store.add_medication(&med("Lamotrigine"), now()).unwrap();
    assert!(store.is_encrypted());
    drop(store);
    let again = App::open(env.path("live.db"), Some(key(7))).unwrap();
    assert_eq!(names(&again), ["Lamotrigine", "Sertraline"]);
    assert!(!env.path("live.db.restore-tmp").exists());
}

#[test]
fn a_key_backup_moves_to_a_new_phone_with_another_database_key() {
    let env = Env::new();
    let old_phone = populated(&env.path("old.db"), None);
    let out = env.path("b.cadence");
    old_phone.backup_to(&out, key(9), now()).unwrap();
    assert!(matches!(
        App::verify_backup(&out, key(8)),
        Err(Error::WrongKey)
    ));
    assert!(matches!(
        App::verify_backup(&out, PASS),
        Err(Error::WrongKey)
    ));
    let new_phone = App::open(env.path("new.db"), Some(key(3))).unwrap();
    new_phone.restore_from(&out, key(9)).unwrap();
    assert_eq!(names(&new_phone), ["Sertraline"]);
    assert_eq!(logged(&new_phone), 3);
    assert_eq!(new_phone.profile().unwrap().unwrap().display_name, "Sam");
    drop(new_phone);
    assert!(matches!(
        App::open(env.path("new.db"), None),
        Err(Error::WrongKey)
    ));
    assert_eq!(
        logged(&App::open(env.path("new.db"), Some(key(3))).unwrap()),
        3
    );
}

/// A backup, the live store (with one more medication than the backup) and
/// the live file's bytes, for the refusal tests.
fn refusal_setup(env: &Env) -> (App, PathBuf, Vec<u8>) {
    let store = populated(&env.path("live.db"), Some(key(1)));
    let out = env.path("b.cadence");
    store.backup_to(&out, key(2), now()).unwrap();
    store.add_medication(&med("Lithium"), now()).unwrap();
    let before = bytes(&env.path("live.db"));
    (store, out, before)
}

fn assert_untouched(env: &Env, store: &App, before: &[u8]) {
    assert_eq!(names(store), ["Lithium", "Sertraline"]);
    assert_eq!(
        bytes(&env.path("live.db")),
        before,
        "the database file was not touched"
    );
    assert!(!env.path("live.db.restore-tmp").exists());
}

#[test]
fn wrong_secret_truncated_garbage_and_plain_files_are_refused_untouched() {
    let env = Env::new();
    let (store, out, before) = refusal_setup(&env);
    assert!(matches!(
        store.restore_from(&out, key(3)),
        Err(Error::WrongKey)
    ));
    assert!(matches!(
        store.restore_from(&out, PASS),
        Err(Error::WrongKey)
    ));
    let good = bytes(&out);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("half a page", good[..2000].to_vec()),
        ("a page short", good[..good.len() - 4096].to_vec()),
        ("one byte short", good[..good.len() - 1].to_vec()),
    ];
    for (what, data) in cases {
        let f = env.path(what);
        std::fs::write(&f, data).unwrap();
        match store.restore_from(&f, key(2)) {
            Err(Error::Corrupt(_)) => {}
            other => panic!("{what}: expected Corrupt, got {other:?}"),
        }
    }
    // Random bytes cannot be told from a wrong key (page 1 fails its HMAC).
    let garbage = env.path("garbage");
    std::fs::write(
        &garbage,
        (0..8192u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert!(matches!(
        store.restore_from(&garbage, key(2)),
        Err(Error::WrongKey)
    ));
    // The live database itself, and a plain SQLite file, are not backups.
    assert!(matches!(
        store.restore_from(env.path("live.db"), key(1)),
        Err(Error::InvalidInput { .. })
    ));
    let plain = env.path("plain.db");
    Connection::open(&plain)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    assert!(matches!(
        store.restore_from(&plain, key(2)),
        Err(Error::Corrupt(_))
    ));
    assert!(matches!(
        store.restore_from(env.path("missing"), key(2)),
        Err(Error::InvalidInput { .. })
    ));
    assert_untouched(&env, &store, &before);
}

#[test]
fn a_tampered_page_is_caught_by_page_authentication() {
    let env = Env::new();
    let (store, out, before) = refusal_setup(&env);
    let good = bytes(&out);
    let pages = good.len() / 4096;
    assert!(pages >= 3);
    for page in 1..pages {
        let mut bad = good.clone();
        bad[page * 4096 + 100] ^= 0x01;
        let f = env.path(&format!("tampered{page}"));
        std::fs::write(&f, bad).unwrap();
        match store.restore_from(&f, key(2)) {
            Err(Error::Corrupt(_)) | Err(Error::WrongKey) => {}
            other => panic!("page {page}: expected Corrupt, got {other:?}"),
        }
    }
    // Page 1 holds the salt and the schema: tampering it reads as a wrong key.
    let mut bad = good.clone();
    bad[5] ^= 0x80;
    std::fs::write(env.path("p1"), bad).unwrap();
    assert!(matches!(
        store.restore_from(env.path("p1"), key(2)),
        Err(Error::WrongKey)
    ));
    assert_untouched(&env, &store, &before);
}

/// Opens a backup with its raw key for editing (as an attacker or a future
/// build would).
fn edit_backup(path: &Path, k: u8, sql: &str) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\";",
        format!("{k:02X}").repeat(32)
    ))
    .unwrap();
    c.execute_batch(sql).unwrap();
}

#[test]
fn newer_formats_and_schemas_and_wrong_counts_are_typed_errors() {
    let env = Env::new();
    let (store, out, before) = refusal_setup(&env);
    let edited = |name: &str, sql: &str| {
        let f = env.path(name);
        std::fs::copy(&out, &f).unwrap();
        edit_backup(&f, 2, sql);
        store.restore_from(&f, key(2))
    };
    match edited(
        "newer-format",
        "UPDATE cadence_backup SET format_version = 2;",
    ) {
        Err(Error::NewerSchema {
            found: 2,
            supported: 1,
        }) => {}
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    match edited(
        "newer-schema",
        "UPDATE cadence_backup SET schema_version = 99; PRAGMA user_version = 99;",
    ) {
        Err(Error::NewerSchema {
            found: 99,
            supported,
        }) if supported == schema::VERSION => {}
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let corrupt = [
        ("count-off", "UPDATE cadence_backup_count SET row_count = row_count + 1 WHERE table_name = 'dose_log';"),
        ("row-removed", "DELETE FROM dose_log WHERE rowid IN (SELECT rowid FROM dose_log LIMIT 1);"),
        ("count-missing", "DELETE FROM cadence_backup_count WHERE table_name = 'medication';"),
        ("extra-table", "CREATE TABLE smuggled(x); INSERT INTO cadence_backup_count VALUES ('smuggled', 0);"),
        ("no-metadata", "DROP TABLE cadence_backup;"),
        ("two-rows", "INSERT INTO cadence_backup SELECT * FROM cadence_backup;"),
        ("version-mismatch", "PRAGMA user_version = 1;"),
        ("not-a-backup", "PRAGMA application_id = 1129598531;"),
        ("zero-format", "UPDATE cadence_backup SET format_version = 0;"),
        ("dropped-column", "ALTER TABLE medication DROP COLUMN prescriber_notes;"),
    ];
    for (name, sql) in corrupt {
        match edited(name, sql) {
            Err(Error::Corrupt(_)) => {}
            other => panic!("{name}: expected Corrupt, got {other:?}"),
        }
    }
    assert_untouched(&env, &store, &before);
}

#[test]
fn a_backup_of_the_v1_schema_restores_into_the_current_one() {
    // A backup as a version-1 build wrote it: the frozen v1 schema and data,
    // the metadata tables, user_version 1.
    let env = Env::new();
    let old = env.path("v1.cadence");
    let c = Connection::open(&old).unwrap();
    c.execute_batch(&format!(
        "PRAGMA key = '{PASS}'; PRAGMA journal_mode = DELETE;"
    ))
    .unwrap();
    c.execute_batch(schema::V1).unwrap();
    c.execute_batch(include_str!("../sql/tests/v1_data.sql"))
        .unwrap();
    c.execute_batch(
        "CREATE TABLE cadence_backup (format_version INTEGER NOT NULL, schema_version INTEGER NOT NULL,
             created_at INTEGER NOT NULL, writer TEXT NOT NULL, kdf TEXT NOT NULL);
         INSERT INTO cadence_backup VALUES (1, 1, 1790000000000, '0.1.0', 'pbkdf2-hmac-sha512-256000');
         CREATE TABLE cadence_backup_count (table_name TEXT PRIMARY KEY, row_count INTEGER NOT NULL);",
    )
    .unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'cadence_backup%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in &tables {
        c.execute(
            &format!("INSERT INTO cadence_backup_count SELECT '{t}', count(*) FROM \"{t}\""),
            [],
        )
        .unwrap();
    }
    c.execute_batch(&format!(
        "PRAGMA user_version = 1; PRAGMA application_id = {BACKUP_APP_ID};"
    ))
    .unwrap();
    drop(c);

    let info = App::verify_backup(&old, PASS).unwrap();
    assert_eq!(info.schema_version, 1);
    let store = App::open(env.path("live.db"), Some(key(5))).unwrap();
    store.restore_from(&old, PASS).unwrap();
    // Soft-deleted Quetiapine stays hidden; the profile and routine came along.
    assert_eq!(names(&store), ["Sertraline"]);
    assert_eq!(
        store.profile().unwrap().unwrap().home_zone,
        chrono_tz::Europe::Berlin
    );
    assert!(store.integrity_check().unwrap().is_empty());
    // The restored file is at the current schema, identical to a fresh one.
    drop(store);
    let c = Connection::open(env.path("live.db")).unwrap();
    c.execute_batch(&format!("PRAGMA key = \"x'{}'\";", "05".repeat(32)))
        .unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema::VERSION);
    let mut fresh = Connection::open_in_memory().unwrap();
    schema::init(&mut fresh).unwrap();
    assert_eq!(
        schema::describe(&c).unwrap(),
        schema::describe(&fresh).unwrap()
    );
    // And it is a new backup's source like any other.
    let store = App::open(env.path("live.db"), Some(key(5))).unwrap();
    let again = store
        .backup_to(env.path("v2.cadence"), PASS, now())
        .unwrap();
    assert_eq!(again.schema_version, schema::VERSION);
}

#[test]
fn bad_passphrases_and_paths_are_invalid_input_and_leave_no_file() {
    let env = Env::new();
    let store = populated(&env.path("live.db"), None);
    let out = env.path("b.cadence");
    for bad in [
        "short",
        "x'00112233445566778899'",
        "with\0nul char",
        &"p".repeat(1025),
    ] {
        match store.backup_to(&out, bad, now()) {
            Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "passphrase"),
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }
    assert!(matches!(
        store.backup_to(env.path("live.db"), PASS, now()),
        Err(Error::InvalidInput { .. })
    ));
    assert!(store
        .backup_to(env.path("no/such/dir/b"), key(1), now())
        .is_err());
    assert!(!out.exists());
    assert!(!env.path("no/such/dir/b.partial").exists());
    assert_eq!(names(&store), ["Sertraline"]);
    // A passphrase with quotes and non-ASCII characters works.
    let odd = "it's \"über\" sicher; DROP TABLE medication; --";
    store.backup_to(&out, odd, now()).unwrap();
    assert!(matches!(
        App::verify_backup(&out, "it's \"uber\" sicher; DROP TABLE medication; --"),
        Err(Error::WrongKey)
    ));
    store.restore_from(&out, odd).unwrap();
    assert_eq!(names(&store), ["Sertraline"]);
}

#[test]
fn a_backup_is_a_consistent_snapshot_while_other_threads_write() {
    let env = Env::new();
    let store = std::sync::Arc::new(populated(&env.path("live.db"), None));
    let writer = {
        let store = store.clone();
        std::thread::spawn(move || {
            for i in 0..40 {
                store
                    .add_medication(&med(&format!("Med {i}")), now())
                    .unwrap();
            }
        })
    };
    let mut infos = Vec::new();
    for i in 0..3 {
        infos.push(
            store
                .backup_to(env.path(&format!("b{i}")), key(4), now())
                .unwrap(),
        );
    }
    writer.join().unwrap();
    // Each backup verified its own counts; they only grow.
    let meds: Vec<u64> = infos
        .iter()
        .map(|i| {
            i.tables
                .iter()
                .find(|t| t.table == "medication")
                .unwrap()
                .rows
        })
        .collect();
    assert!(meds.windows(2).all(|w| w[0] <= w[1]), "{meds:?}");
    store.restore_from(env.path("b2"), key(4)).unwrap();
    assert_eq!(store.medications(true).unwrap().len() as u64, meds[2]);
}
