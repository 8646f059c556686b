//! What a period holds, as plain data: the input of the consent policy.
//! The use-case layer loads it in one read transaction and expands the
//! schedule; the policy ([`super::policy::disclose`]) decides what of it an
//! audience may see. Deleted medications are never in a snapshot.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::consent::ConsentGrant;
use super::plan::CarePlan;
use super::team::CareMember;
use crate::analytics::Refill;
use crate::journal::{Goal, JournalEntry};
use crate::model::{DoseLogEntry, Medication};
use crate::schedule::{DoseOccurrence, DosingPlan};

/// A dose-log entry with the local date it belongs to (its occurrence's
/// date, or the date in the zone the phone was in when it was taken).
#[derive(Debug, Clone, PartialEq)]
pub struct DatedLog {
    /// The entry.
    pub entry: DoseLogEntry,
    /// Its local date.
    pub date: NaiveDate,
}

/// Everything of local dates `from..=to` a disclosure may draw from.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// First local date loaded (the previous window's first day).
    pub from: NaiveDate,
    /// Last local date loaded.
    pub to: NaiveDate,
    /// The client's zone now.
    pub zone: Tz,
    /// The client's display name (for their own report).
    pub client_name: String,
    /// Medications, stopped ones included, deleted ones never.
    pub medications: Vec<Medication>,
    /// Every plan version of those medications.
    pub plans: Vec<DosingPlan>,
    /// Doses due over `from..=to`.
    pub occurrences: Vec<DoseOccurrence>,
    /// Dose-log entries around the period with their local dates.
    pub logs: Vec<DatedLog>,
    /// Refills up to the end of the period.
    pub refills: Vec<Refill>,
    /// Journal entries of the period, oldest first (private notes included:
    /// the policy drops them).
    pub journal: Vec<JournalEntry>,
    /// Goals.
    pub goals: Vec<Goal>,
    /// The care plan.
    pub care_plan: Option<CarePlan>,
    /// The care team.
    pub care_team: Vec<CareMember>,
    /// The newest disclosure or revocation on record: a disclosure decided
    /// before it means the clock was set back, and is refused.
    pub clock_watermark: Option<DateTime<Utc>>,
}

/// Who is asking, with what consent.
#[derive(Debug, Clone, PartialEq)]
pub enum Viewer {
    /// A care-team member and every grant of theirs (any status).
    Member {
        /// The member.
        member: CareMember,
        /// Their grants.
        grants: Vec<ConsentGrant>,
    },
    /// The client themself, for their own report.
    Client,
}
