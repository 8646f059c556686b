//! Which tables sync, and the SQL that reads, writes and watches each one,
//! built from the schema itself (`PRAGMA table_info`).
//!
//! Everything the person wrote syncs. What stays on the device: its own
//! share keys and care-team pairings (`share_*`: the care team paired one
//! device's key), the notifications this device's OS was asked to show
//! (`reminder_issued`), and the sync bookkeeping itself.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// The tables whose rows every device of the person holds.
pub const SYNCED_TABLES: &[&str] = &[
    "profile",
    "routine_time",
    "routine_override",
    "routine_change",
    "zone_change",
    "medication",
    "dosing_plan",
    "missed_dose_rule",
    "supply",
    "refill",
    "dose_log",
    "dose_log_version",
    "journal_goal",
    "journal_entry",
    "journal_entry_version",
    "journal_entry_medication",
    "journal_entry_goal",
    "escalation_rule",
    "escalation_care_contact",
    "escalation_crisis_resource",
    "reminder_medication_settings",
    "reminder_preferences",
    "reminder_check_in",
    "reminder_alert_recipient",
    "reminder_alert_medication",
    "reminder_alert_sent",
    "reminder_snooze",
    "care_member",
    "care_plan",
    "consent_grant",
    "disclosure_audit",
    "sync_device",
];

/// One synced table: its columns and the statements on it.
#[derive(Debug, Clone)]
pub struct TableMeta {
    /// The table.
    pub name: &'static str,
    /// Every column, in schema order.
    pub columns: Vec<String>,
    /// The primary-key columns, in key order.
    pub key: Vec<String>,
    /// `SELECT <row as JSON object> FROM t WHERE <key> = <?1 as JSON array>`.
    pub select_row: String,
    /// Inserts or updates the row given as a JSON object in `?1`.
    pub upsert: String,
    /// Deletes the row whose key is the JSON array in `?1`.
    pub delete: String,
    /// Every row as a JSON object, in key order (the canonical dump).
    pub dump: String,
    /// Every row's record key and the row as a JSON object.
    pub keyed_rows: String,
    /// Records, in one statement, the rows of this table marked in
    /// `sync_dirty` whose records have no version yet (new rows: nothing
    /// to merge) as versions of device `?1` at clock `?2`, change numbers
    /// from `?3 + 1`; a scheduled dose's log only when no other log of its
    /// dose has a version.
    pub capture_new: String,
    /// Unmarks the keys [`TableMeta::capture_new`] recorded (device `?1`,
    /// clock `?2`).
    pub unmark_captured: String,
    /// The records this table's rows refer to: per foreign key, the parent
    /// table and a query giving the parent's record key (`["id"]`) when
    /// the row in `?1` refers to one that is not in its table.
    pub parents: Vec<(&'static str, String)>,
    /// Per table whose rows refer to this one: that table and a query
    /// giving the keys of its rows that refer to the record key in `?1`.
    pub children: Vec<(&'static str, String)>,
}

/// The synced tables of an open database.
#[derive(Debug, Clone)]
pub struct SyncTables {
    tables: Vec<TableMeta>,
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A row as a JSON object of its non-null columns, in schema order (a
/// merge patch onto `{}` drops the nulls): the stored and sent form.
fn json_object_of(columns: &[String], prefix: &str) -> String {
    let parts: Vec<String> = columns
        .iter()
        .map(|c| format!("'{}', {prefix}{}", c, quote(c)))
        .collect();
    format!("json_patch('{{}}', json_object({}))", parts.join(", "))
}

fn key_match(key: &[String]) -> String {
    key.iter()
        .enumerate()
        .map(|(i, c)| format!("{} IS json_extract(?1, '$[{i}]')", quote(c)))
        .collect::<Vec<_>>()
        .join(" AND ")
}

impl TableMeta {
    fn read(conn: &Connection, name: &'static str) -> Result<TableMeta> {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", quote(name)))?;
        let mut cols: Vec<(String, i64)> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if cols.is_empty() {
            return Err(Error::Corrupt(format!("synced table {name} is missing")));
        }
        let columns: Vec<String> = cols.iter().map(|(c, _)| c.clone()).collect();
        cols.retain(|(_, pk)| *pk > 0);
        cols.sort_by_key(|(_, pk)| *pk);
        let key: Vec<String> = cols.into_iter().map(|(c, _)| c).collect();
        if key.is_empty() {
            return Err(Error::Corrupt(format!("synced table {name} has no key")));
        }
        let t = quote(name);
        let select_row = format!(
            "SELECT {} FROM {t} WHERE {}",
            json_object_of(&columns, ""),
            key_match(&key)
        );
        let values: Vec<String> = columns
            .iter()
            .map(|c| format!("json_extract(?1, '$.\"{c}\"')"))
            .collect();
        let col_list: Vec<String> = columns.iter().map(|c| quote(c)).collect();
        let key_list: Vec<String> = key.iter().map(|c| quote(c)).collect();
        let updates: Vec<String> = columns
            .iter()
            .filter(|c| !key.contains(c))
            .map(|c| format!("{0} = excluded.{0}", quote(c)))
            .collect();
        // An audit entry is never rewritten (the table refuses updates on
        // every connection that runs its trigger): its first version stands.
        let on_conflict = if updates.is_empty() || name == "disclosure_audit" {
            "DO NOTHING".to_string()
        } else {
            format!("DO UPDATE SET {}", updates.join(", "))
        };
        let upsert = format!(
            "INSERT INTO {t} ({}) VALUES ({}) ON CONFLICT ({}) {on_conflict}",
            col_list.join(", "),
            values.join(", "),
            key_list.join(", ")
        );
        let delete = format!("DELETE FROM {t} WHERE {}", key_match(&key));
        let dump = format!(
            "SELECT {} FROM {t} ORDER BY {}",
            json_object_of(&columns, ""),
            key_list.join(", ")
        );
        let joined: Vec<String> = key
            .iter()
            .enumerate()
            .map(|(i, c)| format!("t.{} = json_extract(d.key, '$[{i}]')", quote(c)))
            .collect();
        let (grp, grp_free) = match crate::model::sync::group_column(name) {
            Some(col) => (
                format!("t.{}", quote(col)),
                format!(
                    "AND (t.{0} IS NULL OR NOT EXISTS (SELECT 1 FROM sync_record g
                          WHERE g.grp = t.{0} AND g.tbl = '{name}'))",
                    quote(col)
                ),
            ),
            None => ("NULL".to_string(), String::new()),
        };
        let capture_new = format!(
            "INSERT INTO sync_record (tbl, key, device, hlc, row, deleted, grp, seq)
             SELECT '{name}', d.key, ?1, ?2, {row}, 0, {grp}, ?3 + row_number() OVER (ORDER BY d.key)
               FROM (SELECT DISTINCT key FROM sync_dirty WHERE tbl = '{name}') AS d
               JOIN {t} AS t ON {on}
              WHERE NOT EXISTS (SELECT 1 FROM sync_record r WHERE r.tbl = '{name}' AND r.key = d.key)
              {grp_free}",
            row = json_object_of(&columns, "t."),
            on = joined.join(" AND "),
        );
        let unmark_captured = format!(
            "DELETE FROM sync_dirty WHERE tbl = '{name}' AND EXISTS (SELECT 1 FROM sync_record r
               WHERE r.tbl = '{name}' AND r.key = sync_dirty.key AND r.device = ?1 AND r.hlc = ?2)"
        );
        let mut fk = conn.prepare(&format!("PRAGMA foreign_key_list({t})"))?;
        let refs: Vec<(String, String)> = fk
            .query_map([], |r| Ok((r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut parents = Vec::new();
        for (parent, column) in refs {
            // Every synced table's foreign keys refer to a synced table's
            // `id` (its record key is `["id"]`).
            let Some(parent) = SYNCED_TABLES.iter().find(|n| **n == parent) else {
                continue;
            };
            let value = format!("json_extract(?1, '$.\"{column}\"')");
            let present = format!(
                "EXISTS (SELECT 1 FROM {} WHERE id = {value})",
                quote(parent)
            );
            parents.push((
                *parent,
                format!("SELECT json_array({value}) WHERE {value} IS NOT NULL AND NOT {present}"),
            ));
        }
        let keyed_rows = format!(
            "SELECT json_array({}), {} FROM {t}",
            key_list.join(", "),
            json_object_of(&columns, "")
        );
        Ok(TableMeta {
            keyed_rows,
            parents,
            children: Vec::new(),
            capture_new,
            unmark_captured,
            name,
            columns,
            key,
            select_row,
            upsert,
            delete,
            dump,
        })
    }

    /// The statements that mark this table's changed keys in `sync_dirty`.
    fn triggers(&self) -> String {
        let t = quote(self.name);
        let key_of = |prefix: &str| {
            let parts: Vec<String> = self
                .key
                .iter()
                .map(|c| format!("{prefix}.{}", quote(c)))
                .collect();
            format!("json_array({})", parts.join(", "))
        };
        // One plain insert per row written (a key written twice is
        // marked twice; the capture reads them distinct): no conflict
        // clause (inside a trigger the outer statement's would override
        // it), no subquery.
        let mark = |prefix: &str| {
            format!(
                "INSERT INTO sync_dirty (tbl, key) VALUES ('{}', {});",
                self.name,
                key_of(prefix)
            )
        };
        // An update that changes the key also leaves the old key gone.
        let rekeyed = self
            .key
            .iter()
            .map(|c| format!("OLD.{0} IS NOT NEW.{0}", quote(c)))
            .collect::<Vec<_>>()
            .join(" OR ");
        format!(
            "CREATE TRIGGER sync_{n}_insert AFTER INSERT ON {t} BEGIN {new} END;
             CREATE TRIGGER sync_{n}_update AFTER UPDATE ON {t} BEGIN {new} END;
             CREATE TRIGGER sync_{n}_rekey AFTER UPDATE ON {t} WHEN {rekeyed} BEGIN {old} END;
             CREATE TRIGGER sync_{n}_delete AFTER DELETE ON {t} BEGIN {old} END;",
            n = self.name,
            new = mark("NEW"),
            old = mark("OLD"),
        )
    }
}

impl SyncTables {
    /// Reads the synced tables' shapes from the schema.
    pub fn read(conn: &Connection) -> Result<SyncTables> {
        let mut tables: Vec<TableMeta> = SYNCED_TABLES
            .iter()
            .map(|name| TableMeta::read(conn, name))
            .collect::<Result<_>>()?;
        // Who refers to whom, both ways.
        for i in 0..tables.len() {
            let child = tables[i].name;
            let key: Vec<String> = tables[i].key.iter().map(|c| quote(c)).collect();
            let mut fk = conn.prepare(&format!("PRAGMA foreign_key_list({})", quote(child)))?;
            let refs: Vec<(String, String)> = fk
                .query_map([], |r| Ok((r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (parent, column) in refs {
                if let Some(p) = tables.iter_mut().find(|t| t.name == parent) {
                    p.children.push((
                        child,
                        format!(
                            "SELECT json_array({}) FROM {} WHERE {} = json_extract(?1, '$[0]')",
                            key.join(", "),
                            quote(child),
                            quote(&column)
                        ),
                    ));
                }
            }
        }
        // Parents before the tables that refer to them (a record is set
        // after the records it refers to).
        let mut ordered: Vec<TableMeta> = Vec::with_capacity(tables.len());
        while !tables.is_empty() {
            let ready = tables
                .iter()
                .position(|t| {
                    t.parents
                        .iter()
                        .all(|(p, _)| *p == t.name || ordered.iter().any(|o| o.name == *p))
                })
                .ok_or_else(|| {
                    Error::Corrupt("synced tables refer to each other in a cycle".into())
                })?;
            ordered.push(tables.remove(ready));
        }
        Ok(SyncTables { tables: ordered })
    }

    /// Where `name` comes in the order records are set (parents first).
    pub fn rank(&self, name: &str) -> usize {
        self.tables
            .iter()
            .position(|t| t.name == name)
            .unwrap_or(usize::MAX)
    }

    /// The table called `name`, if it syncs.
    pub fn get(&self, name: &str) -> Option<&TableMeta> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Every synced table.
    pub fn all(&self) -> &[TableMeta] {
        &self.tables
    }
}

/// Creates the change-capture triggers on every synced table (schema v4).
pub fn create_triggers(conn: &Connection) -> Result<()> {
    for t in SyncTables::read(conn)?.all() {
        conn.execute_batch(&t.triggers())?;
    }
    Ok(())
}
