//! Nothing outside a grant's category and period ever leaves, in any form,
//! derived numbers included.
//!
//! Random data (two medications on daily schedules — one stopped early, so
//! a medication-list grant can miss it —, a third deleted medication with
//! its logs and journal links, taken and skipped doses, moods, side effects,
//! PHQ-9s, substance use, goal check-ins, private and shareable notes) and
//! random grant sets (a different period per category, expired, revoked
//! before or after `now`, alert-only) go through the use-case layer the
//! facade forwards to. Every output form is checked against the grants:
//! the share bundle as the therapist's device decrypts and stores it, the
//! clinician update inside it, the FHIR bundle, and the therapist's
//! rendered report. A revocation holds for every `now`; a `now` before the
//! newest revocation (a clock set back) is refused.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

use cadence_core::care::{
    CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind, MemberRole,
};
use cadence_core::journal::{
    EntryDetail, GoalCheckIn, GoalInput, Instrument, JournalEntryInput, LifeArea, Mood,
    QuestionnaireAnswers, Severity, SideEffect, Substance, SubstanceUse, Symptom,
};
use cadence_core::model::{DoseAction, DoseForm, MedicationInput, ProfileInput, SkipReason};
use cadence_core::schedule::{Dose, DosingPlan, Timing};
use cadence_core::share::KeyProtectionSecret;
use cadence_core::{App, Error};

const BERLIN: chrono_tz::Tz = chrono_tz::Europe::Berlin;
/// Days of data, from `day(0)`.
const DAYS: i64 = 28;
/// Text that must never leave: private notes, dose-log notes.
const SECRET: &str = "SECRET-never-leaves";
/// The names of the three medications.
const NAMES: [&str; 3] = ["Alphazine", "Betaxolan", "Deletamol"];

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 2, 1).unwrap() + Duration::days(n)
}

fn at(n: i64, h: u32) -> DateTime<Utc> {
    BERLIN
        .from_local_datetime(&day(n).and_hms_opt(h, 0, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

/// When the grants are given: after all the data.
fn granted_at() -> DateTime<Utc> {
    at(DAYS + 2, 9)
}

fn secret(n: u8) -> KeyProtectionSecret {
    KeyProtectionSecret::from_bytes(&[n; 32]).unwrap()
}

/// What was seeded, to compute what may leave.
#[derive(Debug, Default)]
struct Seeded {
    /// Dose-log entry id -> (medication index, local date, taken).
    doses: BTreeMap<String, (usize, NaiveDate, bool)>,
    /// Journal entry id -> (category, local date, private note).
    journal: BTreeMap<String, (ConsentCategory, NaiveDate, bool)>,
    /// Medication ids by index.
    meds: Vec<String>,
}

/// A reproducible pattern: whether something happens on day `n` for `k`.
fn bit(seed: u64, n: i64, k: u64) -> bool {
    let x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add((n as u64).wrapping_mul(1442695040888963407) ^ k.wrapping_mul(0x9E37));
    (x >> 33) % 3 != 0
}

fn seed(app: &App, pattern: u64) -> Seeded {
    let t = at(0, 6);
    app.set_profile(
        &ProfileInput {
            display_name: "Robin".into(),
            home_zone: BERLIN,
            current_zone: BERLIN,
        },
        t,
    )
    .unwrap();
    let mut s = Seeded::default();
    for name in NAMES {
        let med = app
            .add_medication(
                &MedicationInput {
                    name: name.into(),
                    strength: None,
                    form: DoseForm::Tablet,
                    instructions: String::new(),
                    prescriber_notes: String::new(),
                    expected_onset: None,
                    started_on: Some(day(0)),
                },
                t,
            )
            .unwrap();
        let mut plan = DosingPlan::new(
            "",
            "",
            Dose::new(50.0, "mg"),
            Timing::daily_at(&[chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap()]),
        );
        plan.start = Some(day(0));
        // The course ends with the data: every due dose was logged.
        plan.end = Some(day(DAYS - 1));
        app.add_plan(&med.id, &plan, t).unwrap();
        s.meds.push(med.id);
    }
    let goal = app
        .add_goal(
            &GoalInput {
                area: LifeArea::ALL[0],
                title: "Walk every day".into(),
                why: String::new(),
            },
            t,
        )
        .unwrap();
    for n in 0..DAYS {
        let noon = at(n, 12);
        for (k, med) in s.meds.iter().enumerate() {
            // Betaxolan stops after day 9: a later medication-list grant
            // does not cover it.
            if k == 1 && n > 9 {
                continue;
            }
            let occ = app
                .occurrences(day(n), day(n))
                .unwrap()
                .into_iter()
                .find(|o| &o.medication_id == med)
                .unwrap();
            let taken = bit(pattern, n, k as u64);
            let action = if taken {
                DoseAction::Taken {
                    at: Some(occ.utc + Duration::minutes(20)),
                    amount: None,
                    early: false,
                }
            } else {
                DoseAction::Skipped {
                    reason: SkipReason::Forgot,
                    note: Some(SECRET.into()),
                }
            };
            let e = app
                .log_dose(&occ.id, &action, occ.utc + Duration::hours(1))
                .unwrap();
            s.doses.insert(e.id, (k, day(n), taken));
        }
        let mut add = |detail: EntryDetail, note: &str, shareable: bool, c: ConsentCategory| {
            let private = matches!(detail, EntryDetail::Note) && !shareable;
            let e = app
                .add_journal_entry(
                    &JournalEntryInput {
                        occurred_at: noon,
                        zone: BERLIN,
                        detail,
                        note: note.into(),
                        shareable,
                        goal_ids: vec![],
                    },
                    noon + Duration::minutes(1),
                )
                .unwrap();
            s.journal.insert(e.entry.id, (c, day(n), private));
        };
        add(
            EntryDetail::Mood {
                mood: Mood {
                    valence: (n % 7) as i32 - 3,
                    energy: Some(5),
                    anxiety: Some(3),
                    sleep_hours: Some(7.0),
                    sleep_quality: Some(3),
                    emotions: vec![],
                    tags: vec![],
                },
            },
            SECRET,
            false,
            ConsentCategory::Mood,
        );
        if n % 3 == 0 {
            add(
                EntryDetail::SideEffect {
                    side_effect: SideEffect {
                        symptom: Symptom::ALL[(n as usize) % Symptom::ALL.len()],
                        description: String::new(),
                        severity: Severity::Mild,
                        started_on: None,
                        resolved_on: None,
                        // Linked to the medication that will be deleted too.
                        medication_ids: vec![s.meds[0].clone(), s.meds[2].clone()],
                        bother: Some(3),
                        prescriber_knows: false,
                    },
                },
                "",
                false,
                ConsentCategory::SideEffects,
            );
        }
        if n % 7 == 0 {
            add(
                EntryDetail::Questionnaire {
                    questionnaire: QuestionnaireAnswers {
                        instrument: Instrument::Phq9,
                        answers: vec![Some(1); 9],
                        difficulty: None,
                    },
                },
                "",
                false,
                ConsentCategory::Questionnaires,
            );
        }
        if n % 4 == 1 {
            add(
                EntryDetail::Substance {
                    substance: SubstanceUse {
                        substance: Substance::ALL[0],
                        name: String::new(),
                        amount: 1.0,
                        unit: "drink".into(),
                    },
                },
                "",
                false,
                ConsentCategory::SubstanceUse,
            );
        }
        if n % 5 == 2 {
            add(
                EntryDetail::GoalCheckIn {
                    check_in: GoalCheckIn {
                        goal_id: goal.id.clone(),
                        rating: 6,
                    },
                },
                "",
                false,
                ConsentCategory::Goals,
            );
        }
        if n % 2 == 0 {
            let private = n % 4 == 0;
            let text = if private {
                SECRET
            } else {
                "please ask about sleep"
            };
            add(
                EntryDetail::Note,
                text,
                !private,
                ConsentCategory::ShareableNotes,
            );
        }
    }
    app.stop_medication(&s.meds[1], day(9), at(DAYS, 8))
        .unwrap();
    app.delete_medication(&s.meds[2], at(DAYS, 9)).unwrap();
    s
}

#[derive(Debug, Clone)]
struct G {
    alert_only: bool,
    categories: Vec<ConsentCategory>,
    from: i64,
    len: Option<i64>,
    /// Hours after the grant.
    expires_h: Option<i64>,
    /// Hours after the grant (may be after `now`: the clock set back).
    revoke_h: Option<i64>,
}

fn grant() -> impl Strategy<Value = G> {
    (
        proptest::bool::weighted(0.15),
        proptest::sample::subsequence(ConsentCategory::ALL.to_vec(), 1..=4),
        -10i64..DAYS,
        proptest::option::weighted(0.6, 0i64..DAYS),
        proptest::option::weighted(0.3, 1i64..96),
        proptest::option::weighted(0.3, 0i64..96),
    )
        .prop_map(
            |(alert_only, categories, from, len, expires_h, revoke_h)| G {
                alert_only,
                categories,
                from,
                len,
                expires_h,
                revoke_h,
            },
        )
}

struct World {
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    client: App,
    therapist: App,
    seeded: Seeded,
    member_id: String,
    client_id: String,
}

fn world(pattern: u64) -> World {
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let client = App::open(dirs.0.path().join("client.db"), None).unwrap();
    let therapist = App::open(dirs.1.path().join("therapist.db"), None).unwrap();
    let seeded = seed(&client, pattern);
    let t = at(DAYS, 10);
    let member = client
        .add_care_member(
            &CareMemberInput {
                name: "Dr Therapist".into(),
                role: MemberRole::Therapist,
                channel: ContactChannel::Portal,
                contact: String::new(),
                notes: String::new(),
            },
            t,
        )
        .unwrap();
    let mine = client.create_share_keys(&secret(1), t).unwrap();
    let theirs = therapist.create_share_keys(&secret(2), t).unwrap();
    client
        .pair_recipient(&member.id, &theirs.pairing_code, t)
        .unwrap();
    let paired = therapist
        .pair_client("Robin", &mine.pairing_code, t)
        .unwrap();
    for app in [&client, &therapist] {
        for k in app.paired_keys().unwrap() {
            app.confirm_pairing(&k.id, &k.fingerprint, t).unwrap();
        }
    }
    World {
        _dirs: dirs,
        client,
        therapist,
        seeded,
        member_id: member.id,
        client_id: paired.id,
    }
}

/// The days of `category` the grants in force at `now` cover within
/// `from..=to` (a revoked grant never counts, whatever `now` says).
fn allowed(
    grants: &[G],
    category: ConsentCategory,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> BTreeSet<NaiveDate> {
    let mut days = BTreeSet::new();
    for g in grants {
        let expired = g
            .expires_h
            .is_some_and(|h| granted_at() + Duration::hours(h) <= now);
        if g.alert_only || g.revoke_h.is_some() || expired || !g.categories.contains(&category) {
            continue;
        }
        let end = g.len.map_or(now.date_naive(), |l| day(g.from + l));
        let mut d = day(g.from).max(from);
        while d <= end.min(to) {
            days.insert(d);
            d += Duration::days(1);
        }
    }
    days
}

fn cases() -> u32 {
    std::env::var("CADENCE_LEAK_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        // A fixed seed in the test command; CADENCE_LEAK_CASES=N for longer runs.
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5EED_CADE),
        ..ProptestConfig::default()
    })]

    #[test]
    fn nothing_outside_a_grant_leaves_in_any_form(
        pattern in any::<u64>(),
        grants in proptest::collection::vec(grant(), 0..4),
        now_h in 1i64..72,
        req_from in -3i64..DAYS,
        req_len in 0i64..DAYS,
    ) {
        let w = world(pattern);
        let now = granted_at() + Duration::hours(now_h);
        let (from, to) = (day(req_from), day(req_from + req_len));
        let mut revoked_last = None;
        for g in &grants {
            let input = ConsentGrantInput {
                member_id: w.member_id.clone(),
                kind: if g.alert_only { GrantKind::AlertOnly } else { GrantKind::Data },
                categories: if g.alert_only { vec![] } else { g.categories.clone() },
                data_from: day(g.from),
                data_to: g.len.map(|l| day(g.from + l)),
                expires_at: g.expires_h.map(|h| granted_at() + Duration::hours(h)),
                purpose: "treatment".into(),
            };
            let id = w.client.grant_consent(&input, granted_at()).unwrap().id;
            if let Some(h) = g.revoke_h {
                let r = granted_at() + Duration::hours(h);
                w.client.revoke_consent(&id, r).unwrap();
                revoked_last = revoked_last.max(Some(r));
            }
        }

        // A clock set back before the newest revocation: refused, nothing
        // leaves, nothing is audited.
        if revoked_last.is_some_and(|r| now < r) {
            let refused = |e: Error| matches!(e, Error::InvalidInput { ref field, .. } if field == "now");
            prop_assert!(refused(w.client.fhir_export(&w.member_id, from, to, now).unwrap_err()));
            prop_assert!(refused(
                w.client.export_share_bundle(&secret(1), &w.member_id, from, to, now).unwrap_err()
            ));
            prop_assert!(w.client.audit_log().unwrap().is_empty());
            return Ok(());
        }

        let cats: BTreeMap<ConsentCategory, BTreeSet<NaiveDate>> = ConsentCategory::ALL
            .into_iter()
            .map(|c| (c, allowed(&grants, c, from, to, now)))
            .collect();
        let ok = |c: ConsentCategory, d: NaiveDate| cats[&c].contains(&d);
        let expected_doses: BTreeSet<&String> = w
            .seeded
            .doses
            .iter()
            .filter(|(_, (k, d, _))| *k != 2 && ok(ConsentCategory::DoseLog, *d))
            .map(|(id, _)| id)
            .collect();
        let expected_journal: BTreeSet<&String> = w
            .seeded
            .journal
            .iter()
            .filter(|(_, (c, d, private))| !private && ok(*c, *d))
            .map(|(id, _)| id)
            .collect();
        let nothing = cats.values().all(|d| d.is_empty());

        let bundle = w.client.export_share_bundle(&secret(1), &w.member_id, from, to, now);
        let fhir = w.client.fhir_export(&w.member_id, from, to, now);
        if nothing {
            // Deny by default: no grant in force, nothing leaves.
            prop_assert!(matches!(bundle, Err(Error::ConsentRequired)), "{bundle:?}");
            prop_assert!(matches!(fhir, Err(Error::ConsentRequired)));
            prop_assert!(w.client.audit_log().unwrap().is_empty());
            return Ok(());
        }
        let (bundle, fhir) = (bundle.unwrap(), fhir.unwrap());

        // 1. The bundle, as the therapist's device decrypts and keeps it.
        w.therapist.import_share_bundle(&secret(2), &bundle.bytes, now).unwrap();
        let held = w.therapist.client_bundles(&w.client_id).unwrap();
        prop_assert_eq!(held.len(), 1);
        let d = &held[0].disclosure;
        let got_doses: BTreeSet<&String> = d.dose_log.iter().map(|e| &e.id).collect();
        prop_assert_eq!(&got_doses, &expected_doses);
        let got_journal: BTreeSet<&String> = d.journal_entries().map(|e| &e.id).collect();
        prop_assert_eq!(&got_journal, &expected_journal);
        for e in d.journal_entries() {
            prop_assert!(!e.note.contains(SECRET));
            if !e.note.is_empty() {
                prop_assert!(ok(ConsentCategory::ShareableNotes, e.local_date));
            }
            if let EntryDetail::SideEffect { side_effect } = &e.detail {
                prop_assert!(!side_effect.medication_ids.contains(&w.seeded.meds[2]),
                    "a link to a deleted medication left");
            }
        }
        for o in &d.scheduled {
            prop_assert!(ok(ConsentCategory::DoseLog, o.local_date));
            prop_assert!(o.medication_id != w.seeded.meds[2]);
        }
        let plaintext = serde_json::to_string(d).unwrap() + &serde_json::to_string(&held[0].update).unwrap();
        prop_assert!(!plaintext.contains(SECRET));
        prop_assert!(!plaintext.contains(NAMES[2]), "a deleted medication left");
        // Names only of medications a medication-list grant covers.
        let named: BTreeSet<&str> = d.medications.iter().map(|m| m.medication.name.as_str()).collect();
        let list = &cats[&ConsentCategory::MedicationList];
        let alpha_named = list.iter().any(|d| *d >= day(0));
        let beta_named = list.iter().any(|d| *d <= day(9));
        prop_assert_eq!(named.contains(NAMES[0]), alpha_named);
        prop_assert_eq!(named.contains(NAMES[1]), beta_named);
        prop_assert_eq!(plaintext.contains(NAMES[1]), beta_named, "Betaxolan's name");
        prop_assert_eq!(plaintext.contains(NAMES[0]), alpha_named, "Alphazine's name");

        // 2. The clinician update: every derived number from granted days only.
        let u = &held[0].update;
        let dose_days = &cats[&ConsentCategory::DoseLog];
        match &u.adherence {
            None => prop_assert!(dose_days.is_empty()),
            Some(a) => {
                let due = w.seeded.doses.values().filter(|(k, d, _)| *k != 2 && dose_days.contains(d)).count();
                let taken = w.seeded.doses.values().filter(|(k, d, t)| *k != 2 && *t && dose_days.contains(d)).count();
                prop_assert_eq!(a.overall.due as usize, due);
                prop_assert_eq!(a.overall.taken as usize, taken);
                let prev = cadence_core::analytics::previous_window(d.from, d.to);
                let granted = allowed(&grants, ConsentCategory::DoseLog, prev.0, prev.1, now);
                if (granted.len() as i64) < (prev.1 - prev.0).num_days() + 1 {
                    prop_assert!(a.trend.previous_percent.is_none(), "a trend from days not granted");
                }
                for m in &a.medications {
                    prop_assert!(named.contains(m.name.as_str()), "adherence named {}", m.name);
                }
            }
        }
        for f in &u.flagged {
            prop_assert!(f.medication_id != w.seeded.meds[2]);
        }
        let moods = w.seeded.journal.values()
            .filter(|(c, d, _)| *c == ConsentCategory::Mood && ok(*c, *d)).count();
        prop_assert_eq!(u.mood.as_ref().map_or(0, |m| m.check_ins as usize), moods);
        for q in &u.questionnaires {
            prop_assert!(ok(ConsentCategory::Questionnaires, q.date));
        }
        let effects = w.seeded.journal.values()
            .filter(|(c, d, _)| *c == ConsentCategory::SideEffects && ok(*c, *d)).count();
        prop_assert_eq!(u.side_effects.iter().map(|s| s.entries as usize).sum::<usize>(), effects);
        prop_assert!(u.questions.iter().all(|q| !q.contains(SECRET)));
        if cats[&ConsentCategory::ShareableNotes].is_empty() {
            prop_assert!(u.questions.is_empty());
        }

        // 3. The FHIR bundle.
        prop_assert!(!fhir.contains(SECRET));
        prop_assert!(!fhir.contains(NAMES[2]));
        prop_assert_eq!(fhir.contains(NAMES[1]), beta_named);
        let v: serde_json::Value = serde_json::from_str(&fhir).unwrap();
        let count = |t: &str| v["entry"].as_array().unwrap().iter()
            .filter(|e| e["resource"]["resourceType"] == t).count();
        prop_assert_eq!(count("MedicationAdministration"), d.dose_log.len());
        prop_assert_eq!(count("QuestionnaireResponse"), d.questionnaires.len());

        // 4. The therapist's report of the imported bundle.
        let html = w.therapist.client_report_html(&w.client_id).unwrap();
        let text = w.therapist.client_report_text(&w.client_id).unwrap();
        for page in [&html, &text] {
            prop_assert!(!page.contains(SECRET));
            prop_assert!(!page.contains(NAMES[2]));
            prop_assert!(page.contains("Shared by the client:"));
        }
        if !beta_named {
            prop_assert!(!html.contains(NAMES[1]) && !text.contains(NAMES[1]));
        }
        if !alpha_named {
            prop_assert!(!html.contains(NAMES[0]) && !text.contains(NAMES[0]));
        }

        // 5. The audit log says exactly which categories and days left.
        let log = w.client.audit_log().unwrap();
        prop_assert_eq!(log.len(), 2);
        for a in &log {
            for c in &a.record_counts {
                for p in &c.periods {
                    let mut x = p.from;
                    while x <= p.to {
                        let granted = allowed(&grants, c.category, x, x, now).contains(&x);
                        prop_assert!(granted, "audit says {:?} {} left", c.category, x);
                        x += Duration::days(1);
                    }
                }
            }
        }
    }
}
