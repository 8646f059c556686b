//! Journal storage (being written).

use rusqlite::Transaction;

use crate::error::Result;

/// Hard-deletes soft-deleted journal records (called by `Store::purge_deleted`).
pub(crate) fn purge(_tx: &Transaction<'_>) -> Result<u64> {
    Ok(0)
}
