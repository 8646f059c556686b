//! The public facade as the apps see it: typed errors, `now` defaulting to
//! the clock, sharing across threads.

use std::sync::Arc;

use chrono::{TimeZone, Utc};

use cadence_core::model::{DoseForm, MedicationInput, ProfileInput, Strength};
use cadence_core::schedule::{Dose, EventTiming, FormDays, FormTimes, PlanForm};
use cadence_ffi::{plan_form, plan_from_form, Cadence, CadenceError};

fn input(name: &str) -> MedicationInput {
    MedicationInput {
        name: name.into(),
        strength: Some(Strength {
            amount: 50.0,
            unit: "mg".into(),
        }),
        form: DoseForm::Tablet,
        instructions: String::new(),
        prescriber_notes: String::new(),
        expected_onset: None,
        started_on: None,
    }
}

fn open() -> (tempfile::TempDir, Arc<Cadence>) {
    let dir = tempfile::tempdir().unwrap();
    let app = Cadence::open(
        dir.path().join("c.db").to_string_lossy().into_owned(),
        vec![9; 32],
    )
    .unwrap();
    (dir, app)
}

#[test]
fn the_facade_opens_encrypted_files_only_unless_a_tool_asks_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    // `open` needs a key, and the file it creates is encrypted on disk.
    let app = Cadence::open(path("enc.db"), vec![4; 32]).unwrap();
    assert!(app.is_encrypted());
    app.add_medication(input("Lithium"), None).unwrap();
    drop(app);
    let bytes = std::fs::read(path("enc.db")).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    // A plain file (made by a tool) is refused by `open`, whatever the key.
    let plain = Cadence::open_unencrypted_for_tools(path("plain.db")).unwrap();
    assert!(!plain.is_encrypted());
    drop(plain);
    assert!(matches!(
        Cadence::open(path("plain.db"), vec![4; 32]),
        Err(CadenceError::WrongKey)
    ));
    // The tools' call does not open an encrypted file either.
    assert!(matches!(
        Cadence::open_unencrypted_for_tools(path("enc.db")),
        Err(CadenceError::WrongKey)
    ));
    // Re-keying needs a key; decrypting is the tools' named call.
    let app = Cadence::open(path("enc.db"), vec![4; 32]).unwrap();
    assert!(matches!(
        app.change_key(vec![1; 5]),
        Err(CadenceError::InvalidInput { field, .. }) if field == "key"
    ));
    app.change_key(vec![5; 32]).unwrap();
    drop(app);
    assert_eq!(
        Cadence::open(path("enc.db"), vec![5; 32])
            .unwrap()
            .medications(false)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn errors_are_small_typed_and_free_of_personal_data() {
    let (_dir, app) = open();
    let secret = "My private drug name";
    let mut bad = input(secret);
    bad.instructions = "x".repeat(5000);
    match app.add_medication(bad, None) {
        Err(CadenceError::InvalidInput { field, reason }) => {
            assert_eq!(field, "medication.instructions");
            assert!(!reason.contains(secret));
        }
        other => panic!("{other:?}"),
    }
    match app.medication("6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10".into()) {
        Err(CadenceError::NotFound { kind }) => assert_eq!(kind, "medication"),
        other => panic!("{other:?}"),
    }
    let short_key = Cadence::open("/tmp/never-created.db".into(), vec![1, 2, 3]);
    assert!(matches!(short_key, Err(CadenceError::InvalidInput { field, .. }) if field == "key"));
    assert!(!std::path::Path::new("/tmp/never-created.db").exists());
}

#[test]
fn now_defaults_to_the_clock_and_can_be_fixed() {
    let (_dir, app) = open();
    let fixed = Utc.with_ymd_and_hms(2027, 1, 2, 3, 4, 5).unwrap();
    assert_eq!(
        app.add_medication(input("A"), Some(fixed))
            .unwrap()
            .created_at,
        fixed
    );
    let before = Utc::now();
    let m = app.add_medication(input("B"), None).unwrap();
    assert!(m.created_at >= before - chrono::Duration::seconds(1));
    assert!(m.created_at <= Utc::now());
}

#[test]
fn eight_threads_share_one_object_without_lost_writes() {
    let (_dir, app) = open();
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let app = Arc::clone(&app);
            std::thread::spawn(move || {
                for i in 0..25 {
                    app.add_medication(input(&format!("M{t}-{i}")), None)
                        .unwrap();
                    assert!(!app.medications(false).unwrap().is_empty());
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(app.medications(false).unwrap().len(), 200);
    // The documented limit holds.
    assert!(matches!(
        app.add_medication(input("one too many"), None),
        Err(CadenceError::InvalidInput { .. })
    ));
}

#[test]
fn local_today_is_the_date_where_the_person_is() {
    let (_dir, app) = open();
    let at = Utc.with_ymd_and_hms(2027, 3, 1, 2, 0, 0).unwrap(); // 21:00 the day before in New York
    let date = |m, d| chrono::NaiveDate::from_ymd_opt(2027, m, d).unwrap();
    assert_eq!(app.local_today(Some(at)).unwrap(), date(3, 1)); // no profile: UTC
    let ny = chrono_tz::America::New_York;
    let profile = ProfileInput {
        display_name: "Alex".into(),
        home_zone: ny,
        current_zone: ny,
    };
    app.set_profile(profile, Some(at)).unwrap();
    assert_eq!(app.local_today(Some(at)).unwrap(), date(2, 28));
    let later = at + chrono::Duration::hours(1);
    app.set_current_zone(chrono_tz::Asia::Tokyo, Some(later))
        .unwrap();
    assert_eq!(app.local_today(Some(later)).unwrap(), date(3, 1));
    assert_eq!(app.local_today(Some(at)).unwrap(), date(2, 28)); // still New York then
}

#[test]
fn a_form_saves_the_plan_it_reads_back_or_names_its_field() {
    let (_dir, app) = open();
    let form = PlanForm {
        dose: Dose::new(1.0, "tablet"),
        times: FormTimes::AtMoments {
            moments: vec![EventTiming::Hs, EventTiming::Cm],
        },
        days: FormDays::EveryDay,
        start: chrono::NaiveDate::from_ymd_opt(2027, 3, 1),
        end: None,
    };
    let saved = app
        .add_medication_with_plan(input("A"), plan_from_form(form.clone()).unwrap(), None)
        .unwrap();
    let read = plan_form(app.plan(saved.plan.id).unwrap()).unwrap();
    assert_eq!(
        read.times,
        FormTimes::AtMoments {
            moments: vec![EventTiming::Cm, EventTiming::Hs]
        }
    );
    let empty = PlanForm {
        times: FormTimes::AtMoments { moments: vec![] },
        ..form
    };
    match plan_from_form(empty) {
        Err(CadenceError::InvalidInput { field, .. }) => assert_eq!(field, "times.moments"),
        other => panic!("{other:?}"),
    }
}
