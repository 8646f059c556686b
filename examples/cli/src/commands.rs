//! The scripting commands: profile, routine, medications, re-keying.

use clap::{Args, Subcommand};

use cadence_core::model::{
    DayKind, DoseForm, Medication, MedicationInput, OnsetWindow, ProfileInput, RoutineEvent,
    RoutineOverride, RoutineTime, Strength,
};
use cadence_core::time::{parse_date, parse_time, parse_zone};

use crate::output::print;
use crate::Ctx;

type CmdResult = Result<(), String>;

fn core_err(e: cadence_core::Error) -> String {
    e.to_string()
}

fn api_err(e: cadence_ffi::CadenceError) -> String {
    e.to_string()
}

/// Parses 64 hex digits into a 32-byte key.
pub fn hex_key(hex: &str) -> Result<Vec<u8>, String> {
    let hex = hex.trim();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err("a key is 64 hex digits (32 bytes)".into());
    }
    (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|e| e.to_string()))
        .collect()
}

/// `cadence profile ...`
#[derive(Debug, Subcommand)]
pub enum ProfileCmd {
    /// Show the profile.
    Show,
    /// Create or replace the profile.
    Set {
        /// Display name (a first name or nickname).
        #[arg(long, default_value = "")]
        name: String,
        /// Home zone (IANA), e.g. Europe/Berlin.
        #[arg(long)]
        home_zone: String,
        /// Zone the phone is in now (default: the home zone).
        #[arg(long)]
        zone: Option<String>,
    },
}

pub fn profile(ctx: &Ctx, cmd: ProfileCmd) -> CmdResult {
    match cmd {
        ProfileCmd::Show => {
            let p = ctx.app.profile().map_err(api_err)?;
            let text = match &p {
                Some(p) => format!(
                    "{} — home zone {}, now in {}",
                    if p.display_name.is_empty() {
                        "(no name)"
                    } else {
                        &p.display_name
                    },
                    p.home_zone.name(),
                    p.current_zone.name()
                ),
                None => "no profile yet: `cadence profile set --home-zone ZONE`".into(),
            };
            print(ctx, &p, &text);
        }
        ProfileCmd::Set {
            name,
            home_zone,
            zone,
        } => {
            let home = parse_zone("home_zone", &home_zone).map_err(core_err)?;
            let current = match zone {
                Some(z) => parse_zone("zone", &z).map_err(core_err)?,
                None => home,
            };
            let p = ctx
                .app
                .set_profile(
                    ProfileInput {
                        display_name: name,
                        home_zone: home,
                        current_zone: current,
                    },
                    Some(ctx.now),
                )
                .map_err(api_err)?;
            print(ctx, &p, "profile saved");
        }
    }
    Ok(())
}

/// `cadence routine ...`
#[derive(Debug, Subcommand)]
pub enum RoutineCmd {
    /// Show the routine for a date (default: today in the current zone).
    Show {
        /// Local date YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
    },
    /// Set an event's time on weekdays, weekends or both.
    Set {
        /// wake, breakfast, lunch, dinner, bedtime, morning, afternoon, evening, night.
        event: String,
        /// HH:MM.
        time: String,
        /// weekday, weekend or both.
        #[arg(long, default_value = "both")]
        days: String,
    },
    /// Change one event on one date ("sleeping in today").
    Override {
        /// Local date YYYY-MM-DD.
        date: String,
        /// The event.
        event: String,
        /// HH:MM.
        time: String,
    },
    /// Remove a one-day change.
    ClearOverride {
        /// Local date YYYY-MM-DD.
        date: String,
        /// The event.
        event: String,
    },
}

pub fn routine(ctx: &Ctx, cmd: RoutineCmd) -> CmdResult {
    let app = &ctx.app;
    match cmd {
        RoutineCmd::Show { date } => {
            let date = match date {
                Some(d) => parse_date("date", &d).map_err(core_err)?,
                None => ctx.today()?,
            };
            let routine = app.routine_on(date).map_err(api_err)?;
            let mut rows = Vec::new();
            let kind = match DayKind::of(date) {
                DayKind::Weekday => "a weekday",
                DayKind::Weekend => "a weekend day",
            };
            let mut text = format!("Routine on {} ({kind})\n", date.format("%A %-d %B %Y"));
            let mut events: Vec<_> = RoutineEvent::ALL
                .iter()
                .map(|e| (routine.time_of(*e, date), *e))
                .collect();
            events.sort();
            for (t, e) in events {
                text.push_str(&format!("  {}  {}\n", t.format("%H:%M"), e.code()));
                rows.push(
                    serde_json::json!({ "event": e.code(), "time": t.format("%H:%M").to_string() }),
                );
            }
            print(
                ctx,
                &serde_json::json!({ "date": date, "events": rows, "routine": routine }),
                text.trim_end(),
            );
        }
        RoutineCmd::Set { event, time, days } => {
            let event = RoutineEvent::from_code("event", &event).map_err(core_err)?;
            let time = parse_time("time", &time).map_err(core_err)?;
            let kinds = match days.as_str() {
                "weekday" => vec![DayKind::Weekday],
                "weekend" => vec![DayKind::Weekend],
                "both" => vec![DayKind::Weekday, DayKind::Weekend],
                _ => return Err("--days: weekday, weekend or both".into()),
            };
            let times: Vec<_> = kinds
                .into_iter()
                .map(|day_kind| RoutineTime {
                    event,
                    day_kind,
                    time,
                })
                .collect();
            let r = app
                .set_routine_times(times, Some(ctx.now))
                .map_err(api_err)?;
            print(ctx, &r, "routine saved");
        }
        RoutineCmd::Override { date, event, time } => {
            let change = RoutineOverride {
                date: parse_date("date", &date).map_err(core_err)?,
                event: RoutineEvent::from_code("event", &event).map_err(core_err)?,
                time: parse_time("time", &time).map_err(core_err)?,
            };
            let r = app
                .set_routine_override(change, Some(ctx.now))
                .map_err(api_err)?;
            print(ctx, &r, "override saved");
        }
        RoutineCmd::ClearOverride { date, event } => {
            let r = app
                .clear_routine_override(
                    parse_date("date", &date).map_err(core_err)?,
                    RoutineEvent::from_code("event", &event).map_err(core_err)?,
                    Some(ctx.now),
                )
                .map_err(api_err)?;
            print(ctx, &r, "override removed");
        }
    }
    Ok(())
}

/// The fields of a medication on the command line.
#[derive(Debug, Args)]
pub struct MedFields {
    /// Name as on the label.
    #[arg(long)]
    name: String,
    /// Strength per unit, e.g. "50 mg".
    #[arg(long)]
    strength: Option<String>,
    /// tablet, capsule, liquid, injection, patch, inhaler, drops, other.
    #[arg(long, default_value = "tablet")]
    form: String,
    /// How to take it.
    #[arg(long, default_value = "")]
    instructions: String,
    /// The prescriber's notes.
    #[arg(long, default_value = "")]
    notes: String,
    /// Usual onset window, e.g. "2-6 weeks".
    #[arg(long)]
    onset: Option<String>,
    /// Local date started, YYYY-MM-DD.
    #[arg(long)]
    started: Option<String>,
}

impl MedFields {
    fn input(self) -> Result<MedicationInput, String> {
        let strength = match self.strength {
            Some(s) => {
                let (amount, unit) = s
                    .trim()
                    .split_once(' ')
                    .ok_or("--strength: expected an amount and a unit, e.g. \"50 mg\"")?;
                Some(Strength {
                    amount: amount
                        .parse()
                        .map_err(|_| "--strength: the amount is not a number")?,
                    unit: unit.trim().to_string(),
                })
            }
            None => None,
        };
        Ok(MedicationInput {
            name: self.name,
            strength,
            form: DoseForm::from_code("form", &self.form).map_err(core_err)?,
            instructions: self.instructions,
            prescriber_notes: self.notes,
            expected_onset: self
                .onset
                .map(|o| OnsetWindow::parse("onset", &o))
                .transpose()
                .map_err(core_err)?,
            started_on: self
                .started
                .map(|d| parse_date("started", &d))
                .transpose()
                .map_err(core_err)?,
        })
    }
}

/// `cadence med ...`
#[derive(Debug, Subcommand)]
pub enum MedCmd {
    /// Add a medication.
    Add(MedFields),
    /// List medications.
    List {
        /// Include stopped ones.
        #[arg(long)]
        all: bool,
    },
    /// Show one medication.
    Show {
        /// Its name, or the start of its name or id.
        id: String,
    },
    /// Replace a medication's fields.
    Edit {
        /// Its name, or the start of its name or id.
        id: String,
        #[command(flatten)]
        fields: MedFields,
    },
    /// Mark stopped (kept in history).
    Stop {
        /// Its name, or the start of its name or id.
        id: String,
        /// Local date stopped (default: today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Make a stopped medication active again.
    Restart {
        /// Its name, or the start of its name or id.
        id: String,
    },
    /// Delete (soft; `cadence purge` removes it for good).
    Delete {
        /// Its name, or the start of its name or id.
        id: String,
    },
    /// Import a prescription: a FHIR R4 MedicationRequest JSON file.
    Import(crate::import_cmd::ImportArgs),
    /// Print a medication and its plans as a FHIR R4 MedicationRequest.
    Export {
        /// Its id.
        id: String,
    },
}

/// One line describing a medication: "Sertraline 100 mg tablet, taking
/// (id 1a2b3c4d)".
pub fn describe(m: &Medication) -> String {
    let strength = m
        .strength
        .as_ref()
        .map(|s| {
            format!(
                " {} {}",
                cadence_core::schedule::words::amount_words(s.amount),
                s.unit
            )
        })
        .unwrap_or_default();
    let status = match (m.status, m.stopped_on) {
        (cadence_core::model::MedicationStatus::Active, _) => "taking".to_string(),
        (_, Some(on)) => format!("stopped on {on}"),
        (_, None) => "stopped".to_string(),
    };
    format!(
        "{}{} {}, {status} (id {})",
        m.name,
        strength,
        m.form.code(),
        crate::dose_cmd::short_id(&m.id)
    )
}

/// `cadence med show`: the instructions, each plan in words, the
/// missed-dose rule with its note and limits, and the supply.
fn show(ctx: &Ctx, m: &Medication) -> CmdResult {
    use cadence_core::schedule::words::plan_words;
    let app = &ctx.app;
    let plans = app.plans(m.id.clone()).map_err(api_err)?;
    let rule = app.missed_dose_rule(m.id.clone()).map_err(api_err)?;
    let supply = app.supply(m.id.clone(), Some(ctx.now)).map_err(api_err)?;
    let mut text = describe(m);
    if let Some(on) = m.started_on {
        text.push_str(&format!("\nStarted on {on}."));
    }
    if let Some(o) = &m.expected_onset {
        text.push_str(&format!(
            "\nUsually starts to help within {}-{} days.",
            o.min_days, o.max_days
        ));
    }
    if !m.instructions.is_empty() {
        text.push_str(&format!("\nInstructions: {}", m.instructions));
    }
    if !m.prescriber_notes.is_empty() {
        text.push_str(&format!("\nPrescriber's notes: {}", m.prescriber_notes));
    }
    if plans.is_empty() {
        text.push_str("\nNo dosing plan yet (`cadence plan set` or `cadence plan titrate`).");
    } else {
        text.push_str("\nPlan:");
        for p in &plans {
            text.push_str(&format!(
                "\n  - {} (plan {}, version {})",
                plan_words(p),
                crate::dose_cmd::short_id(&p.id),
                p.version
            ));
        }
    }
    text.push_str(&format!(
        "\nIf a dose is missed: {}",
        crate::dose_cmd::rule_text(&rule)
    ));
    text.push_str(&match &supply {
        Some(s) => match (s.days_left, s.runs_out_on) {
            (Some(d), Some(on)) => format!(
                "\nSupply: {} {} on hand, {d} days left (runs out on {on}).",
                cadence_core::schedule::words::amount_words(s.on_hand),
                s.unit
            ),
            _ => format!(
                "\nSupply: {} {} on hand.",
                cadence_core::schedule::words::amount_words(s.on_hand),
                s.unit
            ),
        },
        None => "\nSupply: not recorded (`cadence supply set`).".into(),
    });
    print(
        ctx,
        &serde_json::json!({ "medication": m, "plans": plans, "rule": rule, "supply": supply }),
        &text,
    );
    Ok(())
}

pub fn med(ctx: &Ctx, cmd: MedCmd) -> CmdResult {
    let app = &ctx.app;
    let now = Some(ctx.now);
    let id = |q: &str| crate::names::med_id(ctx, q);
    let m = match cmd {
        MedCmd::Import(a) => return crate::import_cmd::import(ctx, a),
        MedCmd::Export { id } => return crate::import_cmd::export(ctx, id),
        MedCmd::Add(f) => app.add_medication(f.input()?, now).map_err(api_err)?,
        MedCmd::Edit { id: q, fields } => app
            .update_medication(id(&q)?, fields.input()?, now)
            .map_err(api_err)?,
        MedCmd::Show { id: q } => {
            let m = app.medication(id(&q)?).map_err(api_err)?;
            return show(ctx, &m);
        }
        MedCmd::Stop { id: q, on } => {
            let on = match on {
                Some(d) => parse_date("on", &d).map_err(core_err)?,
                None => ctx.today()?,
            };
            app.stop_medication(id(&q)?, on, now).map_err(api_err)?
        }
        MedCmd::Restart { id: q } => app.restart_medication(id(&q)?, now).map_err(api_err)?,
        MedCmd::Delete { id: q } => {
            let id = id(&q)?;
            app.delete_medication(id.clone(), now).map_err(api_err)?;
            print(ctx, &serde_json::json!({ "deleted": id }), "deleted");
            return Ok(());
        }
        MedCmd::List { all } => {
            let list = app.medications(all).map_err(api_err)?;
            let text = if list.is_empty() {
                if all {
                    "No medications yet (`cadence med add --name NAME`).".to_string()
                } else {
                    "No medications being taken (`cadence med list --all` shows stopped ones)."
                        .to_string()
                }
            } else {
                list.iter().map(describe).collect::<Vec<_>>().join("\n")
            };
            print(ctx, &list, &text);
            return Ok(());
        }
    };
    print(ctx, &m, &describe(&m));
    Ok(())
}

/// `cadence rekey`
#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// Environment variable holding the new key (64 hex digits); omit to decrypt.
    #[arg(long, value_name = "VAR")]
    new_key_env: Option<String>,
}

pub fn rekey(ctx: &Ctx, args: RekeyArgs) -> CmdResult {
    let key = match &args.new_key_env {
        Some(var) => {
            Some(hex_key(&std::env::var(var).map_err(|_| {
                format!("environment variable {var} is not set")
            })?)?)
        }
        None => None,
    };
    let encrypted = key.is_some();
    match key {
        Some(key) => ctx.app.change_key(key),
        None => ctx.app.decrypt_for_tools(),
    }
    .map_err(api_err)?;
    print(
        ctx,
        &serde_json::json!({ "encrypted": encrypted }),
        if encrypted {
            "the database is now encrypted with the new key"
        } else {
            "the database is now unencrypted"
        },
    );
    Ok(())
}
