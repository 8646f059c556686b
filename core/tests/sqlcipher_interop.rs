//! Files written by SQLCipher's OpenSSL provider (Cadence's desktop and
//! Android builds before libtomcrypt; the same format as CommonCrypto on
//! Apple) open with the provider this build uses: a keyed database, a backup
//! sealed with a passphrase (PBKDF2-HMAC-SHA512) and one sealed with a raw
//! 32-byte key. The fixtures are the demo client, written by
//! `cadence --key-env K demo` and `cadence backup create` with OpenSSL.
//!
//! The other direction (files written here opening under OpenSSL) was
//! checked by hand when the provider changed; see the README's size section.

use std::path::PathBuf;

use cadence_core::app::backup::BackupSecret;
use cadence_core::{App, DatabaseKey, Error};

const DB_KEY: [u8; 32] = [0xaa; 32];
const BACKUP_KEY: [u8; 32] = [0xbb; 32];
const PASSPHRASE: &str = "correct horse battery staple";
const DEMO_MEDICATIONS: [&str; 4] = ["Hydroxyzine", "Lamotrigine", "Quetiapine", "Sertraline"];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sqlcipher")
        .join(name)
}

/// A private copy of a fixture (opening a database may write to it).
fn copy(name: &str, dir: &tempfile::TempDir) -> PathBuf {
    let to = dir.path().join(name);
    std::fs::copy(fixture(name), &to).unwrap();
    to
}

fn names(app: &App) -> Vec<String> {
    let mut v: Vec<String> = app
        .medications(true)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    v.sort();
    v
}

fn key(bytes: [u8; 32]) -> DatabaseKey {
    DatabaseKey::from_bytes(&bytes).unwrap()
}

#[test]
fn a_database_keyed_under_openssl_opens_and_reads_here() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy("openssl-keyed.db", &dir);
    let app = App::open(&path, Some(key(DB_KEY))).unwrap();
    assert!(app.is_encrypted());
    assert_eq!(names(&app), DEMO_MEDICATIONS);
    assert!(app.integrity_check().unwrap().is_empty());
    // Writing with this provider keeps the file readable here.
    drop(app);
    let again = App::open(&path, Some(key(DB_KEY))).unwrap();
    assert_eq!(names(&again), DEMO_MEDICATIONS);
}

#[test]
fn the_wrong_key_is_refused_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy("openssl-keyed.db", &dir);
    let err = App::open(&path, Some(key([0xab; 32]))).err().unwrap();
    assert!(matches!(err, Error::WrongKey), "{err:?}");
}

#[test]
fn backups_sealed_under_openssl_verify_and_restore_here() {
    let dir = tempfile::tempdir().unwrap();
    for (file, secret) in [
        ("openssl-pass.cbk", BackupSecret::from(PASSPHRASE)),
        ("openssl-key.cbk", BackupSecret::from(key(BACKUP_KEY))),
    ] {
        let info = App::verify_backup(fixture(file), secret.clone()).unwrap();
        assert_eq!(info.record_count, 129, "{file}");
        let target = dir.path().join(format!("{file}.restored.db"));
        let app = App::open(&target, Some(key([0x11; 32]))).unwrap();
        app.restore_from(fixture(file), secret).unwrap();
        assert_eq!(names(&app), DEMO_MEDICATIONS, "{file}");
    }
    let wrong = App::verify_backup(
        fixture("openssl-pass.cbk"),
        BackupSecret::from("not the passphrase"),
    );
    assert!(matches!(wrong, Err(Error::WrongKey)), "{wrong:?}");
}
