//! Use cases: setup.

use chrono::{DateTime, NaiveDate, Utc};

use super::App;
use crate::error::Result;
use crate::model::{
    Medication, MedicationInput, Profile, ProfileInput, Routine, RoutineEvent, RoutineOverride,
    RoutineTime,
};
use crate::schedule::{
    earliest_change, fhir, validate_plan, DoseOccurrence, DosingPlan, DosingPlanInput,
};
use chrono_tz::Tz;

impl App {
    /// Adds a medication (active) and returns it with its new id.
    pub fn add_medication(
        &self,
        input: &MedicationInput,
        now: DateTime<Utc>,
    ) -> Result<Medication> {
        self.store.add_medication(input, now)
    }

    /// Adds a medication and its first dosing plan in one transaction: both
    /// are checked before anything is written, so an invalid plan leaves no
    /// medication behind. The plan gets a new id and version 1.
    pub fn add_medication_with_plan(
        &self,
        input: &MedicationInput,
        plan: impl Into<DosingPlanInput>,
        now: DateTime<Utc>,
    ) -> Result<(Medication, DosingPlan)> {
        input.validate()?;
        // Both are checked before anything is written: an invalid plan
        // leaves no medication behind.
        let mut plan = plan.into();
        plan.anchor_relative_bounds(self.local_today(now)?);
        let plan = with_new_ids(plan, None);
        validate_plan(&plan)?;
        self.store.add_medication_with_plan(input, &plan, now)
    }

    /// Replaces the editable fields of a medication.
    pub fn update_medication(
        &self,
        id: &str,
        input: &MedicationInput,
        now: DateTime<Utc>,
    ) -> Result<Medication> {
        self.store.update_medication(id, input, now)
    }

    /// Marks a medication stopped on a local date (it stays in history and
    /// reports). Restarting is [`Store::restart_medication`].
    pub fn stop_medication(
        &self,
        id: &str,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Medication> {
        self.store.stop_medication(id, on, now)
    }

    /// Makes a stopped medication active again.
    pub fn restart_medication(&self, id: &str, now: DateTime<Utc>) -> Result<Medication> {
        self.store.restart_medication(id, now)
    }

    /// Soft-deletes a medication: it disappears from every list at once and is
    /// removed from the file by [`Store::purge_deleted`].
    pub fn delete_medication(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        self.store.delete_medication(id, now)
    }

    /// One medication.
    pub fn medication(&self, id: &str) -> Result<Medication> {
        self.store.medication(id)
    }

    /// Medications by name; stopped ones only when asked.
    pub fn medications(&self, include_stopped: bool) -> Result<Vec<Medication>> {
        self.store.medications(include_stopped)
    }

    /// Adds a dosing plan to a medication. The plan's `id`, `medication_id`
    /// and `version` are assigned here. `plan` is a [`DosingPlanInput`] (or
    /// a stored plan, whose id, medication and version are not used).
    pub fn add_plan(
        &self,
        medication_id: &str,
        plan: impl Into<DosingPlanInput>,
        now: DateTime<Utc>,
    ) -> Result<DosingPlan> {
        crate::store::check_id("medication_id", medication_id)?;
        let mut plan = plan.into();
        plan.anchor_relative_bounds(self.local_today(now)?);
        let plan = with_new_ids(plan, Some(medication_id));
        validate_plan(&plan)?;
        self.store.add_plan(medication_id, &plan, now)
    }

    /// Changes a plan from `effective_from` (a local date; it must not be
    /// before the current version's start). The current version ends the day
    /// before, so doses already due keep their ids and times; the new version,
    /// with the content `plan`, gets the next number.
    pub fn update_plan(
        &self,
        plan_id: &str,
        plan: impl Into<DosingPlanInput>,
        effective_from: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DosingPlan> {
        let (current, routines, zones) = self.store.plan_with_histories(plan_id)?;
        if effective_from < earliest_change(&current, &routines, &zones, now)? {
            return Err(crate::Error::invalid(
                "effective_from",
                "a dose of the current plan on or after this date is already due; \
                 choose a later date (earliest_plan_change gives the first one)",
            ));
        }
        let mut next = plan.into().into_plan(
            current.id.clone(),
            current.medication_id.clone(),
            current.version + 1,
        );
        next.start = Some(next.start.map_or(effective_from, |s| s.max(effective_from)));
        validate_plan(&next)?;
        self.store.update_plan(&current, &next, effective_from, now)
    }

    /// The first local date a change to the plan may take effect from at
    /// `now`: the day after the last of its doses already due (those keep
    /// their ids and times, so their log entries stay attached), or today
    /// when none is.
    pub fn earliest_plan_change(&self, plan_id: &str, now: DateTime<Utc>) -> Result<NaiveDate> {
        let (current, routines, zones) = self.store.plan_with_histories(plan_id)?;
        earliest_change(&current, &routines, &zones, now)
    }

    /// Ends a plan after `last_day` (its doses up to then stay in history).
    pub fn end_plan(
        &self,
        plan_id: &str,
        last_day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DosingPlan> {
        self.store.end_plan(plan_id, last_day, now)
    }

    /// The latest version of one plan.
    pub fn plan(&self, plan_id: &str) -> Result<DosingPlan> {
        self.store.plan(plan_id)
    }

    /// The latest version of each plan of a medication.
    pub fn plans_of(&self, medication_id: &str) -> Result<Vec<DosingPlan>> {
        self.store.plans_of(medication_id)
    }

    /// Records that the phone is now in `zone` (since `at`). Past occurrences
    /// keep their times; follow-device plans read future ones in the new zone.
    pub fn set_current_zone(&self, zone: Tz, at: DateTime<Utc>) -> Result<()> {
        self.store.set_current_zone(zone, at)
    }

    /// The person's local date at `now`, their "today": the date in the zone
    /// the phone was in then (the profile's current zone unless it changed
    /// since; UTC before a profile is set up), as the Today view, reminders
    /// and [`App::earliest_plan_change`] read it.
    pub fn local_today(&self, now: DateTime<Utc>) -> Result<NaiveDate> {
        Ok(self.store.zone_history()?.local_date(now))
    }

    /// The profile, or `None` before the person set one up.
    pub fn profile(&self) -> Result<Option<Profile>> {
        self.store.profile()
    }

    /// Creates or replaces the profile.
    pub fn set_profile(&self, input: &ProfileInput, now: DateTime<Utc>) -> Result<Profile> {
        self.store.set_profile(input, now)
    }

    /// The routine: every time the person set, and every one-day override.
    pub fn routine(&self) -> Result<Routine> {
        self.store.routine()
    }

    /// Sets the weekday/weekend times (events not listed keep their current
    /// value). Overrides are left as they are.
    pub fn set_routine_times(&self, times: &[RoutineTime], now: DateTime<Utc>) -> Result<Routine> {
        self.store.set_routine_times(times, now)
    }

    /// Sets a one-day override ("sleeping in today"), replacing any for that
    /// date and event.
    pub fn set_routine_override(&self, o: &RoutineOverride, now: DateTime<Utc>) -> Result<Routine> {
        self.store.set_routine_override(o, now)
    }

    /// Removes the override for a date and event, if any.
    pub fn clear_routine_override(
        &self,
        date: NaiveDate,
        event: RoutineEvent,
        now: DateTime<Utc>,
    ) -> Result<Routine> {
        self.store.clear_routine_override(date, event, now)
    }
}

impl App {
    /// Every dose occurrence of the active medications over the local dates
    /// `from..=to` (at most 400 days), in time order, each with a stable id.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DoseOccurrence>> {
        self.store.occurrences(from, to)
    }

    /// Adds a plan from a FHIR R4 `Dosage` (timing, doseAndRate, asNeeded,
    /// maxDosePerPeriod, maxDosePerAdministration).
    pub fn add_plan_from_fhir_dosage(
        &self,
        medication_id: &str,
        dosage: &fhir::Dosage,
        now: DateTime<Utc>,
    ) -> Result<DosingPlan> {
        crate::store::check_id("medication_id", medication_id)?;
        let med = self.store.medication(medication_id)?;
        let plan = fhir::plan_input_from_dosage(dosage, crate::schedule::default_dose())?;
        fhir::check_dose_unit(
            "dosage.doseAndRate[0].doseQuantity.unit",
            med.form,
            med.strength.as_ref(),
            &plan.dose.unit,
        )?;
        self.add_plan(medication_id, plan, now)
    }
}

/// The plan `plan` becomes: a new id, its medication (a fresh id until a
/// new medication is inserted), version 1; checked before it is written.
fn with_new_ids(plan: DosingPlanInput, medication_id: Option<&str>) -> DosingPlan {
    let medication_id =
        medication_id.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_string);
    plan.into_plan(uuid::Uuid::new_v4().to_string(), medication_id, 1)
}
