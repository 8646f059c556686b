//! The timing model: FHIR R4 `Timing.repeat` plus the day rules FHIR cannot
//! say (cycles, every N days from a date, days of the month).
//!
//! The types mirror FHIR closely so that import and export round-trip
//! ([`super::fhir`]); the meaning the engine gives each field is documented on
//! the field and in [`super`] (the module docs of `schedule`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// FHIR R4 `EventTiming`: the 26 codes that anchor a dose to a moment of the
/// person's day. How each resolves to the routine is documented in
/// [`super::events`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum EventTiming {
    /// `MORN`: morning.
    Morn,
    /// `MORN.early`: early morning.
    MornEarly,
    /// `MORN.late`: late morning.
    MornLate,
    /// `NOON`: around 12:00.
    Noon,
    /// `AFT`: afternoon.
    Aft,
    /// `AFT.early`: early afternoon.
    AftEarly,
    /// `AFT.late`: late afternoon.
    AftLate,
    /// `EVE`: evening.
    Eve,
    /// `EVE.early`: early evening.
    EveEarly,
    /// `EVE.late`: late evening.
    EveLate,
    /// `NIGHT`: night.
    Night,
    /// `PHS`: after sleep.
    Phs,
    /// `HS`: before sleep (hora somni).
    Hs,
    /// `WAKE`: on waking.
    Wake,
    /// `C`: with a meal (each of breakfast, lunch and dinner).
    C,
    /// `CM`: with breakfast.
    Cm,
    /// `CD`: with lunch.
    Cd,
    /// `CV`: with dinner.
    Cv,
    /// `AC`: before a meal (each meal).
    Ac,
    /// `ACM`: before breakfast.
    Acm,
    /// `ACD`: before lunch.
    Acd,
    /// `ACV`: before dinner.
    Acv,
    /// `PC`: after a meal (each meal).
    Pc,
    /// `PCM`: after breakfast.
    Pcm,
    /// `PCD`: after lunch.
    Pcd,
    /// `PCV`: after dinner.
    Pcv,
}

impl EventTiming {
    /// Every R4 code, in the order of the value set.
    pub const ALL: [EventTiming; 26] = [
        EventTiming::Morn,
        EventTiming::MornEarly,
        EventTiming::MornLate,
        EventTiming::Noon,
        EventTiming::Aft,
        EventTiming::AftEarly,
        EventTiming::AftLate,
        EventTiming::Eve,
        EventTiming::EveEarly,
        EventTiming::EveLate,
        EventTiming::Night,
        EventTiming::Phs,
        EventTiming::Hs,
        EventTiming::Wake,
        EventTiming::C,
        EventTiming::Cm,
        EventTiming::Cd,
        EventTiming::Cv,
        EventTiming::Ac,
        EventTiming::Acm,
        EventTiming::Acd,
        EventTiming::Acv,
        EventTiming::Pc,
        EventTiming::Pcm,
        EventTiming::Pcd,
        EventTiming::Pcv,
    ];

    /// The FHIR code (`MORN.early`, `ACM`, ...).
    pub fn fhir_code(self) -> &'static str {
        match self {
            EventTiming::Morn => "MORN",
            EventTiming::MornEarly => "MORN.early",
            EventTiming::MornLate => "MORN.late",
            EventTiming::Noon => "NOON",
            EventTiming::Aft => "AFT",
            EventTiming::AftEarly => "AFT.early",
            EventTiming::AftLate => "AFT.late",
            EventTiming::Eve => "EVE",
            EventTiming::EveEarly => "EVE.early",
            EventTiming::EveLate => "EVE.late",
            EventTiming::Night => "NIGHT",
            EventTiming::Phs => "PHS",
            EventTiming::Hs => "HS",
            EventTiming::Wake => "WAKE",
            EventTiming::C => "C",
            EventTiming::Cm => "CM",
            EventTiming::Cd => "CD",
            EventTiming::Cv => "CV",
            EventTiming::Ac => "AC",
            EventTiming::Acm => "ACM",
            EventTiming::Acd => "ACD",
            EventTiming::Acv => "ACV",
            EventTiming::Pc => "PC",
            EventTiming::Pcm => "PCM",
            EventTiming::Pcd => "PCD",
            EventTiming::Pcv => "PCV",
        }
    }

    /// Parses a FHIR R4 code (case-sensitive, as FHIR codes are).
    pub fn from_fhir_code(field: &str, code: &str) -> Result<EventTiming> {
        EventTiming::ALL
            .into_iter()
            .find(|e| e.fhir_code() == code)
            .ok_or_else(|| Error::invalid(field, "unknown FHIR R4 EventTiming code"))
    }

    /// True for the codes whose `offset` counts minutes *before* the event
    /// (`AC`, `ACM`, `ACD`, `ACV`); every other code counts after it.
    pub fn offset_is_before(self) -> bool {
        matches!(
            self,
            EventTiming::Ac | EventTiming::Acm | EventTiming::Acd | EventTiming::Acv
        )
    }

    /// True for the codes that forbid an `offset` (tim-9: `C`, `CM`, `CD`, `CV`).
    pub fn forbids_offset(self) -> bool {
        matches!(
            self,
            EventTiming::C | EventTiming::Cm | EventTiming::Cd | EventTiming::Cv
        )
    }
}

/// FHIR `UnitsOfTime` for periods, durations and bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PeriodUnit {
    /// Seconds (elapsed time).
    #[serde(rename = "s")]
    Second,
    /// Minutes (elapsed time).
    #[serde(rename = "min")]
    Minute,
    /// Hours (elapsed time: every 8 h stays 8 h apart across DST).
    #[serde(rename = "h")]
    Hour,
    /// Days (calendar-local).
    #[serde(rename = "d")]
    Day,
    /// Weeks (calendar-local).
    #[serde(rename = "wk")]
    Week,
    /// Months (calendar-local).
    #[serde(rename = "mo")]
    Month,
    /// Years (calendar-local).
    #[serde(rename = "a")]
    Year,
}

impl PeriodUnit {
    /// Every unit.
    pub const ALL: [PeriodUnit; 7] = [
        PeriodUnit::Second,
        PeriodUnit::Minute,
        PeriodUnit::Hour,
        PeriodUnit::Day,
        PeriodUnit::Week,
        PeriodUnit::Month,
        PeriodUnit::Year,
    ];

    /// The UCUM code FHIR uses (`s`, `min`, `h`, `d`, `wk`, `mo`, `a`).
    pub fn code(self) -> &'static str {
        match self {
            PeriodUnit::Second => "s",
            PeriodUnit::Minute => "min",
            PeriodUnit::Hour => "h",
            PeriodUnit::Day => "d",
            PeriodUnit::Week => "wk",
            PeriodUnit::Month => "mo",
            PeriodUnit::Year => "a",
        }
    }

    /// Parses a code produced by [`PeriodUnit::code`].
    pub fn from_code(field: &str, code: &str) -> Result<PeriodUnit> {
        PeriodUnit::ALL
            .into_iter()
            .find(|u| u.code() == code)
            .ok_or_else(|| Error::invalid(field, "unknown unit of time (s, min, h, d, wk, mo, a)"))
    }

    /// True for `s`, `min` and `h`: measured in elapsed time, not on the calendar.
    pub fn is_elapsed(self) -> bool {
        matches!(
            self,
            PeriodUnit::Second | PeriodUnit::Minute | PeriodUnit::Hour
        )
    }

    /// Length in seconds of the elapsed units, and nominal length of the
    /// calendar ones (a month is 30 days, a year 365: used only for the
    /// default minimum interval, never to place a dose).
    pub fn nominal_seconds(self) -> f64 {
        match self {
            PeriodUnit::Second => 1.0,
            PeriodUnit::Minute => 60.0,
            PeriodUnit::Hour => 3600.0,
            PeriodUnit::Day => 86_400.0,
            PeriodUnit::Week => 7.0 * 86_400.0,
            PeriodUnit::Month => 30.0 * 86_400.0,
            PeriodUnit::Year => 365.0 * 86_400.0,
        }
    }
}

/// FHIR `DaysOfWeek`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DayOfWeek {
    /// Monday (`mon`).
    Mon,
    /// Tuesday (`tue`).
    Tue,
    /// Wednesday (`wed`).
    Wed,
    /// Thursday (`thu`).
    Thu,
    /// Friday (`fri`).
    Fri,
    /// Saturday (`sat`).
    Sat,
    /// Sunday (`sun`).
    Sun,
}

impl DayOfWeek {
    /// Every day, Monday first.
    pub const ALL: [DayOfWeek; 7] = [
        DayOfWeek::Mon,
        DayOfWeek::Tue,
        DayOfWeek::Wed,
        DayOfWeek::Thu,
        DayOfWeek::Fri,
        DayOfWeek::Sat,
        DayOfWeek::Sun,
    ];

    /// The FHIR code (`mon` .. `sun`).
    pub fn code(self) -> &'static str {
        match self {
            DayOfWeek::Mon => "mon",
            DayOfWeek::Tue => "tue",
            DayOfWeek::Wed => "wed",
            DayOfWeek::Thu => "thu",
            DayOfWeek::Fri => "fri",
            DayOfWeek::Sat => "sat",
            DayOfWeek::Sun => "sun",
        }
    }

    /// Parses a FHIR code.
    pub fn from_code(field: &str, code: &str) -> Result<DayOfWeek> {
        DayOfWeek::ALL
            .into_iter()
            .find(|d| d.code() == code)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    "unknown day of week (mon, tue, wed, thu, fri, sat, sun)",
                )
            })
    }

    /// The chrono weekday.
    pub fn weekday(self) -> Weekday {
        match self {
            DayOfWeek::Mon => Weekday::Mon,
            DayOfWeek::Tue => Weekday::Tue,
            DayOfWeek::Wed => Weekday::Wed,
            DayOfWeek::Thu => Weekday::Thu,
            DayOfWeek::Fri => Weekday::Fri,
            DayOfWeek::Sat => Weekday::Sat,
            DayOfWeek::Sun => Weekday::Sun,
        }
    }
}

/// A FHIR `date` or `dateTime` used as the start or end of `boundsPeriod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum BoundaryPoint {
    /// A local calendar date: a start includes the whole date, an end too.
    Date {
        /// The date, read in the plan's zone.
        date: NaiveDate,
    },
    /// An exact instant (FHIR requires an offset with a time of day).
    Instant {
        /// The instant, with the offset it was written with.
        at: DateTime<FixedOffset>,
    },
}

impl BoundaryPoint {
    /// The local date this point falls on when read with its own offset (an
    /// instant) or as is (a date).
    pub fn date(&self) -> NaiveDate {
        match self {
            BoundaryPoint::Date { date } => *date,
            BoundaryPoint::Instant { at } => at.date_naive(),
        }
    }
}

/// FHIR `Timing.repeat.bounds[x]` (`boundsDuration` or `boundsPeriod`;
/// `boundsRange` is refused on import: it gives no single end to plan for).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TimingBounds {
    /// The doses stop this long after the first day (or the first dose, for
    /// elapsed units). Calendar units count local calendar days and months.
    Duration {
        /// Length, not negative (tim-4 style).
        value: f64,
        /// Unit of the length.
        unit: PeriodUnit,
    },
    /// The doses happen within this period (both ends included).
    Period {
        /// First moment doses may happen.
        start: Option<BoundaryPoint>,
        /// Last moment doses may happen.
        end: Option<BoundaryPoint>,
    },
}

/// Day rules beyond FHIR. Each selects the local dates that have doses; the
/// timing's daily slots then apply on each selected date. A timing with a day
/// rule has `period` 1 `d` (or none) in its `repeat`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DayRule {
    /// `days_on` dose days then `days_off` free days, repeating from `start`
    /// (e.g. 21 on, 7 off). No doses before `start`.
    Cycle {
        /// First day of the first cycle.
        start: NaiveDate,
        /// Dose days per cycle, at least 1.
        days_on: u32,
        /// Free days per cycle, at least 1.
        days_off: u32,
    },
    /// Every `every` days from `start` (`start` itself included).
    EveryNDays {
        /// First dose day.
        start: NaiveDate,
        /// Days between dose days, at least 1.
        every: u32,
    },
    /// These days of each month (1 to 31). A day past the end of a short month
    /// is taken on that month's last day, so a monthly dose is never lost;
    /// two days landing on the same date give one dose day.
    DaysOfMonth {
        /// The days, each 1 to 31, no duplicates.
        days: Vec<u8>,
    },
}

/// FHIR R4 `Timing.repeat`. Field meanings follow FHIR; the engine's reading
/// is documented in [`super`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TimingRepeat {
    /// `bounds[x]`: when the schedule starts and stops.
    pub bounds: Option<TimingBounds>,
    /// `count`: the schedule gives this many doses in all (counted from its first).
    pub count: Option<u32>,
    /// `countMax`: upper end of a count range (kept, not used to plan).
    pub count_max: Option<u32>,
    /// `duration`: how long one administration lasts (kept, not used to plan).
    pub duration: Option<f64>,
    /// `durationMax`.
    pub duration_max: Option<f64>,
    /// `durationUnit`.
    pub duration_unit: Option<PeriodUnit>,
    /// `frequency`: doses per period (absent: as many as the daily slots, or 1).
    pub frequency: Option<u32>,
    /// `frequencyMax` (kept, the plan uses `frequency`).
    pub frequency_max: Option<u32>,
    /// `period`: length of the period the frequency counts in.
    pub period: Option<f64>,
    /// `periodMax` (kept, the plan uses `period`).
    pub period_max: Option<f64>,
    /// `periodUnit`.
    pub period_unit: Option<PeriodUnit>,
    /// `dayOfWeek`: the days doses may fall on.
    pub day_of_week: Vec<DayOfWeek>,
    /// `timeOfDay`: local wall-clock times.
    pub time_of_day: Vec<NaiveTime>,
    /// `when`: routine events.
    pub when: Vec<EventTiming>,
    /// `offset`: minutes from the `when` event (before it for AC codes).
    pub offset: Option<u32>,
}

/// When doses are due: FHIR `Timing.repeat` plus an optional day rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Timing {
    /// The FHIR part.
    pub repeat: TimingRepeat,
    /// The day rule beyond FHIR, if any (exported to FHIR as an extension).
    pub day_rule: Option<DayRule>,
}

impl Timing {
    /// Every day at these local times.
    pub fn daily_at(times: &[NaiveTime]) -> Timing {
        Timing {
            repeat: TimingRepeat {
                period: Some(1.0),
                period_unit: Some(PeriodUnit::Day),
                time_of_day: times.to_vec(),
                ..TimingRepeat::default()
            },
            day_rule: None,
        }
    }

    /// Every day at these routine events.
    pub fn daily_when(when: &[EventTiming], offset: Option<u32>) -> Timing {
        Timing {
            repeat: TimingRepeat {
                period: Some(1.0),
                period_unit: Some(PeriodUnit::Day),
                when: when.to_vec(),
                offset,
                ..TimingRepeat::default()
            },
            day_rule: None,
        }
    }

    /// Every `hours` hours of elapsed time.
    pub fn every_hours(hours: u32) -> Timing {
        Timing {
            repeat: TimingRepeat {
                frequency: Some(1),
                period: Some(f64::from(hours)),
                period_unit: Some(PeriodUnit::Hour),
                ..TimingRepeat::default()
            },
            day_rule: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_code_round_trips_and_is_distinct() {
        let mut seen = std::collections::HashSet::new();
        for e in EventTiming::ALL {
            assert!(seen.insert(e.fhir_code()));
            assert_eq!(EventTiming::from_fhir_code("w", e.fhir_code()).unwrap(), e);
        }
        assert_eq!(seen.len(), 26);
        assert!(EventTiming::from_fhir_code("w", "IMD").is_err());
        assert!(EventTiming::from_fhir_code("w", "morn").is_err());
    }

    #[test]
    fn offset_direction_follows_r4() {
        let before: Vec<_> = EventTiming::ALL
            .into_iter()
            .filter(|e| e.offset_is_before())
            .collect();
        assert_eq!(
            before,
            vec![
                EventTiming::Ac,
                EventTiming::Acm,
                EventTiming::Acd,
                EventTiming::Acv
            ]
        );
        let forbidden: Vec<_> = EventTiming::ALL
            .into_iter()
            .filter(|e| e.forbids_offset())
            .collect();
        assert_eq!(
            forbidden,
            vec![
                EventTiming::C,
                EventTiming::Cm,
                EventTiming::Cd,
                EventTiming::Cv
            ]
        );
    }

    #[test]
    fn units_and_days_round_trip() {
        for u in PeriodUnit::ALL {
            assert_eq!(PeriodUnit::from_code("u", u.code()).unwrap(), u);
            let json = serde_json::to_string(&u).unwrap();
            assert_eq!(json, format!("\"{}\"", u.code()));
        }
        assert!(PeriodUnit::from_code("u", "y").is_err());
        for d in DayOfWeek::ALL {
            assert_eq!(DayOfWeek::from_code("d", d.code()).unwrap(), d);
        }
        assert_eq!(DayOfWeek::Sun.weekday(), Weekday::Sun);
    }

    #[test]
    fn serde_form_is_snake_case_and_tolerates_missing_fields() {
        let t = Timing::daily_when(&[EventTiming::MornEarly], None);
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["repeat"]["when"][0], "morn_early");
        assert_eq!(json["repeat"]["period_unit"], "d");
        let back: Timing =
            serde_json::from_value(serde_json::json!({"repeat": {"time_of_day": ["08:00:00"]}}))
                .unwrap();
        assert_eq!(back.repeat.time_of_day.len(), 1);
        assert_eq!(serde_json::from_value::<Timing>(json).unwrap(), t);
    }
}
