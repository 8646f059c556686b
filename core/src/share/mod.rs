//! Encrypted share bundles: what the client sends to a care-team member, and
//! the member's side that imports them.
//!
//! - [`format`]: the binary bundle format, version 2 (magic, version, sender
//!   and recipient key ids, created-at, period, sequence number, encapsulated
//!   key, ciphertext in HPKE auth mode, padded) and version 1 (base mode and
//!   an Ed25519 signature), still read — the authoritative description.
//! - [`crypto`]: identities, key protection, HPKE (RFC 9180) and Ed25519.
//! - [`pairing`]: pairing codes and fingerprints.
//! - this module: the app-facing records and the pure steps
//!   [`seal_bundle`] / [`open_bundle`].
//!
//! A data bundle's plaintext is the JSON of [`BundleContent`]: the
//! [`Disclosure`] decided by the one policy function
//! [`crate::care::disclosure`], nothing else. The store (`store::share`)
//! keeps keys, pairings, sequence numbers and the imported views.

pub mod crypto;
pub mod format;
pub mod pairing;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::care::Disclosure;
use crate::error::{Error, Result};
use crypto::{PublicIdentity, SecretIdentity};
use format::{BundleKind, Header, ParsedBundle};

pub use crypto::KeyProtectionSecret;
pub use format::{FORMAT_VERSION, FORMAT_VERSION_1, MAX_BUNDLE_BYTES};

/// This file's share identity, as shown to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ShareIdentity {
    /// Key id (32 hex digits).
    pub key_id: String,
    /// The fingerprint to compare when pairing (`3F2A 9C41 07DE B8E0 5A11`).
    pub fingerprint: String,
    /// The pairing code to show as text or QR code.
    pub pairing_code: String,
    /// When the keys were created.
    pub created_at: DateTime<Utc>,
}

/// Which way a pairing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum PeerRole {
    /// A care-team member this client sends bundles to.
    Recipient,
    /// A client whose bundles this file (a therapist's or prescriber's) imports.
    Client,
}

impl PeerRole {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PeerRole::Recipient => "recipient",
            PeerRole::Client => "client",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<PeerRole> {
        match s {
            "recipient" => Some(PeerRole::Recipient),
            "client" => Some(PeerRole::Client),
            _ => None,
        }
    }
}

/// A paired public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PairedKey {
    /// Id of the pairing.
    pub id: String,
    /// Recipient (client side) or client (care-team side).
    pub role: PeerRole,
    /// For a recipient: the care-team member it belongs to.
    pub member_id: Option<String>,
    /// For a client: the label the care-team member gave them.
    pub label: String,
    /// Key id (32 hex digits).
    pub key_id: String,
    /// The fingerprint to compare.
    pub fingerprint: String,
    /// When the pairing was made.
    pub paired_at: DateTime<Utc>,
    /// Highest sequence number sent (recipient) or imported (client).
    pub last_sequence: u64,
    /// When sharing was revoked (bundles no longer sent / accepted).
    pub revoked_at: Option<DateTime<Utc>>,
    /// When the person confirmed the fingerprints match (`confirm_pairing`);
    /// `None` while unverified: nothing is sent to or accepted from the key
    /// until then. Pairing again resets it.
    pub verified_at: Option<DateTime<Utc>>,
}

/// A bundle written for a care-team member.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ExportedBundle {
    /// The bundle bytes, to hand over (file, message, ...).
    pub bytes: Vec<u8>,
    /// SHA-256 of the bytes (hex), as in the audit log.
    pub sha256: String,
    /// Its sequence number.
    pub sequence: u64,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// How many records it holds.
    pub record_count: u32,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ImportOutcome {
    /// A data bundle was stored (replacing `superseded` for the same period).
    Imported {
        /// The client pairing it came from.
        client_id: String,
        /// Its sequence number.
        sequence: u64,
        /// First day of the period.
        from: NaiveDate,
        /// Last day of the period.
        to: NaiveDate,
        /// Whether an older bundle for the same period was replaced.
        superseded: bool,
    },
    /// A revocation notice: the client's data was deleted.
    Revoked {
        /// The client pairing.
        client_id: String,
        /// How many bundles were deleted.
        bundles_deleted: u32,
    },
}

/// A client, as seen on the care-team side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ShareClient {
    /// The pairing.
    pub pairing: PairedKey,
    /// How many bundles (periods) are held.
    pub bundles: u32,
}

/// One imported bundle: the read-only view of a client for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientBundle {
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
    /// SHA-256 of the bundle bytes (hex).
    pub sha256: String,
    /// What the client disclosed.
    pub disclosure: Disclosure,
    /// The structured update that came with it.
    pub update: crate::care::ClinicianUpdate,
}

/// The plaintext of a data bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleContent {
    /// Content version (1).
    pub version: u32,
    /// What the policy decided to disclose.
    pub disclosure: Disclosure,
    /// The structured update for the prescriber or therapist, built from
    /// the disclosure alone.
    #[serde(default)]
    pub update: crate::care::ClinicianUpdate,
}

/// Header fields a sender chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleMeta {
    /// Data or revocation.
    pub kind: BundleKind,
    /// When it is made.
    pub created_at: DateTime<Utc>,
    /// Period start.
    pub from: NaiveDate,
    /// Period end (inclusive).
    pub to: NaiveDate,
    /// Sequence number.
    pub sequence: u64,
}

/// The size a version-2 data plaintext of `len` bytes is padded to: the next
/// power of two from [`format::PAD_BUCKET_MIN`], or `max` when that is
/// smaller (never below `len`).
pub fn padded_len(len: usize, max: usize) -> usize {
    let bucket = len
        .max(format::PAD_BUCKET_MIN)
        .checked_next_power_of_two()
        .unwrap_or(usize::MAX);
    bucket.min(max).max(len)
}

/// The header of a bundle in format `version` from `sender` to `recipient`.
fn header_of(
    version: u8,
    sender: &SecretIdentity,
    recipient: &PublicIdentity,
    meta: &BundleMeta,
) -> Header {
    Header {
        version,
        kind: meta.kind,
        sender: sender.public().key_id(),
        recipient: recipient.key_id(),
        created_at: meta.created_at,
        from: meta.from,
        to: meta.to,
        sequence: meta.sequence,
    }
}

/// Builds and seals a bundle in the current format (version 2): HPKE auth
/// mode from `sender` to `recipient`, no signature; a data bundle's
/// plaintext padded with spaces to its size bucket; a notice seals nothing.
pub fn seal_bundle(
    sender: &SecretIdentity,
    recipient: &PublicIdentity,
    meta: &BundleMeta,
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let header = header_of(format::FORMAT_VERSION, sender, recipient, meta);
    let padded;
    let body: &[u8] = match meta.kind {
        BundleKind::Data => {
            // The largest plaintext whose bundle fits the format's limit.
            let max = MAX_BUNDLE_BYTES - (72 + format::ENC_LEN) - format::TAG_LEN;
            let mut p = Vec::with_capacity(padded_len(plaintext.len(), max));
            p.extend_from_slice(plaintext);
            p.resize(padded_len(plaintext.len(), max), b' ');
            padded = p;
            &padded
        }
        BundleKind::Revocation => &[],
    };
    let ct_len = body.len() + format::TAG_LEN;
    let aad = format::encode_header(&header, &[0; format::ENC_LEN], ct_len)?;
    let (enc, ct) = sender.seal_auth(recipient, &aad, body)?;
    let mut bytes = format::encode_header(&header, &enc, ct.len())?;
    bytes.extend_from_slice(&ct);
    Ok(bytes)
}

/// Builds, encrypts (data bundles only) and signs a bundle in format
/// version 1 (HPKE base mode, Ed25519 signature, exact size). The app no
/// longer writes it; kept so tests and tools can make the bundles older
/// versions wrote, which still import.
pub fn seal_bundle_v1(
    sender: &SecretIdentity,
    recipient: &PublicIdentity,
    meta: &BundleMeta,
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let header = header_of(format::FORMAT_VERSION_1, sender, recipient, meta);
    let mut bytes = match meta.kind {
        BundleKind::Data => {
            // ChaCha20-Poly1305 adds a 16-byte tag; the AAD is the header with
            // the (not yet known) encapsulated key zeroed.
            let ct_len = plaintext.len() + 16;
            let aad = format::encode_header(&header, &[0; format::ENC_LEN], ct_len)?;
            let (enc, ct) = recipient.seal(&aad, plaintext)?;
            let mut b = format::encode_header(&header, &enc, ct.len())?;
            b.extend_from_slice(&ct);
            b
        }
        BundleKind::Revocation => format::encode_header(&header, &[], 0)?,
    };
    let sig = sender.sign(&bytes);
    bytes.extend_from_slice(&sig);
    Ok(bytes)
}

/// The HPKE associated data of a parsed bundle: its header with the
/// encapsulated key zeroed (see [`seal_bundle`]).
fn aad_of(p: &ParsedBundle<'_>) -> Result<Vec<u8>> {
    format::encode_header(&p.header, &[0; format::ENC_LEN], p.ciphertext.len())
}

/// A verified (and, for data, decrypted) bundle.
#[derive(Debug)]
pub struct OpenedBundle {
    /// The header.
    pub header: Header,
    /// The validated content (data bundles).
    pub content: Option<BundleContent>,
    /// The content's JSON as decrypted (data bundles; empty for a notice).
    pub plaintext: Vec<u8>,
}

/// Verifies and opens a parsed bundle addressed to `me` from `sender`
/// (either format version). The caller has matched the key ids.
pub fn open_bundle(
    me: &SecretIdentity,
    sender: &PublicIdentity,
    p: &ParsedBundle<'_>,
) -> Result<OpenedBundle> {
    let mut plain = match p.signature {
        // Version 1: the signature first, then base-mode decryption.
        Some(signature) => {
            sender.verify(p.signed, &signature)?;
            if p.header.kind == BundleKind::Revocation {
                Vec::new()
            } else {
                me.open(p.enc, &aad_of(p)?, p.ciphertext)?
            }
        }
        // Version 2: auth mode authenticates sender and content at once.
        None => me.open_auth(sender, p.enc, &aad_of(p)?, p.ciphertext)?,
    };
    if p.header.kind == BundleKind::Revocation {
        if !plain.is_empty() {
            return Err(Error::invalid(
                "bundle.content",
                "a notice carries no content",
            ));
        }
        return Ok(OpenedBundle {
            header: p.header.clone(),
            content: None,
            plaintext: Vec::new(),
        });
    }
    // The padding (spaces, which JSON allows) is not part of the content.
    let end = plain.iter().rposition(|b| *b != b' ').map_or(0, |i| i + 1);
    plain.truncate(end);
    let content: BundleContent = serde_json::from_slice(&plain)
        .map_err(|_| Error::invalid("bundle.content", "not valid bundle content"))?;
    validate_content(&p.header, &content)?;
    Ok(OpenedBundle {
        header: p.header.clone(),
        content: Some(content),
        plaintext: plain,
    })
}

/// Checks the content agrees with the (signed) header.
fn validate_content(h: &Header, c: &BundleContent) -> Result<()> {
    if c.version != 1 {
        return Err(Error::invalid(
            "bundle.content.version",
            "unsupported content version",
        ));
    }
    let d = &c.disclosure;
    if d.from > d.to || d.from < h.from || d.to > h.to {
        return Err(Error::invalid(
            "bundle.content.period",
            "outside the period in the header",
        ));
    }
    Ok(())
}
