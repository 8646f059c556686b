//! What a reminder plan reads and writes, as rows: everything a plan needs
//! loaded in ONE read (the schedule context, settings, rules, preferences,
//! routine, check-ins, alert recipients with their grants, sent alerts,
//! snoozes, supplies and the doses already logged around the window), the
//! occurrences a notification covered, and the snoozes and issued
//! notifications saved. The plan itself is a use case (`app::planning`).
//!
//! Cost follows the window, never the history: the log is read by its
//! `scheduled_at` index over the window, snoozes and sent alerts by their
//! time index.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::super::care::grants_in;
use super::super::history::load_routine;
use super::super::plans::schedule_context_in;
use super::super::supply::ON_HAND_SQL;
use super::super::taken::taken_entries_in;
use super::super::{from_ms, to_ms, ScheduleContext, Store};
use super::{all_settings, check_ins, preferences, recipients};
use crate::error::{corrupt_value, Result};
use crate::model::{
    AlertRecipient, CheckInPrompt, ConsentGrant, MedicationReminderSettings, MissedDoseRule,
    ReminderPreferences, Routine, SupplyOnHand, TakenEntry,
};

/// Everything a reminder plan reads, loaded in one transaction.
#[derive(Debug, Clone)]
pub struct ReminderRows {
    /// Plans, routine and zone histories.
    pub context: ScheduleContext,
    /// Active medications: id and name.
    pub medications: Vec<(String, String)>,
    /// Stored reminder settings by medication.
    pub settings: HashMap<String, MedicationReminderSettings>,
    /// Missed-dose rules by medication.
    pub rules: HashMap<String, MissedDoseRule>,
    /// Reminder preferences.
    pub preferences: ReminderPreferences,
    /// The current routine.
    pub routine: Routine,
    /// Check-in prompts.
    pub check_ins: Vec<CheckInPrompt>,
    /// Alert recipients, each with their member's grants.
    pub recipients: Vec<(AlertRecipient, Vec<ConsentGrant>)>,
    /// Alerts already sent (recently).
    pub alerts_sent: HashSet<String>,
    /// Snoozes still relevant, by occurrence.
    pub snoozes: HashMap<String, DateTime<Utc>>,
    /// Supplies of active medications.
    pub supplies: Vec<SupplyOnHand>,
    /// Occurrences logged (taken or skipped) among doses scheduled in the
    /// asked window.
    pub logged: HashSet<String>,
    /// Doses of active medications taken in the asked window (scheduled,
    /// extra or as needed), for the catch-up rule.
    pub taken: Vec<TakenEntry>,
}

/// A snooze to save.
#[derive(Debug, Clone, PartialEq)]
pub struct SnoozeRow {
    /// The occurrence.
    pub occurrence_id: String,
    /// Its medication.
    pub medication_id: String,
    /// Until when.
    pub until: DateTime<Utc>,
}

/// A notification the app scheduled with the OS.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedRow {
    /// The notification id.
    pub notification_id: String,
    /// Its kind code.
    pub kind: String,
    /// When it fires.
    pub fire_at: DateTime<Utc>,
    /// The occurrences it covers.
    pub occurrence_ids: Vec<String>,
}

impl Store {
    /// Loads what a plan reads: snoozes and sent alerts since `since`,
    /// doses logged among those scheduled in `[logged_from, logged_to]`,
    /// and grants at `now`.
    pub fn reminder_rows(
        &self,
        since: DateTime<Utc>,
        logged_from: DateTime<Utc>,
        logged_to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<ReminderRows> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT id, name FROM medication WHERE deleted_at IS NULL AND status = 'active'",
            )?;
            let medications: Vec<(String, String)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = tx.prepare_cached("SELECT medication_id, rule FROM missed_dose_rule")?;
            let raw: Vec<(String, String)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let rules = raw
                .into_iter()
                .map(|(id, j)| {
                    let rule = serde_json::from_str(&j)
                        .map_err(|_| corrupt_value("missed_dose_rule", "rule"))?;
                    Ok((id, rule))
                })
                .collect::<Result<_>>()?;
            let mut stmt = tx.prepare_cached(
                "SELECT occurrence_id, until FROM reminder_snooze WHERE until >= ?1",
            )?;
            let snoozes = stmt
                .query_map([to_ms(since)], |r| {
                    Ok((r.get::<_, String>(0)?, from_ms(r.get(1)?)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt =
                tx.prepare_cached("SELECT alert_id FROM reminder_alert_sent WHERE sent_at >= ?1")?;
            let alerts_sent = stmt
                .query_map([to_ms(since)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT s.medication_id, {ON_HAND_SQL}, s.unit, m.strength_amount, m.strength_unit
                 FROM supply s JOIN medication m ON m.id = s.medication_id
                 LEFT JOIN supply_tally t ON t.medication_id = s.medication_id
                 WHERE m.deleted_at IS NULL AND m.status = 'active'"
            ))?;
            let supplies = stmt
                .query_map([], |r| {
                    Ok(SupplyOnHand {
                        medication_id: r.get(0)?,
                        on_hand: r.get(1)?,
                        unit: r.get(2)?,
                        strength_amount: r.get(3)?,
                        strength_unit: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = tx.prepare_cached(
                "SELECT occurrence_id FROM dose_log WHERE scheduled_at >= ?1 AND scheduled_at <= ?2
                   AND status IN ('taken', 'skipped') AND occurrence_id IS NOT NULL",
            )?;
            let logged = stmt
                .query_map(params![to_ms(logged_from), to_ms(logged_to)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let meds: Vec<&str> = medications.iter().map(|(id, _)| id.as_str()).collect();
            let taken = taken_entries_in(tx, &meds, logged_from, logged_to)?;
            let mut with_grants = Vec::new();
            for r in recipients(tx)? {
                let grants = grants_in(tx, Some(&r.member_id), now)?;
                with_grants.push((r, grants));
            }
            Ok(ReminderRows {
                context: schedule_context_in(tx)?,
                medications,
                settings: all_settings(tx)?,
                rules,
                preferences: preferences(tx)?,
                routine: load_routine(tx)?,
                check_ins: check_ins(tx)?,
                recipients: with_grants,
                alerts_sent,
                snoozes,
                supplies,
                logged,
                taken,
            })
        })
    }

    /// The occurrences a notification covered, as the app reported it
    /// scheduled (`None` if it never did).
    pub fn issued_occurrences(&self, notification_id: &str) -> Result<Option<Vec<String>>> {
        let stored: Option<String> = self.read(|tx| {
            Ok(tx
                .prepare_cached(
                    "SELECT occurrence_ids FROM reminder_issued WHERE notification_id = ?1",
                )?
                .query_row([notification_id], |r| r.get(0))
                .optional()?)
        })?;
        stored
            .map(|json| {
                serde_json::from_str(&json)
                    .map_err(|_| corrupt_value("reminder_issued", "occurrence_ids").into())
            })
            .transpose()
    }

    /// Saves snoozes (replacing earlier ones of the same occurrences) and
    /// drops those that ended before `expired_before`, in one transaction.
    pub fn save_snoozes(
        &self,
        snoozes: &[SnoozeRow],
        expired_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM reminder_snooze WHERE until < ?1",
                [to_ms(expired_before)],
            )?;
            for s in snoozes {
                tx.execute(
                    "INSERT INTO reminder_snooze (occurrence_id, medication_id, until, created_at)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (occurrence_id) DO UPDATE SET until = ?3, created_at = ?4",
                    params![s.occurrence_id, s.medication_id, to_ms(s.until), to_ms(now)],
                )?;
            }
            Ok(())
        })
    }

    /// Records notifications the app scheduled (those already recorded are
    /// kept) and forgets those that fired before `forget_before`; returns
    /// how many were new.
    pub fn record_issued(
        &self,
        issued: &[IssuedRow],
        forget_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u32> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM reminder_issued WHERE fire_at < ?1",
                [to_ms(forget_before)],
            )?;
            let mut n = 0;
            let mut stmt = tx.prepare_cached(
                "INSERT INTO reminder_issued (notification_id, kind, fire_at, occurrence_ids, scheduled_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (notification_id) DO NOTHING",
            )?;
            for p in issued {
                stmt.execute(params![
                    p.notification_id,
                    p.kind,
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
