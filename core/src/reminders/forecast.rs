//! The inputs of a reminder plan that are computed, not stored: each dose's
//! state (logged, snoozed, take-by) and the supply forecasts for refill
//! reminders. Pure functions of occurrences, what was logged and `now`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::input::{DoseState, SupplyForecast};
use crate::schedule::DoseOccurrence;

/// How far above the window's daily use a supply must be to skip its
/// forecast (titration steps may raise the dose).
pub const SUPPLY_MARGIN: f64 = 3.0;

/// A medication's supply as stored: on hand, its unit, and the strength
/// (amount, unit) that converts doses into it.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyOnHand {
    /// The medication.
    pub medication_id: String,
    /// Amount on hand.
    pub on_hand: f64,
    /// Its unit (`tablet`, `ml`, ...).
    pub unit: String,
    /// The medication's strength amount.
    pub strength_amount: Option<f64>,
    /// The medication's strength unit.
    pub strength_unit: Option<String>,
}

impl SupplyOnHand {
    /// A dose in the supply's unit (through the strength); `None` when the
    /// units do not convert.
    pub fn units_of(&self, o: &DoseOccurrence) -> Option<f64> {
        if o.dose.unit == self.unit {
            return Some(o.dose.amount);
        }
        match (&self.strength_amount, &self.strength_unit) {
            (Some(a), Some(u)) if *u == o.dose.unit && *a > 0.0 => Some(o.dose.amount / a),
            _ => None,
        }
    }
}

/// The dose states of `occs` (time order) with their take-by times (same
/// order), keeping the local dates up to `to`.
pub fn dose_states(
    occs: Vec<DoseOccurrence>,
    take_by: Vec<DateTime<Utc>>,
    to: NaiveDate,
    logged: &HashSet<String>,
    snoozes: &HashMap<String, DateTime<Utc>>,
) -> Vec<DoseState> {
    occs.into_iter()
        .zip(take_by)
        .filter(|(o, _)| o.local_date <= to)
        .map(|(o, t)| DoseState {
            logged: logged.contains(o.id.as_str()),
            snoozed_until: snoozes.get(o.id.as_str()).copied(),
            take_by: t,
            occurrence: o,
        })
        .collect()
}

/// The supplies that might run low within `days`: those not far above what
/// the window's doses use per day (the common case skips expansion).
pub fn supplies_to_forecast<'a>(
    supplies: &'a [SupplyOnHand],
    window: &[DoseState],
    today: NaiveDate,
    days: i64,
    now: DateTime<Utc>,
) -> Vec<&'a SupplyOnHand> {
    let span_days = window
        .last()
        .map_or(1, |d| (d.occurrence.local_date - today).num_days().max(1))
        as f64;
    supplies
        .iter()
        .filter(|s| {
            let used: f64 = window
                .iter()
                .filter(|d| {
                    d.occurrence.medication_id == s.medication_id && d.occurrence.utc >= now
                })
                .map(|d| s.units_of(&d.occurrence).unwrap_or(0.0))
                .sum();
            !(used > 0.0 && s.on_hand > SUPPLY_MARGIN * used / span_days * days as f64)
        })
        .collect()
}

/// When each supply runs out under `upcoming` doses (expanded for those
/// medications from today): only those that run out are returned.
pub fn supply_forecasts(
    supplies: &[&SupplyOnHand],
    upcoming: &[DoseOccurrence],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<SupplyForecast> {
    let mut out = Vec::new();
    for s in supplies {
        let mut left = s.on_hand;
        let mut any = false;
        let mut runs_out_on = None;
        for o in upcoming
            .iter()
            .filter(|o| o.medication_id == s.medication_id && o.utc >= now)
        {
            any = true;
            if let Some(n) = s.units_of(o) {
                left -= n;
                if left < -1e-9 {
                    runs_out_on = Some(o.local_date);
                    break;
                }
            }
        }
        if let (true, Some(d)) = (any, runs_out_on) {
            out.push(SupplyForecast {
                medication_id: s.medication_id.clone(),
                days_left: Some((d - today).num_days().max(0) as u32),
                runs_out_on: Some(d),
            });
        }
    }
    out
}

/// The earliest instant of local date `d` in any zone (UTC+14).
pub fn earliest_start(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc() - Duration::hours(14)
}
