//! Two and three of a person's devices kept in step through change files:
//! a new device catches up from a snapshot, edits flow both ways, the
//! merge rules hold (one log per dose, revocations absolute, deletions
//! erase), and every bad file is a typed error that changes nothing.

#[path = "sync_common/mod.rs"]
mod sync_common;

use chrono::{Duration, NaiveDate, NaiveTime};

use cadence_core::dose_view::OccurrenceStatus;
use cadence_core::journal::{EntryDetail, JournalEntryInput};
use cadence_core::model::{DoseAction, ProfileInput};
use cadence_core::schedule::{Dose, DosingPlan, Timing};
use cadence_core::sync::SyncFileKind;
use cadence_core::{App, Error};
use sync_common::{group, later, medication, rename, sync_all, t0, Device, Folder};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
}

/// A profile, one medication taken at 08:00 and 20:00, a private note.
fn set_up(app: &App) -> String {
    let zone = chrono_tz::Europe::Berlin;
    app.set_profile(
        &ProfileInput {
            display_name: "Sam".into(),
            home_zone: zone,
            current_zone: zone,
        },
        t0(),
    )
    .unwrap();
    let m = app.add_medication(&medication("Sertraline"), t0()).unwrap();
    let mut plan = DosingPlan::new(
        "",
        "",
        Dose::new(50.0, "mg"),
        Timing::daily_at(&[
            NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        ]),
    );
    plan.start = Some(day());
    app.add_plan(&m.id, &plan, t0()).unwrap();
    app.add_journal_entry(
        &JournalEntryInput {
            occurred_at: t0(),
            zone,
            detail: EntryDetail::Note,
            note: "only for me".into(),
            shareable: false,
            goal_ids: vec![],
        },
        t0(),
    )
    .unwrap();
    m.id
}

fn taken_at(at: chrono::DateTime<chrono::Utc>) -> DoseAction {
    DoseAction::Taken {
        at: Some(at),
        amount: None,
        early: false,
    }
}

fn assert_in_step(devices: &[Device]) {
    let first = devices[0].app.sync_dump().unwrap();
    for d in &devices[1..] {
        assert_eq!(d.app.sync_dump().unwrap(), first);
    }
}

#[test]
fn a_new_device_catches_up_from_a_snapshot_private_notes_included() {
    let g = group(2);
    let med = set_up(&g[0].app);
    let occ = g[0].app.occurrences(day(), day()).unwrap();
    g[0].app
        .log_dose(&occ[0].id, &taken_at(occ[0].utc), occ[0].utc)
        .unwrap();
    let files = g[0].export(later(60));
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].kind, SyncFileKind::Snapshot);
    let applied = g[1]
        .app
        .import_sync(&g[1].secret, &files[0].bytes, later(61))
        .unwrap();
    assert!(applied.changes > 0);
    assert_eq!(g[1].app.medication(&med).unwrap().name, "Sertraline");
    let notes = g[1]
        .app
        .journal_entries(&Default::default())
        .unwrap()
        .entries;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].note, "only for me");
    let now = occ[0].utc + Duration::minutes(5);
    assert_eq!(
        format!("{:?}", g[1].app.today_view(now).unwrap()),
        format!("{:?}", g[0].app.today_view(now).unwrap())
    );
    sync_all(&g, later(62));
    assert_in_step(&g);
    for d in &g {
        let status = d.app.sync_status().unwrap();
        assert_eq!(status.devices.len(), 1, "the other device, not this one");
        assert_eq!(status.unacknowledged_files, 0);
        assert_eq!(status.unsent_changes, 0);
        assert!(status.last_synced_at.is_some());
    }
    // A change made now is waiting until the next file.
    g[1].set_clock(later(70));
    g[1].app
        .set_current_zone(chrono_tz::Asia::Tokyo, later(70))
        .unwrap();
    assert!(g[1].app.sync_status().unwrap().unsent_changes > 0);
    let out = g[1].export(later(71));
    assert_eq!(out.len(), 1);
    assert_eq!(g[1].app.sync_status().unwrap().unacknowledged_files, 1);
}

#[test]
fn the_same_dose_logged_on_two_devices_counts_once_the_earliest_taken_time() {
    let g = group(2);
    set_up(&g[0].app);
    sync_all(&g, later(1));
    let occ = g[0].app.occurrences(day(), day()).unwrap();
    let o = &occ[1];
    // Both devices log the 20:00 dose before they next sync: the tablet at
    // 20:10, the phone at 20:02.
    g[1].set_clock(o.utc + Duration::minutes(10));
    g[1].app
        .log_dose(
            &o.id,
            &taken_at(o.utc + Duration::minutes(10)),
            o.utc + Duration::minutes(10),
        )
        .unwrap();
    g[0].set_clock(o.utc + Duration::minutes(20));
    g[0].app
        .log_dose(
            &o.id,
            &taken_at(o.utc + Duration::minutes(2)),
            o.utc + Duration::minutes(20),
        )
        .unwrap();
    let now = o.utc + Duration::minutes(30);
    sync_all(&g, now);
    assert_in_step(&g);
    for d in &g {
        let logs = d.app.logs_between(o.utc - Duration::hours(1), now).unwrap();
        assert_eq!(logs.len(), 1, "one log of the dose");
        assert_eq!(logs[0].taken_at, Some(o.utc + Duration::minutes(2)));
        let today = d.app.today_view(now).unwrap();
        let row = today
            .groups
            .iter()
            .flat_map(|g| &g.doses)
            .find(|x| x.occurrence.id == o.id)
            .expect("the dose is on Today");
        assert!(
            matches!(row.status, OccurrenceStatus::Taken { .. }),
            "shown as taken, not open: {:?}",
            row.status
        );
    }
    // Both versions are kept: the tablet's log is still in the record history.
    let dump = g[0].app.sync_dump().unwrap();
    assert_eq!(dump.matches("version dose_log ").count(), 2);
}

#[test]
fn concurrent_edits_end_with_the_later_one_everywhere_and_keep_the_other() {
    let g = group(3);
    let med = set_up(&g[0].app);
    sync_all(&g, later(1));
    rename(&g[1], &med, "Sertraline (tablet)", later(10));
    rename(&g[2], &med, "Sertraline (phone)", later(12));
    // The earlier edit arrives last at the phone: still the later one wins.
    let mut folder = Folder::default();
    folder.exchange(&g[..2], later(20));
    folder.exchange(&g, later(21));
    assert_in_step(&g);
    for d in &g {
        assert_eq!(d.app.medication(&med).unwrap().name, "Sertraline (phone)");
    }
    let dump = g[0].app.sync_dump().unwrap();
    assert!(
        dump.contains("Sertraline (tablet)"),
        "the losing edit is kept"
    );
}

#[test]
fn a_clock_set_back_does_not_let_an_older_edit_win() {
    let g = group(2);
    let med = set_up(&g[0].app);
    sync_all(&g, later(1));
    rename(&g[0], &med, "first", later(30));
    sync_all(&g, later(31));
    // The tablet's clock is a day behind, and it edits after seeing "first".
    rename(&g[1], &med, "second", later(30) - Duration::days(1));
    sync_all(&g, later(40));
    for d in &g {
        assert_eq!(d.app.medication(&med).unwrap().name, "second");
    }
}

#[test]
fn a_revocation_on_one_device_holds_on_every_device() {
    use cadence_core::care::{
        CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind, MemberRole,
    };
    let g = group(2);
    set_up(&g[0].app);
    let member = g[0]
        .app
        .add_care_member(
            &CareMemberInput {
                name: "Dr T".into(),
                role: MemberRole::Therapist,
                channel: ContactChannel::Email,
                contact: String::new(),
                notes: String::new(),
            },
            t0(),
        )
        .unwrap();
    let grant = g[0]
        .app
        .grant_consent(
            &ConsentGrantInput {
                member_id: member.id.clone(),
                kind: GrantKind::Data,
                categories: vec![ConsentCategory::Mood],
                data_from: day(),
                data_to: None,
                expires_at: None,
                purpose: String::new(),
            },
            t0(),
        )
        .unwrap();
    sync_all(&g, later(1));
    assert!(g[1]
        .app
        .disclosure_for(&member.id, day(), day(), later(2))
        .is_ok());
    // The tablet revokes; the phone, not yet in step, edits the member.
    g[1].set_clock(later(10));
    g[1].app.revoke_consent(&grant.id, later(10)).unwrap();
    g[0].set_clock(later(20));
    g[0].app
        .update_care_member(
            &member.id,
            &CareMemberInput {
                name: "Dr T.".into(),
                role: MemberRole::Therapist,
                channel: ContactChannel::Email,
                contact: String::new(),
                notes: String::new(),
            },
            later(20),
        )
        .unwrap();
    sync_all(&g, later(30));
    assert_in_step(&g);
    for d in &g {
        let grants = d.app.consent_grants(Some(&member.id), later(30)).unwrap();
        assert!(
            grants.iter().all(|x| x.revoked_at.is_some()),
            "revoked everywhere"
        );
        // The policy discloses nothing under it on any device.
        assert!(matches!(
            d.app.disclosure_for(&member.id, day(), day(), later(31)),
            Err(Error::ConsentRequired)
        ));
    }
}

#[test]
fn a_deleted_entry_is_gone_on_every_device_with_its_history() {
    let g = group(2);
    set_up(&g[0].app);
    sync_all(&g, later(1));
    let id = g[1]
        .app
        .journal_entries(&Default::default())
        .unwrap()
        .entries[0]
        .id
        .clone();
    g[1].set_clock(later(5));
    g[1].app.delete_journal_entry(&id, later(5)).unwrap();
    g[1].app.purge_deleted().unwrap();
    sync_all(&g, later(6));
    assert_in_step(&g);
    let dump = g[0].app.sync_dump().unwrap();
    assert!(!dump.contains("only for me"), "no copy of the note is left");
}

#[test]
fn bad_files_are_typed_errors_that_change_nothing() {
    let g = group(3);
    set_up(&g[0].app);
    // A copy of the phone's database (same keys, same state) makes a
    // second, different file under the same number.
    let twin_dir = tempfile::tempdir().unwrap();
    let twin_path = twin_dir.path().join("twin.db");
    for suffix in ["", "-wal"] {
        let from = format!("{}{suffix}", g[0].app.path().display());
        if std::path::Path::new(&from).exists() {
            std::fs::copy(&from, format!("{}{suffix}", twin_path.display())).unwrap();
        }
    }
    let twin = App::open(&twin_path, None).unwrap();
    let files = g[0].export(later(1));
    let for1 = files
        .iter()
        .find(|f| f.recipient_key_id == g[1].key_id())
        .unwrap();
    let before = g[1].app.sync_dump().unwrap();
    let field = |r: cadence_core::Result<_>| match r {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    let import = |bytes: &[u8]| g[1].app.import_sync(&g[1].secret, bytes, later(2));
    // Cut short, anywhere.
    for cut in [0, 5, 40, 93, for1.bytes.len() / 2, for1.bytes.len() - 1] {
        assert!(field(import(&for1.bytes[..cut])).starts_with("sync_file"));
    }
    // Altered: every 97th byte after the magic.
    for i in (8..for1.bytes.len()).step_by(97) {
        let mut b = for1.bytes.clone();
        b[i] ^= 0x40;
        assert!(field(import(&b)).starts_with("sync_file"), "byte {i}");
    }
    // A newer format.
    let mut newer = for1.bytes.clone();
    newer[8] = 2;
    assert_eq!(field(import(&newer)), "sync_file.version");
    // Another device's file.
    let for2 = files
        .iter()
        .find(|f| f.recipient_key_id == g[2].key_id())
        .unwrap();
    assert_eq!(field(import(&for2.bytes)), "sync_file.recipient");
    assert_eq!(g[1].app.sync_dump().unwrap(), before, "nothing changed");
    // The right file applies; the same file again changes nothing.
    assert!(import(&for1.bytes).unwrap().changes > 0);
    let after = g[1].app.sync_dump().unwrap();
    let again = import(&for1.bytes).unwrap();
    assert!(again.already_applied);
    assert_eq!(g[1].app.sync_dump().unwrap(), after);
    // A different file under the same number: replayed or forged.
    let forged = twin.export_sync(&g[0].secret, later(1)).unwrap();
    let forged = forged
        .iter()
        .find(|f| f.recipient_key_id == g[1].key_id())
        .unwrap();
    assert_eq!(forged.sequence, for1.sequence);
    assert_ne!(forged.bytes, for1.bytes);
    assert_eq!(field(import(&forged.bytes)), "sync_file.sequence");
    assert_eq!(g[1].app.sync_dump().unwrap(), after);
}

#[test]
fn files_from_strangers_unconfirmed_and_removed_devices_are_refused() {
    let g = group(2);
    set_up(&g[0].app);
    // A stranger that paired the tablet on its side only.
    let stranger = Device::new(7);
    let code = g[1].app.share_identity().unwrap().unwrap();
    let d = stranger
        .app
        .pair_device("tablet", &code.pairing_code, t0())
        .unwrap();
    stranger
        .app
        .confirm_device(&d.key_id, &code.fingerprint, t0())
        .unwrap();
    let sf = stranger.export(later(1));
    let err = g[1].app.import_sync(&g[1].secret, &sf[0].bytes, later(1));
    assert!(
        matches!(err, Err(Error::InvalidInput { ref field, .. }) if field == "sync_file.sender")
    );
    // Paired on the tablet but not confirmed yet.
    let s_id = stranger.app.share_identity().unwrap().unwrap();
    g[1].app
        .pair_device("old phone", &s_id.pairing_code, t0())
        .unwrap();
    let err = g[1].app.import_sync(&g[1].secret, &sf[0].bytes, later(1));
    assert!(
        matches!(err, Err(Error::InvalidInput { ref field, ref reason }) if field == "sync_file.sender" && reason.contains("confirm"))
    );
    // A wrong fingerprint does not confirm it.
    assert!(g[1]
        .app
        .confirm_device(&s_id.key_id, "0000 0000", t0())
        .is_err());
    // Removed on the phone: the tablet learns it by sync and refuses too,
    // and no file is made for it any more.
    g[1].app
        .confirm_device(&s_id.key_id, &s_id.fingerprint, t0())
        .unwrap();
    sync_all(&g, later(2));
    g[0].set_clock(later(3));
    g[0].app.remove_device(&s_id.key_id, later(3)).unwrap();
    sync_all(&g, later(4));
    let err = g[1].app.import_sync(&g[1].secret, &sf[0].bytes, later(5));
    assert!(
        matches!(err, Err(Error::InvalidInput { ref field, ref reason }) if field == "sync_file.sender" && reason.contains("removed"))
    );
    g[1].set_clock(later(6));
    g[1].app
        .set_current_zone(chrono_tz::Asia::Tokyo, later(6))
        .unwrap();
    let out = g[1].export(later(7));
    assert!(out.iter().all(|f| f.recipient_key_id != s_id.key_id));
    assert!(g[1]
        .app
        .pair_device("again", &s_id.pairing_code, later(8))
        .is_err());
}

#[test]
fn a_device_that_restores_an_old_backup_gets_back_what_happened_since() {
    let g = group(2);
    let med = set_up(&g[0].app);
    sync_all(&g, later(1));
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("tablet.cdbk");
    g[1].app
        .backup_to(&backup, "correct horse battery staple", later(2))
        .unwrap();
    // After the backup: the phone renames the medication, the tablet
    // writes a note; both sync.
    rename(&g[0], &med, "Sertraline 50", later(10));
    g[1].set_clock(later(11));
    g[1].app
        .add_journal_entry(
            &JournalEntryInput {
                occurred_at: later(11),
                zone: chrono_tz::Europe::Berlin,
                detail: EntryDetail::Note,
                note: "after the backup".into(),
                shareable: false,
                goal_ids: vec![],
            },
            later(11),
        )
        .unwrap();
    sync_all(&g, later(12));
    assert_in_step(&g);
    // The tablet restores the old backup: both changes are gone from it...
    g[1].app
        .restore_from(&backup, "correct horse battery staple")
        .unwrap();
    assert_eq!(g[1].app.medication(&med).unwrap().name, "Sertraline");
    // ...and come back with the next sync; the tablet is still itself.
    sync_all(&g, later(20));
    assert_in_step(&g);
    assert_eq!(g[1].app.medication(&med).unwrap().name, "Sertraline 50");
    let notes: Vec<String> = g[1]
        .app
        .journal_entries(&Default::default())
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.note)
        .collect();
    assert!(notes.contains(&"after the backup".to_string()));
    // A later edit on the restored tablet still wins over the old ones.
    rename(&g[1], &med, "Sertraline 100", later(30));
    sync_all(&g, later(31));
    assert_eq!(g[0].app.medication(&med).unwrap().name, "Sertraline 100");
}

#[test]
fn a_file_lost_on_the_way_is_made_good_by_the_next() {
    let g = group(2);
    let med = set_up(&g[0].app);
    // The tablet's first snapshot never arrives (the app died before
    // writing it, or the drive lost it).
    let lost = g[0].export(later(1));
    assert_eq!(lost[0].kind, SyncFileKind::Snapshot);
    rename(&g[0], &med, "Sertraline 25", later(2));
    // The next file is a snapshot again: the tablet never confirmed one.
    let next = g[0].export(later(3));
    assert_eq!(next[0].kind, SyncFileKind::Snapshot);
    g[1].app
        .import_sync(&g[1].secret, &next[0].bytes, later(4))
        .unwrap();
    assert_eq!(g[1].app.medication(&med).unwrap().name, "Sertraline 25");
    sync_all(&g, later(5));
    // Once confirmed, a lost change file is carried by the next one too.
    rename(&g[0], &med, "Sertraline 50", later(10));
    let lost = g[0].export(later(11));
    assert_eq!(lost[0].kind, SyncFileKind::Changes);
    g[0].set_clock(later(12));
    g[0].app
        .set_current_zone(chrono_tz::Asia::Tokyo, later(12))
        .unwrap();
    let next = g[0].export(later(13));
    g[1].app
        .import_sync(&g[1].secret, &next[0].bytes, later(14))
        .unwrap();
    assert_eq!(g[1].app.medication(&med).unwrap().name, "Sertraline 50");
    // The old file turning up late changes nothing.
    g[1].app
        .import_sync(&g[1].secret, &lost[0].bytes, later(15))
        .unwrap();
    assert_eq!(g[1].app.medication(&med).unwrap().name, "Sertraline 50");
    sync_all(&g, later(16));
    assert_in_step(&g);
    assert_eq!(g[0].app.sync_status().unwrap().unacknowledged_files, 0);
}
