//! Notes: the free text of any entry. Private by default — a note leaves the
//! device only when the person marks that one entry `shareable`.
//!
//! Every sharing path (bundles, exports, reports) must go through
//! [`JournalEntry::for_sharing`], which blanks a note that is not marked
//! shareable. The store keeps the flag beside the text so a query for shared
//! data can filter in SQL too.

use super::limits::MAX_NOTE_CHARS;
use super::{EntryDetail, JournalEntry};
use crate::error::Result;
use crate::limits::text;

/// Checks a note: up to [`MAX_NOTE_CHARS`] characters (a note entry must not
/// be empty).
pub fn validate(note: &str, required: bool) -> Result<()> {
    text("journal.note", note, usize::from(required), MAX_NOTE_CHARS)
}

impl JournalEntry {
    /// The entry as it may leave the device: the note is blanked unless the
    /// person marked it shareable. A private note entry has no content left
    /// at all, so sharing code should skip it ([`JournalEntry::is_private_note`]).
    pub fn for_sharing(&self) -> JournalEntry {
        let mut shared = self.clone();
        if !shared.shareable {
            shared.note.clear();
        }
        shared
    }

    /// Whether this is a note entry the person kept private.
    pub fn is_private_note(&self) -> bool {
        matches!(self.detail, EntryDetail::Note) && !self.shareable
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{EntryKind, Mood};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn entry(detail: EntryDetail, shareable: bool) -> JournalEntry {
        let at = Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap();
        JournalEntry {
            id: "6f1c1e0e-1d7a-4a53-9c43-6f0e9b0c2a10".into(),
            kind: EntryKind::of(&detail),
            occurred_at: at,
            zone: chrono_tz::UTC,
            local_date: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            detail,
            note: "talked to my sister about the divorce".into(),
            shareable,
            goal_ids: vec![],
            score: None,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn private_text_never_reaches_a_sharing_path() {
        let private = entry(EntryDetail::Note, false);
        assert!(private.is_private_note());
        assert_eq!(private.for_sharing().note, "");
        let shared = entry(EntryDetail::Note, true);
        assert!(!shared.is_private_note());
        assert_eq!(shared.for_sharing().note, shared.note);
        // A mood entry's note is private too unless marked, but the mood stays.
        let mood = entry(
            EntryDetail::Mood {
                mood: Mood {
                    valence: -1,
                    energy: None,
                    anxiety: None,
                    sleep_hours: None,
                    sleep_quality: None,
                    emotions: vec![],
                    tags: vec![],
                },
            },
            false,
        );
        let out = mood.for_sharing();
        assert_eq!(out.note, "");
        assert_eq!(out.detail, mood.detail);
    }

    #[test]
    fn a_one_megabyte_note_is_refused() {
        assert!(validate(&"x".repeat(MAX_NOTE_CHARS), true).is_ok());
        let e = validate(&"x".repeat(1 << 20), false).unwrap_err();
        assert!(e.to_string().contains("journal.note"));
        assert!(validate("   ", true).is_err());
        assert!(validate("", false).is_ok());
    }
}
