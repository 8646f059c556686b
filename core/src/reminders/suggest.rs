//! Routine suggestions from the person's own log: when a routine-anchored
//! dose is regularly taken at another time (the breakfast dose at 08:40 on
//! the last three weekends while weekend breakfast says 07:30), offer to
//! move that routine time so the reminders fit the person's real day.
//!
//! A suggestion needs the most recent observations of one (event, weekday
//! or weekend) to agree: at least [`MIN_DAYS`] days over at least
//! [`MIN_WEEKS`] different weeks, each shifted the same way by at least
//! [`MIN_SHIFT_MINUTES`] and within [`MAX_SPREAD_MINUTES`] of each other.
//! Shifts over [`MAX_SHIFT_MINUTES`] are not routine drift and are ignored.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::text::moment_label;
use crate::model::{DayKind, Routine, RoutineEvent};
use crate::schedule::DoseOccurrence;

/// Fewest days that must agree.
pub const MIN_DAYS: usize = 3;
/// Fewest different weeks they must span.
pub const MIN_WEEKS: usize = 3;
/// Smallest shift worth suggesting.
pub const MIN_SHIFT_MINUTES: i64 = 30;
/// Largest shift read as routine drift.
pub const MAX_SHIFT_MINUTES: i64 = 180;
/// Largest spread between the agreeing days.
pub const MAX_SPREAD_MINUTES: i64 = 40;
/// How far back the log is read (cost does not grow with history).
pub const SUGGESTION_LOOKBACK_DAYS: i64 = 42;

/// A routine-anchored dose and when it was taken.
#[derive(Debug, Clone)]
pub struct ObservedDose {
    /// The occurrence.
    pub occurrence: DoseOccurrence,
    /// When it was taken.
    pub taken_at: DateTime<Utc>,
}

/// "Move weekend breakfast from 07:30 to 08:40?"
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RoutineSuggestion {
    /// The routine moment.
    pub event: RoutineEvent,
    /// Weekdays or weekends.
    pub day_kind: DayKind,
    /// Its time now.
    pub current_time: NaiveTime,
    /// The time the log suggests (rounded to 5 minutes).
    pub suggested_time: NaiveTime,
    /// Median shift, minutes (positive: later).
    pub shift_minutes: i64,
    /// Days that agree.
    pub days_observed: u32,
    /// Weeks they span.
    pub weeks_observed: u32,
    /// The medications anchored to it.
    pub medication_ids: Vec<String>,
    /// Default English wording.
    pub message: String,
}

fn median(v: &mut [i64]) -> i64 {
    v.sort_unstable();
    v[v.len() / 2]
}

fn set_time(routine: &Routine, event: RoutineEvent, kind: DayKind) -> NaiveTime {
    routine
        .times
        .iter()
        .find(|t| t.event == event && t.day_kind == kind)
        .map_or_else(|| event.default_time(kind), |t| t.time)
}

/// The suggestions, in a stable order (event, then weekday before weekend).
pub fn routine_suggestions(observed: &[ObservedDose], routine: &Routine) -> Vec<RoutineSuggestion> {
    // (event, kind) -> date -> shifts
    type Key = (RoutineEvent, bool);
    let mut by_group: BTreeMap<Key, BTreeMap<NaiveDate, Vec<i64>>> = BTreeMap::new();
    let mut meds: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    for o in observed {
        let Some(event) = o.occurrence.event else {
            continue;
        };
        let shift = (o.taken_at - o.occurrence.utc).num_minutes();
        if shift.abs() > MAX_SHIFT_MINUTES {
            continue;
        }
        let key = (
            event,
            DayKind::of(o.occurrence.local_date) == DayKind::Weekend,
        );
        by_group
            .entry(key)
            .or_default()
            .entry(o.occurrence.local_date)
            .or_default()
            .push(shift);
        let m = meds.entry(key).or_default();
        if !m.iter().any(|id| *id == o.occurrence.medication_id) {
            m.push(o.occurrence.medication_id.to_string());
        }
    }
    let mut out = Vec::new();
    for ((event, weekend), days) in by_group {
        let kind = if weekend {
            DayKind::Weekend
        } else {
            DayKind::Weekday
        };
        // Most recent first: the longest run that agrees.
        let mut run: Vec<(NaiveDate, i64)> = Vec::new();
        for (date, mut shifts) in days.into_iter().rev() {
            let s = median(&mut shifts);
            let same_way = run.first().is_none_or(|(_, f)| f.signum() == s.signum());
            let spread_ok = run.iter().all(|(_, r)| (r - s).abs() <= MAX_SPREAD_MINUTES);
            if s.abs() < MIN_SHIFT_MINUTES || !same_way || !spread_ok {
                break;
            }
            run.push((date, s));
        }
        let weeks: HashSet<(i32, u32)> = run
            .iter()
            .map(|(d, _)| (d.iso_week().year(), d.iso_week().week()))
            .collect();
        if run.len() < MIN_DAYS || weeks.len() < MIN_WEEKS {
            continue;
        }
        let mut shifts: Vec<i64> = run.iter().map(|(_, s)| *s).collect();
        let shift = median(&mut shifts);
        let current = set_time(routine, event, kind);
        let raw = current + Duration::minutes(shift);
        let mins = (i64::from(raw.num_seconds_from_midnight()) / 60 + 2) / 5 * 5;
        let suggested =
            NaiveTime::from_num_seconds_from_midnight_opt(((mins % 1440) * 60) as u32, 0)
                .unwrap_or(raw);
        if (suggested - current).num_minutes().abs() < MIN_SHIFT_MINUTES {
            continue;
        }
        let label = moment_label(event).to_lowercase();
        let when = if weekend { "weekends" } else { "weekdays" };
        out.push(RoutineSuggestion {
            event,
            day_kind: kind,
            current_time: current,
            suggested_time: suggested,
            shift_minutes: shift,
            days_observed: run.len() as u32,
            weeks_observed: weeks.len() as u32,
            medication_ids: meds.remove(&(event, weekend)).unwrap_or_default(),
            message: format!(
                "On {when} you usually take your {label} dose around {}. Move {when} {label} from {} to {}?",
                suggested.format("%H:%M"),
                current.format("%H:%M"),
                suggested.format("%H:%M"),
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Dose;
    use chrono::TimeZone;
    use chrono_tz::Tz;

    const Z: Tz = chrono_tz::Europe::Berlin;

    fn breakfast(date: NaiveDate, taken: (u32, u32)) -> ObservedDose {
        let t = Routine::default().time_of(RoutineEvent::Breakfast, date);
        let local = Z.from_local_datetime(&date.and_time(t)).unwrap();
        let occurrence = DoseOccurrence {
            id: date.to_string().into(),
            plan_id: "p".into(),
            plan_version: 1,
            medication_id: "m".into(),
            local_date: date,
            slot: "when@CM".into(),
            local: local.fixed_offset(),
            utc: local.with_timezone(&Utc),
            zone: Z,
            dose: Dose::new(50.0, "mg"),
            event: Some(RoutineEvent::Breakfast),
            when: None,
            step: None,
            too_soon_after_previous: false,
        };
        let taken_at = Z
            .from_local_datetime(&date.and_hms_opt(taken.0, taken.1, 0).unwrap())
            .unwrap()
            .with_timezone(&Utc);
        ObservedDose {
            occurrence,
            taken_at,
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).unwrap()
    }

    #[test]
    fn three_late_weekends_suggest_moving_weekend_breakfast() {
        // Weekend breakfast defaults to 09:00; taken ~09:40 on three weekends.
        let obs = vec![
            breakfast(d(3, 6), (9, 40)),
            breakfast(d(3, 13), (9, 45)),
            breakfast(d(3, 20), (9, 35)),
            breakfast(d(3, 22), (7, 31)),
        ];
        let s = routine_suggestions(&obs, &Routine::default());
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].event, s[0].day_kind),
            (RoutineEvent::Breakfast, DayKind::Weekend)
        );
        assert_eq!(
            s[0].suggested_time,
            NaiveTime::from_hms_opt(9, 40, 0).unwrap()
        );
        assert_eq!(s[0].weeks_observed, 3);
    }

    #[test]
    fn two_weekends_or_a_mixed_pattern_suggest_nothing() {
        let two = vec![
            breakfast(d(3, 13), (9, 45)),
            breakfast(d(3, 14), (9, 45)),
            breakfast(d(3, 20), (9, 35)),
        ];
        assert!(routine_suggestions(&two, &Routine::default()).is_empty());
        let mixed = vec![
            breakfast(d(3, 6), (8, 20)),
            breakfast(d(3, 13), (9, 45)),
            breakfast(d(3, 20), (9, 35)),
        ];
        assert!(routine_suggestions(&mixed, &Routine::default()).is_empty());
    }
}
