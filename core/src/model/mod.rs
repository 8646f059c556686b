//! The plain data of Cadence: medications, the person's profile and routine.
//! Records carry no behaviour beyond validation; engines and the store use them.

pub mod dose_log;
pub mod medication;
pub mod profile;
pub mod routine;

pub use dose_log::{
    DoseAction, DoseKind, DoseLogEdit, DoseLogEntry, DoseLogVersion, DoseWarning, LogStatus,
    SkipReason, Supply, UnscheduledDose,
};
pub use medication::{
    DoseForm, Medication, MedicationInput, MedicationStatus, OnsetWindow, Strength,
};
pub use profile::{Profile, ProfileInput};
pub use routine::{DayKind, Routine, RoutineEvent, RoutineOverride, RoutineTime};
