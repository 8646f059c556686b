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
//! Not supported (refused with a reason): `Timing.event` (explicit
//! date-times), `boundsRange`, `doseRange`, `rateRatio`/`rateRange`/
//! `rateQuantity` in `doseAndRate`. `Timing.code` is read only when there is
//! no `repeat`, for the abbreviations BID, TID, QID, QD, QOD, AM, PM, BED,
//! WK, MO and Q1H..Q8H.
//!
//! Export writes the same shapes; `import(export(x)) == x` for every valid
//! model value.

mod dosage;
mod json;
mod request;
mod timing;

pub use dosage::{
    dosage_from_json, dosage_of_plan, dosage_to_json, plan_from_dosage, plan_input_from_dosage,
    Dosage, Quantity, QuantityRatio, TypedQuantity, GTS_SYSTEM,
};
pub use request::{
    check_dose_unit, medication_request_from_json, medication_request_to_json, move_steps_to,
    ImportedRequest,
};
pub use timing::{timing_from_json, timing_to_json, DAY_RULE_URL};
