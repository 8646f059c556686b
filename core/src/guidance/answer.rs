//! The guidance engine's input and answer, as plain data: the occurrence
//! asked about with its neighbourhood, and the structured answer (action,
//! reason code, the values behind it, and a plain sentence). The answer of
//! an as-needed dose ([`PrnGuidance`]) too. No logic beyond conversions.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::rule::{MissedDosePattern, MissedDoseRule};
use crate::schedule::{Dose, DoseOccurrence, MaxPerPeriod, PrnLimit, TakenDose};

/// The scheduled dose that guidance is asked about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GuidedOccurrence {
    /// The occurrence id.
    pub id: String,
    /// When it is scheduled (UTC).
    pub scheduled_at: DateTime<Utc>,
    /// The dose.
    pub dose: Dose,
    /// The zone whose wall clock the sentence uses (the occurrence's zone).
    pub zone: Tz,
}

impl From<&DoseOccurrence> for GuidedOccurrence {
    fn from(o: &DoseOccurrence) -> Self {
        GuidedOccurrence {
            id: o.id.to_string(),
            scheduled_at: o.utc,
            dose: o.dose.clone(),
            zone: o.zone,
        }
    }
}

/// What the dose log says about the occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum OccurrenceLog {
    /// Nothing logged (or the last entry was undone).
    NotLogged,
    /// Logged as taken.
    Taken,
    /// Logged as skipped.
    Skipped,
}

/// Everything [`guidance`] needs; built by the caller from the store and the
/// expanded schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GuidanceInput {
    /// The occurrence.
    pub occurrence: GuidedOccurrence,
    /// The next scheduled occurrence of the same medication (any plan), if any.
    pub next_scheduled_at: Option<DateTime<Utc>>,
    /// The doses of this medication actually taken, at least over the
    /// longest limit period before `now` (scheduled, extra and off-schedule
    /// doses alike; doses after `now` are ignored).
    pub taken: Vec<TakenDose>,
    /// The occurrence's log state.
    pub log: OccurrenceLog,
    /// Occurrences missed (not taken) in a row immediately before this one.
    pub consecutive_missed_before: u32,
    /// The medication's rule.
    pub rule: MissedDoseRule,
    /// When the doses logged for occurrences of the medication's *other*
    /// plans scheduled at the same instant (another plan's part of the same
    /// dose) were taken: they are among `taken` but are not a catch-up for
    /// this one, nor too recent for it. Usually empty.
    #[serde(default)]
    pub same_time_taken: Vec<DateTime<Utc>>,
}

/// What the person should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum GuidanceAction {
    /// Take the dose now.
    TakeNow,
    /// Skip this dose; take the next one as usual.
    SkipThisDose,
    /// Wait until [`GuidanceParams::take_at`], then take it.
    WaitUntil,
    /// Contact the prescriber before taking it.
    ContactPrescriber,
    /// It is already taken: nothing to do.
    AlreadyTaken,
    /// Not due yet: take it at [`GuidanceParams::take_at`].
    NotDueYet,
}

/// Why, as a code the apps can localize.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum GuidanceReason {
    /// Due now, within the on-time window.
    OnTime,
    /// Late, but the rule still allows it (until `latest_take_time`).
    Late,
    /// Not due yet.
    NotDueYet,
    /// More than the rule's window after the scheduled time.
    TooLate,
    /// The next dose is too close (the pattern's hours before it, or the
    /// minimum interval when `limit` is set).
    NearNextDose,
    /// A dose taken too recently: the minimum interval.
    MinInterval,
    /// The maximum per rolling period.
    MaxPerPeriod,
    /// The dose alone is more than a limit allows.
    DoseAboveLimit,
    /// The prescriber asked to be contacted after this many missed doses.
    ConsecutiveMissed,
    /// The occurrence is logged as taken.
    AlreadyTaken,
    /// The occurrence is logged as skipped.
    LoggedSkipped,
    /// As-needed: every limit allows a dose now.
    WithinLimits,
    /// A later dose of the same medication is already due (or past): this
    /// older one is not made up; take that one instead.
    LaterDoseDue,
    /// A dose of the medication (scheduled, extra or as-needed) was taken
    /// after this one's scheduled time: that was the catch-up.
    DoseTakenSince,
    /// A dose was taken too recently: doses are kept
    /// [`GuidanceParams::min_gap_minutes`] apart even where the rule sets no
    /// minimum interval.
    RecentDose,
}

/// The values behind the answer, for the apps' own wording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GuidanceParams {
    /// The instant the guidance is for.
    pub now: DateTime<Utc>,
    /// The zone of the wording.
    pub zone: Tz,
    /// The scheduled dose.
    pub dose: Dose,
    /// When it was scheduled.
    pub scheduled_at: DateTime<Utc>,
    /// Minutes after the scheduled time (0 before it).
    pub minutes_late: i64,
    /// The next scheduled dose.
    pub next_dose_at: Option<DateTime<Utc>>,
    /// The skip point: the latest time the rule lets it be taken.
    pub latest_take_time: DateTime<Utc>,
    /// When to take it: `now` for take-now, the time to wait for, or the
    /// scheduled time when not due yet.
    pub take_at: Option<DateTime<Utc>>,
    /// Doses taken in the 24 h up to `now`.
    pub doses_last_24h: u32,
    /// Amount taken in the 24 h up to `now` (dose unit).
    pub amount_last_24h: f64,
    /// The last dose taken up to `now`.
    pub last_dose_at: Option<DateTime<Utc>>,
    /// The dose limit that applied, if one did.
    pub limit: Option<PrnLimit>,
    /// The rule's maximum per period.
    pub max_per_period: Option<MaxPerPeriod>,
    /// The rule's minimum interval.
    pub min_interval_minutes: Option<u32>,
    /// Occurrences missed in a row before this one.
    pub consecutive_missed_before: u32,
    /// The first dose taken after the scheduled time (the catch-up), if any.
    pub taken_since_at: Option<DateTime<Utc>>,
    /// The least time kept between two doses, in minutes: the rule's
    /// minimum interval, else [`super::MIN_GAP_MINUTES`] (or the plan's own
    /// gap to the next dose if shorter).
    pub min_gap_minutes: u32,
}

/// The structured answer of [`guidance`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Guidance {
    /// The occurrence it is about.
    pub occurrence_id: String,
    /// What to do.
    pub action: GuidanceAction,
    /// Why.
    pub reason: GuidanceReason,
    /// The prescriber's pattern (with its parameters).
    pub pattern: MissedDosePattern,
    /// The values behind it.
    pub params: GuidanceParams,
    /// The prescriber's note, if any (not repeated in `message`).
    pub prescriber_note: Option<String>,
    /// A plain English sentence built from the fields above.
    pub message: String,
}

/// The answer of [`can_take_now`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PrnGuidance {
    /// [`GuidanceAction::TakeNow`], [`GuidanceAction::WaitUntil`] or, for a
    /// dose that no wait makes allowed, [`GuidanceAction::ContactPrescriber`].
    pub action: GuidanceAction,
    /// [`GuidanceReason::WithinLimits`], or the limit that holds the dose back
    /// the longest ([`GuidanceReason::MinInterval`],
    /// [`GuidanceReason::MaxPerPeriod`], [`GuidanceReason::DoseAboveLimit`]).
    pub reason: GuidanceReason,
    /// Every limit the dose would break now.
    pub limits: Vec<PrnLimit>,
    /// The earliest time the dose is allowed: `now` if it is, `None` never.
    pub earliest_at: Option<DateTime<Utc>>,
    /// Doses taken in the 24 h up to `now`.
    pub doses_last_24h: u32,
    /// Amount taken in the 24 h up to `now`.
    pub amount_last_24h: f64,
    /// The last dose up to `now`.
    pub last_dose_at: Option<DateTime<Utc>>,
    /// The plan's minimum interval.
    pub min_interval_minutes: Option<u32>,
    /// The plan's maximum per period.
    pub max_per_period: Option<MaxPerPeriod>,
    /// A plain English sentence built from the fields above.
    pub message: String,
}
