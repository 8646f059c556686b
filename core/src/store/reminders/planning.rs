//! The glue between the store and the reminder engine: loads everything a
//! plan needs in one read, widens the date window only as far as the limit
//! needs, and saves snoozes.
//!
//! Cost follows the window, never the history: occurrences are expanded
//! for the window only, the log is read by its `scheduled_at` index over
//! the window, snoozes and sent alerts by their time index.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Transaction};

use super::super::guidance::take_by_times;
use super::super::profile::load_routine;
use super::super::{check_id, from_ms, to_ms, ScheduleContext, Store};
use super::{all_settings, check_ins, preferences, recipients};
use crate::error::{Error, RecordKind, Result};
use crate::guidance::catch_up::{with_catch_ups, TakenEntry};
use crate::guidance::MissedDoseRule;
use crate::model::Routine;
use crate::reminders::{
    self, check_limit, reminder_plan, AlertRecipient, CheckInPrompt, DoseState,
    MedicationReminderSettings, Notification, PlanInput, PlannedMedication, ReminderDiff,
    ReminderPlan, ReminderPreferences, SnoozedDose, SupplyForecast, MAX_LIMIT, MAX_SNOOZE_MINUTES,
};
use crate::schedule::{expand, DoseOccurrence, DosingPlan};

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

/// Everything loaded once per plan.
struct Loaded {
    ctx: ScheduleContext,
    rules: HashMap<String, MissedDoseRule>,
    meds: HashMap<String, PlannedMedication>,
    preferences: ReminderPreferences,
    routine: Routine,
    check_ins: Vec<CheckInPrompt>,
    recipients: Vec<AlertRecipient>,
    alerts_sent: HashSet<String>,
    snoozes: HashMap<String, DateTime<Utc>>,
    supplies: Vec<SupplyRow>,
}

/// (medication, on hand, unit, strength amount, strength unit)
type SupplyRow = (String, f64, String, Option<f64>, Option<String>);

fn load(tx: &Transaction<'_>, ctx: ScheduleContext, now: DateTime<Utc>) -> Result<Loaded> {
    let settings = all_settings(tx)?;
    let mut stmt = tx.prepare_cached(
        "SELECT id, name FROM medication WHERE deleted_at IS NULL AND status = 'active'",
    )?;
    let names: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let meds = names
        .into_iter()
        .map(|(id, name)| {
            let s = settings
                .get(&id)
                .cloned()
                .unwrap_or_else(|| MedicationReminderSettings::default_for(&id));
            (id, PlannedMedication { name, settings: s })
        })
        .collect();
    let mut stmt = tx.prepare_cached("SELECT medication_id, rule FROM missed_dose_rule")?;
    let raw: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let rules = raw
        .into_iter()
        .map(|(id, j)| Ok((id, serde_json::from_str(&j)?)))
        .collect::<Result<_>>()?;
    let since = to_ms(now - Duration::days(REMINDER_LOOKBACK_DAYS + 1));
    let mut stmt =
        tx.prepare_cached("SELECT occurrence_id, until FROM reminder_snooze WHERE until >= ?1")?;
    let snoozes = stmt
        .query_map([since], |r| {
            Ok((r.get::<_, String>(0)?, from_ms(r.get(1)?)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt =
        tx.prepare_cached("SELECT alert_id FROM reminder_alert_sent WHERE sent_at >= ?1")?;
    let alerts_sent = stmt
        .query_map([since], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = tx.prepare_cached(
        "SELECT s.medication_id, s.on_hand, s.unit, m.strength_amount, m.strength_unit
         FROM supply s JOIN medication m ON m.id = s.medication_id
         WHERE m.deleted_at IS NULL AND m.status = 'active'",
    )?;
    let supplies = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Loaded {
        ctx,
        rules,
        meds,
        preferences: preferences(tx)?,
        routine: load_routine(tx)?,
        check_ins: check_ins(tx)?,
        recipients: recipients(tx)?,
        alerts_sent,
        snoozes,
        supplies,
    })
}

/// Occurrence ids logged (taken or skipped) among doses scheduled in
/// `[from, to]` (read by the `scheduled_at` index).
fn logged_between(
    tx: &Transaction<'_>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<HashSet<String>> {
    let mut stmt = tx.prepare_cached(
        "SELECT occurrence_id FROM dose_log WHERE scheduled_at >= ?1 AND scheduled_at <= ?2
           AND status IN ('taken', 'skipped') AND occurrence_id IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![to_ms(from), to_ms(to)], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The doses of these medications taken in `[from, to]` (read by the
/// medication and time index), for the catch-up rule.
fn taken_between<'a>(
    tx: &Transaction<'_>,
    medications: impl Iterator<Item = &'a String>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<TakenEntry>> {
    let mut stmt = tx.prepare_cached(
        "SELECT plan_id, scheduled_at, taken_at FROM dose_log
         WHERE medication_id = ?1 AND taken_at >= ?2 AND taken_at <= ?3 AND status = 'taken'",
    )?;
    let mut out = Vec::new();
    for med in medications {
        let rows = stmt.query_map(params![med, to_ms(from), to_ms(to)], |r| {
            Ok(TakenEntry {
                medication_id: med.clone(),
                plan_id: r.get(0)?,
                scheduled_at: r.get::<_, Option<i64>>(1)?.map(from_ms).transpose()?,
                taken_at: from_ms(r.get(2)?)?,
            })
        })?;
        out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    }
    Ok(out)
}

/// The earliest instant of local date `d` in any zone (UTC+14).
fn earliest_start(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc() - Duration::hours(14)
}

/// The dose states of local dates `from..=to`.
fn dose_states(
    tx: &Transaction<'_>,
    l: &Loaded,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DoseState>> {
    let occs = l
        .ctx
        .occurrences(from, to + Duration::days(NEXT_DOSE_DAYS))?;
    let take_by = match (occs.first(), occs.last()) {
        (Some(a), Some(b)) => with_catch_ups(
            &occs,
            take_by_times(&occs, &l.ctx.plans, &l.rules),
            &taken_between(tx, l.meds.keys(), a.utc, b.utc)?,
        ),
        _ => Vec::new(),
    };
    let keep: Vec<(DoseOccurrence, DateTime<Utc>)> = occs
        .into_iter()
        .zip(take_by)
        .filter(|(o, _)| o.local_date <= to)
        .collect();
    let (Some(first), Some(last)) = (keep.first(), keep.last()) else {
        return Ok(Vec::new());
    };
    // A routine edit may have moved a logged dose: read a day either side.
    let logged = logged_between(
        tx,
        first.0.utc - Duration::days(1),
        last.0.utc + Duration::days(1),
    )?;
    Ok(keep
        .into_iter()
        .map(|(o, t)| DoseState {
            logged: logged.contains(&o.id),
            snoozed_until: l.snoozes.get(&o.id).copied(),
            take_by: t,
            occurrence: o,
        })
        .collect())
}

/// How far above the window's daily use a supply must be to skip its
/// forecast (titration steps may raise the dose).
const SUPPLY_MARGIN: f64 = 3.0;

/// A dose in the supply's unit (through the strength), as the store's
/// supply keeping converts it; `None` when the units do not convert.
fn units(
    o: &DoseOccurrence,
    unit: &str,
    s_amount: &Option<f64>,
    s_unit: &Option<String>,
) -> Option<f64> {
    if o.dose.unit == unit {
        return Some(o.dose.amount);
    }
    match (s_amount, s_unit) {
        (Some(a), Some(u)) if *u == o.dose.unit && *a > 0.0 => Some(o.dose.amount / a),
        _ => None,
    }
}

/// Days of supply left for medications with a supply set, from their
/// doses over the next `days` days (enough to compare with the threshold).
fn supply_forecasts(
    l: &Loaded,
    now: DateTime<Utc>,
    today: NaiveDate,
    days: i64,
    window: &[DoseState],
) -> Result<Vec<SupplyForecast>> {
    if l.supplies.is_empty() {
        return Ok(Vec::new());
    }
    // A supply far above what the window's doses use per day cannot run
    // low within the threshold: skip expanding it (the common case).
    let span_days = window
        .last()
        .map_or(1, |d| (d.occurrence.local_date - today).num_days().max(1))
        as f64;
    let ids: HashSet<&str> = l
        .supplies
        .iter()
        .filter(|(med, on_hand, unit, s_amount, s_unit)| {
            let used: f64 = window
                .iter()
                .filter(|d| &d.occurrence.medication_id == med && d.occurrence.utc >= now)
                .map(|d| units(&d.occurrence, unit, s_amount, s_unit).unwrap_or(0.0))
                .sum();
            !(used > 0.0 && *on_hand > SUPPLY_MARGIN * used / span_days * days as f64)
        })
        .map(|s| s.0.as_str())
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let plans: Vec<DosingPlan> = l
        .ctx
        .plans
        .iter()
        .filter(|p| ids.contains(p.medication_id.as_str()))
        .cloned()
        .collect();
    let occs = expand(
        &plans,
        &l.ctx.routines,
        &l.ctx.zones,
        today,
        today + Duration::days(days),
    )?;
    let mut out = Vec::new();
    for (med, on_hand, unit, s_amount, s_unit) in
        l.supplies.iter().filter(|s| ids.contains(s.0.as_str()))
    {
        let mut left = *on_hand;
        let mut any = false;
        let mut runs_out_on = None;
        for o in occs
            .iter()
            .filter(|o| &o.medication_id == med && o.utc >= now)
        {
            any = true;
            if let Some(n) = units(o, unit, s_amount, s_unit) {
                left -= n;
                if left < -1e-9 {
                    runs_out_on = Some(o.local_date);
                    break;
                }
            }
        }
        if let (true, Some(d)) = (any, runs_out_on) {
            out.push(SupplyForecast {
                medication_id: med.clone(),
                days_left: Some((d - today).num_days().max(0) as u32),
                runs_out_on: Some(d),
            });
        }
    }
    Ok(out)
}

impl Store {
    fn plan_with(
        &self,
        tx: &Transaction<'_>,
        l: &Loaded,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<ReminderPlan> {
        Ok(self.plan_and_fired_since(tx, l, now, limit, None)?.0)
    }

    /// The plan at `now`, and with `fired_since`, the notifications the
    /// plan of that earlier instant held that fired before `now` (from the
    /// same dose states: logged doses are in neither).
    fn plan_and_fired_since(
        &self,
        tx: &Transaction<'_>,
        l: &Loaded,
        now: DateTime<Utc>,
        limit: u32,
        fired_since: Option<DateTime<Utc>>,
    ) -> Result<(ReminderPlan, Vec<Notification>)> {
        let zone = l.ctx.zone_at(now);
        let today = now.with_timezone(&zone).date_naive();
        let threshold = i64::from(l.preferences.refill_threshold_days);
        let mut supplies = None;
        let mut ahead = 1;
        loop {
            let to = today + Duration::days(ahead);
            let doses = dose_states(tx, l, today - Duration::days(REMINDER_LOOKBACK_DAYS), to)?;
            if supplies.is_none() {
                supplies = Some(supply_forecasts(l, now, today, threshold, &doses)?);
            }
            let supplies = supplies.as_deref().unwrap_or_default();
            let input = PlanInput {
                doses: &doses,
                medications: &l.meds,
                preferences: &l.preferences,
                routine: &l.routine,
                zones: &l.ctx.zones,
                supplies,
                check_ins: &l.check_ins,
                recipients: &l.recipients,
                alerts_sent: &l.alerts_sent,
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

    fn load_for_plan(&self, now: DateTime<Utc>) -> Result<Loaded> {
        let ctx = self.schedule_context()?;
        let mut l = self.read(|tx| load(tx, ctx, now))?;
        // Only members who hold an active alert-only (or dose-log) grant
        // are alerted: deny by default, revocation takes effect at once.
        let mut allowed = Vec::with_capacity(l.recipients.len());
        for r in l.recipients.drain(..) {
            if crate::care::policy::may_receive_missed_dose_alerts(self, &r.member_id, now)? {
                allowed.push(r);
            }
        }
        l.recipients = allowed;
        Ok(l)
    }

    /// The next notifications to schedule, soonest first (at most `limit`,
    /// 1 to 512; iOS keeps 64). Logged doses are never in it.
    pub fn reminder_plan(&self, now: DateTime<Utc>, limit: u32) -> Result<ReminderPlan> {
        check_limit(limit)?;
        let l = self.load_for_plan(now)?;
        self.read(|tx| self.plan_with(tx, &l, now, limit))
    }

    /// The plan as a difference from the ids the app has scheduled: what to
    /// cancel, what to add, what to leave. A read: report what was actually
    /// scheduled with [`Store::report_scheduled`].
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
        let (plan, fired) =
            self.read(|tx| self.plan_and_fired_since(tx, &l, now, limit, Some(since)))?;
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

    /// Snoozes until an instant (see [`Store::snooze`]). An instant not after
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
        let zone = l.ctx.zone_at(now);
        let today = now.with_timezone(&zone).date_naive();
        let doses = self.read(|tx| {
            dose_states(
                tx,
                &l,
                today - Duration::days(REMINDER_LOOKBACK_DAYS),
                today + Duration::days(2),
            )
        })?;
        let mut targets: Vec<&DoseState> = doses
            .iter()
            .filter(|d| d.occurrence.id == target_id)
            .collect();
        if targets.is_empty() {
            let ids = self.notification_occurrences(&l, target_id, now)?;
            targets = doses
                .iter()
                .filter(|d| ids.contains(&d.occurrence.id))
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
                occurrence_id: d.occurrence.id.clone(),
                until: until.min(d.take_by),
                take_by: d.take_by,
                limited_by_rule: until > d.take_by,
            })
            .collect();
        self.write(|tx| {
            tx.execute(
                "DELETE FROM reminder_snooze WHERE until < ?1",
                [to_ms(now - Duration::days(REMINDER_LOOKBACK_DAYS + 1))],
            )?;
            for (s, d) in out.iter().zip(&targets) {
                tx.execute(
                    "INSERT INTO reminder_snooze (occurrence_id, medication_id, until, created_at)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (occurrence_id) DO UPDATE SET until = ?3, created_at = ?4",
                    params![
                        s.occurrence_id,
                        d.occurrence.medication_id,
                        to_ms(s.until),
                        to_ms(now)
                    ],
                )?;
            }
            Ok(())
        })?;
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
        let stored: Option<String> = self.read(|tx| {
            Ok(tx
                .prepare_cached(
                    "SELECT occurrence_ids FROM reminder_issued WHERE notification_id = ?1",
                )?
                .query_row([id], |r| r.get(0))
                .ok())
        })?;
        if let Some(json) = stored {
            return Ok(serde_json::from_str(&json)?);
        }
        let earlier = now - Duration::hours(SNOOZE_RECENT_HOURS);
        let plan = self.read(|tx| self.plan_with(tx, l, earlier, MAX_LIMIT))?;
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
        self.write(|tx| {
            tx.execute("DELETE FROM reminder_issued WHERE fire_at < ?1", [to_ms(now - Duration::days(7))])?;
            let mut n = 0;
            let mut stmt = tx.prepare_cached(
                "INSERT INTO reminder_issued (notification_id, kind, fire_at, occurrence_ids, scheduled_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (notification_id) DO NOTHING",
            )?;
            for p in plan.notifications.iter().filter(|p| wanted.contains(p.id.as_str())) {
                stmt.execute(params![
                    p.id,
                    p.kind.code(),
                    to_ms(p.fire_at),
                    serde_json::to_string(&p.occurrence_ids)?,
                    to_ms(now)
                ])?;
                n += 1;
            }
            Ok(n)
        })
    }
}
