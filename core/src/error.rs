//! The core's rich error type.
//!
//! Internal code returns [`Error`]; the FFI facade maps it, in one place, to the
//! small public error the apps see. Messages never carry personal data: they
//! name fields, rules and record kinds, never names, notes or values typed by
//! the person.

use std::fmt;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong inside the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input broke a rule. `field` is a path such as `timing.repeat.offset`;
    /// `reason` states the rule in plain words.
    #[error("invalid input in `{field}`: {reason}")]
    InvalidInput {
        /// The offending field, as a dotted path.
        field: String,
        /// The rule that was broken.
        reason: String,
    },

    /// A record does not exist (or was deleted).
    #[error("{kind} not found")]
    NotFound {
        /// The kind of record, e.g. `medication`.
        kind: RecordKind,
    },

    /// No active consent grant lets this data go to this member (deny by
    /// default; revoked and expired grants count as none).
    #[error("no active consent grant covers this disclosure")]
    ConsentRequired,

    /// The key does not open the database (or a key is needed and none was given).
    #[error("the key does not open this database")]
    WrongKey,

    /// The database was written by a newer version of Cadence.
    #[error("database schema version {found} is newer than this build supports ({supported})")]
    NewerSchema {
        /// `user_version` found in the file.
        found: i64,
        /// Highest version this build knows.
        supported: i64,
    },

    /// The file is not a Cadence database or is damaged.
    #[error("the database file is damaged or not a Cadence database: {0}")]
    Corrupt(String),

    /// An SQLite error. (A stored value that does not decode is
    /// [`Error::Corrupt`] instead: see the `From<rusqlite::Error>` impl.)
    /// Its message is [`storage_reason`]: the error's kind, never SQL text
    /// or values (rusqlite's own message quotes the statement).
    #[error("storage error: {}", storage_reason(.0))]
    Sqlite(#[source] rusqlite::Error),

    /// A file-system error.
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),

    /// A stored JSON document could not be read back.
    #[error("stored document could not be decoded: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Shorthand for [`Error::NotFound`].
    pub fn not_found(kind: RecordKind) -> Self {
        Error::NotFound { kind }
    }
}

/// A stored value that a row decoder cannot read: an unknown code, a date,
/// time, zone or number out of its range, a JSON document that does not
/// parse. It names the table and column, never the value (which may be
/// personal data). Row decoders return it with `?` both where they return
/// this crate's [`Error`] and inside rusqlite's row closures: either way it
/// ends as [`Error::Corrupt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CorruptValue {
    table: &'static str,
    column: &'static str,
}

/// The [`CorruptValue`] of `table.column`.
pub(crate) fn corrupt_value(table: &'static str, column: &'static str) -> CorruptValue {
    CorruptValue { table, column }
}

impl fmt::Display for CorruptValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{} holds a value that cannot be read",
            self.table, self.column
        )
    }
}

impl std::error::Error for CorruptValue {}

impl From<CorruptValue> for Error {
    fn from(e: CorruptValue) -> Self {
        Error::Corrupt(e.to_string())
    }
}

impl From<CorruptValue> for rusqlite::Error {
    fn from(e: CorruptValue) -> Self {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Null, Box::new(e))
    }
}

/// SQLite errors, except that a stored value that does not convert (a
/// [`CorruptValue`] from a row decoder, or rusqlite's own conversion
/// failures) is [`Error::Corrupt`]: the file holds something this build
/// never writes. The message names no value.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::Error as E;
        match e {
            E::FromSqlConversionFailure(_, ty, inner) => match inner.downcast::<CorruptValue>() {
                Ok(v) => Error::from(*v),
                Err(_) => Error::Corrupt(format!("a stored {ty} value cannot be read")),
            },
            E::IntegralValueOutOfRange(..) => {
                Error::Corrupt("a stored number is out of range".into())
            }
            e => Error::Sqlite(e),
        }
    }
}

/// A description of an SQLite error safe to show and log: SQLite's result
/// code (`DatabaseBusy`, `DiskFull`, `ConstraintViolation`...) or the kind of
/// rusqlite error. Never the message, which for `SqlInputError` quotes the
/// statement, and elsewhere may quote a value or a path.
pub fn storage_reason(e: &rusqlite::Error) -> String {
    use rusqlite::Error as E;
    if let Some(code) = e.sqlite_error_code() {
        let extended = match e {
            E::SqliteFailure(f, _) => format!(" ({})", f.extended_code),
            _ => String::new(),
        };
        return format!("SQLite {code:?}{extended}");
    }
    match e {
        E::SqlInputError { error, .. } => format!(
            "SQLite {:?} ({}) in a statement's text",
            error.code, error.extended_code
        ),
        E::QueryReturnedNoRows => "a query returned no rows".into(),
        E::ExecuteReturnedResults => "a statement returned rows".into(),
        E::InvalidColumnIndex(_) | E::InvalidColumnName(_) => "a column is missing".into(),
        E::InvalidColumnType(..) => "a column has an unexpected type".into(),
        E::InvalidParameterCount(..) | E::InvalidParameterName(_) => {
            "a statement's parameters do not match".into()
        }
        E::Utf8Error(..) | E::NulError(_) => "text that is not valid for SQLite".into(),
        E::InvalidPath(_) => "an invalid database path".into(),
        E::MultipleStatement => "more than one statement".into(),
        _ => "an SQLite error".into(),
    }
}

/// The kinds of record the store holds (used in `NotFound`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// A medication.
    Medication,
    /// A dosing plan.
    DosingPlan,
    /// The person's profile.
    Profile,
    /// A dose occurrence.
    Occurrence,
    /// A dose log entry.
    DoseLog,
    /// A journal entry.
    JournalEntry,
    /// A personal goal.
    Goal,
    /// A care-team escalation rule.
    EscalationRule,
    /// A check-in prompt.
    CheckIn,
    /// A caregiver alert recipient.
    AlertRecipient,
    /// A care-team member.
    CareMember,
    /// A consent grant.
    ConsentGrant,
    /// A share bundle received from a client (care-team side).
    ShareBundle,
    /// A pairing with another device's share key.
    Pairing,
    /// One of the person's own devices in the sync group.
    Device,
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RecordKind::Medication => "medication",
            RecordKind::DosingPlan => "dosing plan",
            RecordKind::Profile => "profile",
            RecordKind::Occurrence => "dose occurrence",
            RecordKind::DoseLog => "dose log entry",
            RecordKind::JournalEntry => "journal entry",
            RecordKind::Goal => "goal",
            RecordKind::EscalationRule => "escalation rule",
            RecordKind::CheckIn => "check-in prompt",
            RecordKind::AlertRecipient => "alert recipient",
            RecordKind::CareMember => "care-team member",
            RecordKind::ConsentGrant => "consent grant",
            RecordKind::ShareBundle => "share bundle",
            RecordKind::Device => "device",
            RecordKind::Pairing => "pairing",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_errors_never_carry_sql_text_or_values() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let raw = conn
            .prepare("SELECT 1 'Alex felt hopeless' 2")
            .map(|_| ())
            .unwrap_err();
        // SQLite's own message quotes the statement (and rusqlite's
        // `SqlInputError` the whole of it)...
        assert!(format!("{raw}").contains("hopeless"), "{raw} {raw:?}");
        // ...ours names the kind of failure only.
        let e = Error::from(raw);
        let Error::Sqlite(inner) = &e else {
            panic!("expected Sqlite, got {e:?}")
        };
        let reason = storage_reason(inner);
        assert!(reason.starts_with("SQLite "), "{reason} {inner:?}");
        assert!(!reason.contains("hopeless"), "{reason}");
        assert!(!e.to_string().contains("hopeless"), "{e}");
        let constraint = conn
            .execute_batch(
                "CREATE TABLE t (x TEXT UNIQUE); INSERT INTO t VALUES ('Alex'); \
                 INSERT INTO t VALUES ('Alex');",
            )
            .unwrap_err();
        let e = Error::from(constraint);
        assert_eq!(
            e.to_string(),
            "storage error: SQLite ConstraintViolation (2067)"
        );
    }
}
