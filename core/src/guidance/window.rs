//! When a scheduled dose may be taken: from [`EARLY_MINUTES`] before the
//! scheduled time to the rule's *skip point* ([`latest_take_time`]), and how
//! an occurrence not yet logged reads at `now` ([`lateness`]): upcoming, due,
//! late or missed.
//!
//! **Grace.** An occurrence is *due* up to [`ON_TIME_MINUTES`] after its
//! scheduled time (never past the skip point), *late* from then to the skip
//! point, and *missed* after it: "missed" means the prescriber's rule no
//! longer lets it be taken. So the grace window that separates late from
//! missed is the skip point of the rule: e.g. 3 h for a narrow window of 3 h,
//! the next dose minus `near_next_hours` for the general pattern.
//!
//! **One catch-up at a time.** Whatever the pattern, the skip point is never
//! later than the instant the next occurrence of the same medication becomes
//! due ([`EARLY_MINUTES`] before its time): once a later dose is due, an
//! older one is never made up ([`super::GuidanceReason::LaterDoseDue`]). So the windows
//! in which two occurrences of one medication may be taken never overlap,
//! and at any instant at most one of them is open.

use chrono::{DateTime, Days, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::rule::{hours_duration, MissedDosePattern, MissedDoseRule};
use crate::schedule::zone::resolve_local;

/// How long before its scheduled time a dose may be taken, in minutes.
pub const EARLY_MINUTES: i64 = 60;
/// How long after its scheduled time a dose counts as on time, in minutes
/// ("up to about 2 h late is fine for most medicines").
pub const ON_TIME_MINUTES: i64 = 120;
/// How late the general pattern lets a dose be taken when there is no next
/// dose (the end of the plan), in hours.
pub const GENERAL_WITHOUT_NEXT_HOURS: i64 = 24;

/// How an occurrence not yet logged reads at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Lateness {
    /// More than [`EARLY_MINUTES`] before the scheduled time.
    Upcoming,
    /// From [`EARLY_MINUTES`] before to [`ON_TIME_MINUTES`] after it.
    Due,
    /// Later, but before the rule's skip point: it may still be taken.
    Late,
    /// Past the skip point: the rule says not to take it any more.
    Missed,
}

/// What sets the skip point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SkipCause {
    /// The rule's window after the scheduled time.
    TooLate,
    /// The pattern's distance to the next dose.
    NearNextDose,
    /// The minimum interval before the next dose.
    MinIntervalBeforeNext,
    /// The next dose is due ([`EARLY_MINUTES`] before its time): take that
    /// one instead.
    LaterDoseDue,
}

/// The instant a dose scheduled at `next` becomes due ([`EARLY_MINUTES`]
/// before it): from then on an earlier dose of the same medication is never
/// made up.
pub fn due_from(next: DateTime<Utc>) -> DateTime<Utc> {
    next - Duration::minutes(EARLY_MINUTES)
}

/// The skip point and what sets it.
pub(crate) fn skip_point(
    rule: &MissedDoseRule,
    scheduled: DateTime<Utc>,
    zone: Tz,
    next: Option<DateTime<Utc>>,
) -> (DateTime<Utc>, SkipCause) {
    let after = |h: f64| (scheduled + hours_duration(h), SkipCause::TooLate);
    let near_next = |h: f64| match next {
        Some(n) => (n - hours_duration(h), SkipCause::NearNextDose),
        None => (
            scheduled + Duration::hours(GENERAL_WITHOUT_NEXT_HOURS),
            SkipCause::TooLate,
        ),
    };
    let mut point = match &rule.pattern {
        MissedDosePattern::General { near_next_hours }
        | MissedDosePattern::ContactPrescriberAfterMissed {
            near_next_hours, ..
        } => near_next(*near_next_hours),
        MissedDosePattern::NarrowWindow { window_hours, .. } => after(*window_hours),
        MissedDosePattern::TakeEvenIfTwo {
            take_within_hours, ..
        } => after(*take_within_hours),
        MissedDosePattern::SkipIfLate { skip_after_hours } => after(*skip_after_hours),
        MissedDosePattern::WeeklyWindow {
            window_days,
            min_hours_before_next,
        } => {
            let days = (
                add_local_days(scheduled, zone, *window_days),
                SkipCause::TooLate,
            );
            match next {
                Some(n) => {
                    let before = (
                        n - hours_duration(*min_hours_before_next),
                        SkipCause::NearNextDose,
                    );
                    if before.0 < days.0 {
                        before
                    } else {
                        days
                    }
                }
                None => days,
            }
        }
    };
    if let (Some(n), Some(mi)) = (next, rule.min_interval()) {
        if n - mi < point.0 {
            point = (n - mi, SkipCause::MinIntervalBeforeNext);
        }
    }
    // Once the next dose is due, this one is not made up (ties read as this:
    // the later dose is what the person sees due).
    if let Some(n) = next {
        if due_from(n) <= point.0 {
            point = (due_from(n), SkipCause::LaterDoseDue);
        }
    }
    point
}

/// The same wall-clock time `days` calendar days later in `zone` (RFC 5545
/// for a time that falls in a gap or occurs twice).
fn add_local_days(at: DateTime<Utc>, zone: Tz, days: u32) -> DateTime<Utc> {
    let local = at.with_timezone(&zone).naive_local();
    match local.checked_add_days(Days::new(u64::from(days))) {
        Some(l) => resolve_local(zone, l).0,
        None => at + Duration::days(i64::from(days)),
    }
}

/// The skip point: the latest instant at which the dose scheduled at
/// `scheduled` (in `zone`) may still be taken under `rule`, given the next
/// scheduled dose of the same medication. It includes the rule's minimum
/// interval before `next`, and it is never after `next` becomes due
/// ([`due_from`]): a later dose due means this one is not made up. It may
/// lie before the scheduled time (e.g. a travel day that moved the next dose
/// close): then the dose is skipped.
pub fn latest_take_time(
    rule: &MissedDoseRule,
    scheduled: DateTime<Utc>,
    zone: Tz,
    next: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    skip_point(rule, scheduled, zone, next).0
}

/// Until when a dose counts as taken on time: [`ON_TIME_MINUTES`] after the
/// scheduled time, or the skip point if that comes first.
pub fn on_time_until(
    rule: &MissedDoseRule,
    scheduled: DateTime<Utc>,
    zone: Tz,
    next: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    (scheduled + Duration::minutes(ON_TIME_MINUTES))
        .min(latest_take_time(rule, scheduled, zone, next))
}

/// How an occurrence that is not logged reads at `now` (see the module docs
/// for the grace window).
pub fn lateness(
    rule: &MissedDoseRule,
    scheduled: DateTime<Utc>,
    zone: Tz,
    next: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Lateness {
    let latest = latest_take_time(rule, scheduled, zone, next);
    if now < scheduled - Duration::minutes(EARLY_MINUTES) {
        Lateness::Upcoming
    } else if now > latest || next.is_some_and(|n| now >= due_from(n)) {
        Lateness::Missed
    } else if now <= scheduled + Duration::minutes(ON_TIME_MINUTES) {
        Lateness::Due
    } else {
        Lateness::Late
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guidance::rule::WindowFallback;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn general_skip_point_is_before_the_next_dose() {
        let r = MissedDoseRule::default();
        let s = utc(2027, 5, 1, 8, 0);
        let n = utc(2027, 5, 1, 20, 0);
        assert_eq!(
            latest_take_time(&r, s, Tz::UTC, Some(n)),
            utc(2027, 5, 1, 18, 0)
        );
        assert_eq!(
            latest_take_time(&r, s, Tz::UTC, None),
            utc(2027, 5, 2, 8, 0)
        );
        let mut r = r;
        r.min_interval_minutes = Some(6 * 60);
        assert_eq!(
            latest_take_time(&r, s, Tz::UTC, Some(n)),
            utc(2027, 5, 1, 14, 0)
        );
    }

    #[test]
    fn weekly_window_counts_calendar_days_across_dst() {
        let ny = chrono_tz::America::New_York;
        let r = MissedDoseRule::new(MissedDosePattern::WeeklyWindow {
            window_days: 5,
            min_hours_before_next: 48.0,
        });
        // 2027-03-10 08:00 EST; 5 calendar days later is 2027-03-15 08:00 EDT.
        let s = utc(2027, 3, 10, 13, 0);
        assert_eq!(latest_take_time(&r, s, ny, None), utc(2027, 3, 15, 12, 0));
        let n = utc(2027, 3, 17, 12, 0);
        assert_eq!(
            latest_take_time(&r, s, ny, Some(n)),
            utc(2027, 3, 15, 12, 0)
        );
        let n = utc(2027, 3, 16, 12, 0);
        assert_eq!(
            latest_take_time(&r, s, ny, Some(n)),
            utc(2027, 3, 14, 12, 0)
        );
    }

    #[test]
    fn lateness_follows_the_rule() {
        let r = MissedDoseRule::new(MissedDosePattern::NarrowWindow {
            window_hours: 3.0,
            otherwise: WindowFallback::Skip,
        });
        let s = utc(2027, 5, 1, 8, 0);
        let at = |h, m| lateness(&r, s, Tz::UTC, None, utc(2027, 5, 1, h, m));
        assert_eq!(at(6, 59), Lateness::Upcoming);
        assert_eq!(at(7, 0), Lateness::Due);
        assert_eq!(at(10, 0), Lateness::Due);
        assert_eq!(at(10, 1), Lateness::Late);
        assert_eq!(at(11, 0), Lateness::Late);
        assert_eq!(at(11, 1), Lateness::Missed);
        assert_eq!(on_time_until(&r, s, Tz::UTC, None), utc(2027, 5, 1, 10, 0));
        let tight = MissedDoseRule::new(MissedDosePattern::SkipIfLate {
            skip_after_hours: 1.0,
        });
        assert_eq!(
            on_time_until(&tight, s, Tz::UTC, None),
            utc(2027, 5, 1, 9, 0)
        );
    }
}
