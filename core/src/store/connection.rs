//! Opening a database file: the SQLCipher key, the wrong-key check that leaves
//! the file untouched, and the connection settings (WAL, foreign keys, busy
//! timeout, full durability, secure delete).

use std::fmt;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

/// A 32-byte SQLCipher key from the Keychain / Keystore. Zeroed when dropped;
/// never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseKey([u8; 32]);

impl DatabaseKey {
    /// Wraps raw key bytes; anything but 32 bytes is `InvalidInput`.
    pub fn from_bytes(bytes: &[u8]) -> Result<DatabaseKey> {
        let arr: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::invalid("key", "must be exactly 32 bytes"))?;
        Ok(DatabaseKey(arr))
    }

    /// The SQLCipher raw-key literal `x'…'` (no key derivation: the key is
    /// already random), wiped when dropped.
    pub(crate) fn sql_literal(&self) -> Zeroizing<String> {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        // Sized once, so no reallocation leaves a copy behind.
        let mut s = Zeroizing::new(String::with_capacity(67));
        s.push_str("x'");
        for b in self.0 {
            s.push(HEX[usize::from(b >> 4)] as char);
            s.push(HEX[usize::from(b & 15)] as char);
        }
        s.push('\'');
        s
    }
}

impl fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseKey(..)")
    }
}

impl Drop for DatabaseKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// The first 16 bytes of every plain SQLite file.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` exists and is plain (unencrypted) SQLite.
pub fn is_plain_sqlite(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    let mut head = [0u8; 16];
    match f.read_exact(&mut head) {
        Ok(()) => Ok(&head == PLAIN_HEADER),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Initialises SQLite and SQLCipher once per process, before any
/// connection opens. SQLCipher's own one-time set-up marks SQLite (and
/// itself) initialised before it registers `sqlcipher_export` for new
/// connections, so a connection opened while another thread is inside that
/// set-up lacks it (seen as a rare "no such function: sqlcipher_export").
/// That other thread may be any first use of SQLite in the process (an
/// in-memory connection, a test), for which `sqlite3_initialize` here
/// returns at once. So, behind a `Once`, this waits until a new connection
/// does have the function: from then on every connection has it.
pub(crate) fn init_sqlcipher() {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| {
        // SAFETY: sqlite3_initialize takes no arguments and is safe to call
        // at any time; it returns an error code we cannot act on here (the
        // first open would report the same failure).
        let _ = unsafe { rusqlite::ffi::sqlite3_initialize() };
        // The registration follows the flag by microseconds; a second is
        // far beyond it (and then the first export reports the failure).
        for _ in 0..1000 {
            let Ok(probe) = Connection::open_in_memory() else {
                return;
            };
            // Preparing (not running) names the function: unknown is an error.
            if probe.prepare("SELECT sqlcipher_export('main')").is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}

/// Opens a connection, applies the key and proves it reads the file before
/// anything is written to it. A wrong key (or a missing one, or a key for a
/// plain file) is [`Error::WrongKey`] and the file keeps its exact bytes.
pub fn open(path: &Path, key: Option<&DatabaseKey>) -> Result<Connection> {
    let exists = path.exists() && std::fs::metadata(path)?.len() > 0;
    if exists && key.is_some() && is_plain_sqlite(path)? {
        // A key for an unencrypted file is a mistake of the host: refuse
        // rather than silently ignore the key.
        return Err(Error::WrongKey);
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    init_sqlcipher();
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher logs failed decryptions to stderr; a wrong key is reported
    // through the typed error instead.
    // SQLCipher wipes every buffer it frees (keys, pages) and locks its key
    // memory: set before the key is given.
    conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA cipher_memory_security = ON;")?;
    if let Some(k) = key {
        let sql = Zeroizing::new(format!("PRAGMA key = \"{}\";", k.sql_literal().as_str()));
        conn.execute_batch(&sql)?;
    }
    // The first read decrypts page 1: this is where a wrong key shows.
    let probe: rusqlite::Result<i64> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    match probe {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => {
            return Err(if exists && key.is_none() && !is_plain_sqlite(path)? {
                // Either encrypted (a key is needed) or not SQLite at all; the
                // first is by far the likelier on a phone.
                Error::WrongKey
            } else if key.is_some() {
                Error::WrongKey
            } else {
                Error::Corrupt("not an SQLite database".into())
            });
        }
        Err(e) => return Err(e.into()),
    }
    configure(&conn)?;
    Ok(conn)
}

/// Checkpoints the WAL into the database and truncates it to zero bytes,
/// retrying while another connection's read keeps it busy (up to about two
/// seconds); still busy then is `Sqlite(DatabaseBusy)`. Deleted data is gone
/// from the files only after this (with `secure_delete` on the database's
/// own pages are zeroed).
pub(crate) fn checkpoint_truncate(conn: &Connection) -> Result<()> {
    for attempt in 0..20 {
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy == 0 {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(10 * (attempt + 1)));
    }
    Err(Error::Sqlite(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        None,
    )))
}

/// Connection settings. `synchronous = FULL` in WAL mode makes every commit
/// durable across a process crash *and* a power loss (a dose logged just
/// before the battery dies is still there).
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    // Every write also records its sync versions (a few statements per
    // synced table it touches): keep them all prepared. With SQLCipher's
    // memory security each fresh prepare costs locked allocations.
    conn.set_prepared_statement_cache_capacity(256);
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;",
    )?;
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Corrupt(format!(
            "could not enable WAL (journal mode {mode})"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_must_be_32_bytes_and_never_prints() {
        assert!(DatabaseKey::from_bytes(&[1; 31]).is_err());
        let k = DatabaseKey::from_bytes(&[0xAB; 32]).unwrap();
        assert_eq!(format!("{k:?}"), "DatabaseKey(..)");
        assert!(k.sql_literal().starts_with("x'ABAB"));
        assert_eq!(&k.sql_literal()[60..], "ABABAB'");
        assert_eq!(k.sql_literal().len(), 67);
    }

    #[test]
    fn after_set_up_every_connection_can_export_and_an_unknown_function_is_refused() {
        // Threads racing SQLite's first use: each then opens and prepares.
        let threads: Vec<_> = (0..8)
            .map(|i| {
                std::thread::spawn(move || {
                    if i % 2 == 0 {
                        let _ = Connection::open_in_memory(); // a first use elsewhere
                    }
                    init_sqlcipher();
                    let c = Connection::open_in_memory().unwrap();
                    let ok = c.prepare("SELECT sqlcipher_export('main')").is_ok();
                    ok
                })
            })
            .collect();
        assert!(threads.into_iter().all(|t| t.join().unwrap()));
        // The probe's premise: preparing names the function.
        let c = Connection::open_in_memory().unwrap();
        assert!(c.prepare("SELECT no_such_function_here('main')").is_err());
    }
}

#[cfg(test)]
mod settings_tests {
    use super::*;

    #[test]
    fn every_connection_is_durable_with_foreign_keys_secure_delete_and_wiped_memory() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("c.db"), None).unwrap();
        let get = |p: &str| -> i64 {
            conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(get("synchronous"), 2, "FULL");
        assert_eq!(get("foreign_keys"), 1);
        assert_eq!(get("secure_delete"), 1);
        // SQLCipher wipes the memory it frees (keys and decrypted pages).
        let mem: String = conn
            .query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mem, "1");
        assert!(get("busy_timeout") >= 5000);
    }
}
