//! Inline SVG charts. Each has `role="img"`, a `<title>` and a `<desc>`
//! (screen readers read them), real text labels, and colours that keep
//! contrast on white and in print.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use super::escape;
use crate::analytics::doses::DoseOutcome;
use crate::analytics::{DayAdherence, DoseChange, QuestionnaireResult, Stats, StatsInput};
use crate::journal::{Instrument, Severity};

const W: f64 = 720.0;
const INK: &str = "#1f2933";
const MUTED: &str = "#52606d";
const BLUE: &str = "#1d4ed8";
const ORANGE: &str = "#b45309";
const PURPLE: &str = "#6d28d9";

fn open(out: &mut String, id: &str, h: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
         viewBox=\"0 0 {W} {h}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(desc)
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, s: &str) {
    let _ = write!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" font-size=\"11\" fill=\"{MUTED}\">{}</text>",
        escape(s)
    );
}

fn empty(out: &mut String, h: f64, what: &str) {
    text(out, W / 2.0, h / 2.0, "middle", what);
    out.push_str("</svg>");
}

/// Heat colour of a day: grey without doses, then red-orange to green.
fn heat(d: &DayAdherence) -> &'static str {
    if d.due == 0 {
        return "#e4e7eb";
    }
    match d.taken * 100 / d.due {
        100 => "#15803d",
        75..=99 => "#65a30d",
        50..=74 => "#ca8a04",
        1..=49 => "#ea580c",
        _ => "#b91c1c",
    }
}

/// The adherence calendar: one square per day, weeks as columns.
pub fn calendar(stats: &Stats) -> String {
    let days = &stats.days;
    let mut out = String::with_capacity(days.len() * 160 + 1024);
    let weeks = days.first().map_or(0, |f| {
        (days.len() + f.date.weekday().num_days_from_monday() as usize).div_ceil(7)
    });
    let cell = (640.0 / weeks.max(1) as f64).clamp(3.0, 22.0);
    let h = 7.0 * cell + 56.0;
    let full = days.iter().filter(|d| d.complete).count();
    let dosing = days.iter().filter(|d| d.due > 0).count();
    open(
        &mut out,
        "chart-calendar",
        h,
        "Adherence calendar",
        &format!("{full} of {dosing} days with every scheduled dose taken."),
    );
    if dosing == 0 {
        empty(&mut out, h, "No scheduled doses in this period");
        return out;
    }
    for (i, l) in ["Mon", "Wed", "Fri", "Sun"].iter().enumerate() {
        text(
            &mut out,
            30.0,
            22.0 + (i as f64 * 2.0 + 0.8) * cell,
            "end",
            l,
        );
    }
    let offset = days[0].date.weekday().num_days_from_monday() as usize;
    for (i, d) in days.iter().enumerate() {
        let k = i + offset;
        let (x, y) = (36.0 + (k / 7) as f64 * cell, 14.0 + (k % 7) as f64 * cell);
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {} of {} doses taken</title></rect>",
            (cell - 1.0).max(1.0),
            (cell - 1.0).max(1.0),
            heat(d),
            d.date,
            d.taken,
            d.due
        );
    }
    let ly = 7.0 * cell + 36.0;
    for (i, (c, l)) in [
        ("#15803d", "all"),
        ("#65a30d", "75%+"),
        ("#ca8a04", "50%+"),
        ("#ea580c", "some"),
        ("#b91c1c", "none"),
        ("#e4e7eb", "no doses due"),
    ]
    .iter()
    .enumerate()
    {
        let x = 36.0 + i as f64 * 90.0;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{c}\"/>",
            ly - 10.0
        );
        text(&mut out, x + 16.0, ly, "start", l);
    }
    out.push_str("</svg>");
    out
}

/// Days the timing plot shows at most (the most recent ones).
pub const TIMING_DAYS: i64 = 60;

/// Scheduled (hollow) and taken (filled) times of day, per day.
pub fn timing(input: &StatsInput, stats: &Stats, outcomes: &[DoseOutcome]) -> String {
    let to = stats.to.min(input.today());
    let from = stats.from.max(to - chrono::Duration::days(TIMING_DAYS - 1));
    let shown: Vec<&DoseOutcome> = outcomes
        .iter()
        .filter(|o| o.local_date >= from && o.local_date <= to)
        .collect();
    let h = 260.0;
    let mut out = String::with_capacity(shown.len() * 120 + 1024);
    let on_time = shown.iter().filter(|o| o.on_time).count();
    let taken = shown.iter().filter(|o| o.taken).count();
    open(
        &mut out,
        "chart-timing",
        h,
        "Scheduled and taken times",
        &format!(
            "{from} to {to}: {taken} doses taken, {on_time} within ±{} minutes of the planned time. Hollow circles are planned times, filled dots the times taken.",
            stats.timing_window_minutes
        ),
    );
    if shown.is_empty() {
        empty(&mut out, h, "No doses due in this period");
        return out;
    }
    let days = ((to - from).num_days() + 1) as f64;
    let x = |d: NaiveDate| 50.0 + (d - from).num_days() as f64 / days * (W - 70.0);
    let y = |minute: f64| 12.0 + minute.clamp(0.0, 1440.0) / 1440.0 * (h - 44.0);
    for hr in [0, 6, 12, 18, 24] {
        let yy = y(f64::from(hr) * 60.0);
        let _ = write!(
            out,
            "<line x1=\"46\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#cbd2d9\"/>",
            W - 16.0
        );
        text(&mut out, 42.0, yy + 4.0, "end", &format!("{hr:02}:00"));
    }
    text(&mut out, 50.0, h - 8.0, "start", &from.to_string());
    text(&mut out, W - 16.0, h - 8.0, "end", &to.to_string());
    for o in &shown {
        let xx = x(o.local_date);
        let planned = f64::from(o.planned_minute);
        let _ = write!(
            out,
            "<circle cx=\"{xx:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"none\" stroke=\"{MUTED}\"/>",
            y(planned)
        );
        if let Some(dl) = o.delay_minutes {
            let colour = if o.on_time { BLUE } else { ORANGE };
            let _ = write!(
                out,
                "<circle cx=\"{xx:.1}\" cy=\"{:.1}\" r=\"2.4\" fill=\"{colour}\"/>",
                y(planned + dl as f64)
            );
        }
    }
    out.push_str("</svg>");
    out
}

fn change_markers(
    out: &mut String,
    changes: &[(String, &DoseChange)],
    x: &dyn Fn(NaiveDate) -> f64,
    top: f64,
    bottom: f64,
) {
    for (name, c) in changes {
        let xx = x(c.date);
        let _ = write!(
            out,
            "<line x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{top}\" y2=\"{bottom}\" stroke=\"{PURPLE}\" stroke-dasharray=\"4 3\"><title>{}: {} to {} {} on {}</title></line>",
            escape(name),
            c.from_amount,
            c.to_amount,
            escape(&c.unit),
            c.date
        );
    }
}

/// Mood (top) and PHQ-9/GAD-7 totals (bottom), with dose changes marked.
pub fn mood_scores(input: &StatsInput, stats: &Stats) -> String {
    mood_panels(input, stats, true, true)
}

/// The mood chart with the panels shown: a panel of a category the client
/// did not share says so instead of being drawn empty.
pub fn mood_panels(input: &StatsInput, stats: &Stats, mood: bool, questionnaires: bool) -> String {
    let (from, to) = (stats.from, stats.to);
    let h = 300.0;
    let mut out = String::with_capacity(8192);
    let moods: Vec<(NaiveDate, f64)> = input
        .days
        .iter()
        .filter(|d| mood && d.date >= from && d.date <= to)
        .filter_map(|d| d.valence_mean.map(|v| (d.date, v)))
        .collect();
    let scores: Vec<_> = input
        .questionnaires
        .iter()
        .filter(|q| questionnaires && q.date >= from && q.date <= to)
        .collect();
    let changes: Vec<(String, &DoseChange)> = stats
        .medications
        .iter()
        .flat_map(|m| m.dose_changes.iter().map(move |c| (m.name.clone(), c)))
        .collect();
    let (title, counts, none) = match (mood, questionnaires) {
        (true, false) => (
            "Mood check-ins",
            format!("{} days with a mood check-in", moods.len()),
            "No mood check-ins in this period",
        ),
        (false, true) => (
            "Questionnaire scores",
            format!("{} questionnaires", scores.len()),
            "No questionnaires in this period",
        ),
        _ => (
            "Mood and questionnaire scores",
            format!(
                "{} days with a mood check-in, {} questionnaires",
                moods.len(),
                scores.len()
            ),
            "No mood check-ins or questionnaires in this period",
        ),
    };
    open(
        &mut out,
        "chart-mood",
        h,
        title,
        &format!("{counts}, {} dose changes (dashed lines).", changes.len()),
    );
    if moods.is_empty() && scores.is_empty() {
        empty(&mut out, h, none);
        return out;
    }
    let days = ((to - from).num_days().max(1)) as f64;
    let x = |d: NaiveDate| 50.0 + (d - from).num_days() as f64 / days * (W - 70.0);
    if mood {
        mood_panel(&mut out, &moods, &x);
    } else {
        text(
            &mut out,
            50.0,
            70.0,
            "start",
            "Mood check-ins: not shared by the client",
        );
    }
    if questionnaires {
        scores_panel(&mut out, &scores, &x);
    } else {
        text(
            &mut out,
            50.0,
            215.0,
            "start",
            "Questionnaires: not shared by the client",
        );
    }
    change_markers(&mut out, &changes, &x, 14.0, 270.0);
    text(&mut out, 50.0, h - 8.0, "start", &from.to_string());
    text(&mut out, W - 16.0, h - 8.0, "end", &to.to_string());
    out.push_str("</svg>");
    out
}

/// The mood panel: y 14..124 for +3..-3.
fn mood_panel(out: &mut String, moods: &[(NaiveDate, f64)], x: &dyn Fn(NaiveDate) -> f64) {
    let my = |v: f64| 14.0 + (3.0 - v) / 6.0 * 110.0;
    for v in [-3.0, 0.0, 3.0] {
        let _ = write!(
            out,
            "<line x1=\"46\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#cbd2d9\"/>",
            W - 16.0,
            my(v),
            my(v)
        );
        text(out, 42.0, my(v) + 4.0, "end", &format!("{v:+.0}"));
    }
    text(out, 50.0, 10.0, "start", "Mood (-3 to +3)");
    let mut path = String::new();
    for (i, (d, v)) in moods.iter().enumerate() {
        let _ = write!(
            path,
            "{}{:.1},{:.1}",
            if i == 0 { "M" } else { " L" },
            x(*d),
            my(*v)
        );
    }
    let _ = write!(
        out,
        "<path d=\"{path}\" fill=\"none\" stroke=\"{BLUE}\" stroke-width=\"1.5\"/>"
    );
}

/// The questionnaire panel: y 160..270 for 27..0.
fn scores_panel(out: &mut String, scores: &[&QuestionnaireResult], x: &dyn Fn(NaiveDate) -> f64) {
    let sy = |v: f64| 160.0 + (27.0 - v) / 27.0 * 110.0;
    for v in [0.0, 10.0, 20.0] {
        let _ = write!(
            out,
            "<line x1=\"46\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#cbd2d9\"/>",
            W - 16.0,
            sy(v),
            sy(v)
        );
        text(out, 42.0, sy(v) + 4.0, "end", &format!("{v:.0}"));
    }
    text(
        out,
        50.0,
        154.0,
        "start",
        "PHQ-9 (blue squares) and GAD-7 (orange triangles) totals",
    );
    for inst in [Instrument::Phq9, Instrument::Gad7] {
        let colour = if inst == Instrument::Phq9 {
            BLUE
        } else {
            ORANGE
        };
        let pts: Vec<_> = scores.iter().filter(|q| q.instrument == inst).collect();
        let mut p = String::new();
        for (i, q) in pts.iter().enumerate() {
            let (xx, yy) = (x(q.date), sy(f64::from(q.total)));
            let _ = write!(p, "{}{xx:.1},{yy:.1}", if i == 0 { "M" } else { " L" });
            let shape = if inst == Instrument::Phq9 {
                format!(
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"{colour}\">",
                    xx - 3.5,
                    yy - 3.5
                )
            } else {
                format!(
                    "<polygon points=\"{xx:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{colour}\">",
                    yy - 4.5,
                    xx - 4.5,
                    yy + 3.5,
                    xx + 4.5,
                    yy + 3.5
                )
            };
            let end = if inst == Instrument::Phq9 {
                "</rect>"
            } else {
                "</polygon>"
            };
            let _ = write!(
                out,
                "{shape}<title>{} {}: {} ({})</title>{end}",
                inst.name(),
                q.date,
                q.total,
                q.band.label()
            );
        }
        let _ = write!(
            out,
            "<path d=\"{p}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.2\"/>"
        );
    }
}

/// One row per side effect, a dot at its onset (the day the person says it
/// started; the day it was logged when not given) (darker: worse).
pub fn side_effects(input: &StatsInput, stats: &Stats) -> String {
    let (from, to) = (stats.from, stats.to);
    let events: Vec<_> = input
        .side_effects
        .iter()
        .filter(|s| s.date >= from && s.date <= to)
        .collect();
    let mut names: Vec<&str> = Vec::new();
    for e in &events {
        if !names.contains(&e.name.as_str()) && names.len() < 12 {
            names.push(&e.name);
        }
    }
    let h = 40.0 + names.len().max(1) as f64 * 22.0;
    let mut out = String::with_capacity(4096);
    open(
        &mut out,
        "chart-side-effects",
        h,
        "Side-effect timeline",
        &format!(
            "{} side-effect entries of {} kinds.",
            events.len(),
            names.len()
        ),
    );
    if events.is_empty() {
        empty(&mut out, h, "No side effects logged in this period");
        return out;
    }
    let days = ((to - from).num_days().max(1)) as f64;
    let x = |d: NaiveDate| 170.0 + (d - from).num_days() as f64 / days * (W - 190.0);
    for (row, n) in names.iter().enumerate() {
        let y = 20.0 + row as f64 * 22.0;
        text(&mut out, 162.0, y + 4.0, "end", n);
        let _ = write!(
            out,
            "<line x1=\"170\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#e4e7eb\"/>",
            W - 20.0
        );
        for e in events.iter().filter(|e| e.name == *n) {
            let (r, c) = match e.severity {
                Severity::None => (3.0, "#9aa5b1"),
                Severity::Mild => (4.0, "#ca8a04"),
                Severity::Moderate => (5.0, "#c2410c"),
                Severity::Severe => (6.0, "#991b1b"),
            };
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{y}\" r=\"{r}\" fill=\"{c}\"><title>{}: {} ({})</title></circle>",
                x(e.date),
                e.date,
                escape(&e.name),
                e.severity.code()
            );
        }
    }
    text(
        &mut out,
        170.0,
        h - 6.0,
        "start",
        &format!("{from}   (larger, darker dots: more severe)"),
    );
    text(&mut out, W - 20.0, h - 6.0, "end", &to.to_string());
    out.push_str("</svg>");
    out
}

/// Horizontal bars: how often each reason was given for skipping.
pub fn barriers(stats: &Stats) -> String {
    let b = &stats.overall.barriers;
    let h = 30.0 + b.len().max(1) as f64 * 24.0;
    let mut out = String::with_capacity(2048);
    let total: u32 = b.iter().map(|x| x.count).sum();
    open(
        &mut out,
        "chart-barriers",
        h,
        "Reasons for skipping doses",
        &format!(
            "{total} doses skipped with a reason; {} not logged.",
            stats.overall.missed
        ),
    );
    if b.is_empty() {
        empty(&mut out, h, "No doses skipped with a reason in this period");
        return out;
    }
    let max = f64::from(b.iter().map(|x| x.count).max().unwrap_or(1));
    for (i, r) in b.iter().enumerate() {
        let y = 14.0 + i as f64 * 24.0;
        let wbar = f64::from(r.count) / max * (W - 260.0);
        text(
            &mut out,
            200.0,
            y + 12.0,
            "end",
            &r.reason.code().replace('_', " "),
        );
        let _ = write!(
            out,
            "<rect x=\"208\" y=\"{y}\" width=\"{wbar:.1}\" height=\"16\" fill=\"{BLUE}\"/>"
        );
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{INK}\">{}</text>",
            214.0 + wbar,
            y + 12.0,
            r.count
        );
    }
    out.push_str("</svg>");
    out
}
