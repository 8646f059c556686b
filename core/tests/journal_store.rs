//! The journal through the store: writing and reading back every kind, edit
//! history, soft delete, purge (the text is gone from the file's bytes),
//! paging and filters, daily summaries.

mod journal_common;

use chrono::{Duration, NaiveDate};

use cadence_core::journal::{
    EntryDetail, EntryKind, Instrument, JournalEntryInput, JournalQuery, Severity, SeverityBand,
    Substance, SubstanceUse, Symptom,
};
use cadence_core::Error;
use journal_common::*;

#[test]
fn every_kind_reads_back_as_written_with_its_local_date_and_score() {
    let (_dir, store) = open();
    let sertraline = med(&store, "Sertraline");
    // 23:30 UTC on 28 Feb is already 1 March in Berlin.
    let late = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2027, 2, 28, 23, 30, 0).unwrap();
    let m = store
        .add_journal_entry(&entry(mood(-1), late), now())
        .unwrap();
    assert_eq!(
        m.entry.local_date,
        NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
    );
    assert_eq!(m.entry.version, 1);
    assert!(!m.entry.shareable, "notes are private unless marked");
    assert!(m.escalations.is_empty());

    let se = store
        .add_journal_entry(
            &entry(
                side_effect(Symptom::Nausea, Severity::Mild, &[&sertraline]),
                at(3),
            ),
            now(),
        )
        .unwrap();
    let got = store.journal_entry(&se.entry.id).unwrap();
    assert_eq!(got, se.entry);
    match &got.detail {
        EntryDetail::SideEffect { side_effect } => {
            assert_eq!(side_effect.medication_ids, vec![sertraline.clone()])
        }
        other => panic!("{other:?}"),
    }

    let q = store
        .add_journal_entry(
            &entry(
                questionnaire(Instrument::Phq9, &[2, 2, 1, 1, 1, 1, 1, 1, 0]),
                at(2),
            ),
            now(),
        )
        .unwrap();
    let score = q.entry.score.clone().unwrap();
    assert_eq!((score.total, score.band), (10, SeverityBand::Moderate));
    assert_eq!(score.panel_loinc, "44249-1");
    assert_eq!(store.journal_entry(&q.entry.id).unwrap().score, Some(score));

    let s = store
        .add_journal_entry(
            &entry(
                EntryDetail::Substance {
                    substance: SubstanceUse {
                        substance: Substance::Alcohol,
                        name: String::new(),
                        amount: 2.0,
                        unit: " standard drinks ".into(),
                    },
                },
                at(1),
            ),
            now(),
        )
        .unwrap();
    match &s.entry.detail {
        EntryDetail::Substance { substance } => assert_eq!(substance.unit, "standard drinks"),
        other => panic!("{other:?}"),
    }
    let shared = JournalEntryInput {
        shareable: true,
        ..note("for my therapist", at(0))
    };
    let n = store.add_journal_entry(&shared, now()).unwrap();
    assert!(n.entry.shareable);
    assert_eq!(n.entry.for_sharing().note, "for my therapist");
}

#[test]
fn edits_keep_every_earlier_version_readable() {
    let (_dir, store) = open();
    let first = store
        .add_journal_entry(&note("first words", at(5)), now())
        .unwrap()
        .entry;
    let t1 = now() + Duration::minutes(1);
    let second = store
        .update_journal_entry(&first.id, &note("second words", at(5)), t1)
        .unwrap()
        .entry;
    assert_eq!((second.version, second.note.as_str()), (2, "second words"));
    assert_eq!(second.created_at, first.created_at);
    assert_eq!(second.updated_at, t1);
    let third = store
        .update_journal_entry(
            &first.id,
            &JournalEntryInput {
                shareable: true,
                ..note("third", at(5))
            },
            t1,
        )
        .unwrap()
        .entry;
    let history = store.journal_entry_history(&first.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0], first);
    assert_eq!(history[1], second);
    assert_eq!(store.journal_entry(&first.id).unwrap(), third);
    // A never-edited entry has no history; the kind cannot change.
    let m = store
        .add_journal_entry(&entry(mood(0), at(1)), now())
        .unwrap()
        .entry;
    assert!(store.journal_entry_history(&m.id).unwrap().is_empty());
    assert_eq!(
        invalid_field(store.update_journal_entry(&m.id, &note("x", at(1)), now())),
        "journal.detail"
    );
    assert_eq!(store.journal_entry(&m.id).unwrap().version, 1);
}

#[test]
fn deleted_entries_vanish_from_lists_summaries_and_history_at_once() {
    let (_dir, store) = open();
    let keep = store
        .add_journal_entry(&entry(mood(2), at(2)), now())
        .unwrap()
        .entry;
    let gone = store
        .add_journal_entry(&entry(mood(-3), at(1)), now())
        .unwrap()
        .entry;
    store
        .update_journal_entry(&gone.id, &entry(mood(-2), at(1)), now())
        .unwrap();
    store.delete_journal_entry(&gone.id, now()).unwrap();
    assert!(matches!(
        store.journal_entry(&gone.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        store.journal_entry_history(&gone.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        store.delete_journal_entry(&gone.id, now()),
        Err(Error::NotFound { .. })
    ));
    let page = store.journal_entries(&JournalQuery::default()).unwrap();
    assert_eq!(
        page.entries.iter().map(|e| &e.id).collect::<Vec<_>>(),
        vec![&keep.id]
    );
    let day = keep.local_date;
    let s = store.daily_summaries(day, day).unwrap();
    assert_eq!((s[0].mood_entries, s[0].valence_mean), (1, Some(2.0)));
}

#[test]
fn purge_removes_deleted_text_and_its_history_from_the_file_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let store = cadence_core::App::open(&path, None).unwrap();
    store
        .add_journal_entry(&note("keepthisnote", at(3)), now())
        .unwrap();
    let e = store
        .add_journal_entry(&note("oldsecretversion", at(2)), now())
        .unwrap()
        .entry;
    store
        .update_journal_entry(&e.id, &note("newsecretversion", at(2)), now())
        .unwrap();
    store.delete_journal_entry(&e.id, now()).unwrap();
    assert_eq!(store.purge_deleted().unwrap(), 1);
    drop(store);
    let mut all = std::fs::read(&path).unwrap();
    for suffix in ["c.db-wal", "c.db-shm"] {
        if let Ok(b) = std::fs::read(dir.path().join(suffix)) {
            all.extend(b);
        }
    }
    assert!(
        !contains(&all, b"oldsecretversion"),
        "an earlier version survived purge"
    );
    assert!(
        !contains(&all, b"newsecretversion"),
        "the purged note is still in the file"
    );
    assert!(contains(&all, b"keepthisnote"));
}

#[test]
fn pages_walk_the_whole_journal_newest_first_without_repeats() {
    let (_dir, store) = open();
    let inputs: Vec<_> = (0..120)
        .map(|i| entry(mood((i % 7) - 3), at(i64::from(i))))
        .collect();
    store.import_journal_entries(&inputs, now()).unwrap();
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .journal_entries(&JournalQuery {
                cursor: cursor.clone(),
                limit: 50,
                ..JournalQuery::default()
            })
            .unwrap();
        assert!(page.entries.len() <= 50);
        seen.extend(page.entries.iter().map(|e| e.occurred_at));
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 120);
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats"
    );
    assert_eq!(
        invalid_field(store.journal_entries(&JournalQuery {
            limit: 201,
            ..JournalQuery::default()
        })),
        "journal_query.limit"
    );
    assert_eq!(
        invalid_field(store.journal_entries(&JournalQuery {
            cursor: Some("page 2".into()),
            ..JournalQuery::default()
        })),
        "journal_query.cursor"
    );
}

#[test]
fn queries_filter_by_period_kind_medication_and_goal() {
    let (_dir, store) = open();
    let lamotrigine = med(&store, "Lamotrigine");
    let sertraline = med(&store, "Sertraline");
    let day = |d| NaiveDate::from_ymd_opt(2027, 2, d).unwrap();
    let on =
        |d: u32| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2027, 2, d, 10, 0, 0).unwrap();
    store
        .add_journal_entry(&entry(mood(1), on(10)), now())
        .unwrap();
    store
        .add_journal_entry(&entry(mood(1), on(20)), now())
        .unwrap();
    let rash = store
        .add_journal_entry(
            &entry(
                side_effect(Symptom::Rash, Severity::Mild, &[&lamotrigine]),
                on(15),
            ),
            now(),
        )
        .unwrap()
        .entry;
    store
        .add_journal_entry(
            &entry(
                side_effect(Symptom::Nausea, Severity::Mild, &[&sertraline]),
                on(16),
            ),
            now(),
        )
        .unwrap();
    let q = |q: JournalQuery| store.journal_entries(&q).unwrap().entries;
    assert_eq!(
        q(JournalQuery {
            from: Some(day(12)),
            to: Some(day(18)),
            ..Default::default()
        })
        .len(),
        2
    );
    assert_eq!(
        q(JournalQuery {
            kinds: vec![EntryKind::Mood],
            ..Default::default()
        })
        .len(),
        2
    );
    assert_eq!(
        q(JournalQuery {
            kinds: vec![EntryKind::Mood, EntryKind::SideEffect],
            ..Default::default()
        })
        .len(),
        4
    );
    let by_med = q(JournalQuery {
        medication_id: Some(lamotrigine.clone()),
        ..Default::default()
    });
    assert_eq!(
        by_med.iter().map(|e| &e.id).collect::<Vec<_>>(),
        vec![&rash.id]
    );
    assert_eq!(
        invalid_field(store.journal_entries(&JournalQuery {
            from: Some(day(18)),
            to: Some(day(12)),
            ..Default::default()
        })),
        "journal_query.to"
    );
}

#[test]
fn daily_summaries_cover_every_day_of_the_range() {
    let (_dir, store) = open();
    let inputs: Vec<_> = (0..10)
        .flat_map(|d: i32| {
            let h = i64::from(d) * 24;
            [
                entry(mood(d % 3), at(h + 1)),
                entry(mood(-(d % 2)), at(h + 2)),
            ]
        })
        .collect();
    store.import_journal_entries(&inputs, now()).unwrap();
    store
        .add_journal_entry(
            &entry(
                questionnaire(Instrument::Gad7, &[1, 1, 1, 1, 1, 1, 1]),
                at(1),
            ),
            now(),
        )
        .unwrap();
    let to = now().date_naive();
    let from = to - Duration::days(13);
    let s = store.daily_summaries(from, to).unwrap();
    assert_eq!(s.len(), 14);
    assert_eq!(s.first().unwrap().date, from);
    assert_eq!(s.iter().filter(|d| d.mood_entries == 2).count(), 10);
    assert_eq!(s.last().unwrap().gad7_total, Some(7));
    assert_eq!(s.last().unwrap().valence_mean, Some(0.0));
    assert_eq!(invalid_field(store.daily_summaries(to, from)), "summary.to");
    assert_eq!(
        invalid_field(store.daily_summaries(from - Duration::days(4000), to)),
        "summary.to"
    );
}
