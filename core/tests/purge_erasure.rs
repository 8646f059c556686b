//! Erasure: after `purge_deleted` nothing deleted (or edited away) can be
//! read back from the files on disk, and a client's revocation notice on the
//! care-team side leaves none of their bundles in the files either. Checked
//! on plain files, byte by byte (an encrypted file would hide the bytes).

#[path = "journal_common/mod.rs"]
mod journal_common;

use cadence_core::care::{CareMemberInput, ContactChannel, MemberRole};
use cadence_core::App;
use journal_common::{at, note, now};

fn files_contain(path: &std::path::Path, needle: &str) -> bool {
    let mut all = std::fs::read(path).unwrap();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    all.extend(std::fs::read(wal).unwrap_or_default());
    all.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn wal_len(path: &std::path::Path) -> u64 {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn purge_removes_deleted_members_and_the_history_of_edited_notes_from_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    let app = App::open(&path, None).unwrap();
    let member = |name: &str, contact: &str, notes: &str| {
        app.add_care_member(
            &CareMemberInput {
                name: name.into(),
                role: MemberRole::Therapist,
                channel: ContactChannel::Email,
                contact: contact.into(),
                notes: notes.into(),
            },
            now(),
        )
        .unwrap()
    };
    let gone = member(
        "Dr Zebulon Quist",
        "zebulon@example.org",
        "Sees Alex on Tuesdays about the divorce",
    );
    let kept = member("Dr Ada Lovelace", "ada@example.org", "");
    app.remove_care_member(&gone.id, now()).unwrap();
    // A note written, then edited: the first wording is in the history.
    let logged = app
        .add_journal_entry(
            &note("I stopped lithium without telling anyone", at(3)),
            at(3),
        )
        .unwrap();
    app.update_journal_entry(&logged.entry.id, &note("Talk about lithium", at(3)), at(2))
        .unwrap();
    assert_eq!(
        app.journal_entry_history(&logged.entry.id).unwrap().len(),
        1
    );

    let purged = app.purge_deleted().unwrap();
    assert!(purged >= 1);
    for secret in [
        "Zebulon",
        "zebulon@example.org",
        "divorce",
        "without telling anyone",
    ] {
        assert!(!files_contain(&path, secret), "{secret} is still on disk");
    }
    assert_eq!(wal_len(&path), 0, "the WAL is checkpointed and truncated");
    // What stays is intact: the other member, the note as it reads now.
    assert_eq!(app.care_members().unwrap().len(), 1);
    assert_eq!(app.care_members().unwrap()[0].id, kept.id);
    assert_eq!(
        app.journal_entry(&logged.entry.id).unwrap().note,
        "Talk about lithium"
    );
    assert!(app
        .journal_entry_history(&logged.entry.id)
        .unwrap()
        .is_empty());
    assert!(app.integrity_check().unwrap().is_empty());
}
