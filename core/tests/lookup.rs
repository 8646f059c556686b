//! Finding things as people name them, through the use cases: a scheduled
//! dose by medication, date and routine moment (a date outside the days a
//! dose can be logged says so), and the routine that applied on a past date.

mod reminders_common;

use cadence_core::model::{DayKind, RoutineEvent, RoutineTime};
use cadence_core::schedule::EventTiming;
use cadence_core::schedule::Timing;
use cadence_core::Error;

use reminders_common::*;

fn reason(r: cadence_core::Result<impl std::fmt::Debug>) -> (String, String) {
    match r {
        Err(Error::InvalidInput { field, reason }) => (field, reason),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_dose_is_found_by_medication_name_date_and_moment() {
    let set_up = ny(2027, 3, 1, 6, 0);
    let c = client(set_up);
    let med = c.med(
        "Sertraline",
        50.0,
        Timing::daily_when(&[EventTiming::Cm, EventTiming::Hs], None),
        date(2027, 1, 1),
        set_up,
    );
    let now = ny(2027, 3, 10, 9, 0);
    // Two doses that day: the moment says which; without it, the times are named.
    let (field, why) = reason(c.store.find_occurrence("sertraline", None, None, now));
    assert_eq!(field, "moment");
    assert!(
        why.contains("breakfast at 07:30") && why.contains("bedtime at 22:30"),
        "{why}"
    );
    let bedtime = c
        .store
        .find_occurrence(
            "SERT",
            Some(date(2027, 3, 9)),
            Some(RoutineEvent::Bedtime),
            now,
        )
        .unwrap();
    assert_eq!(bedtime.medication_id, med);
    assert_eq!(bedtime.local_date, date(2027, 3, 9));
    assert_eq!(bedtime.local.format("%H:%M").to_string(), "22:30");
    // Outside the days a dose can be logged: says so, not "not found".
    let (field, why) = reason(c.store.find_occurrence(
        "sertraline",
        Some(date(2027, 1, 20)),
        Some(RoutineEvent::Breakfast),
        now,
    ));
    assert_eq!(field, "date");
    assert!(why.contains("more than 35 days ago"), "{why}");
    let (_, why) = reason(c.store.find_occurrence("lithium", None, None, now));
    assert!(why.contains("no medication has this name"), "{why}");
}

#[test]
fn routine_on_a_past_date_is_the_routine_that_applied_then() {
    let c = client(ny(2027, 3, 1, 6, 0));
    let breakfast = |h, m| {
        vec![RoutineTime {
            event: RoutineEvent::Breakfast,
            day_kind: DayKind::Weekday,
            time: hm(h, m),
        }]
    };
    c.store
        .set_routine_times(&breakfast(7, 0), ny(2027, 3, 1, 6, 0))
        .unwrap();
    c.store
        .set_routine_times(&breakfast(8, 30), ny(2027, 3, 10, 12, 0))
        .unwrap();
    let on = |d| {
        c.store
            .routine_on(d)
            .unwrap()
            .time_of(RoutineEvent::Breakfast, d)
    };
    assert_eq!(on(date(2027, 3, 2)), hm(7, 0));
    // The day of the change shows the new routine (in force at its end).
    assert_eq!(on(date(2027, 3, 10)), hm(8, 30));
    assert_eq!(on(date(2027, 3, 11)), hm(8, 30));
    assert_eq!(
        c.store.routine().unwrap(),
        c.store.routine_on(date(2027, 4, 1)).unwrap()
    );
}
