//! `cadence schedule ...`, `cadence plan ...` and `cadence zone ...`:
//! expanding FHIR timings (no database needed), managing dosing plans and
//! reporting zone changes.

use std::collections::BTreeMap;

use clap::Subcommand;
use serde::Deserialize;

use cadence_core::model::{DayKind, Routine, RoutineEvent, RoutineOverride, RoutineTime};
use cadence_core::schedule::{expand_fhir_json, DoseOccurrence};
use cadence_core::time::{parse_date, parse_time, parse_zone};

use crate::output::{line, print, print_json};
use crate::Ctx;

type CmdResult = Result<(), String>;

/// `cadence schedule ...`
#[derive(Debug, Subcommand)]
pub enum ScheduleCmd {
    /// Expand a FHIR R4 Timing (or a Dosage with a timing) over local dates.
    Expand {
        /// JSON file holding a Timing object or a Dosage object.
        #[arg(long)]
        timing: String,
        /// IANA zone the times are read in.
        #[arg(long)]
        tz: String,
        /// First local date (included).
        #[arg(long)]
        from: String,
        /// Last local date (included).
        #[arg(long)]
        to: String,
        /// Routine file (see the README) for `when` codes; default routine otherwise.
        #[arg(long)]
        routine: Option<String>,
    },
    /// The occurrences of every active medication in the database.
    Occurrences {
        /// First local date (default: today).
        #[arg(long)]
        from: Option<String>,
        /// Last local date (default: `from`).
        #[arg(long)]
        to: Option<String>,
    },
}

/// `cadence plan ...`
#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// Add a plan to a medication from a FHIR R4 Dosage JSON file.
    Add {
        /// The medication: its name, or the start of its name or id.
        medication_id: String,
        /// The Dosage JSON file.
        #[arg(long)]
        dosage: String,
    },
    /// A plan in words: `cadence plan set sertraline --dose "50 mg" --moment
    /// breakfast` (or --times 08:00,20:00, or --as-needed).
    Set(crate::plan_entry::SetArgs),
    /// A titration or taper as its steps: `cadence plan titrate sertraline
    /// --moment breakfast --step 2027-03-01=25mg --step 2027-03-15=50mg`.
    Titrate(crate::plan_entry::TitrateArgs),
    /// The plans of a medication, in words.
    List {
        /// The medication: its name, or the start of its name or id.
        medication_id: String,
    },
    /// Print a plan's timing as FHIR R4 Timing JSON.
    Fhir {
        /// The medication (its current plan) or a plan id.
        plan_id: String,
    },
}

/// The routine file: times per day kind, and one-day overrides.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutineFile {
    #[serde(default)]
    weekday: BTreeMap<String, String>,
    #[serde(default)]
    weekend: BTreeMap<String, String>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    date: String,
    event: String,
    time: String,
}

fn err(e: cadence_core::Error) -> String {
    e.to_string()
}

/// Reads a routine file (README: "Routine file").
fn read_routine(path: &str) -> Result<Routine, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let file: RoutineFile = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let mut routine = Routine::default();
    for (kind, map) in [
        (DayKind::Weekday, &file.weekday),
        (DayKind::Weekend, &file.weekend),
    ] {
        for (event, time) in map {
            routine.times.push(RoutineTime {
                event: RoutineEvent::from_code("routine.event", event).map_err(err)?,
                day_kind: kind,
                time: parse_time(&format!("routine.{event}"), time).map_err(err)?,
            });
        }
    }
    for (i, o) in file.overrides.iter().enumerate() {
        routine.overrides.push(RoutineOverride {
            date: parse_date(&format!("routine.overrides[{i}].date"), &o.date).map_err(err)?,
            event: RoutineEvent::from_code(&format!("routine.overrides[{i}].event"), &o.event)
                .map_err(err)?,
            time: parse_time(&format!("routine.overrides[{i}].time"), &o.time).map_err(err)?,
        });
    }
    routine.validate().map_err(err)?;
    Ok(routine)
}

/// One line per occurrence.
fn text_of(occs: &[DoseOccurrence]) -> String {
    if occs.is_empty() {
        return "no doses in that window".into();
    }
    occs.iter()
        .map(|o| {
            format!(
                "{}  ({})  {} {}  {}{}",
                o.local.format("%Y-%m-%d %H:%M %:z"),
                o.utc.format("%H:%MZ"),
                o.dose.amount,
                o.dose.unit,
                o.slot,
                if o.too_soon_after_previous {
                    "  [closer than the minimum interval]"
                } else {
                    ""
                }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs `cadence schedule expand` without opening any database.
pub fn expand_file(
    json_out: bool,
    timing: &str,
    tz: &str,
    from: &str,
    to: &str,
    routine: Option<&str>,
) -> CmdResult {
    let text = std::fs::read_to_string(timing).map_err(|e| format!("{timing}: {e}"))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{timing}: not JSON ({e})"))?;
    let zone = parse_zone("tz", tz).map_err(err)?;
    let from = parse_date("from", from).map_err(err)?;
    let to = parse_date("to", to).map_err(err)?;
    let routine = routine.map(read_routine).transpose()?.unwrap_or_default();
    let occs = expand_fhir_json(&json, zone, &routine, from, to).map_err(err)?;
    if json_out {
        print_json(&occs);
    } else {
        line(&text_of(&occs));
    }
    Ok(())
}

/// Runs the database-backed schedule commands.
pub fn schedule(ctx: &Ctx, cmd: ScheduleCmd) -> CmdResult {
    match cmd {
        ScheduleCmd::Expand { .. } => unreachable!("handled before the database is opened"),
        ScheduleCmd::Occurrences { from, to } => {
            let from = match from {
                Some(d) => parse_date("from", &d).map_err(err)?,
                None => ctx.today()?,
            };
            let to = match to {
                Some(d) => parse_date("to", &d).map_err(err)?,
                None => from,
            };
            let occs = ctx.app.occurrences(from, to).map_err(|e| e.to_string())?;
            print(ctx, &occs, &text_of(&occs));
            Ok(())
        }
    }
}

/// Runs `cadence plan ...`.
pub fn plan(ctx: &Ctx, cmd: PlanCmd) -> CmdResult {
    let api = |e: cadence_ffi::CadenceError| e.to_string();
    match cmd {
        PlanCmd::Add {
            medication_id,
            dosage,
        } => {
            let medication_id = crate::names::med_id(ctx, &medication_id)?;
            let text = std::fs::read_to_string(&dosage).map_err(|e| format!("{dosage}: {e}"))?;
            let plan = ctx
                .app
                .add_plan_from_fhir_dosage(medication_id, text, Some(ctx.now))
                .map_err(api)?;
            print(
                ctx,
                &plan,
                &format!(
                    "Plan added: {}.",
                    cadence_core::schedule::words::plan_words(&plan)
                ),
            );
        }
        PlanCmd::Set(a) => return crate::plan_entry::set(ctx, a),
        PlanCmd::Titrate(a) => return crate::plan_entry::titrate(ctx, a),
        PlanCmd::List { medication_id } => {
            let medication_id = crate::names::med_id(ctx, &medication_id)?;
            let plans = ctx.app.plans(medication_id).map_err(api)?;
            let text = if plans.is_empty() {
                "No plans for this medication yet (`cadence plan set`).".to_string()
            } else {
                plans
                    .iter()
                    .map(|p| {
                        format!(
                            "{} (plan {}, version {})",
                            cadence_core::schedule::words::plan_words(p),
                            crate::dose_cmd::short_id(&p.id),
                            p.version
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            print(ctx, &plans, &text);
        }
        PlanCmd::Fhir { plan_id } => {
            let plan_id = crate::names::plan_id(ctx, &plan_id)?;
            let json = ctx.app.plan_fhir_timing(plan_id).map_err(api)?;
            let value: serde_json::Value =
                serde_json::from_str(&json).map_err(|e| e.to_string())?;
            print_json(&value);
        }
    }
    Ok(())
}

/// Runs `cadence zone set ZONE`.
pub fn zone(ctx: &Ctx, zone: &str) -> CmdResult {
    let zone = parse_zone("zone", zone).map_err(err)?;
    ctx.app
        .set_current_zone(zone, Some(ctx.now))
        .map_err(|e| e.to_string())?;
    print(
        ctx,
        &serde_json::json!({ "zone": zone.name() }),
        &format!("now in {}", zone.name()),
    );
    Ok(())
}
