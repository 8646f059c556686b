//! Use cases: reminders.

use chrono::{DateTime, Utc};

use super::App;
use crate::error::Result;
use crate::reminders::{
    AlertRecipient, AlertRecipientInput, CheckInInput, CheckInPrompt, DeliveryReport,
    MedicationReminderSettings, ReminderPreferences,
};

impl App {
    /// A medication's reminder settings (the defaults when none were set).
    pub fn reminder_settings(&self, medication_id: &str) -> Result<MedicationReminderSettings> {
        self.store.reminder_settings(medication_id)
    }

    /// Sets a medication's reminder settings (critical, follow-up delay and
    /// count, on/off).
    pub fn set_reminder_settings(
        &self,
        settings: &MedicationReminderSettings,
        now: DateTime<Utc>,
    ) -> Result<MedicationReminderSettings> {
        self.store.set_reminder_settings(settings, now)
    }

    /// The person's reminder preferences (quiet hours, refill threshold).
    pub fn reminder_preferences(&self) -> Result<ReminderPreferences> {
        self.store.reminder_preferences()
    }

    /// Sets the person's reminder preferences.
    pub fn set_reminder_preferences(
        &self,
        p: &ReminderPreferences,
        now: DateTime<Utc>,
    ) -> Result<ReminderPreferences> {
        self.store.set_reminder_preferences(p, now)
    }

    /// Adds a check-in prompt (at most 20).
    pub fn add_check_in(&self, input: &CheckInInput, now: DateTime<Utc>) -> Result<CheckInPrompt> {
        self.store.add_check_in(input, now)
    }

    /// Every check-in prompt, oldest first.
    pub fn check_ins(&self) -> Result<Vec<CheckInPrompt>> {
        self.store.check_ins()
    }

    /// Removes a check-in prompt. Unknown id: `InvalidInput` on `check_in_id`.
    pub fn delete_check_in(&self, id: &str) -> Result<()> {
        self.store.delete_check_in(id)
    }

    /// Marks a check-in done today (on the phone's wall clock): no prompt
    /// for it later today.
    pub fn complete_check_in(&self, id: &str, now: DateTime<Utc>) -> Result<CheckInPrompt> {
        self.store.complete_check_in(id, now)
    }

    /// Adds someone to alert when a dose stays unlogged. The caller is
    /// responsible for their consent until the consent issue takes this over.
    pub fn add_alert_recipient(
        &self,
        input: &AlertRecipientInput,
        now: DateTime<Utc>,
    ) -> Result<AlertRecipient> {
        self.store.add_alert_recipient(input, now)
    }

    /// Everyone alerted when a dose stays unlogged.
    pub fn alert_recipients(&self) -> Result<Vec<AlertRecipient>> {
        self.store.alert_recipients()
    }

    /// Removes an alert recipient. Unknown id: `InvalidInput`.
    pub fn remove_alert_recipient(&self, id: &str) -> Result<()> {
        self.store.remove_alert_recipient(id)
    }

    /// Records what the OS delivered (from the app's delivered-notification
    /// list). Ids the app never reported scheduled are ignored; returns how
    /// many were recorded.
    pub fn report_delivered(&self, reports: &[DeliveryReport]) -> Result<u32> {
        self.store.report_delivered(reports)
    }
}
