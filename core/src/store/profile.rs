//! The profile and the routine: single-person settings.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::history::{load_routine, record_routine, record_zone};
use super::{from_ms, to_ms, Store};
use crate::error::{corrupt_value, Result};
use crate::model::{
    DayKind, Profile, ProfileInput, Routine, RoutineEvent, RoutineOverride, RoutineTime,
};
use crate::time::{format_time, parse_zone};

fn day_kind_code(k: DayKind) -> &'static str {
    match k {
        DayKind::Weekday => "weekday",
        DayKind::Weekend => "weekend",
    }
}

impl Store {
    /// The profile, or `None` before the person set one up.
    pub fn profile(&self) -> Result<Option<Profile>> {
        self.read(profile_in)
    }

    /// Creates or replaces the profile.
    pub fn set_profile(&self, input: &ProfileInput, now: DateTime<Utc>) -> Result<Profile> {
        input.validate()?;
        self.write(|tx| {
            let previous: Option<String> = tx
                .query_row("SELECT current_zone FROM profile WHERE id = 1", [], |r| r.get(0))
                .optional()?;
            if let Some(previous) = previous {
                record_zone(tx, &previous, input.current_zone, now)?;
            }
            tx.execute(
                "INSERT INTO profile (id, display_name, home_zone, current_zone, created_at, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT (id) DO UPDATE SET display_name = ?1, home_zone = ?2,
                    current_zone = ?3, updated_at = ?4",
                params![
                    input.display_name.trim(),
                    input.home_zone.name(),
                    input.current_zone.name(),
                    to_ms(now)
                ],
            )?;
            Ok(())
        })?;
        Ok(self.profile()?.expect("profile was just written"))
    }

    /// Applies a routine edit and records the new version in the routine
    /// history (from `now` on: doses already due keep their times).
    fn change_routine(
        &self,
        now: DateTime<Utc>,
        edit: impl FnOnce(&Transaction<'_>) -> Result<()>,
    ) -> Result<Routine> {
        self.write(|tx| {
            let before = load_routine(tx)?;
            edit(tx)?;
            let after = load_routine(tx)?;
            record_routine(tx, &before, &after, now)?;
            Ok(after)
        })
    }

    /// The routine: every time the person set, and every one-day override.
    pub fn routine(&self) -> Result<Routine> {
        self.read(load_routine)
    }

    /// Sets the weekday/weekend times (events not listed keep their current
    /// value). Overrides are left as they are.
    pub fn set_routine_times(&self, times: &[RoutineTime], now: DateTime<Utc>) -> Result<Routine> {
        Routine {
            times: times.to_vec(),
            overrides: vec![],
        }
        .validate()?;
        self.change_routine(now, |tx| {
            for t in times {
                tx.execute(
                    "INSERT INTO routine_time (event, day_kind, time, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (event, day_kind) DO UPDATE SET time = ?3, updated_at = ?4",
                    params![t.event.code(), day_kind_code(t.day_kind), format_time(t.time), to_ms(now)],
                )?;
            }
            Ok(())
        })
    }

    /// Sets a one-day override ("sleeping in today"), replacing any for that
    /// date and event.
    pub fn set_routine_override(&self, o: &RoutineOverride, now: DateTime<Utc>) -> Result<Routine> {
        self.change_routine(now, |tx| {
            tx.execute(
                "INSERT INTO routine_override (date, event, time, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (date, event) DO UPDATE SET time = ?3, created_at = ?4",
                params![o.date.format("%Y-%m-%d").to_string(), o.event.code(), format_time(o.time), to_ms(now)],
            )?;
            Ok(())
        })
    }

    /// Removes the override for a date and event, if any.
    pub fn clear_routine_override(
        &self,
        date: NaiveDate,
        event: RoutineEvent,
        now: DateTime<Utc>,
    ) -> Result<Routine> {
        self.change_routine(now, |tx| {
            tx.execute(
                "DELETE FROM routine_override WHERE date = ?1 AND event = ?2",
                params![date.format("%Y-%m-%d").to_string(), event.code()],
            )?;
            Ok(())
        })
    }
}

/// The profile, if set.
pub(crate) fn profile_in(tx: &Transaction<'_>) -> Result<Option<Profile>> {
    let row = tx
        .query_row(
            "SELECT display_name, home_zone, current_zone, created_at, updated_at
                     FROM profile WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            },
        )
        .optional()?;
    row.map(|(display_name, home, current, created, updated)| {
        Ok(Profile {
            display_name,
            home_zone: parse_zone("profile.home_zone", &home)
                .map_err(|_| corrupt_value("profile", "home_zone"))?,
            current_zone: parse_zone("profile.current_zone", &current)
                .map_err(|_| corrupt_value("profile", "current_zone"))?,
            created_at: from_ms(created)?,
            updated_at: from_ms(updated)?,
        })
    })
    .transpose()
}
