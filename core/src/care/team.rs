//! The care team: the people the person may share with.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::limits::text;

/// What a member does for the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MemberRole {
    /// A therapist or counsellor.
    Therapist,
    /// The clinician who prescribes.
    Prescriber,
    /// A pharmacist.
    Pharmacist,
    /// A family member or caregiver.
    Caregiver,
    /// Anyone else.
    Other,
}

impl MemberRole {
    /// Every role.
    pub const ALL: [MemberRole; 5] = [
        MemberRole::Therapist,
        MemberRole::Prescriber,
        MemberRole::Pharmacist,
        MemberRole::Caregiver,
        MemberRole::Other,
    ];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            MemberRole::Therapist => "therapist",
            MemberRole::Prescriber => "prescriber",
            MemberRole::Pharmacist => "pharmacist",
            MemberRole::Caregiver => "caregiver",
            MemberRole::Other => "other",
        }
    }

    /// Parses a code (`family` is accepted for caregiver).
    pub fn from_code(field: &str, code: &str) -> Result<MemberRole> {
        let c = code.trim().to_ascii_lowercase();
        if c == "family" {
            return Ok(MemberRole::Caregiver);
        }
        MemberRole::ALL
            .into_iter()
            .find(|r| r.code() == c)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    "expected therapist, prescriber, pharmacist, caregiver or other",
                )
            })
    }
}

/// How a member prefers to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ContactChannel {
    /// Phone call.
    Phone,
    /// Text message.
    Sms,
    /// E-mail.
    Email,
    /// A patient portal or secure messaging.
    Portal,
    /// In person, at appointments.
    InPerson,
    /// Not stated.
    Unspecified,
}

impl ContactChannel {
    /// Every channel.
    pub const ALL: [ContactChannel; 6] = [
        ContactChannel::Phone,
        ContactChannel::Sms,
        ContactChannel::Email,
        ContactChannel::Portal,
        ContactChannel::InPerson,
        ContactChannel::Unspecified,
    ];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            ContactChannel::Phone => "phone",
            ContactChannel::Sms => "sms",
            ContactChannel::Email => "email",
            ContactChannel::Portal => "portal",
            ContactChannel::InPerson => "in_person",
            ContactChannel::Unspecified => "unspecified",
        }
    }

    /// Parses a code.
    pub fn from_code(field: &str, code: &str) -> Result<ContactChannel> {
        let c = code.trim().to_ascii_lowercase().replace('-', "_");
        ContactChannel::ALL
            .into_iter()
            .find(|r| r.code() == c)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    "expected phone, sms, email, portal, in_person or unspecified",
                )
            })
    }
}

/// What the app sends to add or edit a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CareMemberInput {
    /// Their name, 1 to 200 characters.
    pub name: String,
    /// Their role.
    pub role: MemberRole,
    /// How they prefer to be reached.
    pub channel: ContactChannel,
    /// Phone number, address, ... (up to 200 characters).
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub contact: String,
    /// Decision-making roles (e.g. "adjusts doses", "health care proxy"),
    /// up to 2,000 characters.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub notes: String,
}

impl CareMemberInput {
    /// Checks every field; returns the input trimmed.
    pub fn normalised(&self) -> Result<CareMemberInput> {
        let name = self.name.trim().to_string();
        text("care_member.name", &name, 1, 200)?;
        let contact = self.contact.trim().to_string();
        text("care_member.contact", &contact, 0, 200)?;
        text("care_member.notes", &self.notes, 0, 2000)?;
        Ok(CareMemberInput {
            name,
            contact,
            ..self.clone()
        })
    }
}

/// A stored member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CareMember {
    /// Stable id (a UUID).
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: MemberRole,
    /// How they prefer to be reached.
    pub channel: ContactChannel,
    /// Contact detail.
    pub contact: String,
    /// Decision-making roles.
    pub notes: String,
    /// When added.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When last edited.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}
