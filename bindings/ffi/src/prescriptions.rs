//! Prescriptions API of the `Cadence` object: a whole FHIR R4
//! `MedicationRequest` in (the medication and its plans, one write) and out.

use chrono::{DateTime, NaiveDate, Utc};

use cadence_core::model::Medication;
use cadence_core::schedule::DosingPlan;

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};
use crate::schedule::parse_json;

/// A medication imported from a prescription, with its plans.
#[derive(Debug, Clone, uniffi::Record)]
pub struct ImportedMedication {
    /// The new medication.
    pub medication: Medication,
    /// Its plans: one per instruction taken at the same time, a sequence
    /// as one plan with steps; a text-only instruction as a plan that
    /// `needs_schedule` (no reminders).
    pub plans: Vec<DosingPlan>,
}

#[uniffi::export]
impl Cadence {
    /// Imports a FHIR R4 `MedicationRequest` JSON: the medication (name,
    /// coding, form, strength, notes, patient instructions) and every
    /// dosage instruction as plans, in one transaction. The plans start on
    /// `start` when given, else on the request's start (validity period,
    /// else `authoredOn`), else today; "for 4 days", "a single dose" and
    /// "three times a week" count from that date. Refusals (infusion rates,
    /// explicit event times, a tablet dosed in mL, ...) are `InvalidInput`
    /// naming the field and why; nothing is stored.
    #[uniffi::method(default(start = None, now = None))]
    pub fn import_medication_request(
        &self,
        request_json: String,
        start: Option<NaiveDate>,
        now: Option<DateTime<Utc>>,
    ) -> Result<ImportedMedication, CadenceError> {
        call(|| {
            let json = parse_json("medicationRequest", &request_json)?;
            let (medication, plans) =
                self.app
                    .import_medication_request(&json, start, now_or_clock(now))?;
            Ok(ImportedMedication { medication, plans })
        })
    }

    /// A medication and its current plans as a FHIR R4 `MedicationRequest`
    /// JSON (timing, codes, dose ranges and texts as imported).
    pub fn medication_request(&self, medication_id: String) -> Result<String, CadenceError> {
        call(|| Ok(self.app.medication_request(&medication_id)?.to_string()))
    }
}

/// A plan's dose as a person reads it: "2 tablets", or the prescribed range
/// "1–2 tablets".
#[uniffi::export]
pub fn plan_dose_words(plan: DosingPlan) -> String {
    plan.dose_words()
}
