//! The set-up form's terms of a dosing plan (the core's `schedule::form`):
//! the apps read a plan into their form, and build the plan a filled-in form
//! describes, here, so what counts as a custom plan and what the form
//! refuses are decided once. Pure functions: no database.

use cadence_core::schedule::{self, DosingPlan, DosingPlanInput, EventTiming, PlanForm};

use crate::error::{call, CadenceError};

/// `plan` in the form's terms, or `None` for a custom plan (a taper, every
/// 8 hours, a cycle, per-slot doses, a pinned zone...): one the form cannot
/// show, or whose saving would change doses the person did not touch. Show
/// it as "custom schedule", changed only by the prescriber's next plan.
#[uniffi::export]
pub fn plan_form(plan: DosingPlan) -> Option<PlanForm> {
    schedule::plan_form(&plan)
}

/// The plan a filled-in form describes, for `add_medication_with_plan`,
/// `add_plan` or `update_plan`. Lists may come in any order. A bad field is
/// `InvalidInput` naming the form's field (`dose.amount`, `times.moments`,
/// `times.clock_times`, `times.max_per_day`, `times.min_hours_apart`,
/// `days.weekdays`, `days.every`, `end`).
#[uniffi::export]
pub fn plan_from_form(form: PlanForm) -> Result<DosingPlanInput, CadenceError> {
    call(|| schedule::plan_from_form(&form))
}

/// A stored plan's content (without its id, medication and version), to
/// edit and pass to `update_plan`.
#[uniffi::export]
pub fn dosing_plan_input(plan: DosingPlan) -> DosingPlanInput {
    plan.into()
}

/// The routine moments the form offers, in the order of a day: waking,
/// breakfast, lunch, dinner, bedtime.
#[uniffi::export]
pub fn form_moments() -> Vec<EventTiming> {
    schedule::FORM_MOMENTS.to_vec()
}

/// `moments` in the order of a day, each once: the form's moments first,
/// then any other code in FHIR's order (as `plan_form` lists them).
#[uniffi::export]
pub fn moments_in_day_order(moments: Vec<EventTiming>) -> Vec<EventTiming> {
    schedule::moments_in_day_order(&moments)
}

/// Reads the set-up form's typed name, strength and dose ("0,5" and "0.5"
/// alike), or refuses the first wrong one as `InvalidInput` naming the
/// form's field (`medication.name`, `medication.strength.amount`,
/// `dose.amount`) with a reason to show beside it.
#[uniffi::export]
pub fn read_medication_fields(
    fields: cadence_core::medication_fields::MedicationFields,
) -> Result<cadence_core::medication_fields::ReadFields, CadenceError> {
    call(|| cadence_core::medication_fields::read_medication_fields(&fields))
}
