//! Complete verification of a backup file, before anything is replaced: the
//! size, the secret, SQLCipher's page authentication, SQLite's integrity
//! check, the application id, the format and schema versions, the tables
//! against the frozen schema of that version, and every row count.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};

use super::{
    count_rows, user_tables, BackupInfo, BackupSecret, BackupTableCount, BACKUP_APPLICATION_ID,
    BACKUP_FORMAT_VERSION, COUNT_TABLE, META_TABLE,
};
use crate::error::{Error, Result};
use crate::store::{from_ms, schema};

/// SQLCipher's page size: a complete backup is a whole number of pages.
const PAGE_BYTES: u64 = 4096;

/// More schema objects than any Cadence version has, by far: a file with
/// more is refused before anything is read into memory.
const MAX_SCHEMA_OBJECTS: i64 = 1000;

/// Problems found by the integrity checks of `conn`'s main database (empty:
/// sound). At most 100 from SQLite's check.
pub(crate) fn integrity_problems(conn: &Connection, encrypted: bool) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let collect = |sql: &str, out: &mut Vec<String>| -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows.take(100) {
            out.push(row?);
        }
        Ok(())
    };
    if encrypted {
        collect("PRAGMA cipher_integrity_check", &mut out)?;
    }
    let mut sqlite = Vec::new();
    collect("PRAGMA integrity_check(100)", &mut sqlite)?;
    if sqlite != ["ok"] {
        out.extend(sqlite);
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "foreign key: {} row {} has no {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            r.get::<_, String>(2)?
        ))
    })?;
    for row in rows.take(100) {
        out.push(row?);
    }
    Ok(out)
}

/// Maps an error met while reading a backup: an undecryptable first page is
/// a wrong secret; anything else the file's fault.
pub(crate) fn open_error(e: Error) -> Error {
    match e {
        Error::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => match f.code {
            ErrorCode::NotADatabase => Error::WrongKey,
            ErrorCode::DatabaseCorrupt => Error::Corrupt("the backup is damaged".into()),
            ErrorCode::CannotOpen => Error::invalid("backup.path", "the file cannot be opened"),
            _ => Error::Sqlite(rusqlite::Error::SqliteFailure(f, None)),
        },
        other => other,
    }
}

fn corrupt(what: &str) -> Error {
    Error::Corrupt(format!("backup: {what}"))
}

/// Checks the size and header of the file before SQLCipher reads it.
fn check_file(file: &Path) -> Result<u64> {
    let meta = match std::fs::metadata(file) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::invalid("backup.path", "no such file"))
        }
        Err(e) => return Err(e.into()),
    };
    if !meta.is_file() {
        return Err(Error::invalid("backup.path", "not a file"));
    }
    let bytes = meta.len();
    if bytes == 0 {
        return Err(corrupt("the file is empty"));
    }
    if bytes % PAGE_BYTES != 0 {
        return Err(corrupt(
            "the file is truncated (not a whole number of pages)",
        ));
    }
    if crate::store::is_plain_sqlite(file)? {
        return Err(corrupt(
            "the file is a plain SQLite database, not an encrypted backup",
        ));
    }
    Ok(bytes)
}

/// Verifies the backup at `file` completely without changing it and returns
/// what it holds. A wrong secret is `WrongKey` (SQLCipher cannot tell it
/// from a forged first page: both fail authentication); a truncated,
/// damaged or tampered file is `Corrupt`; a backup written by a newer
/// Cadence (format or schema) is `NewerSchema`.
pub fn verify_backup(file: impl AsRef<Path>, secret: &BackupSecret) -> Result<BackupInfo> {
    let file = file.as_ref();
    secret.validate_to_open()?;
    let bytes = check_file(file)?;
    super::super::connection::init_sqlcipher();
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(e.into()))?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(&zeroize::Zeroizing::new(format!(
        "PRAGMA key = {};",
        secret.sql_literal().as_str()
    )))?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| open_error(e.into()))?;
    if objects > MAX_SCHEMA_OBJECTS {
        return Err(corrupt("too many schema objects"));
    }
    let problems = integrity_problems(&conn, true).map_err(open_error)?;
    if !problems.is_empty() {
        return Err(corrupt("the file failed its integrity check"));
    }
    read_and_check(&conn, bytes).map_err(open_error)
}

fn pragma_i64(conn: &Connection, name: &str) -> Result<i64> {
    Ok(conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?)
}

/// Checks the metadata, schema and counts of an authenticated backup.
fn read_and_check(conn: &Connection, bytes: u64) -> Result<BackupInfo> {
    if pragma_i64(conn, "application_id")? != BACKUP_APPLICATION_ID {
        return Err(corrupt("the file is not a Cadence backup"));
    }
    let has_meta: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [META_TABLE],
            |r| r.get(0),
        )
        .optional()?;
    if has_meta.is_none() {
        return Err(corrupt("the metadata is missing"));
    }
    let rows: Vec<(i64, i64, i64)> = conn
        .prepare(&format!(
            "SELECT format_version, schema_version, created_at FROM {META_TABLE} LIMIT 2"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|_| corrupt("the metadata is malformed"))?;
    let [(format_version, schema_version, created_ms)] = rows[..] else {
        return Err(corrupt("the metadata must be exactly one row"));
    };
    if format_version > BACKUP_FORMAT_VERSION {
        return Err(Error::NewerSchema {
            found: format_version,
            supported: BACKUP_FORMAT_VERSION,
        });
    }
    if format_version < 1 {
        return Err(corrupt("unknown format version"));
    }
    if schema_version > schema::VERSION {
        return Err(Error::NewerSchema {
            found: schema_version,
            supported: schema::VERSION,
        });
    }
    if schema_version < 1 || pragma_i64(conn, "user_version")? != schema_version {
        return Err(corrupt("the schema version does not match its metadata"));
    }
    let created_at =
        from_ms(created_ms).map_err(|_| corrupt("the creation time is out of range"))?;
    check_schema(conn, schema_version)?;
    let declared: Vec<(String, i64)> = conn
        .prepare(&format!(
            "SELECT table_name, row_count FROM {COUNT_TABLE} ORDER BY table_name"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .take(MAX_SCHEMA_OBJECTS as usize + 1)
        .collect::<rusqlite::Result<_>>()
        .map_err(|_| corrupt("the record counts are malformed"))?;
    let mut tables = Vec::with_capacity(declared.len());
    for (table, rows) in declared {
        let rows = u64::try_from(rows).map_err(|_| corrupt("a record count is negative"))?;
        tables.push(BackupTableCount { table, rows });
    }
    let info = BackupInfo {
        format_version,
        schema_version,
        created_at,
        record_count: tables.iter().map(|t| t.rows).sum(),
        tables,
        bytes,
    };
    check_counts(conn, "main", &info)?;
    Ok(info)
}

/// The tables of the backup must be exactly those of the frozen schema of
/// its version (column by column, indexes and triggers included).
fn check_schema(conn: &Connection, version: i64) -> Result<()> {
    let mut expected = Connection::open_in_memory()?;
    if !schema::create_frozen(&mut expected, version)? {
        return Err(corrupt("no frozen schema for this version"));
    }
    compare_schema(conn, &expected, version)
}

fn compare_schema(conn: &Connection, expected: &Connection, version: i64) -> Result<()> {
    let is_meta = |line: &String| {
        line.starts_with(&format!("table {META_TABLE}")) || line.starts_with(META_TABLE)
    };
    let mut found = schema::describe(conn)?;
    found.retain(|l| !is_meta(l));
    if found != schema::describe(expected)? {
        return Err(Error::Corrupt(format!(
            "backup: the tables do not match schema version {version}"
        )));
    }
    Ok(())
}

/// Every table of `db` has exactly the rows `info` declares, and `info`
/// names no other table.
pub(crate) fn check_counts(conn: &Connection, db: &str, info: &BackupInfo) -> Result<()> {
    let declared: BTreeMap<&str, u64> = info
        .tables
        .iter()
        .map(|t| (t.table.as_str(), t.rows))
        .collect();
    let present = user_tables(conn, db)?;
    if present.len() != declared.len() || present.iter().any(|t| !declared.contains_key(t.as_str()))
    {
        return Err(corrupt("the tables do not match the recorded counts"));
    }
    for table in &present {
        if count_rows(conn, db, table)? != declared[table.as_str()] {
            return Err(corrupt(
                "a table does not hold the recorded number of records",
            ));
        }
    }
    Ok(())
}
