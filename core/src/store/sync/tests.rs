//! The applying side of the store, below the use cases: what another
//! device's versions may and may not do to the rows here.

use chrono::{TimeZone, Utc};

use super::IncomingFile;
use crate::model::sync::{Hlc, RecordVersion};
use crate::store::Store;

const AUDIT: &str = r#"{"id":"a1","member_id":"m1","member_name":"Dr A","member_role":"prescriber","kind":"bundle","grant_ids":"[]","categories":"doses","record_counts":"{}","total_records":3,"sha256":"ORIGINAL","disclosed_at":1000}"#;

fn audit_sha(store: &Store) -> Vec<String> {
    store
        .read(|tx| {
            let mut s = tx.prepare("SELECT sha256 FROM disclosure_audit ORDER BY id")?;
            let rows = s.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .unwrap()
}

fn file<'a>(sequence: u64, versions: &'a [RecordVersion]) -> IncomingFile<'a> {
    IncomingFile {
        sender: "other",
        sequence,
        sha256: "x",
        versions,
        ack: 0,
        wants_snapshot: false,
        is_snapshot: false,
        created_at: Utc.timestamp_opt(2_000, 0).unwrap(),
    }
}

fn audit_version(row: &str, hlc: u64) -> RecordVersion {
    RecordVersion {
        table: "disclosure_audit".into(),
        key: r#"["a1"]"#.into(),
        device: "other".into(),
        hlc: Hlc(hlc),
        row: Some(row.into()),
        deleted: Hlc(0),
    }
}

#[test]
fn an_audit_entry_from_another_device_is_never_rewritten_by_a_later_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("a.db"), None).unwrap();
    let now = Utc.timestamp_opt(3_000, 0).unwrap();
    // The entry arrives from the other device as it was made...
    store
        .apply_sync_file(&file(1, &[audit_version(AUDIT, 10)]), now)
        .unwrap();
    assert_eq!(audit_sha(&store), ["ORIGINAL"]);
    // ...then a later "version" of it claims another disclosure digest.
    let forged = AUDIT.replace("ORIGINAL", "REWRITTEN");
    store
        .apply_sync_file(&file(2, &[audit_version(&forged, u64::MAX / 2)]), now)
        .unwrap();
    assert_eq!(audit_sha(&store), ["ORIGINAL"]);
    // And on this device the log still refuses every rewrite.
    let err = store.write(|tx| {
        tx.execute("UPDATE disclosure_audit SET sha256 = 'LOCAL'", [])?;
        Ok(())
    });
    assert!(err.is_err());
    assert_eq!(audit_sha(&store), ["ORIGINAL"]);
}

#[test]
fn rows_set_from_another_device_are_not_sent_back_as_this_devices_writes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("a.db"), None).unwrap();
    let now = Utc.timestamp_opt(3_000, 0).unwrap();
    let before = store.sync_local().unwrap();
    store
        .apply_sync_file(&file(1, &[audit_version(AUDIT, 10)]), now)
        .unwrap();
    // A write of this device's own afterwards captures only itself.
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO journal_goal (id, area, title, created_at, updated_at) VALUES ('g1', 'health', 'walk', 1, 1)",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let dump = store.sync_dump().unwrap();
    let own: Vec<&str> = dump
        .lines()
        .filter(|l| l.starts_with("version ") && l.contains(&before.device))
        .collect();
    assert_eq!(own.len(), 1, "{own:?}");
    assert!(own[0].starts_with("version journal_goal"), "{own:?}");
}

#[test]
fn upgrading_a_file_that_synced_under_version_4_holds_back_its_dangling_rows() {
    use rusqlite::Connection;
    let mut conn = Connection::open_in_memory().unwrap();
    assert!(crate::store::schema::create_frozen(&mut conn, 4).unwrap());
    // Version 4 applied another device's rows with foreign keys off: the
    // edit history of a log that did not count stayed behind.
    conn.execute_batch(
        "PRAGMA user_version = 4; PRAGMA foreign_keys = OFF;
         INSERT INTO dose_log_version (entry_id, version, status, recorded_at)
         VALUES ('gone', 1, 'taken', 1);
         PRAGMA foreign_keys = ON;",
    )
    .unwrap();
    crate::store::schema::init(&mut conn).unwrap();
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0);
    let held: (String, String, String, String) = conn
        .query_row(
            "SELECT parent_tbl, parent_key, tbl, key FROM sync_held",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        held,
        (
            "dose_log".into(),
            r#"["gone"]"#.into(),
            "dose_log_version".into(),
            r#"["gone",1]"#.into()
        )
    );
}
