//! Record versions in and out: capturing this device's writes before their
//! transaction commits, storing versions received from other devices, and
//! setting each table row to the version the model's merge rules pick
//! ([`crate::model::sync`]).

use std::collections::BTreeSet;

use rusqlite::{params, Connection, OptionalExtension};

use super::tables::{SyncTables, TableMeta};
use super::tally::tally_watch;
use crate::error::{Error, Result};
use crate::model::sync::{
    dose_claim_order, forward_only_column, group_column, winner, DoseClaim, Hlc, RecordVersion,
};
use crate::store::supply::{settle_tallies, tally_before};

/// This device's sync state: its id, clock and change counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalState {
    /// This device's sync id.
    pub device: String,
    /// The latest clock reading issued or seen.
    pub hlc: Hlc,
    /// The change counter.
    pub seq: i64,
}

pub(crate) fn local_state(tx: &Connection) -> Result<LocalState> {
    Ok(tx
        .prepare_cached("SELECT device_id, hlc, seq FROM sync_local WHERE id = 1")?
        .query_row([], |r| {
            Ok(LocalState {
                device: r.get(0)?,
                hlc: Hlc(r.get::<_, i64>(1)? as u64),
                seq: r.get(2)?,
            })
        })?)
}

fn save_local(tx: &Connection, s: &LocalState) -> Result<()> {
    tx.prepare_cached("UPDATE sync_local SET hlc = ?1, seq = ?2 WHERE id = 1")?
        .execute(params![s.hlc.0 as i64, s.seq])?;
    Ok(())
}

/// The value of `column` in a row's JSON, as text or integer.
fn field(row: &str, column: &str) -> Option<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(row).ok()?;
    v.get(column).filter(|x| !x.is_null()).cloned()
}

fn group_of(table: &str, row: Option<&str>) -> Option<String> {
    let col = group_column(table)?;
    field(row?, col).and_then(|v| v.as_str().map(str::to_string))
}

fn versions(
    tx: &Connection,
    table: &str,
    key: &str,
) -> Result<Vec<(RecordVersion, Option<String>)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT device, hlc, row, grp, deleted FROM sync_record WHERE tbl = ?1 AND key = ?2",
    )?;
    let rows = stmt
        .query_map(params![table, key], |r| {
            Ok((
                RecordVersion {
                    table: table.to_string(),
                    key: key.to_string(),
                    device: r.get(0)?,
                    hlc: Hlc(r.get::<_, i64>(1)? as u64),
                    row: r.get(2)?,
                    deleted: Hlc(r.get::<_, i64>(4)? as u64),
                },
                r.get(3)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Stores one version unless that device's stored version is as new (its
/// deletion clock moves forward either way); returns whether anything
/// changed.
fn put_version(tx: &Connection, v: &RecordVersion, seq: i64) -> Result<bool> {
    let grp = group_of(&v.table, v.row.as_deref());
    let before: Option<(i64, i64)> = tx
        .prepare_cached(
            "SELECT hlc, deleted FROM sync_record WHERE tbl = ?1 AND key = ?2 AND device = ?3",
        )?
        .query_row(params![v.table, v.key, v.device], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (hlc, deleted) = (v.hlc.0 as i64, v.deleted.0 as i64);
    match before {
        Some((h, d)) if h >= hlc && d >= deleted => return Ok(false),
        Some((h, _)) if h >= hlc => {
            tx.prepare_cached(
                "UPDATE sync_record SET deleted = ?4 WHERE tbl = ?1 AND key = ?2 AND device = ?3",
            )?
            .execute(params![v.table, v.key, v.device, deleted])?;
        }
        _ => {
            tx.prepare_cached(
                "INSERT INTO sync_record (tbl, key, device, hlc, row, deleted, grp, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (tbl, key, device) DO UPDATE
                    SET hlc = excluded.hlc, row = excluded.row, grp = excluded.grp,
                        seq = excluded.seq, deleted = max(deleted, excluded.deleted)",
            )?
            .execute(params![
                v.table, v.key, v.device, hlc, v.row, deleted, grp, seq
            ])?;
        }
    }
    Ok(true)
}

/// The row a record shows given its versions: the winner's, with the
/// forward-only column at the earliest value any version set. `None`:
/// deleted (or no versions).
fn resolved_row(tx: &Connection, table: &str, vs: &[RecordVersion]) -> Result<Option<String>> {
    let Some(row) = winner(vs).and_then(|w| w.row.clone()) else {
        return Ok(None);
    };
    let Some(col) = forward_only_column(table) else {
        return Ok(Some(row));
    };
    let earliest = vs
        .iter()
        .filter_map(|v| v.row.as_deref().and_then(|r| field(r, col)))
        .filter_map(|x| x.as_i64())
        .min();
    match earliest {
        Some(at) if field(&row, col).and_then(|x| x.as_i64()) != Some(at) => Ok(Some(
            tx.prepare_cached(&format!("SELECT json_set(?1, '$.{col}', ?2)"))?
                .query_row(params![row, at], |r| r.get(0))?,
        )),
        _ => Ok(Some(row)),
    }
}

/// Sets the table row of `key` to `row` (deleting it for `None`), by the
/// rules of references: a row that refers to a record not in its table is
/// held back (listed in `sync_held` under that record); removing a row
/// holds back the rows that refer to it; setting a row sets the rows held
/// back for it.
fn materialize(
    tx: &Connection,
    tables: &SyncTables,
    meta: &TableMeta,
    key: &str,
    row: Option<&str>,
) -> Result<()> {
    let Some(r) = row else {
        return remove(tx, tables, meta, key);
    };
    // (Checked with a read first: a single-row upsert needs no statement
    // journal, an upsert from a SELECT does.)
    if hold_if_dangling(tx, meta, key, r)? {
        return remove(tx, tables, meta, key);
    }
    tx.prepare_cached(&meta.upsert)?.execute([r])?;
    if !meta.children.is_empty() {
        let waiting: Vec<(String, String)> = tx
            .prepare_cached(
                "SELECT tbl, key FROM sync_held WHERE parent_tbl = ?1 AND parent_key = ?2",
            )?
            .query_map(params![meta.name, key], |x| Ok((x.get(0)?, x.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if !waiting.is_empty() {
            tx.prepare_cached("DELETE FROM sync_held WHERE parent_tbl = ?1 AND parent_key = ?2")?
                .execute(params![meta.name, key])?;
        }
        for (table, k) in waiting {
            if let Some(m) = tables.get(&table) {
                resolve(tx, tables, m, &k)?;
            }
        }
    }
    Ok(())
}

/// Whether `row` (of record `key`) refers to a record not in its table; if
/// so it is listed as held back under each one missing.
fn hold_if_dangling(tx: &Connection, meta: &TableMeta, key: &str, row: &str) -> Result<bool> {
    let mut held = false;
    for (parent, missing) in &meta.parents {
        let parent_key: Option<String> = tx
            .prepare_cached(missing)?
            .query_row([row], |x| x.get(0))
            .optional()?;
        if let Some(pk) = parent_key {
            hold(tx, parent, &pk, meta.name, key)?;
            held = true;
        }
    }
    Ok(held)
}

/// Lists record `key` of `table` as held back until record `parent_key` of
/// `parent` is set.
fn hold(tx: &Connection, parent: &str, parent_key: &str, table: &str, key: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO sync_held (parent_tbl, parent_key, tbl, key)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![parent, parent_key, table, key])?;
    Ok(())
}

/// Deletes the table row of `key`, holding back the rows that refer to it
/// first.
fn remove(tx: &Connection, tables: &SyncTables, meta: &TableMeta, key: &str) -> Result<()> {
    for (child, refers) in &meta.children {
        let keys: Vec<String> = tx
            .prepare_cached(refers)?
            .query_map([key], |x| x.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let Some(child_meta) = tables.get(child) else {
            continue;
        };
        for k in keys {
            hold(tx, meta.name, key, child, &k)?;
            remove(tx, tables, child_meta, &k)?;
        }
    }
    tx.prepare_cached(&meta.delete)?.execute([key])?;
    Ok(())
}

/// Brings the table row of one record in line with its versions.
fn resolve(tx: &Connection, tables: &SyncTables, meta: &TableMeta, key: &str) -> Result<()> {
    let with_groups = versions(tx, meta.name, key)?;
    let groups: BTreeSet<String> = with_groups.iter().filter_map(|(_, g)| g.clone()).collect();
    let vs: Vec<RecordVersion> = with_groups.into_iter().map(|(v, _)| v).collect();
    // A deletion erases every older version's contents, whatever else
    // came later (a function of the versions alone: every device erases
    // the same ones, in whatever order they arrived).
    let mut vs = vs;
    if let Some(deleted) = vs.iter().map(|v| v.deleted).max().filter(|d| d.0 > 0) {
        if vs.iter().any(|v| v.row.is_some() && v.hlc < deleted) {
            tx.prepare_cached(
                "UPDATE sync_record SET row = NULL
                  WHERE tbl = ?1 AND key = ?2 AND hlc < ?3 AND row IS NOT NULL",
            )?
            .execute(params![meta.name, key, deleted.0 as i64])?;
            for v in vs.iter_mut().filter(|v| v.hlc < deleted) {
                v.row = None;
            }
        }
    }
    let row = resolved_row(tx, meta.name, &vs)?;
    if groups.is_empty() {
        return materialize(tx, tables, meta, key, row.as_deref());
    }
    for g in groups {
        resolve_group(tx, tables, meta, &g)?;
    }
    Ok(())
}

/// One scheduled dose logged as several records (on several devices): the
/// one [`dose_claim_order`] picks is the table row; the others stay in
/// `sync_record`.
fn resolve_group(
    tx: &Connection,
    tables: &SyncTables,
    meta: &TableMeta,
    group: &str,
) -> Result<()> {
    let col = group_column(meta.name).expect("grouped table");
    // Every version in the group at once, by key. (A deleted record's
    // versions were emptied when its deletion won, so it has no live one.)
    let mut by_key: std::collections::BTreeMap<String, Vec<RecordVersion>> = Default::default();
    let rows: Vec<RecordVersion> = tx
        .prepare_cached(
            // (Without the hint SQLite picks the primary key's `tbl`
            // prefix: every version of every dose log, per group.)
            "SELECT tbl, key, device, hlc, row, deleted
               FROM sync_record INDEXED BY sync_record_grp
              WHERE grp = ?2 AND tbl = ?1",
        )?
        .query_map(params![meta.name, group], version_of)?
        .collect::<rusqlite::Result<_>>()?;
    for v in rows {
        by_key.entry(v.key.clone()).or_default().push(v);
    }
    let mut live: Vec<(String, String)> = Vec::new();
    for (key, vs) in by_key {
        if let Some(row) = resolved_row(tx, meta.name, &vs)? {
            if group_of(meta.name, Some(&row)).as_deref() == Some(group) {
                live.push((key, row));
            }
        }
    }
    let claims: Vec<(serde_json::Value, &str, &str)> = live
        .iter()
        .map(|(k, r)| {
            (
                serde_json::from_str(r).unwrap_or_default(),
                k.as_str(),
                r.as_str(),
            )
        })
        .collect();
    fn claim<'a>(v: &'a (serde_json::Value, &'a str, &'a str)) -> DoseClaim<'a> {
        DoseClaim {
            id: v.1,
            status: v.0.get("status").and_then(|s| s.as_str()).unwrap_or(""),
            taken_at: v.0.get("taken_at").and_then(|t| t.as_i64()),
        }
    }
    let best = claims
        .iter()
        .min_by(|a, b| dose_claim_order(&claim(a), &claim(b)))
        .map(|(_, k, r)| (*k, *r));
    let best_id = best
        .and_then(|(_, r)| field(r, "id"))
        .and_then(|v| v.as_str().map(str::to_string));
    // The logs that do not count leave the table; their edit history is
    // held back with them (and comes back if one of them counts again).
    let losers: Vec<String> = tx
        .prepare_cached(&format!(
            "SELECT json_array(id) FROM \"{}\" WHERE \"{col}\" = ?1 AND id IS NOT ?2",
            meta.name
        ))?
        .query_map(params![group, best_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for key in losers {
        remove(tx, tables, meta, &key)?;
    }
    if let Some((key, row)) = best {
        materialize(tx, tables, meta, key, Some(row))?;
    }
    Ok(())
}

/// Holds back every row that refers to a missing row (version 4 set rows
/// from other devices without that rule; run once when a file is upgraded).
pub(crate) fn hold_back_dangling(conn: &Connection) -> Result<()> {
    let dangling: i64 =
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })?;
    if dangling == 0 {
        return Ok(());
    }
    let tables = SyncTables::read(conn)?;
    for meta in tables.all().iter().filter(|m| !m.parents.is_empty()) {
        let rows: Vec<(String, String)> = conn
            .prepare(&meta.keyed_rows)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (key, row) in rows {
            if hold_if_dangling(conn, meta, &key, &row)? {
                remove(conn, &tables, meta, &key)?;
            }
        }
    }
    Ok(())
}

/// Whether a record's row is held back until a record it refers to is set.
fn is_held(tx: &Connection, table: &str, key: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM sync_held WHERE tbl = ?1 AND key = ?2")?
        .query_row(params![table, key], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether a record with resolved `row` is absent from its table only
/// because another log of the same dose counts.
fn lost_its_group(tx: &Connection, meta: &TableMeta, row: Option<&str>) -> Result<bool> {
    let (Some(col), Some(g)) = (group_column(meta.name), group_of(meta.name, row)) else {
        return Ok(false);
    };
    let holder: Option<i64> = tx
        .prepare_cached(&format!(
            "SELECT 1 FROM \"{}\" WHERE \"{col}\" = ?1",
            meta.name
        ))?
        .query_row([g], |r| r.get(0))
        .optional()?;
    Ok(holder.is_some())
}

/// Records this device's writes of the open transaction (the keys the
/// triggers marked) as versions stamped with one clock reading, then
/// empties the marks. Called by the store before every commit. Setting a
/// row by the merge rules can delete another (a dose's losing log, and
/// with it, by foreign key, its edit history): those deletions are this
/// device's writes too, captured in the next round.
pub(crate) fn capture(tx: &Connection, tables: &SyncTables, wall_ms: i64) -> Result<()> {
    let mut local: Option<LocalState> = None;
    for round in 0..4 {
        let dirty: Vec<(String, String)> = tx
            .prepare_cached("SELECT DISTINCT tbl, key FROM sync_dirty")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if dirty.is_empty() {
            break;
        }
        let state = match local.as_mut() {
            Some(s) => s,
            None => {
                let mut s = local_state(tx)?;
                s.hlc = s.hlc.tick(wall_ms);
                local.insert(s)
            }
        };
        // New rows (no version anywhere yet: nothing to merge) are
        // recorded a table at a time; the rest key by key below.
        // (First round only: later rounds hold what setting rows by the
        // merge rules changed, each checked on its own.)
        let tables_marked: BTreeSet<&str> = if round == 0 {
            dirty.iter().map(|(t, _)| t.as_str()).collect()
        } else {
            BTreeSet::new()
        };
        let mut bulk = false;
        for name in tables_marked {
            let Some(meta) = tables.get(name) else {
                continue;
            };
            let n = tx.prepare_cached(&meta.capture_new)?.execute(params![
                state.device,
                state.hlc.0 as i64,
                state.seq
            ])?;
            if n > 0 {
                state.seq += n as i64;
                bulk = true;
            }
        }
        let dirty: Vec<(String, String)> = if bulk {
            for name in dirty
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<BTreeSet<_>>()
            {
                if let Some(meta) = tables.get(name) {
                    tx.prepare_cached(&meta.unmark_captured)?
                        .execute(params![state.device, state.hlc.0 as i64])?;
                }
            }
            tx.prepare_cached("SELECT DISTINCT tbl, key FROM sync_dirty")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        } else {
            dirty
        };
        tx.prepare_cached("DELETE FROM sync_dirty")?.execute([])?;
        for (table, key) in dirty {
            let Some(meta) = tables.get(&table) else {
                continue;
            };
            let row: Option<String> = tx
                .prepare_cached(&meta.select_row)?
                .query_row([&key], |r| r.get(0))
                .optional()?;
            let vs: Vec<RecordVersion> = versions(tx, &table, &key)?
                .into_iter()
                .map(|(v, _)| v)
                .collect();
            let expected = resolved_row(tx, &table, &vs)?;
            if expected == row
                || (row.is_none()
                    && (lost_its_group(tx, meta, expected.as_deref())?
                        || is_held(tx, &table, &key)?))
            {
                continue;
            }
            state.seq += 1;
            let deleted = if row.is_none() { state.hlc } else { Hlc(0) };
            let v = RecordVersion {
                table,
                key,
                device: state.device.clone(),
                hlc: state.hlc,
                row,
                deleted,
            };
            put_version(tx, &v, state.seq)?;
            if v.row.is_none()
                || forward_only_column(meta.name).is_some()
                || group_column(meta.name).is_some()
            {
                resolve(tx, tables, meta, &v.key)?;
            }
        }
    }
    match local {
        Some(s) => save_local(tx, &s),
        None => Ok(()),
    }
}

/// Stores versions received from another device and sets every touched
/// record's row by the merge rules; the clock moves past every reading
/// received. Returns how many versions were new here.
pub(crate) fn apply(
    tx: &Connection,
    tables: &SyncTables,
    incoming: &[RecordVersion],
) -> Result<u64> {
    let mut local = local_state(tx)?;
    let mut touched: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut stored = 0;
    for v in incoming {
        let meta = tables
            .get(&v.table)
            .ok_or_else(|| Error::invalid("sync_file.records.table", "not a synced table"))?;
        local.hlc = local.hlc.observe(v.hlc);
        if put_version(tx, v, local.seq + 1)? {
            local.seq += 1;
            stored += 1;
            touched.insert((meta.name, v.key.as_str()));
        }
    }
    // Triggers are off here: the supply tallies move by what the rows
    // set below change.
    let watch = tally_watch(tx, &touched)?;
    let before = tally_before(tx, &watch)?;
    // Records before the records that refer to them.
    let mut touched: Vec<(&str, &str)> = touched.into_iter().collect();
    touched.sort_by_key(|(t, k)| (tables.rank(t), *k));
    for (table, key) in touched {
        let meta = tables.get(table).expect("checked above");
        resolve(tx, tables, meta, key)?;
    }
    settle_tallies(tx, &watch, &before)?;
    // The rows set above are not this device's writes.
    tx.prepare_cached("DELETE FROM sync_dirty")?.execute([])?;
    save_local(tx, &local)?;
    Ok(stored)
}

/// This device's own versions stored after change number `after`, with
/// their change numbers, oldest first.
pub(crate) fn own_versions_after(
    tx: &Connection,
    device: &str,
    after: i64,
) -> Result<Vec<(i64, RecordVersion)>> {
    let mut stmt = tx.prepare(
        "SELECT tbl, key, device, hlc, row, deleted, seq FROM sync_record
          WHERE device = ?1 AND seq > ?2 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map(params![device, after], |r| Ok((r.get(6)?, version_of(r)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A version from a row `tbl, key, device, hlc, row, ...`.
fn version_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<RecordVersion> {
    Ok(RecordVersion {
        table: r.get(0)?,
        key: r.get(1)?,
        device: r.get(2)?,
        hlc: Hlc(r.get::<_, i64>(3)? as u64),
        row: r.get(4)?,
        deleted: Hlc(r.get::<_, i64>(5)? as u64),
    })
}

/// Every version stored here in the canonical order.
pub(crate) fn all_versions(tx: &Connection) -> Result<Vec<RecordVersion>> {
    let mut stmt = tx.prepare(
        "SELECT tbl, key, device, hlc, row, deleted FROM sync_record ORDER BY tbl, key, device",
    )?;
    let rows = stmt
        .query_map([], version_of)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
