//! Sync storage, rows in and rows out: this device's id and clock, the
//! record versions every write leaves (captured in the writing
//! transaction), the person's devices, what was sent to each and which
//! files were applied here. The file format, the crypto and the choice of
//! what to send are use cases (`app::sync`) over the `sync` engine.

mod records;
pub mod tables;
mod tally;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

pub use records::LocalState;
pub(crate) use records::{apply, capture, hold_back_dangling};
pub use tables::{SyncTables, SYNCED_TABLES};

use super::{from_ms, to_ms, Store};
use crate::error::{Error, Result};
use crate::model::sync::RecordVersion;
use crate::model::PublicIdentity;

/// One of the person's devices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    /// Its share key id (hex), the device's name in the group.
    pub key_id: String,
    /// Its public keys.
    pub public: PublicIdentity,
    /// The name the person gave it.
    pub label: String,
    /// When it was paired.
    pub paired_at: DateTime<Utc>,
    /// When the fingerprints were compared and confirmed.
    pub verified_at: Option<DateTime<Utc>>,
    /// When it was removed from the group (for good).
    pub removed_at: Option<DateTime<Utc>>,
}

impl DeviceRow {
    /// Confirmed and not removed: files go to it and are taken from it.
    pub fn is_live(&self) -> bool {
        self.removed_at.is_none() && self.verified_at.is_some()
    }
}

/// What this device sent another and heard back from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerState {
    /// The change counter up to which this device's versions went to it
    /// (0: nothing yet; the first file is a snapshot).
    pub exported_seq: i64,
    /// The last file number sent to it.
    pub file_seq: u64,
    /// The last file number sent to it that carried records.
    pub data_seq: u64,
    /// The highest file number it confirmed applying (all before it too).
    pub acked_seq: u64,
    /// The highest confirmation this device sent it.
    pub ack_sent: u64,
    /// This device asks it for a snapshot (set by a restore, cleared when
    /// one arrives).
    pub want_snapshot: bool,
    /// The change counter up to which it confirmed having everything (0:
    /// nothing confirmed yet; its files are snapshots until then).
    pub confirmed_seq: i64,
    /// Its files show it missed this device's last file: make it again.
    pub resend: bool,
    /// When a file was last made for it.
    pub last_sent_at: Option<DateTime<Utc>>,
    /// When a file from it was last applied.
    pub last_received_at: Option<DateTime<Utc>>,
}

/// A device with its exchange state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceWithState {
    /// The device.
    pub device: DeviceRow,
    /// What was exchanged with it.
    pub state: PeerState,
}

/// Everything an export needs, read at once.
#[derive(Debug, Clone)]
pub struct Outbox {
    /// This device's sync state.
    pub local: LocalState,
    /// The other devices, with their state.
    pub devices: Vec<DeviceWithState>,
    /// Every stored version (for a new device's snapshot), when one needs it.
    pub snapshot: Option<Vec<RecordVersion>>,
    /// This device's versions after the lowest watermark among the devices.
    pub own: Vec<(i64, RecordVersion)>,
    /// Per device key id: the highest number of a file with records
    /// applied from it (a confirmation is owed once that passes the last
    /// confirmation sent).
    pub acks: Vec<(String, u64)>,
}

/// A file made for a device, to record as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentFile {
    /// The device's key id.
    pub key_id: String,
    /// The change counter the file covered.
    pub exported_seq: i64,
    /// The file's number.
    pub file_seq: u64,
    /// The confirmation it carried.
    pub ack: u64,
    /// Whether it carried records (only those need confirming).
    pub has_records: bool,
}

/// A file to record as applied, with its versions.
#[derive(Debug, Clone)]
pub struct IncomingFile<'a> {
    /// Sender key id.
    pub sender: &'a str,
    /// Its file number.
    pub sequence: u64,
    /// SHA-256 of its bytes.
    pub sha256: &'a str,
    /// Its record versions.
    pub versions: &'a [RecordVersion],
    /// The highest file number of ours the sender confirmed.
    pub ack: u64,
    /// The sender asks for a snapshot: its next file from here is one.
    pub wants_snapshot: bool,
    /// The file is a snapshot (what this device asked for, if it did).
    pub is_snapshot: bool,
    /// When the sender made it.
    pub created_at: DateTime<Utc>,
}

fn from_hex(s: &str) -> rusqlite::Result<[u8; 32]> {
    let bad =
        || -> rusqlite::Error { crate::error::corrupt_value("sync_device", "public key").into() };
    if s.len() != 64 {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeviceRow> {
    let sign = from_hex(&r.get::<_, String>(1)?)?;
    let kem = from_hex(&r.get::<_, String>(2)?)?;
    Ok(DeviceRow {
        key_id: r.get(0)?,
        public: PublicIdentity::from_bytes(sign, kem).map_err(|_| -> rusqlite::Error {
            crate::error::corrupt_value("sync_device", "public key").into()
        })?,
        label: r.get(3)?,
        paired_at: from_ms(r.get(4)?)?,
        verified_at: r.get::<_, Option<i64>>(5)?.map(from_ms).transpose()?,
        removed_at: r.get::<_, Option<i64>>(6)?.map(from_ms).transpose()?,
    })
}

const DEVICE_COLUMNS: &str =
    "key_id, sign_public, kem_public, label, paired_at, verified_at, removed_at";

fn devices(tx: &Transaction<'_>) -> Result<Vec<DeviceWithState>> {
    let mut stmt = tx.prepare(
        "SELECT d.key_id, d.sign_public, d.kem_public, d.label, d.paired_at, d.verified_at,
                d.removed_at, p.exported_seq, p.file_seq, p.acked_seq, p.last_sent_at,
                p.last_received_at, p.ack_sent, p.want_snapshot, p.data_seq,
                p.confirmed_seq, p.resend
           FROM sync_device d LEFT JOIN sync_peer p ON p.key_id = d.key_id
          ORDER BY d.paired_at, d.key_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(DeviceWithState {
                device: device_row(r)?,
                state: PeerState {
                    exported_seq: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
                    file_seq: r.get::<_, Option<i64>>(8)?.unwrap_or(0) as u64,
                    acked_seq: r.get::<_, Option<i64>>(9)?.unwrap_or(0) as u64,
                    last_sent_at: r.get::<_, Option<i64>>(10)?.map(from_ms).transpose()?,
                    last_received_at: r.get::<_, Option<i64>>(11)?.map(from_ms).transpose()?,
                    ack_sent: r.get::<_, Option<i64>>(12)?.unwrap_or(0) as u64,
                    want_snapshot: r.get::<_, Option<bool>>(13)?.unwrap_or(false),
                    data_seq: r.get::<_, Option<i64>>(14)?.unwrap_or(0) as u64,
                    confirmed_seq: r.get::<_, Option<i64>>(15)?.unwrap_or(0),
                    resend: r.get::<_, Option<bool>>(16)?.unwrap_or(false),
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The highest number of a file with records applied from `sender` (each
/// carries all of the sender's changes since what this device confirmed,
/// so a file missing before it lost nothing; a file that only confirmed
/// says nothing about the ones before it).
fn last_applied(tx: &Transaction<'_>, sender: &str) -> Result<u64> {
    let n: i64 = tx
        .prepare_cached(
            "SELECT coalesce(max(sequence), 0) FROM sync_applied
              WHERE sender = ?1 AND records > 0",
        )?
        .query_row([sender], |r| r.get(0))?;
    Ok(n as u64)
}

impl Store {
    /// The synced tables' shapes.
    pub fn sync_tables(&self) -> &SyncTables {
        &self.sync_tables
    }

    /// This device's sync id, clock and change counter.
    pub fn sync_local(&self) -> Result<LocalState> {
        self.read(|tx| records::local_state(tx))
    }

    /// The person's devices (this one included once another device paired
    /// it), with what was exchanged with each.
    pub fn sync_devices(&self) -> Result<Vec<DeviceWithState>> {
        self.read(devices)
    }

    /// Adds (or pairs again) a device; a re-paired device must be
    /// confirmed again. A removed device stays removed: `InvalidInput`.
    pub fn put_sync_device(
        &self,
        key_id: &str,
        public: &PublicIdentity,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<DeviceRow> {
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        self.write(|tx| {
            let removed: Option<Option<i64>> = tx
                .query_row(
                    "SELECT removed_at FROM sync_device WHERE key_id = ?1",
                    [key_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(Some(_)) = removed {
                return Err(Error::invalid(
                    "device",
                    "this device was removed from the group; a removed device cannot rejoin with the same keys",
                ));
            }
            tx.execute(
                "INSERT INTO sync_device (key_id, sign_public, kem_public, label, paired_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (key_id) DO UPDATE SET sign_public = excluded.sign_public,
                    kem_public = excluded.kem_public, label = excluded.label,
                    paired_at = excluded.paired_at, verified_at = NULL",
                params![
                    key_id,
                    hex(&public.sign),
                    hex(&public.kem),
                    label,
                    to_ms(now)
                ],
            )?;
            Ok(tx.query_row(
                &format!("SELECT {DEVICE_COLUMNS} FROM sync_device WHERE key_id = ?1"),
                [key_id],
                device_row,
            )?)
        })
    }

    /// Records that the person compared and confirmed the device's
    /// fingerprint (`NotFound` for no such device).
    pub fn confirm_sync_device(&self, key_id: &str, now: DateTime<Utc>) -> Result<DeviceRow> {
        self.update_device(key_id, "verified_at = ?2", now)
    }

    /// Removes a device from the group for good.
    pub fn remove_sync_device(&self, key_id: &str, now: DateTime<Utc>) -> Result<DeviceRow> {
        self.update_device(key_id, "removed_at = coalesce(removed_at, ?2)", now)
    }

    fn update_device(&self, key_id: &str, set: &str, now: DateTime<Utc>) -> Result<DeviceRow> {
        self.write(|tx| {
            let n = tx.execute(
                &format!("UPDATE sync_device SET {set} WHERE key_id = ?1"),
                params![key_id, to_ms(now)],
            )?;
            if n == 0 {
                return Err(Error::NotFound {
                    kind: crate::RecordKind::Device,
                });
            }
            Ok(tx.query_row(
                &format!("SELECT {DEVICE_COLUMNS} FROM sync_device WHERE key_id = ?1"),
                [key_id],
                device_row,
            )?)
        })
    }

    /// What an export needs, in one read: the devices, this device's
    /// versions not yet sent to some device, a snapshot when a device has
    /// had nothing yet, and the acknowledgements to send.
    /// `with_snapshot`: read every version when a device needs a snapshot
    /// (an export; the status needs none of it).
    pub fn sync_outbox(&self, own_key_id: &str, with_snapshot: bool) -> Result<Outbox> {
        self.read(|tx| {
            let local = records::local_state(tx)?;
            let devices: Vec<DeviceWithState> = devices(tx)?
                .into_iter()
                .filter(|d| d.device.key_id != own_key_id)
                .collect();
            let live = || devices.iter().filter(|d| d.device.is_live());
            let snapshot = if with_snapshot && live().any(|d| d.state.confirmed_seq == 0) {
                Some(records::all_versions(tx)?)
            } else {
                None
            };
            let low = live()
                .map(|d| d.state.confirmed_seq.min(d.state.exported_seq))
                .min()
                .unwrap_or(local.seq);
            let own = records::own_versions_after(tx, &local.device, low)?;
            let mut acks = Vec::new();
            for d in &devices {
                acks.push((d.device.key_id.clone(), last_applied(tx, &d.device.key_id)?));
            }
            Ok(Outbox {
                local,
                devices,
                snapshot,
                own,
                acks,
            })
        })
    }

    /// Records files made: per device key id, the change counter its file
    /// covered, the file's number, the confirmation it carried and whether
    /// it carried records.
    pub fn record_sync_sent(&self, sent: &[SentFile], now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            for f in sent {
                let data_seq = if f.has_records { f.file_seq as i64 } else { 0 };
                tx.execute(
                    "INSERT INTO sync_peer
                        (key_id, exported_seq, file_seq, data_seq, ack_sent, last_sent_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (key_id) DO UPDATE SET
                        exported_seq = max(exported_seq, excluded.exported_seq),
                        file_seq = max(file_seq, excluded.file_seq),
                        data_seq = max(data_seq, excluded.data_seq),
                        ack_sent = max(ack_sent, excluded.ack_sent),
                        last_sent_at = excluded.last_sent_at,
                        resend = 0",
                    params![
                        f.key_id,
                        f.exported_seq,
                        f.file_seq as i64,
                        data_seq,
                        f.ack as i64,
                        to_ms(now)
                    ],
                )?;
                if f.has_records {
                    tx.execute(
                        "INSERT OR REPLACE INTO sync_sent (key_id, sequence, covered_seq)
                         VALUES (?1, ?2, ?3)",
                        params![f.key_id, f.file_seq as i64, f.exported_seq],
                    )?;
                }
            }
            Ok(())
        })
    }

    /// The SHA-256 of the file number `sequence` from `sender` if it was
    /// applied here.
    pub fn sync_file_applied(&self, sender: &str, sequence: u64) -> Result<Option<String>> {
        self.read(|tx| {
            Ok(tx
                .query_row(
                    "SELECT sha256 FROM sync_applied WHERE sender = ?1 AND sequence = ?2",
                    params![sender, sequence as i64],
                    |r| r.get(0),
                )
                .optional()?)
        })
    }

    /// Applies one file in one transaction (foreign keys unchecked: a
    /// record may arrive before the one it points to). Returns how many
    /// versions were new here. A file already applied changes nothing.
    pub fn apply_sync_file(&self, file: &IncomingFile<'_>, now: DateTime<Utc>) -> Result<u64> {
        self.write_unchecked(|tx| {
            let done: Option<String> = tx
                .query_row(
                    "SELECT sha256 FROM sync_applied WHERE sender = ?1 AND sequence = ?2",
                    params![file.sender, file.sequence as i64],
                    |r| r.get(0),
                )
                .optional()?;
            if done.is_some() {
                return Ok(0);
            }
            let n = apply(tx, &self.sync_tables, file.versions)?;
            tx.execute(
                "INSERT INTO sync_applied (sender, sequence, sha256, records, applied_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    file.sender,
                    file.sequence as i64,
                    file.sha256,
                    file.versions.len() as i64,
                    to_ms(now)
                ],
            )?;
            tx.execute(
                "INSERT INTO sync_peer (key_id, acked_seq, last_received_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key_id) DO UPDATE SET acked_seq = max(acked_seq, excluded.acked_seq),
                    last_received_at = excluded.last_received_at",
                params![file.sender, file.ack as i64, to_ms(now)],
            )?;
            // It has everything up to what the file it confirmed covered.
            tx.execute(
                "UPDATE sync_peer SET confirmed_seq = max(confirmed_seq, coalesce(
                    (SELECT max(covered_seq) FROM sync_sent
                      WHERE key_id = ?1 AND sequence <= ?2), 0))
                  WHERE key_id = ?1",
                params![file.sender, file.ack as i64],
            )?;
            // Made after this device's last file yet not confirming it:
            // that file was lost on the way; the next export makes it again.
            tx.execute(
                "UPDATE sync_peer SET resend = 1
                  WHERE key_id = ?1 AND acked_seq < data_seq AND last_sent_at < ?2",
                params![file.sender, to_ms(file.created_at)],
            )?;
            if file.wants_snapshot {
                tx.execute(
                    "UPDATE sync_peer SET exported_seq = 0, confirmed_seq = 0 WHERE key_id = ?1",
                    [file.sender],
                )?;
            }
            if file.is_snapshot {
                tx.execute(
                    "UPDATE sync_peer SET want_snapshot = 0 WHERE key_id = ?1",
                    [file.sender],
                )?;
            }
            Ok(n)
        })
    }

    /// Every synced table's rows and every record version, one JSON line
    /// each in a fixed order: two devices in step give equal dumps.
    pub fn sync_dump(&self) -> Result<String> {
        self.read(|tx| {
            let mut out = String::new();
            for t in self.sync_tables.all() {
                let mut stmt = tx.prepare(&t.dump)?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
                for row in rows {
                    out.push_str(t.name);
                    out.push(' ');
                    out.push_str(&row?);
                    out.push('\n');
                }
            }
            for v in records::all_versions(tx)? {
                out.push_str(&format!(
                    "version {} {} {} {} {} {}\n",
                    v.table,
                    v.key,
                    v.device,
                    v.hlc.0,
                    v.deleted.0,
                    v.row.as_deref().unwrap_or("-")
                ));
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests;
