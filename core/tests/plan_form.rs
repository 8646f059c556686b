//! Property tests of the set-up form's mapping (`schedule::form`).
//!
//! * Any form that validates reads back from its plan as itself (in
//!   canonical order), and its plan is one the store accepts; a form that
//!   does not validate is refused on one of the form's own fields.
//! * A plan the form reads is one the form would save with the same doses
//!   and limits: FHIR shapes with the same doses (a `frequency` of one dose
//!   per time, `boundsPeriod` dates) are read, while every change the form
//!   cannot express (steps, per-slot doses, holds, a pinned zone, an
//!   interval, a count, a cycle...) makes the plan custom.

use cadence_core::model::routine::Routine;
use cadence_core::schedule::events::anchors;
use cadence_core::schedule::*;
use cadence_core::Error;
use chrono::{DateTime, NaiveDate, NaiveTime};
use proptest::prelude::*;

const PLAN: &str = "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1c0e1";
const MED: &str = "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1c0e2";

fn d(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 2, 20).unwrap() + chrono::Duration::days(offset)
}

fn times_strategy() -> impl Strategy<Value = FormTimes> {
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(EventTiming::ALL.to_vec()), 1..6)
            .prop_map(|moments| FormTimes::AtMoments { moments }),
        proptest::collection::vec((0u32..24, 0u32..60), 1..6).prop_map(|hm| {
            FormTimes::AtClockTimes {
                clock_times: hm
                    .into_iter()
                    .map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap())
                    .collect(),
            }
        }),
        (
            proptest::option::of(1u32..12),
            proptest::option::of(1u32..=168)
        )
            .prop_map(|(max_per_day, min_hours_apart)| FormTimes::AsNeeded {
                max_per_day,
                min_hours_apart
            }),
    ]
}

fn days_strategy() -> impl Strategy<Value = FormDays> {
    prop_oneof![
        Just(FormDays::EveryDay),
        proptest::collection::vec(proptest::sample::select(DayOfWeek::ALL.to_vec()), 1..9)
            .prop_map(|weekdays| FormDays::OnWeekdays { weekdays }),
        (2u32..40, 0i64..60).prop_map(|(every, s)| FormDays::EveryNDays { every, start: d(s) }),
    ]
}

/// Forms the screens can make: every field in range, lists in any order.
fn form_strategy() -> impl Strategy<Value = PlanForm> {
    (
        proptest::sample::select(vec![0.1, 0.25, 0.5, 1.0, 2.0, 2.5, 50.0, 100.0]),
        proptest::sample::select(vec!["tablet", "mg", "ml"]),
        times_strategy(),
        days_strategy(),
        proptest::option::of(0i64..40),
        proptest::option::of(0i64..60),
    )
        .prop_map(|(amount, unit, times, days, start, length)| PlanForm {
            dose: Dose::new(amount, unit),
            times,
            days,
            start: start.map(d),
            end: length.map(|l| d(start.unwrap_or(0) + l)),
        })
}

/// Forms with anything in the fields, in range or not.
fn any_form_strategy() -> impl Strategy<Value = PlanForm> {
    (
        form_strategy(),
        prop_oneof![
            Just(1.0),
            Just(0.0),
            Just(-1.0),
            Just(f64::NAN),
            Just(f64::INFINITY)
        ],
        prop_oneof![Just("tablet"), Just(""), Just("  ")],
        prop_oneof![
            times_strategy(),
            Just(FormTimes::AtMoments { moments: vec![] }),
            Just(FormTimes::AtClockTimes {
                clock_times: vec![]
            }),
            (
                proptest::option::of(0u32..3),
                proptest::option::of(0u32..400)
            )
                .prop_map(|(max_per_day, min_hours_apart)| FormTimes::AsNeeded {
                    max_per_day,
                    min_hours_apart
                }),
        ],
        prop_oneof![
            days_strategy(),
            Just(FormDays::OnWeekdays { weekdays: vec![] }),
            (0u32..3).prop_map(|every| FormDays::EveryNDays { every, start: d(0) }),
            Just(FormDays::EveryNDays {
                every: 1001,
                start: d(0)
            }),
        ],
        proptest::option::of(-30i64..30),
    )
        .prop_map(|(mut f, amount, unit, times, days, end)| {
            f.dose = Dose::new(f.dose.amount * amount, unit);
            f.times = times;
            f.days = days;
            f.end = end.map(|e| d(f.start.map_or(0, |s| (s - d(0)).num_days()) + e));
            f
        })
}

/// `f` with its lists as forms read from plans list them.
fn canonical(f: &PlanForm) -> PlanForm {
    fn sorted<T: Ord + Clone>(v: &[T]) -> Vec<T> {
        let mut v = v.to_vec();
        v.sort();
        v.dedup();
        v
    }
    let mut f = f.clone();
    f.times = match &f.times {
        FormTimes::AtMoments { moments } => FormTimes::AtMoments {
            moments: moments_in_day_order(moments),
        },
        FormTimes::AtClockTimes { clock_times } => FormTimes::AtClockTimes {
            clock_times: sorted(clock_times),
        },
        other => other.clone(),
    };
    if let FormDays::OnWeekdays { weekdays } = &f.days {
        f.days = FormDays::OnWeekdays {
            weekdays: sorted(weekdays),
        };
    }
    f
}

const FORM_FIELDS: [&str; 9] = [
    "dose.amount",
    "dose.unit",
    "times.moments",
    "times.clock_times",
    "times.max_per_day",
    "times.min_hours_apart",
    "days.weekdays",
    "days.every",
    "end",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn a_form_that_validates_reads_back_as_itself(f in form_strategy()) {
        let plan = plan_from_form(&f).unwrap().into_plan(PLAN, MED, 1);
        validate_plan(&plan).unwrap();
        let c = canonical(&f);
        prop_assert_eq!(plan_form(&plan), Some(c.clone()));
        // Order and repeats in the lists do not matter.
        prop_assert_eq!(plan_from_form(&c).unwrap().into_plan(PLAN, MED, 1), plan);
    }

    #[test]
    fn a_form_is_refused_on_its_own_fields_or_stored(f in any_form_strategy()) {
        match plan_from_form(&f) {
            Ok(input) => {
                let plan = input.into_plan(PLAN, MED, 1);
                validate_plan(&plan).unwrap();
                prop_assert_eq!(plan_form(&plan), Some(canonical(&f)));
            }
            Err(Error::InvalidInput { field, .. }) => {
                prop_assert!(FORM_FIELDS.contains(&field.as_str()), "{}", field);
            }
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }

    #[test]
    fn a_plan_read_as_a_form_saves_back_to_the_same_doses(
        f in form_strategy(),
        change in 0usize..CHANGES,
        at in 0i64..60,
    ) {
        let mut plan = plan_from_form(&f).unwrap().into_plan(PLAN, MED, 1);
        let expect = apply(&mut plan, change, d(at));
        prop_assume!(validate_plan(&plan).is_ok());
        let read = plan_form(&plan);
        if expect == Expect::Custom {
            prop_assert_eq!(&read, &None, "change {} was read as a form", change);
        }
        if let Some(form) = read {
            let again = plan_from_form(&form).unwrap().into_plan(PLAN, MED, 1);
            same_doses(&plan, &again)?;
        } else {
            prop_assert_ne!(expect, Expect::Form, "change {} made the plan custom", change);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The same doses in FHIR's other words: read as a form.
    Form,
    /// Doses or limits the form cannot express: custom.
    Custom,
    /// An as-needed plan's timing, which places no dose: either.
    Either,
}

const CHANGES: usize = 20;

/// Changes `plan` in one of `CHANGES` ways; what the form should make of it.
fn apply(plan: &mut DosingPlan, change: usize, at: NaiveDate) -> Expect {
    let prn = plan.as_needed.is_some();
    let timing_only = if prn { Expect::Either } else { Expect::Custom };
    let r = &mut plan.timing.repeat;
    let slots = (r.time_of_day.len()
        + r.when
            .iter()
            .map(|&w| anchors(w, None).count())
            .sum::<usize>()) as u32;
    let date = |date| Some(BoundaryPoint::Date { date });
    match change {
        0 => return Expect::Form,
        1 if !prn => r.frequency = Some(slots),
        2 if !prn => {
            r.bounds = Some(TimingBounds::Period {
                start: date(at),
                end: None,
            })
        }
        3 if !prn => {
            r.bounds = Some(TimingBounds::Period {
                start: None,
                end: date(at),
            })
        }
        4 => plan.step_switch_time = NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
        5 => {
            plan.steps = vec![DoseStep {
                start: at,
                days: Some(7),
                dose: Dose::new(plan.dose.amount / 2.0, plan.dose.unit.clone()),
                slot_doses: vec![],
                timing: plan.timing.clone(),
            }];
            return Expect::Custom;
        }
        6 => {
            let slot = expand(
                std::slice::from_ref(plan),
                &routines(),
                &zones(),
                d(0),
                d(100),
            )
            .ok()
            .and_then(|o| o.first().map(|o| o.slot.to_string()))
            .unwrap_or_else(|| "when@HS".into());
            plan.slot_doses = vec![SlotDose {
                slot,
                dose: Dose::new(7.0, plan.dose.unit.clone()),
            }];
            return Expect::Custom;
        }
        7 => {
            plan.holds = vec![Hold {
                from: at,
                to: Some(at + chrono::Duration::days(3)),
            }];
            return Expect::Custom;
        }
        8 => {
            plan.zone_policy = ZonePolicy::Pinned {
                zone: chrono_tz::Europe::Berlin,
            };
            return Expect::Custom;
        }
        9 => {
            plan.min_interval_minutes = Some(600);
            return Expect::Custom;
        }
        10 => r.offset = Some(45),
        11 => r.count = Some(5),
        12 => r.period = Some(2.0),
        13 => {
            r.frequency = Some(slots.max(1));
            r.frequency_max = Some(slots.max(1) + 1);
        }
        14 => r.period_max = Some(3.0),
        15 => {
            r.bounds = Some(TimingBounds::Duration {
                value: 10.0,
                unit: PeriodUnit::Day,
            })
        }
        16 => {
            r.bounds = Some(TimingBounds::Period {
                start: Some(BoundaryPoint::Instant {
                    at: DateTime::parse_from_rfc3339("2027-03-01T08:00:00-05:00").unwrap(),
                }),
                end: None,
            })
        }
        17 => {
            plan.timing.day_rule = Some(DayRule::Cycle {
                start: at,
                days_on: 21,
                days_off: 7,
            });
            return Expect::Custom;
        }
        18 => {
            r.day_of_week.clear();
            plan.timing.day_rule = Some(DayRule::EveryNDays {
                start: at,
                every: 1,
            });
            return Expect::Custom;
        }
        19 => match &mut plan.as_needed {
            Some(a) => {
                a.max_per_administration = Some(plan.dose.clone());
                return Expect::Custom;
            }
            None => return Expect::Form,
        },
        _ => return Expect::Form,
    }
    match change {
        // Bounds that leave no date between them and the plan's own dates: no dose at all.
        2 if plan.end.is_some_and(|e| at > e) => Expect::Custom,
        3 if plan.start.is_some_and(|s| at < s) => Expect::Custom,
        1..=4 => Expect::Form,
        _ => timing_only,
    }
}

fn routines() -> RoutineHistory {
    RoutineHistory::fixed(Routine::default())
}

fn zones() -> ZoneHistory {
    ZoneHistory::fixed(chrono_tz::America::New_York)
}

/// The same occurrences over 100 days around the plans (DST included), and
/// for as-needed plans the same limits.
fn same_doses(a: &DosingPlan, b: &DosingPlan) -> Result<(), TestCaseError> {
    let expanded = |p: &DosingPlan| {
        expand(
            std::slice::from_ref(p),
            &routines(),
            &zones(),
            d(-10),
            d(90),
        )
    };
    prop_assert_eq!(expanded(a).unwrap(), expanded(b).unwrap());
    prop_assert_eq!(a.as_needed.is_some(), b.as_needed.is_some());
    if let (Some(x), Some(y)) = (&a.as_needed, &b.as_needed) {
        prop_assert_eq!(x.min_interval_minutes, y.min_interval_minutes);
        prop_assert_eq!(&x.reason, &y.reason);
        prop_assert_eq!(&x.max_per_administration, &y.max_per_administration);
        match (&x.max_per_period, &y.max_per_period) {
            (Some(m), Some(n)) => {
                prop_assert_eq!(m.period_minutes, n.period_minutes);
                prop_assert_eq!(&m.amount.unit, &n.amount.unit);
                prop_assert!((m.amount.amount - n.amount.amount).abs() <= m.amount.amount * 1e-12);
            }
            (m, n) => prop_assert_eq!(m, n),
        }
        prop_assert_eq!((a.start, a.end), (b.start, b.end));
    }
    Ok(())
}
