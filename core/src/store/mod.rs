//! The encrypted local store: one SQLite (SQLCipher) file per person.
//!
//! A [`Store`] holds a writer and a reader connection, each behind a mutex, so
//! one `Store` can be shared by many threads: writes are serialised, reads run
//! beside them (WAL). Every write runs in one IMMEDIATE transaction that
//! commits or leaves nothing behind.

mod backup;
mod care;
mod connection;
mod dose_log;
mod history;
pub mod journal;
mod medications;
mod period;
mod plans;
mod profile;
pub mod reminders;
mod rules;
pub mod schema;
pub mod share;
pub(crate) mod supply;
pub mod sync;
mod taken;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use crate::model::ScheduleContext;
pub use backup::recovery::{generate_recovery_key, RECOVERY_KEY_WORDS};
pub use backup::{BackupInfo, BackupSecret, BackupTableCount, BACKUP_FORMAT_VERSION};
pub use connection::{is_plain_sqlite, DatabaseKey};
pub use dose_log::WarningCheck;
pub use period::{PeriodQuery, PeriodRows};
pub use plans::MAX_PLAN_VERSIONS;
pub use supply::RefillRow;

use crate::error::{Error, Result};

/// The Cadence database of one person.
pub struct Store {
    path: PathBuf,
    inner: Mutex<Connections>,
    reader: Mutex<Connection>,
    sync_tables: sync::SyncTables,
    wall_clock: Mutex<WallClock>,
}

/// Where the sync clock reads the time (the system clock but in
/// simulations).
pub type WallClock = std::sync::Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

struct Connections {
    writer: Connection,
    /// A second writing connection with foreign keys off, opened on the
    /// first sync file applied (switching the pragma on the writer would
    /// expire every prepared statement each time).
    applier: Option<Connection>,
    key: Option<DatabaseKey>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path`. With a key the file
    /// is encrypted with SQLCipher; without one it is plain SQLite.
    pub fn open(path: impl AsRef<Path>, key: Option<DatabaseKey>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let mut writer = connection::open(&path, key.as_ref())?;
        schema::init(&mut writer)?;
        let sync_tables = sync::SyncTables::read(&writer)?;
        let reader = connection::open(&path, key.as_ref())?;
        let store = Store {
            path,
            inner: Mutex::new(Connections {
                writer,
                applier: None,
                key,
            }),
            reader: Mutex::new(reader),
            sync_tables,
            wall_clock: Mutex::new(std::sync::Arc::new(Utc::now)),
        };
        // Rows an upgrade or another tool left marked become versions now.
        store.write(|_| Ok(()))?;
        Ok(store)
    }

    /// Sets where the sync clock reads the time (simulations and tests
    /// run on their own clock; the default is the system clock).
    pub fn set_wall_clock(&self, clock: WallClock) {
        *self.wall_clock.lock().unwrap_or_else(|p| p.into_inner()) = clock;
    }

    fn wall_ms(&self) -> i64 {
        let clock = self
            .wall_clock
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        clock().timestamp_millis()
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.lock_writer().key.is_some()
    }

    fn lock_writer(&self) -> MutexGuard<'_, Connections> {
        // A panic while holding the lock cannot leave a half-done transaction
        // (it rolls back on drop), so a poisoned lock is safe to reuse.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_reader(&self) -> MutexGuard<'_, Connection> {
        self.reader.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in one IMMEDIATE transaction and commits; on error nothing
    /// is kept. Every synced row `f` changed is recorded as a version of
    /// this device's in the same transaction (see [`sync`]), so no
    /// committed write can be missed by sync.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let wall = self.wall_ms();
        let mut guard = self.lock_writer();
        let tx = guard
            .writer
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        sync::capture(&tx, &self.sync_tables, wall)?;
        tx.commit()?;
        Ok(out)
    }

    /// [`Store::write`] with foreign keys unchecked, for applying another
    /// device's changes (a record may arrive before the one it points to).
    /// Nothing is captured as this device's write.
    pub(crate) fn write_unchecked<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self.lock_writer();
        if guard.applier.is_none() {
            let conn = connection::open(&self.path, guard.key.as_ref())?;
            conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
            // No triggers on this connection: its writes are not this
            // device's (nothing to mark for capture), and each trigger
            // would make every row written a multi-row statement with its
            // own statement journal. (The audit log's append-only guard is
            // kept by its merge: an audit entry's first version stands.)
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
            guard.applier = Some(conn);
        }
        let applier = guard.applier.as_mut().expect("opened above");
        let tx = applier.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` on a consistent snapshot.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut guard = self.lock_reader();
        let tx = guard.transaction_with_behavior(TransactionBehavior::Deferred)?;
        f(&tx)
    }

    /// Changes the key: encrypts a plain file, re-keys an encrypted one, or
    /// (with `None`) decrypts. The data is copied into a new file next to the
    /// old one, which replaces it atomically; a failure at any point leaves
    /// the original file as it was.
    pub fn change_key(&self, new_key: Option<DatabaseKey>) -> Result<()> {
        let mut guard = self.lock_writer();
        let mut reader = self.lock_reader();
        let tmp = self.path.with_extension("rekey-tmp");
        let _ = std::fs::remove_file(&tmp);
        guard
            .writer
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        let tmp_str = tmp
            .to_str()
            .ok_or_else(|| Error::invalid("path", "must be valid UTF-8"))?;
        let key_sql = zeroize::Zeroizing::new(match &new_key {
            Some(k) => format!("\"{}\"", k.sql_literal().as_str()),
            None => "''".to_string(),
        });
        let key_sql = key_sql.as_str();
        let export = guard.writer.execute_batch(&zeroize::Zeroizing::new(format!(
            "ATTACH DATABASE '{}' AS rekey KEY {key_sql};
             SELECT sqlcipher_export('rekey');
             PRAGMA rekey.user_version = {};
             PRAGMA rekey.application_id = {};
             DETACH DATABASE rekey;",
            tmp_str.replace('\'', "''"),
            schema::VERSION,
            schema::APPLICATION_ID
        )));
        if let Err(e) = export {
            let _ = guard.writer.execute_batch("DETACH DATABASE rekey;");
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
        std::fs::File::open(&tmp)?.sync_all()?;
        // Close both connections on the old file before swapping it.
        let placeholder = || Connection::open_in_memory();
        drop(std::mem::replace(&mut guard.writer, placeholder()?));
        guard.applier = None;
        drop(std::mem::replace(&mut *reader, placeholder()?));
        let swap = std::fs::rename(&tmp, &self.path);
        let key_now = if swap.is_ok() {
            new_key
        } else {
            guard.key.clone()
        };
        for suffix in ["-wal", "-shm"] {
            let mut p = self.path.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
        guard.writer = connection::open(&self.path, key_now.as_ref())?;
        *reader = connection::open(&self.path, key_now.as_ref())?;
        guard.key = key_now;
        swap?;
        Ok(())
    }

    /// Permanently removes every soft-deleted record, then overwrites the freed
    /// space (secure delete) and checkpoints the WAL so no copy stays in the file.
    pub fn purge_deleted(&self) -> Result<u64> {
        let n = self.write(|tx| {
            let meds = tx.execute("DELETE FROM medication WHERE deleted_at IS NOT NULL", [])?;
            // Plan versions replaced before they started (soft-deleted);
            // version numbers go on from the latest live version.
            let plans = tx.execute("DELETE FROM dosing_plan WHERE deleted_at IS NOT NULL", [])?;
            let journal = journal::purge(tx)?;
            // The edit history of records that stay: earlier note texts,
            // amounts and times. The current version is the record itself.
            tx.execute("DELETE FROM journal_entry_version", [])?;
            tx.execute("DELETE FROM dose_log_version", [])?;
            let members = care::purge_members(tx)?;
            Ok(meds as u64 + plans as u64 + journal + members)
        })?;
        let guard = self.lock_writer();
        // The deleted rows' old page images live on in the WAL until it is
        // checkpointed and truncated; VACUUM writes through the WAL again.
        connection::checkpoint_truncate(&guard.writer)?;
        guard.writer.execute_batch("VACUUM;")?;
        connection::checkpoint_truncate(&guard.writer)?;
        Ok(n)
    }
}

/// Milliseconds since the Unix epoch, the storage form of an instant.
pub(crate) fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// Reads an instant stored by [`to_ms`].
pub(crate) fn from_ms(ms: i64) -> rusqlite::Result<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms).single().ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Integer,
            "instant out of range".into(),
        )
    })
}

/// A new random id for a record.
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Checks a caller-supplied id is a UUID before it reaches SQL (a typed
/// error naming `field` otherwise).
pub fn check_id(field: &str, id: &str) -> Result<()> {
    uuid::Uuid::parse_str(id)
        .map(|_| ())
        .map_err(|_| Error::invalid(field, "expected a UUID"))
}

/// A [`SmallString`](crate::model::SmallString) is stored as SQL text, like
/// the `String` it replaces in the model.
impl rusqlite::ToSql for crate::model::SmallString {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(
            rusqlite::types::ValueRef::Text(self.as_bytes()),
        ))
    }
}
