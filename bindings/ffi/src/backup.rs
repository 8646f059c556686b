//! Backup API of the `Cadence` object: one call writes a complete, versioned,
//! encrypted backup (passphrase or raw key) the app can put in the cloud or
//! carry to a new phone; restore verifies it completely before replacing
//! anything; `integrity_check` inspects the live file. The passphrase or key
//! is never logged or kept.

use chrono::{DateTime, Utc};

use cadence_core::app::backup::BackupInfo;
use cadence_core::{App, DatabaseKey};

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};

/// The two secrets as the core takes them (a passphrase or a `DatabaseKey`).
enum CoreSecret {
    Passphrase(String),
    Key(DatabaseKey),
}

/// Exactly one of `passphrase` and `key` must be given.
/// The bytes and text that crossed the FFI are wiped once read (the
/// core's copies are wiped when dropped).
fn secret(passphrase: Option<String>, key: Option<Vec<u8>>) -> cadence_core::Result<CoreSecret> {
    match (passphrase, key) {
        (Some(p), None) => Ok(CoreSecret::Passphrase(p)),
        (None, Some(mut k)) => {
            let key = DatabaseKey::from_bytes(&k);
            crate::facade::wipe(&mut k);
            Ok(CoreSecret::Key(key?))
        }
        (p, k) => {
            if let Some(mut p) = p {
                zeroize::Zeroize::zeroize(&mut p);
            }
            if let Some(mut k) = k {
                crate::facade::wipe(&mut k);
            }
            Err(cadence_core::Error::invalid(
                "secret",
                "give exactly one of a passphrase and a key",
            ))
        }
    }
}

/// A new backup recovery key: twelve common words (96 random bits), the
/// default secret of a backup. Show it once for the person to write down,
/// and pass it as the `passphrase` of `backup_to`; on restore it may be typed
/// back in any case and spacing. (A passphrase of their own must have at
/// least 12 characters.)
#[uniffi::export]
pub fn new_backup_recovery_key() -> Result<String, CadenceError> {
    call(|| {
        let key = cadence_core::app::backup::generate_recovery_key()?;
        Ok(key.as_str().to_string())
    })
}

#[uniffi::export]
impl Cadence {
    /// Writes a complete encrypted backup of the database to `path` (any
    /// existing file there is replaced only once the new backup is written
    /// and verified) and returns what it holds. Give exactly one secret: a
    /// `passphrase` — by default a recovery key from
    /// `new_backup_recovery_key`, or one the person chooses (12 to 1024
    /// characters; backups made with 8 or more still restore; SQLCipher
    /// stretches it with PBKDF2-HMAC-SHA512, 256,000 iterations) or a random
    /// 32-byte `key` the host keeps. Anything else is `InvalidInput`.
    #[uniffi::method(default(passphrase = None, key = None, now = None))]
    pub fn backup_to(
        &self,
        path: String,
        passphrase: Option<String>,
        key: Option<Vec<u8>>,
        now: Option<DateTime<Utc>>,
    ) -> Result<BackupInfo, CadenceError> {
        call(|| {
            let now = now_or_clock(now);
            Ok(match secret(passphrase, key)? {
                CoreSecret::Passphrase(p) => self.app.backup_to(&path, p, now)?,
                CoreSecret::Key(k) => self.app.backup_to(&path, k, now)?,
            })
        })
    }

    /// Replaces everything in the database with the backup at `path`. The
    /// backup is verified completely first; nothing is replaced unless it
    /// passes. Errors: `WrongKey` (wrong passphrase or key), `Corrupt`
    /// (truncated, damaged, tampered, not a backup), `NewerDatabase` (written
    /// by a newer app: update first). A backup from an older version is
    /// upgraded. The database keeps its own key; this object keeps working.
    #[uniffi::method(default(passphrase = None, key = None))]
    pub fn restore_from(
        &self,
        path: String,
        passphrase: Option<String>,
        key: Option<Vec<u8>>,
    ) -> Result<BackupInfo, CadenceError> {
        call(|| {
            Ok(match secret(passphrase, key)? {
                CoreSecret::Passphrase(p) => self.app.restore_from(&path, p)?,
                CoreSecret::Key(k) => self.app.restore_from(&path, k)?,
            })
        })
    }

    /// Verifies the backup at `path` completely without changing anything
    /// (the same checks as `restore_from`) and returns what it holds.
    #[uniffi::method(default(passphrase = None, key = None))]
    pub fn verify_backup(
        &self,
        path: String,
        passphrase: Option<String>,
        key: Option<Vec<u8>>,
    ) -> Result<BackupInfo, CadenceError> {
        call(|| {
            Ok(match secret(passphrase, key)? {
                CoreSecret::Passphrase(p) => App::verify_backup(&path, p)?,
                CoreSecret::Key(k) => App::verify_backup(&path, k)?,
            })
        })
    }

    /// Problems found by the integrity checks of the database file (page
    /// authentication, b-trees and indexes, foreign keys, every supply on
    /// hand added up from its records); empty when sound.
    pub fn integrity_check(&self) -> Result<Vec<String>, CadenceError> {
        call(|| self.app.integrity_check())
    }
}
