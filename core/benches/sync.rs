//! Sync benchmarks (criterion), each beside its baseline in the same run:
//!
//! * `sync_apply_day`: a tablet applies the phone's change file for one
//!   day (5 medications x 4 doses logged, a mood, a note, a medication
//!   edit) on top of a year of data, in a running app (the tablet applied
//!   the phone's previous file first, untimed); goal under 10 ms.
//!   Baseline: the phone making the same day's writes itself.
//! * `sync_bootstrap_year`: a new tablet applies the phone's snapshot of a
//!   year (7,300 dose logs, 365 moods); goal under 2 s. Baseline: restoring
//!   the same year from a backup file.
//!
//! The day's file size is printed (goal under 16 KiB; a test,
//! `sync_sizes`, holds it). Each iteration starts from a fresh copy of a
//! prepared database (copying is set-up, not timed).
//!
//! Run: `cargo bench -p cadence-core --bench sync -- --warm-up-time 1 --measurement-time 3`

#[path = "../tests/sync_fixture/mod.rs"]
mod sync_fixture;

use std::path::{Path, PathBuf};

use cadence_core::App;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use sync_fixture::{copy_db, open_copy, Year};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let year = Year::build(dir.path());
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let fresh = |name: &str, from: &Path| -> PathBuf {
        let to = work.join(name);
        copy_db(from, &to);
        to
    };

    let day_file = year.day_file();
    eprintln!(
        "a day's change file: {} bytes ({} KiB bucket); the year's snapshot: {} bytes",
        day_file.len(),
        day_file.len().div_ceil(1024),
        year.snapshot.len()
    );

    let mut g = c.benchmark_group("sync_apply_day");
    g.bench_function("apply the phone's day on the tablet", |b| {
        b.iter_batched(
            || {
                let tablet = open_copy(&fresh("tablet-day.db", &year.tablet_synced));
                tablet
                    .import_sync(&year.tablet_secret, &year.warm, year.day_end)
                    .unwrap();
                tablet
            },
            |tablet: App| {
                let r = tablet
                    .import_sync(&year.tablet_secret, &day_file, year.day_end)
                    .unwrap();
                assert!(r.changes > 0);
                tablet // closed after the timing
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("baseline: the phone making the day's writes", |b| {
        b.iter_batched(
            || open_copy(&fresh("phone-day.db", &year.phone)),
            |phone: App| {
                year.make_day(&phone);
                phone
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("sync_bootstrap_year");
    g.sample_size(10);
    g.bench_function("apply the year's snapshot on a new tablet", |b| {
        b.iter_batched(
            || open_copy(&fresh("tablet-new.db", &year.tablet_empty)),
            |tablet: App| {
                tablet
                    .import_sync(&year.tablet_secret, &year.snapshot, year.day_end)
                    .unwrap();
                tablet
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("baseline: restore the year from a backup", |b| {
        b.iter_batched(
            || open_copy(&fresh("tablet-restore.db", &year.tablet_empty)),
            |tablet: App| {
                tablet
                    .restore_from(&year.backup, sync_fixture::PASS)
                    .unwrap();
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
