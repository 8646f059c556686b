//! The `Cadence` object: a thin layer over the core's [`Store`] and engines.
//! Each method validates, calls the core, and maps errors in [`call`].

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use cadence_core::model::{
    DayKind, Medication, MedicationInput, Profile, ProfileInput, Routine, RoutineEvent,
    RoutineOverride, RoutineTime,
};
use cadence_core::{App, DatabaseKey};

use crate::error::{call, CadenceError};

/// One person's Cadence: the database and every operation on it. Safe to
/// share across threads; calls are synchronous (SQLite-bound), so apps call
/// them off the main thread. In Kotlin close it with `use {}` / `close()`.
#[derive(uniffi::Object)]
pub struct Cadence {
    pub(crate) app: App,
}

impl std::fmt::Debug for Cadence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cadence")
    }
}

/// The database key from the host's bytes; the bytes are wiped once read.
fn key(mut bytes: Vec<u8>) -> cadence_core::Result<DatabaseKey> {
    let key = DatabaseKey::from_bytes(&bytes);
    wipe(&mut bytes);
    key
}

/// Overwrites secret bytes that crossed the FFI before they are freed.
pub(crate) fn wipe(bytes: &mut [u8]) {
    zeroize::Zeroize::zeroize(bytes);
}

pub(crate) fn now_or_clock(now: Option<DateTime<Utc>>) -> DateTime<Utc> {
    now.unwrap_or_else(Utc::now)
}

/// The time `event` falls at on `day_kind` days when the person has not set
/// one (e.g. breakfast 07:30 on weekdays, 09:00 at weekends).
#[uniffi::export]
pub fn default_routine_time(event: RoutineEvent, day_kind: DayKind) -> chrono::NaiveTime {
    event.default_time(day_kind)
}

#[uniffi::export]
impl Cadence {
    /// Opens (creating if needed) the encrypted database at `path`. `key`
    /// is the 32-byte SQLCipher key from the Keychain/Keystore: it is
    /// required (there is no plaintext default). A wrong key, or a plain
    /// file, is `WrongKey` and leaves the file untouched; a file from a newer
    /// app is `NewerDatabase`.
    #[uniffi::constructor]
    pub fn open(path: String, key: Vec<u8>) -> Result<Arc<Cadence>, CadenceError> {
        call(|| {
            let app = App::open(&path, Some(self::key(key)?))?;
            if !app.is_encrypted() {
                return Err(cadence_core::Error::WrongKey);
            }
            Ok(Arc::new(Cadence { app }))
        })
    }

    /// Opens (creating if needed) a plain, unencrypted SQLite file at
    /// `path`: for development tools and tests only; apps never call it.
    /// An encrypted file is `WrongKey`.
    #[uniffi::constructor]
    pub fn open_unencrypted_for_tools(path: String) -> Result<Arc<Cadence>, CadenceError> {
        call(|| {
            let app = App::open(&path, None)?;
            Ok(Arc::new(Cadence { app }))
        })
    }

    /// Whether the database file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.app.is_encrypted()
    }

    /// Re-keys the file with `new_key` (or encrypts a plain one opened with
    /// `open_unencrypted_for_tools`). Atomic: on failure the file is as
    /// before.
    pub fn change_key(&self, new_key: Vec<u8>) -> Result<(), CadenceError> {
        call(|| self.app.change_key(Some(key(new_key)?)))
    }

    /// Decrypts the file in place: for development tools only (a data
    /// export for debugging); apps never call it. Atomic.
    pub fn decrypt_for_tools(&self) -> Result<(), CadenceError> {
        call(|| self.app.change_key(None))
    }

    /// Removes soft-deleted records from the file for good (right to erasure).
    /// Returns how many records were removed.
    pub fn purge_deleted(&self) -> Result<u64, CadenceError> {
        call(|| self.app.purge_deleted())
    }

    // ---- profile and routine ----

    /// The profile, or `None` before set-up.
    pub fn profile(&self) -> Result<Option<Profile>, CadenceError> {
        call(|| self.app.profile())
    }

    /// Creates or replaces the profile (display name, home and current zone).
    #[uniffi::method(default(now = None))]
    pub fn set_profile(
        &self,
        input: ProfileInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<Profile, CadenceError> {
        call(|| self.app.set_profile(&input, now_or_clock(now)))
    }

    /// The person's local date at `now` (default: the clock), their "today":
    /// the date in the zone the phone was in then — the profile's current
    /// zone unless it changed since, UTC before a profile is set up. The
    /// same "today" as the Today view, reminders and `earliest_plan_change`.
    #[uniffi::method(default(now = None))]
    pub fn local_today(&self, now: Option<DateTime<Utc>>) -> Result<NaiveDate, CadenceError> {
        call(|| self.app.local_today(now_or_clock(now)))
    }

    /// The routine: the times the person set and one-day overrides. Events
    /// not set use the documented defaults.
    pub fn routine(&self) -> Result<Routine, CadenceError> {
        call(|| self.app.routine())
    }

    /// The local time of `event` on `date` under the current routine.
    pub fn routine_time_of(
        &self,
        event: RoutineEvent,
        date: NaiveDate,
    ) -> Result<chrono::NaiveTime, CadenceError> {
        call(|| Ok(self.app.routine()?.time_of(event, date)))
    }

    /// Sets weekday/weekend times for some events; the others are unchanged.
    #[uniffi::method(default(now = None))]
    pub fn set_routine_times(
        &self,
        times: Vec<RoutineTime>,
        now: Option<DateTime<Utc>>,
    ) -> Result<Routine, CadenceError> {
        call(|| self.app.set_routine_times(&times, now_or_clock(now)))
    }

    /// A one-day change ("sleeping in today: wake at 10:00").
    #[uniffi::method(default(now = None))]
    pub fn set_routine_override(
        &self,
        change: RoutineOverride,
        now: Option<DateTime<Utc>>,
    ) -> Result<Routine, CadenceError> {
        call(|| self.app.set_routine_override(&change, now_or_clock(now)))
    }

    /// Removes a one-day change.
    #[uniffi::method(default(now = None))]
    pub fn clear_routine_override(
        &self,
        date: NaiveDate,
        event: RoutineEvent,
        now: Option<DateTime<Utc>>,
    ) -> Result<Routine, CadenceError> {
        call(|| {
            self.app
                .clear_routine_override(date, event, now_or_clock(now))
        })
    }

    // ---- medications ----

    /// Adds a medication; returns it with its new id.
    #[uniffi::method(default(now = None))]
    pub fn add_medication(
        &self,
        input: MedicationInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<Medication, CadenceError> {
        call(|| self.app.add_medication(&input, now_or_clock(now)))
    }

    /// Replaces a medication's editable fields.
    #[uniffi::method(default(now = None))]
    pub fn update_medication(
        &self,
        id: String,
        input: MedicationInput,
        now: Option<DateTime<Utc>>,
    ) -> Result<Medication, CadenceError> {
        call(|| self.app.update_medication(&id, &input, now_or_clock(now)))
    }

    /// Marks a medication stopped on a local date; it stays in the history.
    #[uniffi::method(default(now = None))]
    pub fn stop_medication(
        &self,
        id: String,
        on: NaiveDate,
        now: Option<DateTime<Utc>>,
    ) -> Result<Medication, CadenceError> {
        call(|| self.app.stop_medication(&id, on, now_or_clock(now)))
    }

    /// Makes a stopped medication active again.
    #[uniffi::method(default(now = None))]
    pub fn restart_medication(
        &self,
        id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<Medication, CadenceError> {
        call(|| self.app.restart_medication(&id, now_or_clock(now)))
    }

    /// Deletes a medication (soft: gone from every list at once; removed from
    /// the file by `purge_deleted`).
    #[uniffi::method(default(now = None))]
    pub fn delete_medication(
        &self,
        id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<(), CadenceError> {
        call(|| self.app.delete_medication(&id, now_or_clock(now)))
    }

    /// One medication by id.
    pub fn medication(&self, id: String) -> Result<Medication, CadenceError> {
        call(|| self.app.medication(&id))
    }

    /// Medications by name; stopped ones only when `include_stopped`.
    #[uniffi::method(default(include_stopped = false))]
    pub fn medications(&self, include_stopped: bool) -> Result<Vec<Medication>, CadenceError> {
        call(|| self.app.medications(include_stopped))
    }
}
