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
//! - [`policy`]: the ONE function that decides what leaves the device for a
//!   member ([`policy::disclosure`]); bundles and exports are built from its
//!   [`Disclosure`] and nothing else reads data for sharing.
//! - [`audit`]: the log of every disclosure, readable by the person.
//! - [`fhir`]: the FHIR R4 export of a [`Disclosure`].

pub mod audit;
pub mod consent;
pub mod fhir;
pub mod plan;
pub mod policy;
pub mod team;
pub mod update;

pub use audit::{AuditEntry, CategoryCount, DisclosureKind};
pub use consent::{ConsentCategory, ConsentGrant, ConsentGrantInput, GrantKind, GrantStatus};
pub use plan::{CarePlan, CarePlanInput, EscalationPath, MonitoringIndicator, Responsibility};
pub use policy::{disclosure, record_disclosure, DisclosedMedication, Disclosure, GrantScope};
pub use team::{CareMember, CareMemberInput, ContactChannel, MemberRole};
pub use update::{clinician_update, ClinicianUpdate};
