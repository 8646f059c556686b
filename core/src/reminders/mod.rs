//! # Reminders
//!
//! The core decides every notification; the apps only hand the plan to the
//! OS (UNUserNotificationCenter, AlarmManager) and report back. Pure
//! engines here, from data and `now`; the store (`store/reminders.rs`)
//! loads the data and saves settings, snoozes and delivery reports.
//!
//! | module | concept |
//! |---|---|
//! | [`model`] | settings, preferences, check-ins, alert recipients; notifications and plans |
//! | [`chain`] | one dose's reminder, follow-ups, snooze and missed notice |
//! | [`quiet`] | quiet hours from bedtime to wake |
//! | [`plan`](mod@plan) | [`reminder_plan`]: grouping, ids, the limit |
//! | [`refill`] | refill reminders when the supply runs low |
//! | [`check_in`] | check-in prompts (a weekly PHQ-9) |
//! | [`alert`] | the caregiver alert hook |
//! | [`diff`](mod@diff) | reconcile with the ids the app has scheduled |
//! | [`delivery`] | flag dose reminders the OS never delivered |
//! | [`suggest`] | routine suggestions from the person's own log |
//! | [`text`] | default English wording and stable ids |
//!
//! **Platform limits** (domain notes): iOS keeps the soonest 64 pending
//! notifications, so the plan is a rolling window ([`DEFAULT_LIMIT`]) the
//! app re-arms on every wake and before `replan_before`; Android alarms may
//! come up to an hour late without the exact-alarm permission and are
//! cleared on reboot, which the delivery check notices.
//!
//! **Invariants** (tested): logged doses are never in the plan; no reminder
//! but the missed notice comes after the latest take time; a snooze never
//! passes it; an unchanged notification keeps its id across re-plans; each
//! dose is reminded once per stage (no lost, no doubled notification across
//! DST and travel).

pub mod alert;
pub mod chain;
pub mod check_in;
pub mod delivery;
pub mod diff;
pub mod forecast;
pub mod input;
pub mod model;
pub mod plan;
pub mod quiet;
pub mod refill;
pub mod suggest;
pub mod text;

pub use delivery::{
    delivery_check, DeliveryCheck, DeliveryReport, IssuedNotification, UndeliveredReminder,
};
pub use diff::{diff, LATE_DELIVERY_GRACE_MINUTES};
pub use model::{
    AlertRecipient, AlertRecipientInput, CaregiverAlert, CheckInInput, CheckInPrompt,
    MedicationReminderSettings, Notification, NotificationAction, NotificationContent,
    NotificationDose, NotificationKind, ReminderDiff, ReminderPlan, ReminderPreferences,
    SnoozedDose,
};
pub use plan::{
    check_limit, reminder_plan, DoseState, PlanInput, PlannedMedication, SupplyForecast,
    DEFAULT_LIMIT, MAX_LIMIT,
};
pub use suggest::{routine_suggestions, ObservedDose, RoutineSuggestion};

/// Snooze choices the apps offer (minutes); any 1 to 720 is accepted.
pub const SNOOZE_PRESETS: [u32; 4] = [5, 10, 15, 30];
/// The longest custom snooze (minutes).
pub const MAX_SNOOZE_MINUTES: i64 = 720;
