//! Reminders API of the `Cadence` object: the rolling notification plan
//! and its diff, snooze, settings, check-in prompts, caregiver alert
//! recipients, delivery reports and routine suggestions.
//!
//! The app's loop: on every wake (and before `replan_before`) call
//! `reminder_diff` with the ids it has pending, cancel and add as told,
//! report the ids it scheduled with `report_scheduled` and what the OS
//! delivered with `report_delivered`; warn the person when
//! `delivery_check` finds undelivered reminders.

use chrono::{DateTime, Utc};

use cadence_core::reminders::{
    AlertRecipient, AlertRecipientInput, CheckInInput, CheckInPrompt, DeliveryCheck,
    DeliveryReport, MedicationReminderSettings, ReminderDiff, ReminderPlan, ReminderPreferences,
    RoutineSuggestion, SnoozedDose, DEFAULT_LIMIT,
};

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};

#[uniffi::export]
impl Cadence {
    /// The next notifications to schedule, soonest first: at most `limit`
    /// (default 64, the most iOS keeps; 1 to 512). Each has a stable id, the
    /// UTC fire time and the local time, the doses it covers, structured
    /// text and a default English title and body, and its actions. Doses
    /// already logged are never in it. Re-plan on every app wake.
    #[uniffi::method(default(limit = None, now = None))]
    pub fn reminder_plan(
        &self,
        limit: Option<u32>,
        now: Option<DateTime<Utc>>,
    ) -> Result<ReminderPlan, CadenceError> {
        call(|| {
            self.app
                .reminder_plan(now_or_clock(now), limit.unwrap_or(DEFAULT_LIMIT))
        })
    }

    /// The plan as changes to what the app has scheduled (`scheduled_ids`):
    /// ids to cancel, notifications to add, ids to leave, and `arriving`:
    /// ids whose time passed less than 15 minutes ago with their doses
    /// unlogged, left for the OS to deliver late (Android Doze) — report
    /// every alarm still armed, past ones included.
    #[uniffi::method(default(limit = None, now = None))]
    pub fn reminder_diff(
        &self,
        scheduled_ids: Vec<String>,
        limit: Option<u32>,
        now: Option<DateTime<Utc>>,
    ) -> Result<ReminderDiff, CadenceError> {
        call(|| {
            self.app.reminder_diff(
                now_or_clock(now),
                limit.unwrap_or(DEFAULT_LIMIT),
                &scheduled_ids,
            )
        })
    }

    /// Snoozes a dose reminder (`target_id`: a notification id or an
    /// occurrence id) by `minutes` (5, 10, 15, 30 or any 1 to 720). Never
    /// past the latest time the medication's rule allows taking the dose:
    /// the snooze is shortened to it (`limited_by_rule`). A snooze into the
    /// past, an unknown id or a logged dose is an error.
    #[uniffi::method(default(now = None))]
    pub fn snooze(
        &self,
        target_id: String,
        minutes: i64,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<SnoozedDose>, CadenceError> {
        call(|| self.app.snooze(&target_id, minutes, now_or_clock(now)))
    }

    /// Snoozes until an instant (at most 720 minutes ahead; see `snooze`).
    #[uniffi::method(default(now = None))]
    pub fn snooze_until(
        &self,
        target_id: String,
        until: DateTime<Utc>,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<SnoozedDose>, CadenceError> {
        call(|| self.app.snooze_until(&target_id, until, now_or_clock(now)))
    }

    /// A medication's reminder settings (defaults when never set).
    pub fn reminder_settings(
        &self,
        medication_id: String,
    ) -> Result<MedicationReminderSettings, CadenceError> {
        call(|| self.app.reminder_settings(&medication_id))
    }

    /// Sets a medication's reminder settings: on/off, critical (ignores
    /// quiet hours), follow-up delay (5 to 240 min) and count (0 to 5).
    #[uniffi::method(default(now = None))]
    pub fn set_reminder_settings(
        &self,
        settings: MedicationReminderSettings,
        now: Option<DateTime<Utc>>,
    ) -> Result<MedicationReminderSettings, CadenceError> {
        call(|| self.app.set_reminder_settings(&settings, now_or_clock(now)))
    }

    /// The person's reminder preferences (quiet hours, refill threshold).
    pub fn reminder_preferences(&self) -> Result<ReminderPreferences, CadenceError> {
        call(|| self.app.reminder_preferences())
    }

    /// Sets the person's reminder preferences.
    #[uniffi::method(default(now = None))]
    pub fn set_reminder_preferences(
        &self,
        preferences: ReminderPreferences,
        now: Option<DateTime<Utc>>,
    ) -> Result<ReminderPreferences, CadenceError> {
        call(|| {
            self.app
                .set_reminder_preferences(&preferences, now_or_clock(now))
        })
    }

    /// Adds a check-in prompt (e.g. PHQ-9 every Sunday at 19:00), scheduled
    /// through the reminder plan.
    #[uniffi::method(default(now = None))]
    pub fn add_check_in(
        &self,
        input: CheckInInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<CheckInPrompt, CadenceError> {
        call(|| self.app.add_check_in(&input, now_or_clock(now)))
    }

    /// Every check-in prompt.
    pub fn check_ins(&self) -> Result<Vec<CheckInPrompt>, CadenceError> {
        call(|| self.app.check_ins())
    }

    /// Removes a check-in prompt.
    pub fn delete_check_in(&self, check_in_id: String) -> Result<(), CadenceError> {
        call(|| self.app.delete_check_in(&check_in_id))
    }

    /// Marks a check-in done today: no more prompts for it today.
    #[uniffi::method(default(now = None))]
    pub fn complete_check_in(
        &self,
        check_in_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<CheckInPrompt, CadenceError> {
        call(|| self.app.complete_check_in(&check_in_id, now_or_clock(now)))
    }

    /// Adds someone alerted when a dose stays unlogged past their delay.
    /// Until consent management lands, the app must add only people who
    /// agreed to alert-only sharing.
    #[uniffi::method(default(now = None))]
    pub fn add_alert_recipient(
        &self,
        input: AlertRecipientInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<AlertRecipient, CadenceError> {
        call(|| self.app.add_alert_recipient(&input, now_or_clock(now)))
    }

    /// Everyone alerted when a dose stays unlogged.
    pub fn alert_recipients(&self) -> Result<Vec<AlertRecipient>, CadenceError> {
        call(|| self.app.alert_recipients())
    }

    /// Removes an alert recipient.
    pub fn remove_alert_recipient(&self, recipient_id: String) -> Result<(), CadenceError> {
        call(|| self.app.remove_alert_recipient(&recipient_id))
    }

    /// Records that the app sent a caregiver alert from the plan.
    #[uniffi::method(default(now = None))]
    pub fn mark_alert_sent(
        &self,
        alert_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<(), CadenceError> {
        call(|| self.app.mark_alert_sent(&alert_id, now_or_clock(now)))
    }

    /// Records which plan notifications the app handed to the OS; returns
    /// how many were recognised.
    #[uniffi::method(default(now = None))]
    pub fn report_scheduled(
        &self,
        notification_ids: Vec<String>,
        now: Option<DateTime<Utc>>,
    ) -> Result<u32, CadenceError> {
        call(|| {
            self.app
                .report_scheduled(&notification_ids, now_or_clock(now))
        })
    }

    /// Records which notifications the OS delivered, and when; returns how
    /// many were recognised.
    pub fn report_delivered(&self, reports: Vec<DeliveryReport>) -> Result<u32, CadenceError> {
        call(|| self.app.report_delivered(&reports))
    }

    /// Dose reminders of the last 48 hours that never arrived while their
    /// doses are still unlogged (warn the person: exact alarms revoked, app
    /// killed, notifications off).
    #[uniffi::method(default(now = None))]
    pub fn delivery_check(
        &self,
        now: Option<DateTime<Utc>>,
    ) -> Result<DeliveryCheck, CadenceError> {
        call(|| self.app.delivery_check(now_or_clock(now)))
    }

    /// Routine times the person's own log regularly does not match, with
    /// the time it suggests (apply with `set_routine_times`).
    #[uniffi::method(default(now = None))]
    pub fn routine_suggestions(
        &self,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<RoutineSuggestion>, CadenceError> {
        call(|| self.app.routine_suggestions(now_or_clock(now)))
    }
}
