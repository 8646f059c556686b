//! Around each dose change (a taper or titration step, or a new plan
//! version with another amount): adherence, mood, side effects and
//! questionnaire scores in the 14 days before and the 14 days after.
//! Descriptive only: what was recorded, not why.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::doses::DoseOutcome;
use super::input::StatsInput;
use super::percent;
use crate::journal::Instrument;

/// Days compared on each side of a dose change.
pub const CHANGE_SPAN_DAYS: i64 = 14;

/// What was recorded over a few days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PeriodSnapshot {
    /// First local date.
    pub from: NaiveDate,
    /// Last local date.
    pub to: NaiveDate,
    /// Taking adherence of the medication, percent.
    pub taking_percent: Option<f64>,
    /// Mean mood valence (-3 to +3) on days with a check-in.
    pub mood_mean: Option<f64>,
    /// Side effects logged.
    pub side_effects: u32,
    /// Mean PHQ-9 total.
    pub phq9_mean: Option<f64>,
    /// Mean GAD-7 total.
    pub gad7_mean: Option<f64>,
}

/// A change of the planned dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DoseChange {
    /// The local date of the first dose at the new amount.
    pub date: NaiveDate,
    /// The amount per dose before.
    pub from_amount: f64,
    /// The amount per dose after.
    pub to_amount: f64,
    /// Unit of the amounts.
    pub unit: String,
    /// The step it starts (index in the plan's steps), if any.
    pub step: Option<u32>,
    /// The 14 days before.
    pub before: PeriodSnapshot,
    /// The 14 days from the change (up to today).
    pub after: PeriodSnapshot,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// A snapshot of `from..=to` for one medication.
pub fn snapshot(
    input: &StatsInput,
    outcomes: &[DoseOutcome],
    medication_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> PeriodSnapshot {
    let inside = |d: NaiveDate| d >= from && d <= to;
    let mine = outcomes
        .iter()
        .filter(|o| o.medication_id == medication_id && inside(o.local_date));
    let (due, taken) = mine.fold((0, 0), |(d, t), o| (d + 1, t + u32::from(o.taken)));
    let score = |i: Instrument| {
        mean(
            input
                .questionnaires
                .iter()
                .filter(|q| q.instrument == i && inside(q.date))
                .map(|q| f64::from(q.total)),
        )
    };
    PeriodSnapshot {
        from,
        to,
        taking_percent: percent(taken, due),
        mood_mean: mean(
            input
                .days
                .iter()
                .filter(|d| inside(d.date))
                .filter_map(|d| d.valence_mean),
        ),
        side_effects: input.side_effects.iter().filter(|s| inside(s.date)).count() as u32,
        phq9_mean: score(Instrument::Phq9),
        gad7_mean: score(Instrument::Gad7),
    }
}

/// The dose changes of a medication inside the window, oldest first.
pub fn dose_changes(
    input: &StatsInput,
    outcomes: &[DoseOutcome],
    medication_id: &str,
) -> Vec<DoseChange> {
    let today = input.today();
    let mut out: Vec<DoseChange> = Vec::new();
    // Last amount per (plan, slot without its step prefix); last step per plan.
    let mut amounts: HashMap<(&str, &str), f64> = HashMap::new();
    let mut steps: HashMap<&str, Option<u32>> = HashMap::new();
    let handovers = plan_handovers(input, medication_id);
    for o in input
        .occurrences
        .iter()
        .filter(|o| o.medication_id == medication_id)
    {
        let base = match o.slot.split_once('/') {
            Some((p, rest)) if p.starts_with("step") => rest,
            _ => o.slot.as_str(),
        };
        let before_step = steps.insert(o.plan_id.as_str(), o.step);
        // The first dose of a plan that took over from the one before (a
        // titration entered as consecutive plans) compares with that
        // plan's last amount.
        let before_amount = amounts
            .insert((o.plan_id.as_str(), base), o.dose.amount)
            .or_else(|| {
                before_step
                    .is_none()
                    .then(|| handovers.get(o.plan_id.as_str()))
                    .flatten()
                    .filter(|(_, unit)| *unit == o.dose.unit)
                    .map(|(a, _)| *a)
            });
        let amount_changed = before_amount.is_some_and(|a| (a - o.dose.amount).abs() > 1e-9);
        let step_changed = before_step.is_some_and(|s| s != o.step);
        if !(amount_changed || step_changed) {
            continue;
        }
        let d = o.local_date;
        if d < input.from || d > input.to || out.last().is_some_and(|c| c.date == d) {
            continue;
        }
        let after_end = (d + Duration::days(CHANGE_SPAN_DAYS - 1))
            .min(input.to)
            .min(today);
        out.push(DoseChange {
            date: d,
            from_amount: before_amount.unwrap_or(o.dose.amount),
            to_amount: o.dose.amount,
            unit: o.dose.unit.to_string(),
            step: o.step,
            before: snapshot(
                input,
                outcomes,
                medication_id,
                d - Duration::days(CHANGE_SPAN_DAYS),
                d - Duration::days(1),
            ),
            after: snapshot(input, outcomes, medication_id, d, after_end.max(d)),
        });
    }
    out
}

/// For each plan of the medication that started after another plan of it
/// ended (nothing else in force in between or on its first day): the last
/// amount (and unit) of the plan it took over from. Plans in force side by
/// side (a morning and an evening plan) take over from nothing.
fn plan_handovers<'a>(
    input: &'a StatsInput,
    medication_id: &str,
) -> HashMap<&'a str, (f64, &'a str)> {
    // First and last dose date, and last amount, per plan.
    let mut spans: Vec<(&str, NaiveDate, NaiveDate, f64, &str)> = Vec::new();
    for o in input
        .occurrences
        .iter()
        .filter(|o| o.medication_id == medication_id)
    {
        match spans.iter_mut().find(|s| s.0 == o.plan_id) {
            Some(s) => {
                s.1 = s.1.min(o.local_date);
                s.2 = s.2.max(o.local_date);
                s.3 = o.dose.amount;
                s.4 = o.dose.unit.as_str();
            }
            None => spans.push((
                o.plan_id.as_str(),
                o.local_date,
                o.local_date,
                o.dose.amount,
                o.dose.unit.as_str(),
            )),
        }
    }
    let mut out = HashMap::new();
    for &(id, first, _, _, _) in &spans {
        let others = spans.iter().filter(|s| s.0 != id);
        // Another plan still in force on or after this one's first day.
        if others.clone().any(|s| s.1 <= first && s.2 >= first) {
            continue;
        }
        if let Some(prev) = others.filter(|s| s.2 < first).max_by_key(|s| s.2) {
            out.insert(id, (prev.3, prev.4));
        }
    }
    out
}
