//! Shared set-up for the reminder integration tests: a person in New York
//! with medications on routine-anchored or clock-time plans.
#![allow(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use cadence_core::model::{
    DoseAction, DoseForm, DoseWarning, MedicationInput, ProfileInput, Strength,
};
use cadence_core::reminders::{Notification, NotificationKind, ReminderPlan};
use cadence_core::schedule::{Dose, DoseOccurrence, DosingPlan, EventTiming, TakenDose, Timing};
use cadence_core::App;

pub const NY: Tz = chrono_tz::America::New_York;

/// A local instant in New York.
pub fn ny(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    NY.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

pub fn no_limits(_: &[TakenDose], _: f64, _: DateTime<Utc>) -> Vec<DoseWarning> {
    Vec::new()
}

pub struct Client {
    pub _dir: tempfile::TempDir,
    pub store: App,
}

/// A fresh client in New York, set up at `now`.
pub fn client(now: DateTime<Utc>) -> Client {
    let dir = tempfile::tempdir().unwrap();
    let store = App::open(dir.path().join("c.db"), None).unwrap();
    store
        .set_profile(
            &ProfileInput {
                display_name: String::new(),
                home_zone: NY,
                current_zone: NY,
            },
            now,
        )
        .unwrap();
    Client { _dir: dir, store }
}

impl Client {
    /// Adds a medication with one plan (from `start`) and returns its id.
    pub fn med(
        &self,
        name: &str,
        mg: f64,
        timing: Timing,
        start: NaiveDate,
        now: DateTime<Utc>,
    ) -> String {
        let med = self
            .store
            .add_medication(
                &MedicationInput {
                    name: name.into(),
                    strength: Some(Strength {
                        amount: mg,
                        unit: "mg".into(),
                    }),
                    form: DoseForm::Tablet,
                    instructions: String::new(),
                    prescriber_notes: String::new(),
                    expected_onset: None,
                    started_on: None,
                },
                now,
            )
            .unwrap()
            .id;
        let mut plan = DosingPlan::new("", "", Dose::new(mg, "mg"), timing);
        plan.start = Some(start);
        self.store.add_plan(&med, &plan, now).unwrap();
        med
    }

    pub fn bedtime(&self, name: &str, mg: f64, start: NaiveDate, now: DateTime<Utc>) -> String {
        self.med(
            name,
            mg,
            Timing::daily_when(&[EventTiming::Hs], None),
            start,
            now,
        )
    }

    pub fn at_times(
        &self,
        name: &str,
        times: &[NaiveTime],
        start: NaiveDate,
        now: DateTime<Utc>,
    ) -> String {
        self.med(name, 50.0, Timing::daily_at(times), start, now)
    }

    pub fn occurrence(&self, id: &str, from: NaiveDate, to: NaiveDate) -> DoseOccurrence {
        self.store
            .occurrences(from, to)
            .unwrap()
            .into_iter()
            .find(|o| o.id == id)
            .unwrap()
    }

    pub fn log_taken(&self, occ: &DoseOccurrence, at: DateTime<Utc>) {
        self.store
            .log_dose(
                &occ.id,
                &DoseAction::Taken {
                    at: Some(at),
                    amount: None,
                    early: false,
                },
                at,
            )
            .unwrap();
    }

    pub fn plan(&self, now: DateTime<Utc>, limit: u32) -> ReminderPlan {
        self.store.reminder_plan(now, limit).unwrap()
    }
}

/// The notifications of a kind.
pub fn of_kind(plan: &ReminderPlan, kind: NotificationKind) -> Vec<&Notification> {
    plan.notifications
        .iter()
        .filter(|n| n.kind == kind)
        .collect()
}

/// Each occurrence's first-reminder count must be exactly one.
pub fn reminders_per_occurrence(plan: &ReminderPlan) -> std::collections::HashMap<String, usize> {
    let mut m = std::collections::HashMap::new();
    for n in of_kind(plan, NotificationKind::Dose) {
        for o in &n.occurrence_ids {
            *m.entry(o.clone()).or_insert(0) += 1;
        }
    }
    m
}

pub fn ids(plan: &ReminderPlan) -> Vec<String> {
    plan.notifications.iter().map(|n| n.id.clone()).collect()
}

pub fn minutes(n: i64) -> Duration {
    Duration::minutes(n)
}
