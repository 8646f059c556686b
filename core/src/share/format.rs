//! The binary share-bundle format: version 2 (written), version 1 (still
//! read). Encoding and strict parsing.
//!
//! All integers are big-endian. A bundle is
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `CDNCSHR1` ([`MAGIC`]) |
//! | 8 | 1 | format version: `2` ([`FORMAT_VERSION`]), or `1` |
//! | 9 | 1 | kind: `1` data bundle, `2` revocation notice ([`BundleKind`]) |
//! | 10 | 16 | sender key id (the client's identity, [`KEY_ID_LEN`]) |
//! | 26 | 16 | recipient key id (the care-team member's identity) |
//! | 42 | 8 | created-at, milliseconds since the Unix epoch (i64) |
//! | 50 | 4 | period start, days since 1970-01-01 (i32) |
//! | 54 | 4 | period end, days since 1970-01-01 (i32), inclusive |
//! | 58 | 8 | sequence number (u64), strictly increasing per sender and recipient |
//! | 66 | 2 | length `e` of the encapsulated key (u16) |
//! | 68 | e | HPKE encapsulated key |
//! | 68+e | 4 | length `c` of the ciphertext (u32) |
//! | 72+e | c | HPKE ciphertext (ChaCha20-Poly1305, tag included) |
//! | 72+e+c | 64 | version 1 only: Ed25519 signature over bytes `0 .. 72+e+c` |
//!
//! The *header* is everything before the ciphertext (bytes `0 .. 72+e`). The
//! HPKE associated data is the header with the encapsulated-key bytes set to
//! zero (the encapsulated key itself is bound by the HPKE key schedule), so no
//! header field can be changed without the decryption failing. Nothing may
//! follow the ciphertext (version 2) or the signature (version 1). A bundle
//! larger than [`MAX_BUNDLE_BYTES`] is refused before it is parsed.
//!
//! **Version 2** (written since schema 3): HPKE *auth* mode (RFC 9180
//! §5.1.3: the sender's static X25519 key authenticates the ciphertext) and
//! no signature. Both kinds carry a 32-byte encapsulated key; a revocation
//! notice seals an empty plaintext (its ciphertext is the 16-byte tag). A
//! data bundle's plaintext (the content JSON) is padded with spaces to the
//! next size bucket: 4 KiB, 8 KiB, 16 KiB, ... (powers of two), capped at
//! the format's limit. The recipient knows who sent it, but the bundle
//! proves nothing to anyone else (the recipient holds the same
//! Diffie-Hellman secret and could have made it), and its size gives only
//! the bucket.
//!
//! **Version 1** (read only): HPKE *base* mode and an Ed25519 signature by
//! the sender over header and ciphertext (verified strictly, before
//! decryption); a notice has no encapsulated key and no ciphertext.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::error::{Error, Result};

/// The first 8 bytes of every share bundle.
pub const MAGIC: &[u8; 8] = b"CDNCSHR1";
/// The format version this build writes (it reads this and version 1).
pub const FORMAT_VERSION: u8 = 2;
/// The older version still read: base mode and an Ed25519 signature.
pub const FORMAT_VERSION_1: u8 = 1;
/// The smallest padding bucket of a version-2 data bundle's plaintext.
pub const PAD_BUCKET_MIN: usize = 4096;
/// Length of the ChaCha20-Poly1305 tag.
pub const TAG_LEN: usize = 16;
/// Length of a key id.
pub const KEY_ID_LEN: usize = 16;
/// Length of the HPKE encapsulated key (X25519).
pub const ENC_LEN: usize = 32;
/// Length of an Ed25519 signature.
pub const SIGNATURE_LEN: usize = 64;
/// The largest bundle accepted (and written): 32 MiB.
pub const MAX_BUNDLE_BYTES: usize = 32 * 1024 * 1024;
/// Fixed part of the header before the encapsulated key.
const FIXED_LEN: usize = 68;

/// What a bundle carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleKind {
    /// Encrypted disclosed data for a period.
    Data,
    /// A signed notice that the client revoked sharing: delete their data.
    Revocation,
}

impl BundleKind {
    fn code(self) -> u8 {
        match self {
            BundleKind::Data => 1,
            BundleKind::Revocation => 2,
        }
    }
}

/// The cleartext header of a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Format version: [`FORMAT_VERSION`] or [`FORMAT_VERSION_1`].
    pub version: u8,
    /// Data bundle or revocation notice.
    pub kind: BundleKind,
    /// Key id of the signing client.
    pub sender: [u8; KEY_ID_LEN],
    /// Key id of the recipient.
    pub recipient: [u8; KEY_ID_LEN],
    /// When the bundle was made.
    pub created_at: DateTime<Utc>,
    /// First local date of the period.
    pub from: NaiveDate,
    /// Last local date of the period (inclusive).
    pub to: NaiveDate,
    /// Replay protection: strictly increasing per sender and recipient.
    pub sequence: u64,
}

/// A parsed bundle; slices borrow from the input.
#[derive(Debug)]
pub struct ParsedBundle<'a> {
    /// The header fields.
    pub header: Header,
    /// The header bytes (HPKE associated data).
    pub header_bytes: &'a [u8],
    /// The encapsulated key (empty for a notice).
    pub enc: &'a [u8],
    /// The ciphertext (empty for a notice).
    pub ciphertext: &'a [u8],
    /// The bytes the signature covers (version 1).
    pub signed: &'a [u8],
    /// The signature (version 1 only).
    pub signature: Option<[u8; SIGNATURE_LEN]>,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

fn date_to_days(d: NaiveDate) -> i32 {
    // Every NaiveDate is within ±262,143 years: the day count fits an i32.
    (d - epoch()).num_days() as i32
}

fn days_to_date(field: &str, days: i32) -> Result<NaiveDate> {
    epoch()
        .checked_add_signed(chrono::TimeDelta::days(i64::from(days)))
        .ok_or_else(|| Error::invalid(field, "date out of range"))
}

/// Encodes the header for a body with an encapsulated key of `enc.len()`
/// bytes and `ct_len` bytes of ciphertext.
pub fn encode_header(h: &Header, enc: &[u8], ct_len: usize) -> Result<Vec<u8>> {
    let enc_len = u16::try_from(enc.len()).map_err(|_| Error::invalid("bundle.enc", "too long"))?;
    let sig_len = if h.version == FORMAT_VERSION_1 {
        SIGNATURE_LEN
    } else {
        0
    };
    let ct_len32 = u32::try_from(ct_len)
        .ok()
        .filter(|_| FIXED_LEN + enc.len() + 4 + ct_len + sig_len <= MAX_BUNDLE_BYTES)
        .ok_or_else(|| Error::invalid("bundle", "larger than the 32 MiB limit"))?;
    let mut out = Vec::with_capacity(FIXED_LEN + enc.len() + 4 + ct_len + sig_len);
    out.extend_from_slice(MAGIC);
    out.push(h.version);
    out.push(h.kind.code());
    out.extend_from_slice(&h.sender);
    out.extend_from_slice(&h.recipient);
    out.extend_from_slice(&h.created_at.timestamp_millis().to_be_bytes());
    out.extend_from_slice(&date_to_days(h.from).to_be_bytes());
    out.extend_from_slice(&date_to_days(h.to).to_be_bytes());
    out.extend_from_slice(&h.sequence.to_be_bytes());
    out.extend_from_slice(&enc_len.to_be_bytes());
    out.extend_from_slice(enc);
    out.extend_from_slice(&ct_len32.to_be_bytes());
    Ok(out)
}

/// A cursor that turns running out of bytes into a typed error.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| Error::invalid("bundle", "truncated"))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
}

/// Parses a bundle without verifying or decrypting it. Size, magic, version,
/// kind, lengths and dates are checked; the result says nothing about
/// authenticity yet.
pub fn parse(bytes: &[u8]) -> Result<ParsedBundle<'_>> {
    if bytes.len() > MAX_BUNDLE_BYTES {
        return Err(Error::invalid("bundle", "larger than the 32 MiB limit"));
    }
    let mut r = Reader { buf: bytes, pos: 0 };
    let magic = r.take(MAGIC.len()).map_err(|_| not_a_bundle())?;
    if magic != MAGIC {
        return Err(not_a_bundle());
    }
    let [version] = r.array::<1>()?;
    if version != FORMAT_VERSION && version != FORMAT_VERSION_1 {
        return Err(Error::invalid(
            "bundle.version",
            "unsupported share bundle version",
        ));
    }
    let kind = match r.array::<1>()? {
        [1] => BundleKind::Data,
        [2] => BundleKind::Revocation,
        _ => return Err(Error::invalid("bundle.kind", "unknown bundle kind")),
    };
    let sender = r.array::<KEY_ID_LEN>()?;
    let recipient = r.array::<KEY_ID_LEN>()?;
    let created_ms = i64::from_be_bytes(r.array::<8>()?);
    let created_at = Utc
        .timestamp_millis_opt(created_ms)
        .single()
        .ok_or_else(|| Error::invalid("bundle.created_at", "instant out of range"))?;
    let from = days_to_date("bundle.period", i32::from_be_bytes(r.array::<4>()?))?;
    let to = days_to_date("bundle.period", i32::from_be_bytes(r.array::<4>()?))?;
    if to < from {
        return Err(Error::invalid("bundle.period", "ends before it starts"));
    }
    let sequence = u64::from_be_bytes(r.array::<8>()?);
    let enc_len = usize::from(u16::from_be_bytes(r.array::<2>()?));
    let enc = r.take(enc_len)?;
    let ct_len = u32::from_be_bytes(r.array::<4>()?) as usize;
    let header_end = r.pos;
    let v1 = version == FORMAT_VERSION_1;
    let expected = match (kind, v1) {
        (BundleKind::Revocation, true) => 0,
        _ => ENC_LEN,
    };
    let notice_ct_ok = match (kind, v1) {
        (BundleKind::Revocation, true) => ct_len == 0,
        (BundleKind::Revocation, false) => ct_len == TAG_LEN,
        (BundleKind::Data, _) => true,
    };
    if enc_len != expected || !notice_ct_ok {
        return Err(Error::invalid("bundle.enc", "wrong length for this kind"));
    }
    let ciphertext = r.take(ct_len)?;
    let signed_end = r.pos;
    let signature = if v1 {
        Some(r.array::<SIGNATURE_LEN>()?)
    } else {
        None
    };
    if r.pos != bytes.len() {
        return Err(Error::invalid(
            "bundle",
            "unexpected bytes after the bundle's end",
        ));
    }
    Ok(ParsedBundle {
        header: Header {
            version,
            kind,
            sender,
            recipient,
            created_at,
            from,
            to,
            sequence,
        },
        header_bytes: &bytes[..header_end],
        enc,
        ciphertext,
        signed: &bytes[..signed_end],
        signature,
    })
}

fn not_a_bundle() -> Error {
    Error::invalid("bundle", "not a Cadence share bundle")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(kind: BundleKind) -> Header {
        Header {
            version: FORMAT_VERSION_1,
            kind,
            sender: [1; KEY_ID_LEN],
            recipient: [2; KEY_ID_LEN],
            created_at: Utc.timestamp_millis_opt(1_700_000_000_123).unwrap(),
            from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
            sequence: 7,
        }
    }

    fn assemble(h: &Header, enc: &[u8], ct: &[u8]) -> Vec<u8> {
        let mut b = encode_header(h, enc, ct.len()).unwrap();
        b.extend_from_slice(ct);
        b.extend_from_slice(&[9; SIGNATURE_LEN]);
        b
    }

    #[test]
    fn header_round_trips_and_slices_are_exact() {
        let h = header(BundleKind::Data);
        let b = assemble(&h, &[5; ENC_LEN], b"ciphertext");
        let p = parse(&b).unwrap();
        assert_eq!(p.header, h);
        assert_eq!(p.enc, &[5; ENC_LEN]);
        assert_eq!(p.ciphertext, b"ciphertext");
        assert_eq!(p.header_bytes.len(), FIXED_LEN + ENC_LEN + 4);
        assert_eq!(p.signed.len(), b.len() - SIGNATURE_LEN);
        assert_eq!(p.signature, Some([9; SIGNATURE_LEN]));
    }

    #[test]
    fn version_2_has_no_signature_and_a_notice_carries_a_sealed_tag() {
        let h = Header {
            version: FORMAT_VERSION,
            ..header(BundleKind::Data)
        };
        let mut b = encode_header(&h, &[5; ENC_LEN], 3).unwrap();
        b.extend_from_slice(b"ct!");
        let p = parse(&b).unwrap();
        assert_eq!(
            (p.header.version, p.signature, p.ciphertext),
            (2, None, &b"ct!"[..])
        );
        // A version-1 tail (a signature) after a version-2 bundle is refused.
        let mut signed = b.clone();
        signed.extend_from_slice(&[9; SIGNATURE_LEN]);
        assert!(parse(&signed).is_err());
        let n = Header {
            version: FORMAT_VERSION,
            ..header(BundleKind::Revocation)
        };
        let mut notice = encode_header(&n, &[5; ENC_LEN], TAG_LEN).unwrap();
        notice.extend_from_slice(&[7; TAG_LEN]);
        assert!(parse(&notice).is_ok());
        let mut empty = encode_header(&n, &[], 0).unwrap();
        empty.extend_from_slice(&[9; SIGNATURE_LEN]);
        assert!(parse(&empty).is_err(), "a v1-shaped notice under version 2");
    }

    #[test]
    fn every_truncation_is_a_typed_error() {
        let b = assemble(&header(BundleKind::Data), &[5; ENC_LEN], b"ct");
        for n in 0..b.len() {
            assert!(
                matches!(parse(&b[..n]), Err(Error::InvalidInput { .. })),
                "length {n}"
            );
        }
    }

    #[test]
    fn bad_magic_version_kind_and_trailing_bytes_are_refused() {
        let b = assemble(&header(BundleKind::Data), &[5; ENC_LEN], b"ct");
        let field = |bytes: &[u8]| match parse(bytes) {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        };
        let mut x = b.clone();
        x[0] = b'X';
        assert_eq!(field(&x), "bundle");
        let mut x = b.clone();
        x[8] = 3;
        assert_eq!(field(&x), "bundle.version");
        let mut x = b.clone();
        x[9] = 3;
        assert_eq!(field(&x), "bundle.kind");
        let mut x = b.clone();
        x.push(0);
        assert_eq!(field(&x), "bundle");
        let notice_with_body = assemble(&header(BundleKind::Revocation), &[], b"x");
        assert_eq!(field(&notice_with_body), "bundle.enc");
    }
}
