//! The change file: a fixed header in the clear (what a relay or cloud
//! drive can see: who to whom, the file number, the time it was made and
//! the size), then the record versions sealed with HPKE auth mode from the
//! sending device's share key to one receiving device's, the header as
//! associated data: the construction of share bundles (format 2).
//!
//! ```text
//! magic "CDNCSYNC" | version u8 | kind u8 | sender key id [16] |
//! recipient key id [16] | file number u64 | made at i64 (ms) |
//! HPKE enc [32] | ciphertext length u32 | ciphertext
//! ```
//!
//! All integers big-endian. The plaintext is JSON padded with spaces so
//! that the whole file is a power of two from 4 KiB: sizes tell little.

use chrono::{DateTime, TimeZone, Utc};

use crate::error::{Error, Result};
use crate::share::crypto::{PublicIdentity, SecretIdentity};
use crate::share::format::{ENC_LEN, KEY_ID_LEN, TAG_LEN};
use crate::share::padded_len;

/// The first bytes of every change file.
pub const SYNC_MAGIC: &[u8; 8] = b"CDNCSYNC";
/// The change-file format this build writes and reads.
pub const SYNC_FORMAT_VERSION: u8 = 1;
/// The header's length in bytes.
pub const SYNC_HEADER_LEN: usize = 8 + 1 + 1 + KEY_ID_LEN * 2 + 8 + 8 + ENC_LEN + 4;
/// The largest change file accepted (a snapshot of years of data fits).
pub const MAX_SYNC_FILE_BYTES: usize = 64 * 1024 * 1024;

/// What a change file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SyncFileKind {
    /// This device's changes since the last file to that device.
    Changes,
    /// Everything this device holds: a new device's first file.
    Snapshot,
}

/// The clear header of a change file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncHeader {
    /// Format version.
    pub version: u8,
    /// Changes or snapshot.
    pub kind: SyncFileKind,
    /// The sending device's share key id.
    pub sender: [u8; KEY_ID_LEN],
    /// The receiving device's share key id.
    pub recipient: [u8; KEY_ID_LEN],
    /// The file's number, counted per sender and recipient from 1.
    pub sequence: u64,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

fn encode(h: &SyncHeader, enc: &[u8; ENC_LEN], ct_len: usize) -> Result<Vec<u8>> {
    let ct_len = u32::try_from(ct_len)
        .map_err(|_| Error::invalid("sync_file", "larger than a change file can be"))?;
    let mut out = Vec::with_capacity(SYNC_HEADER_LEN + ct_len as usize);
    out.extend_from_slice(SYNC_MAGIC);
    out.push(h.version);
    out.push(match h.kind {
        SyncFileKind::Changes => 1,
        SyncFileKind::Snapshot => 2,
    });
    out.extend_from_slice(&h.sender);
    out.extend_from_slice(&h.recipient);
    out.extend_from_slice(&h.sequence.to_be_bytes());
    out.extend_from_slice(&h.created_at.timestamp_millis().to_be_bytes());
    out.extend_from_slice(enc);
    out.extend_from_slice(&ct_len.to_be_bytes());
    Ok(out)
}

/// A parsed (not yet opened) change file.
#[derive(Debug, Clone)]
pub struct ParsedSyncFile<'a> {
    /// The header.
    pub header: SyncHeader,
    enc: [u8; ENC_LEN],
    ciphertext: &'a [u8],
}

fn take<const N: usize>(b: &[u8], at: &mut usize) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&b[*at..*at + N]);
    *at += N;
    out
}

/// Reads a change file's header. Typed errors, nothing else read: not a
/// change file, made by a newer Cadence, cut short, or longer than it says.
pub fn parse(bytes: &[u8]) -> Result<ParsedSyncFile<'_>> {
    if bytes.len() > MAX_SYNC_FILE_BYTES {
        return Err(Error::invalid(
            "sync_file",
            "larger than a change file can be",
        ));
    }
    if bytes.len() < SYNC_MAGIC.len() || &bytes[..SYNC_MAGIC.len()] != SYNC_MAGIC {
        return Err(Error::invalid("sync_file", "not a Cadence change file"));
    }
    if bytes.len() < SYNC_HEADER_LEN {
        return Err(Error::invalid(
            "sync_file",
            "cut short: the file is truncated",
        ));
    }
    let mut at = SYNC_MAGIC.len();
    let [version] = take::<1>(bytes, &mut at);
    if version > SYNC_FORMAT_VERSION {
        return Err(Error::invalid(
            "sync_file.version",
            "made by a newer version of Cadence: update this app to read it",
        ));
    }
    if version == 0 {
        return Err(Error::invalid(
            "sync_file.version",
            "not a known format version",
        ));
    }
    let kind = match take::<1>(bytes, &mut at) {
        [1] => SyncFileKind::Changes,
        [2] => SyncFileKind::Snapshot,
        _ => return Err(Error::invalid("sync_file.kind", "not a known kind of file")),
    };
    let sender = take::<KEY_ID_LEN>(bytes, &mut at);
    let recipient = take::<KEY_ID_LEN>(bytes, &mut at);
    let sequence = u64::from_be_bytes(take::<8>(bytes, &mut at));
    let created = i64::from_be_bytes(take::<8>(bytes, &mut at));
    let enc = take::<ENC_LEN>(bytes, &mut at);
    let ct_len = u32::from_be_bytes(take::<4>(bytes, &mut at)) as usize;
    let rest = &bytes[at..];
    if rest.len() < ct_len {
        return Err(Error::invalid(
            "sync_file",
            "cut short: the file is truncated",
        ));
    }
    if rest.len() > ct_len {
        return Err(Error::invalid("sync_file", "has bytes after its end"));
    }
    if sequence == 0 {
        return Err(Error::invalid(
            "sync_file.sequence",
            "file numbers start at 1",
        ));
    }
    let created_at = Utc
        .timestamp_millis_opt(created)
        .single()
        .ok_or_else(|| Error::invalid("sync_file.created_at", "not a valid time"))?;
    Ok(ParsedSyncFile {
        header: SyncHeader {
            version,
            kind,
            sender,
            recipient,
            sequence,
            created_at,
        },
        enc,
        ciphertext: rest,
    })
}

/// Seals `plaintext` (padded to its size bucket) from `sender` to
/// `recipient` under `header`.
pub fn seal(
    sender: &SecretIdentity,
    recipient: &PublicIdentity,
    header: &SyncHeader,
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let max = MAX_SYNC_FILE_BYTES - SYNC_HEADER_LEN - TAG_LEN;
    if plaintext.len() > max {
        return Err(Error::invalid(
            "sync_file",
            "the changes are larger than a change file can be",
        ));
    }
    // The whole file is a power of two from 4 KiB: header and tag included.
    let overhead = SYNC_HEADER_LEN + TAG_LEN;
    let body_len = padded_len(plaintext.len() + overhead, MAX_SYNC_FILE_BYTES) - overhead;
    let mut body = Vec::with_capacity(body_len);
    body.extend_from_slice(plaintext);
    body.resize(body_len, b' ');
    let aad = encode(header, &[0; ENC_LEN], body.len() + TAG_LEN)?;
    let (enc, ct) = sender.seal_auth(recipient, &aad, &body)?;
    let mut out = encode(header, &enc, ct.len())?;
    out.extend_from_slice(&ct);
    Ok(out)
}

/// Opens a parsed file addressed to `me` from `sender`; returns the
/// plaintext without its padding. A failure means the file was altered or
/// not sealed by that device: `InvalidInput { field:
/// "sync_file.authentication" }`.
pub fn open(
    me: &SecretIdentity,
    sender: &PublicIdentity,
    p: &ParsedSyncFile<'_>,
) -> Result<Vec<u8>> {
    let aad = encode(&p.header, &[0; ENC_LEN], p.ciphertext.len())?;
    let mut plain = me
        .open_auth(sender, &p.enc, &aad, p.ciphertext)
        .map_err(|_| {
            Error::invalid(
                "sync_file.authentication",
                "does not authenticate: the file was altered or not sealed by this device",
            )
        })?;
    let end = plain.iter().rposition(|b| *b != b' ').map_or(0, |i| i + 1);
    plain.truncate(end);
    Ok(plain)
}
