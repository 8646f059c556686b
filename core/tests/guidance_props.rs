//! Property tests of the missed-dose guidance over random rules, random
//! dose logs and random instants: it never suggests a second dose for the
//! same occurrence, never passes the maximum per period, never breaks the
//! minimum interval, and never suggests a dose after the rule's skip point.

use cadence_core::guidance::{
    can_take_now, check_taken_dose, guidance, lateness, latest_take_time, min_gap,
    GuidanceAction as A, GuidanceInput, GuidanceReason as R, GuidedOccurrence, Lateness,
    MissedDosePattern as P, MissedDoseRule, OccurrenceLog, WindowFallback, EARLY_MINUTES,
};
use cadence_core::schedule::{check_as_needed, AsNeeded, Dose, MaxPerPeriod, TakenDose};
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

fn base() -> DateTime<Utc> {
    // A week before the 2027 spring-forward in New York and Europe.
    Utc.with_ymd_and_hms(2027, 3, 7, 0, 0, 0).unwrap()
}

fn zone() -> impl Strategy<Value = Tz> {
    prop_oneof![
        Just(chrono_tz::UTC),
        Just(chrono_tz::America::New_York),
        Just(chrono_tz::Europe::Berlin),
        Just(chrono_tz::Australia::Lord_Howe),
    ]
}

fn hours() -> impl Strategy<Value = f64> {
    prop_oneof![
        (1u32..=96).prop_map(|q| f64::from(q) * 0.25),
        (1u32..=72).prop_map(f64::from),
    ]
}

fn fallback() -> impl Strategy<Value = WindowFallback> {
    prop_oneof![
        Just(WindowFallback::Skip),
        Just(WindowFallback::ContactPrescriber)
    ]
}

fn pattern() -> impl Strategy<Value = P> {
    prop_oneof![
        hours().prop_map(|h| P::General { near_next_hours: h }),
        (hours(), fallback()).prop_map(|(h, f)| P::NarrowWindow {
            window_hours: h,
            otherwise: f
        }),
        (hours(), fallback()).prop_map(|(h, f)| P::TakeEvenIfTwo {
            take_within_hours: h,
            otherwise: f
        }),
        hours().prop_map(|h| P::SkipIfLate {
            skip_after_hours: h
        }),
        (1u32..=14, hours()).prop_map(|(d, h)| P::WeeklyWindow {
            window_days: d,
            min_hours_before_next: h
        }),
        (1u32..=5, hours()).prop_map(|(n, h)| P::ContactPrescriberAfterMissed {
            missed_doses: n,
            near_next_hours: h
        }),
    ]
}

fn rule() -> impl Strategy<Value = MissedDoseRule> {
    (
        pattern(),
        prop::option::of(prop_oneof![15u32..=120, 121u32..=2880]),
        prop::option::of((1u32..=8, prop_oneof![60u32..=720, 721u32..=10080])),
    )
        .prop_map(|(pattern, min, max)| MissedDoseRule {
            pattern,
            min_interval_minutes: min,
            max_per_period: max.map(|(a, p)| MaxPerPeriod {
                amount: Dose::new(f64::from(a) * 0.5, "tablet"),
                period_minutes: p,
            }),
            note: String::new(),
        })
}

fn log() -> impl Strategy<Value = OccurrenceLog> {
    prop_oneof![
        6 => Just(OccurrenceLog::NotLogged),
        1 => Just(OccurrenceLog::Taken),
        1 => Just(OccurrenceLog::Skipped),
    ]
}

/// A random occurrence with its neighbourhood, and an instant to ask at.
#[derive(Debug, Clone)]
struct World {
    input: GuidanceInput,
    now: DateTime<Utc>,
}

fn world() -> impl Strategy<Value = World> {
    (
        rule(),
        zone(),
        0i64..20 * 1440,
        prop::option::of(prop_oneof![1i64..=240, 241i64..=1440, 1441i64..=11_520]),
        prop::collection::vec((-4320i64..=14_400, 1u32..=4), 0..8),
        log(),
        0u32..6,
        1u32..=4,
        -2880i64..=14_400,
    )
        .prop_map(|(rule, zone, at, next, taken, log, missed, dose, now)| {
            let scheduled = base() + Duration::minutes(at);
            World {
                input: GuidanceInput {
                    occurrence: GuidedOccurrence {
                        id: "occ".into(),
                        scheduled_at: scheduled,
                        dose: Dose::new(f64::from(dose) * 0.5, "tablet"),
                        zone,
                    },
                    next_scheduled_at: next.map(|n| scheduled + Duration::minutes(n)),
                    taken: taken
                        .into_iter()
                        .map(|(m, a)| TakenDose {
                            at: scheduled + Duration::minutes(m),
                            amount: f64::from(a) * 0.5,
                        })
                        .collect(),
                    log,
                    consecutive_missed_before: missed,
                    rule,
                    same_time_taken: Vec::new(),
                },
                now: scheduled + Duration::minutes(now),
            }
        })
}

/// The doses taken up to `now` (what the person has actually done by then).
fn past(w: &World) -> Vec<TakenDose> {
    w.input
        .taken
        .iter()
        .filter(|t| t.at <= w.now)
        .copied()
        .collect()
}

/// Taking the dose at `at` keeps every limit, with the doses already taken
/// and with the next scheduled dose.
fn keeps_limits(w: &World, at: DateTime<Utc>) -> Result<(), TestCaseError> {
    let rule = &w.input.rule;
    let amount = w.input.occurrence.dose.amount;
    let breaches = check_taken_dose(rule, &past(w), amount, at).unwrap();
    prop_assert!(breaches.is_empty(), "breaks {:?} at {}", breaches, at);
    if let (Some(n), Some(mi)) = (w.input.next_scheduled_at, rule.min_interval_minutes) {
        if n > at {
            prop_assert!(
                n - at >= Duration::minutes(i64::from(mi)),
                "too close to the next dose"
            );
        }
    }
    if let Some(m) = &rule.max_per_period {
        prop_assert!(amount <= m.amount.amount + 1e-9);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn guidance_keeps_every_invariant(w in world()) {
        let i = &w.input;
        prop_assert!(i.rule.validate().is_ok());
        let g = guidance(i, w.now);
        let latest = latest_take_time(&i.rule, i.occurrence.scheduled_at, i.occurrence.zone, i.next_scheduled_at);
        let due_from = i.occurrence.scheduled_at - Duration::minutes(EARLY_MINUTES);
        prop_assert_eq!(g.params.latest_take_time, latest);
        prop_assert!(!g.message.is_empty());
        prop_assert!(!g.message.to_lowercase().contains("double"));

        // Never a second dose for the same occurrence.
        if i.log == OccurrenceLog::Taken {
            prop_assert_eq!(g.action, A::AlreadyTaken);
        }
        if i.log != OccurrenceLog::NotLogged {
            prop_assert!(!matches!(g.action, A::TakeNow | A::WaitUntil | A::NotDueYet));
        }
        match g.action {
            A::TakeNow => {
                prop_assert_eq!(g.params.take_at, Some(w.now));
                prop_assert!(w.now >= due_from && w.now <= latest, "take now past the skip point");
                keeps_limits(&w, w.now)?;
            }
            A::WaitUntil => {
                let t = g.params.take_at.unwrap();
                prop_assert!(t > w.now && t <= latest, "wait past the skip point");
                prop_assert!(g.params.limit.is_some());
                keeps_limits(&w, t)?;
            }
            A::NotDueYet => {
                let t = g.params.take_at.unwrap();
                prop_assert!(w.now < due_from && t >= due_from && t <= latest);
                keeps_limits(&w, t)?;
            }
            _ => prop_assert!(g.params.take_at.is_none()),
        }
        // Past the skip point nothing is ever suggested, at any later instant.
        if w.now > latest {
            prop_assert!(!matches!(g.action, A::TakeNow | A::WaitUntil | A::NotDueYet));
        }
        // Status and guidance agree.
        if i.log == OccurrenceLog::NotLogged {
            let l = lateness(&i.rule, i.occurrence.scheduled_at, i.occurrence.zone, i.next_scheduled_at, w.now);
            if g.action == A::TakeNow {
                prop_assert!(matches!(l, Lateness::Due | Lateness::Late));
            }
            if l == Lateness::Missed {
                prop_assert!(!matches!(g.action, A::TakeNow | A::WaitUntil | A::NotDueYet));
            }
        }
        // Pure: the same question gives the same answer.
        prop_assert_eq!(guidance(i, w.now), g);
    }

    #[test]
    fn a_dose_allowed_now_is_still_allowed_by_the_log_check(w in world()) {
        // Whatever the engine suggests now, logging it then raises no warning;
        // and a dose it holds back would have raised one (or is past the skip
        // point, or already caught up by a dose taken since). Without a
        // minimum interval in the rule, the check uses the pattern floor.
        let i = &w.input;
        let mut fresh = i.clone();
        fresh.log = OccurrenceLog::NotLogged;
        fresh.consecutive_missed_before = 0;
        let g = guidance(&fresh, w.now);
        let caught_up = past(&w).iter().any(|t| t.at > i.occurrence.scheduled_at);
        if caught_up {
            // One catch-up at most: never a second dose after one taken since.
            prop_assert!(!matches!(g.action, A::TakeNow | A::WaitUntil | A::NotDueYet));
            prop_assert!(matches!(g.reason, R::DoseTakenSince | R::LaterDoseDue | R::DoseAboveLimit));
            return Ok(());
        }
        prop_assert!(g.reason != R::DoseTakenSince);
        let mut limits = i.rule.clone();
        let gap = min_gap(&i.rule, i.occurrence.scheduled_at, i.next_scheduled_at);
        limits.min_interval_minutes = Some(gap.num_minutes() as u32);
        let breaches = check_taken_dose(&limits, &past(&w), i.occurrence.dose.amount, w.now).unwrap();
        let latest = g.params.latest_take_time;
        let due_from = i.occurrence.scheduled_at - Duration::minutes(EARLY_MINUTES);
        if w.now >= due_from && w.now <= latest {
            prop_assert_eq!(g.action == A::TakeNow, breaches.is_empty(), "{:?} {:?}", g.action, breaches);
        }
    }

    #[test]
    fn rules_read_back_from_their_json(r in rule()) {
        let json = serde_json::to_string(&r).unwrap();
        prop_assert_eq!(serde_json::from_str::<MissedDoseRule>(&json).unwrap(), r);
    }

    #[test]
    fn prn_earliest_time_is_the_first_allowed_one(
        taken in prop::collection::vec((-2880i64..=0, 1u32..=4), 0..8),
        min in prop::option::of(30u32..=720),
        max in prop::option::of((1u32..=8, 60u32..=2880)),
        amount in 1u32..=4,
    ) {
        let now = base();
        let a = AsNeeded {
            reason: None,
            max_per_period: max.map(|(m, p)| MaxPerPeriod { amount: Dose::new(f64::from(m) * 0.5, "tablet"), period_minutes: p }),
            max_per_administration: None,
            min_interval_minutes: min,
        };
        let taken: Vec<TakenDose> = taken.into_iter().map(|(m, q)| TakenDose { at: now + Duration::minutes(m), amount: f64::from(q) * 0.5 }).collect();
        let amount = f64::from(amount) * 0.5;
        let g = can_take_now(&a, &taken, amount, now, chrono_tz::UTC).unwrap();
        prop_assert!(!g.message.is_empty());
        match g.action {
            A::TakeNow => prop_assert!(check_as_needed(&a, &taken, amount, now).allowed),
            A::WaitUntil => {
                let t = g.earliest_at.unwrap();
                prop_assert!(t > now);
                prop_assert!(check_as_needed(&a, &taken, amount, t).allowed);
                prop_assert!(!check_as_needed(&a, &taken, amount, t - Duration::seconds(1)).allowed);
            }
            _ => prop_assert!(g.earliest_at.is_none()),
        }
    }
}
