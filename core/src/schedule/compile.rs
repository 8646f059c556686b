//! Compiles a plan's timings into the engine's form: the daily slots (with
//! their stable keys and doses) and the rule that picks dose days, or the
//! elapsed interval. Structural errors are reported here.
//!
//! **Reading of `Timing.repeat`.**
//! * No period: once per day (FHIR "missing frequency means once per period",
//!   the period being a day). `periodUnit` without `period` means period 1.
//! * Daily slots come from `timeOfDay` (slot `time@HH:MM`), or `when` (slot
//!   `when@CODE`, `when@C.lunch` for each meal of `C`/`AC`/`PC`), or, with
//!   neither, `frequency` doses spread evenly from wake to bedtime (slot
//!   `dose#i`; one dose a day is in the morning).
//! * `d`: every `period` days from the start date; `frequency` counts doses per
//!   period, so it is the number of daily slots times the dose days per period.
//! * `wk`: with `dayOfWeek`, those days every `period` weeks (weeks start on
//!   Monday, counted from the week of the start date); without, `frequency`
//!   dose days spread evenly over each period from the start date.
//! * `mo`, `a`: dose days spread evenly over each period of `period` months
//!   (12 per year) from the start date; day 31 falls on a short month's last day.
//! * `s`, `min`, `h`: elapsed time, one dose every `period / frequency`
//!   (at least 5 minutes, whole seconds) from the first dose, which is:
//!   the start date at `timeOfDay` (one value at most) when given; else the
//!   instant of `boundsPeriod.start` when it carries a time (a FHIR
//!   `dateTime` with its offset: "every 8 h from 22:00" starts at 22:00),
//!   shown on the wall clock of the plan's zone policy; else — the start has
//!   no time (a `date`, or only the plan's start date) — the person's wake
//!   time on the start date. Spacing is elapsed, so it holds across DST.
//! * `dayOfWeek` with `d`, elapsed units or a day rule filters the dose days.
//! * `count` counts the timing's doses from its first (paused ones included:
//!   a hold does not extend a course).

use chrono::{Datelike, NaiveDate, NaiveTime};

use crate::error::{Error, Result};
use crate::model::routine::RoutineEvent;
use crate::text::SmallString;

use super::events::anchors;
use super::plan::{Dose, DosingPlan, SlotDose};
use super::timing::{BoundaryPoint, DayRule, EventTiming, PeriodUnit, Timing, TimingBounds};
use super::validate::{validate_plan_fields, validate_timing};

/// Shortest elapsed interval, in seconds.
pub const MIN_ELAPSED_SECONDS: i64 = 300;

/// When a slot is, before the routine is read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SlotTime {
    /// A fixed wall-clock time.
    Clock(NaiveTime),
    /// A routine event plus minutes (the routine version may change it).
    Event(RoutineEvent, i32),
    /// 12:00 plus minutes.
    Noon(i32),
    /// Dose `index` of `of`, spread evenly from wake to bedtime.
    Spread(u32, u32),
}

/// One daily slot.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Slot {
    pub key: SmallString,
    pub time: SlotTime,
    pub when: Option<EventTiming>,
    pub dose: Dose,
}

/// Which local dates have doses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DaySel {
    /// Periods of `period_days` from `anchor`; dose days at these offsets.
    Every {
        anchor: Option<NaiveDate>,
        period_days: u32,
        offsets: Vec<u32>,
    },
    /// Weekdays in `mask` every `every` weeks from the week of `anchor_monday`.
    Weeks {
        anchor_monday: Option<NaiveDate>,
        every: u32,
        mask: u8,
    },
    /// `k` dose days spread over periods of `months` months from `anchor`.
    Months {
        anchor: NaiveDate,
        months: u32,
        k: u32,
    },
    /// A day rule beyond FHIR.
    Rule(DayRule),
}

/// A compiled timing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    /// Calendar-local slots on selected dates.
    Calendar { slots: Vec<Slot>, days: DaySel },
    /// Elapsed time from a first dose.
    Elapsed {
        interval_secs: i64,
        first_time: Option<NaiveTime>,
        key_prefix: String,
        dose: Dose,
    },
}

/// One regime: the plan's own timing or one step.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Regime {
    pub shape: Shape,
    /// Weekday filter (bit 0 = Monday); 0x7f when none.
    pub dow_mask: u8,
    pub count: Option<u32>,
    pub bounds: Option<TimingBounds>,
    /// The date periods and counts start from.
    pub anchor: Option<NaiveDate>,
    /// The step index, `None` for the plan's own timing.
    pub step: Option<u32>,
    /// For steps: first and last-plus-one local date (the switch time applies).
    pub step_range: Option<(NaiveDate, Option<NaiveDate>)>,
    /// Days to look back for the dose before a window.
    pub lookback_days: u32,
}

/// A compiled plan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CompiledPlan {
    pub regimes: Vec<Regime>,
}

/// Checks everything in a plan, including its compiled structure. The
/// use cases call this before saving; expansion calls it too.
pub fn validate_plan(p: &DosingPlan) -> Result<()> {
    compile_plan(p)?;
    // Without a start, "for 4 days" or "6 doses" would count from wherever
    // a window begins: never ending, or never starting. Refused when a plan
    // is saved (the use cases give such a plan today as its start first);
    // a plan stored before this rule still expands as it did.
    let r = &p.timing.repeat;
    if p.as_needed.is_none()
        && !p.needs_schedule()
        && p.start.is_none()
        && bounds_start(&p.timing).is_none()
        && (r.count.is_some() || matches!(r.bounds, Some(TimingBounds::Duration { .. })))
    {
        return Err(Error::invalid(
            "timing.start",
            "a count or a boundsDuration needs a start date (the plan's start or a bounds start)",
        ));
    }
    Ok(())
}

/// Validates and compiles a plan.
pub(crate) fn compile_plan(p: &DosingPlan) -> Result<CompiledPlan> {
    validate_plan_fields(p)?;
    if p.needs_schedule() {
        if p.as_needed.is_some() || !p.steps.is_empty() {
            return Err(Error::invalid(
                "prescribed.needs_schedule",
                "a plan that needs a schedule has no steps and is not as-needed",
            ));
        }
        // A text-only instruction: no occurrences, no reminders.
        return Ok(CompiledPlan {
            regimes: Vec::new(),
        });
    }
    if p.as_needed.is_some() {
        // As-needed plans are never expanded; their timing only has to be valid.
        return Ok(CompiledPlan {
            regimes: Vec::new(),
        });
    }
    let mut regimes = Vec::with_capacity(1 + p.steps.len());
    let base_anchor = p.start.or_else(|| bounds_start(&p.timing));
    regimes.push(compile_timing(
        "timing",
        &p.timing,
        &p.dose,
        &p.slot_doses,
        "slot_doses",
        "",
        base_anchor,
        None,
    )?);
    for (i, s) in p.steps.iter().enumerate() {
        let at = format!("steps[{i}].timing");
        let mut r = compile_timing(
            &at,
            &s.timing,
            &s.dose,
            &s.slot_doses,
            &format!("steps[{i}].slot_doses"),
            &format!("step{i}/"),
            Some(s.start),
            Some(i as u32),
        )?;
        let end = s.days.map(|d| s.start + chrono::Days::new(u64::from(d)));
        r.step_range = Some((s.start, end));
        regimes.push(r);
    }
    Ok(CompiledPlan { regimes })
}

fn bounds_start(t: &Timing) -> Option<NaiveDate> {
    match &t.repeat.bounds {
        Some(TimingBounds::Period { start: Some(s), .. }) => Some(s.date()),
        _ => None,
    }
}

fn whole(x: f64) -> Option<u32> {
    (x.fract() == 0.0 && x >= 1.0 && x <= f64::from(u32::MAX)).then_some(x as u32)
}

/// `k` dose-day offsets spread evenly over `len` days.
pub(crate) fn spread(k: u32, len: u32) -> Vec<u32> {
    (0..k)
        .map(|i| (u64::from(i) * u64::from(len) / u64::from(k)) as u32)
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn compile_timing(
    at: &str,
    t: &Timing,
    dose: &Dose,
    slot_doses: &[SlotDose],
    slot_doses_at: &str,
    prefix: &str,
    anchor: Option<NaiveDate>,
    step: Option<u32>,
) -> Result<Regime> {
    validate_timing(at, t)?;
    let r = &t.repeat;
    let f = |name: &str| format!("{at}.repeat.{name}");
    let unit = r.period_unit.unwrap_or(PeriodUnit::Day);
    let period = r.period.unwrap_or(1.0);
    let mut dow_mask: u8 = 0;
    for d in &r.day_of_week {
        dow_mask |= 1 << d.weekday().num_days_from_monday();
    }
    let dow_filter = if dow_mask == 0 { 0x7f } else { dow_mask };
    let anchor = anchor.or_else(|| bounds_start(t));
    let need_anchor = |why: &str| {
        Error::invalid(
            format!("{at}.start"),
            format!("{why} needs a start date (the plan's start, a step start or a bounds start)"),
        )
    };

    if unit.is_elapsed() {
        if !r.when.is_empty() {
            return Err(Error::invalid(f("when"), "`when` cannot be used with an elapsed period (s, min, h); give the first dose time in timeOfDay"));
        }
        if r.time_of_day.len() > 1 {
            return Err(Error::invalid(
                f("time_of_day"),
                "an elapsed period (s, min, h) takes at most one timeOfDay: the first dose",
            ));
        }
        if t.day_rule.is_some() {
            return Err(Error::invalid(
                format!("{at}.day_rule"),
                "a day rule needs a period of 1 d",
            ));
        }
        let total = period * unit.nominal_seconds() / f64::from(r.frequency.unwrap_or(1));
        if total.fract().abs() > 1e-9 || total < MIN_ELAPSED_SECONDS as f64 {
            return Err(Error::invalid(f("period"), "an elapsed interval (period / frequency) must be whole seconds and at least 5 minutes"));
        }
        let anchor = anchor.ok_or_else(|| need_anchor("an elapsed period"))?;
        let key_prefix = format!("{prefix}interval#");
        check_slot_doses(slot_doses, slot_doses_at, &[])?;
        return Ok(Regime {
            lookback_days: (total / 86_400.0).ceil() as u32 + 1,
            shape: Shape::Elapsed {
                interval_secs: total as i64,
                first_time: r.time_of_day.first().copied(),
                key_prefix,
                dose: dose.clone(),
            },
            dow_mask: dow_filter,
            count: r.count,
            bounds: r.bounds.clone(),
            anchor: Some(anchor),
            step,
            step_range: None,
        });
    }

    let p = whole(period).ok_or_else(|| {
        Error::invalid(
            f("period"),
            "a calendar period (d, wk, mo, a) must be a whole number; use h for parts of a day",
        )
    })?;
    // Daily slots named by the timing, if any.
    let mut times: Vec<(String, SlotTime, Option<EventTiming>)> = Vec::new();
    if !r.time_of_day.is_empty() {
        let mut tod = r.time_of_day.clone();
        tod.sort();
        for t in tod {
            times.push((
                format!("{prefix}time@{}", crate::time::format_time(t)),
                SlotTime::Clock(t),
                None,
            ));
        }
    } else {
        for &w in &r.when {
            for a in anchors(w, r.offset) {
                let key = match a.meal {
                    Some(m) => format!("{prefix}when@{}.{m}", w.fhir_code()),
                    None => format!("{prefix}when@{}", w.fhir_code()),
                };
                let time = match a.event {
                    Some(e) => SlotTime::Event(e, a.delta_minutes),
                    None => SlotTime::Noon(a.delta_minutes),
                };
                times.push((key, time, Some(w)));
            }
        }
    }
    let named = (!times.is_empty()).then_some(times.len() as u32);
    let freq = r.frequency;
    // Returns (daily slots n, dose days per period k) for a period of `len` days.
    let split = |len: u32, dose_days_fixed: Option<u32>| -> Result<(u32, u32)> {
        let (n, k) = match (named, freq, dose_days_fixed) {
            (Some(n), None, Some(k)) => (n, k),
            (Some(n), Some(fq), Some(k)) => {
                if fq != n * k {
                    return Err(Error::invalid(f("frequency"), format!("frequency {fq} does not match {k} dose day(s) per period with {n} time(s) each")));
                }
                (n, k)
            }
            (None, None, Some(k)) => (1, k),
            (None, Some(fq), Some(k)) => {
                if fq % k != 0 {
                    return Err(Error::invalid(
                        f("frequency"),
                        format!("frequency {fq} is not a multiple of the {k} days given"),
                    ));
                }
                (fq / k, k)
            }
            (Some(n), None, None) => (n, 1),
            (Some(n), Some(fq), None) => {
                if len == 1 && fq != n {
                    return Err(Error::invalid(
                        f("frequency"),
                        format!("frequency {fq} does not match the {n} daily time(s)"),
                    ));
                }
                if fq % n != 0 {
                    return Err(Error::invalid(
                        f("frequency"),
                        format!("frequency {fq} is not a multiple of the {n} daily time(s)"),
                    ));
                }
                (n, fq / n)
            }
            (None, None, None) => (1, 1),
            (None, Some(fq), None) if len == 1 => (fq, 1),
            (None, Some(fq), None) => (1, fq),
        };
        if dose_days_fixed.is_none() && k > len {
            return Err(Error::invalid(f("frequency"), format!("{k} dose days do not fit in a period of {len} day(s); give timeOfDay or when for several doses a day")));
        }
        if n > MAX_DAILY_SLOTS {
            return Err(Error::invalid(
                f("frequency"),
                format!("at most {MAX_DAILY_SLOTS} doses a day"),
            ));
        }
        Ok((n, k))
    };

    let (n, days, lookback) = if let Some(rule) = &t.day_rule {
        if unit != PeriodUnit::Day || p != 1 {
            return Err(Error::invalid(
                format!("{at}.day_rule"),
                "a day rule needs a period of 1 d",
            ));
        }
        let (n, _) = split(1, None)?;
        let lookback = match rule {
            DayRule::Cycle { days_off, .. } => days_off + 2,
            DayRule::EveryNDays { every, .. } => every + 1,
            DayRule::DaysOfMonth { .. } => 33,
        };
        (n, DaySel::Rule(rule.clone()), lookback)
    } else {
        match unit {
            PeriodUnit::Day => {
                let (n, k) = split(p, None)?;
                if p > 1 && anchor.is_none() {
                    return Err(need_anchor("a period of more than a day"));
                }
                (
                    n,
                    DaySel::Every {
                        anchor,
                        period_days: p,
                        offsets: spread(k, p),
                    },
                    p + 1,
                )
            }
            PeriodUnit::Week if dow_mask != 0 => {
                let (n, _) = split(7 * p, Some(r.day_of_week.len() as u32))?;
                if p > 1 && anchor.is_none() {
                    return Err(need_anchor("a period of more than a week"));
                }
                let monday = anchor
                    .map(|a| a - chrono::Days::new(u64::from(a.weekday().num_days_from_monday())));
                (
                    n,
                    DaySel::Weeks {
                        anchor_monday: monday,
                        every: p,
                        mask: dow_mask,
                    },
                    7 * p + 1,
                )
            }
            PeriodUnit::Week => {
                let (n, k) = split(7 * p, None)?;
                let anchor =
                    anchor.ok_or_else(|| need_anchor("a weekly timing without dayOfWeek"))?;
                (
                    n,
                    DaySel::Every {
                        anchor: Some(anchor),
                        period_days: 7 * p,
                        offsets: spread(k, 7 * p),
                    },
                    7 * p + 1,
                )
            }
            PeriodUnit::Month | PeriodUnit::Year => {
                if dow_mask != 0 {
                    return Err(Error::invalid(
                        f("day_of_week"),
                        "dayOfWeek needs a period in d or wk",
                    ));
                }
                let months = if unit == PeriodUnit::Year { 12 * p } else { p };
                if months > 1200 {
                    return Err(Error::invalid(f("period"), "a period is at most 100 years"));
                }
                let (n, k) = split(28 * months, None)?;
                let anchor = anchor.ok_or_else(|| need_anchor("a monthly or yearly timing"))?;
                (
                    n,
                    DaySel::Months { anchor, months, k },
                    (31 * months + 1).min(400),
                )
            }
            _ => unreachable!("elapsed units handled above"),
        }
    };
    if times.is_empty() {
        for i in 0..n {
            let time = if n == 1 {
                SlotTime::Event(RoutineEvent::Morning, 0)
            } else {
                SlotTime::Spread(i, n)
            };
            times.push((format!("{prefix}dose#{}", i + 1), time, None));
        }
    }
    let keys: Vec<&str> = times
        .iter()
        .map(|(k, _, _)| k.strip_prefix(prefix).unwrap_or(k))
        .collect();
    check_slot_doses(slot_doses, slot_doses_at, &keys)?;
    let slots = times
        .iter()
        .map(|(key, time, when)| {
            let own = key.strip_prefix(prefix).unwrap_or(key);
            let dose = slot_doses
                .iter()
                .find(|s| s.slot == own)
                .map_or(dose, |s| &s.dose)
                .clone();
            Slot {
                key: SmallString::from(key),
                time: *time,
                when: *when,
                dose,
            }
        })
        .collect();
    let dow_for_filter = if matches!(days, DaySel::Weeks { .. }) {
        0x7f
    } else {
        dow_filter
    };
    Ok(Regime {
        shape: Shape::Calendar { slots, days },
        dow_mask: dow_for_filter,
        count: r.count,
        bounds: r.bounds.clone(),
        anchor,
        step,
        step_range: None,
        lookback_days: lookback,
    })
}

/// Most daily slots a timing may have.
pub const MAX_DAILY_SLOTS: u32 = 48;

fn check_slot_doses(slot_doses: &[SlotDose], at: &str, keys: &[&str]) -> Result<()> {
    for (i, s) in slot_doses.iter().enumerate() {
        if !keys.contains(&s.slot.as_str()) {
            return Err(Error::invalid(
                format!("{at}[{i}].slot"),
                "no such slot in the timing",
            ));
        }
    }
    Ok(())
}

impl BoundaryPoint {
    pub(crate) fn instant(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        match self {
            BoundaryPoint::Instant { at } => Some(at.to_utc()),
            BoundaryPoint::Date { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn spread_offsets_are_even() {
        assert_eq!(spread(1, 7), vec![0]);
        assert_eq!(spread(3, 7), vec![0, 2, 4]);
        assert_eq!(spread(2, 14), vec![0, 7]);
    }

    #[test]
    fn slots_keys_and_anchors_compile_as_documented() {
        let mut p = DosingPlan::new(
            "0b6c3a52-5f7e-4a4e-9a53-1f1de3a1c001",
            "0b6c3a52-5f7e-4a4e-9a53-1f1de3a1c002",
            Dose::new(1.0, "mg"),
            Timing::daily_when(&[EventTiming::Pc, EventTiming::Hs], None),
        );
        let c = compile_plan(&p).unwrap();
        let Shape::Calendar { slots, .. } = &c.regimes[0].shape else {
            panic!()
        };
        let keys: Vec<_> = slots.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "when@PC.breakfast",
                "when@PC.lunch",
                "when@PC.dinner",
                "when@HS"
            ]
        );
        // Every other day needs a start date, then counts from it.
        p.timing.repeat.period = Some(2.0);
        let e = compile_plan(&p).unwrap_err().to_string();
        assert!(e.contains("timing.start"), "{e}");
        p.start = Some(d(2027, 1, 1));
        let c = compile_plan(&p).unwrap();
        assert_eq!(c.regimes[0].anchor, Some(d(2027, 1, 1)));
        // Calendar periods must be whole; elapsed ones at least 5 minutes.
        p.timing.repeat.period = Some(1.5);
        assert!(compile_plan(&p)
            .unwrap_err()
            .to_string()
            .contains("whole number"));
        p.timing = Timing::every_hours(1);
        p.timing.repeat.frequency = Some(30);
        assert!(compile_plan(&p)
            .unwrap_err()
            .to_string()
            .contains("5 minutes"));
    }
}
