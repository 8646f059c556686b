//! The report of a disclosure: the client's own report shows every
//! section; a care-team member's view shows the scope line and only the
//! sections of the categories the client shared — a category not shared is
//! left out, never drawn as an empty chart or a "none in this period".

mod care_common;

use cadence_core::care::{
    Audience, CarePlanInput, ConsentCategory as C, Disclosure, EscalationPath, MemberRole,
};
use cadence_core::report::{html_of, scope_line, text_of, ReportScope};
use cadence_core::App;
use care_common::*;

/// A client with 40 days of doses, moods, side effects, PHQ-9s, notes and
/// a care plan, and a therapist granted `categories` over all of it.
fn client(categories: &[C]) -> (tempfile::TempDir, App, String) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path().join("c.db"), None).unwrap();
    seed(&app);
    app.set_care_plan(
        &CarePlanInput {
            goals: vec!["Sleep through the night".into()],
            responsibilities: vec![],
            indicators: vec![],
            escalation_paths: vec![EscalationPath {
                condition: "Any rash".into(),
                contact_member_id: None,
                action: "call the prescriber".into(),
            }],
            review_on: None,
        },
        t0(),
    )
    .unwrap();
    let m = member(&app, MemberRole::Therapist);
    app.grant_consent(&grant_input(&m.id, categories, day(0), None), t0())
        .unwrap();
    (dir, app, m.id)
}

fn disclosure(app: &App, member: &str) -> Disclosure {
    app.disclosure_for(member, day(10), day(39), t0()).unwrap()
}

fn chart(html: &str, id: &str) -> bool {
    html.contains(&format!("<svg class=\"chart\" id=\"chart-{id}\""))
}

const ALL_CHARTS: [&str; 5] = ["calendar", "timing", "mood", "side-effects", "barriers"];

#[test]
fn the_scope_line_names_each_shared_category_with_its_days_and_what_was_not_shared() {
    let (_dir, app, m) = client(&[C::DoseLog, C::Mood]);
    let d = disclosure(&app, &m);
    let line = scope_line(&d).unwrap();
    assert_eq!(
        line,
        "Shared by the client: dose log 11 Jan 2027 – 9 Feb 2027; mood 11 Jan 2027 – 9 Feb 2027. \
         Not shared: medication list, side effects, questionnaires, substance use, goals, \
         journal notes, care plan."
    );
    let scope = ReportScope::of(&d);
    assert_eq!(scope.line.as_deref(), Some(line.as_str()));
    assert!(scope.shows(C::DoseLog) && scope.shows(C::Mood));
    assert!(!scope.shows(C::SideEffects) && !scope.shows(C::MedicationList));
    assert!(scope.medications.is_empty(), "no medication list granted");
    let html = html_of(&d);
    assert!(html.contains(&format!("<p class=\"meta scope\">{line}</p>")));
    assert!(text_of(&d).starts_with(&format!("{line}\nCadence update 2027-01-11 to 2027-02-09")));
}

#[test]
fn a_member_granted_the_dose_log_and_mood_sees_those_sections_only() {
    let (_dir, app, m) = client(&[C::DoseLog, C::Mood]);
    let html = html_of(&disclosure(&app, &m));
    for id in ["calendar", "timing", "mood", "barriers"] {
        assert!(chart(&html, id), "chart {id} missing");
    }
    assert!(!chart(&html, "side-effects"), "side effects not shared");
    assert!(html.contains("<h2>Summary</h2>") && html.contains("<h2>By medication</h2>"));
    // Unnamed without a medication-list grant.
    assert!(html.contains("Medication 1") && !html.contains("Sertraline"));
    // The mood chart: the mood panel drawn, the questionnaire panel says so.
    assert!(html.contains("<title id=\"chart-mood-t\">Mood check-ins</title>"));
    assert!(html.contains("Questionnaires: not shared by the client"));
    assert!(!html.contains("PHQ-9 (blue squares)"));
    for absent in [
        "<h2>Medications</h2>",
        "<h2>Notes the person chose to share</h2>",
        "<h2>Care plan</h2>",
        "please ask about sleep",
        "Sleep through the night",
        "side effect entries",
        SECRET,
    ] {
        assert!(!html.contains(absent), "{absent} in a member's view");
    }
    let text = text_of(&disclosure(&app, &m));
    assert!(text.contains("Medication 1") && !text.contains("Medications:"));
}

#[test]
fn a_member_without_the_dose_log_gets_no_dose_section_and_no_empty_chart() {
    let (_dir, app, m) = client(&[C::MedicationList, C::Questionnaires, C::CarePlan]);
    let d = disclosure(&app, &m);
    let html = html_of(&d);
    for absent in [
        "<h2>Summary</h2>",
        "<h2>By medication</h2>",
        "<h2>Patterns</h2>",
        "No scheduled doses",
        "Percentages count scheduled doses",
        "Mood (-3 to +3)",
    ] {
        assert!(
            !html.contains(absent),
            "{absent} without the dose log / mood"
        );
    }
    for id in ["calendar", "timing", "side-effects", "barriers"] {
        assert!(
            !chart(&html, id),
            "chart {id} drawn for a category not shared"
        );
    }
    assert!(chart(&html, "mood"));
    assert!(html.contains("<title id=\"chart-mood-t\">Questionnaire scores</title>"));
    assert!(html.contains("Mood check-ins: not shared by the client"));
    assert!(html.contains("PHQ-9 2027-01-15: 7 (mild)"), "{html}");
    // The medication list and the care plan were shared.
    assert!(html.contains("<h2>Medications</h2>"));
    assert!(html.contains("<tr><th scope=\"row\">Sertraline</th><td>tablet</td><td>2027-01-01</td><td>taking</td></tr>"));
    assert!(html.contains("<h2>Care plan</h2>") && html.contains("Any rash: call the prescriber"));
    let text = text_of(&d);
    assert!(text.contains("\nMedications: Sertraline."), "{text}");
    assert!(!text.contains("Doses taken") && !text.contains("No scheduled doses"));
}

#[test]
fn the_renderer_drops_records_of_categories_the_disclosure_does_not_grant() {
    // A disclosure that says "mood" but carries everything: only mood renders.
    let (_dir, app, m) = client(&C::ALL);
    let mut d = disclosure(&app, &m);
    assert!(!d.dose_log.is_empty() && !d.side_effects.is_empty() && !d.notes.is_empty());
    d.categories = vec![C::Mood];
    d.grants
        .iter_mut()
        .for_each(|g| g.categories = vec![C::Mood]);
    let html = html_of(&d);
    let text = text_of(&d);
    assert!(chart(&html, "mood"));
    for id in ["calendar", "timing", "side-effects", "barriers"] {
        assert!(!chart(&html, id), "chart {id}");
    }
    for page in [&html, &text] {
        for absent in [
            "Sertraline",
            "Medication 1",
            "side effect entries",
            "please ask about sleep",
            "Sleep through the night",
            "PHQ-9 2027",
            "Doses taken",
        ] {
            assert!(!page.contains(absent), "{absent} left");
        }
    }
}

#[test]
fn the_clients_own_report_keeps_every_section() {
    let (_dir, app, _) = client(&[C::Mood]);
    let html = app.report_html(day(10), day(39), t0()).unwrap();
    for id in ALL_CHARTS {
        assert!(chart(&html, id), "chart {id} missing");
    }
    assert!(!html.contains("Shared by the client") && !html.contains("not shared"));
    for present in [
        "<h2>Medications</h2>",
        "<h2>Summary</h2>",
        "<h2>By medication</h2>",
        "<title id=\"chart-mood-t\">Mood and questionnaire scores</title>",
        "<h2>Notes the person chose to share</h2>",
        "<h2>Care plan</h2>",
    ] {
        assert!(html.contains(present), "{present} missing");
    }
    let text = app.report_text(day(10), day(39), t0()).unwrap();
    assert!(text.starts_with("Cadence update 2027-01-11 to 2027-02-09\nMedications: Sertraline."));
    // The same disclosure to the client, rendered: no scope, every section.
    let mut d = disclosure(&app, &app.care_members().unwrap()[0].id);
    d.audience = Audience::Client;
    assert_eq!(ReportScope::of(&d).line, None);
    assert!(ReportScope::of(&d).shows(C::SideEffects));
}
