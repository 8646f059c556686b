//! Journal entries: write (with escalations), import, edit keeping history,
//! soft delete, read one, read its earlier versions.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::escalation::EscalationInputs;
use super::{not_found, JournalRecord};
use crate::error::{corrupt_value, Error, Result};
use crate::model::Figures;
use crate::model::MAX_IMPORT_ENTRIES;
use crate::model::{
    canonical_id, score, EntryDetail, EntryKind, JournalEntry, JournalEntryInput, PreparedEntry,
};
use crate::store::{from_ms, new_id, to_ms, Store};
use crate::time::parse_zone;

/// The columns [`from_row`] reads, from `journal_entry e`. Linked ids come
/// from the link tables, in the order they were given.
pub(super) const COLUMNS: &str = "e.id, e.kind, e.occurred_at, e.zone, e.local_date, e.detail, \
    e.note, e.shareable, e.version, e.created_at, e.updated_at, \
    (SELECT group_concat(medication_id, ',' ORDER BY position) \
       FROM journal_entry_medication WHERE entry_id = e.id), \
    (SELECT group_concat(goal_id, ',' ORDER BY position) \
       FROM journal_entry_goal WHERE entry_id = e.id)";

/// One row as stored, before its JSON is decoded.
pub(super) struct RawEntry {
    id: String,
    kind: String,
    occurred_at: i64,
    zone: String,
    local_date: String,
    detail: String,
    note: String,
    shareable: bool,
    version: u32,
    created_at: i64,
    updated_at: i64,
    medication_ids: Option<String>,
    goal_ids: Option<String>,
}

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok(RawEntry {
        id: row.get(0)?,
        kind: row.get(1)?,
        occurred_at: row.get(2)?,
        zone: row.get(3)?,
        local_date: row.get(4)?,
        detail: row.get(5)?,
        note: row.get(6)?,
        shareable: row.get(7)?,
        version: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        medication_ids: row.get(11)?,
        goal_ids: row.get(12)?,
    })
}

fn split_ids(s: Option<String>) -> Vec<String> {
    s.map(|s| s.split(',').map(str::to_string).collect())
        .unwrap_or_default()
}

fn corrupt(what: &str) -> Error {
    Error::Corrupt(format!("journal entry: {what}"))
}

impl RawEntry {
    pub(super) fn decode(self) -> Result<JournalEntry> {
        let mut detail: EntryDetail = serde_json::from_str(&self.detail)
            .map_err(|_| corrupt_value("journal_entry", "detail"))?;
        if let EntryDetail::SideEffect { side_effect } = &mut detail {
            side_effect.medication_ids = split_ids(self.medication_ids);
        }
        let kind = EntryKind::from_code("kind", &self.kind)
            .map_err(|_| corrupt_value("journal_entry", "kind"))?;
        if kind != EntryKind::of(&detail) {
            return Err(corrupt("kind does not match its detail"));
        }
        let score = match &detail {
            EntryDetail::Questionnaire { questionnaire } => {
                Some(score(questionnaire).map_err(|_| corrupt("answers"))?)
            }
            _ => None,
        };
        Ok(JournalEntry {
            id: self.id,
            kind,
            occurred_at: from_ms(self.occurred_at)?,
            zone: parse_zone("zone", &self.zone)
                .map_err(|_| corrupt_value("journal_entry", "zone"))?,
            local_date: NaiveDate::parse_from_str(&self.local_date, "%Y-%m-%d")
                .map_err(|_| corrupt_value("journal_entry", "local_date"))?,
            detail,
            note: self.note,
            shareable: self.shareable,
            goal_ids: split_ids(self.goal_ids),
            score,
            version: self.version,
            created_at: from_ms(self.created_at)?,
            updated_at: from_ms(self.updated_at)?,
        })
    }
}

/// One live entry.
pub(super) fn get(conn: &Connection, id: &str) -> Result<JournalEntry> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM journal_entry e WHERE e.id = ?1 AND e.deleted_at IS NULL"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(not_found(JournalRecord::Entry))?
    .decode()
}

/// Checks every medication and goal the entry links to exists and is not
/// deleted — or was already linked to this entry (editing an old side effect
/// after its medication was deleted keeps the link).
fn check_links(conn: &Connection, p: &PreparedEntry, entry_id: Option<&str>) -> Result<()> {
    let entry_id = entry_id.unwrap_or("");
    if let EntryDetail::SideEffect { side_effect } = &p.detail {
        for (i, id) in side_effect.medication_ids.iter().enumerate() {
            let found: Option<i64> = conn
                .query_row(
                    "SELECT 1 FROM medication WHERE id = ?1 AND (deleted_at IS NULL OR id IN
                        (SELECT medication_id FROM journal_entry_medication WHERE entry_id = ?2))",
                    [id, entry_id],
                    |r| r.get(0),
                )
                .optional()?;
            if found.is_none() {
                return Err(Error::invalid(
                    format!("journal.side_effect.medication_ids[{i}]"),
                    "no such medication",
                ));
            }
        }
    }
    let check_in_goal = match &p.detail {
        EntryDetail::GoalCheckIn { check_in } => Some(check_in.goal_id.as_str()),
        _ => None,
    };
    let mut given = 0;
    for id in &p.goal_ids {
        let field = if Some(id.as_str()) == check_in_goal {
            "journal.goal_check_in.goal_id".to_string()
        } else {
            given += 1;
            format!("journal.goal_ids[{}]", given - 1)
        };
        let found: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM journal_goal WHERE id = ?1 AND (deleted_at IS NULL OR id IN
                    (SELECT goal_id FROM journal_entry_goal WHERE entry_id = ?2))",
                [id, entry_id],
                |r| r.get(0),
            )
            .optional()?;
        if found.is_none() {
            return Err(Error::invalid(field, "no such goal"));
        }
    }
    Ok(())
}

/// The detail as stored: medication ids live in the link table.
fn stored_detail(detail: &EntryDetail) -> Result<String> {
    let mut detail = detail.clone();
    if let EntryDetail::SideEffect { side_effect } = &mut detail {
        side_effect.medication_ids.clear();
    }
    Ok(serde_json::to_string(&detail)?)
}

fn write_links(conn: &Connection, id: &str, p: &PreparedEntry) -> Result<()> {
    conn.execute(
        "DELETE FROM journal_entry_medication WHERE entry_id = ?1",
        [id],
    )?;
    conn.execute("DELETE FROM journal_entry_goal WHERE entry_id = ?1", [id])?;
    if let EntryDetail::SideEffect { side_effect } = &p.detail {
        let mut stmt = conn.prepare_cached(
            "INSERT INTO journal_entry_medication (entry_id, medication_id, position) VALUES (?1, ?2, ?3)",
        )?;
        for (i, m) in side_effect.medication_ids.iter().enumerate() {
            stmt.execute(params![id, m, i as i64])?;
        }
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO journal_entry_goal (entry_id, goal_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, g) in p.goal_ids.iter().enumerate() {
        stmt.execute(params![id, g, i as i64])?;
    }
    Ok(())
}

/// Inserts a new entry (links checked by the caller).
fn insert(conn: &Connection, id: &str, p: &PreparedEntry, now: DateTime<Utc>) -> Result<()> {
    let f = Figures::of(&p.detail, p.score.as_ref());
    conn.prepare_cached(
        "INSERT INTO journal_entry (id, kind, occurred_at, zone, local_date, detail, note,
            shareable, version, valence, energy, anxiety, sleep_hours, sleep_quality, severity,
            substance, amount, unit, instrument, total, rating, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?21)",
    )?
    .execute(params![
        id,
        p.kind.code(),
        to_ms(p.occurred_at),
        p.zone.name(),
        p.local_date.format("%Y-%m-%d").to_string(),
        stored_detail(&p.detail)?,
        p.note,
        p.shareable,
        f.valence,
        f.energy,
        f.anxiety,
        f.sleep_hours,
        f.sleep_quality,
        f.severity.map(|s| s.rank()),
        f.substance.map(|s| s.code()),
        f.amount,
        f.unit,
        f.instrument.map(|i| i.code()),
        f.total,
        f.rating,
        to_ms(now),
    ])?;
    write_links(conn, id, p)
}

impl Store {
    /// Writes a journal entry and returns it with what the escalation rules
    /// read for it (loaded in the same transaction).
    pub fn add_journal_entry(
        &self,
        input: &JournalEntryInput,
        now: DateTime<Utc>,
    ) -> Result<(JournalEntry, EscalationInputs)> {
        let p = input.prepare(now)?;
        let id = new_id();
        self.write(|tx| {
            check_links(tx, &p, None)?;
            insert(tx, &id, &p, now)?;
            let entry = get(tx, &id)?;
            let inputs = super::escalation::inputs_for(tx, &entry)?;
            Ok((entry, inputs))
        })
    }

    /// Writes many entries in one transaction (moving a journal between
    /// devices, restoring a backup) and returns their ids in order. All or
    /// nothing; at most 10,000 per call; no escalations are raised for
    /// imported history.
    pub fn import_journal_entries(
        &self,
        inputs: &[JournalEntryInput],
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        if inputs.len() > MAX_IMPORT_ENTRIES {
            return Err(Error::invalid(
                "journal.import",
                format!("at most {MAX_IMPORT_ENTRIES} entries per call"),
            ));
        }
        let prepared: Vec<PreparedEntry> = inputs
            .iter()
            .map(|i| i.prepare(now))
            .collect::<Result<_>>()?;
        self.write(|tx| {
            let mut ids = Vec::with_capacity(prepared.len());
            for p in &prepared {
                check_links(tx, p, None)?;
                let id = new_id();
                insert(tx, &id, p, now)?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    /// Replaces an entry's content. The entry as it was is kept (see
    /// [`Store::journal_entry_history`]); its kind cannot change. Returns the
    /// new version with what the escalation rules read for it.
    pub fn update_journal_entry(
        &self,
        id: &str,
        input: &JournalEntryInput,
        now: DateTime<Utc>,
    ) -> Result<(JournalEntry, EscalationInputs)> {
        let id = canonical_id("journal_entry_id", id)?;
        let p = input.prepare(now)?;
        self.write(|tx| {
            let current = get(tx, &id)?;
            if current.kind != p.kind {
                return Err(Error::invalid(
                    "journal.detail",
                    "an entry's kind cannot change: delete it and write a new one",
                ));
            }
            check_links(tx, &p, Some(&id))?;
            tx.execute(
                "INSERT INTO journal_entry_version (entry_id, version, snapshot, replaced_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    id,
                    current.version,
                    serde_json::to_string(&current)?,
                    to_ms(now)
                ],
            )?;
            let f = Figures::of(&p.detail, p.score.as_ref());
            tx.execute(
                "UPDATE journal_entry SET occurred_at = ?2, zone = ?3, local_date = ?4,
                    detail = ?5, note = ?6, shareable = ?7, version = version + 1,
                    valence = ?8, energy = ?9, anxiety = ?10, sleep_hours = ?11,
                    sleep_quality = ?12, severity = ?13, substance = ?14, amount = ?15,
                    unit = ?16, instrument = ?17, total = ?18, rating = ?19, updated_at = ?20
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![
                    id,
                    to_ms(p.occurred_at),
                    p.zone.name(),
                    p.local_date.format("%Y-%m-%d").to_string(),
                    stored_detail(&p.detail)?,
                    p.note,
                    p.shareable,
                    f.valence,
                    f.energy,
                    f.anxiety,
                    f.sleep_hours,
                    f.sleep_quality,
                    f.severity.map(|s| s.rank()),
                    f.substance.map(|s| s.code()),
                    f.amount,
                    f.unit,
                    f.instrument.map(|i| i.code()),
                    f.total,
                    f.rating,
                    to_ms(now),
                ],
            )?;
            write_links(tx, &id, &p)?;
            let entry = get(tx, &id)?;
            let inputs = super::escalation::inputs_for(tx, &entry)?;
            Ok((entry, inputs))
        })
    }

    /// Soft-deletes an entry: it disappears from every list, summary and
    /// history at once; [`Store::purge_deleted`] removes it and every earlier
    /// version of it from the file.
    pub fn delete_journal_entry(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        let id = canonical_id("journal_entry_id", id)?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE journal_entry SET deleted_at = ?2, updated_at = ?2
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, to_ms(now)],
            )?;
            if n == 0 {
                return Err(not_found(JournalRecord::Entry));
            }
            Ok(())
        })
    }

    /// One entry.
    pub fn journal_entry(&self, id: &str) -> Result<JournalEntry> {
        let id = canonical_id("journal_entry_id", id)?;
        self.read(|tx| get(tx, &id))
    }

    /// The earlier versions of an entry, oldest first (the current one is
    /// [`Store::journal_entry`]). Empty for an entry never edited.
    pub fn journal_entry_history(&self, id: &str) -> Result<Vec<JournalEntry>> {
        let id = canonical_id("journal_entry_id", id)?;
        self.read(|tx| {
            get(tx, &id)?;
            let mut stmt = tx.prepare(
                "SELECT snapshot FROM journal_entry_version WHERE entry_id = ?1 ORDER BY version",
            )?;
            let docs: Vec<String> = stmt
                .query_map([&id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            docs.iter()
                .map(|d| {
                    Ok(serde_json::from_str(d)
                        .map_err(|_| corrupt_value("journal_entry_version", "snapshot"))?)
                })
                .collect()
        })
    }

    /// A stored entry with what today's escalation rules read for it.
    pub fn journal_entry_with_rules(&self, id: &str) -> Result<(JournalEntry, EscalationInputs)> {
        let id = canonical_id("journal_entry_id", id)?;
        self.read(|tx| {
            let entry = get(tx, &id)?;
            let inputs = super::escalation::inputs_for(tx, &entry)?;
            Ok((entry, inputs))
        })
    }
}
