//! Reminder storage: settings per medication and per person, check-in
//! prompts and caregiver alert recipients. The planning glue (plan, diff,
//! snooze) is in [`planning`], the delivery reports and routine
//! suggestions in [`delivery`].

pub mod delivery;
mod planning;

pub use planning::{IssuedRow, ReminderRows, SnoozeRow};

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{check_id, new_id, to_ms, Store};
use crate::error::{corrupt_value, Error, RecordKind, Result};
use crate::model::{
    AlertRecipient, AlertRecipientInput, CheckInInput, CheckInPrompt, MedicationReminderSettings,
    ReminderPreferences,
};
use crate::model::{AuditEntry, CareMember, ConsentGrant, DayOfWeek};
use crate::model::{MAX_ALERT_RECIPIENTS, MAX_CHECK_INS};
use crate::time::{format_time, parse_date, parse_time};

/// Every medication's stored settings, by id.
pub(crate) fn all_settings(
    tx: &Transaction<'_>,
) -> Result<HashMap<String, MedicationReminderSettings>> {
    let mut stmt = tx.prepare_cached(
        "SELECT medication_id, enabled, critical, follow_up_delay_minutes, follow_up_count
         FROM reminder_medication_settings",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(MedicationReminderSettings {
            medication_id: r.get(0)?,
            enabled: r.get(1)?,
            critical: r.get(2)?,
            follow_up_delay_minutes: r.get(3)?,
            follow_up_count: r.get(4)?,
        })
    })?;
    let mut out = HashMap::new();
    for s in rows {
        let s = s?;
        out.insert(s.medication_id.clone(), s);
    }
    Ok(out)
}

pub(crate) fn preferences(tx: &Transaction<'_>) -> Result<ReminderPreferences> {
    Ok(tx
        .prepare_cached(
            "SELECT quiet_hours, refill_threshold_days FROM reminder_preferences WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(ReminderPreferences {
                quiet_hours: r.get(0)?,
                refill_threshold_days: r.get(1)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

pub(crate) fn check_ins(tx: &Transaction<'_>) -> Result<Vec<CheckInPrompt>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, label, instrument, days, time, last_done_on FROM reminder_check_in ORDER BY created_at, id",
    )?;
    type Row = (
        String,
        String,
        Option<String>,
        String,
        String,
        Option<String>,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, label, instrument, days, time, done)| {
            Ok(CheckInPrompt {
                id,
                label,
                instrument,
                days: days
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(|c| {
                        DayOfWeek::from_code("check_in.days", c)
                            .map_err(|_| corrupt_value("reminder_check_in", "days"))
                    })
                    .collect::<Result<_, _>>()?,
                time: parse_time("check_in.time", &time)
                    .map_err(|_| corrupt_value("reminder_check_in", "time"))?,
                last_done_on: done
                    .map(|d| {
                        parse_date("check_in.last_done_on", &d)
                            .map_err(|_| corrupt_value("reminder_check_in", "last_done_on"))
                    })
                    .transpose()?,
            })
        })
        .collect()
}

pub(crate) fn recipients(tx: &Transaction<'_>) -> Result<Vec<AlertRecipient>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, label, delay_minutes, member_id FROM reminder_alert_recipient ORDER BY created_at, id",
    )?;
    let mut out: Vec<AlertRecipient> = stmt
        .query_map([], |r| {
            Ok(AlertRecipient {
                id: r.get(0)?,
                label: r.get(1)?,
                delay_minutes: r.get(2)?,
                member_id: r.get(3)?,
                medication_ids: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut meds = tx.prepare_cached(
        "SELECT medication_id FROM reminder_alert_medication WHERE recipient_id = ?1 ORDER BY medication_id",
    )?;
    for r in &mut out {
        r.medication_ids = meds
            .query_map([&r.id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(out)
}

impl Store {
    /// A medication's reminder settings (the defaults when none were set).
    pub fn reminder_settings(&self, medication_id: &str) -> Result<MedicationReminderSettings> {
        check_id("medication_id", medication_id)?;
        self.read(|tx| {
            super::medications::require(tx, medication_id)?;
            Ok(all_settings(tx)?
                .remove(medication_id)
                .unwrap_or_else(|| MedicationReminderSettings::default_for(medication_id)))
        })
    }

    /// Sets a medication's reminder settings (critical, follow-up delay and
    /// count, on/off).
    pub fn set_reminder_settings(
        &self,
        settings: &MedicationReminderSettings,
        now: DateTime<Utc>,
    ) -> Result<MedicationReminderSettings> {
        check_id("medication_id", &settings.medication_id)?;
        settings.validate()?;
        self.write(|tx| {
            super::medications::require(tx, &settings.medication_id)?;
            tx.execute(
                "INSERT INTO reminder_medication_settings (medication_id, enabled, critical,
                    follow_up_delay_minutes, follow_up_count, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (medication_id) DO UPDATE SET enabled = ?2, critical = ?3,
                    follow_up_delay_minutes = ?4, follow_up_count = ?5, updated_at = ?6",
                params![
                    settings.medication_id,
                    settings.enabled,
                    settings.critical,
                    settings.follow_up_delay_minutes,
                    settings.follow_up_count,
                    to_ms(now)
                ],
            )?;
            Ok(settings.clone())
        })
    }

    /// The person's reminder preferences (quiet hours, refill threshold).
    pub fn reminder_preferences(&self) -> Result<ReminderPreferences> {
        self.read(preferences)
    }

    /// Sets the person's reminder preferences.
    pub fn set_reminder_preferences(
        &self,
        p: &ReminderPreferences,
        now: DateTime<Utc>,
    ) -> Result<ReminderPreferences> {
        p.validate()?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO reminder_preferences (id, quiet_hours, refill_threshold_days, updated_at)
                 VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET quiet_hours = ?1, refill_threshold_days = ?2, updated_at = ?3",
                params![p.quiet_hours, p.refill_threshold_days, to_ms(now)],
            )?;
            Ok(p.clone())
        })
    }

    /// Adds a check-in prompt (at most 20).
    pub fn add_check_in(&self, input: &CheckInInput, now: DateTime<Utc>) -> Result<CheckInPrompt> {
        input.validate()?;
        let prompt = CheckInPrompt {
            id: new_id(),
            label: input.label.trim().to_string(),
            instrument: input.instrument.as_ref().map(|i| i.trim().to_string()),
            days: input.days.clone(),
            time: input.time,
            last_done_on: None,
        };
        self.write(|tx| {
            let n: i64 = tx.query_row("SELECT count(*) FROM reminder_check_in", [], |r| r.get(0))?;
            if n as usize >= MAX_CHECK_INS {
                return Err(Error::invalid("check_in", "at most 20 check-in prompts"));
            }
            let days: Vec<&str> = prompt.days.iter().map(|d| d.code()).collect();
            tx.execute(
                "INSERT INTO reminder_check_in (id, label, instrument, days, time, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![prompt.id, prompt.label, prompt.instrument, days.join(","), format_time(prompt.time), to_ms(now)],
            )?;
            Ok(prompt)
        })
    }

    /// Every check-in prompt, oldest first.
    pub fn check_ins(&self) -> Result<Vec<CheckInPrompt>> {
        self.read(check_ins)
    }

    /// Removes a check-in prompt. Unknown id: `InvalidInput` on `check_in_id`.
    pub fn delete_check_in(&self, id: &str) -> Result<()> {
        check_id("check_in_id", id)?;
        self.write(
            |tx| match tx.execute("DELETE FROM reminder_check_in WHERE id = ?1", [id])? {
                0 => Err(Error::not_found(RecordKind::CheckIn)),
                _ => Ok(()),
            },
        )
    }

    /// Marks a check-in done today (on the phone's wall clock): no prompt
    /// for it later today.
    pub fn complete_check_in(&self, id: &str, now: DateTime<Utc>) -> Result<CheckInPrompt> {
        check_id("check_in_id", id)?;
        let zone = self.schedule_context()?.zone_at(now);
        let today = now.with_timezone(&zone).date_naive();
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE reminder_check_in SET last_done_on = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, today.format("%Y-%m-%d").to_string(), to_ms(now)],
            )?;
            if n == 0 {
                return Err(Error::not_found(RecordKind::CheckIn));
            }
            check_ins(tx)?
                .into_iter()
                .find(|p| p.id == id)
                .ok_or(Error::not_found(RecordKind::CheckIn))
        })
    }

    /// Adds someone to alert when a dose stays unlogged. The caller is
    /// responsible for their consent until the consent issue takes this over.
    pub fn add_alert_recipient(
        &self,
        input: &AlertRecipientInput,
        now: DateTime<Utc>,
    ) -> Result<AlertRecipient> {
        input.validate()?;
        for (i, m) in input.medication_ids.iter().enumerate() {
            check_id(&format!("alert_recipient.medication_ids[{i}]"), m)?;
        }
        let r = AlertRecipient {
            id: new_id(),
            member_id: input.member_id.clone(),
            label: input.label.trim().to_string(),
            delay_minutes: input.delay_minutes,
            medication_ids: input.medication_ids.clone(),
        };
        self.write(|tx| {
            let n: i64 = tx.query_row("SELECT count(*) FROM reminder_alert_recipient", [], |r| r.get(0))?;
            if n as usize >= MAX_ALERT_RECIPIENTS {
                return Err(Error::invalid("alert_recipient", "at most 20 alert recipients"));
            }
            let member: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM care_member WHERE id = ?1 AND deleted_at IS NULL",
                    [&r.member_id],
                    |row| row.get(0),
                )
                .optional()?;
            member.ok_or(Error::not_found(RecordKind::CareMember))?;
            tx.execute(
                "INSERT INTO reminder_alert_recipient (id, member_id, label, delay_minutes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![r.id, r.member_id, r.label, r.delay_minutes, to_ms(now)],
            )?;
            for m in &r.medication_ids {
                super::medications::require(tx, m)?;
                tx.execute(
                    "INSERT OR IGNORE INTO reminder_alert_medication (recipient_id, medication_id) VALUES (?1, ?2)",
                    params![r.id, m],
                )?;
            }
            Ok(r)
        })
    }

    /// Everyone alerted when a dose stays unlogged.
    pub fn alert_recipients(&self) -> Result<Vec<AlertRecipient>> {
        self.read(recipients)
    }

    /// Removes an alert recipient. Unknown id: `InvalidInput`.
    pub fn remove_alert_recipient(&self, id: &str) -> Result<()> {
        check_id("recipient_id", id)?;
        self.write(|tx| {
            match tx.execute("DELETE FROM reminder_alert_recipient WHERE id = ?1", [id])? {
                0 => Err(Error::not_found(RecordKind::AlertRecipient)),
                _ => Ok(()),
            }
        })
    }

    /// Records that the app sent a caregiver alert: later plans no longer
    /// carry it.
    pub fn mark_alert_sent(
        &self,
        alert_id: &str,
        audit: AuditEntry,
        now: DateTime<Utc>,
    ) -> Result<()> {
        check_id("alert_id", alert_id)?;
        self.write(|tx| {
            tx.execute(
                "DELETE FROM reminder_alert_sent WHERE sent_at < ?1",
                [to_ms(now - chrono::Duration::days(7))],
            )?;
            let new = tx.execute(
                "INSERT OR IGNORE INTO reminder_alert_sent (alert_id, sent_at) VALUES (?1, ?2)",
                params![alert_id, to_ms(now)],
            )?;
            // Reported twice (a retry): audited once.
            if new == 1 {
                super::care::insert_audit_in(tx, audit)?;
            }
            Ok(())
        })
    }

    /// Whether an alert was reported sent (in the last week).
    pub fn alert_was_sent(&self, alert_id: &str) -> Result<bool> {
        self.read(|tx| {
            Ok(tx
                .query_row(
                    "SELECT 1 FROM reminder_alert_sent WHERE alert_id = ?1",
                    [alert_id],
                    |_| Ok(()),
                )
                .optional()?
                .is_some())
        })
    }

    /// The clock watermark and a member with their grants (for an alert).
    pub fn alert_audience(
        &self,
        member_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(CareMember, Vec<ConsentGrant>, Option<DateTime<Utc>>)> {
        self.read(|tx| {
            let member = super::care::member_in(tx, member_id)?;
            let grants = super::care::grants_in(tx, Some(&member.id), now)?;
            Ok((member, grants, super::care::clock_watermark_in(tx)?))
        })
    }
}
