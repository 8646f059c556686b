//! Share storage, rows in and rows out: this file's share identity (public
//! keys and the secret sealed under the host's key-protection secret), the
//! pairings with their sequence numbers and revocations, the bundles sent
//! (sequence number and audit entry in one transaction) and the bundles
//! received (stored entirely or not at all). The crypto, the bundle format
//! and the views people see are use cases (`app::share`).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{check_id, from_ms, new_id, to_ms, Store};
use crate::error::{corrupt_value, Error, Result};
use crate::limits;
use crate::model::{
    AuditEntry, BundleContent, ClientBundle, ImportOutcome, PeerRole, PublicIdentity,
};

/// The stored identity: public keys, the sealed secret, when it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityRow {
    /// The public keys.
    pub public: PublicIdentity,
    /// The secret keys sealed under the host's key-protection secret.
    pub wrapped: Vec<u8>,
    /// When the keys were created.
    pub created_at: DateTime<Utc>,
}

/// A stored pairing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerRow {
    /// Id of the pairing.
    pub id: String,
    /// Recipient (client side) or client (care-team side).
    pub role: PeerRole,
    /// For a recipient: the care-team member.
    pub member_id: Option<String>,
    /// For a client: the label the care-team member gave them.
    pub label: String,
    /// Their public keys.
    pub public: PublicIdentity,
    /// When the pairing was made.
    pub paired_at: DateTime<Utc>,
    /// Highest sequence number sent (recipient) or imported (client).
    pub last_sequence: u64,
    /// When sharing was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When the person confirmed they compared the fingerprints; `None`
    /// while unverified (nothing is sealed to or accepted from it then).
    pub verified_at: Option<DateTime<Utc>>,
}

/// A received bundle to store, already verified and decrypted.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedBundle<'a> {
    /// The paired client it came from.
    pub client_id: &'a str,
    /// Its sequence number.
    pub sequence: u64,
    /// First day of its period.
    pub from: NaiveDate,
    /// Last day of its period.
    pub to: NaiveDate,
    /// When the client made it.
    pub created_at: DateTime<Utc>,
    /// SHA-256 of its bytes.
    pub sha256: &'a str,
    /// The validated plaintext; `None` for a revocation notice.
    pub content: Option<&'a [u8]>,
}

fn blob32(
    r: &Row<'_>,
    i: usize,
    table: &'static str,
    column: &'static str,
) -> rusqlite::Result<[u8; 32]> {
    let v: Vec<u8> = r.get(i)?;
    Ok(v.try_into().map_err(|_| corrupt_value(table, column))?)
}

fn load_identity(tx: &Transaction<'_>) -> Result<Option<IdentityRow>> {
    Ok(tx
        .query_row(
            "SELECT sign_public, kem_public, wrapped_secret, created_at
             FROM share_identity WHERE id = 1",
            [],
            |r| {
                Ok(IdentityRow {
                    public: PublicIdentity {
                        sign: blob32(r, 0, "share_identity", "sign_public")?,
                        kem: blob32(r, 1, "share_identity", "kem_public")?,
                    },
                    wrapped: r.get(2)?,
                    created_at: from_ms(r.get(3)?)?,
                })
            },
        )
        .optional()?)
}

const PEER_COLS: &str = "id, role, member_id, label, sign_public, kem_public, paired_at,
     last_sequence, revoked_at, verified_at";

fn peer_from_row(r: &Row<'_>) -> rusqlite::Result<PeerRow> {
    let role: String = r.get(1)?;
    let seq: i64 = r.get(7)?;
    Ok(PeerRow {
        id: r.get(0)?,
        role: PeerRole::parse(&role).ok_or(corrupt_value("share_peer", "role"))?,
        member_id: r.get(2)?,
        label: r.get(3)?,
        public: PublicIdentity {
            sign: blob32(r, 4, "share_peer", "sign_public")?,
            kem: blob32(r, 5, "share_peer", "kem_public")?,
        },
        paired_at: from_ms(r.get(6)?)?,
        last_sequence: u64::try_from(seq)
            .map_err(|_| corrupt_value("share_peer", "last_sequence"))?,
        revoked_at: r.get::<_, Option<i64>>(8)?.map(from_ms).transpose()?,
        verified_at: r.get::<_, Option<i64>>(9)?.map(from_ms).transpose()?,
    })
}

/// Keeps a client's stored updates within [`limits::MAX_BUNDLES_PER_CLIENT`]
/// periods and [`limits::MAX_BUNDLE_BYTES_PER_CLIENT`] bytes: the oldest
/// periods (by period end, then sequence) go first; `newest` (the one just
/// stored) always stays.
fn keep_within_bounds(tx: &Transaction<'_>, client_id: &str, newest: &str) -> Result<()> {
    loop {
        let (count, bytes): (i64, i64) = tx.query_row(
            "SELECT count(*), coalesce(sum(length(content)), 0) FROM share_bundle
             WHERE client_id = ?1",
            [client_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let over_count =
            usize::try_from(count).unwrap_or(usize::MAX) > limits::MAX_BUNDLES_PER_CLIENT;
        if !over_count && bytes <= limits::MAX_BUNDLE_BYTES_PER_CLIENT {
            return Ok(());
        }
        let dropped = tx.execute(
            "DELETE FROM share_bundle WHERE id = (SELECT id FROM share_bundle
               WHERE client_id = ?1 AND id <> ?2 ORDER BY period_to, sequence LIMIT 1)",
            params![client_id, newest],
        )?;
        if dropped == 0 {
            return Ok(());
        }
    }
}

/// Refuses a pairing the person has not verified: nothing is sealed to or
/// accepted from a key whose fingerprint nobody compared.
pub fn require_verified(peer: &PeerRow) -> Result<()> {
    if peer.verified_at.is_none() {
        return Err(Error::invalid(
            "pairing.verified",
            "this pairing is not verified yet: compare the fingerprints on both devices \
             and confirm the pairing first",
        ));
    }
    Ok(())
}

fn sequence_value(sequence: u64) -> Result<i64> {
    i64::try_from(sequence)
        .map_err(|_| Error::invalid("sequence", "sequence numbers are exhausted"))
}

/// Moves `peer`'s sequence number from the one it was read with to
/// `sequence`; fails if another export moved it meanwhile.
fn advance_in(tx: &Transaction<'_>, peer: &PeerRow, sequence: u64) -> Result<()> {
    let seq = sequence_value(sequence)?;
    let n = tx.execute(
        "UPDATE share_peer SET last_sequence = ?1 WHERE id = ?2 AND last_sequence = ?3",
        params![seq, peer.id, sequence_value(peer.last_sequence)?],
    )?;
    if n != 1 {
        return Err(Error::invalid(
            "member_id",
            "another export for this member ran at the same time: try again",
        ));
    }
    Ok(())
}

impl Store {
    /// This file's identity row, or `None` before keys were created.
    pub fn share_identity_row(&self) -> Result<Option<IdentityRow>> {
        self.read(load_identity)
    }

    /// Stores `row` as this file's identity unless one exists; returns the
    /// identity now on file (the existing one wins).
    pub fn insert_share_identity(&self, row: &IdentityRow, key_id: &str) -> Result<IdentityRow> {
        self.write(|tx| {
            if let Some(existing) = load_identity(tx)? {
                return Ok(existing);
            }
            tx.execute(
                "INSERT INTO share_identity
                 (id, key_id, sign_public, kem_public, wrapped_secret, created_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                params![
                    key_id,
                    &row.public.sign[..],
                    &row.public.kem[..],
                    row.wrapped,
                    to_ms(row.created_at)
                ],
            )?;
            Ok(row.clone())
        })
    }

    /// Replaces this file's identity with `row` (re-sealed keys under a new
    /// host secret, or new keys). With `new_keys`, every pairing goes back to
    /// unverified: the other devices hold the old public key and must pair
    /// the new code, and each pairing must be compared again. One
    /// transaction.
    pub fn replace_share_identity(
        &self,
        row: &IdentityRow,
        key_id: &str,
        new_keys: bool,
    ) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE share_identity SET key_id = ?1, sign_public = ?2, kem_public = ?3,
                   wrapped_secret = ?4, created_at = ?5 WHERE id = 1",
                params![
                    key_id,
                    &row.public.sign[..],
                    &row.public.kem[..],
                    row.wrapped,
                    to_ms(row.created_at)
                ],
            )?;
            if n != 1 {
                return Err(Error::invalid(
                    "share_keys",
                    "no share keys yet: create them first",
                ));
            }
            if new_keys {
                tx.execute("UPDATE share_peer SET verified_at = NULL", [])?;
            }
            Ok(())
        })
    }

    /// Pairs (or re-activates) a peer key under `role`; its sequence
    /// numbers go on. The pairing is unverified until
    /// [`Store::confirm_peer_key`], re-pairing included. This file's own key is
    /// refused.
    pub fn upsert_peer(
        &self,
        role: PeerRole,
        member_id: Option<&str>,
        label: &str,
        public: &PublicIdentity,
        key_id: &str,
        now: DateTime<Utc>,
    ) -> Result<PeerRow> {
        if let Some(m) = member_id {
            check_id("member_id", m)?;
        }
        self.write(|tx| {
            if let Some(mine) = load_identity(tx)? {
                if &mine.public == public {
                    return Err(Error::invalid(
                        "pairing_code",
                        "this is this device's own key",
                    ));
                }
            }
            tx.execute(
                "INSERT INTO share_peer
                 (id, role, key_id, sign_public, kem_public, member_id, label, paired_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (role, key_id) DO UPDATE SET
                   member_id = excluded.member_id, label = excluded.label,
                   paired_at = excluded.paired_at, revoked_at = NULL, verified_at = NULL",
                params![
                    new_id(),
                    role.as_str(),
                    key_id,
                    &public.sign[..],
                    &public.kem[..],
                    member_id,
                    label,
                    to_ms(now)
                ],
            )?;
            let sql = format!("SELECT {PEER_COLS} FROM share_peer WHERE role = ?1 AND key_id = ?2");
            Ok(tx.query_row(&sql, params![role.as_str(), key_id], peer_from_row)?)
        })
    }

    /// Every pairing, newest first.
    pub fn peers(&self) -> Result<Vec<PeerRow>> {
        self.read(|tx| {
            let sql = format!("SELECT {PEER_COLS} FROM share_peer ORDER BY paired_at DESC, id");
            let mut stmt = tx.prepare(&sql)?;
            let rows = stmt.query_map([], peer_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The newest active pairing of `member_id` (a typed error if none).
    /// Whether it is verified is the caller's to check ([`require_verified`]).
    pub fn active_recipient(&self, member_id: &str) -> Result<PeerRow> {
        check_id("member_id", member_id)?;
        self.read(|tx| {
            let sql = format!(
                "SELECT {PEER_COLS} FROM share_peer WHERE role = 'recipient' AND member_id = ?1
                 AND revoked_at IS NULL ORDER BY paired_at DESC, id LIMIT 1"
            );
            tx.query_row(&sql, [member_id], peer_from_row)
                .optional()?
                .ok_or_else(|| {
                    Error::invalid("member_id", "no paired key for this member: pair first")
                })
        })
    }

    /// Records that the person compared the fingerprint of pairing `id`,
    /// whose key is `public`, and confirmed it, at `now`; the pairing as it
    /// is now. `NotFound` for an unknown pairing (or one whose key is not
    /// `public`); a confirmed one keeps its first instant.
    pub fn confirm_peer_key(
        &self,
        id: &str,
        public: &PublicIdentity,
        now: DateTime<Utc>,
    ) -> Result<PeerRow> {
        check_id("pairing_id", id)?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE share_peer SET verified_at = coalesce(verified_at, ?1)
                 WHERE id = ?2 AND sign_public = ?3 AND kem_public = ?4",
                params![to_ms(now), id, &public.sign[..], &public.kem[..]],
            )?;
            if n != 1 {
                return Err(Error::NotFound {
                    kind: crate::error::RecordKind::Pairing,
                });
            }
            let sql = format!("SELECT {PEER_COLS} FROM share_peer WHERE id = ?1");
            tx.query_row(&sql, [id], peer_from_row)
                .optional()?
                .ok_or(Error::NotFound {
                    kind: crate::error::RecordKind::Pairing,
                })
        })
    }

    /// The paired client with this key id, if any (care-team side).
    pub fn client_peer(&self, key_id: &str) -> Result<Option<PeerRow>> {
        self.read(|tx| {
            let sql =
                format!("SELECT {PEER_COLS} FROM share_peer WHERE role = 'client' AND key_id = ?1");
            Ok(tx.query_row(&sql, [key_id], peer_from_row).optional()?)
        })
    }

    /// Records a bundle sent to `peer` (as read): its sequence number and
    /// its audit entry, in one transaction (a concurrent export of the same
    /// sequence number fails and stores nothing).
    pub(crate) fn record_bundle_sent(
        &self,
        peer: &PeerRow,
        sequence: u64,
        audit: AuditEntry,
    ) -> Result<AuditEntry> {
        self.write(|tx| {
            advance_in(tx, peer, sequence)?;
            super::care::insert_audit_in(tx, audit)
        })
    }

    /// Records a revocation notice sent to `peer`: its sequence number, and
    /// the pairing marked revoked (no further bundles go to it).
    pub fn record_revocation_sent(
        &self,
        peer: &PeerRow,
        sequence: u64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            advance_in(tx, peer, sequence)?;
            tx.execute(
                "UPDATE share_peer SET revoked_at = ?1 WHERE id = ?2",
                params![to_ms(now), peer.id],
            )?;
            Ok(())
        })
    }

    /// Care-team side: stores a verified bundle from a verified pairing (replacing the bundle for
    /// the same period) or, for a revocation notice, deletes the client's
    /// data and marks them revoked — in one transaction, refused if its
    /// sequence number is not newer than anything imported from them or
    /// they revoked sharing.
    pub fn store_received_bundle(
        &self,
        b: &ReceivedBundle<'_>,
        now: DateTime<Utc>,
    ) -> Result<ImportOutcome> {
        let seq = i64::try_from(b.sequence)
            .map_err(|_| Error::invalid("bundle.sequence", "out of range"))?;
        let outcome = self.write(|tx| {
            let (last, revoked, verified): (i64, Option<i64>, Option<i64>) = tx.query_row(
                "SELECT last_sequence, revoked_at, verified_at FROM share_peer WHERE id = ?1",
                [b.client_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            // Data only from a verified pairing; a revocation notice (it
            // carries nothing and only deletes) is honoured either way, so
            // a client's data held from before a re-pairing can always be
            // deleted at their request.
            if verified.is_none() && b.content.is_some() {
                return Err(Error::invalid(
                    "pairing.verified",
                    "this client's pairing is not verified yet: compare the fingerprints \
                     on both devices and confirm the pairing first",
                ));
            }
            if seq <= last {
                return Err(Error::invalid(
                    "bundle.sequence",
                    "replayed or older than a bundle already imported",
                ));
            }
            if revoked.is_some() {
                return Err(Error::invalid(
                    "bundle.sender",
                    "the client revoked sharing: pair again to accept bundles",
                ));
            }
            tx.execute(
                "UPDATE share_peer SET last_sequence = ?1 WHERE id = ?2",
                params![seq, b.client_id],
            )?;
            match b.content {
                None => {
                    let n = tx.execute(
                        "DELETE FROM share_bundle WHERE client_id = ?1",
                        [b.client_id],
                    )?;
                    tx.execute(
                        "UPDATE share_peer SET revoked_at = ?1 WHERE id = ?2",
                        params![to_ms(now), b.client_id],
                    )?;
                    Ok(ImportOutcome::Revoked {
                        client_id: b.client_id.to_string(),
                        bundles_deleted: u32::try_from(n).unwrap_or(u32::MAX),
                    })
                }
                Some(plaintext) => {
                    let superseded = tx.execute(
                        "DELETE FROM share_bundle
                         WHERE client_id = ?1 AND period_from = ?2 AND period_to = ?3",
                        params![b.client_id, b.from.to_string(), b.to.to_string()],
                    )? > 0;
                    let id = new_id();
                    tx.execute(
                        "INSERT INTO share_bundle (id, client_id, sequence, period_from,
                           period_to, created_at, imported_at, sha256, content)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![
                            id,
                            b.client_id,
                            seq,
                            b.from.to_string(),
                            b.to.to_string(),
                            to_ms(b.created_at),
                            to_ms(now),
                            b.sha256,
                            // The validated plaintext, stored as received.
                            String::from_utf8_lossy(plaintext)
                        ],
                    )?;
                    keep_within_bounds(tx, b.client_id, &id)?;
                    Ok(ImportOutcome::Imported {
                        client_id: b.client_id.to_string(),
                        sequence: b.sequence,
                        from: b.from,
                        to: b.to,
                        superseded,
                    })
                }
            }
        })?;
        if matches!(outcome, ImportOutcome::Revoked { .. }) {
            // The deleted bundles' old pages would stay in the WAL until
            // the next checkpoint: move them out and truncate it now. Best
            // effort: the deletion is committed either way, and a busy WAL
            // (another reader, for over two seconds) is checkpointed by the
            // next purge or close.
            let _ = super::connection::checkpoint_truncate(&self.lock_writer().writer);
        }
        Ok(outcome)
    }

    /// Care-team side: every paired client with how many bundles are held.
    pub fn client_peers(&self) -> Result<Vec<(PeerRow, u32)>> {
        self.read(|tx| {
            let sql = format!(
                "SELECT {PEER_COLS}, (SELECT count(*) FROM share_bundle b WHERE b.client_id = p.id)
                 FROM share_peer p WHERE role = 'client' ORDER BY label, id"
            );
            let mut stmt = tx.prepare(&sql)?;
            let rows = stmt.query_map([], |r| {
                let n: i64 = r.get(10)?;
                Ok((peer_from_row(r)?, u32::try_from(n).unwrap_or(u32::MAX)))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Care-team side: the read-only view of one client, one bundle per
    /// period, oldest period first (at most
    /// [`limits::MAX_BUNDLES_PER_CLIENT`]: older periods were dropped).
    pub fn client_bundles(&self, client_id: &str) -> Result<Vec<ClientBundle>> {
        check_id("client_id", client_id)?;
        self.read(|tx| {
            bundles_in(
                tx,
                "WHERE client_id = ?1 ORDER BY period_from, period_to LIMIT ?2 OFFSET 0",
                client_id,
                limits::MAX_BUNDLES_PER_CLIENT as i64,
            )
        })
    }

    /// Care-team side: one page of a client's updates, newest period first
    /// (by period end, then sequence): `limit` (1 to
    /// [`limits::MAX_BUNDLE_PAGE`]) from `offset`. Only those rows are read
    /// and decoded.
    pub fn client_bundle_page(
        &self,
        client_id: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<ClientBundle>> {
        check_id("client_id", client_id)?;
        if limit == 0 || limit > limits::MAX_BUNDLE_PAGE {
            return Err(Error::invalid(
                "limit",
                format!("must be 1 to {}", limits::MAX_BUNDLE_PAGE),
            ));
        }
        self.read(|tx| {
            bundles_in(
                tx,
                &format!(
                    "WHERE client_id = ?1 ORDER BY period_to DESC, sequence DESC
                     LIMIT ?2 OFFSET {offset}"
                ),
                client_id,
                i64::from(limit),
            )
        })
    }
}

/// The bundles of `client_id` selected by `tail` (a WHERE, ORDER BY and
/// LIMIT `?2` clause), decoded.
fn bundles_in(
    tx: &Transaction<'_>,
    tail: &str,
    client_id: &str,
    limit: i64,
) -> Result<Vec<ClientBundle>> {
    let mut stmt = tx.prepare(&format!(
        "SELECT client_id, sequence, period_from, period_to, created_at, imported_at,
           sha256, content FROM share_bundle {tail}"
    ))?;
    let rows = stmt.query_map(params![client_id, limit], |r| {
        let seq: i64 = r.get(1)?;
        let from: String = r.get(2)?;
        let to: String = r.get(3)?;
        Ok((
            r.get::<_, String>(0)?,
            u64::try_from(seq).map_err(|_| corrupt_value("share_bundle", "sequence"))?,
            from.parse::<NaiveDate>()
                .map_err(|_| corrupt_value("share_bundle", "period_from"))?,
            to.parse::<NaiveDate>()
                .map_err(|_| corrupt_value("share_bundle", "period_to"))?,
            from_ms(r.get(4)?)?,
            from_ms(r.get(5)?)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (client_id, sequence, from, to, created_at, imported_at, sha256, json) = row?;
        let content = serde_json::from_str::<BundleContent>(&json)
            .map_err(|_| corrupt_value("share_bundle", "content"))?;
        out.push(ClientBundle {
            client_id,
            sequence,
            from,
            to,
            created_at,
            imported_at,
            sha256,
            disclosure: content.disclosure,
            update: content.update,
        });
    }
    Ok(out)
}
