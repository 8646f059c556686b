//! A simulated person who follows every answer. Over random plans (once,
//! twice or three times a day, every N hours, weekly, a taper, as-needed
//! only, or scheduled with an as-needed plan beside it), random prescriber
//! rules (every pattern, with and without a maximum per period and a minimum
//! interval) and zones with DST changes and travel, the person forgets at
//! random and, at random instants, asks for guidance on every open dose (in
//! a random order) and does exactly what it says: takes it when told "take
//! now", logs a skip when told "skip", and otherwise waits. As-needed doses
//! are taken when `can_take_now` allows them.
//!
//! After every dose taken it asserts:
//!
//! * never more scheduled doses in any rolling 24 h or 7 days than the plan
//!   has in that window (plus the hour after it, the early window) plus one
//!   catch-up;
//! * never two doses closer than the rule's minimum interval or, without
//!   one, the pattern floor ([`min_gap`]: 1 h, or the plan's own gap to the
//!   next dose if shorter); an as-needed dose keeps its own plan's limits;
//! * never a dose past the rule's skip point, nor more than the early
//!   window before its time, nor once the next dose of the medication is
//!   due (an older missed dose is never made up);
//! * never a dose for an occurrence already taken, and never a dose for an
//!   occurrence after another dose was taken since its time;
//! * never a scheduled dose past the rule's maximum per period.
//!
//! The seed is fixed. `CADENCE_FOLLOW_CASES` sets the number of simulated
//! people (default 200); the run prints the simulated person-days.

use std::collections::HashMap;

use cadence_core::guidance::catch_up::LoggedDose;
use cadence_core::guidance::{
    can_take_now, check_taken_dose, guidance, guidance_input, latest_take_time, min_gap,
    GuidanceAction as A, GuidanceReason as R, MissedDosePattern as P, MissedDoseRule,
    OccurrenceLog, WindowFallback, EARLY_MINUTES,
};
use cadence_core::model::routine::Routine;
use cadence_core::schedule::*;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Offset, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

const MED: &str = "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1f001";
const PLAN: &str = "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1f002";
const PRN_PLAN: &str = "5a0c3a52-5f7e-4a4e-9a53-1f1de3a1f003";

const ZONES: [Tz; 6] = [
    chrono_tz::UTC,
    chrono_tz::America::New_York,
    chrono_tz::Europe::Berlin,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Pacific::Auckland,
    chrono_tz::Asia::Kolkata,
];

/// Start dates a few days before DST changes (New York, Europe, the
/// southern hemisphere's April and October changes).
fn starts() -> [NaiveDate; 5] {
    let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
    [d(3, 10), d(3, 25), d(4, 1), d(9, 29), d(10, 28)]
}

/// The plan's shape.
#[derive(Debug, Clone)]
enum Shape {
    /// Every day at these times.
    Daily(Vec<NaiveTime>),
    /// Every `hours` hours, from a start with a time (or the wake time).
    Every { hours: u32, from: Option<u32> },
    /// Weekly on a weekday at a time.
    Weekly(DayOfWeek, NaiveTime),
    /// Three times a day for 3 days, twice for 3 days, then once a day.
    Taper,
    /// As-needed only.
    AsNeededOnly,
}

/// One simulated person.
#[derive(Debug, Clone)]
struct Person {
    home: Tz,
    travel: Option<(i64, Tz, i64)>,
    start: NaiveDate,
    days: i64,
    shape: Shape,
    pinned: bool,
    rule: MissedDoseRule,
    prn: Option<AsNeeded>,
    seed: u64,
}

fn time() -> impl Strategy<Value = NaiveTime> {
    (5u32..=23, 0u32..4).prop_map(|(h, q)| NaiveTime::from_hms_opt(h, q * 15, 0).unwrap())
}

fn shape() -> impl Strategy<Value = Shape> {
    let dow = prop::sample::select(vec![
        DayOfWeek::Mon,
        DayOfWeek::Wed,
        DayOfWeek::Sat,
        DayOfWeek::Sun,
    ]);
    prop_oneof![
        time().prop_map(|t| Shape::Daily(vec![t])),
        prop::collection::btree_set(time(), 2).prop_map(|s| Shape::Daily(s.into_iter().collect())),
        prop::collection::btree_set(time(), 3).prop_map(|s| Shape::Daily(s.into_iter().collect())),
        (
            prop::sample::select(vec![4u32, 6, 8, 12]),
            prop::option::of(0u32..24)
        )
            .prop_map(|(hours, from)| Shape::Every { hours, from }),
        (dow, time()).prop_map(|(d, t)| Shape::Weekly(d, t)),
        Just(Shape::Taper),
        Just(Shape::AsNeededOnly),
    ]
}

fn hours() -> impl Strategy<Value = f64> {
    prop_oneof![
        (1u32..=16).prop_map(|q| f64::from(q) * 0.5),
        (9u32..=72).prop_map(f64::from),
    ]
}

fn pattern() -> impl Strategy<Value = P> {
    let fallback = prop_oneof![
        Just(WindowFallback::Skip),
        Just(WindowFallback::ContactPrescriber)
    ];
    prop_oneof![
        hours().prop_map(|h| P::General { near_next_hours: h }),
        (hours(), fallback.clone()).prop_map(|(h, f)| P::NarrowWindow {
            window_hours: h,
            otherwise: f
        }),
        (hours(), fallback).prop_map(|(h, f)| P::TakeEvenIfTwo {
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
        prop::option::of(prop_oneof![30u32..=240, 241u32..=1440]),
        prop::option::of((2u32..=8, prop_oneof![Just(1440u32), 60u32..=10080])),
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

fn as_needed() -> impl Strategy<Value = AsNeeded> {
    (
        prop::option::of(60u32..=480),
        prop::option::of((1u32..=4, Just(1440u32))),
    )
        .prop_map(|(min, max)| AsNeeded {
            reason: None,
            max_per_period: max.map(|(a, p)| MaxPerPeriod {
                amount: Dose::new(f64::from(a), "tablet"),
                period_minutes: p,
            }),
            max_per_administration: None,
            min_interval_minutes: min,
        })
}

fn person() -> impl Strategy<Value = Person> {
    (
        (
            prop::sample::select(ZONES.to_vec()),
            prop::option::of((
                12i64..=200,
                prop::sample::select(ZONES.to_vec()),
                24i64..=120,
            )),
            prop::sample::select(starts().to_vec()),
            10i64..=21,
        ),
        shape(),
        any::<bool>(),
        rule(),
        prop::option::weighted(0.3, as_needed()),
        any::<u64>(),
    )
        .prop_map(
            |((home, travel, start, days), shape, pinned, rule, prn, seed)| {
                let prn = match shape {
                    Shape::AsNeededOnly => Some(prn.unwrap_or(AsNeeded {
                        reason: None,
                        max_per_period: None,
                        max_per_administration: None,
                        min_interval_minutes: Some(240),
                    })),
                    _ => prn,
                };
                Person {
                    home,
                    travel,
                    start,
                    days,
                    shape,
                    pinned,
                    rule,
                    prn,
                    seed,
                }
            },
        )
}

/// The person's plans: the scheduled one (unless as-needed only) and the
/// as-needed one, if any.
fn plans(p: &Person) -> Vec<DosingPlan> {
    let one = Dose::new(1.0, "tablet");
    let timing = match &p.shape {
        Shape::Daily(times) => Timing::daily_at(times),
        Shape::Every { hours, from } => {
            let mut t = Timing::every_hours(*hours);
            if let Some(h) = from {
                let local = p.start.and_time(NaiveTime::from_hms_opt(*h, 0, 0).unwrap());
                let at = cadence_core::schedule::zone::resolve_local(p.home, local).0;
                let offset = at.with_timezone(&p.home).offset().fix();
                t.repeat.bounds = Some(TimingBounds::Period {
                    start: Some(BoundaryPoint::Instant {
                        at: at.with_timezone(&offset),
                    }),
                    end: None,
                });
            }
            t
        }
        Shape::Weekly(day, at) => Timing {
            repeat: TimingRepeat {
                period: Some(1.0),
                period_unit: Some(PeriodUnit::Week),
                day_of_week: vec![*day],
                time_of_day: vec![*at],
                ..TimingRepeat::default()
            },
            day_rule: None,
        },
        Shape::Taper | Shape::AsNeededOnly => Timing::daily_at(&[at(9, 0)]),
    };
    let mut out = Vec::new();
    if !matches!(p.shape, Shape::AsNeededOnly) {
        let mut plan = DosingPlan::new(PLAN, MED, one.clone(), timing);
        plan.start = Some(p.start);
        if p.pinned {
            plan.zone_policy = ZonePolicy::Pinned { zone: p.home };
        }
        if matches!(p.shape, Shape::Taper) {
            let step = |start: NaiveDate, times: &[NaiveTime], amount: f64| DoseStep {
                start,
                days: Some(3),
                dose: Dose::new(amount, "tablet"),
                slot_doses: Vec::new(),
                timing: Timing::daily_at(times),
            };
            plan.steps = vec![
                step(p.start, &[at(8, 0), at(14, 0), at(20, 0)], 1.0),
                step(p.start + Duration::days(3), &[at(8, 0), at(20, 0)], 1.0),
            ];
            plan.dose = Dose::new(0.5, "tablet");
        }
        out.push(plan);
    }
    if let Some(a) = &p.prn {
        let mut plan = DosingPlan::new(PRN_PLAN, MED, one, Timing::default());
        plan.as_needed = Some(a.clone());
        out.push(plan);
    }
    out
}

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn zones(p: &Person, start: DateTime<Utc>) -> ZoneHistory {
    let mut z = ZoneHistory::fixed(p.home);
    if let Some((after, to, stay)) = p.travel {
        let out = start + Duration::hours(after);
        z.changes.push(ZoneChange { at: out, zone: to });
        z.changes.push(ZoneChange {
            at: out + Duration::hours(stay),
            zone: p.home,
        });
    }
    z
}

/// A small deterministic random stream (SplitMix64) for the person's
/// behaviour, from the case's seed.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// Minutes to the next time the person looks at the app: often soon,
    /// sometimes hours later, now and then after a day or two forgotten.
    fn gap(&mut self) -> i64 {
        match self.below(20) {
            0..=13 => 5 + self.below(90) as i64,
            14..=18 => 90 + self.below(600) as i64,
            _ => 690 + self.below(2400) as i64,
        }
    }
}

/// A dose taken: when, how much, and the occurrence it was for.
#[derive(Debug, Clone, Copy)]
struct Taken {
    at: DateTime<Utc>,
    amount: f64,
    occurrence: Option<usize>,
}

fn logged(log: OccurrenceLog, taken_at: Option<DateTime<Utc>>) -> LoggedDose {
    LoggedDose { log, taken_at }
}

fn taken_doses(t: &[Taken]) -> Vec<TakenDose> {
    t.iter()
        .map(|t| TakenDose {
            at: t.at,
            amount: t.amount,
        })
        .collect()
}

/// What the simulated people did, to show the run exercised the rule.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    days: i64,
    asked: u64,
    taken_late: u64,
    taken: u64,
    later_dose_due: u64,
    taken_since: u64,
    as_needed: u64,
}

/// Runs one person, adding to `tally`.
fn follow(p: &Person, tally: &mut Tally) -> Result<(), TestCaseError> {
    let plans = plans(p);
    let start = cadence_core::schedule::zone::resolve_local(p.home, p.start.and_time(at(0, 0))).0;
    let end = start + Duration::days(p.days);
    let zone_history = zones(p, start);
    let occs = expand(
        &plans,
        &RoutineHistory::fixed(Routine::default()),
        &zone_history,
        p.start - Duration::days(1),
        p.start + Duration::days(p.days + 16),
    )
    .map_err(|e| TestCaseError::fail(format!("{e}")))?;
    let plan_min = plans.iter().filter_map(|x| x.min_interval_minutes).max();
    let rule = p.rule.clone().with_plan_min_interval(plan_min);
    let next_of = |i: usize| {
        occs[i + 1..]
            .iter()
            .map(|o| o.utc)
            .find(|t| *t > occs[i].utc)
    };
    let mut logs: HashMap<String, LoggedDose> = HashMap::new();
    let mut taken: Vec<Taken> = Vec::new();
    let mut dice = Dice(p.seed);
    let mut now = start + Duration::minutes(dice.below(600) as i64);
    while now < end {
        // Every open dose (due, late or just ahead; not logged), in a random order.
        let mut open: Vec<usize> = (0..occs.len())
            .filter(|&i| {
                let o = &occs[i];
                o.utc <= now + Duration::hours(3)
                    && o.utc >= now - Duration::days(8)
                    && !logs.contains_key(o.id.as_str())
            })
            .collect();
        for k in (1..open.len()).rev() {
            open.swap(k, dice.below(k as u64 + 1) as usize);
        }
        // Now and then the person also asks about a dose already taken.
        if let Some(done) = taken.iter().rev().find_map(|t| t.occurrence) {
            if dice.chance(10) {
                open.push(done);
            }
        }
        for i in open {
            if dice.chance(25) {
                continue; // forgotten this time
            }
            let o = &occs[i];
            let input = guidance_input(o, &occs, &logs, taken_doses(&taken), rule.clone(), now);
            let g = guidance(&input, now);
            prop_assert!(!g.message.is_empty() && !g.message.to_lowercase().contains("double"));
            tally.asked += 1;
            match g.reason {
                R::LaterDoseDue => tally.later_dose_due += 1,
                R::DoseTakenSince => tally.taken_since += 1,
                R::Late if g.action == A::TakeNow => tally.taken_late += 1,
                _ => {}
            }
            if logs
                .get(o.id.as_str())
                .is_some_and(|l| l.log == OccurrenceLog::Taken)
            {
                prop_assert_eq!(g.action, A::AlreadyTaken, "{}", g.message);
                continue;
            }
            match g.action {
                A::TakeNow => {
                    check_scheduled(p, &rule, &occs, i, next_of(i), &taken, now, &g.message)?;
                    logs.insert(o.id.to_string(), logged(OccurrenceLog::Taken, Some(now)));
                    taken.push(Taken {
                        at: now,
                        amount: o.dose.amount,
                        occurrence: Some(i),
                    });
                    tally.taken += 1;
                }
                A::SkipThisDose => {
                    logs.insert(o.id.to_string(), logged(OccurrenceLog::Skipped, None));
                }
                _ => {}
            }
        }
        // An as-needed dose when the person feels they need one.
        if let Some(a) = &p.prn {
            if dice.chance(30) {
                let past = taken_doses(&taken);
                let g = can_take_now(a, &past, 1.0, now, zone_history.zone_at(now))
                    .map_err(|e| TestCaseError::fail(format!("{e}")))?;
                if g.action == A::TakeNow {
                    prop_assert!(check_as_needed(a, &past, 1.0, now).allowed);
                    if let (Some(m), Some(last)) = (a.min_interval_minutes, past.last()) {
                        prop_assert!(now - last.at >= Duration::minutes(i64::from(m)));
                    }
                    taken.push(Taken {
                        at: now,
                        amount: 1.0,
                        occurrence: None,
                    });
                    tally.as_needed += 1;
                }
            }
        }
        now += Duration::minutes(dice.gap());
    }
    tally.days += p.days;
    Ok(())
}

/// The checks on a scheduled dose of occurrence `i` about to be taken at
/// `now`, after the doses `taken`.
#[allow(clippy::too_many_arguments)]
fn check_scheduled(
    p: &Person,
    rule: &MissedDoseRule,
    occs: &[DoseOccurrence],
    i: usize,
    next: Option<DateTime<Utc>>,
    taken: &[Taken],
    now: DateTime<Utc>,
    message: &str,
) -> Result<(), TestCaseError> {
    let o = &occs[i];
    let ctx = || {
        format!(
            "{:?} at {now}, dose of {}: {message}; taken {:?}",
            p.shape,
            o.utc,
            &taken[taken.len().saturating_sub(4)..]
        )
    };
    // Never twice for one occurrence.
    prop_assert!(
        !taken.iter().any(|t| t.occurrence == Some(i)),
        "twice: {}",
        ctx()
    );
    // Within its window: from the early window to the skip point.
    let latest = latest_take_time(rule, o.utc, o.zone, next);
    prop_assert!(now <= latest, "past the skip point {latest}: {}", ctx());
    prop_assert!(
        now >= o.utc - Duration::minutes(EARLY_MINUTES),
        "too early: {}",
        ctx()
    );
    // Never an older dose once a later one is due (its early window open).
    if let Some(n) = next {
        prop_assert!(
            now < n - Duration::minutes(EARLY_MINUTES),
            "the later dose of {n} is already due: {}",
            ctx()
        );
    }
    // No catch-up after a dose taken since its time.
    prop_assert!(
        !taken.iter().any(|t| t.at > o.utc),
        "a second catch-up: {}",
        ctx()
    );
    // The minimum interval, or the floor.
    let gap = match (rule.min_interval_minutes, next) {
        (Some(m), _) => Duration::minutes(i64::from(m)),
        (None, Some(n)) => Duration::hours(1).min(n - o.utc),
        (None, None) => Duration::hours(1),
    };
    prop_assert_eq!(gap, min_gap(rule, o.utc, next));
    if let Some(last) = taken.iter().map(|t| t.at).max() {
        prop_assert!(
            now - last >= gap,
            "{} min after the last dose: {}",
            (now - last).num_minutes(),
            ctx()
        );
    }
    // The maximum per period and the minimum interval of the rule.
    let breaches = check_taken_dose(rule, &taken_doses(taken), o.dose.amount, now).unwrap();
    prop_assert!(breaches.is_empty(), "{breaches:?}: {}", ctx());
    // Rolling windows: the plan's doses (and the hour after, the early
    // window) plus one catch-up.
    for len in [Duration::hours(24), Duration::days(7)] {
        let from = now - len;
        let doses = 1 + taken
            .iter()
            .filter(|t| t.occurrence.is_some() && t.at > from)
            .count();
        let nominal = occs
            .iter()
            .filter(|x| x.utc > from && x.utc <= now + Duration::minutes(EARLY_MINUTES))
            .count();
        prop_assert!(
            doses <= nominal + 1,
            "{doses} doses in {len} with {nominal} planned: {}",
            ctx()
        );
    }
    Ok(())
}

#[test]
fn a_person_who_follows_every_answer_never_doubles_up() {
    let cases: u32 = std::env::var("CADENCE_FOLLOW_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let mut runner = TestRunner::new(Config {
        cases,
        rng_seed: RngSeed::Fixed(0x0cad_e0ce_f011_0016),
        failure_persistence: None,
        ..Config::default()
    });
    let tally = std::cell::Cell::new(Tally::default());
    runner
        .run(&person(), |p| {
            let mut t = tally.get();
            follow(&p, &mut t)?;
            tally.set(t);
            Ok(())
        })
        .unwrap();
    let t = tally.get();
    eprintln!(
        "guidance_follow: {cases} simulated people, {} simulated person-days; {} questions, \
         {} scheduled doses taken ({} late), {} as-needed; {} older doses left for a later one, \
         {} caught up already",
        t.days, t.asked, t.taken, t.taken_late, t.as_needed, t.later_dose_due, t.taken_since
    );
    // The run met the situations the rule is about.
    assert!(
        t.later_dose_due > 0 && t.taken_since > 0 && t.taken_late > 0,
        "{t:?}"
    );
}
