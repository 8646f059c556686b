//! Use cases: share.

use chrono::{DateTime, NaiveDate, Utc};

use super::App;
use crate::error::Result;
use crate::share::{
    ClientBundle, ExportedBundle, ImportOutcome, KeyProtectionSecret, PairedKey, ShareClient,
    ShareIdentity,
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

    /// Client side: builds the bundle for `member_id` and local dates
    /// `from..=to` from the disclosure policy, encrypts it to the member's
    /// paired key, signs it, and records it in the audit log. The bytes are
    /// returned only once the audit entry is stored.
    pub fn export_share_bundle(
        &self,
        secret: &KeyProtectionSecret,
        member_id: &str,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<ExportedBundle> {
        self.store
            .export_share_bundle(secret, member_id, from, to, now)
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
