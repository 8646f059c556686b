//! # Sync: the person's own devices in step, end to end encrypted
//!
//! Pure: the change file's content and format ([`format`]), its checks,
//! and the choice of what each device gets. The store captures every
//! write as a record version in the writing transaction; the use cases
//! (`app::sync`) read, call this engine, and save.
//!
//! **Mechanism.** State-based replication of rows, each a last-writer-wins
//! register ordered by a hybrid logical clock, captured by triggers in the
//! transaction that writes (the design of cr-sqlite, at row granularity,
//! and the change tracking of Mozilla application-services' synced stores:
//! a change counter, tombstones). Merging is a join of versions (per
//! record and device, the newer one), so it is commutative, associative
//! and idempotent: files may arrive in any order, twice, or late, and every
//! device that has seen the same files shows the same rows. No consensus,
//! no server. The rules are in [`crate::model::sync`].

pub mod format;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::error::{Error, Result};
use crate::model::sync::{Hlc, RecordVersion};

pub use format::{SyncFileKind, SyncHeader, MAX_SYNC_FILE_BYTES, SYNC_FORMAT_VERSION};

/// The content format inside a change file.
pub const CONTENT_VERSION: u32 = 1;

/// The most record versions one file may carry.
pub const MAX_RECORDS_PER_FILE: usize = 1_000_000;

/// The shape of one synced table, for checking received rows.
#[derive(Debug, Clone, Copy)]
pub struct TableShape<'a> {
    /// The table.
    pub name: &'a str,
    /// Its columns.
    pub columns: &'a [String],
    /// Its key columns, in key order.
    pub key: &'a [String],
}

#[derive(Serialize, Deserialize)]
struct WireRecord<'a> {
    t: std::borrow::Cow<'a, str>,
    k: std::borrow::Cow<'a, str>,
    d: std::borrow::Cow<'a, str>,
    h: u64,
    #[serde(borrow)]
    r: Option<&'a RawValue>,
    #[serde(default, skip_serializing_if = "is_zero")]
    x: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Serialize, Deserialize)]
struct WireContent<'a> {
    v: u32,
    ack: u64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    want_snapshot: bool,
    #[serde(borrow)]
    records: Vec<WireRecord<'a>>,
}

/// What a change file carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncContent {
    /// The highest file number of the receiver's the sender applied (each
    /// file holds everything the one before did, so a gap loses nothing).
    pub ack: u64,
    /// The sender asks the receiver for a snapshot (it restored a backup:
    /// what happened since comes back from the other devices).
    pub want_snapshot: bool,
    /// The record versions.
    pub records: Vec<RecordVersion>,
}

/// The content as JSON.
pub fn encode_content(c: &SyncContent) -> Result<Vec<u8>> {
    let mut raws = Vec::with_capacity(c.records.len());
    for r in &c.records {
        raws.push(match &r.row {
            Some(row) => Some(RawValue::from_string(row.clone())?),
            None => None,
        });
    }
    let wire = WireContent {
        v: CONTENT_VERSION,
        ack: c.ack,
        want_snapshot: c.want_snapshot,
        records: c
            .records
            .iter()
            .zip(&raws)
            .map(|(r, raw)| WireRecord {
                t: r.table.as_str().into(),
                k: r.key.as_str().into(),
                d: r.device.as_str().into(),
                h: r.hlc.0,
                r: raw.as_deref(),
                x: r.deleted.0,
            })
            .collect(),
    };
    Ok(serde_json::to_vec(&wire)?)
}

fn bad(field: &str, reason: &str) -> Error {
    Error::invalid(format!("sync_file.records.{field}"), reason)
}

/// Reads and checks content: every record of a synced table, its key the
/// table's key columns, its row an object of (some of) the table's columns
/// agreeing with the key (a column left out is null). Nothing is half-read: any fault refuses the whole file.
pub fn decode_content<'s>(
    plain: &[u8],
    shape: impl Fn(&str) -> Option<TableShape<'s>>,
) -> Result<SyncContent> {
    let wire: WireContent<'_> = serde_json::from_slice(plain)
        .map_err(|_| Error::invalid("sync_file.content", "not valid change-file content"))?;
    if wire.v != CONTENT_VERSION {
        return Err(Error::invalid(
            "sync_file.content.version",
            "made by a newer version of Cadence: update this app to read it",
        ));
    }
    if wire.records.len() > MAX_RECORDS_PER_FILE {
        return Err(bad("count", "too many records in one file"));
    }
    let mut records = Vec::with_capacity(wire.records.len());
    for w in wire.records {
        let t = shape(&w.t).ok_or_else(|| bad("table", "not a synced table"))?;
        let key: Vec<serde_json::Value> =
            serde_json::from_str(&w.k).map_err(|_| bad("key", "not a JSON array"))?;
        if key.len() != t.key.len() || key.iter().any(|v| !(v.is_string() || v.is_i64())) {
            return Err(bad("key", "does not match the table's key"));
        }
        if w.d.is_empty() || w.d.len() > 64 {
            return Err(bad("device", "must be 1 to 64 characters"));
        }
        if w.h == 0 || w.h > i64::MAX as u64 || w.x > w.h {
            return Err(bad("clock", "out of range"));
        }
        if let Some(raw) = w.r {
            let obj: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(raw.get()).map_err(|_| bad("row", "not a JSON object"))?;
            // Null columns are left out.
            if obj.keys().any(|c| !t.columns.contains(c)) {
                return Err(bad("row", "its columns are not the table's"));
            }
            for (i, c) in t.key.iter().enumerate() {
                if obj.get(c) != Some(&key[i]) {
                    return Err(bad("row", "does not agree with its key"));
                }
            }
        }
        records.push(RecordVersion {
            table: w.t.into_owned(),
            key: w.k.into_owned(),
            device: w.d.into_owned(),
            hlc: Hlc(w.h),
            row: w.r.map(|r| r.get().to_string()),
            deleted: Hlc(w.x),
        });
    }
    Ok(SyncContent {
        ack: wire.ack,
        want_snapshot: wire.want_snapshot,
        records,
    })
}

/// The file name a change file is written under in a shared folder:
/// sender and recipient (the first 8 hex digits of their key ids) and the
/// file number, so a folder listing sorts each stream in order.
pub fn file_name(h: &SyncHeader) -> String {
    let short = |k: &[u8]| {
        k[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    format!(
        "cadence-{}-to-{}-{:010}.cdsync",
        short(&h.sender),
        short(&h.recipient),
        h.sequence
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(name: &str) -> Option<TableShape<'static>> {
        static COLS: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();
        let (cols, key) = COLS.get_or_init(|| {
            (
                vec!["id".to_string(), "name".to_string()],
                vec!["id".to_string()],
            )
        });
        (name == "medication").then_some(TableShape {
            name: "medication",
            columns: cols,
            key,
        })
    }

    fn rec(row: Option<&str>) -> RecordVersion {
        RecordVersion {
            table: "medication".into(),
            key: "[\"m1\"]".into(),
            device: "d1".into(),
            hlc: Hlc(5),
            row: row.map(str::to_string),
            deleted: Hlc(if row.is_none() { 5 } else { 0 }),
        }
    }

    #[test]
    fn content_round_trips_rows_byte_for_byte() {
        let c = SyncContent {
            ack: 3,
            want_snapshot: true,
            records: vec![
                rec(Some("{\"id\":\"m1\",\"name\":\"Sertraline 1.0\"}")),
                rec(None),
            ],
        };
        let back = decode_content(&encode_content(&c).unwrap(), shape).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn rows_that_do_not_fit_the_table_refuse_the_file() {
        for row in [
            "{\"id\":\"m2\",\"name\":\"x\"}",
            "{\"name\":\"x\"}",
            "{\"id\":\"m1\",\"name\":\"x\",\"extra\":1}",
            "[1]",
        ] {
            let c = SyncContent {
                ack: 0,
                want_snapshot: false,
                records: vec![rec(Some(row))],
            };
            let err = decode_content(&encode_content(&c).unwrap(), shape).unwrap_err();
            assert!(
                matches!(err, Error::InvalidInput { ref field, .. } if field.starts_with("sync_file.records")),
                "{row}: {err:?}"
            );
        }
        let mut other = rec(None);
        other.table = "share_identity".into();
        let c = SyncContent {
            ack: 0,
            want_snapshot: false,
            records: vec![other],
        };
        assert!(decode_content(&encode_content(&c).unwrap(), shape).is_err());
    }
}
