//! Use cases: finding things as people name them — a medication by its name
//! or a unique prefix of its name or id, a scheduled dose by medication,
//! date and routine moment, and the routine that applied on a date. The
//! command line names things this way instead of asking for UUIDs. Each
//! loads what it reads in one read and calls [`crate::lookup`].

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::App;
use crate::error::Result;
use crate::limits::LOGGABLE_DAYS_BACK;
use crate::lookup::{pick_medication, pick_named, pick_occurrence};
use crate::model::{Medication, Routine, RoutineEvent};
use crate::schedule::zone::resolve_local;
use crate::schedule::DoseOccurrence;

impl App {
    /// The medication `query` names: its id, its name (ignoring case), or a
    /// unique prefix of either (see [`pick_medication`]).
    pub fn find_medication(&self, query: &str) -> Result<Medication> {
        let meds = self.store.medications(true)?;
        pick_medication(&meds, "medication", query).cloned()
    }

    /// The care-team member `query` names: their id, their name (ignoring
    /// case), or a unique prefix of either.
    pub fn find_care_member(&self, query: &str) -> Result<crate::care::CareMember> {
        let members = self.store.care_members()?;
        pick_named(
            &members,
            |m| &m.id,
            |m| &m.name,
            "member",
            "care-team members",
            query,
        )
        .cloned()
    }

    /// Care-team side: the paired client `query` names: the pairing's id,
    /// its label (ignoring case), or a unique prefix of either.
    pub fn find_share_client(&self, query: &str) -> Result<crate::share::ShareClient> {
        let clients = self.share_clients()?;
        pick_named(
            &clients,
            |c| &c.pairing.id,
            |c| &c.pairing.label,
            "client",
            "paired clients",
            query,
        )
        .cloned()
    }

    /// The scheduled dose of the medication `query` names on `date` (default:
    /// the person's today) at `moment` (see [`pick_occurrence`]).
    pub fn find_occurrence(
        &self,
        query: &str,
        date: Option<NaiveDate>,
        moment: Option<RoutineEvent>,
        now: DateTime<Utc>,
    ) -> Result<DoseOccurrence> {
        let meds = self.store.medications(true)?;
        let med = pick_medication(&meds, "medication", query)?;
        let ctx = self.store.schedule_context()?;
        let today = now.with_timezone(&ctx.zone_at(now)).date_naive();
        let date = date.unwrap_or(today);
        if date < today - Duration::days(LOGGABLE_DAYS_BACK) || date > today + Duration::days(1) {
            return pick_occurrence(Vec::new(), &med.id, date, moment, today);
        }
        pick_occurrence(ctx.occurrences(date, date)?, &med.id, date, moment, today)
    }

    /// The routine that applied on a local `date`: the version in force at
    /// the end of that day in the zone the phone was in then (a change made
    /// during the day shows from that day; today and later: the current
    /// routine).
    pub fn routine_on(&self, date: NaiveDate) -> Result<Routine> {
        let ctx = self.store.schedule_context()?;
        let next = date + Duration::days(1);
        let zone = ctx.zone_at(date.and_time(NaiveTime::MIN).and_utc());
        let (end, _) = resolve_local(zone, next.and_time(NaiveTime::MIN));
        let h = &ctx.routines;
        let j = h.changes.partition_point(|c| c.from < end);
        Ok(if j == 0 {
            h.initial.clone()
        } else {
            h.changes[j - 1].routine.clone()
        })
    }
}
