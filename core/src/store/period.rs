//! The rows a disclosure reads, loaded in ONE read transaction: every plan
//! version with the routine and zone histories, the medications, the dose
//! log, refills, journal entries, goals, the care plan and team, the
//! profile, the audience's grants and the clock watermark. Rows only: the
//! use-case layer expands the schedule and applies the consent policy.

use chrono::{DateTime, NaiveDate, Utc};

use super::care::{care_members_in, care_plan_in, clock_watermark_in, grants_in, member_in};
use super::dose_log::logs_between_in;
use super::journal::{entries_between_in, goals_in};
use super::medications::medications_in;
use super::plans::history_context_in;
use super::profile::profile_in;
use super::supply::{refills_before_in, RefillRow};
use super::Store;
use crate::error::Result;
use crate::model::ScheduleContext;
use crate::model::{CareMember, CarePlan, ConsentGrant};
use crate::model::{DoseLogEntry, Medication, Profile};
use crate::model::{Goal, JournalEntry};

/// What to load: local dates for the journal, instants for the dose log and
/// refills, and whose grants.
#[derive(Debug, Clone)]
pub struct PeriodQuery {
    /// First local date of journal entries.
    pub from: NaiveDate,
    /// Last local date of journal entries.
    pub to: NaiveDate,
    /// Dose-log entries whose dose time is at or after this instant.
    pub logs_from: DateTime<Utc>,
    /// ... and before this one; refills before it too.
    pub logs_to: DateTime<Utc>,
    /// The member whose grants to load (`None`: the client's own view).
    pub member_id: Option<String>,
    /// The instant grant statuses are computed at.
    pub now: DateTime<Utc>,
}

/// The rows of one period, read in one transaction.
#[derive(Debug, Clone)]
pub struct PeriodRows {
    /// Every plan version of non-deleted medications, routines and zones.
    pub context: ScheduleContext,
    /// Medications (stopped ones too; deleted ones never).
    pub medications: Vec<Medication>,
    /// Dose-log entries in the window (any medication, any status).
    pub logs: Vec<DoseLogEntry>,
    /// Refills before the end of the window.
    pub refills: Vec<RefillRow>,
    /// Journal entries of the window, oldest first.
    pub journal: Vec<JournalEntry>,
    /// Goals, archived ones included.
    pub goals: Vec<Goal>,
    /// The care plan.
    pub care_plan: Option<CarePlan>,
    /// The care team.
    pub care_team: Vec<CareMember>,
    /// The profile.
    pub profile: Option<Profile>,
    /// The member asked about, with their grants.
    pub member: Option<(CareMember, Vec<ConsentGrant>)>,
    /// The newest disclosure or revocation instant on file.
    pub clock_watermark: Option<DateTime<Utc>>,
}

impl Store {
    /// Loads the rows of a period in one read transaction.
    pub fn load_period(&self, q: &PeriodQuery) -> Result<PeriodRows> {
        self.read(|tx| {
            let member = match &q.member_id {
                Some(id) => {
                    let m = member_in(tx, id)?;
                    let grants = grants_in(tx, Some(&m.id), q.now)?;
                    Some((m, grants))
                }
                None => None,
            };
            Ok(PeriodRows {
                context: history_context_in(tx)?,
                medications: medications_in(tx, true)?,
                logs: logs_between_in(tx, q.logs_from, q.logs_to)?,
                refills: refills_before_in(tx, q.logs_to)?,
                journal: entries_between_in(tx, q.from, q.to)?,
                goals: goals_in(tx, true)?,
                care_plan: care_plan_in(tx)?,
                care_team: care_members_in(tx)?,
                profile: profile_in(tx)?,
                member,
                clock_watermark: clock_watermark_in(tx)?,
            })
        })
    }
}
