//! Dose log API of the `Cadence` object: log taken/skipped/extra/as-needed
//! doses, undo and edit with history, the Today view, supply and refills.

use chrono::{DateTime, Utc};

use cadence_core::guidance::{Guidance, MissedDoseRule, PrnGuidance};
use cadence_core::model::{
    DoseAction, DoseLogEdit, DoseLogEntry, DoseLogVersion, Supply, UnscheduledDose,
};
use cadence_core::today::TodayView;

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};

#[uniffi::export]
impl Cadence {
    /// Logs what the person did with a scheduled dose: taken (when, and the
    /// amount if different from the plan) or skipped (with the reason: a
    /// barrier the care team sees, and an optional note). Idempotent: the
    /// same log twice (phone and watch, a retried call) returns the same
    /// entry. A taken dose that breaks the rule's limits is recorded anyway
    /// and carries warnings, flagged for the prescriber.
    #[uniffi::method(default(now = None))]
    pub fn log_dose(
        &self,
        occurrence_id: String,
        action: DoseAction,
        now: Option<DateTime<Utc>>,
    ) -> Result<DoseLogEntry, CadenceError> {
        call(|| {
            self.app
                .log_dose(&occurrence_id, &action, now_or_clock(now))
        })
    }

    /// Logs a dose taken off-schedule ("extra dose") or an as-needed (PRN)
    /// dose. A retried call (same medication, kind, time and amount) returns
    /// the first entry.
    #[uniffi::method(default(now = None))]
    pub fn log_unscheduled_dose(
        &self,
        dose: UnscheduledDose,
        now: Option<DateTime<Utc>>,
    ) -> Result<DoseLogEntry, CadenceError> {
        call(|| self.app.log_unscheduled_dose(&dose, now_or_clock(now)))
    }

    /// Undoes a log entry (the dose is as if never logged); the history keeps
    /// every version.
    #[uniffi::method(default(now = None))]
    pub fn undo_log(
        &self,
        entry_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<DoseLogEntry, CadenceError> {
        call(|| self.app.undo_log(&entry_id, now_or_clock(now)))
    }

    /// Edits a log entry (time, amount, reason, note), keeping the old version.
    #[uniffi::method(default(now = None))]
    pub fn edit_log(
        &self,
        entry_id: String,
        edit: DoseLogEdit,
        now: Option<DateTime<Utc>>,
    ) -> Result<DoseLogEntry, CadenceError> {
        call(|| self.app.edit_log(&entry_id, &edit, now_or_clock(now)))
    }

    /// One log entry in its current state.
    pub fn log_entry(&self, entry_id: String) -> Result<DoseLogEntry, CadenceError> {
        call(|| self.app.log_entry(&entry_id))
    }

    /// Every version of a log entry, oldest first.
    pub fn log_history(&self, entry_id: String) -> Result<Vec<DoseLogVersion>, CadenceError> {
        call(|| self.app.log_history(&entry_id))
    }

    /// Log entries whose dose time is in `[from, to)`.
    pub fn logs_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<DoseLogEntry>, CadenceError> {
        call(|| self.app.logs_between(from, to))
    }

    /// Today's doses across medications, grouped by routine moment, each with
    /// its status at `now` (upcoming, due, taken on time or late, skipped,
    /// missed). One call for the whole Today screen.
    #[uniffi::method(default(now = None))]
    pub fn today(&self, now: Option<DateTime<Utc>>) -> Result<TodayView, CadenceError> {
        call(|| self.app.today_view(now_or_clock(now)))
    }

    /// Sets the amount on hand (e.g. 28 `tablet`s, or 150 `ml`).
    #[uniffi::method(default(now = None))]
    pub fn set_supply(
        &self,
        medication_id: String,
        on_hand: f64,
        unit: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<(), CadenceError> {
        call(|| {
            self.app
                .set_supply(&medication_id, on_hand, &unit, now_or_clock(now))
        })
    }

    /// Records a refill (in the supply's unit), optionally with the days of
    /// supply the pharmacy dispensed.
    #[uniffi::method(default(days_supply = None, now = None))]
    pub fn refill(
        &self,
        medication_id: String,
        amount: f64,
        days_supply: Option<u32>,
        now: Option<DateTime<Utc>>,
    ) -> Result<(), CadenceError> {
        call(|| {
            self.app
                .refill(&medication_id, amount, days_supply, now_or_clock(now))
        })
    }

    /// The supply on hand and when it runs out at the current schedule
    /// (`None` when no supply was set).
    #[uniffi::method(default(now = None))]
    pub fn supply(
        &self,
        medication_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<Option<Supply>, CadenceError> {
        call(|| self.app.supply_status(&medication_id, now_or_clock(now)))
    }

    /// What to do about a dose at `now`: take it now, skip it, wait until a
    /// time then take it, or contact the prescriber — the prescriber's rule
    /// applied to the log. Structured (action, reason code, parameters,
    /// the prescriber's note) with a plain English sentence. Never suggests a
    /// double dose or breaks the rule's limits.
    #[uniffi::method(default(now = None))]
    pub fn guidance(
        &self,
        occurrence_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<Guidance, CadenceError> {
        call(|| self.app.guidance(&occurrence_id, now_or_clock(now)))
    }

    /// Whether `amount` of an as-needed medication may be taken now, with the
    /// reason and the earliest time it may.
    #[uniffi::method(default(now = None))]
    pub fn can_take_now(
        &self,
        medication_id: String,
        amount: f64,
        now: Option<DateTime<Utc>>,
    ) -> Result<PrnGuidance, CadenceError> {
        call(|| {
            self.app
                .can_take_now(&medication_id, amount, now_or_clock(now))
        })
    }

    /// Sets the prescriber's missed-dose rule for a medication.
    #[uniffi::method(default(now = None))]
    pub fn set_missed_dose_rule(
        &self,
        medication_id: String,
        rule: MissedDoseRule,
        now: Option<DateTime<Utc>>,
    ) -> Result<(), CadenceError> {
        call(|| {
            self.app
                .set_missed_dose_rule(&medication_id, &rule, now_or_clock(now))
        })
    }

    /// The medication's missed-dose rule (the default general rule when the
    /// prescriber set none).
    pub fn missed_dose_rule(&self, medication_id: String) -> Result<MissedDoseRule, CadenceError> {
        call(|| self.app.missed_dose_rule(&medication_id))
    }
}
