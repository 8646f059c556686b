//! The guidance engine: one occurrence, its neighbourhood in the dose log,
//! the rule and `now` give one structured answer ([`guidance`]).
//!
//! The order of the questions it asks:
//!
//! 1. Is the occurrence logged? Taken: [`GuidanceAction::AlreadyTaken`].
//!    Skipped: [`GuidanceAction::SkipThisDose`] ([`GuidanceReason::LoggedSkipped`]).
//! 2. Contact-after-N: have `missed_doses` in a row already been missed?
//!    [`GuidanceAction::ContactPrescriber`].
//! 3. Is the dose alone above the maximum per period? Contact the prescriber.
//! 4. Was a dose of the medication taken after this one's scheduled time
//!    (scheduled, extra or as-needed)? That dose was the catch-up: skip
//!    ([`GuidanceReason::DoseTakenSince`]).
//! 5. Is it past the skip point ([`super::latest_take_time`]), or does the
//!    window close before it opens? A later dose already due: skip
//!    ([`GuidanceReason::LaterDoseDue`]); otherwise the pattern's fallback
//!    (skip, or contact for narrow windows and take-even-if-two set to
//!    contact); contact-after-N contacts when this dose makes the N-th missed
//!    in a row.
//! 6. Not due yet (more than [`super::EARLY_MINUTES`] early)?
//!    [`GuidanceAction::NotDueYet`], with the time to take it.
//! 7. Otherwise the limits decide: take now, wait until the first instant
//!    that keeps them (if it is before the skip point), or the fallback. The
//!    limits are the rule's maximum per period and minimum interval; without
//!    a minimum interval, doses are kept [`super::min_gap`] apart (1 h, or
//!    the plan's own gap to the next dose if shorter).
//!
//! Together, 4 and 5 are the catch-up invariant: at most one catch-up dose
//! per medication, and never one for an occurrence older than a dose that is
//! already due.

use chrono::{DateTime, Duration, Utc};

pub use super::answer::{
    Guidance, GuidanceAction, GuidanceInput, GuidanceParams, GuidanceReason, GuidedOccurrence,
    OccurrenceLog,
};
use super::catch_up::taken_since;
use super::limits::{above_period_max, earliest_within, min_gap};
use super::message;
use super::rule::{MissedDosePattern, MissedDoseRule, WindowFallback};
use super::window::{
    due_from as window_due_from, skip_point, SkipCause, EARLY_MINUTES, ON_TIME_MINUTES,
};
use crate::schedule::{PrnLimit, TakenDose};

/// The guidance for `input.occurrence` at `now`. Pure and total.
///
/// Never suggests taking a dose already logged as taken, a dose past the
/// rule's skip point, an older dose once a later one is due, a second
/// catch-up after a dose taken since the scheduled time, or a dose that
/// would pass the maximum per period or come within the minimum interval
/// (or [`min_gap`]) of another dose (taken or next).
pub fn guidance(input: &GuidanceInput, now: DateTime<Utc>) -> Guidance {
    let rule = &input.rule;
    let occ = &input.occurrence;
    let taken: Vec<TakenDose> = input
        .taken
        .iter()
        .filter(|t| t.at <= now)
        .copied()
        .collect();
    let (latest, cause) = skip_point(rule, occ.scheduled_at, occ.zone, input.next_scheduled_at);
    let day_ago = now - Duration::hours(24);
    let recent = taken.iter().filter(|t| t.at > day_ago);
    let since = taken_since(&taken, occ.scheduled_at, &input.same_time_taken);
    let gap = min_gap(rule, occ.scheduled_at, input.next_scheduled_at);
    let d = decide(input, &taken, since, latest, cause, now);
    let params = GuidanceParams {
        now,
        zone: occ.zone,
        dose: occ.dose.clone(),
        scheduled_at: occ.scheduled_at,
        minutes_late: (now - occ.scheduled_at).num_minutes().max(0),
        next_dose_at: input.next_scheduled_at,
        latest_take_time: latest,
        take_at: d.take_at,
        doses_last_24h: u32::try_from(recent.clone().count()).unwrap_or(u32::MAX),
        amount_last_24h: recent.map(|t| t.amount).sum(),
        last_dose_at: taken.iter().map(|t| t.at).max(),
        limit: d.limit,
        max_per_period: rule.max_per_period.clone(),
        min_interval_minutes: rule.min_interval_minutes,
        consecutive_missed_before: input.consecutive_missed_before,
        taken_since_at: since,
        min_gap_minutes: u32::try_from(gap.num_minutes().max(0)).unwrap_or(u32::MAX),
    };
    let mut g = Guidance {
        occurrence_id: occ.id.clone(),
        action: d.action,
        reason: d.reason,
        pattern: rule.pattern.clone(),
        params,
        prescriber_note: Some(rule.note.trim().to_string()).filter(|n| !n.is_empty()),
        message: String::new(),
    };
    g.message = message::sentence(&g);
    g
}

struct Decision {
    action: GuidanceAction,
    reason: GuidanceReason,
    limit: Option<PrnLimit>,
    take_at: Option<DateTime<Utc>>,
}

impl Decision {
    fn new(action: GuidanceAction, reason: GuidanceReason) -> Decision {
        Decision {
            action,
            reason,
            limit: None,
            take_at: None,
        }
    }

    fn limit(mut self, limit: PrnLimit) -> Decision {
        self.limit = Some(limit);
        self
    }

    fn at(mut self, at: DateTime<Utc>) -> Decision {
        self.take_at = Some(at);
        self
    }
}

fn fallback_action(pattern: &MissedDosePattern) -> GuidanceAction {
    match pattern.fallback() {
        WindowFallback::Skip => GuidanceAction::SkipThisDose,
        WindowFallback::ContactPrescriber => GuidanceAction::ContactPrescriber,
    }
}

fn limit_reason(rule: &MissedDoseRule, limit: PrnLimit) -> GuidanceReason {
    match limit {
        PrnLimit::MinInterval if rule.min_interval_minutes.is_none() => GuidanceReason::RecentDose,
        PrnLimit::MinInterval => GuidanceReason::MinInterval,
        PrnLimit::MaxPerPeriod => GuidanceReason::MaxPerPeriod,
        PrnLimit::MaxPerAdministration => GuidanceReason::DoseAboveLimit,
    }
}

fn decide(
    input: &GuidanceInput,
    taken: &[TakenDose],
    since: Option<DateTime<Utc>>,
    latest: DateTime<Utc>,
    cause: SkipCause,
    now: DateTime<Utc>,
) -> Decision {
    use GuidanceAction as A;
    use GuidanceReason as R;
    let rule = &input.rule;
    let scheduled = input.occurrence.scheduled_at;
    let amount = input.occurrence.dose.amount;
    match input.log {
        OccurrenceLog::Taken => return Decision::new(A::AlreadyTaken, R::AlreadyTaken),
        OccurrenceLog::Skipped => return Decision::new(A::SkipThisDose, R::LoggedSkipped),
        OccurrenceLog::NotLogged => {}
    }
    let contact_after = match rule.pattern {
        MissedDosePattern::ContactPrescriberAfterMissed { missed_doses, .. } => Some(missed_doses),
        _ => None,
    };
    let missed = input.consecutive_missed_before;
    if contact_after.is_some_and(|n| missed >= n) {
        return Decision::new(A::ContactPrescriber, R::ConsecutiveMissed);
    }
    if above_period_max(rule, amount) {
        return Decision::new(A::ContactPrescriber, R::DoseAboveLimit)
            .limit(PrnLimit::MaxPerPeriod);
    }
    let due_from = scheduled - Duration::minutes(EARLY_MINUTES);
    // A later dose already due (from the very instant it is): whatever else
    // set the skip point, that is the reason this one is not made up.
    let later_due = input
        .next_scheduled_at
        .is_some_and(|n| now >= window_due_from(n));
    let past = latest < due_from || now > latest || later_due;
    if since.is_some() {
        // Caught up; "a later dose is due" reads better once it is.
        return if later_due {
            Decision::new(A::SkipThisDose, R::LaterDoseDue)
        } else {
            Decision::new(A::SkipThisDose, R::DoseTakenSince)
        };
    }
    let fallback = fallback_action(&rule.pattern);
    if past {
        if contact_after.is_some_and(|n| missed.saturating_add(1) >= n) {
            return Decision::new(A::ContactPrescriber, R::ConsecutiveMissed);
        }
        if later_due {
            return Decision::new(A::SkipThisDose, R::LaterDoseDue);
        }
        return match cause {
            SkipCause::LaterDoseDue => Decision::new(A::SkipThisDose, R::LaterDoseDue),
            SkipCause::TooLate => Decision::new(fallback, R::TooLate),
            SkipCause::NearNextDose => Decision::new(fallback, R::NearNextDose),
            SkipCause::MinIntervalBeforeNext => {
                Decision::new(fallback, R::NearNextDose).limit(PrnLimit::MinInterval)
            }
        };
    }
    let within = |from: DateTime<Utc>| earliest(input, taken, from, latest);
    if now < due_from {
        let planned = scheduled.min(latest);
        return match within(planned) {
            Ok((t, None)) => Decision::new(A::NotDueYet, R::NotDueYet).at(t),
            Ok((t, Some(l))) => Decision::new(A::NotDueYet, R::NotDueYet).at(t).limit(l),
            Err(l) => {
                Decision::new(limit_fallback(rule, l, fallback), limit_reason(rule, l)).limit(l)
            }
        };
    }
    match within(now) {
        Ok((t, None)) => {
            let reason = if now <= scheduled + Duration::minutes(ON_TIME_MINUTES) {
                R::OnTime
            } else {
                R::Late
            };
            Decision::new(A::TakeNow, reason).at(t)
        }
        Ok((t, Some(l))) => Decision::new(A::WaitUntil, limit_reason(rule, l))
            .at(t)
            .limit(l),
        Err(l) => Decision::new(limit_fallback(rule, l, fallback), limit_reason(rule, l)).limit(l),
    }
}

/// The first instant in `from..=until` at which the occurrence's dose keeps
/// the rule's limits (every dose taken counts) and, where the rule sets no
/// minimum interval, [`min_gap`] (the doses logged for other occurrences at
/// the same instant are part of this dose and do not count for it); with
/// the limit that held it back at `from`, or the one that blocks it.
fn earliest(
    input: &GuidanceInput,
    taken: &[TakenDose],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> std::result::Result<(DateTime<Utc>, Option<PrnLimit>), PrnLimit> {
    let rule = &input.rule;
    let amount = input.occurrence.dose.amount;
    if rule.min_interval_minutes.is_some() {
        return earliest_within(rule, taken, amount, from, until);
    }
    let gap = min_gap(rule, input.occurrence.scheduled_at, input.next_scheduled_at);
    let floor = MissedDoseRule {
        min_interval_minutes: Some(u32::try_from(gap.num_minutes().max(1)).unwrap_or(u32::MAX)),
        max_per_period: None,
        ..rule.clone()
    };
    let mut apart: Vec<TakenDose> = taken.to_vec();
    for s in &input.same_time_taken {
        if let Some(i) = apart.iter().position(|t| t.at == *s) {
            apart.remove(i);
        }
    }
    let mut t = from;
    let mut first = None;
    // Each round passes one limit or the other; a few suffice.
    for _ in 0..16 {
        let (a, la) = earliest_within(rule, taken, amount, t, until)?;
        let (b, lb) = earliest_within(&floor, &apart, amount, a, until)?;
        first = first.or(la).or(lb);
        if a == b {
            return Ok((a, first));
        }
        t = b;
    }
    Err(first.unwrap_or(PrnLimit::MinInterval))
}

/// A dose held back past the skip point by [`min_gap`] alone (a dose taken
/// just before) is skipped: the dose just taken stands for it.
fn limit_fallback(rule: &MissedDoseRule, l: PrnLimit, fallback: GuidanceAction) -> GuidanceAction {
    if limit_reason(rule, l) == GuidanceReason::RecentDose {
        GuidanceAction::SkipThisDose
    } else {
        fallback
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Dose;
    use chrono::TimeZone;
    use chrono_tz::Tz;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 5, d, h, 0, 0).unwrap()
    }

    fn input(rule: MissedDoseRule) -> GuidanceInput {
        GuidanceInput {
            occurrence: GuidedOccurrence {
                id: "o".into(),
                scheduled_at: at(1, 8),
                dose: Dose::new(1.0, "tablet"),
                zone: Tz::UTC,
            },
            next_scheduled_at: Some(at(2, 8)),
            taken: Vec::new(),
            log: OccurrenceLog::NotLogged,
            consecutive_missed_before: 0,
            rule,
            same_time_taken: Vec::new(),
        }
    }

    #[test]
    fn the_log_is_asked_first_then_the_missed_run() {
        let rule = MissedDoseRule::new(MissedDosePattern::ContactPrescriberAfterMissed {
            missed_doses: 2,
            near_next_hours: 2.0,
        });
        let mut i = input(rule);
        i.consecutive_missed_before = 4;
        assert_eq!(
            guidance(&i, at(1, 2)).action,
            GuidanceAction::ContactPrescriber
        );
        i.log = OccurrenceLog::Taken;
        let g = guidance(&i, at(1, 9));
        assert_eq!(
            (g.action, g.reason),
            (GuidanceAction::AlreadyTaken, GuidanceReason::AlreadyTaken)
        );
    }

    #[test]
    fn doses_after_now_are_not_counted() {
        let rule = MissedDoseRule {
            min_interval_minutes: Some(240),
            ..MissedDoseRule::default()
        };
        let mut i = input(rule);
        i.taken = vec![TakenDose {
            at: at(1, 9),
            amount: 1.0,
        }];
        let g = guidance(&i, at(1, 8));
        assert_eq!(g.action, GuidanceAction::TakeNow);
        assert_eq!(g.params.doses_last_24h, 0);
        assert_eq!(g.params.latest_take_time, at(2, 4));
        assert!(g.prescriber_note.is_none());
    }
}
