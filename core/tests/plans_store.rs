//! Plans in the store: versions that never rewrite the past, routine and
//! zone history, and what a stopped medication or a bad plan does.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use cadence_core::model::{
    DayKind, DoseForm, MedicationInput, ProfileInput, RoutineEvent, RoutineTime,
};
use cadence_core::schedule::{Dose, DosingPlan, EventTiming, Timing};
use cadence_core::{App, Error};

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(zone: Tz, y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
    zone.with_ymd_and_hms(y, m, day, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

const BERLIN: Tz = chrono_tz::Europe::Berlin;

fn setup() -> (tempfile::TempDir, App, String) {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("c.db"), None).unwrap();
    let now = at(BERLIN, 2027, 3, 1, 6, 0);
    store
        .set_profile(
            &ProfileInput {
                display_name: String::new(),
                home_zone: BERLIN,
                current_zone: BERLIN,
            },
            now,
        )
        .unwrap();
    let med = store
        .add_medication(
            &MedicationInput {
                name: "Sertraline".into(),
                strength: None,
                form: DoseForm::Tablet,
                instructions: String::new(),
                prescriber_notes: String::new(),
                expected_onset: None,
                started_on: None,
            },
            now,
        )
        .unwrap();
    (dir, store, med.id)
}

fn daily(times: &[NaiveTime]) -> DosingPlan {
    let mut p = DosingPlan::new("", "", Dose::new(50.0, "mg"), Timing::daily_at(times));
    p.start = Some(d(2027, 3, 1));
    p
}

#[test]
fn editing_a_plan_changes_only_the_days_from_its_effective_date() {
    let (_dir, store, med) = setup();
    let now = at(BERLIN, 2027, 3, 1, 6, 0);
    let plan = store.add_plan(&med, daily(&[t(8, 0)]), now).unwrap();
    assert_eq!(plan.version, 1);
    let before = store.occurrences(d(2027, 3, 1), d(2027, 3, 3)).unwrap();
    assert_eq!(before.len(), 3);

    let changed = store
        .update_plan(&plan.id, daily(&[t(9, 0)]), d(2027, 3, 2), now)
        .unwrap();
    assert_eq!(changed.version, 2);
    let after = store.occurrences(d(2027, 3, 1), d(2027, 3, 3)).unwrap();
    let times: Vec<_> = after
        .iter()
        .map(|o| (o.local_date, o.local.time()))
        .collect();
    assert_eq!(
        times,
        vec![
            (d(2027, 3, 1), t(8, 0)),
            (d(2027, 3, 2), t(9, 0)),
            (d(2027, 3, 3), t(9, 0))
        ]
    );
    // The day before the change keeps its id: a dose logged then stays logged.
    assert_eq!(after[0].id, before[0].id);
    assert_ne!(after[1].id, before[1].id);
    assert_eq!(store.plans_of(&med).unwrap(), vec![changed]);
}

#[test]
fn changing_the_routine_moves_future_doses_never_past_ones() {
    let (_dir, store, med) = setup();
    let morning = at(BERLIN, 2027, 3, 1, 6, 0);
    let mut plan = DosingPlan::new(
        "",
        "",
        Dose::new(50.0, "mg"),
        Timing::daily_when(&[EventTiming::Cm], None),
    );
    plan.start = Some(d(2027, 3, 1));
    store.add_plan(&med, &plan, morning).unwrap();
    // 2027-03-01 is a Monday: default weekday breakfast 07:30.
    let first = store.occurrences(d(2027, 3, 1), d(2027, 3, 2)).unwrap();
    assert_eq!(first[0].local.time(), t(7, 30));
    assert_eq!(first[0].event, Some(RoutineEvent::Breakfast));

    // At 10:00 the person moves breakfast to 09:00 on weekdays.
    let later = at(BERLIN, 2027, 3, 1, 10, 0);
    store
        .set_routine_times(
            &[RoutineTime {
                event: RoutineEvent::Breakfast,
                day_kind: DayKind::Weekday,
                time: t(9, 0),
            }],
            later,
        )
        .unwrap();
    let after = store.occurrences(d(2027, 3, 1), d(2027, 3, 2)).unwrap();
    assert_eq!(
        after[0].local.time(),
        t(7, 30),
        "today's breakfast dose was already due"
    );
    assert_eq!(after[0].id, first[0].id);
    assert_eq!(after[1].local.time(), t(9, 0));
}

#[test]
fn travel_keeps_past_doses_and_reads_future_ones_in_the_new_zone() {
    let (_dir, store, med) = setup();
    let now = at(BERLIN, 2027, 3, 1, 6, 0);
    store
        .add_plan(&med, daily(&[t(8, 0), t(20, 0)]), now)
        .unwrap();
    let ny: Tz = chrono_tz::America::New_York;
    // Lands in New York on 2027-03-02 at 15:00 Berlin time.
    store
        .set_current_zone(ny, at(BERLIN, 2027, 3, 2, 15, 0))
        .unwrap();
    let occs = store.occurrences(d(2027, 3, 1), d(2027, 3, 3)).unwrap();
    let shown: Vec<String> = occs
        .iter()
        .map(|o| o.local.format("%m-%d %H:%M %:z").to_string())
        .collect();
    // Berlin times before the flight, New York wall-clock times after it;
    // no slot lost or doubled on the travel day.
    assert_eq!(
        shown,
        vec![
            "03-01 08:00 +01:00",
            "03-01 20:00 +01:00",
            "03-02 08:00 +01:00",
            "03-02 20:00 -05:00",
            "03-03 08:00 -05:00",
            "03-03 20:00 -05:00",
        ]
    );
    assert_eq!(store.profile().unwrap().unwrap().current_zone, ny);
    // A zone change before the last one is refused.
    assert!(matches!(
        store.set_current_zone(BERLIN, at(BERLIN, 2027, 3, 1, 0, 0)),
        Err(Error::InvalidInput { .. })
    ));
}

#[test]
fn stopped_medications_have_no_occurrences_and_bad_plans_store_nothing() {
    let (_dir, store, med) = setup();
    let now = at(BERLIN, 2027, 3, 1, 6, 0);
    let mut bad = daily(&[t(8, 0)]);
    bad.timing.repeat.period = Some(0.0);
    match store.add_plan(&med, &bad, now) {
        Err(Error::InvalidInput { field, .. }) => assert!(field.contains("period"), "{field}"),
        other => panic!("{other:?}"),
    }
    assert!(store.plans_of(&med).unwrap().is_empty());
    store.add_plan(&med, daily(&[t(8, 0)]), now).unwrap();
    assert_eq!(
        store
            .occurrences(d(2027, 3, 1), d(2027, 3, 1))
            .unwrap()
            .len(),
        1
    );
    store.stop_medication(&med, d(2027, 3, 1), now).unwrap();
    assert!(store
        .occurrences(d(2027, 3, 1), d(2027, 3, 1))
        .unwrap()
        .is_empty());
    // A window over 400 days is refused.
    assert!(matches!(
        store.occurrences(d(2027, 1, 1), d(2027, 1, 1) + Duration::days(401)),
        Err(Error::InvalidInput { .. })
    ));
    // A plan for a missing medication is NotFound.
    assert!(matches!(
        store.add_plan(
            "6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10",
            daily(&[t(8, 0)]),
            now
        ),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn ending_a_plan_keeps_its_past() {
    let (_dir, store, med) = setup();
    let now = at(BERLIN, 2027, 3, 1, 6, 0);
    let plan = store.add_plan(&med, daily(&[t(8, 0)]), now).unwrap();
    store.end_plan(&plan.id, d(2027, 3, 2), now).unwrap();
    let occs = store.occurrences(d(2027, 3, 1), d(2027, 3, 5)).unwrap();
    assert_eq!(occs.len(), 2);
}

#[test]
fn a_stopped_medication_keeps_its_past_for_history() {
    let (_dir, store, med) = setup();
    let now = at(BERLIN, 2027, 3, 1, 6, 0);
    store.add_plan(&med, daily(&[t(8, 0)]), now).unwrap();
    store.stop_medication(&med, d(2027, 3, 3), now).unwrap();
    // Gone from the schedule of today and the future...
    assert!(store
        .occurrences(d(2027, 3, 1), d(2027, 3, 5))
        .unwrap()
        .is_empty());
    // ...but its days up to the stop stay in history (reports, adherence).
    let history = cadence_core::Store::open(store.path(), None)
        .unwrap()
        .history_context()
        .unwrap()
        .occurrences(d(2027, 3, 1), d(2027, 3, 5))
        .unwrap();
    let days: Vec<_> = history.iter().map(|o| o.local_date).collect();
    assert_eq!(days, vec![d(2027, 3, 1), d(2027, 3, 2), d(2027, 3, 3)]);
}

#[test]
fn a_medication_added_with_its_plan_is_all_or_nothing() {
    let (_dir, store, _) = setup();
    let now = at(BERLIN, 2027, 3, 1, 6, 0);
    let input = MedicationInput {
        name: "Lamotrigine".into(),
        strength: None,
        form: DoseForm::Tablet,
        instructions: "with water".into(),
        prescriber_notes: String::new(),
        expected_onset: None,
        started_on: Some(d(2027, 3, 1)),
    };

    // A plan with a zero dose is refused, and the medication is not kept.
    let mut bad = daily(&[t(8, 0)]);
    bad.dose.amount = 0.0;
    let err = store
        .add_medication_with_plan(&input, &bad, now)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    let names: Vec<_> = store
        .medications(true)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["Sertraline"]);

    // A bad medication name is refused before the plan is looked at.
    let unnamed = MedicationInput {
        name: "  ".into(),
        ..input.clone()
    };
    match store.add_medication_with_plan(&unnamed, daily(&[t(8, 0)]), now) {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "medication.name"),
        other => panic!("{other:?}"),
    }

    let (med, plan) = store
        .add_medication_with_plan(&input, daily(&[t(8, 0), t(20, 0)]), now)
        .unwrap();
    assert_eq!(plan.medication_id, med.id);
    assert_eq!(plan.version, 1);
    assert_eq!(store.plans_of(&med.id).unwrap(), vec![plan.clone()]);
    let doses: Vec<_> = store
        .occurrences(d(2027, 3, 1), d(2027, 3, 1))
        .unwrap()
        .into_iter()
        .filter(|o| o.medication_id == med.id)
        .map(|o| o.local.time())
        .collect();
    assert_eq!(doses, [t(8, 0), t(20, 0)]);
}

#[test]
fn a_change_never_re_times_a_dose_already_due() {
    let (_dir, store, med) = setup();
    let six = at(BERLIN, 2027, 3, 1, 6, 0);
    let plan = store
        .add_plan(&med, daily(&[t(8, 0), t(20, 0)]), six)
        .unwrap();
    // Before the first dose, a change can start today (and replaces the plan).
    assert_eq!(
        store.earliest_plan_change(&plan.id, six).unwrap(),
        d(2027, 3, 1)
    );

    // Once the 08:00 dose is due, today's doses keep their times and ids.
    let nine = at(BERLIN, 2027, 3, 1, 9, 0);
    let due = store.occurrences(d(2027, 3, 1), d(2027, 3, 1)).unwrap();
    assert_eq!(
        store.earliest_plan_change(&plan.id, nine).unwrap(),
        d(2027, 3, 2)
    );
    match store.update_plan(&plan.id, daily(&[t(9, 0)]), d(2027, 3, 1), nine) {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "effective_from"),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.plan(&plan.id).unwrap().version, 1, "nothing stored");
    store
        .update_plan(&plan.id, daily(&[t(9, 0)]), d(2027, 3, 2), nine)
        .unwrap();
    assert_eq!(
        store.occurrences(d(2027, 3, 1), d(2027, 3, 1)).unwrap(),
        due,
        "today's doses are untouched"
    );

    // Days later, the earliest change is the day after the last due dose.
    let later = at(BERLIN, 2027, 3, 5, 21, 0);
    assert_eq!(
        store.earliest_plan_change(&plan.id, later).unwrap(),
        d(2027, 3, 6)
    );
}
