//! Whom an escalation points to: the care-team contacts and the crisis
//! resources the app configured for the person's country. The core ships no
//! phone numbers of its own.

use serde::{Deserialize, Serialize};

use super::limits::{MAX_CONTACTS, MAX_CONTACT_FIELD_CHARS};
use crate::error::{Error, Result};
use crate::limits::{text, MAX_NAME_CHARS};

/// A care-team member's role, for picking whom to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CareRole {
    /// Prescriber (psychiatrist, GP, nurse prescriber).
    Prescriber,
    /// Therapist.
    Therapist,
    /// Care coordinator or practice team.
    CareCoordinator,
    /// Anyone else the person wants reached.
    Other,
}

impl CareRole {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            CareRole::Prescriber => "prescriber",
            CareRole::Therapist => "therapist",
            CareRole::CareCoordinator => "care_coordinator",
            CareRole::Other => "other",
        }
    }

    /// Parses a code produced by [`CareRole::code`] (also with `-`).
    pub fn from_code(field: &str, code: &str) -> Result<CareRole> {
        match code.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "prescriber" => Ok(CareRole::Prescriber),
            "therapist" => Ok(CareRole::Therapist),
            "care_coordinator" => Ok(CareRole::CareCoordinator),
            "other" => Ok(CareRole::Other),
            _ => Err(Error::invalid(
                field,
                "expected prescriber, therapist, care_coordinator or other",
            )),
        }
    }
}

/// A care-team contact configured by the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CareContact {
    /// Their role.
    pub role: CareRole,
    /// Name as the person knows them ("Dr Rivera"), 1 to 200 characters.
    pub name: String,
    /// Phone number as dialled, up to 200 characters.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub phone: String,
    /// E-mail, up to 200 characters.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub email: String,
    /// When they can be reached ("Mon-Fri 9:00-17:00"), up to 200 characters.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub availability: String,
}

/// A crisis resource configured by the app for the person's country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CrisisResource {
    /// Name ("988 Suicide & Crisis Lifeline"), 1 to 200 characters.
    pub name: String,
    /// Phone number to call.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub phone: String,
    /// Number to text.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub text_number: String,
    /// Web address (chat).
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub url: String,
    /// When it is open ("24/7").
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub availability: String,
}

/// Everyone an escalation can point to, as the app configured it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EscalationContacts {
    /// The care team, up to 20.
    pub care_team: Vec<CareContact>,
    /// Crisis lines and services, up to 20.
    pub crisis_resources: Vec<CrisisResource>,
}

impl EscalationContacts {
    /// Checks every contact: a name, and at least one way to reach them.
    pub fn validate(&self) -> Result<()> {
        if self.care_team.len() > MAX_CONTACTS || self.crisis_resources.len() > MAX_CONTACTS {
            return Err(Error::invalid(
                "escalation_contacts",
                format!("at most {MAX_CONTACTS} contacts and {MAX_CONTACTS} crisis resources"),
            ));
        }
        for (i, c) in self.care_team.iter().enumerate() {
            let f = |name: &str| format!("escalation_contacts.care_team[{i}].{name}");
            text(&f("name"), &c.name, 1, MAX_NAME_CHARS)?;
            for (name, value) in [
                ("phone", &c.phone),
                ("email", &c.email),
                ("availability", &c.availability),
            ] {
                text(&f(name), value, 0, MAX_CONTACT_FIELD_CHARS)?;
            }
            if c.phone.trim().is_empty() && c.email.trim().is_empty() {
                return Err(Error::invalid(
                    f("phone"),
                    "give a phone number or an e-mail",
                ));
            }
        }
        for (i, r) in self.crisis_resources.iter().enumerate() {
            let f = |name: &str| format!("escalation_contacts.crisis_resources[{i}].{name}");
            text(&f("name"), &r.name, 1, MAX_NAME_CHARS)?;
            for (name, value) in [
                ("phone", &r.phone),
                ("text_number", &r.text_number),
                ("url", &r.url),
                ("availability", &r.availability),
            ] {
                text(&f(name), value, 0, MAX_CONTACT_FIELD_CHARS)?;
            }
            if [&r.phone, &r.text_number, &r.url]
                .iter()
                .all(|v| v.trim().is_empty())
            {
                return Err(Error::invalid(
                    f("phone"),
                    "give a phone number, a text number or a web address",
                ));
            }
        }
        Ok(())
    }
}
