//! The demo's second device: Alex's tablet, a second database file next to
//! the demo's with its own share keys, paired with the phone (the demo's
//! file) and confirmed on both, catches up through a folder next to them,
//! and shows the same Today.
//!
//! The demo's share keys are sealed under fixed secrets (below) so it can be
//! re-run; `cadence share keys --secret-env VAR` with VAR holding the
//! phone's shows its keys. Never use these secrets for real data.

use std::path::{Path, PathBuf};

use cadence_ffi::{Cadence, CadenceError};

use super::api::DeviceSync;
use super::folder;
use crate::Ctx;

/// The demo phone's share secret (64 hex digits).
pub const DEMO_PHONE_SECRET: &str =
    "dededededededededededededededededededededededededededededededede";
/// The demo tablet's share secret.
const DEMO_TABLET_SECRET: &str = "7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a";

/// Beside `db` (`demo.db`): the tablet's file `demo.tablet.db` and the
/// shared folder `demo.sync`.
pub fn paths(db: &str) -> (PathBuf, PathBuf) {
    let p = Path::new(db);
    let stem = p.file_stem().map_or_else(
        || "cadence".to_string(),
        |s| s.to_string_lossy().to_string(),
    );
    (
        p.with_file_name(format!("{stem}.tablet.db")),
        p.with_file_name(format!("{stem}.sync")),
    )
}

fn api(e: CadenceError) -> String {
    e.to_string()
}

/// Pairs and confirms `other` on `me` unless it is confirmed already.
/// `false` when it was removed from the group (the demo leaves it so).
fn link(
    me: &DeviceSync,
    label: &str,
    other: &cadence_core::share::ShareIdentity,
    ctx: &Ctx,
) -> Result<bool, String> {
    let known = me
        .sync_status()
        .map_err(api)?
        .devices
        .into_iter()
        .find(|d| d.key_id == other.key_id);
    match known {
        Some(d) if d.removed_at.is_some() => return Ok(false),
        Some(d) if d.verified_at.is_some() => return Ok(true),
        Some(_) => {}
        None => {
            me.pair_device(label.into(), other.pairing_code.clone(), Some(ctx.now))
                .map_err(api)?;
        }
    }
    // The person compared the fingerprint the other device shows.
    me.confirm_device(
        other.key_id.clone(),
        other.fingerprint.clone(),
        Some(ctx.now),
    )
    .map_err(api)?;
    Ok(true)
}

/// What the second-device part did, for text and JSON.
pub struct SecondDevice {
    /// The paragraph the demo prints.
    pub text: String,
    /// The same as data.
    pub json: serde_json::Value,
}

/// Runs the second-device part: pair, confirm, sync through the folder,
/// compare Today.
pub fn second_device(
    ctx: &Ctx,
    db: &str,
    key_env: &Option<String>,
) -> Result<SecondDevice, String> {
    let phone_secret = crate::commands::hex_key(DEMO_PHONE_SECRET)?;
    let tablet_secret = crate::commands::hex_key(DEMO_TABLET_SECRET)?;
    let phone_id = match ctx
        .app
        .create_share_keys(phone_secret.clone(), Some(ctx.now))
    {
        Ok(id) => id,
        // Keys made under another secret (`share keys` before the demo).
        Err(CadenceError::WrongKey) => {
            return Ok(SecondDevice {
                text: "Second device: skipped (this file's share keys were made under \
                       another secret than the demo's)."
                    .into(),
                json: serde_json::json!({ "skipped": "share keys under another secret" }),
            })
        }
        Err(e) => return Err(api(e)),
    };
    let (tablet_path, dir) = paths(db);
    let tablet_db = tablet_path.display().to_string();
    let key = crate::parse_key(key_env)?;
    let tablet = match &key {
        Some(k) => Cadence::open(tablet_db.clone(), k.clone()),
        None => Cadence::open_unencrypted_for_tools(tablet_db.clone()),
    }
    .map_err(api)?;
    let tablet_id = tablet
        .create_share_keys(tablet_secret.clone(), Some(ctx.now))
        .map_err(api)?;
    let phone = super::api::open(db, key.clone()).map_err(api)?;
    let tab = super::api::open(&tablet_db, key).map_err(api)?;
    if !(link(&phone, "Tablet", &tablet_id, ctx)? && link(&tab, "Phone", &phone_id, ctx)?) {
        return Ok(SecondDevice {
            text: "Second device: the demo tablet was removed from the group.".into(),
            json: serde_json::json!({ "skipped": "the tablet was removed" }),
        });
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {}", dir.display(), e.kind()))?;
    let stop = |e: folder::SyncStop| match e {
        folder::SyncStop::Api(e) => api(e),
        folder::SyncStop::Folder(e) => e,
    };
    let sent = folder::sync_through(&phone, &phone_id.key_id, &phone_secret, &dir, ctx.now)
        .map_err(stop)?;
    let got = folder::sync_through(&tab, &tablet_id.key_id, &tablet_secret, &dir, ctx.now)
        .map_err(stop)?;
    let phone_today = crate::dose_cmd::today_text(&ctx.app.today(Some(ctx.now)).map_err(api)?);
    let tablet_today = crate::dose_cmd::today_text(&tablet.today(Some(ctx.now)).map_err(api)?);
    let same = phone_today == tablet_today;
    let changes: u64 = got.applied.iter().map(|a| a.changes).sum();
    let mut text = format!(
        "Your tablet ({tablet_db}, its own share keys) is paired with this phone, the \
         fingerprints confirmed on both ({} and {}).\n",
        phone_id.fingerprint, tablet_id.fingerprint
    );
    let kinds: Vec<&str> = sent.written.iter().map(|w| w.kind).collect();
    text.push_str(&format!(
        "The phone wrote {} file(s) to {}{}; the tablet applied {} ({changes} change(s)).\n",
        sent.written.len(),
        dir.display(),
        if kinds.contains(&"snapshot") {
            " (a snapshot: the tablet's first file)"
        } else {
            ""
        },
        got.applied.len(),
    ));
    if same {
        text.push_str("The tablet now shows the same Today as the phone.");
        text.push_str(
            "\n(The demo sealed both devices' share keys under fixed secrets; the \
             phone's is 64 hex digits \"dede…de\": `cadence share keys --secret-env VAR` \
             with VAR holding it shows its keys.)",
        );
    } else {
        text.push_str(&format!(
            "The tablet's Today differs from the phone's:\n{tablet_today}"
        ));
    }
    Ok(SecondDevice {
        text,
        json: serde_json::json!({
            "tablet_database": tablet_db, "folder": dir.display().to_string(),
            "phone_wrote": sent.written, "tablet_applied": got.applied,
            "tablet_refused": got.refused, "same_today": same,
        }),
    })
}
