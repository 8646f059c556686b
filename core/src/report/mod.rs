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

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::analytics::{self, disclosed, Stats, StatsOptions};
use crate::care::{Audience, ConsentCategory, Disclosure};
use crate::model::Medication;

pub use html::{render_html, render_page};
pub use text::{render_summary, render_text};

/// What a report shows. The client's own report shows every section; a
/// care-team member's view of what a client sent shows only the sections
/// of the categories the client shared (a section of a category not shared
/// is left out, never drawn empty), with the scope line on top.
///
/// | sections | category |
/// |---|---|
/// | summary, milestones, by medication, dose changes, patterns, calendar, timing, reasons for skipping | `dose_log` |
/// | the medications list (names, strength, since) | `medication_list` |
/// | the mood panel of the mood chart | `mood` |
/// | the questionnaire panel of the mood chart, PHQ-9/GAD-7 around dose changes | `questionnaires` |
/// | the side-effect timeline, side effects around dose changes | `side_effects` |
/// | notes the person chose to share | `shareable_notes` |
/// | the care plan | `care_plan` |
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportScope {
    /// "Shared by the client: ... Not shared: ..." ([`scope_line`]), on a
    /// care-team member's view; `None` on the client's own report.
    pub line: Option<String>,
    /// The categories whose sections render; `None`: every section.
    pub shared: Option<Vec<ConsentCategory>>,
    /// The medications the medication list discloses (the "Medications"
    /// section); empty: no such section.
    pub medications: Vec<Medication>,
    /// Safety signals from the categories disclosed (shown first).
    pub safety: Vec<crate::care::SafetySignal>,
    /// The dosing plans of [`ReportScope::medications`] (the "Current
    /// medications" section reads the ones in force today).
    pub plans: Vec<crate::schedule::DosingPlan>,
}

impl ReportScope {
    /// Every section, no scope line, no medications list (the report of a
    /// plain [`analytics::StatsInput`]).
    pub fn everything() -> ReportScope {
        ReportScope::default()
    }

    /// The scope of what `d` discloses: for the client every section; for a
    /// care-team member the sections of the categories granted, and the
    /// scope line.
    pub fn of(d: &Disclosure) -> ReportScope {
        let member = d.audience == Audience::Member;
        ReportScope {
            line: scope_line(d),
            shared: member.then(|| d.categories.clone()),
            medications: if d.has(ConsentCategory::MedicationList) {
                d.medications.iter().map(|m| m.medication.clone()).collect()
            } else {
                Vec::new()
            },
            safety: crate::care::safety_signals(d),
            plans: if d.has(ConsentCategory::MedicationList) {
                d.medications
                    .iter()
                    .flat_map(|m| m.plans.iter().cloned())
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// The "Current medications" rows: each medication still taken (by
    /// name), with its strength, and the dose and timing in force on
    /// `today` in words (one line per plan in force; "no dose planned
    /// today" when none is).
    pub fn current_medications(&self, today: NaiveDate) -> Vec<(String, String)> {
        let mut meds: Vec<&Medication> = self
            .medications
            .iter()
            .filter(|m| m.status == crate::model::MedicationStatus::Active)
            .collect();
        meds.sort_by(|a, b| a.name.cmp(&b.name));
        meds.into_iter()
            .map(|m| {
                // The newest version of each plan.
                let mut newest: Vec<&crate::schedule::DosingPlan> = Vec::new();
                for p in self.plans.iter().filter(|p| p.medication_id == m.id) {
                    match newest.iter_mut().find(|q| q.id == p.id) {
                        Some(q) if q.version < p.version => *q = p,
                        Some(_) => {}
                        None => newest.push(p),
                    }
                }
                let words: Vec<String> = newest
                    .iter()
                    .filter_map(|p| crate::schedule::words::plan_words_on(p, today))
                    .collect();
                let words = if words.is_empty() {
                    "no dose planned today".to_string()
                } else {
                    words.join("; ")
                };
                (text::medication_words(m), words)
            })
            .collect()
    }

    /// Whether the sections of `category` render.
    pub fn shows(&self, category: ConsentCategory) -> bool {
        self.shared.as_ref().is_none_or(|s| s.contains(&category))
    }
}

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

/// `d` as a member's report renders it: the records of a category the
/// disclosure does not grant are dropped (the policy never puts them there;
/// the renderer does not rely on it), so nothing derived from them — a
/// chart, a count, an observation — reaches the page. The client's own
/// report is `d` as it is.
pub fn limited(d: &Disclosure) -> Cow<'_, Disclosure> {
    use ConsentCategory as C;
    if d.audience == Audience::Client {
        return Cow::Borrowed(d);
    }
    let has = |c: C| d.has(c);
    // A category not granted whose records are there anyway.
    let held = |c: C, empty: bool| !has(c) && !empty;
    let stray = held(C::MedicationList, d.medications.is_empty())
        || held(
            C::DoseLog,
            d.scheduled.is_empty() && d.dose_log.is_empty() && d.refills.is_empty(),
        )
        || held(C::Mood, d.mood.is_empty())
        || held(C::SideEffects, d.side_effects.is_empty())
        || held(C::Questionnaires, d.questionnaires.is_empty())
        || held(C::SubstanceUse, d.substance_use.is_empty())
        || held(C::Goals, d.goals.is_empty() && d.goal_check_ins.is_empty())
        || held(C::ShareableNotes, d.notes.is_empty())
        || held(C::CarePlan, d.care_plan.is_none() && d.care_team.is_empty())
        || d.previous
            .as_ref()
            .is_some_and(|p| p.categories.iter().any(|c| !has(*c)));
    if !stray {
        return Cow::Borrowed(d);
    }
    let mut out = d.clone();
    if !has(C::MedicationList) {
        out.medications.clear();
    }
    if !has(C::DoseLog) {
        out.scheduled.clear();
        out.dose_log.clear();
        out.refills.clear();
    }
    if !has(C::Mood) {
        out.mood.clear();
    }
    if !has(C::SideEffects) {
        out.side_effects.clear();
    }
    if !has(C::Questionnaires) {
        out.questionnaires.clear();
    }
    if !has(C::SubstanceUse) {
        out.substance_use.clear();
    }
    if !has(C::Goals) {
        out.goals.clear();
        out.goal_check_ins.clear();
    }
    if !has(C::ShareableNotes) {
        out.notes.clear();
    }
    if !has(C::CarePlan) {
        out.care_plan = None;
        out.care_team.clear();
    }
    if let Some(p) = out.previous.as_mut() {
        p.categories.retain(|c| d.has(*c));
        let keeps = p.categories.clone();
        let kept = |c: C| keeps.contains(&c);
        if !kept(C::DoseLog) {
            p.scheduled.clear();
            p.dose_log.clear();
        }
        if !kept(C::Mood) {
            p.mood.clear();
        }
        if !kept(C::SideEffects) {
            p.side_effects.clear();
        }
        if !kept(C::Questionnaires) {
            p.questionnaires.clear();
        }
    }
    Cow::Owned(out)
}

/// The statistics of what `d` discloses.
pub fn stats_of(d: &Disclosure, options: &StatsOptions) -> Stats {
    analytics::compute(&disclosed::input_of(d), options)
}

/// The HTML report of what `d` discloses; for a care-team member with the
/// scope of the client's consent on the page.
pub fn html_of(d: &Disclosure) -> String {
    let d = &*limited(d);
    let input = disclosed::input_of(d);
    let stats = analytics::compute(&input, &StatsOptions::default());
    render_page(&input, &stats, &ReportScope::of(d))
}

/// The plain-text summary of what `d` discloses (a member's view starts
/// with the scope line).
pub fn text_of(d: &Disclosure) -> String {
    let d = &*limited(d);
    let input = disclosed::input_of(d);
    let stats = analytics::compute(&input, &StatsOptions::default());
    render_summary(&input, &stats, &ReportScope::of(d))
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
