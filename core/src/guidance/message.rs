//! Plain English sentences built from the structured answers only, so the
//! apps can build their own localized ones from the same fields.
//!
//! Times are shown on the wall clock of the occurrence's zone: `14:30` on
//! the same local date as `now`, `08:00 tomorrow`, else `08:00 on Tue 9 Mar`.
//! No sentence ever suggests taking two doses at once or making up for a
//! missed dose.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::answer::{Guidance, GuidanceAction, GuidanceReason, PrnGuidance};
use super::rule::{MissedDosePattern, MissedDoseRule};
use super::window::{EARLY_MINUTES, GENERAL_WITHOUT_NEXT_HOURS};
use crate::schedule::{Dose, MaxPerPeriod, PrnLimit};

const NO_MAKE_UP: &str = "Do not take an extra dose to make up for it.";

/// The sentence for a [`Guidance`].
pub fn sentence(g: &Guidance) -> String {
    use GuidanceAction as A;
    use GuidanceReason as R;
    let p = &g.params;
    let t = |at: DateTime<Utc>| time(at, p.zone, p.now);
    let dose = dose(&p.dose);
    let next_usual = match p.next_dose_at {
        Some(n) if n > p.now => format!("Take the next one as usual at {}.", t(n)),
        Some(_) => "Take the next one as usual.".to_string(),
        None => "Take the next one as usual.".to_string(),
    };
    let limit_words = limit_words(p.limit, Some(p.min_gap_minutes), p.max_per_period.as_ref());
    let gap = duration(Duration::minutes(i64::from(p.min_gap_minutes)));
    match (g.action, g.reason) {
        (A::AlreadyTaken, _) => {
            format!("You have already taken this dose ({dose}), so do not take it again.")
        }
        (_, R::LoggedSkipped) => {
            format!("You logged this dose as skipped, so do not take it now. {next_usual}")
        }
        (_, R::ConsecutiveMissed) => {
            let past = p.now > p.latest_take_time
                || p.latest_take_time < p.scheduled_at - Duration::minutes(EARLY_MINUTES);
            let n = p.consecutive_missed_before + u32::from(past);
            format!(
                "You have missed {n} {} in a row: contact your prescriber before you take \
                 any more, as the plan may need to restart differently.",
                plural(n, "dose", "doses")
            )
        }
        (_, R::DoseAboveLimit) => format!(
            "This dose ({dose}) is more than your prescriber's limit ({limit_words}): contact your prescriber before you take it."
        ),
        (_, R::LaterDoseDue) => format!(
            "Skip this dose ({dose}, due at {}): a later dose is already due; take that one \
             instead (the dose of {}). {NO_MAKE_UP}",
            t(p.scheduled_at),
            opt(p.next_dose_at, t)
        ),
        (_, R::DoseTakenSince) => format!(
            "Skip this dose ({dose}, due at {}): you took a dose at {} after it was due, and \
             that one was the catch-up. {next_usual} {NO_MAKE_UP}",
            t(p.scheduled_at),
            opt(p.taken_since_at, t)
        ),
        (A::WaitUntil, R::RecentDose) => format!(
            "Wait until {}, then take your dose ({dose}): your last dose was at {}, and two \
             doses are kept at least {gap} apart.",
            opt(p.take_at, t),
            opt(p.last_dose_at, t)
        ),
        (_, R::RecentDose) => format!(
            "Skip this dose ({dose}): your last dose was at {}, and two doses are kept at least \
             {gap} apart, which is past {}, the latest this one may be taken. {next_usual} {NO_MAKE_UP}",
            opt(p.last_dose_at, t),
            t(p.latest_take_time)
        ),
        (A::NotDueYet, _) => match p.limit {
            None => format!("This dose ({dose}) is not due yet: take it at {}.", opt(p.take_at, t)),
            Some(_) => format!(
                "This dose ({dose}) is not due yet: take it at {}, the earliest time within your prescriber's limit ({limit_words}).",
                opt(p.take_at, t)
            ),
        },
        (A::TakeNow, R::OnTime) => format!("Take your dose ({dose}) now."),
        (A::TakeNow, _) => {
            let late = duration(Duration::minutes(p.minutes_late));
            let two = if matches!(g.pattern, MissedDosePattern::TakeEvenIfTwo { .. }) {
                ", even if that means taking two on the same day"
            } else {
                ""
            };
            let then = match p.next_dose_at {
                Some(n) if n > p.now => format!(" Then take the next one as usual at {}.", t(n)),
                _ => String::new(),
            };
            format!(
                "Take your dose ({dose}) now{two}: it is {late} late, and your prescriber's plan \
                 allows it until {}.{then}",
                t(p.latest_take_time)
            )
        }
        (A::WaitUntil, R::MinInterval) => format!(
            "Wait until {}, then take your dose ({dose}): your last dose was at {}, and your \
             prescriber asks for {limit_words}.",
            opt(p.take_at, t),
            opt(p.last_dose_at, t)
        ),
        (A::WaitUntil, _) => format!(
            "Wait until {}, then take your dose ({dose}): until then it would pass your prescriber's limit ({limit_words}).",
            opt(p.take_at, t)
        ),
        (action, reason) => {
            let why = match reason {
                R::TooLate => format!("it is more than {} late", window_words(&g.pattern)),
                R::NearNextDose if p.limit == Some(PrnLimit::MinInterval) => format!(
                    "your next dose is due at {}, and your prescriber asks for {limit_words}",
                    opt(p.next_dose_at, t)
                ),
                R::NearNextDose => format!(
                    "your next dose is due at {}, too soon after this one",
                    opt(p.next_dose_at, t)
                ),
                R::MinInterval | R::MaxPerPeriod => format!(
                    "your prescriber's limit ({limit_words}) does not allow it before {}, and after that it is too late",
                    t(p.latest_take_time)
                ),
                _ => "the plan does not allow it now".to_string(),
            };
            if action == A::ContactPrescriber {
                format!("Do not take this dose ({dose}) yet: {why}. Contact your prescriber before you take it.")
            } else {
                format!("Skip this dose ({dose}): {why}. {next_usual} {NO_MAKE_UP}")
            }
        }
    }
}

/// The sentence for a [`PrnGuidance`].
pub fn prn_sentence(g: &PrnGuidance, zone: Tz, now: DateTime<Utc>) -> String {
    let t = |at: DateTime<Utc>| time(at, zone, now);
    match g.reason {
        GuidanceReason::WithinLimits => {
            "You can take a dose now: it keeps every limit of your plan.".to_string()
        }
        GuidanceReason::MinInterval => format!(
            "Wait until {}: your last dose was at {}, and your plan asks for at least {} between doses.",
            opt(g.earliest_at, t),
            opt(g.last_dose_at, t),
            duration(Duration::minutes(i64::from(g.min_interval_minutes.unwrap_or(0))))
        ),
        GuidanceReason::MaxPerPeriod => format!(
            "Wait until {}: a dose now would pass your plan's limit ({}).",
            opt(g.earliest_at, t),
            limit_words(Some(PrnLimit::MaxPerPeriod), None, g.max_per_period.as_ref())
        ),
        _ => "This is more than your plan allows: contact your prescriber before you take it."
            .to_string(),
    }
}

/// Words for the rule's limit that applied.
fn limit_words(limit: Option<PrnLimit>, min: Option<u32>, max: Option<&MaxPerPeriod>) -> String {
    match (limit, min, max) {
        (Some(PrnLimit::MinInterval), Some(m), _) => format!(
            "at least {} between doses",
            duration(Duration::minutes(i64::from(m)))
        ),
        (Some(PrnLimit::MaxPerPeriod), _, Some(m)) => format!(
            "at most {} per {}",
            dose(&m.amount),
            duration(Duration::minutes(i64::from(m.period_minutes)))
        ),
        _ => "every limit of the plan".to_string(),
    }
}

/// The rule's window after the scheduled time, in words.
fn window_words(p: &MissedDosePattern) -> String {
    let h = |hours: f64| duration(super::rule::hours_duration(hours));
    match p {
        MissedDosePattern::NarrowWindow { window_hours, .. } => h(*window_hours),
        MissedDosePattern::TakeEvenIfTwo {
            take_within_hours, ..
        } => h(*take_within_hours),
        MissedDosePattern::SkipIfLate { skip_after_hours } => h(*skip_after_hours),
        MissedDosePattern::WeeklyWindow { window_days, .. } => {
            format!("{window_days} {}", plural(*window_days, "day", "days"))
        }
        MissedDosePattern::General { .. }
        | MissedDosePattern::ContactPrescriberAfterMissed { .. } => {
            duration(Duration::hours(GENERAL_WITHOUT_NEXT_HOURS))
        }
    }
}

/// A short summary of a rule, e.g. for the prescriber's screen:
/// "Take within 3 h, else contact the prescriber."
pub fn rule_summary(rule: &MissedDoseRule) -> String {
    let h = |hours: f64| duration(super::rule::hours_duration(hours));
    let otherwise = |f| match f {
        super::rule::WindowFallback::Skip => "skip it",
        super::rule::WindowFallback::ContactPrescriber => "contact the prescriber",
    };
    match &rule.pattern {
        MissedDosePattern::General { near_next_hours } => format!(
            "Take it when remembered unless the next dose is due within {}.",
            h(*near_next_hours)
        ),
        MissedDosePattern::NarrowWindow {
            window_hours,
            otherwise: f,
        } => format!("Take it within {}, else {}.", h(*window_hours), otherwise(*f)),
        MissedDosePattern::TakeEvenIfTwo {
            take_within_hours,
            otherwise: f,
        } => format!(
            "Take it within {} even if that means taking two on the same day, else {}.",
            h(*take_within_hours),
            otherwise(*f)
        ),
        MissedDosePattern::SkipIfLate { skip_after_hours } => format!(
            "Skip it if more than {} late; take the next one as usual.",
            h(*skip_after_hours)
        ),
        MissedDosePattern::WeeklyWindow {
            window_days,
            min_hours_before_next,
        } => format!(
            "Take it within {window_days} {}, keeping at least {} before the next dose, else skip it.",
            plural(*window_days, "day", "days"),
            h(*min_hours_before_next)
        ),
        MissedDosePattern::ContactPrescriberAfterMissed {
            missed_doses,
            near_next_hours,
        } => format!(
            "Take it when remembered unless the next dose is due within {}; after {missed_doses} \
             missed {} in a row, contact the prescriber.",
            h(*near_next_hours),
            plural(*missed_doses, "dose", "doses")
        ),
    }
}

fn opt(at: Option<DateTime<Utc>>, f: impl Fn(DateTime<Utc>) -> String) -> String {
    at.map(f).unwrap_or_else(|| "a later time".to_string())
}

fn plural(n: u32, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// An instant on the wall clock of `zone`, relative to `now`'s local date.
pub(crate) fn time(at: DateTime<Utc>, zone: Tz, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    let today = now.with_timezone(&zone).date_naive();
    let date = local.date_naive();
    if date == today {
        local.format("%H:%M").to_string()
    } else if today.succ_opt() == Some(date) {
        local.format("%H:%M tomorrow").to_string()
    } else {
        local.format("%H:%M on %a %-d %b").to_string()
    }
}

/// A duration in words: `45 min`, `3 h 10 min`, `2 days 4 h`.
pub(crate) fn duration(d: Duration) -> String {
    let total = (d.num_seconds().max(0) + 30) / 60;
    let (days, hours, mins) = (total / 1440, (total / 60) % 24, total % 60);
    if total < 60 {
        format!("{total} min")
    } else if total < 48 * 60 {
        let h = total / 60;
        if mins == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {mins} min")
        }
    } else if hours == 0 {
        format!("{days} days")
    } else {
        format!("{days} days {hours} h")
    }
}

/// A dose such as `50 mg` or `0.5 tablet`.
pub(crate) fn dose(d: &Dose) -> String {
    format!("{} {}", amount(d.amount), d.unit)
}

/// An amount without needless decimals.
pub(crate) fn amount(a: f64) -> String {
    let s = format!("{a:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn durations_and_amounts_read_naturally() {
        assert_eq!(duration(Duration::minutes(45)), "45 min");
        assert_eq!(duration(Duration::minutes(190)), "3 h 10 min");
        assert_eq!(duration(Duration::hours(30)), "30 h");
        assert_eq!(duration(Duration::hours(52)), "2 days 4 h");
        assert_eq!(duration(Duration::days(5)), "5 days");
        assert_eq!(amount(50.0), "50");
        assert_eq!(amount(0.25), "0.25");
        assert_eq!(dose(&Dose::new(1.5, "tablet")), "1.5 tablet");
    }

    #[test]
    fn times_are_local_and_relative_to_today() {
        let ny = chrono_tz::America::New_York;
        let now = Utc.with_ymd_and_hms(2027, 3, 14, 14, 0, 0).unwrap();
        let later = Utc.with_ymd_and_hms(2027, 3, 14, 16, 30, 0).unwrap();
        assert_eq!(time(later, ny, now), "12:30");
        let tomorrow = Utc.with_ymd_and_hms(2027, 3, 15, 12, 0, 0).unwrap();
        assert_eq!(time(tomorrow, ny, now), "08:00 tomorrow");
        let far = Utc.with_ymd_and_hms(2027, 3, 18, 12, 0, 0).unwrap();
        assert_eq!(time(far, ny, now), "08:00 on Thu 18 Mar");
    }

    #[test]
    fn every_pattern_has_a_summary() {
        let r = MissedDoseRule::default();
        assert_eq!(
            rule_summary(&r),
            "Take it when remembered unless the next dose is due within 2 h."
        );
    }
}
