//! Encrypted backup and restore: one call writes a complete, versioned,
//! encrypted copy of the database that the app can put in the cloud or carry
//! to a new phone; restore verifies it completely before replacing anything.
//!
//! # The backup format (format version 1)
//!
//! A backup is one SQLCipher 4 file with the library defaults (AES-256-CBC,
//! per-page HMAC-SHA512, 4096-byte pages), in rollback-journal mode:
//!
//! - with a **passphrase**, SQLCipher derives the key with
//!   PBKDF2-HMAC-SHA512, 256,000 iterations and the file's random 16-byte salt;
//! - with a **raw 32-byte key** (e.g. one the host keeps in a cloud keychain),
//!   no derivation.
//!
//! Inside: every table of the database at the schema version it had
//! (`PRAGMA user_version`), `PRAGMA application_id` = "CDNB" (so a backup is
//! never opened as a live database by mistake), and two metadata tables:
//!
//! - `cadence_backup(format_version, schema_version, created_at, writer)`:
//!   one row (`created_at` in ms since the epoch, `writer` the crate version);
//! - `cadence_backup_count(table_name, row_count)`: the rows of every table.
//!
//! Restore checks, before anything is replaced: the size (whole pages), the
//! secret (`WrongKey`), `PRAGMA cipher_integrity_check` (every page's HMAC),
//! `PRAGMA integrity_check`, the application id, the format and schema
//! versions (a newer one is `NewerSchema`), the tables against the frozen
//! schema of that version, and every row count. The data is then copied into
//! a new file next to the database (encrypted with the database's own key),
//! upgraded to the current schema in one IMMEDIATE transaction, checked
//! again, given the live file's security state (revocations, audit log,
//! pairings and sequence numbers: see `merge`, they never move back), and
//! atomically renamed over the database; the store's connections
//! are reopened on it, so the `Store` keeps working.

mod merge;
pub mod recovery;
mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use zeroize::{Zeroize, Zeroizing};

use super::{connection, schema, Store};
use crate::error::{Error, Result};
use crate::limits;
use crate::DatabaseKey;

pub use verify::verify_backup;

/// The backup format this build writes (and the newest it reads).
pub const BACKUP_FORMAT_VERSION: i64 = 1;

/// `PRAGMA application_id` of a backup file: "CDNB".
pub const BACKUP_APPLICATION_ID: i64 = 0x4344_4E42;

/// The metadata tables inside a backup (never part of a live database).
pub(crate) const META_TABLE: &str = "cadence_backup";
pub(crate) const COUNT_TABLE: &str = "cadence_backup_count";

/// What protects a backup: a passphrase the person chooses (stretched with
/// PBKDF2-HMAC-SHA512, 256,000 iterations) or a random 32-byte key the host
/// keeps. Never printed; the passphrase is overwritten when dropped.
#[derive(Clone, PartialEq, Eq)]
pub enum BackupSecret {
    /// A passphrase (12 to 1024 characters for a new backup; backups made
    /// with 8 or more still open), or a generated recovery key
    /// ([`recovery::generate_recovery_key`]).
    Passphrase(String),
    /// A raw 32-byte key (no derivation).
    Key(DatabaseKey),
}

impl std::fmt::Debug for BackupSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BackupSecret::Passphrase(_) => "BackupSecret::Passphrase(..)",
            BackupSecret::Key(_) => "BackupSecret::Key(..)",
        })
    }
}

impl Drop for BackupSecret {
    fn drop(&mut self) {
        if let BackupSecret::Passphrase(p) = self {
            p.zeroize();
        }
    }
}

impl From<&str> for BackupSecret {
    /// A passphrase.
    fn from(p: &str) -> Self {
        BackupSecret::Passphrase(p.to_string())
    }
}

impl From<String> for BackupSecret {
    /// A passphrase.
    fn from(p: String) -> Self {
        BackupSecret::Passphrase(p)
    }
}

impl From<DatabaseKey> for BackupSecret {
    /// A raw key.
    fn from(k: DatabaseKey) -> Self {
        BackupSecret::Key(k)
    }
}

impl From<&DatabaseKey> for BackupSecret {
    /// A raw key.
    fn from(k: &DatabaseKey) -> Self {
        BackupSecret::Key(k.clone())
    }
}

impl BackupSecret {
    /// Checks the passphrase's length and form for a new backup
    /// (`InvalidInput` otherwise).
    pub fn validate(&self) -> Result<()> {
        self.validate_with_min(limits::MIN_PASSPHRASE_CHARS)
    }

    /// The same checks for opening an existing backup: the older, shorter
    /// minimum, so backups made before it was raised still open.
    pub(crate) fn validate_to_open(&self) -> Result<()> {
        self.validate_with_min(limits::MIN_PASSPHRASE_CHARS_TO_OPEN)
    }

    /// A passphrase that is a recovery key typed loosely (capitals, extra
    /// spaces, line breaks) in the form it was generated in; anything else
    /// unchanged.
    pub(crate) fn normalised(self) -> BackupSecret {
        match &self {
            BackupSecret::Passphrase(p) => match recovery::normalise_recovery_key(p) {
                Some(k) => BackupSecret::Passphrase(k.as_str().to_string()),
                None => self,
            },
            BackupSecret::Key(_) => self,
        }
    }

    fn validate_with_min(&self, min: usize) -> Result<()> {
        let BackupSecret::Passphrase(p) = self else {
            return Ok(());
        };
        let n = p.chars().count();
        if n < min {
            return Err(Error::invalid(
                "passphrase",
                format!("must be at least {min} characters"),
            ));
        }
        if n > limits::MAX_PASSPHRASE_CHARS {
            return Err(Error::invalid(
                "passphrase",
                format!(
                    "must be at most {} characters",
                    limits::MAX_PASSPHRASE_CHARS
                ),
            ));
        }
        if p.contains('\0') {
            return Err(Error::invalid(
                "passphrase",
                "must not contain NUL characters",
            ));
        }
        if p.starts_with("x'") || p.starts_with("X'") {
            // SQLCipher would read `x'…'` as a raw key, skipping the KDF.
            return Err(Error::invalid("passphrase", "must not start with x'"));
        }
        Ok(())
    }

    /// The SQL literal for `ATTACH … KEY` / `PRAGMA key`, wiped when dropped.
    pub(crate) fn sql_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(match self {
            BackupSecret::Passphrase(p) => {
                let quoted = Zeroizing::new(p.replace('\'', "''"));
                format!("'{}'", quoted.as_str())
            }
            BackupSecret::Key(k) => format!("\"{}\"", k.sql_literal().as_str()),
        })
    }

    fn kdf_name(&self) -> &'static str {
        match self {
            BackupSecret::Passphrase(_) => "pbkdf2-hmac-sha512-256000",
            BackupSecret::Key(_) => "raw-key",
        }
    }
}

/// The rows of one table in a backup.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BackupTableCount {
    /// The table.
    pub table: String,
    /// Its rows.
    pub rows: u64,
}

/// What a backup holds, read from its metadata after it was verified.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BackupInfo {
    /// The backup format version.
    pub format_version: i64,
    /// The schema version of the data inside.
    pub schema_version: i64,
    /// When the backup was written.
    pub created_at: DateTime<Utc>,
    /// Rows over every table.
    pub record_count: u64,
    /// Rows per table, by table name.
    pub tables: Vec<BackupTableCount>,
    /// Size of the backup file in bytes.
    pub bytes: u64,
}

/// A path as an SQL string literal (UTF-8 paths only).
fn path_literal(field: &str, p: &Path) -> Result<String> {
    let s = p
        .to_str()
        .ok_or_else(|| Error::invalid(field, "must be valid UTF-8"))?;
    if s.contains('\0') {
        return Err(Error::invalid(field, "must not contain NUL characters"));
    }
    Ok(format!("'{}'", s.replace('\'', "''")))
}

/// A read-only `file:` URI for a path (percent-encoding anything unusual).
fn readonly_uri(field: &str, p: &Path) -> Result<String> {
    let s = p
        .to_str()
        .ok_or_else(|| Error::invalid(field, "must be valid UTF-8"))?;
    let mut uri = String::from("file:");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro");
    Ok(format!("'{}'", uri.replace('\'', "''")))
}

/// A sibling path with `suffix` appended to the file name.
fn sibling(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Makes a rename durable (the directory entry).
fn sync_dir(p: &Path) {
    if let Some(dir) = p.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Same file, comparing canonical paths when both exist.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Removes a file, ignoring "not found".
fn remove_quietly(p: &Path) {
    let _ = std::fs::remove_file(p);
}

/// The user tables of schema `db` (metadata tables excluded), by name.
pub(crate) fn user_tables(conn: &Connection, db: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name FROM {db}.sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN (?1, ?2) ORDER BY name"
    ))?;
    let names = stmt
        .query_map([META_TABLE, COUNT_TABLE], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// `count(*)` of a table (the name comes from `sqlite_master`, quoted).
pub(crate) fn count_rows(conn: &Connection, db: &str, table: &str) -> Result<u64> {
    let n: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM {db}.\"{}\"",
            table.replace('"', "\"\"")
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(n as u64)
}

impl Store {
    /// Writes a complete encrypted backup of the database to `out` and
    /// verifies it (it opens with `secret`, passes the integrity checks and
    /// holds every row) before it appears under that name: a failure leaves
    /// no file behind (an existing `out` is replaced only on success).
    ///
    /// `secret` is a passphrase (`&str` / `String`) or a [`DatabaseKey`].
    pub fn backup_to(
        &self,
        out: impl AsRef<Path>,
        secret: impl Into<BackupSecret>,
        now: DateTime<Utc>,
    ) -> Result<BackupInfo> {
        let out = out.as_ref();
        let secret = &secret.into();
        secret.validate()?;
        if same_file(out, &self.path) {
            return Err(Error::invalid(
                "backup.path",
                "must not be the database file",
            ));
        }
        let partial = sibling(out, ".partial");
        remove_quietly(&partial);
        let written = self.export_backup(&partial, secret, now);
        let checked = written.and_then(|()| {
            std::fs::File::open(&partial)?.sync_all()?;
            verify_backup(&partial, secret)
        });
        match checked {
            Ok(info) => {
                if let Err(e) = std::fs::rename(&partial, out) {
                    remove_quietly(&partial);
                    return Err(e.into());
                }
                sync_dir(out);
                Ok(info)
            }
            Err(e) => {
                remove_quietly(&partial);
                Err(e)
            }
        }
    }

    /// Exports the database with its metadata into a new file at `partial`.
    fn export_backup(
        &self,
        partial: &Path,
        secret: &BackupSecret,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let guard = self.lock_writer();
        let conn = &guard.writer;
        conn.execute_batch(&Zeroizing::new(format!(
            "ATTACH DATABASE {} AS bk KEY {};",
            path_literal("backup.path", partial)?,
            secret.sql_literal().as_str()
        )))?;
        let result = (|| -> Result<()> {
            conn.execute_batch(&format!(
                "PRAGMA bk.journal_mode = DELETE;
                 SELECT sqlcipher_export('bk');
                 BEGIN IMMEDIATE;
                 CREATE TABLE bk.{META_TABLE} (format_version INTEGER NOT NULL,
                     schema_version INTEGER NOT NULL, created_at INTEGER NOT NULL,
                     writer TEXT NOT NULL, kdf TEXT NOT NULL);
                 CREATE TABLE bk.{COUNT_TABLE} (table_name TEXT PRIMARY KEY,
                     row_count INTEGER NOT NULL);"
            ))?;
            let inner = (|| -> Result<()> {
                // Counted under the writer lock, so they match the export.
                for table in user_tables(conn, "main")? {
                    conn.execute(
                        &format!(
                            "INSERT INTO bk.{COUNT_TABLE} (table_name, row_count) VALUES (?1, ?2)"
                        ),
                        rusqlite::params![table, count_rows(conn, "main", &table)? as i64],
                    )?;
                }
                conn.execute(
                    &format!(
                        "INSERT INTO bk.{META_TABLE} (format_version, schema_version, created_at,
                            writer, kdf) VALUES (?1, ?2, ?3, ?4, ?5)"
                    ),
                    rusqlite::params![
                        BACKUP_FORMAT_VERSION,
                        schema::VERSION,
                        super::to_ms(now),
                        env!("CARGO_PKG_VERSION"),
                        secret.kdf_name()
                    ],
                )?;
                conn.execute_batch(&format!(
                    "PRAGMA bk.user_version = {}; PRAGMA bk.application_id = {};",
                    schema::VERSION,
                    BACKUP_APPLICATION_ID
                ))?;
                Ok(())
            })();
            match inner {
                Ok(()) => Ok(conn.execute_batch("COMMIT;")?),
                Err(e) => {
                    let _ = conn.execute_batch("ROLLBACK;");
                    Err(e)
                }
            }
        })();
        let detach = conn.execute_batch("DETACH DATABASE bk;");
        result?;
        detach?;
        Ok(())
    }

    /// Replaces the whole database with the backup at `file`. The backup is
    /// verified completely first (a wrong secret is `WrongKey`, a damaged or
    /// tampered file `Corrupt`, one from a newer build `NewerSchema`) and
    /// nothing is replaced unless every check passes. A backup of an older
    /// schema is upgraded. The live file's security state is kept: consent
    /// revocations, the audit log, pairings and their sequence numbers only
    /// move forward (see `merge`). The database keeps its own key; the store
    /// keeps working on the restored data.
    pub fn restore_from(
        &self,
        file: impl AsRef<Path>,
        secret: impl Into<BackupSecret>,
    ) -> Result<BackupInfo> {
        let file = file.as_ref();
        let secret = &secret.into().normalised();
        if same_file(file, &self.path) {
            return Err(Error::invalid(
                "backup.path",
                "must not be the database file",
            ));
        }
        let info = verify_backup(file, secret)?;
        let key = self.lock_writer().key.clone();
        let staged = sibling(&self.path, ".restore-tmp");
        remove_quietly(&staged);
        for suffix in ["-wal", "-shm", "-journal"] {
            remove_quietly(&sibling(&staged, suffix));
        }
        if let Err(e) = stage_restore(&staged, file, secret, key.as_ref(), &info) {
            remove_quietly(&staged);
            return Err(e);
        }
        self.swap_in(&staged, key)?;
        Ok(info)
    }

    /// Atomically renames `staged` over the database and reopens the
    /// connections on it (as `change_key` does).
    fn swap_in(&self, staged: &Path, key: Option<DatabaseKey>) -> Result<()> {
        let mut guard = self.lock_writer();
        let mut reader = self.lock_reader();
        if guard.key != key {
            // The key changed while the backup was staged: stage again.
            remove_quietly(staged);
            return Err(Error::invalid(
                "key",
                "the database key changed during the restore",
            ));
        }
        // The live file's security state moves forward only (see `merge`);
        // merged under the writer lock, so no write slips in between.
        if let Err(e) = merge::merge_security_state(&guard.writer, staged, key.as_ref()) {
            remove_quietly(staged);
            return Err(e);
        }
        let placeholder = Connection::open_in_memory;
        drop(std::mem::replace(&mut guard.writer, placeholder()?));
        guard.applier = None;
        drop(std::mem::replace(&mut *reader, placeholder()?));
        let swap = std::fs::rename(staged, &self.path);
        if swap.is_ok() {
            for suffix in ["-wal", "-shm"] {
                remove_quietly(&sibling(&self.path, suffix));
            }
            sync_dir(&self.path);
        } else {
            remove_quietly(staged);
        }
        guard.writer = connection::open(&self.path, guard.key.as_ref())?;
        *reader = connection::open(&self.path, guard.key.as_ref())?;
        swap?;
        Ok(())
    }

    /// Verifies the backup at `file` completely without changing it (see
    /// [`Store::restore_from`] for the errors) and returns what it holds.
    pub fn verify_backup(
        file: impl AsRef<Path>,
        secret: impl Into<BackupSecret>,
    ) -> Result<BackupInfo> {
        verify_backup(file, &secret.into().normalised())
    }

    /// Problems found by SQLite's and SQLCipher's integrity checks (page
    /// authentication, b-trees, indexes), by the foreign-key check and by
    /// adding up every supply on hand from its records; empty when the file
    /// is sound. Messages name tables and pages, never data.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let encrypted = self.is_encrypted();
        let reader = self.lock_reader();
        let mut out = verify::integrity_problems(&reader, encrypted)?;
        out.extend(super::supply::tally_problems(&reader)?);
        Ok(out)
    }
}

/// Copies the verified backup into a new database file at `staged`
/// (encrypted with the live key), checks the counts again on the copy, and
/// upgrades it to the current schema.
fn stage_restore(
    staged: &Path,
    file: &Path,
    secret: &BackupSecret,
    key: Option<&DatabaseKey>,
    info: &BackupInfo,
) -> Result<()> {
    let mut conn = connection::open(staged, key)?;
    conn.execute_batch(&Zeroizing::new(format!(
        "ATTACH DATABASE {} AS bk KEY {};",
        readonly_uri("backup.path", file)?,
        secret.sql_literal().as_str()
    )))
    .map_err(|e| verify::open_error(e.into()))?;
    let exported = conn.execute_batch("SELECT sqlcipher_export('main', 'bk');");
    let detached = conn.execute_batch("DETACH DATABASE bk;");
    exported.map_err(|e| verify::open_error(e.into()))?;
    detached?;
    // The copy must hold exactly what the verified backup declared (the
    // file could have changed between the check and the copy).
    verify::check_counts(&conn, "main", info)?;
    conn.execute_batch(&format!(
        "DROP TABLE {META_TABLE}; DROP TABLE {COUNT_TABLE};
         PRAGMA user_version = {}; PRAGMA application_id = {};",
        info.schema_version,
        schema::APPLICATION_ID
    ))?;
    schema::init(&mut conn)?;
    let problems = verify::integrity_problems(&conn, key.is_some())?;
    if !problems.is_empty() {
        return Err(Error::Corrupt(
            "the restored copy failed its integrity check".into(),
        ));
    }
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    drop(conn);
    std::fs::File::open(staged)?.sync_all()?;
    Ok(())
}
