//! Row decoding is strict: a stored code, date, time, zone, number or JSON
//! document that this build never writes is `Error::Corrupt`, naming the
//! table and column but never the value, and never read as a default or
//! dropped. Each test writes a good row through the store (or with raw SQL),
//! damages one column with raw SQL on the same (unencrypted) file, reads it
//! back through the store, and puts the row back.

use std::path::PathBuf;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::Connection;

use cadence_core::care::{
    CareMemberInput, ConsentCategory, ConsentGrantInput, ContactChannel, GrantKind, MemberRole,
};
use cadence_core::guidance::MissedDoseRule;
use cadence_core::journal::{
    EntryDetail, EscalationAction, EscalationRuleInput, EscalationTrigger, JournalEntryInput,
    JournalQuery, Severity, SideEffect, Symptom,
};
use cadence_core::model::{
    DayKind, DoseForm, DoseKind, DoseLogEdit, DoseWarning, MedicationInput, ProfileInput,
    RoutineEvent, RoutineOverride, RoutineTime, UnscheduledDose,
};
use cadence_core::schedule::{Dose, DosingPlan, TakenDose, Timing};
use cadence_core::{App, Error, Result, Store};

/// The damaged value: it must never show in an error message.
const BAD: &str = "BOGUS-private";

const BERLIN: chrono_tz::Tz = chrono_tz::Europe::Berlin;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
}

fn no_limits(_: &[TakenDose], _: f64, _: DateTime<Utc>) -> Vec<DoseWarning> {
    Vec::new()
}

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let store = Store::open(&path, None).unwrap();
        Db {
            _dir: dir,
            path,
            store,
        }
    }

    /// A raw connection on the same file that may break the CHECK
    /// constraints (the damage a bug, a tool or a bad sector could do).
    fn raw(&self) -> Connection {
        let c = Connection::open(&self.path).unwrap();
        c.execute_batch("PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF;")
            .unwrap();
        c
    }

    fn sql(&self, sql: &str) {
        self.raw()
            .execute_batch(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    fn profile(&self) {
        self.store
            .set_profile(
                &ProfileInput {
                    display_name: String::new(),
                    home_zone: BERLIN,
                    current_zone: BERLIN,
                },
                now() - Duration::days(30),
            )
            .unwrap();
    }

    fn medication(&self) -> String {
        self.store
            .add_medication(
                &MedicationInput {
                    name: "Sertraline".into(),
                    strength: None,
                    form: DoseForm::Tablet,
                    instructions: String::new(),
                    prescriber_notes: String::new(),
                    expected_onset: None,
                    started_on: Some(today() - Duration::days(30)),
                },
                now() - Duration::days(30),
            )
            .unwrap()
            .id
    }

    fn plan(&self, medication_id: &str) -> String {
        let mut p = DosingPlan::new(
            "",
            "",
            Dose::new(50.0, "mg"),
            Timing::daily_at(&[NaiveTime::from_hms_opt(8, 0, 0).unwrap()]),
        );
        p.start = Some(today() - Duration::days(10));
        self.store
            .add_plan(medication_id, &p, now() - Duration::days(10))
            .unwrap()
            .id
    }

    /// Checks `read` works, damages `table` with `damage`, checks `read` is
    /// now `Corrupt` naming `column`, then restores the table and checks
    /// `read` works again.
    fn damage<T: std::fmt::Debug>(
        &self,
        table: &str,
        damage: &str,
        column: &str,
        read: impl Fn(&Store) -> Result<T>,
    ) {
        read(&self.store).unwrap_or_else(|e| panic!("{column}: read before the damage: {e}"));
        let c = self.raw();
        c.execute_batch(&format!(
            "DROP TABLE IF EXISTS temp.saved; CREATE TEMP TABLE saved AS SELECT * FROM {table};"
        ))
        .unwrap();
        c.execute_batch(damage)
            .unwrap_or_else(|e| panic!("{damage}: {e}"));
        let got = read(&self.store);
        c.execute_batch(&format!(
            "DELETE FROM main.{table}; INSERT INTO main.{table} SELECT * FROM temp.saved;"
        ))
        .unwrap();
        assert_corrupt(got, column);
        read(&self.store).unwrap_or_else(|e| panic!("{column}: read once restored: {e}"));
    }
}

/// `r` is `Corrupt`, its message names `column` and not the damaged value.
fn assert_corrupt<T: std::fmt::Debug>(r: Result<T>, column: &str) {
    match r {
        Err(Error::Corrupt(msg)) => {
            assert!(msg.contains(column), "{msg:?} should name {column}");
            assert!(!msg.contains(BAD), "{msg:?} shows the stored value");
        }
        other => panic!("{column}: expected Corrupt, got {other:?}"),
    }
}

// ---------------------------------------------------------------- dose log

fn logged(db: &Db) -> String {
    let med = db.medication();
    let dose = UnscheduledDose {
        medication_id: med,
        kind: DoseKind::Extra,
        taken_at: now() - Duration::hours(1),
        amount: 50.0,
        unit: "mg".into(),
        note: String::new(),
    };
    db.store
        .log_unscheduled(&dose, now(), &no_limits)
        .unwrap()
        .id
}

#[test]
fn dose_log_rows_with_an_unknown_status_kind_reason_date_or_warnings_are_corrupt() {
    let db = Db::new();
    let id = logged(&db);
    let one = |s: &Store| s.log_entry(&id);
    let all = |s: &Store| s.logs_between(now() - Duration::days(1), now());
    // Before: an unknown status read as Undone, a kind as Scheduled, a bad
    // reason or date as none and bad warnings as none.
    for (set, column) in [
        (format!("status = '{BAD}'"), "dose_log.status"),
        (format!("kind = '{BAD}'"), "dose_log.kind"),
        (format!("skip_reason = '{BAD}'"), "dose_log.skip_reason"),
        (
            "local_date = '2027-02-30'".to_string(),
            "dose_log.local_date",
        ),
        (format!("warnings = '{BAD}'"), "dose_log.warnings"),
        (
            "warnings = '[{\"code\":\"no_such_warning\"}]'".to_string(),
            "dose_log.warnings",
        ),
    ] {
        let damage = format!("UPDATE dose_log SET {set}");
        db.damage("dose_log", &damage, column, one);
        db.damage("dose_log", &damage, column, all);
    }
    // Numbers and instants out of range (rusqlite's own conversion failures)
    // are Corrupt too, not a storage error.
    for set in ["version = -1", "created_at = 9223372036854775807"] {
        db.damage(
            "dose_log",
            &format!("UPDATE dose_log SET {set}"),
            "stored",
            one,
        );
    }
}

#[test]
fn dose_log_history_with_an_unknown_status_or_reason_is_corrupt() {
    let db = Db::new();
    let id = logged(&db);
    let edit = DoseLogEdit {
        note: Some("later".into()),
        ..DoseLogEdit::default()
    };
    db.store.edit_log(&id, &edit, now(), &no_limits).unwrap();
    let history = |s: &Store| s.log_history(&id);
    assert_eq!(history(&db.store).unwrap().len(), 2);
    db.damage(
        "dose_log_version",
        &format!("UPDATE dose_log_version SET status = '{BAD}'"),
        "dose_log_version.status",
        history,
    );
    db.damage(
        "dose_log_version",
        &format!("UPDATE dose_log_version SET skip_reason = '{BAD}'"),
        "dose_log_version.skip_reason",
        history,
    );
}

// ------------------------------------------------------------- medications

#[test]
fn medication_rows_with_an_unknown_form_or_status_or_a_bad_date_are_corrupt() {
    let db = Db::new();
    let med = db.medication();
    db.store
        .stop_medication(&med, today(), now() - Duration::days(1))
        .unwrap();
    let one = |s: &Store| s.medication(&med);
    let all = |s: &Store| s.medications(true);
    // Before: an unknown form read as Other, a status as Active, a bad date
    // as none.
    for (set, column) in [
        (format!("form = '{BAD}'"), "medication.form"),
        (format!("status = '{BAD}'"), "medication.status"),
        (
            "started_on = '2027-02-30'".to_string(),
            "medication.started_on",
        ),
        (format!("stopped_on = '{BAD}'"), "medication.stopped_on"),
    ] {
        let damage = format!("UPDATE medication SET {set}");
        db.damage("medication", &damage, column, one);
        db.damage("medication", &damage, column, all);
    }
}

#[test]
fn the_history_context_does_not_drop_a_plan_whose_medication_row_is_damaged() {
    let db = Db::new();
    db.profile();
    let med = db.medication();
    db.plan(&med);
    db.store
        .stop_medication(&med, today(), now() - Duration::days(1))
        .unwrap();
    let history = |s: &Store| s.history_context();
    assert_eq!(history(&db.store).unwrap().plans.len(), 1);
    // Before: a stopped medication with an unreadable stop date lost its
    // plans from history, and an unknown status counted as active.
    db.damage(
        "medication",
        &format!("UPDATE medication SET stopped_on = '{BAD}'"),
        "medication.stopped_on",
        history,
    );
    db.damage(
        "medication",
        &format!("UPDATE medication SET status = '{BAD}'"),
        "medication.status",
        history,
    );
}

// ---------------------------------------------------------- plans, history

#[test]
fn plan_specs_and_zone_and_routine_history_that_do_not_parse_are_corrupt() {
    let db = Db::new();
    db.profile();
    let med = db.medication();
    let plan = db.plan(&med);
    db.store
        .set_current_zone(chrono_tz::America::New_York, now() - Duration::days(2))
        .unwrap();
    db.store
        .set_routine_times(
            &[RoutineTime {
                event: RoutineEvent::Breakfast,
                day_kind: DayKind::Weekday,
                time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            }],
            now() - Duration::days(1),
        )
        .unwrap();
    let spec = format!("UPDATE dosing_plan SET spec = '{BAD}'");
    db.damage("dosing_plan", &spec, "dosing_plan.spec", |s| s.plan(&plan));
    db.damage("dosing_plan", &spec, "dosing_plan.spec", |s| {
        s.plans_of(&med)
    });
    db.damage(
        "dosing_plan",
        &spec,
        "dosing_plan.spec",
        Store::schedule_context,
    );
    // Before: a zone that does not exist was "invalid input" on a read.
    db.damage(
        "zone_change",
        "UPDATE zone_change SET zone = 'Mars/Olympus_Mons'",
        "zone_change.zone",
        Store::schedule_context,
    );
    db.damage(
        "routine_change",
        &format!("UPDATE routine_change SET routine = '{BAD}'"),
        "routine_change.routine",
        Store::schedule_context,
    );
}

// ------------------------------------------------------- profile, routine

#[test]
fn the_profile_and_routine_with_an_unknown_zone_event_day_kind_time_or_date_are_corrupt() {
    let db = Db::new();
    db.profile();
    db.store
        .set_routine_times(
            &[RoutineTime {
                event: RoutineEvent::Breakfast,
                day_kind: DayKind::Weekend,
                time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            }],
            now() - Duration::days(2),
        )
        .unwrap();
    db.store
        .set_routine_override(
            &RoutineOverride {
                date: today(),
                event: RoutineEvent::Wake,
                time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            },
            now() - Duration::days(1),
        )
        .unwrap();
    for (set, column) in [
        ("home_zone = 'Mars/Olympus_Mons'", "profile.home_zone"),
        ("current_zone = 'Mars/Olympus_Mons'", "profile.current_zone"),
    ] {
        let damage = format!("UPDATE profile SET {set}");
        db.damage("profile", &damage, column, Store::profile);
    }
    // With no zone history yet, schedules read the profile's zone.
    db.damage(
        "profile",
        "UPDATE profile SET current_zone = 'Mars/Olympus_Mons'",
        "profile.current_zone",
        Store::schedule_context,
    );
    // Before: an unknown day kind read as a weekday; the others were
    // "invalid input" on a read.
    for (table, set, column) in [
        (
            "routine_time",
            format!("event = '{BAD}'"),
            "routine_time.event",
        ),
        (
            "routine_time",
            format!("day_kind = '{BAD}'"),
            "routine_time.day_kind",
        ),
        (
            "routine_time",
            "time = '25:00'".to_string(),
            "routine_time.time",
        ),
        (
            "routine_override",
            "date = '2027-02-30'".to_string(),
            "routine_override.date",
        ),
        (
            "routine_override",
            format!("event = '{BAD}'"),
            "routine_override.event",
        ),
        (
            "routine_override",
            "time = '7 pm'".to_string(),
            "routine_override.time",
        ),
    ] {
        let damage = format!("UPDATE {table} SET {set}");
        db.damage(table, &damage, column, Store::routine);
    }
}

// -------------------------------------------------------------- care team

#[test]
fn care_rows_with_an_unknown_role_channel_kind_or_category_or_a_bad_date_are_corrupt() {
    let db = Db::new();
    let member = db
        .store
        .add_care_member(
            &CareMemberInput {
                name: "Dr Example".into(),
                role: MemberRole::Therapist,
                channel: ContactChannel::Portal,
                contact: String::new(),
                notes: String::new(),
            },
            now() - Duration::days(3),
        )
        .unwrap();
    db.store
        .grant_consent(
            &ConsentGrantInput {
                member_id: member.id.clone(),
                kind: GrantKind::Data,
                categories: vec![ConsentCategory::Mood, ConsentCategory::DoseLog],
                data_from: today() - Duration::days(30),
                data_to: Some(today()),
                expires_at: None,
                purpose: String::new(),
            },
            now() - Duration::days(2),
        )
        .unwrap();
    // Before: an unknown role read as Other, a channel as Unspecified.
    for (set, column) in [
        (format!("role = '{BAD}'"), "care_member.role"),
        (format!("channel = '{BAD}'"), "care_member.channel"),
    ] {
        let damage = format!("UPDATE care_member SET {set}");
        db.damage("care_member", &damage, column, |s| {
            s.care_member(&member.id)
        });
        db.damage("care_member", &damage, column, Store::care_members);
    }
    // Before: an unknown kind read as a data grant, unknown categories were
    // dropped (the grant then covered less, or looked like it covered more).
    for (set, column) in [
        (format!("kind = '{BAD}'"), "consent_grant.kind"),
        (
            format!("categories = 'mood,{BAD}'"),
            "consent_grant.categories",
        ),
        (
            "data_from = '2027-02-30'".to_string(),
            "consent_grant.data_from",
        ),
        (format!("data_to = '{BAD}'"), "consent_grant.data_to"),
    ] {
        let damage = format!("UPDATE consent_grant SET {set}");
        db.damage("consent_grant", &damage, column, |s| {
            s.consent_grants(None, now())
        });
    }
}

#[test]
fn audit_entries_with_an_unknown_role_kind_or_category_or_bad_documents_are_corrupt() {
    let db = Db::new();
    let row = |role: &str, kind: &str, grants: &str, categories: &str, from: &str, counts: &str| {
        format!(
            "DELETE FROM disclosure_audit;
             INSERT INTO disclosure_audit (id, member_id, member_name, member_role, kind,
               grant_ids, categories, data_from, data_to, record_counts, total_records,
               sha256, disclosed_at)
             VALUES ('6f1c1f9e-0d7a-4b53-9a53-0c0b8a0e1f11', '0b9a3c1e-5d55-4a0c-8f71-1c2b3d4e5f60',
               'Dr Example', '{role}', '{kind}', '{grants}', '{categories}', '{from}', NULL,
               '{counts}', 3, '', 1790000000000);"
        )
    };
    let good = row(
        "therapist",
        "share_bundle",
        "[\"0b9a3c1e-5d55-4a0c-8f71-1c2b3d4e5f61\"]",
        "mood",
        "2027-01-01",
        "[{\"category\":\"mood\",\"count\":3}]",
    );
    db.sql(&good);
    assert_eq!(db.store.audit_log().unwrap().len(), 1);
    // The log is append-only (an UPDATE trigger): damage is a replaced row.
    // Before: an unknown role read as Other, a kind as a report, unknown
    // categories were dropped.
    for (damage, column) in [
        (
            row(BAD, "report", "[]", "mood", "2027-01-01", "[]"),
            "disclosure_audit.member_role",
        ),
        (
            row("therapist", BAD, "[]", "mood", "2027-01-01", "[]"),
            "disclosure_audit.kind",
        ),
        (
            row("therapist", "report", BAD, "mood", "2027-01-01", "[]"),
            "disclosure_audit.grant_ids",
        ),
        (
            row("therapist", "report", "[]", BAD, "2027-01-01", "[]"),
            "disclosure_audit.categories",
        ),
        (
            row("therapist", "report", "[]", "mood", BAD, "[]"),
            "disclosure_audit.data_from",
        ),
        (
            row("therapist", "report", "[]", "mood", "2027-01-01", BAD),
            "disclosure_audit.record_counts",
        ),
    ] {
        db.damage("disclosure_audit", &damage, column, Store::audit_log);
    }
}

#[test]
fn a_care_plan_that_does_not_parse_is_corrupt() {
    let db = Db::new();
    assert_eq!(db.store.care_plan().unwrap(), None);
    db.sql(&format!(
        "INSERT INTO care_plan (id, spec, version, updated_at) VALUES (1, '{BAD}', 1, 0)"
    ));
    assert_corrupt(db.store.care_plan(), "care_plan.spec");
}

// ---------------------------------------------------------------- journal

fn side_effect_entry(db: &Db, med: &str) -> String {
    let input = JournalEntryInput {
        occurred_at: now() - Duration::hours(1),
        zone: BERLIN,
        detail: EntryDetail::SideEffect {
            side_effect: SideEffect {
                symptom: Symptom::ALL[0],
                description: String::new(),
                severity: Severity::Moderate,
                started_on: None,
                resolved_on: None,
                medication_ids: vec![med.to_string()],
                bother: Some(5),
                prescriber_knows: false,
            },
        },
        note: String::new(),
        shareable: false,
        goal_ids: vec![],
    };
    db.store.add_journal_entry(&input, now()).unwrap().0.id
}

#[test]
fn journal_entries_with_an_unknown_kind_zone_date_or_detail_are_corrupt() {
    let db = Db::new();
    let med = db.medication();
    let id = side_effect_entry(&db, &med);
    let one = |s: &Store| s.journal_entry(&id);
    let page = |s: &Store| s.journal_entries(&JournalQuery::default());
    for (set, column) in [
        (format!("kind = '{BAD}'"), "journal_entry.kind"),
        (
            "zone = 'Mars/Olympus_Mons'".to_string(),
            "journal_entry.zone",
        ),
        (
            "local_date = '2027-02-30'".to_string(),
            "journal_entry.local_date",
        ),
        (format!("detail = '{BAD}'"), "journal_entry.detail"),
    ] {
        let damage = format!("UPDATE journal_entry SET {set}");
        db.damage("journal_entry", &damage, column, one);
        db.damage("journal_entry", &damage, column, page);
    }
}

#[test]
fn journal_history_snapshots_that_do_not_parse_are_corrupt() {
    let db = Db::new();
    let med = db.medication();
    let id = side_effect_entry(&db, &med);
    db.sql(&format!(
        "INSERT INTO journal_entry_version (entry_id, version, snapshot, replaced_at)
         VALUES ('{id}', 1, '{BAD}', 0)"
    ));
    assert_corrupt(
        db.store.journal_entry_history(&id),
        "journal_entry_version.snapshot",
    );
}

#[test]
fn daily_summaries_with_an_unknown_severity_substance_or_instrument_are_corrupt() {
    let db = Db::new();
    let med = db.medication();
    side_effect_entry(&db, &med);
    let summaries = |s: &Store| {
        App::open(s.path(), None)?.daily_summaries(today() - Duration::days(1), today())
    };
    // Before: a rank above 3 read as severe, unknown substances and
    // instruments as none (the day's figures quietly lost them).
    for (set, column) in [
        ("severity = 7", "journal_entry.severity"),
        ("substance = 'BOGUS-private'", "journal_entry.substance"),
        ("instrument = 'BOGUS-private'", "journal_entry.instrument"),
        ("kind = 'BOGUS-private'", "journal_entry.kind"),
        ("local_date = '2027-02-30'", "journal_entry.local_date"),
    ] {
        let damage = format!("UPDATE journal_entry SET {set}");
        db.damage("journal_entry", &damage, column, summaries);
    }
}

#[test]
fn goals_with_an_unknown_area_are_corrupt() {
    let db = Db::new();
    db.sql(
        "INSERT INTO journal_goal (id, area, title, why, active, created_at, updated_at)
         VALUES ('6f1c1f9e-0d7a-4b53-9a53-0c0b8a0e1f12', 'sleep', 'Sleep by 23:00', '', 1, 0, 0)",
    );
    // Before: an unknown area read as Other.
    db.damage(
        "journal_goal",
        &format!("UPDATE journal_goal SET area = '{BAD}'"),
        "journal_goal.area",
        |s| s.goals(true),
    );
    db.damage(
        "journal_goal",
        &format!("UPDATE journal_goal SET area = '{BAD}'"),
        "journal_goal.area",
        |s| s.goal("6f1c1f9e-0d7a-4b53-9a53-0c0b8a0e1f12"),
    );
}

#[test]
fn escalation_rules_contacts_and_the_medications_they_read_are_strict() {
    let db = Db::new();
    let med = db.medication();
    let entry = side_effect_entry(&db, &med);
    db.store
        .add_escalation_rule(
            &EscalationRuleInput {
                trigger: EscalationTrigger::SideEffectAtLeast {
                    min_severity: Severity::Mild,
                },
                action: EscalationAction::ContactPrescriber,
                instructions: String::new(),
            },
            now(),
        )
        .unwrap();
    db.sql(
        "INSERT INTO escalation_care_contact (position, role, name, phone)
         VALUES (0, 'prescriber', 'Dr Rivera', '+49 30 1234567')",
    );
    for (set, column) in [
        (
            format!("trigger_doc = '{BAD}'"),
            "escalation_rule.trigger_doc",
        ),
        (format!("action = '{BAD}'"), "escalation_rule.action"),
    ] {
        let damage = format!("UPDATE escalation_rule SET {set}");
        db.damage("escalation_rule", &damage, column, Store::escalation_rules);
    }
    // Before: an unknown contact role read as Other.
    let damage = format!("UPDATE escalation_care_contact SET role = '{BAD}'");
    db.damage(
        "escalation_care_contact",
        &damage,
        "escalation_care_contact.role",
        Store::escalation_contacts,
    );
    // Evaluating an entry reads the medications on its date. Before: an
    // unreadable start or stop date counted as none, any status but
    // `active` as stopped.
    let escalations = |s: &Store| App::open(s.path(), None)?.journal_entry_escalations(&entry);
    for (set, column) in [
        (format!("status = '{BAD}'"), "medication.status"),
        (
            "started_on = '2027-02-30'".to_string(),
            "medication.started_on",
        ),
        (format!("stopped_on = '{BAD}'"), "medication.stopped_on"),
    ] {
        let damage = format!("UPDATE medication SET {set}");
        db.damage("medication", &damage, column, escalations);
    }
}

// -------------------------------------------------------------- reminders

#[test]
fn check_ins_with_an_unknown_day_or_a_bad_time_or_date_are_corrupt() {
    let db = Db::new();
    db.sql(
        "INSERT INTO reminder_check_in (id, label, instrument, days, time, last_done_on,
           created_at, updated_at)
         VALUES ('6f1c1f9e-0d7a-4b53-9a53-0c0b8a0e1f13', 'PHQ-9', 'phq9', 'mon,thu', '20:00',
           '2027-02-25', 0, 0)",
    );
    // Before: "invalid input" on a read.
    for (set, column) in [
        ("days = 'mon,BOGUS-private'", "reminder_check_in.days"),
        ("time = '25:00'", "reminder_check_in.time"),
        (
            "last_done_on = '2027-02-30'",
            "reminder_check_in.last_done_on",
        ),
    ] {
        let damage = format!("UPDATE reminder_check_in SET {set}");
        db.damage("reminder_check_in", &damage, column, Store::check_ins);
    }
}

#[test]
fn issued_notifications_with_an_unknown_kind_or_a_bad_occurrence_list_are_corrupt() {
    let db = Db::new();
    let id = "6f1c1f9e-0d7a-4b53-9a53-0c0b8a0e1f14";
    let fire = (now() - Duration::hours(2)).timestamp_millis();
    db.sql(&format!(
        "INSERT INTO reminder_issued (notification_id, kind, fire_at, occurrence_ids, scheduled_at)
         VALUES ('{id}', 'dose', {fire}, '[]', {fire})"
    ));
    // Before: an unknown kind read as a dose reminder.
    for (set, column) in [
        (format!("kind = '{BAD}'"), "reminder_issued.kind"),
        (
            format!("occurrence_ids = '{BAD}'"),
            "reminder_issued.occurrence_ids",
        ),
    ] {
        let damage = format!("UPDATE reminder_issued SET {set}");
        db.damage("reminder_issued", &damage, column, |s| {
            App::open(s.path(), None)?.delivery_check(now())
        });
    }
    // Snoozing by notification id reads its occurrences (none here: the
    // dose is not found, which is not corruption).
    let snooze = |s: &Store| match App::open(s.path(), None)?.snooze(id, 10, now()) {
        Err(Error::NotFound { .. }) => Ok(()),
        other => other.map(|_| ()),
    };
    db.damage(
        "reminder_issued",
        &format!("UPDATE reminder_issued SET occurrence_ids = '{BAD}'"),
        "reminder_issued.occurrence_ids",
        snooze,
    );
}

#[test]
fn missed_dose_rules_that_do_not_parse_are_corrupt() {
    let db = Db::new();
    db.profile();
    let med = db.medication();
    db.plan(&med);
    db.store
        .set_missed_dose_rule(&med, &MissedDoseRule::default(), now())
        .unwrap();
    let damage = format!("UPDATE missed_dose_rule SET rule = '{BAD}'");
    let column = "missed_dose_rule.rule";
    db.damage("missed_dose_rule", &damage, column, |s| {
        s.missed_dose_rule(&med)
    });
    db.damage(
        "missed_dose_rule",
        &damage,
        column,
        Store::missed_dose_rules,
    );
    db.damage("missed_dose_rule", &damage, column, |s| {
        App::open(s.path(), None)?.reminder_plan(now(), 10)
    });
}

// ------------------------------------------------------------------ share

const PEER: &str = "6f1c1f9e-0d7a-4b53-9a53-0c0b8a0e1f15";

#[test]
fn share_peers_with_an_unknown_role_a_bad_key_or_a_negative_sequence_are_corrupt() {
    let db = Db::new();
    db.sql(&format!(
        "INSERT INTO share_peer (id, role, key_id, sign_public, kem_public, member_id, label,
           paired_at, last_sequence)
         VALUES ('{PEER}', 'client', 'k1', zeroblob(32), zeroblob(32), NULL, 'Sam', 0, 4)"
    ));
    // Before: an unknown role read as a client, a negative sequence as 0
    // (the next bundle would reuse a sequence number).
    for (set, column) in [
        (format!("role = '{BAD}'"), "share_peer.role"),
        ("last_sequence = -1".to_string(), "share_peer.last_sequence"),
        (
            "sign_public = x'0102'".to_string(),
            "share_peer.sign_public",
        ),
        (
            "kem_public = zeroblob(31)".to_string(),
            "share_peer.kem_public",
        ),
    ] {
        let damage = format!("UPDATE share_peer SET {set}");
        db.damage("share_peer", &damage, column, Store::paired_keys);
    }
    let damage = "UPDATE share_peer SET last_sequence = -1";
    db.damage(
        "share_peer",
        damage,
        "share_peer.last_sequence",
        Store::share_clients,
    );
}

#[test]
fn a_share_identity_with_a_key_of_the_wrong_size_is_corrupt() {
    let db = Db::new();
    db.sql(
        "INSERT INTO share_identity (id, key_id, sign_public, kem_public, wrapped_secret, created_at)
         VALUES (1, 'k0', zeroblob(32), zeroblob(32), x'00', 0)",
    );
    db.damage(
        "share_identity",
        "UPDATE share_identity SET sign_public = x'0102'",
        "share_identity.sign_public",
        Store::share_identity,
    );
}

#[test]
fn imported_bundles_with_a_bad_sequence_period_or_content_are_corrupt() {
    let db = Db::new();
    let row = |sequence: &str, from: &str, to: &str, content: &str| {
        format!(
            "DELETE FROM share_bundle;
             INSERT INTO share_bundle (id, client_id, sequence, period_from, period_to,
               created_at, imported_at, sha256, content)
             VALUES ('6f1c1f9e-0d7a-4b53-9a53-0c0b8a0e1f16', '{PEER}', {sequence}, '{from}',
               '{to}', 0, 0, '', '{content}')"
        )
    };
    let bundles = |s: &Store| s.client_bundles(PEER);
    assert!(bundles(&db.store).unwrap().is_empty());
    // Before: a negative sequence read as 0.
    for (damage, column) in [
        (
            row("-1", "2027-02-01", "2027-02-28", "{}"),
            "share_bundle.sequence",
        ),
        (
            row("1", BAD, "2027-02-28", "{}"),
            "share_bundle.period_from",
        ),
        (
            row("1", "2027-02-01", "2027-02-30", "{}"),
            "share_bundle.period_to",
        ),
        (
            row("1", "2027-02-01", "2027-02-28", BAD),
            "share_bundle.content",
        ),
    ] {
        db.damage("share_bundle", &damage, column, bundles);
    }
}
