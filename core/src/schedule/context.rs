//! The schedule's input as one value: every plan version with the routine
//! and zone histories it is read against. The store loads it in one read;
//! the use cases expand it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::{expand, DoseOccurrence, DosingPlan, RoutineHistory, ZoneHistory};
use crate::error::{Error, RecordKind, Result};

/// Everything expansion needs, loaded in one read.
#[derive(Debug, Clone)]
pub struct ScheduleContext {
    /// Every non-deleted plan version of active medications.
    pub plans: Vec<DosingPlan>,
    /// Routine versions.
    pub routines: RoutineHistory,
    /// Zones the phone has been in.
    pub zones: ZoneHistory,
}

impl ScheduleContext {
    /// The zone the phone was in at `at`.
    pub fn zone_at(&self, at: DateTime<Utc>) -> Tz {
        self.zones.zone_at(at)
    }

    /// Occurrences of every plan over local dates `from..=to`.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DoseOccurrence>> {
        expand(&self.plans, &self.routines, &self.zones, from, to)
    }

    /// Finds an occurrence by id among the local dates around `near`
    /// (`days_back` before to two days after).
    pub fn find_occurrence(
        &self,
        id: &str,
        near: DateTime<Utc>,
        days_back: i64,
    ) -> Result<DoseOccurrence> {
        uuid::Uuid::parse_str(id)
            .map_err(|_| Error::invalid("occurrence_id", "expected a UUID"))?;
        let today = near.with_timezone(&self.zone_at(near)).date_naive();
        // Most doses are logged around their day: look there first, then
        // further back.
        let near_days = (today - Duration::days(1), today + Duration::days(2));
        if let Some(o) = self
            .occurrences(near_days.0, near_days.1)?
            .into_iter()
            .find(|o| o.id == id)
        {
            return Ok(o);
        }
        let from = today - Duration::days(days_back);
        if from >= near_days.0 {
            return Err(Error::not_found(RecordKind::Occurrence));
        }
        self.occurrences(from, near_days.0 - Duration::days(1))?
            .into_iter()
            .find(|o| o.id == id)
            .ok_or(Error::not_found(RecordKind::Occurrence))
    }
}

/// The first local date a change to `current` may take effect from at
/// `now`: the day after the last of its doses already due (those keep their
/// ids and times, so their log entries stay attached), or today when none
/// is. Looks back 400 days: a plan whose last due dose is older than that
/// can change from any date after it.
pub fn earliest_change(
    current: &DosingPlan,
    routines: &RoutineHistory,
    zones: &ZoneHistory,
    now: DateTime<Utc>,
) -> Result<NaiveDate> {
    let today = now.with_timezone(&zones.zone_at(now)).date_naive();
    let to = today + Duration::days(1);
    let from = current.start.map_or(to - Duration::days(399), |s| {
        s.max(to - Duration::days(399))
    });
    if from > to {
        return Ok(today);
    }
    let last_due = expand(std::slice::from_ref(current), routines, zones, from, to)?
        .into_iter()
        .filter(|o| o.utc <= now)
        .map(|o| o.local_date)
        .max();
    Ok(last_due.map_or(today, |d| d + Duration::days(1)))
}
