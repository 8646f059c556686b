//! Care team and consent API of the [`Cadence`] object: the care team, the
//! care plan, consent grants (deny by default, revocable at once, with
//! history), the disclosure audit log ("who saw what"), and the FHIR R4
//! export, which goes through the same policy as share bundles and is
//! recorded in the audit log.

use chrono::{DateTime, NaiveDate, Utc};

use cadence_core::care::{
    AuditEntry, CareMember, CareMemberInput, CarePlan, CarePlanInput, CategoryCount, ConsentGrant,
    ConsentGrantInput,
};

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};

#[uniffi::export]
impl Cadence {
    // ---- care team ----

    /// Adds a member to the care team.
    #[uniffi::method(default(now = None))]
    pub fn add_care_member(
        &self,
        input: CareMemberInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<CareMember, CadenceError> {
        call(|| self.app.add_care_member(&input, now_or_clock(now)))
    }

    /// Edits a member.
    #[uniffi::method(default(now = None))]
    pub fn update_care_member(
        &self,
        member_id: String,
        input: CareMemberInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<CareMember, CadenceError> {
        call(|| {
            self.app
                .update_care_member(&member_id, &input, now_or_clock(now))
        })
    }

    /// Removes a member; their grants still in force are revoked at once.
    #[uniffi::method(default(now = None))]
    pub fn remove_care_member(
        &self,
        member_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<(), CadenceError> {
        call(|| self.app.remove_care_member(&member_id, now_or_clock(now)))
    }

    /// The care team, oldest first.
    pub fn care_members(&self) -> Result<Vec<CareMember>, CadenceError> {
        call(|| self.app.care_members())
    }

    // ---- care plan ----

    /// Sets (replaces) the care plan.
    #[uniffi::method(default(now = None))]
    pub fn set_care_plan(
        &self,
        input: CarePlanInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<CarePlan, CadenceError> {
        call(|| self.app.set_care_plan(&input, now_or_clock(now)))
    }

    /// The care plan, if one was set.
    pub fn care_plan(&self) -> Result<Option<CarePlan>, CadenceError> {
        call(|| self.app.care_plan())
    }

    // ---- consent ----

    /// Grants consent. Nothing is shared without one (deny by default).
    #[uniffi::method(default(now = None))]
    pub fn grant_consent(
        &self,
        input: ConsentGrantInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<ConsentGrant, CadenceError> {
        call(|| self.app.grant_consent(&input, now_or_clock(now)))
    }

    /// Revokes a grant; takes effect at once and stays in the history.
    #[uniffi::method(default(now = None))]
    pub fn revoke_consent(
        &self,
        grant_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<ConsentGrant, CadenceError> {
        call(|| self.app.revoke_consent(&grant_id, now_or_clock(now)))
    }

    /// The grant history (one member's, or everyone's), newest first, with
    /// each grant's status at `now` (expired grants act as revoked).
    #[uniffi::method(default(member_id = None, now = None))]
    pub fn consent_grants(
        &self,
        member_id: Option<String>,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<ConsentGrant>, CadenceError> {
        call(|| {
            self.app
                .consent_grants(member_id.as_deref(), now_or_clock(now))
        })
    }

    /// What a member would see of `from..=to` right now, as record counts
    /// per category (nothing is disclosed or logged).
    #[uniffi::method(default(now = None))]
    pub fn disclosure_preview(
        &self,
        member_id: String,
        from: NaiveDate,
        to: NaiveDate,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<CategoryCount>, CadenceError> {
        call(|| {
            self.app
                .disclosure_preview(&member_id, from, to, now_or_clock(now))
        })
    }

    /// Whether `member_id` holds an active grant that lets them receive
    /// missed-dose alerts at `now` (alert-only, or data with the dose log).
    /// The same rule the reminder plan applies to caregiver alerts.
    #[uniffi::method(default(now = None))]
    pub fn receives_missed_dose_alerts(
        &self,
        member_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<bool, CadenceError> {
        call(|| {
            self.app
                .receives_missed_dose_alerts(&member_id, now_or_clock(now))
        })
    }

    // ---- audit ----

    /// Every disclosure, newest first: who, categories, period, record
    /// counts, when, and the hash of what left the device.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, CadenceError> {
        call(|| self.app.audit_log())
    }

    // ---- FHIR ----

    /// A FHIR R4 Bundle (JSON) of what `member_id` may see of `from..=to`,
    /// built by the consent policy; recorded in the audit log with its
    /// SHA-256. Without an active grant it fails and nothing is logged.
    #[uniffi::method(default(now = None))]
    pub fn fhir_export(
        &self,
        member_id: String,
        from: NaiveDate,
        to: NaiveDate,
        now: Option<DateTime<Utc>>,
    ) -> Result<String, CadenceError> {
        call(|| {
            self.app
                .fhir_export(&member_id, from, to, now_or_clock(now))
        })
    }
}
