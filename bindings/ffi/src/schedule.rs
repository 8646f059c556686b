//! Schedule API of the `Cadence` object: dosing plans (FHIR-compatible
//! timing, titration/taper steps, holds, zone policy), their occurrences over
//! a date window, and the phone's zone changes.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use cadence_core::schedule::{fhir, DoseOccurrence, DosingPlan, DosingPlanInput};

use cadence_core::model::{Medication, MedicationInput};

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};

/// A medication with the plan it was added with.
#[derive(Debug, Clone, uniffi::Record)]
pub struct MedicationWithPlan {
    /// The new medication.
    pub medication: Medication,
    /// Its first plan.
    pub plan: DosingPlan,
}

pub(crate) fn parse_json(field: &str, text: &str) -> cadence_core::Result<serde_json::Value> {
    if text.len() > cadence_core::limits::MAX_JSON_BYTES {
        return Err(cadence_core::Error::invalid(field, "must be at most 1 MB"));
    }
    // Only the position: serde's message can quote the input, which may hold
    // the person's own words.
    serde_json::from_str(text).map_err(|e| {
        cadence_core::Error::invalid(
            field,
            format!("not valid JSON (line {}, column {})", e.line(), e.column()),
        )
    })
}

#[uniffi::export]
impl Cadence {
    /// Adds a dosing plan to a medication; it gets its id and version 1.
    /// Invalid plans (a FHIR invariant broken, overlapping steps, ...) are
    /// `InvalidInput` naming the field; nothing is stored.
    #[uniffi::method(default(now = None))]
    pub fn add_plan(
        &self,
        medication_id: String,
        plan: DosingPlanInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<DosingPlan, CadenceError> {
        call(|| self.app.add_plan(&medication_id, plan, now_or_clock(now)))
    }

    /// Adds a medication and its first dosing plan together (what a set-up
    /// form saves): both are checked first, and an invalid plan stores
    /// nothing, not even the medication. The plan gets its id and version 1.
    #[uniffi::method(default(now = None))]
    pub fn add_medication_with_plan(
        &self,
        input: MedicationInput,
        plan: DosingPlanInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<MedicationWithPlan, CadenceError> {
        call(|| {
            let (medication, plan) =
                self.app
                    .add_medication_with_plan(&input, plan, now_or_clock(now))?;
            Ok(MedicationWithPlan { medication, plan })
        })
    }

    /// Adds a plan from a FHIR R4 `Dosage` JSON object (timing, doseAndRate,
    /// asNeeded, maxDosePerPeriod, maxDosePerAdministration).
    #[uniffi::method(default(now = None))]
    pub fn add_plan_from_fhir_dosage(
        &self,
        medication_id: String,
        dosage_json: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<DosingPlan, CadenceError> {
        call(|| {
            let dosage = fhir::dosage_from_json(&parse_json("dosage", &dosage_json)?)?;
            self.app
                .add_plan_from_fhir_dosage(&medication_id, &dosage, now_or_clock(now))
        })
    }

    /// The FHIR R4 `Dosage` JSON of a plan's current version (timing, dose,
    /// as-needed limits).
    pub fn plan_fhir_dosage(&self, plan_id: String) -> Result<String, CadenceError> {
        call(|| {
            Ok(fhir::dosage_to_json(&fhir::dosage_of_plan(&self.app.plan(&plan_id)?)).to_string())
        })
    }

    /// The FHIR R4 `Timing` JSON of a plan's current version.
    pub fn plan_fhir_timing(&self, plan_id: String) -> Result<String, CadenceError> {
        call(|| Ok(fhir::timing_to_json(&self.app.plan(&plan_id)?.timing).to_string()))
    }

    /// Changes a plan to `plan` from the local date `effective_from` on:
    /// doses before then keep their times and ids; the new version gets the
    /// next number (`dosing_plan_input` gives a stored plan's content to edit).
    /// A date before `earliest_plan_change` is `InvalidInput` on
    /// `effective_from` (it would re-time a dose already due).
    #[uniffi::method(default(now = None))]
    pub fn update_plan(
        &self,
        plan_id: String,
        plan: DosingPlanInput,
        effective_from: NaiveDate,
        now: Option<DateTime<Utc>>,
    ) -> Result<DosingPlan, CadenceError> {
        call(|| {
            self.app
                .update_plan(&plan_id, plan, effective_from, now_or_clock(now))
        })
    }

    /// The first local date a change to the plan may take effect from (the
    /// earliest `effective_from` that `update_plan` accepts): the day after
    /// the last of its doses already due, or today when none is. Doses due
    /// keep their times and ids, so their log entries stay attached.
    #[uniffi::method(default(now = None))]
    pub fn earliest_plan_change(
        &self,
        plan_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<NaiveDate, CadenceError> {
        call(|| self.app.earliest_plan_change(&plan_id, now_or_clock(now)))
    }

    /// Ends a plan after `last_day` (its doses up to then stay in history).
    #[uniffi::method(default(now = None))]
    pub fn end_plan(
        &self,
        plan_id: String,
        last_day: NaiveDate,
        now: Option<DateTime<Utc>>,
    ) -> Result<DosingPlan, CadenceError> {
        call(|| self.app.end_plan(&plan_id, last_day, now_or_clock(now)))
    }

    /// The current version of a plan.
    pub fn plan(&self, plan_id: String) -> Result<DosingPlan, CadenceError> {
        call(|| self.app.plan(&plan_id))
    }

    /// The current version of each plan of a medication.
    pub fn plans(&self, medication_id: String) -> Result<Vec<DosingPlan>, CadenceError> {
        call(|| self.app.plans_of(&medication_id))
    }

    /// Every dose occurrence of the active medications over the local dates
    /// `from..=to` (at most 400 days), in time order, each with a stable id.
    pub fn occurrences(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DoseOccurrence>, CadenceError> {
        call(|| self.app.occurrences(from, to))
    }

    /// Records that the phone is now in `zone` (since `at`, default now).
    /// Follow-device plans read future doses in the new zone; pinned plans
    /// and past doses keep their times.
    #[uniffi::method(default(at = None))]
    pub fn set_current_zone(
        &self,
        zone: Tz,
        at: Option<DateTime<Utc>>,
    ) -> Result<(), CadenceError> {
        call(|| self.app.set_current_zone(zone, now_or_clock(at)))
    }
}
