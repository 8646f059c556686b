//! Log entries in words for `cadence log ...`: one entry ("Sertraline 50 mg
//! (the 2027-03-02 07:30 EST dose): taken early, at ..."), with its
//! warnings for the prescriber, and a day's entries (`cadence log list`),
//! in the person's local time.

use chrono::Utc;

use cadence_core::model::{DoseKind, DoseLogEntry};

use crate::output::print;
use crate::Ctx;

fn api(e: cadence_ffi::CadenceError) -> String {
    e.to_string()
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

/// `cadence log list`: a day's entries, in local time.
pub fn list(ctx: &Ctx, date: Option<String>) -> Result<(), String> {
    let date = match date {
        Some(d) => cadence_core::time::parse_date("date", &d).map_err(|e| e.to_string())?,
        None => ctx.today()?,
    };
    let zone = ctx.zone();
    let start = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(zone).earliest())
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| format!("--date: {d} has no midnight in {}", zone.name()))
    };
    let (from, to) = (start(date)?, start(date + chrono::Duration::days(1))?);
    // Entries of doses scheduled that day, and unscheduled ones taken then.
    let mut entries: Vec<DoseLogEntry> = ctx
        .app
        .logs_between(
            from - chrono::Duration::days(1),
            to + chrono::Duration::days(1),
        )
        .map_err(api)?
        .into_iter()
        .filter(|e| match (e.local_date, e.taken_at) {
            (Some(d), _) => d == date,
            (None, Some(t)) => t >= from && t < to,
            _ => false,
        })
        .collect();
    entries.sort_by_key(|e| e.scheduled_at.or(e.taken_at));
    let text = if entries.is_empty() {
        format!("No doses logged on {date}.")
    } else {
        let mut out = format!("Logged on {date} ({}):", zone.name());
        for e in &entries {
            out.push_str("\n  ");
            out.push_str(&entry_text(ctx, e).replace("\n", "\n    "));
        }
        out
    };
    print(ctx, &entries, &text);
    Ok(())
}
