//! # Cadence FFI
//!
//! The uniffi facade of the Cadence core: one object, [`Cadence`], opened on
//! a database file with an optional key, exposing the API to Kotlin
//! (`health.cadence`), Swift (`Cadence`) and Python (`cadence`). Records and
//! enums are the core's plain model types; errors are [`CadenceError`].
//!
//! Every time-dependent call takes `now` (optional: the system clock when
//! absent) so apps and tests can work at fixed instants.

mod backup;
mod care;
mod dose_log;
mod dose_view;
mod error;
mod facade;
mod journal;
mod lookup;
mod medicines;
mod plan_form;
mod prescriptions;
mod reminders;
mod report;
mod schedule;
mod share;
mod sync;

pub use error::CadenceError;
pub use facade::Cadence;
pub use plan_form::{
    dosing_plan_input, form_moments, moments_in_day_order, plan_form, plan_from_form,
};
pub use prescriptions::{plan_dose_words, ImportedMedication};

uniffi::setup_scaffolding!("cadence");

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

uniffi::use_remote_type!(cadence_core::DateTime<Utc>);
uniffi::use_remote_type!(cadence_core::DateTime<FixedOffset>);
uniffi::use_remote_type!(cadence_core::NaiveDate);
uniffi::use_remote_type!(cadence_core::NaiveTime);
uniffi::use_remote_type!(cadence_core::Tz);

/// The version of the Cadence core in this library.
#[uniffi::export]
pub fn cadence_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The database schema version this library writes.
#[uniffi::export]
pub fn schema_version() -> i64 {
    cadence_core::store::schema::VERSION
}
