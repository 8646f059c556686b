//! The medicines list in one call per screen or row (the core's
//! `app::medicines`): each medication with its current plan, supply, supply
//! unit, first changeable day and missed-dose rule; and the unit a form of
//! medication is dosed in, for the set-up form.

use cadence_core::app::medicines::MedicineOverview;
use cadence_core::model::DoseForm;
use chrono::{DateTime, Utc};

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};

/// The unit a dose of `form` is counted in on the set-up form ("tablet",
/// "capsule", "ml", "patch", "puff", "drop", "dose").
#[uniffi::export]
pub fn default_dose_unit(form: DoseForm) -> String {
    cadence_core::medicines::default_dose_unit(form).to_string()
}

#[uniffi::export]
impl Cadence {
    /// Every medication (stopped ones too) as the medicines list shows it.
    #[uniffi::method(default(now = None))]
    pub fn medicine_overviews(
        &self,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<MedicineOverview>, CadenceError> {
        call(|| self.app.medicine_overviews(now_or_clock(now)))
    }

    /// One medication's row of the medicines list (`NotFound` for an unknown id).
    #[uniffi::method(default(now = None))]
    pub fn medicine_overview(
        &self,
        medication_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<MedicineOverview, CadenceError> {
        call(|| {
            self.app
                .medicine_overview(&medication_id, now_or_clock(now))
        })
    }
}
