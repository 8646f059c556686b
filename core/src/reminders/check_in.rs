//! Check-in prompts (a weekly PHQ-9, a daily mood check) scheduled through
//! the same plan as dose reminders: on their days at their local time on
//! the phone's wall clock, not on a day already done, held by quiet hours.

use chrono::{Datelike, Duration};

use super::input::PlanInput;
use super::model::{Notification, NotificationContent, NotificationKind};
use super::quiet::QuietHours;
use super::text::{check_in_text, stable_id};
use crate::schedule::zone::{local_date, resolve_local};

/// The check-in notifications of the plan, up to the horizon.
pub fn check_in_notifications(input: &PlanInput<'_>, quiet: &QuietHours) -> Vec<Notification> {
    let today = local_date(input.zones.zone_at(input.now), input.now);
    let last = local_date(input.zones.zone_at(input.now), input.horizon_end);
    let mut out = Vec::new();
    for p in input.check_ins {
        let mut d = today;
        while d <= last && out.len() < input.limit as usize {
            let on_day = p.days.is_empty() || p.days.iter().any(|w| w.weekday() == d.weekday());
            if on_day && p.last_done_on != Some(d) {
                let (t, _) = resolve_local(input.zones.zone_at(input.now), d.and_time(p.time));
                let at = quiet.hold(t);
                if at > input.now
                    && at < input.horizon_end
                    && local_date(input.zones.zone_at(input.now), t) == d
                {
                    let (title, body) = check_in_text(&p.label);
                    let fire_ms = at.timestamp_millis().to_string();
                    let id = stable_id(&[
                        "check_in",
                        &p.id,
                        &fire_ms,
                        &title,
                        &body,
                        input.zones.zone_at(input.now).name(),
                    ]);
                    out.push(Notification {
                        id,
                        kind: NotificationKind::CheckIn,
                        fire_at: at,
                        local: at
                            .with_timezone(&input.zones.zone_at(input.now))
                            .fixed_offset(),
                        zone: input.zones.zone_at(input.now),
                        occurrence_ids: Vec::new(),
                        medication_ids: Vec::new(),
                        critical: false,
                        take_by: None,
                        content: NotificationContent {
                            moment: None,
                            doses: Vec::new(),
                            follow_up: 0,
                            held_for_quiet_hours: at != t,
                            days_left: None,
                            runs_out_on: None,
                            check_in_id: Some(p.id.clone()),
                            instrument: p.instrument.clone(),
                            subject: Some(p.label.clone()),
                        },
                        title,
                        body,
                        actions: super::model::BUTTON_SETS[3].to_vec(),
                    });
                }
            }
            d += Duration::days(1);
        }
    }
    out
}
