//! The bundle format's versions: version 2 (written) authenticates the
//! sender with HPKE auth mode instead of a signature anyone could check, and
//! pads sizes to buckets; version-1 bundles (signed, exact size) still
//! import.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{NaiveDate, TimeZone, Utc};

use cadence_core::care::{
    CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind, MemberRole,
};
use cadence_core::share::crypto::{PublicIdentity, SecretIdentity};
use cadence_core::share::format::{self, BundleKind, SIGNATURE_LEN};
use cadence_core::share::pairing::{pairing_code, parse_pairing_code};
use cadence_core::share::{
    seal_bundle, seal_bundle_v1, BundleMeta, ImportOutcome, KeyProtectionSecret,
};
use cadence_core::{App, Error};

struct Therapist {
    _dir: tempfile::TempDir,
    app: App,
    secret: KeyProtectionSecret,
    me: PublicIdentity,
    client: SecretIdentity,
    seq: AtomicU64,
}

fn therapist() -> Therapist {
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path().join("t.db"), None).unwrap();
    let secret = KeyProtectionSecret::from_bytes(&[2; 32]).unwrap();
    let mine = app.create_share_keys(&secret, now).unwrap();
    let client = SecretIdentity::generate().unwrap();
    let k = app
        .pair_client("Client", &pairing_code(client.public()), now)
        .unwrap();
    app.confirm_pairing(&k.id, &k.fingerprint, now).unwrap();
    Therapist {
        _dir: dir,
        app,
        secret,
        me: parse_pairing_code(&mine.pairing_code).unwrap(),
        client,
        seq: AtomicU64::new(0),
    }
}

impl Therapist {
    fn meta(&self, kind: BundleKind) -> BundleMeta {
        let day = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
        BundleMeta {
            kind,
            created_at: Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap(),
            from: day,
            to: day,
            sequence: self.seq.fetch_add(1, Ordering::SeqCst) + 1,
        }
    }
    fn import(&self, bytes: &[u8]) -> cadence_core::Result<ImportOutcome> {
        let now = Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap();
        self.app.import_share_bundle(&self.secret, bytes, now)
    }
}

/// Valid content for the one-day period, from a real client's disclosure.
fn content() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path().join("c.db"), None).unwrap();
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap();
    let day = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    let member = app
        .add_care_member(
            &CareMemberInput {
                name: "Dr T".into(),
                role: MemberRole::Therapist,
                channel: ContactChannel::Email,
                contact: String::new(),
                notes: String::new(),
            },
            now,
        )
        .unwrap();
    app.grant_consent(
        &ConsentGrantInput {
            member_id: member.id.clone(),
            kind: GrantKind::Data,
            categories: vec![ConsentCategory::Mood],
            data_from: day,
            data_to: None,
            expires_at: None,
            purpose: "therapy".into(),
        },
        now,
    )
    .unwrap();
    let disclosure = app.disclosure_for(&member.id, day, day, now).unwrap();
    serde_json::to_vec(&serde_json::json!({
        "version": 1,
        "disclosure": disclosure,
        "update": cadence_core::care::clinician_update(&disclosure),
    }))
    .unwrap()
}

#[test]
fn version_1_bundles_and_notices_still_import() {
    let t = therapist();
    let plain = content();
    let v1 = seal_bundle_v1(&t.client, &t.me, &t.meta(BundleKind::Data), &plain).unwrap();
    assert_eq!(v1[8], format::FORMAT_VERSION_1);
    let imported = t.import(&v1);
    assert!(
        matches!(imported, Ok(ImportOutcome::Imported { sequence: 1, .. })),
        "{imported:?}"
    );
    let notice = seal_bundle_v1(&t.client, &t.me, &t.meta(BundleKind::Revocation), &[]).unwrap();
    assert!(matches!(
        t.import(&notice),
        Ok(ImportOutcome::Revoked {
            bundles_deleted: 1,
            ..
        })
    ));
}

#[test]
fn version_2_carries_no_signature_and_authenticates_the_sender_all_the_same() {
    let t = therapist();
    let plain = content();
    let v2 = seal_bundle(&t.client, &t.me, &t.meta(BundleKind::Data), &plain).unwrap();
    assert_eq!(v2[8], format::FORMAT_VERSION);
    // Nothing in it verifies as the client's signature: holding the bundle
    // proves nothing about who sent it.
    let (signed, sig) = v2.split_at(v2.len() - SIGNATURE_LEN);
    let sig: [u8; SIGNATURE_LEN] = sig.try_into().unwrap();
    assert!(t.client.public().verify(signed, &sig).is_err());
    // An impostor sealing to this therapist under the client's key id is
    // refused: auth mode binds the client's own key.
    let impostor = SecretIdentity::generate().unwrap();
    let mut forged = seal_bundle(&impostor, &t.me, &t.meta(BundleKind::Data), &plain).unwrap();
    forged[10..26].copy_from_slice(&t.client.public().key_id());
    assert!(matches!(
        t.import(&forged),
        Err(Error::InvalidInput { field, .. }) if field == "bundle.authentication"
    ));
    // The real one imports, and reads back without its padding.
    assert!(matches!(t.import(&v2), Ok(ImportOutcome::Imported { .. })));
    let notice = seal_bundle(&t.client, &t.me, &t.meta(BundleKind::Revocation), &[]).unwrap();
    assert!(matches!(
        t.import(&notice),
        Ok(ImportOutcome::Revoked { .. })
    ));
}

#[test]
fn sizes_reveal_only_a_bucket() {
    let t = therapist();
    let len = |n: usize| {
        let mut plain = content();
        plain.resize(plain.len() + n, b' ');
        seal_bundle(&t.client, &t.me, &t.meta(BundleKind::Data), &plain)
            .unwrap()
            .len()
    };
    // Different contents in the same bucket: the same size.
    assert_eq!(len(0), len(2000));
    assert_eq!(len(0), 72 + 32 + 4096 + 16);
    // The next bucket doubles.
    assert_eq!(len(5000), 72 + 32 + 8192 + 16);
    assert_eq!(len(9000), 72 + 32 + 16384 + 16);
    // Version 1 was exact: one byte more, one byte longer.
    let v1 = |n: usize| {
        let mut plain = content();
        plain.resize(plain.len() + n, b' ');
        seal_bundle_v1(&t.client, &t.me, &t.meta(BundleKind::Data), &plain)
            .unwrap()
            .len()
    };
    assert_eq!(v1(1), v1(0) + 1);
}
