//! The `Cadence` facade opened for the sync commands: the same database
//! file, the facade's own sync methods (`pair_device`, `confirm_device`,
//! `remove_device`, `sync_status`, `export_sync`, `import_sync`), called
//! exactly as the apps call them.

use std::sync::Arc;

use cadence_ffi::{Cadence, CadenceError};

/// The person's devices and the change files of one database: the facade.
pub type DeviceSync = Arc<Cadence>;

/// Opens the database at `db` through the facade (with its 32-byte key,
/// or a plain file for development when `key` is `None`).
pub fn open(db: &str, key: Option<Vec<u8>>) -> Result<DeviceSync, CadenceError> {
    match key {
        Some(k) => Cadence::open(db.to_string(), k),
        None => Cadence::open_unencrypted_for_tools(db.to_string()),
    }
}
