//! # Cadence core
//!
//! The pure-Rust heart of Cadence, a companion app for people who take
//! psychiatric (and other) medication while in therapy: the model, the
//! engines (pure functions of data and `now`) and the encrypted store.
//!
//! The FFI facade (`cadence-ffi`) wraps this crate; with the `uniffi` feature
//! the plain model types derive their uniffi traits here.

pub mod analytics;
pub mod app;
pub mod care;
pub mod dose_view;
pub mod error;
pub mod guidance;
pub mod journal;
pub mod limits;
pub mod lookup;
pub mod medication_fields;
pub mod medicines;
pub mod model;
pub mod reminders;
pub mod report;
pub mod schedule;
pub mod share;
pub mod store;
pub mod sync;
pub mod text;
pub mod time;
pub mod today;

#[cfg(feature = "uniffi")]
pub mod uniffi_support;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("cadence_core");

// SQLCipher with libtomcrypt (every target but Apple's): linked for its
// native library, which `libsqlite3-sys` names.
#[cfg(not(target_vendor = "apple"))]
use cadence_sqlcipher as _;

pub use app::App;
pub use error::{Error, RecordKind, Result};
pub use store::{DatabaseKey, Store};
pub use text::SmallString;

// Re-exported for `uniffi::use_remote_type!` in the FFI crate.
#[doc(hidden)]
pub use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
#[doc(hidden)]
pub use chrono_tz::Tz;
