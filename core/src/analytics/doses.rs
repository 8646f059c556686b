//! Each due dose's outcome (taken, on time or not; skipped and why; missed)
//! and the day-by-day calendar built from them.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, Timelike, Weekday};
use serde::{Deserialize, Serialize};

use super::input::StatsInput;
use crate::model::{DoseKind, LogStatus, SkipReason};

/// What became of one due dose.
#[derive(Debug, Clone, PartialEq)]
pub struct DoseOutcome {
    /// The medication.
    pub medication_id: String,
    /// The local date it was due.
    pub local_date: NaiveDate,
    /// Its weekday.
    pub weekday: Weekday,
    /// The routine moment (`breakfast`, `bedtime`, or a time-of-day bucket).
    pub moment: &'static str,
    /// Planned local time, minutes after midnight.
    pub planned_minute: u32,
    /// Minutes between the planned and the taken time (taken doses).
    pub delay_minutes: Option<i64>,
    /// Taken within the timing window.
    pub on_time: bool,
    /// Taken.
    pub taken: bool,
    /// Skipped, and why.
    pub skipped: Option<SkipReason>,
    /// The planned amount.
    pub amount: f64,
    /// The titration/taper step, if any.
    pub step: Option<u32>,
}

/// One day of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DayAdherence {
    /// Local date.
    pub date: NaiveDate,
    /// Doses due.
    pub due: u32,
    /// Doses taken.
    pub taken: u32,
    /// Doses skipped on purpose.
    pub skipped: u32,
    /// Doses neither taken nor skipped.
    pub missed: u32,
    /// Every due dose taken (and at least one due).
    pub complete: bool,
}

/// The routine-moment label of a planned local time without an event.
fn bucket(hour: u32) -> &'static str {
    match hour {
        5..=10 => "morning",
        11..=14 => "midday",
        15..=20 => "evening",
        _ => "night",
    }
}

/// The outcome of every due occurrence (time passed, or logged), in input
/// order. Undone log entries count as not logged.
pub fn outcomes(input: &StatsInput, window_minutes: u32) -> Vec<DoseOutcome> {
    let logs: HashMap<&str, _> = input
        .logs
        .iter()
        .filter(|e| e.kind == DoseKind::Scheduled && e.status != LogStatus::Undone)
        .filter_map(|e| e.occurrence_id.as_deref().map(|id| (id, e)))
        .collect();
    let window = i64::from(window_minutes);
    input
        .occurrences
        .iter()
        .filter_map(|o| {
            let log = logs.get(o.id.as_str()).copied();
            if log.is_none() && o.utc > input.now {
                return None;
            }
            let taken = log.is_some_and(|e| e.status == LogStatus::Taken);
            let delay = log
                .filter(|_| taken)
                .and_then(|e| e.taken_at)
                .map(|t| (t - o.utc).num_minutes());
            Some(DoseOutcome {
                medication_id: o.medication_id.to_string(),
                local_date: o.local_date,
                weekday: o.local_date.weekday(),
                moment: o
                    .event
                    .map(|e| e.code())
                    .unwrap_or_else(|| bucket(o.local.hour())),
                planned_minute: o.local.hour() * 60 + o.local.minute(),
                delay_minutes: delay,
                on_time: delay.is_some_and(|d| d.abs() <= window),
                taken,
                skipped: log
                    .filter(|e| e.status == LogStatus::Skipped)
                    .map(|e| e.skip_reason.unwrap_or(SkipReason::Other)),
                amount: o.dose.amount,
                step: o.step,
            })
        })
        .collect()
}

/// The calendar of `from..=to` (empty when `to < from`).
pub fn days(outcomes: &[&DoseOutcome], from: NaiveDate, to: NaiveDate) -> Vec<DayAdherence> {
    if to < from {
        return Vec::new();
    }
    let n = (to - from).num_days() as usize + 1;
    let mut out: Vec<DayAdherence> = (0..n)
        .map(|i| DayAdherence {
            date: from + Duration::days(i as i64),
            due: 0,
            taken: 0,
            skipped: 0,
            missed: 0,
            complete: false,
        })
        .collect();
    for o in outcomes {
        if o.local_date < from || o.local_date > to {
            continue;
        }
        let d = &mut out[(o.local_date - from).num_days() as usize];
        d.due += 1;
        if o.taken {
            d.taken += 1;
        } else if o.skipped.is_some() {
            d.skipped += 1;
        } else {
            d.missed += 1;
        }
    }
    for d in &mut out {
        d.complete = d.due > 0 && d.taken == d.due;
    }
    out
}
