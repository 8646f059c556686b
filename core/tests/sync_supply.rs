//! Supply on hand across a person's devices: every device's doses and
//! refills count once they arrive, the same dose logged on two devices
//! counts once, and the latest count is the one that holds.

#[path = "sync_common/mod.rs"]
mod sync_common;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use cadence_core::model::{DoseAction, ProfileInput};
use cadence_core::schedule::{Dose, DosingPlan, Timing};
use cadence_core::App;
use sync_common::{group, later, medication, sync_all, t0, Device};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 2).unwrap()
}

/// A medication of 50 mg doses at 08:00 and 20:00 from `day()`, counted in
/// mg (500 on hand), made on the first device and synced to all.
fn set_up(g: &[Device]) -> String {
    let app = &g[0].app;
    let zone = chrono_tz::Europe::Berlin;
    app.set_profile(
        &ProfileInput {
            display_name: "Sam".into(),
            home_zone: zone,
            current_zone: zone,
        },
        t0(),
    )
    .unwrap();
    let m = app
        .add_medication(&medication("Lamotrigine"), t0())
        .unwrap();
    let mut plan = DosingPlan::new(
        "",
        "",
        Dose::new(50.0, "mg"),
        Timing::daily_at(&[
            NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        ]),
    );
    plan.start = Some(day());
    app.add_plan(&m.id, &plan, t0()).unwrap();
    app.set_supply(&m.id, 500.0, "mg", later(1)).unwrap();
    sync_all(g, later(2));
    m.id
}

fn take(d: &Device, occurrence_id: &str, at: DateTime<Utc>) {
    d.set_clock(at);
    d.app
        .log_dose(
            occurrence_id,
            &DoseAction::Taken {
                at: Some(at),
                amount: None,
                early: false,
            },
            at,
        )
        .unwrap();
}

fn on_hand(d: &Device, med: &str, now: DateTime<Utc>) -> f64 {
    d.app.supply_status(med, now).unwrap().unwrap().on_hand
}

#[test]
fn doses_logged_on_two_devices_before_they_sync_all_come_off_the_supply_once() {
    let g = group(2);
    let med = set_up(&g);
    let occ = g[0]
        .app
        .occurrences(day(), day() + Duration::days(1))
        .unwrap();
    // Away from each other for a day and a half: the phone logs the
    // morning doses, the tablet the evening one, and both log the second
    // morning's dose (one dose, logged twice).
    take(&g[0], &occ[0].id, occ[0].utc + Duration::minutes(3));
    take(&g[1], &occ[1].id, occ[1].utc + Duration::minutes(5));
    take(&g[0], &occ[2].id, occ[2].utc + Duration::minutes(1));
    take(&g[1], &occ[2].id, occ[2].utc + Duration::minutes(9));
    let now = occ[2].utc + Duration::hours(1);
    assert_eq!(on_hand(&g[0], &med, now), 400.0);
    assert_eq!(on_hand(&g[1], &med, now), 400.0);
    sync_all(&g, now);
    for d in &g {
        assert_eq!(on_hand(d, &med, now), 350.0, "three doses of 50 mg");
    }
    // An undo on one device gives the dose back on both.
    let logs = g[1]
        .app
        .logs_between(occ[1].utc, occ[1].utc + Duration::hours(1))
        .unwrap();
    g[1].set_clock(now + Duration::minutes(1));
    g[1].app
        .undo_log(&logs[0].id, now + Duration::minutes(1))
        .unwrap();
    sync_all(&g, now + Duration::minutes(2));
    for d in &g {
        assert_eq!(on_hand(d, &med, now + Duration::minutes(2)), 400.0);
    }
}

#[test]
fn refills_on_one_device_add_up_and_the_latest_count_holds_on_every_device() {
    let g = group(3);
    let med = set_up(&g);
    let occ = g[0].app.occurrences(day(), day()).unwrap();
    // The tablet logs a refill of 300 mg; the phone, not yet synced, takes
    // a dose; the laptop stays away.
    g[1].set_clock(occ[0].utc - Duration::hours(2));
    g[1].app
        .refill(&med, 300.0, Some(3), occ[0].utc - Duration::hours(2))
        .unwrap();
    take(&g[0], &occ[0].id, occ[0].utc);
    sync_all(&g, occ[0].utc + Duration::minutes(1));
    let now = occ[0].utc + Duration::minutes(2);
    for d in &g {
        assert_eq!(on_hand(d, &med, now), 750.0, "500 + 300 - 50");
    }
    // At noon the person counts the box on the laptop: 700 (a tablet was
    // lost). The evening dose, taken after the count on the phone, comes
    // off it; the morning one, taken before, is not taken off again.
    let noon = occ[0].utc + Duration::hours(4);
    g[2].set_clock(noon);
    g[2].app.set_supply(&med, 700.0, "mg", noon).unwrap();
    take(&g[0], &occ[1].id, occ[1].utc);
    let evening = occ[1].utc + Duration::minutes(5);
    sync_all(&g, evening);
    for d in &g {
        assert_eq!(on_hand(d, &med, evening), 650.0);
    }
}

/// On one device: a dose taken before a count but logged after it was
/// already out of the box when it was counted.
#[test]
fn a_dose_logged_after_a_count_but_taken_before_it_is_not_counted_twice() {
    let g = group(1);
    let med = set_up(&g);
    let app: &App = &g[0].app;
    let occ = app.occurrences(day(), day()).unwrap();
    let count_at = occ[0].utc + Duration::hours(1);
    app.set_supply(&med, 450.0, "mg", count_at).unwrap();
    let logged_at = count_at + Duration::minutes(30);
    g[0].set_clock(logged_at);
    app.log_dose(
        &occ[0].id,
        &DoseAction::Taken {
            at: Some(occ[0].utc),
            amount: None,
            early: false,
        },
        logged_at,
    )
    .unwrap();
    assert_eq!(on_hand(&g[0], &med, logged_at), 450.0);
    // The evening dose, taken after the count, comes off it.
    take(&g[0], &occ[1].id, occ[1].utc);
    assert_eq!(on_hand(&g[0], &med, occ[1].utc), 400.0);
}

/// A count, then a refill and a dose at the same instant (an app with a
/// fixed clock, a script): both come after the count.
#[test]
fn a_refill_and_a_dose_at_the_instant_of_the_count_count_after_it() {
    let g = group(1);
    let med = set_up(&g);
    let app: &App = &g[0].app;
    let occ = app.occurrences(day(), day()).unwrap();
    let at = occ[0].utc;
    g[0].set_clock(at);
    app.set_supply(&med, 100.0, "mg", at).unwrap();
    app.refill(&med, 200.0, None, at).unwrap();
    take(&g[0], &occ[0].id, at);
    assert_eq!(on_hand(&g[0], &med, at), 250.0);
}
