//! The dose log: logging, idempotency, undo and edit with history. (The
//! supply on hand follows from the log: see `store/supply.rs`.)
//!
//! Nothing is hard-deleted: an undo is a new version with status `undone`.
//! `dose_log` holds each entry's current version and `dose_log_version` the
//! earlier ones (written when a version is replaced, so a first log costs
//! one row).

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{check_id, from_ms, new_id, to_ms, Store};
use crate::error::{corrupt_value, CorruptValue, Error, RecordKind, Result};
use crate::limits;
use crate::model::{
    DoseAction, DoseKind, DoseLogEdit, DoseLogEntry, DoseLogVersion, DoseWarning, LogStatus,
    SkipReason, UnscheduledDose,
};
use crate::model::{DoseOccurrence, TakenDose};

const COLUMNS: &str = "id, medication_id, kind, occurrence_id, plan_id, scheduled_at, local_date, \
    status, taken_at, amount, unit, skip_reason, note, warnings, version, created_at, updated_at";

/// Decides the warnings of a taken dose from the doses taken before it
/// (called inside the write transaction, so concurrent logs are seen).
pub type WarningCheck<'a> = &'a dyn Fn(&[TakenDose], f64, DateTime<Utc>) -> Vec<DoseWarning>;

fn opt_ms(v: Option<i64>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    v.map(from_ms).transpose()
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<DoseLogEntry> {
    let kind: String = r.get(2)?;
    let status: String = r.get(7)?;
    let warnings: String = r.get(13)?;
    Ok(DoseLogEntry {
        id: r.get(0)?,
        medication_id: r.get(1)?,
        kind: kind_from(&kind)?,
        occurrence_id: r.get(3)?,
        plan_id: r.get(4)?,
        scheduled_at: opt_ms(r.get(5)?)?,
        local_date: r
            .get::<_, Option<String>>(6)?
            .map(|d| {
                d.parse()
                    .map_err(|_| corrupt_value("dose_log", "local_date"))
            })
            .transpose()?,
        status: status_from("dose_log", &status)?,
        taken_at: opt_ms(r.get(8)?)?,
        amount: r.get(9)?,
        unit: r.get(10)?,
        skip_reason: skip_reason_from("dose_log", r.get(11)?)?,
        note: r.get(12)?,
        warnings: serde_json::from_str(&warnings)
            .map_err(|_| corrupt_value("dose_log", "warnings"))?,
        version: r.get(14)?,
        created_at: from_ms(r.get(15)?)?,
        updated_at: from_ms(r.get(16)?)?,
    })
}

fn kind_from(code: &str) -> Result<DoseKind, CorruptValue> {
    match code {
        "scheduled" => Ok(DoseKind::Scheduled),
        "extra" => Ok(DoseKind::Extra),
        "as_needed" => Ok(DoseKind::AsNeeded),
        _ => Err(corrupt_value("dose_log", "kind")),
    }
}

fn status_from(table: &'static str, code: &str) -> Result<LogStatus, CorruptValue> {
    match code {
        "taken" => Ok(LogStatus::Taken),
        "skipped" => Ok(LogStatus::Skipped),
        "undone" => Ok(LogStatus::Undone),
        _ => Err(corrupt_value(table, "status")),
    }
}

fn skip_reason_from(
    table: &'static str,
    code: Option<String>,
) -> Result<Option<SkipReason>, CorruptValue> {
    code.map(|c| {
        SkipReason::from_code("skip_reason", &c).map_err(|_| corrupt_value(table, "skip_reason"))
    })
    .transpose()
}

fn get(tx: &Transaction<'_>, id: &str) -> Result<DoseLogEntry> {
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM dose_log WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::not_found(RecordKind::DoseLog))
}

fn by_occurrence(tx: &Transaction<'_>, occurrence_id: &str) -> Result<Option<DoseLogEntry>> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM dose_log WHERE occurrence_id = ?1"
        ))?
        .query_row([occurrence_id], from_row)
        .optional()?)
}

fn check_note(note: &str) -> Result<()> {
    limits::text("note", note, 0, limits::MAX_TEXT_CHARS)
}

fn check_amount(amount: Option<f64>) -> Result<()> {
    match amount {
        Some(a) if !(a.is_finite() && a > 0.0 && a <= limits::MAX_DOSE_AMOUNT) => {
            Err(Error::invalid(
                "amount",
                "must be a number greater than zero and at most 1000000",
            ))
        }
        _ => Ok(()),
    }
}

/// Keeps a version that is about to be replaced in the history.
fn snapshot(tx: &Transaction<'_>, e: &DoseLogEntry) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO dose_log_version (entry_id, version, status, taken_at, amount, unit,
            skip_reason, note, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        e.id,
        e.version,
        e.status.code(),
        e.taken_at.map(to_ms),
        e.amount,
        e.unit,
        e.skip_reason.map(|r| r.code()),
        e.note,
        to_ms(e.updated_at)
    ])?;
    Ok(())
}

/// Doses of a medication taken within `hours` before `at` (excluding one entry).
fn taken_before(
    tx: &Transaction<'_>,
    medication_id: &str,
    at: DateTime<Utc>,
    hours: i64,
    except: Option<&str>,
) -> Result<Vec<TakenDose>> {
    let mut stmt = tx.prepare_cached(
        "SELECT taken_at, amount FROM dose_log
         WHERE medication_id = ?1 AND status = 'taken' AND taken_at >= ?2 AND taken_at <= ?3
           AND id IS NOT ?4 ORDER BY taken_at",
    )?;
    let from = at - chrono::Duration::hours(hours);
    let rows = stmt.query_map(
        params![medication_id, to_ms(from), to_ms(at), except],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<f64>>(1)?)),
    )?;
    rows.map(|row| {
        let (t, amount) = row?;
        Ok(TakenDose {
            at: from_ms(t)?,
            amount: amount.unwrap_or(0.0),
        })
    })
    .collect()
}

/// How far back limits look (the longest maximum-per-period window allowed).
const LIMIT_LOOKBACK_HOURS: i64 = 24 * 31;

fn warnings_for(
    tx: &Transaction<'_>,
    medication_id: &str,
    at: DateTime<Utc>,
    amount: f64,
    now: DateTime<Utc>,
    except: Option<&str>,
    check: WarningCheck<'_>,
) -> Result<Vec<DoseWarning>> {
    let before = taken_before(tx, medication_id, at, LIMIT_LOOKBACK_HOURS, except)?;
    let mut w = check(&before, amount, at);
    let ahead = (at - now).num_minutes();
    if ahead > 5 {
        w.push(DoseWarning::TakenInTheFuture {
            minutes_ahead: ahead,
        });
    }
    Ok(w)
}

impl Store {
    /// Logs what the person did with a scheduled occurrence. Logging the
    /// same thing twice (phone and watch, a retried call) returns the entry
    /// unchanged; logging something different (taken after skipped, or after
    /// an undo) makes a new version, keeping the old one in the history.
    pub fn log_occurrence(
        &self,
        occ: &DoseOccurrence,
        action: &DoseAction,
        now: DateTime<Utc>,
        check: WarningCheck<'_>,
    ) -> Result<DoseLogEntry> {
        let (status, taken_at, amount, reason, note) = match action {
            DoseAction::Taken { at, amount, .. } => {
                check_amount(*amount)?;
                (
                    LogStatus::Taken,
                    Some(at.unwrap_or(now)),
                    Some(amount.unwrap_or(occ.dose.amount)),
                    None,
                    String::new(),
                )
            }
            DoseAction::Skipped { reason, note } => {
                let note = note.clone().unwrap_or_default();
                check_note(&note)?;
                (LogStatus::Skipped, None, None, Some(*reason), note)
            }
        };
        self.write(|tx| {
            let existing = by_occurrence(tx, &occ.id)?;
            if let Some(e) = &existing {
                let same = e.status == status
                    && (status != LogStatus::Skipped || e.skip_reason == reason);
                if same {
                    return Ok(e.clone());
                }
            }
            let warnings = match (status, taken_at, amount) {
                (LogStatus::Taken, Some(t), Some(a)) => warnings_for(
                    tx,
                    &occ.medication_id,
                    t,
                    a,
                    now,
                    existing.as_ref().map(|e| e.id.as_str()),
                    check,
                )?,
                _ => Vec::new(),
            };
            let entry = DoseLogEntry {
                id: existing.as_ref().map_or_else(new_id, |e| e.id.clone()),
                medication_id: occ.medication_id.to_string(),
                kind: DoseKind::Scheduled,
                occurrence_id: Some(occ.id.to_string()),
                plan_id: Some(occ.plan_id.to_string()),
                scheduled_at: Some(occ.utc),
                local_date: Some(occ.local_date),
                status,
                taken_at,
                amount,
                unit: Some(occ.dose.unit.to_string()),
                skip_reason: reason,
                note,
                warnings,
                version: existing.as_ref().map_or(1, |e| e.version + 1),
                created_at: existing.as_ref().map_or(now, |e| e.created_at),
                updated_at: now,
            };
            if let Some(old) = &existing {
                snapshot(tx, old)?;
            }
            tx.prepare_cached(
                "INSERT INTO dose_log (id, medication_id, kind, occurrence_id, plan_id, plan_version,
                    scheduled_at, local_date, slot, status, taken_at, amount, unit, skip_reason,
                    note, warnings, version, created_at, updated_at)
                 VALUES (?1, ?2, 'scheduled', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
                    ?15, ?16, ?17, ?18)
                 ON CONFLICT (id) DO UPDATE SET status = ?9, taken_at = ?10, amount = ?11,
                    unit = ?12, skip_reason = ?13, note = ?14, warnings = ?15, version = ?16,
                    updated_at = ?18",
            )?
            .execute(params![
                    entry.id,
                    entry.medication_id,
                    occ.id.as_str(),
                    occ.plan_id.as_str(),
                    occ.plan_version,
                    to_ms(occ.utc),
                    occ.local_date.to_string(),
                    occ.slot.as_str(),
                    status.code(),
                    taken_at.map(to_ms),
                    amount,
                    entry.unit,
                    reason.map(|r| r.code()),
                    entry.note,
                    serde_json::to_string(&entry.warnings)?,
                    entry.version,
                    to_ms(entry.created_at),
                    to_ms(now),
                ])?;
            Ok(entry)
        })
    }

    /// Logs a dose that belongs to no occurrence: an extra (off-schedule) or
    /// an as-needed dose. A retried call (same medication, kind, instant and
    /// amount) returns the first entry.
    pub fn log_unscheduled(
        &self,
        dose: &UnscheduledDose,
        now: DateTime<Utc>,
        check: WarningCheck<'_>,
    ) -> Result<DoseLogEntry> {
        let UnscheduledDose {
            medication_id,
            kind,
            taken_at,
            amount,
            unit,
            note,
        } = dose;
        let (medication_id, kind, taken_at, amount) =
            (medication_id.as_str(), *kind, *taken_at, *amount);
        check_id("medication_id", medication_id)?;
        if kind == DoseKind::Scheduled {
            return Err(Error::invalid(
                "kind",
                "scheduled doses are logged by occurrence",
            ));
        }
        check_amount(Some(amount))?;
        check_note(note)?;
        limits::text("unit", unit, 1, limits::MAX_UNIT_CHARS)?;
        self.write(|tx| {
            super::medications::require(tx, medication_id)?;
            let retried: Option<String> = tx
                .query_row(
                    "SELECT id FROM dose_log WHERE medication_id = ?1 AND kind = ?2
                       AND taken_at = ?3 AND amount = ?4 AND status = 'taken'",
                    params![medication_id, kind.code(), to_ms(taken_at), amount],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = retried {
                return get(tx, &id);
            }
            let warnings = warnings_for(tx, medication_id, taken_at, amount, now, None, check)?;
            let entry = DoseLogEntry {
                id: new_id(),
                medication_id: medication_id.to_string(),
                kind,
                occurrence_id: None,
                plan_id: None,
                scheduled_at: None,
                local_date: None,
                status: LogStatus::Taken,
                taken_at: Some(taken_at),
                amount: Some(amount),
                unit: Some(unit.to_string()),
                skip_reason: None,
                note: note.to_string(),
                warnings,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            tx.execute(
                "INSERT INTO dose_log (id, medication_id, kind, status, taken_at, amount, unit,
                    note, warnings, version, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'taken', ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9)",
                params![
                    entry.id,
                    medication_id,
                    kind.code(),
                    to_ms(taken_at),
                    amount,
                    unit,
                    note,
                    serde_json::to_string(&entry.warnings)?,
                    to_ms(now)
                ],
            )?;
            Ok(entry)
        })
    }

    /// Undoes a log entry: the occurrence is as if never logged (an extra
    /// dose no longer counts); the history keeps every version. Undoing an
    /// undone entry changes nothing.
    pub fn undo_log(&self, entry_id: &str, now: DateTime<Utc>) -> Result<DoseLogEntry> {
        check_id("entry_id", entry_id)?;
        self.write(|tx| {
            let old = get(tx, entry_id)?;
            if old.status == LogStatus::Undone {
                return Ok(old);
            }
            snapshot(tx, &old)?;
            let mut e = old.clone();
            e.status = LogStatus::Undone;
            e.version += 1;
            e.updated_at = now;
            e.warnings.clear();
            tx.execute(
                "UPDATE dose_log SET status = 'undone', warnings = '[]', version = ?2, updated_at = ?3
                 WHERE id = ?1",
                params![e.id, e.version, to_ms(now)],
            )?;
            Ok(e)
        })
    }

    /// Edits a log entry (time, amount, reason, note), keeping the old
    /// version in the history.
    pub fn edit_log(
        &self,
        entry_id: &str,
        edit: &DoseLogEdit,
        now: DateTime<Utc>,
        check: WarningCheck<'_>,
    ) -> Result<DoseLogEntry> {
        check_id("entry_id", entry_id)?;
        check_amount(edit.amount)?;
        if let Some(n) = &edit.note {
            check_note(n)?;
        }
        self.write(|tx| {
            let old = get(tx, entry_id)?;
            let mut e = old.clone();
            match old.status {
                LogStatus::Undone => {
                    return Err(Error::invalid(
                        "entry_id",
                        "an undone entry cannot be edited; log it again",
                    ))
                }
                LogStatus::Skipped if edit.taken_at.is_some() || edit.amount.is_some() => {
                    return Err(Error::invalid(
                        "taken_at",
                        "a skipped dose has no time or amount; log it as taken instead",
                    ))
                }
                LogStatus::Taken if edit.skip_reason.is_some() => {
                    return Err(Error::invalid("skip_reason", "the dose is logged as taken"))
                }
                _ => {}
            }
            if let Some(t) = edit.taken_at {
                e.taken_at = Some(t);
            }
            if let Some(a) = edit.amount {
                e.amount = Some(a);
            }
            if let Some(r) = edit.skip_reason {
                e.skip_reason = Some(r);
            }
            if let Some(n) = &edit.note {
                e.note = n.clone();
            }
            if e == old {
                return Ok(old);
            }
            if let (LogStatus::Taken, Some(t), Some(a)) = (e.status, e.taken_at, e.amount) {
                e.warnings = warnings_for(tx, &e.medication_id, t, a, now, Some(&e.id), check)?;
            }
            e.version += 1;
            e.updated_at = now;
            snapshot(tx, &old)?;
            tx.execute(
                "UPDATE dose_log SET taken_at = ?2, amount = ?3, skip_reason = ?4, note = ?5,
                    warnings = ?6, version = ?7, updated_at = ?8 WHERE id = ?1",
                params![
                    e.id,
                    e.taken_at.map(to_ms),
                    e.amount,
                    e.skip_reason.map(|r| r.code()),
                    e.note,
                    serde_json::to_string(&e.warnings)?,
                    e.version,
                    to_ms(now)
                ],
            )?;
            Ok(e)
        })
    }

    /// One log entry.
    pub fn log_entry(&self, entry_id: &str) -> Result<DoseLogEntry> {
        check_id("entry_id", entry_id)?;
        self.read(|tx| get(tx, entry_id))
    }

    /// Every version of a log entry, oldest first (the last is the current).
    pub fn log_history(&self, entry_id: &str) -> Result<Vec<DoseLogVersion>> {
        check_id("entry_id", entry_id)?;
        self.read(|tx| {
            let current = get(tx, entry_id)?;
            let mut stmt = tx.prepare(
                "SELECT version, status, taken_at, amount, unit, skip_reason, note, recorded_at
                 FROM dose_log_version WHERE entry_id = ?1 ORDER BY version",
            )?;
            let rows = stmt.query_map([entry_id], |r| {
                Ok(DoseLogVersion {
                    version: r.get(0)?,
                    status: status_from("dose_log_version", &r.get::<_, String>(1)?)?,
                    taken_at: opt_ms(r.get(2)?)?,
                    amount: r.get(3)?,
                    unit: r.get(4)?,
                    skip_reason: skip_reason_from("dose_log_version", r.get(5)?)?,
                    note: r.get(6)?,
                    recorded_at: from_ms(r.get(7)?)?,
                })
            })?;
            let mut versions: Vec<DoseLogVersion> = rows.collect::<rusqlite::Result<_>>()?;
            versions.push(DoseLogVersion {
                version: current.version,
                status: current.status,
                taken_at: current.taken_at,
                amount: current.amount,
                unit: current.unit,
                skip_reason: current.skip_reason,
                note: current.note,
                recorded_at: current.updated_at,
            });
            Ok(versions)
        })
    }

    /// The log entries of these occurrences (undone ones included).
    pub fn logs_for_occurrences(&self, occurrence_ids: &[&str]) -> Result<Vec<DoseLogEntry>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM dose_log WHERE occurrence_id = ?1"
            ))?;
            let mut out = Vec::new();
            for id in occurrence_ids {
                if let Some(e) = stmt.query_row([id], from_row).optional()? {
                    out.push(e);
                }
            }
            Ok(out)
        })
    }

    /// The log entries of these occurrences (undone ones included), found by
    /// a range scan over their scheduled times: recent entries sit together
    /// in the file, so the cost follows the window, not the history.
    pub fn logs_for(&self, occurrences: &[DoseOccurrence]) -> Result<Vec<DoseLogEntry>> {
        let (Some(first), Some(last)) = (
            occurrences.iter().map(|o| o.utc).min(),
            occurrences.iter().map(|o| o.utc).max(),
        ) else {
            return Ok(Vec::new());
        };
        let wanted: std::collections::HashSet<&str> =
            occurrences.iter().map(|o| o.id.as_str()).collect();
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM dose_log WHERE scheduled_at >= ?1 AND scheduled_at <= ?2"
            ))?;
            let rows = stmt.query_map(params![to_ms(first), to_ms(last)], from_row)?;
            let mut out = Vec::new();
            for e in rows {
                let e = e?;
                if e.occurrence_id
                    .as_deref()
                    .is_some_and(|id| wanted.contains(id))
                {
                    out.push(e);
                }
            }
            Ok(out)
        })
    }

    /// Entries whose dose time (taken or scheduled) is in `[from, to)`,
    /// oldest first.
    pub fn logs_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<DoseLogEntry>> {
        self.read(|tx| logs_between_in(tx, from, to))
    }

    /// Doses of a medication taken in `[from, to]`, oldest first.
    pub fn taken_doses(
        &self,
        medication_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<TakenDose>> {
        check_id("medication_id", medication_id)?;
        let hours = (to - from).num_hours() + 1;
        self.read(|tx| taken_before(tx, medication_id, to, hours, None))
            .map(|v| v.into_iter().filter(|t| t.at >= from).collect())
    }
}

/// Entries whose dose time (taken or scheduled) is in `[from, to)`, oldest first.
pub(crate) fn logs_between_in(
    tx: &Transaction<'_>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<DoseLogEntry>> {
    let mut stmt = tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM dose_log
                 WHERE (taken_at >= ?1 AND taken_at < ?2) OR (scheduled_at >= ?1 AND scheduled_at < ?2)
                 ORDER BY coalesce(taken_at, scheduled_at)"
            ))?;
    let rows = stmt.query_map(params![to_ms(from), to_ms(to)], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
