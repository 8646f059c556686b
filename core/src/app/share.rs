//! Use cases: share keys, pairing, bundles out (sealed from the policy's
//! disclosure, audited) and in, and the care team's view of a client.

use chrono::{DateTime, NaiveDate, Utc};

use super::App;
use crate::care::policy::{audit_entry, sha256_hex};
use crate::care::{clinician_update, DisclosureKind};
use crate::error::Error;
use crate::error::Result;
use crate::share::crypto::{hex, PublicIdentity, SecretIdentity};
use crate::share::format::{self, BundleKind};
use crate::share::pairing::{fingerprint, pairing_code, parse_pairing_code};
use crate::share::{
    open_bundle, seal_bundle, BundleContent, BundleMeta, ClientBundle, ExportedBundle,
    ImportOutcome, KeyProtectionSecret, PairedKey, PeerRole, ShareClient, ShareIdentity,
};
use crate::store::share::{IdentityRow, PeerRow, ReceivedBundle};

/// What the person sees of this file's identity.
fn identity_view(row: &IdentityRow) -> ShareIdentity {
    ShareIdentity {
        key_id: hex(&row.public.key_id()),
        fingerprint: fingerprint(&row.public),
        pairing_code: pairing_code(&row.public),
        created_at: row.created_at,
    }
}

/// What the person sees of a pairing.
fn paired_view(p: PeerRow) -> PairedKey {
    PairedKey {
        key_id: hex(&p.public.key_id()),
        fingerprint: fingerprint(&p.public),
        id: p.id,
        role: p.role,
        member_id: p.member_id,
        label: p.label,
        paired_at: p.paired_at,
        last_sequence: p.last_sequence,
        revoked_at: p.revoked_at,
        verified_at: p.verified_at,
    }
}

impl App {
    /// This file's share identity, or `None` before [`App::create_share_keys`].
    pub fn share_identity(&self) -> Result<Option<ShareIdentity>> {
        Ok(self.store.share_identity_row()?.as_ref().map(identity_view))
    }

    /// Creates this file's share keys, sealed under `secret`. If they exist
    /// already, checks `secret` opens them (else `WrongKey`) and returns them.
    pub fn create_share_keys(
        &self,
        secret: &KeyProtectionSecret,
        now: DateTime<Utc>,
    ) -> Result<ShareIdentity> {
        if let Some(row) = self.store.share_identity_row()? {
            SecretIdentity::unwrap(&row.wrapped, secret, &row.public)?;
            return Ok(identity_view(&row));
        }
        let id = SecretIdentity::generate()?;
        let row = IdentityRow {
            public: id.public().clone(),
            wrapped: id.wrap(secret)?,
            created_at: now,
        };
        let stored = self
            .store
            .insert_share_identity(&row, &hex(&row.public.key_id()))?;
        if stored != row {
            // Another call created them first: the secret must open those.
            SecretIdentity::unwrap(&stored.wrapped, secret, &stored.public)?;
        }
        Ok(identity_view(&stored))
    }

    /// After a restore on a new phone (whose Keystore/Keychain holds a new
    /// host secret): re-seals this file's share keys under `new_secret`.
    /// With the `old_secret` they were sealed under, the keys stay the same
    /// and every pairing keeps working (`WrongKey` if `old_secret` does not
    /// open them). When the old secret is lost (`None`), new keys are made:
    /// the pairing code and fingerprint change, every pairing goes back to
    /// unverified, and the care team pairs the new code again. Sequence
    /// numbers go on either way.
    pub fn reseal_share_keys(
        &self,
        old_secret: Option<&KeyProtectionSecret>,
        new_secret: &KeyProtectionSecret,
        now: DateTime<Utc>,
    ) -> Result<ShareIdentity> {
        let current = self
            .store
            .share_identity_row()?
            .ok_or_else(|| Error::invalid("share_keys", "no share keys yet: create them first"))?;
        let (id, created_at, new_keys) = match old_secret {
            Some(old) => (
                SecretIdentity::unwrap(&current.wrapped, old, &current.public)?,
                current.created_at,
                false,
            ),
            None => (SecretIdentity::generate()?, now, true),
        };
        let row = IdentityRow {
            public: id.public().clone(),
            wrapped: id.wrap(new_secret)?,
            created_at,
        };
        self.store
            .replace_share_identity(&row, &hex(&row.public.key_id()), new_keys)?;
        Ok(identity_view(&row))
    }

    /// This file's secret keys, opened with the host's secret.
    fn unlock_identity(&self, secret: &KeyProtectionSecret) -> Result<SecretIdentity> {
        let row = self
            .store
            .share_identity_row()?
            .ok_or_else(|| Error::invalid("share_keys", "no share keys yet: create them first"))?;
        SecretIdentity::unwrap(&row.wrapped, secret, &row.public)
    }

    fn pair(
        &self,
        role: PeerRole,
        member_id: Option<&str>,
        label: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<PairedKey> {
        let public: PublicIdentity = parse_pairing_code(code)?;
        let key_id = hex(&public.key_id());
        let row = self
            .store
            .upsert_peer(role, member_id, label, &public, &key_id, now)?;
        Ok(paired_view(row))
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
        crate::store::check_id("member_id", member_id)?;
        self.pair(PeerRole::Recipient, Some(member_id), "", code, now)
    }

    /// Care-team side: pairs a client from their pairing code, under a
    /// label of the member's choosing (kept on this device only).
    pub fn pair_client(&self, label: &str, code: &str, now: DateTime<Utc>) -> Result<PairedKey> {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 200 {
            return Err(Error::invalid("label", "must be 1 to 200 characters"));
        }
        self.pair(PeerRole::Client, None, label, code, now)
    }

    /// Confirms pairing `pairing_id` after the person compared the
    /// fingerprints: `fingerprint` is the one the app showed them for the
    /// other device's key (spaces and case do not matter), and it must be
    /// this pairing's (`InvalidInput { field: "fingerprint" }` otherwise:
    /// the screen and the pairing disagree, so nothing is confirmed). The
    /// instant is recorded; sharing with the key works from then on.
    pub fn confirm_pairing(
        &self,
        pairing_id: &str,
        fingerprint_shown: &str,
        now: DateTime<Utc>,
    ) -> Result<PairedKey> {
        let norm = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_uppercase()
        };
        let peer = self
            .store
            .peers()?
            .into_iter()
            .find(|p| p.id == pairing_id)
            .ok_or(Error::NotFound {
                kind: crate::RecordKind::Pairing,
            })?;
        if norm(fingerprint_shown) != norm(&fingerprint(&peer.public)) {
            return Err(Error::invalid(
                "fingerprint",
                "does not match this pairing's key: do not confirm it; pair again",
            ));
        }
        let row = self.store.confirm_peer_key(pairing_id, &peer.public, now)?;
        Ok(paired_view(row))
    }

    /// Every pairing, newest first.
    pub fn paired_keys(&self) -> Result<Vec<PairedKey>> {
        Ok(self.store.peers()?.into_iter().map(paired_view).collect())
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
        let me = self.unlock_identity(secret)?;
        let peer = self.store.active_recipient(member_id)?;
        let sequence = peer.last_sequence + 1;
        let day = now.date_naive();
        let meta = BundleMeta {
            kind: BundleKind::Revocation,
            created_at: now,
            from: day,
            to: day,
            sequence,
        };
        let bytes = seal_bundle(&me, &peer.public, &meta, &[])?;
        self.store.record_revocation_sent(&peer, sequence, now)?;
        Ok(bytes)
    }

    /// Care-team side: imports a bundle or revocation notice. Checks size and
    /// format, that it is addressed to this file (`InvalidInput` on
    /// `bundle.recipient` if not: a file for another device), comes
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
            // Not the secret's fault: a file made for another device.
            return Err(Error::invalid(
                "bundle.recipient",
                "this file was made for another device (sealed to a different share key); \
                 ask the sender to export it to this device's pairing code",
            ));
        }
        let client = self
            .store
            .client_peer(&hex(&parsed.header.sender))?
            .ok_or_else(|| Error::invalid("bundle.sender", "not from a paired client"))?;
        if parsed.header.kind == BundleKind::Data {
            // Data only from a pairing the person verified; a revocation
            // notice (signed, carrying nothing) is honoured either way.
            crate::store::share::require_verified(&client)?;
        }
        let opened = open_bundle(&me, &client.public, &parsed)?;
        let h = &opened.header;
        let sha256 = crate::share::crypto::sha256_hex(bytes);
        self.store.store_received_bundle(
            &ReceivedBundle {
                client_id: &client.id,
                sequence: h.sequence,
                from: h.from,
                to: h.to,
                created_at: h.created_at,
                sha256: &sha256,
                content: opened.content.as_ref().map(|_| opened.plaintext.as_slice()),
            },
            now,
        )
    }

    /// Care-team side: every paired client with how many bundles are held.
    pub fn share_clients(&self) -> Result<Vec<ShareClient>> {
        Ok(self
            .store
            .client_peers()?
            .into_iter()
            .map(|(p, bundles)| ShareClient {
                pairing: paired_view(p),
                bundles,
            })
            .collect())
    }

    /// Care-team side: the read-only view of one client, one bundle per
    /// period, oldest period first.
    pub fn client_bundles(&self, client_id: &str) -> Result<Vec<ClientBundle>> {
        self.store.client_bundles(client_id)
    }
}

impl App {
    /// Client side: the bundle of what `member_id` may see of `from..=to`
    /// (the policy's disclosure and the clinician update rendered from it),
    /// sealed to the member's paired key and signed; the sequence number
    /// and the audit entry are stored before the bytes are returned.
    pub fn export_share_bundle(
        &self,
        secret: &KeyProtectionSecret,
        member_id: &str,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<ExportedBundle> {
        let me = self.unlock_identity(secret)?;
        let peer = self.store.active_recipient(member_id)?;
        crate::store::share::require_verified(&peer)?;
        let disclosure = self.disclosure_for(member_id, from, to, now)?;
        let update = clinician_update(&disclosure);
        let content = BundleContent {
            version: 1,
            disclosure,
            update,
        };
        let plaintext = serde_json::to_vec(&content)?;
        let sequence = peer.last_sequence + 1;
        let meta = BundleMeta {
            kind: BundleKind::Data,
            created_at: now,
            from,
            to,
            sequence,
        };
        let bytes = seal_bundle(&me, &peer.public, &meta, &plaintext)?;
        let audit = audit_entry(
            &content.disclosure,
            DisclosureKind::ShareBundle,
            &sha256_hex(&bytes),
            now,
        );
        let (sha256, record_count) = (audit.sha256.clone(), audit.total_records);
        self.store.record_bundle_sent(&peer, sequence, audit)?;
        Ok(ExportedBundle {
            bytes,
            sha256,
            sequence,
            from,
            to,
            record_count,
        })
    }
}

impl App {
    /// Care-team side: the client's newest update — the one whose period
    /// ends last (the inbox's row), the later one sent when two end on the
    /// same day — or `NotFound` when none is held.
    fn newest_bundle(&self, client_id: &str) -> Result<ClientBundle> {
        // One row read and decoded, not every period held.
        self.store
            .client_bundle_page(client_id, 0, 1)?
            .into_iter()
            .next()
            .ok_or(crate::Error::NotFound {
                kind: crate::RecordKind::ShareBundle,
            })
    }

    /// Care-team side: the client's newest update (the one whose period
    /// ends last), or `None` when none is held. Reads one row.
    pub fn newest_client_bundle(&self, client_id: &str) -> Result<Option<ClientBundle>> {
        Ok(self
            .store
            .client_bundle_page(client_id, 0, 1)?
            .into_iter()
            .next())
    }

    /// Care-team side: one page of a client's updates, newest period first:
    /// `limit` (1 to 12) from `offset`. Only that page is read.
    pub fn client_bundle_page(
        &self,
        client_id: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<ClientBundle>> {
        self.store.client_bundle_page(client_id, offset, limit)
    }

    /// Care-team side: the client's newest update rendered as the clinician
    /// report (HTML with its charts), limited to what the client disclosed,
    /// with the scope of their consent on the page. Rendered from the
    /// disclosure they sent and nothing else; it stays on this device.
    pub fn client_report_html(&self, client_id: &str) -> Result<String> {
        Ok(crate::report::html_of(
            &self.newest_bundle(client_id)?.disclosure,
        ))
    }

    /// Care-team side: the plain-text summary of the client's newest update,
    /// starting with what they shared.
    pub fn client_report_text(&self, client_id: &str) -> Result<String> {
        Ok(crate::report::text_of(
            &self.newest_bundle(client_id)?.disclosure,
        ))
    }
}
