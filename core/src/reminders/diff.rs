//! Reconciling a new plan with what the app has scheduled: which ids to
//! cancel, which notifications to add, which to leave. Ids are derived
//! from content and time, so "unchanged" really means unchanged. A
//! scheduled notification whose time has just passed, with its doses still
//! unlogged, is left to the OS ("arriving"): Android may deliver an alarm
//! minutes late (Doze), and a reconcile at that moment must not cancel it.

use std::collections::HashSet;

use super::model::{ReminderDiff, ReminderPlan};
use crate::error::{Error, Result};

/// How long after its fire time a scheduled notification whose doses are
/// still unlogged is left to the OS rather than cancelled. Android defers
/// even exact "allow while idle" alarms in Doze (at most one per app about
/// every nine minutes), so 15 minutes covers it with a margin.
pub const LATE_DELIVERY_GRACE_MINUTES: i64 = 15;

/// Most ids the app may report as scheduled (above the plan maximum, so
/// an app that fell behind can still reconcile).
pub const MAX_SCHEDULED_IDS: usize = 2048;

/// The difference between `plan` and the ids the app has scheduled.
/// `arriving`: scheduled ids not in the plan that are left to the OS (their
/// time passed within the grace, doses unlogged); they are neither
/// cancelled nor added. Errors: `InvalidInput` for more than 2048 ids.
pub fn diff(
    plan: ReminderPlan,
    scheduled_ids: &[String],
    arriving: &HashSet<String>,
) -> Result<ReminderDiff> {
    if scheduled_ids.len() > MAX_SCHEDULED_IDS {
        return Err(Error::invalid("scheduled_ids", "at most 2048 ids"));
    }
    let scheduled: HashSet<&str> = scheduled_ids.iter().map(String::as_str).collect();
    let planned: HashSet<&str> = plan.notifications.iter().map(|n| n.id.as_str()).collect();
    let mut seen = HashSet::new();
    let (left, to_cancel): (Vec<String>, Vec<String>) = scheduled_ids
        .iter()
        .filter(|id| !planned.contains(id.as_str()) && seen.insert(id.as_str()))
        .cloned()
        .partition(|id| arriving.contains(id));
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
        arriving: left,
        alerts: plan.alerts,
        replan_before: plan.replan_before,
    })
}
