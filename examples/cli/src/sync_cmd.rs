//! `cadence device ...` and `cadence sync ...`: the person's own devices in
//! step. Devices pair as care-team members do: each device's pairing code
//! and fingerprint come from `cadence share keys`; each device pairs the
//! other's code (`device pair`) and confirms the fingerprint the other
//! shows (`device confirm`). `cadence sync --dir FOLDER` then writes this
//! device's change files into a folder a file-sync service keeps in step
//! and applies the ones addressed to it. The share secret comes from an
//! environment variable, as for `share`.

mod api;
pub mod demo;
pub mod folder;

use std::path::Path;

use clap::{Args, Subcommand};

use cadence_core::app::sync::{SyncDevice, SyncStatus};
use cadence_ffi::CadenceError;

use crate::output::print;
use crate::share_cmd::SecretArg;
use crate::Ctx;

pub use api::DeviceSync;

type CmdResult = Result<(), String>;

/// `cadence device ...`
#[derive(Debug, Subcommand)]
pub enum DeviceCmd {
    /// The person's other devices: confirmed or not, removed, last synced.
    List,
    /// Add one of your own devices from the pairing code it shows
    /// (`cadence share keys --secret-env VAR` on that device). Pair this
    /// device's code on the other one too.
    Pair {
        /// A name for the device ("Tablet").
        label: String,
        /// Its pairing code (CDNC1-...).
        code: String,
    },
    /// Confirm a device after comparing fingerprints: the one it shows for
    /// itself (`cadence share keys --fingerprint-only` there). Nothing is
    /// sent to or taken from it before.
    Confirm {
        /// The device: its label, or the start of it or of its key id.
        device: String,
        /// The fingerprint the other device shows for its own key.
        fingerprint: String,
    },
    /// Remove a device from the group for good: no file is made for it or
    /// taken from it again, on any of your devices once they sync.
    Remove {
        /// The device: its label, or the start of it or of its key id.
        device: String,
    },
}

/// `cadence sync --dir FOLDER --secret-env VAR` or `cadence sync status`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    cmd: Option<SyncSub>,
    /// The shared folder (iCloud Drive, Google Drive, Syncthing, a USB
    /// stick): this device's files are written into it and the files for
    /// it are applied from it (created if missing).
    #[arg(long, value_name = "FOLDER", required = true)]
    dir: Option<String>,
    #[command(flatten)]
    secret: Option<SecretArg>,
}

/// `cadence sync status`
#[derive(Debug, Subcommand)]
pub enum SyncSub {
    /// The devices, when this one last synced, files not yet confirmed by
    /// their device, changes not yet in a file.
    Status,
}

/// What to do on a device without share keys.
const NO_KEYS: &str = "this device has no share keys yet: create them with \
     `cadence share keys --secret-env VAR`, then pair your other devices";

fn api_err(e: CadenceError) -> String {
    match e {
        CadenceError::WrongKey => "the share secret does not open this device's share keys: \
             check the 64 hex digits in --secret-env (the database itself opened fine)"
            .to_string(),
        CadenceError::InvalidInput { field, .. } if field == "share_keys" => NO_KEYS.to_string(),
        e => e.to_string(),
    }
}

/// Opens the sync use cases on the command's database.
fn open(db: &str, key_env: &Option<String>) -> Result<DeviceSync, String> {
    api::open(db, crate::parse_key(key_env)?).map_err(api_err)
}

/// The key id of the device `query` names (its label, or a unique start
/// of it or of its key id); a refusal lists the devices.
fn device_id(devices: &[SyncDevice], query: &str) -> Result<String, String> {
    let items: Vec<(String, String)> = devices
        .iter()
        .map(|d| (d.key_id.clone(), d.label.clone()))
        .collect();
    crate::names::pick(query, &items, "device", "devices").map_err(|e| {
        if items.is_empty() {
            format!("{e} (pair one with `cadence device pair LABEL CODE`)")
        } else {
            e
        }
    })
}

fn device_json(d: &SyncDevice) -> serde_json::Value {
    serde_json::json!({
        "key_id": d.key_id, "label": d.label, "fingerprint": d.fingerprint,
        "paired_at": d.paired_at, "verified_at": d.verified_at,
        "removed_at": d.removed_at, "last_sent_at": d.last_sent_at,
        "last_received_at": d.last_received_at,
        "unacknowledged_files": d.unacknowledged_files,
    })
}

/// One device in a sentence.
fn device_text(ctx: &Ctx, d: &SyncDevice) -> String {
    let state = match (d.removed_at, d.verified_at) {
        (Some(t), _) => format!("removed on {}", ctx.local(t)),
        (None, Some(t)) => format!("confirmed {}", ctx.local(t)),
        (None, None) => format!(
            "not confirmed yet (compare the fingerprints, then `cadence device confirm {} FINGERPRINT`)",
            d.label
        ),
    };
    let mut out = format!(
        "{} (key {}): {state}; fingerprint {}",
        d.label,
        &d.key_id[..8.min(d.key_id.len())],
        d.fingerprint
    );
    if d.removed_at.is_none() {
        let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map_or_else(|| "never".to_string(), |t| ctx.local(t))
        };
        out.push_str(&format!(
            "\n  last file made for it: {}; last file applied from it: {}",
            when(d.last_sent_at),
            when(d.last_received_at)
        ));
        if d.unacknowledged_files > 0 {
            out.push_str(&format!(
                "; {} file(s) it has not confirmed applying yet",
                d.unacknowledged_files
            ));
        }
    }
    out
}

fn devices_text(ctx: &Ctx, devices: &[SyncDevice]) -> String {
    if devices.is_empty() {
        return "No other devices yet: on the other device run `cadence share keys \
                --secret-env VAR`, then here `cadence device pair LABEL CODE` with its code."
            .to_string();
    }
    devices
        .iter()
        .map(|d| device_text(ctx, d))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs `cadence device ...`.
pub fn run_device(ctx: &Ctx, db: &str, key_env: &Option<String>, cmd: DeviceCmd) -> CmdResult {
    let api = open(db, key_env)?;
    let now = Some(ctx.now);
    match cmd {
        DeviceCmd::List => {
            let devices = api.sync_status().map_err(api_err)?.devices;
            let values: Vec<_> = devices.iter().map(device_json).collect();
            print(ctx, &values, &devices_text(ctx, &devices));
        }
        DeviceCmd::Pair { label, code } => {
            let d = api.pair_device(label, code, now).map_err(api_err)?;
            print(
                ctx,
                &device_json(&d),
                &format!(
                    "paired {label}; compare the fingerprint: {fp}\n\
                     It must be the one {label} shows for itself (`cadence share keys \
                     --fingerprint-only` there); then `cadence device confirm {label} \"{fp}\"`. \
                     Pair this device's code on {label} too (`cadence share keys` here shows it).",
                    label = d.label,
                    fp = d.fingerprint
                ),
            );
        }
        DeviceCmd::Confirm {
            device,
            fingerprint,
        } => {
            let devices = api.sync_status().map_err(api_err)?.devices;
            let key_id = device_id(&devices, &device)?;
            let d = api
                .confirm_device(key_id, fingerprint, now)
                .map_err(api_err)?;
            print(
                ctx,
                &device_json(&d),
                &format!(
                    "{} confirmed: `cadence sync --dir FOLDER` now keeps it in step",
                    d.label
                ),
            );
        }
        DeviceCmd::Remove { device } => {
            let devices = api.sync_status().map_err(api_err)?.devices;
            let key_id = device_id(&devices, &device)?;
            let d = api.remove_device(key_id, now).map_err(api_err)?;
            print(
                ctx,
                &device_json(&d),
                &format!(
                    "{} removed: no file is made for it or taken from it again; your other \
                     devices learn it when they next sync",
                    d.label
                ),
            );
        }
    }
    Ok(())
}

fn status_json(s: &SyncStatus) -> serde_json::Value {
    serde_json::json!({
        "devices": s.devices.iter().map(device_json).collect::<Vec<_>>(),
        "last_synced_at": s.last_synced_at,
        "unsent_changes": s.unsent_changes,
        "unacknowledged_files": s.unacknowledged_files,
    })
}

fn status_text(ctx: &Ctx, s: &SyncStatus) -> String {
    let last = s
        .last_synced_at
        .map_or_else(|| "never".to_string(), |t| ctx.local(t));
    format!(
        "Last synced: {last}\nChanges not yet in a file: {}\n\
         Files not yet confirmed by their device: {}\n{}",
        s.unsent_changes,
        s.unacknowledged_files,
        devices_text(ctx, &s.devices)
    )
}

/// What a sync did, in words, in the order it did it: files applied,
/// files refused, files written.
pub fn outcome_text(o: &folder::Outcome, dir: &str) -> String {
    let mut lines = Vec::new();
    let fresh: Vec<&folder::Applied> = o.applied.iter().filter(|a| !a.already_applied).collect();
    if !fresh.is_empty() {
        let changes: u64 = fresh.iter().map(|a| a.changes).sum();
        let mut from: Vec<&str> = fresh.iter().map(|a| a.device.as_str()).collect();
        from.dedup();
        lines.push(format!(
            "Applied {} file(s) from {}: {}",
            fresh.len(),
            from.join(", "),
            if changes == 0 {
                "nothing new (confirmations only)".to_string()
            } else {
                format!("{changes} change(s)")
            }
        ));
    }
    let again = o.applied.len() - fresh.len();
    if again > 0 {
        lines.push(format!(
            "Removed {again} file(s) applied here before (nothing changed)"
        ));
    }
    for r in &o.refused {
        lines.push(format!(
            "Refused {}: {}; left in the folder",
            r.file, r.reason
        ));
    }
    let mut per_device: Vec<(String, Vec<&folder::Written>)> = Vec::new();
    for w in &o.written {
        match per_device.iter_mut().find(|(d, _)| *d == w.device) {
            Some((_, v)) => v.push(w),
            None => per_device.push((w.device.clone(), vec![w])),
        }
    }
    for (device, files) in &per_device {
        let snapshot = files.iter().any(|w| w.kind == "snapshot");
        lines.push(format!(
            "Wrote {} file(s) for {device} to {dir}{}",
            files.len(),
            if snapshot {
                " (a snapshot of everything: its first file)"
            } else {
                ""
            }
        ));
    }
    if lines.is_empty() {
        lines.push("Nothing new: no file written, none to apply".to_string());
    }
    lines.join("\n")
}

/// Runs `cadence sync ...`.
pub fn run_sync(ctx: &Ctx, db: &str, key_env: &Option<String>, args: SyncArgs) -> CmdResult {
    let api = open(db, key_env)?;
    if let Some(SyncSub::Status) = args.cmd {
        let s = api.sync_status().map_err(api_err)?;
        print(ctx, &status_json(&s), &status_text(ctx, &s));
        return Ok(());
    }
    let (Some(dir), Some(secret)) = (args.dir, args.secret) else {
        return Err("give the folder and the share secret: \
                    `cadence sync --dir FOLDER --secret-env VAR`"
            .into());
    };
    let own = ctx
        .app
        .share_identity()
        .map_err(|e| e.to_string())?
        .ok_or(NO_KEYS)?;
    let secret = secret.bytes()?;
    // The secret must open this device's keys before anything is touched.
    ctx.app
        .create_share_keys(secret.clone(), Some(ctx.now))
        .map_err(api_err)?;
    let path = Path::new(&dir);
    if !path.is_dir() {
        std::fs::create_dir(path)
            .map_err(|e| format!("cannot create the folder {dir}: {}", e.kind()))?;
    }
    let out =
        folder::sync_through(&api, &own.key_id, &secret, path, ctx.now).map_err(|e| match e {
            folder::SyncStop::Api(e) => api_err(e),
            folder::SyncStop::Folder(e) => e,
        })?;
    print(ctx, &out, &outcome_text(&out, &dir));
    if out.refused.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} file(s) were refused and left in {dir} (see above); the others were applied",
            out.refused.len()
        ))
    }
}

/// Whether `cmd` may create a missing database file: besides `demo` and
/// `profile set`, a new device's first command, `share keys` (its data
/// arrives with the first sync; setting up a profile there would compete
/// with the person's own).
pub fn creates_database(cmd: &crate::Command) -> bool {
    matches!(
        cmd,
        crate::Command::Share(crate::share_cmd::ShareCmd::Keys { .. })
    )
}
