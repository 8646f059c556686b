//! The table's harness: a case is one occurrence (with its next dose, the
//! doses taken and the run of missed doses given directly) or a series of
//! one medication's occurrences and their log, from which
//! `guidance_input` builds the engine's input as the store does.

use std::collections::HashMap;

use cadence_core::guidance::catch_up::LoggedDose;
use cadence_core::guidance::{
    guidance_input, GuidanceAction as A, GuidanceInput, GuidanceReason as R, GuidedOccurrence,
    MissedDosePattern as P, MissedDoseRule, OccurrenceLog, WindowFallback,
};
use cadence_core::schedule::{Dose, DoseOccurrence, MaxPerPeriod, TakenDose};
use cadence_core::time::parse_date;
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

pub const NY: Tz = chrono_tz::America::New_York;
pub const UTC: Tz = chrono_tz::UTC;

/// A local wall-clock time `YYYY-MM-DD HH:MM` in `zone` (RFC 5545 reading).
pub fn local(zone: Tz, s: &str) -> DateTime<Utc> {
    let (d, t) = s.split_once(' ').unwrap();
    let naive = NaiveDateTime::new(
        parse_date("d", d).unwrap(),
        cadence_core::time::parse_time("t", t).unwrap(),
    );
    cadence_core::schedule::zone::resolve_local(zone, naive).0
}

pub struct Case {
    pub name: &'static str,
    pub zone: Tz,
    pub rule: MissedDoseRule,
    pub scheduled: &'static str,
    pub next: Option<&'static str>,
    pub taken: Vec<(&'static str, f64)>,
    pub log: OccurrenceLog,
    pub missed_before: u32,
    pub dose: f64,
    pub now: &'static str,
    pub now_is_utc: bool,
    pub expect: (A, R),
    /// A series: the medication's scheduled times (the case asks about
    /// `scheduled`, which is one of them) ...
    pub series: Vec<&'static str>,
    /// ... and the occurrences logged as taken (index, when).
    pub logged: Vec<(usize, &'static str)>,
    pub ask: usize,
}

pub fn case(name: &'static str, rule: MissedDoseRule, scheduled: &'static str) -> Case {
    Case {
        name,
        zone: UTC,
        rule,
        scheduled,
        next: None,
        taken: Vec::new(),
        log: OccurrenceLog::NotLogged,
        missed_before: 0,
        dose: 1.0,
        now: scheduled,
        now_is_utc: false,
        expect: (A::TakeNow, R::OnTime),
        series: Vec::new(),
        logged: Vec::new(),
        ask: 0,
    }
}

/// A case about occurrence `ask` of a medication scheduled at `times`.
pub fn series(
    name: &'static str,
    rule: MissedDoseRule,
    times: &[&'static str],
    ask: usize,
) -> Case {
    let mut c = case(name, rule, times[ask]);
    c.series = times.to_vec();
    c.ask = ask;
    c
}

impl Case {
    pub fn next(mut self, n: &'static str) -> Case {
        self.next = Some(n);
        self
    }
    pub fn zone(mut self, z: Tz) -> Case {
        self.zone = z;
        self
    }
    pub fn taken(mut self, at: &'static str, amount: f64) -> Case {
        self.taken.push((at, amount));
        self
    }
    pub fn log(mut self, l: OccurrenceLog) -> Case {
        self.log = l;
        self
    }
    pub fn missed(mut self, n: u32) -> Case {
        self.missed_before = n;
        self
    }
    pub fn dose(mut self, d: f64) -> Case {
        self.dose = d;
        self
    }
    pub fn now(mut self, n: &'static str) -> Case {
        self.now = n;
        self
    }
    /// `now` in UTC (where the local clock is ambiguous).
    pub fn now_utc(mut self, n: &'static str) -> Case {
        self.now = n;
        self.now_is_utc = true;
        self
    }
    /// Occurrence `i` of the series logged as taken at `at`.
    pub fn logged(mut self, i: usize, at: &'static str) -> Case {
        self.logged.push((i, at));
        self
    }
    pub fn expect(mut self, a: A, r: R) -> Case {
        self.expect = (a, r);
        self
    }
}

pub fn general() -> MissedDoseRule {
    MissedDoseRule::default()
}

pub fn with_limits(
    mut r: MissedDoseRule,
    min: Option<u32>,
    max: Option<(f64, u32)>,
) -> MissedDoseRule {
    r.min_interval_minutes = min;
    r.max_per_period = max.map(|(a, p)| MaxPerPeriod {
        amount: Dose::new(a, "tablet"),
        period_minutes: p,
    });
    r
}

pub fn narrow(h: f64, otherwise: WindowFallback) -> MissedDoseRule {
    MissedDoseRule::new(P::NarrowWindow {
        window_hours: h,
        otherwise,
    })
}

pub fn even_if_two(h: f64, otherwise: WindowFallback) -> MissedDoseRule {
    MissedDoseRule::new(P::TakeEvenIfTwo {
        take_within_hours: h,
        otherwise,
    })
}

pub fn skip_if_late(h: f64) -> MissedDoseRule {
    MissedDoseRule::new(P::SkipIfLate {
        skip_after_hours: h,
    })
}

pub fn weekly(days: u32, before_next: f64) -> MissedDoseRule {
    MissedDoseRule::new(P::WeeklyWindow {
        window_days: days,
        min_hours_before_next: before_next,
    })
}

pub fn contact_after(n: u32) -> MissedDoseRule {
    MissedDoseRule::new(P::ContactPrescriberAfterMissed {
        missed_doses: n,
        near_next_hours: 2.0,
    })
}

/// Times in a case are local to its zone (RFC 5545: a time that occurs
/// twice is the first), except a `now` given in UTC.
pub fn instant(c: &Case, s: &str, is_now: bool) -> DateTime<Utc> {
    if is_now && c.now_is_utc {
        local(UTC, s)
    } else {
        local(c.zone, s)
    }
}

pub fn input(c: &Case) -> GuidanceInput {
    if !c.series.is_empty() {
        return series_input(c);
    }
    GuidanceInput {
        occurrence: GuidedOccurrence {
            id: "occ-1".into(),
            scheduled_at: instant(c, c.scheduled, false),
            dose: Dose::new(c.dose, "tablet"),
            zone: c.zone,
        },
        next_scheduled_at: c.next.map(|n| instant(c, n, false)),
        taken: c
            .taken
            .iter()
            .map(|(at, amount)| TakenDose {
                at: instant(c, at, false),
                amount: *amount,
            })
            .collect(),
        log: c.log,
        consecutive_missed_before: c.missed_before,
        rule: c.rule.clone(),
        same_time_taken: Vec::new(),
    }
}

/// The series' occurrences, log and taken doses through `guidance_input`.
fn series_input(c: &Case) -> GuidanceInput {
    let occs: Vec<DoseOccurrence> = c
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let utc = instant(c, s, false);
            let local = utc.with_timezone(&c.zone);
            // The same time twice in a series: a second plan of the
            // medication (its part of the same dose).
            let plan = c.series[..i].iter().filter(|x| *x == s).count();
            DoseOccurrence {
                id: format!("occ-{i}").into(),
                plan_id: format!("plan-{plan}").into(),
                plan_version: 1,
                medication_id: "med".into(),
                local_date: local.date_naive(),
                slot: format!("slot-{i}").into(),
                local: local.fixed_offset(),
                utc,
                zone: c.zone,
                dose: Dose::new(c.dose, "tablet"),
                event: None,
                when: None,
                step: None,
                too_soon_after_previous: false,
            }
        })
        .collect();
    let logs: HashMap<String, LoggedDose> = c
        .logged
        .iter()
        .map(|(i, at)| {
            (
                format!("occ-{i}"),
                LoggedDose {
                    log: OccurrenceLog::Taken,
                    taken_at: Some(instant(c, at, false)),
                },
            )
        })
        .collect();
    let taken: Vec<TakenDose> = c
        .taken
        .iter()
        .map(|(at, amount)| (*at, *amount))
        .chain(c.logged.iter().map(|(_, at)| (*at, c.dose)))
        .map(|(at, amount)| TakenDose {
            at: instant(c, at, false),
            amount,
        })
        .collect();
    let now = instant(c, c.now, true);
    guidance_input(&occs[c.ask], &occs, &logs, taken, c.rule.clone(), now)
}
