//! # The clinician report
//!
//! A self-contained HTML page (no external assets, no script) with inline
//! SVG charts — adherence calendar, scheduled-vs-taken timing, mood and
//! PHQ-9/GAD-7 with dose-change markers, side-effect timeline, barriers —
//! and the structured update in text, with print CSS; plus a plain-text
//! summary short enough for a message.
//!
//! Pure renderers of a [`Disclosure`]: the client's own report is a
//! disclosure to the client; the therapist's view of an imported bundle is
//! the disclosure the client sent, with the grant's scope on the page
//! ([`scope_line`]). Every piece of user text goes through [`escape`]; only
//! notes the person marked shareable are in a disclosure.
//!
//! | module | concept |
//! |---|---|
//! | [`charts`] | the inline SVG charts |
//! | [`html`] | the page: sections, tables, CSS |
//! | [`text`] | the short plain-text summary |

pub mod charts;
pub mod html;
pub mod text;

use chrono::NaiveDate;

use crate::analytics::{self, disclosed, Stats, StatsOptions};
use crate::care::{Audience, ConsentCategory, Disclosure};

pub use html::{render_html, render_page};
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

/// The statistics of what `d` discloses.
pub fn stats_of(d: &Disclosure, options: &StatsOptions) -> Stats {
    analytics::compute(&disclosed::input_of(d), options)
}

/// The HTML report of what `d` discloses; for a care-team member with the
/// scope of the client's consent on the page.
pub fn html_of(d: &Disclosure) -> String {
    let input = disclosed::input_of(d);
    let stats = analytics::compute(&input, &StatsOptions::default());
    render_page(&input, &stats, scope_line(d).as_deref())
}

/// The plain-text summary of what `d` discloses (a member's view starts
/// with the scope line).
pub fn text_of(d: &Disclosure) -> String {
    let input = disclosed::input_of(d);
    let stats = analytics::compute(&input, &StatsOptions::default());
    let text = render_text(&input, &stats);
    match scope_line(d) {
        Some(scope) => format!("{scope}\n{text}"),
        None => text,
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// What the client shared and what not, in words: "Shared by the client:
/// mood 1 Feb 2027 – 28 Feb 2027; dose log 20 Feb 2027 – 28 Feb 2027. Not
/// shared: journal notes, care plan." `None` for the client's own report.
pub fn scope_line(d: &Disclosure) -> Option<String> {
    if d.audience == Audience::Client {
        return None;
    }
    let shared: Vec<String> = d
        .categories
        .iter()
        .map(|c| {
            let periods: Vec<String> = d
                .periods(*c)
                .iter()
                .map(|p| {
                    if p.from == p.to {
                        day(p.from)
                    } else {
                        format!("{} – {}", day(p.from), day(p.to))
                    }
                })
                .collect();
            if periods.is_empty() || *c == ConsentCategory::CarePlan {
                c.label().to_string()
            } else {
                format!("{} {}", c.label(), periods.join(", "))
            }
        })
        .collect();
    let not: Vec<&str> = d.not_shared().iter().map(|c| c.label()).collect();
    let mut line = format!("Shared by the client: {}.", shared.join("; "));
    if !not.is_empty() {
        line.push_str(&format!(" Not shared: {}.", not.join(", ")));
    }
    Some(line)
}
