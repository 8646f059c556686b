//! Reading the journal: paged lists (by period, kind, medication, goal) and
//! daily summaries for charts.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::Transaction;

use super::entries::{from_row, RawEntry, COLUMNS};
use crate::error::{corrupt_value, Error, Result};
use crate::model::{
    canonical_id, EntryKind, Instrument, JournalEntry, JournalPage, JournalQuery, Severity,
    Substance,
};
use crate::model::{Figures, SummaryRow};
use crate::model::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::store::Store;

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A cursor is the position of the last entry of a page: `<ms>.<id>`.
fn cursor_of(occurred_ms: i64, id: &str) -> String {
    format!("{occurred_ms}.{id}")
}

fn parse_cursor(s: &str) -> Result<(i64, String)> {
    let bad = || Error::invalid("journal_query.cursor", "not a cursor from a previous page");
    let (ms, id) = s.split_once('.').ok_or_else(bad)?;
    let ms: i64 = ms.parse().map_err(|_| bad())?;
    let id = canonical_id("journal_query.cursor", id).map_err(|_| bad())?;
    Ok((ms, id))
}

impl Store {
    /// One page of entries, newest first. Filters: local dates `from..=to`,
    /// kinds, a medication (side effects linked to it), a goal. Pass the
    /// page's `next_cursor` to get the next one; pages stay stable while
    /// entries are added.
    pub fn journal_entries(&self, query: &JournalQuery) -> Result<JournalPage> {
        let limit = match query.limit {
            0 => DEFAULT_PAGE_SIZE,
            n if n > MAX_PAGE_SIZE => {
                return Err(Error::invalid(
                    "journal_query.limit",
                    format!("at most {MAX_PAGE_SIZE} entries per page"),
                ))
            }
            n => n,
        };
        if let (Some(from), Some(to)) = (query.from, query.to) {
            if to < from {
                return Err(Error::invalid(
                    "journal_query.to",
                    "must not be before `from`",
                ));
            }
        }
        let mut sql = format!("SELECT {COLUMNS} FROM journal_entry e WHERE e.deleted_at IS NULL");
        let mut args: Vec<Value> = Vec::new();
        let mut arg = |sql: &mut String, clause: &str, v: Value| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(from) = query.from {
            arg(
                &mut sql,
                " AND e.local_date >= ?",
                Value::Text(date_text(from)),
            );
        }
        if let Some(to) = query.to {
            arg(
                &mut sql,
                " AND e.local_date <= ?",
                Value::Text(date_text(to)),
            );
        }
        if !query.kinds.is_empty() {
            let list: String = query
                .kinds
                .iter()
                .map(|k| format!(",{}", k.code()))
                .collect::<String>()
                + ",";
            arg(
                &mut sql,
                " AND instr(?, ',' || e.kind || ',') > 0",
                Value::Text(list),
            );
        }
        if let Some(m) = &query.medication_id {
            let m = canonical_id("journal_query.medication_id", m)?;
            arg(
                &mut sql,
                " AND e.id IN (SELECT entry_id FROM journal_entry_medication WHERE medication_id = ?)",
                Value::Text(m),
            );
        }
        if let Some(g) = &query.goal_id {
            let g = canonical_id("journal_query.goal_id", g)?;
            arg(
                &mut sql,
                " AND e.id IN (SELECT entry_id FROM journal_entry_goal WHERE goal_id = ?)",
                Value::Text(g),
            );
        }
        if let Some(c) = &query.cursor {
            let (ms, id) = parse_cursor(c)?;
            args.push(Value::Integer(ms));
            args.push(Value::Text(id));
            let (a, b) = (args.len() - 1, args.len());
            sql.push_str(&format!(
                " AND (e.occurred_at < ?{a} OR (e.occurred_at = ?{a} AND e.id < ?{b}))"
            ));
        }
        args.push(Value::Integer(i64::from(limit) + 1));
        sql.push_str(&format!(
            " ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?{}",
            args.len()
        ));
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut raw: Vec<RawEntry> = stmt
                .query_map(rusqlite::params_from_iter(args.iter()), from_row)?
                .collect::<rusqlite::Result<_>>()?;
            let more = raw.len() > limit as usize;
            raw.truncate(limit as usize);
            let entries = raw
                .into_iter()
                .map(RawEntry::decode)
                .collect::<Result<Vec<_>>>()?;
            let next_cursor = if more {
                entries
                    .last()
                    .map(|e| cursor_of(e.occurred_at.timestamp_millis(), &e.id))
            } else {
                None
            };
            Ok(JournalPage {
                entries,
                next_cursor,
            })
        })
    }

    /// The figures of every entry of local dates `from..=to`, in date and
    /// time order (the columns summaries are made of).
    pub(crate) fn summary_rows(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<SummaryRow>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT local_date, kind, valence, energy, anxiety, sleep_hours, sleep_quality,
                    severity, substance, amount, unit, instrument, total, rating
                 FROM journal_entry
                 WHERE deleted_at IS NULL AND local_date >= ?1 AND local_date <= ?2
                 ORDER BY local_date, occurred_at",
            )?;
            let mut rows = stmt.query([date_text(from), date_text(to)])?;
            let mut out = Vec::new();
            let mut last: Option<(String, NaiveDate)> = None;
            while let Some(r) = rows.next()? {
                let date_ref = r
                    .get_ref(0)?
                    .as_str()
                    .map_err(|_| corrupt_value("journal_entry", "local_date"))?;
                let date = match &last {
                    Some((text, d)) if text == date_ref => *d,
                    _ => {
                        let d = NaiveDate::parse_from_str(date_ref, "%Y-%m-%d")
                            .map_err(|_| corrupt_value("journal_entry", "local_date"))?;
                        last = Some((date_ref.to_string(), d));
                        d
                    }
                };
                let kind = r
                    .get_ref(1)?
                    .as_str()
                    .map_err(|_| corrupt_value("journal_entry", "kind"))?;
                let kind = EntryKind::from_code("kind", kind)
                    .map_err(|_| corrupt_value("journal_entry", "kind"))?;
                let substance: Option<String> = r.get(8)?;
                let instrument: Option<String> = r.get(11)?;
                out.push(SummaryRow {
                    date,
                    kind,
                    figures: Figures {
                        valence: r.get(2)?,
                        energy: r.get(3)?,
                        anxiety: r.get(4)?,
                        sleep_hours: r.get(5)?,
                        sleep_quality: r.get(6)?,
                        severity: r
                            .get::<_, Option<i64>>(7)?
                            .map(|n| {
                                Severity::from_rank(n)
                                    .ok_or(corrupt_value("journal_entry", "severity"))
                            })
                            .transpose()?,
                        substance: substance
                            .map(|s| {
                                Substance::from_code("substance", &s)
                                    .map_err(|_| corrupt_value("journal_entry", "substance"))
                            })
                            .transpose()?,
                        amount: r.get(9)?,
                        unit: r.get(10)?,
                        instrument: instrument
                            .map(|i| {
                                Instrument::from_code("instrument", &i)
                                    .map_err(|_| corrupt_value("journal_entry", "instrument"))
                            })
                            .transpose()?,
                        total: r.get(12)?,
                        rating: r.get(13)?,
                    },
                });
            }
            Ok(out)
        })
    }
}

/// Every journal entry (not deleted) of local dates `from..=to`, oldest
/// first, whatever its kind: what a disclosure snapshot reads.
pub(crate) fn entries_between_in(
    tx: &Transaction<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<JournalEntry>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM journal_entry e
         WHERE e.deleted_at IS NULL AND e.local_date >= ?1 AND e.local_date <= ?2
         ORDER BY e.occurred_at, e.id"
    ))?;
    let raw: Vec<RawEntry> = stmt
        .query_map([date_text(from), date_text(to)], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    raw.into_iter().map(RawEntry::decode).collect()
}
