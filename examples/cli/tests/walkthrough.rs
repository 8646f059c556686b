//! The README's walkthroughs — the client, the therapist, the prescriber,
//! the client's tablet — run exactly as written (each `sh` block under "Walkthroughs"
//! is read from README.md and run line by line in one folder), and the text
//! people read is checked: names instead of ids, local times with the zone,
//! sentences instead of Rust debug output.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// One command the README runs, with what it printed.
struct Ran {
    line: String,
    stdout: String,
}

/// Splits a shell line into words: single quotes keep everything, double
/// quotes keep spaces and expand `$VAR`, bare `$VAR` expands.
fn words(line: &str, vars: &HashMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut chars = line.chars().peekable();
    let expand = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, cur: &mut String| {
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_alphanumeric() || c == '_' {
                name.push(c);
                chars.next();
            } else {
                break;
            }
        }
        cur.push_str(
            vars.get(&name)
                .unwrap_or_else(|| panic!("${name} is not set")),
        );
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                has = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    cur.push(c);
                }
            }
            '"' => {
                has = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '$' => expand(&mut chars, &mut cur),
                        c => cur.push(c),
                    }
                }
            }
            '$' => {
                has = true;
                expand(&mut chars, &mut cur);
            }
            c if c.is_whitespace() => {
                if has {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            c => {
                has = true;
                cur.push(c);
            }
        }
    }
    if has {
        out.push(cur);
    }
    out
}

/// The `sh` blocks of the README's walkthroughs, in order.
fn walkthrough_blocks() -> Vec<(String, Vec<String>)> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let start = readme
        .find("### Walkthroughs")
        .expect("a Walkthroughs section in the README");
    let mut blocks = Vec::new();
    let mut title = String::new();
    let mut block: Option<Vec<String>> = None;
    for line in readme[start..].lines() {
        if line.starts_with("## ") {
            break;
        }
        if let Some(t) = line.strip_prefix("#### ") {
            title = t.to_string();
        } else if line == "```sh" {
            block = Some(Vec::new());
        } else if line == "```" {
            if let Some(b) = block.take() {
                blocks.push((title.clone(), b));
            }
        } else if let Some(b) = block.as_mut() {
            b.push(line.to_string());
        }
    }
    blocks
}

/// Runs every block in `dir`; panics on a command that fails.
fn run_all(dir: &Path) -> Vec<Ran> {
    let mut vars: HashMap<String, String> = HashMap::new();
    let mut ran = Vec::new();
    for (title, lines) in walkthrough_blocks() {
        for line in lines {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix("export ") {
                let (k, v) = rest.split_once('=').unwrap();
                vars.insert(k.into(), v.into());
                continue;
            }
            // VAR=$(cadence ...): the output into VAR.
            let (capture, command) = match line.split_once("=$(") {
                Some((var, cmd)) => (Some(var.to_string()), cmd.trim_end_matches(')')),
                None => (None, line),
            };
            let args = words(command, &vars);
            assert_eq!(args[0], "cadence", "{title}: {line}");
            let out = Command::new(env!("CARGO_BIN_EXE_cadence"))
                .args(&args[1..])
                .current_dir(dir)
                .env_remove("CADENCE_DB")
                .envs(&vars)
                .output()
                .unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            assert!(
                out.status.success(),
                "{title}: `{line}` failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            if let Some(var) = capture {
                vars.insert(var, stdout.trim().to_string());
            }
            ran.push(Ran {
                line: line.to_string(),
                stdout,
            });
        }
    }
    ran
}

/// The output of the (first) command containing `part`.
fn output<'a>(ran: &'a [Ran], part: &str) -> &'a str {
    &ran.iter()
        .find(|r| r.line.contains(part))
        .unwrap_or_else(|| panic!("no command `{part}` in the README walkthroughs"))
        .stdout
}

#[test]
fn the_three_readme_walkthroughs_run_as_written_and_read_as_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let ran = run_all(dir.path());
    assert!(ran.len() >= 40, "{} commands", ran.len());

    // No Rust debug output and no UUIDs anywhere in the text people read.
    for r in &ran {
        for debug in ["Some(", "None", "{ ", " }", "[\"", "Imported {"] {
            assert!(
                !r.stdout.contains(debug),
                "`{}` printed debug output {debug:?}:\n{}",
                r.line,
                r.stdout
            );
        }
        let uuid = r
            .stdout
            .split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
            .any(|w| w.len() == 36 && w.matches('-').count() == 4);
        let ids_expected = r.line.contains("reminders plan") || r.line.contains("journal ");
        assert!(
            !uuid || ids_expected,
            "`{}` printed a UUID:\n{}",
            r.line,
            r.stdout
        );
    }

    // The client: names, local times with the zone, warnings in words.
    let today = output(&ran, "2027-03-01T12:40:00Z today");
    assert!(
        today.contains("Today, Monday 1 March (America/New_York)")
            && today.contains("07:30 breakfast\n    1. Sertraline 25 mg — due"),
        "{today}"
    );
    let taken = output(&ran, "12:40:00Z log taken sertraline");
    assert!(
        taken.starts_with(
            "Sertraline 25 mg (the 2027-03-01 07:30 EST dose): taken at 2027-03-01 07:40 EST"
        ),
        "{taken}"
    );
    let too_soon = output(&ran, "2027-03-01T21:00:00Z log extra lorazepam");
    assert!(
        too_soon.contains(
            "Warning for the prescriber: 1 hour after the last dose, the plan asks for at least 6 hours (5 hours too soon)"
        ),
        "{too_soon}"
    );
    let early = output(&ran, "--date 2027-03-02 --early");
    assert!(
        early.contains("(the 2027-03-02 07:30 EST dose): taken early, at 2027-03-01 21:30 EST"),
        "{early}"
    );
    let phq9 = output(&ran, "journal phq9");
    assert!(
        phq9.contains("question 9") && phq9.contains("crisis"),
        "{phq9}"
    );
    // After the titration step and the switch to daylight time.
    assert!(output(&ran, "2027-03-16T11:00:00Z today").contains("1. Sertraline 50 mg — due"));
    let show = output(&ran, "med show sertraline");
    for part in [
        "Instructions: With breakfast",
        "from 2027-03-01: 25 mg once a day at breakfast for 14 days; from 2027-03-15: 50 mg once a day at breakfast",
        "If a dose is missed: Skip it if more than 12 h late",
        "From your prescriber: After 19:30, skip it",
        "Supply: 28 tablet on hand",
    ] {
        assert!(show.contains(part), "{part:?} in:\n{show}");
    }
    let reminders = output(&ran, "reminders plan --limit 3");
    assert!(
        reminders.contains("(local time, America/New_York)")
            && reminders.contains("you can still take it until 19:30")
            && reminders.contains("EDT")
            && !reminders.to_lowercase().contains("missed"),
        "{reminders}"
    );
    let own = output(&ran, "report --text");
    assert!(
        own.starts_with("SAFETY: PHQ-9 on 5 Mar 2027: question 9"),
        "{own}"
    );
    assert!(
        own.contains("Current medications:\n- Lorazepam 0.5 mg: 0.5 mg as needed, at most 1 mg per 24 hours and at least 6 hours apart\n- Sertraline 25 mg: 50 mg once a day at breakfast (since 2027-03-15)"),
        "{own}"
    );
    let html = std::fs::read_to_string(dir.path().join("alex-report.html")).unwrap();
    assert!(html.contains("<h2>Current medications</h2>"));

    // The therapist: consent in words, the update imported, safety first.
    assert!(output(&ran, "consent list").contains(
        "Jo Park (therapist): dose log, mood, side effects, questionnaires; data from 2027-03-01 to 2027-03-31; until revoked; active"
    ));
    assert!(output(&ran, "share import alex-for-jo")
        .starts_with("Imported update #1 from Alex covering 2027-03-01 to 2027-03-16"));
    assert!(output(&ran, "share clients").starts_with("Alex (id "));
    assert!(output(&ran, "share clients").contains("sharing; 1 update(s) held"));
    let jo = output(
        &ran,
        "jo.db --at 2027-03-16T14:05:00Z share report alex --text",
    );
    let safety = jo.find("SAFETY: PHQ-9").expect("the safety signal");
    assert!(safety < jo.find("Cadence update").unwrap(), "{jo}");
    assert!(
        !jo.contains("Sertraline"),
        "the medication list was not shared: {jo}"
    );

    // The prescriber: current doses and the FHIR export; Alex's lists.
    let rivera = output(
        &ran,
        "rivera.db --at 2027-03-16T15:05:00Z share report alex --text",
    );
    assert!(
        rivera.contains("- Sertraline 25 mg: 50 mg once a day at breakfast (since 2027-03-15)"),
        "{rivera}"
    );
    assert!(
        !rivera.contains("SAFETY"),
        "questionnaires were not shared: {rivera}"
    );
    let fhir: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("alex-fhir.json")).unwrap())
            .unwrap();
    let steps: Vec<String> = fhir["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["resource"]["resourceType"] == "MedicationRequest")
        .flat_map(|e| {
            e["resource"]["dosageInstruction"]
                .as_array()
                .unwrap()
                .clone()
        })
        .map(|d| d["text"].as_str().unwrap().to_string())
        .collect();
    assert!(
        steps.contains(&"step 2 of 2: 50 mg once a day at breakfast".to_string()),
        "{steps:?}"
    );
    let paired = output(&ran, "share paired");
    assert!(
        paired.contains(
            "Jo Park (care-team member): key active, confirmed 2027-03-16 10:00 EDT, \
             paired 2027-03-16 10:00 EDT"
        ),
        "{paired}"
    );
    let audit = output(&ran, "alex.db --at 2027-03-16T15:00:00Z audit");
    assert!(
        audit.contains("2027-03-16 10:00 EDT: share bundle to Jo Park (therapist)"),
        "{audit}"
    );

    // Alex's tablet: caught up from a snapshot, the same Today, a mood
    // back on the phone, a second sync with nothing to do.
    let first = output(&ran, "alex-tablet.db --at 2027-03-16T16:10:00Z sync");
    assert!(
        first.contains("Applied 1 file(s) from Phone:")
            && first.contains("Wrote 1 file(s) for Phone to alex-sync (a snapshot"),
        "{first}"
    );
    let tablet_today = output(&ran, "alex-tablet.db --at 2027-03-16T16:10:00Z today");
    assert!(
        tablet_today.starts_with("Today, Tuesday 16 March (America/New_York)"),
        "{tablet_today}"
    );
    assert_eq!(
        tablet_today,
        output(&ran, "alex.db --at 2027-03-16T16:10:00Z today")
    );
    let back = output(&ran, "alex.db --at 2027-03-16T16:30:00Z sync");
    assert!(back.contains("Applied 2 file(s) from Tablet:"), "{back}");
    let quiet: Vec<&Ran> = ran
        .iter()
        .filter(|r| r.line.contains("alex.db --at 2027-03-16T16:30:00Z sync"))
        .collect();
    assert_eq!(
        quiet[1].stdout.trim(),
        "Nothing new: no file written, none to apply"
    );
    let moods = output(&ran, "journal list --kind mood");
    assert!(moods.contains("Calmer after the session"), "{moods}");
    let status = output(&ran, "sync status");
    assert!(
        status.starts_with("Last synced: 2027-03-16 12:30 EDT\n")
            && status.contains("Files not yet confirmed by their device: 0\n")
            && status.contains("Tablet (key ")
            && status.contains("confirmed 2027-03-16 12:00 EDT"),
        "{status}"
    );
}

#[test]
fn errors_say_what_went_wrong_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cadence"))
            .args(["--at", "2027-03-01T12:00:00Z"])
            .args(args)
            .current_dir(dir.path())
            .env_remove("CADENCE_DB")
            .env("A_SECRET", "11".repeat(32))
            .env("B_SECRET", "22".repeat(32))
            .env("WRONG", "99".repeat(32))
            .output()
            .unwrap()
    };
    let err = |args: &[&str]| {
        let out = run(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        String::from_utf8(out.stderr).unwrap()
    };
    let ok = |args: &[&str]| {
        let out = run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // A database that does not exist is not created by other commands.
    let e = err(&["--db", "alx.db", "today"]);
    assert!(e.contains("no database at alx.db"), "{e}");
    ok(&[
        "--db",
        "alex.db",
        "profile",
        "set",
        "--home-zone",
        "America/New_York",
    ]);
    let e = err(&["--db", "alx.db", "today"]);
    assert!(e.contains("did you mean ./alex.db?"), "{e}");
    // An unknown medication lists the ones there are; an unknown skip
    // reason lists the valid ones.
    ok(&["--db", "alex.db", "med", "add", "--name", "Sertraline"]);
    ok(&[
        "--db",
        "alex.db",
        "plan",
        "set",
        "sertraline",
        "--dose",
        "50 mg",
        "--moment",
        "breakfast",
        "--from",
        "2027-02-01",
    ]);
    let e = err(&["--db", "alex.db", "log", "taken", "lithium"]);
    assert!(
        e.contains("no medication has this name")
            && e.contains("the medications are: Sertraline ("),
        "{e}"
    );
    let e = err(&[
        "--db",
        "alex.db",
        "log",
        "skipped",
        "sertraline",
        "--reason",
        "busy",
    ]);
    assert!(
        e.contains("unknown skip reason; one of: side_effects, forgot"),
        "{e}"
    );
    let e = err(&[
        "--db",
        "alex.db",
        "journal",
        "side-effect",
        "itching",
        "--severity",
        "mild",
    ]);
    assert!(e.contains("unknown symptom; one of: nausea"), "{e}");
    // A dose outside the days that can be logged says so.
    let e = err(&[
        "--db",
        "alex.db",
        "log",
        "taken",
        "sertraline",
        "--date",
        "2027-01-02",
    ]);
    assert!(e.contains("more than 35 days ago"), "{e}");
    // The wrong share secret, a bundle for another device and the wrong
    // database key are three different messages.
    ok(&[
        "--db",
        "alex.db",
        "share",
        "keys",
        "--secret-env",
        "A_SECRET",
    ]);
    let e = err(&["--db", "alex.db", "share", "keys", "--secret-env", "WRONG"]);
    assert!(
        e.contains("the share secret does not open this device's share keys"),
        "{e}"
    );
    ok(&[
        "--db",
        "jo.db",
        "profile",
        "set",
        "--home-zone",
        "America/New_York",
    ]);
    let jo = ok(&[
        "--db",
        "jo.db",
        "share",
        "keys",
        "--secret-env",
        "B_SECRET",
        "--code-only",
    ]);
    ok(&[
        "--db",
        "other.db",
        "profile",
        "set",
        "--home-zone",
        "America/New_York",
    ]);
    let other = ok(&[
        "--db",
        "other.db",
        "share",
        "keys",
        "--secret-env",
        "B_SECRET",
        "--code-only",
    ]);
    let alex = ok(&[
        "--db",
        "alex.db",
        "share",
        "keys",
        "--secret-env",
        "A_SECRET",
        "--code-only",
    ]);
    ok(&[
        "--db",
        "alex.db",
        "team",
        "add",
        "--name",
        "Jo Park",
        "--role",
        "therapist",
    ]);
    ok(&["--db", "alex.db", "share", "pair-member", "jo", jo.trim()]);
    let jo_fp = ok(&[
        "--db",
        "jo.db",
        "share",
        "keys",
        "--secret-env",
        "B_SECRET",
        "--fingerprint-only",
    ]);
    let alex_fp = ok(&[
        "--db",
        "alex.db",
        "share",
        "keys",
        "--secret-env",
        "A_SECRET",
        "--fingerprint-only",
    ]);
    ok(&["--db", "alex.db", "share", "confirm", "jo", jo_fp.trim()]);
    ok(&[
        "--db",
        "alex.db",
        "consent",
        "grant",
        "--member",
        "jo",
        "--categories",
        "mood",
    ]);
    ok(&[
        "--db",
        "alex.db",
        "share",
        "export",
        "--member",
        "jo",
        "--out",
        "b.cadence",
        "--secret-env",
        "A_SECRET",
    ]);
    ok(&[
        "--db",
        "other.db",
        "share",
        "pair-client",
        "Alex",
        alex.trim(),
    ]);
    ok(&[
        "--db",
        "other.db",
        "share",
        "confirm",
        "alex",
        alex_fp.trim(),
    ]);
    let e = err(&[
        "--db",
        "other.db",
        "share",
        "import",
        "b.cadence",
        "--secret-env",
        "B_SECRET",
    ]);
    assert!(e.contains("made for another device"), "{e}");
    assert!(!other.is_empty());
    ok(&["--db", "alex.db", "rekey", "--new-key-env", "A_SECRET"]);
    let e = err(&["--db", "alex.db", "--key-env", "WRONG", "today"]);
    assert!(e.contains("the database key does not open alex.db"), "{e}");
    let e = err(&["--db", "alex.db", "today"]);
    assert!(
        e.contains("alex.db is encrypted: give its key with --key-env"),
        "{e}"
    );
}

#[test]
fn routine_show_for_a_past_date_shows_the_routine_that_applied_then() {
    let dir = tempfile::tempdir().unwrap();
    let run = |at: &str, args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_cadence"))
            .args(["--db", "r.db", "--at", at])
            .args(args)
            .current_dir(dir.path())
            .env_remove("CADENCE_DB")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(
        "2027-03-01T11:00:00Z",
        &["profile", "set", "--home-zone", "America/New_York"],
    );
    run(
        "2027-03-01T11:00:00Z",
        &["routine", "set", "breakfast", "07:00"],
    );
    run(
        "2027-03-10T17:00:00Z",
        &["routine", "set", "breakfast", "08:30"],
    );
    let then = run(
        "2027-03-12T17:00:00Z",
        &["routine", "show", "--date", "2027-03-02"],
    );
    assert!(
        then.starts_with("Routine on Tuesday 2 March 2027 (a weekday)"),
        "{then}"
    );
    assert!(then.contains("07:00  breakfast"), "{then}");
    let now = run("2027-03-12T17:00:00Z", &["routine", "show"]);
    assert!(now.contains("08:30  breakfast"), "{now}");
}

#[test]
fn lists_say_when_they_are_empty_and_when_the_client_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_cadence"))
            .args(["--at", "2027-03-01T12:00:00Z"])
            .args(args)
            .current_dir(dir.path())
            .env_remove("CADENCE_DB")
            .env("A_SECRET", "11".repeat(32))
            .env("B_SECRET", "22".repeat(32))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&[
        "--db",
        "a.db",
        "profile",
        "set",
        "--name",
        "Alex",
        "--home-zone",
        "Europe/Berlin",
    ]);
    run(&[
        "--db",
        "jo.db",
        "profile",
        "set",
        "--name",
        "Jo",
        "--home-zone",
        "Europe/Berlin",
    ]);
    assert!(run(&["--db", "a.db", "consent", "list"])
        .starts_with("No consent given yet: nothing is shared"));
    assert!(run(&["--db", "a.db", "team", "list"]).starts_with("No care-team members yet"));
    assert!(run(&["--db", "a.db", "med", "list"]).starts_with("No medications being taken"));
    assert!(run(&["--db", "a.db", "share", "paired"]).starts_with("No paired keys yet"));
    assert!(run(&["--db", "jo.db", "share", "clients"]).starts_with("No clients paired yet"));
    assert!(run(&["--db", "a.db", "audit"]).starts_with("Nothing has been disclosed yet."));
    assert!(run(&["--db", "a.db", "log", "list"]).starts_with("No doses logged on 2027-03-01."));
    // A journal entry is named by the first characters of its id.
    let note: serde_json::Value = serde_json::from_str(&run(&[
        "--db",
        "a.db",
        "--json",
        "journal",
        "note",
        "Slept badly",
    ]))
    .unwrap();
    let prefix = &note["entry"]["id"].as_str().unwrap()[..6];
    let shown = run(&["--db", "a.db", "journal", "show", prefix]);
    assert!(
        shown.contains("note") && shown.contains("Slept badly"),
        "{shown}"
    );
    let jo = run(&[
        "--db",
        "jo.db",
        "share",
        "keys",
        "--secret-env",
        "B_SECRET",
        "--code-only",
    ]);
    let alex = run(&[
        "--db",
        "a.db",
        "share",
        "keys",
        "--secret-env",
        "A_SECRET",
        "--code-only",
    ]);
    run(&[
        "--db",
        "a.db",
        "team",
        "add",
        "--name",
        "Jo Park",
        "--role",
        "therapist",
    ]);
    run(&["--db", "a.db", "share", "pair-member", "jo park", jo.trim()]);
    run(&["--db", "jo.db", "share", "pair-client", "Alex", alex.trim()]);
    let fp = |db: &str, var: &str| {
        run(&[
            "--db",
            db,
            "share",
            "keys",
            "--secret-env",
            var,
            "--fingerprint-only",
        ])
    };
    let (jo_fp, alex_fp) = (fp("jo.db", "B_SECRET"), fp("a.db", "A_SECRET"));
    run(&["--db", "a.db", "share", "confirm", "jo", jo_fp.trim()]);
    run(&["--db", "jo.db", "share", "confirm", "alex", alex_fp.trim()]);
    run(&[
        "--db",
        "a.db",
        "consent",
        "grant",
        "--member",
        "jo",
        "--categories",
        "mood",
    ]);
    run(&[
        "--db",
        "a.db",
        "share",
        "export",
        "--member",
        "jo",
        "--out",
        "b.cadence",
        "--secret-env",
        "A_SECRET",
    ]);
    run(&[
        "--db",
        "jo.db",
        "share",
        "import",
        "b.cadence",
        "--secret-env",
        "B_SECRET",
    ]);
    assert!(run(&["--db", "jo.db", "share", "clients"]).contains("Alex (id "));
    run(&[
        "--db",
        "a.db",
        "share",
        "revoke",
        "jo",
        "--out",
        "r.cadence",
        "--secret-env",
        "A_SECRET",
    ]);
    let out = run(&[
        "--db",
        "jo.db",
        "share",
        "import",
        "r.cadence",
        "--secret-env",
        "B_SECRET",
    ]);
    assert_eq!(
        out.trim(),
        "Alex revoked sharing: 1 update(s) from them were deleted."
    );
    let clients = run(&["--db", "jo.db", "share", "clients"]);
    assert!(
        clients.contains("the client revoked sharing on 2027-03-01 13:00 CET (their data was deleted); 0 update(s) held"),
        "{clients}"
    );
}
