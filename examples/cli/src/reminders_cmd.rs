//! `cadence reminders ...`: the rolling notification plan and its diff,
//! snooze, delivery reports and the delivery check, settings, check-in
//! prompts, caregiver alert recipients and routine suggestions.

use chrono::{DateTime, Utc};
use clap::Subcommand;

use cadence_core::reminders::{
    AlertRecipientInput, CheckInInput, DeliveryReport, Notification, ReminderPlan, DEFAULT_LIMIT,
};
use cadence_core::schedule::DayOfWeek;
use cadence_core::time::parse_time;

use crate::output::print;
use crate::Ctx;

type CmdResult = Result<(), String>;

fn api(e: cadence_ffi::CadenceError) -> String {
    e.to_string()
}

/// `cadence reminders ...`
#[derive(Debug, Subcommand)]
pub enum RemindersCmd {
    /// The next notifications to schedule, soonest first.
    Plan {
        /// At most this many (1 to 512; default 64, the iOS limit).
        #[arg(long, default_value_t = DEFAULT_LIMIT)]
        limit: u32,
    },
    /// What to cancel and add given the ids the app has scheduled.
    Diff {
        /// Ids already scheduled (repeatable, or comma-separated).
        #[arg(long = "scheduled", value_delimiter = ',')]
        scheduled: Vec<String>,
        /// At most this many notifications in the plan.
        #[arg(long, default_value_t = DEFAULT_LIMIT)]
        limit: u32,
    },
    /// Snooze a dose reminder: the medication's name, the row number from
    /// `cadence today`, or a notification or occurrence id.
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
    /// Report the notification ids the app scheduled with the OS.
    Scheduled {
        /// The ids.
        ids: Vec<String>,
    },
    /// Report notifications the OS delivered (at --at, or now).
    Delivered {
        /// The ids.
        ids: Vec<String>,
    },
    /// Dose reminders that were never delivered.
    Check,
    /// Show or change a medication's reminder settings.
    Settings {
        /// The medication: its name, or the start of its name or id.
        medication_id: String,
        /// Reminders on or off.
        #[arg(long)]
        enabled: Option<bool>,
        /// Critical: ignore quiet hours.
        #[arg(long)]
        critical: Option<bool>,
        /// Minutes between follow-ups (5 to 240).
        #[arg(long)]
        delay: Option<u32>,
        /// Follow-ups before the dose counts as missed (0 to 5).
        #[arg(long)]
        count: Option<u32>,
    },
    /// Show or change the reminder preferences.
    Prefs {
        /// Quiet hours from bedtime to wake.
        #[arg(long)]
        quiet_hours: Option<bool>,
        /// Refill reminders below this many days of supply.
        #[arg(long)]
        refill_days: Option<u32>,
    },
    /// Check-in prompts (e.g. a weekly PHQ-9).
    #[command(subcommand)]
    CheckIn(CheckInCmd),
    /// People alerted when a dose stays unlogged.
    #[command(subcommand)]
    Alert(AlertCmd),
    /// Routine times the log suggests moving.
    Suggestions,
}

/// `cadence reminders check-in ...`
#[derive(Debug, Subcommand)]
pub enum CheckInCmd {
    /// Add a prompt.
    Add {
        /// What it says, e.g. PHQ-9.
        #[arg(long)]
        label: String,
        /// The questionnaire it opens (phq9, gad7, mood).
        #[arg(long)]
        instrument: Option<String>,
        /// Days (mon..sun, comma-separated; none: every day).
        #[arg(long, value_delimiter = ',')]
        days: Vec<String>,
        /// Local time HH:MM.
        #[arg(long)]
        time: String,
    },
    /// List the prompts.
    List,
    /// Mark one done today.
    Done {
        /// The prompt id.
        id: String,
    },
    /// Delete one.
    Delete {
        /// The prompt id.
        id: String,
    },
}

/// `cadence reminders alert ...`
#[derive(Debug, Subcommand)]
pub enum AlertCmd {
    /// Add a recipient (who agreed to alert-only sharing).
    Add {
        /// The care-team member: their name, or the start of their name or
        /// id (alerts go out only while they hold an alert-only or dose-log
        /// consent grant).
        #[arg(long = "member")]
        member_id: String,
        /// How the person names them.
        #[arg(long)]
        label: String,
        /// Minutes after the dose's time (30 to 1440).
        #[arg(long, default_value_t = 120)]
        delay: u32,
        /// Only these medications, by name or the start of a name or id
        /// (repeatable; none: all).
        #[arg(long = "med")]
        medication_ids: Vec<String>,
    },
    /// List recipients.
    List,
    /// Remove one.
    Remove {
        /// The recipient: their label (or its start) or id.
        id: String,
    },
    /// Record that an alert was sent.
    Sent {
        /// The alert id.
        id: String,
    },
}

/// One line per notification.
pub fn notification_line(n: &Notification) -> String {
    let mut s = format!("{}  {}", n.local.format("%a %d %b %H:%M"), n.title);
    if !n.body.is_empty() {
        s.push_str(&format!(" — {}", n.body));
    }
    if n.critical {
        s.push_str(" [critical]");
    }
    s
}

/// The plan as text.
pub fn plan_text(ctx: &Ctx, plan: &ReminderPlan, with_ids: bool) -> String {
    if plan.notifications.is_empty() {
        return "No reminders ahead.".into();
    }
    let mut out = format!(
        "{} reminders ahead (local time, {}):",
        plan.notifications.len(),
        ctx.zone().name()
    );
    for n in &plan.notifications {
        out.push_str(&format!("\n  {}", notification_line(n)));
        if with_ids {
            out.push_str(&format!("\n      id {}  ({})", n.id, n.kind.code()));
        }
    }
    for a in &plan.alerts {
        out.push_str(&format!(
            "\n  alert at {} to {}: {}",
            ctx.local(a.send_at),
            a.recipient_id,
            a.message
        ));
    }
    if let Some(t) = plan.replan_before {
        out.push_str(&format!("\n  re-plan before {}", ctx.local(t)));
    }
    out
}

/// A short "next reminders" block for `cadence demo` (the lead wires it in).
pub fn demo_text(ctx: &Ctx) -> Result<String, String> {
    let plan = ctx.app.reminder_plan(Some(6), Some(ctx.now)).map_err(api)?;
    let mut out = String::from("Next reminders");
    if plan.notifications.is_empty() {
        out.push_str("\n  none ahead");
    }
    for n in &plan.notifications {
        out.push_str(&format!("\n  {}", notification_line(n)));
    }
    Ok(out)
}

fn instant(field: &str, s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("--{field}: expected an RFC 3339 instant"))
}

/// Runs the command.
pub fn run(ctx: &Ctx, cmd: RemindersCmd) -> CmdResult {
    let app = &ctx.app;
    let now = Some(ctx.now);
    match cmd {
        RemindersCmd::Plan { limit } => {
            let plan = app.reminder_plan(Some(limit), now).map_err(api)?;
            print(ctx, &plan, &plan_text(ctx, &plan, true));
        }
        RemindersCmd::Diff { scheduled, limit } => {
            let d = app
                .reminder_diff(scheduled, Some(limit), now)
                .map_err(api)?;
            let mut text = format!(
                "cancel {}, add {}, keep {}",
                d.to_cancel.len(),
                d.to_add.len(),
                d.unchanged.len()
            );
            for id in &d.to_cancel {
                text.push_str(&format!("\n  - {id}"));
            }
            for n in &d.to_add {
                text.push_str(&format!("\n  + {} {}", n.id, notification_line(n)));
            }
            print(ctx, &d, &text);
        }
        RemindersCmd::Snooze {
            which,
            minutes,
            until,
        } => {
            let (target_id, _) = crate::dose_cmd::occurrence(ctx, &which)?;
            let s = match until {
                Some(u) => app.snooze_until(target_id, instant("until", &u)?, now),
                None => app.snooze(target_id, minutes, now),
            }
            .map_err(api)?;
            let text = s
                .iter()
                .map(|d| {
                    let limited = if d.limited_by_rule {
                        " (the latest the rule allows)"
                    } else {
                        ""
                    };
                    format!("snoozed until {}{limited}", ctx.local(d.until))
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(ctx, &s, &text);
        }
        RemindersCmd::Scheduled { ids } => {
            let n = app.report_scheduled(ids, now).map_err(api)?;
            print(
                ctx,
                &serde_json::json!({ "recorded": n }),
                &format!("{n} recorded"),
            );
        }
        RemindersCmd::Delivered { ids } => {
            let reports = ids
                .into_iter()
                .map(|notification_id| DeliveryReport {
                    notification_id,
                    delivered_at: ctx.now,
                })
                .collect();
            let n = app.report_delivered(reports).map_err(api)?;
            print(
                ctx,
                &serde_json::json!({ "recorded": n }),
                &format!("{n} recorded"),
            );
        }
        RemindersCmd::Check => {
            let c = app.delivery_check(now).map_err(api)?;
            let mut text = format!("{} of {} reminders delivered", c.delivered, c.checked);
            for u in &c.undelivered {
                text.push_str(&format!(
                    "\n  NOT DELIVERED: {} at {} ({} dose(s) unlogged)",
                    u.kind.code(),
                    ctx.local(u.fire_at),
                    u.occurrence_ids.len()
                ));
            }
            print(ctx, &c, &text);
        }
        RemindersCmd::Settings {
            medication_id,
            enabled,
            critical,
            delay,
            count,
        } => {
            let medication_id = crate::names::med_id(ctx, &medication_id)?;
            let mut s = app.reminder_settings(medication_id).map_err(api)?;
            if enabled.is_some() || critical.is_some() || delay.is_some() || count.is_some() {
                s.enabled = enabled.unwrap_or(s.enabled);
                s.critical = critical.unwrap_or(s.critical);
                s.follow_up_delay_minutes = delay.unwrap_or(s.follow_up_delay_minutes);
                s.follow_up_count = count.unwrap_or(s.follow_up_count);
                s = app.set_reminder_settings(s, now).map_err(api)?;
            }
            let text = format!(
                "reminders {}, {}follow-ups every {} min, {} of them",
                if s.enabled { "on" } else { "off" },
                if s.critical {
                    "critical (ignores quiet hours), "
                } else {
                    ""
                },
                s.follow_up_delay_minutes,
                s.follow_up_count
            );
            print(ctx, &s, &text);
        }
        RemindersCmd::Prefs {
            quiet_hours,
            refill_days,
        } => {
            let mut p = app.reminder_preferences().map_err(api)?;
            if quiet_hours.is_some() || refill_days.is_some() {
                p.quiet_hours = quiet_hours.unwrap_or(p.quiet_hours);
                p.refill_threshold_days = refill_days.unwrap_or(p.refill_threshold_days);
                p = app.set_reminder_preferences(p, now).map_err(api)?;
            }
            let text = format!(
                "quiet hours {}, refill reminders below {} days",
                if p.quiet_hours { "on" } else { "off" },
                p.refill_threshold_days
            );
            print(ctx, &p, &text);
        }
        RemindersCmd::CheckIn(c) => check_in(ctx, c)?,
        RemindersCmd::Alert(c) => alert(ctx, c)?,
        RemindersCmd::Suggestions => {
            let s = app.routine_suggestions(now).map_err(api)?;
            let text = if s.is_empty() {
                "No routine suggestions.".to_string()
            } else {
                s.iter()
                    .map(|x| x.message.clone())
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            print(ctx, &s, &text);
        }
    }
    Ok(())
}

fn check_in(ctx: &Ctx, cmd: CheckInCmd) -> CmdResult {
    let app = &ctx.app;
    let now = Some(ctx.now);
    let line = |p: &cadence_core::reminders::CheckInPrompt| {
        let days: Vec<&str> = p.days.iter().map(|d| d.code()).collect();
        let days = if days.is_empty() {
            "daily".to_string()
        } else {
            days.join(",")
        };
        format!("{}  {} {} {}", p.id, p.label, days, p.time.format("%H:%M"))
    };
    match cmd {
        CheckInCmd::Add {
            label,
            instrument,
            days,
            time,
        } => {
            let days = days
                .iter()
                .map(|d| DayOfWeek::from_code("days", d.trim()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| e.to_string())?;
            let time = parse_time("time", &time).map_err(|e| e.to_string())?;
            let p = app
                .add_check_in(
                    CheckInInput {
                        label,
                        instrument,
                        days,
                        time,
                    },
                    now,
                )
                .map_err(api)?;
            print(ctx, &p, &line(&p));
        }
        CheckInCmd::List => {
            let ps = app.check_ins().map_err(api)?;
            print(
                ctx,
                &ps,
                &ps.iter().map(line).collect::<Vec<_>>().join("\n"),
            );
        }
        CheckInCmd::Done { id } => {
            let p = app.complete_check_in(id, now).map_err(api)?;
            print(ctx, &p, &format!("done: {}", line(&p)));
        }
        CheckInCmd::Delete { id } => {
            app.delete_check_in(id).map_err(api)?;
            print(ctx, &serde_json::json!({ "deleted": true }), "deleted");
        }
    }
    Ok(())
}

fn alert(ctx: &Ctx, cmd: AlertCmd) -> CmdResult {
    let app = &ctx.app;
    let now = Some(ctx.now);
    match cmd {
        AlertCmd::Add {
            member_id,
            label,
            delay,
            medication_ids,
        } => {
            let member_id = crate::names::member_id(ctx, &member_id)?;
            let medication_ids = medication_ids
                .iter()
                .map(|m| crate::names::med_id(ctx, m))
                .collect::<Result<Vec<_>, _>>()?;
            let r = app
                .add_alert_recipient(
                    AlertRecipientInput {
                        member_id,
                        label,
                        delay_minutes: delay,
                        medication_ids,
                    },
                    now,
                )
                .map_err(api)?;
            print(
                ctx,
                &r,
                &format!(
                    "{} will be alerted when a dose is still unlogged {} minutes after its time (id {}).",
                    r.label,
                    r.delay_minutes,
                    crate::dose_cmd::short_id(&r.id)
                ),
            );
        }
        AlertCmd::List => {
            let rs = app.alert_recipients().map_err(api)?;
            let text = if rs.is_empty() {
                "Nobody gets missed-dose alerts (`cadence reminders alert add --member NAME --label LABEL`)."
                    .to_string()
            } else {
                rs.iter()
                    .map(|r| {
                        format!(
                            "{}: alerted {} minutes after an unlogged dose (id {})",
                            r.label,
                            r.delay_minutes,
                            crate::dose_cmd::short_id(&r.id)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            print(ctx, &rs, &text);
        }
        AlertCmd::Remove { id } => {
            let id = crate::names::alert_recipient_id(ctx, &id)?;
            app.remove_alert_recipient(id).map_err(api)?;
            print(ctx, &serde_json::json!({ "removed": true }), "removed");
        }
        AlertCmd::Sent { id } => {
            app.mark_alert_sent(id, now).map_err(api)?;
            print(ctx, &serde_json::json!({ "sent": true }), "recorded");
        }
    }
    Ok(())
}
