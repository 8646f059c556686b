//! Dosing plans: what dose, at which timing, in which zone, from when to when,
//! with pauses ("holds") and dose-change steps (titration or taper).
//!
//! A plan is plain data; [`DosingPlan::validate`] checks it and
//! [`super::expand()`] turns it into dose occurrences. The store keeps plans as
//! their serde JSON form (every optional field may be absent when read back).

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use super::dose::Dose;
use super::prescribed::Prescribed;
use super::timing::Timing;

/// A dose that differs from the plan's (or step's) dose in one slot, e.g.
/// 50 mg in the morning and 25 mg at night.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SlotDose {
    /// The slot key, as in [`super::DoseOccurrence::slot`] (e.g. `time@08:00`,
    /// `when@HS`, `when@C.lunch`).
    pub slot: String,
    /// The dose in that slot.
    pub dose: Dose,
}

/// Which zone's wall clock a plan's times are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ZonePolicy {
    /// The wall clock follows the zone the phone is in (routine-anchored doses).
    FollowDevice,
    /// Fixed absolute times in this zone, whatever zone the phone is in
    /// (narrow-window drugs such as the progestogen-only pill).
    Pinned {
        /// The home zone.
        zone: Tz,
    },
}

/// A pause: no doses on the local dates from `from` to `to` (both included;
/// no `to` means until further notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Hold {
    /// First paused date.
    pub from: NaiveDate,
    /// Last paused date, if known.
    pub to: Option<NaiveDate>,
}

impl Hold {
    /// True if `date` is paused.
    pub fn covers(&self, date: NaiveDate) -> bool {
        date >= self.from && self.to.is_none_or(|to| date <= to)
    }
}

/// One step of a titration or taper: this dose at this timing for `days`
/// days from `start`. A step covers local time from `start` at the plan's
/// `step_switch_time` to the same time `days` days later, so at each switch
/// every slot belongs to exactly one step: no dose is dropped or doubled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DoseStep {
    /// First local date of the step.
    pub start: NaiveDate,
    /// Length in days (at least 1); only the last step may leave it open.
    pub days: Option<u32>,
    /// The dose in this step.
    pub dose: Dose,
    /// Per-slot doses in this step.
    #[serde(default)]
    pub slot_doses: Vec<SlotDose>,
    /// The timing in this step.
    pub timing: Timing,
}

/// The limits of an as-needed (PRN) plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AsNeeded {
    /// Why it is taken, free text from the prescription (e.g. "anxiety").
    #[serde(default)]
    pub reason: Option<String>,
    /// At most this much in any rolling period (FHIR `maxDosePerPeriod`).
    #[serde(default)]
    pub max_per_period: Option<MaxPerPeriod>,
    /// At most this much at once (FHIR `maxDosePerAdministration`).
    #[serde(default)]
    pub max_per_administration: Option<Dose>,
    /// At least this many minutes between two doses.
    #[serde(default)]
    pub min_interval_minutes: Option<u32>,
}

/// "At most `amount` per `period_minutes`", e.g. 4 tablets per 1440 minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MaxPerPeriod {
    /// The most that may be taken in the period.
    pub amount: Dose,
    /// The rolling period, in minutes (at least 1).
    pub period_minutes: u32,
}

/// A dosing plan of one medication. A medication may have several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DosingPlan {
    /// Stable id (a UUID).
    pub id: String,
    /// The medication it belongs to.
    pub medication_id: String,
    /// Version, bumped by the store on every edit (part of occurrence ids).
    pub version: u32,
    /// The dose in every slot without a [`SlotDose`].
    pub dose: Dose,
    /// Doses that differ per slot.
    #[serde(default)]
    pub slot_doses: Vec<SlotDose>,
    /// When doses are due outside the steps.
    pub timing: Timing,
    /// Whose wall clock the times are read in.
    pub zone_policy: ZonePolicy,
    /// First local date of the plan (included).
    #[serde(default)]
    pub start: Option<NaiveDate>,
    /// Last local date of the plan (included).
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// Pauses.
    #[serde(default)]
    pub holds: Vec<Hold>,
    /// Titration or taper steps. Where a step applies, its dose and timing
    /// replace the plan's; local time outside every step follows the plan's
    /// own dose and timing (e.g. the maintenance dose after a titration; set
    /// `end` to stop after a taper).
    #[serde(default)]
    pub steps: Vec<DoseStep>,
    /// The local time at which steps switch (default 00:00).
    #[serde(default = "midnight")]
    pub step_switch_time: NaiveTime,
    /// Set for as-needed (PRN) plans: they have no scheduled occurrences.
    #[serde(default)]
    pub as_needed: Option<AsNeeded>,
    /// The shortest safe time between two doses, in minutes. Occurrences
    /// closer than this to the previous one (e.g. on a travel day) are flagged.
    /// Absent: half the plan's nominal spacing (12 h for once a day).
    #[serde(default)]
    pub min_interval_minutes: Option<u32>,
    /// What the prescriber wrote, for a plan imported from FHIR (text, dose
    /// range, information doses, timing code, medication coding, and whether
    /// it still needs a schedule). `None` for plans set up by hand.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub prescribed: Option<Prescribed>,
}

fn midnight() -> NaiveTime {
    NaiveTime::MIN
}

impl DosingPlan {
    /// A plan with defaults: no slot doses, follow the device, no dates,
    /// holds or steps, not as-needed, version 1.
    pub fn new(
        id: impl Into<String>,
        medication_id: impl Into<String>,
        dose: Dose,
        timing: Timing,
    ) -> DosingPlan {
        DosingPlan {
            id: id.into(),
            medication_id: medication_id.into(),
            version: 1,
            dose,
            slot_doses: Vec::new(),
            timing,
            zone_policy: ZonePolicy::FollowDevice,
            start: None,
            end: None,
            holds: Vec::new(),
            steps: Vec::new(),
            step_switch_time: midnight(),
            as_needed: None,
            min_interval_minutes: None,
            prescribed: None,
        }
    }

    /// True for a text-only instruction kept without a schedule: it has no
    /// occurrences and no reminders until it is given one.
    pub fn needs_schedule(&self) -> bool {
        self.prescribed.as_ref().is_some_and(|p| p.needs_schedule)
    }

    /// The plan's dose as a person reads it: "2 tablets", or the prescribed
    /// range "1–2 tablets".
    pub fn dose_words(&self) -> String {
        super::prescribed::dose_words(
            &self.dose,
            self.prescribed.as_ref().and_then(|p| p.dose_min),
        )
    }

    /// True if `date` is within the plan's own dates and not paused.
    pub fn is_active_on(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|s| date >= s)
            && self.end.is_none_or(|e| date <= e)
            && !self.holds.iter().any(|h| h.covers(date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::timing::Timing;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn holds_and_dates_bound_the_plan() {
        let mut p = DosingPlan::new("p", "m", Dose::new(50.0, "mg"), Timing::default());
        p.start = Some(d(2027, 1, 10));
        p.end = Some(d(2027, 1, 20));
        p.holds = vec![Hold {
            from: d(2027, 1, 12),
            to: Some(d(2027, 1, 13)),
        }];
        assert!(!p.is_active_on(d(2027, 1, 9)));
        assert!(p.is_active_on(d(2027, 1, 11)));
        assert!(!p.is_active_on(d(2027, 1, 12)));
        assert!(!p.is_active_on(d(2027, 1, 13)));
        assert!(p.is_active_on(d(2027, 1, 14)));
        assert!(!p.is_active_on(d(2027, 1, 21)));
        let open = Hold {
            from: d(2027, 1, 1),
            to: None,
        };
        assert!(open.covers(d(2099, 1, 1)));
    }

    #[test]
    fn serde_form_reads_back_with_defaults() {
        let p = DosingPlan::new("p", "m", Dose::new(1.0, "tablet"), Timing::default());
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["zone_policy"]["kind"], "follow_device");
        assert_eq!(json["step_switch_time"], "00:00:00");
        assert_eq!(serde_json::from_value::<DosingPlan>(json).unwrap(), p);
        let minimal = serde_json::json!({
            "id": "p", "medication_id": "m", "version": 3,
            "dose": {"amount": 1.0, "unit": "tablet"},
            "timing": {"repeat": {}},
            "zone_policy": {"kind": "pinned", "zone": "Europe/Berlin"}
        });
        let p: DosingPlan = serde_json::from_value(minimal).unwrap();
        assert_eq!(
            p.zone_policy,
            ZonePolicy::Pinned {
                zone: chrono_tz::Europe::Berlin
            }
        );
        assert_eq!(p.step_switch_time, NaiveTime::MIN);
    }
}
