//! Data safety of the store under concurrency, clock changes and oversized
//! input: 8 threads sharing one store (no "database is locked", no lost or
//! duplicated write, consistent reads), the device clock jumping back and
//! forth, and every documented limit enforced with `InvalidInput`.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use cadence_core::limits;
use cadence_core::model::{
    DoseAction, DoseForm, DoseKind, DoseWarning, MedicationInput, OnsetWindow, ProfileInput,
    Strength, UnscheduledDose,
};
use cadence_core::schedule::{Dose, DosingPlan, TakenDose, Timing};
use cadence_core::{App, DatabaseKey, Error, Store};

const ZONE: chrono_tz::Tz = chrono_tz::America::New_York;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 5, 0, 0).unwrap()
}

fn no_limits(_: &[TakenDose], _: f64, _: DateTime<Utc>) -> Vec<DoseWarning> {
    Vec::new()
}

fn med(name: &str) -> MedicationInput {
    MedicationInput {
        name: name.into(),
        strength: Some(Strength {
            amount: 50.0,
            unit: "mg".into(),
        }),
        form: DoseForm::Tablet,
        instructions: String::new(),
        prescriber_notes: String::new(),
        expected_onset: None,
        started_on: None,
    }
}

/// A store with two medications on a four-times-daily plan.
fn fixture(dir: &tempfile::TempDir) -> (Store, Vec<String>) {
    let store = Store::open(
        dir.path().join("c.db"),
        Some(DatabaseKey::from_bytes(&[3; 32]).unwrap()),
    )
    .unwrap();
    store
        .set_profile(
            &ProfileInput {
                display_name: String::new(),
                home_zone: ZONE,
                current_zone: ZONE,
            },
            t0(),
        )
        .unwrap();
    let times: Vec<NaiveTime> = [8, 12, 18, 22]
        .iter()
        .map(|h| NaiveTime::from_hms_opt(*h, 0, 0).unwrap())
        .collect();
    let mut meds = Vec::new();
    for name in ["Sertraline", "Lithium"] {
        let m = store.add_medication(&med(name), t0()).unwrap();
        let mut plan = DosingPlan::new("", "", Dose::new(1.0, "tablet"), Timing::daily_at(&times));
        plan.start = Some(day());
        store.add_plan(&m.id, &plan, t0()).unwrap();
        meds.push(m.id);
    }
    (store, meds)
}

#[test]
fn eight_threads_share_one_store_without_locks_lost_or_duplicated_writes() {
    const THREADS: usize = 8;
    const OPS: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let (store, meds) = fixture(&dir);
    let store = Arc::new(store);
    // The Today view is a use case: the same file through the use-case layer.
    let app = Arc::new(
        App::open(
            store.path(),
            Some(DatabaseKey::from_bytes(&[3; 32]).unwrap()),
        )
        .unwrap(),
    );
    let occs = Arc::new(store.occurrences(day(), day() + Duration::days(6)).unwrap());
    let started = std::time::Instant::now();
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let (store, occs, meds) = (store.clone(), occs.clone(), meds.clone());
            let app = app.clone();
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                let mut last_seen = 0usize;
                for k in 0..OPS {
                    let now = t0() + Duration::minutes((k * 7 + t) as i64);
                    match k % 6 {
                        0 => {
                            let at = t0() + Duration::seconds((t * 100_000 + k) as i64);
                            let dose = UnscheduledDose {
                                medication_id: meds[k % 2].clone(),
                                kind: DoseKind::AsNeeded,
                                taken_at: at,
                                amount: 1.0,
                                unit: "tablet".into(),
                                note: String::new(),
                            };
                            mine.push(store.log_unscheduled(&dose, now, &no_limits).unwrap().id);
                        }
                        1 => {
                            let v = app.today_view(now).unwrap();
                            assert!(v.taken_count <= v.scheduled_count);
                        }
                        2 => {
                            // Every thread logs the same occurrences: idempotent.
                            let o = &occs[(k / 6 + t) % occs.len()];
                            let a = DoseAction::Taken {
                                at: Some(o.utc),
                                amount: None,
                                early: false,
                            };
                            let e = store.log_occurrence(o, &a, now, &no_limits).unwrap();
                            assert_eq!(e.occurrence_id.as_deref(), Some(o.id.as_str()));
                        }
                        3 => {
                            let again =
                                store.occurrences(day(), day() + Duration::days(6)).unwrap();
                            assert_eq!(
                                again.len(),
                                occs.len(),
                                "re-planning gives the same occurrences"
                            );
                        }
                        4 => {
                            // Reports-like read: the log only grows.
                            let n = store
                                .logs_between(t0() - Duration::days(1), t0() + Duration::days(30))
                                .unwrap()
                                .len();
                            assert!(n >= last_seen);
                            last_seen = n;
                        }
                        _ => {
                            store
                                .taken_doses(
                                    &meds[t % 2],
                                    t0() - Duration::days(1),
                                    t0() + Duration::days(30),
                                )
                                .unwrap();
                            assert_eq!(store.medications(false).unwrap().len(), 2);
                        }
                    }
                }
                mine
            })
        })
        .collect();
    let mut unscheduled = Vec::new();
    for h in handles {
        unscheduled.extend(
            h.join()
                .expect("no thread failed (no 'database is locked')"),
        );
    }
    let entries = store
        .logs_between(t0() - Duration::days(1), t0() + Duration::days(30))
        .unwrap();
    let ids: HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), entries.len());
    assert!(
        unscheduled.iter().all(|id| ids.contains(id.as_str())),
        "no lost write"
    );
    let scheduled: Vec<_> = entries
        .iter()
        .filter_map(|e| e.occurrence_id.as_deref())
        .collect();
    let distinct: HashSet<_> = scheduled.iter().collect();
    assert_eq!(scheduled.len(), distinct.len(), "one entry per occurrence");
    assert_eq!(entries.len(), unscheduled.len() + scheduled.len());
    assert!(store.integrity_check().unwrap().is_empty());
    println!(
        "concurrency: {THREADS} threads x {OPS} operations = {} in {:.1} s, {} writes kept",
        THREADS * OPS,
        started.elapsed().as_secs_f64(),
        entries.len()
    );
}

#[test]
fn the_clock_jumping_back_and_forth_gives_no_duplicates_no_crash_and_flags_future_logs() {
    let dir = tempfile::tempdir().unwrap();
    let (store, meds) = fixture(&dir);
    let app = App::open(
        store.path(),
        Some(DatabaseKey::from_bytes(&[3; 32]).unwrap()),
    )
    .unwrap();
    // The device clock: forward a year, back before anything existed, back
    // to normal, forward a day, and so on.
    let jumps = [
        0i64,
        365 * 24 * 60,
        -10 * 365 * 24 * 60,
        90,
        -3 * 24 * 60,
        24 * 60,
        -1,
        600,
        -600,
    ];
    for j in jumps {
        let now = t0() + Duration::minutes(j);
        let view = app.today_view(now).unwrap();
        let ids: Vec<_> = view
            .groups
            .iter()
            .flat_map(|g| g.doses.iter().map(|d| d.occurrence.id.clone()))
            .collect();
        assert_eq!(
            ids.len(),
            ids.iter().collect::<HashSet<_>>().len(),
            "no duplicate occurrence at {j}"
        );
        assert!(view.taken_count <= view.scheduled_count);
        for m in &meds {
            app.supply_status(m, now).unwrap();
        }
    }
    // The same local dates give the same occurrences whatever the clock says.
    let a = store.occurrences(day(), day() + Duration::days(3)).unwrap();
    let b = store
        .occurrences(day() + Duration::days(1), day() + Duration::days(4))
        .unwrap();
    let a_ids: HashSet<_> = a.iter().map(|o| &o.id).collect();
    let b_ids: HashSet<_> = b.iter().map(|o| &o.id).collect();
    // Two medications, four doses a day, three shared dates.
    assert_eq!(a_ids.intersection(&b_ids).count(), 24);
    // Logging with `now` going backwards: the same entry, no second one.
    let o = &a[0];
    let taken = DoseAction::Taken {
        at: Some(o.utc),
        amount: None,
        early: false,
    };
    let first = store
        .log_occurrence(o, &taken, o.utc + Duration::hours(1), &no_limits)
        .unwrap();
    let again = store
        .log_occurrence(o, &taken, o.utc - Duration::days(2), &no_limits)
        .unwrap();
    assert_eq!(first.id, again.id);
    assert_eq!(
        store.logs_for_occurrences(&[o.id.as_str()]).unwrap().len(),
        1
    );
    // A dose logged three hours in the future (a clock set wrong) is kept and flagged.
    let now = t0();
    let dose = UnscheduledDose {
        medication_id: meds[0].clone(),
        kind: DoseKind::Extra,
        taken_at: now + Duration::hours(3),
        amount: 1.0,
        unit: "tablet".into(),
        note: String::new(),
    };
    let e = store.log_unscheduled(&dose, now, &no_limits).unwrap();
    assert!(
        e.warnings
            .contains(&DoseWarning::TakenInTheFuture { minutes_ahead: 180 }),
        "{:?}",
        e.warnings
    );
    // A few minutes of skew between phone and watch is not flagged.
    let near = UnscheduledDose {
        taken_at: now + Duration::minutes(2),
        ..dose.clone()
    };
    assert!(store
        .log_unscheduled(&near, now, &no_limits)
        .unwrap()
        .warnings
        .is_empty());
    // Reversed windows are empty, never a panic or a negative span.
    assert!(store
        .logs_between(now, now - Duration::days(1))
        .unwrap()
        .is_empty());
    assert!(store
        .taken_doses(&meds[0], now, now - Duration::days(1))
        .unwrap()
        .is_empty());
    // A zone change dated before the last one is refused, not reordered.
    store
        .set_current_zone(chrono_tz::Europe::London, now)
        .unwrap();
    assert!(matches!(
        store.set_current_zone(chrono_tz::Europe::Paris, now - Duration::hours(1)),
        Err(Error::InvalidInput { .. })
    ));
    assert!(store.integrity_check().unwrap().is_empty());
}

fn invalid<T: std::fmt::Debug>(what: &str, r: cadence_core::Result<T>) {
    match r {
        Err(Error::InvalidInput { .. }) => {}
        other => panic!("{what}: expected InvalidInput, got {other:?}"),
    }
}

#[test]
fn every_documented_limit_is_enforced_with_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let (store, meds) = fixture(&dir);
    let now = t0();
    let long = |n: usize| "a".repeat(n);
    invalid(
        "name",
        store.add_medication(&med(&long(limits::MAX_NAME_CHARS + 1)), now),
    );
    assert!(store
        .add_medication(&med(&long(limits::MAX_NAME_CHARS)), now)
        .is_ok());
    invalid("name NUL", store.add_medication(&med("Ser\0traline"), now));
    invalid(
        "instructions",
        store.add_medication(
            &MedicationInput {
                instructions: long(limits::MAX_TEXT_CHARS + 1),
                ..med("A")
            },
            now,
        ),
    );
    invalid(
        "unit",
        store.add_medication(
            &MedicationInput {
                strength: Some(Strength {
                    amount: 1.0,
                    unit: long(limits::MAX_UNIT_CHARS + 1),
                }),
                ..med("A")
            },
            now,
        ),
    );
    invalid(
        "strength",
        store.add_medication(
            &MedicationInput {
                strength: Some(Strength {
                    amount: limits::MAX_DOSE_AMOUNT * 2.0,
                    unit: "mg".into(),
                }),
                ..med("A")
            },
            now,
        ),
    );
    invalid(
        "strength",
        store.add_medication(
            &MedicationInput {
                strength: Some(Strength {
                    amount: f64::NAN,
                    unit: "mg".into(),
                }),
                ..med("A")
            },
            now,
        ),
    );
    invalid(
        "onset",
        store.add_medication(
            &MedicationInput {
                expected_onset: Some(OnsetWindow {
                    min_days: 1,
                    max_days: limits::MAX_ONSET_DAYS + 1,
                }),
                ..med("A")
            },
            now,
        ),
    );
    let dose = |amount: f64, note: String| UnscheduledDose {
        medication_id: meds[0].clone(),
        kind: DoseKind::Extra,
        taken_at: now,
        amount,
        unit: "tablet".into(),
        note,
    };
    invalid(
        "dose amount",
        store.log_unscheduled(
            &dose(limits::MAX_DOSE_AMOUNT + 1.0, String::new()),
            now,
            &no_limits,
        ),
    );
    invalid(
        "dose NaN",
        store.log_unscheduled(&dose(f64::NAN, String::new()), now, &no_limits),
    );
    invalid(
        "dose inf",
        store.log_unscheduled(&dose(f64::INFINITY, String::new()), now, &no_limits),
    );
    invalid(
        "note",
        store.log_unscheduled(
            &dose(1.0, long(limits::MAX_TEXT_CHARS + 1)),
            now,
            &no_limits,
        ),
    );
    invalid(
        "window",
        store.occurrences(day(), day() + Duration::days(400)),
    );
    assert!(store
        .occurrences(day(), day() + Duration::days(399))
        .is_ok());
    invalid("id", store.medication("not-a-uuid"));
    invalid("id", store.medication(&long(1 << 20)));
    invalid("key", DatabaseKey::from_bytes(&[0; 31]));
    invalid("key", DatabaseKey::from_bytes(&[0; 33]));
    invalid(
        "passphrase",
        store.backup_to(
            dir.path().join("b"),
            long(limits::MAX_PASSPHRASE_CHARS + 1),
            now,
        ),
    );
    invalid(
        "passphrase",
        store.backup_to(
            dir.path().join("b"),
            long(limits::MIN_PASSPHRASE_CHARS - 1),
            now,
        ),
    );
    // The medication count: 200 at most.
    let have = store.medications(true).unwrap().len();
    for i in have..limits::MAX_MEDICATIONS {
        store.add_medication(&med(&format!("M{i}")), now).unwrap();
    }
    invalid(
        "medication count",
        store.add_medication(&med("One too many"), now),
    );
    assert_eq!(
        store.medications(true).unwrap().len(),
        limits::MAX_MEDICATIONS
    );
}
