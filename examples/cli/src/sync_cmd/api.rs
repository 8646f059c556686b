//! The sync use cases as the command line calls them: the names and
//! argument shapes of the `Cadence` facade's sync methods (host secret as
//! bytes, wiped once read; `now` optional; errors as `CadenceError`).
//!
//! The facade's sync methods are #19's bindings half, built in parallel;
//! until they land, this opens the core's `App` on the same database file
//! (a second connection: the store takes a lock per write, so the two take
//! turns) and forwards one line per method. When the facade has them, each
//! method here becomes `ctx.app.<same name>(...)` and this file goes.

use chrono::{DateTime, Utc};

use cadence_core::app::sync::{SyncApplied, SyncDevice, SyncFileOut, SyncStatus};
use cadence_core::share::KeyProtectionSecret;
use cadence_core::{App, DatabaseKey};
use cadence_ffi::CadenceError;

/// The person's devices and the change files of one database.
pub struct DeviceSync {
    app: App,
}

fn wiped<T>(mut bytes: Vec<u8>, f: impl FnOnce(&[u8]) -> T) -> T {
    let out = f(&bytes);
    bytes.iter_mut().for_each(|b| *b = 0);
    out
}

fn secret(bytes: Vec<u8>) -> Result<KeyProtectionSecret, CadenceError> {
    Ok(wiped(bytes, KeyProtectionSecret::from_bytes)?)
}

fn now_or_clock(now: Option<DateTime<Utc>>) -> DateTime<Utc> {
    now.unwrap_or_else(Utc::now)
}

impl DeviceSync {
    /// Opens the database at `db` (with its 32-byte key, or a plain file
    /// for development when `key` is `None`).
    pub fn open(db: &str, key: Option<Vec<u8>>) -> Result<DeviceSync, CadenceError> {
        let key = match key {
            Some(k) => Some(wiped(k, DatabaseKey::from_bytes)?),
            None => None,
        };
        Ok(DeviceSync {
            app: App::open(db, key)?,
        })
    }

    /// `Cadence.pair_device`: adds one of the person's devices from its
    /// pairing code, not confirmed yet.
    pub fn pair_device(
        &self,
        label: String,
        code: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<SyncDevice, CadenceError> {
        Ok(self.app.pair_device(&label, &code, now_or_clock(now))?)
    }

    /// `Cadence.confirm_device`: confirms it after comparing fingerprints.
    pub fn confirm_device(
        &self,
        key_id: String,
        fingerprint: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<SyncDevice, CadenceError> {
        Ok(self
            .app
            .confirm_device(&key_id, &fingerprint, now_or_clock(now))?)
    }

    /// `Cadence.remove_device`: removes it from the group for good.
    pub fn remove_device(
        &self,
        key_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<SyncDevice, CadenceError> {
        Ok(self.app.remove_device(&key_id, now_or_clock(now))?)
    }

    /// `Cadence.sync_status`: the devices and where sync stands.
    pub fn sync_status(&self) -> Result<SyncStatus, CadenceError> {
        Ok(self.app.sync_status()?)
    }

    /// `Cadence.export_sync`: this device's change files, one per device
    /// with something new (counted as sent once made).
    pub fn export_sync(
        &self,
        key_secret: Vec<u8>,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<SyncFileOut>, CadenceError> {
        Ok(self
            .app
            .export_sync(&secret(key_secret)?, now_or_clock(now))?)
    }

    /// `Cadence.import_sync`: applies one change file, all or nothing.
    pub fn import_sync(
        &self,
        key_secret: Vec<u8>,
        bytes: Vec<u8>,
        now: Option<DateTime<Utc>>,
    ) -> Result<SyncApplied, CadenceError> {
        Ok(self
            .app
            .import_sync(&secret(key_secret)?, &bytes, now_or_clock(now))?)
    }
}
