//! The dose log in the store: idempotent logging, undo and edit with
//! history, extra doses, warnings, and the supply.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use cadence_core::model::{
    DoseAction, DoseForm, DoseKind, DoseLogEdit, DoseWarning, LogStatus, MedicationInput,
    ProfileInput, SkipReason, Strength, UnscheduledDose,
};
use cadence_core::schedule::{Dose, DoseOccurrence, DosingPlan, TakenDose, Timing};
use cadence_core::{Error, Store};

const ZONE: Tz = chrono_tz::Europe::Berlin;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    ZONE.with_ymd_and_hms(2027, 3, 1, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn no_limits(_: &[TakenDose], _: f64, _: DateTime<Utc>) -> Vec<DoseWarning> {
    Vec::new()
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    med: String,
    occs: Vec<DoseOccurrence>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("c.db"), None).unwrap();
    let now = at(6, 0);
    store
        .set_profile(
            &ProfileInput {
                display_name: String::new(),
                home_zone: ZONE,
                current_zone: ZONE,
            },
            now,
        )
        .unwrap();
    let med = store
        .add_medication(
            &MedicationInput {
                name: "Sertraline".into(),
                strength: Some(Strength {
                    amount: 50.0,
                    unit: "mg".into(),
                }),
                form: DoseForm::Tablet,
                instructions: String::new(),
                prescriber_notes: String::new(),
                expected_onset: None,
                started_on: None,
            },
            now,
        )
        .unwrap()
        .id;
    let mut plan = DosingPlan::new(
        "",
        "",
        Dose::new(100.0, "mg"),
        Timing::daily_at(&[NaiveTime::from_hms_opt(8, 0, 0).unwrap()]),
    );
    let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    plan.start = Some(day);
    store.add_plan(&med, &plan, now).unwrap();
    let occs = store.occurrences(day, day + Duration::days(29)).unwrap();
    Fixture {
        _dir: dir,
        store,
        med,
        occs,
    }
}

fn extra(med: &str, kind: DoseKind, taken_at: DateTime<Utc>) -> UnscheduledDose {
    UnscheduledDose {
        medication_id: med.into(),
        kind,
        taken_at,
        amount: 50.0,
        unit: "mg".into(),
        note: String::new(),
    }
}

fn taken(at: DateTime<Utc>) -> DoseAction {
    DoseAction::Taken {
        at: Some(at),
        amount: None,
        early: false,
    }
}

#[test]
fn logging_the_same_dose_twice_is_idempotent() {
    let f = fixture();
    let o = &f.occs[0];
    let first = f
        .store
        .log_occurrence(o, &taken(at(8, 5)), at(8, 5), &no_limits)
        .unwrap();
    // The watch sends the same tap a minute later.
    let again = f
        .store
        .log_occurrence(o, &taken(at(8, 6)), at(8, 6), &no_limits)
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(again.version, 1);
    assert_eq!(again.taken_at, Some(at(8, 5)));
    assert_eq!(again.amount, Some(100.0));
    assert_eq!(f.store.log_history(&first.id).unwrap().len(), 1);
}

#[test]
fn skip_then_take_then_undo_keeps_every_version() {
    let f = fixture();
    let o = &f.occs[0];
    let skip = DoseAction::Skipped {
        reason: SkipReason::SideEffects,
        note: Some("nausea".into()),
    };
    let e = f
        .store
        .log_occurrence(o, &skip, at(8, 0), &no_limits)
        .unwrap();
    assert_eq!(
        (e.status, e.skip_reason),
        (LogStatus::Skipped, Some(SkipReason::SideEffects))
    );
    let e2 = f
        .store
        .log_occurrence(o, &taken(at(11, 0)), at(11, 0), &no_limits)
        .unwrap();
    assert_eq!(
        (e2.id.as_str(), e2.version, e2.status),
        (e.id.as_str(), 2, LogStatus::Taken)
    );
    let undone = f.store.undo_log(&e.id, at(11, 1)).unwrap();
    assert_eq!(undone.status, LogStatus::Undone);
    // Undo twice changes nothing.
    assert_eq!(f.store.undo_log(&e.id, at(11, 2)).unwrap(), undone);
    let history = f.store.log_history(&e.id).unwrap();
    let states: Vec<_> = history.iter().map(|v| (v.version, v.status)).collect();
    assert_eq!(
        states,
        vec![
            (1, LogStatus::Skipped),
            (2, LogStatus::Taken),
            (3, LogStatus::Undone)
        ]
    );
    assert_eq!(history[0].note, "nausea");
    // Logging again after the undo continues the same entry.
    let e4 = f
        .store
        .log_occurrence(o, &taken(at(11, 5)), at(11, 5), &no_limits)
        .unwrap();
    assert_eq!((e4.version, e4.status), (4, LogStatus::Taken));
}

#[test]
fn edits_keep_the_old_time_in_history_and_check_their_fields() {
    let f = fixture();
    let e = f
        .store
        .log_occurrence(&f.occs[0], &taken(at(8, 0)), at(8, 0), &no_limits)
        .unwrap();
    let edit = DoseLogEdit {
        taken_at: Some(at(7, 45)),
        note: Some("before the bus".into()),
        ..Default::default()
    };
    let e2 = f
        .store
        .edit_log(&e.id, &edit, at(9, 0), &no_limits)
        .unwrap();
    assert_eq!((e2.version, e2.taken_at), (2, Some(at(7, 45))));
    let h = f.store.log_history(&e.id).unwrap();
    assert_eq!(h[0].taken_at, Some(at(8, 0)));
    let bad = DoseLogEdit {
        skip_reason: Some(SkipReason::Cost),
        ..Default::default()
    };
    assert!(matches!(
        f.store.edit_log(&e.id, &bad, at(9, 0), &no_limits),
        Err(Error::InvalidInput { .. })
    ));
    let bad = DoseLogEdit {
        amount: Some(-1.0),
        ..Default::default()
    };
    assert!(matches!(
        f.store.edit_log(&e.id, &bad, at(9, 0), &no_limits),
        Err(Error::InvalidInput { .. })
    ));
    assert_eq!(
        f.store.log_entry(&e.id).unwrap(),
        e2,
        "a refused edit stores nothing"
    );
}

#[test]
fn extra_doses_are_logged_once_per_retry_and_count_against_limits() {
    let f = fixture();
    let x = f
        .store
        .log_unscheduled(
            &extra(&f.med, DoseKind::Extra, at(13, 0)),
            at(13, 0),
            &no_limits,
        )
        .unwrap();
    let retry = f
        .store
        .log_unscheduled(
            &extra(&f.med, DoseKind::Extra, at(13, 0)),
            at(13, 1),
            &no_limits,
        )
        .unwrap();
    assert_eq!(x.id, retry.id);
    // The limit check sees the extra dose when the scheduled one is logged.
    let seen = |before: &[TakenDose], amount: f64, at: DateTime<Utc>| {
        let day_before = at - Duration::hours(24);
        let total: f64 = before
            .iter()
            .filter(|t| t.at > day_before)
            .map(|t| t.amount)
            .sum::<f64>()
            + amount;
        if total > 120.0 {
            vec![DoseWarning::MaxPerPeriodExceeded {
                amount_in_period: total,
                max_amount: 120.0,
                period_minutes: 1440,
                plan_limit: false,
                message: String::new(),
            }]
        } else {
            vec![]
        }
    };
    let e = f
        .store
        .log_occurrence(
            &f.occs[1],
            &taken(at(14, 0) + Duration::days(1)),
            at(14, 0) + Duration::days(1),
            &seen,
        )
        .unwrap();
    assert!(
        e.warnings.is_empty(),
        "the extra dose was more than 24 h before"
    );
    let e = f
        .store
        .log_occurrence(&f.occs[0], &taken(at(14, 0)), at(14, 0), &seen)
        .unwrap();
    assert_eq!(e.warnings.len(), 1, "{:?}", e.warnings);
    // A dose logged in the future (wrong clock) is flagged, not refused.
    let e = f
        .store
        .log_occurrence(
            &f.occs[2],
            &taken(at(20, 0) + Duration::days(2)),
            at(14, 0),
            &no_limits,
        )
        .unwrap();
    assert!(matches!(
        e.warnings[0],
        DoseWarning::TakenInTheFuture { .. }
    ));
    let scheduled_kind = f.store.log_unscheduled(
        &extra(&f.med, DoseKind::Scheduled, at(13, 0)),
        at(13, 0),
        &no_limits,
    );
    assert!(matches!(scheduled_kind, Err(Error::InvalidInput { .. })));
}

#[test]
fn supply_follows_every_taken_dose_undo_and_refill() {
    let f = fixture();
    let today = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    assert!(f.store.supply(&f.med, today, &f.occs).unwrap().is_none());
    assert!(matches!(
        f.store.refill(&f.med, 30.0, None, at(6, 0)),
        Err(Error::InvalidInput { .. })
    ));
    // 10 tablets of 50 mg; the plan takes 100 mg (2 tablets) a day.
    f.store
        .set_supply(&f.med, 10.0, "tablet", at(6, 0))
        .unwrap();
    let s = f.store.supply(&f.med, today, &f.occs).unwrap().unwrap();
    assert_eq!((s.on_hand, s.days_left), (10.0, Some(5)));
    assert_eq!(s.runs_out_on, Some(today + Duration::days(5)));
    let e = f
        .store
        .log_occurrence(&f.occs[0], &taken(at(8, 0)), at(8, 0), &no_limits)
        .unwrap();
    assert_eq!(
        f.store
            .supply(&f.med, today, &f.occs)
            .unwrap()
            .unwrap()
            .on_hand,
        8.0
    );
    // Half a dose taken: one tablet.
    let edit = DoseLogEdit {
        amount: Some(50.0),
        ..Default::default()
    };
    f.store
        .edit_log(&e.id, &edit, at(8, 1), &no_limits)
        .unwrap();
    assert_eq!(
        f.store
            .supply(&f.med, today, &f.occs)
            .unwrap()
            .unwrap()
            .on_hand,
        9.0
    );
    f.store.undo_log(&e.id, at(8, 2)).unwrap();
    assert_eq!(
        f.store
            .supply(&f.med, today, &f.occs)
            .unwrap()
            .unwrap()
            .on_hand,
        10.0
    );
    f.store.refill(&f.med, 30.0, Some(15), at(9, 0)).unwrap();
    let s = f
        .store
        .supply(&f.med, today, &f.occs[1..])
        .unwrap()
        .unwrap();
    assert_eq!(s.on_hand, 40.0);
    // 40 tablets cover 20 days, and the test window has 29 from tomorrow.
    assert_eq!(s.runs_out_on, Some(today + Duration::days(21)));
}
