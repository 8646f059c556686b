//! `cadence journal ...`: mood, side effects, substance use, PHQ-9 / GAD-7,
//! goal check-ins and notes; listing, editing (history kept), deleting and
//! daily summaries; goals; the care team's escalation rules and contacts.
//!
//! Every entry command prints the escalations the entry raised, first.

mod demo;
mod settings;
#[cfg(test)]
mod tests;
mod text;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};

use cadence_core::journal::{
    Difficulty, EntryDetail, EntryKind, GoalCheckIn, Instrument, JournalEntry, JournalEntryInput,
    JournalQuery, LoggedEntry, Mood, QuestionnaireAnswers, Severity, SideEffect, Substance,
    SubstanceUse, Symptom,
};
use cadence_core::time::parse_date;

use crate::output::print;
use crate::Ctx;

pub use demo::{demo_entries, demo_summary};
pub use settings::{ContactsCmd, GoalCmd, RuleCmd};

type CmdResult = Result<(), String>;

fn core_err(e: cadence_core::Error) -> String {
    e.to_string()
}

fn api_err(e: cadence_ffi::CadenceError) -> String {
    e.to_string()
}

/// Options every new entry takes.
#[derive(Debug, Args)]
pub struct EntryOpts {
    /// A note (private unless --share).
    #[arg(long, default_value = "")]
    note: String,
    /// Let this entry's note be shared (with consent) — notes are private otherwise.
    #[arg(long)]
    share: bool,
    /// Link to a goal (its title, the start of it, or its id); repeatable.
    #[arg(long = "goal", value_name = "GOAL_ID")]
    goals: Vec<String>,
    /// When it happened (RFC 3339); default: now (or --at).
    #[arg(long, value_name = "RFC3339")]
    when: Option<String>,
}

/// `cadence journal ...`
#[derive(Debug, Subcommand)]
pub enum JournalCmd {
    /// Log a mood check-in.
    Mood {
        /// How pleasant you feel, -3 (very unpleasant) to 3 (very pleasant).
        #[arg(long, allow_hyphen_values = true)]
        valence: i32,
        /// Energy 0-10.
        #[arg(long)]
        energy: Option<u32>,
        /// Anxiety 0-10.
        #[arg(long)]
        anxiety: Option<u32>,
        /// Hours slept last night.
        #[arg(long)]
        sleep: Option<f64>,
        /// Sleep quality 1-5.
        #[arg(long)]
        sleep_quality: Option<u32>,
        /// An emotion label; repeatable.
        #[arg(long = "emotion")]
        emotions: Vec<String>,
        /// A tag; repeatable.
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[command(flatten)]
        opts: EntryOpts,
    },
    /// Log a side effect.
    SideEffect {
        /// nausea, sleepiness, insomnia, weight-change, sexual-side-effects, restlessness,
        /// tremor, dizziness, headache, rash, dry-mouth, constipation, diarrhoea, sweating,
        /// fatigue, appetite-change, emotional-blunting, other.
        symptom: String,
        /// none, mild, moderate or severe.
        #[arg(long)]
        severity: String,
        /// In your words (required for `other`).
        #[arg(long, default_value = "")]
        describe: String,
        /// Local date it started (YYYY-MM-DD).
        #[arg(long)]
        started: Option<String>,
        /// Local date it went away.
        #[arg(long)]
        resolved: Option<String>,
        /// A medication you link it to (its name, or the start of its name or id); repeatable.
        #[arg(long = "med", value_name = "MEDICATION_ID")]
        meds: Vec<String>,
        /// How much it bothers you, 0-10.
        #[arg(long)]
        bother: Option<u32>,
        /// Your prescriber already knows.
        #[arg(long)]
        prescriber_knows: bool,
        #[command(flatten)]
        opts: EntryOpts,
    },
    /// Log substance use.
    Substance {
        /// alcohol, cannabis, caffeine, nicotine or other.
        substance: String,
        /// How much.
        #[arg(long)]
        amount: f64,
        /// In what unit ("standard drinks", "cups", "mg").
        #[arg(long)]
        unit: String,
        /// What exactly (required for `other`).
        #[arg(long, default_value = "")]
        name: String,
        #[command(flatten)]
        opts: EntryOpts,
    },
    /// Record a PHQ-9: nine answers, each 0-3.
    Phq9 {
        /// The answers to items 1-9.
        #[arg(num_args = 0..)]
        answers: Vec<u32>,
        /// How difficult the problems made things: not, somewhat, very, extremely.
        #[arg(long)]
        difficulty: Option<String>,
        #[command(flatten)]
        opts: EntryOpts,
    },
    /// Record a GAD-7: seven answers, each 0-3.
    Gad7 {
        /// The answers to items 1-7.
        #[arg(num_args = 0..)]
        answers: Vec<u32>,
        #[command(flatten)]
        opts: EntryOpts,
    },
    /// Write a note (private unless --share).
    Note {
        /// The text.
        text: String,
        /// Let this note be shared (with consent).
        #[arg(long)]
        share: bool,
        /// Link to a goal (its title, the start of it, or its id); repeatable.
        #[arg(long = "goal", value_name = "GOAL_ID")]
        goals: Vec<String>,
        /// When (RFC 3339); default: now.
        #[arg(long, value_name = "RFC3339")]
        when: Option<String>,
    },
    /// Rate progress on a goal, 0-10.
    CheckIn {
        /// The goal: its title, the start of it, or its id.
        goal: String,
        /// 0 (no progress) to 10 (fully where I want to be).
        rating: u32,
        #[command(flatten)]
        opts: EntryOpts,
    },
    /// List entries, newest first.
    List {
        /// First local date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Last local date.
        #[arg(long)]
        to: Option<String>,
        /// Only this kind (mood, side-effect, substance, questionnaire, goal-check-in, note); repeatable.
        #[arg(long = "kind")]
        kinds: Vec<String>,
        /// Only side effects linked to this medication.
        #[arg(long = "med", value_name = "MEDICATION_ID")]
        med: Option<String>,
        /// Only entries linked to this goal.
        #[arg(long, value_name = "GOAL_ID")]
        goal: Option<String>,
        /// Page size (1-200).
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Continue after a previous page (its `next_cursor`).
        #[arg(long)]
        cursor: Option<String>,
    },
    /// Show one entry.
    Show {
        /// Its id, or its first characters (4 or more).
        id: String,
    },
    /// Show the earlier versions of an entry.
    History {
        /// Its id, or its first characters (4 or more).
        id: String,
    },
    /// Change an entry (the version before is kept).
    Edit {
        /// Its id, or its first characters (4 or more).
        id: String,
        /// Replace the note.
        #[arg(long)]
        note: Option<String>,
        /// Let the note be shared.
        #[arg(long, conflicts_with = "private")]
        share: bool,
        /// Keep the note private.
        #[arg(long)]
        private: bool,
        /// Side effect: new severity.
        #[arg(long)]
        severity: Option<String>,
        /// Side effect: the local date it went away.
        #[arg(long)]
        resolved: Option<String>,
        /// Mood: new valence.
        #[arg(long, allow_hyphen_values = true)]
        valence: Option<i32>,
    },
    /// Delete an entry (soft; `cadence purge` removes it for good).
    Delete {
        /// Its id, or its first characters (4 or more).
        id: String,
    },
    /// Daily summaries (default: the last 14 days).
    Summary {
        /// First local date.
        #[arg(long)]
        from: Option<String>,
        /// Last local date (default: today).
        #[arg(long)]
        to: Option<String>,
    },
    /// A short overview: mood trend, last PHQ-9 and GAD-7, open side effects, goals.
    Overview,
    /// Goals and values.
    #[command(subcommand)]
    Goal(GoalCmd),
    /// The care team's escalation rules.
    #[command(subcommand)]
    Rule(RuleCmd),
    /// The care-team contacts and crisis resources escalations show.
    #[command(subcommand)]
    Contacts(ContactsCmd),
}

/// The zone entries are written in: the profile's current zone, else UTC.
pub(crate) fn zone(ctx: &Ctx) -> Result<chrono_tz::Tz, String> {
    Ok(ctx
        .app
        .profile()
        .map_err(api_err)?
        .map(|p| p.current_zone)
        .unwrap_or(chrono_tz::UTC))
}

fn when(ctx: &Ctx, w: &Option<String>) -> Result<DateTime<Utc>, String> {
    match w {
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                "--when: expected an RFC 3339 instant such as 2027-03-01T08:00:00Z".into()
            }),
        None => Ok(ctx.now),
    }
}

fn date(field: &str, s: &Option<String>) -> Result<Option<NaiveDate>, String> {
    s.as_deref()
        .map(|d| parse_date(field, d))
        .transpose()
        .map_err(core_err)
}

fn log(ctx: &Ctx, detail: EntryDetail, opts: EntryOpts) -> CmdResult {
    let input = JournalEntryInput {
        occurred_at: when(ctx, &opts.when)?,
        zone: zone(ctx)?,
        detail,
        note: opts.note,
        shareable: opts.share,
        goal_ids: opts
            .goals
            .iter()
            .map(|g| crate::names::goal_id(ctx, g))
            .collect::<Result<_, _>>()?,
    };
    let logged = ctx
        .app
        .add_journal_entry(input, Some(ctx.now))
        .map_err(api_err)?;
    print_logged(ctx, &logged);
    Ok(())
}

fn print_logged(ctx: &Ctx, logged: &LoggedEntry) {
    let mut out = String::new();
    for e in &logged.escalations {
        out.push_str(&text::escalation(e));
    }
    out.push_str(&text::entry(&logged.entry));
    print(ctx, logged, out.trim_end());
}

fn answers(values: Vec<u32>) -> Vec<Option<u32>> {
    values.into_iter().map(Some).collect()
}

fn difficulty(s: &str) -> Result<Difficulty, String> {
    Ok(match s.trim().to_ascii_lowercase().as_str() {
        "not" | "not-difficult" | "none" => Difficulty::NotDifficult,
        "somewhat" => Difficulty::SomewhatDifficult,
        "very" => Difficulty::VeryDifficult,
        "extremely" => Difficulty::ExtremelyDifficult,
        _ => return Err("--difficulty: not, somewhat, very or extremely".into()),
    })
}

/// The input that reproduces a stored entry (the base of an edit).
fn input_of(e: &JournalEntry) -> JournalEntryInput {
    JournalEntryInput {
        occurred_at: e.occurred_at,
        zone: e.zone,
        detail: e.detail.clone(),
        note: e.note.clone(),
        shareable: e.shareable,
        goal_ids: e.goal_ids.clone(),
    }
}

/// Runs a journal command.
pub fn run(ctx: &Ctx, cmd: JournalCmd) -> CmdResult {
    let app = &ctx.app;
    match cmd {
        JournalCmd::Mood {
            valence,
            energy,
            anxiety,
            sleep,
            sleep_quality,
            emotions,
            tags,
            opts,
        } => {
            let mood = Mood {
                valence,
                energy,
                anxiety,
                sleep_hours: sleep,
                sleep_quality,
                emotions,
                tags,
            };
            log(ctx, EntryDetail::Mood { mood }, opts)
        }
        JournalCmd::SideEffect {
            symptom,
            severity,
            describe,
            started,
            resolved,
            meds,
            bother,
            prescriber_knows,
            opts,
        } => {
            let side_effect = SideEffect {
                symptom: Symptom::from_code("symptom", &symptom).map_err(core_err)?,
                description: describe,
                severity: Severity::from_code("severity", &severity).map_err(core_err)?,
                started_on: date("started", &started)?,
                resolved_on: date("resolved", &resolved)?,
                medication_ids: meds
                    .iter()
                    .map(|m| crate::names::med_id(ctx, m))
                    .collect::<Result<_, _>>()?,
                bother,
                prescriber_knows,
            };
            log(ctx, EntryDetail::SideEffect { side_effect }, opts)
        }
        JournalCmd::Substance {
            substance,
            amount,
            unit,
            name,
            opts,
        } => {
            let substance = SubstanceUse {
                substance: Substance::from_code("substance", &substance).map_err(core_err)?,
                name,
                amount,
                unit,
            };
            log(ctx, EntryDetail::Substance { substance }, opts)
        }
        JournalCmd::Phq9 {
            answers: a,
            difficulty: d,
            opts,
        } => {
            let questionnaire = QuestionnaireAnswers {
                instrument: Instrument::Phq9,
                answers: answers(a),
                difficulty: d.as_deref().map(difficulty).transpose()?,
            };
            log(ctx, EntryDetail::Questionnaire { questionnaire }, opts)
        }
        JournalCmd::Gad7 { answers: a, opts } => {
            let questionnaire = QuestionnaireAnswers {
                instrument: Instrument::Gad7,
                answers: answers(a),
                difficulty: None,
            };
            log(ctx, EntryDetail::Questionnaire { questionnaire }, opts)
        }
        JournalCmd::Note {
            text,
            share,
            goals,
            when,
        } => log(
            ctx,
            EntryDetail::Note,
            EntryOpts {
                note: text,
                share,
                goals,
                when,
            },
        ),
        JournalCmd::CheckIn { goal, rating, opts } => log(
            ctx,
            EntryDetail::GoalCheckIn {
                check_in: GoalCheckIn {
                    goal_id: crate::names::goal_id(ctx, &goal)?,
                    rating,
                },
            },
            opts,
        ),
        JournalCmd::List {
            from,
            to,
            kinds,
            med,
            goal,
            limit,
            cursor,
        } => {
            let query = JournalQuery {
                from: date("from", &from)?,
                to: date("to", &to)?,
                kinds: kinds
                    .iter()
                    .map(|k| EntryKind::from_code("kind", k))
                    .collect::<Result<_, _>>()
                    .map_err(core_err)?,
                medication_id: med.map(|m| crate::names::med_id(ctx, &m)).transpose()?,
                goal_id: goal.map(|g| crate::names::goal_id(ctx, &g)).transpose()?,
                cursor,
                limit,
            };
            let page = app.journal_entries(query).map_err(api_err)?;
            let mut out = if page.entries.is_empty() {
                "no entries".to_string()
            } else {
                page.entries.iter().map(text::entry).collect::<String>()
            };
            if let Some(c) = &page.next_cursor {
                out.push_str(&format!("more: --cursor {c}\n"));
            }
            print(ctx, &page, out.trim_end());
            Ok(())
        }
        JournalCmd::Show { id } => {
            let id = crate::names::journal_id(ctx, &id)?;
            let e = app.journal_entry(id.clone()).map_err(api_err)?;
            let mut out = text::entry(&e);
            for esc in app.journal_entry_escalations(id).map_err(api_err)? {
                out.push_str(&text::escalation(&esc));
            }
            print(ctx, &e, out.trim_end());
            Ok(())
        }
        JournalCmd::History { id } => {
            let id = crate::names::journal_id(ctx, &id)?;
            let versions = app.journal_entry_history(id).map_err(api_err)?;
            let out = if versions.is_empty() {
                "never edited".to_string()
            } else {
                versions
                    .iter()
                    .map(|v| {
                        format!(
                            "version {} (saved {}):\n  {}",
                            v.version,
                            v.updated_at.format("%Y-%m-%d %H:%M UTC"),
                            text::entry(v)
                        )
                    })
                    .collect::<String>()
            };
            print(ctx, &versions, out.trim_end());
            Ok(())
        }
        JournalCmd::Edit {
            id,
            note,
            share,
            private,
            severity,
            resolved,
            valence,
        } => {
            let id = crate::names::journal_id(ctx, &id)?;
            let current = app.journal_entry(id.clone()).map_err(api_err)?;
            let side_effect = matches!(current.detail, EntryDetail::SideEffect { .. });
            if (severity.is_some() || resolved.is_some()) && !side_effect {
                return Err("--severity and --resolved only apply to side effects".into());
            }
            if valence.is_some() && !matches!(current.detail, EntryDetail::Mood { .. }) {
                return Err("--valence only applies to mood entries".into());
            }
            let mut input = input_of(&current);
            if let Some(n) = note {
                input.note = n;
            }
            if share || private {
                input.shareable = share;
            }
            match &mut input.detail {
                EntryDetail::SideEffect { side_effect } => {
                    if let Some(s) = severity {
                        side_effect.severity =
                            Severity::from_code("severity", &s).map_err(core_err)?;
                    }
                    if resolved.is_some() {
                        side_effect.resolved_on = date("resolved", &resolved)?;
                    }
                }
                EntryDetail::Mood { mood } => {
                    if let Some(v) = valence {
                        mood.valence = v;
                    }
                }
                _ => {}
            }
            let logged = app
                .update_journal_entry(id, input, Some(ctx.now))
                .map_err(api_err)?;
            print_logged(ctx, &logged);
            Ok(())
        }
        JournalCmd::Delete { id } => {
            let id = crate::names::journal_id(ctx, &id)?;
            app.delete_journal_entry(id.clone(), Some(ctx.now))
                .map_err(api_err)?;
            print(
                ctx,
                &serde_json::json!({ "deleted": id }),
                "deleted (`cadence purge` removes it for good)",
            );
            Ok(())
        }
        JournalCmd::Summary { from, to } => {
            let to = match date("to", &to)? {
                Some(d) => d,
                None => ctx.today()?,
            };
            let from = date("from", &from)?.unwrap_or(to - chrono::Duration::days(13));
            let days = app.daily_summaries(from, to).map_err(api_err)?;
            let out: String = days.iter().map(text::summary_line).collect();
            print(ctx, &days, out.trim_end());
            Ok(())
        }
        JournalCmd::Overview => {
            let text = demo_summary(ctx)?;
            print(ctx, &serde_json::json!({ "overview": text }), &text);
            Ok(())
        }
        JournalCmd::Goal(c) => settings::goal(ctx, c),
        JournalCmd::Rule(c) => settings::rule(ctx, c),
        JournalCmd::Contacts(c) => settings::contacts(ctx, c),
    }
}
