//! Fuzzes the pairing-code parser with arbitrary text (any UTF-8, the
//! bytes of the input read lossily): a key or `InvalidInput { field:
//! "pairing_code" }` whose reason quotes nothing, never a panic; an accepted
//! code round-trips.

#![no_main]

use libfuzzer_sys::fuzz_target;

use cadence_core::share::pairing::{pairing_code, parse_pairing_code};
use cadence_core::Error;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_pairing_code(&text) {
        Ok(id) => assert_eq!(parse_pairing_code(&pairing_code(&id)).unwrap(), id),
        Err(Error::InvalidInput { field, reason }) => {
            assert_eq!(field, "pairing_code");
            assert!(reason.is_ascii());
        }
        Err(e) => panic!("untyped: {e:?}"),
    }
});
