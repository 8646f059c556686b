//! The catch-up invariant across a medication's doses, and the guidance
//! input built from them ([`guidance_input`]): the store and the
//! simulations ask through this one function, so what the engine is told
//! about the neighbourhood (the next dose, the run of missed doses, the
//! doses taken since) is computed the same way everywhere.
//!
//! **The invariant.** At most one catch-up dose per medication at any time:
//!
//! * once a later occurrence of the same medication is due ([`due_from`]) or
//!   past, an older missed occurrence is never made up: it is skipped
//!   ([`super::GuidanceReason::LaterDoseDue`]);
//! * a dose taken after an occurrence's scheduled time — scheduled, extra or
//!   as-needed — is that occurrence's catch-up: no second one is suggested
//!   ([`super::GuidanceReason::DoseTakenSince`]). Doses logged for another
//!   plan's occurrences at the *same* instant (its part of the same dose)
//!   are not a catch-up; two slots of one plan that a travel day brought to
//!   one instant are two doses.
//!
//! The run of missed doses that contact-after-N counts is the run of dose
//! times before the occurrence that were neither taken nor caught up, each
//! past its own skip point.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::answer::{GuidanceInput, GuidedOccurrence, OccurrenceLog};
use super::rule::MissedDoseRule;
#[cfg(doc)]
use super::window::due_from;
use super::window::latest_take_time;
use crate::model::{DoseLogEntry, LogStatus};
use crate::schedule::{DoseOccurrence, TakenDose};

/// What the log holds for one occurrence, as guidance reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedDose {
    /// Taken, skipped, or not logged (an undone entry).
    pub log: OccurrenceLog,
    /// When it was taken (taken only).
    pub taken_at: Option<DateTime<Utc>>,
}

/// The log state of each occurrence in `entries`, by occurrence id (entries
/// without an occurrence are ignored; an undone entry reads as not logged).
pub fn logged_doses(entries: &[DoseLogEntry]) -> HashMap<String, LoggedDose> {
    entries
        .iter()
        .filter_map(|e| {
            let id = e.occurrence_id.clone()?;
            let log = match e.status {
                LogStatus::Taken => OccurrenceLog::Taken,
                LogStatus::Skipped => OccurrenceLog::Skipped,
                LogStatus::Undone => OccurrenceLog::NotLogged,
            };
            let taken_at = (log == OccurrenceLog::Taken)
                .then_some(e.taken_at)
                .flatten();
            Some((id, LoggedDose { log, taken_at }))
        })
        .collect()
}

/// A dose taken, as [`with_catch_ups`] reads the log over a window of
/// doses of several medications.
#[derive(Debug, Clone, PartialEq)]
pub struct TakenEntry {
    /// The medication.
    pub medication_id: String,
    /// The plan of the occurrence it was logged for, if any.
    pub plan_id: Option<String>,
    /// The scheduled time of that occurrence, if any.
    pub scheduled_at: Option<DateTime<Utc>>,
    /// When it was taken.
    pub taken_at: DateTime<Utc>,
}

/// The doses taken among `entries` (scheduled, extra and as-needed).
pub fn taken_entries(entries: &[DoseLogEntry]) -> Vec<TakenEntry> {
    entries
        .iter()
        .filter(|e| e.status == LogStatus::Taken)
        .filter_map(|e| {
            Some(TakenEntry {
                medication_id: e.medication_id.clone(),
                plan_id: e.plan_id.clone(),
                scheduled_at: e.scheduled_at,
                taken_at: e.taken_at?,
            })
        })
        .collect()
}

/// The latest time to take each occurrence of `occs` with the catch-up
/// rule applied: `take_by` (the skip points, same order, e.g. from
/// [`latest_take_time`]), or, if earlier, the first dose of the same
/// medication taken after the occurrence's time — that dose was its
/// catch-up, so from then on the occurrence reads missed, is not reminded
/// and cannot be snoozed (another plan's dose at the same instant aside).
/// An occurrence logged itself is unaffected in effect: it is not open.
pub fn with_catch_ups(
    occs: &[DoseOccurrence],
    take_by: Vec<DateTime<Utc>>,
    taken: &[TakenEntry],
) -> Vec<DateTime<Utc>> {
    // Each medication's doses in time order: one binary search per
    // occurrence instead of a scan of every dose taken.
    let mut by_med: HashMap<&str, Vec<&TakenEntry>> = HashMap::new();
    for e in taken {
        by_med.entry(e.medication_id.as_str()).or_default().push(e);
    }
    for list in by_med.values_mut() {
        list.sort_by_key(|e| e.taken_at);
    }
    occs.iter()
        .zip(take_by)
        .map(|(o, t)| {
            let Some(list) = by_med.get(o.medication_id.as_str()) else {
                return t;
            };
            let first = list.partition_point(|e| e.taken_at <= o.utc);
            list[first..]
                .iter()
                .find(|e| {
                    !(e.scheduled_at == Some(o.utc) && e.plan_id.as_deref() != Some(&o.plan_id))
                })
                .map_or(t, |e| e.taken_at.min(t))
        })
        .collect()
}

/// The first dose of `taken` after `scheduled`, leaving out one dose for
/// each instant in `same_time` (the doses logged for occurrences at the
/// same instant as this one).
pub(crate) fn taken_since(
    taken: &[TakenDose],
    scheduled: DateTime<Utc>,
    same_time: &[DateTime<Utc>],
) -> Option<DateTime<Utc>> {
    let mut after: Vec<DateTime<Utc>> = taken
        .iter()
        .map(|t| t.at)
        .filter(|t| *t > scheduled)
        .collect();
    after.sort();
    for s in same_time {
        if let Some(i) = after.iter().position(|t| t == s) {
            after.remove(i);
        }
    }
    after.first().copied()
}

/// The guidance input for `occ` at `now`.
///
/// `around` holds the medication's occurrences (others are ignored; any
/// order) over at least the look-back before `occ` and up to its next dose;
/// `logs` the log state of those occurrences ([`logged_doses`]); `taken`
/// every dose of the medication actually taken (scheduled, extra and
/// as-needed) over at least the rule's longest limit period; `rule` the
/// medication's rule with the plan's minimum interval folded in.
pub fn guidance_input(
    occ: &DoseOccurrence,
    around: &[DoseOccurrence],
    logs: &HashMap<String, LoggedDose>,
    taken: Vec<TakenDose>,
    rule: MissedDoseRule,
    now: DateTime<Utc>,
) -> GuidanceInput {
    let mut by_time: BTreeMap<DateTime<Utc>, Vec<&DoseOccurrence>> = BTreeMap::new();
    for o in around
        .iter()
        .filter(|o| o.medication_id == occ.medication_id)
    {
        by_time.entry(o.utc).or_default().push(o);
    }
    let log_of = |o: &DoseOccurrence| logs.get(o.id.as_str()).copied();
    // When the doses logged for the occurrences at one instant were taken,
    // leaving out those of `except`'s plan (two slots of one plan at one
    // instant, as after travel, are two doses, not one).
    let taken_at = |at: DateTime<Utc>, except: Option<&DoseOccurrence>| -> Vec<DateTime<Utc>> {
        by_time
            .get(&at)
            .into_iter()
            .flatten()
            .filter(|o| except.is_none_or(|e| o.plan_id != e.plan_id))
            .filter_map(|o| log_of(o))
            .filter(|l| l.log == OccurrenceLog::Taken)
            .filter_map(|l| l.taken_at)
            .collect()
    };
    let next_scheduled_at = by_time
        .range(occ.utc..)
        .map(|(t, _)| *t)
        .find(|t| *t > occ.utc);
    let past: Vec<TakenDose> = taken.iter().filter(|t| t.at <= now).copied().collect();
    // The run of dose times just before this one that were missed: none of
    // their occurrences taken, no catch-up since, and past their own skip
    // point (one still takeable is not missed yet).
    let mut consecutive_missed_before = 0;
    let mut following = occ.utc;
    for (at, group) in by_time.range(..occ.utc).rev() {
        let any_taken = group
            .iter()
            .any(|o| log_of(o).is_some_and(|l| l.log == OccurrenceLog::Taken));
        let caught_up = taken_since(&past, *at, &taken_at(*at, None)).is_some();
        let missed = !any_taken
            && !caught_up
            && now > latest_take_time(&rule, *at, group[0].zone, Some(following));
        if !missed {
            break;
        }
        consecutive_missed_before += 1;
        following = *at;
    }
    GuidanceInput {
        occurrence: GuidedOccurrence::from(occ),
        next_scheduled_at,
        log: log_of(occ).map_or(OccurrenceLog::NotLogged, |l| l.log),
        consecutive_missed_before,
        same_time_taken: taken_at(occ.utc, Some(occ)),
        taken,
        rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guidance::{guidance, GuidanceAction, GuidanceReason};
    use crate::schedule::Dose;
    use chrono::{Duration, TimeZone};

    fn occ(id: &str, plan: &str, day: u32, h: u32) -> DoseOccurrence {
        let zone = chrono_tz::UTC;
        let local = zone.with_ymd_and_hms(2027, 5, day, h, 0, 0).unwrap();
        DoseOccurrence {
            id: id.into(),
            plan_id: plan.into(),
            plan_version: 1,
            medication_id: "m".into(),
            local_date: local.date_naive(),
            slot: format!("time@{h:02}:00").into(),
            local: local.fixed_offset(),
            utc: local.with_timezone(&Utc),
            zone,
            dose: Dose::new(1.0, "tablet"),
            event: None,
            when: None,
            step: None,
            too_soon_after_previous: false,
        }
    }

    fn taken(at: DateTime<Utc>) -> LoggedDose {
        LoggedDose {
            log: OccurrenceLog::Taken,
            taken_at: Some(at),
        }
    }

    #[test]
    fn a_second_plan_at_the_same_time_is_part_of_the_dose_not_a_catch_up() {
        let a = occ("a", "p1", 1, 8);
        let b = occ("b", "p2", 1, 8);
        let at = a.utc + Duration::minutes(5);
        let logs = HashMap::from([("a".to_string(), taken(at))]);
        let dose = vec![TakenDose { at, amount: 1.0 }];
        let now = a.utc + Duration::minutes(10);
        let around = [a.clone(), b.clone(), occ("c", "p1", 2, 8)];
        let i = guidance_input(&b, &around, &logs, dose, MissedDoseRule::default(), now);
        assert_eq!(i.same_time_taken, vec![at]);
        assert_eq!(i.next_scheduled_at, Some(around[2].utc));
        let g = guidance(&i, now);
        assert_eq!(g.action, GuidanceAction::TakeNow, "{}", g.message);
        // Two slots of one plan brought to one instant by a travel day are
        // two doses: the first taken is the catch-up of the other.
        let b = occ("b", "p1", 1, 8);
        let around = [a.clone(), b.clone(), occ("c", "p1", 2, 8)];
        let dose = vec![TakenDose { at, amount: 1.0 }];
        let i = guidance_input(&b, &around, &logs, dose, MissedDoseRule::default(), now);
        assert!(i.same_time_taken.is_empty());
        assert_eq!(guidance(&i, now).reason, GuidanceReason::DoseTakenSince);
    }

    #[test]
    fn the_missed_run_stops_at_a_caught_up_dose() {
        // Three days at 08:00 missed; an extra dose on day 2 at 12:00.
        let occs: Vec<DoseOccurrence> = (1..=4).map(|d| occ(&format!("d{d}"), "p", d, 8)).collect();
        let extra = occs[1].utc + Duration::hours(4);
        let now = occs[3].utc;
        let run = |taken: Vec<TakenDose>| {
            guidance_input(
                &occs[3],
                &occs,
                &HashMap::new(),
                taken,
                MissedDoseRule::default(),
                now,
            )
            .consecutive_missed_before
        };
        assert_eq!(run(Vec::new()), 3);
        assert_eq!(
            run(vec![TakenDose {
                at: extra,
                amount: 1.0
            }]),
            1
        );
        // Asked about day 2 itself: that extra dose was its catch-up.
        let i = guidance_input(
            &occs[1],
            &occs,
            &HashMap::new(),
            vec![TakenDose {
                at: extra,
                amount: 1.0,
            }],
            MissedDoseRule::default(),
            extra + Duration::hours(1),
        );
        let g = guidance(&i, extra + Duration::hours(1));
        assert_eq!(
            (g.action, g.reason),
            (GuidanceAction::SkipThisDose, GuidanceReason::DoseTakenSince)
        );
    }
}
