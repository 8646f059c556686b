//! Refill reminders: one per medication whose supply covers fewer days
//! than the person's threshold, at the next morning of their routine (held
//! by quiet hours like any non-critical reminder).

use chrono::{DateTime, Duration, Utc};

use super::input::PlanInput;
use super::model::{Notification, NotificationContent, NotificationKind};
use super::quiet::QuietHours;
use super::text::{refill_text, stable_id};
use crate::model::RoutineEvent;
use crate::schedule::zone::resolve_local;

/// The next routine "morning" after `now` on the phone's wall clock.
fn next_morning(input: &PlanInput<'_>) -> DateTime<Utc> {
    let today = input
        .now
        .with_timezone(&input.zones.zone_at(input.now))
        .date_naive();
    (0..3)
        .map(|i| {
            let d = today + Duration::days(i);
            resolve_local(
                input.zones.zone_at(input.now),
                d.and_time(input.routine.time_of(RoutineEvent::Morning, d)),
            )
            .0
        })
        .find(|t| *t > input.now)
        .unwrap_or(input.now + Duration::days(1))
}

/// The refill notifications of the plan.
pub fn refill_notifications(input: &PlanInput<'_>, quiet: &QuietHours) -> Vec<Notification> {
    let threshold = input.preferences.refill_threshold_days;
    let mut out = Vec::new();
    let mut fire = None;
    for s in input.supplies {
        let Some(days_left) = s.days_left.filter(|d| *d < threshold) else {
            continue;
        };
        let Some(med) = input.medications.get(&s.medication_id) else {
            continue;
        };
        if !med.settings.enabled {
            continue;
        }
        let at = *fire.get_or_insert_with(|| quiet.hold(next_morning(input)));
        if at >= input.horizon_end {
            continue;
        }
        let today = input
            .now
            .with_timezone(&input.zones.zone_at(input.now))
            .date_naive();
        let fire_day = at
            .with_timezone(&input.zones.zone_at(input.now))
            .date_naive();
        let days_left = days_left.saturating_sub((fire_day - today).num_days().max(0) as u32);
        let (title, body) = refill_text(&med.name, days_left, s.runs_out_on);
        let fire_ms = at.timestamp_millis().to_string();
        let id = stable_id(&[
            "refill",
            &s.medication_id,
            &fire_ms,
            &title,
            &body,
            input.zones.zone_at(input.now).name(),
        ]);
        out.push(Notification {
            id,
            kind: NotificationKind::Refill,
            fire_at: at,
            local: at
                .with_timezone(&input.zones.zone_at(input.now))
                .fixed_offset(),
            zone: input.zones.zone_at(input.now),
            occurrence_ids: Vec::new(),
            medication_ids: vec![s.medication_id.clone()],
            critical: false,
            take_by: None,
            content: NotificationContent {
                moment: Some(RoutineEvent::Morning),
                doses: Vec::new(),
                follow_up: 0,
                held_for_quiet_hours: false,
                days_left: Some(days_left),
                runs_out_on: s.runs_out_on,
                check_in_id: None,
                instrument: None,
                subject: Some(med.name.clone()),
            },
            title,
            body,
            actions: super::model::BUTTON_SETS[3].to_vec(),
        });
    }
    out
}
