//! Validation of timings and plans: the FHIR R4 invariants tim-1..tim-10
//! (tim-3 does not exist in R4) and Cadence's own rules. Every error is
//! [`Error::InvalidInput`] naming the field as a dotted path
//! (`timing.repeat.offset`, `steps[1].timing.repeat.period`) and the rule.
//!
//! Structural rules that need the timing compiled (frequency against the
//! number of daily times, slot keys of per-slot doses) are checked by
//! [`super::compile`] and reported the same way.

use crate::error::{Error, Result};
use crate::limits;

use super::events::MAX_OFFSET_MINUTES;
use super::plan::{Dose, DosingPlan};
use super::timing::{BoundaryPoint, DayRule, Timing, TimingBounds};

/// Largest `count` accepted.
pub const MAX_COUNT: u32 = 100_000;
/// Largest `period` accepted, in its unit.
pub const MAX_PERIOD: f64 = 1000.0;
/// Longest minimum interval accepted, in minutes (31 days).
pub const MAX_MIN_INTERVAL_MINUTES: u32 = 31 * 24 * 60;
/// Longest date window an expansion accepts, in days (both ends included).
pub const MAX_WINDOW_DAYS: i64 = 400;
/// Most entries in any list of a plan (times, steps, holds, slot doses).
pub const MAX_LIST: usize = crate::limits::MAX_LIST;

fn neg_or_nan(x: f64) -> bool {
    !x.is_finite() || x < 0.0
}

/// Checks a timing against tim-1..tim-10 and the plain value rules. `at` is
/// the path of the timing (e.g. `timing`).
pub fn validate_timing(at: &str, t: &Timing) -> Result<()> {
    let r = &t.repeat;
    let f = |name: &str| format!("{at}.repeat.{name}");
    if r.duration.is_some() && r.duration_unit.is_none() {
        return Err(Error::invalid(
            f("duration_unit"),
            "tim-1: a duration needs a duration unit",
        ));
    }
    if r.period.is_some() && r.period_unit.is_none() {
        return Err(Error::invalid(
            f("period_unit"),
            "tim-2: a period needs a period unit",
        ));
    }
    for (name, v) in [("duration", r.duration), ("duration_max", r.duration_max)] {
        if v.is_some_and(neg_or_nan) {
            return Err(Error::invalid(
                f(name),
                "tim-4: a duration must be a number that is not negative",
            ));
        }
    }
    for (name, v) in [("period", r.period), ("period_max", r.period_max)] {
        if v.is_some_and(neg_or_nan) {
            return Err(Error::invalid(
                f(name),
                "tim-5: a period must be a number that is not negative",
            ));
        }
    }
    if r.period_max.is_some() && r.period.is_none() {
        return Err(Error::invalid(
            f("period_max"),
            "tim-6: periodMax needs a period",
        ));
    }
    if r.duration_max.is_some() && r.duration.is_none() {
        return Err(Error::invalid(
            f("duration_max"),
            "tim-7: durationMax needs a duration",
        ));
    }
    if r.count_max.is_some() && r.count.is_none() {
        return Err(Error::invalid(
            f("count_max"),
            "tim-8: countMax needs a count",
        ));
    }
    if r.offset.is_some() {
        if r.when.is_empty() {
            return Err(Error::invalid(
                f("offset"),
                "tim-9: an offset needs a `when` event",
            ));
        }
        if let Some(e) = r.when.iter().find(|e| e.forbids_offset()) {
            return Err(Error::invalid(
                f("offset"),
                format!(
                    "tim-9: an offset is not allowed with {} (C, CM, CD, CV)",
                    e.fhir_code()
                ),
            ));
        }
    }
    if !r.time_of_day.is_empty() && !r.when.is_empty() {
        return Err(Error::invalid(
            f("when"),
            "tim-10: timeOfDay and when cannot both be given",
        ));
    }
    // Plain value rules.
    if r.period == Some(0.0) {
        return Err(Error::invalid(
            f("period"),
            "a period must be greater than zero",
        ));
    }
    if r.period.is_some_and(|p| p > MAX_PERIOD) {
        return Err(Error::invalid(
            f("period"),
            format!("a period is at most {MAX_PERIOD} units"),
        ));
    }
    if let (Some(p), Some(pm)) = (r.period, r.period_max) {
        if pm < p {
            return Err(Error::invalid(
                f("period_max"),
                "periodMax must not be less than period",
            ));
        }
    }
    if let (Some(d), Some(dm)) = (r.duration, r.duration_max) {
        if dm < d {
            return Err(Error::invalid(
                f("duration_max"),
                "durationMax must not be less than duration",
            ));
        }
    }
    if r.frequency == Some(0) {
        return Err(Error::invalid(
            f("frequency"),
            "frequency must be at least 1",
        ));
    }
    if let (Some(fr), Some(fm)) = (r.frequency, r.frequency_max) {
        if fm < fr {
            return Err(Error::invalid(
                f("frequency_max"),
                "frequencyMax must not be less than frequency",
            ));
        }
    }
    if r.frequency_max.is_some() && r.frequency.is_none() {
        return Err(Error::invalid(
            f("frequency_max"),
            "frequencyMax needs a frequency",
        ));
    }
    if r.count == Some(0) || r.count.is_some_and(|c| c > MAX_COUNT) {
        return Err(Error::invalid(
            f("count"),
            format!("count must be between 1 and {MAX_COUNT}"),
        ));
    }
    if let (Some(c), Some(cm)) = (r.count, r.count_max) {
        if cm < c {
            return Err(Error::invalid(
                f("count_max"),
                "countMax must not be less than count",
            ));
        }
    }
    if r.offset.is_some_and(|o| o > MAX_OFFSET_MINUTES) {
        return Err(Error::invalid(
            f("offset"),
            format!("an offset is at most {MAX_OFFSET_MINUTES} minutes"),
        ));
    }
    for (name, len) in [
        ("time_of_day", r.time_of_day.len()),
        ("when", r.when.len()),
        ("day_of_week", r.day_of_week.len()),
    ] {
        if len > MAX_LIST {
            return Err(Error::invalid(
                f(name),
                format!("at most {MAX_LIST} entries"),
            ));
        }
    }
    for i in 1..r.time_of_day.len() {
        if r.time_of_day[..i].contains(&r.time_of_day[i]) {
            return Err(Error::invalid(
                format!("{at}.repeat.time_of_day[{i}]"),
                "a time is listed twice",
            ));
        }
    }
    for i in 1..r.when.len() {
        if r.when[..i].contains(&r.when[i]) {
            return Err(Error::invalid(
                format!("{at}.repeat.when[{i}]"),
                "an event is listed twice",
            ));
        }
    }
    for i in 1..r.day_of_week.len() {
        if r.day_of_week[..i].contains(&r.day_of_week[i]) {
            return Err(Error::invalid(
                format!("{at}.repeat.day_of_week[{i}]"),
                "a day is listed twice",
            ));
        }
    }
    match &r.bounds {
        Some(TimingBounds::Duration { value, .. }) if neg_or_nan(*value) || *value == 0.0 => {
            return Err(Error::invalid(
                f("bounds_duration.value"),
                "tim-4: a bounds duration must be a number greater than zero",
            ));
        }
        Some(TimingBounds::Period {
            start: Some(s),
            end: Some(e),
        }) => {
            let before = match (s, e) {
                (BoundaryPoint::Instant { at: a }, BoundaryPoint::Instant { at: b }) => b < a,
                _ => e.date() < s.date(),
            };
            if before {
                return Err(Error::invalid(
                    f("bounds_period.end"),
                    "the bounds end is before its start",
                ));
            }
        }
        _ => {}
    }
    match &t.day_rule {
        Some(DayRule::Cycle {
            days_on, days_off, ..
        }) if *days_on == 0 || *days_on > 1000 || *days_off > 1000 => {
            return Err(Error::invalid(
                format!("{at}.day_rule.days_on"),
                "a cycle has 1 to 1000 dose days and at most 1000 free days",
            ));
        }
        Some(DayRule::EveryNDays { every, .. }) if *every == 0 || *every > 1000 => {
            return Err(Error::invalid(
                format!("{at}.day_rule.every"),
                "every must be between 1 and 1000 days",
            ));
        }
        Some(DayRule::DaysOfMonth { days }) => {
            if days.is_empty() {
                return Err(Error::invalid(
                    format!("{at}.day_rule.days"),
                    "give at least one day of the month",
                ));
            }
            for (i, d) in days.iter().enumerate() {
                if !(1..=31).contains(d) {
                    return Err(Error::invalid(
                        format!("{at}.day_rule.days[{i}]"),
                        "a day of the month is 1 to 31",
                    ));
                }
                if days[..i].contains(d) {
                    return Err(Error::invalid(
                        format!("{at}.day_rule.days[{i}]"),
                        "a day is listed twice",
                    ));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Checks a dose (amount greater than zero, unit 1 to 32 characters).
pub fn validate_dose(at: &str, d: &Dose) -> Result<()> {
    d.validate(at)
}

fn uuid_field(field: &str, v: &str) -> Result<()> {
    uuid::Uuid::parse_str(v)
        .map(|_| ())
        .map_err(|_| Error::invalid(field, "must be a UUID"))
}

/// The field checks of [`validate_plan`] that need no compiling.
pub(crate) fn validate_plan_fields(p: &DosingPlan) -> Result<()> {
    uuid_field("plan.id", &p.id)?;
    uuid_field("plan.medication_id", &p.medication_id)?;
    validate_dose("dose", &p.dose)?;
    validate_timing("timing", &p.timing)?;
    if p.slot_doses.len() > MAX_LIST || p.holds.len() > MAX_LIST || p.steps.len() > MAX_LIST {
        return Err(Error::invalid(
            "plan",
            format!("at most {MAX_LIST} slot doses, holds and steps"),
        ));
    }
    for (i, s) in p.slot_doses.iter().enumerate() {
        validate_dose(&format!("slot_doses[{i}].dose"), &s.dose)?;
        if p.slot_doses[..i].iter().any(|o| o.slot == s.slot) {
            return Err(Error::invalid(
                format!("slot_doses[{i}].slot"),
                "a slot has at most one dose",
            ));
        }
    }
    if let (Some(s), Some(e)) = (p.start, p.end) {
        if e < s {
            return Err(Error::invalid("end", "the plan ends before it starts"));
        }
    }
    for (i, h) in p.holds.iter().enumerate() {
        if h.to.is_some_and(|t| t < h.from) {
            return Err(Error::invalid(
                format!("holds[{i}].to"),
                "a hold ends before it starts",
            ));
        }
    }
    for (i, s) in p.steps.iter().enumerate() {
        let at = format!("steps[{i}]");
        validate_dose(&format!("{at}.dose"), &s.dose)?;
        validate_timing(&format!("{at}.timing"), &s.timing)?;
        for (j, sd) in s.slot_doses.iter().enumerate() {
            validate_dose(&format!("{at}.slot_doses[{j}].dose"), &sd.dose)?;
            if s.slot_doses[..j].iter().any(|o| o.slot == sd.slot) {
                return Err(Error::invalid(
                    format!("{at}.slot_doses[{j}].slot"),
                    "a slot has at most one dose",
                ));
            }
        }
        match s.days {
            Some(0) => {
                return Err(Error::invalid(
                    format!("{at}.days"),
                    "a step lasts at least 1 day",
                ))
            }
            Some(d) if d > 3650 => {
                return Err(Error::invalid(
                    format!("{at}.days"),
                    "a step lasts at most 3650 days",
                ))
            }
            None if i + 1 < p.steps.len() => {
                return Err(Error::invalid(
                    format!("{at}.days"),
                    "only the last step may be open-ended",
                ))
            }
            _ => {}
        }
        if i > 0 {
            let prev = &p.steps[i - 1];
            let prev_end = prev.start + chrono::Days::new(u64::from(prev.days.unwrap_or(0)));
            if s.start < prev_end {
                return Err(Error::invalid(
                    format!("{at}.start"),
                    format!("steps must be in date order and must not overlap: starts before step {} ends", i - 1),
                ));
            }
        }
    }
    if let Some(a) = &p.as_needed {
        if let Some(m) = &a.max_per_period {
            validate_dose("as_needed.max_per_period.amount", &m.amount)?;
            if m.period_minutes == 0 {
                return Err(Error::invalid(
                    "as_needed.max_per_period.period_minutes",
                    "must be at least 1",
                ));
            }
        }
        if let Some(m) = &a.max_per_administration {
            validate_dose("as_needed.max_per_administration", m)?;
        }
        if a.min_interval_minutes
            .is_some_and(|m| m > MAX_MIN_INTERVAL_MINUTES)
        {
            return Err(Error::invalid(
                "as_needed.min_interval_minutes",
                "at most 31 days",
            ));
        }
        if let Some(r) = &a.reason {
            limits::text("as_needed.reason", r, 0, limits::MAX_TEXT_CHARS)?;
        }
    }
    if let Some(pr) = &p.prescribed {
        pr.validate("prescribed", &p.dose)?;
    }
    if p.min_interval_minutes
        .is_some_and(|m| m == 0 || m > MAX_MIN_INTERVAL_MINUTES)
    {
        return Err(Error::invalid(
            "min_interval_minutes",
            "must be between 1 minute and 31 days",
        ));
    }
    Ok(())
}

/// Checks a local date window (both ends included, at most 400 days).
pub fn validate_window(from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<()> {
    if to < from {
        return Err(Error::invalid(
            "window.to",
            "the window ends before it starts",
        ));
    }
    if (to - from).num_days() + 1 > MAX_WINDOW_DAYS {
        return Err(Error::invalid(
            "window",
            format!("a window is at most {MAX_WINDOW_DAYS} days"),
        ));
    }
    Ok(())
}
