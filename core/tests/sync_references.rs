//! Records that refer to records a device does not have yet: a dose logged
//! on a medication whose record comes from a third device not heard from
//! yet is held back until that record arrives, and no device ever holds a
//! row referring to a missing one (its integrity check, and with it its
//! backups, stay clean).

#[path = "sync_common/mod.rs"]
mod sync_common;

use cadence_core::app::sync::SyncFileOut;
use cadence_core::model::{DoseKind, UnscheduledDose};
use sync_common::{group, later, medication, sync_all, Folder};

#[test]
fn a_dose_on_a_medication_from_a_device_not_heard_from_yet_waits_for_it() {
    let g = group(3);
    sync_all(&g, later(1));
    // The phone adds a medication; only the tablet hears of it.
    g[0].set_clock(later(10));
    let med = g[0]
        .app
        .add_medication(&medication("Hydroxyzine"), later(10))
        .unwrap();
    // Files wait in the folder for the laptop, which is away.
    let mut folder = Folder::default();
    folder.exchange(&g[0..2], later(11));
    let (from_phone, from_tablet): (Vec<SyncFileOut>, Vec<SyncFileOut>) =
        folder.files.into_iter().partition(|f| {
            f.file_name
                .starts_with(&format!("cadence-{}-", &g[0].key_id()[..8]))
        });
    // The tablet logs a dose of it; the laptop comes back and finds the
    // tablet's files first.
    g[1].set_clock(later(20));
    g[1].app
        .log_unscheduled_dose(
            &UnscheduledDose {
                medication_id: med.id.clone(),
                kind: DoseKind::Extra,
                taken_at: later(20),
                amount: 25.0,
                unit: "mg".into(),
                note: String::new(),
            },
            later(20),
        )
        .unwrap();
    let tablet_files = from_tablet.into_iter().chain(g[1].export(later(21)));
    for f in tablet_files.filter(|f| f.recipient_key_id == g[2].key_id()) {
        g[2].app
            .import_sync(&g[2].secret, &f.bytes, later(21))
            .unwrap();
    }
    let laptop = &g[2].app;
    let window = (later(0), later(60));
    assert!(laptop.medication(&med.id).is_err(), "not heard of yet");
    assert!(
        laptop.logs_between(window.0, window.1).unwrap().is_empty(),
        "the dose waits for its medication"
    );
    assert_eq!(laptop.integrity_check().unwrap(), Vec::<String>::new());
    // The phone's file arrives: the medication, and with it the dose.
    for f in from_phone {
        g[2].app
            .import_sync(&g[2].secret, &f.bytes, later(30))
            .unwrap();
    }
    let logs = laptop.logs_between(window.0, window.1).unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(laptop.integrity_check().unwrap(), Vec::<String>::new());
    // (The tablet's file for the phone was not kept: it is made again a
    // day later.)
    let next_day = later(26 * 60);
    for d in &g {
        d.set_clock(next_day);
    }
    sync_all(&g, next_day);
    let logs = laptop.logs_between(window.0, window.1).unwrap();
    assert_eq!(logs[0].medication_id, med.id);
    for d in &g {
        assert_eq!(d.app.integrity_check().unwrap(), Vec::<String>::new());
        assert_eq!(
            d.app.sync_dump().unwrap(),
            g[0].app.sync_dump().unwrap(),
            "in step"
        );
    }
    // A backup of the laptop verifies.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("laptop.cdbk");
    let pass = "correct horse battery staple";
    laptop.backup_to(&file, pass, next_day).unwrap();
    cadence_core::App::verify_backup(&file, pass).unwrap();
}
