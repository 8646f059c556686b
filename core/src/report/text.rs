//! The plain-text summary: a few lines that fit in a message.

use super::{pct, ReportScope};
use crate::analytics::{Stats, StatsInput, TrendDirection};
use crate::care::ConsentCategory;

/// A short summary (under ~700 characters for a few medications).
pub fn render_text(input: &StatsInput, stats: &Stats) -> String {
    render_summary(input, stats, &ReportScope::everything())
}

/// The summary limited to `scope`: it starts with the scope line on a
/// care-team member's view, and the dose lines are left out when the dose
/// log was not shared.
pub fn render_summary(input: &StatsInput, stats: &Stats, scope: &ReportScope) -> String {
    let mut lines: Vec<String> = scope.line.iter().cloned().collect();
    for s in &scope.safety {
        lines.push(format!("SAFETY: {}", s.message));
    }
    lines.push(format!("Cadence update {} to {}", stats.from, stats.to));
    if scope.shows(ConsentCategory::MedicationList) && !scope.medications.is_empty() {
        let names: Vec<String> = scope.medications.iter().map(medication_words).collect();
        lines.push(format!("Medications: {}.", names.join(", ")));
        let today = input.now.with_timezone(&input.zone).date_naive();
        let current = scope.current_medications(today);
        if !current.is_empty() {
            lines.push("Current medications:".into());
            for (name, words) in current {
                lines.push(format!("- {name}: {words}"));
            }
        }
    }
    if scope.shows(ConsentCategory::DoseLog) {
        dose_lines(&mut lines, stats);
    }
    lines.join("\n")
}

/// "Sertraline 100 mg" (the name alone without a strength).
pub(crate) fn medication_words(m: &crate::model::Medication) -> String {
    match &m.strength {
        Some(s) => format!("{} {} {}", m.name, s.amount, s.unit),
        None => m.name.clone(),
    }
}

fn dose_lines(lines: &mut Vec<String>, stats: &Stats) {
    let o = &stats.overall;
    if o.due == 0 {
        lines.push("No scheduled doses in this period.".into());
    } else {
        let trend = match stats.trend.direction {
            TrendDirection::Higher => " (up from the period before)",
            TrendDirection::Lower => " (down from the period before)",
            TrendDirection::Steady => " (about the same as before)",
            TrendDirection::NotComparable => "",
        };
        lines.push(format!(
            "Doses taken: {} of {} ({}){trend}; on time (±{} h): {}.",
            o.taken,
            o.due,
            pct(o.taking_percent),
            stats.timing_window_minutes / 60,
            pct(o.timing_percent)
        ));
    }
    for m in &stats.medications {
        let mut l = format!("- {}: {} taken", m.name, pct(m.adherence.taking_percent));
        if let Some(c) = m.days_covered_percent {
            l.push_str(&format!(", {c:.0}% days covered"));
        }
        if m.prn.as_needed_doses > 0 {
            l.push_str(&format!(", {} as-needed doses", m.prn.as_needed_doses));
        }
        if let Some(on) = &m.onset {
            l.push_str(&format!(", {}", on.message));
        }
        lines.push(l);
    }
    let h = &stats.holidays;
    if h.two_days + h.three_days + h.four_or_more_days > 0 {
        lines.push(format!(
            "Breaks of 2+ days without doses: {}.",
            h.two_days + h.three_days + h.four_or_more_days
        ));
    }
    if let Some(b) = o.barriers.first() {
        lines.push(format!(
            "Most common reason for skipping: {} ({}).",
            b.reason.code().replace('_', " "),
            b.count
        ));
    }
    if let Some(m) = stats.milestones.last() {
        lines.push(m.message.clone());
    }
}
