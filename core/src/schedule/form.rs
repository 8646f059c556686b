//! The set-up form's view of a dosing plan: a dose, when in the day (routine
//! moments, clock times, or as needed) and which days (every day, some
//! weekdays, every N days), from a start to an end date. [`plan_from_form`]
//! builds the plan a filled-in [`PlanForm`] describes; [`plan_form`] reads a
//! stored plan back into the form, or answers `None`: a *custom* plan the form
//! cannot express (a taper, every 8 hours, a cycle...), which apps show as
//! "custom schedule" and leave to the prescriber.
//!
//! **The rule.** `plan_form(p)` is `Some(f)` only when saving `f` unchanged
//! gives the same doses and limits as `p`, so editing a plan through the form
//! never changes what the person did not touch. A plan is custom when it has
//! steps, per-slot doses, holds, a pinned zone or its own minimum interval;
//! when its timing is not "every day" (period 1 `d`) with clock times or
//! `when` codes and nothing else that acts on the schedule (`count`,
//! `duration`, `offset`, `periodMax`, `frequencyMax`, a `frequency` other
//! than one dose per time, a bounds duration or a bounds instant); when its
//! day rule is not "every N days" (N ≥ 2) alone; and, as needed, when it
//! has a reason, a maximum per administration, a daily maximum that is not a
//! whole number of doses in the dose's unit per 1440 minutes, or a minimum
//! interval that is not 1 to 168 whole hours. A `boundsPeriod` of dates is
//! folded into the form's start and end (the doses are the same; bounds that
//! leave no date at all are custom). An
//! as-needed plan has no doses to place: only its limits and day pattern are
//! read, as the apps did.
//!
//! **Canonical form.** Forms read from plans list moments in the order of a
//! day ([`moments_in_day_order`]), clock times and weekdays sorted, each once.
//! [`plan_from_form`] accepts any order and repeats, so for every form that
//! validates, `plan_form(plan_from_form(f))` is `f` in canonical form.
//!
//! Refusals name the form's fields: `dose.amount`, `dose.unit`,
//! `times.moments`, `times.clock_times`, `times.max_per_day`,
//! `times.min_hours_apart`, `days.weekdays`, `days.every`, `end`.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

use super::compile::MAX_DAILY_SLOTS;
use super::events::anchors;
use super::input::DosingPlanInput;
use super::plan::{AsNeeded, Dose, DosingPlan, MaxPerPeriod, ZonePolicy};
use super::timing::{
    BoundaryPoint, DayOfWeek, DayRule, EventTiming, PeriodUnit, Timing, TimingBounds, TimingRepeat,
};
use super::validate::validate_dose;

/// The routine moments the form offers, in the order of a day: waking,
/// breakfast, lunch, dinner, bedtime.
pub const FORM_MOMENTS: [EventTiming; 5] = [
    EventTiming::Wake,
    EventTiming::Cm,
    EventTiming::Cd,
    EventTiming::Cv,
    EventTiming::Hs,
];
/// The longest gap between two as-needed doses the form takes, in hours (a week).
pub const MAX_HOURS_APART: u32 = 168;
/// The longest "every N days" the form takes.
pub const MAX_EVERY_DAYS: u32 = 1000;

/// Fewest days between doses of an "every N days" plan (every other day).
pub const MIN_EVERY_DAYS: u32 = 2;
/// The as-needed daily maximum counts doses in this rolling period.
const MINUTES_PER_DAY: u32 = 1440;

/// When in the day doses are due, as the form asks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FormTimes {
    /// At routine moments (`when` codes such as `CM`, with breakfast): the
    /// doses move when the person's routine does.
    AtMoments {
        /// The moments, at least one.
        moments: Vec<EventTiming>,
    },
    /// At fixed clock times, read in the zone the person is in.
    AtClockTimes {
        /// The times, at least one, at most 48.
        clock_times: Vec<NaiveTime>,
    },
    /// Only when needed (PRN): no reminders.
    AsNeeded {
        /// At most this many doses in any 24 hours (at least 1), if limited.
        max_per_day: Option<u32>,
        /// At least this many hours between two doses (1 to 168), if limited.
        min_hours_apart: Option<u32>,
    },
}

/// Which days doses fall on, as the form asks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FormDays {
    /// Every day.
    EveryDay,
    /// On these days of the week only.
    OnWeekdays {
        /// The days, at least one.
        weekdays: Vec<DayOfWeek>,
    },
    /// Every `every` days (2: every other day), counted from `start`.
    EveryNDays {
        /// Days between dose days, 2 to 1000.
        every: u32,
        /// The first dose day.
        start: NaiveDate,
    },
}

/// A dosing plan in the set-up form's terms (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PlanForm {
    /// The dose each time.
    pub dose: Dose,
    /// When in the day.
    pub times: FormTimes,
    /// Which days.
    pub days: FormDays,
    /// The first day of the plan, if set.
    pub start: Option<NaiveDate>,
    /// The last day of the plan, if set.
    pub end: Option<NaiveDate>,
}

/// `moments` in the order of a day, each once: the form's moments first
/// ([`FORM_MOMENTS`]), then any other code in FHIR's order.
pub fn moments_in_day_order(moments: &[EventTiming]) -> Vec<EventTiming> {
    let mut out = moments.to_vec();
    out.sort_by_key(|e| {
        let offered = FORM_MOMENTS.iter().position(|m| m == e);
        (offered.unwrap_or(FORM_MOMENTS.len()), *e)
    });
    out.dedup();
    out
}

fn sorted<T: Ord + Copy>(items: &[T]) -> Vec<T> {
    let mut out = items.to_vec();
    out.sort();
    out.dedup();
    out
}

/// The plan `form` describes (validated: what it returns, the store accepts).
/// Lists may come in any order and with repeats. A refusal names the form's
/// field (`times.moments`, `days.every`, ...), never the plan's.
pub fn plan_from_form(form: &PlanForm) -> Result<DosingPlanInput> {
    validate_dose("dose", &form.dose)?;
    let daily = |repeat: TimingRepeat| TimingRepeat {
        period: Some(1.0),
        period_unit: Some(PeriodUnit::Day),
        ..repeat
    };
    let mut as_needed = None;
    let mut repeat = match &form.times {
        FormTimes::AtMoments { moments } => {
            if moments.is_empty() {
                return Err(Error::invalid("times.moments", "choose when in the day"));
            }
            daily(TimingRepeat {
                when: moments_in_day_order(moments),
                ..TimingRepeat::default()
            })
        }
        FormTimes::AtClockTimes { clock_times } => {
            let times = sorted(clock_times);
            if times.is_empty() {
                return Err(Error::invalid("times.clock_times", "add a time"));
            }
            if times.len() > MAX_DAILY_SLOTS as usize {
                return Err(Error::invalid(
                    "times.clock_times",
                    format!("at most {MAX_DAILY_SLOTS} times a day"),
                ));
            }
            daily(TimingRepeat {
                time_of_day: times,
                ..TimingRepeat::default()
            })
        }
        FormTimes::AsNeeded {
            max_per_day,
            min_hours_apart,
        } => {
            as_needed = Some(limits(&form.dose, *max_per_day, *min_hours_apart)?);
            TimingRepeat::default()
        }
    };
    let day_rule = match &form.days {
        FormDays::EveryDay => None,
        FormDays::OnWeekdays { weekdays } => {
            if weekdays.is_empty() {
                return Err(Error::invalid("days.weekdays", "choose at least one day"));
            }
            repeat.day_of_week = sorted(weekdays);
            None
        }
        FormDays::EveryNDays { every, start } => {
            if *every < MIN_EVERY_DAYS {
                return Err(Error::invalid(
                    "days.every",
                    format!("every {MIN_EVERY_DAYS} days or more"),
                ));
            }
            if *every > MAX_EVERY_DAYS {
                return Err(Error::invalid(
                    "days.every",
                    format!("at most every {MAX_EVERY_DAYS} days"),
                ));
            }
            Some(DayRule::EveryNDays {
                start: *start,
                every: *every,
            })
        }
    };
    if let (Some(s), Some(e)) = (form.start, form.end) {
        if e < s {
            return Err(Error::invalid("end", "the plan ends before it starts"));
        }
    }
    let mut plan = DosingPlanInput::new(form.dose.clone(), Timing { repeat, day_rule });
    plan.start = form.start;
    plan.end = form.end;
    plan.as_needed = as_needed;
    Ok(plan)
}

/// The as-needed limits of the form's numbers.
fn limits(dose: &Dose, max_per_day: Option<u32>, min_hours_apart: Option<u32>) -> Result<AsNeeded> {
    let max_per_period = match max_per_day {
        None => None,
        Some(0) => {
            return Err(Error::invalid(
                "times.max_per_day",
                "at least 1 dose a day, or no limit",
            ))
        }
        Some(n) => {
            let amount = daily_amount(dose, n);
            if !amount.is_finite() {
                return Err(Error::invalid("times.max_per_day", "too many doses a day"));
            }
            Some(MaxPerPeriod {
                amount: Dose::new(amount, dose.unit.clone()),
                period_minutes: MINUTES_PER_DAY,
            })
        }
    };
    if min_hours_apart.is_some_and(|h| !(1..=MAX_HOURS_APART).contains(&h)) {
        return Err(Error::invalid(
            "times.min_hours_apart",
            format!("between 1 and {MAX_HOURS_APART} hours, or no limit"),
        ));
    }
    Ok(AsNeeded {
        reason: None,
        max_per_period,
        max_per_administration: None,
        min_interval_minutes: min_hours_apart.map(|h| h * 60),
    })
}

/// What `n` doses a day amount to: the one product both directions use.
fn daily_amount(dose: &Dose, n: u32) -> f64 {
    dose.amount * f64::from(n)
}

/// `plan` in the form's terms, or `None` for a custom plan (see the rule in
/// the module docs). The form's lists are in canonical order.
pub fn plan_form(plan: &DosingPlan) -> Option<PlanForm> {
    if !plan.steps.is_empty()
        || !plan.slot_doses.is_empty()
        || !plan.holds.is_empty()
        || plan.zone_policy != ZonePolicy::FollowDevice
        || plan.min_interval_minutes.is_some()
        // A prescribed range, information doses or a text-only instruction
        // are more than the form shows: saving it would lose them.
        || plan.prescribed.as_ref().is_some_and(|p| {
            p.dose_min.is_some() || !p.information_doses.is_empty() || p.needs_schedule
        })
    {
        return None;
    }
    let (times, start, end) = match &plan.as_needed {
        Some(a) => (as_needed_times(a, &plan.dose)?, plan.start, plan.end),
        None => {
            let (from, to) = bound_dates(plan.timing.repeat.bounds.as_ref())?;
            let start = [plan.start, from].into_iter().flatten().max();
            let end = [plan.end, to].into_iter().flatten().min();
            if start.zip(end).is_some_and(|(s, e)| e < s) {
                return None; // bounds outside the plan's dates: no dose at all
            }
            (scheduled_times(&plan.timing.repeat)?, start, end)
        }
    };
    Some(PlanForm {
        dose: plan.dose.clone(),
        times,
        days: form_days(&plan.timing)?,
        start,
        end,
    })
}

/// The dates of a `boundsPeriod` (start, end); `None` when the bounds are
/// not dates (an instant, a duration).
fn bound_dates(bounds: Option<&TimingBounds>) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let date = |p: &Option<BoundaryPoint>| match p {
        None => Some(None),
        Some(BoundaryPoint::Date { date }) => Some(Some(*date)),
        Some(BoundaryPoint::Instant { .. }) => None,
    };
    match bounds {
        None => Some((None, None)),
        Some(TimingBounds::Period { start, end }) => Some((date(start)?, date(end)?)),
        Some(TimingBounds::Duration { .. }) => None,
    }
}

/// Daily clock times or moments, once per time; `None` for anything else.
fn scheduled_times(r: &TimingRepeat) -> Option<FormTimes> {
    let daily = r.period == Some(1.0)
        && r.period_unit == Some(PeriodUnit::Day)
        && r.period_max.is_none()
        && r.frequency_max.is_none()
        && r.offset.is_none()
        && r.count.is_none()
        && r.duration.is_none();
    if !daily {
        return None;
    }
    let slots: usize = r.time_of_day.len()
        + r.when
            .iter()
            .map(|&w| anchors(w, None).count())
            .sum::<usize>();
    if r.frequency.is_some_and(|f| f as usize != slots) {
        return None;
    }
    match (r.time_of_day.is_empty(), r.when.is_empty()) {
        (false, true) => Some(FormTimes::AtClockTimes {
            clock_times: sorted(&r.time_of_day),
        }),
        (true, false) => Some(FormTimes::AtMoments {
            moments: moments_in_day_order(&r.when),
        }),
        _ => None,
    }
}

/// The form's as-needed limits, or `None` when the prescriber's are finer.
fn as_needed_times(a: &AsNeeded, dose: &Dose) -> Option<FormTimes> {
    if a.reason.is_some() || a.max_per_administration.is_some() {
        return None;
    }
    let max_per_day = match &a.max_per_period {
        None => None,
        Some(m) => {
            if m.period_minutes != MINUTES_PER_DAY || m.amount.unit != dose.unit {
                return None;
            }
            let n = (m.amount.amount / dose.amount).round();
            if !(1.0..=f64::from(u32::MAX)).contains(&n) {
                return None;
            }
            let n = n as u32;
            // Whole doses only; a last-bit difference (0.1 × 3) is the same limit.
            let diff = (daily_amount(dose, n) - m.amount.amount).abs();
            if diff > m.amount.amount * 1e-12 {
                return None;
            }
            Some(n)
        }
    };
    let min_hours_apart = match a.min_interval_minutes {
        None => None,
        Some(m) if m % 60 == 0 && (1..=MAX_HOURS_APART).contains(&(m / 60)) => Some(m / 60),
        Some(_) => return None,
    };
    Some(FormTimes::AsNeeded {
        max_per_day,
        min_hours_apart,
    })
}

/// The form's day pattern; `None` for other day rules.
fn form_days(t: &Timing) -> Option<FormDays> {
    let weekdays = &t.repeat.day_of_week;
    match &t.day_rule {
        Some(DayRule::EveryNDays { start, every })
            if weekdays.is_empty() && (2..=MAX_EVERY_DAYS).contains(every) =>
        {
            Some(FormDays::EveryNDays {
                every: *every,
                start: *start,
            })
        }
        Some(_) => None,
        None if weekdays.is_empty() => Some(FormDays::EveryDay),
        None => Some(FormDays::OnWeekdays {
            weekdays: sorted(weekdays),
        }),
    }
}

#[cfg(test)]
mod tests;
