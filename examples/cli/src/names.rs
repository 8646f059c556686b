//! Naming things as people do on the command line: a medication by its name
//! or a unique prefix of its name or id (the core's `find_medication`), a
//! log entry by a unique prefix of its id. A refusal lists the person's own
//! medications so the next try is right.

use chrono::Duration;

use crate::Ctx;

/// The id of the medication `query` names; on a refusal the error lists
/// the medications there are.
pub fn med_id(ctx: &Ctx, query: &str) -> Result<String, String> {
    match ctx.app.find_medication(query.to_string()) {
        Ok(m) => Ok(m.id),
        Err(e) => Err(with_choices(ctx, e.to_string())),
    }
}

/// An error followed by the medications to choose from.
pub fn with_choices(ctx: &Ctx, err: String) -> String {
    let names: Vec<String> = ctx
        .app
        .medications(true)
        .unwrap_or_default()
        .into_iter()
        .map(|m| format!("{} ({})", m.name, &m.id[..8.min(m.id.len())]))
        .collect();
    if names.is_empty() {
        format!("{err}; there are no medications yet (`cadence med add --name NAME`)")
    } else {
        format!("{err}; the medications are: {}", names.join(", "))
    }
}

/// The id of the log entry `query` names: a whole id, or a unique prefix
/// (4 characters or more) of an entry of the last 400 days.
pub fn entry_id(ctx: &Ctx, query: &str) -> Result<String, String> {
    let q = query.trim().to_lowercase();
    if uuid_like(&q) {
        return Ok(q);
    }
    if q.len() < 4 {
        return Err(format!(
            "entry \"{query}\": give at least 4 characters of the entry id (`cadence log list` shows them)"
        ));
    }
    let from = ctx.now - Duration::days(399);
    let logs = ctx
        .app
        .logs_between(from, ctx.now + Duration::days(1))
        .map_err(|e| e.to_string())?;
    let hits: Vec<String> = logs
        .into_iter()
        .map(|e| e.id)
        .filter(|id| id.starts_with(&q))
        .collect();
    match hits.len() {
        1 => Ok(hits[0].clone()),
        0 => Err(format!(
            "no log entry of the last 400 days has an id starting with \"{query}\""
        )),
        n => Err(format!(
            "{n} log entries have an id starting with \"{query}\"; give more of it"
        )),
    }
}

/// A whole UUID (36 hex digits and hyphens in the 8-4-4-4-12 shape).
pub fn uuid_like(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The id of the care-team member `query` names (their name, or the start
/// of their name or id); a refusal lists the members.
pub fn member_id(ctx: &Ctx, query: &str) -> Result<String, String> {
    ctx.app
        .find_care_member(query.to_string())
        .map(|m| m.id)
        .map_err(|e| {
            let names: Vec<String> = ctx
                .app
                .care_members()
                .unwrap_or_default()
                .into_iter()
                .map(|m| format!("{} ({})", m.name, &m.id[..8.min(m.id.len())]))
                .collect();
            if names.is_empty() {
                format!("{e}; there is no care-team member yet (`cadence team add --name NAME --role therapist`)")
            } else {
                format!("{e}; the care team is: {}", names.join(", "))
            }
        })
}

/// Care-team side: the id of the paired client `query` names (the label
/// given at pairing, or the start of it or of the id); a refusal lists them.
pub fn client_id(ctx: &Ctx, query: &str) -> Result<String, String> {
    ctx.app
        .find_share_client(query.to_string())
        .map(|c| c.pairing.id)
        .map_err(|e| {
            let names: Vec<String> = ctx
                .app
                .share_clients()
                .unwrap_or_default()
                .into_iter()
                .map(|c| {
                    format!(
                        "{} ({})",
                        c.pairing.label,
                        &c.pairing.id[..8.min(c.pairing.id.len())]
                    )
                })
                .collect();
            if names.is_empty() {
                format!("{e}; no client is paired yet (`cadence share pair-client LABEL CODE`)")
            } else {
                format!("{e}; the paired clients are: {}", names.join(", "))
            }
        })
}

/// The id of the journal entry `query` names: a whole id, or a unique
/// prefix (4 characters or more) of an entry's id (`cadence journal list`
/// shows them).
pub fn journal_id(ctx: &Ctx, query: &str) -> Result<String, String> {
    let q = query.trim().to_lowercase();
    if uuid_like(&q) {
        return Ok(q);
    }
    if q.len() < 4 {
        return Err(format!(
            "entry \"{query}\": give at least 4 characters of the entry id (`cadence journal list` shows them)"
        ));
    }
    let mut hits: Vec<String> = Vec::new();
    let mut cursor = None;
    // Every page, newest first (200 entries a page).
    loop {
        let page = ctx
            .app
            .journal_entries(cadence_core::journal::JournalQuery {
                from: None,
                to: None,
                kinds: Vec::new(),
                medication_id: None,
                goal_id: None,
                cursor,
                limit: 200,
            })
            .map_err(|e| e.to_string())?;
        hits.extend(
            page.entries
                .into_iter()
                .map(|e| e.id)
                .filter(|id| id.starts_with(&q)),
        );
        match page.next_cursor {
            Some(c) if hits.len() < 2 => cursor = Some(c),
            _ => break,
        }
    }
    match hits.len() {
        1 => Ok(hits.remove(0)),
        0 => Err(format!(
            "no journal entry has an id starting with \"{query}\""
        )),
        _ => Err(format!(
            "more than one journal entry has an id starting with \"{query}\"; give more of it"
        )),
    }
}

/// The id of the pairing `query` names, to confirm it: a pairing id, the
/// name of the care-team member whose key was paired (client side), or the
/// label a client was paired under (care-team side). Only pairings not
/// revoked count.
pub fn pairing_id(ctx: &Ctx, query: &str) -> Result<String, String> {
    let keys = ctx.app.paired_keys().map_err(|e| e.to_string())?;
    let live = |k: &&cadence_core::share::PairedKey| k.revoked_at.is_none();
    if let Some(k) = keys
        .iter()
        .filter(live)
        .find(|k| k.id.eq_ignore_ascii_case(query))
    {
        return Ok(k.id.clone());
    }
    if let Ok(member) = member_id(ctx, query) {
        if let Some(k) = keys
            .iter()
            .filter(live)
            .find(|k| k.member_id.as_deref() == Some(member.as_str()))
        {
            return Ok(k.id.clone());
        }
    }
    if let Ok(client) = client_id(ctx, query) {
        return Ok(client);
    }
    Err(format!(
        "no pairing matches \"{query}\"; `cadence share paired` lists them \
         (a member's name, a client's label or a pairing id)"
    ))
}

/// The id of the one item `query` names among `items` (id, name), by the
/// core's rule ([`cadence_core::lookup::pick_named`]: the whole id, the
/// name, or a unique start of either); a refusal lists the choices. `noun`
/// is the plural the refusal uses, `field` the input it names.
pub fn pick(
    query: &str,
    items: &[(String, String)],
    field: &str,
    noun: &str,
) -> Result<String, String> {
    cadence_core::lookup::pick_named(items, |i| &i.0, |i| &i.1, field, noun, query)
        .map(|i| i.0.clone())
        .map_err(|e| {
            let choices: Vec<String> = items
                .iter()
                .map(|(id, name)| format!("{name} ({})", &id[..8.min(id.len())]))
                .collect();
            if choices.is_empty() {
                format!("{e}; there are no {noun} yet")
            } else {
                format!("{e}; the {noun} are: {}", choices.join(", "))
            }
        })
}

/// The id of the missed-dose alert recipient `query` names (their label,
/// a unique start of it, or of the id).
pub fn alert_recipient_id(ctx: &Ctx, query: &str) -> Result<String, String> {
    let items: Vec<(String, String)> = ctx
        .app
        .alert_recipients()
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|r| (r.id, r.label))
        .collect();
    pick(query, &items, "alert_recipient", "alert recipients")
}

/// The id of the goal `query` names (its title, a unique start of it, or
/// of the id), archived goals included.
pub fn goal_id(ctx: &Ctx, query: &str) -> Result<String, String> {
    let items: Vec<(String, String)> = ctx
        .app
        .goals(true)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|g| (g.id, g.title))
        .collect();
    pick(query, &items, "goal", "goals")
}

/// The plan `query` names: a plan id, or a medication (by name or prefix),
/// whose current plan is meant (the core's `current_plan`, as the medicines
/// list shows it).
pub fn plan_id(ctx: &Ctx, query: &str) -> Result<String, String> {
    let q = query.trim();
    if uuid_like(q) {
        return Ok(q.to_lowercase());
    }
    let med = med_id(ctx, q)?;
    let plans = ctx.app.plans(med).map_err(|e| e.to_string())?;
    cadence_core::medicines::current_plan(&plans, ctx.today()?)
        .0
        .map(|p| p.id.clone())
        .ok_or_else(|| format!("{q} has no dosing plan yet (`cadence plan add`)"))
}
