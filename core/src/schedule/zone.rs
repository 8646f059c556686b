//! Zones and history: reading a local wall-clock time as an instant.
//!
//! * **DST (RFC 5545 §3.3.5).** A local time inside a spring-forward gap is
//!   read with the offset from *before* the gap (New York 02:30 on 2027-03-14
//!   is 03:30 EDT); a time that occurs twice (fall back) is the *first* one.
//!   A local date that does not exist at all in a zone (Pacific/Apia skipped
//!   2011-12-30) has no slots.
//! * **Travel (`follow_device`).** The app reports each zone change with the
//!   instant it happened ([`ZoneHistory`]). A slot's wall-clock time is read
//!   in the zone in effect when it occurs: the *first* instant at which the
//!   phone's clock shows it (flying west, a time seen twice is taken once).
//!   If the jump of a zone change skipped it (flying east), it is due at the
//!   instant of the change, when the phone noticed: no slot is lost, none is
//!   doubled, and doses pushed together are flagged by the expansion.
//! * **Pinned plans** read every time in their own zone and ignore travel.
//! * **Routine history.** [`RoutineHistory`] holds each routine version with
//!   the instant from which it applies. A slot takes the routine in force at
//!   its time: an occurrence whose time under the old routine came before the
//!   change keeps it; later ones move (even if the new time is already past,
//!   in which case the dose is simply due).

use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::routine::Routine;

/// One zone change reported by the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ZoneChange {
    /// When the phone noticed the new zone.
    pub at: DateTime<Utc>,
    /// The new zone.
    pub zone: Tz,
}

/// The zones the phone has been in: the first one and each change since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ZoneHistory {
    /// The zone before the first change.
    pub initial: Tz,
    /// Changes in strictly increasing order of `at`.
    #[serde(default)]
    pub changes: Vec<ZoneChange>,
}

impl ZoneHistory {
    /// A history that never changes zone.
    pub fn fixed(zone: Tz) -> ZoneHistory {
        ZoneHistory {
            initial: zone,
            changes: Vec::new(),
        }
    }

    /// Checks the changes are in strictly increasing order.
    pub fn validate(&self) -> Result<()> {
        for i in 1..self.changes.len() {
            if self.changes[i].at <= self.changes[i - 1].at {
                return Err(Error::invalid(
                    format!("zone_history.changes[{i}].at"),
                    "zone changes must be in strictly increasing order of time",
                ));
            }
        }
        Ok(())
    }

    /// The zone in effect at `at`.
    pub fn zone_at(&self, at: DateTime<Utc>) -> Tz {
        let i = self.changes.partition_point(|c| c.at <= at);
        if i == 0 {
            self.initial
        } else {
            self.changes[i - 1].zone
        }
    }

    /// The local date at `at` in the zone in effect then: the person's
    /// "today" when `at` is now.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.zone_at(at)).date_naive()
    }
}

/// One routine version and the instant from which it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RoutineChange {
    /// When the person changed the routine.
    pub from: DateTime<Utc>,
    /// The routine from then on.
    pub routine: Routine,
}

/// The person's routine versions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RoutineHistory {
    /// The routine before the first change.
    pub initial: Routine,
    /// Later versions in strictly increasing order of `from`.
    #[serde(default)]
    pub changes: Vec<RoutineChange>,
}

impl RoutineHistory {
    /// A routine that never changed.
    pub fn fixed(routine: Routine) -> RoutineHistory {
        RoutineHistory {
            initial: routine,
            changes: Vec::new(),
        }
    }

    /// Checks each routine and the order of the changes.
    pub fn validate(&self) -> Result<()> {
        self.initial.validate()?;
        for (i, c) in self.changes.iter().enumerate() {
            c.routine
                .validate()
                .map_err(|e| prefix(e, &format!("routine_history.changes[{i}]")))?;
            if i > 0 && c.from <= self.changes[i - 1].from {
                return Err(Error::invalid(
                    format!("routine_history.changes[{i}].from"),
                    "routine changes must be in strictly increasing order of time",
                ));
            }
        }
        Ok(())
    }
}

fn prefix(e: Error, p: &str) -> Error {
    match e {
        Error::InvalidInput { field, reason } => Error::invalid(format!("{p}.{field}"), reason),
        other => other,
    }
}

/// Reads a local time in one zone per RFC 5545: gap times take the offset
/// before the gap, ambiguous times the first instant. Returns the instant and
/// whether the time was in a gap.
pub fn resolve_local(zone: Tz, local: NaiveDateTime) -> (DateTime<Utc>, bool) {
    let (off, gap) = resolve_offset(zone, local);
    (utc_of(local, off), gap)
}

/// The UTC offset (seconds) [`resolve_local`] reads `local` with, and
/// whether it was in a gap.
pub(crate) fn resolve_offset(zone: Tz, local: NaiveDateTime) -> (i32, bool) {
    match zone.offset_from_local_datetime(&local) {
        LocalResult::Single(off) | LocalResult::Ambiguous(off, _) => {
            (off.fix().local_minus_utc(), false)
        }
        LocalResult::None => (offset_before_gap(zone, local), true),
    }
}

/// The UTC offset (seconds) in effect in `zone` at `at`.
pub(crate) fn offset_at(zone: Tz, at: DateTime<Utc>) -> i32 {
    zone.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

fn utc_of(local: NaiveDateTime, offset_secs: i32) -> DateTime<Utc> {
    (local - Duration::seconds(i64::from(offset_secs))).and_utc()
}

/// The UTC offset in effect just before the gap that `local` falls in.
fn offset_before_gap(zone: Tz, local: NaiveDateTime) -> i32 {
    // Step back (15 min at a time, then by hours) until a local time exists:
    // it lies just before the gap, and its (latest) offset is the one before.
    let mut back = Duration::minutes(15);
    for _ in 0..200 {
        match zone.offset_from_local_datetime(&(local - back)) {
            LocalResult::Single(o) | LocalResult::Ambiguous(_, o) => {
                return o.fix().local_minus_utc()
            }
            LocalResult::None => {
                back += if back < Duration::hours(2) {
                    Duration::minutes(15)
                } else {
                    Duration::hours(1)
                }
            }
        }
    }
    // Unreachable with the IANA data (no gap exceeds a day); fall back to
    // the offset after the gap rather than panic.
    zone.offset_from_utc_datetime(&local)
        .fix()
        .local_minus_utc()
}

/// True if some instant has `date` as its local date in `zone`.
pub fn date_exists(zone: Tz, date: NaiveDate) -> bool {
    let (u, gap) = resolve_local(zone, date.and_time(NaiveTime::MIN));
    !gap || local_date(zone, u) == date
}

/// The local date of an instant in a zone.
pub fn local_date(zone: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&zone).date_naive()
}

/// How a slot's wall-clock time was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placed {
    /// The instant.
    pub at: DateTime<Utc>,
    /// The zone whose wall clock is shown for it.
    pub zone: Tz,
    /// That zone's UTC offset at `at`, in seconds.
    pub offset: i32,
}

/// Places wall-clock times on the time line for one plan: either one zone
/// (pinned, or a device history without changes) or a zone history.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Placer<'a> {
    /// A single zone.
    Fixed(Tz),
    /// A device zone history with at least one change.
    History(&'a ZoneHistory),
}

impl<'a> Placer<'a> {
    pub(crate) fn new(pinned: Option<Tz>, device: &'a ZoneHistory) -> Placer<'a> {
        match pinned {
            Some(z) => Placer::Fixed(z),
            None if device.changes.is_empty() => Placer::Fixed(device.initial),
            None => Placer::History(device),
        }
    }

    /// The zone in effect at an instant.
    pub(crate) fn zone_at(&self, at: DateTime<Utc>) -> Tz {
        match self {
            Placer::Fixed(z) => *z,
            Placer::History(h) => h.zone_at(at),
        }
    }

    /// Places the wall-clock time `local` of a slot belonging to local date
    /// `date`. `None` when the date does not exist in the zone.
    pub(crate) fn place(&self, date: NaiveDate, local: NaiveDateTime) -> Option<Placed> {
        match self {
            Placer::Fixed(zone) => place_in(*zone, date, local),
            Placer::History(h) => place_in_history(h, date, local),
        }
    }
}

fn place_in(zone: Tz, date: NaiveDate, local: NaiveDateTime) -> Option<Placed> {
    let (off, gap) = resolve_offset(zone, local);
    let at = utc_of(local, off);
    if gap {
        if !date_exists(zone, date) {
            return None;
        }
        // Read with the offset before the gap; shown with the one after.
        return Some(Placed {
            at,
            zone,
            offset: offset_at(zone, at),
        });
    }
    Some(Placed {
        at,
        zone,
        offset: off,
    })
}

/// Any local time is within this of its instant (offsets stay within ±15 h,
/// local mean times included), with margin.
const MAX_SKEW: Duration = Duration::hours(27);

fn place_in_history(h: &ZoneHistory, date: NaiveDate, local: NaiveDateTime) -> Option<Placed> {
    // Segment i: zone z_i in effect over [start_i, end_i). Only segments near
    // the naive time can matter; before them every reading is "after its
    // segment", past them every reading is "before its segment".
    let n = h.changes.len() + 1;
    let seg = |i: usize| -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>, Tz) {
        let start = if i == 0 {
            None
        } else {
            Some(h.changes[i - 1].at)
        };
        let end = h.changes.get(i).map(|c| c.at);
        let zone = if i == 0 {
            h.initial
        } else {
            h.changes[i - 1].zone
        };
        (start, end, zone)
    };
    let naive_utc = local.and_utc();
    let lo = h.changes.partition_point(|c| c.at <= naive_utc - MAX_SKEW);
    let hi = (h.changes.partition_point(|c| c.at < naive_utc + MAX_SKEW) + 1).min(n);
    // First pass: the first segment in which the reading falls inside it.
    let mut prev_after: Option<usize> = if lo > 0 { Some(lo - 1) } else { None };
    let mut jump: Option<Placed> = None;
    for i in lo..hi {
        let (start, end, zone) = seg(i);
        let (at, gap) = resolve_local(zone, local);
        let after = end.is_some_and(|e| at >= e);
        let before = start.is_some_and(|s| at < s);
        if !after && !before {
            if gap && !date_exists(zone, date) {
                prev_after = None;
                continue;
            }
            return Some(Placed {
                at,
                zone,
                offset: offset_at(zone, at),
            });
        }
        if before && jump.is_none() && prev_after == Some(i.wrapping_sub(1)) {
            // Read too late in the old zone and too early in the new one:
            // the jump skipped it. Due when the change happened.
            let at = start.expect("a segment with a start");
            jump = Some(Placed {
                at,
                zone,
                offset: offset_at(zone, at),
            });
        }
        prev_after = if after { Some(i) } else { None };
    }
    jump
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Asia, Australia, Pacific};

    fn ndt(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    fn rfc(zone: Tz, l: NaiveDateTime) -> String {
        resolve_local(zone, l)
            .0
            .with_timezone(&zone)
            .fixed_offset()
            .to_rfc3339()
    }

    #[test]
    fn gap_reads_with_offset_before_and_ambiguous_takes_first() {
        let ny = America::New_York;
        assert_eq!(
            rfc(ny, ndt(2027, 3, 14, 2, 30)),
            "2027-03-14T03:30:00-04:00"
        );
        assert!(resolve_local(ny, ndt(2027, 3, 14, 2, 30)).1);
        assert_eq!(
            rfc(ny, ndt(2027, 11, 7, 1, 30)),
            "2027-11-07T01:30:00-04:00"
        );
        // Lord Howe moves by 30 minutes.
        let lh = Australia::Lord_Howe;
        assert_eq!(
            rfc(lh, ndt(2026, 10, 4, 2, 15)),
            "2026-10-04T02:45:00+11:00"
        );
        assert_eq!(rfc(lh, ndt(2026, 4, 5, 1, 45)), "2026-04-05T01:45:00+11:00");
    }

    #[test]
    fn apia_skipped_a_whole_date() {
        let apia = Pacific::Apia;
        let d = |day| NaiveDate::from_ymd_opt(2011, 12, day).unwrap();
        assert!(date_exists(apia, d(29)));
        assert!(!date_exists(apia, d(30)));
        assert!(date_exists(apia, d(31)));
        assert!(Placer::Fixed(apia)
            .place(d(30), ndt(2011, 12, 30, 8, 0))
            .is_none());
        // Santiago's DST starts at midnight: the date still exists.
        let santiago = America::Santiago;
        assert!(date_exists(
            santiago,
            NaiveDate::from_ymd_opt(2026, 9, 6).unwrap()
        ));
    }

    #[test]
    fn travel_takes_the_first_showing_and_a_skipped_time_is_due_at_the_change() {
        // Tokyo -> Honolulu on 2027-06-05: change at 18:00 UTC (08:00 HST).
        let h = ZoneHistory {
            initial: Asia::Tokyo,
            changes: vec![ZoneChange {
                at: Utc.with_ymd_and_hms(2027, 6, 5, 18, 0, 0).unwrap(),
                zone: Pacific::Honolulu,
            }],
        };
        h.validate().unwrap();
        let p = Placer::new(None, &h);
        let date = NaiveDate::from_ymd_opt(2027, 6, 5).unwrap();
        // "Today" goes back a day with the flight across the date line.
        let change = h.changes[0].at;
        assert_eq!(
            h.local_date(change - Duration::minutes(1)),
            date.succ_opt().unwrap()
        );
        assert_eq!(h.local_date(change), date);
        // 20:00 on the 5th was seen in Tokyo first.
        let placed = p.place(date, ndt(2027, 6, 5, 20, 0)).unwrap();
        assert_eq!(placed.zone, Asia::Tokyo);
        assert_eq!(
            placed.at,
            Utc.with_ymd_and_hms(2027, 6, 5, 11, 0, 0).unwrap()
        );
        // Honolulu -> Tokyo: the clock jumps from 5th 20:00 to 6th 15:00.
        let h = ZoneHistory {
            initial: Pacific::Honolulu,
            changes: vec![ZoneChange {
                at: Utc.with_ymd_and_hms(2027, 6, 6, 6, 0, 0).unwrap(),
                zone: Asia::Tokyo,
            }],
        };
        let p = Placer::new(None, &h);
        let date = NaiveDate::from_ymd_opt(2027, 6, 6).unwrap();
        let placed = p.place(date, ndt(2027, 6, 6, 8, 0)).unwrap();
        assert_eq!(placed.at, h.changes[0].at);
        assert_eq!(placed.zone, Asia::Tokyo);
        assert_eq!(h.zone_at(placed.at), Asia::Tokyo);
    }

    #[test]
    fn histories_must_be_ordered() {
        let at = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        let h = ZoneHistory {
            initial: Asia::Tokyo,
            changes: vec![
                ZoneChange {
                    at,
                    zone: Pacific::Honolulu,
                },
                ZoneChange {
                    at,
                    zone: Asia::Tokyo,
                },
            ],
        };
        assert!(h
            .validate()
            .unwrap_err()
            .to_string()
            .contains("zone_history.changes[1].at"));
        let r = RoutineHistory {
            initial: Routine::default(),
            changes: vec![
                RoutineChange {
                    from: at,
                    routine: Routine::default(),
                },
                RoutineChange {
                    from: at,
                    routine: Routine::default(),
                },
            ],
        };
        assert!(r
            .validate()
            .unwrap_err()
            .to_string()
            .contains("routine_history.changes[1].from"));
    }
}
