//! # The clinician report
//!
//! A self-contained HTML page (no external assets, no script) with inline
//! SVG charts — adherence calendar, scheduled-vs-taken timing, mood and
//! PHQ-9/GAD-7 with dose-change markers, side-effect timeline, barriers —
//! and the structured update in text, with print CSS; plus a plain-text
//! summary short enough for a message.
//!
//! Every piece of user text goes through [`escape`]. Only notes the person
//! marked shareable reach the report (the loader keeps nothing else).
//!
//! | module | concept |
//! |---|---|
//! | [`charts`] | the inline SVG charts |
//! | [`html`] | the page: sections, tables, CSS |
//! | [`text`] | the short plain-text summary |

pub mod charts;
pub mod html;
pub mod text;

use chrono::{DateTime, NaiveDate, Utc};

use crate::analytics::{self, load, Stats, StatsInput, StatsOptions};
use crate::error::Result;
use crate::store::Store;

pub use html::render_html;
pub use text::render_text;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A percentage for people: `92%`, or `n/a`.
pub fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "n/a".to_string(), |p| format!("{p:.0}%"))
}

/// Loads, computes and renders the HTML report of `from..=to`.
pub fn html_report(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String> {
    rendered(store, from, to, now, render_html)
}

/// Loads, computes and renders the plain-text summary of `from..=to`.
pub fn text_report(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String> {
    rendered(store, from, to, now, render_text)
}

/// Loads the window, computes its statistics and renders them with `render`.
fn rendered(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
    render: fn(&StatsInput, &Stats) -> String,
) -> Result<String> {
    let input = load::stats_input(store, from, to, now)?;
    let stats = analytics::compute(&input, &StatsOptions::default());
    Ok(render(&input, &stats))
}

/// Loads and computes the statistics of `from..=to`.
pub fn stats(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
    options: &StatsOptions,
) -> Result<Stats> {
    let input: StatsInput = load::stats_input(store, from, to, now)?;
    Ok(analytics::compute(&input, options))
}
