//! `cadence log ...`, `cadence today`, `cadence guidance`, `cadence prn`,
//! `cadence supply ...` and `cadence rule ...`: the dose log and what to do
//! about a dose.

use chrono::{DateTime, Utc};
use clap::Subcommand;

use cadence_core::guidance::MissedDoseRule;
use cadence_core::model::{
    DoseAction, DoseKind, DoseLogEdit, DoseLogEntry, SkipReason, UnscheduledDose,
};
use cadence_core::today::{OccurrenceStatus, TodayView};

use crate::output::print;
use crate::Ctx;

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

/// `cadence log ...`
#[derive(Debug, Subcommand)]
pub enum LogCmd {
    /// A scheduled dose was taken.
    Taken {
        /// The occurrence id (from `cadence today --json`).
        occurrence_id: String,
        /// When (RFC 3339; default: now).
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
        /// The occurrence id.
        occurrence_id: String,
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
        /// The medication id.
        medication_id: String,
        /// Amount.
        #[arg(long)]
        amount: f64,
        /// Unit of the amount.
        #[arg(long)]
        unit: String,
        /// When (default: now).
        #[arg(long)]
        taken_at: Option<String>,
        /// An as-needed dose rather than an extra one.
        #[arg(long)]
        prn: bool,
    },
    /// Undo a log entry.
    Undo {
        /// The entry id.
        entry_id: String,
    },
    /// Edit a log entry.
    Edit {
        /// The entry id.
        entry_id: String,
        /// New time taken.
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
        /// The entry id.
        entry_id: String,
    },
}

/// A log entry in words, in the person's local time: "Sertraline 50 mg
/// (the 2027-03-02 08:00 EST dose): taken early, at 2027-03-01 23:55 EST",
/// with any warning for the prescriber in words.
pub fn entry_text(ctx: &Ctx, e: &DoseLogEntry) -> String {
    use cadence_core::model::LogStatus;
    let name = ctx
        .app
        .medication(e.medication_id.clone())
        .map_or_else(|_| "a medication".to_string(), |m| m.name);
    let amount = match (e.amount, &e.unit) {
        (Some(a), Some(u)) => format!(" {} {u}", cadence_core::schedule::words::amount_words(a)),
        _ => String::new(),
    };
    let which = match (e.kind, e.scheduled_at) {
        (_, Some(s)) => format!(" (the {} dose)", ctx.local(s)),
        (DoseKind::AsNeeded, None) => " (as needed)".into(),
        _ => " (extra)".into(),
    };
    let what = match (e.status, e.taken_at, e.skip_reason) {
        (LogStatus::Taken, Some(t), _) => {
            let early = e
                .scheduled_at
                .is_some_and(|s| t < cadence_core::guidance::due_from(s));
            if early {
                format!("taken early, at {}", ctx.local(t))
            } else {
                format!("taken at {}", ctx.local(t))
            }
        }
        (LogStatus::Skipped, _, Some(r)) => {
            format!("skipped ({})", r.code().replace('_', " "))
        }
        (LogStatus::Skipped, _, None) => "skipped".into(),
        _ => "undone".into(),
    };
    let mut out = format!("{name}{amount}{which}: {what}");
    if !e.note.is_empty() {
        out.push_str(&format!(" — note: {}", e.note));
    }
    for w in &e.warnings {
        out.push_str(&format!("\n  Warning for the prescriber: {}", w.sentence()));
    }
    out.push_str(&format!(
        "\n  entry {} (version {})",
        short_id(&e.id),
        e.version
    ));
    out
}

/// The first 8 characters of an id: enough to name it on the command line
/// (every id argument takes a unique prefix).
pub fn short_id(id: &str) -> &str {
    &id[..id.len().min(8)]
}

pub fn log(ctx: &Ctx, cmd: LogCmd) -> CmdResult {
    let app = &ctx.app;
    let now = Some(ctx.now);
    let entry = match cmd {
        LogCmd::Taken {
            occurrence_id,
            taken_at,
            amount,
            early,
        } => {
            let action = DoseAction::Taken {
                at: instant("taken-at", &taken_at)?,
                amount,
                early,
            };
            app.log_dose(occurrence_id, action, now).map_err(api)?
        }
        LogCmd::Skipped {
            occurrence_id,
            reason,
            note,
        } => {
            let reason = SkipReason::from_code("reason", &reason).map_err(|e| e.to_string())?;
            app.log_dose(occurrence_id, DoseAction::Skipped { reason, note }, now)
                .map_err(api)?
        }
        LogCmd::Extra {
            medication_id,
            amount,
            unit,
            taken_at,
            prn,
        } => {
            let kind = if prn {
                DoseKind::AsNeeded
            } else {
                DoseKind::Extra
            };
            let at = instant("taken-at", &taken_at)?.unwrap_or(ctx.now);
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
        LogCmd::Undo { entry_id } => app.undo_log(entry_id, now).map_err(api)?,
        LogCmd::Edit {
            entry_id,
            taken_at,
            amount,
            note,
            early,
        } => {
            let edit = DoseLogEdit {
                taken_at: instant("taken-at", &taken_at)?,
                amount,
                skip_reason: None,
                note,
                early,
            };
            app.edit_log(entry_id, edit, now).map_err(api)?
        }
        LogCmd::History { entry_id } => {
            let h = app.log_history(entry_id).map_err(api)?;
            let text = h
                .iter()
                .map(|v| {
                    format!(
                        "v{} {:?} recorded {}",
                        v.version,
                        v.status,
                        v.recorded_at.format("%Y-%m-%d %H:%MZ")
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

/// One line for a dose's status, as the Today screen words it.
pub fn status_text(s: &OccurrenceStatus) -> String {
    match s {
        OccurrenceStatus::Upcoming => "upcoming".into(),
        OccurrenceStatus::Due {
            minutes_overdue, ..
        } if *minutes_overdue <= 0 => "due".into(),
        OccurrenceStatus::Due {
            minutes_overdue, ..
        } => format!("due ({minutes_overdue} min late)"),
        OccurrenceStatus::Taken { on_time: true, .. } => "taken ✓".into(),
        OccurrenceStatus::Taken { minutes_late, .. } => {
            format!("taken ✓ ({minutes_late} min late)")
        }
        OccurrenceStatus::Skipped { reason } => {
            format!(
                "skipped ({})",
                reason.map(|r| r.code()).unwrap_or("no reason")
            )
        }
        OccurrenceStatus::Missed { .. } => "missed".into(),
    }
}

/// The Today view as text.
pub fn today_text(view: &TodayView) -> String {
    let mut out = format!(
        "Today, {} ({}): {} of {} doses taken",
        view.date.format("%A %-d %B"),
        view.zone.name(),
        view.taken_count,
        view.scheduled_count
    );
    for g in &view.groups {
        out.push_str(&format!(
            "\n  {} {}",
            g.time.format("%H:%M"),
            g.moment.code()
        ));
        for d in &g.doses {
            out.push_str(&format!(
                "\n      {} {} {} — {}",
                d.medication_name,
                d.occurrence.dose.amount,
                d.occurrence.dose.unit,
                status_text(&d.status)
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

pub fn guidance(ctx: &Ctx, occurrence_id: String) -> CmdResult {
    let g = ctx
        .app
        .guidance(occurrence_id, Some(ctx.now))
        .map_err(api)?;
    let mut text = g.message.clone();
    if let Some(note) = &g.prescriber_note {
        text.push_str(&format!("\nFrom your prescriber: {note}"));
    }
    print(ctx, &g, &text);
    Ok(())
}

pub fn prn(ctx: &Ctx, medication_id: String, amount: f64) -> CmdResult {
    let g = ctx
        .app
        .can_take_now(medication_id, amount, Some(ctx.now))
        .map_err(api)?;
    print(ctx, &g, &g.message);
    Ok(())
}

/// `cadence supply ...`
#[derive(Debug, Subcommand)]
pub enum SupplyCmd {
    /// Set the amount on hand.
    Set {
        /// The medication id.
        medication_id: String,
        /// Amount on hand.
        on_hand: f64,
        /// Unit (e.g. tablet, or the dose unit).
        unit: String,
    },
    /// Add a refill (in the supply's unit).
    Refill {
        /// The medication id.
        medication_id: String,
        /// Amount added.
        amount: f64,
        /// Days of supply dispensed.
        #[arg(long)]
        days: Option<u32>,
    },
    /// Show the supply and when it runs out.
    Show {
        /// The medication id.
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
            app.set_supply(medication_id.clone(), on_hand, unit, now)
                .map_err(api)?;
            medication_id
        }
        SupplyCmd::Refill {
            medication_id,
            amount,
            days,
        } => {
            app.refill(medication_id.clone(), amount, days, now)
                .map_err(api)?;
            medication_id
        }
        SupplyCmd::Show { medication_id } => medication_id,
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
        /// The medication id.
        medication_id: String,
        /// The rule as JSON.
        rule: String,
    },
    /// Show a medication's rule.
    Show {
        /// The medication id.
        medication_id: String,
    },
}

pub fn rule(ctx: &Ctx, cmd: RuleCmd) -> CmdResult {
    let (id, rule) = match cmd {
        RuleCmd::Set {
            medication_id,
            rule,
        } => {
            let rule: MissedDoseRule =
                serde_json::from_str(&rule).map_err(|e| format!("rule: {e}"))?;
            ctx.app
                .set_missed_dose_rule(medication_id.clone(), rule.clone(), Some(ctx.now))
                .map_err(api)?;
            (medication_id, rule)
        }
        RuleCmd::Show { medication_id } => {
            let rule = ctx
                .app
                .missed_dose_rule(medication_id.clone())
                .map_err(api)?;
            (medication_id, rule)
        }
    };
    let _ = id;
    print(
        ctx,
        &rule,
        &cadence_core::guidance::message::rule_summary(&rule),
    );
    Ok(())
}
