//! Dosing plans and the histories schedules are read against: every plan
//! version, the zones the phone has been in, and the routine versions.
//!
//! Editing a plan never rewrites the past: the old version ends the day
//! before the new one takes effect, so occurrences already due keep their
//! ids and times.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension, Transaction};

use super::history::{record_zone, routine_history, zone_history};
use super::{check_id, new_id, to_ms, Store};
use crate::error::{corrupt_value, Error, RecordKind, Result};
use crate::model::{
    DoseOccurrence, DosingPlan, Medication, MedicationInput, RoutineHistory, ScheduleContext,
    ZoneHistory,
};

/// Plans per medication (every version counts).
pub const MAX_PLAN_VERSIONS: usize = 500;

fn load_plan(spec: &str) -> Result<DosingPlan> {
    Ok(serde_json::from_str(spec).map_err(|_| corrupt_value("dosing_plan", "spec"))?)
}

fn latest_version(tx: &Transaction<'_>, plan_id: &str) -> Result<DosingPlan> {
    let spec: Option<String> = tx
        .query_row(
            "SELECT spec FROM dosing_plan WHERE id = ?1 AND deleted_at IS NULL
             ORDER BY version DESC LIMIT 1",
            [plan_id],
            |r| r.get(0),
        )
        .optional()?;
    load_plan(&spec.ok_or(Error::not_found(RecordKind::DosingPlan))?)
}

pub(super) fn insert_version(
    tx: &Transaction<'_>,
    plan: &DosingPlan,
    now: DateTime<Utc>,
) -> Result<()> {
    let count: i64 = tx.query_row(
        "SELECT count(*) FROM dosing_plan WHERE medication_id = ?1",
        [&plan.medication_id],
        |r| r.get(0),
    )?;
    if count as usize >= MAX_PLAN_VERSIONS {
        return Err(Error::invalid(
            "plan",
            "at most 500 plan versions per medication",
        ));
    }
    tx.execute(
        "INSERT INTO dosing_plan (id, version, medication_id, spec, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            plan.id,
            plan.version,
            plan.medication_id,
            serde_json::to_string(plan)?,
            to_ms(now)
        ],
    )?;
    Ok(())
}

impl Store {
    /// Adds a medication and its first dosing plan (checked by the caller)
    /// in one transaction. The plan's `id`, `medication_id` and `version` are
    /// assigned.
    pub fn add_medication_with_plan(
        &self,
        input: &MedicationInput,
        plan: &DosingPlan,
        now: DateTime<Utc>,
    ) -> Result<(Medication, DosingPlan)> {
        input.validate()?;
        let mut plan = plan.clone();
        plan.id = new_id();
        plan.medication_id = new_id(); // stands in for the medication's id until it is inserted
        plan.version = 1;
        self.write(|tx| {
            let medication = super::medications::insert(tx, input, now)?;
            plan.medication_id = medication.id.clone();
            insert_version(tx, &plan, now)?;
            Ok((medication, plan))
        })
    }

    /// Adds a medication and several plans in one transaction (an imported
    /// prescription): all or nothing. Each plan gets a new id and version 1.
    pub fn add_medication_with_plans(
        &self,
        input: &MedicationInput,
        plans: &[DosingPlan],
        now: DateTime<Utc>,
    ) -> Result<(Medication, Vec<DosingPlan>)> {
        input.validate()?;
        let mut plans = plans.to_vec();
        for p in &mut plans {
            p.id = new_id();
            p.version = 1;
        }
        self.write(|tx| {
            let medication = super::medications::insert(tx, input, now)?;
            for p in &mut plans {
                p.medication_id = medication.id.clone();
                insert_version(tx, p, now)?;
            }
            Ok((medication, plans))
        })
    }

    /// Adds a dosing plan to a medication. The plan's `id`, `medication_id`
    /// and `version` are assigned here (whatever the input held).
    pub fn add_plan(
        &self,
        medication_id: &str,
        plan: &DosingPlan,
        now: DateTime<Utc>,
    ) -> Result<DosingPlan> {
        check_id("medication_id", medication_id)?;
        let mut plan = plan.clone();
        plan.id = new_id();
        plan.medication_id = medication_id.to_string();
        plan.version = 1;
        self.write(|tx| {
            super::medications::require(tx, medication_id)?;
            insert_version(tx, &plan, now)?;
            Ok(plan)
        })
    }

    /// Saves `next` (checked by the caller) as the plan's next version from
    /// `effective_from`: the current version ends the day before (or, not
    /// started yet, is replaced). Fails if the plan changed since `current`
    /// was read.
    pub fn update_plan(
        &self,
        current: &DosingPlan,
        next: &DosingPlan,
        effective_from: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DosingPlan> {
        self.write(|tx| {
            let mut current_now = latest_version(tx, &current.id)?;
            if current_now.version != current.version {
                return Err(Error::invalid(
                    "plan_id",
                    "the plan changed at the same time: try again",
                ));
            }
            if current_now.start.is_some_and(|s| s >= effective_from) {
                // The current version has not started yet: replace it.
                tx.execute(
                    "UPDATE dosing_plan SET deleted_at = ?3 WHERE id = ?1 AND version = ?2",
                    params![current_now.id, current_now.version, to_ms(now)],
                )?;
            } else {
                let end = effective_from - Duration::days(1);
                current_now.end = Some(current_now.end.map_or(end, |e| e.min(end)));
                tx.execute(
                    "UPDATE dosing_plan SET spec = ?3 WHERE id = ?1 AND version = ?2",
                    params![
                        current_now.id,
                        current_now.version,
                        serde_json::to_string(&current_now)?
                    ],
                )?;
            }
            insert_version(tx, next, now)?;
            Ok(next.clone())
        })
    }

    /// The latest version of a plan with the routine and zone histories its
    /// doses are read against (what a change of it is checked against).
    pub fn plan_with_histories(
        &self,
        plan_id: &str,
    ) -> Result<(DosingPlan, RoutineHistory, ZoneHistory)> {
        check_id("plan_id", plan_id)?;
        self.read(|tx| {
            Ok((
                latest_version(tx, plan_id)?,
                routine_history(tx)?,
                zone_history(tx)?,
            ))
        })
    }

    /// The zones the phone has been in (before any change: the profile's
    /// current zone; before a profile: UTC).
    pub fn zone_history(&self) -> Result<ZoneHistory> {
        self.read(zone_history)
    }

    /// Ends a plan after `last_day` (its doses up to then stay in history).
    pub fn end_plan(
        &self,
        plan_id: &str,
        last_day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<DosingPlan> {
        check_id("plan_id", plan_id)?;
        self.write(|tx| {
            let mut current = latest_version(tx, plan_id)?;
            if current.start.is_some_and(|s| s > last_day) {
                return Err(Error::invalid("last_day", "is before the plan starts"));
            }
            current.end = Some(current.end.map_or(last_day, |e| e.min(last_day)));
            tx.execute(
                "UPDATE dosing_plan SET spec = ?3 WHERE id = ?1 AND version = ?2",
                params![
                    current.id,
                    current.version,
                    serde_json::to_string(&current)?
                ],
            )?;
            let _ = now;
            Ok(current)
        })
    }

    /// The latest version of one plan.
    pub fn plan(&self, plan_id: &str) -> Result<DosingPlan> {
        check_id("plan_id", plan_id)?;
        self.read(|tx| latest_version(tx, plan_id))
    }

    /// The latest version of each plan of a medication.
    pub fn plans_of(&self, medication_id: &str) -> Result<Vec<DosingPlan>> {
        check_id("medication_id", medication_id)?;
        self.read(|tx| {
            let mut stmt = tx.prepare(
                "SELECT spec FROM dosing_plan p WHERE medication_id = ?1 AND deleted_at IS NULL
                   AND version = (SELECT max(version) FROM dosing_plan q
                                  WHERE q.id = p.id AND q.deleted_at IS NULL)
                 ORDER BY created_at, id",
            )?;
            let specs: Vec<String> = stmt
                .query_map([medication_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            specs.iter().map(|s| load_plan(s)).collect()
        })
    }

    /// Every plan version, the routine history and the zone history.
    pub fn schedule_context(&self) -> Result<ScheduleContext> {
        self.read(schedule_context_in)
    }

    /// Like [`Store::schedule_context`], with the plans of stopped
    /// medications too, each ending on the day the medication was stopped:
    /// what history and reports need (a stopped medication keeps its past).
    pub fn history_context(&self) -> Result<ScheduleContext> {
        self.read(history_context_in)
    }

    /// Occurrences of every active plan over local dates `from..=to`.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DoseOccurrence>> {
        self.schedule_context()?.occurrences(from, to)
    }

    /// Records that the phone is now in `zone` (since `at`). Past occurrences
    /// keep their times; follow-device plans read future ones in the new zone.
    pub fn set_current_zone(&self, zone: Tz, at: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            let (current, home): (String, String) = tx
                .query_row(
                    "SELECT current_zone, home_zone FROM profile WHERE id = 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(Error::not_found(RecordKind::Profile))?;
            let _ = home;
            record_zone(tx, &current, zone, at)?;
            tx.execute(
                "UPDATE profile SET current_zone = ?1, updated_at = ?2 WHERE id = 1",
                params![zone.name(), to_ms(at)],
            )?;
            Ok(())
        })
    }
}

/// Every plan version of non-deleted medications (stopped ones ending on
/// the day they were stopped), the routine history and the zone history.
pub(crate) fn history_context_in(tx: &Transaction<'_>) -> Result<ScheduleContext> {
    let mut stmt = tx.prepare_cached(
        "SELECT p.spec, m.status, m.stopped_on FROM dosing_plan p
                 JOIN medication m ON m.id = p.medication_id
                 WHERE p.deleted_at IS NULL AND m.deleted_at IS NULL
                 ORDER BY p.id, p.version",
    )?;
    let rows: Vec<(String, String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut plans = Vec::with_capacity(rows.len());
    for (spec, status, stopped_on) in rows {
        let mut plan = load_plan(&spec)?;
        let stopped = match status.as_str() {
            "active" => false,
            "stopped" => true,
            _ => return Err(corrupt_value("medication", "status").into()),
        };
        if stopped {
            let stopped_on = stopped_on
                .map(|d| d.parse::<NaiveDate>())
                .transpose()
                .map_err(|_| corrupt_value("medication", "stopped_on"))?;
            let Some(last) = stopped_on else {
                continue;
            };
            if plan.start.is_some_and(|s| s > last) {
                continue;
            }
            plan.end = Some(plan.end.map_or(last, |e| e.min(last)));
        }
        plans.push(plan);
    }
    Ok(ScheduleContext {
        plans,
        routines: routine_history(tx)?,
        zones: zone_history(tx)?,
    })
}

/// Every plan version of active medications, the routine history and the
/// zone history.
pub(crate) fn schedule_context_in(tx: &Transaction<'_>) -> Result<ScheduleContext> {
    let mut stmt = tx.prepare_cached(
        "SELECT p.spec FROM dosing_plan p JOIN medication m ON m.id = p.medication_id
                 WHERE p.deleted_at IS NULL AND m.deleted_at IS NULL AND m.status = 'active'
                 ORDER BY p.id, p.version",
    )?;
    let specs: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let plans = specs.iter().map(|s| load_plan(s)).collect::<Result<_>>()?;
    Ok(ScheduleContext {
        plans,
        routines: routine_history(tx)?,
        zones: zone_history(tx)?,
    })
}
