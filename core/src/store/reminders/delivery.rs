//! Delivery reports and the delivery check, and routine suggestions from
//! the log: both read a bounded window (48 hours, 42 days), never the
//! whole history.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;

use super::super::{check_id, from_ms, to_ms, Store};
use crate::error::{corrupt_value, Error, Result};
use crate::model::LogStatus;
use crate::reminders::delivery::DELIVERY_LOOKBACK_HOURS;
use crate::reminders::suggest::SUGGESTION_LOOKBACK_DAYS;
use crate::reminders::{
    delivery_check, routine_suggestions, DeliveryCheck, DeliveryReport, IssuedNotification,
    NotificationKind, ObservedDose, RoutineSuggestion,
};

const KINDS: [NotificationKind; 6] = [
    NotificationKind::Dose,
    NotificationKind::FollowUp,
    NotificationKind::Snoozed,
    NotificationKind::Missed,
    NotificationKind::Refill,
    NotificationKind::CheckIn,
];

impl Store {
    /// Records what the OS delivered (from the app's delivered-notification
    /// list). Ids the app never reported scheduled are ignored; returns how
    /// many were recorded.
    pub fn report_delivered(&self, reports: &[DeliveryReport]) -> Result<u32> {
        if reports.len() > crate::reminders::diff::MAX_SCHEDULED_IDS {
            return Err(Error::invalid("reports", "at most 2048 reports"));
        }
        for r in reports {
            check_id("reports.notification_id", &r.notification_id)?;
        }
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE reminder_issued SET delivered_at = ?2 WHERE notification_id = ?1 AND delivered_at IS NULL",
            )?;
            let mut n = 0;
            for r in reports {
                n += stmt.execute(params![r.notification_id, to_ms(r.delivered_at)])? as u32;
            }
            Ok(n)
        })
    }

    /// Dose reminders of the last 48 hours that were scheduled but never
    /// delivered (70 minutes of grace for inexact alarms) while their doses
    /// are still unlogged: the app should warn the person (exact-alarm
    /// permission revoked, app killed, notifications off).
    pub fn delivery_check(&self, now: DateTime<Utc>) -> Result<DeliveryCheck> {
        let issued = self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT notification_id, kind, fire_at, occurrence_ids, delivered_at FROM reminder_issued
                 WHERE fire_at >= ?1 AND fire_at <= ?2",
            )?;
            let rows: Vec<(String, String, i64, String, Option<i64>)> = stmt
                .query_map(params![to_ms(now - Duration::hours(DELIVERY_LOOKBACK_HOURS)), to_ms(now)], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            rows.into_iter()
                .map(|(id, kind, fire, occs, delivered)| {
                    Ok(IssuedNotification {
                        id,
                        kind: KINDS
                            .into_iter()
                            .find(|k| k.code() == kind)
                            .ok_or(corrupt_value("reminder_issued", "kind"))?,
                        fire_at: from_ms(fire)?,
                        occurrence_ids: serde_json::from_str(&occs)
                            .map_err(|_| corrupt_value("reminder_issued", "occurrence_ids"))?,
                        delivered_at: delivered.map(from_ms).transpose()?,
                    })
                })
                .collect::<Result<Vec<_>>>()
        })?;
        let ids: Vec<&str> = issued
            .iter()
            .flat_map(|n| n.occurrence_ids.iter().map(String::as_str))
            .collect();
        let logged: HashSet<String> = self
            .logs_for_occurrences(&ids)?
            .into_iter()
            .filter(|e| e.status != LogStatus::Undone)
            .filter_map(|e| e.occurrence_id)
            .collect();
        Ok(delivery_check(&issued, &logged, now))
    }

    /// Routine suggestions from the last six weeks of the log: routine
    /// times the person's doses regularly do not match.
    pub fn routine_suggestions(&self, now: DateTime<Utc>) -> Result<Vec<RoutineSuggestion>> {
        let ctx = self.schedule_context()?;
        let today = now.with_timezone(&ctx.zone_at(now)).date_naive();
        let occs = ctx.occurrences(today - Duration::days(SUGGESTION_LOOKBACK_DAYS), today)?;
        let (Some(first), Some(last)) = (occs.first(), occs.last()) else {
            return Ok(Vec::new());
        };
        let logs =
            self.logs_between(first.utc - Duration::days(1), last.utc + Duration::days(1))?;
        let taken: std::collections::HashMap<String, DateTime<Utc>> = logs
            .into_iter()
            .filter(|e| e.status == LogStatus::Taken)
            .filter_map(|e| Some((e.occurrence_id?, e.taken_at?)))
            .collect();
        let observed: Vec<ObservedDose> = occs
            .into_iter()
            .filter(|o| o.event.is_some() && o.utc <= now)
            .filter_map(|o| {
                taken.get(&o.id).map(|t| ObservedDose {
                    taken_at: *t,
                    occurrence: o,
                })
            })
            .collect();
        Ok(routine_suggestions(&observed, &self.routine()?))
    }
}
