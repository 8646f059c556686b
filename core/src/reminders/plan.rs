//! [`reminder_plan`]: the next notifications, soonest first — a pure
//! function of the doses with their log state and latest take times, the
//! medications' reminder settings, the routine (quiet hours), snoozes,
//! supply forecasts, check-in prompts, alert recipients, `now` and a limit.
//!
//! Doses whose chain items fire at the same instant with the same stage are
//! one notification ("Bedtime: Sertraline 100 mg, Quetiapine 25 mg"). Ids
//! are UUID v5 of everything a notification shows and when it fires, so a
//! re-plan keeps the ids of unchanged notifications and gives new ids to
//! changed ones. Logged doses are never in the plan.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::alert::caregiver_alerts;
use super::chain::dose_chain;
use super::check_in::check_in_notifications;
pub use super::input::{DoseState, PlanInput, PlannedMedication, SupplyForecast};
use super::model::{
    Notification, NotificationContent, NotificationDose, NotificationKind, ReminderPlan,
};
use super::quiet::QuietHours;
use super::refill::refill_notifications;
use super::text::{dose_text, stable_id};
use crate::error::{Error, Result};
use crate::today::part_of_day;

pub use super::model::BUTTON_SETS;

/// Notifications per plan when the app does not say (iOS keeps 64).
pub const DEFAULT_LIMIT: u32 = 64;
/// The most notifications one plan may hold.
pub const MAX_LIMIT: u32 = 512;

/// Checks a plan limit: 1 to 512.
pub fn check_limit(limit: u32) -> Result<()> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(Error::invalid("limit", "must be between 1 and 512"));
    }
    Ok(())
}

struct Member<'a> {
    dose: &'a DoseState,
    name: &'a str,
    amount_min: Option<f64>,
    critical: bool,
    follow_up: u32,
    held: bool,
}

/// The plan (see the module docs). Errors: `InvalidInput` for a limit of
/// 0 or over 512.
pub fn reminder_plan(input: &PlanInput<'_>) -> Result<ReminderPlan> {
    check_limit(input.limit)?;
    let now = input.now;
    let zone = input.zones.zone_at(now);
    let today = now.with_timezone(&zone).date_naive();
    let last = input.horizon_end.with_timezone(&zone).date_naive();
    let quiet = if input.preferences.quiet_hours {
        QuietHours::new(
            input.routine,
            input.zones,
            today - chrono::Duration::days(3),
            last + chrono::Duration::days(1),
        )
    } else {
        QuietHours::off()
    };

    let mut groups: BTreeMap<(DateTime<Utc>, NotificationKind), Vec<Member<'_>>> = BTreeMap::new();
    for d in input.doses.iter().filter(|d| !d.logged) {
        let Some(med) = input.medications.get(d.occurrence.medication_id.as_str()) else {
            continue;
        };
        if !med.settings.enabled {
            continue;
        }
        for i in dose_chain(
            &d.occurrence,
            d.take_by,
            d.snoozed_until,
            &med.settings,
            &quiet,
            now,
        ) {
            if i.fire >= input.horizon_end {
                continue;
            }
            groups.entry((i.fire, i.kind)).or_default().push(Member {
                dose: d,
                name: &med.name,
                amount_min: med.dose_ranges.get(d.occurrence.plan_id.as_str()).copied(),
                critical: med.settings.critical,
                follow_up: i.follow_up,
                held: i.held,
            });
        }
    }

    let mut notifications: Vec<Notification> = Vec::new();
    for ((fire, kind), members) in groups {
        notifications.push(dose_notification(
            fire,
            kind,
            members,
            input.zones.zone_at(fire),
        ));
        if notifications.len() >= input.limit as usize {
            break;
        }
    }
    notifications.extend(refill_notifications(input, &quiet));
    notifications.extend(check_in_notifications(input, &quiet));
    notifications.sort_by(|a, b| (a.fire_at, a.kind, &a.id).cmp(&(b.fire_at, b.kind, &b.id)));
    let truncated =
        notifications.len() > input.limit as usize || (notifications.len() == input.limit as usize);
    notifications.truncate(input.limit as usize);
    let replan_before = match notifications.last() {
        Some(n) if truncated => Some(n.fire_at.min(input.horizon_end)),
        _ => Some(input.horizon_end),
    };
    Ok(ReminderPlan {
        generated_at: now,
        notifications,
        alerts: caregiver_alerts(input),
        replan_before,
    })
}

fn dose_notification(
    fire: DateTime<Utc>,
    kind: NotificationKind,
    mut members: Vec<Member<'_>>,
    zone: Tz,
) -> Notification {
    members.sort_by(|a, b| {
        (a.dose.occurrence.utc, a.name, &a.dose.occurrence.id).cmp(&(
            b.dose.occurrence.utc,
            b.name,
            &b.dose.occurrence.id,
        ))
    });
    let first = &members[0].dose.occurrence;
    let moment = members
        .iter()
        .find_map(|m| m.dose.occurrence.event)
        .or_else(|| Some(part_of_day(first.local.time())));
    let take_by = members.iter().map(|m| m.dose.take_by).min();
    let mut medication_ids: Vec<String> = Vec::new();
    for m in &members {
        if !medication_ids
            .iter()
            .any(|id| *id == m.dose.occurrence.medication_id)
        {
            medication_ids.push(m.dose.occurrence.medication_id.to_string());
        }
    }
    let content = NotificationContent {
        moment,
        doses: members
            .iter()
            .map(|m| NotificationDose {
                occurrence_id: m.dose.occurrence.id.to_string(),
                medication_id: m.dose.occurrence.medication_id.to_string(),
                medication_name: m.name.to_string(),
                amount: m.dose.occurrence.dose.amount,
                amount_min: m.amount_min.filter(|x| {
                    m.dose.occurrence.step.is_none() && *x < m.dose.occurrence.dose.amount
                }),
                unit: m.dose.occurrence.dose.unit.to_string(),
                scheduled_at: m.dose.occurrence.utc,
                take_by: m.dose.take_by,
            })
            .collect(),
        follow_up: members.iter().map(|m| m.follow_up).max().unwrap_or(0),
        held_for_quiet_hours: members.iter().any(|m| m.held),
        days_left: None,
        runs_out_on: None,
        check_in_id: None,
        instrument: None,
        subject: None,
    };
    let critical = members.iter().any(|m| m.critical);
    let (title, body) = dose_text(kind, &content, zone);
    let actions = if kind == NotificationKind::Missed {
        BUTTON_SETS[1].to_vec()
    } else if take_by.is_some_and(|t| fire < t) {
        BUTTON_SETS[0].to_vec()
    } else {
        BUTTON_SETS[2].to_vec()
    };
    let occurrence_ids: Vec<String> = content
        .doses
        .iter()
        .map(|d| d.occurrence_id.clone())
        .collect();
    let fire_ms = fire.timestamp_millis().to_string();
    let follow = content.follow_up.to_string();
    // The buttons are part of what the OS shows (its category); the take-by
    // time is not (the snooze limit is checked when snoozing).
    let buttons = format!("{actions:?}");
    let mut parts: Vec<&str> = vec![
        "dose",
        kind.code(),
        &fire_ms,
        &follow,
        &buttons,
        &title,
        &body,
        zone.name(),
    ];
    if critical {
        parts.push("critical");
    }
    parts.extend(occurrence_ids.iter().map(String::as_str));
    Notification {
        id: stable_id(&parts),
        kind,
        fire_at: fire,
        local: fire.with_timezone(&zone).fixed_offset(),
        zone,
        occurrence_ids,
        medication_ids,
        critical,
        take_by,
        content,
        title,
        body,
        actions,
    }
}
