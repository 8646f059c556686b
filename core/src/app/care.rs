//! Use cases: care.

use chrono::{DateTime, Utc};

use super::App;
use crate::care::{
    AuditEntry, CareMember, CareMemberInput, CarePlan, CarePlanInput, ConsentGrant,
    ConsentGrantInput,
};
use crate::error::Result;

impl App {
    /// Adds a member to the care team.
    pub fn add_care_member(
        &self,
        input: &CareMemberInput,
        now: DateTime<Utc>,
    ) -> Result<CareMember> {
        self.store.add_care_member(input, now)
    }

    /// Edits a member.
    pub fn update_care_member(
        &self,
        id: &str,
        input: &CareMemberInput,
        now: DateTime<Utc>,
    ) -> Result<CareMember> {
        self.store.update_care_member(id, input, now)
    }

    /// Removes a member; every grant of theirs still in force is revoked at
    /// `now` in the same transaction (the history and audit log stay).
    pub fn remove_care_member(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        self.store.remove_care_member(id, now)
    }

    /// One member.
    pub fn care_member(&self, id: &str) -> Result<CareMember> {
        self.store.care_member(id)
    }

    /// The care team, oldest first.
    pub fn care_members(&self) -> Result<Vec<CareMember>> {
        self.store.care_members()
    }

    /// Sets (replaces) the care plan. Members it names must exist.
    pub fn set_care_plan(&self, input: &CarePlanInput, now: DateTime<Utc>) -> Result<CarePlan> {
        self.store.set_care_plan(input, now)
    }

    /// The care plan, if one was set.
    pub fn care_plan(&self) -> Result<Option<CarePlan>> {
        self.store.care_plan()
    }

    /// Grants consent to a member (who must exist).
    pub fn grant_consent(
        &self,
        input: &ConsentGrantInput,
        now: DateTime<Utc>,
    ) -> Result<ConsentGrant> {
        self.store.grant_consent(input, now)
    }

    /// Revokes a grant at once (kept in the history). Revoking a grant that
    /// is already revoked keeps its first revocation time.
    pub fn revoke_consent(&self, grant_id: &str, now: DateTime<Utc>) -> Result<ConsentGrant> {
        self.store.revoke_consent(grant_id, now)
    }

    /// The grant history (all grants, or one member's), newest first, each
    /// with its status at `now`.
    pub fn consent_grants(
        &self,
        member_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<ConsentGrant>> {
        self.store.consent_grants(member_id, now)
    }

    /// The audit log ("who saw what"), newest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        self.store.audit_log()
    }
}
