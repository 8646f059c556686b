//! Goals: add, edit, archive, soft delete (with their check-ins), list.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{not_found, JournalRecord};
use crate::error::{corrupt_value, Error, Result};
use crate::model::MAX_GOALS;
use crate::model::{canonical_id, Goal, GoalInput, LifeArea};
use crate::store::{from_ms, new_id, to_ms, Store};

const COLUMNS: &str = "id, area, title, why, active, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Goal> {
    let area: String = row.get(1)?;
    Ok(Goal {
        id: row.get(0)?,
        area: LifeArea::from_code("area", &area)
            .map_err(|_| corrupt_value("journal_goal", "area"))?,
        title: row.get(2)?,
        why: row.get(3)?,
        active: row.get(4)?,
        created_at: from_ms(row.get(5)?)?,
        updated_at: from_ms(row.get(6)?)?,
    })
}

fn get(conn: &Connection, id: &str) -> Result<Goal> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM journal_goal WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(not_found(JournalRecord::Goal))
}

impl Store {
    /// Adds a goal (active).
    pub fn add_goal(&self, input: &GoalInput, now: DateTime<Utc>) -> Result<Goal> {
        input.validate()?;
        let id = new_id();
        self.write(|tx| {
            let count: i64 = tx.query_row(
                "SELECT count(*) FROM journal_goal WHERE deleted_at IS NULL",
                [],
                |r| r.get(0),
            )?;
            if count as usize >= MAX_GOALS {
                return Err(Error::invalid(
                    "goal",
                    format!("at most {MAX_GOALS} goals can be kept"),
                ));
            }
            tx.execute(
                "INSERT INTO journal_goal (id, area, title, why, active, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)",
                params![
                    id,
                    input.area.code(),
                    input.title.trim(),
                    input.why.trim(),
                    to_ms(now)
                ],
            )?;
            get(tx, &id)
        })
    }

    /// Replaces a goal's area, title and why.
    pub fn update_goal(&self, id: &str, input: &GoalInput, now: DateTime<Utc>) -> Result<Goal> {
        let id = canonical_id("goal_id", id)?;
        input.validate()?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE journal_goal SET area = ?2, title = ?3, why = ?4, updated_at = ?5
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![
                    id,
                    input.area.code(),
                    input.title.trim(),
                    input.why.trim(),
                    to_ms(now)
                ],
            )?;
            if n == 0 {
                return Err(not_found(JournalRecord::Goal));
            }
            get(tx, &id)
        })
    }

    /// Archives (`false`) or re-activates (`true`) a goal; its check-ins stay.
    pub fn set_goal_active(&self, id: &str, active: bool, now: DateTime<Utc>) -> Result<Goal> {
        let id = canonical_id("goal_id", id)?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE journal_goal SET active = ?2, updated_at = ?3
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, active, to_ms(now)],
            )?;
            if n == 0 {
                return Err(not_found(JournalRecord::Goal));
            }
            get(tx, &id)
        })
    }

    /// Soft-deletes a goal and its check-ins (other entries only lose the
    /// link when the goal is purged).
    pub fn delete_goal(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let id = canonical_id("goal_id", id)?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE journal_goal SET deleted_at = ?2, updated_at = ?2
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, to_ms(now)],
            )?;
            if n == 0 {
                return Err(not_found(JournalRecord::Goal));
            }
            tx.execute(
                "UPDATE journal_entry SET deleted_at = ?2, updated_at = ?2
                 WHERE kind = 'goal_check_in' AND deleted_at IS NULL
                   AND id IN (SELECT entry_id FROM journal_entry_goal WHERE goal_id = ?1)",
                params![id, to_ms(now)],
            )?;
            Ok(())
        })
    }

    /// One goal.
    pub fn goal(&self, id: &str) -> Result<Goal> {
        let id = canonical_id("goal_id", id)?;
        self.read(|tx| get(tx, &id))
    }

    /// Goals, oldest first; archived ones only when asked.
    pub fn goals(&self, include_archived: bool) -> Result<Vec<Goal>> {
        self.read(|tx| goals_in(tx, include_archived))
    }
}

/// Goals, oldest first; archived ones only when asked.
pub(crate) fn goals_in(tx: &Transaction<'_>, include_archived: bool) -> Result<Vec<Goal>> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {COLUMNS} FROM journal_goal WHERE deleted_at IS NULL AND (?1 OR active = 1)
                 ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map([include_archived], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
