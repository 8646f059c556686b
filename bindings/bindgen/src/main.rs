//! `uniffi-bindgen` for Cadence: generates Kotlin, Swift and Python from the
//! compiled `cadence_ffi` library (library mode). See `bindings/scripts/generate.sh`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
