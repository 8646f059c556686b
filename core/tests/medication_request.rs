//! FHIR R4 MedicationRequests as real prescriptions arrive
//! (`tests/fhir_requests/*.json`, shaped like the specification's examples
//! and common prescriptions): what is imported, a week of the doses each
//! gives (none before the start, none after the end), the round trip
//! MedicationRequest → Cadence → MedicationRequest, and what is refused.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::Value;

use cadence_core::model::{DoseForm, ProfileInput};
use cadence_core::schedule::fhir::{dosage_from_json, medication_request_from_json};
use cadence_core::schedule::{Dose, DoseOccurrence, DosingPlan, EventTiming};
use cadence_core::{App, Error};

const BERLIN: Tz = chrono_tz::Europe::Berlin;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(y: i32, m: u32, day: u32, h: u32) -> DateTime<Utc> {
    BERLIN
        .with_ymd_and_hms(y, m, day, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fhir_requests/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path().join("c.db"), None).unwrap();
    app.set_profile(
        &ProfileInput {
            display_name: String::new(),
            home_zone: BERLIN,
            current_zone: BERLIN,
        },
        at(2027, 3, 1, 6),
    )
    .unwrap();
    (dir, app)
}

/// Imports a fixture at 2027-03-01 06:00 Berlin (no start chosen).
fn import(app: &App, name: &str) -> (cadence_core::model::Medication, Vec<DosingPlan>) {
    app.import_medication_request(&fixture(name), None, at(2027, 3, 1, 6))
        .unwrap()
}

/// The doses of one medication over the week 1–7 March 2027 (and a look at
/// the days around it): (local date, dose amount, unit).
fn week(app: &App, med: &str) -> Vec<DoseOccurrence> {
    app.occurrences(d(2027, 2, 20), d(2027, 3, 20))
        .unwrap()
        .into_iter()
        .filter(|o| o.medication_id == med)
        .collect()
}

fn dates(occ: &[DoseOccurrence]) -> Vec<NaiveDate> {
    occ.iter().map(|o| o.local_date).collect()
}

fn refused(name: &str) -> (String, String) {
    let (_dir, app) = app();
    match app.import_medication_request(&fixture(name), None, at(2027, 3, 1, 6)) {
        Err(Error::InvalidInput { field, reason }) => {
            assert!(
                app.medications(true).unwrap().is_empty(),
                "{name}: nothing stored"
            );
            (field, reason)
        }
        other => panic!("{name}: expected a refusal, got {other:?}"),
    }
}

#[test]
fn one_to_two_tablets_every_4_to_6_hours_as_needed_keeps_the_range_and_limits_use_the_high_end() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "range_every_4_to_6_hours_prn.json");
    assert_eq!(med.name, "Oxycodone/Acetaminophen 5/325 mg tablet");
    assert_eq!(med.form, DoseForm::Tablet);
    assert_eq!(med.prescriber_notes, "Do not drive after taking it.");
    assert_eq!(
        med.instructions,
        "Take 1 or 2 tablets if you need them, at least 4 hours apart"
    );
    assert_eq!(med.started_on, Some(d(2027, 3, 1)));
    let [p] = plans.as_slice() else { panic!() };
    assert_eq!(p.dose, Dose::new(2.0, "tablet"));
    assert_eq!(p.dose_words(), "1–2 tablets");
    let a = p.as_needed.as_ref().unwrap();
    assert_eq!(a.reason.as_deref(), Some("Pain"));
    assert_eq!(
        a.min_interval_minutes,
        Some(240),
        "the shortest gap written: 4 h"
    );
    assert_eq!(a.max_per_administration, Some(Dose::new(2.0, "tablet")));
    assert_eq!(
        a.max_per_period
            .as_ref()
            .map(|m| (m.amount.clone(), m.period_minutes)),
        Some((Dose::new(8.0, "tablet"), 1440))
    );
    assert_eq!(p.timing.repeat.period_max, Some(6.0));
    let pr = p.prescribed.as_ref().unwrap();
    assert_eq!(pr.dose_min, Some(1.0));
    assert_eq!(pr.medication_coding[0].code.as_deref(), Some("1049221"));
    assert!(week(&app, &med.id).is_empty(), "as needed: no reminders");
}

#[test]
fn one_to_two_tablets_at_bedtime_as_needed() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "range_at_bedtime_prn.json");
    assert_eq!(med.name, "Hydroxyzine Hydrochloride 25 MG Oral Tablet");
    let p = &plans[0];
    assert_eq!(p.dose_words(), "1–2 tablets");
    assert_eq!(p.timing.repeat.when, vec![EventTiming::Hs]);
    let a = p.as_needed.as_ref().unwrap();
    assert_eq!(a.reason.as_deref(), Some("sleep"));
    assert_eq!(a.max_per_administration, Some(Dose::new(2.0, "tablet")));
    assert!(week(&app, &med.id).is_empty());
}

#[test]
fn one_tablet_daily_for_4_days_starts_on_the_prescription_date_and_ends_after_4_doses() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "daily_for_4_days.json");
    assert_eq!(plans[0].start, Some(d(2027, 3, 3)), "authoredOn");
    let occ = week(&app, &med.id);
    assert_eq!(
        dates(&occ),
        vec![d(2027, 3, 3), d(2027, 3, 4), d(2027, 3, 5), d(2027, 3, 6)]
    );
    assert!(occ.iter().all(|o| o.dose == Dose::new(1.0, "tablet")));
}

#[test]
fn for_4_days_without_a_date_counts_from_the_day_it_is_added_or_the_day_the_person_chooses() {
    let mut json = fixture("daily_for_4_days.json");
    json.as_object_mut().unwrap().remove("authoredOn");
    let (_dir, app) = app();
    let (med, _) = app
        .import_medication_request(&json, None, at(2027, 3, 5, 10))
        .unwrap();
    assert_eq!(
        dates(&week(&app, &med.id)),
        vec![d(2027, 3, 5), d(2027, 3, 6), d(2027, 3, 7), d(2027, 3, 8)]
    );
    let (med, _) = app
        .import_medication_request(&json, Some(d(2027, 3, 10)), at(2027, 3, 5, 10))
        .unwrap();
    assert_eq!(
        dates(&week(&app, &med.id)),
        vec![
            d(2027, 3, 10),
            d(2027, 3, 11),
            d(2027, 3, 12),
            d(2027, 3, 13)
        ]
    );
}

#[test]
fn a_single_dose_is_one_dose_on_the_start_date() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "single_dose.json");
    // The prescriber's own date, as written (16:40 in New York: the 4th),
    // though it is already the 5th in Berlin.
    assert_eq!(plans[0].start, Some(d(2027, 3, 4)));
    let occ = week(&app, &med.id);
    assert_eq!(dates(&occ), vec![d(2027, 3, 4)]);
    assert_eq!(occ[0].dose, Dose::new(500.0, "mg"));
}

#[test]
fn three_patches_a_week_start_on_the_start_date() {
    let (_dir, app) = app();
    let (med, _) = import(&app, "patch_three_times_a_week.json");
    assert_eq!(med.form, DoseForm::Patch);
    assert_eq!(med.name, "Estradiol 0.05 MG/Day 3.5 Day Transdermal System");
    let occ = week(&app, &med.id);
    let first_week: Vec<_> = dates(&occ)
        .into_iter()
        .filter(|x| *x <= d(2027, 3, 9))
        .collect();
    // Wednesday 3 March, then every 2–3 days; nothing before the 3rd.
    assert_eq!(
        first_week,
        vec![d(2027, 3, 3), d(2027, 3, 5), d(2027, 3, 7)]
    );
    assert_eq!(
        dates(&occ)
            .iter()
            .filter(|x| **x >= d(2027, 3, 10) && **x <= d(2027, 3, 16))
            .count(),
        3
    );
    assert!(occ.iter().all(|o| o.local_date >= d(2027, 3, 3)));
}

#[test]
fn a_text_only_instruction_is_kept_without_reminders_and_needs_a_schedule() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "text_only.json");
    let p = &plans[0];
    assert!(p.needs_schedule());
    assert_eq!(
        p.prescribed.as_ref().unwrap().text.as_deref(),
        Some("Take one tablet daily as directed")
    );
    assert_eq!(p.dose, Dose::new(1.0, "tablet"));
    assert!(week(&app, &med.id).is_empty(), "no dose is invented");
    assert!(cadence_core::schedule::plan_form(p).is_none());
}

#[test]
fn the_ordered_dose_is_taken_and_the_calculated_one_kept_as_information() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "calculated_and_ordered.json");
    assert_eq!(med.name, "Capecitabine 500 MG Oral Tablet");
    assert_eq!(med.form, DoseForm::Tablet);
    assert_eq!(med.strength.as_ref().map(|s| s.amount), Some(500.0));
    let p = &plans[0];
    assert_eq!(p.dose, Dose::new(1800.0, "mg"));
    let info = &p.prescribed.as_ref().unwrap().information_doses;
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].kind, "calculated");
    assert_eq!(info[0].dose, Dose::new(1000.0, "mg/m2"));
    // Twice a day for 14 days from 1 March: 28 doses, the last on the 14th.
    let occ = week(&app, &med.id);
    assert_eq!(occ.len(), 28);
    assert_eq!(occ.first().unwrap().local_date, d(2027, 3, 1));
    assert_eq!(occ.last().unwrap().local_date, d(2027, 3, 14));
    assert!(occ.iter().all(|o| o.dose.amount == 1800.0));
}

#[test]
fn a_qd_code_is_expanded_kept_and_the_validity_start_is_the_start() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "qd_code_only.json");
    assert_eq!(med.name, "Sertraline 50 mg tablet");
    assert_eq!(
        med.strength.as_ref().map(|s| (s.amount, s.unit.as_str())),
        Some((50.0, "mg"))
    );
    let p = &plans[0];
    assert_eq!(
        p.prescribed.as_ref().unwrap().timing_code.as_deref(),
        Some("QD")
    );
    assert_eq!(
        p.start,
        Some(d(2027, 3, 2)),
        "validityPeriod.start over authoredOn"
    );
    let occ: Vec<_> = week(&app, &med.id)
        .into_iter()
        .filter(|o| o.local_date <= d(2027, 3, 7))
        .collect();
    assert_eq!(
        dates(&occ),
        (2..=7).map(|x| d(2027, 3, x)).collect::<Vec<_>>(),
        "once a day from the 2nd"
    );
    // 100 mg of a 50 mg tablet: accepted (two tablets).
    assert_eq!(occ[0].dose, Dose::new(100.0, "mg"));
}

#[test]
fn a_bid_code_beside_a_repeat_is_kept_and_the_repeat_plans() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "bid_code_with_repeat.json");
    assert_eq!(med.form, DoseForm::Capsule);
    assert_eq!(
        plans[0].prescribed.as_ref().unwrap().timing_code.as_deref(),
        Some("BID")
    );
    let occ: Vec<_> = week(&app, &med.id)
        .into_iter()
        .filter(|o| o.local_date <= d(2027, 3, 7))
        .collect();
    assert_eq!(occ.len(), 14);
    assert!(occ.iter().all(|o| o.dose == Dose::new(1.0, "capsule")));
}

#[test]
fn a_taper_written_as_a_sequence_becomes_consecutive_steps_and_stops() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "taper_sequence.json");
    let [p] = plans.as_slice() else {
        panic!("one plan")
    };
    assert_eq!(p.steps.len(), 3);
    assert_eq!(
        p.steps
            .iter()
            .map(|s| (s.start, s.days, s.dose.amount))
            .collect::<Vec<_>>(),
        vec![
            (d(2027, 3, 1), Some(3), 2.0),
            (d(2027, 3, 4), Some(3), 1.0),
            (d(2027, 3, 7), Some(3), 1.0)
        ]
    );
    assert_eq!(p.end, Some(d(2027, 3, 9)));
    let occ = week(&app, &med.id);
    let per_day = |day: u32| {
        occ.iter()
            .filter(|o| o.local_date == d(2027, 3, day))
            .map(|o| o.dose.amount)
            .collect::<Vec<_>>()
    };
    assert_eq!(per_day(1), vec![2.0, 2.0]);
    assert_eq!(per_day(3), vec![2.0, 2.0]);
    assert_eq!(per_day(4), vec![1.0, 1.0]);
    assert_eq!(per_day(7), vec![1.0]);
    assert_eq!(per_day(9), vec![1.0]);
    assert!(per_day(10).is_empty(), "the taper ends");
    assert!(occ.iter().all(|o| o.local_date >= d(2027, 3, 1)));
    assert_eq!(occ.len(), 6 + 6 + 3);
}

#[test]
fn the_round_trip_keeps_the_timing_the_dose_and_the_coding() {
    for name in [
        "range_every_4_to_6_hours_prn.json",
        "range_at_bedtime_prn.json",
        "range_twice_daily.json",
        "daily_for_4_days.json",
        "single_dose.json",
        "patch_three_times_a_week.json",
        "text_only.json",
        "calculated_and_ordered.json",
        "qd_code_only.json",
        "bid_code_with_repeat.json",
        "taper_sequence.json",
    ] {
        let (_dir, app) = app();
        let original = fixture(name);
        let (med, plans) = import(&app, name);
        let exported = app.medication_request(&med.id).unwrap();
        // Each instruction's timing (code included) and dose, as written.
        let instructions = |v: &Value| {
            let mut ds: Vec<_> = v["dosageInstruction"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| dosage_from_json(x).unwrap())
                .collect();
            ds.sort_by_key(|x| x.sequence);
            ds.into_iter()
                .map(|x| {
                    (
                        x.timing,
                        x.timing_code,
                        x.dose.map(|q| q.value),
                        x.dose_low.map(|q| q.value),
                        x.text.is_some(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let (a, b) = (instructions(&original), instructions(&exported));
        assert_eq!(a.len(), b.len(), "{name}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((&x.0, &x.1, x.2, x.3), (&y.0, &y.1, y.2, y.3), "{name}");
        }
        let codes = |v: &Value| {
            v["medicationCodeableConcept"]["coding"][0]["code"]
                .as_str()
                .map(str::to_owned)
                .or_else(|| {
                    v["contained"][0]["code"]["coding"][0]["code"]
                        .as_str()
                        .map(str::to_owned)
                })
        };
        assert_eq!(codes(&original), codes(&exported), "{name}");
        // And Cadence reads its own export to the same plans.
        let again = medication_request_from_json(&exported).unwrap();
        assert_eq!(again.plans.len(), plans.len(), "{name}");
        for (p, q) in plans.iter().zip(&again.plans) {
            assert_eq!((&p.dose, &p.timing), (&q.dose, &q.timing), "{name}");
            assert_eq!(
                p.prescribed
                    .as_ref()
                    .map(|x| (x.dose_min, x.needs_schedule, &x.timing_code)),
                q.prescribed
                    .as_ref()
                    .map(|x| (x.dose_min, x.needs_schedule, &x.timing_code)),
                "{name}"
            );
        }
        assert_eq!(again.start, plans[0].start, "{name}");
    }
}

#[test]
fn infusion_rates_event_times_and_impossible_units_are_refused_with_the_reason() {
    let (f, r) = refused("infusion_rate.json");
    assert_eq!(f, "dosageInstruction[0].doseAndRate[0].rateQuantity");
    assert!(
        r.contains("infusion rate") && r.contains("not taken by the person"),
        "{r}"
    );
    let (f, r) = refused("event_times.json");
    assert_eq!(f, "dosageInstruction[0].timing.event");
    assert!(r.contains("hospital"), "{r}");
    let (f, r) = refused("tablet_in_ml.json");
    assert_eq!(f, "dosageInstruction[0].doseAndRate.dose.unit");
    assert!(
        r.contains("tablet medication cannot be dosed in a volume (mL)"),
        "{r}"
    );
}

#[test]
fn requests_that_are_not_to_be_taken_are_refused() {
    let (_dir, app) = app();
    let now = at(2027, 3, 1, 6);
    let mut stopped = fixture("daily_for_4_days.json");
    stopped["status"] = "stopped".into();
    let e = app
        .import_medication_request(&stopped, None, now)
        .unwrap_err();
    assert!(e.to_string().contains("medicationRequest.status"), "{e}");
    let mut dnp = fixture("daily_for_4_days.json");
    dnp["doNotPerform"] = true.into();
    assert!(app.import_medication_request(&dnp, None, now).is_err());
    let mut two_ordered = fixture("calculated_and_ordered.json");
    two_ordered["dosageInstruction"][0]["doseAndRate"][0]["type"]["coding"][0]["code"] =
        "ordered".into();
    let e = app
        .import_medication_request(&two_ordered, None, now)
        .unwrap_err();
    assert!(e.to_string().contains("already the ordered dose"), "{e}");
    let mut untyped = fixture("calculated_and_ordered.json");
    for x in untyped["dosageInstruction"][0]["doseAndRate"]
        .as_array_mut()
        .unwrap()
    {
        x.as_object_mut().unwrap().remove("type");
    }
    let e = app
        .import_medication_request(&untyped, None, now)
        .unwrap_err();
    assert!(e.to_string().contains("none typed `ordered`"), "{e}");
    assert!(app.medications(true).unwrap().is_empty(), "nothing stored");
}

#[test]
fn plan_add_with_a_relative_bound_and_no_start_starts_today() {
    // The path `cadence plan add --dosage` takes: a Dosage onto a medication.
    let (_dir, app) = app();
    let (med, _) = import(&app, "text_only.json");
    let dosage =
        dosage_from_json(&fixture("daily_for_4_days.json")["dosageInstruction"][0]).unwrap();
    let p = app
        .add_plan_from_fhir_dosage(&med.id, &dosage, at(2027, 3, 2, 12))
        .unwrap();
    assert_eq!(p.start, Some(d(2027, 3, 2)));
    assert_eq!(
        dates(&week(&app, &med.id)),
        vec![d(2027, 3, 2), d(2027, 3, 3), d(2027, 3, 4), d(2027, 3, 5)]
    );
    let mut ml = dosage.clone();
    ml.dose.as_mut().unwrap().unit = Some("mL".into());
    let e = app
        .add_plan_from_fhir_dosage(&med.id, &ml, at(2027, 3, 2, 12))
        .unwrap_err();
    assert!(e.to_string().contains("cannot be dosed in a volume"), "{e}");
}

#[test]
fn today_asks_for_a_schedule_until_the_text_only_instruction_gets_one() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "text_only.json");
    let view = app.today_view(at(2027, 3, 1, 9)).unwrap();
    assert_eq!(view.scheduled_count, 0);
    let [n] = view.needs_schedule.as_slice() else {
        panic!("{view:?}")
    };
    assert_eq!(n.medication_name, "Amlodipine 5 mg tablet");
    assert_eq!(n.plan_id, plans[0].id);
    assert_eq!(n.text, "Take one tablet daily as directed");
    // The person sets it up from the form: once a day with breakfast.
    let mut input = cadence_core::schedule::DosingPlanInput::new(
        Dose::new(1.0, "tablet"),
        cadence_core::schedule::Timing::daily_when(&[EventTiming::Cm], None),
    );
    input.prescribed = plans[0].prescribed.clone().map(|mut p| {
        p.needs_schedule = false;
        p.no_dose = false;
        p
    });
    app.update_plan(&plans[0].id, input, d(2027, 3, 2), at(2027, 3, 1, 9))
        .unwrap();
    let view = app.today_view(at(2027, 3, 2, 6)).unwrap();
    assert!(view.needs_schedule.is_empty(), "{view:?}");
    assert_eq!(view.scheduled_count, 1);
    assert_eq!(view.groups[0].doses[0].medication_name, med.name);
    // The day before still asks: the change starts on the 2nd.
    assert_eq!(
        app.today_view(at(2027, 3, 1, 20))
            .unwrap()
            .needs_schedule
            .len(),
        1
    );
}

mod hostile {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    const NAMES: [&str; 6] = [
        "range_every_4_to_6_hours_prn.json",
        "taper_sequence.json",
        "calculated_and_ordered.json",
        "qd_code_only.json",
        "text_only.json",
        "patch_three_times_a_week.json",
    ];

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|f| json!(f)),
            Just(json!("2027-02-30")),
            Just(json!("#med0312")),
            Just(json!({"low": {"value": 3}, "high": {"value": 1}})),
            Just(json!([{"type": {"coding": [{"code": "ordered"}]}}])),
            Just(json!({"coding": [{"code": "Q12H"}]})),
            ".{0,12}".prop_map(Value::String),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// A real request with one element replaced by anything: a typed
        /// answer, never a panic; a refusal stores nothing.
        #[test]
        fn a_mutated_request_is_imported_or_refused_never_half_stored(
            which in 0..NAMES.len(),
            top in prop_oneof![
                Just("status"), Just("authoredOn"), Just("medicationReference"),
                Just("medicationCodeableConcept"), Just("contained"), Just("note"),
                Just("dispenseRequest"), Just("dosageInstruction"),
            ],
            inner in prop_oneof![
                Just("sequence"), Just("timing"), Just("doseAndRate"), Just("text"),
                Just("asNeededBoolean"), Just("maxDosePerPeriod"), Just("patientInstruction"),
            ],
            deep in any::<bool>(),
            v in leaf(),
        ) {
            let mut req = fixture(NAMES[which]);
            if deep {
                req["dosageInstruction"][0][inner] = v;
            } else {
                req[top] = v;
            }
            let _ = medication_request_from_json(&req);
            let (_dir, app) = app();
            match app.import_medication_request(&req, None, at(2027, 3, 1, 6)) {
                Ok((med, plans)) => {
                    prop_assert!(!plans.is_empty());
                    prop_assert!(app.occurrences(d(2027, 3, 1), d(2027, 3, 31)).is_ok());
                    prop_assert!(app.medication_request(&med.id).is_ok());
                }
                Err(Error::InvalidInput { .. }) => {
                    prop_assert!(app.medications(true).unwrap().is_empty());
                }
                Err(e) => prop_assert!(false, "untyped refusal: {e:?}"),
            }
        }
    }
}

#[test]
fn a_scheduled_range_plans_the_high_end_and_words_the_range_on_today_and_in_reminders() {
    let (_dir, app) = app();
    let (med, plans) = import(&app, "range_twice_daily.json");
    assert_eq!(plans[0].dose_words(), "1–2 tablets");
    let occ = week(&app, &med.id);
    let first_week: Vec<_> = occ
        .iter()
        .filter(|o| o.local_date <= d(2027, 3, 7))
        .collect();
    // From the 2nd: twice a day, 6 days; the high end is what supply counts.
    assert_eq!(first_week.len(), 12);
    assert_eq!(first_week[0].local_date, d(2027, 3, 2));
    assert!(first_week
        .iter()
        .all(|o| o.dose == Dose::new(2.0, "tablet")));
    let today = app.today_view(at(2027, 3, 2, 6)).unwrap();
    let texts: Vec<_> = today
        .groups
        .iter()
        .flat_map(|g| &g.doses)
        .map(|d| d.dose_text.as_str())
        .collect();
    assert_eq!(texts, ["1–2 tablets", "1–2 tablets"]);
    let reminders = app.reminder_plan(at(2027, 3, 2, 6), 16).unwrap();
    let first = reminders
        .notifications
        .iter()
        .find(|n| n.content.doses.iter().any(|x| x.medication_id == med.id))
        .expect("a dose reminder");
    assert_eq!(first.content.doses[0].amount_min, Some(1.0));
    assert!(
        first.body.contains("Propranolol 10 mg tablet 1–2 tablet"),
        "{}",
        first.body
    );
    // The person logs what they took: one tablet.
    let log = app
        .log_dose(
            &first_week[0].id,
            &cadence_core::model::DoseAction::Taken {
                at: Some(first_week[0].utc),
                amount: Some(1.0),
                early: false,
            },
            first_week[0].utc,
        )
        .unwrap();
    assert_eq!(log.amount, Some(1.0));
}

#[test]
fn a_count_without_a_start_is_refused_when_saved_but_a_stored_one_still_expands() {
    use cadence_core::schedule::{expand, validate_plan, RoutineHistory, Timing, ZoneHistory};
    let mut timing = Timing::daily_when(&[EventTiming::Cm], None);
    timing.repeat.count = Some(3);
    let mut plan = DosingPlan::new(
        "0b6c3a52-5f7e-4a4e-9a53-1f1de3a1c001",
        "0b6c3a52-5f7e-4a4e-9a53-1f1de3a1c002",
        Dose::new(1.0, "tablet"),
        timing,
    );
    let e = validate_plan(&plan).unwrap_err();
    assert!(e.to_string().contains("timing.start"), "{e}");
    // A plan saved before the rule (e.g. by `plan add --dosage`) keeps
    // expanding: one bad row never takes the Today view down.
    let routine = RoutineHistory::fixed(cadence_core::model::Routine::default());
    let zones = ZoneHistory::fixed(BERLIN);
    assert!(expand(
        &[plan.clone()],
        &routine,
        &zones,
        d(2027, 3, 1),
        d(2027, 3, 7)
    )
    .is_ok());
    plan.start = Some(d(2027, 3, 2));
    validate_plan(&plan).unwrap();
    let occ = expand(&[plan], &routine, &zones, d(2027, 3, 1), d(2027, 3, 7)).unwrap();
    assert_eq!(
        dates(&occ),
        vec![d(2027, 3, 2), d(2027, 3, 3), d(2027, 3, 4)]
    );
}
