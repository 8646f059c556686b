//! The audit log: one entry per disclosure (bundle built, export written,
//! alert sent), readable by the person ("who saw what").

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::consent::ConsentCategory;
use super::team::MemberRole;

/// What was disclosed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DisclosureKind {
    /// An encrypted share bundle.
    ShareBundle,
    /// A FHIR R4 export.
    FhirExport,
    /// A missed-dose alert to a caregiver.
    MissedDoseAlert,
    /// A report handed over (e.g. printed).
    Report,
}

impl DisclosureKind {
    /// Every kind.
    pub const ALL: [DisclosureKind; 4] = [
        DisclosureKind::ShareBundle,
        DisclosureKind::FhirExport,
        DisclosureKind::MissedDoseAlert,
        DisclosureKind::Report,
    ];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            DisclosureKind::ShareBundle => "share_bundle",
            DisclosureKind::FhirExport => "fhir_export",
            DisclosureKind::MissedDoseAlert => "missed_dose_alert",
            DisclosureKind::Report => "report",
        }
    }

    /// Parses a stored code (`None`: not one [`DisclosureKind::code`] gives).
    pub(crate) fn from_stored(code: &str) -> Option<DisclosureKind> {
        DisclosureKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How many records of one category were disclosed.
/// A span of local dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DatePeriod {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// How many records of one category left, and for which days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CategoryCount {
    /// The category.
    pub category: ConsentCategory,
    /// Records disclosed.
    pub count: u32,
    /// The days of this category that left (each category only its own
    /// grants' periods; empty in entries written before they were recorded).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub periods: Vec<DatePeriod>,
}

/// One disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AuditEntry {
    /// Stable id (a UUID).
    pub id: String,
    /// The member it went to (id).
    pub member_id: String,
    /// Their name and role when it happened (kept if the member is removed).
    pub member_name: String,
    /// Their role.
    pub member_role: MemberRole,
    /// What was disclosed.
    pub kind: DisclosureKind,
    /// The grants it relied on (ids).
    pub grant_ids: Vec<String>,
    /// The categories disclosed.
    pub categories: Vec<ConsentCategory>,
    /// First day of data covered (`None`: no dated data, e.g. an alert).
    pub data_from: Option<NaiveDate>,
    /// Last day of data covered.
    pub data_to: Option<NaiveDate>,
    /// Records per category.
    pub record_counts: Vec<CategoryCount>,
    /// Total records.
    pub total_records: u32,
    /// SHA-256 of what left the device (lower-case hex; empty if none).
    pub sha256: String,
    /// When.
    pub disclosed_at: DateTime<Utc>,
}
