//! Documented limits of the journal. Inputs beyond them are `InvalidInput`
//! naming the field; the core never stores or allocates without bound on what
//! a person (or a misbehaving app) sends.

use crate::error::{Error, Result};

/// A note (the free text of any entry): characters. About six printed pages;
/// a 1 MB paste is refused, not truncated.
pub const MAX_NOTE_CHARS: usize = 10_000;
/// A short free-text field (a symptom described in the person's words, the
/// name of an "other" substance, a unit): characters.
pub const MAX_SHORT_TEXT_CHARS: usize = 200;
/// Units such as `cups` or `standard drinks`: characters.
pub const MAX_UNIT_CHARS: usize = 32;
/// Emotion labels or tags on one mood entry (each list).
pub const MAX_LABELS: usize = 20;
/// One emotion label or tag: characters.
pub const MAX_LABEL_CHARS: usize = 40;
/// Medications linked to one side effect.
pub const MAX_LINKED_MEDICATIONS: usize = 20;
/// Goals linked to one entry.
pub const MAX_LINKED_GOALS: usize = 10;
/// Goals a person keeps (active and archived together).
pub const MAX_GOALS: usize = 50;
/// A goal's title: characters.
pub const MAX_GOAL_TITLE_CHARS: usize = 200;
/// Why a goal matters: characters.
pub const MAX_GOAL_WHY_CHARS: usize = 2_000;
/// Escalation rules the care team can configure.
pub const MAX_ESCALATION_RULES: usize = 100;
/// The care team's instructions on one rule: characters.
pub const MAX_INSTRUCTIONS_CHARS: usize = 1_000;
/// Care-team contacts, and crisis resources (each list).
pub const MAX_CONTACTS: usize = 20;
/// A contact's phone number, text number or e-mail: characters.
pub const MAX_CONTACT_FIELD_CHARS: usize = 200;
/// Entries in one page of a journal query.
pub const MAX_PAGE_SIZE: u32 = 200;
/// Entries in one page when the app asks for 0.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// Days in one request for daily summaries (ten years).
pub const MAX_SUMMARY_DAYS: i64 = 3_660;
/// Entries in one import call.
pub const MAX_IMPORT_ENTRIES: usize = 10_000;
/// A substance amount (in the unit given).
pub const MAX_AMOUNT: f64 = 100_000.0;
/// How far in the future an entry may be dated (clock skew between devices).
pub const MAX_FUTURE_MINUTES: i64 = 10;

/// Checks an optional integer is within `min..=max`.
pub(crate) fn in_range(field: &str, value: Option<u32>, min: u32, max: u32) -> Result<()> {
    match value {
        Some(v) if v < min || v > max => Err(Error::invalid(
            field,
            format!("must be between {min} and {max}"),
        )),
        _ => Ok(()),
    }
}

/// Checks a list of short labels: count, length, no blanks, no NUL.
pub(crate) fn labels(field: &str, values: &[String]) -> Result<()> {
    if values.len() > MAX_LABELS {
        return Err(Error::invalid(
            field,
            format!("at most {MAX_LABELS} labels"),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        crate::limits::text(&format!("{field}[{i}]"), v, 1, MAX_LABEL_CHARS)?;
    }
    Ok(())
}

/// Trims labels and drops case-insensitive duplicates, keeping the first.
pub(crate) fn normalise_labels(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for v in values {
        let v = v.trim();
        if !out.iter().any(|o| o.eq_ignore_ascii_case(v)) {
            out.push(v.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_checked_one_by_one_and_deduplicated() {
        assert!(labels("mood.tags", &["work".into(), "family".into()]).is_ok());
        let e = labels("mood.tags", &["work".into(), " ".into()]).unwrap_err();
        assert!(e.to_string().contains("mood.tags[1]"));
        let many: Vec<String> = (0..=MAX_LABELS).map(|i| format!("t{i}")).collect();
        assert!(labels("mood.tags", &many).is_err());
        assert_eq!(
            normalise_labels(&[" Calm".into(), "calm".into(), "tired ".into()]),
            vec!["Calm".to_string(), "tired".to_string()]
        );
    }

    #[test]
    fn ranges_name_their_bounds() {
        assert!(in_range("x", Some(10), 0, 10).is_ok());
        assert!(in_range("x", None, 0, 10).is_ok());
        let e = in_range("mood.energy", Some(11), 0, 10).unwrap_err();
        assert!(e.to_string().contains("between 0 and 10"));
    }
}
