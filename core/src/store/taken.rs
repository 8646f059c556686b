//! The doses taken over a window, per medication (read by the medication
//! and time index): what the catch-up rule reads.

use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};

use super::{from_ms, to_ms, Store};
use crate::error::Result;
use crate::model::TakenEntry;

/// The doses of these medications taken in `[from, to]` (read by the
/// medication and time index), for the catch-up rule.
pub(crate) fn taken_entries_in(
    tx: &Transaction<'_>,
    medications: &[&str],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<TakenEntry>> {
    let mut stmt = tx.prepare_cached(
        "SELECT plan_id, scheduled_at, taken_at FROM dose_log
         WHERE medication_id = ?1 AND taken_at >= ?2 AND taken_at <= ?3 AND status = 'taken'",
    )?;
    let mut out = Vec::new();
    for med in medications {
        let rows = stmt.query_map(params![med, to_ms(from), to_ms(to)], |r| {
            Ok(TakenEntry {
                medication_id: med.to_string(),
                plan_id: r.get(0)?,
                scheduled_at: r.get::<_, Option<i64>>(1)?.map(from_ms).transpose()?,
                taken_at: from_ms(r.get(2)?)?,
            })
        })?;
        out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    Ok(out)
}

impl Store {
    /// The doses of the active medications taken in `[from, to]`, for the
    /// catch-up rule (read by the medication and time index).
    pub fn taken_entries(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<TakenEntry>> {
        self.read(|tx| {
            let meds: Vec<String> = tx
                .prepare_cached(
                    "SELECT id FROM medication WHERE deleted_at IS NULL AND status = 'active'",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let meds: Vec<&str> = meds.iter().map(String::as_str).collect();
            taken_entries_in(tx, &meds, from, to)
        })
    }
}
