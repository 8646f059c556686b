//! The report page: a header, the structured update (tables and short
//! sentences), the charts, shareable notes, and print CSS.

use std::fmt::Write;

use super::{charts, escape, pct, ReportScope};
use crate::analytics::{doses, PeriodSnapshot, Stats, StatsInput, TrendDirection};
use crate::care::ConsentCategory;

const CSS: &str = "
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2933;background:#fff;max-width:780px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #cbd2d9;padding-bottom:4px}
p.meta{color:#52606d;margin:0 0 12px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #e4e7eb;vertical-align:top}
th{font-weight:600;color:#323f4b}td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:8px 0 16px}figcaption{color:#52606d;font-size:12px}
svg.chart{display:block;max-width:100%;height:auto}
.kind{background:#ecfdf5;border-left:4px solid #15803d;padding:6px 10px;margin:6px 0}
blockquote{margin:6px 0;padding:4px 10px;border-left:3px solid #9aa5b1;color:#323f4b}
@media print{body{max-width:none;padding:0;font-size:11pt}h2{break-after:avoid}figure,table,section.med{break-inside:avoid}a{color:inherit}}
@page{margin:16mm}
";

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "n/a".into(), |v| format!("{v:.digits$}"))
}

/// What a member's view shows in a cell of a category not shared.
const NOT_SHARED: &str = "not shared";

fn snapshot_cells(s: &PeriodSnapshot, scope: &ReportScope) -> String {
    let cell = |category: ConsentCategory, value: String| {
        if scope.shows(category) {
            format!("<td class=\"n\">{value}</td>")
        } else {
            format!("<td class=\"n\">{NOT_SHARED}</td>")
        }
    };
    [
        format!("<td class=\"n\">{}</td>", pct(s.taking_percent)),
        cell(ConsentCategory::Mood, num(s.mood_mean, 1)),
        cell(ConsentCategory::SideEffects, s.side_effects.to_string()),
        cell(ConsentCategory::Questionnaires, num(s.phq9_mean, 1)),
        cell(ConsentCategory::Questionnaires, num(s.gad7_mean, 1)),
    ]
    .concat()
}

fn figure(out: &mut String, svg: String, caption: &str) {
    let _ = write!(
        out,
        "<figure>{svg}<figcaption>{}</figcaption></figure>",
        escape(caption)
    );
}

/// Renders the self-contained HTML report, every section.
pub fn render_html(input: &StatsInput, stats: &Stats) -> String {
    render_page(input, stats, &ReportScope::everything())
}

/// Renders the report limited to `scope`: on a care-team member's view the
/// line that says what the client shared and what not, and only the
/// sections of the categories shared (see [`ReportScope`]).
pub fn render_page(input: &StatsInput, stats: &Stats, scope: &ReportScope) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let period = format!("{} to {}", stats.from, stats.to);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Cadence report {}</title><style>{CSS}</style></head><body><main>\
         <h1>Medication and wellbeing report</h1><p class=\"meta\">{} &middot; created {} &middot; from the person's own records in Cadence</p>",
        escape(&period),
        escape(&period),
        // The person's local time with the zone named.
        escape(&format!(
            "{} ({})",
            input.now.with_timezone(&input.zone).format("%Y-%m-%d %H:%M %Z"),
            input.zone.name()
        ))
    );
    if let Some(line) = &scope.line {
        let _ = write!(out, "<p class=\"meta scope\">{}</p>", escape(line));
    }
    safety_section(&mut out, scope);
    if scope.shows(ConsentCategory::MedicationList) {
        medications_section(&mut out, scope, input.today());
    }
    let doses = scope.shows(ConsentCategory::DoseLog);
    if doses {
        dose_sections(&mut out, stats, scope);
    }
    for line in &stats.observations {
        let _ = write!(out, "<p>{}</p>", escape(line));
    }
    charts_section(&mut out, input, stats, scope);

    // Shared notes.
    let notes: Vec<_> = input
        .shared_notes
        .iter()
        .filter(|n| n.date >= stats.from && n.date <= stats.to)
        .collect();
    if scope.shows(ConsentCategory::ShareableNotes) && !notes.is_empty() {
        out.push_str("<h2>Notes the person chose to share</h2>");
        for n in notes.iter().rev().take(20) {
            let _ = write!(
                out,
                "<blockquote><strong>{}</strong>: {}</blockquote>",
                n.date,
                escape(&n.text)
            );
        }
    }
    if let Some(plan) = input
        .care_plan
        .as_ref()
        .filter(|_| scope.shows(ConsentCategory::CarePlan))
    {
        care_plan_section(&mut out, plan, &input.care_team);
    }
    if doses {
        out.push_str("<p class=\"meta\">Percentages count scheduled doses up to the time of the report. Days covered follow refills with a days' supply (overlaps moved forward).</p>");
    }
    out.push_str("</main></body></html>");
    out
}

/// The medications the medication list discloses: name, strength, form,
/// since when, and whether still taken.
/// Safety signals first, prominent: each from a category shared.
fn safety_section(out: &mut String, scope: &ReportScope) {
    if scope.safety.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"safety\" role=\"alert\" aria-labelledby=\"safety-h\" \
         style=\"border:3px solid #b00020;background:#fff4f4;padding:0.5em 1em;margin:1em 0\">\
         <h2 id=\"safety-h\" style=\"color:#b00020\">Safety signals — please review first</h2><ul>",
    );
    for s in &scope.safety {
        let _ = write!(out, "<li><strong>{}</strong></li>", escape(&s.message));
    }
    out.push_str("</ul></section>");
}

fn medications_section(out: &mut String, scope: &ReportScope, today: chrono::NaiveDate) {
    if scope.medications.is_empty() {
        return;
    }
    out.push_str("<h2>Medications</h2><table><thead><tr><th scope=\"col\">Medication</th><th scope=\"col\">Form</th><th scope=\"col\">Since</th><th scope=\"col\">Status</th></tr></thead><tbody>");
    let mut meds: Vec<_> = scope.medications.iter().collect();
    meds.sort_by(|a, b| a.name.cmp(&b.name));
    for m in meds {
        let status = match (m.status, m.stopped_on) {
            (crate::model::MedicationStatus::Stopped, Some(on)) => format!("stopped {on}"),
            (crate::model::MedicationStatus::Stopped, None) => "stopped".into(),
            (crate::model::MedicationStatus::Active, _) => {
                match crate::analytics::wellbeing::onset(m, today) {
                    Some(on) => format!("taking; {}", on.message),
                    None => "taking".into(),
                }
            }
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&super::text::medication_words(m)),
            m.form.code(),
            m.started_on.map_or_else(String::new, |d| d.to_string()),
            escape(&status)
        );
    }
    out.push_str("</tbody></table>");
    let current = scope.current_medications(today);
    if !current.is_empty() {
        out.push_str("<h2>Current medications</h2><table><thead><tr><th scope=\"col\">Medication</th><th scope=\"col\">Dose and timing</th></tr></thead><tbody>");
        for (name, words) in current {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                escape(&name),
                escape(&words)
            );
        }
        out.push_str("</tbody></table>");
    }
}

/// The sections of the dose log: summary, milestones, by medication, dose
/// changes, patterns.
fn dose_sections(out: &mut String, stats: &Stats, scope: &ReportScope) {
    // Summary.
    let o = &stats.overall;
    out.push_str("<h2>Summary</h2>");
    if o.due == 0 {
        out.push_str("<p>No scheduled doses in this period.</p>");
    } else {
        let trend = match (stats.trend.direction, stats.trend.change_points) {
            (TrendDirection::Higher, Some(c)) => format!(
                " That is {c:.0} points higher than the previous {} days.",
                (stats.to - stats.from).num_days() + 1
            ),
            (TrendDirection::Lower, Some(c)) => format!(
                " That is {:.0} points lower than the previous {} days.",
                -c,
                (stats.to - stats.from).num_days() + 1
            ),
            (TrendDirection::Steady, _) => " About the same as the previous period.".into(),
            _ => String::new(),
        };
        let _ = write!(
            out,
            "<p>{} of {} scheduled doses taken ({}).{trend} {} skipped with a reason, {} not logged. \
             Days with every dose right: {} of {} ({}). Taken within ±{} minutes of the planned time: {}.</p>\
             <p>Current streak: {} days; longest: {} days. Breaks of 2 or more days without doses: {} of 2 days, {} of 3 days, {} of 4 days or more.</p>",
            o.taken, o.due, pct(o.taking_percent), o.skipped, o.missed,
            o.correct_days, o.dosing_days, pct(o.correct_days_percent),
            stats.timing_window_minutes, pct(o.timing_percent),
            stats.streaks.current_days, stats.streaks.longest_days,
            stats.holidays.two_days, stats.holidays.three_days, stats.holidays.four_or_more_days
        );
    }
    for m in &stats.milestones {
        let _ = write!(
            out,
            "<p class=\"kind\">{} ({})</p>",
            escape(&m.message),
            m.date
        );
    }

    // Medications.
    if !stats.medications.is_empty() {
        out.push_str("<h2>By medication</h2><table><thead><tr><th scope=\"col\">Medication</th><th scope=\"col\">Doses taken</th><th scope=\"col\">Right-dose days</th><th scope=\"col\">On time</th><th scope=\"col\">Days covered</th><th scope=\"col\">As-needed</th><th scope=\"col\">Streak</th></tr></thead><tbody>");
        for m in &stats.medications {
            let a = &m.adherence;
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{} ({}/{})</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} d</td></tr>",
                escape(&m.name), pct(a.taking_percent), a.taken, a.due, pct(a.correct_days_percent),
                pct(a.timing_percent), pct(m.days_covered_percent), m.prn.as_needed_doses + m.prn.extra_doses,
                m.streaks.current_days
            );
        }
        out.push_str("</tbody></table>");
        // Onset progress is in the medications list when it is shown.
        let onsets = stats
            .medications
            .iter()
            .filter(|m| m.onset.is_some() && scope.medications.is_empty());
        for m in onsets {
            if let Some(on) = &m.onset {
                let _ = write!(out, "<p>{}: {}.</p>", escape(&m.name), escape(&on.message));
            }
        }
    }

    // Dose changes.
    let changes: Vec<_> = stats
        .medications
        .iter()
        .flat_map(|m| m.dose_changes.iter().map(move |c| (m, c)))
        .collect();
    if !changes.is_empty() {
        out.push_str("<h2>Around dose changes</h2><p>The 14 days before and after each change, as recorded (not a measure of cause).</p><table><thead><tr><th scope=\"col\">Change</th><th scope=\"col\">Period</th><th scope=\"col\">Taken</th><th scope=\"col\">Mood</th><th scope=\"col\">Side effects</th><th scope=\"col\">PHQ-9</th><th scope=\"col\">GAD-7</th></tr></thead><tbody>");
        for (m, c) in changes {
            let label = format!(
                "{} {}: {} to {} {}",
                c.date, m.name, c.from_amount, c.to_amount, c.unit
            );
            let _ = write!(
                out,
                "<tr><th scope=\"row\" rowspan=\"2\">{}</th><td>before</td>{}</tr><tr><td>after</td>{}</tr>",
                escape(&label), snapshot_cells(&c.before, scope), snapshot_cells(&c.after, scope)
            );
        }
        out.push_str("</tbody></table>");
    }

    // Patterns.
    if o.due > 0 {
        out.push_str("<h2>Patterns</h2><table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Due</th><th scope=\"col\">Not taken</th></tr></thead><tbody>");
        for w in o.by_weekday.iter().filter(|w| w.due > 0) {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                w.weekday, w.due, w.not_taken
            );
        }
        for m in &o.by_moment {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&m.moment),
                m.due,
                m.not_taken
            );
        }
        out.push_str("</tbody></table>");
    }
}

/// The charts of the categories shown; no heading when none is.
fn charts_section(out: &mut String, input: &StatsInput, stats: &Stats, scope: &ReportScope) {
    let doses = scope.shows(ConsentCategory::DoseLog);
    let mood = scope.shows(ConsentCategory::Mood);
    let scores = scope.shows(ConsentCategory::Questionnaires);
    let effects = scope.shows(ConsentCategory::SideEffects);
    if !(doses || mood || scores || effects) {
        return;
    }
    out.push_str("<h2>Charts</h2>");
    if doses {
        let outcomes = doses::outcomes(input, stats.timing_window_minutes);
        figure(
            out,
            charts::calendar(stats),
            "Each square is a day; darker green means more of that day's doses were taken.",
        );
        figure(out, charts::timing(input, stats, &outcomes), &format!("Planned (hollow) and taken (filled; blue on time, orange outside ±{} min) times of day, the last {} days at most.", stats.timing_window_minutes, charts::TIMING_DAYS));
    }
    if mood || scores {
        let caption = match (mood, scores) {
            (true, true) => "Mood check-ins (daily mean) and questionnaire totals; dashed purple lines mark dose changes.",
            (true, false) => "Mood check-ins (daily mean); dashed purple lines mark dose changes. Questionnaires were not shared.",
            _ => "Questionnaire totals; dashed purple lines mark dose changes. Mood check-ins were not shared.",
        };
        figure(
            out,
            charts::mood_panels(input, stats, mood, scores),
            caption,
        );
    }
    if effects {
        figure(
            out,
            charts::side_effects(input, stats),
            "Side effects the person logged.",
        );
    }
    if doses {
        figure(
            out,
            charts::barriers(stats),
            "Reasons given for skipped doses.",
        );
    }
}

/// The care plan: goals, who does what, what is monitored, escalation
/// paths and the review date.
fn care_plan_section(
    out: &mut String,
    plan: &crate::care::CarePlan,
    team: &[crate::care::CareMember],
) {
    let who = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| team.iter().find(|m| &m.id == id))
            .map_or("the person".to_string(), |m| m.name.clone())
    };
    out.push_str("<h2>Care plan</h2>");
    if !plan.goals.is_empty() {
        out.push_str("<p><strong>Goals:</strong></p><ul>");
        for g in &plan.goals {
            let _ = write!(out, "<li>{}</li>", escape(g));
        }
        out.push_str("</ul>");
    }
    if !plan.responsibilities.is_empty() {
        out.push_str("<table><thead><tr><th>Who</th><th>Responsible for</th></tr></thead><tbody>");
        for r in &plan.responsibilities {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape(&who(&r.member_id)),
                escape(&r.task)
            );
        }
        out.push_str("</tbody></table>");
    }
    if !plan.indicators.is_empty() {
        out.push_str("<table><thead><tr><th>Monitoring</th><th>Every</th><th>Target</th></tr></thead><tbody>");
        for i in &plan.indicators {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{} days</td><td>{}</td></tr>",
                escape(&i.name),
                i.every_days,
                escape(&i.target)
            );
        }
        out.push_str("</tbody></table>");
    }
    if !plan.escalation_paths.is_empty() {
        out.push_str("<p><strong>If something changes:</strong></p><ul>");
        for e in &plan.escalation_paths {
            let _ = write!(
                out,
                "<li>{}: {} ({})</li>",
                escape(&e.condition),
                escape(&e.action),
                escape(&who(&e.contact_member_id))
            );
        }
        out.push_str("</ul>");
    }
    if let Some(review) = plan.review_on {
        let _ = write!(out, "<p>Next review: {review}.</p>");
    }
}
