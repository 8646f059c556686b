//! uniffi custom types for the chrono and chrono-tz values in the model
//! (compiled only with the `uniffi` feature).
//!
//! Across the FFI, instants are timestamps (`SystemTime`: `java.time.Instant`-like
//! in Kotlin, `Date` in Swift, `datetime` in Python); calendar dates, wall-clock
//! times, offsets-bearing local times and zones are validated strings:
//! `YYYY-MM-DD`, `HH:MM[:SS]`, RFC 3339 and IANA zone names. A malformed string
//! coming in is rejected by uniffi before any core code runs.

use std::time::SystemTime;

/// An instant (UTC): a timestamp in the apps.
pub type Timestamp = chrono::DateTime<chrono::Utc>;
/// A local time with its UTC offset, RFC 3339 (`2027-03-14T03:30:00-04:00`).
pub type OffsetDateTime = chrono::DateTime<chrono::FixedOffset>;
/// A calendar date, `YYYY-MM-DD`.
pub type IsoDate = chrono::NaiveDate;
/// A wall-clock time of day, `HH:MM` or `HH:MM:SS`.
pub type WallTime = chrono::NaiveTime;
/// An IANA time zone name such as `Europe/Berlin`.
pub type ZoneName = chrono_tz::Tz;

uniffi::custom_type!(Timestamp, SystemTime, { remote });

uniffi::custom_type!(IsoDate, String, {
    remote,
    try_lift: |s| crate::time::parse_date("date", &s).map_err(Into::into),
    lower: |d| d.format("%Y-%m-%d").to_string(),
});

uniffi::custom_type!(WallTime, String, {
    remote,
    try_lift: |s| crate::time::parse_time("time", &s).map_err(Into::into),
    lower: |t| crate::time::format_time(t),
});

uniffi::custom_type!(OffsetDateTime, String, {
    remote,
    try_lift: |s| chrono::DateTime::parse_from_rfc3339(&s).map_err(Into::into),
    lower: |t| t.to_rfc3339(),
});

uniffi::custom_type!(ZoneName, String, {
    remote,
    try_lift: |s| crate::time::parse_zone("zone", &s).map_err(Into::into),
    lower: |z| z.name().to_string(),
});
