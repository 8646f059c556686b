//! Quiet hours: from the person's bedtime to their wake time (both from
//! the routine, weekday or weekend, overrides included), on the phone's wall
//! clock. A non-critical reminder that would fire strictly inside a night
//! is held until that night's wake time; one at bedtime itself still fires.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::model::{Routine, RoutineEvent};
use crate::schedule::zone::resolve_local;
use crate::schedule::ZoneHistory;

/// The nights of a stretch of local dates, precomputed.
#[derive(Debug, Clone, Default)]
pub struct QuietHours {
    /// (start, end) of each night, in time order.
    nights: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

/// The night that begins on local date `d`: bedtime of `d` (after midnight
/// when bedtime is before noon) to wake on `d + 1`.
pub fn night_of(
    routine: &Routine,
    zone: Tz,
    d: NaiveDate,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let next = d + Duration::days(1);
    let bed = routine.time_of(RoutineEvent::Bedtime, d);
    let wake = routine.time_of(RoutineEvent::Wake, next);
    let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("valid time");
    let bed_date = if bed >= noon { d } else { next };
    let (start, _) = resolve_local(zone, bed_date.and_time(bed));
    let (end, _) = resolve_local(zone, next.and_time(wake));
    (end > start).then_some((start, end))
}

impl QuietHours {
    /// No quiet hours: nothing is held.
    pub fn off() -> QuietHours {
        QuietHours::default()
    }

    /// The nights beginning on local dates `from - 1 ..= to`, each on the
    /// wall clock of the zone the phone is in at its bedtime (a travel day
    /// gets the night of the zone landed in).
    pub fn new(
        routine: &Routine,
        zones: &ZoneHistory,
        from: NaiveDate,
        to: NaiveDate,
    ) -> QuietHours {
        let mut candidates: Vec<Tz> = vec![zones.initial];
        for c in &zones.changes {
            if !candidates.contains(&c.zone) {
                candidates.push(c.zone);
            }
        }
        let mut nights = Vec::new();
        let mut d = from - Duration::days(1);
        while d <= to {
            for z in &candidates {
                let Some((start, end)) = night_of(routine, *z, d) else {
                    continue;
                };
                if zones.zone_at(start) != *z {
                    continue;
                }
                // Landing elsewhere ends the night: the new zone's day applies.
                let end = zones
                    .changes
                    .iter()
                    .map(|c| c.at)
                    .find(|at| *at > start)
                    .map_or(end, |at| end.min(at));
                nights.push((start, end));
            }
            d += Duration::days(1);
        }
        nights.sort();
        QuietHours { nights }
    }

    /// Where a non-critical reminder at `t` fires: `t`, or the wake time
    /// ending the night it falls in.
    pub fn hold(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        let i = self.nights.partition_point(|(start, _)| *start < t);
        match i.checked_sub(1).map(|i| self.nights[i]) {
            Some((start, end)) if t > start && t < end => end,
            _ => t,
        }
    }

    /// Whether `t` is inside a night.
    pub fn is_quiet(&self, t: DateTime<Utc>) -> bool {
        self.hold(t) != t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const NY: Tz = chrono_tz::America::New_York;

    fn ny(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        NY.with_ymd_and_hms(2027, 3, d, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn holds_from_bedtime_to_wake_but_not_at_bedtime() {
        // Mon 1 March: weekday bedtime 22:30, Tuesday wake 07:00.
        let d = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let q = QuietHours::new(
            &Routine::default(),
            &ZoneHistory::fixed(NY),
            d,
            d + Duration::days(1),
        );
        assert_eq!(q.hold(ny(1, 22, 30)), ny(1, 22, 30));
        assert_eq!(q.hold(ny(1, 23, 0)), ny(2, 7, 0));
        assert_eq!(q.hold(ny(2, 3, 0)), ny(2, 7, 0));
        assert_eq!(q.hold(ny(2, 7, 0)), ny(2, 7, 0));
        assert_eq!(q.hold(ny(2, 12, 0)), ny(2, 12, 0));
    }

    #[test]
    fn the_night_into_spring_forward_ends_at_wake_on_the_new_offset() {
        // Sat 13 March 23:30 EST to Sun 14 March 08:30 EDT (weekend wake).
        let d = NaiveDate::from_ymd_opt(2027, 3, 13).unwrap();
        let (start, end) = night_of(&Routine::default(), NY, d).unwrap();
        assert_eq!(start, Utc.with_ymd_and_hms(2027, 3, 14, 4, 30, 0).unwrap());
        assert_eq!(end, Utc.with_ymd_and_hms(2027, 3, 14, 12, 30, 0).unwrap());
    }
}
