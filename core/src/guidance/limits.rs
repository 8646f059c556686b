//! The limits that apply to every pattern: maximum per rolling period and
//! minimum interval. Forward checks ("when may the next dose come?") build
//! on [`check_as_needed`]; [`check_taken_dose`] checks a dose already taken.
//!
//! Without a minimum interval in the rule, guidance still keeps doses
//! [`MIN_GAP_MINUTES`] apart (or the plan's own gap to the next dose, if
//! shorter): the pattern floor ([`min_gap`]). A dose logged outside guidance
//! is never flagged for it; it only holds back what guidance suggests.
//!
//! Amounts are in the plan's dose unit. A rolling period ending at `t` holds
//! the doses taken in `(t - period, t]`; a dose exactly `min_interval` after
//! the previous one keeps the interval.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::rule::MissedDoseRule;
use crate::error::{Error, Result};
use crate::schedule::{check_as_needed, AsNeeded, PrnCheck, PrnLimit, TakenDose};

/// Tolerance on amount sums (as in [`check_as_needed`]).
const EPS: f64 = 1e-9;

/// The least time guidance keeps between two doses when the rule sets no
/// minimum interval, in minutes (the early window of a dose: a late dose
/// taken just before the next one is due never has that one follow at once).
pub const MIN_GAP_MINUTES: i64 = 60;

/// The least time guidance keeps between a dose of the occurrence scheduled
/// at `scheduled` and any other dose: the rule's minimum interval if it sets
/// one, else [`MIN_GAP_MINUTES`], or the plan's own gap from `scheduled` to
/// the `next` dose if that is shorter (plans with doses less than an hour
/// apart).
pub fn min_gap(
    rule: &MissedDoseRule,
    scheduled: DateTime<Utc>,
    next: Option<DateTime<Utc>>,
) -> Duration {
    match rule.min_interval() {
        Some(mi) => mi,
        None => {
            let floor = Duration::minutes(MIN_GAP_MINUTES);
            match next {
                Some(n) if n > scheduled && n - scheduled < floor => n - scheduled,
                _ => floor,
            }
        }
    }
}

/// A limit that a dose already taken broke; it is recorded anyway and the
/// event is flagged for the prescriber.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LimitBreach {
    /// Which limit.
    pub limit: PrnLimit,
    /// For [`PrnLimit::MaxPerPeriod`]: the most taken in one rolling period
    /// holding this dose (in the dose unit). For [`PrnLimit::MinInterval`]:
    /// the minutes to the nearest other dose.
    pub observed: f64,
    /// The limit's value: the maximum amount, or the minimum minutes.
    pub allowed: f64,
    /// The other dose that is too close (min interval only).
    pub other_dose_at: Option<DateTime<Utc>>,
    /// Always true: a breach is shown to the prescriber.
    pub flag_for_prescriber: bool,
}

/// The rule's limits in the form [`check_as_needed`] reads.
pub(crate) fn as_limits(rule: &MissedDoseRule) -> AsNeeded {
    AsNeeded {
        reason: None,
        max_per_period: rule.max_per_period.clone(),
        max_per_administration: None,
        min_interval_minutes: rule.min_interval_minutes,
    }
}

/// True if `amount` alone is more than the maximum per period: it can never
/// be taken within the rule.
pub(crate) fn above_period_max(rule: &MissedDoseRule, amount: f64) -> bool {
    rule.max_per_period
        .as_ref()
        .is_some_and(|m| amount > m.amount.amount + EPS)
}

/// The first instant in `from..=until` at which `amount` keeps every limit
/// of `rule`, given the doses `taken` (all at or before `from`), and the
/// limit that blocked it at `from` if any; or the limit that blocks it
/// until after `until`.
pub(crate) fn earliest_within(
    rule: &MissedDoseRule,
    taken: &[TakenDose],
    amount: f64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> std::result::Result<(DateTime<Utc>, Option<PrnLimit>), PrnLimit> {
    let limits = as_limits(rule);
    let mut t = from;
    let mut first: Option<PrnLimit> = None;
    // Each step passes at least one dose or the last interval; a few suffice.
    for _ in 0..64 {
        let c = check_as_needed(&limits, taken, amount, t);
        if c.allowed {
            return Ok((t, first));
        }
        let limit = binding_limit(rule, taken, &c, t);
        first.get_or_insert(limit);
        match c.next_allowed_at {
            Some(n) if n <= until && n > t => t = n,
            _ => return Err(limit),
        }
    }
    Err(first.unwrap_or(PrnLimit::MaxPerPeriod))
}

/// Of the limits in `c`, the one that holds the dose back the longest.
pub(crate) fn binding_limit(
    rule: &MissedDoseRule,
    taken: &[TakenDose],
    c: &PrnCheck,
    at: DateTime<Utc>,
) -> PrnLimit {
    if c.limits.len() <= 1 {
        return c.limits.first().copied().unwrap_or(PrnLimit::MaxPerPeriod);
    }
    let interval_ends = rule.min_interval().and_then(|mi| {
        taken
            .iter()
            .filter(|t| t.at <= at)
            .map(|t| t.at)
            .max()
            .map(|last| last + mi)
    });
    if c.next_allowed_at.is_some() && interval_ends == c.next_allowed_at {
        PrnLimit::MinInterval
    } else {
        PrnLimit::MaxPerPeriod
    }
}

/// A dose's amount: a number greater than zero.
fn check_amount(amount: f64) -> Result<()> {
    if !(amount.is_finite() && amount > 0.0) {
        return Err(Error::invalid(
            "amount",
            "must be a number greater than zero",
        ));
    }
    Ok(())
}

/// The limits of `rule` that a dose of `amount` taken at `at` breaks, given
/// the other doses `taken` (before or after it; the dose itself must not be
/// among them). Empty if it keeps them all.
///
/// Errors: [`Error::InvalidInput`] on `amount` if it is not a number greater
/// than zero.
pub fn check_taken_dose(
    rule: &MissedDoseRule,
    taken: &[TakenDose],
    amount: f64,
    at: DateTime<Utc>,
) -> Result<Vec<LimitBreach>> {
    check_amount(amount)?;
    let mut out = Vec::new();
    if let Some(mi) = rule.min_interval() {
        let nearest = taken.iter().min_by_key(|t| (t.at - at).abs());
        if let Some(t) = nearest {
            let gap = (t.at - at).abs();
            if gap < mi {
                out.push(LimitBreach {
                    limit: PrnLimit::MinInterval,
                    observed: minutes(gap),
                    allowed: minutes(mi),
                    other_dose_at: Some(t.at),
                    flag_for_prescriber: true,
                });
            }
        }
    }
    if let Some(m) = &rule.max_per_period {
        let period = Duration::minutes(i64::from(m.period_minutes));
        // Every window holding `at` ends at `at` or at a later dose.
        let in_window = |end: DateTime<Utc>| -> f64 {
            amount
                + taken
                    .iter()
                    .filter(|t| t.at > end - period && t.at <= end)
                    .map(|t| t.amount)
                    .sum::<f64>()
        };
        let most = std::iter::once(at)
            .chain(
                taken
                    .iter()
                    .map(|t| t.at)
                    .filter(|e| *e > at && *e < at + period),
            )
            .map(in_window)
            .fold(0.0_f64, f64::max);
        if most > m.amount.amount + EPS {
            out.push(LimitBreach {
                limit: PrnLimit::MaxPerPeriod,
                observed: most,
                allowed: m.amount.amount,
                other_dose_at: None,
                flag_for_prescriber: true,
            });
        }
    }
    Ok(out)
}

/// The as-needed plan's limits (maximum per period, maximum per
/// administration, minimum interval) that a dose of `amount` taken at `at`
/// breaks, given the doses `taken` before it (later ones are ignored, as in
/// [`check_as_needed`]; the dose itself must not be among them). The limits
/// broken are exactly those [`check_as_needed`] (the check behind
/// [`super::can_take_now`]) gives for the dose at `at`; this adds by how
/// much. Empty if it keeps them all.
///
/// Errors: [`Error::InvalidInput`] on `amount` if it is not a number greater
/// than zero.
pub fn check_taken_as_needed(
    as_needed: &AsNeeded,
    taken: &[TakenDose],
    amount: f64,
    at: DateTime<Utc>,
) -> Result<Vec<LimitBreach>> {
    check_amount(amount)?;
    let c = check_as_needed(as_needed, taken, amount, at);
    let past = || taken.iter().filter(|t| t.at <= at);
    let mut out = Vec::new();
    for limit in c.limits {
        let breach = match limit {
            PrnLimit::MaxPerAdministration => as_needed
                .max_per_administration
                .as_ref()
                .map(|m| (amount, m.amount, None)),
            PrnLimit::MinInterval => {
                let last = past().max_by_key(|t| t.at);
                as_needed
                    .min_interval_minutes
                    .zip(last)
                    .map(|(m, l)| (minutes(at - l.at), f64::from(m), Some(l.at)))
            }
            PrnLimit::MaxPerPeriod => as_needed.max_per_period.as_ref().map(|m| {
                let period = Duration::minutes(i64::from(m.period_minutes));
                let sum: f64 = past()
                    .filter(|t| t.at > at - period)
                    .map(|t| t.amount)
                    .sum();
                (sum + amount, m.amount.amount, None)
            }),
        };
        if let Some((observed, allowed, other_dose_at)) = breach {
            out.push(LimitBreach {
                limit,
                observed,
                allowed,
                other_dose_at,
                flag_for_prescriber: true,
            });
        }
    }
    Ok(out)
}

fn minutes(d: Duration) -> f64 {
    d.num_milliseconds() as f64 / 60_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guidance::rule::MissedDosePattern;
    use crate::schedule::{Dose, MaxPerPeriod};
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 5, 1, h, 0, 0).unwrap()
    }

    fn rule() -> MissedDoseRule {
        let mut r = MissedDoseRule::new(MissedDosePattern::General {
            near_next_hours: 2.0,
        });
        r.min_interval_minutes = Some(240);
        r.max_per_period = Some(MaxPerPeriod {
            amount: Dose::new(3.0, "tablet"),
            period_minutes: 24 * 60,
        });
        r
    }

    fn dose(h: u32) -> TakenDose {
        TakenDose {
            at: at(h),
            amount: 1.0,
        }
    }

    #[test]
    fn a_dose_too_soon_is_a_breach_before_or_after() {
        let r = rule();
        let b = check_taken_dose(&r, &[dose(8)], 1.0, at(10)).unwrap();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].limit, PrnLimit::MinInterval);
        assert_eq!(b[0].observed, 120.0);
        assert!(b[0].flag_for_prescriber);
        // Logged late for an earlier time, still too close to a later dose.
        let b = check_taken_dose(&r, &[dose(8)], 1.0, at(6)).unwrap();
        assert_eq!(b[0].other_dose_at, Some(at(8)));
        assert!(check_taken_dose(&r, &[dose(8)], 1.0, at(12))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn period_maximum_counts_every_window_holding_the_dose() {
        let r = rule();
        let taken = [dose(4), dose(8), dose(12)];
        let b = check_taken_dose(&r, &taken, 1.0, at(16)).unwrap();
        assert_eq!(b[0].limit, PrnLimit::MaxPerPeriod);
        assert_eq!(b[0].observed, 4.0);
        // Backdated to 0:00, it shares a window with the three later doses.
        let b = check_taken_dose(&r, &taken, 1.0, at(0)).unwrap();
        assert_eq!(b[0].limit, PrnLimit::MaxPerPeriod);
        assert!(check_taken_dose(&r, &taken, f64::NAN, at(0)).is_err());
    }

    #[test]
    fn earliest_within_waits_for_both_limits() {
        let r = rule();
        let taken = [dose(0), dose(4), dose(8)];
        let until = at(23) + Duration::hours(10);
        let (t, first) = earliest_within(&r, &taken, 1.0, at(9), until).unwrap();
        assert_eq!(t, at(0) + Duration::hours(24));
        assert_eq!(first, Some(PrnLimit::MaxPerPeriod));
        assert_eq!(
            earliest_within(&r, &taken, 1.0, at(9), at(20)),
            Err(PrnLimit::MaxPerPeriod)
        );
        let (t, first) = earliest_within(&r, &[dose(8)], 1.0, at(9), at(20)).unwrap();
        assert_eq!((t, first), (at(12), Some(PrnLimit::MinInterval)));
    }
}
