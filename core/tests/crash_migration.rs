//! An interrupted upgrade leaves a usable database: a process killed in the
//! middle of the v1 -> v2 upgrade (inside its IMMEDIATE transaction) leaves
//! the file at v1 with its data, and the next open upgrades it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use rusqlite::Connection;

use cadence_core::store::schema;
use cadence_core::App;

const CHILD_DB: &str = "CADENCE_MIGRATION_CHILD_DB";
const CHILD_MODE: &str = "CADENCE_MIGRATION_CHILD_MODE";

/// A v1 file as a version-1 build left it (WAL, frozen schema and data).
fn v1_file(path: &Path) {
    let c = Connection::open(path).unwrap();
    c.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    c.execute_batch(schema::V1).unwrap();
    c.execute_batch(include_str!("../sql/tests/v1_data.sql"))
        .unwrap();
    c.execute_batch(&format!(
        "PRAGMA user_version = 1; PRAGMA application_id = {};",
        schema::APPLICATION_ID
    ))
    .unwrap();
}

/// The child: either stops inside the upgrade transaction ("stall") or just
/// opens the store (the real upgrade) and reports.
#[test]
fn migration_child() {
    let Ok(db) = std::env::var(CHILD_DB) else {
        return;
    };
    if std::env::var(CHILD_MODE).as_deref() == Ok("stall") {
        let mut c = Connection::open(&db).unwrap();
        let tx = c
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tx.execute_batch(include_str!("../sql/v2_alter.sql"))
            .unwrap();
        tx.execute_batch(include_str!("../sql/v2_schedule.sql"))
            .unwrap();
        tx.execute_batch("PRAGMA user_version = 2;").unwrap();
        // Make the half-done upgrade reach the WAL file, then wait for the kill.
        tx.execute_batch("PRAGMA cache_spill = 1;").unwrap();
        println!("mid-upgrade");
        std::thread::sleep(Duration::from_secs(60));
    } else {
        App::open(&db, None).unwrap();
        println!("opened");
    }
}

fn child(db: &Path, mode: &str) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "migration_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, db)
        .env(CHILD_MODE, mode)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn user_version(path: &Path) -> i64 {
    let c = Connection::open(path).unwrap();
    c.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn assert_upgrades_with_data(path: &Path) {
    let store = App::open(path, None).unwrap();
    assert!(store.integrity_check().unwrap().is_empty());
    let names: Vec<String> = store
        .medications(true)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["Sertraline"]);
    assert_eq!(
        store.profile().unwrap().unwrap().home_zone,
        chrono_tz::Europe::Berlin
    );
    drop(store);
    let mut fresh = Connection::open_in_memory().unwrap();
    schema::init(&mut fresh).unwrap();
    let c = Connection::open(path).unwrap();
    assert_eq!(
        schema::describe(&c).unwrap(),
        schema::describe(&fresh).unwrap()
    );
}

#[test]
fn a_process_killed_inside_the_upgrade_leaves_v1_intact_and_the_next_open_upgrades() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v1.db");
    v1_file(&db);
    let mut c = child(&db, "stall");
    let mut out = BufReader::new(c.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("mid-upgrade") {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the child stopped early"
        );
    }
    c.kill().unwrap();
    c.wait().unwrap();
    // The half-done transaction is rolled back: still v1, no v2 table.
    assert_eq!(user_version(&db), 1);
    let conn = Connection::open(&db).unwrap();
    let v2_tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'dosing_plan'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v2_tables, 0);
    drop(conn);
    assert_upgrades_with_data(&db);
}

#[test]
fn kills_at_random_moments_of_the_real_upgrade_always_leave_a_usable_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut before, mut after) = (0, 0);
    for round in 0..30u64 {
        let db = dir.path().join(format!("v1-{round}.db"));
        v1_file(&db);
        let mut c = child(&db, "open");
        std::thread::sleep(Duration::from_millis(2 + (round * 7919) % 25));
        c.kill().unwrap();
        c.wait().unwrap();
        match user_version(&db) {
            1 => before += 1,
            _ => after += 1,
        }
        assert_upgrades_with_data(&db);
    }
    println!("interrupted upgrades: 30 kills ({before} before the commit, {after} after), every file usable");
}
