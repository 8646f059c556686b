//! The `cadence` binary end to end: the demo, scripting with `--json`, and
//! error exits.

use std::process::Command;

fn cadence(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cadence"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CADENCE_DB")
        .output()
        .unwrap()
}

#[test]
fn demo_sets_up_a_client_once_and_prints_a_readable_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = cadence(&db, &["--at", "2027-03-01T12:00:00Z", "demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("new client set up"));
    // 2027-03-01 is a Monday; 12:00Z is 07:00 in New York: breakfast is next.
    assert!(
        text.contains("Today, Monday 1 March (America/New_York)"),
        "{text}"
    );
    assert!(
        text.contains("07:15 breakfast\n    1. Sertraline 100 mg — due"),
        "{text}"
    );
    assert!(
        text.contains("Lamotrigine 50 mg"),
        "the titration step to 50 mg has started: {text}"
    );
    assert!(text.contains("day 13 of the usual 2-6 weeks"), "{text}");
    assert!(text.contains("Cadence would say:"), "{text}");
    // Second run reuses the file: same three medications, no new set-up.
    let out = cadence(&db, &["--at", "2027-03-01T12:00:00Z", "--json", "demo"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["medications"].as_array().unwrap().len(), 4);
    assert_eq!(v["profile"]["current_zone"], "America/New_York");
}

#[test]
fn medications_can_be_scripted_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let set_up = cadence(&db, &["profile", "set", "--home-zone", "Europe/Berlin"]);
    assert!(set_up.status.success());
    let out = cadence(
        &db,
        &[
            "--json",
            "med",
            "add",
            "--name",
            "Lithium",
            "--strength",
            "400 mg",
            "--onset",
            "1-3 weeks",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = m["id"].as_str().unwrap().to_string();
    assert_eq!(m["expected_onset"]["max_days"], 21);
    let out = cadence(&db, &["--json", "med", "stop", &id, "--on", "2027-03-01"]);
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["status"], "stopped");
    let out = cadence(&db, &["--json", "med", "list"]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!([])
    );
    let out = cadence(&db, &["--json", "med", "list", "--all"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[test]
fn bad_input_exits_non_zero_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    // Only `profile set` and `demo` create a database.
    let out = cadence(&db, &["routine", "set", "breakfast", "07:00"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no database at") && err.contains("profile set"),
        "{err}"
    );
    assert!(!db.exists());
    let out = cadence(&db, &["profile", "set", "--home-zone", "Mars/Base"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("home_zone"));
    assert!(
        cadence(&db, &["profile", "set", "--home-zone", "Europe/Berlin"])
            .status
            .success()
    );
    // A typo of the path names the database that exists.
    let typo = dir.path().join("cc.db");
    let out = cadence(&typo, &["today"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did you mean") && err.contains("c.db"),
        "{err}"
    );
    let out = cadence(&db, &["routine", "set", "breakfast", "25:00"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("`time`"));
    let out = cadence(&db, &["profile", "set", "--home-zone", "Mars/Base"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("home_zone"));
}

#[test]
fn an_encrypted_database_needs_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cadence"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("CADENCE_TEST_KEY", key)
            .output()
            .unwrap()
    };
    assert!(run(&["profile", "set", "--home-zone", "Europe/Berlin"])
        .status
        .success());
    assert!(run(&["profile", "set", "--home-zone", "Europe/Berlin"])
        .status
        .success());
    assert!(run(&["med", "add", "--name", "Lithium"]).status.success());
    assert!(run(&["rekey", "--new-key-env", "CADENCE_TEST_KEY"])
        .status
        .success());
    let out = run(&["med", "list"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("key"));
    let out = run(&["--key-env", "CADENCE_TEST_KEY", "med", "list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Lithium"));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("development mode"));
}

#[test]
fn without_a_key_every_run_says_the_file_is_not_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    for args in [
        &[
            "profile",
            "set",
            "--name",
            "Alex",
            "--home-zone",
            "Europe/Berlin",
        ][..],
        &["med", "add", "--name", "Lithium"],
        &["--json", "med", "list"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_cadence"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("development mode")
                && String::from_utf8_lossy(&out.stderr).contains("NOT encrypted")
        );
    }
}

#[test]
fn a_day_of_logging_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let at = ["--at", "2027-03-01T12:20:00Z"];
    let run = |args: &[&str]| {
        let mut all = at.to_vec();
        all.extend_from_slice(args);
        let out = cadence(&db, &all);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    run(&["demo"]);
    let today: serde_json::Value = serde_json::from_slice(&run(&["--json", "today"])).unwrap();
    let first = &today["groups"][0]["doses"][0];
    assert_eq!(first["medication_name"], "Sertraline");
    assert_eq!(first["status"]["status"], "due");
    let occ = first["occurrence"]["id"].as_str().unwrap();
    let g: serde_json::Value = serde_json::from_slice(&run(&["--json", "guidance", occ])).unwrap();
    assert_eq!(g["action"], "take_now");
    let e: serde_json::Value =
        serde_json::from_slice(&run(&["--json", "log", "taken", occ])).unwrap();
    assert_eq!(e["status"], "taken");
    let today: serde_json::Value = serde_json::from_slice(&run(&["--json", "today"])).unwrap();
    assert_eq!(today["groups"][0]["doses"][0]["status"]["status"], "taken");
    assert_eq!(today["taken_count"], 1);
    let g: serde_json::Value = serde_json::from_slice(&run(&["--json", "guidance", occ])).unwrap();
    assert_eq!(g["action"], "already_taken");
    let undone: serde_json::Value =
        serde_json::from_slice(&run(&["--json", "log", "undo", e["id"].as_str().unwrap()]))
            .unwrap();
    assert_eq!(undone["status"], "undone");
    let history: serde_json::Value = serde_json::from_slice(&run(&[
        "--json",
        "log",
        "history",
        e["id"].as_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(history.as_array().unwrap().len(), 2);
}

#[test]
fn a_therapist_renders_the_report_of_an_imported_update() {
    let dir = tempfile::tempdir().unwrap();
    let (client_db, therapist_db) = (dir.path().join("client.db"), dir.path().join("jo.db"));
    let run = |db: &std::path::Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cadence"))
            .arg("--db")
            .arg(db)
            .args(["--at", "2027-03-01T12:00:00Z"])
            .args(args)
            .env_remove("CADENCE_DB")
            // The demo made the client's share keys under its own secret
            // (`sync_cmd::demo::DEMO_PHONE_SECRET`), for its second device.
            .env("CLIENT_SECRET", "de".repeat(32))
            .env("JO_SECRET", "22".repeat(32))
            .output()
            .unwrap()
    };
    let ok = |db: &std::path::Path, args: &[&str]| {
        let out = run(db, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let json = |db: &std::path::Path, args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_slice(&ok(db, &all)).unwrap()
    };
    ok(&client_db, &["demo"]);
    ok(
        &therapist_db,
        &[
            "profile",
            "set",
            "--name",
            "Jo",
            "--home-zone",
            "America/New_York",
        ],
    );
    let client_keys = json(
        &client_db,
        &["share", "keys", "--secret-env", "CLIENT_SECRET"],
    );
    let jo_keys = json(
        &therapist_db,
        &["share", "keys", "--secret-env", "JO_SECRET"],
    );
    let jo = json(
        &client_db,
        &["team", "add", "--name", "Jo Park", "--role", "therapist"],
    );
    let jo_id = jo["id"].as_str().unwrap();
    let member_pairing = json(
        &client_db,
        &[
            "share",
            "pair-member",
            jo_id,
            jo_keys["pairing_code"].as_str().unwrap(),
        ],
    );
    let paired = json(
        &therapist_db,
        &[
            "share",
            "pair-client",
            "Alex",
            client_keys["pairing_code"].as_str().unwrap(),
        ],
    );
    let client_id = paired["id"].as_str().unwrap();
    // Both people compared the fingerprints: each side confirms the other's.
    ok(
        &client_db,
        &[
            "share",
            "confirm",
            member_pairing["id"].as_str().unwrap(),
            jo_keys["fingerprint"].as_str().unwrap(),
        ],
    );
    ok(
        &therapist_db,
        &[
            "share",
            "confirm",
            client_id,
            client_keys["fingerprint"].as_str().unwrap(),
        ],
    );

    // Nothing imported yet: a clear error, no file.
    let report = dir.path().join("alex.html");
    let out = run(
        &therapist_db,
        &[
            "share",
            "report",
            client_id,
            "--out",
            report.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no update from client") && err.contains("share import"),
        "{err}"
    );
    assert!(!report.exists());

    // The client shares the dose log and mood of February; Jo imports it.
    ok(
        &client_db,
        &[
            "consent",
            "grant",
            "--to",
            jo_id,
            "--categories",
            "dose_log,mood",
            "--from",
            "2027-02-01",
        ],
    );
    let bundle = dir.path().join("alex.cadence");
    ok(
        &client_db,
        &[
            "share",
            "export",
            "--to",
            jo_id,
            "--from",
            "2027-02-01",
            "--until",
            "2027-02-28",
            "--out",
            bundle.to_str().unwrap(),
            "--secret-env",
            "CLIENT_SECRET",
        ],
    );
    ok(
        &therapist_db,
        &[
            "share",
            "import",
            bundle.to_str().unwrap(),
            "--secret-env",
            "JO_SECRET",
        ],
    );

    let done = json(
        &therapist_db,
        &[
            "share",
            "report",
            client_id,
            "--out",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(done["report"], report.to_str().unwrap());
    let html = std::fs::read_to_string(&report).unwrap();
    let scope = "Shared by the client: dose log 1 Feb 2027 – 28 Feb 2027; mood 1 Feb 2027 – 28 Feb 2027. \
                 Not shared: medication list, side effects, questionnaires, substance use, goals, journal notes, care plan.";
    assert!(
        html.contains(&format!("<p class=\"meta scope\">{scope}</p>")),
        "{html}"
    );
    for id in ["calendar", "timing", "mood", "barriers"] {
        assert!(html.contains(&format!("id=\"chart-{id}\"")), "chart {id}");
    }
    assert!(
        !html.contains("id=\"chart-side-effects\""),
        "side effects not shared"
    );
    assert!(!html.contains("<h2>Medications</h2>") && !html.contains("Sertraline"));
    assert!(!html.contains("<h2>Notes the person chose to share</h2>"));

    let text =
        String::from_utf8(ok(&therapist_db, &["share", "report", client_id, "--text"])).unwrap();
    assert!(
        text.starts_with(&format!(
            "{scope}\nCadence update 2027-02-01 to 2027-02-28\nDoses taken: "
        )),
        "{text}"
    );
    assert!(!text.contains("Sertraline"), "{text}");
}
