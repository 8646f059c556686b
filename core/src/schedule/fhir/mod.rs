//! FHIR R4 import and export: `Timing` and `Dosage` JSON.
//!
//! Import is strict: an unknown element, a wrong JSON type, a negative
//! number where FHIR forbids one, an unknown code or a broken invariant
//! (tim-1..tim-10) is [`crate::Error::InvalidInput`] naming the FHIR path
//! (`timing.repeat.periodMax`) and the rule. `id` and `extension` are allowed
//! everywhere and ignored, except Cadence's day-rule modifier extension
//! ([`DAY_RULE_URL`]); any other `modifierExtension` is refused, as FHIR
//! requires. Known Dosage elements Cadence does not plan with (`route`,
//! `site`, `method`, ...) are accepted and ignored.
//!
//! Not supported (refused with a reason a person can read): `Timing.event`
//! (explicit date-times: a hospital's administration times), `boundsRange`,
//! and the infusion rates `rateRatio`/`rateRange`/`rateQuantity` in
//! `doseAndRate`. A `doseRange` is kept (the plan's dose is its high end,
//! [`crate::schedule::Prescribed::dose_min`] its low end); several
//! `doseAndRate` entries take the one typed `ordered` and keep the others as
//! information. `Timing.code` is kept (exported back) and, when there is no
//! `repeat`, expanded from this table: QD once a day, BID twice, TID three
//! times, QID four times, QOD every other day, AM in the morning, PM in the
//! afternoon, BED at bedtime, WK once a week, MO once a month, Q1H..Q8H
//! every 1 to 8 hours. A Dosage with only a text (no timing) gives a plan
//! that needs a schedule: no doses until it is given one.
//!
//! A whole `MedicationRequest` is read by [`medication_request_from_json`]
//! (see `request.rs` for what is imported, kept as text and refused).
//!
//! Export writes the same shapes; `import(export(x)) == x` for every valid
//! model value.

mod dosage;
mod dose_rate;
mod json;
mod quantity;
mod request;
mod timing;
mod units;

pub use dosage::{
    dosage_from_json, dosage_of_plan, dosage_to_json, plan_from_dosage, plan_input_from_dosage,
    GTS_SYSTEM,
};
pub use quantity::{Dosage, Quantity, QuantityRatio, TypedQuantity};
pub use request::{
    medication_request_from_json, medication_request_to_json, move_steps_to, ImportedRequest,
};
pub use timing::{timing_from_json, timing_to_json, DAY_RULE_URL};
pub use units::check_dose_unit;
