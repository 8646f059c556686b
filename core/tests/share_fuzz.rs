//! Fuzzing past the signature check. Random bytes never carry a valid
//! signature, so `data_safety_fuzz` and the `bundle_import` cargo-fuzz
//! target stop at it; here the fuzzed plaintext is sealed and signed with a
//! paired, verified client key, so decryption, JSON parsing, content
//! validation and storage all see it. And pairing codes: any text gives a
//! key or a typed error, never a panic.
//!
//! Fixed seeds and a few hundred cases in the normal test run (seconds).
//! Longer runs: `CADENCE_FUZZ_CASES=20000 cargo test -p cadence-core --test
//! share_fuzz --release` (see `core/fuzz/README.md` for the figures), and the
//! libFuzzer targets `sealed_content` and `pairing_code` in `core/fuzz`.

#[path = "journal_common/mod.rs"]
mod journal_common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use serde_json::Value;

use cadence_core::care::{
    CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind, MemberRole,
};
use cadence_core::share::crypto::SecretIdentity;
use cadence_core::share::format::BundleKind;
use cadence_core::share::pairing::{pairing_code, parse_pairing_code};
use cadence_core::share::{seal_bundle, BundleMeta, ImportOutcome, KeyProtectionSecret};
use cadence_core::{App, Error};
use journal_common::{at, entry, med, mood, now};

fn cases(default: u32) -> u32 {
    std::env::var("CADENCE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config(default: u32, seed: u64) -> ProptestConfig {
    ProptestConfig {
        cases: cases(default),
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

struct Therapist {
    _dir: tempfile::TempDir,
    app: App,
    secret: KeyProtectionSecret,
    client: SecretIdentity,
    client_id: String,
    /// A real bundle's content JSON, the base the mutations start from.
    valid: Value,
    sequence: AtomicU64,
    /// One case at a time: the tests share this file and compare counts.
    lock: std::sync::Mutex<()>,
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 2, d).unwrap()
}

/// A therapist's file with one paired, verified client whose secret key
/// the test holds, and a valid content document from a real client.
fn therapist() -> &'static Therapist {
    static T: OnceLock<Therapist> = OnceLock::new();
    T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(dir.path().join("t.db"), None).unwrap();
        let secret = KeyProtectionSecret::from_bytes(&[2; 32]).unwrap();
        let mine = app.create_share_keys(&secret, now()).unwrap();
        let client = SecretIdentity::generate().unwrap();
        let paired = app
            .pair_client("Fuzz", &pairing_code(client.public()), now())
            .unwrap();
        app.confirm_pairing(&paired.id, &paired.fingerprint, now())
            .unwrap();
        let _ = mine;
        // The content a real client sends: medications and moods.
        let source = App::open(dir.path().join("c.db"), None).unwrap();
        med(&source, "Sertraline");
        for h in 1..5 {
            source
                .add_journal_entry(&entry(mood(h - 2), at(24 * h as i64)), at(24 * h as i64))
                .unwrap();
        }
        let member = source
            .add_care_member(
                &CareMemberInput {
                    name: "Dr Fuzz".into(),
                    role: MemberRole::Therapist,
                    channel: ContactChannel::Email,
                    contact: String::new(),
                    notes: String::new(),
                },
                now(),
            )
            .unwrap();
        source
            .grant_consent(
                &ConsentGrantInput {
                    member_id: member.id.clone(),
                    kind: GrantKind::Data,
                    categories: vec![ConsentCategory::Mood, ConsentCategory::MedicationList],
                    data_from: day(1),
                    data_to: None,
                    expires_at: None,
                    purpose: "fuzz".into(),
                },
                now(),
            )
            .unwrap();
        let disclosure = source
            .disclosure_for(&member.id, day(1), day(28), now())
            .unwrap();
        let valid = serde_json::json!({
            "version": 1,
            "disclosure": disclosure,
            "update": cadence_core::care::clinician_update(&disclosure),
        });
        Therapist {
            _dir: dir,
            app,
            secret,
            client,
            client_id: paired.id,
            valid,
            sequence: AtomicU64::new(0),
            lock: std::sync::Mutex::new(()),
        }
    })
}

/// Seals `plaintext` from the paired client with the next sequence number
/// and imports it; checks what a user would notice: a typed error naming a
/// bundle field and nothing stored, or an import that reads back.
fn import_sealed(plaintext: &[u8]) -> std::result::Result<(), TestCaseError> {
    let t = therapist();
    let _one_at_a_time = t.lock.lock().unwrap_or_else(|p| p.into_inner());
    let sequence = t.sequence.fetch_add(1, Ordering::SeqCst) + 1;
    let recipient =
        parse_pairing_code(&t.app.share_identity().unwrap().unwrap().pairing_code).unwrap();
    let meta = BundleMeta {
        kind: BundleKind::Data,
        created_at: now(),
        from: day(1),
        to: day(28),
        sequence,
    };
    let bytes = seal_bundle(&t.client, &recipient, &meta, plaintext).unwrap();
    let before = t.app.client_bundles(&t.client_id).unwrap().len();
    match t
        .app
        .import_share_bundle(&t.secret, &bytes, now() + Duration::hours(1))
    {
        Ok(ImportOutcome::Imported { sequence: s, .. }) => {
            prop_assert_eq!(s, sequence);
            // Whatever passed validation is stored and reads back.
            let newest = t.app.newest_client_bundle(&t.client_id).unwrap();
            prop_assert_eq!(newest.map(|b| b.sequence), Some(sequence));
        }
        Ok(other) => prop_assert!(false, "a data bundle gave {:?}", other),
        Err(Error::InvalidInput { field, .. }) => {
            prop_assert!(field.starts_with("bundle"), "field {}", field);
            prop_assert_eq!(t.app.client_bundles(&t.client_id).unwrap().len(), before);
        }
        Err(e) => prop_assert!(false, "untyped failure: {:?}", e),
    }
    Ok(())
}

/// A JSON value, biased towards the shapes bundle content uses.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        prop_oneof![
            Just("2027-02-01".to_string()),
            Just("2027-13-45".to_string()),
            Just("2027-02-01T08:00:00Z".to_string()),
            Just("mood".to_string()),
            Just("medication_list".to_string()),
            Just("America/New_York".to_string()),
            ".{0,24}",
        ]
        .prop_map(Value::String),
    ]
}

/// The valid content with one value somewhere replaced, or a key removed.
fn mutate(mut v: Value, path: Vec<usize>, replacement: Value, remove: bool) -> Value {
    mutate_at(&mut v, &path, replacement, remove);
    v
}

fn mutate_at(node: &mut Value, path: &[usize], replacement: Value, remove: bool) {
    let Some((&step, rest)) = path.split_first() else {
        *node = replacement;
        return;
    };
    match node {
        Value::Object(m) if !m.is_empty() => {
            let key = m.keys().nth(step % m.len()).unwrap().clone();
            if remove {
                m.remove(&key);
            } else {
                mutate_at(m.get_mut(&key).unwrap(), rest, replacement, remove);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = step % a.len();
            mutate_at(&mut a[i], rest, replacement, remove);
        }
        _ => *node = replacement,
    }
}

proptest! {
    #![proptest_config(config(100, 0x5EA1_0001))]

    /// Structure-aware: a real content document with one part changed.
    #[test]
    fn mutated_content_sealed_by_a_paired_client_is_imported_or_refused_typed(
        path in prop::collection::vec(any::<usize>(), 0..8),
        replacement in leaf(),
        remove in any::<bool>(),
    ) {
        let t = therapist();
        let doc = mutate(t.valid.clone(), path, replacement, remove);
        import_sealed(&serde_json::to_vec(&doc).unwrap())?;
    }

    /// Raw: arbitrary bytes and truncations of valid content.
    #[test]
    fn arbitrary_plaintext_sealed_by_a_paired_client_is_refused_typed(
        raw in prop::collection::vec(any::<u8>(), 0..256),
        cut in any::<usize>(),
        which in 0..2u8,
    ) {
        let t = therapist();
        let plaintext = if which == 0 {
            raw
        } else {
            let full = serde_json::to_vec(&t.valid).unwrap();
            full[..cut % full.len()].to_vec()
        };
        import_sealed(&plaintext)?;
    }
}

/// Text shaped like pairing codes: the prefix, hex, and everything else.
fn code_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("CDNC1-".to_string()),
        "[0-9A-F]{0,140}",
        "[0-9a-fA-F \n]{0,150}",
        "\\PC{0,8}",
        ".{0,8}",
    ];
    prop::collection::vec(piece, 0..5).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(600, 0x5EA1_0002))]

    #[test]
    fn any_text_as_a_pairing_code_gives_a_key_or_a_typed_error(text in code_like()) {
        match std::panic::catch_unwind(|| parse_pairing_code(&text)) {
            Err(_) => prop_assert!(false, "panicked"),
            Ok(Ok(id)) => {
                // Accepted: it is the code of that key (round trip).
                let again = parse_pairing_code(&pairing_code(&id)).unwrap();
                prop_assert_eq!(again, id);
            }
            Ok(Err(Error::InvalidInput { field, reason })) => {
                prop_assert_eq!(field, "pairing_code");
                prop_assert!(reason.is_ascii());
            }
            Ok(Err(e)) => prop_assert!(false, "untyped: {:?}", e),
        }
    }

    #[test]
    fn a_valid_code_with_one_character_changed_is_refused(
        pos in 6usize..142, ch in prop::char::any(),
    ) {
        let id = SecretIdentity::generate().unwrap();
        let code = pairing_code(id.public());
        let mut chars: Vec<char> = code.chars().collect();
        prop_assume!(!chars[pos].eq_ignore_ascii_case(&ch) && !ch.is_whitespace());
        chars[pos] = ch;
        let changed: String = chars.into_iter().collect();
        prop_assert!(parse_pairing_code(&changed).is_err());
    }
}
