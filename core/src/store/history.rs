//! The person's routine and the histories schedules are read against: the
//! current routine, every routine version and every zone the phone has been
//! in, with the appends that keep them.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, OptionalExtension, Transaction};

use super::{from_ms, to_ms};
use crate::error::{corrupt_value, Error, Result};
use crate::model::{
    DayKind, Routine, RoutineChange, RoutineEvent, RoutineHistory, RoutineOverride, RoutineTime,
    ZoneChange, ZoneHistory,
};
use crate::time::{parse_date, parse_time, parse_zone};

/// Reads the current routine inside a transaction.
pub(crate) fn load_routine(tx: &Transaction<'_>) -> Result<Routine> {
    let mut stmt =
        tx.prepare("SELECT event, day_kind, time FROM routine_time ORDER BY event, day_kind")?;
    let raw: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut times = Vec::with_capacity(raw.len());
    for (event, kind, time) in raw {
        times.push(RoutineTime {
            event: RoutineEvent::from_code("routine.event", &event)
                .map_err(|_| corrupt_value("routine_time", "event"))?,
            day_kind: match kind.as_str() {
                "weekday" => DayKind::Weekday,
                "weekend" => DayKind::Weekend,
                _ => return Err(corrupt_value("routine_time", "day_kind").into()),
            },
            time: parse_time("routine.time", &time)
                .map_err(|_| corrupt_value("routine_time", "time"))?,
        });
    }
    let mut stmt =
        tx.prepare("SELECT date, event, time FROM routine_override ORDER BY date, event")?;
    let raw: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut overrides = Vec::with_capacity(raw.len());
    for (date, event, time) in raw {
        overrides.push(RoutineOverride {
            date: parse_date("routine.override.date", &date)
                .map_err(|_| corrupt_value("routine_override", "date"))?,
            event: RoutineEvent::from_code("routine.event", &event)
                .map_err(|_| corrupt_value("routine_override", "event"))?,
            time: parse_time("routine.time", &time)
                .map_err(|_| corrupt_value("routine_override", "time"))?,
        });
    }
    Ok(Routine { times, overrides })
}

/// Appends a zone change (seeding the history with the previous zone first).
pub(crate) fn record_zone(
    tx: &Transaction<'_>,
    previous: &str,
    zone: Tz,
    at: DateTime<Utc>,
) -> Result<()> {
    if previous == zone.name() {
        return Ok(());
    }
    let last: Option<i64> = tx.query_row("SELECT max(at) FROM zone_change", [], |r| r.get(0))?;
    match last {
        None => {
            tx.execute(
                "INSERT INTO zone_change (at, zone) VALUES (?1, ?2)",
                params![i64::MIN, previous],
            )?;
        }
        Some(l) if l >= to_ms(at) => {
            return Err(Error::invalid(
                "at",
                "a zone change must come after the last one",
            ));
        }
        Some(_) => {}
    }
    tx.execute(
        "INSERT INTO zone_change (at, zone) VALUES (?1, ?2)",
        params![to_ms(at), zone.name()],
    )?;
    Ok(())
}

/// Appends a routine version (seeding the history with the previous routine).
pub(crate) fn record_routine(
    tx: &Transaction<'_>,
    previous: &Routine,
    next: &Routine,
    at: DateTime<Utc>,
) -> Result<()> {
    if previous == next {
        return Ok(());
    }
    let last: Option<i64> = tx.query_row("SELECT max(at) FROM routine_change", [], |r| r.get(0))?;
    let mut at_ms = to_ms(at);
    match last {
        None => {
            tx.execute(
                "INSERT INTO routine_change (at, routine) VALUES (?1, ?2)",
                params![i64::MIN, serde_json::to_string(previous)?],
            )?;
        }
        // Two edits in the same millisecond: the later one wins a tick later.
        Some(l) if l >= at_ms => at_ms = l + 1,
        Some(_) => {}
    }
    tx.execute(
        "INSERT INTO routine_change (at, routine) VALUES (?1, ?2)",
        params![at_ms, serde_json::to_string(next)?],
    )?;
    Ok(())
}

pub(crate) fn zone_history(tx: &Transaction<'_>) -> Result<ZoneHistory> {
    let mut stmt = tx.prepare_cached("SELECT at, zone FROM zone_change ORDER BY at")?;
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(((_, first), rest)) = rows.split_first() {
        let changes = rest
            .iter()
            .map(|(at, z)| {
                Ok(ZoneChange {
                    at: from_ms(*at)?,
                    zone: parse_zone("zone", z)
                        .map_err(|_| corrupt_value("zone_change", "zone"))?,
                })
            })
            .collect::<Result<_>>()?;
        return Ok(ZoneHistory {
            initial: parse_zone("zone", first).map_err(|_| corrupt_value("zone_change", "zone"))?,
            changes,
        });
    }
    let current: Option<String> = tx
        .query_row("SELECT current_zone FROM profile WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(ZoneHistory::fixed(match current {
        Some(z) => parse_zone("profile.current_zone", &z)
            .map_err(|_| corrupt_value("profile", "current_zone"))?,
        None => chrono_tz::UTC,
    }))
}

pub(crate) fn routine_history(tx: &Transaction<'_>) -> Result<RoutineHistory> {
    let mut stmt = tx.prepare_cached("SELECT at, routine FROM routine_change ORDER BY at")?;
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(((_, first), rest)) = rows.split_first() {
        let changes = rest
            .iter()
            .map(|(at, r)| {
                Ok(RoutineChange {
                    from: from_ms(*at)?,
                    routine: serde_json::from_str(r)
                        .map_err(|_| corrupt_value("routine_change", "routine"))?,
                })
            })
            .collect::<Result<_>>()?;
        return Ok(RoutineHistory {
            initial: serde_json::from_str(first)
                .map_err(|_| corrupt_value("routine_change", "routine"))?,
            changes,
        });
    }
    Ok(RoutineHistory::fixed(load_routine(tx)?))
}
