//! # Dose schedules
//!
//! When each dose is due: a pure engine from [`DosingPlan`]s, the person's
//! [`RoutineHistory`] and the phone's [`ZoneHistory`] over a local date window
//! to time-ordered [`DoseOccurrence`]s ([`expand()`]). Nothing here reads the
//! clock or the store.
//!
//! | module | concept |
//! |---|---|
//! | [`timing`] | the timing model: FHIR R4 `Timing.repeat` + day rules |
//! | [`plan`] | dosing plans: dose, timing, zone policy, dates, holds, steps, PRN |
//! | [`input`] | a plan's content as it is added or changed (no id or version) |
//! | [`form`] | the set-up form's terms: a plan to a form and back, custom plans |
//! | [`events`] | how `when` codes resolve to the routine (table of every code) |
//! | [`zone`] | DST (RFC 5545), travel, zone and routine history |
//! | [`compile`] | how `Timing.repeat` is read (periods, frequency, slots) |
//! | [`days`] | which local dates are dose days (periods, day rules) |
//! | [`expand`](mod@expand) | expansion and [`DoseOccurrence`] |
//! | [`ids`] | stable occurrence ids (UUID v5) |
//! | [`validate`] | tim-1..tim-10 and Cadence's limits |
//! | [`fhir`] | FHIR R4 `Timing` and `Dosage` JSON import/export |
//! | [`prn`] | as-needed limits ("may I take one now?") |
//!
//! **Slots.** Each dose day has slots, each with a stable key: `time@08:00`
//! (a `timeOfDay`), `when@HS` or `when@C.lunch` (a `when` code; `C`, `AC`
//! and `PC` give one slot per meal), `dose#2` (frequency without times,
//! spread from wake to bedtime), `interval#17` (the 18th dose of an elapsed
//! schedule). Slots of a step carry the prefix `step{i}/`. Exactly one
//! occurrence exists per slot per existing local date.
//!
//! **Steps** (titration, taper) each cover the local time from their start
//! date at the plan's `step_switch_time` to the same time `days` later; a
//! slot belongs to the step whose span holds its planned local time, else to
//! the plan's own timing. Overlapping steps are invalid.

pub mod compile;
pub mod context;
pub mod days;
pub mod dose;
pub mod events;
pub mod expand;
pub mod fhir;
pub mod form;
pub mod ids;
pub mod input;
pub mod plan;
pub mod prescribed;
pub mod prn;
pub mod timing;
pub mod titration;
pub mod validate;
pub mod words;
pub mod zone;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::routine::Routine;

pub use compile::validate_plan;
pub use context::{earliest_change, ScheduleContext};
pub use expand::{expand, DoseOccurrence};
pub use form::{
    moments_in_day_order, plan_form, plan_from_form, FormDays, FormTimes, PlanForm, FORM_MOMENTS,
};
pub use input::DosingPlanInput;
pub use plan::{AsNeeded, Dose, DoseStep, DosingPlan, Hold, MaxPerPeriod, SlotDose, ZonePolicy};
pub use prescribed::{dose_words, Coding, InformationDose, Prescribed};
pub use prn::{check_as_needed, PrnCheck, PrnLimit, TakenDose};
pub use timing::{
    BoundaryPoint, DayOfWeek, DayRule, EventTiming, PeriodUnit, Timing, TimingBounds, TimingRepeat,
};
pub use validate::{validate_timing, validate_window, MAX_WINDOW_DAYS};
pub use zone::{RoutineChange, RoutineHistory, ZoneChange, ZoneHistory};

/// The dose given to plans built by [`expand_fhir_json`] when the JSON has none.
pub fn default_dose() -> Dose {
    Dose::new(1.0, "dose")
}

/// Reads `json` as a FHIR R4 `Timing`, or a `Dosage` with a timing, builds a
/// plan for it (its dose, else 1 "dose"; the plan starts on `from` unless
/// the timing has a bounds start) and expands it in `zone` with `routine`
/// over the local dates `from..=to`. This is `cadence schedule expand`.
///
/// The plan's ids are UUID v5 of the JSON text, so the same file always
/// gives the same occurrence ids. An as-needed dosage gives no occurrences.
pub fn expand_fhir_json(
    json: &Value,
    zone: Tz,
    routine: &Routine,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DoseOccurrence>> {
    validate_window(from, to)?;
    let o = json
        .as_object()
        .ok_or_else(|| Error::invalid("timing", "must be a JSON object"))?;
    let is_dosage = [
        "timing",
        "doseAndRate",
        "asNeededBoolean",
        "asNeededCodeableConcept",
        "maxDosePerPeriod",
        "text",
    ]
    .iter()
    .any(|k| o.contains_key(*k));
    let text = json.to_string();
    let plan_id = uuid::Uuid::new_v5(
        &ids::OCCURRENCE_NAMESPACE,
        format!("plan|{text}").as_bytes(),
    )
    .to_string();
    let med_id = uuid::Uuid::new_v5(
        &ids::OCCURRENCE_NAMESPACE,
        format!("medication|{text}").as_bytes(),
    )
    .to_string();
    let mut plan = if is_dosage {
        let d = fhir::dosage_from_json(json)?;
        fhir::plan_from_dosage(&d, &plan_id, &med_id, default_dose())?
    } else {
        DosingPlan::new(
            plan_id,
            med_id,
            default_dose(),
            fhir::timing_from_json(json)?,
        )
    };
    let has_bounds_start = matches!(
        plan.timing.repeat.bounds,
        Some(TimingBounds::Period { start: Some(_), .. })
    );
    if !has_bounds_start {
        plan.start = Some(from);
    }
    expand(
        &[plan],
        &RoutineHistory::fixed(routine.clone()),
        &ZoneHistory::fixed(zone),
        from,
        to,
    )
}
