//! Documented maximum sizes for everything that comes from outside.
//! Inputs beyond them are `InvalidInput`; the core never allocates without
//! bound on external input.

use crate::error::{Error, Result};

/// Names (medications, people): characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Free text (instructions, notes): characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Units such as `mg`: characters.
pub const MAX_UNIT_CHARS: usize = 32;
/// Onset windows: days.
pub const MAX_ONSET_DAYS: u32 = 3650;
/// Any dose or supply amount.
pub const MAX_DOSE_AMOUNT: f64 = 1_000_000.0;
/// JSON documents from outside (FHIR resources): bytes.
pub const MAX_JSON_BYTES: usize = 1 << 20;
/// Medications per person.
pub const MAX_MEDICATIONS: usize = 200;

/// Checks a text's length in characters (after trimming for the minimum).
pub fn text(field: &str, value: &str, min: usize, max: usize) -> Result<()> {
    if value.trim().chars().count() < min {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if value.chars().any(|c| c == '\0') {
        return Err(Error::invalid(field, "must not contain NUL characters"));
    }
    Ok(())
}

/// New backups' passphrases: at least this many characters (the generated
/// recovery key, the default, is far longer).
pub const MIN_PASSPHRASE_CHARS: usize = 12;
/// Opening a backup: passphrases down to this many characters, the rule
/// before version 3, so older backups still restore.
pub const MIN_PASSPHRASE_CHARS_TO_OPEN: usize = 8;
/// Backup passphrases: at most this many characters.
pub const MAX_PASSPHRASE_CHARS: usize = 1024;

/// Care-team side: update periods kept per client. Importing one more drops
/// the oldest (by period end) beyond this.
pub const MAX_BUNDLES_PER_CLIENT: usize = 24;
/// Care-team side: bytes of stored updates kept per client (the oldest
/// periods are dropped beyond it; the newest is always kept).
pub const MAX_BUNDLE_BYTES_PER_CLIENT: i64 = 64 << 20;
/// Care-team side: the most updates one page of `client_bundle_page` holds.
pub const MAX_BUNDLE_PAGE: u32 = 12;

/// Most entries in a list inside one record (times of day, steps, codings,
/// doses written beside the ordered one).
pub const MAX_LIST: usize = 100;

/// How far back an occurrence can be logged by id (older ones: edit the log).
pub const LOGGABLE_DAYS_BACK: i64 = 35;
