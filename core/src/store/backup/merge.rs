//! Restore never rolls security state back. Before a verified, staged
//! backup replaces the database, the live file's security state is merged
//! into it so that it only moves forward:
//!
//! - **consent**: a grant revoked in the live file stays revoked (the live
//!   revocation instant is kept);
//! - **audit log**: every live audit entry is kept (the log is append-only;
//!   entries are matched by id, so none is doubled);
//! - **pairings, both sides**: the live pairing state wins (revocation,
//!   verification, label), and each pairing's sequence number is the
//!   larger of the two, so the next bundle a client sends is still newer
//!   than the last one the care team imported, and replay protection on the
//!   care-team side does not reset; a pairing made after the backup is kept;
//! - **revoked clients (care-team side)**: a client whose revocation notice
//!   arrived stays revoked, and the bundles of theirs the backup still held
//!   are deleted;
//! - **share keys**: the backup's identity is kept when it has one (the keys
//!   the other side paired with); otherwise the live one is;
//! - **sync**: the device stays the same device (its sync id), its clock
//!   never goes back, the live group (devices added, removals) and the
//!   record of files applied are kept, and it asks every device for a
//!   snapshot: what happened after the backup comes back from them.
//!
//! Runs on the writer connection, under the writer lock, in one
//! transaction on the staged copy: if anything fails, nothing is replaced.

use rusqlite::Connection;
use zeroize::Zeroizing;

use crate::error::Result;
use crate::DatabaseKey;

/// The merge, in order. `main` is the live file, `st` the staged copy
/// (both at the current schema).
const MERGE_SQL: &str = "
UPDATE st.consent_grant
   SET revoked_at = (SELECT g.revoked_at FROM main.consent_grant g
                      WHERE g.id = consent_grant.id)
 WHERE id IN (SELECT id FROM main.consent_grant WHERE revoked_at IS NOT NULL)
   AND (revoked_at IS NULL OR revoked_at > (SELECT g.revoked_at FROM main.consent_grant g
                                            WHERE g.id = consent_grant.id));

INSERT OR IGNORE INTO st.disclosure_audit SELECT * FROM main.disclosure_audit;

INSERT OR IGNORE INTO st.share_identity SELECT * FROM main.share_identity;

UPDATE st.share_peer
   SET (member_id, label, paired_at, revoked_at, verified_at, last_sequence) =
       (SELECT p.member_id, p.label, p.paired_at, p.revoked_at, p.verified_at,
               max(p.last_sequence, share_peer.last_sequence)
          FROM main.share_peer p
         WHERE p.role = share_peer.role AND p.key_id = share_peer.key_id)
 WHERE EXISTS (SELECT 1 FROM main.share_peer p
                WHERE p.role = share_peer.role AND p.key_id = share_peer.key_id);

INSERT INTO st.share_peer
SELECT * FROM main.share_peer p
 WHERE NOT EXISTS (SELECT 1 FROM st.share_peer s
                    WHERE s.role = p.role AND s.key_id = p.key_id);

DELETE FROM st.share_bundle
 WHERE client_id IN (SELECT id FROM st.share_peer
                      WHERE role = 'client' AND revoked_at IS NOT NULL);

DELETE FROM st.sync_local;
INSERT INTO st.sync_local (id, device_id, hlc, seq)
SELECT id, device_id, hlc,
       max(seq, coalesce((SELECT max(seq) FROM st.sync_record), 0))
  FROM main.sync_local;

INSERT OR IGNORE INTO st.sync_device SELECT * FROM main.sync_device;
UPDATE st.sync_device
   SET removed_at = (SELECT d.removed_at FROM main.sync_device d
                      WHERE d.key_id = sync_device.key_id)
 WHERE removed_at IS NULL
   AND key_id IN (SELECT key_id FROM main.sync_device WHERE removed_at IS NOT NULL);

DELETE FROM st.sync_peer;
INSERT INTO st.sync_peer SELECT * FROM main.sync_peer;
UPDATE st.sync_peer SET want_snapshot = 1;

INSERT OR IGNORE INTO st.sync_applied SELECT * FROM main.sync_applied;
";

/// Merges the live database's security state (see the module docs) into
/// the staged copy at `staged`, encrypted with `key`, through `live` (the
/// writer connection on the live file).
pub(super) fn merge_security_state(
    live: &Connection,
    staged: &std::path::Path,
    key: Option<&DatabaseKey>,
) -> Result<()> {
    let key_sql = Zeroizing::new(match key {
        Some(k) => format!("\"{}\"", k.sql_literal().as_str()),
        None => "''".to_string(),
    });
    live.execute_batch(&Zeroizing::new(format!(
        "ATTACH DATABASE {} AS st KEY {};",
        super::path_literal("backup.path", staged)?,
        key_sql.as_str()
    )))?;
    let merged = (|| -> Result<()> {
        live.execute_batch(&format!("BEGIN IMMEDIATE; {MERGE_SQL} COMMIT;"))
            .inspect_err(|_| {
                let _ = live.execute_batch("ROLLBACK;");
            })?;
        live.execute_batch("PRAGMA st.wal_checkpoint(TRUNCATE);")?;
        Ok(())
    })();
    let detached = live.execute_batch("DETACH DATABASE st;");
    merged?;
    detached?;
    Ok(())
}
