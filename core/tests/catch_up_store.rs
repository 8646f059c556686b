//! One catch-up at a time, as a person meets it through the store: the
//! guidance sheet, the Today view, the reminder plan's missed notice and
//! snooze all stop offering an older missed dose once a later one is due,
//! and a dose taken since (extra or as-needed) is the catch-up.

mod reminders_common;

use cadence_core::guidance::{
    GuidanceAction as A, GuidanceReason as R, MissedDosePattern, MissedDoseRule, WindowFallback,
};
use cadence_core::model::{DoseKind, UnscheduledDose};
use cadence_core::reminders::NotificationKind;
use cadence_core::today::OccurrenceStatus;
use cadence_core::Error;

use reminders_common::*;

#[test]
fn two_missed_evenings_of_the_combined_pill_give_one_catch_up() {
    // FSRH 2020: take the most recent missed pill, leave the earlier one.
    let set_up = ny(2027, 3, 1, 12, 0);
    let c = client(set_up);
    let med = c.at_times("Combined pill", &[hm(20, 0)], date(2027, 3, 1), set_up);
    let rule = MissedDoseRule::new(MissedDosePattern::TakeEvenIfTwo {
        take_within_hours: 48.0,
        otherwise: WindowFallback::Skip,
    });
    c.store.set_missed_dose_rule(&med, &rule, set_up).unwrap();
    let occs = c
        .store
        .occurrences(date(2027, 3, 1), date(2027, 3, 3))
        .unwrap();
    let (first, second, tonight) = (&occs[0], &occs[1], &occs[2]);
    let morning = ny(2027, 3, 3, 8, 0);
    let g = c.store.guidance(&first.id, morning).unwrap();
    assert_eq!((g.action, g.reason), (A::SkipThisDose, R::LaterDoseDue));
    assert!(
        g.message
            .contains("a later dose is already due; take that one instead"),
        "{}",
        g.message
    );
    let g = c.store.guidance(&second.id, morning).unwrap();
    assert_eq!(g.action, A::TakeNow, "{}", g.message);
    assert!(
        g.message.contains("even if that means taking two"),
        "{}",
        g.message
    );
    c.log_taken(second, morning);
    let later = morning + minutes(1);
    let g = c.store.guidance(&first.id, later).unwrap();
    assert_eq!(g.action, A::SkipThisDose, "{}", g.message);
    assert_eq!(
        c.store.guidance(&second.id, later).unwrap().action,
        A::AlreadyTaken
    );
    // This evening's pill as usual: two in one day, never three.
    let g = c
        .store
        .guidance(&tonight.id, ny(2027, 3, 3, 20, 0))
        .unwrap();
    assert_eq!(g.action, A::TakeNow, "{}", g.message);
}

#[test]
fn an_extra_dose_after_a_missed_one_is_its_catch_up() {
    let set_up = ny(2027, 3, 1, 7, 0);
    let c = client(set_up);
    let med = c.at_times("Sertraline", &[hm(8, 0)], date(2027, 3, 1), set_up);
    let occ = &c
        .store
        .occurrences(date(2027, 3, 1), date(2027, 3, 1))
        .unwrap()[0];
    c.store
        .log_unscheduled_dose(
            &UnscheduledDose {
                medication_id: med.clone(),
                kind: DoseKind::Extra,
                taken_at: ny(2027, 3, 1, 10, 0),
                amount: 50.0,
                unit: "mg".into(),
                note: String::new(),
            },
            ny(2027, 3, 1, 10, 0),
        )
        .unwrap();
    let g = c.store.guidance(&occ.id, ny(2027, 3, 1, 11, 0)).unwrap();
    assert_eq!((g.action, g.reason), (A::SkipThisDose, R::DoseTakenSince));
    assert!(g.message.contains("10:00"), "{}", g.message);
}

#[test]
fn after_an_extra_dose_the_missed_one_is_neither_offered_nor_reminded() {
    let set_up = ny(2027, 3, 1, 7, 0);
    let c = client(set_up);
    let med = c.at_times("Sertraline", &[hm(8, 0)], date(2027, 3, 1), set_up);
    let occ = c
        .store
        .occurrences(date(2027, 3, 1), date(2027, 3, 1))
        .unwrap()[0]
        .clone();
    // Before: follow-ups at 08:30 and 09:00, the missed notice at 09:30.
    let reminded = |now| {
        c.plan(now, 64)
            .notifications
            .iter()
            .filter(|n| n.occurrence_ids.iter().any(|i| *i == occ.id))
            .count()
    };
    assert_eq!(reminded(ny(2027, 3, 1, 8, 5)), 3);
    // An extra dose logged at 08:20 instead of against the 08:00 dose.
    c.store
        .log_unscheduled_dose(
            &UnscheduledDose {
                medication_id: med,
                kind: DoseKind::Extra,
                taken_at: ny(2027, 3, 1, 8, 20),
                amount: 50.0,
                unit: "mg".into(),
                note: String::new(),
            },
            ny(2027, 3, 1, 8, 20),
        )
        .unwrap();
    let now = ny(2027, 3, 1, 8, 25);
    assert_eq!(reminded(now), 0);
    let view = c.store.today_view(now).unwrap();
    assert!(matches!(
        view.groups[0].doses[0].status,
        OccurrenceStatus::Missed { .. }
    ));
    assert!(c.store.snooze(&occ.id, 10, now).is_err());
}

#[test]
fn today_missed_notice_and_snooze_end_when_the_later_dose_is_due() {
    // Doses at 08:00 and 10:00; skip if more than 4 h late. The 08:00 dose
    // would be takeable until 12:00, but the 10:00 one is due from 09:00.
    let set_up = ny(2027, 3, 1, 7, 0);
    let c = client(set_up);
    let med = c.at_times(
        "Quetiapine",
        &[hm(8, 0), hm(10, 0)],
        date(2027, 3, 1),
        set_up,
    );
    let rule = MissedDoseRule::new(MissedDosePattern::SkipIfLate {
        skip_after_hours: 4.0,
    });
    c.store.set_missed_dose_rule(&med, &rule, set_up).unwrap();
    let occs = c
        .store
        .occurrences(date(2027, 3, 1), date(2027, 3, 1))
        .unwrap();
    let (early, late) = (&occs[0], &occs[1]);

    // The missed notice comes at 09:00 (not 09:30), with no follow-up at 09:00.
    let plan = c.plan(set_up, 64);
    let of_early: Vec<_> = plan
        .notifications
        .iter()
        .filter(|n| n.occurrence_ids.iter().any(|i| *i == early.id))
        .map(|n| (n.kind, n.fire_at))
        .collect();
    assert_eq!(
        of_early,
        vec![
            (NotificationKind::Dose, ny(2027, 3, 1, 8, 0)),
            (NotificationKind::FollowUp, ny(2027, 3, 1, 8, 30)),
            (NotificationKind::Missed, ny(2027, 3, 1, 9, 0)),
        ]
    );
    // A snooze stops at 09:00; after it there is nothing to snooze.
    let s = c
        .store
        .snooze(&early.id, 30, ny(2027, 3, 1, 8, 45))
        .unwrap();
    assert_eq!(
        (s[0].until, s[0].limited_by_rule),
        (ny(2027, 3, 1, 9, 0), true)
    );
    match c.store.snooze(&early.id, 10, ny(2027, 3, 1, 9, 5)) {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "target_id"),
        other => panic!("{other:?}"),
    }
    // Today at 09:05: the 08:00 dose reads missed, the 10:00 one due.
    let view = c.store.today_view(ny(2027, 3, 1, 9, 5)).unwrap();
    let status = |id: &str| {
        view.groups
            .iter()
            .flat_map(|g| &g.doses)
            .find(|d| d.occurrence.id == id)
            .unwrap()
            .status
            .clone()
    };
    assert!(matches!(status(&early.id), OccurrenceStatus::Missed { .. }));
    assert!(matches!(status(&late.id), OccurrenceStatus::Due { .. }));
    let g = c.store.guidance(&early.id, ny(2027, 3, 1, 9, 5)).unwrap();
    assert_eq!((g.action, g.reason), (A::SkipThisDose, R::LaterDoseDue));
}
