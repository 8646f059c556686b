//! Parsing and formatting of the time values that cross the API boundary:
//! calendar dates, wall-clock times and IANA zones, each checked with a typed
//! error naming the field.

use chrono::{NaiveDate, NaiveTime, Timelike};
use chrono_tz::Tz;

use crate::error::{Error, Result};

/// Parses `YYYY-MM-DD`.
pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, "expected a calendar date YYYY-MM-DD that exists"))
}

/// Parses a wall-clock time `HH:MM` or `HH:MM:SS` (00:00 to 23:59:59).
pub fn parse_time(field: &str, s: &str) -> Result<NaiveTime> {
    let s = s.trim();
    let parsed = match s.len() {
        5 => NaiveTime::parse_from_str(s, "%H:%M"),
        8 => NaiveTime::parse_from_str(s, "%H:%M:%S"),
        _ => return Err(Error::invalid(field, "expected a time HH:MM or HH:MM:SS")),
    };
    match parsed {
        // chrono accepts a leap second (23:59:60); a schedule never needs one.
        Ok(t) if t.nanosecond() < 1_000_000_000 => Ok(t),
        _ => Err(Error::invalid(
            field,
            "expected a time between 00:00 and 23:59:59",
        )),
    }
}

/// Formats a time as `HH:MM`, or `HH:MM:SS` when it has seconds.
pub fn format_time(t: NaiveTime) -> String {
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

/// Parses an IANA zone name such as `Europe/Berlin`.
pub fn parse_zone(field: &str, s: &str) -> Result<Tz> {
    s.trim()
        .parse::<Tz>()
        .map_err(|_| Error::invalid(field, "unknown IANA time zone"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_impossible_times_and_dates() {
        assert!(parse_time("t", "25:00").is_err());
        assert!(parse_time("t", "23:60").is_err());
        assert!(parse_time("t", "7:5").is_err());
        assert!(parse_time("t", "23:59:60").is_err());
        assert_eq!(
            parse_time("t", "07:30").unwrap(),
            NaiveTime::from_hms_opt(7, 30, 0).unwrap()
        );
        assert!(parse_date("d", "2027-02-29").is_err());
        assert!(parse_date("d", "2028-02-29").is_ok());
        assert!(parse_zone("z", "Mars/Olympus").is_err());
        assert_eq!(
            parse_zone("z", "America/New_York").unwrap().name(),
            "America/New_York"
        );
    }

    #[test]
    fn error_names_the_field() {
        let e = parse_time("routine.breakfast", "25:00").unwrap_err();
        assert!(e.to_string().contains("routine.breakfast"));
    }

    #[test]
    fn formats_times_compactly() {
        assert_eq!(
            format_time(NaiveTime::from_hms_opt(8, 5, 0).unwrap()),
            "08:05"
        );
        assert_eq!(
            format_time(NaiveTime::from_hms_opt(8, 5, 9).unwrap()),
            "08:05:09"
        );
    }
}
