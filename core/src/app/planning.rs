//! Use cases of the reminder plan: the next notifications, the difference
//! from what the app scheduled, snoozes, what the app reported scheduled,
//! the delivery check and routine suggestions. Each loads its rows in one
//! read, expands the schedule only over the window the limit needs, calls
//! the reminder engine and saves in one write.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::guidance::take_by_times;
use super::App;
use crate::care::policy::{alert_audit, may_receive_missed_dose_alerts};
use crate::error::{Error, RecordKind, Result};
use crate::guidance::catch_up::with_catch_ups;
use crate::model::LogStatus;
use crate::reminders::forecast::{
    dose_states, earliest_start, supplies_to_forecast, supply_forecasts,
};
use crate::reminders::suggest::SUGGESTION_LOOKBACK_DAYS;
use crate::reminders::{
    self, check_limit, delivery_check, reminder_plan, routine_suggestions, DeliveryCheck,
    DoseState, MedicationReminderSettings, Notification, ObservedDose, PlanInput,
    PlannedMedication, ReminderDiff, ReminderPlan, RoutineSuggestion, SnoozedDose, MAX_LIMIT,
    MAX_SNOOZE_MINUTES,
};
use crate::schedule::{expand, DosingPlan};
use crate::store::check_id;
use crate::store::reminders::delivery::DELIVERY_KINDS;
use crate::store::reminders::{IssuedRow, ReminderRows, SnoozeRow};

/// Local days before today whose unlogged doses may still have follow-ups,
/// snoozes or alerts pending.
pub const REMINDER_LOOKBACK_DAYS: i64 = 2;
/// The furthest a plan looks ahead (local days after today).
pub const REMINDER_MAX_AHEAD_DAYS: i64 = 35;
/// Extra days expanded past the window so its last doses know their next
/// dose (for the latest take time).
const NEXT_DOSE_DAYS: i64 = 2;
/// How far back a notification id is looked for when snoozing by it.
const SNOOZE_RECENT_HOURS: i64 = 12;
/// Notifications read from the plan of the grace's start: more than fire
/// in any 15 minutes (one per routine moment, follow-ups, refills).
const ARRIVING_LIMIT: u32 = 32;

/// What one plan works from: the rows, with medications ready for the
/// engine and only the alert recipients whose grants allow alerts.
struct Loaded {
    rows: ReminderRows,
    meds: HashMap<String, PlannedMedication>,
    recipients: Vec<reminders::AlertRecipient>,
}

impl App {
    fn load_for_plan(&self, now: DateTime<Utc>) -> Result<Loaded> {
        let since = now - Duration::days(REMINDER_LOOKBACK_DAYS + 1);
        // Doses logged around every window a plan may widen to (a routine
        // edit may have moved a logged dose: a day either side).
        let logged_to = now + Duration::days(REMINDER_MAX_AHEAD_DAYS + NEXT_DOSE_DAYS + 2);
        let rows = self
            .store
            .reminder_rows(since, since - Duration::days(1), logged_to, now)?;
        let meds = rows
            .medications
            .iter()
            .map(|(id, name)| {
                let settings = rows
                    .settings
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| MedicationReminderSettings::default_for(id));
                (
                    id.clone(),
                    PlannedMedication {
                        name: name.clone(),
                        settings,
                        dose_ranges: rows
                            .context
                            .plans
                            .iter()
                            .filter(|p| &p.medication_id == id)
                            .filter_map(|p| {
                                let min = p.prescribed.as_ref()?.dose_min?;
                                Some((p.id.clone(), min))
                            })
                            .collect(),
                    },
                )
            })
            .collect();
        // Only members who hold an active alert-only (or dose-log) grant
        // are alerted: deny by default, a revocation is absolute.
        let recipients = rows
            .recipients
            .iter()
            .filter(|(_, grants)| may_receive_missed_dose_alerts(grants, now))
            .map(|(r, _)| r.clone())
            .collect();
        Ok(Loaded {
            rows,
            meds,
            recipients,
        })
    }

    /// The dose states of local dates `from..=to`.
    fn states(l: &Loaded, from: NaiveDate, to: NaiveDate) -> Result<Vec<DoseState>> {
        let ctx = &l.rows.context;
        let occs = ctx.occurrences(from, to + Duration::days(NEXT_DOSE_DAYS))?;
        // A dose taken since a missed one was its catch-up (pure rule).
        let take_by = with_catch_ups(
            &occs,
            take_by_times(&occs, &ctx.plans, &l.rows.rules),
            &l.rows.taken,
        );
        Ok(dose_states(
            occs,
            take_by,
            to,
            &l.rows.logged,
            &l.rows.snoozes,
        ))
    }

    /// The plan at `now`, and with `fired_since`, the notifications the
    /// plan of that earlier instant held that fired before `now` (from the
    /// same dose states: logged doses are in neither).
    fn plan_and_fired_since(
        l: &Loaded,
        now: DateTime<Utc>,
        limit: u32,
        fired_since: Option<DateTime<Utc>>,
    ) -> Result<(ReminderPlan, Vec<Notification>)> {
        let ctx = &l.rows.context;
        let zone = ctx.zone_at(now);
        let today = now.with_timezone(&zone).date_naive();
        let threshold = i64::from(l.rows.preferences.refill_threshold_days);
        let mut supplies = None;
        let mut ahead = 1;
        loop {
            let to = today + Duration::days(ahead);
            let doses = Self::states(l, today - Duration::days(REMINDER_LOOKBACK_DAYS), to)?;
            if supplies.is_none() {
                let low = supplies_to_forecast(&l.rows.supplies, &doses, today, threshold, now);
                let forecasts = if low.is_empty() {
                    Vec::new()
                } else {
                    let ids: HashSet<&str> = low.iter().map(|s| s.medication_id.as_str()).collect();
                    let plans: Vec<DosingPlan> = ctx
                        .plans
                        .iter()
                        .filter(|p| ids.contains(p.medication_id.as_str()))
                        .cloned()
                        .collect();
                    let upcoming = expand(
                        &plans,
                        &ctx.routines,
                        &ctx.zones,
                        today,
                        today + Duration::days(threshold),
                    )?;
                    supply_forecasts(&low, &upcoming, today, now)
                };
                supplies = Some(forecasts);
            }
            let supplies = supplies.as_deref().unwrap_or_default();
            let input = PlanInput {
                doses: &doses,
                medications: &l.meds,
                preferences: &l.rows.preferences,
                routine: &l.rows.routine,
                zones: &ctx.zones,
                supplies,
                check_ins: &l.rows.check_ins,
                recipients: &l.recipients,
                alerts_sent: &l.rows.alerts_sent,
                horizon_end: earliest_start(to + Duration::days(1)),
                now,
                limit,
            };
            let plan = reminder_plan(&input)?;
            if plan.notifications.len() >= limit as usize || ahead >= REMINDER_MAX_AHEAD_DAYS {
                let fired = match fired_since {
                    Some(since) => {
                        let earlier = PlanInput {
                            now: since,
                            limit: ARRIVING_LIMIT,
                            ..input
                        };
                        let mut n = reminder_plan(&earlier)?.notifications;
                        n.retain(|n| n.fire_at < now);
                        n
                    }
                    None => Vec::new(),
                };
                return Ok((plan, fired));
            }
            ahead = (ahead * 2 + 1).min(REMINDER_MAX_AHEAD_DAYS);
        }
    }

    /// The next notifications to schedule, soonest first (at most `limit`,
    /// 1 to 512; iOS keeps 64). Logged doses are never in it.
    pub fn reminder_plan(&self, now: DateTime<Utc>, limit: u32) -> Result<ReminderPlan> {
        check_limit(limit)?;
        let l = self.load_for_plan(now)?;
        Ok(Self::plan_and_fired_since(&l, now, limit, None)?.0)
    }

    /// The plan as a difference from the ids the app has scheduled: what to
    /// cancel, what to add, what to leave. A read: report what was actually
    /// scheduled with [`App::report_scheduled`].
    pub fn reminder_diff(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        scheduled_ids: &[String],
    ) -> Result<ReminderDiff> {
        if scheduled_ids.len() > reminders::diff::MAX_SCHEDULED_IDS {
            return Err(Error::invalid("scheduled_ids", "at most 2048 ids"));
        }
        check_limit(limit)?;
        let l = self.load_for_plan(now)?;
        // The plan as it stood a grace ago, from the same dose states: the
        // scheduled notifications of it that fired since may still be arriving.
        let since = now - Duration::minutes(reminders::diff::LATE_DELIVERY_GRACE_MINUTES);
        let (plan, fired) = Self::plan_and_fired_since(&l, now, limit, Some(since))?;
        let scheduled: HashSet<&str> = scheduled_ids.iter().map(String::as_str).collect();
        let arriving = fired
            .into_iter()
            .filter(|n| scheduled.contains(n.id.as_str()))
            .map(|n| n.id)
            .collect();
        reminders::diff(plan, scheduled_ids, &arriving)
    }

    /// Snoozes a dose reminder by `minutes` (5, 10, 15, 30 or any 1 to 720).
    /// `target_id` is an occurrence id or a notification id (all its doses
    /// are snoozed). The snooze never goes past the latest time the rule
    /// allows taking the dose (it is shortened to it).
    pub fn snooze(
        &self,
        target_id: &str,
        minutes: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<SnoozedDose>> {
        if minutes <= 0 {
            return Err(Error::invalid("minutes", "a snooze must end in the future"));
        }
        if minutes > MAX_SNOOZE_MINUTES {
            return Err(Error::invalid("minutes", "a snooze is at most 720 minutes"));
        }
        self.snooze_until(target_id, now + Duration::minutes(minutes), now)
    }

    /// Snoozes until an instant (see [`App::snooze`]). An instant not after
    /// `now` is `InvalidInput`.
    pub fn snooze_until(
        &self,
        target_id: &str,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<SnoozedDose>> {
        check_id("target_id", target_id)?;
        if until <= now {
            return Err(Error::invalid(
                "until",
                "a snooze must end in the future, not in the past",
            ));
        }
        if until > now + Duration::minutes(MAX_SNOOZE_MINUTES) {
            return Err(Error::invalid("until", "a snooze is at most 720 minutes"));
        }
        let l = self.load_for_plan(now)?;
        let zone = l.rows.context.zone_at(now);
        let today = now.with_timezone(&zone).date_naive();
        let doses = Self::states(
            &l,
            today - Duration::days(REMINDER_LOOKBACK_DAYS),
            today + Duration::days(2),
        )?;
        let mut targets: Vec<&DoseState> = doses
            .iter()
            .filter(|d| d.occurrence.id == target_id)
            .collect();
        if targets.is_empty() {
            let ids = self.notification_occurrences(&l, target_id, now)?;
            targets = doses
                .iter()
                .filter(|d| ids.iter().any(|id| *id == d.occurrence.id))
                .collect();
        }
        if targets.is_empty() {
            return Err(Error::not_found(RecordKind::Occurrence));
        }
        targets.retain(|d| !d.logged);
        if targets.is_empty() {
            return Err(Error::invalid("target_id", "the dose is already logged"));
        }
        targets.retain(|d| d.take_by > now);
        if targets.is_empty() {
            return Err(Error::invalid(
                "target_id",
                "the rule no longer allows taking this dose: open the guidance instead",
            ));
        }
        let out: Vec<SnoozedDose> = targets
            .iter()
            .map(|d| SnoozedDose {
                occurrence_id: d.occurrence.id.to_string(),
                until: until.min(d.take_by),
                take_by: d.take_by,
                limited_by_rule: until > d.take_by,
            })
            .collect();
        let rows: Vec<SnoozeRow> = out
            .iter()
            .zip(&targets)
            .map(|(s, d)| SnoozeRow {
                occurrence_id: s.occurrence_id.clone(),
                medication_id: d.occurrence.medication_id.to_string(),
                until: s.until,
            })
            .collect();
        self.store
            .save_snoozes(&rows, now - Duration::days(REMINDER_LOOKBACK_DAYS + 1), now)?;
        Ok(out)
    }

    /// The occurrences a notification id covers: from the app's scheduled
    /// reports, else from the plan as it stood a few hours ago (the
    /// notification being snoozed has usually just fired).
    fn notification_occurrences(
        &self,
        l: &Loaded,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        if let Some(ids) = self.store.issued_occurrences(id)? {
            return Ok(ids);
        }
        let earlier = now - Duration::hours(SNOOZE_RECENT_HOURS);
        let plan = Self::plan_and_fired_since(l, earlier, MAX_LIMIT, None)?.0;
        Ok(plan
            .notifications
            .into_iter()
            .find(|n| n.id == id)
            .map(|n| n.occurrence_ids)
            .unwrap_or_default())
    }

    /// Records which plan notifications the app scheduled with the OS (for
    /// the delivery check). Ids not in the current plan are ignored; returns
    /// how many were recorded.
    pub fn report_scheduled(&self, notification_ids: &[String], now: DateTime<Utc>) -> Result<u32> {
        if notification_ids.len() > reminders::diff::MAX_SCHEDULED_IDS {
            return Err(Error::invalid("notification_ids", "at most 2048 ids"));
        }
        for id in notification_ids {
            check_id("notification_ids", id)?;
        }
        let plan = self.reminder_plan(now, MAX_LIMIT)?;
        let wanted: HashSet<&str> = notification_ids.iter().map(String::as_str).collect();
        let issued: Vec<IssuedRow> = plan
            .notifications
            .iter()
            .filter(|p| wanted.contains(p.id.as_str()))
            .map(|p| IssuedRow {
                notification_id: p.id.clone(),
                kind: p.kind.code().to_string(),
                fire_at: p.fire_at,
                occurrence_ids: p.occurrence_ids.clone(),
            })
            .collect();
        self.store
            .record_issued(&issued, now - Duration::days(7), now)
    }

    /// Dose reminders of the last 48 hours that were scheduled but never
    /// delivered (70 minutes of grace for inexact alarms) while their doses
    /// are still unlogged: the app should warn the person (exact-alarm
    /// permission revoked, app killed, notifications off).
    pub fn delivery_check(&self, now: DateTime<Utc>) -> Result<DeliveryCheck> {
        let from = now - Duration::hours(reminders::delivery::DELIVERY_LOOKBACK_HOURS);
        let issued = self.store.issued_between(from, now, &DELIVERY_KINDS)?;
        let ids: Vec<&str> = issued
            .iter()
            .flat_map(|n| n.occurrence_ids.iter().map(String::as_str))
            .collect();
        let logged: HashSet<String> = self
            .store
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
        let ctx = self.store.schedule_context()?;
        let today = now.with_timezone(&ctx.zone_at(now)).date_naive();
        let occs = ctx.occurrences(today - Duration::days(SUGGESTION_LOOKBACK_DAYS), today)?;
        let (Some(first), Some(last)) = (occs.first(), occs.last()) else {
            return Ok(Vec::new());
        };
        let logs = self
            .store
            .logs_between(first.utc - Duration::days(1), last.utc + Duration::days(1))?;
        let taken: HashMap<String, DateTime<Utc>> = logs
            .into_iter()
            .filter(|e| e.status == LogStatus::Taken)
            .filter_map(|e| Some((e.occurrence_id?, e.taken_at?)))
            .collect();
        let observed: Vec<ObservedDose> = occs
            .into_iter()
            .filter(|o| o.event.is_some() && o.utc <= now)
            .filter_map(|o| {
                taken.get(o.id.as_str()).map(|t| ObservedDose {
                    taken_at: *t,
                    occurrence: o,
                })
            })
            .collect();
        Ok(routine_suggestions(&observed, &self.store.routine()?))
    }

    /// Records that the app sent a caregiver alert (a disclosure: audited
    /// with who received it, the grant that allowed it and how many doses
    /// it named); later plans no longer carry it. The alert must be in the
    /// plan at `now` (a revoked member's alerts never are: `NotFound`), and
    /// a grant in force must still allow it. Reporting it again is a no-op.
    pub fn mark_alert_sent(&self, alert_id: &str, now: DateTime<Utc>) -> Result<()> {
        check_id("alert_id", alert_id)?;
        // The plan's own rows name the recipient and the zone: no second read.
        let l = self.load_for_plan(now)?;
        let plan = Self::plan_and_fired_since(&l, now, MAX_LIMIT, None)?.0;
        let Some(alert) = plan.alerts.iter().find(|a| a.id == alert_id) else {
            return if self.store.alert_was_sent(alert_id)? {
                Ok(())
            } else {
                Err(Error::not_found(RecordKind::AlertRecipient))
            };
        };
        let recipient = l
            .recipients
            .iter()
            .find(|r| r.id == alert.recipient_id)
            .ok_or(Error::not_found(RecordKind::AlertRecipient))?;
        let (member, grants, watermark) = self.store.alert_audience(&recipient.member_id, now)?;
        let zone = l.rows.context.zone_at(alert.scheduled_at);
        let audit = alert_audit(
            &member,
            &grants,
            u32::try_from(alert.occurrence_ids.len()).unwrap_or(u32::MAX),
            alert.scheduled_at.with_timezone(&zone).date_naive(),
            &alert.message,
            watermark,
            now,
        )?;
        self.store.mark_alert_sent(alert_id, audit, now)
    }
}
