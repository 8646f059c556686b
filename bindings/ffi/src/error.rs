//! The public error of the Cadence API, and the one place internal errors
//! are mapped to it.
//!
//! Few variants, each telling the app what to do; messages name fields and
//! rules, never personal data.

use cadence_core::Error;

/// Every error the Cadence API can return. In Kotlin this is the sealed class
/// `CadenceException`, in Swift the enum `CadenceError`, in Python the
/// exception class `CadenceError`.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum CadenceError {
    /// Input broke a rule: `field` is a dotted path (`medication.name`),
    /// `reason` the rule. Show it next to the field; nothing was stored.
    #[error("invalid input in `{field}`: {reason}")]
    InvalidInput {
        /// The offending field.
        field: String,
        /// The rule that was broken.
        reason: String,
    },
    /// The record does not exist or was deleted.
    #[error("{kind} not found")]
    NotFound {
        /// The kind of record (`medication`, `dosing plan`, ...).
        kind: String,
    },
    /// The person has not consented to share this with this member (or the
    /// grant was revoked or expired). Ask them to grant it; nothing was shared.
    #[error("no active consent grant covers this disclosure")]
    ConsentRequired,
    /// The key does not open the database (or it is encrypted and no key was
    /// given). The file was not modified.
    #[error("the key does not open this database")]
    WrongKey,
    /// The file was written by a newer version of Cadence: update the app.
    #[error("the database (schema {found}) is newer than this app supports ({supported})")]
    NewerDatabase {
        /// Schema version in the file.
        found: i64,
        /// Highest version this build supports.
        supported: i64,
    },
    /// The file is damaged or not a Cadence database.
    #[error("the database is damaged or not a Cadence database: {reason}")]
    Corrupt {
        /// What was found.
        reason: String,
    },
    /// The storage failed (disk full, I/O error, file locked too long).
    /// Retrying later may work.
    #[error("storage failed: {reason}")]
    Storage {
        /// Technical description, free of personal data.
        reason: String,
    },
    /// A bug in Cadence (an internal panic was caught). Nothing was stored.
    #[error("internal error: {reason}")]
    Internal {
        /// A fixed description: the panic's own message is never forwarded
        /// (it could quote the input).
        reason: String,
    },
}

impl From<Error> for CadenceError {
    fn from(e: Error) -> Self {
        match e {
            Error::InvalidInput { field, reason } => CadenceError::InvalidInput { field, reason },
            Error::NotFound { kind } => CadenceError::NotFound {
                kind: kind.to_string(),
            },
            Error::WrongKey => CadenceError::WrongKey,
            Error::ConsentRequired => CadenceError::ConsentRequired,
            Error::NewerSchema { found, supported } => {
                CadenceError::NewerDatabase { found, supported }
            }
            Error::Corrupt(reason) => CadenceError::Corrupt { reason },
            // SQLite's result code only: rusqlite's message quotes SQL text.
            Error::Sqlite(e) => CadenceError::Storage {
                reason: cadence_core::error::storage_reason(&e),
            },
            Error::Io(e) => CadenceError::Storage {
                reason: e.kind().to_string(),
            },
            Error::Json(e) => CadenceError::Corrupt {
                reason: format!("stored document: {}", e.classify_name()),
            },
        }
    }
}

/// Runs one API call: maps the core's error and turns a panic into
/// [`CadenceError::Internal`], so no panic ever unwinds into Kotlin or Swift.
pub(crate) fn call<T>(f: impl FnOnce() -> cadence_core::Result<T>) -> Result<T, CadenceError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(CadenceError::from),
        // The panic's message is dropped, never forwarded: it may quote the
        // input that caused it (a name, a note, a pairing code).
        Err(_payload) => Err(CadenceError::Internal {
            reason: PANIC_REASON.to_string(),
        }),
    }
}

/// The `reason` of every [`CadenceError::Internal`] from a caught panic.
pub(crate) const PANIC_REASON: &str =
    "a bug in Cadence stopped this call (a caught panic); nothing was stored";

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "io",
            serde_json::error::Category::Syntax => "syntax",
            serde_json::error::Category::Data => "data",
            serde_json::error::Category::Eof => "truncated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_quoting_its_input_reaches_the_app_without_the_input() {
        let secret_note = "Alex's note: felt hopeless on Tuesday";
        let r: Result<(), CadenceError> = call(|| panic!("could not parse {secret_note}"));
        let Err(CadenceError::Internal { reason }) = r else {
            panic!("expected Internal, got {r:?}");
        };
        assert!(!reason.contains("hopeless"), "{reason}");
        assert_eq!(reason, PANIC_REASON);
        let r: Result<(), CadenceError> = call(|| std::panic::panic_any(secret_note.to_string()));
        assert!(!format!("{r:?}").contains("hopeless"));
    }
}
