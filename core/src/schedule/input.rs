//! A dosing plan as it is added or changed: [`DosingPlanInput`], the plan's
//! content without the identity the store assigns (id, medication, version).
//!
//! The store turns an input into a [`DosingPlan`] with [`DosingPlanInput::into_plan`]
//! when it adds a plan or a new version; nothing outside the store invents an
//! id. A stored plan gives its content back with `DosingPlanInput::from`, to
//! be edited and passed to `update_plan`.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::plan::{AsNeeded, Dose, DoseStep, DosingPlan, Hold, SlotDose, ZonePolicy};
use super::prescribed::Prescribed;
use super::timing::Timing;

/// The content of a dosing plan, to add or to change one: every field of
/// [`DosingPlan`] except `id`, `medication_id` and `version`, which the store
/// assigns. The fields mean what they mean on [`DosingPlan`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DosingPlanInput {
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
    /// Titration or taper steps.
    #[serde(default)]
    pub steps: Vec<DoseStep>,
    /// The local time at which steps switch (00:00 unless set).
    #[serde(default)]
    pub step_switch_time: NaiveTime,
    /// Set for as-needed (PRN) plans: they have no scheduled occurrences.
    #[serde(default)]
    pub as_needed: Option<AsNeeded>,
    /// The shortest safe time between two doses, in minutes (absent: half
    /// the plan's nominal spacing).
    #[serde(default)]
    pub min_interval_minutes: Option<u32>,
    /// What the prescriber wrote (plans imported from FHIR); `None` for
    /// plans set up by hand.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub prescribed: Option<Prescribed>,
}

impl DosingPlanInput {
    /// A plan of `dose` at `timing` with defaults: no slot doses, follow the
    /// device, no dates, holds or steps, steps switch at 00:00, not as-needed.
    pub fn new(dose: Dose, timing: Timing) -> DosingPlanInput {
        DosingPlanInput {
            dose,
            slot_doses: Vec::new(),
            timing,
            zone_policy: ZonePolicy::FollowDevice,
            start: None,
            end: None,
            holds: Vec::new(),
            steps: Vec::new(),
            step_switch_time: NaiveTime::MIN,
            as_needed: None,
            min_interval_minutes: None,
            prescribed: None,
        }
    }

    /// Gives a plan whose timing counts from its start (a `boundsDuration`,
    /// a `count`, every N days or weeks, a weekly frequency without
    /// `dayOfWeek`, monthly, every N hours) and has no start of its own
    /// (neither `start` nor a `boundsPeriod.start`) the start `on`: "for 4
    /// days" then means 4 days from the day it is added, never before it.
    pub fn anchor_relative_bounds(&mut self, on: NaiveDate) {
        use super::timing::{PeriodUnit, TimingBounds};
        if self.start.is_some() || self.as_needed.is_some() {
            return;
        }
        let r = &self.timing.repeat;
        if matches!(r.bounds, Some(TimingBounds::Period { start: Some(_), .. })) {
            return;
        }
        let unit = r.period_unit.unwrap_or(PeriodUnit::Day);
        let relative = matches!(r.bounds, Some(TimingBounds::Duration { .. }))
            || r.count.is_some()
            || unit.is_elapsed()
            || matches!(unit, PeriodUnit::Month | PeriodUnit::Year)
            || (unit == PeriodUnit::Week && r.day_of_week.is_empty())
            || r.period.is_some_and(|p| p > 1.0);
        if relative {
            self.start = Some(on);
        }
    }

    /// The plan with this content and the identity the store gives it. Not
    /// validated: the store validates before it writes.
    pub fn into_plan(
        self,
        id: impl Into<String>,
        medication_id: impl Into<String>,
        version: u32,
    ) -> DosingPlan {
        DosingPlan {
            id: id.into(),
            medication_id: medication_id.into(),
            version,
            dose: self.dose,
            slot_doses: self.slot_doses,
            timing: self.timing,
            zone_policy: self.zone_policy,
            start: self.start,
            end: self.end,
            holds: self.holds,
            steps: self.steps,
            step_switch_time: self.step_switch_time,
            as_needed: self.as_needed,
            min_interval_minutes: self.min_interval_minutes,
            prescribed: self.prescribed,
        }
    }
}

/// A stored plan's content, without its id, medication and version.
impl From<DosingPlan> for DosingPlanInput {
    fn from(p: DosingPlan) -> DosingPlanInput {
        DosingPlanInput {
            dose: p.dose,
            slot_doses: p.slot_doses,
            timing: p.timing,
            zone_policy: p.zone_policy,
            start: p.start,
            end: p.end,
            holds: p.holds,
            steps: p.steps,
            step_switch_time: p.step_switch_time,
            as_needed: p.as_needed,
            min_interval_minutes: p.min_interval_minutes,
            prescribed: p.prescribed,
        }
    }
}

/// A stored plan's content (cloned), without its id, medication and version.
impl From<&DosingPlan> for DosingPlanInput {
    fn from(p: &DosingPlan) -> DosingPlanInput {
        p.clone().into()
    }
}

/// A copy of the input (so the store takes `&DosingPlanInput` as well).
impl From<&DosingPlanInput> for DosingPlanInput {
    fn from(p: &DosingPlanInput) -> DosingPlanInput {
        p.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::timing::EventTiming;

    #[test]
    fn content_round_trips_and_identity_is_the_callers() {
        let mut plan = DosingPlan::new(
            "p",
            "m",
            Dose::new(50.0, "mg"),
            Timing::daily_when(&[EventTiming::Hs], None),
        );
        plan.version = 7;
        plan.start = NaiveDate::from_ymd_opt(2027, 3, 1);
        plan.min_interval_minutes = Some(600);
        let input = DosingPlanInput::from(&plan);
        assert_eq!(input.start, plan.start);
        assert_eq!(input.clone().into_plan("p", "m", 7), plan);
        let other = input.into_plan("q", "n", 1);
        assert_eq!(
            (
                other.id.as_str(),
                other.medication_id.as_str(),
                other.version
            ),
            ("q", "n", 1)
        );
        assert_eq!(
            DosingPlanInput::new(plan.dose.clone(), plan.timing.clone()).into_plan("p", "m", 1),
            DosingPlan::new("p", "m", plan.dose.clone(), plan.timing.clone())
        );
    }

    #[test]
    fn serde_form_has_no_identity_and_defaults_the_rest() {
        let input = DosingPlanInput::new(Dose::new(1.0, "tablet"), Timing::default());
        let json = serde_json::to_value(&input).unwrap();
        assert!(json.get("id").is_none() && json.get("version").is_none());
        let minimal = serde_json::json!({
            "dose": {"amount": 1.0, "unit": "tablet"},
            "timing": {"repeat": {}},
            "zone_policy": {"kind": "follow_device"}
        });
        assert_eq!(
            serde_json::from_value::<DosingPlanInput>(minimal).unwrap(),
            input
        );
    }
}
