//! Loads a [`StatsInput`] from the store: the window and the previous window
//! of the same length (for the trend and before/after comparisons). Reads
//! follow the window, not the size of the history.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::input::{QuestionnaireResult, Refill, SharedNote, SideEffectEvent, StatsInput};
use super::previous_window;
use crate::error::{Error, Result};
use crate::journal::{EntryDetail, EntryKind, JournalQuery};
use crate::schedule::MAX_WINDOW_DAYS;
use crate::store::{from_ms, Store};

/// The longest window stats and reports cover: 5 years.
pub const MAX_STATS_DAYS: i64 = 1830;

fn midnight(d: NaiveDate, zone: Tz) -> DateTime<Utc> {
    use chrono::TimeZone;
    let naive = d.and_time(chrono::NaiveTime::MIN);
    zone.from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc(), |t| t.with_timezone(&Utc))
}

/// Checks a stats window: `from <= to`, at most [`MAX_STATS_DAYS`] days.
pub fn validate_window(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(Error::invalid("to", "must not be before `from`"));
    }
    if (to - from).num_days() >= MAX_STATS_DAYS {
        return Err(Error::invalid(
            "to",
            "at most 1830 days (5 years) per report",
        ));
    }
    Ok(())
}

/// Everything the analytics and the report need for `from..=to` at `now`.
pub fn stats_input(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<StatsInput> {
    validate_window(from, to)?;
    // Stopped medications keep their history in reports.
    let ctx = store.history_context()?;
    let zone = ctx.zone_at(now);
    let (prev_from, _) = previous_window(from, to);
    let mut occurrences = Vec::new();
    let mut start = prev_from;
    while start <= to {
        let end = (start + Duration::days(MAX_WINDOW_DAYS - 1)).min(to);
        occurrences.extend(ctx.occurrences(start, end)?);
        start = end + Duration::days(1);
    }
    let first = occurrences
        .iter()
        .map(|o| o.utc)
        .min()
        .map_or(midnight(prev_from, zone), |u| {
            u.min(midnight(prev_from, zone))
        });
    let last = occurrences
        .iter()
        .map(|o| o.utc)
        .max()
        .map_or(midnight(to + Duration::days(1), zone), |u| {
            (u + Duration::seconds(1)).max(midnight(to + Duration::days(1), zone))
        });
    let logs = store.logs_between(first - Duration::days(1), last + Duration::days(1))?;

    let refills = store.read(|tx| {
        let mut stmt = tx.prepare_cached(
            "SELECT medication_id, days_supply, at FROM refill WHERE at < ?1 ORDER BY at",
        )?;
        let rows = stmt.query_map(
            [midnight(to + Duration::days(1), zone).timestamp_millis()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<u32>>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (medication_id, days_supply, at) = row?;
            out.push(Refill {
                medication_id,
                on: from_ms(at)?.with_timezone(&zone).date_naive(),
                days_supply,
            });
        }
        Ok(out)
    })?;

    let mut input = StatsInput::empty(from, to, now, zone);
    input.care_plan = store.care_plan()?;
    input.care_team = store.care_members()?;
    input.medications = store.medications(true)?;
    input.occurrences = occurrences;
    input.logs = logs;
    input.refills = refills;
    input.days = store.daily_summaries(prev_from, to)?;
    let mut cursor = None;
    loop {
        let page = store.journal_entries(&JournalQuery {
            from: Some(prev_from),
            to: Some(to),
            kinds: vec![
                EntryKind::Questionnaire,
                EntryKind::SideEffect,
                EntryKind::Note,
                EntryKind::Mood,
            ],
            medication_id: None,
            goal_id: None,
            cursor,
            limit: 200,
        })?;
        for e in page.entries {
            if e.shareable && !e.note.trim().is_empty() && e.local_date >= from {
                let shared = e.for_sharing();
                input.shared_notes.push(SharedNote {
                    date: shared.local_date,
                    text: shared.note.clone(),
                });
            }
            match (&e.detail, &e.score) {
                (EntryDetail::Questionnaire { .. }, Some(s)) => {
                    input.questionnaires.push(QuestionnaireResult {
                        date: e.local_date,
                        instrument: s.instrument,
                        total: s.total,
                        band: s.band,
                    })
                }
                (EntryDetail::SideEffect { side_effect }, _) => {
                    input.side_effects.push(SideEffectEvent {
                        date: e.local_date,
                        name: side_effect.name(),
                        severity: side_effect.severity,
                        medication_ids: side_effect.medication_ids.clone(),
                    })
                }
                _ => {}
            }
        }
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    input.questionnaires.sort_by_key(|q| q.date);
    input.side_effects.sort_by_key(|s| s.date);
    input.shared_notes.sort_by_key(|n| n.date);
    Ok(input)
}
