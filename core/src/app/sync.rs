//! Use cases: the person's own devices in step. Pairing a device (the same
//! pairing code and fingerprint check as the care team's), removing one,
//! making the change files for every device, applying one received, and
//! what the app shows about it.
//!
//! Own devices get everything, private notes included: "private" means not
//! for the care team, not "not for my tablet". Sync is not a disclosure
//! (no one else receives anything), so it is not audited; the files are
//! sealed to the person's own device keys only.

use chrono::{DateTime, Utc};

use super::App;
use crate::error::{Error, Result};
use crate::share::crypto::{hex, sha256_hex, SecretIdentity};
use crate::share::pairing::{fingerprint, parse_pairing_code};
use crate::share::KeyProtectionSecret;
use crate::store::sync::{DeviceWithState, IncomingFile, PeerState, SentFile};
use crate::sync::format::{self, SyncHeader};
use crate::sync::{
    decode_content, encode_content, file_name, SyncContent, SyncFileKind, TableShape,
    SYNC_FORMAT_VERSION,
};

/// One of the person's devices, as the app lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SyncDevice {
    /// The device's share key id (hex): how the group names it.
    pub key_id: String,
    /// The name the person gave it.
    pub label: String,
    /// Its fingerprint, to compare with the one the device itself shows.
    pub fingerprint: String,
    /// When it was paired.
    pub paired_at: DateTime<Utc>,
    /// When the fingerprints were confirmed; `None` until then (nothing is
    /// sent to or taken from it).
    pub verified_at: Option<DateTime<Utc>>,
    /// When it was removed from the group (for good).
    pub removed_at: Option<DateTime<Utc>>,
    /// When a file was last made for it.
    pub last_sent_at: Option<DateTime<Utc>>,
    /// When a file from it was last applied here.
    pub last_received_at: Option<DateTime<Utc>>,
    /// Files made for it that it has not confirmed applying yet.
    pub unacknowledged_files: u64,
}

/// What the app shows about sync.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SyncStatus {
    /// The other devices of the group (this one is not listed).
    pub devices: Vec<SyncDevice>,
    /// The last time a file was made or applied here.
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Changes made here not yet in a file for every device.
    pub unsent_changes: u64,
    /// Files made here not yet confirmed by their device.
    pub unacknowledged_files: u64,
}

/// One change file made for one device.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SyncFileOut {
    /// The device it is for.
    pub recipient_key_id: String,
    /// The name the person gave that device.
    pub recipient_label: String,
    /// Changes, or a snapshot for a device that has had nothing yet.
    pub kind: SyncFileKind,
    /// Its file number.
    pub sequence: u64,
    /// The name to write it under in the shared folder.
    pub file_name: String,
    /// The sealed bytes.
    pub bytes: Vec<u8>,
}

/// What applying one change file did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SyncApplied {
    /// The sending device's key id.
    pub sender_key_id: String,
    /// The file's number.
    pub sequence: u64,
    /// Record versions new here (0 when everything was known already).
    pub changes: u64,
    /// True when this very file had been applied before (nothing changed).
    pub already_applied: bool,
}

/// How long a file may go unconfirmed before the next export makes its
/// changes again (in case it was lost on the way).
pub const RESEND_AFTER_HOURS: i64 = 24;

fn device_view(d: &DeviceWithState) -> SyncDevice {
    SyncDevice {
        key_id: d.device.key_id.clone(),
        label: d.device.label.clone(),
        fingerprint: fingerprint(&d.device.public),
        paired_at: d.device.paired_at,
        verified_at: d.device.verified_at,
        removed_at: d.device.removed_at,
        last_sent_at: d.state.last_sent_at,
        last_received_at: d.state.last_received_at,
        unacknowledged_files: unacknowledged(&d.state),
    }
}

/// Files made for a device that it has not confirmed, counted while one
/// that carried records is among them (confirmations are not confirmed).
fn unacknowledged(s: &PeerState) -> u64 {
    if s.acked_seq >= s.data_seq {
        0
    } else {
        s.file_seq.saturating_sub(s.acked_seq)
    }
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

impl App {
    fn own_key(&self, secret: &KeyProtectionSecret) -> Result<SecretIdentity> {
        let row = self.store.share_identity_row()?.ok_or_else(|| {
            Error::invalid(
                "share_keys",
                "this device has no keys yet: create them first",
            )
        })?;
        SecretIdentity::unwrap(&row.wrapped, secret, &row.public)
    }

    fn own_key_id(&self) -> Result<Option<String>> {
        Ok(self
            .store
            .share_identity_row()?
            .map(|r| hex(&r.public.key_id())))
    }

    /// Adds one of the person's own devices from the pairing code it shows
    /// (its share keys' code), under `label` ("Tablet"). Nothing is sent
    /// to or taken from it until [`App::confirm_device`]. Pairing the same
    /// device again re-opens it for confirmation; a removed device cannot
    /// rejoin with the same keys.
    pub fn pair_device(&self, label: &str, code: &str, now: DateTime<Utc>) -> Result<SyncDevice> {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 100 {
            return Err(Error::invalid("label", "must be 1 to 100 characters"));
        }
        let public = parse_pairing_code(code)?;
        let key_id = hex(&public.key_id());
        if self.own_key_id()?.as_deref() == Some(key_id.as_str()) {
            return Err(Error::invalid(
                "code",
                "this is this device's own code: pair it on the other device",
            ));
        }
        self.store.put_sync_device(&key_id, &public, label, now)?;
        self.device(&key_id)
    }

    /// Confirms device `key_id` after the person compared fingerprints:
    /// `fingerprint` is the one the other device shows for itself
    /// (`InvalidInput { field: "fingerprint" }` if it is not this
    /// device's: nothing is confirmed).
    pub fn confirm_device(
        &self,
        key_id: &str,
        fingerprint_shown: &str,
        now: DateTime<Utc>,
    ) -> Result<SyncDevice> {
        let d = self.device_row(key_id)?;
        if d.device.removed_at.is_some() {
            return Err(Error::invalid("device", "was removed from the group"));
        }
        if norm(fingerprint_shown) != norm(&fingerprint(&d.device.public)) {
            return Err(Error::invalid(
                "fingerprint",
                "does not match this device's key: do not confirm it; pair again",
            ));
        }
        self.store.confirm_sync_device(key_id, now)?;
        self.device(key_id)
    }

    /// Removes device `key_id` from the group for good: no file is made for
    /// it or taken from it again, on any device of the group.
    pub fn remove_device(&self, key_id: &str, now: DateTime<Utc>) -> Result<SyncDevice> {
        self.device_row(key_id)?;
        self.store.remove_sync_device(key_id, now)?;
        self.device(key_id)
    }

    fn device_row(&self, key_id: &str) -> Result<DeviceWithState> {
        self.store
            .sync_devices()?
            .into_iter()
            .find(|d| d.device.key_id == key_id)
            .ok_or(Error::NotFound {
                kind: crate::RecordKind::Device,
            })
    }

    fn device(&self, key_id: &str) -> Result<SyncDevice> {
        Ok(device_view(&self.device_row(key_id)?))
    }

    /// The person's other devices and where sync stands.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let own = self.own_key_id()?.unwrap_or_default();
        let outbox = self.store.sync_outbox(&own, false)?;
        let devices: Vec<SyncDevice> = outbox.devices.iter().map(device_view).collect();
        let live: Vec<&DeviceWithState> = outbox
            .devices
            .iter()
            .filter(|d| d.device.is_live())
            .collect();
        let low = live.iter().map(|d| d.state.exported_seq).min();
        let unsent_changes = match low {
            Some(low) => outbox.own.iter().filter(|(seq, _)| *seq > low).count() as u64,
            None => 0,
        };
        let last_synced_at = outbox
            .devices
            .iter()
            .flat_map(|d| [d.state.last_sent_at, d.state.last_received_at])
            .flatten()
            .max();
        Ok(SyncStatus {
            unacknowledged_files: live.iter().map(|d| unacknowledged(&d.state)).sum(),
            devices,
            last_synced_at,
            unsent_changes,
        })
    }

    /// Makes the change files for every confirmed device of the group: a
    /// snapshot of everything until the device confirms one, then all of
    /// this device's changes it has not confirmed yet (and the
    /// confirmation of the files applied from it). A file lost on the way
    /// is made good by the next one; devices with nothing new get no file.
    /// Write each file to the shared folder under its `file_name` (a newer
    /// file for the same device holds everything an older one did).
    pub fn export_sync(
        &self,
        secret: &KeyProtectionSecret,
        now: DateTime<Utc>,
    ) -> Result<Vec<SyncFileOut>> {
        let me = self.own_key(secret)?;
        let own = hex(&me.public().key_id());
        let outbox = self.store.sync_outbox(&own, true)?;
        let mut files = Vec::new();
        let mut sent = Vec::new();
        for d in &outbox.devices {
            if !d.device.is_live() {
                continue;
            }
            let ack = outbox
                .acks
                .iter()
                .find(|(k, _)| *k == d.device.key_id)
                .map_or(0, |(_, a)| *a);
            // A confirmation is owed for files that carried records, not
            // for confirmations (else two devices would confirm forever):
            // `ack` counts only those.
            let owes_ack = ack > d.state.ack_sent;
            // Every file carries all of this device's changes the other
            // has not confirmed (a snapshot until it confirmed one), so a
            // file lost on the way is made good by the next. A new file is
            // made when there is something new to send.
            let newest_own = outbox.own.last().map_or(0, |(seq, _)| *seq);
            // Made again: when a later file of the device shows it missed
            // the last one, or a day after it went unconfirmed.
            let unconfirmed_for_a_day = d.state.acked_seq < d.state.data_seq
                && d.state
                    .last_sent_at
                    .is_some_and(|t| now - t >= chrono::Duration::hours(RESEND_AFTER_HOURS));
            let fresh = newest_own > d.state.exported_seq
                || d.state.exported_seq == 0
                || d.state.resend
                || unconfirmed_for_a_day;
            let (kind, records) = if d.state.confirmed_seq == 0 {
                let all = if fresh {
                    outbox.snapshot.clone().unwrap_or_default()
                } else {
                    Vec::new()
                };
                (SyncFileKind::Snapshot, all)
            } else {
                let mine = if fresh {
                    outbox
                        .own
                        .iter()
                        .filter(|(seq, _)| *seq > d.state.confirmed_seq)
                        .map(|(_, v)| v.clone())
                        .collect()
                } else {
                    Vec::new()
                };
                (SyncFileKind::Changes, mine)
            };
            let kind = if records.is_empty() {
                SyncFileKind::Changes
            } else {
                kind
            };
            let want_snapshot = d.state.want_snapshot;
            if records.is_empty() && !owes_ack && !want_snapshot {
                continue;
            }
            let header = SyncHeader {
                version: SYNC_FORMAT_VERSION,
                kind,
                sender: me.public().key_id(),
                recipient: d.device.public.key_id(),
                sequence: d.state.file_seq + 1,
                created_at: now,
            };
            let has_records = !records.is_empty();
            let plain = encode_content(&SyncContent {
                ack,
                want_snapshot,
                records,
            })?;
            let bytes = format::seal(&me, &d.device.public, &header, &plain)?;
            sent.push(SentFile {
                key_id: d.device.key_id.clone(),
                exported_seq: outbox.local.seq.max(1),
                file_seq: header.sequence,
                ack,
                has_records,
            });
            files.push(SyncFileOut {
                recipient_key_id: d.device.key_id.clone(),
                recipient_label: d.device.label.clone(),
                kind,
                sequence: header.sequence,
                file_name: file_name(&header),
                bytes,
            });
        }
        if !sent.is_empty() {
            self.store.record_sync_sent(&sent, now)?;
        }
        Ok(files)
    }

    /// Applies one change file from another device of the group, in one
    /// transaction: all of it or nothing. Typed errors, nothing changed:
    /// not a change file, cut short, from a newer Cadence, for another
    /// device, from a device not in the group (or removed, or not yet
    /// confirmed), altered, or a different file under a number already
    /// applied (replayed or forged). The same file twice: nothing happens
    /// the second time (`already_applied`).
    pub fn import_sync(
        &self,
        secret: &KeyProtectionSecret,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<SyncApplied> {
        let parsed = format::parse(bytes)?;
        let me = self.own_key(secret)?;
        if parsed.header.recipient != me.public().key_id() {
            return Err(Error::invalid(
                "sync_file.recipient",
                "addressed to another device",
            ));
        }
        let sender_key = hex(&parsed.header.sender);
        let sender = self
            .store
            .sync_devices()?
            .into_iter()
            .find(|d| d.device.key_id == sender_key)
            .ok_or_else(|| {
                Error::invalid("sync_file.sender", "not one of this person's devices")
            })?;
        if sender.device.removed_at.is_some() {
            return Err(Error::invalid(
                "sync_file.sender",
                "this device was removed from the group",
            ));
        }
        if sender.device.verified_at.is_none() {
            return Err(Error::invalid(
                "sync_file.sender",
                "this device is not confirmed yet: compare the fingerprints first",
            ));
        }
        let plain = format::open(&me, &sender.device.public, &parsed)?;
        let tables = self.store.sync_tables();
        let content = decode_content(&plain, |name| {
            tables.get(name).map(|t| TableShape {
                name: t.name,
                columns: &t.columns,
                key: &t.key,
            })
        })?;
        let sha = sha256_hex(bytes);
        let sequence = parsed.header.sequence;
        match self.store.sync_file_applied(&sender_key, sequence)? {
            Some(done) if done == sha => {
                return Ok(SyncApplied {
                    sender_key_id: sender_key,
                    sequence,
                    changes: 0,
                    already_applied: true,
                })
            }
            Some(_) => {
                return Err(Error::invalid(
                    "sync_file.sequence",
                    "a different file with this number was applied already: replayed or forged",
                ))
            }
            None => {}
        }
        let changes = self.store.apply_sync_file(
            &IncomingFile {
                sender: &sender_key,
                sequence,
                sha256: &sha,
                versions: &content.records,
                ack: content.ack,
                wants_snapshot: content.want_snapshot,
                is_snapshot: parsed.header.kind == SyncFileKind::Snapshot,
                created_at: parsed.header.created_at,
            },
            now,
        )?;
        Ok(SyncApplied {
            sender_key_id: sender_key,
            sequence,
            changes,
            already_applied: false,
        })
    }

    /// Every synced row and record version in a fixed order: two devices
    /// that applied the same files give the same text (for checks and
    /// support; it holds personal data, so never log it).
    pub fn sync_dump(&self) -> Result<String> {
        self.store.sync_dump()
    }

    /// Sets where the sync clock reads the time (simulations run on their
    /// own clock; the default is the system clock).
    pub fn set_wall_clock(&self, clock: crate::store::WallClock) {
        self.store.set_wall_clock(clock)
    }
}
