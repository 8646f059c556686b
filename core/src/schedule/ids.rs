//! Stable occurrence ids: a UUID v5 (SHA-1, RFC 9562) in Cadence's own
//! namespace of a compact binary name: the plan id's 16 bytes, the plan
//! version (u32, big-endian), the local date (its day number in the
//! proleptic Gregorian calendar, 0001-01-01 being day 1 as in Python's
//! `date.toordinal()`; i32 big-endian) and the slot key in UTF-8.
//! The fixed-width fields come first, so the name is unambiguous; being
//! short, it usually hashes in one SHA-1 block.
//!
//! The same plan, version, local date and slot give the same id forever, on
//! every device; any change to one of them gives another id. Never change
//! the namespace or the name layout: stored dose logs refer to these ids.

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

/// The namespace of occurrence ids.
pub const OCCURRENCE_NAMESPACE: Uuid = Uuid::from_u128(0x8a06_b5fb_010f_4762_aa5a_6018_e7ff_8f9b);

/// The 16 bytes that stand for a plan id in names: the UUID's bytes, or for
/// an id that is not a UUID (never stored: plans are validated) the v5 UUID
/// of its text.
pub fn plan_key(plan_id: &str) -> [u8; 16] {
    match Uuid::parse_str(plan_id) {
        Ok(u) => *u.as_bytes(),
        Err(_) => *Uuid::new_v5(&OCCURRENCE_NAMESPACE, plan_id.as_bytes()).as_bytes(),
    }
}

/// The id of the occurrence of `slot` on `date` in version `version` of plan
/// `plan_id`, as a UUID.
pub fn occurrence_uuid(plan_id: &str, version: u32, date: NaiveDate, slot: &str) -> Uuid {
    uuid_with_key(&plan_key(plan_id), version, date, slot)
}

/// [`occurrence_uuid`] as a lower-case hyphenated string.
pub fn occurrence_id(plan_id: &str, version: u32, date: NaiveDate, slot: &str) -> String {
    occurrence_uuid(plan_id, version, date, slot)
        .hyphenated()
        .to_string()
}

/// [`occurrence_uuid`] with the plan key already computed.
///
/// Every expansion computes one id per occurrence, so the common case (a
/// slot key of up to 79 bytes: the SHA-1 message fits two blocks) pads the
/// message in place on the stack and runs the compression function directly;
/// longer slot keys go through the streaming hasher. Both give the same id.
pub(crate) fn uuid_with_key(key: &[u8; 16], version: u32, date: NaiveDate, slot: &str) -> Uuid {
    // Namespace (16) + key (16) + version (4) + day number (4) + slot.
    let len = 40 + slot.len();
    if len + 9 > 128 {
        let mut v = vec![0u8; len - 16];
        write_name(&mut v, key, version, date, slot);
        return v5_streaming(&v);
    }
    let mut buf = [0u8; 128];
    buf[..16].copy_from_slice(OCCURRENCE_NAMESPACE.as_bytes());
    write_name(&mut buf[16..len], key, version, date, slot);
    buf[len] = 0x80;
    let blocks = if len + 9 <= 64 { 1 } else { 2 };
    buf[blocks * 64 - 8..blocks * 64].copy_from_slice(&((len as u64) * 8).to_be_bytes());
    let (a, b) = buf.split_at(64);
    let pair: [[u8; 64]; 2] = [a.try_into().expect("64"), b.try_into().expect("64")];
    let mut state = SHA1_INIT;
    sha1::block_api::compress(&mut state, &pair[..blocks]);
    let mut bytes = [0u8; 16];
    for (i, w) in state[..4].iter().enumerate() {
        bytes[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
    }
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
}

/// SHA-1's initial state (FIPS 180-4, 5.3.1).
const SHA1_INIT: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];

/// UUID v5 (RFC 9562) of `name` in [`OCCURRENCE_NAMESPACE`], hashed with
/// the RustCrypto SHA-1, which uses the CPU's SHA instructions where there
/// are some (x86 SHA-NI, ARMv8 crypto extensions on phones).
fn v5_streaming(name: &[u8]) -> Uuid {
    use sha1::{Digest, Sha1};
    let mut h = Sha1::new();
    h.update(OCCURRENCE_NAMESPACE.as_bytes());
    h.update(name);
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
}

fn write_name(out: &mut [u8], key: &[u8; 16], version: u32, date: NaiveDate, slot: &str) {
    out[..16].copy_from_slice(key);
    out[16..20].copy_from_slice(&version.to_be_bytes());
    out[20..24].copy_from_slice(&date.num_days_from_ce().to_be_bytes());
    out[24..].copy_from_slice(slot.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_sensitive_to_every_part() {
        let p = "0b6c3a52-5f7e-4a4e-9a53-1f1de3a1c001";
        let d = NaiveDate::from_ymd_opt(2027, 3, 14).unwrap();
        let a = occurrence_id(p, 1, d, "time@08:00");
        // Pinned value: a change here would orphan every stored dose log.
        assert_eq!(a, PINNED);
        assert_eq!(Uuid::parse_str(&a).unwrap().get_version_num(), 5);
        assert_ne!(
            a,
            occurrence_id("0b6c3a52-5f7e-4a4e-9a53-1f1de3a1c002", 1, d, "time@08:00")
        );
        assert_ne!(a, occurrence_id(p, 2, d, "time@08:00"));
        assert_ne!(a, occurrence_id(p, 1, d.succ_opt().unwrap(), "time@08:00"));
        assert_ne!(a, occurrence_id(p, 1, d, "time@20:00"));
        let long = "x".repeat(300);
        assert_eq!(occurrence_id(p, 1, d, &long), occurrence_id(p, 1, d, &long));
        assert_ne!(
            occurrence_id("not a uuid", 1, d, "s"),
            occurrence_id("not a uuid!", 1, d, "s")
        );
    }

    #[test]
    fn the_in_place_hash_equals_the_streaming_one_at_every_length() {
        let key = plan_key("0b6c3a52-5f7e-4a4e-9a53-1f1de3a1c001");
        let d = NaiveDate::from_ymd_opt(2027, 3, 14).unwrap();
        // Lengths around both block boundaries (55/56 and 119/120 bytes of
        // message) and past the in-place limit.
        for n in 0..140 {
            let slot = "s".repeat(n);
            let mut name = vec![0u8; 24 + n];
            write_name(&mut name, &key, 3, d, &slot);
            assert_eq!(
                uuid_with_key(&key, 3, d, &slot),
                v5_streaming(&name),
                "slot of {n} bytes"
            );
        }
    }

    /// Computed independently (Python: sha1 of namespace and name bytes).
    const PINNED: &str = "9305c7e5-d16f-5772-90e6-6afedddfed6f";
}
