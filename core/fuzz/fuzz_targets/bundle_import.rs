//! Fuzzes the therapist side's share-bundle import with arbitrary bytes: the
//! format parser and the full import (signature, decryption, validation,
//! storage) must answer with a typed error or an import, never a panic, and
//! never store anything from a rejected bundle.

#![no_main]

use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

use cadence_core::share::{format, KeyProtectionSecret};
use cadence_core::App;

struct Therapist {
    store: App,
    secret: KeyProtectionSecret,
    _dir: tempfile::TempDir,
}

fn therapist() -> &'static Therapist {
    static T: OnceLock<Therapist> = OnceLock::new();
    T.get_or_init(|| {
        let now = Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = App::open(dir.path().join("therapist.db"), None).unwrap();
        let secret = KeyProtectionSecret::from_bytes(&[2; 32]).unwrap();
        store.create_share_keys(&secret, now).unwrap();
        // A paired client, so bundles get past the sender check.
        let client = App::open(dir.path().join("client.db"), None).unwrap();
        let client_secret = KeyProtectionSecret::from_bytes(&[1; 32]).unwrap();
        let code = client
            .create_share_keys(&client_secret, now)
            .unwrap()
            .pairing_code;
        let paired = store.pair_client("fuzz", &code, now).unwrap();
        store
            .confirm_pairing(&paired.id, &paired.fingerprint, now)
            .unwrap();
        Therapist {
            store,
            secret,
            _dir: dir,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = format::parse(data);
    let t = therapist();
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap();
    if t.store.import_share_bundle(&t.secret, data, now).is_err() {
        // Nothing half-imported: a rejected bundle leaves no client bundle.
        for c in t.store.share_clients().unwrap() {
            assert_eq!(c.bundles, 0);
        }
    }
});
