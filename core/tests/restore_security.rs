//! Restoring an older backup never rolls security state back: a consent
//! revoked after the backup stays revoked, audit entries written after it
//! stay, share sequence numbers go on (client side) and a client's
//! revocation and replay protection hold (care-team side).

#[path = "journal_common/mod.rs"]
mod journal_common;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use cadence_core::care::{
    CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind, GrantStatus,
    MemberRole,
};
use cadence_core::share::{ImportOutcome, KeyProtectionSecret};
use cadence_core::{App, DatabaseKey, Error};
use journal_common::{at, entry, med, mood, now};

const PASS: &str = "correct horse battery staple";

fn secret(b: u8) -> KeyProtectionSecret {
    KeyProtectionSecret::from_bytes(&[b; 32]).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 2, d).unwrap()
}

struct World {
    dir: tempfile::TempDir,
    client: App,
    therapist: App,
    member_id: String,
    grant_id: String,
    client_id: String,
}

fn grant(client: &App, member_id: &str, t: DateTime<Utc>) -> String {
    client
        .grant_consent(
            &ConsentGrantInput {
                member_id: member_id.to_string(),
                kind: GrantKind::Data,
                categories: vec![ConsentCategory::Mood],
                data_from: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                data_to: None,
                expires_at: None,
                purpose: "therapy".into(),
            },
            t,
        )
        .unwrap()
        .id
}

/// A client with moods and a therapist with a grant, paired both ways and
/// confirmed, each in an encrypted file.
fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let key = |b| Some(DatabaseKey::from_bytes(&[b; 32]).unwrap());
    let client = App::open(dir.path().join("client.db"), key(1)).unwrap();
    let therapist = App::open(dir.path().join("therapist.db"), key(2)).unwrap();
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
    let grant_id = grant(&client, &member.id, now());
    let c = client.create_share_keys(&secret(1), now()).unwrap();
    let t = therapist.create_share_keys(&secret(2), now()).unwrap();
    let r = client
        .pair_recipient(&member.id, &t.pairing_code, now())
        .unwrap();
    client
        .confirm_pairing(&r.id, &t.fingerprint, now())
        .unwrap();
    let k = therapist
        .pair_client("Client A", &c.pairing_code, now())
        .unwrap();
    therapist
        .confirm_pairing(&k.id, &c.fingerprint, now())
        .unwrap();
    World {
        dir,
        client,
        therapist,
        member_id: member.id,
        grant_id,
        client_id: k.id,
    }
}

impl World {
    fn export(
        &self,
        t: DateTime<Utc>,
    ) -> cadence_core::Result<cadence_core::share::ExportedBundle> {
        self.client
            .export_share_bundle(&secret(1), &self.member_id, day(1), day(7), t)
    }
    fn import(&self, bytes: &[u8]) -> cadence_core::Result<ImportOutcome> {
        self.therapist
            .import_share_bundle(&secret(2), bytes, now() + Duration::hours(2))
    }
    fn backup(&self, app: &App, name: &str) -> std::path::PathBuf {
        let out = self.dir.path().join(name);
        app.backup_to(&out, PASS, now()).unwrap();
        out
    }
}

#[test]
fn client_restore_keeps_revocations_the_audit_log_and_the_sequence() {
    let w = world();
    let first = w.export(now()).unwrap();
    assert_eq!(first.sequence, 1);
    w.import(&first.bytes).unwrap();
    let backup = w.backup(&w.client, "client.backup");

    // After the backup: a second bundle (audited, sequence 2) and the
    // consent revoked.
    let second = w.export(now() + Duration::hours(1)).unwrap();
    w.import(&second.bytes).unwrap();
    let revoked_at = now() + Duration::hours(3);
    w.client.revoke_consent(&w.grant_id, revoked_at).unwrap();
    let audit_before: Vec<String> = w
        .client
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|a| a.sha256)
        .collect();
    assert_eq!(audit_before.len(), 2);

    w.client.restore_from(&backup, PASS).unwrap();

    // The grant revoked after the backup is still revoked, at its instant;
    // nothing goes out under it.
    let g = w
        .client
        .consent_grants(Some(&w.member_id), revoked_at)
        .unwrap()
        .into_iter()
        .find(|g| g.id == w.grant_id)
        .unwrap();
    assert_eq!(g.revoked_at, Some(revoked_at));
    assert_eq!(g.status, GrantStatus::Revoked);
    assert!(matches!(
        w.export(revoked_at + Duration::hours(1)),
        Err(Error::ConsentRequired)
    ));
    // The audit entry written after the backup is still there, once.
    let mut audit_after: Vec<String> = w
        .client
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|a| a.sha256)
        .collect();
    audit_after.sort();
    let mut expected = audit_before.clone();
    expected.sort();
    assert_eq!(audit_after, expected);
    // A new grant: the next bundle is number 3, and the therapist (who
    // imported 2) accepts it.
    grant(&w.client, &w.member_id, revoked_at + Duration::hours(1));
    let third = w.export(revoked_at + Duration::hours(2)).unwrap();
    assert_eq!(third.sequence, 3);
    assert!(matches!(
        w.import(&third.bytes),
        Ok(ImportOutcome::Imported { sequence: 3, .. })
    ));
    // The restored file is sound and the data is the backup's.
    assert!(w.client.integrity_check().unwrap().is_empty());
}

#[test]
fn care_team_restore_keeps_a_revoked_client_revoked_and_replays_refused() {
    let w = world();
    let first = w.export(now()).unwrap();
    w.import(&first.bytes).unwrap();
    let second = w.export(now() + Duration::minutes(1)).unwrap();
    let backup = w.backup(&w.therapist, "therapist.backup");
    w.import(&second.bytes).unwrap();
    // (The second replaced the first: one bundle per period.) The client
    // revokes sharing: the notice deletes their data here.
    let notice = w
        .client
        .share_revocation_notice(&secret(1), &w.member_id, now() + Duration::hours(1))
        .unwrap();
    assert!(matches!(
        w.import(&notice),
        Ok(ImportOutcome::Revoked {
            bundles_deleted: 1,
            ..
        })
    ));

    w.therapist.restore_from(&backup, PASS).unwrap();

    // Still revoked, and the bundle the backup held is gone again.
    let client = w
        .therapist
        .share_clients()
        .unwrap()
        .into_iter()
        .find(|c| c.pairing.id == w.client_id)
        .unwrap();
    assert!(client.pairing.revoked_at.is_some());
    assert_eq!(client.bundles, 0);
    assert!(w.therapist.client_bundles(&w.client_id).unwrap().is_empty());
    assert_eq!(client.pairing.last_sequence, 3);
    // Replay protection did not reset: the bundles imported before (one of
    // them after the backup) are refused as replays.
    for old in [&first.bytes, &second.bytes] {
        assert!(matches!(
            w.import(old),
            Err(Error::InvalidInput { field, .. }) if field == "bundle.sequence"
        ));
    }
    assert!(w.therapist.integrity_check().unwrap().is_empty());
}

#[test]
fn restore_keeps_a_pairing_made_after_the_backup_with_its_verification() {
    let w = world();
    let backup = w.backup(&w.client, "early.backup");
    // A second member paired and confirmed after the backup.
    let (_d, other) = (
        tempfile::tempdir().unwrap(),
        App::open(w.dir.path().join("other.db"), None).unwrap(),
    );
    let o = other.create_share_keys(&secret(5), now()).unwrap();
    let member = w
        .client
        .add_care_member(
            &CareMemberInput {
                name: "Dr Prescriber".into(),
                role: MemberRole::Prescriber,
                channel: ContactChannel::Email,
                contact: String::new(),
                notes: String::new(),
            },
            now(),
        )
        .unwrap();
    let k = w
        .client
        .pair_recipient(&member.id, &o.pairing_code, now())
        .unwrap();
    w.client
        .confirm_pairing(&k.id, &o.fingerprint, now())
        .unwrap();
    w.client.restore_from(&backup, PASS).unwrap();
    let kept = w
        .client
        .paired_keys()
        .unwrap()
        .into_iter()
        .find(|p| p.id == k.id)
        .expect("the pairing made after the backup is kept");
    assert_eq!(kept.verified_at, Some(now()));
    assert_eq!(kept.fingerprint, o.fingerprint);
}

#[test]
fn on_a_new_phone_the_share_keys_are_resealed_or_replaced() {
    let w = world();
    let first = w.export(now()).unwrap();
    w.import(&first.bytes).unwrap();
    let backup = w.backup(&w.client, "phone-a.backup");
    // The new phone: a fresh file, the backup restored, a new host secret.
    let phone_b = App::open(
        w.dir.path().join("phone-b.db"),
        Some(DatabaseKey::from_bytes(&[8; 32]).unwrap()),
    )
    .unwrap();
    phone_b.restore_from(&backup, PASS).unwrap();
    let export_b =
        |t: DateTime<Utc>| phone_b.export_share_bundle(&secret(7), &w.member_id, day(1), day(7), t);
    assert!(matches!(export_b(now()), Err(Error::WrongKey)));
    // With the old secret: the same keys under the new one; sharing goes on.
    let before = phone_b.share_identity().unwrap().unwrap();
    assert!(matches!(
        phone_b.reseal_share_keys(Some(&secret(9)), &secret(7), now()),
        Err(Error::WrongKey)
    ));
    let same = phone_b
        .reseal_share_keys(Some(&secret(1)), &secret(7), now())
        .unwrap();
    assert_eq!(same.fingerprint, before.fingerprint);
    let next = export_b(now() + Duration::hours(1)).unwrap();
    assert_eq!(next.sequence, 2);
    assert!(matches!(
        w.import(&next.bytes),
        Ok(ImportOutcome::Imported { sequence: 2, .. })
    ));
    // The old secret lost: new keys, every pairing unverified again.
    let fresh = phone_b.reseal_share_keys(None, &secret(6), now()).unwrap();
    assert_ne!(fresh.fingerprint, before.fingerprint);
    assert!(phone_b
        .paired_keys()
        .unwrap()
        .iter()
        .all(|k| k.verified_at.is_none()));
    assert!(matches!(
        phone_b.export_share_bundle(&secret(6), &w.member_id, day(1), day(7), now()),
        Err(Error::InvalidInput { field, .. }) if field == "pairing.verified"
    ));
}
