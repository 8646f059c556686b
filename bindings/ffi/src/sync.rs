//! Sync API of the `Cadence` object: the person's own devices kept in step
//! through sealed change files that the app carries through a folder it
//! chooses (a cloud drive, a USB stick, a local share). No server sees a
//! dose, a mood or a note: each file is sealed to one device's share key.
//!
//! A device joins the group with the same pairing code and fingerprint
//! check as the care team (`share_identity()` shows this device's). Own
//! devices receive everything, private notes included. `key_secret` is the
//! host's 32-byte key-protection secret, as in the share API.

use chrono::{DateTime, Utc};

use cadence_core::app::sync::{SyncApplied, SyncDevice, SyncFileOut, SyncStatus};

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};
use crate::share::secret;

/// The largest change file the core applies (64 MiB): hosts skip a larger
/// file in the sync folder without reading it.
#[uniffi::export]
pub fn max_sync_file_bytes() -> u64 {
    cadence_core::sync::MAX_SYNC_FILE_BYTES as u64
}

#[uniffi::export]
impl Cadence {
    /// Adds one of the person's own devices from the pairing code it shows
    /// (its `share_identity().pairing_code`), under `label` ("Tablet", 1 to
    /// 100 characters). Nothing is sent to or taken from it until
    /// `confirm_device`. This device's own code is refused (`InvalidInput`
    /// on `code`), and so is a removed device's. Pairing the same device
    /// again re-opens it for confirmation.
    #[uniffi::method(default(now = None))]
    pub fn pair_device(
        &self,
        label: String,
        code: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<SyncDevice, CadenceError> {
        call(|| self.app.pair_device(&label, &code, now_or_clock(now)))
    }

    /// Confirms device `key_id` once the person compared fingerprints:
    /// `fingerprint` is the one the other device shows for itself
    /// (`share_identity().fingerprint` there). If it is not this device's
    /// key, `InvalidInput { field: "fingerprint" }` and nothing is
    /// confirmed; a removed device is `InvalidInput` on `device`; an unknown
    /// one `NotFound` (kind `device`).
    #[uniffi::method(default(now = None))]
    pub fn confirm_device(
        &self,
        key_id: String,
        fingerprint: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<SyncDevice, CadenceError> {
        call(|| {
            self.app
                .confirm_device(&key_id, &fingerprint, now_or_clock(now))
        })
    }

    /// Removes device `key_id` from the group for good (a lost or sold
    /// phone): no file is made for it or taken from it again, on any device
    /// of the group once they have synced. It cannot rejoin with the same
    /// keys.
    #[uniffi::method(default(now = None))]
    pub fn remove_device(
        &self,
        key_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<SyncDevice, CadenceError> {
        call(|| self.app.remove_device(&key_id, now_or_clock(now)))
    }

    /// The person's other devices (label, fingerprint, confirmed, removed,
    /// last file sent and received, files not yet confirmed by them) and
    /// where sync stands: last synced, changes not yet in a file, files
    /// made here not yet confirmed.
    pub fn sync_status(&self) -> Result<SyncStatus, CadenceError> {
        call(|| self.app.sync_status())
    }

    /// Makes the change files for every confirmed device of the group (a
    /// snapshot of everything for a device that has had nothing yet, else
    /// this device's changes since its last file); devices with nothing new
    /// get none. The files count as sent once made: write each one (its
    /// `bytes` under its `file_name`) to the sync folder before calling
    /// this again. `key_secret` unseals this device's share keys
    /// (`WrongKey` if it does not; `InvalidInput` on `share_keys` before
    /// `create_share_keys`).
    #[uniffi::method(default(now = None))]
    pub fn export_sync(
        &self,
        key_secret: Vec<u8>,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<SyncFileOut>, CadenceError> {
        call(|| {
            self.app
                .export_sync(&secret(key_secret)?, now_or_clock(now))
        })
    }

    /// Applies one change file from another device of the group, all of it
    /// or nothing. The same file twice changes nothing the second time
    /// (`already_applied`). Refused with `InvalidInput` naming the field,
    /// nothing changed: not a change file, cut short or altered
    /// (`sync_file...`), from a newer Cadence (`sync_file.version`), for
    /// another device (`sync_file.recipient`: leave it for that device),
    /// from a device not in the group, removed or not confirmed yet
    /// (`sync_file.sender`), or a different file under a number already
    /// applied (`sync_file.sequence`).
    #[uniffi::method(default(now = None))]
    pub fn import_sync(
        &self,
        key_secret: Vec<u8>,
        bytes: Vec<u8>,
        now: Option<DateTime<Utc>>,
    ) -> Result<SyncApplied, CadenceError> {
        call(|| {
            self.app
                .import_sync(&secret(key_secret)?, &bytes, now_or_clock(now))
        })
    }

    /// Every synced row and record version in a fixed order: two devices
    /// that applied the same files give the same text. For checks and
    /// support only: it holds personal data (names, doses, private notes),
    /// so never log it, show it to anyone else or send it anywhere.
    pub fn sync_dump(&self) -> Result<String, CadenceError> {
        call(|| self.app.sync_dump())
    }
}
