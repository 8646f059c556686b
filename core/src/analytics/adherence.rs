//! Taking adherence (% of due doses taken), correct-dosing days (% of days
//! with the right number of doses: every due dose, no extra one), timing
//! adherence (% of taken doses within ± the window), missed doses by weekday
//! and routine moment, the skip reasons (barriers), and as-needed use.

use std::collections::HashSet;

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::doses::{DayAdherence, DoseOutcome};
use super::input::StatsInput;
use super::percent;
use crate::model::{DoseKind, LogStatus, SkipReason};

/// Doses due and not taken on one weekday.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct WeekdayCount {
    /// `Mon` to `Sun`.
    pub weekday: String,
    /// Doses due.
    pub due: u32,
    /// Doses not taken (missed or skipped).
    pub not_taken: u32,
}

/// Doses due and not taken at one routine moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MomentCount {
    /// `breakfast`, `bedtime`, ... or `morning`/`midday`/`evening`/`night`
    /// for doses at a clock time.
    pub moment: String,
    /// Doses due.
    pub due: u32,
    /// Doses not taken (missed or skipped).
    pub not_taken: u32,
}

/// How often a reason was given for skipping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BarrierCount {
    /// The reason.
    pub reason: SkipReason,
    /// Doses skipped for it.
    pub count: u32,
}

/// As-needed (PRN) and extra doses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PrnUse {
    /// As-needed doses taken.
    pub as_needed_doses: u32,
    /// Days with at least one as-needed dose.
    pub as_needed_days: u32,
    /// As-needed doses per week, on average.
    pub as_needed_per_week: f64,
    /// Extra (off-schedule) doses taken.
    pub extra_doses: u32,
}

/// Adherence measures of a set of due doses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AdherenceMeasures {
    /// Doses due.
    pub due: u32,
    /// Doses taken.
    pub taken: u32,
    /// Doses skipped on purpose.
    pub skipped: u32,
    /// Doses neither taken nor skipped.
    pub missed: u32,
    /// Taken / due, percent.
    pub taking_percent: Option<f64>,
    /// Days with at least one dose due.
    pub dosing_days: u32,
    /// Of those, days with exactly the planned doses taken.
    pub correct_days: u32,
    /// Correct days / dosing days, percent.
    pub correct_days_percent: Option<f64>,
    /// Taken doses within ± the timing window.
    pub on_time: u32,
    /// On time / taken, percent.
    pub timing_percent: Option<f64>,
    /// Monday first.
    pub by_weekday: Vec<WeekdayCount>,
    /// In the order of a day.
    pub by_moment: Vec<MomentCount>,
    /// Skip reasons, most frequent first.
    pub barriers: Vec<BarrierCount>,
}

const MOMENTS: [&str; 10] = [
    "wake",
    "morning",
    "breakfast",
    "midday",
    "lunch",
    "afternoon",
    "evening",
    "dinner",
    "night",
    "bedtime",
];

/// (medication, local date) pairs with an extra dose taken.
fn extra_days(input: &StatsInput, medication_id: Option<&str>) -> HashSet<(String, NaiveDate)> {
    input
        .logs
        .iter()
        .filter(|e| e.kind == DoseKind::Extra && e.status == LogStatus::Taken)
        .filter(|e| medication_id.is_none_or(|m| e.medication_id == m))
        .filter_map(|e| {
            let d = e.taken_at?.with_timezone(&input.zone).date_naive();
            Some((e.medication_id.clone(), d))
        })
        .collect()
}

/// The measures of `outcomes` (already limited to a window, and to one
/// medication when `medication_id` is given); `days` is their calendar.
pub fn measures(
    outcomes: &[&DoseOutcome],
    days: &[DayAdherence],
    input: &StatsInput,
    medication_id: Option<&str>,
) -> AdherenceMeasures {
    let due = outcomes.len() as u32;
    let taken = outcomes.iter().filter(|o| o.taken).count() as u32;
    let skipped = outcomes.iter().filter(|o| o.skipped.is_some()).count() as u32;
    let on_time = outcomes.iter().filter(|o| o.on_time).count() as u32;
    let extras = extra_days(input, medication_id);
    let extra_on = |d: NaiveDate| extras.iter().any(|(_, date)| *date == d);
    let dosing_days = days.iter().filter(|d| d.due > 0).count() as u32;
    let correct_days = days
        .iter()
        .filter(|d| d.complete && !extra_on(d.date))
        .count() as u32;

    let weekdays = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let mut by_weekday: Vec<WeekdayCount> = weekdays
        .iter()
        .map(|w| WeekdayCount {
            weekday: w.to_string(),
            due: 0,
            not_taken: 0,
        })
        .collect();
    let mut by_moment: Vec<MomentCount> = Vec::new();
    let mut barriers: Vec<BarrierCount> = Vec::new();
    for o in outcomes {
        let w = &mut by_weekday[o.weekday.num_days_from_monday() as usize];
        w.due += 1;
        w.not_taken += u32::from(!o.taken);
        let m = match by_moment.iter_mut().position(|m| m.moment == o.moment) {
            Some(i) => &mut by_moment[i],
            None => {
                by_moment.push(MomentCount {
                    moment: o.moment.to_string(),
                    due: 0,
                    not_taken: 0,
                });
                by_moment.last_mut().expect("just pushed")
            }
        };
        m.due += 1;
        m.not_taken += u32::from(!o.taken);
        if let Some(r) = o.skipped {
            match barriers.iter_mut().find(|b| b.reason == r) {
                Some(b) => b.count += 1,
                None => barriers.push(BarrierCount {
                    reason: r,
                    count: 1,
                }),
            }
        }
    }
    by_moment.sort_by_key(|m| MOMENTS.iter().position(|x| *x == m.moment).unwrap_or(99));
    barriers.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.reason.code().cmp(b.reason.code()))
    });
    AdherenceMeasures {
        due,
        taken,
        skipped,
        missed: due - taken - skipped,
        taking_percent: percent(taken, due),
        dosing_days,
        correct_days,
        correct_days_percent: percent(correct_days, dosing_days),
        on_time,
        timing_percent: percent(on_time, taken),
        by_weekday,
        by_moment,
        barriers,
    }
}

/// As-needed and extra doses of a medication taken in the window.
pub fn prn_use(input: &StatsInput, medication_id: &str) -> PrnUse {
    let mut as_needed = 0;
    let mut extra = 0;
    let mut days = HashSet::new();
    for e in input
        .logs
        .iter()
        .filter(|e| e.medication_id == medication_id && e.status == LogStatus::Taken)
    {
        let Some(at) = e.taken_at else { continue };
        let d = at.with_timezone(&input.zone).date_naive();
        if d < input.from || d > input.to {
            continue;
        }
        match e.kind {
            DoseKind::AsNeeded => {
                as_needed += 1;
                days.insert(d);
            }
            DoseKind::Extra => extra += 1,
            DoseKind::Scheduled => {}
        }
    }
    let weeks = ((input.to.min(input.today()) - input.from).num_days() + 1).max(1) as f64 / 7.0;
    PrnUse {
        as_needed_doses: as_needed,
        as_needed_days: days.len() as u32,
        as_needed_per_week: f64::from(as_needed) / weeks.max(1.0 / 7.0),
        extra_doses: extra,
    }
}
