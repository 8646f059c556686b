//! The clinician report rendered from empty, one-day and five-year
//! histories; user text is escaped; only shareable notes appear.

mod analytics_common;

use analytics_common::*;
use cadence_core::analytics::{compute, SharedNote, SideEffectEvent, StatsInput, StatsOptions};
use cadence_core::journal::Severity;
use cadence_core::report::{render_html, render_text};
use chrono::{TimeZone, Utc};

fn render(input: &StatsInput) -> (String, String) {
    let s = compute(input, &StatsOptions::default());
    (render_html(input, &s), render_text(input, &s))
}

fn charts(html: &str) -> usize {
    html.matches("<svg class=\"chart\"").count()
}

#[test]
fn empty_history_renders_every_chart_with_a_message() {
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap();
    let (html, text) = render(&StatsInput::empty(
        d("2027-02-01"),
        d("2027-02-28"),
        now,
        chrono_tz::UTC,
    ));
    assert_eq!(charts(&html), 5);
    assert_eq!(html.matches("<title id=\"chart-").count(), 5);
    assert!(html.contains("No scheduled doses in this period"));
    assert!(!html.contains("<script") && !html.contains("NaN"));
    assert!(text.contains("No scheduled doses"));
}

#[test]
fn one_day_history() {
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 20, 0, 0).unwrap();
    let (html, text) = render(&daily(d("2027-03-01"), 1, &[], now));
    assert_eq!(charts(&html), 5);
    assert!(html.contains("1 of 1 scheduled doses taken (100%)"));
    assert!(html.contains("2027-03-01: 1 of 1 doses taken"));
    assert!(text.contains("Sertraline: 100% taken"));
    assert!(text.len() < 700);
}

#[test]
fn five_year_history_renders_and_stays_readable() {
    let from = d("2022-03-02");
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 20, 0, 0).unwrap();
    let missed: Vec<_> = (0..1826)
        .step_by(9)
        .map(|i| from + chrono::Duration::days(i))
        .collect();
    let input = daily(from, 1826, &missed, now);
    let (html, _) = render(&input);
    assert_eq!(charts(&html), 5);
    // One calendar square per day.
    assert_eq!(html.matches("doses taken</title></rect>").count(), 1826);
    // The timing plot shows the last 60 days at most.
    assert!(html.contains("2027-01-01 to 2027-03-01"));
    assert!(html.len() < 2_000_000);
}

#[test]
fn user_text_is_escaped_everywhere() {
    let now = Utc.with_ymd_and_hms(2027, 3, 10, 20, 0, 0).unwrap();
    let mut input = daily(d("2027-03-01"), 10, &[], now);
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";
    input.medications[0].name = evil.into();
    input.shared_notes.push(SharedNote {
        date: d("2027-03-05"),
        text: evil.into(),
    });
    input.side_effects.push(SideEffectEvent {
        date: d("2027-03-05"),
        name: evil.into(),
        severity: Severity::Mild,
        medication_ids: vec![],
    });
    let (html, _) = render(&input);
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;"
    ));
}

#[test]
fn only_shareable_notes_reach_the_report() {
    use cadence_core::journal::{EntryDetail, JournalEntryInput};
    let dir = tempfile::tempdir().unwrap();
    let store = cadence_core::App::open(dir.path().join("c.db"), None).unwrap();
    let now = Utc.with_ymd_and_hms(2027, 3, 10, 12, 0, 0).unwrap();
    for (note, shareable) in [
        ("Private thought XYZZY", false),
        ("Please ask about sleep", true),
    ] {
        let input = JournalEntryInput {
            occurred_at: now - chrono::Duration::hours(2),
            zone: chrono_tz::UTC,
            detail: EntryDetail::Note,
            note: note.into(),
            shareable,
            goal_ids: vec![],
        };
        store.add_journal_entry(&input, now).unwrap();
    }
    let html = store
        .report_html(d("2027-03-01"), d("2027-03-10"), now)
        .unwrap();
    assert!(html.contains("Please ask about sleep"));
    assert!(!html.contains("XYZZY"));
}

#[test]
fn the_care_plan_appears_in_the_report_escaped() {
    use cadence_core::care::{CarePlan, EscalationPath, MonitoringIndicator, Responsibility};
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap();
    let mut input = StatsInput::empty(d("2027-02-01"), d("2027-02-28"), now, chrono_tz::UTC);
    let (html, _) = render(&input);
    assert!(!html.contains("Care plan"), "no plan, no section");
    input.care_plan = Some(CarePlan {
        goals: vec!["Sleep <8 h> through".into()],
        responsibilities: vec![Responsibility {
            member_id: None,
            task: "Log doses daily".into(),
        }],
        indicators: vec![MonitoringIndicator {
            name: "PHQ-9".into(),
            every_days: 14,
            target: "below 10".into(),
            threshold: Some(10.0),
        }],
        escalation_paths: vec![EscalationPath {
            condition: "Any rash".into(),
            contact_member_id: None,
            action: "call the prescriber today".into(),
        }],
        review_on: Some(d("2027-04-01")),
        version: 1,
        updated_at: now,
    });
    let (html, _) = render(&input);
    assert!(html.contains("<h2>Care plan</h2>"));
    assert!(html.contains("Sleep &lt;8 h&gt; through"));
    assert!(html.contains("<td>PHQ-9</td><td>14 days</td><td>below 10</td>"));
    assert!(html.contains("Any rash: call the prescriber today"));
    assert!(html.contains("Next review: 2027-04-01."));
}
