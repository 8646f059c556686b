//! Named cases of [`plan_form`] and [`plan_from_form`]: the rules the
//! Kotlin and Swift kits used to apply, and where the core is stricter.

use super::*;
use crate::schedule::plan::{DoseStep, Hold, SlotDose};
use crate::schedule::validate_plan;

const PLAN: &str = "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1c0f1";
const MED: &str = "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1c0f2";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn form(times: FormTimes, days: FormDays) -> PlanForm {
    PlanForm {
        dose: Dose::new(1.0, "tablet"),
        times,
        days,
        start: Some(d(2027, 3, 1)),
        end: None,
    }
}

fn moments(m: &[EventTiming]) -> FormTimes {
    FormTimes::AtMoments {
        moments: m.to_vec(),
    }
}

fn stored(f: &PlanForm) -> DosingPlan {
    let plan = plan_from_form(f).unwrap().into_plan(PLAN, MED, 1);
    validate_plan(&plan).unwrap();
    plan
}

fn field(f: &PlanForm) -> String {
    match plan_from_form(f) {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A FHIR-style daily plan: when codes, period 1 d.
fn daily(when: &[EventTiming]) -> DosingPlan {
    DosingPlan::new(
        PLAN,
        MED,
        Dose::new(50.0, "mg"),
        Timing::daily_when(when, None),
    )
}

#[test]
fn moments_read_in_the_order_of_a_day() {
    use EventTiming as E;
    assert_eq!(
        moments_in_day_order(&[E::Hs, E::Morn, E::Cm, E::Wake, E::Acm, E::Cm]),
        vec![E::Wake, E::Cm, E::Hs, E::Morn, E::Acm]
    );
}

#[test]
fn a_form_builds_the_plan_the_kits_built() {
    let f = form(
        moments(&[EventTiming::Hs, EventTiming::Cm]),
        FormDays::OnWeekdays {
            weekdays: vec![DayOfWeek::Fri, DayOfWeek::Mon, DayOfWeek::Mon],
        },
    );
    let plan = stored(&f);
    let r = &plan.timing.repeat;
    assert_eq!(r.when, vec![EventTiming::Cm, EventTiming::Hs]);
    assert_eq!(r.day_of_week, vec![DayOfWeek::Mon, DayOfWeek::Fri]);
    assert_eq!(
        (r.period, r.period_unit),
        (Some(1.0), Some(PeriodUnit::Day))
    );
    assert_eq!(plan.zone_policy, ZonePolicy::FollowDevice);
    assert_eq!(plan.start, Some(d(2027, 3, 1)));
    let back = plan_form(&plan).unwrap();
    assert_eq!(back.times, moments(&[EventTiming::Cm, EventTiming::Hs]));
    assert_eq!(
        back.days,
        FormDays::OnWeekdays {
            weekdays: vec![DayOfWeek::Mon, DayOfWeek::Fri]
        }
    );

    let clock = form(
        FormTimes::AtClockTimes {
            clock_times: vec![t(20, 0), t(8, 0), t(20, 0)],
        },
        FormDays::EveryNDays {
            every: 2,
            start: d(2027, 3, 2),
        },
    );
    let plan = stored(&clock);
    assert_eq!(plan.timing.repeat.time_of_day, vec![t(8, 0), t(20, 0)]);
    assert_eq!(
        plan.timing.day_rule,
        Some(DayRule::EveryNDays {
            start: d(2027, 3, 2),
            every: 2
        })
    );
}

#[test]
fn as_needed_limits_are_whole_doses_a_day_and_whole_hours() {
    let mut f = form(
        FormTimes::AsNeeded {
            max_per_day: Some(3),
            min_hours_apart: Some(4),
        },
        FormDays::EveryDay,
    );
    f.dose = Dose::new(0.1, "mg");
    let plan = stored(&f);
    let a = plan.as_needed.clone().unwrap();
    assert_eq!(a.max_per_period.unwrap().period_minutes, 1440);
    assert_eq!(a.min_interval_minutes, Some(240));
    assert_eq!(plan.timing.repeat, TimingRepeat::default());
    assert_eq!(plan_form(&plan), Some(f.clone()));

    // A prescriber's 0.3 mg a day of 0.1 mg doses is three doses (0.1 × 3 is not 0.3 in binary).
    let mut typed = plan.clone();
    typed.as_needed.as_mut().unwrap().max_per_period = Some(MaxPerPeriod {
        amount: Dose::new(0.3, "mg"),
        period_minutes: 1440,
    });
    assert_eq!(plan_form(&typed), Some(f));
}

#[test]
fn custom_plans_the_kits_also_refused() {
    let cm = daily(&[EventTiming::Cm]);
    assert!(plan_form(&cm).is_some());
    let mut taper = cm.clone();
    taper.steps = vec![DoseStep {
        start: d(2027, 3, 1),
        days: Some(7),
        dose: Dose::new(25.0, "mg"),
        slot_doses: vec![],
        timing: cm.timing.clone(),
    }];
    let every_8_hours = DosingPlan::new(PLAN, MED, Dose::new(200.0, "mg"), Timing::every_hours(8));
    let mut cycle = cm.clone();
    cycle.timing.day_rule = Some(DayRule::Cycle {
        start: d(2027, 3, 1),
        days_on: 21,
        days_off: 7,
    });
    let mut offset = daily(&[EventTiming::Acm]);
    offset.timing.repeat.offset = Some(60);
    let mut count = cm.clone();
    count.timing.repeat.count = Some(10);
    let mut bounded = cm.clone();
    bounded.timing.repeat.bounds = Some(TimingBounds::Duration {
        value: 10.0,
        unit: PeriodUnit::Day,
    });
    let mut reason = cm.clone();
    reason.as_needed = Some(AsNeeded {
        reason: Some("anxiety".into()),
        max_per_period: None,
        max_per_administration: None,
        min_interval_minutes: None,
    });
    for (name, p) in [
        ("taper", taper),
        ("every 8 hours", every_8_hours),
        ("cycle", cycle),
        ("offset", offset),
        ("count", count),
        ("bounds duration", bounded),
        ("as-needed reason", reason),
    ] {
        assert_eq!(plan_form(&p), None, "{name}");
    }
}

#[test]
fn custom_plans_the_kits_mapped_and_saving_would_have_changed() {
    let cm = daily(&[EventTiming::Cm]);
    let mut slot_doses = daily(&[EventTiming::Cm, EventTiming::Hs]);
    slot_doses.slot_doses = vec![SlotDose {
        slot: "when@HS".into(),
        dose: Dose::new(25.0, "mg"),
    }];
    let mut pinned = cm.clone();
    pinned.zone_policy = ZonePolicy::Pinned {
        zone: chrono_tz::Europe::Berlin,
    };
    let mut held = cm.clone();
    held.holds = vec![Hold {
        from: d(2027, 3, 10),
        to: Some(d(2027, 3, 12)),
    }];
    let mut min_interval = cm.clone();
    min_interval.min_interval_minutes = Some(600);
    let mut range = cm.clone();
    range.timing.repeat.frequency = Some(1);
    range.timing.repeat.frequency_max = Some(2);
    let mut instant = cm.clone();
    instant.timing.repeat.bounds = Some(TimingBounds::Period {
        start: Some(BoundaryPoint::Instant {
            at: chrono::DateTime::parse_from_rfc3339("2027-03-01T08:00:00-05:00").unwrap(),
        }),
        end: None,
    });
    let mut every_day = cm.clone();
    every_day.timing.day_rule = Some(DayRule::EveryNDays {
        start: d(2027, 3, 1),
        every: 1,
    });
    let prn = |a: AsNeeded| {
        let mut p = DosingPlan::new(PLAN, MED, Dose::new(1.0, "tablet"), Timing::default());
        p.as_needed = Some(a);
        p
    };
    let limits = |m: Option<u32>| AsNeeded {
        reason: None,
        max_per_period: None,
        max_per_administration: None,
        min_interval_minutes: m,
    };
    for (name, p) in [
        ("per-slot doses", slot_doses),
        ("pinned zone", pinned),
        ("hold", held),
        ("own minimum interval", min_interval),
        ("frequency range", range),
        ("bounds instant", instant),
        ("every 1 day", every_day),
        ("0 hours apart", prn(limits(Some(0)))),
        ("90 minutes apart", prn(limits(Some(90)))),
        ("8 days apart", prn(limits(Some(8 * 24 * 60)))),
        (
            "half a dose a day",
            prn(AsNeeded {
                max_per_period: Some(MaxPerPeriod {
                    amount: Dose::new(0.5, "tablet"),
                    period_minutes: 1440,
                }),
                ..limits(None)
            }),
        ),
    ] {
        validate_plan(&p).unwrap();
        assert_eq!(plan_form(&p), None, "{name}");
    }
}

#[test]
fn fhir_shapes_with_the_same_doses_are_the_forms() {
    // Once a day with frequency 1 and a boundsPeriod of dates, as prescribers send it.
    let mut p = daily(&[EventTiming::Cm, EventTiming::Cv]);
    p.timing.repeat.frequency = Some(2);
    p.timing.repeat.bounds = Some(TimingBounds::Period {
        start: Some(BoundaryPoint::Date {
            date: d(2027, 3, 5),
        }),
        end: Some(BoundaryPoint::Date {
            date: d(2027, 4, 5),
        }),
    });
    p.start = Some(d(2027, 3, 1));
    p.end = Some(d(2027, 3, 31));
    let f = plan_form(&p).unwrap();
    assert_eq!(f.times, moments(&[EventTiming::Cm, EventTiming::Cv]));
    assert_eq!(
        (f.start, f.end),
        (Some(d(2027, 3, 5)), Some(d(2027, 3, 31)))
    );
    // Bounds that end before the plan starts leave no dose: not a form.
    let mut never = p.clone();
    never.timing.repeat.bounds = Some(TimingBounds::Period {
        start: None,
        end: Some(BoundaryPoint::Date {
            date: d(2027, 2, 1),
        }),
    });
    validate_plan(&never).unwrap();
    assert_eq!(plan_form(&never), None);
    // With each meal counts three doses a day.
    let mut meals = daily(&[EventTiming::C]);
    meals.timing.repeat.frequency = Some(3);
    assert!(plan_form(&meals).is_some());
    meals.timing.repeat.frequency = Some(1);
    assert_eq!(plan_form(&meals), None);
}

#[test]
fn refusals_name_the_forms_fields() {
    let good = form(moments(&[EventTiming::Cm]), FormDays::EveryDay);
    let with = |edit: &dyn Fn(&mut PlanForm)| {
        let mut f = good.clone();
        edit(&mut f);
        field(&f)
    };
    assert_eq!(with(&|f| f.dose.amount = 0.0), "dose.amount");
    assert_eq!(with(&|f| f.dose.amount = f64::NAN), "dose.amount");
    assert_eq!(with(&|f| f.dose.unit = " ".into()), "dose.unit");
    assert_eq!(with(&|f| f.times = moments(&[])), "times.moments");
    let clock = |times: Vec<NaiveTime>| FormTimes::AtClockTimes { clock_times: times };
    assert_eq!(with(&|f| f.times = clock(vec![])), "times.clock_times");
    let many: Vec<NaiveTime> = (0..49).map(|i| t(i / 3, (i % 3) * 20)).collect();
    assert_eq!(
        with(&|f| f.times = clock(many.clone())),
        "times.clock_times"
    );
    let prn = |max: Option<u32>, hours: Option<u32>| FormTimes::AsNeeded {
        max_per_day: max,
        min_hours_apart: hours,
    };
    assert_eq!(with(&|f| f.times = prn(Some(0), None)), "times.max_per_day");
    assert_eq!(
        with(&|f| f.times = prn(None, Some(0))),
        "times.min_hours_apart"
    );
    assert_eq!(
        with(&|f| f.times = prn(None, Some(169))),
        "times.min_hours_apart"
    );
    assert_eq!(
        with(&|f| f.days = FormDays::OnWeekdays { weekdays: vec![] }),
        "days.weekdays"
    );
    for every in [0, 1, 1001] {
        let days = FormDays::EveryNDays {
            every,
            start: d(2027, 3, 1),
        };
        assert_eq!(with(&|f| f.days = days.clone()), "days.every");
    }
    assert_eq!(with(&|f| f.end = Some(d(2027, 2, 28))), "end");
    // The limits themselves are fine.
    let mut edge = good.clone();
    edge.times = prn(Some(1), Some(168));
    edge.days = FormDays::EveryNDays {
        every: 1000,
        start: d(2027, 3, 1),
    };
    edge.end = edge.start;
    assert_eq!(plan_form(&stored(&edge)), Some(edge));
}
