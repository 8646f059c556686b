//! `cadence`: the command line over the Cadence core.
//!
//! `cadence demo` sets up a realistic client in an embedded database file and
//! prints what the app would show. The other commands expose the API for
//! scripting and debugging (`--json` prints machine-readable output). Every
//! command goes through the same `Cadence` object the apps use.

mod backup_cmd;
mod care_cmd;
mod commands;
mod demo;
mod dose_cmd;
mod entries;
mod import_cmd;
mod journal_cmd;
mod names;
mod output;
mod plan_entry;
mod reminders_cmd;
mod report_cmd;
mod schedule_cmd;
mod share_cmd;
mod sync_cmd;

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use cadence_ffi::Cadence;

/// Cadence: medication schedules, reminders and journals for people in therapy.
#[derive(Debug, Parser)]
#[command(name = "cadence", version, about)]
pub struct Cli {
    /// The database file (created only by `demo`, `profile set`, and
    /// `share keys` for a new device).
    #[arg(long, global = true, default_value = "cadence.db", env = "CADENCE_DB")]
    db: String,

    /// Name of an environment variable holding the 32-byte database key as
    /// 64 hex digits (the key never appears on the command line).
    #[arg(long, global = true, value_name = "VAR")]
    key_env: Option<String>,

    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,

    /// Act as if it were this instant (RFC 3339); default: the system clock.
    #[arg(long, global = true, value_name = "RFC3339")]
    at: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set up a realistic client (or reuse the file) and show their day.
    Demo,
    /// Show or set the profile (name and time zones).
    #[command(subcommand)]
    Profile(commands::ProfileCmd),
    /// Show or change the daily routine.
    #[command(subcommand)]
    Routine(commands::RoutineCmd),
    /// Add, list, edit, stop and delete medications.
    #[command(subcommand)]
    Med(commands::MedCmd),
    /// Expand FHIR timings; list the database's dose occurrences.
    #[command(subcommand)]
    Schedule(schedule_cmd::ScheduleCmd),
    /// Add and inspect dosing plans.
    #[command(subcommand)]
    Plan(schedule_cmd::PlanCmd),
    /// Report that the phone changed time zone.
    Zone {
        /// The new IANA zone.
        zone: String,
    },
    /// Log doses: taken, skipped, extra, as-needed; undo, edit, history.
    #[command(subcommand)]
    Log(dose_cmd::LogCmd),
    /// Today's doses grouped by routine moment, with their status.
    Today,
    /// What to do about a dose (the prescriber's missed-dose rule applied).
    Guidance {
        #[command(flatten)]
        which: dose_cmd::Which,
    },
    /// May an as-needed dose be taken now?
    Prn {
        /// The medication: its name, or the start of its name or id.
        medication_id: String,
        /// Amount to take.
        #[arg(long)]
        amount: f64,
    },
    /// Supply on hand, refills, when it runs out.
    #[command(subcommand)]
    Supply(dose_cmd::SupplyCmd),
    /// The prescriber's missed-dose rule of a medication.
    #[command(subcommand)]
    Rule(dose_cmd::RuleCmd),
    /// The rolling reminder plan, snoozes, delivery reports.
    #[command(subcommand)]
    Reminders(reminders_cmd::RemindersCmd),
    /// Snooze a dose reminder (same as `cadence reminders snooze`).
    Snooze {
        /// The dose: sertraline [--moment M] [--date D], the row number
        /// `cadence today` prints, or a notification or occurrence id.
        #[command(flatten)]
        which: crate::dose_cmd::Which,
        /// Minutes (5, 10, 15, 30 or any 1 to 720).
        #[arg(long, default_value_t = 10, allow_negative_numbers = true)]
        minutes: i64,
        /// Snooze until this instant instead (RFC 3339).
        #[arg(long)]
        until: Option<String>,
    },
    /// Care team, care plan, consent grants, the audit log and FHIR export.
    #[command(subcommand)]
    Care(care_cmd::CareCmd),
    /// The care team (same as `cadence care team`).
    #[command(subcommand)]
    Team(care_cmd::TeamCmd),
    /// Consent grants: grant, revoke, list (same as `cadence care consent`).
    #[command(subcommand)]
    Consent(care_cmd::ConsentCmd),
    /// Who saw what: every disclosure, newest first.
    Audit,
    /// FHIR R4 export for a care-team member, filtered by consent.
    #[command(subcommand)]
    Fhir(care_cmd::FhirCmd),
    /// Encrypted share bundles: keys, pairing, export and import.
    #[command(subcommand)]
    Share(share_cmd::ShareCmd),
    /// Encrypted backup and restore.
    #[command(subcommand)]
    Backup(backup_cmd::BackupCmd),
    /// Write the clinician report (self-contained HTML) for a period.
    Report(report_cmd::ReportArgs),
    /// Adherence statistics for a period.
    Stats(report_cmd::StatsArgs),
    /// Mood, side effects, substance use, questionnaires, goals and notes.
    #[command(subcommand)]
    Journal(journal_cmd::JournalCmd),
    /// Encrypt the file, change its key, or decrypt it.
    Rekey(commands::RekeyArgs),
    /// Remove soft-deleted records from the file for good.
    Purge,
    /// Your own devices: list, pair, confirm, remove (this device's pairing
    /// code and fingerprint: `cadence share keys`).
    #[command(subcommand)]
    Device(sync_cmd::DeviceCmd),
    /// Keep your devices in step through a shared folder; `sync status`.
    Sync(sync_cmd::SyncArgs),
}

/// Everything a command needs: the open database and the options.
pub struct Ctx {
    /// The opened database.
    pub app: std::sync::Arc<Cadence>,
    /// `--json` given.
    pub json: bool,
    /// The instant the command acts at.
    pub now: DateTime<Utc>,
}

impl Ctx {
    /// The zone the person is in (the profile's current zone; UTC before a
    /// profile exists): text output reads in it.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.app
            .profile()
            .ok()
            .flatten()
            .map_or(chrono_tz::UTC, |p| p.current_zone)
    }

    /// An instant in the person's local time with the zone named:
    /// `2027-03-02 08:00 EST`.
    pub fn local(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.zone())
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }

    /// The person's local date at `now`: the core's `local_today` (their
    /// current zone; UTC before a profile is set up).
    pub fn today(&self) -> Result<chrono::NaiveDate, String> {
        self.app
            .local_today(Some(self.now))
            .map_err(|e| e.to_string())
    }
}

fn parse_key(var: &Option<String>) -> Result<Option<Vec<u8>>, String> {
    let Some(var) = var else { return Ok(None) };
    let hex = std::env::var(var).map_err(|_| format!("environment variable {var} is not set"))?;
    commands::hex_key(&hex).map(Some)
}

fn run(cli: Cli) -> Result<(), String> {
    // Expanding a timing file is pure: no database is opened or created.
    if let Command::Schedule(schedule_cmd::ScheduleCmd::Expand {
        timing,
        tz,
        from,
        to,
        routine,
    }) = &cli.command
    {
        return schedule_cmd::expand_file(cli.json, timing, tz, from, to, routine.as_deref());
    }
    let now = match &cli.at {
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map_err(|_| {
                "--at: expected an RFC 3339 instant such as 2027-03-01T08:00:00Z".to_string()
            })?
            .with_timezone(&Utc),
        None => Utc::now(),
    };
    let key = parse_key(&cli.key_env)?;
    let creates = matches!(
        cli.command,
        Command::Demo | Command::Profile(commands::ProfileCmd::Set { .. })
    ) || sync_cmd::creates_database(&cli.command);
    if !creates && !std::path::Path::new(&cli.db).exists() {
        return Err(no_database(&cli.db));
    }
    let opened = match key {
        Some(key) => Cadence::open(cli.db.clone(), key),
        None => {
            // Development mode, said on every run (stderr: `--json` output
            // stays clean).
            eprintln!(
                "cadence: development mode: the database file is NOT encrypted \
                 (pass --key-env VAR for an encrypted file)"
            );
            Cadence::open_unencrypted_for_tools(cli.db.clone())
        }
    };
    let app = opened.map_err(|e| match e {
        cadence_ffi::CadenceError::WrongKey if cli.key_env.is_some() => format!(
            "the database key does not open {} (check the key in --key-env)",
            cli.db
        ),
        cadence_ffi::CadenceError::WrongKey => format!(
            "{} is encrypted: give its key with --key-env VAR (64 hex digits in VAR)",
            cli.db
        ),
        e => e.to_string(),
    })?;
    let ctx = Ctx {
        app,
        json: cli.json,
        now,
    };
    match cli.command {
        Command::Demo => demo::run(&ctx, &cli.db, &cli.key_env),
        Command::Profile(c) => commands::profile(&ctx, c),
        Command::Routine(c) => commands::routine(&ctx, c),
        Command::Med(c) => commands::med(&ctx, c),
        Command::Schedule(c) => schedule_cmd::schedule(&ctx, c),
        Command::Plan(c) => schedule_cmd::plan(&ctx, c),
        Command::Zone { zone } => schedule_cmd::zone(&ctx, &zone),
        Command::Log(c) => dose_cmd::log(&ctx, c),
        Command::Today => dose_cmd::today(&ctx),
        Command::Guidance { which } => dose_cmd::guidance(&ctx, &which),
        Command::Prn {
            medication_id,
            amount,
        } => dose_cmd::prn(&ctx, medication_id, amount),
        Command::Supply(c) => dose_cmd::supply(&ctx, c),
        Command::Rule(c) => dose_cmd::rule(&ctx, c),
        Command::Reminders(c) => reminders_cmd::run(&ctx, c),
        Command::Snooze {
            which,
            minutes,
            until,
        } => reminders_cmd::run(
            &ctx,
            reminders_cmd::RemindersCmd::Snooze {
                which,
                minutes,
                until,
            },
        ),
        Command::Care(c) => care_cmd::run(&ctx, c),
        Command::Team(c) => care_cmd::run_team(&ctx, c),
        Command::Consent(c) => care_cmd::run_consent(&ctx, c),
        Command::Audit => care_cmd::run_audit(&ctx),
        Command::Fhir(c) => care_cmd::run_fhir(&ctx, c),
        Command::Share(c) => share_cmd::run(&ctx, c),
        Command::Backup(c) => backup_cmd::run(&ctx, c),
        Command::Report(a) => report_cmd::report(&ctx, a),
        Command::Stats(a) => report_cmd::stats(&ctx, a),
        Command::Journal(c) => journal_cmd::run(&ctx, c),
        Command::Rekey(a) => commands::rekey(&ctx, a),
        Command::Device(c) => sync_cmd::run_device(&ctx, &cli.db, &cli.key_env, c),
        Command::Sync(a) => sync_cmd::run_sync(&ctx, &cli.db, &cli.key_env, a),
        Command::Purge => {
            let n = ctx.app.purge_deleted().map_err(|e| e.to_string())?;
            output::print(
                &ctx,
                &serde_json::json!({ "purged": n }),
                &format!("{n} deleted records removed"),
            );
            Ok(())
        }
    }
}

/// "no database at X — did you mean …?": the `.db` files beside it, or how
/// to create one.
fn no_database(db: &str) -> String {
    let path = std::path::Path::new(db);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut near: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "db"))
                .map(|p| p.display().to_string())
                .collect()
        })
        .unwrap_or_default();
    // The closest names first (longest common start with the one given).
    let wanted = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let common = |p: &String| {
        let name = std::path::Path::new(p)
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        name.chars()
            .zip(wanted.chars())
            .take_while(|(a, b)| a == b)
            .count()
    };
    near.sort_by(|a, b| common(b).cmp(&common(a)).then(a.cmp(b)));
    near.truncate(3);
    if near.is_empty() {
        format!(
            "no database at {db} — create one with `cadence --db {db} profile set --home-zone ZONE` \
             (or `cadence --db {db} demo`)"
        )
    } else {
        format!(
            "no database at {db} — did you mean {}? (a new one is created only by `profile set` or `demo`, or by `share keys` on a new device)",
            near.join(" or ")
        )
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cadence: {e}");
            ExitCode::FAILURE
        }
    }
}
