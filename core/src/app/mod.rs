//! # Use cases: the one owner of the store
//!
//! [`App`] is what the facade (`cadence-ffi`), the CLI and the benches call.
//! Each user action is written once here, in the same shape: load what it
//! needs in one read of the [`Store`], call the pure engines (schedule,
//! guidance, reminders, journal, analytics, report, the consent policy, FHIR,
//! share format and crypto), and save in one write transaction.
//!
//! ```text
//! bindings/ffi  ──►  app (use cases)  ──►  engines (pure: data + now)
//!                         │                     │
//!                         └──►  store  ──►  model ◄┘
//! ```
//!
//! The engines never see the store and the store calls no engine: only this
//! layer joins them. Everything that leaves the device is rendered from a
//! [`Disclosure`](crate::care::Disclosure) the policy produced (see
//! [`disclose`]).
//!
//! | module | use cases |
//! |---|---|
//! | [`setup`] | profile, routine, medications, dosing plans |
//! | [`prescriptions`] | FHIR `MedicationRequest` import and export |
//! | [`doses`] | logging doses, supply, missed-dose rules |
//! | [`guidance`] | what to do about a missed dose, limits, "take by" times |
//! | [`today`] | the Today view and the supply forecast |
//! | [`journal`] | journal entries, goals, escalation rules |
//! | [`reminders`] | reminder settings, check-ins, alert recipients |
//! | [`planning`] | the reminder plan, its diff, snoozes, deliveries, suggestions |
//! | [`care`] | care team, care plan, consent, the audit log |
//! | [`disclose`] | every disclosure: FHIR export, report, stats, preview |
//! | [`share`] | share keys, pairing, bundles out and in, the therapist's view |
//! | [`sync`] | the person's own devices: pairing, change files out and in |
//! | [`backup`] | backup, restore, integrity |
//! | [`lookup`] | a medication by name or id prefix, a dose by medication, date and moment, the routine on a date |

pub mod backup;
pub mod care;
pub mod disclose;
pub mod doses;
pub mod guidance;
pub mod journal;
pub mod lookup;
pub mod medicines;
pub mod planning;
pub mod prescriptions;
pub mod reminders;
pub mod setup;
pub mod share;
pub mod sync;
pub mod today;

use std::path::Path;

use crate::error::Result;
use crate::store::{DatabaseKey, Store};

/// One person's Cadence: the database and every use case on it. Safe to
/// share across threads (the store serialises writes; reads run beside
/// them).
#[derive(Debug)]
pub struct App {
    store: Store,
}

impl App {
    /// Opens (creating if needed) the database at `path`. With a key the file
    /// is encrypted with SQLCipher; without one it is plain SQLite.
    pub fn open(path: impl AsRef<Path>, key: Option<DatabaseKey>) -> Result<App> {
        Ok(App {
            store: Store::open(path, key)?,
        })
    }

    /// The file this database lives in.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Whether the file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.store.is_encrypted()
    }

    /// Changes the key: encrypts a plain file, re-keys an encrypted one, or
    /// (with `None`) decrypts. Atomic: on failure the file is as before.
    pub fn change_key(&self, new_key: Option<DatabaseKey>) -> Result<()> {
        self.store.change_key(new_key)
    }

    /// Permanently removes every soft-deleted record (right to erasure);
    /// returns how many were removed.
    pub fn purge_deleted(&self) -> Result<u64> {
        self.store.purge_deleted()
    }
}
