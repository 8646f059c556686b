//! The schema and its migrations, keyed by `PRAGMA user_version`.
//!
//! New files get the full current schema in one step; older files are upgraded
//! one version at a time inside a single IMMEDIATE transaction (an interrupted
//! upgrade leaves the file at its old version, intact). A file written by a
//! newer Cadence is refused. Frozen copies of every old schema live in
//! `core/sql/vN.sql`; the tests upgrade each and compare with a fresh file.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// The schema version this build writes.
pub const VERSION: i64 = 5;

/// `PRAGMA application_id`: "CDNC", marks a file as a Cadence database.
pub const APPLICATION_ID: i64 = 0x4344_4E43;

/// The version 1 schema, frozen.
pub const V1: &str = include_str!("../../sql/v1.sql");

/// The tables that version 2 adds: dosing plans, zone and routine history.
const V2_SCHEDULE: &str = include_str!("../../sql/v2_schedule.sql");
/// The tables that version 2 adds: the journal.
const V2_JOURNAL: &str = include_str!("../../sql/v2_journal.sql");
/// The tables that version 2 adds: reminders (snoozes, deliveries, settings).
const V2_REMINDERS: &str = include_str!("../../sql/v2_reminders.sql");
/// The tables that version 2 adds: care team, care plan, consent, audit log.
const V2_CARE: &str = include_str!("../../sql/v2_care.sql");
/// The tables that version 2 adds: keys, pairing, imported share bundles.
const V2_SHARE: &str = include_str!("../../sql/v2_share.sql");
/// What version 3 changes: pairings carry when they were verified.
const V3_TRUST: &str = include_str!("../../sql/v3_trust.sql");
/// What version 4 adds: sync (record versions, devices, files applied).
const V4_SYNC: &str = include_str!("../../sql/v4_sync.sql");
/// What version 5 adds: supply on hand worked out from the records (the
/// tally of refills and doses since the count, and its triggers).
const V5_SUPPLY: &str = include_str!("../../sql/v5_supply.sql");
/// What version 5 adds: sync rows held back until what they refer to
/// arrives.
const V5_SYNC_HELD: &str = include_str!("../../sql/v5_sync_held.sql");
/// The version-1 tables as they are now (columns added by later versions in
/// their place at the end).
const CURRENT_BASE: &str = include_str!("../../sql/current_base.sql");

/// The version-2 schema, as a new file had it.
fn create_v2(conn: &Connection) -> Result<()> {
    conn.execute_batch(CURRENT_BASE)?;
    conn.execute_batch(V2_SCHEDULE)?;
    conn.execute_batch(V2_JOURNAL)?;
    conn.execute_batch(V2_REMINDERS)?;
    conn.execute_batch(V2_CARE)?;
    conn.execute_batch(V2_SHARE)?;
    Ok(())
}

/// The full current schema for a new file.
fn create_current(conn: &Connection) -> Result<()> {
    create_v4(conn)?;
    add_v5(conn)
}

/// Version 5: supply on hand from the records; sync rows held back.
fn add_v5(conn: &Connection) -> Result<()> {
    conn.execute_batch(V5_SUPPLY)?;
    conn.execute_batch(V5_SYNC_HELD)?;
    super::sync::hold_back_dangling(conn)
}

/// The version-4 schema, as a new file had it.
fn create_v4(conn: &Connection) -> Result<()> {
    create_v3(conn)?;
    add_sync(conn)
}

/// The version-3 schema, as a new file had it.
fn create_v3(conn: &Connection) -> Result<()> {
    create_v2(conn)?;
    conn.execute_batch(V3_TRUST)?;
    Ok(())
}

/// Version 4: the sync tables, this device's id, the capture triggers on
/// every synced table, and every existing row marked so that the store
/// records it as a version of this device's when it opens.
fn add_sync(conn: &Connection) -> Result<()> {
    conn.execute_batch(V4_SYNC)?;
    conn.execute(
        "INSERT INTO sync_local (id, device_id, hlc, seq) VALUES (1, ?1, 0, 0)",
        [super::new_id()],
    )?;
    super::sync::tables::create_triggers(conn)?;
    for t in super::sync::SyncTables::read(conn)?.all() {
        let key: Vec<String> = t.key.iter().map(|c| format!("\"{c}\"")).collect();
        conn.execute(
            &format!(
                "INSERT INTO sync_dirty (tbl, key) SELECT ?1, json_array({}) FROM \"{}\"",
                key.join(", "),
                t.name
            ),
            [t.name],
        )?;
    }
    Ok(())
}

/// Creates, in an empty connection, the schema of `version` exactly as that
/// version wrote it (for checking a backup's tables); `false` for a version
/// this build never knew.
pub fn create_frozen(conn: &mut Connection, version: i64) -> Result<bool> {
    match version {
        1 => conn.execute_batch(V1)?,
        2 => create_v2(conn)?,
        3 => create_v3(conn)?,
        4 => create_v4(conn)?,
        VERSION => create_current(conn)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// One step: upgrades a file at `from` to `from + 1`.
fn upgrade_from(conn: &Connection, from: i64) -> Result<()> {
    match from {
        1 => {
            conn.execute_batch(include_str!("../../sql/v2_alter.sql"))?;
            conn.execute_batch(V2_SCHEDULE)?;
            conn.execute_batch(V2_JOURNAL)?;
            conn.execute_batch(V2_REMINDERS)?;
            conn.execute_batch(V2_CARE)?;
            conn.execute_batch(V2_SHARE)?;
            Ok(())
        }
        2 => Ok(conn.execute_batch(V3_TRUST)?),
        3 => add_sync(conn),
        4 => add_v5(conn),
        _ => Err(Error::Corrupt(format!(
            "no upgrade step from schema version {from}"
        ))),
    }
}

/// Brings the file to [`VERSION`], creating the schema for a new file.
pub fn init(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app_id: i64 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if version > VERSION {
        return Err(Error::NewerSchema {
            found: version,
            supported: VERSION,
        });
    }
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(Error::Corrupt(
            "the file belongs to another application".into(),
        ));
    }
    if version == 0 {
        let tables: i64 = tx.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(Error::Corrupt(
                "the file holds tables but no Cadence schema".into(),
            ));
        }
        create_current(&tx)?;
    } else {
        for from in version..VERSION {
            upgrade_from(&tx, from)?;
        }
    }
    tx.execute_batch(&format!(
        "PRAGMA user_version = {VERSION}; PRAGMA application_id = {APPLICATION_ID};"
    ))?;
    tx.commit()?;
    Ok(())
}

/// A normalised dump of the schema (tables, indexes, triggers), for comparing
/// an upgraded file with a fresh one.
pub fn describe(conn: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let objects: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name) in objects {
        if kind == "table" {
            let mut cols = conn.prepare(&format!("PRAGMA table_xinfo(\"{name}\")"))?;
            let rows: Vec<String> = cols
                .query_map([], |r| {
                    Ok(format!(
                        "{name}.{}: {} notnull={} default={:?} pk={}",
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, i64>(5)?
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            out.push(format!("table {name}"));
            out.extend(rows);
            let mut fks = conn.prepare(&format!("PRAGMA foreign_key_list(\"{name}\")"))?;
            let rows: Vec<String> = fks
                .query_map([], |r| {
                    Ok(format!(
                        "{name} fk {} -> {}.{} on delete {}",
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                        r.get::<_, String>(6)?
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            out.extend(rows);
        } else {
            let sql: Option<String> = conn.query_row(
                "SELECT sql FROM sqlite_master WHERE name = ?1",
                [&name],
                |r| r.get(0),
            )?;
            out.push(format!(
                "{kind} {name}: {}",
                normalise(&sql.unwrap_or_default())
            ));
        }
    }
    Ok(out)
}

fn normalise(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        init(&mut c).unwrap();
        c
    }

    #[test]
    fn new_file_gets_current_version_and_application_id() {
        let c = fresh();
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        let a: i64 = c
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!((v, a), (VERSION, APPLICATION_ID));
    }

    #[test]
    fn every_frozen_version_upgrades_to_the_fresh_schema_with_its_data() {
        // Frozen v1 with a row in every table.
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(V1).unwrap();
        old.execute_batch(include_str!("../../sql/tests/v1_data.sql"))
            .unwrap();
        old.execute_batch("PRAGMA user_version = 1;").unwrap();
        init(&mut old).unwrap();
        assert_eq!(describe(&old).unwrap(), describe(&fresh()).unwrap());
        let name: String = old
            .query_row(
                "SELECT name FROM medication WHERE id = '7d1f7a52-9a53-4b8e-9a5e-2f0a9c1e0b11'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(name, "Sertraline");
        let zone: String = old
            .query_row("SELECT home_zone FROM profile", [], |r| r.get(0))
            .unwrap();
        assert_eq!(zone, "Europe/Berlin");
    }

    #[test]
    fn a_newer_file_is_refused_untouched() {
        let mut c = Connection::open_in_memory().unwrap();
        c.execute_batch("PRAGMA user_version = 99;").unwrap();
        match init(&mut c) {
            Err(Error::NewerSchema {
                found: 99,
                supported: VERSION,
            }) => {}
            other => panic!("expected NewerSchema, got {other:?}"),
        }
        let v: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 99);
    }

    #[test]
    fn a_foreign_database_is_not_adopted() {
        let mut c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t(x);").unwrap();
        assert!(matches!(init(&mut c), Err(Error::Corrupt(_))));
    }
}
