//! Cadence FFI.
uniffi::setup_scaffolding!("cadence");
