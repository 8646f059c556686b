//! The medicines list in one call (`App::medicine_overviews`): the current
//! plan, plans side by side, the supply and its unit, the first day a
//! schedule may change, and a stopped medication.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use cadence_core::model::{DoseForm, MedicationInput, ProfileInput, Strength};
use cadence_core::schedule::{Dose, DosingPlan, Timing};
use cadence_core::{App, Error};

const BERLIN: Tz = chrono_tz::Europe::Berlin;

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, day).unwrap()
}

fn at(day: u32, h: u32) -> DateTime<Utc> {
    BERLIN
        .with_ymd_and_hms(2027, 3, day, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn daily(hour: u32, amount: f64, unit: &str, start: u32) -> DosingPlan {
    let mut p = DosingPlan::new(
        "",
        "",
        Dose::new(amount, unit),
        Timing::daily_at(&[NaiveTime::from_hms_opt(hour, 0, 0).unwrap()]),
    );
    p.start = Some(d(start));
    p
}

fn setup() -> (tempfile::TempDir, App, String) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path().join("c.db"), None).unwrap();
    let now = at(1, 6);
    app.set_profile(
        &ProfileInput {
            display_name: String::new(),
            home_zone: BERLIN,
            current_zone: BERLIN,
        },
        now,
    )
    .unwrap();
    let med = app
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
        .unwrap();
    (dir, app, med.id)
}

#[test]
fn a_medication_without_a_plan_is_counted_in_its_form_unit_and_cannot_change() {
    let (_dir, app, med) = setup();
    let o = app.medicine_overview(&med, at(1, 6)).unwrap();
    assert_eq!((o.plan, o.running_plans), (None, 0));
    assert_eq!(o.supply_unit, "tablet");
    assert_eq!(o.changeable_from, None);
    assert_eq!(o.supply, None);
}

#[test]
fn the_current_plan_and_its_first_changeable_day_come_with_the_supply() {
    let (_dir, app, med) = setup();
    let plan = app
        .add_plan(&med, daily(8, 50.0, "mg", 1), at(1, 6))
        .unwrap();
    app.set_supply(&med, 30.0, "tablet", at(1, 6)).unwrap();
    // 09:00: the 08:00 dose is already due, so a change starts tomorrow.
    let o = app.medicine_overview(&med, at(1, 9)).unwrap();
    assert_eq!(
        o.plan.as_ref().map(|p| p.id.as_str()),
        Some(plan.id.as_str())
    );
    assert_eq!(o.running_plans, 1);
    assert_eq!(o.supply_unit, "tablet"); // 50 mg doses of 50 mg tablets
    assert_eq!(o.changeable_from, Some(d(2)));
    assert_eq!(o.supply.map(|s| s.on_hand), Some(30.0));
    assert_eq!(
        app.medicine_overviews(at(1, 9)).unwrap(),
        vec![app.medicine_overview(&med, at(1, 9)).unwrap()]
    );
}

#[test]
fn two_plans_side_by_side_are_counted_and_the_latest_is_current() {
    let (_dir, app, med) = setup();
    app.add_plan(&med, daily(8, 50.0, "mg", 1), at(1, 6))
        .unwrap();
    let evening = app
        .add_plan(&med, daily(21, 25.0, "mg", 2), at(1, 6))
        .unwrap();
    let o = app.medicine_overview(&med, at(3, 6)).unwrap();
    assert_eq!(o.running_plans, 2);
    assert_eq!(o.plan.map(|p| p.id), Some(evening.id));
}

#[test]
fn a_stopped_medication_keeps_its_plan_but_offers_no_change() {
    let (_dir, app, med) = setup();
    app.add_plan(&med, daily(8, 50.0, "mg", 1), at(1, 6))
        .unwrap();
    app.stop_medication(&med, d(2), at(2, 6)).unwrap();
    let o = app.medicine_overview(&med, at(3, 6)).unwrap();
    assert!(o.plan.is_some());
    assert_eq!(o.changeable_from, None);
    assert!(matches!(
        app.medicine_overview("00000000-0000-4000-8000-000000000000", at(3, 6)),
        Err(Error::NotFound { .. })
    ));
}

/// The list reads the schedule once for every row: each row must still be
/// exactly the one-medication overview (plans, supply forecast, rule,
/// first changeable day), with several medications, a rule, supplies, a
/// stopped medication and a plan that starts later.
#[test]
fn the_list_in_one_read_is_each_medications_own_overview() {
    use cadence_core::guidance::{MissedDosePattern, MissedDoseRule};
    let (_dir, app, sertraline) = setup();
    let now = at(1, 6);
    let add = |name: &str| {
        app.add_medication(
            &MedicationInput {
                name: name.into(),
                strength: Some(Strength {
                    amount: 25.0,
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
        .id
    };
    let (quetiapine, lamotrigine, hydroxyzine) =
        (add("Quetiapine"), add("Lamotrigine"), add("Hydroxyzine"));
    app.add_plan(&sertraline, daily(8, 100.0, "mg", 1), now)
        .unwrap();
    app.add_plan(&quetiapine, daily(22, 25.0, "mg", 1), now)
        .unwrap();
    app.add_plan(&lamotrigine, daily(19, 25.0, "mg", 5), now)
        .unwrap();
    app.add_plan(&hydroxyzine, daily(12, 25.0, "mg", 1), now)
        .unwrap();
    app.set_supply(&sertraline, 40.0, "tablet", now).unwrap();
    app.set_supply(&quetiapine, 3.0, "tablet", now).unwrap();
    app.set_missed_dose_rule(
        &quetiapine,
        &MissedDoseRule::new(MissedDosePattern::SkipIfLate {
            skip_after_hours: 3.0,
        }),
        now,
    )
    .unwrap();
    app.stop_medication(&hydroxyzine, d(2), at(2, 6)).unwrap();
    for when in [at(1, 9), at(2, 23), at(6, 20)] {
        let list = app.medicine_overviews(when).unwrap();
        assert_eq!(list.len(), 4);
        for row in &list {
            assert_eq!(
                row,
                &app.medicine_overview(&row.medication.id, when).unwrap(),
                "{} at {when}",
                row.medication.name
            );
        }
        let q = list.iter().find(|r| r.medication.id == quetiapine).unwrap();
        assert!(matches!(
            q.missed_dose_rule.pattern,
            MissedDosePattern::SkipIfLate { .. }
        ));
    }
}
