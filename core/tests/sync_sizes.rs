//! What sync costs a person's phone plan and cloud drive: a day's change
//! file stays under 16 KiB (5 medications x 4 doses, a mood, a note, an
//! edit), and a new tablet that applied the year's snapshot shows the
//! same Today as the phone.

#[path = "sync_fixture/mod.rs"]
mod sync_fixture;

use sync_fixture::{copy_db, open_copy, Year};

#[test]
fn a_days_change_file_is_under_16_kib_and_the_snapshot_brings_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let year = Year::build(dir.path());
    let day = year.day_file();
    assert!(
        day.len() <= 16 * 1024,
        "a day's change file is {} bytes",
        day.len()
    );
    // The tablet that applied the snapshot and then the day agrees with
    // the phone that made them.
    let tablet_path = dir.path().join("t.db");
    copy_db(&year.tablet_synced, &tablet_path);
    let tablet = open_copy(&tablet_path);
    tablet
        .import_sync(&year.tablet_secret, &year.warm, year.day_end)
        .unwrap();
    let r = tablet
        .import_sync(&year.tablet_secret, &day, year.day_end)
        .unwrap();
    assert!(r.changes > 0);
    let phone = open_copy(&std::path::PathBuf::from(format!(
        "{}-day.db",
        year.phone.display()
    )));
    let (p, t) = (
        phone.today_view(year.day_end).unwrap(),
        tablet.today_view(year.day_end).unwrap(),
    );
    assert_eq!(format!("{p:?}"), format!("{t:?}"));
    assert_eq!(
        phone
            .logs_between(year.day_end - chrono::Duration::days(400), year.day_end)
            .unwrap()
            .len(),
        tablet
            .logs_between(year.day_end - chrono::Duration::days(400), year.day_end)
            .unwrap()
            .len()
    );
}
