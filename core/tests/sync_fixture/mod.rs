//! A year of one person's data on a phone, and a tablet paired with it:
//! the fixture of the sync benchmarks and size test (included with `mod`).
//! The year's dose logs are bulk-loaded with plain SQL (set-up only); the
//! store captures them as versions when it next opens.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::{params, Connection};

use cadence_core::journal::{EntryDetail, JournalEntryInput, Mood};
use cadence_core::model::{
    DoseAction, DoseForm, DoseKind, MedicationInput, ProfileInput, UnscheduledDose,
};
use cadence_core::schedule::{Dose, DosingPlan, Timing};
use cadence_core::share::KeyProtectionSecret;
use cadence_core::App;

/// The backup passphrase.
pub const PASS: &str = "correct horse battery staple";

const ZONE: chrono_tz::Tz = chrono_tz::Europe::Berlin;

/// Copies a database (and its WAL) to `to`, replacing what was there.
pub fn copy_db(from: &Path, to: &Path) {
    for suffix in ["", "-wal"] {
        let f = PathBuf::from(format!("{}{suffix}", from.display()));
        let t = PathBuf::from(format!("{}{suffix}", to.display()));
        let _ = std::fs::remove_file(&t);
        if f.exists() {
            std::fs::copy(&f, &t).unwrap();
        }
    }
    let _ = std::fs::remove_file(format!("{}-shm", to.display()));
}

/// Opens a (copied) database.
pub fn open_copy(path: &Path) -> App {
    App::open(path, None).unwrap()
}

/// The prepared databases and files.
pub struct Year {
    /// The phone after the year, its snapshot for the tablet made.
    pub phone: PathBuf,
    /// The tablet, paired, nothing applied.
    pub tablet_empty: PathBuf,
    /// The tablet after applying the snapshot.
    pub tablet_synced: PathBuf,
    /// The phone's host secret.
    pub phone_secret: KeyProtectionSecret,
    /// The tablet's host secret.
    pub tablet_secret: KeyProtectionSecret,
    /// The phone's snapshot file for the tablet.
    pub snapshot: Vec<u8>,
    /// The phone's next file (an edit, an extra dose, a mood), for warming a tablet
    /// that applied the snapshot (its connection and statements ready, as
    /// in an app that is running).
    pub warm: Vec<u8>,
    /// A backup of the phone's year.
    pub backup: PathBuf,
    /// The day after the year.
    pub day: NaiveDate,
    /// The end of that day (its writes happen before).
    pub day_end: DateTime<Utc>,
}

fn noon(d: NaiveDate) -> DateTime<Utc> {
    ZONE.from_local_datetime(&d.and_hms_opt(12, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn mood(valence: i32, at: DateTime<Utc>) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: at,
        zone: ZONE,
        detail: EntryDetail::Mood {
            mood: Mood {
                valence,
                energy: Some(5),
                anxiety: Some(4),
                sleep_hours: Some(7.5),
                sleep_quality: Some(3),
                emotions: vec!["calm".into()],
                tags: vec![],
            },
        },
        note: String::new(),
        shareable: true,
        goal_ids: vec![],
    }
}

fn medication(i: usize) -> MedicationInput {
    MedicationInput {
        name: format!("Medication {i}"),
        strength: None,
        form: DoseForm::Tablet,
        instructions: "with food".into(),
        prescriber_notes: String::new(),
        expected_onset: None,
        started_on: None,
    }
}

impl Year {
    /// Builds the year in `dir`: 5 medications at 08:00, 12:00, 16:00 and
    /// 20:00, every dose taken, a mood each day.
    pub fn build(dir: &Path) -> Year {
        let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let start = day - Duration::days(365);
        let t0 = noon(start);
        let phone_path = dir.join("phone.db");
        let phone = App::open(&phone_path, None).unwrap();
        phone
            .set_profile(
                &ProfileInput {
                    display_name: "Sam".into(),
                    home_zone: ZONE,
                    current_zone: ZONE,
                },
                t0,
            )
            .unwrap();
        let times: Vec<NaiveTime> = [8, 12, 16, 20]
            .iter()
            .map(|h| NaiveTime::from_hms_opt(*h, 0, 0).unwrap())
            .collect();
        for i in 0..5 {
            let m = phone.add_medication(&medication(i), t0).unwrap();
            let mut plan =
                DosingPlan::new("", "", Dose::new(1.0, "tablet"), Timing::daily_at(&times));
            plan.start = Some(start);
            phone.add_plan(&m.id, &plan, t0).unwrap();
        }
        for k in 0..365 {
            let at = noon(start + Duration::days(k)) + Duration::hours(9);
            phone
                .add_journal_entry(&mood((k % 7) as i32 - 3, at), at)
                .unwrap();
        }
        {
            let mut conn = Connection::open(&phone_path).unwrap();
            let tx = conn.transaction().unwrap();
            for o in phone.occurrences(start, day - Duration::days(1)).unwrap() {
                let mut id: Vec<char> = o.id.chars().collect();
                id[0] = 'e';
                let t = o.utc.timestamp_millis();
                tx.prepare_cached(
                    "INSERT INTO dose_log (id, medication_id, kind, occurrence_id, plan_id,
                        plan_version, scheduled_at, local_date, slot, status, taken_at, amount,
                        unit, version, created_at, updated_at)
                     VALUES (?1, ?2, 'scheduled', ?3, ?4, ?5, ?6, ?7, ?8, 'taken', ?6, ?9, ?10,
                        1, ?6, ?6)",
                )
                .unwrap()
                .execute(params![
                    id.into_iter().collect::<String>(),
                    o.medication_id,
                    o.id,
                    o.plan_id,
                    o.plan_version,
                    t,
                    o.local_date.to_string(),
                    o.slot,
                    o.dose.amount,
                    o.dose.unit
                ])
                .unwrap();
            }
            tx.commit().unwrap();
        }
        drop(phone);
        // Opening captures the bulk-loaded rows as versions.
        let phone = App::open(&phone_path, None).unwrap();
        let backup = dir.join("year.cdbk");
        phone.backup_to(&backup, PASS, noon(day)).unwrap();

        let phone_secret = KeyProtectionSecret::from_bytes(&[1; 32]).unwrap();
        let tablet_secret = KeyProtectionSecret::from_bytes(&[2; 32]).unwrap();
        let tablet_path = dir.join("tablet-empty.db");
        let tablet = App::open(&tablet_path, None).unwrap();
        let p_id = phone.create_share_keys(&phone_secret, t0).unwrap();
        let t_id = tablet.create_share_keys(&tablet_secret, t0).unwrap();
        let d = phone.pair_device("tablet", &t_id.pairing_code, t0).unwrap();
        phone
            .confirm_device(&d.key_id, &t_id.fingerprint, t0)
            .unwrap();
        let d = tablet.pair_device("phone", &p_id.pairing_code, t0).unwrap();
        tablet
            .confirm_device(&d.key_id, &p_id.fingerprint, t0)
            .unwrap();
        drop(tablet);

        let snapshot = phone
            .export_sync(&phone_secret, noon(day))
            .unwrap()
            .remove(0)
            .bytes;
        // The tablet applies the snapshot and confirms it.
        let tablet_synced = dir.join("tablet-synced.db");
        copy_db(&tablet_path, &tablet_synced);
        let tablet = App::open(&tablet_synced, None).unwrap();
        tablet
            .import_sync(&tablet_secret, &snapshot, noon(day))
            .unwrap();
        let confirm = |tablet: &App, phone: &App| {
            for f in tablet.export_sync(&tablet_secret, noon(day)).unwrap() {
                phone
                    .import_sync(&phone_secret, &f.bytes, noon(day))
                    .unwrap();
            }
        };
        confirm(&tablet, &phone);
        drop(tablet);
        // The phone's next file, applied and confirmed on a copy of the
        // tablet (the benchmark applies it again to warm a fresh copy).
        let mut input = medication(1);
        input.instructions = "with water".into();
        let second = phone.medications(false).unwrap()[1].id.clone();
        phone.update_medication(&second, &input, noon(day)).unwrap();
        let extra = UnscheduledDose {
            medication_id: second.clone(),
            kind: DoseKind::Extra,
            taken_at: noon(day) - Duration::hours(1),
            amount: 1.0,
            unit: "tablet".into(),
            note: String::new(),
        };
        phone.log_unscheduled_dose(&extra, noon(day)).unwrap();
        let at = noon(day) - Duration::hours(2);
        phone.add_journal_entry(&mood(1, at), at).unwrap();
        let warm = phone
            .export_sync(&phone_secret, noon(day))
            .unwrap()
            .remove(0)
            .bytes;
        let warmed = dir.join("tablet-warmed.db");
        copy_db(&tablet_synced, &warmed);
        let tablet = App::open(&warmed, None).unwrap();
        tablet
            .import_sync(&tablet_secret, &warm, noon(day))
            .unwrap();
        confirm(&tablet, &phone);
        drop(tablet);
        drop(phone);
        Year {
            phone: phone_path,
            tablet_empty: tablet_path,
            tablet_synced,
            phone_secret,
            tablet_secret,
            snapshot,
            warm,
            backup,
            day,
            day_end: noon(day) + Duration::hours(11),
        }
    }

    /// The day's writes on `phone`: every dose taken, a mood, a note, an
    /// edit of a medication's instructions.
    pub fn make_day(&self, phone: &App) {
        for o in phone.occurrences(self.day, self.day).unwrap() {
            let action = DoseAction::Taken {
                at: Some(o.utc + Duration::minutes(5)),
                amount: None,
                early: false,
            };
            phone.log_dose(&o.id, &action, self.day_end).unwrap();
        }
        let at = noon(self.day) + Duration::hours(8);
        phone.add_journal_entry(&mood(2, at), at).unwrap();
        let note = JournalEntryInput {
            note: "Slept badly, felt better after a walk.".into(),
            shareable: false,
            ..mood(0, at)
        };
        let note = JournalEntryInput {
            detail: EntryDetail::Note,
            ..note
        };
        phone.add_journal_entry(&note, at).unwrap();
        let m = &phone.medications(false).unwrap()[0];
        let mut input = medication(0);
        input.instructions = "with food, not with grapefruit".into();
        phone.update_medication(&m.id, &input, at).unwrap();
    }

    /// The phone's change file for the tablet after the day's writes (made
    /// on a copy of the phone).
    pub fn day_file(&self) -> Vec<u8> {
        let copy = PathBuf::from(format!("{}-day.db", self.phone.display()));
        copy_db(&self.phone, &copy);
        let phone = App::open(&copy, None).unwrap();
        self.make_day(&phone);
        let files = phone.export_sync(&self.phone_secret, self.day_end).unwrap();
        assert_eq!(files.len(), 1);
        files.into_iter().next().unwrap().bytes
    }
}
