//! The care plan: the person's goals, who is responsible for what, what is
//! monitored, the escalation paths and the review date. One per person; it
//! can be shared (category `care_plan`) and appears in reports.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::limits::text;

/// Who does what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Responsibility {
    /// The member responsible (id); `None`: the person themself.
    pub member_id: Option<String>,
    /// What they do, e.g. "adjusts sertraline dose".
    pub task: String,
}

/// Something watched, with its target (e.g. PHQ-9 every 2 weeks, adherence
/// at least 90%).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MonitoringIndicator {
    /// What, e.g. "PHQ-9", "adherence".
    pub name: String,
    /// How often, in days (0: continuously).
    pub every_days: u32,
    /// The target in words, e.g. "at least 90%" or "below 10".
    pub target: String,
    /// A numeric threshold, if any (e.g. 90.0).
    pub threshold: Option<f64>,
}

/// If this happens, contact whom, how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EscalationPath {
    /// The trigger, e.g. "PHQ-9 item 9 above 0".
    pub condition: String,
    /// The member to contact (id); `None`: crisis services.
    pub contact_member_id: Option<String>,
    /// How, e.g. "call the same day".
    pub action: String,
}

/// What the app sends to set the care plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CarePlanInput {
    /// The person's goals, in their words (up to 20).
    pub goals: Vec<String>,
    /// Who is responsible for what (up to 50).
    pub responsibilities: Vec<Responsibility>,
    /// What is monitored (up to 50).
    pub indicators: Vec<MonitoringIndicator>,
    /// Escalation paths (up to 50).
    pub escalation_paths: Vec<EscalationPath>,
    /// When the plan is next reviewed.
    pub review_on: Option<NaiveDate>,
}

/// The stored care plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CarePlan {
    /// The person's goals.
    pub goals: Vec<String>,
    /// Who is responsible for what.
    pub responsibilities: Vec<Responsibility>,
    /// What is monitored.
    pub indicators: Vec<MonitoringIndicator>,
    /// Escalation paths.
    pub escalation_paths: Vec<EscalationPath>,
    /// When it is next reviewed.
    pub review_on: Option<NaiveDate>,
    /// 1 when first set, +1 on every change.
    pub version: u32,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

impl CarePlan {
    /// The member ids the plan refers to.
    pub fn member_ids(&self) -> impl Iterator<Item = &str> {
        self.responsibilities
            .iter()
            .filter_map(|r| r.member_id.as_deref())
            .chain(
                self.escalation_paths
                    .iter()
                    .filter_map(|e| e.contact_member_id.as_deref()),
            )
    }
}

fn count(field: &str, n: usize, max: usize) -> Result<()> {
    if n > max {
        return Err(Error::invalid(field, format!("at most {max} items")));
    }
    Ok(())
}

impl CarePlanInput {
    /// Checks every field (the store checks referenced members exist).
    pub fn validate(&self) -> Result<()> {
        count("care_plan.goals", self.goals.len(), 20)?;
        count(
            "care_plan.responsibilities",
            self.responsibilities.len(),
            50,
        )?;
        count("care_plan.indicators", self.indicators.len(), 50)?;
        count(
            "care_plan.escalation_paths",
            self.escalation_paths.len(),
            50,
        )?;
        for g in &self.goals {
            text("care_plan.goals[]", g, 1, 500)?;
        }
        for r in &self.responsibilities {
            text("care_plan.responsibilities[].task", &r.task, 1, 500)?;
        }
        for i in &self.indicators {
            text("care_plan.indicators[].name", &i.name, 1, 200)?;
            text("care_plan.indicators[].target", &i.target, 0, 200)?;
            if i.threshold.is_some_and(|t| !t.is_finite()) {
                return Err(Error::invalid(
                    "care_plan.indicators[].threshold",
                    "must be a finite number",
                ));
            }
        }
        for e in &self.escalation_paths {
            text(
                "care_plan.escalation_paths[].condition",
                &e.condition,
                1,
                500,
            )?;
            text("care_plan.escalation_paths[].action", &e.action, 1, 500)?;
        }
        Ok(())
    }
}
