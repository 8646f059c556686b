//! Fuzzes past the signature check: the input is the plaintext of a data
//! bundle, sealed and signed by a paired, verified client key before it is
//! imported, so decryption, JSON parsing, content validation and storage
//! all see fuzzed content. A rejected bundle is a typed error naming a
//! bundle field and stores nothing; an accepted one reads back.

#![no_main]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use chrono::{NaiveDate, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

use cadence_core::share::crypto::{PublicIdentity, SecretIdentity};
use cadence_core::share::format::BundleKind;
use cadence_core::share::pairing::{pairing_code, parse_pairing_code};
use cadence_core::share::{seal_bundle, BundleMeta, ImportOutcome, KeyProtectionSecret};
use cadence_core::{App, Error};

struct Therapist {
    app: App,
    secret: KeyProtectionSecret,
    me: PublicIdentity,
    client: SecretIdentity,
    client_id: String,
    sequence: AtomicU64,
    _dir: tempfile::TempDir,
}

fn therapist() -> &'static Therapist {
    static T: OnceLock<Therapist> = OnceLock::new();
    T.get_or_init(|| {
        let now = Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(dir.path().join("therapist.db"), None).unwrap();
        let secret = KeyProtectionSecret::from_bytes(&[2; 32]).unwrap();
        let mine = app.create_share_keys(&secret, now).unwrap();
        let client = SecretIdentity::generate().unwrap();
        let paired = app
            .pair_client("fuzz", &pairing_code(client.public()), now)
            .unwrap();
        app.confirm_pairing(&paired.id, &paired.fingerprint, now)
            .unwrap();
        Therapist {
            me: parse_pairing_code(&mine.pairing_code).unwrap(),
            app,
            secret,
            client,
            client_id: paired.id,
            sequence: AtomicU64::new(0),
            _dir: dir,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let t = therapist();
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap();
    let day = |d| NaiveDate::from_ymd_opt(2027, 2, d).unwrap();
    let sequence = t.sequence.fetch_add(1, Ordering::SeqCst) + 1;
    let meta = BundleMeta {
        kind: BundleKind::Data,
        created_at: now,
        from: day(1),
        to: day(28),
        sequence,
    };
    let bytes = seal_bundle(&t.client, &t.me, &meta, data).unwrap();
    let before = t.app.client_bundles(&t.client_id).unwrap().len();
    match t.app.import_share_bundle(&t.secret, &bytes, now) {
        Ok(ImportOutcome::Imported { .. }) => {
            let newest = t.app.newest_client_bundle(&t.client_id).unwrap();
            assert_eq!(newest.map(|b| b.sequence), Some(sequence));
        }
        Ok(other) => panic!("a data bundle gave {other:?}"),
        Err(Error::InvalidInput { field, .. }) => {
            assert!(field.starts_with("bundle"), "{field}");
            assert_eq!(t.app.client_bundles(&t.client_id).unwrap().len(), before);
        }
        Err(e) => panic!("untyped failure: {e:?}"),
    }
});
