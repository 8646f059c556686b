//! Use cases: doses.

use chrono::{DateTime, Utc};

use super::App;
use crate::error::Result;
use crate::guidance::{due_from, MissedDoseRule};
use crate::model::{DoseAction, DoseLogEdit, DoseLogEntry, DoseLogVersion, UnscheduledDose};
use std::collections::HashMap;

impl App {
    /// Undoes a log entry: the occurrence is as if never logged (an extra
    /// dose no longer counts); the history keeps every version. Undoing an
    /// undone entry changes nothing.
    pub fn undo_log(&self, entry_id: &str, now: DateTime<Utc>) -> Result<DoseLogEntry> {
        self.store.undo_log(entry_id, now)
    }

    /// One log entry.
    pub fn log_entry(&self, entry_id: &str) -> Result<DoseLogEntry> {
        self.store.log_entry(entry_id)
    }

    /// Every version of a log entry, oldest first (the last is the current).
    pub fn log_history(&self, entry_id: &str) -> Result<Vec<DoseLogVersion>> {
        self.store.log_history(entry_id)
    }

    /// Sets the prescriber's missed-dose rule for a medication.
    pub fn set_missed_dose_rule(
        &self,
        medication_id: &str,
        rule: &MissedDoseRule,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.store.set_missed_dose_rule(medication_id, rule, now)
    }

    /// The missed-dose rule of a medication (the default rule if none is set).
    pub fn missed_dose_rule(&self, medication_id: &str) -> Result<MissedDoseRule> {
        self.store.missed_dose_rule(medication_id)
    }

    /// Every medication's explicit rule.
    pub fn missed_dose_rules(&self) -> Result<HashMap<String, MissedDoseRule>> {
        self.store.missed_dose_rules()
    }

    /// Sets the amount on hand (a count after checking the box), in `unit`
    /// (`tablet`, or the dose unit such as `mg` or `ml`).
    pub fn set_supply(
        &self,
        medication_id: &str,
        on_hand: f64,
        unit: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.store.set_supply(medication_id, on_hand, unit, now)
    }

    /// Records a refill: adds `amount` (in the supply's unit) to what is on
    /// hand and keeps the refill for days-covered measures.
    pub fn refill(
        &self,
        medication_id: &str,
        amount: f64,
        days_supply: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.store.refill(medication_id, amount, days_supply, now)
    }
}

pub use crate::limits::LOGGABLE_DAYS_BACK;

/// The longest window of log entries one call returns.
pub const MAX_LOG_WINDOW_DAYS: i64 = 400;

impl App {
    /// Logs what the person did with a scheduled dose (taken, when, how much;
    /// or skipped, with the reason). Idempotent; a taken dose that breaks a
    /// limit (the as-needed plan's or the missed-dose rule's) is recorded
    /// with warnings for the prescriber.
    ///
    /// A dose taken more than [`crate::guidance::EARLY_MINUTES`] before its time (before it
    /// is due) is refused with [`crate::Error::InvalidInput`] on `action.at`
    /// (or `occurrence_id` when the time is `now`) unless the action says
    /// `early: true`: tomorrow's morning dose logged the evening before is
    /// most likely a slip.
    pub fn log_dose(
        &self,
        occurrence_id: &str,
        action: &DoseAction,
        now: DateTime<Utc>,
    ) -> Result<DoseLogEntry> {
        let ctx = self.store.schedule_context()?;
        let occ = ctx.find_occurrence(occurrence_id, now, LOGGABLE_DAYS_BACK)?;
        if let DoseAction::Taken {
            at, early: false, ..
        } = action
        {
            let due = due_from(occ.utc);
            if at.unwrap_or(now) < due {
                let field = if at.is_some() {
                    "action.at"
                } else {
                    "occurrence_id"
                };
                let zone = occ.zone;
                return Err(crate::Error::invalid(
                    field,
                    format!(
                        "the dose of {} at {} is not due until {}; log it as taken early to confirm",
                        occ.local_date,
                        occ.local.format("%H:%M"),
                        due.with_timezone(&zone).format("%H:%M"),
                    ),
                ));
            }
        }
        let check = self.limit_check_in(&ctx, &occ.medication_id)?;
        self.store.log_occurrence(&occ, action, now, &check)
    }

    /// Logs a dose taken off-schedule (extra) or as needed (PRN). A retried
    /// call returns the first entry.
    pub fn log_unscheduled_dose(
        &self,
        dose: &UnscheduledDose,
        now: DateTime<Utc>,
    ) -> Result<DoseLogEntry> {
        let check = self.limit_check(&dose.medication_id)?;
        self.store.log_unscheduled(dose, now, &check)
    }

    /// Edits a log entry (time, amount, reason, note), keeping the old
    /// version; the limits are checked again.
    ///
    /// A scheduled dose's new time more than
    /// [`crate::guidance::EARLY_MINUTES`] before its scheduled time is
    /// refused with [`crate::Error::InvalidInput`] on `taken_at` unless the
    /// edit says `early: true`, as when logging it.
    pub fn edit_log(
        &self,
        entry_id: &str,
        edit: &DoseLogEdit,
        now: DateTime<Utc>,
    ) -> Result<DoseLogEntry> {
        let entry = self.store.log_entry(entry_id)?;
        if let (Some(t), Some(scheduled), false) = (edit.taken_at, entry.scheduled_at, edit.early) {
            let due = due_from(scheduled);
            if t < due {
                let zone = self.store.schedule_context()?.zone_at(scheduled);
                let local = scheduled.with_timezone(&zone);
                return Err(crate::Error::invalid(
                    "taken_at",
                    format!(
                        "the dose of {} at {} is not due until {}; edit it as taken early to confirm",
                        local.format("%Y-%m-%d"),
                        local.format("%H:%M"),
                        due.with_timezone(&zone).format("%H:%M"),
                    ),
                ));
            }
        }
        let medication_id = entry.medication_id;
        let check = self.limit_check(&medication_id)?;
        self.store.edit_log(entry_id, edit, now, &check)
    }

    /// Log entries whose dose time is in `[from, to)`, at most
    /// [`MAX_LOG_WINDOW_DAYS`] days.
    pub fn logs_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<DoseLogEntry>> {
        if to - from > chrono::Duration::days(MAX_LOG_WINDOW_DAYS) {
            return Err(crate::Error::invalid("to", "a window is at most 400 days"));
        }
        self.store.logs_between(from, to)
    }
}
