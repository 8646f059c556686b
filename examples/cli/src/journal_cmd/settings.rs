//! `cadence journal goal|rule|contacts ...`: goals and values, the care
//! team's escalation rules, and the contacts escalations show.

use clap::Subcommand;

use cadence_core::journal::{
    CareContact, CareRole, CrisisResource, EscalationAction, EscalationRule, EscalationRuleInput,
    EscalationTrigger, Goal, GoalInput, Instrument, LifeArea, Severity, Symptom,
};

use super::{api_err, core_err, CmdResult};
use crate::output::print;
use crate::Ctx;

/// `cadence journal goal ...`
#[derive(Debug, Subcommand)]
pub enum GoalCmd {
    /// Add a goal.
    Add {
        /// work, study, relationships, family, friendships, health, sleep, leisure,
        /// community, spirituality, self-care, other.
        #[arg(long)]
        area: String,
        /// The goal in your words.
        #[arg(long)]
        title: String,
        /// Why it matters to you.
        #[arg(long, default_value = "")]
        why: String,
    },
    /// List goals.
    List {
        /// Include archived goals.
        #[arg(long)]
        all: bool,
    },
    /// Archive a goal (its check-ins stay).
    Archive {
        /// The goal: its title, the start of it, or its id.
        id: String,
    },
    /// Make an archived goal active again.
    Restore {
        /// The goal: its title, the start of it, or its id.
        id: String,
    },
    /// Delete a goal and its check-ins (soft).
    Delete {
        /// The goal: its title, the start of it, or its id.
        id: String,
    },
}

fn goal_line(g: &Goal) -> String {
    format!(
        "{} ({}){} [{}]",
        g.title,
        g.area.code(),
        if g.active { "" } else { ", archived" },
        g.id
    )
}

pub fn goal(ctx: &Ctx, cmd: GoalCmd) -> CmdResult {
    let app = &ctx.app;
    let now = Some(ctx.now);
    let g = match cmd {
        GoalCmd::Add { area, title, why } => app
            .add_goal(
                GoalInput {
                    area: LifeArea::from_code("area", &area).map_err(core_err)?,
                    title,
                    why,
                },
                now,
            )
            .map_err(api_err)?,
        GoalCmd::Archive { id } => {
            let id = crate::names::goal_id(ctx, &id)?;
            app.set_goal_active(id, false, now).map_err(api_err)?
        }
        GoalCmd::Restore { id } => {
            let id = crate::names::goal_id(ctx, &id)?;
            app.set_goal_active(id, true, now).map_err(api_err)?
        }
        GoalCmd::Delete { id } => {
            let id = crate::names::goal_id(ctx, &id)?;
            app.delete_goal(id.clone(), now).map_err(api_err)?;
            print(ctx, &serde_json::json!({ "deleted": id }), "deleted");
            return Ok(());
        }
        GoalCmd::List { all } => {
            let goals = app.goals(all).map_err(api_err)?;
            let text = if goals.is_empty() {
                "No goals yet (`cadence journal goal add --area AREA --title TITLE`).".to_string()
            } else {
                goals.iter().map(goal_line).collect::<Vec<_>>().join("\n")
            };
            print(ctx, &goals, &text);
            return Ok(());
        }
    };
    print(ctx, &g, &goal_line(&g));
    Ok(())
}

/// `cadence journal rule ...`
#[derive(Debug, Subcommand)]
pub enum RuleCmd {
    /// Add a rule. Give exactly one trigger: --symptom with --med, --side-effect-at-least,
    /// --phq9-at-least or --gad7-at-least.
    Add {
        /// A symptom (with --med): "any rash while on lamotrigine".
        #[arg(long, requires = "med")]
        symptom: Option<String>,
        /// The medication (id) for --symptom.
        #[arg(long, value_name = "MEDICATION_ID")]
        med: Option<String>,
        /// The mildest severity that fires --symptom (default: mild, i.e. any).
        #[arg(long, default_value = "mild")]
        min_severity: String,
        /// Any side effect at this severity or worse.
        #[arg(long)]
        side_effect_at_least: Option<String>,
        /// A PHQ-9 total at least this.
        #[arg(long)]
        phq9_at_least: Option<u32>,
        /// A GAD-7 total at least this.
        #[arg(long)]
        gad7_at_least: Option<u32>,
        /// crisis, contact-prescriber-today, contact-prescriber, contact-therapist.
        #[arg(long)]
        action: String,
        /// The care team's words shown with it.
        #[arg(long, default_value = "")]
        instructions: String,
    },
    /// List the rules.
    List,
    /// Remove a rule.
    Delete {
        /// The goal: its title, the start of it, or its id.
        id: String,
    },
}

fn rule_line(r: &EscalationRule) -> String {
    let when = match &r.trigger {
        EscalationTrigger::SymptomWhileOnMedication {
            symptom,
            medication_id,
            min_severity,
        } => format!(
            "{} ({} or worse) while on medication {medication_id}",
            symptom.label(),
            min_severity.code()
        ),
        EscalationTrigger::SideEffectAtLeast { min_severity } => {
            format!("any side effect {} or worse", min_severity.code())
        }
        EscalationTrigger::QuestionnaireTotalAtLeast {
            instrument,
            min_total,
        } => format!("{} total {min_total} or more", instrument.name()),
    };
    format!("{when} -> {} [{}]", r.action.code(), r.id)
}

pub fn rule(ctx: &Ctx, cmd: RuleCmd) -> CmdResult {
    let app = &ctx.app;
    match cmd {
        RuleCmd::Add {
            symptom,
            med,
            min_severity,
            side_effect_at_least,
            phq9_at_least,
            gad7_at_least,
            action,
            instructions,
        } => {
            let mut triggers = Vec::new();
            if let (Some(s), Some(m)) = (symptom, med) {
                triggers.push(EscalationTrigger::SymptomWhileOnMedication {
                    symptom: Symptom::from_code("symptom", &s).map_err(core_err)?,
                    medication_id: m,
                    min_severity: Severity::from_code("min_severity", &min_severity)
                        .map_err(core_err)?,
                });
            }
            if let Some(s) = side_effect_at_least {
                triggers.push(EscalationTrigger::SideEffectAtLeast {
                    min_severity: Severity::from_code("side_effect_at_least", &s)
                        .map_err(core_err)?,
                });
            }
            for (instrument, min) in [
                (Instrument::Phq9, phq9_at_least),
                (Instrument::Gad7, gad7_at_least),
            ] {
                if let Some(min_total) = min {
                    triggers.push(EscalationTrigger::QuestionnaireTotalAtLeast {
                        instrument,
                        min_total,
                    });
                }
            }
            if triggers.len() != 1 {
                return Err("give exactly one trigger: --symptom with --med, --side-effect-at-least, --phq9-at-least or --gad7-at-least".into());
            }
            let r = app
                .add_escalation_rule(
                    EscalationRuleInput {
                        trigger: triggers.remove(0),
                        action: EscalationAction::from_code("action", &action).map_err(core_err)?,
                        instructions,
                    },
                    Some(ctx.now),
                )
                .map_err(api_err)?;
            print(ctx, &r, &rule_line(&r));
        }
        RuleCmd::List => {
            let rules = app.escalation_rules().map_err(api_err)?;
            let mut text = String::from("PHQ-9 question 9 above 0 -> crisis (built in, always on)");
            for r in &rules {
                text.push('\n');
                text.push_str(&rule_line(r));
            }
            print(ctx, &rules, &text);
        }
        RuleCmd::Delete { id } => {
            app.delete_escalation_rule(id.clone()).map_err(api_err)?;
            print(ctx, &serde_json::json!({ "deleted": id }), "rule removed");
        }
    }
    Ok(())
}

/// `cadence journal contacts ...`
#[derive(Debug, Subcommand)]
pub enum ContactsCmd {
    /// Show the contacts and crisis resources.
    Show,
    /// Add a care-team member.
    AddCareTeam {
        /// prescriber, therapist, care-coordinator or other.
        #[arg(long)]
        role: String,
        /// Their name.
        #[arg(long)]
        name: String,
        /// Phone number.
        #[arg(long, default_value = "")]
        phone: String,
        /// E-mail.
        #[arg(long, default_value = "")]
        email: String,
        /// When they can be reached.
        #[arg(long, default_value = "")]
        availability: String,
    },
    /// Add a crisis resource (for the person's country).
    AddCrisis {
        /// Its name.
        #[arg(long)]
        name: String,
        /// Number to call.
        #[arg(long, default_value = "")]
        phone: String,
        /// Number to text.
        #[arg(long, default_value = "")]
        text: String,
        /// Web address.
        #[arg(long, default_value = "")]
        url: String,
        /// When it is open.
        #[arg(long, default_value = "")]
        availability: String,
    },
    /// Remove every contact and crisis resource.
    Clear,
}

pub fn contacts(ctx: &Ctx, cmd: ContactsCmd) -> CmdResult {
    let app = &ctx.app;
    let mut all = app.escalation_contacts().map_err(api_err)?;
    let changed = !matches!(cmd, ContactsCmd::Show);
    match cmd {
        ContactsCmd::Show => {}
        ContactsCmd::AddCareTeam {
            role,
            name,
            phone,
            email,
            availability,
        } => all.care_team.push(CareContact {
            role: CareRole::from_code("role", &role).map_err(core_err)?,
            name,
            phone,
            email,
            availability,
        }),
        ContactsCmd::AddCrisis {
            name,
            phone,
            text,
            url,
            availability,
        } => all.crisis_resources.push(CrisisResource {
            name,
            phone,
            text_number: text,
            url,
            availability,
        }),
        ContactsCmd::Clear => {
            all.care_team.clear();
            all.crisis_resources.clear();
        }
    }
    if changed {
        app.set_escalation_contacts(all.clone()).map_err(api_err)?;
    }
    let mut text = String::new();
    for c in &all.care_team {
        text.push_str(&format!(
            "{} ({}) {} {}\n",
            c.name,
            c.role.code(),
            c.phone,
            c.email
        ));
    }
    for r in &all.crisis_resources {
        text.push_str(&format!(
            "{}: {} {} {}\n",
            r.name, r.phone, r.text_number, r.url
        ));
    }
    if text.is_empty() {
        text = "no contacts configured".into();
    }
    print(ctx, &all, text.trim_end());
    Ok(())
}
