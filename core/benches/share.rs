//! Share bundle benchmarks: one year of data (5 medications, 4 doses a day,
//! daily mood) serialised, HPKE-encrypted and Ed25519-signed on the client,
//! then imported (parse, verify, decrypt, validate, store) on the
//! therapist's side. Goal: each under 50 ms.
//!
//! The disclosure is taken from a real store (policy applied) and then grown
//! in memory to a year, so the policy's own read path is not in this figure.

use cadence_core::care::{
    CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind, MemberRole,
};
use cadence_core::journal::{EntryDetail, JournalEntryInput, Mood};
use cadence_core::model::{DoseForm, DoseKind, DoseLogEntry, LogStatus, MedicationInput};
use cadence_core::share::crypto::{PublicIdentity, SecretIdentity};
use cadence_core::share::format::BundleKind;
use cadence_core::share::pairing::parse_pairing_code;
use cadence_core::share::{seal_bundle, BundleContent, BundleMeta, KeyProtectionSecret};
use cadence_core::App;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

fn bench(c: &mut Criterion) {
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap();
    let from = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2027, 2, 28).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let client = App::open(dir.path().join("c.db"), None).unwrap();
    let therapist = App::open(dir.path().join("t.db"), None).unwrap();
    let med = client
        .add_medication(
            &MedicationInput {
                name: "Medication".into(),
                strength: None,
                form: DoseForm::Tablet,
                instructions: String::new(),
                prescriber_notes: String::new(),
                expected_onset: None,
                started_on: None,
            },
            now - Duration::days(400),
        )
        .unwrap();
    let at = now - Duration::days(2);
    client
        .add_journal_entry(
            &JournalEntryInput {
                occurred_at: at,
                zone: chrono_tz::Europe::Berlin,
                detail: EntryDetail::Mood {
                    mood: Mood {
                        valence: 1,
                        energy: Some(5),
                        anxiety: Some(4),
                        sleep_hours: Some(7.0),
                        sleep_quality: Some(3),
                        emotions: vec!["calm".into()],
                        tags: vec![],
                    },
                },
                note: String::new(),
                shareable: false,
                goal_ids: vec![],
            },
            at,
        )
        .unwrap();
    let member = client
        .add_care_member(
            &CareMemberInput {
                name: "Therapist".into(),
                role: MemberRole::Therapist,
                channel: ContactChannel::Email,
                contact: String::new(),
                notes: String::new(),
            },
            now,
        )
        .unwrap();
    client
        .grant_consent(
            &ConsentGrantInput {
                member_id: member.id.clone(),
                kind: GrantKind::Data,
                categories: vec![
                    ConsentCategory::MedicationList,
                    ConsentCategory::DoseLog,
                    ConsentCategory::Mood,
                ],
                data_from: from,
                data_to: None,
                expires_at: None,
                purpose: String::new(),
            },
            now,
        )
        .unwrap();
    let mut d = client.disclosure_for(&member.id, from, to, now).unwrap();
    // Grow to a year: 5 medications, 4 doses a day, one mood a day.
    let m0 = d.medications[0].clone();
    let mood0 = d.mood[0].clone();
    d.medications.clear();
    d.mood.clear();
    let mut date = from;
    let mut n = 0;
    while date <= to {
        for m in 0..5 {
            for h in [8, 12, 18, 22] {
                let utc = Utc.from_utc_datetime(&date.and_hms_opt(h, 0, 0).unwrap());
                n += 1;
                d.dose_log.push(DoseLogEntry {
                    id: format!("{n:08}-0000-4000-8000-000000000000"),
                    medication_id: format!("{}{m}", &med.id[..35]),
                    kind: DoseKind::Scheduled,
                    occurrence_id: Some(format!("o{n}")),
                    plan_id: None,
                    scheduled_at: Some(utc),
                    local_date: Some(date),
                    status: LogStatus::Taken,
                    taken_at: Some(utc + Duration::minutes(12)),
                    amount: Some(50.0),
                    unit: Some("mg".into()),
                    skip_reason: None,
                    note: String::new(),
                    warnings: vec![],
                    version: 1,
                    created_at: utc,
                    updated_at: utc,
                });
            }
        }
        let mut mood = mood0.clone();
        mood.occurred_at = Utc.from_utc_datetime(&date.and_hms_opt(20, 0, 0).unwrap());
        d.mood.push(mood);
        date += Duration::days(1);
    }
    for m in 0..5 {
        let mut med = m0.clone();
        med.medication.id = format!("{}{m}", &med.medication.id[..35]);
        d.medications.push(med);
    }
    let content = BundleContent {
        version: 1,
        disclosure: d,
        update: Default::default(),
    };

    let secret = KeyProtectionSecret::from_bytes(&[7; 32]).unwrap();
    let sender = SecretIdentity::generate().unwrap();
    let t = therapist.create_share_keys(&secret, now).unwrap();
    let recipient: PublicIdentity = parse_pairing_code(&t.pairing_code).unwrap();
    let client_code = cadence_core::share::pairing::pairing_code(sender.public());
    let paired = therapist.pair_client("Client", &client_code, now).unwrap();
    therapist
        .confirm_pairing(&paired.id, &paired.fingerprint, now)
        .unwrap();
    let mut seq = 0u64;
    let seal = |seq: u64| {
        let plain = serde_json::to_vec(&content).unwrap();
        let meta = BundleMeta {
            kind: BundleKind::Data,
            created_at: now,
            from,
            to,
            sequence: seq,
        };
        seal_bundle(&sender, &recipient, &meta, &plain).unwrap()
    };
    let size = seal(1).len();
    eprintln!("one-year bundle: {size} bytes");
    c.bench_function("share: serialise + encrypt + sign 1 year", |b| {
        b.iter(|| seal(1))
    });
    c.bench_function(
        "share: import 1 year (verify, decrypt, validate, store)",
        |b| {
            b.iter_batched(
                || {
                    seq += 1;
                    seal(seq)
                },
                |bytes| therapist.import_share_bundle(&secret, &bytes, now).unwrap(),
                BatchSize::PerIteration,
            )
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
