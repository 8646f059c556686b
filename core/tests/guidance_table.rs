//! Missed-dose guidance, scenario by scenario: one occurrence at a time
//! (`single`: every pattern; late by minutes, hours and days; the next dose
//! soon; limits; weekly windows; travel days; DST days in New York) and
//! series of one medication's doses (`multi`: two, three and five missed in
//! a row for every pattern, a weekly dose missed twice, an interval plan
//! with two missed slots, a missed dose followed by an extra one); and
//! as-needed doses at their limits.

#[path = "guidance_table/harness.rs"]
mod harness;
#[path = "guidance_table/multi.rs"]
mod multi;
#[path = "guidance_table/single.rs"]
mod single;

use cadence_core::guidance::{
    can_take_now, check_taken_dose, guidance, latest_take_time, GuidanceAction as A,
    GuidanceReason as R, WindowFallback,
};
use cadence_core::schedule::{AsNeeded, Dose, MaxPerPeriod, PrnLimit, TakenDose};
use harness::*;

fn cases() -> Vec<Case> {
    let mut all = single::cases();
    all.extend(multi::cases());
    all
}

#[test]
fn scenario_table() {
    let cases = cases();
    assert!(cases.len() >= 70, "{} scenarios", cases.len());
    let names: std::collections::HashSet<&str> = cases.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), cases.len(), "every case has its own name");
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
        if g.reason == R::LaterDoseDue {
            assert!(
                g.message
                    .contains("a later dose is already due; take that one instead"),
                "{}",
                g.message
            );
        }
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
