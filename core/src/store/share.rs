//! Share bundle storage: this file's share identity (keys sealed under the
//! host's key-protection secret), pairings, export (client side) and import
//! with the read-only per-client views (care-team side).
//!
//! Export is a use case (`app::share`): it seals the disclosure the policy
//! decided and records it in the audit log before handing the bytes out.
//! Import verifies, decrypts and validates the whole bundle before it opens
//! its one transaction: a bundle is stored entirely or not at all.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{check_id, from_ms, new_id, to_ms, Store};
use crate::error::{corrupt_value, Error, Result};
use crate::model::AuditEntry;
use crate::share::crypto::{hex, sha256_hex, KeyProtectionSecret, PublicIdentity, SecretIdentity};
use crate::share::format::{self, BundleKind};
use crate::share::pairing::{fingerprint, pairing_code, parse_pairing_code};
use crate::share::{
    open_bundle, seal_bundle, BundleContent, BundleMeta, ClientBundle, ImportOutcome, PairedKey,
    PeerRole, ShareClient, ShareIdentity,
};

/// A stored identity row.
struct IdentityRow {
    public: PublicIdentity,
    wrapped: Vec<u8>,
    created_at: DateTime<Utc>,
}

/// A stored 32-byte key, column `i` of the row (`table.column`).
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

fn identity_view(row: &IdentityRow) -> ShareIdentity {
    ShareIdentity {
        key_id: hex(&row.public.key_id()),
        fingerprint: fingerprint(&row.public),
        pairing_code: pairing_code(&row.public),
        created_at: row.created_at,
    }
}

const PEER_COLS: &str = "id, role, member_id, label, sign_public, kem_public, paired_at,
     last_sequence, revoked_at";

fn peer_from_row(r: &Row<'_>) -> rusqlite::Result<(PairedKey, PublicIdentity)> {
    let role: String = r.get(1)?;
    let public = PublicIdentity {
        sign: blob32(r, 4, "share_peer", "sign_public")?,
        kem: blob32(r, 5, "share_peer", "kem_public")?,
    };
    let seq: i64 = r.get(7)?;
    Ok((
        PairedKey {
            id: r.get(0)?,
            role: PeerRole::parse(&role).ok_or(corrupt_value("share_peer", "role"))?,
            member_id: r.get(2)?,
            label: r.get(3)?,
            key_id: hex(&public.key_id()),
            fingerprint: fingerprint(&public),
            paired_at: from_ms(r.get(6)?)?,
            last_sequence: u64::try_from(seq)
                .map_err(|_| corrupt_value("share_peer", "last_sequence"))?,
            revoked_at: r.get::<_, Option<i64>>(8)?.map(from_ms).transpose()?,
        },
        public,
    ))
}

impl Store {
    /// This file's share identity, or `None` before [`Store::create_share_keys`].
    pub fn share_identity(&self) -> Result<Option<ShareIdentity>> {
        self.read(|tx| Ok(load_identity(tx)?.as_ref().map(identity_view)))
    }

    /// Creates this file's share keys, sealed under `secret`. If they exist
    /// already, checks `secret` opens them (else `WrongKey`) and returns them.
    pub fn create_share_keys(
        &self,
        secret: &KeyProtectionSecret,
        now: DateTime<Utc>,
    ) -> Result<ShareIdentity> {
        self.write(|tx| {
            if let Some(row) = load_identity(tx)? {
                SecretIdentity::unwrap(&row.wrapped, secret, &row.public)?;
                return Ok(identity_view(&row));
            }
            let id = SecretIdentity::generate()?;
            let row = IdentityRow {
                public: id.public().clone(),
                wrapped: id.wrap(secret)?,
                created_at: now,
            };
            tx.execute(
                "INSERT INTO share_identity
                 (id, key_id, sign_public, kem_public, wrapped_secret, created_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                params![
                    hex(&row.public.key_id()),
                    &row.public.sign[..],
                    &row.public.kem[..],
                    row.wrapped,
                    to_ms(now)
                ],
            )?;
            Ok(identity_view(&row))
        })
    }

    pub(crate) fn unlock_identity(&self, secret: &KeyProtectionSecret) -> Result<SecretIdentity> {
        let row = self
            .read(load_identity)?
            .ok_or_else(|| Error::invalid("share_keys", "no share keys yet: create them first"))?;
        SecretIdentity::unwrap(&row.wrapped, secret, &row.public)
    }

    /// Client side: pairs the care-team member `member_id` with the key in
    /// their pairing code. Pairing the same key again re-activates it (its
    /// sequence numbers go on).
    pub fn pair_recipient(
        &self,
        member_id: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<PairedKey> {
        check_id("member_id", member_id)?;
        let public = parse_pairing_code(code)?;
        self.upsert_peer(PeerRole::Recipient, Some(member_id), "", public, now)
    }

    /// Care-team side: pairs a client from their pairing code, under a
    /// label of the member's choosing (kept on this device only).
    pub fn pair_client(&self, label: &str, code: &str, now: DateTime<Utc>) -> Result<PairedKey> {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 200 {
            return Err(Error::invalid("label", "must be 1 to 200 characters"));
        }
        let public = parse_pairing_code(code)?;
        self.upsert_peer(PeerRole::Client, None, label, public, now)
    }

    fn upsert_peer(
        &self,
        role: PeerRole,
        member_id: Option<&str>,
        label: &str,
        public: PublicIdentity,
        now: DateTime<Utc>,
    ) -> Result<PairedKey> {
        self.write(|tx| {
            if let Some(mine) = load_identity(tx)? {
                if mine.public == public {
                    return Err(Error::invalid(
                        "pairing_code",
                        "this is this device's own key",
                    ));
                }
            }
            let key_id = hex(&public.key_id());
            tx.execute(
                "INSERT INTO share_peer
                 (id, role, key_id, sign_public, kem_public, member_id, label, paired_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (role, key_id) DO UPDATE SET
                   member_id = excluded.member_id, label = excluded.label,
                   paired_at = excluded.paired_at, revoked_at = NULL",
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
            Ok(tx
                .query_row(&sql, params![role.as_str(), key_id], peer_from_row)?
                .0)
        })
    }

    /// Every pairing, newest first.
    pub fn paired_keys(&self) -> Result<Vec<PairedKey>> {
        self.read(|tx| {
            let sql = format!("SELECT {PEER_COLS} FROM share_peer ORDER BY paired_at DESC, id");
            let mut stmt = tx.prepare(&sql)?;
            let rows = stmt.query_map([], peer_from_row)?;
            Ok(rows
                .map(|r| r.map(|(p, _)| p))
                .collect::<rusqlite::Result<_>>()?)
        })
    }

    pub(crate) fn active_recipient(
        tx: &Transaction<'_>,
        member_id: &str,
    ) -> Result<(PairedKey, PublicIdentity)> {
        let sql = format!(
            "SELECT {PEER_COLS} FROM share_peer WHERE role = 'recipient' AND member_id = ?1
             AND revoked_at IS NULL ORDER BY paired_at DESC, id LIMIT 1"
        );
        tx.query_row(&sql, [member_id], peer_from_row)
            .optional()?
            .ok_or_else(|| Error::invalid("member_id", "no paired key for this member: pair first"))
    }

    /// The newest active pairing of `member_id` (a typed error if none).
    pub(crate) fn active_recipient_of(
        &self,
        member_id: &str,
    ) -> Result<(PairedKey, PublicIdentity)> {
        self.read(|tx| Self::active_recipient(tx, member_id))
    }

    /// Records a bundle sent to `peer`: its sequence number and its audit
    /// entry, in one transaction (a concurrent export of the same sequence
    /// number fails and stores nothing).
    pub(crate) fn record_bundle_sent(
        &self,
        peer: &PairedKey,
        sequence: u64,
        audit: AuditEntry,
    ) -> Result<AuditEntry> {
        let seq = i64::try_from(sequence)
            .map_err(|_| Error::invalid("sequence", "sequence numbers are exhausted"))?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE share_peer SET last_sequence = ?1 WHERE id = ?2 AND last_sequence = ?3",
                params![seq, peer.id, seq - 1],
            )?;
            if n != 1 {
                return Err(Error::invalid(
                    "member_id",
                    "another export for this member ran at the same time: try again",
                ));
            }
            super::care::insert_audit_in(tx, audit)
        })
    }

    pub(crate) fn advance_sequence(&self, peer: &PairedKey, sequence: u64) -> Result<()> {
        let seq = i64::try_from(sequence)
            .map_err(|_| Error::invalid("sequence", "sequence numbers are exhausted"))?;
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE share_peer SET last_sequence = ?1 WHERE id = ?2 AND last_sequence = ?3",
                params![seq, peer.id, seq - 1],
            )?;
            if n != 1 {
                return Err(Error::invalid(
                    "member_id",
                    "another export for this member ran at the same time: try again",
                ));
            }
            Ok(())
        })
    }

    /// Client side: a signed notice telling `member_id`'s device to delete
    /// this client's data. The pairing is marked revoked here: no further
    /// bundles go to it until it is paired again. (Consent grants are
    /// revoked separately.)
    pub fn share_revocation_notice(
        &self,
        secret: &KeyProtectionSecret,
        member_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>> {
        check_id("member_id", member_id)?;
        let me = self.unlock_identity(secret)?;
        let (peer, recipient) = self.read(|tx| Self::active_recipient(tx, member_id))?;
        let sequence = peer.last_sequence + 1;
        let day = now.date_naive();
        let meta = BundleMeta {
            kind: BundleKind::Revocation,
            created_at: now,
            from: day,
            to: day,
            sequence,
        };
        let bytes = seal_bundle(&me, &recipient, &meta, &[])?;
        self.advance_sequence(&peer, sequence)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE share_peer SET revoked_at = ?1 WHERE id = ?2",
                params![to_ms(now), peer.id],
            )?;
            Ok(())
        })?;
        Ok(bytes)
    }

    /// Care-team side: imports a bundle or revocation notice. Checks size and
    /// format, that it is addressed to this file (`WrongKey` if not), comes
    /// from a paired client, carries a valid signature, decrypts, validates
    /// its content and is newer than anything imported from that client; then
    /// stores it in one transaction (replacing the bundle for the same
    /// period) or, for a notice, deletes the client's data.
    pub fn import_share_bundle(
        &self,
        secret: &KeyProtectionSecret,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<ImportOutcome> {
        let parsed = format::parse(bytes)?;
        let me = self.unlock_identity(secret)?;
        if parsed.header.recipient != me.public().key_id() {
            return Err(Error::WrongKey);
        }
        let sender_id = hex(&parsed.header.sender);
        let (client, sender) = self.read(|tx| {
            let sql =
                format!("SELECT {PEER_COLS} FROM share_peer WHERE role = 'client' AND key_id = ?1");
            tx.query_row(&sql, [&sender_id], peer_from_row)
                .optional()?
                .ok_or_else(|| Error::invalid("bundle.sender", "not from a paired client"))
        })?;
        let opened = open_bundle(&me, &sender, &parsed)?;
        let h = &opened.header;
        let seq = i64::try_from(h.sequence)
            .map_err(|_| Error::invalid("bundle.sequence", "out of range"))?;
        let sha256 = sha256_hex(bytes);
        self.write(|tx| {
            let (last, revoked): (i64, Option<i64>) = tx.query_row(
                "SELECT last_sequence, revoked_at FROM share_peer WHERE id = ?1",
                [&client.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
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
                params![seq, client.id],
            )?;
            match &opened.content {
                None => {
                    let n = tx.execute(
                        "DELETE FROM share_bundle WHERE client_id = ?1",
                        [&client.id],
                    )?;
                    tx.execute(
                        "UPDATE share_peer SET revoked_at = ?1 WHERE id = ?2",
                        params![to_ms(now), client.id],
                    )?;
                    Ok(ImportOutcome::Revoked {
                        client_id: client.id.clone(),
                        bundles_deleted: u32::try_from(n).unwrap_or(u32::MAX),
                    })
                }
                Some(_) => {
                    let superseded = tx.execute(
                        "DELETE FROM share_bundle
                         WHERE client_id = ?1 AND period_from = ?2 AND period_to = ?3",
                        params![client.id, h.from.to_string(), h.to.to_string()],
                    )? > 0;
                    tx.execute(
                        "INSERT INTO share_bundle (id, client_id, sequence, period_from,
                           period_to, created_at, imported_at, sha256, content)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![
                            new_id(),
                            client.id,
                            seq,
                            h.from.to_string(),
                            h.to.to_string(),
                            to_ms(h.created_at),
                            to_ms(now),
                            sha256,
                            // The validated plaintext, stored as received.
                            String::from_utf8_lossy(&opened.plaintext)
                        ],
                    )?;
                    Ok(ImportOutcome::Imported {
                        client_id: client.id.clone(),
                        sequence: h.sequence,
                        from: h.from,
                        to: h.to,
                        superseded,
                    })
                }
            }
        })
    }

    /// Care-team side: every paired client with how many bundles are held.
    pub fn share_clients(&self) -> Result<Vec<ShareClient>> {
        self.read(|tx| {
            let sql = format!(
                "SELECT {PEER_COLS}, (SELECT count(*) FROM share_bundle b WHERE b.client_id = p.id)
                 FROM share_peer p WHERE role = 'client' ORDER BY label, id"
            );
            let mut stmt = tx.prepare(&sql)?;
            let rows = stmt.query_map([], |r| {
                let (pairing, _) = peer_from_row(r)?;
                let n: i64 = r.get(9)?;
                Ok(ShareClient {
                    pairing,
                    bundles: u32::try_from(n).unwrap_or(u32::MAX),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Care-team side: the read-only view of one client, one bundle per
    /// period, oldest period first.
    pub fn client_bundles(&self, client_id: &str) -> Result<Vec<ClientBundle>> {
        check_id("client_id", client_id)?;
        self.read(|tx| {
            let mut stmt = tx.prepare(
                "SELECT client_id, sequence, period_from, period_to, created_at, imported_at,
                   sha256, content
                 FROM share_bundle WHERE client_id = ?1 ORDER BY period_from, period_to",
            )?;
            let rows = stmt.query_map([client_id], |r| {
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
        })
    }
}
