//! The dose log: what the person actually did — taken (when, how much),
//! skipped (and why: the barriers the care team needs to see), extra and
//! as-needed doses — with every earlier version kept.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Why a dose was skipped: the barriers to taking medication as planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SkipReason {
    /// Side effects.
    SideEffects,
    /// Forgot.
    Forgot,
    /// Ran out.
    RanOut,
    /// Cost.
    Cost,
    /// Could not get to the pharmacy.
    CouldNotGetToPharmacy,
    /// Felt better.
    FeltBetter,
    /// Felt worse.
    FeltWorse,
    /// Something else (see the note).
    Other,
}

impl SkipReason {
    /// Every reason.
    pub const ALL: [SkipReason; 8] = [
        SkipReason::SideEffects,
        SkipReason::Forgot,
        SkipReason::RanOut,
        SkipReason::Cost,
        SkipReason::CouldNotGetToPharmacy,
        SkipReason::FeltBetter,
        SkipReason::FeltWorse,
        SkipReason::Other,
    ];

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            SkipReason::SideEffects => "side_effects",
            SkipReason::Forgot => "forgot",
            SkipReason::RanOut => "ran_out",
            SkipReason::Cost => "cost",
            SkipReason::CouldNotGetToPharmacy => "could_not_get_to_pharmacy",
            SkipReason::FeltBetter => "felt_better",
            SkipReason::FeltWorse => "felt_worse",
            SkipReason::Other => "other",
        }
    }

    /// Parses a code produced by [`SkipReason::code`].
    pub fn from_code(field: &str, code: &str) -> Result<SkipReason> {
        SkipReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or_else(|| {
                let all: Vec<&str> = SkipReason::ALL.iter().map(|r| r.code()).collect();
                Error::invalid(
                    field,
                    format!("unknown skip reason; one of: {}", all.join(", ")),
                )
            })
    }
}

/// What kind of dose a log entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DoseKind {
    /// A scheduled occurrence.
    Scheduled,
    /// A dose taken off-schedule ("extra dose").
    Extra,
    /// An as-needed (PRN) dose.
    AsNeeded,
}

impl DoseKind {
    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            DoseKind::Scheduled => "scheduled",
            DoseKind::Extra => "extra",
            DoseKind::AsNeeded => "as_needed",
        }
    }
}

/// The state of a log entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum LogStatus {
    /// Taken.
    Taken,
    /// Skipped on purpose.
    Skipped,
    /// Undone: as if never logged (the history keeps what it was).
    Undone,
}

impl LogStatus {
    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            LogStatus::Taken => "taken",
            LogStatus::Skipped => "skipped",
            LogStatus::Undone => "undone",
        }
    }
}

/// Something the prescriber should know about a taken dose. The dose is
/// recorded anyway (the person already took it).
///
/// The limit variants say whose limit it was (`plan_limit`: the as-needed
/// plan's `maxDosePerPeriod`, `maxDosePerAdministration` or minimum interval
/// from its timing; else the prescriber's missed-dose rule) and carry the
/// warning in words (`message`, e.g. "2 mg in 24 hours, over the plan's
/// limit of 1 mg by 1 mg"). Entries logged before those fields existed read
/// `false` and an empty message: [`DoseWarning::sentence`] words them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "code")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DoseWarning {
    /// Taken sooner after the previous dose than the minimum interval.
    MinIntervalBroken {
        /// Minutes since the previous dose.
        minutes_since_previous: i64,
        /// The minimum interval.
        min_interval_minutes: u32,
        /// True: the as-needed plan's limit; false: the missed-dose rule's.
        #[serde(default)]
        #[cfg_attr(feature = "uniffi", uniffi(default = false))]
        plan_limit: bool,
        /// The warning in words.
        #[serde(default)]
        #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
        message: String,
    },
    /// More than the maximum per period.
    MaxPerPeriodExceeded {
        /// Amount taken in the period, this dose included.
        amount_in_period: f64,
        /// The maximum.
        max_amount: f64,
        /// The period, in minutes.
        period_minutes: u32,
        /// True: the as-needed plan's limit; false: the missed-dose rule's.
        #[serde(default)]
        #[cfg_attr(feature = "uniffi", uniffi(default = false))]
        plan_limit: bool,
        /// The warning in words.
        #[serde(default)]
        #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
        message: String,
    },
    /// More than the maximum per administration.
    MaxPerAdministrationExceeded {
        /// Amount taken.
        amount: f64,
        /// The maximum.
        max_amount: f64,
        /// True: the as-needed plan's limit; false: the missed-dose rule's.
        #[serde(default)]
        #[cfg_attr(feature = "uniffi", uniffi(default = false))]
        plan_limit: bool,
        /// The warning in words.
        #[serde(default)]
        #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
        message: String,
    },
    /// The time taken is after `now` (a wrong clock or a typo).
    TakenInTheFuture {
        /// How far ahead, in minutes.
        minutes_ahead: i64,
    },
}

/// An amount as people write it: `1`, `0.5`, `1.25` (at most 3 decimals).
fn amount_words(a: f64) -> String {
    let r = (a * 1000.0).round() / 1000.0;
    format!("{r}")
}

/// A duration in minutes as people say it: "29 minutes", "6 hours",
/// "5 hours 31 minutes", "7 days".
pub fn duration_words(minutes: i64) -> String {
    let m = minutes.abs();
    let plural = |n: i64, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    if m >= 2 * 1440 && m % 1440 == 0 {
        plural(m / 1440, "day")
    } else if m < 60 {
        plural(m, "minute")
    } else if m % 60 == 0 {
        plural(m / 60, "hour")
    } else {
        format!("{} {}", plural(m / 60, "hour"), plural(m % 60, "minute"))
    }
}

impl DoseWarning {
    /// The warning in words: which limit, and by how much. `unit` is the
    /// dose unit (`mg`, `tablet`). The words stored in `message` when the
    /// dose was logged are built by this.
    pub fn words(&self, unit: &str) -> String {
        let whose = |plan: bool| {
            if plan {
                "the plan"
            } else {
                "the missed-dose rule"
            }
        };
        let u = |a: f64| {
            if unit.is_empty() {
                amount_words(a)
            } else {
                format!("{} {unit}", amount_words(a))
            }
        };
        match self {
            DoseWarning::MinIntervalBroken {
                minutes_since_previous,
                min_interval_minutes,
                plan_limit,
                ..
            } => {
                let short = i64::from(*min_interval_minutes) - minutes_since_previous;
                format!(
                    "{} after the last dose, {} asks for at least {} ({} too soon)",
                    duration_words(*minutes_since_previous),
                    whose(*plan_limit),
                    duration_words(i64::from(*min_interval_minutes)),
                    duration_words(short.max(0)),
                )
            }
            DoseWarning::MaxPerPeriodExceeded {
                amount_in_period,
                max_amount,
                period_minutes,
                plan_limit,
                ..
            } => format!(
                "{} in {}, over {}'s limit of {} by {}",
                u(*amount_in_period),
                duration_words(i64::from(*period_minutes)),
                whose(*plan_limit),
                u(*max_amount),
                u(amount_in_period - max_amount),
            ),
            DoseWarning::MaxPerAdministrationExceeded {
                amount,
                max_amount,
                plan_limit,
                ..
            } => format!(
                "{} at once, over {}'s limit of {} per dose by {}",
                u(*amount),
                whose(*plan_limit),
                u(*max_amount),
                u(amount - max_amount),
            ),
            DoseWarning::TakenInTheFuture { minutes_ahead } => format!(
                "the time taken is {} after the time it was logged",
                duration_words(*minutes_ahead)
            ),
        }
    }

    /// The warning in words: the stored `message`, or (for entries logged
    /// before it existed, and a dose in the future) [`DoseWarning::words`]
    /// without a unit.
    pub fn sentence(&self) -> String {
        match self {
            DoseWarning::MinIntervalBroken { message, .. }
            | DoseWarning::MaxPerPeriodExceeded { message, .. }
            | DoseWarning::MaxPerAdministrationExceeded { message, .. }
                if !message.is_empty() =>
            {
                message.clone()
            }
            _ => self.words(""),
        }
    }
}

/// A logged dose, in its current state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DoseLogEntry {
    /// Entry id (UUID).
    pub id: String,
    /// The medication.
    pub medication_id: String,
    /// Scheduled, extra or as-needed.
    pub kind: DoseKind,
    /// The occurrence (scheduled doses only).
    pub occurrence_id: Option<String>,
    /// The plan of the occurrence.
    pub plan_id: Option<String>,
    /// When the occurrence was scheduled.
    pub scheduled_at: Option<DateTime<Utc>>,
    /// The local date of the occurrence.
    pub local_date: Option<NaiveDate>,
    /// Taken, skipped or undone.
    pub status: LogStatus,
    /// When it was taken.
    pub taken_at: Option<DateTime<Utc>>,
    /// Amount taken (the planned dose unless the person said otherwise).
    pub amount: Option<f64>,
    /// Unit of the amount.
    pub unit: Option<String>,
    /// Why it was skipped.
    pub skip_reason: Option<SkipReason>,
    /// The person's note (up to 2000 characters).
    pub note: String,
    /// Limits the dose broke, flagged for the prescriber.
    pub warnings: Vec<DoseWarning>,
    /// Version number; 1 when first logged, +1 per edit or undo.
    pub version: u32,
    /// When first logged.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// One earlier (or the current) version of a log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DoseLogVersion {
    /// Version number.
    pub version: u32,
    /// Status in that version.
    pub status: LogStatus,
    /// When taken, in that version.
    pub taken_at: Option<DateTime<Utc>>,
    /// Amount, in that version.
    pub amount: Option<f64>,
    /// Unit.
    pub unit: Option<String>,
    /// Skip reason, in that version.
    pub skip_reason: Option<SkipReason>,
    /// Note, in that version.
    pub note: String,
    /// When this version was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// What the person did with a scheduled dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DoseAction {
    /// Taken at `at` (default: now); `amount` if different from the plan.
    Taken {
        /// When.
        at: Option<DateTime<Utc>>,
        /// How much, in the plan's unit.
        amount: Option<f64>,
        /// Confirms a dose taken more than the early window
        /// ([`crate::guidance::EARLY_MINUTES`]) before its time; without it
        /// such a dose is refused (`InvalidInput`).
        #[serde(default)]
        #[cfg_attr(feature = "uniffi", uniffi(default = false))]
        early: bool,
    },
    /// Skipped, with the reason and an optional note.
    Skipped {
        /// Why.
        reason: SkipReason,
        /// The person's words.
        note: Option<String>,
    },
}

/// A dose that belongs to no scheduled occurrence: an extra (off-schedule)
/// or an as-needed dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UnscheduledDose {
    /// The medication.
    pub medication_id: String,
    /// [`DoseKind::Extra`] or [`DoseKind::AsNeeded`].
    pub kind: DoseKind,
    /// When it was taken.
    pub taken_at: DateTime<Utc>,
    /// How much.
    pub amount: f64,
    /// Unit of the amount.
    pub unit: String,
    /// The person's note (may be empty).
    pub note: String,
}

/// An edit of a log entry: `None` keeps the field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DoseLogEdit {
    /// New time taken.
    pub taken_at: Option<DateTime<Utc>>,
    /// New amount.
    pub amount: Option<f64>,
    /// New skip reason (skipped entries only).
    pub skip_reason: Option<SkipReason>,
    /// New note.
    pub note: Option<String>,
    /// Confirms a new time more than the early window
    /// ([`crate::guidance::EARLY_MINUTES`]) before a scheduled dose's time;
    /// without it such an edit is refused (`InvalidInput` on `taken_at`),
    /// as when logging.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub early: bool,
}

/// The medication's supply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Supply {
    /// The medication.
    pub medication_id: String,
    /// Amount on hand (can go below zero if doses were logged without stock).
    pub on_hand: f64,
    /// Unit of the supply (e.g. `tablet`, or the dose unit).
    pub unit: String,
    /// Local date the supply runs out at the current schedule, if it does
    /// within the next 400 days.
    pub runs_out_on: Option<NaiveDate>,
    /// Whole days of supply left from today (`None`: no scheduled doses).
    pub days_left: Option<u32>,
}
