//! Finding things as people name them: a medication by name or a unique
//! prefix of its name or id, a scheduled dose by medication, date and
//! routine moment, the routine that applied on a date.

use chrono::{DateTime, NaiveDate, Utc};

use cadence_core::care::CareMember;
use cadence_core::model::{Medication, Routine, RoutineEvent};
use cadence_core::schedule::DoseOccurrence;
use cadence_core::share::ShareClient;

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};

#[uniffi::export]
impl Cadence {
    /// The medication `query` names: its id, its name (ignoring case; an
    /// active one before a stopped one of the same name), or a unique prefix
    /// of its name or of its id (4 characters or more). No match, or more
    /// than one, is `InvalidInput` on `medication` saying which (never
    /// repeating a name).
    pub fn find_medication(&self, query: String) -> Result<Medication, CadenceError> {
        call(|| self.app.find_medication(&query))
    }

    /// The scheduled dose of the medication `query` names on `date` (default:
    /// the person's today) at the routine `moment` Today groups it under
    /// (needed only when the medication has more than one dose that day).
    /// A date outside the days a dose can be logged (35 back, 1 ahead) is
    /// `InvalidInput` on `date` saying so.
    #[uniffi::method(default(date = None, moment = None, now = None))]
    pub fn find_occurrence(
        &self,
        query: String,
        date: Option<NaiveDate>,
        moment: Option<RoutineEvent>,
        now: Option<DateTime<Utc>>,
    ) -> Result<DoseOccurrence, CadenceError> {
        call(|| {
            self.app
                .find_occurrence(&query, date, moment, now_or_clock(now))
        })
    }

    /// The care-team member `query` names: their id, their name (ignoring
    /// case), or a unique prefix of either (`InvalidInput` on `member`
    /// otherwise).
    pub fn find_care_member(&self, query: String) -> Result<CareMember, CadenceError> {
        call(|| self.app.find_care_member(&query))
    }

    /// Care-team side: the paired client `query` names: the pairing's id,
    /// its label (ignoring case), or a unique prefix of either
    /// (`InvalidInput` on `client` otherwise).
    pub fn find_share_client(&self, query: String) -> Result<ShareClient, CadenceError> {
        call(|| self.app.find_share_client(&query))
    }

    /// The routine that applied on a local `date` (the version in force at
    /// the end of that day; the current routine for today and later).
    pub fn routine_on(&self, date: NaiveDate) -> Result<Routine, CadenceError> {
        call(|| self.app.routine_on(date))
    }
}
