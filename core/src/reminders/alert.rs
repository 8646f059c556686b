//! The caregiver alert hook: when a dose stays unlogged `delay` minutes
//! past its time and someone is set to be alerted for its medication, the
//! plan carries an alert for the app to send at that time.
//!
//! **Hand-over point.** Recipients are input data (the store's
//! `reminder_alert_recipient` table). When the consent issue lands, the
//! store loads them from the care team members holding alert-only consent
//! instead; this engine does not change.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::input::{DoseState, PlanInput};
use super::model::CaregiverAlert;
use super::text::{alert_text, stable_id};

/// Alerts whose time passed longer ago than this are not sent any more.
pub const ALERT_STALE_HOURS: i64 = 6;

/// The alerts of the plan, by send time.
pub fn caregiver_alerts(input: &PlanInput<'_>) -> Vec<CaregiverAlert> {
    let stale = input.now - Duration::hours(ALERT_STALE_HOURS);
    let mut groups: BTreeMap<(DateTime<Utc>, &str), Vec<&DoseState>> = BTreeMap::new();
    for d in input.doses.iter().filter(|d| !d.logged) {
        if !input
            .medications
            .contains_key(d.occurrence.medication_id.as_str())
        {
            continue;
        }
        for r in input
            .recipients
            .iter()
            .filter(|r| r.watches(&d.occurrence.medication_id))
        {
            let send_at = d.occurrence.utc + Duration::minutes(i64::from(r.delay_minutes));
            if send_at >= stale && send_at < input.horizon_end {
                groups.entry((send_at, r.id.as_str())).or_default().push(d);
            }
        }
    }
    let mut out = Vec::new();
    for ((send_at, recipient), mut doses) in groups {
        doses.sort_by(|a, b| {
            (a.occurrence.utc, &a.occurrence.id).cmp(&(b.occurrence.utc, &b.occurrence.id))
        });
        let occurrence_ids: Vec<String> =
            doses.iter().map(|d| d.occurrence.id.to_string()).collect();
        let send_ms = send_at.timestamp_millis().to_string();
        let mut parts = vec!["alert", recipient, &send_ms];
        parts.extend(occurrence_ids.iter().map(String::as_str));
        let id = stable_id(&parts);
        if input.alerts_sent.contains(&id) {
            continue;
        }
        let mut medication_ids: Vec<String> = Vec::new();
        for d in &doses {
            if !medication_ids
                .iter()
                .any(|m| *m == d.occurrence.medication_id)
            {
                medication_ids.push(d.occurrence.medication_id.to_string());
            }
        }
        let scheduled_at = doses[0].occurrence.utc;
        out.push(CaregiverAlert {
            id,
            recipient_id: recipient.to_string(),
            message: alert_text(scheduled_at, input.zones.zone_at(scheduled_at), doses.len()),
            occurrence_ids,
            medication_ids,
            scheduled_at,
            send_at,
        });
    }
    out
}
