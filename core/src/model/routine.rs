//! The person's daily routine: the local times of the moments doses hang on
//! (wake, meals, bedtime, parts of the day), with weekday and weekend variants
//! and one-day overrides ("sleeping in today").
//!
//! Times not set by the person fall back to the documented defaults of
//! [`RoutineEvent::default_time`]. FHIR `when` codes resolve to these events
//! in the schedule engine.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A moment of the person's day that doses can be anchored to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RoutineEvent {
    /// Getting up.
    Wake,
    /// Breakfast.
    Breakfast,
    /// Lunch.
    Lunch,
    /// Dinner.
    Dinner,
    /// Going to bed.
    Bedtime,
    /// "In the morning".
    Morning,
    /// "In the afternoon".
    Afternoon,
    /// "In the evening".
    Evening,
    /// "At night".
    Night,
}

/// Whether a date follows the weekday or the weekend routine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DayKind {
    /// Monday to Friday.
    Weekday,
    /// Saturday and Sunday.
    Weekend,
}

impl DayKind {
    /// The kind of a calendar date (Saturday and Sunday are the weekend).
    pub fn of(date: NaiveDate) -> DayKind {
        match date.weekday() {
            Weekday::Sat | Weekday::Sun => DayKind::Weekend,
            _ => DayKind::Weekday,
        }
    }
}

impl RoutineEvent {
    /// Every event, in the order of a typical day.
    pub const ALL: [RoutineEvent; 9] = [
        RoutineEvent::Wake,
        RoutineEvent::Morning,
        RoutineEvent::Breakfast,
        RoutineEvent::Lunch,
        RoutineEvent::Afternoon,
        RoutineEvent::Dinner,
        RoutineEvent::Evening,
        RoutineEvent::Night,
        RoutineEvent::Bedtime,
    ];

    /// The stable snake_case code (`wake`, `breakfast`, ...).
    pub fn code(self) -> &'static str {
        match self {
            RoutineEvent::Wake => "wake",
            RoutineEvent::Breakfast => "breakfast",
            RoutineEvent::Lunch => "lunch",
            RoutineEvent::Dinner => "dinner",
            RoutineEvent::Bedtime => "bedtime",
            RoutineEvent::Morning => "morning",
            RoutineEvent::Afternoon => "afternoon",
            RoutineEvent::Evening => "evening",
            RoutineEvent::Night => "night",
        }
    }

    /// Parses a code produced by [`RoutineEvent::code`].
    pub fn from_code(field: &str, code: &str) -> Result<RoutineEvent> {
        RoutineEvent::ALL
            .into_iter()
            .find(|e| e.code() == code)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    "unknown routine event (wake, breakfast, lunch, dinner, bedtime, morning, afternoon, evening, night)",
                )
            })
    }

    /// The documented default time of this event when the person set none.
    ///
    /// | event | weekday | weekend |
    /// |---|---|---|
    /// | wake | 07:00 | 08:30 |
    /// | morning | 08:00 | 09:30 |
    /// | breakfast | 07:30 | 09:00 |
    /// | lunch | 12:30 | 13:00 |
    /// | afternoon | 15:00 | 15:00 |
    /// | dinner | 18:30 | 19:00 |
    /// | evening | 19:30 | 19:30 |
    /// | night | 21:30 | 22:00 |
    /// | bedtime | 22:30 | 23:30 |
    pub fn default_time(self, kind: DayKind) -> NaiveTime {
        let (h, m) = match (self, kind) {
            (RoutineEvent::Wake, DayKind::Weekday) => (7, 0),
            (RoutineEvent::Wake, DayKind::Weekend) => (8, 30),
            (RoutineEvent::Morning, DayKind::Weekday) => (8, 0),
            (RoutineEvent::Morning, DayKind::Weekend) => (9, 30),
            (RoutineEvent::Breakfast, DayKind::Weekday) => (7, 30),
            (RoutineEvent::Breakfast, DayKind::Weekend) => (9, 0),
            (RoutineEvent::Lunch, DayKind::Weekday) => (12, 30),
            (RoutineEvent::Lunch, DayKind::Weekend) => (13, 0),
            (RoutineEvent::Afternoon, _) => (15, 0),
            (RoutineEvent::Dinner, DayKind::Weekday) => (18, 30),
            (RoutineEvent::Dinner, DayKind::Weekend) => (19, 0),
            (RoutineEvent::Evening, _) => (19, 30),
            (RoutineEvent::Night, DayKind::Weekday) => (21, 30),
            (RoutineEvent::Night, DayKind::Weekend) => (22, 0),
            (RoutineEvent::Bedtime, DayKind::Weekday) => (22, 30),
            (RoutineEvent::Bedtime, DayKind::Weekend) => (23, 30),
        };
        NaiveTime::from_hms_opt(h, m, 0).expect("valid default time")
    }
}

/// One time the person set for an event on weekdays or on weekends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RoutineTime {
    /// The event.
    pub event: RoutineEvent,
    /// Weekday or weekend.
    pub day_kind: DayKind,
    /// Local wall-clock time.
    pub time: NaiveTime,
}

/// A one-day change to one event ("sleeping in today": wake at 10:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RoutineOverride {
    /// The local date it applies to.
    pub date: NaiveDate,
    /// The event.
    pub event: RoutineEvent,
    /// Local wall-clock time on that date.
    pub time: NaiveTime,
}

/// The person's routine: the times they set plus one-day overrides.
/// Events without a set time use [`RoutineEvent::default_time`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Routine {
    /// The times set by the person (at most one per event and day kind).
    pub times: Vec<RoutineTime>,
    /// One-day overrides (at most one per date and event).
    pub overrides: Vec<RoutineOverride>,
}

impl Routine {
    /// The local time of `event` on `date`: the override for that date if any,
    /// else the person's weekday/weekend time, else the default.
    pub fn time_of(&self, event: RoutineEvent, date: NaiveDate) -> NaiveTime {
        if let Some(o) = self
            .overrides
            .iter()
            .find(|o| o.date == date && o.event == event)
        {
            return o.time;
        }
        let kind = DayKind::of(date);
        self.times
            .iter()
            .find(|t| t.event == event && t.day_kind == kind)
            .map(|t| t.time)
            .unwrap_or_else(|| event.default_time(kind))
    }

    /// Checks there is at most one time per (event, day kind) and one override
    /// per (date, event).
    pub fn validate(&self) -> Result<()> {
        for (i, t) in self.times.iter().enumerate() {
            if self.times[..i]
                .iter()
                .any(|u| u.event == t.event && u.day_kind == t.day_kind)
            {
                return Err(Error::invalid(
                    format!("routine.times[{i}]"),
                    "an event has at most one time per day kind",
                ));
            }
        }
        for (i, o) in self.overrides.iter().enumerate() {
            if self.overrides[..i]
                .iter()
                .any(|u| u.event == o.event && u.date == o.date)
            {
                return Err(Error::invalid(
                    format!("routine.overrides[{i}]"),
                    "an event has at most one override per date",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn weekend_and_override_take_precedence_in_order() {
        let monday = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let saturday = NaiveDate::from_ymd_opt(2027, 3, 6).unwrap();
        let routine = Routine {
            times: vec![
                RoutineTime {
                    event: RoutineEvent::Breakfast,
                    day_kind: DayKind::Weekday,
                    time: t(6, 45),
                },
                RoutineTime {
                    event: RoutineEvent::Breakfast,
                    day_kind: DayKind::Weekend,
                    time: t(9, 15),
                },
            ],
            overrides: vec![RoutineOverride {
                date: monday,
                event: RoutineEvent::Wake,
                time: t(10, 0),
            }],
        };
        assert_eq!(routine.time_of(RoutineEvent::Breakfast, monday), t(6, 45));
        assert_eq!(routine.time_of(RoutineEvent::Breakfast, saturday), t(9, 15));
        assert_eq!(routine.time_of(RoutineEvent::Wake, monday), t(10, 0));
        // Not set: documented default.
        assert_eq!(routine.time_of(RoutineEvent::Bedtime, saturday), t(23, 30));
        assert_eq!(routine.time_of(RoutineEvent::Wake, saturday), t(8, 30));
    }

    #[test]
    fn duplicate_entries_are_rejected_with_their_index() {
        let x = RoutineTime {
            event: RoutineEvent::Lunch,
            day_kind: DayKind::Weekday,
            time: t(12, 0),
        };
        let r = Routine {
            times: vec![x, x],
            overrides: vec![],
        };
        let err = r.validate().unwrap_err().to_string();
        assert!(err.contains("routine.times[1]"), "{err}");
    }

    #[test]
    fn event_codes_round_trip() {
        for e in RoutineEvent::ALL {
            assert_eq!(RoutineEvent::from_code("e", e.code()).unwrap(), e);
        }
        assert!(RoutineEvent::from_code("e", "brunch").is_err());
    }
}
