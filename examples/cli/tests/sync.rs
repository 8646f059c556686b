//! Two of a person's devices kept in step by the `cadence` binary through a
//! shared folder: pairing by name, a dose and a private note reaching the
//! tablet, an edit coming back, a tampered file reported and left in the
//! folder while the others apply, a second sync with nothing to do, a
//! removed device getting nothing, and the demo's tablet catching up.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PHONE_SECRET: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const TABLET_SECRET: &str = "2222222222222222222222222222222222222222222222222222222222222222";
const LAPTOP_SECRET: &str = "3333333333333333333333333333333333333333333333333333333333333333";

struct Devices {
    dir: tempfile::TempDir,
}

impl Devices {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, db: &str, at: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_cadence"))
            .arg("--db")
            .arg(self.path(db))
            .args(["--at", at])
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("CADENCE_DB")
            .env("PHONE_SECRET", PHONE_SECRET)
            .env("TABLET_SECRET", TABLET_SECRET)
            .env("LAPTOP_SECRET", LAPTOP_SECRET)
            .output()
            .unwrap()
    }

    fn ok(&self, db: &str, at: &str, args: &[&str]) -> String {
        let out = self.run(db, at, args);
        assert!(
            out.status.success(),
            "{db} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, db: &str, at: &str, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(db, at, &all)).unwrap()
    }

    /// Syncs `db` through the folder `box`; the JSON summary.
    fn sync(&self, db: &str, at: &str) -> serde_json::Value {
        let var = match db {
            "phone.db" => "PHONE_SECRET",
            "laptop.db" => "LAPTOP_SECRET",
            _ => "TABLET_SECRET",
        };
        self.json(db, at, &["sync", "--dir", "box", "--secret-env", var])
    }

    fn folder(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path("box"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    }
}

const T0: &str = "2027-03-01T11:00:00Z";

/// A phone with a medication taken at breakfast and a private note, a new
/// tablet with only its share keys; each pairs the other's code and
/// confirms the fingerprint the other shows.
fn paired() -> Devices {
    let d = Devices {
        dir: tempfile::tempdir().unwrap(),
    };
    let p = "phone.db";
    d.ok(
        p,
        T0,
        &[
            "profile",
            "set",
            "--name",
            "Alex",
            "--home-zone",
            "America/New_York",
        ],
    );
    d.ok(p, T0, &["routine", "set", "breakfast", "07:30"]);
    d.ok(
        p,
        T0,
        &["med", "add", "--name", "Sertraline", "--strength", "50 mg"],
    );
    d.ok(
        p,
        T0,
        &[
            "plan",
            "set",
            "sertraline",
            "--dose",
            "50 mg",
            "--moment",
            "breakfast",
        ],
    );
    d.ok(p, T0, &["journal", "note", "only for me"]);
    // A new device starts with its share keys: that creates its file.
    assert!(!d.path("tablet.db").exists());
    let keys = |db: &str, var: &str| d.json(db, T0, &["share", "keys", "--secret-env", var]);
    let phone = keys(p, "PHONE_SECRET");
    let tablet = keys("tablet.db", "TABLET_SECRET");
    let s = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap().to_string();
    d.ok(
        p,
        T0,
        &["device", "pair", "Tablet", &s(&tablet, "pairing_code")],
    );
    d.ok(
        "tablet.db",
        T0,
        &["device", "pair", "Phone", &s(&phone, "pairing_code")],
    );
    // By a unique start of the label, as elsewhere in the CLI.
    let ok = d.ok(
        p,
        T0,
        &["device", "confirm", "tab", &s(&tablet, "fingerprint")],
    );
    assert!(ok.contains("Tablet confirmed"), "{ok}");
    d.ok(
        "tablet.db",
        T0,
        &["device", "confirm", "Phone", &s(&phone, "fingerprint")],
    );
    d
}

#[test]
fn two_devices_keep_in_step_through_a_folder() {
    let d = paired();
    let taken = d.json(
        "phone.db",
        "2027-03-01T12:40:00Z",
        &["log", "taken", "sertraline"],
    );
    assert_eq!(taken["status"], "taken");
    // The phone writes the tablet's first file: a snapshot.
    let out = d.sync("phone.db", "2027-03-01T12:45:00Z");
    assert_eq!(out["written"][0]["device"], "Tablet");
    assert_eq!(out["written"][0]["kind"], "snapshot");
    let name = out["written"][0]["file"].as_str().unwrap().to_string();
    assert_eq!(d.folder(), vec![name.clone()]);
    // The tablet applies it, deletes it, and writes its own for the phone.
    let text = d.ok(
        "tablet.db",
        "2027-03-01T12:50:00Z",
        &["sync", "--dir", "box", "--secret-env", "TABLET_SECRET"],
    );
    assert!(text.contains("Applied 1 file(s) from Phone"), "{text}");
    assert!(text.contains("Wrote 1 file(s) for Phone"), "{text}");
    assert!(!d.folder().contains(&name), "an applied file is deleted");
    // The tablet shows the dose taken, and the private note is there too.
    let today = d.ok("tablet.db", "2027-03-01T12:50:00Z", &["today"]);
    assert!(
        today.contains("Today, Monday 1 March (America/New_York): 1 of 1 doses taken"),
        "{today}"
    );
    assert_eq!(
        today,
        d.ok("phone.db", "2027-03-01T12:50:00Z", &["today"]),
        "the same Today on both"
    );
    let notes = d.ok("tablet.db", "2027-03-01T12:50:00Z", &["journal", "list"]);
    assert!(notes.contains("only for me"), "{notes}");
    // An edit on the tablet comes back to the phone.
    d.ok(
        "tablet.db",
        "2027-03-01T13:00:00Z",
        &["supply", "set", "sertraline", "30", "tablet"],
    );
    d.sync("tablet.db", "2027-03-01T13:01:00Z");
    let back = d.sync("phone.db", "2027-03-01T13:02:00Z");
    assert!(back["applied"][0]["changes"].as_u64().unwrap() > 0);
    let supply = d.ok(
        "phone.db",
        "2027-03-01T13:02:00Z",
        &["supply", "show", "sertraline"],
    );
    assert!(supply.contains("30"), "{supply}");
    // Status: the tablet listed, when last synced, nothing left unsent.
    let status = d.json("phone.db", "2027-03-01T13:03:00Z", &["sync", "status"]);
    assert_eq!(status["devices"][0]["label"], "Tablet");
    assert_eq!(status["last_synced_at"], "2027-03-01T13:02:00Z");
    assert_eq!(status["unsent_changes"], 0);
    let text = d.ok("phone.db", "2027-03-01T13:03:00Z", &["sync", "status"]);
    assert!(
        text.starts_with("Last synced: 2027-03-01 08:02 EST\n"),
        "{text}"
    );
    assert!(text.contains("Tablet (key "), "{text}");
}

#[test]
fn a_second_sync_straight_after_has_nothing_to_do() {
    let d = paired();
    let out = d.sync("phone.db", "2027-03-01T12:00:00Z");
    let name = out["written"][0]["file"].as_str().unwrap().to_string();
    let copy = std::fs::read(d.path("box").join(&name)).unwrap();
    let first = d.sync("tablet.db", "2027-03-01T12:01:00Z");
    assert_eq!(first["applied"].as_array().unwrap().len(), 1);
    // The same file back in the folder (a file-sync service restoring it):
    // recognised as applied, deleted, nothing changed.
    std::fs::write(d.path("box").join(&name), &copy).unwrap();
    let text = d.ok(
        "tablet.db",
        "2027-03-01T12:01:30Z",
        &["sync", "--dir", "box", "--secret-env", "TABLET_SECRET"],
    );
    assert_eq!(
        text.trim(),
        "Removed 1 file(s) applied here before (nothing changed)"
    );
    assert!(!d.folder().contains(&name));
    let again = d.sync("tablet.db", "2027-03-01T12:02:00Z");
    assert_eq!(
        again,
        serde_json::json!({ "written": [], "applied": [], "refused": [] })
    );
    let text = d.ok(
        "tablet.db",
        "2027-03-01T12:02:00Z",
        &["sync", "--dir", "box", "--secret-env", "TABLET_SECRET"],
    );
    assert_eq!(text.trim(), "Nothing new: no file written, none to apply");
}

#[test]
fn a_tampered_file_is_reported_and_left_while_the_others_apply() {
    let d = paired();
    let out = d.sync("phone.db", "2027-03-01T12:00:00Z");
    let name = out["written"][0]["file"].as_str().unwrap().to_string();
    // An altered copy under a name that sorts first.
    let mut bytes = std::fs::read(d.path("box").join(&name)).unwrap();
    let i = bytes.len() - 10;
    bytes[i] ^= 0x01;
    let bad = name.replace("-0000000001.", "-0000000000.");
    std::fs::write(d.path("box").join(&bad), &bytes).unwrap();
    let run = d.run(
        "tablet.db",
        "2027-03-01T12:01:00Z",
        &["sync", "--dir", "box", "--secret-env", "TABLET_SECRET"],
    );
    assert!(!run.status.success(), "a refusal is a failed exit");
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        text.contains(&format!("Refused {bad}: does not authenticate"))
            && text.contains("left in the folder"),
        "{text}"
    );
    assert!(text.contains("Applied 1 file(s) from Phone"), "{text}");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("1 file(s) were refused"), "{err}");
    assert!(d.folder().contains(&bad), "the refused file stays");
    assert!(!d.folder().contains(&name), "the good one was applied");
    let today = d.ok("tablet.db", "2027-03-01T12:01:00Z", &["today"]);
    assert!(today.contains("Sertraline 50 mg"), "{today}");
    // Still there next time, still refused, with its field in JSON.
    let run = d.run(
        "tablet.db",
        "2027-03-01T12:02:00Z",
        &[
            "--json",
            "sync",
            "--dir",
            "box",
            "--secret-env",
            "TABLET_SECRET",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["refused"][0]["file"], bad.as_str());
    assert_eq!(v["refused"][0]["field"], "sync_file.authentication");
    // Files for other devices are left alone: the phone's own, unread.
    let phone = d.sync("phone.db", "2027-03-01T12:03:00Z");
    assert!(phone["refused"].as_array().unwrap().is_empty(), "{phone}");
}

#[test]
fn devices_are_named_confirmed_by_fingerprint_and_removed_for_good() {
    let d = Devices {
        dir: tempfile::tempdir().unwrap(),
    };
    let at = T0;
    d.ok(
        "phone.db",
        at,
        &["profile", "set", "--home-zone", "Europe/Berlin"],
    );
    let none = d.ok("phone.db", at, &["device", "list"]);
    assert!(none.starts_with("No other devices yet"), "{none}");
    let tablet = d.json(
        "tablet.db",
        at,
        &["share", "keys", "--secret-env", "TABLET_SECRET"],
    );
    let code = tablet["pairing_code"].as_str().unwrap();
    let paired = d.ok("phone.db", at, &["device", "pair", "Tablet", code]);
    assert!(paired.contains("compare the fingerprint"), "{paired}");
    let list = d.ok("phone.db", at, &["device", "list"]);
    assert!(list.contains("Tablet (key ") && list.contains("not confirmed yet"));
    // A wrong fingerprint confirms nothing.
    let wrong = d.run(
        "phone.db",
        at,
        &["device", "confirm", "Tablet", "0000 0000 0000 0000 0000"],
    );
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("fingerprint"));
    // A name that matches nothing lists the devices.
    let unknown = d.run("phone.db", at, &["device", "remove", "laptop"]);
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(err.contains("the devices are: Tablet ("), "{err}");
    // Its own code is refused on the device itself.
    let own = d.run("tablet.db", at, &["device", "pair", "Me", code]);
    assert!(String::from_utf8_lossy(&own.stderr).contains("own code"));
    // By the start of its key id.
    let key = tablet["key_id"].as_str().unwrap();
    d.ok(
        "phone.db",
        at,
        &[
            "device",
            "confirm",
            &key[..8],
            tablet["fingerprint"].as_str().unwrap(),
        ],
    );
    let removed = d.ok("phone.db", at, &["device", "remove", "tablet"]);
    assert!(removed.contains("Tablet removed"), "{removed}");
    assert!(d
        .ok("phone.db", at, &["device", "list"])
        .contains("removed on"));
    // No file is made for it any more.
    d.json(
        "phone.db",
        at,
        &["share", "keys", "--secret-env", "PHONE_SECRET"],
    );
    let out = d.sync("phone.db", "2027-03-01T12:00:00Z");
    assert_eq!(out["written"], serde_json::json!([]));
}

#[test]
fn sync_needs_share_keys_and_their_secret() {
    let d = paired();
    let run = d.run(
        "phone.db",
        T0,
        &["sync", "--dir", "box", "--secret-env", "TABLET_SECRET"],
    );
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("share secret does not open"));
    assert!(!d.path("box").exists(), "nothing written, no folder made");
    d.ok(
        "plain.db",
        T0,
        &["profile", "set", "--home-zone", "Europe/Berlin"],
    );
    let run = d.run(
        "plain.db",
        T0,
        &["sync", "--dir", "box", "--secret-env", "PHONE_SECRET"],
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("no share keys yet"));
}

#[test]
fn the_demo_tablet_catches_up_through_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = |json: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_cadence"));
        c.arg("--db")
            .arg(&db)
            .args(["--at", "2027-03-01T12:00:00Z"]);
        if json {
            c.arg("--json");
        }
        let out = c.arg("demo").env_remove("CADENCE_DB").output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let text = demo(false);
    assert!(
        text.contains("(a snapshot: the tablet's first file); the tablet applied 1 (")
            && text.contains("The tablet now shows the same Today as the phone."),
        "{text}"
    );
    let tablet = dir.path().join("demo.tablet.db");
    assert!(tablet.exists() && Path::new(&dir.path().join("demo.sync")).is_dir());
    // The tablet's own file, read by the same binary, says the same.
    let today = |db: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_cadence"))
            .arg("--db")
            .arg(db)
            .args(["--at", "2027-03-01T12:00:00Z", "today"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let on_tablet = today(&tablet);
    assert!(
        on_tablet.starts_with("Today, Monday 1 March (America/New_York)"),
        "{on_tablet}"
    );
    assert_eq!(on_tablet, today(&db));
    // Run again: already paired, still in step.
    let v: serde_json::Value = serde_json::from_str(&demo(true)).unwrap();
    assert_eq!(v["second_device"]["same_today"], true);
    assert!(v["second_device"]["tablet_refused"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn a_device_paired_on_the_phone_only_joins_the_tablet_too() {
    let d = paired();
    d.sync("phone.db", "2027-03-01T12:00:00Z");
    d.sync("tablet.db", "2027-03-01T12:01:00Z");
    // The laptop and the phone pair each other; the tablet is not touched.
    let keys = |db: &str, var: &str| d.json(db, T0, &["share", "keys", "--secret-env", var]);
    let laptop = keys("laptop.db", "LAPTOP_SECRET");
    let phone = keys("phone.db", "PHONE_SECRET");
    let s = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap().to_string();
    d.ok(
        "phone.db",
        T0,
        &["device", "pair", "Laptop", &s(&laptop, "pairing_code")],
    );
    d.ok(
        "phone.db",
        T0,
        &["device", "confirm", "laptop", &s(&laptop, "fingerprint")],
    );
    d.ok(
        "laptop.db",
        T0,
        &["device", "pair", "Phone", &s(&phone, "pairing_code")],
    );
    d.ok(
        "laptop.db",
        T0,
        &["device", "confirm", "phone", &s(&phone, "fingerprint")],
    );
    d.sync("phone.db", "2027-03-01T12:10:00Z");
    // The tablet learns of the laptop from the phone and sends it its first file.
    let tablet = d.sync("tablet.db", "2027-03-01T12:11:00Z");
    assert!(
        tablet["written"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["device"] == "Laptop" && w["kind"] == "snapshot"),
        "{tablet}"
    );
    // The tablet's file for the laptop, renamed to sort before the phone's:
    // the laptop reads it before it knows the tablet, and still applies it
    // in the same sync, once the phone's snapshot named the tablet.
    let for_laptop = tablet["written"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["device"] == "Laptop")
        .unwrap()["file"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::rename(
        d.path("box").join(&for_laptop),
        d.path("box")
            .join(format!("cadence-00000000{}", &for_laptop[16..])),
    )
    .unwrap();
    let laptop_sync = d.sync("laptop.db", "2027-03-01T12:12:00Z");
    assert_eq!(
        laptop_sync["refused"],
        serde_json::json!([]),
        "{laptop_sync}"
    );
    let from: Vec<&str> = laptop_sync["applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["device"].as_str().unwrap())
        .collect();
    assert!(
        from.contains(&"Tablet") && from.contains(&"Phone"),
        "{from:?}"
    );
    let list = d.ok("laptop.db", "2027-03-01T12:12:00Z", &["device", "list"]);
    assert!(
        list.contains("Tablet (key ") && list.contains("Phone (key "),
        "{list}"
    );
    assert_eq!(
        d.ok("laptop.db", "2027-03-01T12:40:00Z", &["today"]),
        d.ok("tablet.db", "2027-03-01T12:40:00Z", &["today"])
    );
}
