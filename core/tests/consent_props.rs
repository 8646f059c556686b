//! Property tests of the disclosure policy: over random grants (including
//! revoked and expired ones) on seeded data, a disclosure and its FHIR
//! export hold exactly the records some active grant covers by category and
//! period, and never a private note.

mod care_common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;

use cadence_core::care::{fhir, policy, ConsentCategory, MemberRole};
use cadence_core::Store;
use care_common::*;

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    seeded: Vec<Seeded>,
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("c.db"), None).unwrap();
        let seeded = seed(&store);
        World {
            _dir: dir,
            store,
            seeded,
        }
    })
}

#[derive(Debug, Clone)]
struct G {
    categories: Vec<ConsentCategory>,
    from: i64,
    to: Option<i64>,
    expires_h: Option<i64>,
    revoke_h: Option<i64>,
}

fn grant() -> impl Strategy<Value = G> {
    (
        proptest::sample::subsequence(ConsentCategory::ALL.to_vec(), 1..=4),
        0i64..45,
        proptest::option::of(0i64..30),
        proptest::option::of(1i64..48),
        proptest::option::of(0i64..48),
    )
        .prop_map(|(categories, from, len, expires_h, revoke_h)| G {
            categories,
            from,
            to: len.map(|l| from + l),
            expires_h,
            revoke_h,
        })
}

fn active(g: &G, now_h: i64) -> bool {
    g.expires_h.is_none_or(|e| e > now_h) && g.revoke_h.is_none_or(|r| r > now_h)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn nothing_outside_an_active_grant_ever_leaves(
        grants in proptest::collection::vec(grant(), 0..4),
        now_h in 0i64..48,
        req_from in 0i64..40,
        req_len in 0i64..40,
    ) {
        let w = world();
        let m = member(&w.store, MemberRole::Therapist);
        let t0 = t0();
        let mut ids = Vec::new();
        for g in &grants {
            let mut input = grant_input(&m.id, &g.categories, day(g.from), g.to.map(day));
            input.expires_at = g.expires_h.map(|h| t0 + Duration::hours(h));
            ids.push(w.store.grant_consent(&input, t0).unwrap().id);
        }
        for (g, id) in grants.iter().zip(&ids) {
            if let Some(r) = g.revoke_h {
                w.store.revoke_consent(id, t0 + Duration::hours(r)).unwrap();
            }
        }
        let now: DateTime<Utc> = t0 + Duration::hours(now_h);
        let (from, to) = (day(req_from), day(req_from + req_len));
        let covers = |c: ConsentCategory, d: NaiveDate| {
            grants.iter().any(|g| {
                active(g, now_h)
                    && g.categories.contains(&c)
                    && d >= day(g.from).max(from)
                    && d <= g.to.map(day).unwrap_or(now.date_naive()).min(to)
            })
        };
        let expected: BTreeSet<String> = w
            .seeded
            .iter()
            .filter(|s| !s.private_note && covers(s.category, s.date))
            .map(|s| s.id.clone())
            .collect();
        match policy::disclosure(&w.store, &m.id, from, to, now) {
            Err(e) => {
                prop_assert!(matches!(e, cadence_core::Error::ConsentRequired), "{e}");
                prop_assert!(expected.is_empty());
            }
            Ok(d) => {
                let got: BTreeSet<String> = d
                    .dose_log
                    .iter()
                    .map(|e| e.id.clone())
                    .chain(d.journal_entries().map(|e| e.id.clone()))
                    .collect();
                prop_assert_eq!(&got, &expected);
                for e in d.journal_entries() {
                    prop_assert!(!e.is_private_note());
                    prop_assert!(!e.note.contains(SECRET));
                    if !e.note.is_empty() {
                        prop_assert!(covers(ConsentCategory::ShareableNotes, e.local_date));
                    }
                }
                prop_assert!(d.dose_log.iter().all(|e| e.note.is_empty()));
                prop_assert_eq!(d.care_plan.is_some(), false);
                if !d.medications.is_empty() {
                    prop_assert!(d.has(ConsentCategory::MedicationList));
                }
                let json = fhir::export_json(&d, now);
                prop_assert!(!json.contains(SECRET));
                let v: serde_json::Value = serde_json::from_str(&json).unwrap();
                let count = |t: &str| v["entry"].as_array().unwrap().iter()
                    .filter(|e| e["resource"]["resourceType"] == t).count();
                prop_assert_eq!(count("MedicationAdministration"), d.dose_log.len());
                prop_assert_eq!(count("QuestionnaireResponse"), d.questionnaires.len());
                prop_assert_eq!(count("Observation"), d.mood.len() + d.side_effects.len() + d.questionnaires.len());
                prop_assert_eq!(count("Consent"), d.grants.len());
            }
        }
    }
}
