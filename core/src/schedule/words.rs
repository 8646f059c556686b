//! A dosing plan in words, for people: "50 mg once a day at breakfast",
//! "0.5 mg as needed for anxiety, at most 1 mg per 24 hours", a titration's
//! steps with their dates. Used by the report's "current medications", the
//! command line's `med show` and the FHIR export's `Dosage.text` fallback.

use chrono::NaiveDate;

use super::plan::{AsNeeded, Dose, DoseStep, DosingPlan};
use super::timing::{DayRule, EventTiming, PeriodUnit, Timing};

/// A number without a trailing `.0` (`0.5`, `25`).
pub fn amount_words(a: f64) -> String {
    if (a - a.round()).abs() < 1e-9 {
        format!("{}", a.round() as i64)
    } else {
        let s = format!("{a:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A dose: `25 mg`.
pub fn dose_words(d: &Dose) -> String {
    format!("{} {}", amount_words(d.amount), d.unit)
}

/// A routine moment as people say it: "at breakfast", "before sleep".
pub fn moment_words(e: EventTiming) -> &'static str {
    use EventTiming as E;
    match e {
        E::Morn => "in the morning",
        E::MornEarly => "early in the morning",
        E::MornLate => "late in the morning",
        E::Noon => "at noon",
        E::Aft => "in the afternoon",
        E::AftEarly => "early in the afternoon",
        E::AftLate => "late in the afternoon",
        E::Eve => "in the evening",
        E::EveEarly => "early in the evening",
        E::EveLate => "late in the evening",
        E::Night => "at night",
        E::Phs => "after sleep",
        E::Hs => "at bedtime",
        E::Wake => "on waking",
        E::C => "with meals",
        E::Cm => "at breakfast",
        E::Cd => "at lunch",
        E::Cv => "at dinner",
        E::Ac => "before meals",
        E::Acm => "before breakfast",
        E::Acd => "before lunch",
        E::Acv => "before dinner",
        E::Pc => "after meals",
        E::Pcm => "after breakfast",
        E::Pcd => "after lunch",
        E::Pcv => "after dinner",
    }
}

fn unit_words(u: PeriodUnit, n: f64) -> String {
    let one = match u {
        PeriodUnit::Second => "second",
        PeriodUnit::Minute => "minute",
        PeriodUnit::Hour => "hour",
        PeriodUnit::Day => "day",
        PeriodUnit::Week => "week",
        PeriodUnit::Month => "month",
        PeriodUnit::Year => "year",
    };
    if (n - 1.0).abs() < 1e-9 {
        one.to_string()
    } else {
        format!("{} {one}s", amount_words(n))
    }
}

fn times_words(n: u32) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// When a timing's doses fall, in words: "once a day at breakfast",
/// "twice a day at 08:00 and 20:00", "every 8 hours", "on Mon, Wed and Fri".
pub fn timing_words(t: &Timing) -> String {
    let r = &t.repeat;
    let slots = r.when.len() + r.time_of_day.len();
    let period = r.period.unwrap_or(1.0);
    let unit = r.period_unit.unwrap_or(PeriodUnit::Day);
    let elapsed_only = slots == 0 && unit.is_elapsed();
    let n = r.frequency.unwrap_or(slots.max(1) as u32);
    let mut out = match (elapsed_only, (period - 1.0).abs() < 1e-9) {
        (true, _) if n == 1 => format!("every {}", unit_words(unit, period)),
        (_, true) => format!("{} a {}", times_words(n), unit_words(unit, period)),
        (_, false) => format!("{} every {}", times_words(n), unit_words(unit, period)),
    };
    let mut at: Vec<String> = r
        .when
        .iter()
        .map(|e| moment_words(*e).to_string())
        .collect();
    if !r.time_of_day.is_empty() {
        let times: Vec<String> = r
            .time_of_day
            .iter()
            .map(|t| t.format("%H:%M").to_string())
            .collect();
        at.push(format!("at {}", join_and(&times)));
    }
    if !at.is_empty() {
        out.push(' ');
        out.push_str(&join_and(&at));
        if let Some(o) = r.offset.filter(|o| *o > 0) {
            out.push_str(&format!(" (offset {o} min)"));
        }
    }
    if !r.day_of_week.is_empty() && r.day_of_week.len() < 7 {
        let days: Vec<String> = r
            .day_of_week
            .iter()
            .map(|d| {
                let c = d.code();
                let mut s = c[..1].to_uppercase();
                s.push_str(&c[1..]);
                s
            })
            .collect();
        out.push_str(&format!(" on {}", join_and(&days)));
    }
    match &t.day_rule {
        Some(DayRule::EveryNDays { start, every }) => {
            out.push_str(&format!(" every {every} days from {start}"));
        }
        Some(DayRule::Cycle {
            start,
            days_on,
            days_off,
        }) => out.push_str(&format!(
            ", {days_on} days on and {days_off} days off from {start}"
        )),
        Some(DayRule::DaysOfMonth { days }) => {
            let d: Vec<String> = days.iter().map(u8::to_string).collect();
            out.push_str(&format!(" on day {} of each month", join_and(&d)));
        }
        None => {}
    }
    out
}

fn as_needed_words(dose: &Dose, a: &AsNeeded, timing: &Timing) -> String {
    let mut out = format!("{} as needed", dose_words(dose));
    if let Some(r) = a.reason.as_deref().filter(|r| !r.is_empty()) {
        out.push_str(&format!(" for {r}"));
    }
    let mut limits = Vec::new();
    if let Some(m) = &a.max_per_period {
        let hours = f64::from(m.period_minutes) / 60.0;
        limits.push(format!(
            "at most {} per {} hours",
            dose_words(&m.amount),
            amount_words(hours)
        ));
    }
    if let Some(m) = &a.max_per_administration {
        limits.push(format!("at most {} at a time", dose_words(m)));
    }
    let min = a.min_interval_minutes.or_else(|| {
        let r = &timing.repeat;
        (r.when.is_empty() && r.time_of_day.is_empty())
            .then(|| {
                let secs = r.period? * r.period_unit?.nominal_seconds();
                r.period_unit?
                    .is_elapsed()
                    .then_some((secs / 60.0).round() as u32)
            })
            .flatten()
    });
    if let Some(m) = min {
        limits.push(format!(
            "at least {} hours apart",
            amount_words(f64::from(m) / 60.0)
        ));
    }
    if !limits.is_empty() {
        out.push_str(", ");
        out.push_str(&join_and(&limits));
    }
    out
}

fn step_words(s: &DoseStep) -> String {
    let days = s.days.map(|d| format!(" for {d} days")).unwrap_or_default();
    format!(
        "from {}: {} {}{days}",
        s.start,
        dose_words(&s.dose),
        timing_words(&s.timing)
    )
}

fn body_words(p: &DosingPlan) -> String {
    let mut out = if let Some(a) = &p.as_needed {
        as_needed_words(&p.dose, a, &p.timing)
    } else if p.steps.is_empty() {
        format!("{} {}", dose_words(&p.dose), timing_words(&p.timing))
    } else {
        p.steps
            .iter()
            .map(step_words)
            .collect::<Vec<_>>()
            .join("; ")
    };
    if !p.slot_doses.is_empty() {
        let s: Vec<String> = p
            .slot_doses
            .iter()
            .map(|s| format!("{} at {}", dose_words(&s.dose), s.slot))
            .collect();
        out.push_str(&format!(" ({})", s.join(", ")));
    }
    out
}

/// The plan in words: the dose and its timing, an as-needed plan's limits,
/// or a titration/taper as its steps in order ("from 2027-03-01: 25 mg once
/// a day at breakfast for 14 days; from 2027-03-15: 50 mg ..."), with the
/// plan's own dates.
pub fn plan_words(p: &DosingPlan) -> String {
    let mut out = body_words(p);
    // A titration's start is its first step's: said once.
    let start = p
        .start
        .filter(|s| p.steps.first().is_none_or(|first| first.start != *s));
    match (start, p.end) {
        (Some(s), Some(e)) => out.push_str(&format!(", {s} to {e}")),
        (Some(s), None) => out.push_str(&format!(", from {s}")),
        (None, Some(e)) => out.push_str(&format!(", until {e}")),
        (None, None) => {}
    }
    out
}

/// The dose and timing in force on `date` (the current step of a titration
/// or taper), in words; `None` when the plan is not active that day.
pub fn plan_words_on(p: &DosingPlan, date: NaiveDate) -> Option<String> {
    if !p.is_active_on(date) {
        return None;
    }
    if p.as_needed.is_some() || p.steps.is_empty() {
        return Some(body_words(p));
    }
    let step = p.steps.iter().rev().find(|s| s.start <= date)?;
    Some(format!(
        "{} {} (since {})",
        dose_words(&step.dose),
        timing_words(&step.timing),
        step.start
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::plan::MaxPerPeriod;
    use chrono::NaiveTime;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_daily_plan_reads_as_people_say_it() {
        let p = DosingPlan::new(
            "p",
            "m",
            Dose::new(50.0, "mg"),
            Timing::daily_when(&[EventTiming::Cm], None),
        );
        assert_eq!(plan_words(&p), "50 mg once a day at breakfast");
        let t = Timing::daily_at(&[
            NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        ]);
        let p = DosingPlan::new("p", "m", Dose::new(0.5, "mg"), t);
        assert_eq!(plan_words(&p), "0.5 mg twice a day at 08:00 and 20:00");
        assert_eq!(timing_words(&Timing::every_hours(8)), "every 8 hours");
    }

    #[test]
    fn an_as_needed_plan_names_its_limits() {
        let mut p = DosingPlan::new("p", "m", Dose::new(0.5, "mg"), Timing::default());
        p.as_needed = Some(AsNeeded {
            reason: Some("anxiety".into()),
            max_per_period: Some(MaxPerPeriod {
                amount: Dose::new(1.0, "mg"),
                period_minutes: 1440,
            }),
            max_per_administration: None,
            min_interval_minutes: Some(240),
        });
        assert_eq!(
            plan_words(&p),
            "0.5 mg as needed for anxiety, at most 1 mg per 24 hours and at least 4 hours apart"
        );
    }

    #[test]
    fn a_titration_reads_as_its_steps_and_today_as_the_current_one() {
        let t = Timing::daily_when(&[EventTiming::Cm], None);
        let mut p = DosingPlan::new("p", "m", Dose::new(25.0, "mg"), t.clone());
        p.start = Some(d("2027-03-01"));
        p.steps = vec![
            DoseStep {
                start: d("2027-03-01"),
                days: Some(14),
                dose: Dose::new(25.0, "mg"),
                slot_doses: vec![],
                timing: t.clone(),
            },
            DoseStep {
                start: d("2027-03-15"),
                days: None,
                dose: Dose::new(50.0, "mg"),
                slot_doses: vec![],
                timing: t,
            },
        ];
        assert_eq!(
            plan_words(&p),
            "from 2027-03-01: 25 mg once a day at breakfast for 14 days; \
             from 2027-03-15: 50 mg once a day at breakfast"
        );
        assert_eq!(
            plan_words_on(&p, d("2027-03-20")).unwrap(),
            "50 mg once a day at breakfast (since 2027-03-15)"
        );
        assert_eq!(plan_words_on(&p, d("2027-02-20")), None);
    }
}
