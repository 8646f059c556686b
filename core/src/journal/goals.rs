//! Goals and values: what matters to the person (work, relationships, sleep,
//! ...), rated at check-ins. Entries can link to goals, so reports can show
//! medication in service of the person's own aims.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::limits::{MAX_GOAL_TITLE_CHARS, MAX_GOAL_WHY_CHARS};
use crate::error::{Error, Result};
use crate::limits::text;

/// The area of life a goal belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum LifeArea {
    /// Work or career.
    Work,
    /// Study and learning.
    Study,
    /// Partner and close relationships.
    Relationships,
    /// Family and parenting.
    Family,
    /// Friends and social life.
    Friendships,
    /// Physical health.
    Health,
    /// Sleep.
    Sleep,
    /// Leisure, play, hobbies, creativity.
    Leisure,
    /// Community and citizenship.
    Community,
    /// Spirituality, meaning.
    Spirituality,
    /// Looking after oneself day to day.
    SelfCare,
    /// Anything else.
    Other,
}

impl LifeArea {
    /// Every area.
    pub const ALL: [LifeArea; 12] = [
        LifeArea::Work,
        LifeArea::Study,
        LifeArea::Relationships,
        LifeArea::Family,
        LifeArea::Friendships,
        LifeArea::Health,
        LifeArea::Sleep,
        LifeArea::Leisure,
        LifeArea::Community,
        LifeArea::Spirituality,
        LifeArea::SelfCare,
        LifeArea::Other,
    ];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            LifeArea::Work => "work",
            LifeArea::Study => "study",
            LifeArea::Relationships => "relationships",
            LifeArea::Family => "family",
            LifeArea::Friendships => "friendships",
            LifeArea::Health => "health",
            LifeArea::Sleep => "sleep",
            LifeArea::Leisure => "leisure",
            LifeArea::Community => "community",
            LifeArea::Spirituality => "spirituality",
            LifeArea::SelfCare => "self_care",
            LifeArea::Other => "other",
        }
    }

    /// Parses a code produced by [`LifeArea::code`] (also with `-`).
    pub fn from_code(field: &str, code: &str) -> Result<LifeArea> {
        let code = code.trim().to_ascii_lowercase().replace('-', "_");
        LifeArea::ALL
            .into_iter()
            .find(|a| a.code() == code)
            .ok_or_else(|| Error::invalid(field, "unknown life area"))
    }
}

/// What the app sends to add or edit a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GoalInput {
    /// The area of life.
    pub area: LifeArea,
    /// The goal in the person's words ("Back at work three days a week"),
    /// 1 to 200 characters.
    pub title: String,
    /// Why it matters to them, up to 2000 characters.
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub why: String,
}

impl GoalInput {
    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        text("goal.title", &self.title, 1, MAX_GOAL_TITLE_CHARS)?;
        text("goal.why", &self.why, 0, MAX_GOAL_WHY_CHARS)?;
        Ok(())
    }
}

/// A stored goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Goal {
    /// Stable id (a UUID).
    pub id: String,
    /// The area of life.
    pub area: LifeArea,
    /// The goal in the person's words.
    pub title: String,
    /// Why it matters.
    pub why: String,
    /// Whether the person is still working on it (archived goals keep their
    /// check-ins for reports).
    pub active: bool,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// Progress is rated from 0 (no progress) to this (fully where I want to be).
pub const PROGRESS_MAX: u32 = 10;

/// A progress rating at a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GoalCheckIn {
    /// The goal (id).
    pub goal_id: String,
    /// 0 (no progress) to 10 (fully where I want to be).
    pub rating: u32,
}

impl GoalCheckIn {
    /// Checks the rating and the id's form (the store checks it exists).
    pub fn validate(&self) -> Result<()> {
        super::canonical_id("journal.goal_check_in.goal_id", &self.goal_id)?;
        super::limits::in_range(
            "journal.goal_check_in.rating",
            Some(self.rating),
            0,
            PROGRESS_MAX,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_need_a_title_and_ratings_stay_on_the_scale() {
        let g = GoalInput {
            area: LifeArea::Work,
            title: "Back at work three days a week".into(),
            why: String::new(),
        };
        assert!(g.validate().is_ok());
        let e = GoalInput {
            title: " ".into(),
            ..g
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().contains("goal.title"));
        let c = GoalCheckIn {
            goal_id: "6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10".into(),
            rating: 10,
        };
        assert!(c.validate().is_ok());
        let e = GoalCheckIn {
            rating: 11,
            ..c.clone()
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().contains("journal.goal_check_in.rating"));
        let e = GoalCheckIn {
            goal_id: "work".into(),
            ..c
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().contains("goal_id"));
        for a in LifeArea::ALL {
            assert_eq!(LifeArea::from_code("x", a.code()).unwrap(), a);
        }
    }
}
