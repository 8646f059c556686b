//! Missed-dose guidance, scenario by scenario: every pattern; late by
//! minutes, hours and days; the next dose soon; limits; weekly windows;
//! travel days; DST days in New York; as-needed doses at their limits.

use cadence_core::guidance::{
    can_take_now, check_taken_dose, guidance, latest_take_time, GuidanceAction as A, GuidanceInput,
    GuidanceReason as R, GuidedOccurrence, MissedDosePattern as P, MissedDoseRule, OccurrenceLog,
    WindowFallback,
};
use cadence_core::schedule::{AsNeeded, Dose, MaxPerPeriod, PrnLimit, TakenDose};
use cadence_core::time::parse_date;
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

const NY: Tz = chrono_tz::America::New_York;
const UTC: Tz = chrono_tz::UTC;

/// A local wall-clock time `YYYY-MM-DD HH:MM` in `zone` (RFC 5545 reading).
fn local(zone: Tz, s: &str) -> DateTime<Utc> {
    let (d, t) = s.split_once(' ').unwrap();
    let naive = NaiveDateTime::new(
        parse_date("d", d).unwrap(),
        cadence_core::time::parse_time("t", t).unwrap(),
    );
    cadence_core::schedule::zone::resolve_local(zone, naive).0
}

struct Case {
    name: &'static str,
    zone: Tz,
    rule: MissedDoseRule,
    scheduled: &'static str,
    next: Option<&'static str>,
    taken: Vec<(&'static str, f64)>,
    log: OccurrenceLog,
    missed_before: u32,
    dose: f64,
    now: &'static str,
    now_is_utc: bool,
    expect: (A, R),
}

fn case(name: &'static str, rule: MissedDoseRule, scheduled: &'static str) -> Case {
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
    }
}

impl Case {
    fn next(mut self, n: &'static str) -> Case {
        self.next = Some(n);
        self
    }
    fn zone(mut self, z: Tz) -> Case {
        self.zone = z;
        self
    }
    fn taken(mut self, at: &'static str, amount: f64) -> Case {
        self.taken.push((at, amount));
        self
    }
    fn log(mut self, l: OccurrenceLog) -> Case {
        self.log = l;
        self
    }
    fn missed(mut self, n: u32) -> Case {
        self.missed_before = n;
        self
    }
    fn dose(mut self, d: f64) -> Case {
        self.dose = d;
        self
    }
    fn now(mut self, n: &'static str) -> Case {
        self.now = n;
        self
    }
    /// `now` in UTC (where the local clock is ambiguous).
    fn now_utc(mut self, n: &'static str) -> Case {
        self.now = n;
        self.now_is_utc = true;
        self
    }
    fn expect(mut self, a: A, r: R) -> Case {
        self.expect = (a, r);
        self
    }
}

fn general() -> MissedDoseRule {
    MissedDoseRule::default()
}

fn with_limits(mut r: MissedDoseRule, min: Option<u32>, max: Option<(f64, u32)>) -> MissedDoseRule {
    r.min_interval_minutes = min;
    r.max_per_period = max.map(|(a, p)| MaxPerPeriod {
        amount: Dose::new(a, "tablet"),
        period_minutes: p,
    });
    r
}

fn narrow(h: f64, otherwise: WindowFallback) -> MissedDoseRule {
    MissedDoseRule::new(P::NarrowWindow {
        window_hours: h,
        otherwise,
    })
}

fn even_if_two(h: f64, otherwise: WindowFallback) -> MissedDoseRule {
    MissedDoseRule::new(P::TakeEvenIfTwo {
        take_within_hours: h,
        otherwise,
    })
}

fn skip_if_late(h: f64) -> MissedDoseRule {
    MissedDoseRule::new(P::SkipIfLate {
        skip_after_hours: h,
    })
}

fn weekly(days: u32, before_next: f64) -> MissedDoseRule {
    MissedDoseRule::new(P::WeeklyWindow {
        window_days: days,
        min_hours_before_next: before_next,
    })
}

fn contact_after(n: u32) -> MissedDoseRule {
    MissedDoseRule::new(P::ContactPrescriberAfterMissed {
        missed_doses: n,
        near_next_hours: 2.0,
    })
}

fn cases() -> Vec<Case> {
    use OccurrenceLog::*;
    use WindowFallback::*;
    let d = "2027-05-01 08:00";
    let next_day = "2027-05-02 08:00";
    vec![
        // General, once a day at 08:00.
        case("general: on time", general(), d)
            .next(next_day)
            .now("2027-05-01 08:10"),
        case("general: 30 min early", general(), d)
            .next(next_day)
            .now("2027-05-01 07:30"),
        case("general: 3 h early", general(), d)
            .next(next_day)
            .now("2027-05-01 05:00")
            .expect(A::NotDueYet, R::NotDueYet),
        case("general: 45 min late", general(), d)
            .next(next_day)
            .now("2027-05-01 08:45"),
        case("general: 5 h late", general(), d)
            .next(next_day)
            .now("2027-05-01 13:00")
            .expect(A::TakeNow, R::Late),
        case("general: 21 h late, next in 3 h", general(), d)
            .next(next_day)
            .now("2027-05-02 05:00")
            .expect(A::TakeNow, R::Late),
        case("general: 22.5 h late, next in 90 min", general(), d)
            .next(next_day)
            .now("2027-05-02 06:30")
            .expect(A::SkipThisDose, R::NearNextDose),
        case("general: twice a day, next in 1 h", general(), d)
            .next("2027-05-01 20:00")
            .now("2027-05-01 19:00")
            .expect(A::SkipThisDose, R::NearNextDose),
        case("general: already taken", general(), d)
            .next(next_day)
            .taken("2027-05-01 08:05", 1.0)
            .log(Taken)
            .now("2027-05-01 09:00")
            .expect(A::AlreadyTaken, R::AlreadyTaken),
        case("general: logged skipped", general(), d)
            .next(next_day)
            .log(Skipped)
            .now("2027-05-01 09:00")
            .expect(A::SkipThisDose, R::LoggedSkipped),
        case("general: last dose of the plan, 20 h late", general(), d)
            .now("2027-05-02 04:00")
            .expect(A::TakeNow, R::Late),
        case("general: last dose of the plan, 2 days late", general(), d)
            .now("2027-05-03 08:00")
            .expect(A::SkipThisDose, R::TooLate),
        case(
            "general: min interval before the next dose",
            with_limits(general(), Some(480), None),
            d,
        )
        .next("2027-05-01 20:00")
        .now("2027-05-01 13:00")
        .expect(A::SkipThisDose, R::NearNextDose),
        case(
            "general: extra dose 1 h before, wait for the interval",
            with_limits(general(), Some(240), None),
            d,
        )
        .next(next_day)
        .taken("2027-05-01 07:00", 1.0)
        .now("2027-05-01 08:00")
        .expect(A::WaitUntil, R::MinInterval),
        case(
            "general: extra dose, interval ends past the skip point",
            with_limits(general(), Some(240), None),
            d,
        )
        .next("2027-05-01 14:00")
        .taken("2027-05-01 07:30", 1.0)
        .now("2027-05-01 08:30")
        .expect(A::SkipThisDose, R::MinInterval),
        case(
            "general: at the daily maximum, wait",
            with_limits(general(), None, Some((3.0, 1440))),
            d,
        )
        .next(next_day)
        .taken("2027-04-30 10:00", 1.0)
        .taken("2027-04-30 16:00", 1.0)
        .taken("2027-04-30 22:00", 1.0)
        .now("2027-05-01 09:00")
        .expect(A::WaitUntil, R::MaxPerPeriod),
        case(
            "general: dose above the period maximum",
            with_limits(general(), None, Some((2.0, 1440))),
            d,
        )
        .dose(3.0)
        .next(next_day)
        .now("2027-05-01 08:00")
        .expect(A::ContactPrescriber, R::DoseAboveLimit),
        case("travel east: next dose moved to 90 min after", general(), d)
            .next("2027-05-01 09:30")
            .now("2027-05-01 08:05")
            .expect(A::SkipThisDose, R::NearNextDose),
        case(
            "travel west: next dose moved later, 23 h late",
            general(),
            d,
        )
        .next("2027-05-02 14:00")
        .now("2027-05-02 07:00")
        .expect(A::TakeNow, R::Late),
        case(
            "travel: next dose moved within the min interval",
            with_limits(general(), Some(720), None),
            d,
        )
        .next("2027-05-01 18:00")
        .now("2027-05-01 08:00")
        .expect(A::SkipThisDose, R::NearNextDose),
        // Narrow window.
        case("narrow 3 h: 2.5 h late", narrow(3.0, ContactPrescriber), d)
            .next(next_day)
            .now("2027-05-01 10:30")
            .expect(A::TakeNow, R::Late),
        case(
            "narrow 3 h: 3 h 10 min late",
            narrow(3.0, ContactPrescriber),
            d,
        )
        .next(next_day)
        .now("2027-05-01 11:10")
        .expect(A::ContactPrescriber, R::TooLate),
        case("narrow 12 h, else skip: 13 h late", narrow(12.0, Skip), d)
            .next(next_day)
            .now("2027-05-01 21:00")
            .expect(A::SkipThisDose, R::TooLate),
        case(
            "narrow 3 h in Berlin: 10 min late",
            narrow(3.0, Skip),
            "2027-05-01 06:00",
        )
        .zone(chrono_tz::Europe::Berlin)
        .next("2027-05-02 06:00")
        .now("2027-05-01 06:10"),
        // Take even if two in one day (combined pill).
        // FSRH 2020: only the most recent missed pill is taken; once today's
        // pill is due (here taken), yesterday's is not made up.
        case(
            "even if two: 26 h late, today's taken: not made up",
            even_if_two(48.0, Skip),
            d,
        )
        .next(next_day)
        .taken("2027-05-02 08:00", 1.0)
        .missed(0)
        .now("2027-05-02 10:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        case("even if two: 50 h late", even_if_two(48.0, Skip), d)
            .next(next_day)
            .now("2027-05-03 10:00")
            .expect(A::SkipThisDose, R::LaterDoseDue),
        case(
            "even if two: 49 h late, contact: a later dose is due, skip",
            even_if_two(48.0, ContactPrescriber),
            d,
        )
        .next(next_day)
        .now("2027-05-03 09:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        // FSRH 2020 via the prescriber's window: 12 h, else contact.
        case(
            "even if two 12 h: 13 h late, next not yet due, contact",
            even_if_two(12.0, ContactPrescriber),
            d,
        )
        .next(next_day)
        .now("2027-05-01 21:00")
        .expect(A::ContactPrescriber, R::TooLate),
        case(
            "even if two: never twice for one occurrence",
            even_if_two(48.0, Skip),
            d,
        )
        .next(next_day)
        .taken("2027-05-01 20:00", 1.0)
        .log(Taken)
        .now("2027-05-02 07:00")
        .expect(A::AlreadyTaken, R::AlreadyTaken),
        case(
            "even if two: never past the period maximum",
            with_limits(even_if_two(48.0, Skip), None, Some((1.0, 720))),
            d,
        )
        .next(next_day)
        .taken("2027-05-01 07:30", 1.0)
        .now("2027-05-01 09:00")
        .expect(A::WaitUntil, R::MaxPerPeriod),
        // Skip if late (sertraline).
        case("skip if late 4 h: 30 min late", skip_if_late(4.0), d)
            .next(next_day)
            .now("2027-05-01 08:30"),
        case("skip if late 4 h: 5 h late", skip_if_late(4.0), d)
            .next(next_day)
            .now("2027-05-01 13:00")
            .expect(A::SkipThisDose, R::TooLate),
        case("skip if late 4 h: 3 days late", skip_if_late(4.0), d)
            .next(next_day)
            .now("2027-05-04 08:00")
            .expect(A::SkipThisDose, R::TooLate),
        // Weekly window (semaglutide 5 days / 48 h; dulaglutide-like 72 h).
        case("weekly: 1 day late", weekly(5, 48.0), "2027-05-02 09:00")
            .next("2027-05-09 09:00")
            .now("2027-05-03 09:00")
            .expect(A::TakeNow, R::Late),
        case(
            "weekly: 4 days 20 h late",
            weekly(5, 48.0),
            "2027-05-02 09:00",
        )
        .next("2027-05-09 09:00")
        .now("2027-05-07 05:00")
        .expect(A::TakeNow, R::Late),
        case(
            "weekly: 5 days 1 h late",
            weekly(5, 48.0),
            "2027-05-02 09:00",
        )
        .next("2027-05-09 09:00")
        .now("2027-05-07 10:00")
        .expect(A::SkipThisDose, R::TooLate),
        case(
            "weekly 72 h before next: 4.5 days late",
            weekly(5, 72.0),
            "2027-05-02 09:00",
        )
        .next("2027-05-09 09:00")
        .now("2027-05-06 21:00")
        .expect(A::SkipThisDose, R::NearNextDose),
        case(
            "weekly: two days early",
            weekly(5, 48.0),
            "2027-05-02 09:00",
        )
        .next("2027-05-09 09:00")
        .now("2027-04-30 09:00")
        .expect(A::NotDueYet, R::NotDueYet),
        case(
            "weekly across spring forward: calendar day 5 not passed",
            weekly(5, 48.0),
            "2027-03-10 08:00",
        )
        .zone(NY)
        .next("2027-03-17 08:00")
        .now("2027-03-15 07:30")
        .expect(A::TakeNow, R::Late),
        case(
            "weekly across spring forward: 5 days passed by the clock",
            weekly(5, 48.0),
            "2027-03-10 08:00",
        )
        .zone(NY)
        .next("2027-03-17 08:00")
        .now("2027-03-15 08:30")
        .expect(A::SkipThisDose, R::TooLate),
        case(
            "weekly across fall back: calendar day 5 not passed",
            weekly(5, 48.0),
            "2027-11-03 08:00",
        )
        .zone(NY)
        .next("2027-11-10 08:00")
        .now("2027-11-08 07:30")
        .expect(A::TakeNow, R::Late),
        // Contact the prescriber after N missed (lamotrigine).
        case(
            "contact after 3: none missed, 4 h late",
            contact_after(3),
            d,
        )
        .next(next_day)
        .now("2027-05-01 12:00")
        .expect(A::TakeNow, R::Late),
        case("contact after 3: three missed before", contact_after(3), d)
            .next(next_day)
            .missed(3)
            .now("2027-05-01 08:00")
            .expect(A::ContactPrescriber, R::ConsecutiveMissed),
        case(
            "contact after 3: this one is the third",
            contact_after(3),
            d,
        )
        .next(next_day)
        .missed(2)
        .now("2027-05-02 07:00")
        .expect(A::ContactPrescriber, R::ConsecutiveMissed),
        case(
            "contact after 3: this one is the second",
            contact_after(3),
            d,
        )
        .next(next_day)
        .missed(1)
        .now("2027-05-02 07:00")
        .expect(A::SkipThisDose, R::NearNextDose),
        case(
            "contact after 3: not due yet after a long gap",
            contact_after(3),
            d,
        )
        .next(next_day)
        .missed(5)
        .now("2027-05-01 04:00")
        .expect(A::ContactPrescriber, R::ConsecutiveMissed),
        // DST days in New York.
        case(
            "spring forward: 20.5 h late on a 23 h day",
            general(),
            "2027-03-13 08:00",
        )
        .zone(NY)
        .next("2027-03-14 08:00")
        .now("2027-03-14 05:30")
        .expect(A::TakeNow, R::Late),
        case(
            "spring forward: next dose in 90 min",
            general(),
            "2027-03-13 08:00",
        )
        .zone(NY)
        .next("2027-03-14 08:00")
        .now("2027-03-14 06:30")
        .expect(A::SkipThisDose, R::NearNextDose),
        case(
            "spring forward: 02:30 dose read as 03:30",
            narrow(1.0, Skip),
            "2027-03-14 02:30",
        )
        .zone(NY)
        .next("2027-03-15 02:30")
        .now("2027-03-14 04:15")
        .expect(A::TakeNow, R::OnTime),
        case(
            "fall back: 01:30 is the first one, 45 min later",
            skip_if_late(1.0),
            "2027-11-07 01:30",
        )
        .zone(NY)
        .next("2027-11-08 01:30")
        .now_utc("2027-11-07 06:15")
        .expect(A::TakeNow, R::OnTime),
        case(
            "fall back: 75 min elapsed though the clock says 15",
            skip_if_late(1.0),
            "2027-11-07 01:30",
        )
        .zone(NY)
        .next("2027-11-08 01:30")
        .now_utc("2027-11-07 06:45")
        .expect(A::SkipThisDose, R::TooLate),
        case(
            "fall back: every 8 h elapsed, an extra dose at the first 01:00 was the catch-up",
            with_limits(general(), Some(360), None),
            "2027-11-07 00:00",
        )
        .zone(NY)
        .next("2027-11-07 07:00")
        .taken("2027-11-07 01:00", 1.0)
        .now_utc("2027-11-07 06:00")
        .expect(A::SkipThisDose, R::DoseTakenSince),
    ]
}

/// Times in a case are local to its zone (RFC 5545: a time that occurs
/// twice is the first), except a `now` given in UTC.
fn instant(c: &Case, s: &str, is_now: bool) -> DateTime<Utc> {
    if is_now && c.now_is_utc {
        local(UTC, s)
    } else {
        local(c.zone, s)
    }
}

fn input(c: &Case) -> GuidanceInput {
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

#[test]
fn scenario_table() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} scenarios", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        c.rule.validate().unwrap();
        let inp = input(c);
        let now = instant(c, c.now, true);
        let g = guidance(&inp, now);
        if (g.action, g.reason) != c.expect {
            failures.push(format!(
                "{}: expected {:?}, got {:?} / {:?}: {}",
                c.name, c.expect, g.action, g.reason, g.message
            ));
        }
        assert!(!g.message.is_empty());
        assert!(
            !g.message.to_lowercase().contains("double"),
            "{}",
            g.message
        );
        let latest = latest_take_time(
            &c.rule,
            inp.occurrence.scheduled_at,
            c.zone,
            inp.next_scheduled_at,
        );
        assert_eq!(g.params.latest_take_time, latest);
        if let (A::TakeNow | A::WaitUntil, Some(t)) = (g.action, g.params.take_at) {
            assert!(t <= latest, "{}", c.name);
            let breaches = check_taken_dose(&c.rule, &inp.taken, c.dose, t).unwrap();
            assert!(breaches.is_empty(), "{}: {breaches:?}", c.name);
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn wait_until_names_the_time_and_the_limit() {
    let c = cases()
        .into_iter()
        .find(|c| c.name.starts_with("general: extra dose 1 h before"))
        .unwrap();
    let g = guidance(&input(&c), instant(&c, c.now, true));
    assert_eq!(g.params.take_at, Some(local(UTC, "2027-05-01 11:00")));
    assert_eq!(g.params.limit, Some(PrnLimit::MinInterval));
    assert!(g.message.starts_with("Wait until 11:00"), "{}", g.message);
    let c = cases()
        .into_iter()
        .find(|c| c.name.starts_with("general: at the daily maximum"))
        .unwrap();
    let g = guidance(&input(&c), instant(&c, c.now, true));
    assert_eq!(g.params.take_at, Some(local(UTC, "2027-05-01 10:00")));
    assert_eq!(g.params.doses_last_24h, 3);
    assert_eq!(g.params.amount_last_24h, 3.0);
}

#[test]
fn the_sentence_carries_the_structured_values() {
    let mut rule = narrow(3.0, WindowFallback::ContactPrescriber);
    rule.note = "Use condoms for the next 48 hours.".into();
    let c = case("narrow", rule, "2027-05-01 08:00")
        .next("2027-05-02 08:00")
        .now("2027-05-01 10:30");
    let g = guidance(&input(&c), instant(&c, c.now, true));
    assert_eq!(g.params.minutes_late, 150);
    assert_eq!(
        g.message,
        "Take your dose (1 tablet) now: it is 2 h 30 min late, and your prescriber's plan \
         allows it until 11:00. Then take the next one as usual at 08:00 tomorrow."
    );
    assert_eq!(
        g.prescriber_note.as_deref(),
        Some("Use condoms for the next 48 hours.")
    );
    let json = serde_json::to_value(&g).unwrap();
    assert_eq!(json["action"], "take_now");
    assert_eq!(json["reason"], "late");
    assert_eq!(json["pattern"]["kind"], "narrow_window");
}

#[test]
fn prn_at_the_limit() {
    let a = AsNeeded {
        reason: Some("panic attacks".into()),
        max_per_period: Some(MaxPerPeriod {
            amount: Dose::new(3.0, "tablet"),
            period_minutes: 1440,
        }),
        max_per_administration: Some(Dose::new(1.0, "tablet")),
        min_interval_minutes: Some(240),
    };
    let t = |s| local(UTC, s);
    let dose = |s| TakenDose {
        at: t(s),
        amount: 1.0,
    };
    let taken = [
        dose("2027-05-01 06:00"),
        dose("2027-05-01 11:00"),
        dose("2027-05-01 16:00"),
    ];
    // Allowed with nothing taken.
    let g = can_take_now(&a, &[], 1.0, t("2027-05-01 06:00"), UTC).unwrap();
    assert_eq!((g.action, g.reason), (A::TakeNow, R::WithinLimits));
    // Too soon after the last dose.
    let g = can_take_now(&a, &taken[..1], 1.0, t("2027-05-01 08:00"), UTC).unwrap();
    assert_eq!((g.action, g.reason), (A::WaitUntil, R::MinInterval));
    assert_eq!(g.earliest_at, Some(t("2027-05-01 10:00")));
    // At the daily maximum: the first dose must leave the window.
    let g = can_take_now(&a, &taken, 1.0, t("2027-05-01 21:00"), UTC).unwrap();
    assert_eq!((g.action, g.reason), (A::WaitUntil, R::MaxPerPeriod));
    assert_eq!(g.earliest_at, Some(t("2027-05-02 06:00")));
    assert_eq!(g.doses_last_24h, 3);
    assert!(g.message.contains("06:00 tomorrow"), "{}", g.message);
    // Just as the first leaves the window.
    let g = can_take_now(&a, &taken, 1.0, t("2027-05-02 06:00"), UTC).unwrap();
    assert_eq!(g.action, A::TakeNow);
    // More than may be taken at once: no wait helps.
    let g = can_take_now(&a, &[], 2.0, t("2027-05-01 06:00"), UTC).unwrap();
    assert_eq!(
        (g.action, g.reason, g.earliest_at),
        (A::ContactPrescriber, R::DoseAboveLimit, None)
    );
}

#[test]
fn a_dose_taken_past_the_limits_is_flagged() {
    let rule = with_limits(general(), Some(240), Some((2.0, 1440)));
    let t = |s| local(UTC, s);
    let taken = [
        TakenDose {
            at: t("2027-05-01 08:00"),
            amount: 1.0,
        },
        TakenDose {
            at: t("2027-05-01 14:00"),
            amount: 1.0,
        },
    ];
    let b = check_taken_dose(&rule, &taken, 1.0, t("2027-05-01 16:00")).unwrap();
    let kinds: Vec<PrnLimit> = b.iter().map(|b| b.limit).collect();
    assert_eq!(kinds, vec![PrnLimit::MinInterval, PrnLimit::MaxPerPeriod]);
    assert!(b.iter().all(|b| b.flag_for_prescriber));
    assert_eq!(b[0].observed, 120.0);
    assert_eq!(b[1].observed, 3.0);
    assert!(
        check_taken_dose(&rule, &taken[..1], 1.0, t("2027-05-01 12:00"))
            .unwrap()
            .is_empty()
    );
}
