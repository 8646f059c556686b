//! The delivery check: the app reports which notifications it scheduled
//! and which the OS delivered; a dose reminder whose time passed (plus a
//! grace for inexact Android alarms) without delivery, for doses still not
//! logged, is flagged so the app can warn the person (exact-alarm
//! permission revoked, app killed, notifications turned off).

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::model::NotificationKind;

/// A notification is late, not lost, until this long after its time
/// (Android may deliver inexact alarms up to an hour late).
pub const DELIVERY_GRACE_MINUTES: i64 = 70;
/// How far back the check looks.
pub const DELIVERY_LOOKBACK_HOURS: i64 = 48;

/// A notification the app scheduled, as the store remembers it.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedNotification {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: NotificationKind,
    /// When it should have fired.
    pub fire_at: DateTime<Utc>,
    /// The occurrences it covered.
    pub occurrence_ids: Vec<String>,
    /// When the OS delivered it, if reported.
    pub delivered_at: Option<DateTime<Utc>>,
}

/// What the app reports: the OS showed this notification at this time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DeliveryReport {
    /// The notification id (from the plan).
    pub notification_id: String,
    /// When the OS delivered it.
    pub delivered_at: DateTime<Utc>,
}

/// A dose reminder that never arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UndeliveredReminder {
    /// The notification.
    pub notification_id: String,
    /// Its kind.
    pub kind: NotificationKind,
    /// When it should have fired.
    pub fire_at: DateTime<Utc>,
    /// Its doses that are still not logged.
    pub occurrence_ids: Vec<String>,
}

/// The result of the delivery check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DeliveryCheck {
    /// Scheduled notifications whose time (plus grace) has passed.
    pub checked: u32,
    /// Of those, delivered.
    pub delivered: u32,
    /// Dose reminders not delivered whose doses are still unlogged, oldest first.
    pub undelivered: Vec<UndeliveredReminder>,
}

/// Runs the check over `issued` (the scheduled notifications of the last
/// 48 hours); `logged`: occurrence ids logged since.
pub fn delivery_check(
    issued: &[IssuedNotification],
    logged: &HashSet<String>,
    now: DateTime<Utc>,
) -> DeliveryCheck {
    let due_before = now - Duration::minutes(DELIVERY_GRACE_MINUTES);
    let since = now - Duration::hours(DELIVERY_LOOKBACK_HOURS);
    let mut checked = 0;
    let mut delivered = 0;
    let mut undelivered = Vec::new();
    let mut sorted: Vec<&IssuedNotification> = issued
        .iter()
        .filter(|n| n.fire_at <= due_before && n.fire_at >= since)
        .collect();
    sorted.sort_by(|a, b| (a.fire_at, &a.id).cmp(&(b.fire_at, &b.id)));
    for n in sorted {
        checked += 1;
        if n.delivered_at.is_some() {
            delivered += 1;
            continue;
        }
        let open: Vec<String> = n
            .occurrence_ids
            .iter()
            .filter(|o| !logged.contains(*o))
            .cloned()
            .collect();
        if n.kind.is_dose() && !open.is_empty() {
            undelivered.push(UndeliveredReminder {
                notification_id: n.id.clone(),
                kind: n.kind,
                fire_at: n.fire_at,
                occurrence_ids: open,
            });
        }
    }
    DeliveryCheck {
        checked,
        delivered,
        undelivered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn flags_only_undelivered_dose_reminders_of_unlogged_doses_after_the_grace() {
        let now = Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap();
        let n = |id: &str, kind, mins_ago: i64, occ: &str, delivered: bool| IssuedNotification {
            id: id.into(),
            kind,
            fire_at: now - Duration::minutes(mins_ago),
            occurrence_ids: vec![occ.into()],
            delivered_at: delivered.then_some(now),
        };
        let issued = vec![
            n("a", NotificationKind::Dose, 120, "o1", false),
            n("b", NotificationKind::Dose, 120, "o2", true),
            n("c", NotificationKind::Dose, 120, "o3", false),
            n("d", NotificationKind::Dose, 30, "o4", false),
            n("e", NotificationKind::Refill, 120, "", false),
        ];
        let logged: HashSet<String> = ["o3".to_string()].into();
        let c = delivery_check(&issued, &logged, now);
        assert_eq!((c.checked, c.delivered), (4, 1));
        assert_eq!(
            c.undelivered
                .iter()
                .map(|u| u.notification_id.as_str())
                .collect::<Vec<_>>(),
            vec!["a"]
        );
    }
}
