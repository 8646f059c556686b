//! The plain data of sync: a record version, the hybrid logical clock that
//! orders versions, and the merge rules that are properties of the data
//! (which version of a record wins, which of two logs of one dose counts).
//!
//! The rules, all deterministic functions of the set of versions, so every
//! device that holds the same versions shows the same rows whatever order
//! they arrived in:
//!
//! - **last writer wins** by `(hlc, device)`; each device's latest version
//!   of a record is kept beside the winner (the record's history);
//! - **forward-only columns**: a consent grant's `revoked_at` and a
//!   device's `removed_at` are the earliest any version set: a revocation on
//!   one device holds on all, and no later edit clears it;
//! - **deletion erases**: a deleted record's versions older than its
//!   deletion keep no contents on any device (a later edit on another
//!   device still brings the record back);
//! - **one log per dose**: when two devices logged the same scheduled dose
//!   (two records, one occurrence), the log that counts is a taken one
//!   before a skipped one before an undone one, then the earliest taken
//!   time, then the smaller id; the other stays in the record history.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

/// A hybrid logical clock reading (Kulkarni et al., 2014): milliseconds
/// since the Unix epoch in the high 48 bits, a counter in the low 16. It
/// never goes back, even when the wall clock does, and it moves past every
/// reading received from another device, so an edit made after seeing
/// another device's edit always orders after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc(pub u64);

impl Hlc {
    /// The next reading after `self` at wall-clock time `wall_ms`.
    pub fn tick(self, wall_ms: i64) -> Hlc {
        let physical = (wall_ms.max(0) as u64) << 16;
        Hlc(physical.max(self.0.saturating_add(1)))
    }

    /// `self` moved past a reading received from another device.
    pub fn observe(self, received: Hlc) -> Hlc {
        self.max(received)
    }

    /// The wall-clock part, in milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        (self.0 >> 16) as i64
    }
}

/// One device's latest version of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordVersion {
    /// The table.
    pub table: String,
    /// The primary key, as a JSON array of the key columns' values.
    pub key: String,
    /// The device that wrote this version (its sync device id).
    pub device: String,
    /// When, on the hybrid clock.
    pub hlc: Hlc,
    /// The record as a JSON object of its columns; `None` when deleted.
    pub row: Option<String>,
    /// When this device last deleted the record (`Hlc(0)`: never). Kept
    /// when it writes the record again: every version older than any
    /// device's deletion keeps no contents, on every device.
    pub deleted: Hlc,
}

impl RecordVersion {
    /// The order of versions of one record: the greater wins.
    pub fn stamp(&self) -> (Hlc, &str) {
        (self.hlc, self.device.as_str())
    }
}

/// The version that wins among versions of one record (`None` when empty).
pub fn winner(versions: &[RecordVersion]) -> Option<&RecordVersion> {
    versions.iter().max_by(|a, b| a.stamp().cmp(&b.stamp()))
}

/// The columns that only move forward, per table: the earliest value any
/// version set stands.
pub fn forward_only_column(table: &str) -> Option<&'static str> {
    match table {
        "consent_grant" => Some("revoked_at"),
        "sync_device" => Some("removed_at"),
        _ => None,
    }
}

/// The column a table's records must also be unique on (besides their
/// key), merged by [`dose_claim_order`]: a scheduled dose's occurrence.
pub fn group_column(table: &str) -> Option<&'static str> {
    match table {
        "dose_log" => Some("occurrence_id"),
        _ => None,
    }
}

/// What decides between two logs of one scheduled dose.
#[derive(Debug, Clone, PartialEq)]
pub struct DoseClaim<'a> {
    /// The log's id.
    pub id: &'a str,
    /// `taken`, `skipped` or `undone`.
    pub status: &'a str,
    /// When taken (ms since the epoch), if taken.
    pub taken_at: Option<i64>,
}

/// Orders two logs of one dose: `Less` means `a` is the one that counts.
pub fn dose_claim_order(a: &DoseClaim<'_>, b: &DoseClaim<'_>) -> Ordering {
    fn rank(s: &str) -> u8 {
        match s {
            "taken" => 0,
            "skipped" => 1,
            _ => 2,
        }
    }
    rank(a.status)
        .cmp(&rank(b.status))
        .then(
            a.taken_at
                .unwrap_or(i64::MAX)
                .cmp(&b.taken_at.unwrap_or(i64::MAX)),
        )
        .then(a.id.cmp(b.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_never_goes_back_and_passes_what_it_saw() {
        let t = Hlc(0).tick(1_000);
        assert_eq!(t.millis(), 1_000);
        // The wall clock set back an hour: still later.
        let back = t.tick(1_000 - 3_600_000);
        assert!(back > t);
        assert_eq!(back.millis(), 1_000);
        // A reading from a device a minute ahead: the next local one is after it.
        let ahead = Hlc(61_000 << 16);
        let next = t.observe(ahead).tick(1_001);
        assert!(next > ahead);
    }

    #[test]
    fn the_latest_stamp_wins_and_ties_go_to_the_greater_device() {
        let v = |device: &str, hlc: u64| RecordVersion {
            table: "medication".into(),
            key: "[\"a\"]".into(),
            device: device.into(),
            hlc: Hlc(hlc),
            row: None,
            deleted: Hlc(0),
        };
        let all = [v("a", 5), v("c", 7), v("b", 7)];
        assert_eq!(winner(&all).unwrap().device, "c");
        assert!(winner(&[]).is_none());
    }

    #[test]
    fn a_taken_log_counts_over_a_skip_and_the_earlier_taken_over_the_later() {
        let c = |id, status, taken_at| DoseClaim {
            id,
            status,
            taken_at,
        };
        let taken_late = c("b", "taken", Some(20));
        let taken_early = c("c", "taken", Some(10));
        let skipped = c("a", "skipped", None);
        let undone = c("0", "undone", None);
        assert_eq!(dose_claim_order(&taken_early, &taken_late), Ordering::Less);
        assert_eq!(dose_claim_order(&taken_late, &skipped), Ordering::Less);
        assert_eq!(dose_claim_order(&skipped, &undone), Ordering::Less);
    }
}
