//! Use cases: backup and restore of the whole file, and its integrity.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::App;
use crate::error::Result;
use crate::store::Store;
pub use crate::store::{generate_recovery_key, BackupInfo, BackupSecret, RECOVERY_KEY_WORDS};

impl App {
    /// Writes a complete encrypted backup to `out` and verifies it before it
    /// appears under that name; a failure leaves no file behind.
    pub fn backup_to(
        &self,
        out: impl AsRef<Path>,
        secret: impl Into<BackupSecret>,
        now: DateTime<Utc>,
    ) -> Result<BackupInfo> {
        self.store.backup_to(out, secret, now)
    }

    /// Replaces the database with a verified backup (checked completely
    /// before anything is replaced).
    pub fn restore_from(
        &self,
        file: impl AsRef<Path>,
        secret: impl Into<BackupSecret>,
    ) -> Result<BackupInfo> {
        self.store.restore_from(file, secret)
    }

    /// Checks a backup file opens with `secret` and is sound, without
    /// restoring it.
    pub fn verify_backup(
        file: impl AsRef<Path>,
        secret: impl Into<BackupSecret>,
    ) -> Result<BackupInfo> {
        Store::verify_backup(file, secret)
    }

    /// Problems found by SQLite's and SQLCipher's integrity checks (page
    /// authentication, b-trees, indexes), by the foreign-key check and by
    /// adding up every supply on hand from its records; empty when the file
    /// is sound. Messages name tables and pages, never data.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        self.store.integrity_check()
    }
}
