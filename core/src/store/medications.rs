//! Medication records: add, edit, stop, soft delete, list.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{check_id, from_ms, new_id, to_ms, Store};
use crate::error::{corrupt_value, CorruptValue, Error, RecordKind, Result};
use crate::limits;
use crate::model::{
    DoseForm, Medication, MedicationInput, MedicationStatus, OnsetWindow, Strength,
};

const COLUMNS: &str = "id, name, strength_amount, strength_unit, form, instructions, \
    prescriber_notes, onset_min_days, onset_max_days, status, started_on, stopped_on, \
    created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Medication> {
    let amount: Option<f64> = row.get(2)?;
    let unit: Option<String> = row.get(3)?;
    let onset_min: Option<u32> = row.get(7)?;
    let onset_max: Option<u32> = row.get(8)?;
    let form: String = row.get(4)?;
    let status: String = row.get(9)?;
    Ok(Medication {
        id: row.get(0)?,
        name: row.get(1)?,
        strength: amount
            .zip(unit)
            .map(|(amount, unit)| Strength { amount, unit }),
        form: DoseForm::from_code("form", &form)
            .map_err(|_| corrupt_value("medication", "form"))?,
        instructions: row.get(5)?,
        prescriber_notes: row.get(6)?,
        expected_onset: onset_min
            .zip(onset_max)
            .map(|(min_days, max_days)| OnsetWindow { min_days, max_days }),
        status: match status.as_str() {
            "active" => MedicationStatus::Active,
            "stopped" => MedicationStatus::Stopped,
            _ => return Err(corrupt_value("medication", "status").into()),
        },
        started_on: date_from(row.get(10)?, "started_on")?,
        stopped_on: date_from(row.get(11)?, "stopped_on")?,
        created_at: from_ms(row.get(12)?)?,
        updated_at: from_ms(row.get(13)?)?,
    })
}

/// A stored `YYYY-MM-DD` of `medication.column` (NULL: none).
fn date_from(s: Option<String>, column: &'static str) -> Result<Option<NaiveDate>, CorruptValue> {
    s.map(|s| s.parse().map_err(|_| corrupt_value("medication", column)))
        .transpose()
}

fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

impl Store {
    /// Adds a medication (active) and returns it with its new id.
    pub fn add_medication(
        &self,
        input: &MedicationInput,
        now: DateTime<Utc>,
    ) -> Result<Medication> {
        input.validate()?;
        self.write(|tx| insert(tx, input, now))
    }

    /// Replaces the editable fields of a medication.
    pub fn update_medication(
        &self,
        id: &str,
        input: &MedicationInput,
        now: DateTime<Utc>,
    ) -> Result<Medication> {
        check_id("medication_id", id)?;
        input.validate()?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE medication SET name = ?2, strength_amount = ?3, strength_unit = ?4,
                    form = ?5, instructions = ?6, prescriber_notes = ?7, onset_min_days = ?8,
                    onset_max_days = ?9, started_on = ?10, updated_at = ?11
                 WHERE id = ?1 AND deleted_at IS NULL",
                values(id, input, now),
            )?;
            if n == 0 {
                return Err(Error::not_found(RecordKind::Medication));
            }
            get(tx, id)
        })
    }

    /// Marks a medication stopped on a local date (it stays in history and
    /// reports). Restarting is [`Store::restart_medication`].
    pub fn stop_medication(
        &self,
        id: &str,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Medication> {
        self.set_status(id, MedicationStatus::Stopped, Some(on), now)
    }

    /// Makes a stopped medication active again.
    pub fn restart_medication(&self, id: &str, now: DateTime<Utc>) -> Result<Medication> {
        self.set_status(id, MedicationStatus::Active, None, now)
    }

    fn set_status(
        &self,
        id: &str,
        status: MedicationStatus,
        stopped_on: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<Medication> {
        check_id("medication_id", id)?;
        self.write(|tx| {
            let code = match status {
                MedicationStatus::Active => "active",
                MedicationStatus::Stopped => "stopped",
            };
            let n = tx.execute(
                "UPDATE medication SET status = ?2, stopped_on = ?3, updated_at = ?4
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, code, date_text(stopped_on), to_ms(now)],
            )?;
            if n == 0 {
                return Err(Error::not_found(RecordKind::Medication));
            }
            get(tx, id)
        })
    }

    /// Soft-deletes a medication: it disappears from every list at once and is
    /// removed from the file by [`Store::purge_deleted`].
    pub fn delete_medication(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        check_id("medication_id", id)?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE medication SET deleted_at = ?2, updated_at = ?2
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, to_ms(now)],
            )?;
            if n == 0 {
                return Err(Error::not_found(RecordKind::Medication));
            }
            Ok(())
        })
    }

    /// One medication.
    pub fn medication(&self, id: &str) -> Result<Medication> {
        check_id("medication_id", id)?;
        self.read(|tx| get(tx, id))
    }

    /// Medications by name; stopped ones only when asked.
    pub fn medications(&self, include_stopped: bool) -> Result<Vec<Medication>> {
        self.read(|tx| medications_in(tx, include_stopped))
    }
}

/// What the insert and the update bind: ?1 the id, ?2..?10 the input's
/// fields, ?11 `now`.
fn values<'a>(
    id: &'a str,
    input: &'a MedicationInput,
    now: DateTime<Utc>,
) -> impl rusqlite::Params + 'a {
    (
        id,
        input.name.trim(),
        input.strength.as_ref().map(|s| s.amount),
        input.strength.as_ref().map(|s| s.unit.trim().to_string()),
        input.form.code(),
        input.instructions.as_str(),
        input.prescriber_notes.as_str(),
        input.expected_onset.map(|w| w.min_days),
        input.expected_onset.map(|w| w.max_days),
        date_text(input.started_on),
        to_ms(now),
    )
}

/// Inserts a validated medication (active), refusing more than
/// [`limits::MAX_MEDICATIONS`].
pub(super) fn insert(
    tx: &Transaction<'_>,
    input: &MedicationInput,
    now: DateTime<Utc>,
) -> Result<Medication> {
    let count: i64 = tx.query_row(
        "SELECT count(*) FROM medication WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    if count as usize >= limits::MAX_MEDICATIONS {
        return Err(Error::invalid(
            "medication",
            "at most 200 medications can be kept",
        ));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO medication (id, name, strength_amount, strength_unit, form,
            instructions, prescriber_notes, onset_min_days, onset_max_days, status,
            started_on, stopped_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'active', ?10, NULL, ?11, ?11)",
        values(&id, input, now),
    )?;
    get(tx, &id)
}

/// Checks, inside a transaction, that a medication exists and is not deleted.
pub(crate) fn require(conn: &rusqlite::Connection, id: &str) -> Result<()> {
    conn.prepare_cached("SELECT 1 FROM medication WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .ok_or(Error::not_found(RecordKind::Medication))
}

fn get(conn: &rusqlite::Connection, id: &str) -> Result<Medication> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM medication WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(Error::not_found(RecordKind::Medication))
}

/// Medications by name (not deleted); stopped ones only when asked.
pub(crate) fn medications_in(
    tx: &Transaction<'_>,
    include_stopped: bool,
) -> Result<Vec<Medication>> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {COLUMNS} FROM medication WHERE deleted_at IS NULL
                   AND (?1 OR status = 'active')
                 ORDER BY name COLLATE NOCASE, created_at"
    ))?;
    let rows = stmt.query_map([include_stopped], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
