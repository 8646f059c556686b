//! `cadence log ...`, `cadence today`, `cadence guidance`, `cadence prn`,
//! `cadence supply ...` and `cadence rule ...`: the dose log and what to do
//! about a dose.

use chrono::{DateTime, Utc};
use clap::Subcommand;

use cadence_core::guidance::MissedDoseRule;
use cadence_core::model::{DoseAction, DoseKind, DoseLogEdit, SkipReason, UnscheduledDose};
use cadence_core::today::{OccurrenceStatus, TodayView};

use crate::output::print;
use crate::Ctx;

use crate::entries::list;
pub use crate::entries::{entry_text, short_id};

type CmdResult = Result<(), String>;

fn api(e: cadence_ffi::CadenceError) -> String {
    e.to_string()
}

fn instant(field: &str, s: &Option<String>) -> Result<Option<DateTime<Utc>>, String> {
    s.as_ref()
        .map(|s| {
            DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| format!("--{field}: expected an RFC 3339 instant"))
        })
        .transpose()
}

/// Which scheduled dose: a medication's name (or the start of its name or
/// id) with an optional moment and date, the row number `cadence today`
/// prints, or the occurrence id from `cadence today --json`.
#[derive(Debug, clap::Args)]
pub struct Which {
    /// sertraline, the row number from `cadence today`, or an occurrence id.
    dose: String,
    /// The routine moment when the medication has more than one dose that
    /// day: wake, breakfast, lunch, dinner, bedtime, morning, afternoon,
    /// evening, night.
    #[arg(long)]
    moment: Option<String>,
    /// The local date of the dose, YYYY-MM-DD (default: today).
    #[arg(long)]
    date: Option<String>,
}

/// `cadence log ...`
#[derive(Debug, Subcommand)]
pub enum LogCmd {
    /// A scheduled dose was taken: `cadence log taken sertraline
    /// [--moment breakfast] [--date 2027-03-01]` or `cadence log taken 2`.
    Taken {
        #[command(flatten)]
        which: Which,
        /// When: HH:MM local time on the dose's date, or an RFC 3339
        /// instant (default: now).
        #[arg(long)]
        taken_at: Option<String>,
        /// Amount, if different from the plan.
        #[arg(long)]
        amount: Option<f64>,
        /// Confirms a dose taken more than an hour before its time (without
        /// it such a dose is refused).
        #[arg(long)]
        early: bool,
    },
    /// A scheduled dose was skipped.
    Skipped {
        #[command(flatten)]
        which: Which,
        /// side_effects, forgot, ran_out, cost, could_not_get_to_pharmacy,
        /// felt_better, felt_worse, other.
        #[arg(long)]
        reason: String,
        /// A note in the person's words.
        #[arg(long)]
        note: Option<String>,
    },
    /// A dose taken off-schedule (`--prn` for an as-needed dose).
    Extra {
        /// The medication: its name, or the start of its name or id.
        medication: String,
        /// Amount (default: the plan's dose).
        #[arg(long)]
        amount: f64,
        /// Unit of the amount.
        #[arg(long)]
        unit: String,
        /// When: HH:MM local time today, or an RFC 3339 instant (default: now).
        #[arg(long)]
        taken_at: Option<String>,
        /// An as-needed dose rather than an extra one.
        #[arg(long)]
        prn: bool,
    },
    /// The log entries of a day, in local time.
    List {
        /// Local date YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Undo a log entry.
    Undo {
        /// The entry id, or its first characters (4 or more).
        entry: String,
    },
    /// Edit a log entry.
    Edit {
        /// The entry id, or its first characters (4 or more).
        entry: String,
        /// New time taken: HH:MM local time on the dose's date, or an RFC
        /// 3339 instant.
        #[arg(long)]
        taken_at: Option<String>,
        /// New amount.
        #[arg(long)]
        amount: Option<f64>,
        /// New note.
        #[arg(long)]
        note: Option<String>,
        /// Confirms a new time more than an hour before the dose's time
        /// (without it such an edit is refused).
        #[arg(long)]
        early: bool,
    },
    /// Every version of a log entry.
    History {
        /// The entry id, or its first characters (4 or more).
        entry: String,
    },
}

/// A time given on the command line: `HH:MM` (local, on `date` in the
/// person's zone) or an RFC 3339 instant.
pub fn when(
    ctx: &Ctx,
    field: &str,
    s: &Option<String>,
    date: chrono::NaiveDate,
) -> Result<Option<DateTime<Utc>>, String> {
    let Some(text) = s else { return Ok(None) };
    if let Ok(t) = chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M") {
        let zone = ctx.zone();
        return date
            .and_time(t)
            .and_local_timezone(zone)
            .earliest()
            .map(|t| Some(t.with_timezone(&Utc)))
            .ok_or_else(|| {
                format!(
                    "--{field}: {text} does not exist on {date} in {}",
                    zone.name()
                )
            });
    }
    instant(field, s).map_err(|_| {
        format!("--{field}: expected HH:MM (local time) or an RFC 3339 instant such as 2027-03-01T08:10:00-05:00")
    })
}

/// The occurrence `which` names, and its local date.
pub(crate) fn occurrence(ctx: &Ctx, which: &Which) -> Result<(String, chrono::NaiveDate), String> {
    let q = which.dose.trim();
    if crate::names::uuid_like(q) {
        let date = ctx.today()?;
        return Ok((q.to_lowercase(), date));
    }
    if !q.is_empty() && q.len() <= 3 && q.chars().all(|c| c.is_ascii_digit()) {
        let view = ctx.app.today(Some(ctx.now)).map_err(api)?;
        let n: usize = q.parse().map_err(|_| "a row number".to_string())?;
        let rows: Vec<_> = view.groups.iter().flat_map(|g| g.doses.iter()).collect();
        return match rows.get(n.wrapping_sub(1)) {
            Some(d) => Ok((d.occurrence.id.to_string(), d.occurrence.local_date)),
            None => Err(format!(
                "today has {} dose rows; `cadence today` numbers them",
                rows.len()
            )),
        };
    }
    let date = which
        .date
        .as_ref()
        .map(|d| cadence_core::time::parse_date("date", d))
        .transpose()
        .map_err(|e| e.to_string())?;
    let moment = which
        .moment
        .as_ref()
        .map(|m| cadence_core::model::RoutineEvent::from_code("moment", m))
        .transpose()
        .map_err(|e| e.to_string())?;
    match ctx
        .app
        .find_occurrence(q.to_string(), date, moment, Some(ctx.now))
    {
        Ok(o) => Ok((o.id.to_string(), o.local_date)),
        Err(cadence_ffi::CadenceError::InvalidInput { field, reason }) if field == "medication" => {
            Err(crate::names::with_choices(
                ctx,
                format!("invalid input: `medication`: {reason}"),
            ))
        }
        Err(e) => Err(e.to_string()),
    }
}

pub fn log(ctx: &Ctx, cmd: LogCmd) -> CmdResult {
    let app = &ctx.app;
    let now = Some(ctx.now);
    let entry = match cmd {
        LogCmd::Taken {
            which,
            taken_at,
            amount,
            early,
        } => {
            let (id, date) = occurrence(ctx, &which)?;
            let action = DoseAction::Taken {
                at: when(ctx, "taken-at", &taken_at, date)?,
                amount,
                early,
            };
            app.log_dose(id, action, now).map_err(log_err)?
        }
        LogCmd::Skipped {
            which,
            reason,
            note,
        } => {
            let reason = SkipReason::from_code("reason", &reason).map_err(|e| e.to_string())?;
            let (id, _) = occurrence(ctx, &which)?;
            app.log_dose(id, DoseAction::Skipped { reason, note }, now)
                .map_err(log_err)?
        }
        LogCmd::Extra {
            medication,
            amount,
            unit,
            taken_at,
            prn,
        } => {
            let medication_id = crate::names::med_id(ctx, &medication)?;
            let kind = if prn {
                DoseKind::AsNeeded
            } else {
                DoseKind::Extra
            };
            let at = when(ctx, "taken-at", &taken_at, ctx.today()?)?.unwrap_or(ctx.now);
            let dose = UnscheduledDose {
                medication_id,
                kind,
                taken_at: at,
                amount,
                unit,
                note: String::new(),
            };
            app.log_unscheduled_dose(dose, now).map_err(api)?
        }
        LogCmd::List { date } => return list(ctx, date),
        LogCmd::Undo { entry } => {
            let id = crate::names::entry_id(ctx, &entry)?;
            app.undo_log(id, now).map_err(api)?
        }
        LogCmd::Edit {
            entry,
            taken_at,
            amount,
            note,
            early,
        } => {
            let id = crate::names::entry_id(ctx, &entry)?;
            let old = app.log_entry(id.clone()).map_err(api)?;
            let date = old.local_date.map_or_else(|| ctx.today(), Ok)?;
            let edit = DoseLogEdit {
                taken_at: when(ctx, "taken-at", &taken_at, date)?,
                amount,
                skip_reason: None,
                note,
                early,
            };
            app.edit_log(id, edit, now).map_err(api)?
        }
        LogCmd::History { entry } => {
            let id = crate::names::entry_id(ctx, &entry)?;
            let h = app.log_history(id).map_err(api)?;
            let text = h
                .iter()
                .map(|v| {
                    let what = match (v.status, v.taken_at) {
                        (cadence_core::model::LogStatus::Taken, Some(t)) => {
                            format!("taken at {}", ctx.local(t))
                        }
                        (cadence_core::model::LogStatus::Skipped, _) => format!(
                            "skipped ({})",
                            v.skip_reason
                                .map_or("no reason".into(), |r| r.code().replace('_', " "))
                        ),
                        _ => "undone".into(),
                    };
                    format!(
                        "version {}: {what} (recorded {})",
                        v.version,
                        ctx.local(v.recorded_at)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(ctx, &h, &text);
            return Ok(());
        }
    };
    print(ctx, &entry, &entry_text(ctx, &entry));
    Ok(())
}

/// A refusal of a log by occurrence id, in words: an id that is not among
/// the doses that can be logged says so (35 days back to 2 days ahead).
fn log_err(e: cadence_ffi::CadenceError) -> String {
    match e {
        cadence_ffi::CadenceError::NotFound { .. } => format!(
            "{e}: no scheduled dose with this id from {} days back to 2 days ahead;              older doses cannot be logged (edit an existing entry with `cadence log edit`)",
            cadence_core::app::doses::LOGGABLE_DAYS_BACK
        ),
        e => e.to_string(),
    }
}

/// One line for a dose's status, as the Today screen words it (times in
/// `zone`).
pub fn status_text(s: &OccurrenceStatus, zone: chrono_tz::Tz) -> String {
    let hm = |t: &DateTime<Utc>| t.with_timezone(&zone).format("%H:%M").to_string();
    match s {
        OccurrenceStatus::Upcoming => "upcoming".into(),
        OccurrenceStatus::Due {
            minutes_overdue, ..
        } if *minutes_overdue <= 0 => "due".into(),
        OccurrenceStatus::Due {
            minutes_overdue, ..
        } => format!("due ({minutes_overdue} min late)"),
        OccurrenceStatus::Taken {
            on_time: true, at, ..
        } => format!("taken ✓ at {}", hm(at)),
        OccurrenceStatus::Taken {
            minutes_late, at, ..
        } => {
            format!("taken ✓ at {} ({minutes_late} min late)", hm(at))
        }
        OccurrenceStatus::Skipped { reason } => {
            format!(
                "skipped ({})",
                reason.map_or("no reason".into(), |r| r.code().replace('_', " "))
            )
        }
        OccurrenceStatus::Missed { .. } => "missed".into(),
    }
}

/// The Today view as text, each dose with the row number `cadence log
/// taken N` takes.
pub fn today_text(view: &TodayView) -> String {
    let mut out = format!(
        "Today, {} ({}): {} of {} doses taken",
        view.date.format("%A %-d %B"),
        view.zone.name(),
        view.taken_count,
        view.scheduled_count
    );
    if view.groups.is_empty() {
        out.push_str("\n  No doses scheduled today.");
    }
    let mut row = 0;
    for g in &view.groups {
        out.push_str(&format!(
            "\n  {} {}",
            g.time.format("%H:%M"),
            g.moment.code()
        ));
        for d in &g.doses {
            row += 1;
            out.push_str(&format!(
                "\n    {row}. {} {} — {}",
                d.medication_name,
                d.dose_text,
                status_text(&d.status, view.zone)
            ));
        }
    }
    if !view.needs_schedule.is_empty() {
        out.push_str("\n  Needs a schedule (no reminders until it has one):");
        for n in &view.needs_schedule {
            out.push_str(&format!(
                "\n    {}: the prescriber wrote \"{}\" — set the times with \
                 `cadence plan set {} ...`",
                n.medication_name,
                n.text,
                n.medication_name.to_lowercase()
            ));
        }
    }
    out
}

pub fn today(ctx: &Ctx) -> CmdResult {
    let view = ctx.app.today(Some(ctx.now)).map_err(api)?;
    print(ctx, &view, &today_text(&view));
    Ok(())
}

pub fn guidance(ctx: &Ctx, which: &Which) -> CmdResult {
    let (id, _) = occurrence(ctx, which)?;
    let g = ctx.app.guidance(id, Some(ctx.now)).map_err(log_err)?;
    let mut text = g.message.clone();
    if let Some(note) = &g.prescriber_note {
        text.push_str(&format!("\nFrom your prescriber: {note}"));
    }
    print(ctx, &g, &text);
    Ok(())
}

pub fn prn(ctx: &Ctx, medication: String, amount: f64) -> CmdResult {
    let id = crate::names::med_id(ctx, &medication)?;
    let g = ctx
        .app
        .can_take_now(id, amount, Some(ctx.now))
        .map_err(api)?;
    print(ctx, &g, &g.message);
    Ok(())
}

/// `cadence supply ...`
#[derive(Debug, Subcommand)]
pub enum SupplyCmd {
    /// Set the amount on hand.
    Set {
        /// The medication: its name, or the start of its name or id.
        medication_id: String,
        /// Amount on hand.
        on_hand: f64,
        /// Unit (e.g. tablet, or the dose unit).
        unit: String,
    },
    /// Add a refill (in the supply's unit).
    Refill {
        /// The medication: its name, or the start of its name or id.
        medication_id: String,
        /// Amount added.
        amount: f64,
        /// Days of supply dispensed.
        #[arg(long)]
        days: Option<u32>,
    },
    /// Show the supply and when it runs out.
    Show {
        /// The medication: its name, or the start of its name or id.
        medication_id: String,
    },
}

pub fn supply(ctx: &Ctx, cmd: SupplyCmd) -> CmdResult {
    let app = &ctx.app;
    let now = Some(ctx.now);
    let id = match cmd {
        SupplyCmd::Set {
            medication_id,
            on_hand,
            unit,
        } => {
            let medication_id = crate::names::med_id(ctx, &medication_id)?;
            app.set_supply(medication_id.clone(), on_hand, unit, now)
                .map_err(api)?;
            medication_id
        }
        SupplyCmd::Refill {
            medication_id,
            amount,
            days,
        } => {
            let medication_id = crate::names::med_id(ctx, &medication_id)?;
            app.refill(medication_id.clone(), amount, days, now)
                .map_err(api)?;
            medication_id
        }
        SupplyCmd::Show { medication_id } => crate::names::med_id(ctx, &medication_id)?,
    };
    let s = app.supply(id, now).map_err(api)?;
    let text = match &s {
        Some(s) => match (s.days_left, s.runs_out_on) {
            (Some(d), Some(on)) => format!(
                "{} {} on hand: {d} days left, runs out on {on}",
                s.on_hand, s.unit
            ),
            _ => format!("{} {} on hand", s.on_hand, s.unit),
        },
        None => "no supply recorded".into(),
    };
    print(ctx, &s, &text);
    Ok(())
}

/// `cadence rule ...`
#[derive(Debug, Subcommand)]
pub enum RuleCmd {
    /// Set a medication's missed-dose rule from JSON, e.g.
    /// '{"pattern": {"kind": "skip_if_late", "skip_after_hours": 12}, "note": "..."}'.
    Set {
        /// The medication: its name, or the start of its name or id.
        medication_id: String,
        /// The rule as JSON.
        rule: String,
    },
    /// Show a medication's rule.
    Show {
        /// The medication: its name, or the start of its name or id.
        medication_id: String,
    },
}

pub fn rule(ctx: &Ctx, cmd: RuleCmd) -> CmdResult {
    let (id, rule) = match cmd {
        RuleCmd::Set {
            medication_id,
            rule,
        } => {
            let medication_id = crate::names::med_id(ctx, &medication_id)?;
            let rule: MissedDoseRule =
                serde_json::from_str(&rule).map_err(|e| format!("rule: {e}"))?;
            ctx.app
                .set_missed_dose_rule(medication_id.clone(), rule.clone(), Some(ctx.now))
                .map_err(api)?;
            (medication_id, rule)
        }
        RuleCmd::Show { medication_id } => {
            let medication_id = crate::names::med_id(ctx, &medication_id)?;
            let rule = ctx
                .app
                .missed_dose_rule(medication_id.clone())
                .map_err(api)?;
            (medication_id, rule)
        }
    };
    let _ = id;
    print(ctx, &rule, &rule_text(&rule));
    Ok(())
}

/// A missed-dose rule in words: what to do, its limits and the
/// prescriber's note.
pub fn rule_text(rule: &MissedDoseRule) -> String {
    use cadence_core::schedule::words::{amount_words, dose_words};
    let mut text = cadence_core::guidance::message::rule_summary(rule);
    if let Some(mx) = &rule.max_per_period {
        text.push_str(&format!(
            "\n  Limit: at most {} per {} hours.",
            dose_words(&mx.amount),
            amount_words(f64::from(mx.period_minutes) / 60.0)
        ));
    }
    if let Some(min) = rule.min_interval_minutes {
        text.push_str(&format!(
            "\n  Limit: at least {} hours between doses.",
            amount_words(f64::from(min) / 60.0)
        ));
    }
    if !rule.note.is_empty() {
        text.push_str(&format!("\n  From your prescriber: {}", rule.note));
    }
    text
}
