//! What the OS delivered, and the notifications the app scheduled in a
//! window (read by their time index, never the whole history).

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::super::{check_id, from_ms, to_ms, Store};
use crate::error::{corrupt_value, Error, Result};
use crate::model::{DeliveryReport, IssuedNotification, NotificationKind};

/// Every notification kind, to read stored codes back.
pub const DELIVERY_KINDS: [NotificationKind; 6] = [
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

    /// The notifications the app reported scheduled that fire in
    /// `[from, to]`, with when they were delivered.
    pub fn issued_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        kinds: &[NotificationKind],
    ) -> Result<Vec<IssuedNotification>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT notification_id, kind, fire_at, occurrence_ids, delivered_at FROM reminder_issued
                 WHERE fire_at >= ?1 AND fire_at <= ?2",
            )?;
            let rows: Vec<(String, String, i64, String, Option<i64>)> = stmt
                .query_map(params![to_ms(from), to_ms(to)], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            rows.into_iter()
                .map(|(id, kind, fire, occs, delivered)| {
                    Ok(IssuedNotification {
                        id,
                        kind: kinds
                            .iter()
                            .copied()
                            .find(|k| k.code() == kind)
                            .ok_or(corrupt_value("reminder_issued", "kind"))?,
                        fire_at: from_ms(fire)?,
                        occurrence_ids: serde_json::from_str(&occs)
                            .map_err(|_| corrupt_value("reminder_issued", "occurrence_ids"))?,
                        delivered_at: delivered.map(from_ms).transpose()?,
                    })
                })
                .collect::<Result<Vec<_>>>()
        })
    }
}
