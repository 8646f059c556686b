//! Pairing: public keys exchanged as a short text / QR payload, and the
//! fingerprint both people compare before trusting it.
//!
//! A pairing code is `CDNC1-` followed by 136 upper-case hex digits: the
//! Ed25519 public key (32 bytes), the X25519 HPKE public key (32 bytes) and a
//! 4-byte checksum (the first 4 bytes of SHA-256 of the 64 key bytes) that
//! catches typing mistakes. Every character is in the QR alphanumeric set, so
//! it fits a small QR code. Spaces, line breaks and lower case are accepted
//! when reading.
//!
//! The fingerprint is the first 10 bytes of the key-id hash (see
//! [`super::crypto`]) as five groups of four hex digits, e.g.
//! `3F2A 9C41 07DE B8E0 5A11`. Both phones show it; the people compare it
//! (in the room or on a call) before they rely on the pairing.

use sha2::{Digest, Sha256};

use super::crypto::PublicIdentity;
use crate::error::{Error, Result};

/// The prefix (and version) of a pairing code.
pub const PAIRING_PREFIX: &str = "CDNC1-";

/// The pairing code of `id`.
pub fn pairing_code(id: &PublicIdentity) -> String {
    let mut bytes = Vec::with_capacity(68);
    bytes.extend_from_slice(&id.sign);
    bytes.extend_from_slice(&id.kem);
    let check = Sha256::digest(&bytes);
    bytes.extend_from_slice(&check[..4]);
    let mut s = String::from(PAIRING_PREFIX);
    for b in bytes {
        s.push_str(&format!("{b:02X}"));
    }
    s
}

/// Reads a pairing code; a malformed one is `InvalidInput { field: "pairing_code" }`.
pub fn parse_pairing_code(code: &str) -> Result<PublicIdentity> {
    let bad = |reason: &str| Error::invalid("pairing_code", reason);
    let cleaned: String = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let hex = cleaned
        .strip_prefix(PAIRING_PREFIX)
        .ok_or_else(|| bad("not a Cadence pairing code"))?;
    // Checked character by character on bytes: a non-ASCII character is
    // refused here, never sliced through.
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("only hex digits may follow the prefix"));
    }
    if hex.len() != 136 {
        return Err(bad("wrong length"));
    }
    let mut bytes = [0u8; 68];
    for (out, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
        *out = (nibble(pair[0]) << 4) | nibble(pair[1]);
    }
    let check = Sha256::digest(&bytes[..64]);
    if check[..4] != bytes[64..] {
        return Err(bad("checksum does not match: check for a typing mistake"));
    }
    let mut sign = [0u8; 32];
    let mut kem = [0u8; 32];
    sign.copy_from_slice(&bytes[..32]);
    kem.copy_from_slice(&bytes[32..64]);
    PublicIdentity::from_bytes(sign, kem)
}

/// The value of one (already checked) upper-case hex digit.
fn nibble(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

/// The fingerprint of `id`: five groups of four upper-case hex digits.
pub fn fingerprint(id: &PublicIdentity) -> String {
    id.fingerprint_bytes()
        .chunks(2)
        .map(|c| format!("{:02X}{:02X}", c[0], c[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::crypto::SecretIdentity;

    #[test]
    fn codes_round_trip_and_catch_typos() {
        let id = SecretIdentity::generate().unwrap();
        let code = pairing_code(id.public());
        assert_eq!(code.len(), 142);
        assert_eq!(&parse_pairing_code(&code).unwrap(), id.public());
        let spaced = format!(" {} \n", code.to_lowercase());
        assert_eq!(&parse_pairing_code(&spaced).unwrap(), id.public());
        let mut typo = code.into_bytes();
        typo[20] = if typo[20] == b'0' { b'1' } else { b'0' };
        let typo = String::from_utf8(typo).unwrap();
        assert!(matches!(
            parse_pairing_code(&typo),
            Err(Error::InvalidInput { field, .. }) if field == "pairing_code"
        ));
        assert!(parse_pairing_code("hello").is_err());
        assert!(parse_pairing_code("CDNC1-ZZ").is_err());
    }

    #[test]
    fn non_ascii_codes_are_refused_without_panicking() {
        let id = SecretIdentity::generate().unwrap();
        let code = pairing_code(id.public());
        // 136 bytes after the prefix, but multi-byte characters inside: the
        // old parser sliced through a character here and panicked.
        let hex = &code[PAIRING_PREFIX.len()..];
        let tricky = [
            format!("{PAIRING_PREFIX}é{}", &hex[2..]),
            format!("{PAIRING_PREFIX}{}€", &hex[..133]),
            format!("{PAIRING_PREFIX}{}", "ä".repeat(68)),
            format!("{PAIRING_PREFIX}{}{}", &hex[..132], '\u{1F600}'),
            "CDNC1-\u{0130}".to_string(),
            "\u{0131}CDNC1-".to_string(),
        ];
        for input in tricky {
            let r = std::panic::catch_unwind(|| parse_pairing_code(&input));
            let r = r.expect("the parser must not panic");
            assert!(
                matches!(&r, Err(Error::InvalidInput { field, .. }) if field == "pairing_code"),
                "{r:?}"
            );
            // The reason never quotes the input (each holds a non-ASCII
            // character; the reasons are plain ASCII sentences).
            let Err(Error::InvalidInput { reason, .. }) = r else {
                unreachable!()
            };
            assert!(reason.is_ascii(), "{reason}");
        }
    }

    #[test]
    fn fingerprint_is_five_groups() {
        let id = SecretIdentity::generate().unwrap();
        let f = fingerprint(id.public());
        assert_eq!(f.len(), 24);
        assert_eq!(f.split(' ').count(), 5);
    }
}
