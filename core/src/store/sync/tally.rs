//! What applying a change file must tell the supply tallies: applying
//! runs with triggers off, so the rows it touched that a tally counts
//! (dose logs and every log of their doses, refills, counts, strengths) are
//! read before and after it (`store/supply.rs` moves the tallies).

use std::collections::BTreeSet;

use rusqlite::Connection;

use crate::error::Result;
use crate::store::supply::TallyWatch;

/// The first column of a record key (`["id"]`).
fn first_of_key(key: &str) -> Option<String> {
    let parts: Vec<serde_json::Value> = serde_json::from_str(key).ok()?;
    parts.first()?.as_str().map(str::to_string)
}

/// The rows among `touched` that the supply tallies count, and the doses
/// whose logs they may swap (every group any version of a touched log is in).
pub(super) fn tally_watch(tx: &Connection, touched: &BTreeSet<(&str, &str)>) -> Result<TallyWatch> {
    let mut w = TallyWatch::default();
    for &(table, key) in touched {
        let Some(id) = first_of_key(key) else {
            continue;
        };
        match table {
            "dose_log" => {
                let groups: Vec<Option<String>> = tx
                    .prepare_cached(
                        "SELECT grp FROM sync_record WHERE tbl = 'dose_log' AND key = ?1",
                    )?
                    .query_map([key], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                w.occurrences.extend(groups.into_iter().flatten());
                w.doses.push(id);
            }
            "refill" => w.refills.push(id),
            "supply" => w.recount.push(id),
            "medication" => w.medications.push(id),
            _ => {}
        }
    }
    w.occurrences.sort();
    w.occurrences.dedup();
    Ok(w)
}
