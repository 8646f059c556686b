//! One sync through a shared folder (iCloud Drive, Google Drive,
//! Syncthing, a USB stick): every file in it addressed to this device is
//! applied in file-name order (each sender's files in number order) and
//! deleted once applied; a file that is refused stays where it is, and the
//! others are still applied. Then this device's change files are written
//! into it, each atomically (a hidden temporary name, flushed, then
//! renamed, so a file-sync service never uploads half a file). Applying
//! first lets the files written carry the confirmation of what was just
//! applied, so a second sync straight after has nothing to do.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use cadence_core::app::sync::SyncFileOut;
use cadence_core::sync::SyncFileKind;
use cadence_ffi::CadenceError;

use super::api::DeviceSync;

/// The ending of every change file's name.
pub const SUFFIX: &str = ".cdsync";

/// A file written for another device.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Written {
    /// Its name in the folder.
    pub file: String,
    /// The device it is for (the label given at pairing).
    pub device: String,
    /// `changes` or `snapshot`.
    pub kind: &'static str,
    /// Its file number.
    pub sequence: u64,
}

/// A file from another device applied here.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Applied {
    /// Its name in the folder.
    pub file: String,
    /// The sending device's key id.
    #[serde(skip)]
    pub sender_key_id: String,
    /// The device that made it.
    pub device: String,
    /// Record versions new here.
    pub changes: u64,
    /// Applied before already (it is deleted now; nothing changed).
    pub already_applied: bool,
}

/// A file addressed to this device that was not applied.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Refused {
    /// Its name in the folder.
    pub file: String,
    /// The field the refusal names (`sync_file.authentication`, ...).
    pub field: String,
    /// Why, in words.
    pub reason: String,
}

/// What one sync did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Outcome {
    /// Files written for the other devices.
    pub written: Vec<Written>,
    /// Files applied (and deleted).
    pub applied: Vec<Applied>,
    /// Files refused (left in the folder).
    pub refused: Vec<Refused>,
}

/// The first 8 hex digits of a key id: how file names name a device.
fn short(key_id: &str) -> &str {
    &key_id[..8.min(key_id.len())]
}

fn io(path: &Path, e: std::io::Error) -> String {
    format!("{}: {}", path.display(), e.kind())
}

/// Writes `bytes` under `name` in `dir`: to a hidden temporary file first,
/// flushed to disk, then renamed over the final name.
pub fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    let tmp = dir.join(format!(".{name}.tmp"));
    let done = dir.join(name);
    let mut f = fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
    f.write_all(bytes).map_err(|e| io(&tmp, e))?;
    f.sync_all().map_err(|e| io(&tmp, e))?;
    drop(f);
    fs::rename(&tmp, &done).map_err(|e| io(&done, e))?;
    // The rename itself reaches the disk with the folder's entry.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The change files in `dir` (not the temporary ones), in name order.
fn change_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(SUFFIX) && !n.starts_with('.'))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Whether a change file is addressed to the device `own_key_id`: read from
/// its clear header (nothing is decrypted). A file whose header cannot be
/// read counts as this device's when its name says so (it is reported);
/// other devices' files are left alone.
fn addressed_to(bytes: &[u8], name: &str, own_key_id: &str) -> Result<bool, CadenceError> {
    match cadence_core::sync::format::parse(bytes) {
        Ok(p) => {
            let to: String = p
                .header
                .recipient
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            Ok(to == own_key_id)
        }
        Err(e) if name.contains(&format!("-to-{}-", short(own_key_id))) => Err(e.into()),
        Err(_) => Ok(false),
    }
}

/// A refusal in words: the core's reason names what is wrong.
pub fn refusal(file: String, e: CadenceError) -> Refused {
    match e {
        CadenceError::InvalidInput { field, reason } => Refused {
            file,
            field,
            reason,
        },
        e => Refused {
            file,
            field: "sync_file".into(),
            reason: e.to_string(),
        },
    }
}

/// What became of one file in the folder.
enum Step {
    Applied(Applied),
    Refused(Refused),
    NotMine,
}

/// Applies the file at `path` if it is addressed to this device, and
/// deletes it once applied (or found applied before).
fn apply_one(
    api: &DeviceSync,
    own_key_id: &str,
    secret: &[u8],
    path: &Path,
    now: DateTime<Utc>,
) -> Result<Step, SyncStop> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let bytes = match fs::read(path) {
        Ok(b) => b,
        // Gone meanwhile (another sync took it): nothing to do.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Step::NotMine),
        Err(e) => return Err(SyncStop::Folder(io(path, e))),
    };
    match addressed_to(&bytes, &name, own_key_id) {
        Ok(false) => return Ok(Step::NotMine),
        Ok(true) => {}
        Err(e) => return Ok(Step::Refused(refusal(name, e))),
    }
    match api.import_sync(secret.to_vec(), bytes, Some(now)) {
        Ok(a) => {
            fs::remove_file(path).map_err(|e| SyncStop::Folder(io(path, e)))?;
            Ok(Step::Applied(Applied {
                file: name,
                // Named once the whole folder is read (the file may be
                // what introduced its sender).
                device: String::new(),
                sender_key_id: a.sender_key_id,
                changes: a.changes,
                already_applied: a.already_applied,
            }))
        }
        // The secret, not the file: nothing can be applied.
        Err(CadenceError::WrongKey) => Err(SyncStop::Api(CadenceError::WrongKey)),
        Err(e) => Ok(Step::Refused(refusal(name, e))),
    }
}

/// One sync of this device through `dir`: apply the files addressed to
/// it, then write its own. `own_key_id` is this device's share key id; the
/// secret opens its share keys. Errors that stop the sync (the secret,
/// the folder) are `Err`; a refused file is in the outcome.
pub fn sync_through(
    api: &DeviceSync,
    own_key_id: &str,
    secret: &[u8],
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<Outcome, SyncStop> {
    let mut out = Outcome::default();
    // A file from a device this one learns of in another file of the same
    // sync (a device paired on a third one) is tried again after the rest.
    let mut later = Vec::new();
    for path in change_files(dir).map_err(SyncStop::Folder)? {
        match apply_one(api, own_key_id, secret, &path, now)? {
            Step::Applied(a) => out.applied.push(a),
            Step::Refused(r) if r.field == "sync_file.sender" => later.push((path, r)),
            Step::Refused(r) => out.refused.push(r),
            Step::NotMine => {}
        }
    }
    let learned = out.applied.iter().any(|a| a.changes > 0);
    for (path, first) in later {
        if !learned {
            out.refused.push(first);
            continue;
        }
        match apply_one(api, own_key_id, secret, &path, now)? {
            Step::Applied(a) => out.applied.push(a),
            Step::Refused(r) => out.refused.push(r),
            Step::NotMine => {}
        }
    }
    let devices = api.sync_status().map_err(SyncStop::Api)?.devices;
    for a in &mut out.applied {
        a.device = devices
            .iter()
            .find(|d| d.key_id == a.sender_key_id)
            .map_or_else(
                || format!("device {}", short(&a.sender_key_id)),
                |d| d.label.clone(),
            );
    }
    let files: Vec<SyncFileOut> = api
        .export_sync(secret.to_vec(), Some(now))
        .map_err(SyncStop::Api)?;
    for f in files {
        write_atomically(dir, &f.file_name, &f.bytes).map_err(SyncStop::Folder)?;
        out.written.push(Written {
            file: f.file_name,
            device: f.recipient_label,
            kind: match f.kind {
                SyncFileKind::Snapshot => "snapshot",
                SyncFileKind::Changes => "changes",
            },
            sequence: f.sequence,
        });
    }
    Ok(out)
}

/// What stops a sync before it is done.
#[derive(Debug)]
pub enum SyncStop {
    /// The core refused (the secret does not open the share keys, ...).
    Api(CadenceError),
    /// The folder could not be read or written.
    Folder(String),
}
