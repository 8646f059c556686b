//! Shared helpers of the sync tests (included with `mod`): a person's
//! devices, each with its own database and share keys, paired and
//! confirmed with each other, and a folder-like exchange of change files.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};

use cadence_core::app::sync::SyncFileOut;
use cadence_core::share::KeyProtectionSecret;
use cadence_core::App;

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap()
}

pub fn secret(i: usize) -> KeyProtectionSecret {
    KeyProtectionSecret::from_bytes(&[i as u8 + 1; 32]).unwrap()
}

/// One device: its database, its host secret, and the clock its sync
/// stamps read (set by the test).
pub struct Device {
    pub app: App,
    pub secret: KeyProtectionSecret,
    pub clock: Arc<Mutex<DateTime<Utc>>>,
    _dir: tempfile::TempDir,
}

impl Device {
    pub fn new(i: usize) -> Device {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(dir.path().join(format!("d{i}.db")), None).unwrap();
        let clock = Arc::new(Mutex::new(t0()));
        let c = clock.clone();
        app.set_wall_clock(Arc::new(move || *c.lock().unwrap()));
        app.create_share_keys(&secret(i), t0()).unwrap();
        Device {
            app,
            secret: secret(i),
            clock,
            _dir: dir,
        }
    }

    pub fn set_clock(&self, at: DateTime<Utc>) {
        *self.clock.lock().unwrap() = at;
    }

    pub fn key_id(&self) -> String {
        self.app.share_identity().unwrap().unwrap().key_id
    }

    pub fn export(&self, now: DateTime<Utc>) -> Vec<SyncFileOut> {
        self.app.export_sync(&self.secret, now).unwrap()
    }
}

/// `n` devices, every pair paired and confirmed both ways.
pub fn group(n: usize) -> Vec<Device> {
    let devices: Vec<Device> = (0..n).map(Device::new).collect();
    for a in &devices {
        for (j, b) in devices.iter().enumerate() {
            if a.key_id() == b.key_id() {
                continue;
            }
            let id = b.app.share_identity().unwrap().unwrap();
            let d = a
                .app
                .pair_device(&format!("device {j}"), &id.pairing_code, t0())
                .unwrap();
            a.app
                .confirm_device(&d.key_id, &id.fingerprint, t0())
                .unwrap();
        }
    }
    devices
}

/// A shared folder: files wait in it until their device syncs.
#[derive(Default)]
pub struct Folder {
    pub files: Vec<SyncFileOut>,
}

impl Folder {
    /// Every device in `devices` makes its files into the folder, then
    /// applies (and removes) the files addressed to it, until no device
    /// has anything to send (confirmations included).
    pub fn exchange(&mut self, devices: &[Device], now: DateTime<Utc>) {
        for _ in 0..6 {
            let before = self.files.len();
            for d in devices {
                self.files.extend(d.export(now));
            }
            let any = self.files.len() > before;
            let (mine, rest): (Vec<SyncFileOut>, Vec<SyncFileOut>) =
                std::mem::take(&mut self.files)
                    .into_iter()
                    .partition(|f| devices.iter().any(|d| d.key_id() == f.recipient_key_id));
            self.files = rest;
            for f in mine {
                let to = devices
                    .iter()
                    .find(|d| d.key_id() == f.recipient_key_id)
                    .unwrap();
                to.app
                    .import_sync(&to.secret, &f.bytes, now)
                    .unwrap_or_else(|e| panic!("applying {}: {e:?}", f.file_name));
            }
            if !any {
                return;
            }
        }
        panic!("the devices never stopped sending files to each other");
    }
}

/// Every device syncs through one folder until nothing new is made.
pub fn sync_all(devices: &[Device], now: DateTime<Utc>) {
    Folder::default().exchange(devices, now)
}

/// Renames medication `med` on device `d` at `at` (its clock set to `at`,
/// which may be behind the others').
pub fn rename(d: &Device, med: &str, name: &str, at: DateTime<Utc>) {
    d.set_clock(at);
    let m = d.app.medication(med).unwrap();
    let input = cadence_core::model::MedicationInput {
        name: name.into(),
        strength: m.strength,
        form: m.form,
        instructions: m.instructions,
        prescriber_notes: m.prescriber_notes,
        expected_onset: m.expected_onset,
        started_on: m.started_on,
    };
    d.app.update_medication(med, &input, at).unwrap();
}

pub fn later(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

/// A tablet medication called `name`, nothing else filled in.
pub fn medication(name: &str) -> cadence_core::model::MedicationInput {
    cadence_core::model::MedicationInput {
        name: name.into(),
        strength: None,
        form: cadence_core::model::DoseForm::Tablet,
        instructions: String::new(),
        prescriber_notes: String::new(),
        expected_onset: None,
        started_on: None,
    }
}
