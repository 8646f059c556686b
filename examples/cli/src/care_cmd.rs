//! `cadence care ...` and the top-level `team`, `consent`, `audit` and
//! `fhir` commands: the care team, the care plan, consent grants, the
//! disclosure audit log and the FHIR R4 export.

use chrono::{Duration, NaiveDate};
use clap::Subcommand;

use cadence_core::care::{
    CareMemberInput, CarePlanInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind,
    MemberRole, MonitoringIndicator,
};
use cadence_core::time::parse_date;

use crate::output;
use crate::Ctx;

fn api(e: cadence_ffi::CadenceError) -> String {
    e.to_string()
}

fn core(e: cadence_core::Error) -> String {
    e.to_string()
}

fn date(field: &str, s: &Option<String>) -> Result<Option<NaiveDate>, String> {
    s.as_deref()
        .map(|s| parse_date(field, s).map_err(core))
        .transpose()
}

/// `cadence care ...`
#[derive(Debug, Subcommand)]
pub enum CareCmd {
    /// The care team.
    #[command(subcommand)]
    Team(TeamCmd),
    /// Consent grants.
    #[command(subcommand)]
    Consent(ConsentCmd),
    /// The care plan.
    #[command(subcommand)]
    Plan(PlanCmd),
    /// The disclosure audit log.
    Audit,
    /// FHIR R4 export.
    #[command(subcommand)]
    Fhir(FhirCmd),
}

/// `cadence team ...`
#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Adds a member.
    Add {
        /// Their name.
        #[arg(long)]
        name: String,
        /// therapist, prescriber, pharmacist, caregiver (family) or other.
        #[arg(long)]
        role: String,
        /// phone, sms, email, portal, in_person.
        #[arg(long, default_value = "unspecified")]
        channel: String,
        /// Contact detail.
        #[arg(long, default_value = "")]
        contact: String,
        /// Decision-making roles.
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Lists the team.
    List,
    /// Removes a member (their grants are revoked).
    Remove {
        /// The member: their name, or the start of their name or id.
        id: String,
    },
}

/// `cadence consent ...`
#[derive(Debug, Subcommand)]
pub enum ConsentCmd {
    /// Grants consent to a member.
    Grant {
        /// The member: their name, or the start of their name or id.
        #[arg(long = "member", alias = "to")]
        member: String,
        /// Categories, comma-separated (medication_list, dose_log, mood,
        /// side_effects, questionnaires, substance_use, goals,
        /// shareable_notes, care_plan); ignored with --alert-only.
        #[arg(long, value_delimiter = ',')]
        categories: Vec<String>,
        /// Missed-dose alerts only.
        #[arg(long)]
        alert_only: bool,
        /// First day of data (default: 90 days ago).
        #[arg(long)]
        from: Option<String>,
        /// Last day of data (default: open).
        #[arg(long = "until", alias = "to-date")]
        to_date: Option<String>,
        /// Days until it expires (default: until revoked).
        #[arg(long)]
        expires_in_days: Option<i64>,
        /// Why.
        #[arg(long, default_value = "")]
        purpose: String,
    },
    /// Revokes a grant at once.
    Revoke {
        /// Grant id, or its first characters (`cadence consent list`).
        id: String,
    },
    /// Lists the grant history.
    List {
        /// Only this member's (their name, or the start of it or of the id).
        #[arg(long)]
        member: Option<String>,
    },
}

/// `cadence care plan ...`
#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// Shows the care plan.
    Show,
    /// Sets the care plan.
    Set {
        /// A goal (repeatable).
        #[arg(long = "goal")]
        goals: Vec<String>,
        /// NAME:EVERY_DAYS:TARGET, e.g. "PHQ-9:14:below 10" (repeatable).
        #[arg(long = "indicator")]
        indicators: Vec<String>,
        /// Review date.
        #[arg(long)]
        review: Option<String>,
    },
}

/// `cadence fhir ...`
#[derive(Debug, Subcommand)]
pub enum FhirCmd {
    /// Writes a FHIR R4 Bundle of what a member may see.
    Export {
        /// The member: their name, or the start of their name or id.
        #[arg(long = "member", alias = "to")]
        member: String,
        /// Output file.
        #[arg(long)]
        out: String,
        /// First day (default: 90 days ago).
        #[arg(long)]
        from: Option<String>,
        /// Last day (default: today).
        #[arg(long)]
        until: Option<String>,
    },
}

/// Runs `cadence care ...`.
pub fn run(ctx: &Ctx, cmd: CareCmd) -> Result<(), String> {
    match cmd {
        CareCmd::Team(c) => run_team(ctx, c),
        CareCmd::Consent(c) => run_consent(ctx, c),
        CareCmd::Plan(c) => run_plan(ctx, c),
        CareCmd::Audit => run_audit(ctx),
        CareCmd::Fhir(c) => run_fhir(ctx, c),
    }
}

/// Runs `cadence team ...`.
pub fn run_team(ctx: &Ctx, cmd: TeamCmd) -> Result<(), String> {
    match cmd {
        TeamCmd::Add {
            name,
            role,
            channel,
            contact,
            notes,
        } => {
            let input = CareMemberInput {
                name,
                role: MemberRole::from_code("role", &role).map_err(core)?,
                channel: ContactChannel::from_code("channel", &channel).map_err(core)?,
                contact,
                notes,
            };
            let m = ctx.app.add_care_member(input, Some(ctx.now)).map_err(api)?;
            output::print(
                ctx,
                &m,
                &format!(
                    "Added {} ({}, id {}) to the care team.",
                    m.name,
                    m.role.code(),
                    crate::dose_cmd::short_id(&m.id)
                ),
            );
        }
        TeamCmd::List => {
            let ms = ctx.app.care_members().map_err(api)?;
            let text = if ms.is_empty() {
                "No care-team members yet (`cadence team add --name NAME --role therapist`)."
                    .to_string()
            } else {
                ms.iter()
                    .map(|m| {
                        format!(
                            "{} ({}, id {})",
                            m.name,
                            m.role.code(),
                            crate::dose_cmd::short_id(&m.id)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            output::print(ctx, &ms, &text);
        }
        TeamCmd::Remove { id } => {
            let id = crate::names::member_id(ctx, &id)?;
            ctx.app.remove_care_member(id, Some(ctx.now)).map_err(api)?;
            output::print(ctx, &serde_json::json!({ "removed": true }), "removed");
        }
    }
    Ok(())
}

/// Runs `cadence consent ...`.
pub fn run_consent(ctx: &Ctx, cmd: ConsentCmd) -> Result<(), String> {
    match cmd {
        ConsentCmd::Grant {
            member,
            categories,
            alert_only,
            from,
            to_date,
            expires_in_days,
            purpose,
        } => {
            let categories = if alert_only {
                vec![]
            } else {
                categories
                    .iter()
                    .map(|c| ConsentCategory::from_code("categories", c))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(core)?
            };
            let member = crate::names::member_id(ctx, &member)?;
            let input = ConsentGrantInput {
                member_id: member,
                kind: if alert_only {
                    GrantKind::AlertOnly
                } else {
                    GrantKind::Data
                },
                categories,
                data_from: date("from", &from)?.unwrap_or(ctx.today()? - Duration::days(90)),
                data_to: date("until", &to_date)?,
                expires_at: expires_in_days.map(|d| ctx.now + Duration::days(d)),
                purpose,
            };
            let g = ctx.app.grant_consent(input, Some(ctx.now)).map_err(api)?;
            output::print(ctx, &g, &format!("Granted: {}", grant_text(ctx, &g)));
        }
        ConsentCmd::Revoke { id } => {
            let id = grant_id(ctx, &id)?;
            let g = ctx.app.revoke_consent(id, Some(ctx.now)).map_err(api)?;
            output::print(ctx, &g, &format!("Revoked: {}", grant_text(ctx, &g)));
        }
        ConsentCmd::List { member } => {
            let member = member
                .map(|m| crate::names::member_id(ctx, &m))
                .transpose()?;
            let gs = ctx.app.consent_grants(member, Some(ctx.now)).map_err(api)?;
            let text = if gs.is_empty() {
                "No consent given yet: nothing is shared (`cadence consent grant --member NAME --categories ...`)."
                    .to_string()
            } else {
                gs.iter()
                    .map(|g| grant_text(ctx, g))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            output::print(ctx, &gs, &text);
        }
    }
    Ok(())
}

fn run_plan(ctx: &Ctx, cmd: PlanCmd) -> Result<(), String> {
    match cmd {
        PlanCmd::Show => {
            let p = ctx.app.care_plan().map_err(api)?;
            let text = match &p {
                Some(p) => care_plan_text(ctx, p),
                None => "No care plan yet (`cadence care plan set --goal ...`).".into(),
            };
            output::print(ctx, &p, &text);
        }
        PlanCmd::Set {
            goals,
            indicators,
            review,
        } => {
            let indicators = indicators
                .iter()
                .map(|s| {
                    let mut it = s.splitn(3, ':');
                    let name = it.next().unwrap_or_default().to_string();
                    let every_days = it.next().and_then(|d| d.trim().parse().ok()).unwrap_or(0);
                    let target = it.next().unwrap_or_default().to_string();
                    MonitoringIndicator {
                        name,
                        every_days,
                        target,
                        threshold: None,
                    }
                })
                .collect();
            let input = CarePlanInput {
                goals,
                responsibilities: vec![],
                indicators,
                escalation_paths: vec![],
                review_on: date("review", &review)?,
            };
            let p = ctx.app.set_care_plan(input, Some(ctx.now)).map_err(api)?;
            output::print(ctx, &p, &format!("care plan version {}", p.version));
        }
    }
    Ok(())
}

/// Runs `cadence audit`: who saw what.
pub fn run_audit(ctx: &Ctx) -> Result<(), String> {
    let log = ctx.app.audit_log().map_err(api)?;
    let text = log
        .iter()
        .map(|a| {
            format!(
                "{}: {} to {} ({}), {} records, sha256 {}",
                ctx.local(a.disclosed_at),
                a.kind.code().replace('_', " "),
                a.member_name,
                a.member_role.code(),
                a.total_records,
                &a.sha256[..a.sha256.len().min(16)]
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    output::print(
        ctx,
        &log,
        if log.is_empty() {
            "Nothing has been disclosed yet."
        } else {
            &text
        },
    );
    Ok(())
}

/// Runs `cadence fhir ...`.
pub fn run_fhir(ctx: &Ctx, cmd: FhirCmd) -> Result<(), String> {
    match cmd {
        FhirCmd::Export {
            member,
            out,
            from,
            until,
        } => {
            let to = match date("until", &until)? {
                Some(d) => d,
                None => ctx.today()?,
            };
            let from = date("from", &from)?.unwrap_or(to - Duration::days(90));
            let member = crate::names::member_id(ctx, &member)?;
            let json = ctx
                .app
                .fhir_export(member, from, to, Some(ctx.now))
                .map_err(api)?;
            std::fs::write(&out, json)
                .map_err(|e| format!("cannot write the export: {}", e.kind()))?;
            output::print(
                ctx,
                &serde_json::json!({ "fhir": out, "from": from, "to": to }),
                &format!("FHIR bundle written to {out}"),
            );
        }
    }
    Ok(())
}

/// One grant in words: "Jo Park (therapist): dose log, mood; data from
/// 2027-02-01 (open-ended); until revoked; active (id 1a2b3c4d)".
fn grant_text(ctx: &Ctx, g: &cadence_core::care::ConsentGrant) -> String {
    use cadence_core::care::GrantStatus;
    let member = ctx
        .app
        .care_members()
        .unwrap_or_default()
        .into_iter()
        .find(|m| m.id == g.member_id)
        .map_or_else(
            || "a removed member".to_string(),
            |m| format!("{} ({})", m.name, m.role.code()),
        );
    let what = if g.kind == GrantKind::AlertOnly {
        "missed-dose alerts only".to_string()
    } else {
        g.categories
            .iter()
            .map(|c| c.code().replace('_', " "))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let period = match g.data_to {
        Some(to) => format!("data from {} to {to}", g.data_from),
        None => format!("data from {} on", g.data_from),
    };
    let expiry = match g.expires_at {
        Some(t) => format!("expires {}", ctx.local(t)),
        None => "until revoked".to_string(),
    };
    let status = match (g.status, g.revoked_at) {
        (GrantStatus::Active, _) => "active".to_string(),
        (GrantStatus::Revoked, Some(t)) => format!("revoked {}", ctx.local(t)),
        (GrantStatus::Revoked, None) => "revoked".to_string(),
        (GrantStatus::Expired, _) => "expired".to_string(),
    };
    format!(
        "{member}: {what}; {period}; {expiry}; {status} (id {})",
        crate::dose_cmd::short_id(&g.id)
    )
}

/// The id of the grant `query` names (whole, or a unique prefix of 4
/// characters or more).
fn grant_id(ctx: &Ctx, query: &str) -> Result<String, String> {
    let q = query.trim().to_lowercase();
    if crate::names::uuid_like(&q) {
        return Ok(q);
    }
    let gs = ctx.app.consent_grants(None, Some(ctx.now)).map_err(api)?;
    let hits: Vec<_> = gs
        .into_iter()
        .filter(|g| q.len() >= 4 && g.id.starts_with(&q))
        .collect();
    match hits.len() {
        1 => Ok(hits[0].id.clone()),
        0 => Err(format!(
            "no consent grant has an id starting with \"{query}\" (`cadence consent list` shows them)"
        )),
        n => Err(format!(
            "{n} grants start with \"{query}\"; give more of the id"
        )),
    }
}

/// The care plan in words: goals, who does what, what is monitored, when to
/// escalate, the review date.
fn care_plan_text(ctx: &Ctx, p: &cadence_core::care::CarePlan) -> String {
    let members = ctx.app.care_members().unwrap_or_default();
    let who = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| members.iter().find(|m| &m.id == id))
            .map_or_else(|| "the client".to_string(), |m| m.name.clone())
    };
    let mut out = format!(
        "Care plan (version {}, updated {})",
        p.version,
        ctx.local(p.updated_at)
    );
    for g in &p.goals {
        out.push_str(&format!("\n  Goal: {g}"));
    }
    for r in &p.responsibilities {
        out.push_str(&format!("\n  {}: {}", who(&r.member_id), r.task));
    }
    for i in &p.indicators {
        out.push_str(&format!(
            "\n  Monitor {} every {} days, target {}",
            i.name, i.every_days, i.target
        ));
    }
    for e in &p.escalation_paths {
        out.push_str(&format!(
            "\n  If {}: {} ({})",
            e.condition,
            e.action,
            who(&e.contact_member_id)
        ));
    }
    if let Some(d) = p.review_on {
        out.push_str(&format!("\n  Review on {d}"));
    }
    out
}
