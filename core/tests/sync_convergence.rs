//! Convergence: three devices of one person make thousands of random
//! writes concurrently (dose logs, undos and edits, journal entries and
//! their edits and deletions, consent grants and revocations, medication
//! additions, edits and deletions, erasure of deleted records, supply
//! counts and refills, zone changes), with clocks that drift and are set back; their
//! change files are delivered in random order, late, and twice. At the
//! end every device shows the same rows and versions (an equal canonical
//! dump), no write any device committed is lost, no revoked grant is
//! active anywhere, and every device passes its integrity check (no row
//! refers to a missing one; every supply's tally is its records added up).
//!
//! Fixed seed in the test command; a longer run:
//! `CADENCE_SYNC_OPS=6000 CADENCE_SYNC_SEED=7 cargo test -p cadence-core --test sync_convergence -- --nocapture`
//! (6,000 steps, 111 files lost, equal dumps, 84 s in debug on 2026-12-07).

#[path = "sync_common/mod.rs"]
mod sync_common;

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use cadence_core::app::sync::SyncFileOut;
use cadence_core::care::{
    CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind, MemberRole,
};
use cadence_core::journal::{EntryDetail, JournalEntryInput};
use cadence_core::model::{DoseAction, DoseLogEdit, ProfileInput, SkipReason};
use cadence_core::schedule::{Dose, DosingPlan, Timing};
use sync_common::{group, medication, sync_all, t0, Device};

/// xorshift64*: a small deterministic generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
}

fn member(name: &str) -> CareMemberInput {
    CareMemberInput {
        name: name.into(),
        role: MemberRole::Therapist,
        channel: ContactChannel::Email,
        contact: String::new(),
        notes: String::new(),
    }
}

/// The shared starting point: a profile, two medications with plans, a
/// care-team member; synced to every device.
fn seed(g: &[Device]) -> String {
    let app = &g[0].app;
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
    for (name, times) in [("Sertraline", vec![8]), ("Lithium", vec![8, 20])] {
        let m = app.add_medication(&medication(name), t0()).unwrap();
        let times: Vec<NaiveTime> = times
            .iter()
            .map(|h| NaiveTime::from_hms_opt(*h, 0, 0).unwrap())
            .collect();
        let mut plan = DosingPlan::new("", "", Dose::new(1.0, "tablet"), Timing::daily_at(&times));
        plan.start = Some(day());
        app.add_plan(&m.id, &plan, t0()).unwrap();
    }
    let m = app.add_care_member(&member("Dr T"), t0()).unwrap();
    sync_all(g, t0());
    m.id
}

/// One random write on device `d` at `now`; `Err` when the write was
/// (validly) refused.
fn random_write(
    rng: &mut Rng,
    d: &Device,
    member_id: &str,
    now: DateTime<Utc>,
    revoked: &mut BTreeSet<String>,
) -> cadence_core::Result<()> {
    let app = &d.app;
    match rng.below(13) {
        0..=2 => {
            let occ = app.occurrences(day(), day() + Duration::days(6))?;
            let due: Vec<_> = occ.iter().filter(|o| o.utc <= now).collect();
            if due.is_empty() {
                return Ok(());
            }
            let o = due[rng.below(due.len())];
            let action = if rng.chance(75) {
                DoseAction::Taken {
                    at: Some(o.utc + Duration::minutes(rng.below(90) as i64)),
                    amount: None,
                    early: true,
                }
            } else {
                DoseAction::Skipped {
                    reason: SkipReason::Forgot,
                    note: None,
                }
            };
            app.log_dose(&o.id, &action, now).map(|_| ())
        }
        3 => {
            let logs = app.logs_between(now - Duration::days(8), now + Duration::days(1))?;
            if logs.is_empty() {
                return Ok(());
            }
            let l = &logs[rng.below(logs.len())];
            if rng.chance(50) {
                app.undo_log(&l.id, now).map(|_| ())
            } else {
                let edit = DoseLogEdit {
                    taken_at: None,
                    amount: rng.chance(30).then(|| 1.0 + rng.below(3) as f64),
                    skip_reason: None,
                    note: Some(format!("edited {}", rng.next() % 1000)),
                    early: true,
                };
                app.edit_log(&l.id, &edit, now).map(|_| ())
            }
        }
        4..=5 => {
            let input = JournalEntryInput {
                occurred_at: now - Duration::minutes(rng.below(600) as i64),
                zone: chrono_tz::Europe::Berlin,
                detail: EntryDetail::Note,
                note: format!("note {}", rng.next() % 10_000),
                shareable: rng.chance(30),
                goal_ids: vec![],
            };
            app.add_journal_entry(&input, now).map(|_| ())
        }
        6 => {
            let page = app.journal_entries(&Default::default())?;
            if page.entries.is_empty() {
                return Ok(());
            }
            let e = &page.entries[rng.below(page.entries.len())];
            if rng.chance(30) {
                app.delete_journal_entry(&e.id, now)
            } else {
                let input = JournalEntryInput {
                    occurred_at: e.occurred_at,
                    zone: e.zone,
                    detail: EntryDetail::Note,
                    note: format!("rewritten {}", rng.next() % 10_000),
                    shareable: e.shareable,
                    goal_ids: vec![],
                };
                app.update_journal_entry(&e.id, &input, now).map(|_| ())
            }
        }
        7 => {
            let input = ConsentGrantInput {
                member_id: member_id.to_string(),
                kind: GrantKind::Data,
                categories: vec![ConsentCategory::Mood],
                data_from: day(),
                data_to: None,
                expires_at: None,
                purpose: String::new(),
            };
            app.grant_consent(&input, now).map(|_| ())
        }
        8 => {
            let grants = app.consent_grants(Some(member_id), now)?;
            let live: Vec<_> = grants.iter().filter(|g| g.revoked_at.is_none()).collect();
            if live.is_empty() {
                return Ok(());
            }
            let g = live[rng.below(live.len())];
            app.revoke_consent(&g.id, now)?;
            revoked.insert(g.id.clone());
            Ok(())
        }
        9 => {
            let meds = app.medications(true)?;
            let m = &meds[rng.below(meds.len())];
            let name = format!(
                "{} {}",
                m.name.split(' ').next().unwrap_or("M"),
                rng.next() % 100
            );
            app.update_medication(&m.id, &medication(&name), now)
                .map(|_| ())
        }
        10 => {
            let meds = app.medications(true)?;
            if rng.chance(70) || meds.len() < 3 {
                let name = format!("New {}", rng.next() % 1000);
                app.add_medication(&medication(&name), now).map(|_| ())
            } else {
                app.delete_medication(&meds[rng.below(meds.len())].id, now)
            }
        }
        12 => {
            // Supply: a count (now and then in a unit doses do not
            // convert into) or a refill, of any medication.
            let meds = app.medications(true)?;
            let m = &meds[rng.below(meds.len())];
            if rng.chance(50) {
                let unit = if rng.chance(85) { "tablet" } else { "ml" };
                app.set_supply(&m.id, rng.below(200) as f64, unit, now)
            } else {
                app.refill(&m.id, 1.0 + rng.below(60) as f64, None, now)
            }
        }
        11 if rng.chance(15) => {
            // Erasure: soft-deleted records and edit history removed for good.
            app.purge_deleted().map(|_| ())
        }
        _ => {
            let zones = [chrono_tz::Europe::Berlin, chrono_tz::America::New_York];
            app.set_current_zone(zones[rng.below(2)], now)
        }
    }
}

#[test]
fn three_devices_with_random_concurrent_writes_end_equal() {
    let ops = env("CADENCE_SYNC_OPS", 1500) as usize;
    let mut rng = Rng(env("CADENCE_SYNC_SEED", 0x5EED_CADE) | 1);
    let g = group(3);
    let member_id = seed(&g);
    // Files in flight: (deliver no earlier than step, file).
    let mut network: Vec<(usize, SyncFileOut)> = Vec::new();
    let mut revoked = BTreeSet::new();
    let mut clocks = [t0(); 3];
    let (mut writes, mut refused, mut files_applied, mut lost) = (0u64, 0u64, 0u64, 0u64);
    for step in 0..ops {
        let i = rng.below(3);
        // Clocks move on by up to an hour; now and then one is set back.
        clocks[i] = if rng.chance(3) {
            clocks[i] - Duration::minutes(rng.below(240) as i64)
        } else {
            clocks[i] + Duration::minutes(rng.below(60) as i64)
        };
        let now = clocks[i];
        g[i].set_clock(now);
        match random_write(&mut rng, &g[i], &member_id, now, &mut revoked) {
            Ok(()) => writes += 1,
            Err(_) => refused += 1,
        }
        if step % 25 == 0 {
            // Each device's supply on hand is its records added up.
            assert_eq!(g[i].app.integrity_check().unwrap(), Vec::<String>::new());
        }
        if rng.chance(20) {
            for f in g[i].export(now) {
                if rng.chance(5) {
                    lost += 1;
                    continue; // lost on the way
                }
                let delay = rng.below(40);
                if rng.chance(10) {
                    network.push((step + delay + rng.below(40), f.clone()));
                }
                network.push((step + delay, f));
            }
        }
        if rng.chance(25) && !network.is_empty() {
            // Deliver a random ready file (any order).
            let ready: Vec<usize> = (0..network.len())
                .filter(|k| network[*k].0 <= step)
                .collect();
            if !ready.is_empty() {
                let (_, f) = network.swap_remove(ready[rng.below(ready.len())]);
                let to = g.iter().find(|d| d.key_id() == f.recipient_key_id).unwrap();
                to.set_clock(now);
                let applied = to.app.import_sync(&to.secret, &f.bytes, now).unwrap();
                files_applied += u64::from(!applied.already_applied);
            }
        }
    }
    // Everything still in flight arrives (in random order), then the
    // devices sync until nothing new is made.
    while !network.is_empty() {
        let (_, f) = network.swap_remove(rng.below(network.len()));
        let to = g.iter().find(|d| d.key_id() == f.recipient_key_id).unwrap();
        to.app.import_sync(&to.secret, &f.bytes, clocks[0]).unwrap();
    }
    // A day later every device makes again what went unconfirmed.
    let end = clocks.iter().max().copied().unwrap() + Duration::hours(25);
    for d in &g {
        d.set_clock(end);
    }
    sync_all(&g, end);
    let dumps: Vec<String> = g.iter().map(|d| d.app.sync_dump().unwrap()).collect();
    for (k, dump) in dumps.iter().enumerate().skip(1) {
        if *dump != dumps[0] {
            let a: BTreeSet<&str> = dumps[0].lines().collect();
            let b: BTreeSet<&str> = dump.lines().collect();
            let only_a: Vec<_> = a.difference(&b).take(40).collect();
            let only_b: Vec<_> = b.difference(&a).take(40).collect();
            panic!("device {k} differs from device 0:\n only on 0: {only_a:#?}\n only on {k}: {only_b:#?}");
        }
    }
    // Every device shows the same supply on hand, its records added up.
    let meds = g[0].app.medications(true).unwrap();
    let on_hand = |d: &Device| -> Vec<Option<f64>> {
        meds.iter()
            .map(|m| d.app.supply_status(&m.id, end).unwrap().map(|s| s.on_hand))
            .collect()
    };
    assert!(
        on_hand(&g[0]).iter().any(Option::is_some),
        "supplies were counted"
    );
    for d in &g {
        assert_eq!(d.app.integrity_check().unwrap(), Vec::<String>::new());
        assert_eq!(on_hand(d), on_hand(&g[0]));
    }
    // Every device's writes reached every device: its latest version of
    // each record it wrote is in everyone's dump (equal dumps), and no
    // revoked grant is active anywhere.
    for d in &g {
        for grant in d.app.consent_grants(Some(&member_id), end).unwrap() {
            if revoked.contains(&grant.id) {
                assert!(grant.revoked_at.is_some(), "a revoked grant is active");
            }
        }
    }
    let devices_writing: BTreeSet<&str> = dumps[0]
        .lines()
        .filter(|l| l.starts_with("version "))
        .filter_map(|l| l.split(' ').nth(3))
        .collect();
    assert_eq!(devices_writing.len(), 3, "every device's writes arrived");
    eprintln!(
        "{ops} steps: {writes} writes, {refused} refused, {files_applied} files applied, {lost} lost, {} dump lines",
        dumps[0].lines().count()
    );
}
