//! Share bundles end to end: a client exports, a therapist imports; every
//! bad input gives a typed error and leaves nothing imported.

#[path = "journal_common/mod.rs"]
mod journal_common;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

use cadence_core::care::{
    CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind, MemberRole,
};
use cadence_core::share::{ImportOutcome, KeyProtectionSecret, MAX_BUNDLE_BYTES};
use cadence_core::{App, Error};
use journal_common::{at, entry, med, mood, now};

struct Pair {
    _dirs: Vec<tempfile::TempDir>,
    client: App,
    therapist: App,
    member_id: String,
    client_id: String,
}

fn secret(b: u8) -> KeyProtectionSecret {
    KeyProtectionSecret::from_bytes(&[b; 32]).unwrap()
}

fn open() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("c.db"), None).unwrap();
    (dir, store)
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 2, d).unwrap()
}

/// A client with a medication, a week of moods, a therapist with a grant,
/// both paired and both pairings confirmed.
fn pair() -> Pair {
    let p = pair_unverified();
    for app in [&p.client, &p.therapist] {
        for k in app.paired_keys().unwrap() {
            app.confirm_pairing(&k.id, &k.fingerprint, now()).unwrap();
        }
    }
    p
}

/// As [`pair`], with neither pairing confirmed yet.
fn pair_unverified() -> Pair {
    let (d1, client) = open();
    let (d2, therapist) = open();
    med(&client, "Sertraline");
    for h in 1..8 {
        client
            .add_journal_entry(&entry(mood(h as i32 - 4), at(24 * h)), at(24 * h))
            .unwrap();
    }
    let member = client
        .add_care_member(
            &CareMemberInput {
                name: "Dr Therapist".into(),
                role: MemberRole::Therapist,
                channel: ContactChannel::Email,
                contact: String::new(),
                notes: String::new(),
            },
            now(),
        )
        .unwrap();
    client
        .grant_consent(
            &ConsentGrantInput {
                member_id: member.id.clone(),
                kind: GrantKind::Data,
                categories: vec![ConsentCategory::Mood, ConsentCategory::MedicationList],
                data_from: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                data_to: None,
                expires_at: None,
                purpose: "therapy".into(),
            },
            now(),
        )
        .unwrap();
    let c_id = client.create_share_keys(&secret(1), now()).unwrap();
    let t_id = therapist.create_share_keys(&secret(2), now()).unwrap();
    client
        .pair_recipient(&member.id, &t_id.pairing_code, now())
        .unwrap();
    let paired = therapist
        .pair_client("Client A", &c_id.pairing_code, now())
        .unwrap();
    assert_eq!(paired.fingerprint, c_id.fingerprint);
    Pair {
        _dirs: vec![d1, d2],
        client,
        therapist,
        member_id: member.id,
        client_id: paired.id,
    }
}

impl Pair {
    fn export(&self, from: NaiveDate, to: NaiveDate) -> Vec<u8> {
        self.client
            .export_share_bundle(&secret(1), &self.member_id, from, to, now())
            .unwrap()
            .bytes
    }

    fn import(&self, bytes: &[u8]) -> cadence_core::Result<ImportOutcome> {
        self.therapist
            .import_share_bundle(&secret(2), bytes, now() + Duration::hours(1))
    }

    fn held(&self) -> usize {
        self.therapist
            .client_bundles(&self.client_id)
            .unwrap()
            .len()
    }
}

fn field_of(r: cadence_core::Result<ImportOutcome>) -> String {
    match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

fn export_error_field(r: cadence_core::Result<cadence_core::share::ExportedBundle>) -> String {
    match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[test]
fn nothing_is_sent_to_or_accepted_from_a_pairing_nobody_verified() {
    let p = pair_unverified();
    let export = |at: chrono::DateTime<chrono::Utc>| {
        p.client
            .export_share_bundle(&secret(1), &p.member_id, day(1), day(28), at)
    };
    let recipient = p.client.paired_keys().unwrap().remove(0);
    assert_eq!(recipient.verified_at, None);
    // Client side: no bundle, no audit entry, no sequence number used.
    assert_eq!(export_error_field(export(now())), "pairing.verified");
    assert!(p.client.audit_log().unwrap().is_empty());
    // A fingerprint other than the pairing's (the screen showed another
    // key, or the person typed what they heard) confirms nothing.
    let theirs = p.therapist.share_identity().unwrap().unwrap();
    let mine = p.client.share_identity().unwrap().unwrap();
    assert!(matches!(
        p.client.confirm_pairing(&recipient.id, &mine.fingerprint, now()),
        Err(Error::InvalidInput { field, .. }) if field == "fingerprint"
    ));
    assert_eq!(export_error_field(export(now())), "pairing.verified");
    // The right one (as the therapist's device shows it, spacing and case
    // aside) verifies it, at the instant given.
    let confirmed_at = now() + Duration::minutes(3);
    let confirmed = p
        .client
        .confirm_pairing(
            &recipient.id,
            &theirs.fingerprint.to_lowercase().replace(' ', ""),
            confirmed_at,
        )
        .unwrap();
    assert_eq!(confirmed.verified_at, Some(confirmed_at));
    let bytes = export(now()).unwrap();
    assert_eq!(bytes.sequence, 1);
    // Care-team side: the client's pairing is not verified yet: refused,
    // nothing held, and the same bundle imports once it is.
    assert_eq!(field_of(p.import(&bytes.bytes)), "pairing.verified");
    assert_eq!(p.held(), 0);
    let client_key = p.therapist.paired_keys().unwrap().remove(0);
    p.therapist
        .confirm_pairing(&client_key.id, &mine.fingerprint, now())
        .unwrap();
    assert!(matches!(
        p.import(&bytes.bytes),
        Ok(ImportOutcome::Imported { sequence: 1, .. })
    ));
    // Pairing the same code again (a new exchange nobody compared) makes it
    // unverified again, on either side.
    p.therapist
        .pair_client("Client A", &mine.pairing_code, now())
        .unwrap();
    p.client
        .pair_recipient(&p.member_id, &theirs.pairing_code, now())
        .unwrap();
    assert!(p
        .client
        .paired_keys()
        .unwrap()
        .iter()
        .chain(p.therapist.paired_keys().unwrap().iter())
        .all(|k| k.verified_at.is_none()));
    assert_eq!(export_error_field(export(now())), "pairing.verified");
    // A revocation notice carries nothing and only deletes: it goes out and
    // is honoured without verification, so the data imported before the
    // re-pairing can always be deleted at the client's request.
    let notice = p
        .client
        .share_revocation_notice(&secret(1), &p.member_id, now())
        .unwrap();
    assert!(matches!(
        p.import(&notice),
        Ok(ImportOutcome::Revoked {
            bundles_deleted: 1,
            ..
        })
    ));
    assert_eq!(p.held(), 0);
    // An unknown pairing id is NotFound.
    assert!(matches!(
        p.client.confirm_pairing(
            "00000000-0000-4000-8000-000000000000",
            &theirs.fingerprint,
            now()
        ),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn a_bundle_travels_from_client_to_therapist_and_is_audited() {
    let p = pair();
    let exported = p
        .client
        .export_share_bundle(&secret(1), &p.member_id, day(1), day(28), now())
        .unwrap();
    assert_eq!(exported.sequence, 1);
    assert_eq!(exported.record_count, 8, "1 medication + 7 moods");
    let out = p.import(&exported.bytes).unwrap();
    assert!(matches!(
        out,
        ImportOutcome::Imported {
            superseded: false,
            sequence: 1,
            ..
        }
    ));
    let view = p.therapist.client_bundles(&p.client_id).unwrap();
    assert_eq!(view.len(), 1);
    assert_eq!(view[0].disclosure.mood.len(), 7);
    assert_eq!(view[0].disclosure.medications.len(), 1);
    assert_eq!((view[0].from, view[0].to), (day(1), day(28)));
    let audit = p.client.audit_log().unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].sha256, exported.sha256);
    assert_eq!(p.therapist.share_clients().unwrap()[0].bundles, 1);
}

#[test]
fn a_newer_bundle_supersedes_the_same_period_and_old_ones_are_refused() {
    let p = pair();
    let first = p.export(day(1), day(28));
    let second = p.export(day(1), day(28));
    let other_period = p.export(day(1), day(14));
    p.import(&second).unwrap();
    assert_eq!(field_of(p.import(&first)), "bundle.sequence", "older");
    assert_eq!(field_of(p.import(&second)), "bundle.sequence", "replayed");
    p.import(&other_period).unwrap();
    assert_eq!(p.held(), 2);
    let third = p.export(day(1), day(28));
    assert!(matches!(
        p.import(&third).unwrap(),
        ImportOutcome::Imported {
            superseded: true,
            sequence: 4,
            ..
        }
    ));
    assert_eq!(p.held(), 2);
}

#[test]
fn wrong_recipient_wrong_secret_and_unknown_sender_are_typed() {
    let p = pair();
    let bytes = p.export(day(1), day(28));
    // Another therapist who paired the same client cannot open it.
    let (_d, other) = open();
    other.create_share_keys(&secret(3), now()).unwrap();
    let code = p.client.share_identity().unwrap().unwrap().pairing_code;
    other.pair_client("Client A", &code, now()).unwrap();
    // A file for another device is not a wrong secret: it says so.
    match other.import_share_bundle(&secret(3), &bytes, now()) {
        Err(Error::InvalidInput { field, reason }) => {
            assert_eq!(field, "bundle.recipient");
            assert!(reason.contains("made for another device"), "{reason}");
        }
        r => panic!("{r:?}"),
    }
    // The right therapist with the wrong key-protection secret.
    assert!(matches!(
        p.therapist.import_share_bundle(&secret(9), &bytes, now()),
        Err(Error::WrongKey)
    ));
    // A therapist device that never paired this client.
    let (_d2, unpaired) = open();
    let u = unpaired.create_share_keys(&secret(4), now()).unwrap();
    let k = p
        .client
        .pair_recipient(&p.member_id, &u.pairing_code, now() + Duration::seconds(1))
        .unwrap();
    p.client
        .confirm_pairing(&k.id, &k.fingerprint, now())
        .unwrap();
    let to_unpaired = p.export(day(1), day(28));
    assert_eq!(
        field_of(unpaired.import_share_bundle(&secret(4), &to_unpaired, now())),
        "bundle.sender"
    );
    assert_eq!(p.held(), 0);
}

#[test]
fn truncated_garbage_tampered_and_oversized_bundles_are_refused() {
    let p = pair();
    let bytes = p.export(day(1), day(28));
    assert_eq!(field_of(p.import(&bytes[..bytes.len() - 1])), "bundle");
    assert_eq!(field_of(p.import(&bytes[..40])), "bundle");
    assert_eq!(field_of(p.import(b"hello, this is not a bundle")), "bundle");
    assert_eq!(field_of(p.import(&[])), "bundle");
    let mut tampered = bytes.clone();
    let mid = bytes.len() / 2;
    tampered[mid] ^= 0x01;
    assert_eq!(field_of(p.import(&tampered)), "bundle.authentication");
    let mut header = bytes.clone();
    header[60] ^= 0x01; // the sequence number
    assert_eq!(field_of(p.import(&header)), "bundle.authentication");
    let oversized = vec![0u8; MAX_BUNDLE_BYTES + 1];
    assert_eq!(field_of(p.import(&oversized)), "bundle");
    assert_eq!(p.held(), 0);
    p.import(&bytes).unwrap();
    assert_eq!(p.held(), 1);
}

#[test]
fn a_signed_revocation_deletes_the_clients_data() {
    let p = pair();
    let old = p.export(day(1), day(28));
    p.import(&old).unwrap();
    let notice = p
        .client
        .share_revocation_notice(&secret(1), &p.member_id, now())
        .unwrap();
    // No more bundles go to a revoked pairing.
    assert!(p
        .client
        .export_share_bundle(&secret(1), &p.member_id, day(1), day(28), now())
        .is_err());
    let mut forged = notice.clone();
    let last = forged.len() - 1;
    forged[last] ^= 0x80;
    assert_eq!(field_of(p.import(&forged)), "bundle.authentication");
    assert_eq!(p.held(), 1);
    assert!(matches!(
        p.import(&notice).unwrap(),
        ImportOutcome::Revoked {
            bundles_deleted: 1,
            ..
        }
    ));
    assert_eq!(p.held(), 0);
    // Gone from the files too, not only from the tables: the WAL that
    // held the bundle's pages was checkpointed and truncated (the files
    // are plain here, so the medication name would show).
    let db = p.therapist.path().to_path_buf();
    let mut bytes = std::fs::read(&db).unwrap();
    let mut wal = db.into_os_string();
    wal.push("-wal");
    let wal_bytes = std::fs::read(&wal).unwrap_or_default();
    assert!(wal_bytes.is_empty(), "the WAL is truncated");
    bytes.extend(wal_bytes);
    assert!(!bytes.windows(10).any(|w| w == b"Sertraline"));
    assert!(p.therapist.share_clients().unwrap()[0]
        .pairing
        .revoked_at
        .is_some());
    assert_eq!(field_of(p.import(&notice)), "bundle.sequence");
}

#[test]
fn private_keys_are_not_stored_in_clear_and_need_the_secret() {
    let (_d, s) = open();
    let id = s.create_share_keys(&secret(7), now()).unwrap();
    assert_eq!(s.create_share_keys(&secret(7), now()).unwrap(), id);
    assert!(matches!(
        s.create_share_keys(&secret(8), now()),
        Err(Error::WrongKey)
    ));
    assert!(matches!(
        s.pair_client("x", "CDNC1-00", now()),
        Err(Error::InvalidInput { .. })
    ));
    assert!(matches!(
        s.pair_client("me", &id.pairing_code, now()),
        Err(Error::InvalidInput { .. })
    ));
}

fn typed(r: cadence_core::Result<ImportOutcome>) -> bool {
    matches!(r, Err(Error::InvalidInput { .. }) | Err(Error::WrongKey))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mutated_or_truncated_bundles_never_import(
        pos in any::<prop::sample::Index>(),
        flip in 1u8..=255,
        cut in any::<prop::sample::Index>(),
        extra in prop::collection::vec(any::<u8>(), 0..8),
    ) {
        thread_local! {
            static FIXTURE: (Pair, Vec<u8>) = {
                let p = pair();
                let b = p.export(day(1), day(28));
                (p, b)
            };
        }
        FIXTURE.with(|(p, bytes)| {
            let mut m = bytes.clone();
            let i = pos.index(m.len());
            m[i] ^= flip;
            prop_assert!(typed(p.import(&m)));
            let t = &bytes[..cut.index(bytes.len())];
            prop_assert!(typed(p.import(t)));
            if !extra.is_empty() {
                let mut longer = bytes.clone();
                longer.extend_from_slice(&extra);
                prop_assert!(typed(p.import(&longer)));
            }
            prop_assert_eq!(p.held(), 0);
            Ok(())
        })?;
    }
}

#[test]
fn a_client_keeps_at_most_24_periods_and_pages_read_newest_first() {
    let p = pair();
    for d in 1..=26 {
        p.import(&p.export(day(d), day(d))).unwrap();
    }
    // The two oldest periods were dropped; the newest 24 stay.
    let all = p.therapist.client_bundles(&p.client_id).unwrap();
    assert_eq!(all.len(), cadence_core::limits::MAX_BUNDLES_PER_CLIENT);
    assert_eq!((all[0].from, all[23].to), (day(3), day(26)));
    assert_eq!(p.therapist.share_clients().unwrap()[0].bundles, 24);
    // Pages: newest first, 12 at most, only what is asked for.
    let first = p.therapist.client_bundle_page(&p.client_id, 0, 12).unwrap();
    assert_eq!(first.len(), 12);
    assert_eq!((first[0].to, first[11].to), (day(26), day(15)));
    let second = p
        .therapist
        .client_bundle_page(&p.client_id, 12, 12)
        .unwrap();
    assert_eq!((second[0].to, second[11].to), (day(14), day(3)));
    assert!(p
        .therapist
        .client_bundle_page(&p.client_id, 24, 12)
        .unwrap()
        .is_empty());
    let newest = p
        .therapist
        .newest_client_bundle(&p.client_id)
        .unwrap()
        .unwrap();
    assert_eq!((newest.to, newest.sequence), (day(26), 26));
    for bad in [0, 13] {
        assert!(matches!(
            p.therapist.client_bundle_page(&p.client_id, 0, bad),
            Err(Error::InvalidInput { field, .. }) if field == "limit"
        ));
    }
}
