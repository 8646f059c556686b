//! Everything a person names on the command line can be named as they
//! would: a prescription imported as text only asks for a schedule in
//! `today` until `plan set` gives it one; snoozing a dose by its
//! medication's name; a plan's FHIR timing by the medication; goals by
//! their title; an alert recipient by their label.

use std::process::Command;

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        let cli = Cli {
            dir: tempfile::tempdir().unwrap(),
        };
        cli.ok(&[
            "profile",
            "set",
            "--name",
            "Alex",
            "--home-zone",
            "America/New_York",
        ]);
        cli
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_cadence"))
            .args(["--db", "alex.db", "--at", "2027-03-02T13:00:00Z"])
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("CADENCE_DB")
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn err(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        String::from_utf8(out.stderr).unwrap()
    }
}

fn fixture(name: &str) -> String {
    format!(
        "{}/../../core/tests/fhir_requests/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn a_text_only_prescription_asks_for_a_schedule_until_it_has_one() {
    let cli = Cli::new();
    cli.ok(&["med", "import", &fixture("text_only.json")]);
    let today = cli.ok(&["today"]);
    assert!(today.contains("Needs a schedule"), "{today}");
    assert!(
        today.contains("Amlodipine") && today.contains("Take one tablet daily as directed"),
        "{today}"
    );
    let set = cli.ok(&[
        "plan",
        "set",
        "amlodipine",
        "--dose",
        "1 tablet",
        "--times",
        "20:00",
    ]);
    assert!(set.starts_with("Schedule set:"), "{set}");
    let today = cli.ok(&["today"]);
    assert!(!today.contains("Needs a schedule"), "{today}");
    assert!(today.contains("1. Amlodipine"), "{today}");
    // The plan's timing by the medication's name.
    let fhir = cli.ok(&["plan", "fhir", "amlodipine"]);
    assert!(fhir.contains("20:00:00"), "{fhir}");
    // Snoozing the evening dose by name (and by its row number).
    let snoozed = cli.ok(&["snooze", "amlodipine", "--minutes", "15"]);
    assert!(snoozed.contains("snoozed until"), "{snoozed}");
    let again = cli.ok(&["reminders", "snooze", "1", "--minutes", "30"]);
    assert!(again.contains("snoozed until"), "{again}");
    let e = cli.err(&["snooze", "lithium"]);
    assert!(
        e.contains("Amlodipine"),
        "the refusal lists the medications: {e}"
    );
}

#[test]
fn goals_and_alert_recipients_by_the_words_people_gave_them() {
    let cli = Cli::new();
    cli.ok(&[
        "journal",
        "goal",
        "add",
        "--area",
        "sleep",
        "--title",
        "In bed by eleven",
    ]);
    cli.ok(&[
        "journal",
        "goal",
        "add",
        "--area",
        "work",
        "--title",
        "Inbox zero on Fridays",
    ]);
    let checked = cli.ok(&["journal", "check-in", "in bed", "7"]);
    assert!(!checked.is_empty());
    let e = cli.err(&["journal", "check-in", "in", "7"]);
    assert!(
        e.contains("2 goals start with this")
            && e.contains("In bed by eleven")
            && e.contains("Inbox zero"),
        "{e}"
    );
    cli.ok(&["journal", "goal", "archive", "inbox zero on fridays"]);
    let goals = cli.ok(&["journal", "goal", "list", "--all"]);
    assert!(
        goals.contains("Inbox zero on Fridays (work), archived"),
        "{goals}"
    );

    cli.ok(&["team", "add", "--name", "Sam Lee", "--role", "caregiver"]);
    cli.ok(&[
        "reminders",
        "alert",
        "add",
        "--member",
        "sam",
        "--label",
        "Mum",
    ]);
    let listed = cli.ok(&["reminders", "alert", "list"]);
    assert!(listed.contains("Mum: alerted 120 minutes"), "{listed}");
    cli.ok(&["reminders", "alert", "remove", "mum"]);
    let listed = cli.ok(&["reminders", "alert", "list"]);
    assert!(
        listed.starts_with("Nobody gets missed-dose alerts"),
        "{listed}"
    );
}
