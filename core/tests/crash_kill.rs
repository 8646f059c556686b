//! Crash safety: a writer process logs doses (scheduled, extra) into an
//! encrypted database and prints an `ack` line after each committed write;
//! the harness kills it with SIGKILL at random moments, reopens the file
//! after every kill, runs the integrity checks and verifies that every
//! acknowledged write is there (and that at most one unacknowledged write per
//! kill slipped in: the one in flight).
//!
//! The writer is this test binary itself, re-run with an environment
//! variable (`crash_writer_child` does nothing in a normal run).
//!
//! Short form (the test suite): 200 kills. Long form:
//! `CADENCE_CRASH_KILLS=2000 cargo test -p cadence-core --test crash_kill -- --nocapture`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use cadence_core::model::{
    DoseAction, DoseForm, DoseKind, DoseWarning, LogStatus, MedicationInput, ProfileInput,
    UnscheduledDose,
};
use cadence_core::schedule::{Dose, DosingPlan, TakenDose, Timing};
use cadence_core::{DatabaseKey, Store};

const CHILD_DB: &str = "CADENCE_CRASH_CHILD_DB";
const CHILD_ROUND: &str = "CADENCE_CRASH_CHILD_ROUND";

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes(&[0x5A; 32]).unwrap()
}

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
}

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap()
}

fn no_limits(_: &[TakenDose], _: f64, _: DateTime<Utc>) -> Vec<DoseWarning> {
    Vec::new()
}

/// The writer: logs doses until it is killed, acknowledging each commit.
#[test]
fn crash_writer_child() {
    let Ok(db) = std::env::var(CHILD_DB) else {
        return;
    };
    let round: i64 = std::env::var(CHILD_ROUND).unwrap().parse().unwrap();
    let store = Store::open(&db, Some(key())).unwrap();
    let med = store.medications(false).unwrap().remove(0).id;
    // Three days of scheduled doses per round (4 a day), cycling over a year.
    let from = day0() + Duration::days((round % 120) * 3);
    let occs = store.occurrences(from, from + Duration::days(2)).unwrap();
    let ids: Vec<&str> = occs.iter().map(|o| o.id.as_str()).collect();
    let logged: Vec<String> = store
        .logs_for_occurrences(&ids)
        .unwrap()
        .into_iter()
        .filter_map(|e| e.occurrence_id)
        .collect();
    let mut open: Vec<_> = occs
        .iter()
        .filter(|o| !logged.iter().any(|l| *l == o.id))
        .collect();
    for i in 0..100_000i64 {
        let now = base() + Duration::seconds(round * 1_000_000 + i);
        if i % 3 == 2 {
            if let Some(o) = open.pop() {
                let e = store
                    .log_occurrence(
                        o,
                        &DoseAction::Taken {
                            at: Some(o.utc),
                            amount: None,
                            early: false,
                        },
                        now,
                        &no_limits,
                    )
                    .unwrap();
                println!("ack o {} {}", o.id, e.id);
                continue;
            }
        }
        let amount = 1.0 + (i % 7) as f64;
        let dose = UnscheduledDose {
            medication_id: med.clone(),
            kind: DoseKind::Extra,
            taken_at: now,
            amount,
            unit: "mg".into(),
            note: String::new(),
        };
        let e = store.log_unscheduled(&dose, now, &no_limits).unwrap();
        println!("ack u {} {} {amount}", e.id, now.timestamp_millis());
    }
}

/// A small xorshift generator (no dependency; the seed is printed).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn setup(path: &std::path::Path) {
    let store = Store::open(path, Some(key())).unwrap();
    let zone = chrono_tz::Europe::Berlin;
    store
        .set_profile(
            &ProfileInput {
                display_name: String::new(),
                home_zone: zone,
                current_zone: zone,
            },
            base(),
        )
        .unwrap();
    let med = MedicationInput {
        name: "Lithium".into(),
        strength: None,
        form: DoseForm::Tablet,
        instructions: String::new(),
        prescriber_notes: String::new(),
        expected_onset: None,
        started_on: None,
    };
    let m = store.add_medication(&med, base()).unwrap();
    let times: Vec<NaiveTime> = [8, 12, 18, 22]
        .iter()
        .map(|h| NaiveTime::from_hms_opt(*h, 0, 0).unwrap())
        .collect();
    let mut plan = DosingPlan::new("", "", Dose::new(1.0, "tablet"), Timing::daily_at(&times));
    plan.start = Some(day0());
    store.add_plan(&m.id, &plan, base()).unwrap();
    store
        .set_supply(&m.id, 100_000.0, "tablet", base())
        .unwrap();
}

#[derive(Default)]
struct Acked {
    unscheduled: HashMap<String, (i64, f64)>,
    scheduled: HashMap<String, String>,
}

/// Opens the file as the app would after a crash and checks everything.
/// Returns the number of entries in the log.
fn verify(path: &std::path::Path, acked: &Acked) -> usize {
    let store = Store::open(path, Some(key())).expect("the database opens after a kill");
    let problems = store.integrity_check().unwrap();
    assert!(problems.is_empty(), "integrity: {problems:?}");
    let entries = store
        .logs_between(base() - Duration::days(1), base() + Duration::days(20_000))
        .unwrap();
    let by_id: HashMap<&str, _> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    for (id, (at, amount)) in &acked.unscheduled {
        let e = by_id
            .get(id.as_str())
            .unwrap_or_else(|| panic!("acknowledged dose {id} lost"));
        assert_eq!(
            (e.status, e.taken_at.map(|t| t.timestamp_millis()), e.amount),
            (LogStatus::Taken, Some(*at), Some(*amount))
        );
    }
    for (occ, id) in &acked.scheduled {
        let e = by_id
            .get(id.as_str())
            .unwrap_or_else(|| panic!("acknowledged scheduled dose {id} lost"));
        assert_eq!(
            (e.occurrence_id.as_deref(), e.status),
            (Some(occ.as_str()), LogStatus::Taken)
        );
    }
    entries.len()
}

#[test]
fn sigkill_at_random_moments_never_loses_an_acknowledged_write() {
    let kills: usize = std::env::var("CADENCE_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    setup(&db);
    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let mut acked = Acked::default();
    let (mut killed_mid_write, mut unacked_commits) = (0usize, 0usize);
    for round in 0..kills {
        let mut child = Command::new(&exe)
            .args([
                "crash_writer_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DB, &db)
            .env(CHILD_ROUND, round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let reader = {
            let lines = lines.clone();
            let out = child.stdout.take().unwrap();
            std::thread::spawn(move || {
                let mut out = BufReader::new(out);
                let mut line = String::new();
                // Only complete lines: a kill can cut the last one short.
                while out.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                    // libtest prints "test crash_writer_child ... " before
                    // the first line of output, on the same line.
                    if let (true, Some(at)) = (line.ends_with('\n'), line.find("ack ")) {
                        lines
                            .lock()
                            .unwrap()
                            .push(line[at..].trim_end().to_string());
                    }
                    line.clear();
                }
            })
        };
        if round % 2 == 0 {
            // Anywhere: while opening, upgrading, expanding or writing.
            std::thread::sleep(StdDuration::from_millis(5 + rng.below(56)));
        } else {
            // In the middle of the writes.
            let deadline = Instant::now() + StdDuration::from_secs(10);
            while lines.lock().unwrap().is_empty() && Instant::now() < deadline {
                std::thread::sleep(StdDuration::from_millis(1));
            }
            std::thread::sleep(StdDuration::from_millis(rng.below(30)));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        let lines = lines.lock().unwrap();
        if !lines.is_empty() {
            killed_mid_write += 1;
        }
        for l in lines.iter() {
            let f: Vec<&str> = l.split(' ').collect();
            match f[1] {
                "u" => {
                    acked
                        .unscheduled
                        .insert(f[2].into(), (f[3].parse().unwrap(), f[4].parse().unwrap()));
                }
                _ => {
                    acked.scheduled.insert(f[2].into(), f[3].into());
                }
            }
        }
        let total = acked.unscheduled.len() + acked.scheduled.len();
        let entries = verify(&db, &acked);
        // Every entry is acknowledged, except at most one in flight per kill.
        assert!(
            entries >= total && entries <= total + round + 1,
            "{entries} entries, {total} acknowledged"
        );
        unacked_commits = entries - total;
    }
    let total = acked.unscheduled.len() + acked.scheduled.len();
    println!(
        "crash harness: {kills} SIGKILLs ({killed_mid_write} mid-write), {total} acknowledged writes \
         ({} extra, {} scheduled) all present after every kill, {unacked_commits} in-flight writes \
         committed without an ack, integrity ok every time, {:.1} s, seed {seed}",
        acked.unscheduled.len(),
        acked.scheduled.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        kills < 20 || killed_mid_write * 4 >= kills,
        "too few kills landed mid-write"
    );
}
