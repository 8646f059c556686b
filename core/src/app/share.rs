//! Use cases: share keys, pairing, bundles out (sealed from the policy's
//! disclosure, audited) and in, and the care team's view of a client.

use chrono::{DateTime, NaiveDate, Utc};

use super::App;
use crate::care::policy::{audit_entry, sha256_hex};
use crate::care::{clinician_update, DisclosureKind};
use crate::error::Result;
use crate::share::format::BundleKind;
use crate::share::{
    seal_bundle, BundleContent, BundleMeta, ClientBundle, ExportedBundle, ImportOutcome,
    KeyProtectionSecret, PairedKey, ShareClient, ShareIdentity,
};

impl App {
    /// This file's share identity, or `None` before [`Store::create_share_keys`].
    pub fn share_identity(&self) -> Result<Option<ShareIdentity>> {
        self.store.share_identity()
    }

    /// Creates this file's share keys, sealed under `secret`. If they exist
    /// already, checks `secret` opens them (else `WrongKey`) and returns them.
    pub fn create_share_keys(
        &self,
        secret: &KeyProtectionSecret,
        now: DateTime<Utc>,
    ) -> Result<ShareIdentity> {
        self.store.create_share_keys(secret, now)
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
        self.store.pair_recipient(member_id, code, now)
    }

    /// Care-team side: pairs a client from their pairing code, under a
    /// label of the member's choosing (kept on this device only).
    pub fn pair_client(&self, label: &str, code: &str, now: DateTime<Utc>) -> Result<PairedKey> {
        self.store.pair_client(label, code, now)
    }

    /// Every pairing, newest first.
    pub fn paired_keys(&self) -> Result<Vec<PairedKey>> {
        self.store.paired_keys()
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
        self.store.share_revocation_notice(secret, member_id, now)
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
        self.store.import_share_bundle(secret, bytes, now)
    }

    /// Care-team side: every paired client with how many bundles are held.
    pub fn share_clients(&self) -> Result<Vec<ShareClient>> {
        self.store.share_clients()
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
        crate::store::check_id("member_id", member_id)?;
        let me = self.store.unlock_identity(secret)?;
        let (peer, recipient) = self.store.active_recipient_of(member_id)?;
        let disclosure = self.disclosure_for(member_id, from, to, now)?;
        let record_count = disclosure.record_counts().iter().map(|c| c.count).sum();
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
        let bytes = seal_bundle(&me, &recipient, &meta, &plaintext)?;
        let audit = audit_entry(
            &content.disclosure,
            DisclosureKind::ShareBundle,
            &sha256_hex(&bytes),
            now,
        );
        let sha256 = audit.sha256.clone();
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
    /// Care-team side: the newest bundle a client sent (by sequence number),
    /// or `NotFound` when none is held.
    fn newest_bundle(&self, client_id: &str) -> Result<ClientBundle> {
        self.store
            .client_bundles(client_id)?
            .into_iter()
            .max_by_key(|b| b.sequence)
            .ok_or(crate::Error::NotFound {
                kind: crate::RecordKind::ShareBundle,
            })
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
