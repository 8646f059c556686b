//! Care team, care plan, consent and the disclosure policy.
//!
//! The person decides who sees what. Everything here is plain data and pure
//! logic; `store::care` saves it.
//!
//! - [`team`]: the members of the care team (therapist, prescriber, ...).
//! - [`plan`]: the care plan (goals, responsibilities, monitoring indicators,
//!   escalation paths, review date).
//! - [`consent`]: consent grants: deny by default, revocable in one call,
//!   expired grants act as revoked.
//! - [`snapshot`]: what a period holds, loaded once by the use-case layer.
//! - [`policy`]: the ONE function that decides what leaves the device
//!   ([`policy::disclose`]), pure: snapshot, viewer, period, `now`.
//! - [`disclosure`]: its result, the [`Disclosure`]; bundles, exports,
//!   updates and reports are rendered from it and from nothing else.
//! - [`audit`]: the log of every disclosure, readable by the person.
//! - [`fhir`]: the FHIR R4 export of a [`Disclosure`].

pub mod audit;
pub mod consent;
pub mod disclosure;
pub mod fhir;
pub mod plan;
pub mod policy;
pub mod snapshot;
pub mod team;
pub mod update;

pub use audit::{AuditEntry, CategoryCount, DatePeriod, DisclosureKind};
pub use consent::{ConsentCategory, ConsentGrant, ConsentGrantInput, GrantKind, GrantStatus};
pub use disclosure::{Audience, DisclosedMedication, Disclosure, GrantScope, PreviousWindow};
pub use plan::{CarePlan, CarePlanInput, EscalationPath, MonitoringIndicator, Responsibility};
pub use policy::{audit_entry, disclose};
pub use snapshot::{DatedLog, Snapshot, Viewer};
pub use team::{CareMember, CareMemberInput, ContactChannel, MemberRole};
pub use update::{
    clinician_update, safety_signals, ClinicianUpdate, SafetySignal, SafetySignalKind,
};
