//! Mood and side effects next to adherence (descriptive wording only: what
//! was recorded side by side, never that one caused the other), kind
//! milestones, and the efficacy timeline ("day 12 of the usual 2-6 weeks").

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::adherence::AdherenceMeasures;
use super::doses::DayAdherence;
use super::input::StatsInput;
use super::percent;
use super::streaks::gaps;
use crate::model::Medication;

/// One week of the window: adherence, mood and side effects side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct WeekTrend {
    /// First local date.
    pub from: NaiveDate,
    /// Last local date.
    pub to: NaiveDate,
    /// Taking adherence, percent.
    pub taking_percent: Option<f64>,
    /// Mean mood valence (-3 to +3).
    pub mood_mean: Option<f64>,
    /// Side effects logged.
    pub side_effects: u32,
}

/// Which small success.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MilestoneKind {
    /// Seven days in a row with every dose taken.
    FirstFullWeek,
    /// 30 days with 90% or more of doses taken.
    ThirtyDaysAtNinety,
    /// Three full days after a break of two days or more.
    BackOnTrack,
}

/// A small success to celebrate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Milestone {
    /// Which.
    pub kind: MilestoneKind,
    /// The local date it was reached.
    pub date: NaiveDate,
    /// Kind words for the person.
    pub message: String,
}

/// Where a new medication is in its usual onset window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OnsetProgress {
    /// Day number since starting (the start day is day 1).
    pub day: u32,
    /// Earliest usual onset, days.
    pub min_days: u32,
    /// Latest usual onset, days.
    pub max_days: u32,
    /// Whether today is still within the usual window.
    pub within_window: bool,
    /// "day 12 of the usual 2-6 weeks".
    pub message: String,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

fn span_words(min_days: u32, max_days: u32) -> String {
    let weeks = |d: u32| {
        if d % 7 == 0 {
            format!("{}", d / 7)
        } else {
            format!("{:.1}", f64::from(d) / 7.0)
        }
    };
    if min_days % 7 == 0 && max_days % 7 == 0 && max_days >= 7 {
        format!("{}-{} weeks", weeks(min_days), weeks(max_days))
    } else {
        format!("{min_days}-{max_days} days")
    }
}

/// The efficacy timeline of a medication with a start date and an expected
/// onset window, while today is at most twice the window's end.
pub fn onset(m: &Medication, today: NaiveDate) -> Option<OnsetProgress> {
    let (w, start) = (m.expected_onset?, m.started_on?);
    if today < start {
        return None;
    }
    let day = (today - start).num_days() as u32 + 1;
    if day > w.max_days.saturating_mul(2).max(7) {
        return None;
    }
    let span = span_words(w.min_days, w.max_days);
    let within = day <= w.max_days;
    let message = if within {
        format!("day {day} of the usual {span}")
    } else {
        format!("day {day}: past the usual {span}; worth talking over with the prescriber")
    };
    Some(OnsetProgress {
        day,
        min_days: w.min_days,
        max_days: w.max_days,
        within_window: within,
        message,
    })
}

/// Week by week over the calendar `days` (oldest first).
pub fn weeks(input: &StatsInput, days: &[DayAdherence]) -> Vec<WeekTrend> {
    let moods: HashMap<NaiveDate, f64> = input
        .days
        .iter()
        .filter_map(|d| d.valence_mean.map(|v| (d.date, v)))
        .collect();
    days.chunks(7)
        .map(|w| {
            let (from, to) = (w[0].date, w[w.len() - 1].date);
            let (due, taken) = w.iter().fold((0, 0), |(d, t), x| (d + x.due, t + x.taken));
            WeekTrend {
                from,
                to,
                taking_percent: percent(taken, due),
                mood_mean: mean(w.iter().filter_map(|d| moods.get(&d.date).copied())),
                side_effects: input
                    .side_effects
                    .iter()
                    .filter(|s| s.date >= from && s.date <= to)
                    .count() as u32,
            }
        })
        .collect()
}

/// Descriptive sentences: mood and side effects recorded next to adherence.
pub fn observations(
    input: &StatsInput,
    overall: &AdherenceMeasures,
    weeks: &[WeekTrend],
) -> Vec<String> {
    let mut out = Vec::new();
    let inside = |d: NaiveDate| d >= input.from && d <= input.to;
    let moods: Vec<f64> = input
        .days
        .iter()
        .filter(|d| inside(d.date))
        .filter_map(|d| d.valence_mean)
        .collect();
    if let (Some(p), Some(m)) = (overall.taking_percent, mean(moods.iter().copied())) {
        out.push(format!(
            "Doses taken: {p:.0}%. Mood averaged {m:+.1} (scale -3 to +3) over {} days with a check-in.",
            moods.len()
        ));
    }
    let high: Vec<f64> = weeks
        .iter()
        .filter(|w| w.taking_percent.is_some_and(|p| p >= 90.0))
        .filter_map(|w| w.mood_mean)
        .collect();
    let low: Vec<f64> = weeks
        .iter()
        .filter(|w| w.taking_percent.is_some_and(|p| p < 90.0))
        .filter_map(|w| w.mood_mean)
        .collect();
    if let (Some(h), Some(l)) = (mean(high.into_iter()), mean(low.into_iter())) {
        out.push(format!(
            "In weeks with 90% or more of doses taken, mood averaged {h:+.1}; in the other weeks, {l:+.1}. These are recorded side by side, not a cause and effect."
        ));
    }
    let mut effects: Vec<(&str, u32)> = Vec::new();
    for s in input.side_effects.iter().filter(|s| inside(s.date)) {
        match effects.iter_mut().find(|(n, _)| *n == s.name) {
            Some((_, c)) => *c += 1,
            None => effects.push((&s.name, 1)),
        }
    }
    if !effects.is_empty() {
        effects.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let total: u32 = effects.iter().map(|e| e.1).sum();
        let top: Vec<String> = effects
            .iter()
            .take(3)
            .map(|(n, c)| format!("{n} ({c})"))
            .collect();
        out.push(format!(
            "{total} side effect entries were logged; most often: {}.",
            top.join(", ")
        ));
    }
    out
}

/// Milestones reached in the calendar `days` (oldest first), oldest first.
pub fn milestones(days: &[DayAdherence]) -> Vec<Milestone> {
    let mut out = Vec::new();
    let mut run = 0;
    for d in days.iter().filter(|d| d.due > 0) {
        run = if d.complete { run + 1 } else { 0 };
        if run == 7 {
            out.push(Milestone {
                kind: MilestoneKind::FirstFullWeek,
                date: d.date,
                message: "A full week with every dose taken. Well done!".into(),
            });
            break;
        }
    }
    // 30 days in a row on treatment (a dose due every one of them) with 90%
    // or more of the doses of those days taken.
    if days.len() >= 30 {
        let (mut due, mut taken, mut on_treatment) = (0u32, 0u32, 0u32);
        for (i, d) in days.iter().enumerate() {
            due += d.due;
            taken += d.taken;
            on_treatment += u32::from(d.due > 0);
            if i >= 30 {
                due -= days[i - 30].due;
                taken -= days[i - 30].taken;
                on_treatment -= u32::from(days[i - 30].due > 0);
            }
            if i >= 29 && on_treatment == 30 && taken * 10 >= due * 9 {
                out.push(Milestone {
                    kind: MilestoneKind::ThirtyDaysAtNinety,
                    date: d.date,
                    message: "30 days with 90% or more of doses taken. That is real consistency."
                        .into(),
                });
                break;
            }
        }
    }
    for (start, len) in gaps(days) {
        let after = start + Duration::days(i64::from(len));
        let mut full = 0;
        for d in days.iter().filter(|d| d.date >= after && d.due > 0) {
            if !d.complete {
                break;
            }
            full += 1;
            if full == 3 {
                out.push(Milestone {
                    kind: MilestoneKind::BackOnTrack,
                    date: d.date,
                    message: "Back on track: three full days after a break. Every restart counts."
                        .into(),
                });
                break;
            }
        }
    }
    out.sort_by_key(|m| m.date);
    out
}
