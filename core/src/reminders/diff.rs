//! Reconciling a new plan with what the app has scheduled: which ids to
//! cancel, which notifications to add, which to leave. Ids are derived
//! from content and time, so "unchanged" really means unchanged.

use std::collections::HashSet;

use super::model::{ReminderDiff, ReminderPlan};
use crate::error::{Error, Result};

/// Most ids the app may report as scheduled (above the plan maximum, so
/// an app that fell behind can still reconcile).
pub const MAX_SCHEDULED_IDS: usize = 2048;

/// The difference between `plan` and the ids the app has scheduled.
/// Errors: `InvalidInput` for more than 2048 ids.
pub fn diff(plan: ReminderPlan, scheduled_ids: &[String]) -> Result<ReminderDiff> {
    if scheduled_ids.len() > MAX_SCHEDULED_IDS {
        return Err(Error::invalid("scheduled_ids", "at most 2048 ids"));
    }
    let scheduled: HashSet<&str> = scheduled_ids.iter().map(String::as_str).collect();
    let planned: HashSet<&str> = plan.notifications.iter().map(|n| n.id.as_str()).collect();
    let mut seen = HashSet::new();
    let to_cancel = scheduled_ids
        .iter()
        .filter(|id| !planned.contains(id.as_str()) && seen.insert(id.as_str()))
        .cloned()
        .collect();
    let mut unchanged = Vec::new();
    let mut to_add = Vec::new();
    for n in plan.notifications {
        if scheduled.contains(n.id.as_str()) {
            unchanged.push(n.id);
        } else {
            to_add.push(n);
        }
    }
    Ok(ReminderDiff {
        to_cancel,
        to_add,
        unchanged,
        alerts: plan.alerts,
        replan_before: plan.replan_before,
    })
}
