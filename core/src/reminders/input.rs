//! What the reminder planner reads, as plain data: each dose's state, the
//! medications, supply forecasts and the whole [`PlanInput`] of one plan.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use super::model::{
    AlertRecipient, CheckInPrompt, MedicationReminderSettings, ReminderPreferences,
};
use crate::model::Routine;
use crate::schedule::{DoseOccurrence, ZoneHistory};

/// A scheduled dose as the planner sees it.
#[derive(Debug, Clone)]
pub struct DoseState {
    /// The occurrence.
    pub occurrence: DoseOccurrence,
    /// The latest time its medication's rule allows taking it.
    pub take_by: DateTime<Utc>,
    /// Logged (taken or skipped): never reminded.
    pub logged: bool,
    /// Snoozed until then.
    pub snoozed_until: Option<DateTime<Utc>>,
}

/// A medication as the planner sees it.
#[derive(Debug, Clone)]
pub struct PlannedMedication {
    /// Its name.
    pub name: String,
    /// Its reminder settings.
    pub settings: MedicationReminderSettings,
    /// The low end of each plan's prescribed dose range, by plan id ("1–2
    /// tablets": 1); the doses carry the high end.
    pub dose_ranges: HashMap<String, f64>,
}

/// A medication's supply forecast (only medications with a supply set).
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyForecast {
    /// The medication.
    pub medication_id: String,
    /// Whole days left from today (`None`: no scheduled doses).
    pub days_left: Option<u32>,
    /// The local date it runs out, if within the forecast.
    pub runs_out_on: Option<NaiveDate>,
}

/// Everything [`reminder_plan`] reads.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    /// Doses of the window, logged or not, in any order.
    pub doses: &'a [DoseState],
    /// Active medications by id (doses of others are ignored).
    pub medications: &'a HashMap<String, PlannedMedication>,
    /// The person's preferences.
    pub preferences: &'a ReminderPreferences,
    /// The routine (quiet hours, refill time).
    pub routine: &'a Routine,
    /// The zones the phone has been and will be in (notifications show
    /// the wall clock of the zone at their time).
    pub zones: &'a ZoneHistory,
    /// Supply forecasts.
    pub supplies: &'a [SupplyForecast],
    /// Check-in prompts.
    pub check_ins: &'a [CheckInPrompt],
    /// Caregiver alert recipients.
    pub recipients: &'a [AlertRecipient],
    /// Ids of alerts already sent.
    pub alerts_sent: &'a HashSet<String>,
    /// Nothing at or after this instant is planned (the window's end: the
    /// plan is complete before it).
    pub horizon_end: DateTime<Utc>,
    /// Now.
    pub now: DateTime<Utc>,
    /// At most this many notifications (1 to 512).
    pub limit: u32,
}
