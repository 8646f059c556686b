//! The reminder model: what the person and the prescriber set (settings per
//! medication, preferences, check-in prompts, alert recipients) and what the
//! planner returns (notifications, their text and actions, caregiver alerts).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::limits;
use crate::model::RoutineEvent;
use crate::schedule::DayOfWeek;

/// Follow-up delay when none is set: 30 minutes.
pub const DEFAULT_FOLLOW_UP_DELAY_MINUTES: u32 = 30;
/// Follow-ups when none is set: 2, then the dose counts as missed.
pub const DEFAULT_FOLLOW_UP_COUNT: u32 = 2;
/// Shortest follow-up delay (Android's inexact alarm window is 10 min).
pub const MIN_FOLLOW_UP_DELAY_MINUTES: u32 = 5;
/// Longest follow-up delay.
pub const MAX_FOLLOW_UP_DELAY_MINUTES: u32 = 240;
/// Most follow-ups per dose.
pub const MAX_FOLLOW_UP_COUNT: u32 = 5;
/// Refill reminders start when the supply covers fewer days than this.
pub const DEFAULT_REFILL_THRESHOLD_DAYS: u32 = 7;
/// Largest refill threshold.
pub const MAX_REFILL_THRESHOLD_DAYS: u32 = 60;
/// Longest caregiver alert delay (a day).
pub const MAX_ALERT_DELAY_MINUTES: u32 = 24 * 60;
/// Check-in prompts a person can keep.
pub const MAX_CHECK_INS: usize = 20;
/// Alert recipients a person can keep.
pub const MAX_ALERT_RECIPIENTS: usize = 20;

/// How one medication's reminders behave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MedicationReminderSettings {
    /// The medication.
    pub medication_id: String,
    /// Reminders on (default) or off for this medication.
    pub enabled: bool,
    /// Critical medications ignore quiet hours (their reminders ring at night).
    pub critical: bool,
    /// Minutes between the reminder and each follow-up (5 to 240; default 30).
    pub follow_up_delay_minutes: u32,
    /// Follow-ups before the dose counts as missed (0 to 5; default 2).
    pub follow_up_count: u32,
}

impl MedicationReminderSettings {
    /// The defaults: on, not critical, follow-ups every 30 min, two of them.
    pub fn default_for(medication_id: impl Into<String>) -> Self {
        MedicationReminderSettings {
            medication_id: medication_id.into(),
            enabled: true,
            critical: false,
            follow_up_delay_minutes: DEFAULT_FOLLOW_UP_DELAY_MINUTES,
            follow_up_count: DEFAULT_FOLLOW_UP_COUNT,
        }
    }

    /// Checks the ranges; the error names the field.
    pub fn validate(&self) -> Result<()> {
        let d = self.follow_up_delay_minutes;
        if !(MIN_FOLLOW_UP_DELAY_MINUTES..=MAX_FOLLOW_UP_DELAY_MINUTES).contains(&d) {
            return Err(Error::invalid(
                "follow_up_delay_minutes",
                "must be between 5 and 240 minutes",
            ));
        }
        if self.follow_up_count > MAX_FOLLOW_UP_COUNT {
            return Err(Error::invalid("follow_up_count", "must be between 0 and 5"));
        }
        Ok(())
    }
}

/// The person's reminder preferences (one set per person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReminderPreferences {
    /// Hold non-critical reminders from bedtime to wake (default on).
    pub quiet_hours: bool,
    /// Remind to refill when the supply covers fewer days than this
    /// (1 to 60; default 7).
    pub refill_threshold_days: u32,
}

impl Default for ReminderPreferences {
    fn default() -> Self {
        ReminderPreferences {
            quiet_hours: true,
            refill_threshold_days: DEFAULT_REFILL_THRESHOLD_DAYS,
        }
    }
}

impl ReminderPreferences {
    /// Checks the ranges; the error names the field.
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_REFILL_THRESHOLD_DAYS).contains(&self.refill_threshold_days) {
            return Err(Error::invalid(
                "refill_threshold_days",
                "must be between 1 and 60 days",
            ));
        }
        Ok(())
    }
}

/// What the app sends to add a check-in prompt ("PHQ-9 every Sunday 19:00").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckInInput {
    /// What the prompt says, e.g. "PHQ-9" (1 to 200 characters).
    pub label: String,
    /// The questionnaire it opens (`phq9`, `gad7`, `mood`), if any.
    pub instrument: Option<String>,
    /// The days it comes on (empty: every day).
    pub days: Vec<DayOfWeek>,
    /// The local time on the phone's wall clock.
    pub time: NaiveTime,
}

impl CheckInInput {
    /// Checks every field; the error names the first field that is wrong.
    pub fn validate(&self) -> Result<()> {
        limits::text("check_in.label", &self.label, 1, limits::MAX_NAME_CHARS)?;
        if let Some(i) = &self.instrument {
            limits::text("check_in.instrument", i, 1, limits::MAX_UNIT_CHARS)?;
        }
        for (i, d) in self.days.iter().enumerate() {
            if self.days[..i].contains(d) {
                return Err(Error::invalid(
                    format!("check_in.days[{i}]"),
                    "a day is listed twice",
                ));
            }
        }
        Ok(())
    }
}

/// A stored check-in prompt, scheduled through the reminder plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckInPrompt {
    /// Stable id (a UUID).
    pub id: String,
    /// What the prompt says.
    pub label: String,
    /// The questionnaire it opens, if any.
    pub instrument: Option<String>,
    /// The days it comes on (empty: every day).
    pub days: Vec<DayOfWeek>,
    /// Local time.
    pub time: NaiveTime,
    /// The last local date it was done (no prompt that day).
    pub last_done_on: Option<NaiveDate>,
}

/// What the app sends to add a care-team member who is alerted when a dose
/// stays unlogged. Alerts go out only while the member holds an active
/// alert-only (or dose-log) consent grant: revoking it stops them at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AlertRecipientInput {
    /// The care-team member (see `add_care_member`).
    pub member_id: String,
    /// How the person names them ("Mum", "Dr Lee"), 1 to 200 characters.
    pub label: String,
    /// Alert when a dose is still unlogged this long after its time
    /// (30 to 1440 minutes).
    pub delay_minutes: u32,
    /// Only these medications (empty: every medication).
    pub medication_ids: Vec<String>,
}

impl AlertRecipientInput {
    /// Checks every field.
    pub fn validate(&self) -> Result<()> {
        if uuid::Uuid::parse_str(&self.member_id).is_err() {
            return Err(Error::invalid(
                "alert_recipient.member_id",
                "expected a UUID",
            ));
        }
        limits::text(
            "alert_recipient.label",
            &self.label,
            1,
            limits::MAX_NAME_CHARS,
        )?;
        if !(30..=MAX_ALERT_DELAY_MINUTES).contains(&self.delay_minutes) {
            return Err(Error::invalid(
                "alert_recipient.delay_minutes",
                "must be between 30 and 1440 minutes",
            ));
        }
        if self.medication_ids.len() > limits::MAX_MEDICATIONS {
            return Err(Error::invalid(
                "alert_recipient.medication_ids",
                "at most 200 medications",
            ));
        }
        Ok(())
    }
}

/// Someone alerted when a dose stays unlogged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AlertRecipient {
    /// Stable id (a UUID).
    pub id: String,
    /// The care-team member.
    pub member_id: String,
    /// How the person names them.
    pub label: String,
    /// Minutes after the dose's time.
    pub delay_minutes: u32,
    /// Only these medications (empty: every medication).
    pub medication_ids: Vec<String>,
}

impl AlertRecipient {
    /// Whether doses of `medication_id` are watched.
    pub fn watches(&self, medication_id: &str) -> bool {
        self.medication_ids.is_empty() || self.medication_ids.iter().any(|m| m == medication_id)
    }
}

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum NotificationKind {
    /// Doses are due now.
    Dose,
    /// Doses are still not logged (a follow-up).
    FollowUp,
    /// The person snoozed the reminder until now.
    Snoozed,
    /// The doses now count as missed: open the guidance.
    Missed,
    /// The supply runs low.
    Refill,
    /// A check-in (questionnaire, mood) is due.
    CheckIn,
}

impl NotificationKind {
    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::Dose => "dose",
            NotificationKind::FollowUp => "follow_up",
            NotificationKind::Snoozed => "snoozed",
            NotificationKind::Missed => "missed",
            NotificationKind::Refill => "refill",
            NotificationKind::CheckIn => "check_in",
        }
    }

    /// Whether it is about doses (and so covers occurrences).
    pub fn is_dose(self) -> bool {
        matches!(
            self,
            NotificationKind::Dose
                | NotificationKind::FollowUp
                | NotificationKind::Snoozed
                | NotificationKind::Missed
        )
    }
}

/// A button on the notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum NotificationAction {
    /// Log every covered dose as taken.
    Taken,
    /// Snooze (5, 10, 15, 30 min or custom; never past `take_by`).
    Snooze,
    /// Log every covered dose as skipped.
    Skip,
    /// Open the missed-dose guidance.
    Guidance,
    /// Open the app (refill, check-in).
    Open,
}

/// One dose in a notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NotificationDose {
    /// The occurrence.
    pub occurrence_id: String,
    /// The medication.
    pub medication_id: String,
    /// Its name.
    pub medication_name: String,
    /// Amount (the high end of a prescribed range).
    pub amount: f64,
    /// The low end of a prescribed dose range ("1–2 tablets"), if any.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub amount_min: Option<f64>,
    /// Unit.
    pub unit: String,
    /// When it was due.
    pub scheduled_at: DateTime<Utc>,
    /// The latest time the rule allows taking it.
    pub take_by: DateTime<Utc>,
}

/// The structured content of a notification, for apps that word it
/// themselves (other languages, lock-screen privacy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NotificationContent {
    /// The routine moment of the doses ("bedtime"); doses at clock times get
    /// the part of the day they fall in.
    pub moment: Option<RoutineEvent>,
    /// The doses covered (dose kinds), in time then name order.
    pub doses: Vec<NotificationDose>,
    /// Follow-up number (1 = first follow-up; 0 otherwise).
    pub follow_up: u32,
    /// Held from quiet hours until wake.
    pub held_for_quiet_hours: bool,
    /// Refills: days of supply left.
    pub days_left: Option<u32>,
    /// Refills: the local date the supply runs out.
    pub runs_out_on: Option<NaiveDate>,
    /// Check-ins: the prompt.
    pub check_in_id: Option<String>,
    /// Check-ins: the questionnaire to open.
    pub instrument: Option<String>,
    /// Refills and check-ins: what it is about (medication name, prompt label).
    pub subject: Option<String>,
}

/// One local notification for the OS to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Notification {
    /// Stable id derived from everything it shows and when: an unchanged
    /// notification keeps its id across re-plans.
    pub id: String,
    /// What it is about.
    pub kind: NotificationKind,
    /// When to show it.
    pub fire_at: DateTime<Utc>,
    /// The same instant on the phone's wall clock.
    pub local: DateTime<FixedOffset>,
    /// The zone of `local` (the phone's zone).
    pub zone: Tz,
    /// The occurrences it covers (dose kinds).
    pub occurrence_ids: Vec<String>,
    /// The medications it is about.
    pub medication_ids: Vec<String>,
    /// Critical medication: show even in quiet hours / focus modes.
    pub critical: bool,
    /// The earliest latest-take time of the covered doses: snoozing never
    /// goes past it.
    pub take_by: Option<DateTime<Utc>>,
    /// Structured fields.
    pub content: NotificationContent,
    /// Default English title.
    pub title: String,
    /// Default English body.
    pub body: String,
    /// The buttons, in order.
    pub actions: Vec<NotificationAction>,
}

/// A message the app sends to a caregiver when a dose stays unlogged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CaregiverAlert {
    /// Stable id (report it sent with `mark_alert_sent`).
    pub id: String,
    /// Who to alert.
    pub recipient_id: String,
    /// The doses still unlogged.
    pub occurrence_ids: Vec<String>,
    /// Their medications.
    pub medication_ids: Vec<String>,
    /// When the doses were due.
    pub scheduled_at: DateTime<Utc>,
    /// When to send (now or earlier: send at once).
    pub send_at: DateTime<Utc>,
    /// Default English text for the recipient (no medication names).
    pub message: String,
}

/// The rolling plan: the next notifications, soonest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReminderPlan {
    /// When it was computed.
    pub generated_at: DateTime<Utc>,
    /// The notifications (at most the limit asked for).
    pub notifications: Vec<Notification>,
    /// Caregiver alerts to send at their `send_at`.
    pub alerts: Vec<CaregiverAlert>,
    /// Re-plan before this instant (the last notification's time, when the
    /// plan was cut at the limit or the horizon); `None`: nothing further.
    pub replan_before: Option<DateTime<Utc>>,
}

/// What the app changes to match a new plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReminderDiff {
    /// Scheduled ids no longer in the plan: cancel them.
    pub to_cancel: Vec<String>,
    /// Notifications not scheduled yet: add them.
    pub to_add: Vec<Notification>,
    /// Ids already scheduled and still in the plan: leave them.
    pub unchanged: Vec<String>,
    /// Ids already scheduled whose time passed less than
    /// `LATE_DELIVERY_GRACE_MINUTES` ago, doses still unlogged: the OS may
    /// be delivering them late (Android Doze). Leave them; they are not in
    /// the plan any more, so a later reconcile cancels them if still pending.
    pub arriving: Vec<String>,
    /// The plan's caregiver alerts.
    pub alerts: Vec<CaregiverAlert>,
    /// As in the plan.
    pub replan_before: Option<DateTime<Utc>>,
}

/// One dose snoozed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SnoozedDose {
    /// The occurrence.
    pub occurrence_id: String,
    /// The reminder comes back at this time.
    pub until: DateTime<Utc>,
    /// The latest time the rule allows taking the dose.
    pub take_by: DateTime<Utc>,
    /// True when the snooze was shortened to `take_by`.
    pub limited_by_rule: bool,
}

/// Every set of buttons a notification carries, in the order shown: a dose
/// that may still be snoozed (taken, snooze, skip), a missed one (guidance
/// first), one past its snooze limit (guidance last), and a refill or
/// check-in (open). The apps register one category per set (iOS, at launch).
pub const BUTTON_SETS: [&[NotificationAction]; 4] = [
    &[
        NotificationAction::Taken,
        NotificationAction::Snooze,
        NotificationAction::Skip,
    ],
    &[
        NotificationAction::Guidance,
        NotificationAction::Taken,
        NotificationAction::Skip,
    ],
    &[
        NotificationAction::Taken,
        NotificationAction::Skip,
        NotificationAction::Guidance,
    ],
    &[NotificationAction::Open],
];
