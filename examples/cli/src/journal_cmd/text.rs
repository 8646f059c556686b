//! Plain-text rendering of journal records for people (`--json` prints the
//! records themselves).

use cadence_core::journal::{
    valence_label, DailySummary, EntryDetail, Escalation, JournalEntry, Severity,
};

/// One entry: when, what, the note, and its id.
pub fn entry(e: &JournalEntry) -> String {
    let local = e.occurred_at.with_timezone(&e.zone);
    let what = match &e.detail {
        EntryDetail::Mood { mood } => {
            let mut parts = vec![format!(
                "mood {:+} ({})",
                mood.valence,
                valence_label(mood.valence)
            )];
            if let Some(v) = mood.energy {
                parts.push(format!("energy {v}/10"));
            }
            if let Some(v) = mood.anxiety {
                parts.push(format!("anxiety {v}/10"));
            }
            if let Some(h) = mood.sleep_hours {
                parts.push(format!("slept {h} h"));
            }
            if let Some(q) = mood.sleep_quality {
                parts.push(format!("sleep quality {q}/5"));
            }
            if !mood.emotions.is_empty() {
                parts.push(mood.emotions.join(", "));
            }
            if !mood.tags.is_empty() {
                parts.push(format!("#{}", mood.tags.join(" #")));
            }
            parts.join(", ")
        }
        EntryDetail::SideEffect { side_effect: s } => {
            let mut t = format!("side effect: {} ({})", s.name(), s.severity.code());
            if let Some(d) = s.started_on {
                t.push_str(&format!(", since {d}"));
            }
            match s.resolved_on {
                Some(d) => t.push_str(&format!(", resolved {d}")),
                None if s.severity > Severity::None => t.push_str(", ongoing"),
                None => {}
            }
            if let Some(b) = s.bother {
                t.push_str(&format!(", bothers {b}/10"));
            }
            if s.prescriber_knows {
                t.push_str(", prescriber knows");
            }
            t
        }
        EntryDetail::Substance { substance: s } => {
            let what = if s.name.is_empty() {
                s.substance.code().to_string()
            } else {
                format!("{} ({})", s.substance.code(), s.name)
            };
            format!("{what}: {} {}", s.amount, s.unit)
        }
        EntryDetail::Questionnaire { .. } => match &e.score {
            Some(s) => format!(
                "{}: {} of {} ({})",
                s.instrument.name(),
                s.total,
                s.max_total,
                s.band.label()
            ),
            None => "questionnaire".into(),
        },
        EntryDetail::GoalCheckIn { check_in } => {
            format!(
                "goal progress {}/10 [goal {}]",
                check_in.rating, check_in.goal_id
            )
        }
        EntryDetail::Note => "note".into(),
    };
    let mut out = format!("{}  {what}", local.format("%Y-%m-%d %H:%M %Z"));
    if e.version > 1 {
        out.push_str(&format!(" (edited, v{})", e.version));
    }
    out.push_str(&format!(" [{}]\n", e.id));
    if !e.note.is_empty() {
        let privacy = if e.shareable { "shareable" } else { "private" };
        out.push_str(&format!("    {privacy} note: {}\n", e.note));
    }
    out
}

/// An escalation: the sentence, the care team's words, and whom to contact.
pub fn escalation(e: &Escalation) -> String {
    let mut out = format!("!! {}\n", e.message);
    if !e.instructions.is_empty() {
        out.push_str(&format!("   From your care team: {}\n", e.instructions));
    }
    for c in &e.contacts {
        let how: Vec<&str> = [c.phone.as_str(), c.email.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        out.push_str(&format!(
            "   Contact {} ({}): {}{}\n",
            c.name,
            c.role.code().replace('_', " "),
            how.join(", "),
            if c.availability.is_empty() {
                String::new()
            } else {
                format!(" — {}", c.availability)
            }
        ));
    }
    for r in &e.crisis_resources {
        let mut how = Vec::new();
        if !r.phone.is_empty() {
            how.push(format!("call {}", r.phone));
        }
        if !r.text_number.is_empty() {
            how.push(format!("text {}", r.text_number));
        }
        if !r.url.is_empty() {
            how.push(r.url.clone());
        }
        out.push_str(&format!("   {}: {}", r.name, how.join(", ")));
        if !r.availability.is_empty() {
            out.push_str(&format!(" ({})", r.availability));
        }
        out.push('\n');
    }
    out
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map(|v| format!("{v:.digits$}"))
        .unwrap_or_else(|| "-".into())
}

/// One line of a daily summary.
pub fn summary_line(d: &DailySummary) -> String {
    let mut out = format!(
        "{}  mood {:>5}  energy {:>4}  anxiety {:>4}  sleep {:>4} h",
        d.date,
        d.valence_mean
            .map(|v| format!("{v:+.1}"))
            .unwrap_or_else(|| "-".into()),
        opt(d.energy_mean, 1),
        opt(d.anxiety_mean, 1),
        opt(d.sleep_hours, 1),
    );
    if d.side_effects > 0 {
        out.push_str(&format!(
            "  side effects {} (worst {})",
            d.side_effects,
            d.worst_severity.code()
        ));
    }
    for s in &d.substances {
        out.push_str(&format!("  {} {} {}", s.substance.code(), s.amount, s.unit));
    }
    if let Some(t) = d.phq9_total {
        out.push_str(&format!("  PHQ-9 {t}"));
    }
    if let Some(t) = d.gad7_total {
        out.push_str(&format!("  GAD-7 {t}"));
    }
    if let Some(p) = d.progress_mean {
        out.push_str(&format!("  goals {p:.0}/10"));
    }
    out.push('\n');
    out
}
