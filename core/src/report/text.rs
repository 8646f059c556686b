//! The plain-text summary: a few lines that fit in a message.

use super::pct;
use crate::analytics::{Stats, StatsInput, TrendDirection};

/// A short summary (under ~700 characters for a few medications).
pub fn render_text(input: &StatsInput, stats: &Stats) -> String {
    let _ = input;
    let mut lines = vec![format!("Cadence update {} to {}", stats.from, stats.to)];
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
    lines.join("\n")
}
