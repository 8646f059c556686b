//! As-needed (PRN) doses: "may I take one now?", with the reason and the
//! earliest time a dose would be allowed. The limits are checked by
//! [`check_as_needed`]; this module words the answer.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

pub use super::answer::PrnGuidance;
use super::answer::{GuidanceAction, GuidanceReason};
use super::message;
use crate::error::{Error, Result};
use crate::schedule::{check_as_needed, AsNeeded, PrnLimit, TakenDose};

/// Whether `amount` of an as-needed medication may be taken at `now`, given
/// the doses `taken` (any order; doses after `now` are ignored). `zone` is
/// used for the times in the sentence.
///
/// Errors: [`Error::InvalidInput`] on `amount` if it is not a number greater
/// than zero.
pub fn can_take_now(
    as_needed: &AsNeeded,
    taken: &[TakenDose],
    amount: f64,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<PrnGuidance> {
    if !(amount.is_finite() && amount > 0.0) {
        return Err(Error::invalid(
            "amount",
            "must be a number greater than zero",
        ));
    }
    let c = check_as_needed(as_needed, taken, amount, now);
    let past: Vec<&TakenDose> = taken.iter().filter(|t| t.at <= now).collect();
    let last = past.iter().map(|t| t.at).max();
    let (action, reason, earliest_at) = if c.allowed {
        (
            GuidanceAction::TakeNow,
            GuidanceReason::WithinLimits,
            Some(now),
        )
    } else {
        match c.next_allowed_at {
            None => (
                GuidanceAction::ContactPrescriber,
                GuidanceReason::DoseAboveLimit,
                None,
            ),
            Some(t) => {
                let interval_end = as_needed
                    .min_interval_minutes
                    .zip(last)
                    .map(|(m, l)| l + Duration::minutes(i64::from(m)));
                let reason = if c.limits.contains(&PrnLimit::MinInterval)
                    && (c.limits.len() == 1 || interval_end == Some(t))
                {
                    GuidanceReason::MinInterval
                } else {
                    GuidanceReason::MaxPerPeriod
                };
                (GuidanceAction::WaitUntil, reason, Some(t))
            }
        }
    };
    let day_ago = now - Duration::hours(24);
    let recent: Vec<&&TakenDose> = past.iter().filter(|t| t.at > day_ago).collect();
    let mut g = PrnGuidance {
        action,
        reason,
        limits: c.limits,
        earliest_at,
        doses_last_24h: u32::try_from(recent.len()).unwrap_or(u32::MAX),
        amount_last_24h: recent.iter().map(|t| t.amount).sum(),
        last_dose_at: last,
        min_interval_minutes: as_needed.min_interval_minutes,
        max_per_period: as_needed.max_per_period.clone(),
        message: String::new(),
    };
    g.message = message::prn_sentence(&g, zone, now);
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Dose;
    use crate::schedule::MaxPerPeriod;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 5, 1, h, 0, 0).unwrap()
    }

    fn limits() -> AsNeeded {
        AsNeeded {
            reason: Some("anxiety".into()),
            max_per_period: Some(MaxPerPeriod {
                amount: Dose::new(3.0, "tablet"),
                period_minutes: 24 * 60,
            }),
            max_per_administration: Some(Dose::new(1.0, "tablet")),
            min_interval_minutes: Some(240),
        }
    }

    fn dose(h: u32) -> TakenDose {
        TakenDose {
            at: at(h),
            amount: 1.0,
        }
    }

    #[test]
    fn answers_with_reason_and_earliest_time() {
        let a = limits();
        let g = can_take_now(&a, &[], 1.0, at(8), Tz::UTC).unwrap();
        assert_eq!(
            (g.action, g.reason),
            (GuidanceAction::TakeNow, GuidanceReason::WithinLimits)
        );
        assert_eq!(g.earliest_at, Some(at(8)));
        let g = can_take_now(&a, &[dose(8)], 1.0, at(10), Tz::UTC).unwrap();
        assert_eq!(
            (g.action, g.reason),
            (GuidanceAction::WaitUntil, GuidanceReason::MinInterval)
        );
        assert_eq!(g.earliest_at, Some(at(12)));
        assert!(g.message.contains("12:00"), "{}", g.message);
        let g = can_take_now(&a, &[dose(1), dose(6), dose(11)], 1.0, at(16), Tz::UTC).unwrap();
        assert_eq!(
            (g.action, g.reason),
            (GuidanceAction::WaitUntil, GuidanceReason::MaxPerPeriod)
        );
        assert_eq!(g.earliest_at, Some(at(1) + Duration::hours(24)));
        assert_eq!(g.doses_last_24h, 3);
        let g = can_take_now(&a, &[], 2.0, at(16), Tz::UTC).unwrap();
        assert_eq!(g.action, GuidanceAction::ContactPrescriber);
        assert_eq!(g.earliest_at, None);
        assert!(can_take_now(&a, &[], 0.0, at(16), Tz::UTC).is_err());
    }
}
