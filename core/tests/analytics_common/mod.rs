//! Hand-built histories for the analytics and report tests.
#![allow(dead_code)]

use cadence_core::analytics::StatsInput;
use cadence_core::model::{
    DoseForm, DoseKind, DoseLogEntry, LogStatus, Medication, MedicationStatus, OnsetWindow,
    SkipReason,
};
use cadence_core::schedule::{Dose, DoseOccurrence};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn med(id: &str, name: &str) -> Medication {
    let t = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    Medication {
        id: id.into(),
        name: name.into(),
        strength: None,
        form: DoseForm::Tablet,
        instructions: String::new(),
        prescriber_notes: String::new(),
        expected_onset: Some(OnsetWindow {
            min_days: 14,
            max_days: 42,
        }),
        status: MedicationStatus::Active,
        started_on: None,
        stopped_on: None,
        created_at: t,
        updated_at: t,
    }
}

/// An occurrence of `medication` on `date` at local `hh:mm` in `zone`.
pub fn occ(medication: &str, date: NaiveDate, hhmm: &str, zone: Tz, amount: f64) -> DoseOccurrence {
    let time: NaiveTime = format!("{hhmm}:00").parse().unwrap();
    let local = zone
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .unwrap();
    DoseOccurrence {
        id: format!("{medication}|{date}|{hhmm}").into(),
        plan_id: format!("plan-{medication}").into(),
        plan_version: 1,
        medication_id: medication.into(),
        local_date: date,
        slot: format!("time@{hhmm}").into(),
        local: local.fixed_offset(),
        utc: local.with_timezone(&Utc),
        zone,
        dose: Dose::new(amount, "mg"),
        event: None,
        when: None,
        step: None,
        too_soon_after_previous: false,
    }
}

fn entry(o: &DoseOccurrence, status: LogStatus) -> DoseLogEntry {
    DoseLogEntry {
        id: format!("log-{}", o.id),
        medication_id: o.medication_id.to_string(),
        kind: DoseKind::Scheduled,
        occurrence_id: Some(o.id.to_string()),
        plan_id: Some(o.plan_id.to_string()),
        scheduled_at: Some(o.utc),
        local_date: Some(o.local_date),
        status,
        taken_at: None,
        amount: Some(o.dose.amount),
        unit: Some("mg".into()),
        skip_reason: None,
        note: String::new(),
        warnings: Vec::new(),
        version: 1,
        created_at: o.utc,
        updated_at: o.utc,
    }
}

/// Taken `late` minutes after planned.
pub fn taken(o: &DoseOccurrence, late: i64) -> DoseLogEntry {
    let mut e = entry(o, LogStatus::Taken);
    e.taken_at = Some(o.utc + Duration::minutes(late));
    e
}

pub fn skipped(o: &DoseOccurrence, reason: SkipReason) -> DoseLogEntry {
    let mut e = entry(o, LogStatus::Skipped);
    e.skip_reason = Some(reason);
    e
}

pub fn unscheduled(medication: &str, kind: DoseKind, at: DateTime<Utc>) -> DoseLogEntry {
    DoseLogEntry {
        id: format!("u-{at}"),
        medication_id: medication.into(),
        kind,
        occurrence_id: None,
        plan_id: None,
        scheduled_at: None,
        local_date: None,
        status: LogStatus::Taken,
        taken_at: Some(at),
        amount: Some(1.0),
        unit: Some("mg".into()),
        skip_reason: None,
        note: String::new(),
        warnings: Vec::new(),
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

/// A daily 08:00 medication from `from` for `days` days in UTC, every dose
/// taken on time except the dates in `missed`.
pub fn daily(from: NaiveDate, days: i64, missed: &[NaiveDate], now: DateTime<Utc>) -> StatsInput {
    let mut input = StatsInput::empty(from, from + Duration::days(days - 1), now, chrono_tz::UTC);
    input.medications.push(med("m1", "Sertraline"));
    let prev_from = from - Duration::days(days);
    for i in 0..days * 2 {
        let date = prev_from + Duration::days(i);
        let o = occ("m1", date, "08:00", chrono_tz::UTC, 50.0);
        if !missed.contains(&date) && o.utc <= now {
            input.logs.push(taken(&o, 5));
        }
        input.occurrences.push(o);
    }
    input
}
