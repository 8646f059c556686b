//! The person's profile: a display name of their choosing and the time zones
//! their schedules are read in.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::limits;

/// What the app sends to set the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ProfileInput {
    /// How the app greets the person (a first name or a nickname; may be empty).
    pub display_name: String,
    /// Home zone: medications pinned to home keep their absolute times in it.
    pub home_zone: Tz,
    /// The zone the phone is in now.
    pub current_zone: Tz,
}

impl ProfileInput {
    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        limits::text(
            "profile.display_name",
            &self.display_name,
            0,
            limits::MAX_NAME_CHARS,
        )
    }
}

/// The stored profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Profile {
    /// How the app greets the person.
    pub display_name: String,
    /// Home zone.
    pub home_zone: Tz,
    /// The zone the phone is in now.
    pub current_zone: Tz,
    /// When the profile was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}
