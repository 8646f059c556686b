//! As-needed (PRN) plans: no scheduled occurrences, only limits. This module
//! answers "may I take a dose now?" from the doses already taken; the dose
//! log keeps those and does the rest of PRN.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::plan::AsNeeded;

/// A dose already taken (amount in the plan's dose unit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TakenDose {
    /// When it was taken.
    pub at: DateTime<Utc>,
    /// How much.
    pub amount: f64,
}

/// The limit that stops a dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PrnLimit {
    /// Too soon after the last dose.
    MinInterval,
    /// The maximum per rolling period would be passed.
    MaxPerPeriod,
    /// More than may be taken at once.
    MaxPerAdministration,
}

/// The answer of [`check_as_needed`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PrnCheck {
    /// True if the dose stays within every limit.
    pub allowed: bool,
    /// The limits it would break.
    pub limits: Vec<PrnLimit>,
    /// The first instant at which it would be allowed (`None` if allowed now
    /// or never, as with a dose above the maximum per administration).
    pub next_allowed_at: Option<DateTime<Utc>>,
}

/// Whether `amount` may be taken at `now` given the doses `taken` (any order;
/// doses after `now` are ignored).
pub fn check_as_needed(
    a: &AsNeeded,
    taken: &[TakenDose],
    amount: f64,
    now: DateTime<Utc>,
) -> PrnCheck {
    let mut limits = Vec::new();
    let mut next: Option<DateTime<Utc>> = None;
    let mut never = false;
    let past: Vec<&TakenDose> = taken.iter().filter(|t| t.at <= now).collect();
    if let Some(max) = &a.max_per_administration {
        if amount > max.amount {
            limits.push(PrnLimit::MaxPerAdministration);
            never = true;
        }
    }
    if let Some(min) = a.min_interval_minutes {
        let min = Duration::minutes(i64::from(min));
        if let Some(last) = past.iter().map(|t| t.at).max() {
            if now - last < min {
                limits.push(PrnLimit::MinInterval);
                next = next.max(Some(last + min));
            }
        }
    }
    if let Some(m) = &a.max_per_period {
        let period = Duration::minutes(i64::from(m.period_minutes));
        let mut window: Vec<&TakenDose> = past
            .iter()
            .copied()
            .filter(|t| t.at > now - period)
            .collect();
        window.sort_by_key(|t| t.at);
        let mut sum: f64 = window.iter().map(|t| t.amount).sum();
        if sum + amount > m.amount.amount + 1e-9 {
            limits.push(PrnLimit::MaxPerPeriod);
            if amount > m.amount.amount + 1e-9 {
                never = true;
            } else {
                // Doses leave the rolling window one by one.
                for t in window {
                    sum -= t.amount;
                    if sum + amount <= m.amount.amount + 1e-9 {
                        next = next.max(Some(t.at + period));
                        break;
                    }
                }
            }
        }
    }
    PrnCheck {
        allowed: limits.is_empty(),
        limits,
        next_allowed_at: if never { None } else { next },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::plan::{Dose, MaxPerPeriod};
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 5, 1, h, 0, 0).unwrap()
    }

    fn limits() -> AsNeeded {
        AsNeeded {
            reason: Some("pain".into()),
            max_per_period: Some(MaxPerPeriod {
                amount: Dose::new(4000.0, "mg"),
                period_minutes: 24 * 60,
            }),
            max_per_administration: Some(Dose::new(1000.0, "mg")),
            min_interval_minutes: Some(240),
        }
    }

    #[test]
    fn minimum_interval_and_daily_maximum() {
        let a = limits();
        assert!(check_as_needed(&a, &[], 1000.0, at(8)).allowed);
        let taken = [TakenDose {
            at: at(8),
            amount: 1000.0,
        }];
        let c = check_as_needed(&a, &taken, 1000.0, at(10));
        assert_eq!(c.limits, vec![PrnLimit::MinInterval]);
        assert_eq!(c.next_allowed_at, Some(at(12)));
        let taken: Vec<_> = [0, 4, 8, 12]
            .iter()
            .map(|h| TakenDose {
                at: at(*h),
                amount: 1000.0,
            })
            .collect();
        let c = check_as_needed(&a, &taken, 1000.0, at(17));
        assert_eq!(c.limits, vec![PrnLimit::MaxPerPeriod]);
        assert_eq!(c.next_allowed_at, Some(at(0) + Duration::hours(24)));
        let c = check_as_needed(&a, &[], 1500.0, at(17));
        assert!(!c.allowed && c.next_allowed_at.is_none());
        assert!(c.limits.contains(&PrnLimit::MaxPerAdministration));
    }
}
