//! Share bundle API of the `Cadence` object: share keys, pairing, export of
//! encrypted bundles (client side), import and the read-only client views
//! (therapist / prescriber side).
//!
//! `key_secret` is the host's 32-byte key-protection secret (Keychain /
//! Keystore, like the database key): it seals this file's private share keys.

use chrono::{DateTime, NaiveDate, Utc};

use cadence_core::care::{ClinicianUpdate, ConsentCategory};
use cadence_core::share::{
    ClientBundle, ExportedBundle, ImportOutcome, KeyProtectionSecret, PairedKey, ShareClient,
    ShareIdentity,
};

use crate::error::{call, CadenceError};
use crate::facade::{now_or_clock, Cadence};

/// One imported bundle: what a client disclosed for a period (read-only).
#[derive(Debug, Clone, uniffi::Record)]
pub struct ClientBundleView {
    /// The client pairing.
    pub client_id: String,
    /// Sequence number.
    pub sequence: u64,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// When the client made it.
    pub created_at: DateTime<Utc>,
    /// When it was imported.
    pub imported_at: DateTime<Utc>,
    /// SHA-256 of the bundle (hex).
    pub sha256: String,
    /// Records disclosed (all categories).
    pub record_count: u32,
    /// The categories the client granted for it: an empty section of
    /// `update` in one of these means nothing happened, elsewhere not shared.
    pub categories: Vec<ConsentCategory>,
    /// The disclosure as JSON (medications, dose log, journal, goals, care plan).
    pub disclosure_json: String,
    /// The structured update for the prescriber or therapist (adherence,
    /// barriers, side effects, mood and questionnaire trends, goals, the
    /// client's questions), as JSON.
    pub update_json: String,
    /// The same update as records, for the apps to render: a section whose
    /// category was not granted is empty.
    pub update: ClinicianUpdate,
}

fn view(b: ClientBundle) -> cadence_core::Result<ClientBundleView> {
    Ok(ClientBundleView {
        record_count: b.disclosure.record_counts().iter().map(|c| c.count).sum(),
        categories: b.disclosure.categories.clone(),
        disclosure_json: serde_json::to_string(&b.disclosure)?,
        update_json: serde_json::to_string(&b.update)?,
        update: b.update,
        client_id: b.client_id,
        sequence: b.sequence,
        from: b.from,
        to: b.to,
        created_at: b.created_at,
        imported_at: b.imported_at,
        sha256: b.sha256,
    })
}

/// The largest share file the core opens (32 MiB): hosts read at most this
/// many bytes plus one from a file the person picks.
#[uniffi::export]
pub fn max_share_file_bytes() -> u64 {
    cadence_core::share::MAX_BUNDLE_BYTES as u64
}

/// The key-protection secret from the host's bytes, which are wiped once
/// read (the core's copy is wiped when dropped).
pub(crate) fn secret(mut bytes: Vec<u8>) -> cadence_core::Result<KeyProtectionSecret> {
    let s = KeyProtectionSecret::from_bytes(&bytes);
    crate::facade::wipe(&mut bytes);
    s
}

#[uniffi::export]
impl Cadence {
    /// This file's share identity (key id, fingerprint, pairing code), or
    /// `None` before `create_share_keys`.
    pub fn share_identity(&self) -> Result<Option<ShareIdentity>, CadenceError> {
        call(|| self.app.share_identity())
    }

    /// Creates the share keys (sealed under `key_secret`); when they exist,
    /// checks the secret opens them (`WrongKey` if not) and returns them.
    #[uniffi::method(default(now = None))]
    pub fn create_share_keys(
        &self,
        key_secret: Vec<u8>,
        now: Option<DateTime<Utc>>,
    ) -> Result<ShareIdentity, CadenceError> {
        call(|| {
            self.app
                .create_share_keys(&secret(key_secret)?, now_or_clock(now))
        })
    }

    /// After a restore on a new phone: re-seals the share keys under this
    /// phone's `new_key_secret`. With the `old_key_secret` they were sealed
    /// under, the keys and every pairing stay as they were (`WrongKey` if it
    /// does not open them); when it is lost (`None`), new keys are made, the
    /// pairing code and fingerprint change, and every pairing goes back to
    /// unverified (the care team pairs the new code again).
    #[uniffi::method(default(now = None))]
    pub fn reseal_share_keys(
        &self,
        old_key_secret: Option<Vec<u8>>,
        new_key_secret: Vec<u8>,
        now: Option<DateTime<Utc>>,
    ) -> Result<ShareIdentity, CadenceError> {
        call(|| {
            let old = old_key_secret.map(secret).transpose()?;
            self.app
                .reseal_share_keys(old.as_ref(), &secret(new_key_secret)?, now_or_clock(now))
        })
    }

    /// Client side: pairs a care-team member with their pairing code. The
    /// pairing is unverified (nothing is sent to it) until the person has
    /// compared the fingerprints on both devices and `confirm_pairing` ran.
    #[uniffi::method(default(now = None))]
    pub fn pair_recipient(
        &self,
        member_id: String,
        pairing_code: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<PairedKey, CadenceError> {
        call(|| {
            self.app
                .pair_recipient(&member_id, &pairing_code, now_or_clock(now))
        })
    }

    /// Care-team side: pairs a client with their pairing code under a label.
    /// Unverified (nothing is imported from it) until `confirm_pairing`.
    #[uniffi::method(default(now = None))]
    pub fn pair_client(
        &self,
        label: String,
        pairing_code: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<PairedKey, CadenceError> {
        call(|| {
            self.app
                .pair_client(&label, &pairing_code, now_or_clock(now))
        })
    }

    /// Confirms a pairing once the person compared the fingerprints: the
    /// other device's `share_identity().fingerprint` against this
    /// pairing's `fingerprint`, and this device's own against what the other
    /// device shows. `fingerprint` is the one the app showed for the other
    /// key; if it is not this pairing's, `InvalidInput { field:
    /// "fingerprint" }` and nothing is confirmed. Records the instant;
    /// exporting to / importing from the key works from then on (before,
    /// `InvalidInput { field: "pairing.verified" }`). Pairing again resets it.
    #[uniffi::method(default(now = None))]
    pub fn confirm_pairing(
        &self,
        pairing_id: String,
        fingerprint: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<PairedKey, CadenceError> {
        call(|| {
            self.app
                .confirm_pairing(&pairing_id, &fingerprint, now_or_clock(now))
        })
    }

    /// Every pairing, newest first.
    pub fn paired_keys(&self) -> Result<Vec<PairedKey>, CadenceError> {
        call(|| self.app.paired_keys())
    }

    /// Client side: the encrypted, signed bundle of what `member_id` may see
    /// of `from..=to` (per consent), recorded in the audit log.
    #[uniffi::method(default(now = None))]
    pub fn export_share_bundle(
        &self,
        key_secret: Vec<u8>,
        member_id: String,
        from: NaiveDate,
        to: NaiveDate,
        now: Option<DateTime<Utc>>,
    ) -> Result<ExportedBundle, CadenceError> {
        call(|| {
            self.app.export_share_bundle(
                &secret(key_secret)?,
                &member_id,
                from,
                to,
                now_or_clock(now),
            )
        })
    }

    /// Client side: a signed notice for `member_id`'s device to delete this
    /// client's data; the pairing stops receiving bundles.
    #[uniffi::method(default(now = None))]
    pub fn share_revocation_notice(
        &self,
        key_secret: Vec<u8>,
        member_id: String,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<u8>, CadenceError> {
        call(|| {
            self.app
                .share_revocation_notice(&secret(key_secret)?, &member_id, now_or_clock(now))
        })
    }

    /// Care-team side: imports a bundle or revocation notice. Bad, foreign,
    /// altered or replayed input is `InvalidInput` (field `bundle...`) or
    /// `WrongKey`; nothing is stored then.
    #[uniffi::method(default(now = None))]
    pub fn import_share_bundle(
        &self,
        key_secret: Vec<u8>,
        bundle: Vec<u8>,
        now: Option<DateTime<Utc>>,
    ) -> Result<ImportOutcome, CadenceError> {
        call(|| {
            self.app
                .import_share_bundle(&secret(key_secret)?, &bundle, now_or_clock(now))
        })
    }

    /// Care-team side: the paired clients.
    pub fn share_clients(&self) -> Result<Vec<ShareClient>, CadenceError> {
        call(|| self.app.share_clients())
    }

    /// Care-team side: one client's bundles, one per period, oldest first
    /// (at most 24 are kept: importing more drops the oldest periods). For
    /// a long history, `client_bundle_page` reads a page at a time.
    pub fn client_bundles(&self, client_id: String) -> Result<Vec<ClientBundleView>, CadenceError> {
        call(|| {
            self.app
                .client_bundles(&client_id)?
                .into_iter()
                .map(view)
                .collect()
        })
    }

    /// Care-team side: the client's newest update (latest period end), or
    /// `None` before the first. Reads one stored update, not all of them.
    pub fn newest_client_bundle(
        &self,
        client_id: String,
    ) -> Result<Option<ClientBundleView>, CadenceError> {
        call(|| {
            self.app
                .newest_client_bundle(&client_id)?
                .map(view)
                .transpose()
        })
    }

    /// Care-team side: one page of a client's updates, newest period first:
    /// `limit` (1 to 12) from `offset`. Only that page is read.
    pub fn client_bundle_page(
        &self,
        client_id: String,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<ClientBundleView>, CadenceError> {
        call(|| {
            self.app
                .client_bundle_page(&client_id, offset, limit)?
                .into_iter()
                .map(view)
                .collect()
        })
    }

    /// Care-team side: the client's newest update as the clinician report
    /// (a self-contained HTML page with its charts), limited to what they
    /// shared, with the scope of their consent on the page ("shared by the
    /// client: mood 1 Feb 2027 – 28 Feb 2027; ... Not shared: ...").
    /// `NotFound` when no update from them is held.
    pub fn client_report_html(&self, client_id: String) -> Result<String, CadenceError> {
        call(|| self.app.client_report_html(&client_id))
    }

    /// Care-team side: the plain-text summary of the client's newest update,
    /// starting with what they shared.
    pub fn client_report_text(&self, client_id: String) -> Result<String, CadenceError> {
        call(|| self.app.client_report_text(&client_id))
    }
}
