//! Several doses of one medication missed: the catch-up invariant for every
//! pattern. Each case is a series of the medication's scheduled times and
//! its log, read by `guidance_input` as the store reads them; the answer is
//! for one occurrence of it. Once a later dose is due, an older missed one
//! is skipped (`LaterDoseDue`); a dose taken since is its catch-up
//! (`DoseTakenSince`); only the most recent missed dose may be made up.

use super::harness::*;
use cadence_core::guidance::{GuidanceAction as A, GuidanceReason as R, WindowFallback};

/// Once a day at 08:00, 1 to 6 May 2027.
const DAILY: [&str; 6] = [
    "2027-05-01 08:00",
    "2027-05-02 08:00",
    "2027-05-03 08:00",
    "2027-05-04 08:00",
    "2027-05-05 08:00",
    "2027-05-06 08:00",
];

/// Once a day at 20:00 (the evening pill), 1 to 6 May 2027.
const EVENING: [&str; 6] = [
    "2027-05-01 20:00",
    "2027-05-02 20:00",
    "2027-05-03 20:00",
    "2027-05-04 20:00",
    "2027-05-05 20:00",
    "2027-05-06 20:00",
];

/// Every 8 hours from 06:00.
const EVERY_8H: [&str; 4] = [
    "2027-05-01 06:00",
    "2027-05-01 14:00",
    "2027-05-01 22:00",
    "2027-05-02 06:00",
];

/// Weekly on Sunday at 09:00.
const WEEKLY: [&str; 3] = ["2027-05-02 09:00", "2027-05-09 09:00", "2027-05-16 09:00"];

/// The multi-missed cases.
pub fn cases() -> Vec<Case> {
    use WindowFallback::*;
    vec![
        // General (NHS / SPS: take it when remembered unless the next is
        // nearly due; never take two doses to make up for a missed one).
        series(
            "general, two missed: the older is not made up",
            general(),
            &DAILY[..3],
            0,
        )
        .now("2027-05-02 09:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "general, two missed: the newer is taken now",
            general(),
            &DAILY[..3],
            1,
        )
        .now("2027-05-02 11:00")
        .expect(A::TakeNow, R::Late),
        series(
            "general, three missed: the oldest is skipped",
            general(),
            &DAILY[..4],
            0,
        )
        .now("2027-05-03 10:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "general, three missed: the middle one is skipped",
            general(),
            &DAILY[..4],
            1,
        )
        .now("2027-05-03 10:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "general, three missed: the newest is taken now",
            general(),
            &DAILY[..4],
            2,
        )
        .now("2027-05-03 10:30")
        .expect(A::TakeNow, R::Late),
        series(
            "general, five missed: the first is skipped",
            general(),
            &DAILY,
            0,
        )
        .now("2027-05-05 12:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "general, five missed: the newest is taken now",
            general(),
            &DAILY,
            4,
        )
        .now("2027-05-05 12:00")
        .expect(A::TakeNow, R::Late),
        series(
            "general, the newer taken: the older stays skipped",
            general(),
            &DAILY[..3],
            0,
        )
        .logged(1, "2027-05-02 09:00")
        .now("2027-05-02 09:30")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "general, missed then an extra dose: that was the catch-up",
            general(),
            &DAILY[..2],
            0,
        )
        .taken("2027-05-01 13:00", 1.0)
        .now("2027-05-01 14:00")
        .expect(A::SkipThisDose, R::DoseTakenSince),
        series(
            "general, missed then an extra dose: the next one as usual",
            general(),
            &DAILY[..3],
            1,
        )
        .taken("2027-05-01 13:00", 1.0)
        .now("2027-05-02 08:00")
        .expect(A::TakeNow, R::OnTime),
        series(
            "general, an extra dose 30 min before: kept 1 h apart",
            general(),
            &DAILY[..3],
            1,
        )
        .taken("2027-05-02 07:30", 1.0)
        .now("2027-05-02 08:00")
        .expect(A::WaitUntil, R::RecentDose),
        // Two plans of one medication at 08:00: the other plan's part is the
        // same dose, not a catch-up (and not "too recent").
        series(
            "general, two plans at 08:00: the other part taken, take this one",
            general(),
            &[DAILY[0], DAILY[0], DAILY[1]],
            1,
        )
        .logged(0, "2027-05-01 08:05")
        .now("2027-05-01 08:10")
        .expect(A::TakeNow, R::OnTime),
        // Narrow window (CKS progestogen-only pill: if more than one pill is
        // missed, take only one; traditional POP 3 h, desogestrel 12 h).
        series(
            "narrow 3 h, two missed: the older is not made up",
            narrow(3.0, ContactPrescriber),
            &DAILY[..3],
            0,
        )
        .now("2027-05-02 09:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "narrow 3 h, two missed: the newer within 3 h is taken",
            narrow(3.0, ContactPrescriber),
            &DAILY[..3],
            1,
        )
        .now("2027-05-02 10:30")
        .expect(A::TakeNow, R::Late),
        series(
            "narrow 3 h, three missed: the newest past 3 h: contact",
            narrow(3.0, ContactPrescriber),
            &DAILY[..4],
            2,
        )
        .now("2027-05-03 12:00")
        .expect(A::ContactPrescriber, R::TooLate),
        series(
            "narrow 3 h, three missed: the oldest is skipped, not contact",
            narrow(3.0, ContactPrescriber),
            &DAILY[..4],
            0,
        )
        .now("2027-05-03 12:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "narrow 12 h, five missed: only the newest is taken",
            narrow(12.0, Skip),
            &DAILY,
            4,
        )
        .now("2027-05-05 15:00")
        .expect(A::TakeNow, R::Late),
        series(
            "narrow 12 h, five missed: the fourth is skipped",
            narrow(12.0, Skip),
            &DAILY,
            3,
        )
        .now("2027-05-05 15:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        // Take even if two (FSRH 2020 combined pill: take the most recent
        // missed pill, even if two in one day; leave any earlier ones).
        series(
            "even if two, two missed evenings: the older is left",
            even_if_two(48.0, Skip),
            &EVENING[..3],
            0,
        )
        .now("2027-05-03 08:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "even if two, two missed evenings: the newer is taken now",
            even_if_two(48.0, Skip),
            &EVENING[..3],
            1,
        )
        .now("2027-05-03 08:00")
        .expect(A::TakeNow, R::Late),
        series(
            "even if two, the newer taken: the older asked again is still left",
            even_if_two(48.0, Skip),
            &EVENING[..3],
            0,
        )
        .logged(1, "2027-05-03 08:00")
        .now("2027-05-03 08:01")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "even if two, after the catch-up: tonight's pill as usual",
            even_if_two(48.0, Skip),
            &EVENING[..4],
            2,
        )
        .logged(1, "2027-05-03 08:00")
        .now("2027-05-03 20:00")
        .expect(A::TakeNow, R::OnTime),
        series(
            "even if two, three missed: the middle one is left",
            even_if_two(48.0, Skip),
            &EVENING[..4],
            1,
        )
        .now("2027-05-04 08:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "even if two, five missed: the newest is taken now",
            even_if_two(48.0, ContactPrescriber),
            &EVENING,
            4,
        )
        .now("2027-05-06 08:00")
        .expect(A::TakeNow, R::Late),
        series(
            "even if two, five missed: the first is left, not contact",
            even_if_two(48.0, ContactPrescriber),
            &EVENING,
            0,
        )
        .now("2027-05-06 08:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "even if two, an extra pill since the missed one: no second",
            even_if_two(48.0, Skip),
            &EVENING[..3],
            0,
        )
        .taken("2027-05-02 07:00", 1.0)
        .now("2027-05-02 09:00")
        .expect(A::SkipThisDose, R::DoseTakenSince),
        // Skip if late (sertraline leaflet: skip the missed dose, take the
        // next one as usual).
        series(
            "skip if late 4 h, two missed: the older: a later dose is due",
            skip_if_late(4.0),
            &DAILY[..3],
            0,
        )
        .now("2027-05-02 09:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "skip if late 4 h, two missed: the newer within 4 h is taken",
            skip_if_late(4.0),
            &DAILY[..3],
            1,
        )
        .now("2027-05-02 10:30")
        .expect(A::TakeNow, R::Late),
        series(
            "skip if late 30 h, twice a day: skipped once the next is due",
            skip_if_late(30.0),
            &["2027-05-01 08:00", "2027-05-01 20:00", "2027-05-02 08:00"],
            0,
        )
        .now("2027-05-01 19:30")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "skip if late 30 h, twice a day, two missed: the newer is taken",
            skip_if_late(30.0),
            &["2027-05-01 08:00", "2027-05-01 20:00", "2027-05-02 08:00"],
            1,
        )
        .now("2027-05-02 06:00")
        .expect(A::TakeNow, R::Late),
        series(
            "skip if late 4 h, three missed: the newest past 4 h is skipped",
            skip_if_late(4.0),
            &DAILY[..4],
            2,
        )
        .now("2027-05-03 13:00")
        .expect(A::SkipThisDose, R::TooLate),
        // Weekly window (semaglutide label: within 5 days of the missed day,
        // else skip; at least 48 h between doses. Dulaglutide: at least 72 h
        // before the next dose).
        series(
            "weekly, missed: past its 5 days, the next not yet due",
            weekly(5, 48.0),
            &WEEKLY,
            0,
        )
        .now("2027-05-08 09:00")
        .expect(A::SkipThisDose, R::TooLate),
        series(
            "weekly, missed twice: the second within 5 days is taken",
            weekly(5, 48.0),
            &WEEKLY,
            1,
        )
        .now("2027-05-11 09:00")
        .expect(A::TakeNow, R::Late),
        series(
            "weekly 72 h, missed twice: the second 4 days late is skipped",
            weekly(5, 72.0),
            &WEEKLY,
            1,
        )
        .now("2027-05-13 10:00")
        .expect(A::SkipThisDose, R::NearNextDose),
        series(
            "weekly 14 days, missed twice: the first is not made up",
            weekly(14, 24.0),
            &WEEKLY,
            0,
        )
        .now("2027-05-09 10:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "weekly, a late injection taken since: no second",
            weekly(5, 48.0),
            &WEEKLY,
            0,
        )
        .taken("2027-05-04 09:00", 1.0)
        .now("2027-05-05 09:00")
        .expect(A::SkipThisDose, R::DoseTakenSince),
        // Contact the prescriber after N missed (lamotrigine label 2.1: after
        // a long gap, restart with the escalation, not the usual dose).
        series(
            "contact after 3, two missed: the older is skipped",
            contact_after(3),
            &DAILY[..3],
            0,
        )
        .now("2027-05-02 09:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "contact after 3, two missed: the newer is taken",
            contact_after(3),
            &DAILY[..3],
            1,
        )
        .now("2027-05-02 10:30")
        .expect(A::TakeNow, R::Late),
        series(
            "contact after 3, two missed, the third still in time: take it",
            contact_after(3),
            &DAILY[..4],
            2,
        )
        .now("2027-05-03 12:00")
        .expect(A::TakeNow, R::Late),
        series(
            "contact after 3, three missed: the third past its point: contact",
            contact_after(3),
            &DAILY[..4],
            2,
        )
        .now("2027-05-04 07:30")
        .expect(A::ContactPrescriber, R::ConsecutiveMissed),
        series(
            "contact after 3, five missed: the newest: contact",
            contact_after(3),
            &DAILY,
            4,
        )
        .now("2027-05-05 09:00")
        .expect(A::ContactPrescriber, R::ConsecutiveMissed),
        series(
            "contact after 3, five missed: the oldest is only skipped",
            contact_after(3),
            &DAILY,
            0,
        )
        .now("2027-05-05 09:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "contact after 2, a missed dose caught up breaks the run",
            contact_after(2),
            &DAILY[..4],
            2,
        )
        .taken("2027-05-01 12:00", 1.0)
        .now("2027-05-03 08:00")
        .expect(A::TakeNow, R::OnTime),
        // Elapsed-interval plans (every 8 h; NHS / SPS general advice).
        series(
            "every 8 h, two missed slots: the older is not made up",
            general(),
            &EVERY_8H,
            0,
        )
        .now("2027-05-01 16:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "every 8 h, two missed slots: the newer is taken",
            general(),
            &EVERY_8H,
            1,
        )
        .now("2027-05-01 16:30")
        .expect(A::TakeNow, R::Late),
        series(
            "every 8 h, narrow 2 h: two missed slots, the newer past 2 h",
            narrow(2.0, Skip),
            &EVERY_8H,
            1,
        )
        .now("2027-05-01 16:30")
        .expect(A::SkipThisDose, R::TooLate),
        series(
            "every 8 h, 6 h apart: an extra dose at 12:00 holds the 14:00 one",
            with_limits(general(), Some(360), None),
            &EVERY_8H,
            1,
        )
        .taken("2027-05-01 12:00", 1.0)
        .now("2027-05-01 14:00")
        .expect(A::SkipThisDose, R::MinInterval),
        // As-needed doses of the same medication count (NHS / SPS: never two
        // doses to make up).
        series(
            "an as-needed dose after a missed one: that was the catch-up",
            general(),
            &DAILY[..2],
            0,
        )
        .taken("2027-05-01 11:00", 1.0)
        .now("2027-05-01 12:00")
        .expect(A::SkipThisDose, R::DoseTakenSince),
        series(
            "an as-needed dose at the daily maximum: the missed one waits",
            with_limits(general(), None, Some((2.0, 1440))),
            &DAILY[..2],
            0,
        )
        .taken("2027-04-30 09:00", 1.0)
        .taken("2027-04-30 12:00", 1.0)
        .now("2027-05-01 08:30")
        .expect(A::WaitUntil, R::MaxPerPeriod),
        // DST in New York.
        series(
            "spring forward, two missed: the older is skipped",
            general(),
            &["2027-03-13 08:00", "2027-03-14 08:00", "2027-03-15 08:00"],
            0,
        )
        .zone(NY)
        .now("2027-03-14 07:30")
        .expect(A::SkipThisDose, R::LaterDoseDue),
        series(
            "fall back, two missed: the newer is taken on the 25 h day",
            general(),
            &["2027-11-06 08:00", "2027-11-07 08:00", "2027-11-08 08:00"],
            1,
        )
        .zone(NY)
        .now("2027-11-07 12:00")
        .expect(A::TakeNow, R::Late),
    ]
}
