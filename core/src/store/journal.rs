//! Journal storage: entries with edit history, soft deletion and purge;
//! paged queries and daily summaries; goals; the care team's escalation rules
//! and contacts. The rules of what is valid live in `crate::journal`; this
//! module loads and saves.
//!
//! Every write is one IMMEDIATE transaction (`Store::write`). An edit copies
//! the entry as it was into `journal_entry_version` before changing it; a
//! delete only sets `deleted_at`; [`purge`] removes deleted entries with every
//! earlier version of them, and deleted goals.

mod entries;
mod escalation;
mod goals;
mod query;

pub use escalation::EscalationInputs;
pub(crate) use goals::goals_in;
pub(crate) use query::entries_between_in;

use rusqlite::Transaction;

use crate::error::{Error, RecordKind, Result};

/// The journal records a `NotFound` can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JournalRecord {
    /// A journal entry.
    Entry,
    /// A goal.
    Goal,
    /// An escalation rule.
    EscalationRule,
}

/// The `NotFound` error of a missing (or deleted) journal record.
pub(crate) fn not_found(what: JournalRecord) -> Error {
    let kind = match what {
        JournalRecord::Entry => RecordKind::JournalEntry,
        JournalRecord::Goal => RecordKind::Goal,
        JournalRecord::EscalationRule => RecordKind::EscalationRule,
    };
    Error::not_found(kind)
}

/// Hard-deletes soft-deleted journal entries with every earlier version of
/// them (and their links), and soft-deleted goals (with their links). Called
/// by `Store::purge_deleted`, which then overwrites the freed pages and
/// checkpoints the WAL. Returns how many entries and goals were removed.
pub(crate) fn purge(tx: &Transaction<'_>) -> Result<u64> {
    tx.execute(
        "DELETE FROM journal_entry_version WHERE entry_id IN
            (SELECT id FROM journal_entry WHERE deleted_at IS NOT NULL)",
        [],
    )?;
    let entries = tx.execute("DELETE FROM journal_entry WHERE deleted_at IS NOT NULL", [])?;
    let goals = tx.execute("DELETE FROM journal_goal WHERE deleted_at IS NOT NULL", [])?;
    Ok((entries + goals) as u64)
}
