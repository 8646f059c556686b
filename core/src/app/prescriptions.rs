//! Use cases: prescriptions that arrive as FHIR R4 `MedicationRequest`s —
//! import (a medication and its plans in one write) and export.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use super::App;
use crate::error::Result;
use crate::model::Medication;
use crate::schedule::{fhir, validate_plan, DosingPlan, TimingBounds};

impl App {
    /// Imports a FHIR R4 `MedicationRequest`: the medication and every
    /// dosage instruction as plans, stored in one transaction (a refused
    /// instruction stores nothing). The plans start on `start` when given
    /// (the person's choice), else on the request's start
    /// (`dispenseRequest.validityPeriod.start`, else `authoredOn`), else on
    /// the person's today; relative bounds ("for 4 days", "6 doses"), weekly
    /// frequencies and sequences of steps count from that date.
    pub fn import_medication_request(
        &self,
        request: &Value,
        start: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<(Medication, Vec<DosingPlan>)> {
        let imported = fhir::medication_request_from_json(request)?;
        let start = match start.or(imported.start) {
            Some(s) => s,
            None => self.local_today(now)?,
        };
        let mut medication = imported.medication;
        medication.started_on = Some(start);
        let mut plans = Vec::with_capacity(imported.plans.len());
        for mut p in imported.plans {
            if !p.steps.is_empty() {
                fhir::move_steps_to(&mut p, start);
                p.start = Some(start);
            } else if !matches!(
                p.timing.repeat.bounds,
                Some(TimingBounds::Period { start: Some(_), .. })
            ) {
                p.start = Some(start);
            }
            // Ids are placeholders: the store assigns the real ones.
            let plan = p.into_plan(
                uuid::Uuid::new_v4().to_string(),
                uuid::Uuid::new_v4().to_string(),
                1,
            );
            validate_plan(&plan)?;
            plans.push(plan);
        }
        self.store
            .add_medication_with_plans(&medication, &plans, now)
    }

    /// A medication and its current plans as a FHIR R4 `MedicationRequest`
    /// (the shape [`App::import_medication_request`] reads).
    pub fn medication_request(&self, medication_id: &str) -> Result<Value> {
        let med = self.store.medication(medication_id)?;
        let plans = self.store.plans_of(medication_id)?;
        Ok(fhir::medication_request_to_json(&med, &plans))
    }
}
