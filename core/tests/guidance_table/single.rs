//! One occurrence at a time: every pattern; late by minutes, hours and
//! days; the next dose soon; limits; weekly windows; travel days; DST days
//! in New York.

use super::harness::*;
use cadence_core::guidance::{
    GuidanceAction as A, GuidanceReason as R, OccurrenceLog, WindowFallback,
};

/// The single-occurrence cases.
pub fn cases() -> Vec<Case> {
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
        case(
            "general: twice a day, the next one due in 1 h: take that one",
            general(),
            d,
        )
        .next("2027-05-01 20:00")
        .now("2027-05-01 19:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
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
        case(
            "skip if late 4 h: 3 days late, later doses past",
            skip_if_late(4.0),
            d,
        )
        .next(next_day)
        .now("2027-05-04 08:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
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
            "contact after 3: this one is the second, the next one due",
            contact_after(3),
            d,
        )
        .next(next_day)
        .missed(1)
        .now("2027-05-02 07:00")
        .expect(A::SkipThisDose, R::LaterDoseDue),
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
