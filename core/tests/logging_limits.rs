//! Logging a dose checks every limit that applies — the as-needed plan's
//! (maximum per period, maximum per administration, minimum interval) with
//! the check `can_take_now` uses, and the missed-dose rule's — and words
//! each warning; a scheduled dose logged before it is due needs a "taken
//! early" confirmation, and Today never shows a negative lateness.

mod reminders_common;

use cadence_core::guidance::{GuidanceAction, MissedDosePattern, MissedDoseRule};
use cadence_core::model::{
    DoseAction, DoseForm, DoseKind, DoseLogEntry, DoseWarning, MedicationInput, Strength,
    UnscheduledDose,
};
use cadence_core::schedule::{AsNeeded, Dose, DosingPlan, MaxPerPeriod, PrnLimit, Timing};
use cadence_core::today::OccurrenceStatus;
use cadence_core::Error;
use chrono::{DateTime, Utc};

use reminders_common::*;

/// An as-needed medication of 0.5 mg doses with the given limits.
fn prn(c: &Client, limits: AsNeeded, now: DateTime<Utc>) -> String {
    let med = c
        .store
        .add_medication(
            &MedicationInput {
                name: "Lorazepam".into(),
                strength: Some(Strength {
                    amount: 0.5,
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
    let mut plan = DosingPlan::new("", "", Dose::new(0.5, "mg"), Timing::default());
    plan.as_needed = Some(limits);
    c.store.add_plan(&med, &plan, now).unwrap();
    med
}

fn limits(max_mg: Option<f64>, max_once: Option<f64>, min_minutes: Option<u32>) -> AsNeeded {
    AsNeeded {
        reason: Some("anxiety".into()),
        max_per_period: max_mg.map(|a| MaxPerPeriod {
            amount: Dose::new(a, "mg"),
            period_minutes: 24 * 60,
        }),
        max_per_administration: max_once.map(|a| Dose::new(a, "mg")),
        min_interval_minutes: min_minutes,
    }
}

fn take(c: &Client, med: &str, amount: f64, at: DateTime<Utc>) -> DoseLogEntry {
    c.store
        .log_unscheduled_dose(
            &UnscheduledDose {
                medication_id: med.into(),
                kind: DoseKind::AsNeeded,
                taken_at: at,
                amount,
                unit: "mg".into(),
                note: String::new(),
            },
            at,
        )
        .unwrap()
}

fn sentences(e: &DoseLogEntry) -> Vec<String> {
    e.warnings.iter().map(DoseWarning::sentence).collect()
}

#[test]
fn the_fourth_as_needed_dose_over_the_daily_maximum_and_too_soon_is_flagged() {
    let set_up = ny(2027, 3, 1, 7, 0);
    let c = client(set_up);
    let med = prn(&c, limits(Some(1.0), None, Some(360)), set_up);
    for h in [8, 14] {
        let e = take(&c, &med, 0.5, ny(2027, 3, 1, h, 0));
        assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    }
    let third = take(&c, &med, 0.5, ny(2027, 3, 1, 20, 0));
    assert_eq!(
        sentences(&third),
        vec!["1.5 mg in 24 hours, over the plan's limit of 1 mg by 0.5 mg"]
    );
    // can_take_now refuses the fourth, 29 minutes after the third ...
    let now = ny(2027, 3, 1, 20, 29);
    let g = c.store.can_take_now(&med, 0.5, now).unwrap();
    assert_eq!(g.action, GuidanceAction::WaitUntil);
    // ... and logging it gives a warning for each limit it refused on.
    let fourth = take(&c, &med, 0.5, now);
    assert_eq!(
        fourth.warnings.len(),
        g.limits.len(),
        "{:?}",
        fourth.warnings
    );
    assert!(fourth.warnings.contains(&DoseWarning::MinIntervalBroken {
        minutes_since_previous: 29,
        min_interval_minutes: 360,
        plan_limit: true,
        message: "29 minutes after the last dose, the plan asks for at least 6 hours \
                  (5 hours 31 minutes too soon)"
            .into(),
    }));
    assert!(fourth
        .warnings
        .contains(&DoseWarning::MaxPerPeriodExceeded {
            amount_in_period: 2.0,
            max_amount: 1.0,
            period_minutes: 1440,
            plan_limit: true,
            message: "2 mg in 24 hours, over the plan's limit of 1 mg by 1 mg".into(),
        }));
    // Recorded anyway, flagged for the prescriber.
    assert_eq!(c.store.log_entry(&fourth.id).unwrap(), fourth);
}

#[test]
fn a_dose_inside_the_minimum_interval_from_the_timing_is_flagged() {
    let set_up = ny(2027, 3, 1, 7, 0);
    let c = client(set_up);
    let med = prn(&c, limits(None, None, Some(240)), set_up);
    take(&c, &med, 0.5, ny(2027, 3, 1, 8, 0));
    let e = take(&c, &med, 0.5, ny(2027, 3, 1, 10, 30));
    assert_eq!(
        sentences(&e),
        vec![
            "2 hours 30 minutes after the last dose, the plan asks for at least 4 hours \
             (1 hour 30 minutes too soon)"
        ]
    );
    let e = take(&c, &med, 0.5, ny(2027, 3, 1, 14, 30));
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
}

#[test]
fn more_than_the_maximum_per_administration_is_flagged() {
    let set_up = ny(2027, 3, 1, 7, 0);
    let c = client(set_up);
    let med = prn(&c, limits(None, Some(0.5), None), set_up);
    let now = ny(2027, 3, 1, 8, 0);
    let g = c.store.can_take_now(&med, 1.0, now).unwrap();
    assert_eq!(g.limits, vec![PrnLimit::MaxPerAdministration]);
    let e = take(&c, &med, 1.0, now);
    assert_eq!(
        e.warnings,
        vec![DoseWarning::MaxPerAdministrationExceeded {
            amount: 1.0,
            max_amount: 0.5,
            plan_limit: true,
            message: "1 mg at once, over the plan's limit of 0.5 mg per dose by 0.5 mg".into(),
        }]
    );
}

#[test]
fn the_missed_dose_rules_limit_is_named_as_the_rules() {
    let set_up = ny(2027, 3, 1, 7, 0);
    let c = client(set_up);
    let med = c.at_times("Sertraline", &[hm(8, 0)], date(2027, 3, 1), set_up);
    let mut rule = MissedDoseRule::new(MissedDosePattern::General {
        near_next_hours: 2.0,
    });
    rule.max_per_period = Some(MaxPerPeriod {
        amount: Dose::new(50.0, "mg"),
        period_minutes: 24 * 60,
    });
    c.store.set_missed_dose_rule(&med, &rule, set_up).unwrap();
    let occ = &c
        .store
        .occurrences(date(2027, 3, 1), date(2027, 3, 1))
        .unwrap()[0];
    c.log_taken(occ, ny(2027, 3, 1, 8, 0));
    let extra = c
        .store
        .log_unscheduled_dose(
            &UnscheduledDose {
                medication_id: med.clone(),
                kind: DoseKind::Extra,
                taken_at: ny(2027, 3, 1, 21, 0),
                amount: 50.0,
                unit: "mg".into(),
                note: String::new(),
            },
            ny(2027, 3, 1, 21, 0),
        )
        .unwrap();
    assert_eq!(
        sentences(&extra),
        vec!["100 mg in 24 hours, over the missed-dose rule's limit of 50 mg by 50 mg"]
    );
    assert!(matches!(
        extra.warnings[0],
        DoseWarning::MaxPerPeriodExceeded {
            plan_limit: false,
            ..
        }
    ));
}

#[test]
fn tomorrows_dose_logged_the_evening_before_needs_a_taken_early_confirmation() {
    let set_up = ny(2027, 3, 1, 7, 0);
    let c = client(set_up);
    let med = c.at_times("Sertraline", &[hm(8, 0)], date(2027, 3, 1), set_up);
    let tomorrow = c
        .store
        .occurrences(date(2027, 3, 2), date(2027, 3, 2))
        .unwrap()
        .into_iter()
        .find(|o| o.medication_id == med)
        .unwrap();
    let evening = ny(2027, 3, 1, 23, 55);
    let taken = |at: Option<DateTime<Utc>>, early: bool| DoseAction::Taken {
        at,
        amount: None,
        early,
    };
    // Taken now, the evening before: refused, naming the occurrence.
    match c.store.log_dose(&tomorrow.id, &taken(None, false), evening) {
        Err(Error::InvalidInput { field, reason }) => {
            assert_eq!(field, "occurrence_id");
            assert_eq!(
                reason,
                "the dose of 2027-03-02 at 08:00 is not due until 07:00; \
                 log it as taken early to confirm"
            );
        }
        other => panic!("{other:?}"),
    }
    // With an explicit time: refused on that time.
    match c
        .store
        .log_dose(&tomorrow.id, &taken(Some(evening), false), evening)
    {
        Err(Error::InvalidInput { field, reason }) => {
            assert_eq!(field, "action.at");
            assert!(
                reason.ends_with("log it as taken early to confirm"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    // Nothing was recorded.
    let view = c.store.today_view(ny(2027, 3, 2, 6, 0)).unwrap();
    let row = &view.groups[0].doses[0];
    assert!(row.log_entry_id.is_none());
    // Confirmed: recorded.
    let e = c
        .store
        .log_dose(&tomorrow.id, &taken(None, true), evening)
        .unwrap();
    assert_eq!(e.taken_at, Some(evening));
    // Today next morning: taken early, on time, never a negative lateness.
    let view = c.store.today_view(ny(2027, 3, 2, 9, 0)).unwrap();
    let row = &view.groups[0].doses[0];
    assert_eq!(row.occurrence.id, tomorrow.id);
    assert_eq!(
        row.status,
        OccurrenceStatus::Taken {
            at: evening,
            on_time: true,
            minutes_late: 0,
        }
    );
}

#[test]
fn a_dose_inside_the_early_window_needs_no_confirmation() {
    let set_up = ny(2027, 3, 1, 6, 0);
    let c = client(set_up);
    let med = c.at_times("Sertraline", &[hm(8, 0)], date(2027, 3, 1), set_up);
    let occ = &c
        .store
        .occurrences(date(2027, 3, 1), date(2027, 3, 1))
        .unwrap()[0];
    assert_eq!(occ.medication_id, med);
    // 07:00 is exactly when it becomes due (an hour early).
    c.log_taken(occ, ny(2027, 3, 1, 7, 0));
    let view = c.store.today_view(ny(2027, 3, 1, 9, 0)).unwrap();
    assert!(matches!(
        view.groups[0].doses[0].status,
        OccurrenceStatus::Taken {
            on_time: true,
            minutes_late: 0,
            ..
        }
    ));
}

#[test]
fn editing_a_logged_dose_to_well_before_its_time_needs_the_same_confirmation() {
    let set_up = ny(2027, 3, 1, 6, 0);
    let c = client(set_up);
    c.at_times("Sertraline", &[hm(8, 0)], date(2027, 3, 1), set_up);
    let occ = &c
        .store
        .occurrences(date(2027, 3, 1), date(2027, 3, 1))
        .unwrap()[0];
    let e = c
        .store
        .log_dose(
            &occ.id,
            &DoseAction::Taken {
                at: Some(ny(2027, 3, 1, 8, 10)),
                amount: None,
                early: false,
            },
            ny(2027, 3, 1, 8, 10),
        )
        .unwrap();
    let edit = |at: DateTime<Utc>, early: bool| cadence_core::model::DoseLogEdit {
        taken_at: Some(at),
        early,
        ..Default::default()
    };
    // Moved to the evening before without confirming: refused, nothing changed.
    let evening = ny(2027, 2, 28, 22, 0);
    match c
        .store
        .edit_log(&e.id, &edit(evening, false), ny(2027, 3, 1, 9, 0))
    {
        Err(Error::InvalidInput { field, reason }) => {
            assert_eq!(field, "taken_at");
            assert_eq!(
                reason,
                "the dose of 2027-03-01 at 08:00 is not due until 07:00; \
                 edit it as taken early to confirm"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(c.store.log_entry(&e.id).unwrap().version, 1);
    // Inside the early window: no confirmation needed.
    let ok = c
        .store
        .edit_log(
            &e.id,
            &edit(ny(2027, 3, 1, 7, 0), false),
            ny(2027, 3, 1, 9, 0),
        )
        .unwrap();
    assert_eq!(ok.taken_at, Some(ny(2027, 3, 1, 7, 0)));
    // Confirmed: recorded; Today reads it as taken on time, never negative.
    let ok = c
        .store
        .edit_log(&e.id, &edit(evening, true), ny(2027, 3, 1, 9, 0))
        .unwrap();
    assert_eq!(ok.taken_at, Some(evening));
    let view = c.store.today_view(ny(2027, 3, 1, 9, 0)).unwrap();
    assert_eq!(
        view.groups[0].doses[0].status,
        OccurrenceStatus::Taken {
            at: evening,
            on_time: true,
            minutes_late: 0,
        }
    );
}
