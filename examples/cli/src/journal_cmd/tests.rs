//! The journal commands end to end on a temporary file: logging, listing,
//! editing, bad input, rules and contacts, and the demo journal.

use chrono::{NaiveDate, TimeZone, Utc};
use clap::Parser;

use cadence_core::journal::{EntryKind, JournalQuery};
use cadence_core::model::{DoseForm, MedicationInput, ProfileInput};

use super::{demo_entries, demo_summary, run, JournalCmd};
use crate::Ctx;

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: JournalCmd,
}

fn ctx(dir: &tempfile::TempDir) -> Ctx {
    let app = cadence_ffi::Cadence::open_unencrypted_for_tools(
        dir.path().join("c.db").to_string_lossy().into_owned(),
    )
    .unwrap();
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 17, 0, 0).unwrap();
    let zone = chrono_tz::America::New_York;
    app.set_profile(
        ProfileInput {
            display_name: "Alex".into(),
            home_zone: zone,
            current_zone: zone,
        },
        Some(now),
    )
    .unwrap();
    for name in ["Sertraline", "Quetiapine", "Lamotrigine"] {
        app.add_medication(
            MedicationInput {
                name: name.into(),
                strength: None,
                form: DoseForm::Tablet,
                instructions: String::new(),
                prescriber_notes: String::new(),
                expected_onset: None,
                started_on: Some(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()),
            },
            Some(now),
        )
        .unwrap();
    }
    Ctx {
        app,
        json: false,
        now,
    }
}

fn cmd(ctx: &Ctx, args: &[&str]) -> Result<(), String> {
    let cli = Cli::try_parse_from(std::iter::once("journal").chain(args.iter().copied()))
        .map_err(|e| e.to_string())?;
    run(ctx, cli.cmd)
}

#[test]
fn the_demo_journal_reads_as_two_better_weeks_and_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(&dir);
    demo_entries(&ctx).unwrap();
    let count = |ctx: &Ctx| {
        ctx.app
            .journal_entries(JournalQuery {
                limit: 200,
                ..JournalQuery::default()
            })
            .unwrap()
            .entries
            .len()
    };
    let n = count(&ctx);
    assert!(n > 40, "{n} entries");
    demo_entries(&ctx).unwrap();
    assert_eq!(count(&ctx), n, "a second run writes nothing");
    let text = demo_summary(&ctx).unwrap();
    assert!(text.contains("improving"), "{text}");
    assert!(
        text.contains("Last PHQ-9 (2027-03-01): 8 of 27 — mild"),
        "{text}"
    );
    assert!(
        text.contains("Last GAD-7 (2027-03-01): 6 of 21 — mild"),
        "{text}"
    );
    assert!(
        text.contains("sleepiness (mild, since 2027-02-20)"),
        "{text}"
    );
    assert!(text.contains("headache"), "{text}");
    assert!(
        !text.contains("nausea"),
        "resolved side effects are not open: {text}"
    );
    assert!(text.contains("progress 5/10"), "{text}");
}

#[test]
fn journal_commands_log_list_edit_and_refuse_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(&dir);
    cmd(
        &ctx,
        &[
            "mood",
            "--valence",
            "-2",
            "--sleep",
            "5.5",
            "--emotion",
            "tired",
            "--note",
            "bad night",
        ],
    )
    .unwrap();
    cmd(&ctx, &["phq9", "1", "1", "1", "1", "1", "1", "1", "1", "0"]).unwrap();
    cmd(
        &ctx,
        &[
            "substance",
            "alcohol",
            "--amount",
            "2",
            "--unit",
            "standard drinks",
        ],
    )
    .unwrap();
    let err = cmd(&ctx, &["phq9", "1", "1", "1"]).unwrap_err();
    assert!(err.contains("journal.phq9.item_4"), "{err}");
    let err = cmd(&ctx, &["gad7", "0", "0", "0", "0", "0", "0", "9"]).unwrap_err();
    assert!(err.contains("journal.gad7.item_7"), "{err}");
    let err = cmd(&ctx, &["side-effect", "hiccups", "--severity", "mild"]).unwrap_err();
    assert!(err.contains("symptom"), "{err}");
    let page = ctx.app.journal_entries(JournalQuery::default()).unwrap();
    assert_eq!(page.entries.len(), 3);
    let mood = page
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::Mood)
        .unwrap();
    cmd(&ctx, &["edit", &mood.id, "--valence", "-1", "--share"]).unwrap();
    let edited = ctx.app.journal_entry(mood.id.clone()).unwrap();
    assert_eq!((edited.version, edited.shareable), (2, true));
    assert_eq!(
        ctx.app
            .journal_entry_history(mood.id.clone())
            .unwrap()
            .len(),
        1
    );
    let err = cmd(&ctx, &["edit", &mood.id, "--severity", "mild"]).unwrap_err();
    assert!(err.contains("only apply to side effects"), "{err}");
    cmd(&ctx, &["list", "--from", "2027-03-01", "--kind", "mood"]).unwrap();
    cmd(&ctx, &["summary"]).unwrap();
    cmd(&ctx, &["delete", &mood.id]).unwrap();
    assert_eq!(
        ctx.app
            .journal_entries(JournalQuery::default())
            .unwrap()
            .entries
            .len(),
        2
    );
}

#[test]
fn rules_and_contacts_can_be_set_up_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(&dir);
    let lamotrigine = ctx
        .app
        .medications(false)
        .unwrap()
        .into_iter()
        .find(|m| m.name == "Lamotrigine")
        .unwrap();
    cmd(
        &ctx,
        &[
            "contacts",
            "add-care-team",
            "--role",
            "prescriber",
            "--name",
            "Dr Rivera",
            "--phone",
            "555-0100",
        ],
    )
    .unwrap();
    cmd(
        &ctx,
        &[
            "contacts",
            "add-crisis",
            "--name",
            "Crisis line",
            "--phone",
            "555-0199",
        ],
    )
    .unwrap();
    cmd(
        &ctx,
        &[
            "rule",
            "add",
            "--symptom",
            "rash",
            "--med",
            &lamotrigine.id,
            "--action",
            "contact-prescriber-today",
        ],
    )
    .unwrap();
    assert!(cmd(
        &ctx,
        &[
            "rule",
            "add",
            "--phq9-at-least",
            "15",
            "--gad7-at-least",
            "10",
            "--action",
            "contact-therapist"
        ]
    )
    .is_err());
    cmd(&ctx, &["side-effect", "rash", "--severity", "mild"]).unwrap();
    let rash = &ctx
        .app
        .journal_entries(JournalQuery::default())
        .unwrap()
        .entries[0];
    let esc = ctx.app.journal_entry_escalations(rash.id.clone()).unwrap();
    assert_eq!(
        esc[0].message,
        "Rash while taking Lamotrigine: contact your prescriber today."
    );
    assert_eq!(esc[0].contacts[0].phone, "555-0100");
    cmd(
        &ctx,
        &[
            "goal",
            "add",
            "--area",
            "sleep",
            "--title",
            "Asleep by 23:00",
        ],
    )
    .unwrap();
    let goal = &ctx.app.goals(false).unwrap()[0];
    cmd(&ctx, &["check-in", &goal.id, "6"]).unwrap();
    assert_eq!(
        ctx.app
            .daily_summaries(
                NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
                NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
            )
            .unwrap()[0]
            .progress_mean,
        Some(6.0)
    );
}
