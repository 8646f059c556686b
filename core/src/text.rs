//! [`SmallString`]: an immutable string that costs no allocation when short
//! (up to 38 bytes: every UUID, slot key and dose unit) and is shared, not
//! copied, when longer.
//!
//! A year's schedule is about 11,500 dose occurrences, each with an id, a
//! plan id, a medication id, a slot key and a dose unit. As owned `String`s
//! those were five allocations per occurrence (and five frees), about a
//! third of the time of expanding the year, paid again on every copy the
//! consent policy and the statistics make. As `SmallString`s they are
//! copied in place.
//!
//! It reads like a `&str` (`Deref`, `Display`, comparisons with `str` and
//! `String`, `Borrow<str>` for map keys), is serialized as a plain string,
//! and crosses the FFI as a plain string (Kotlin `String`, Swift `String`,
//! Python `str`).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest string kept in place (a hyphenated UUID is 36 bytes).
pub const INLINE_BYTES: usize = 38;

/// An immutable string: in place up to [`INLINE_BYTES`] bytes, else shared
/// (cloning a long one copies a pointer).
#[derive(Clone)]
pub struct SmallString(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE_BYTES] },
    Shared(Arc<str>),
}

impl SmallString {
    /// The empty string.
    pub const fn new() -> SmallString {
        SmallString(Repr::Inline {
            len: 0,
            bytes: [0; INLINE_BYTES],
        })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: `bytes[..len]` is only ever filled with a whole `&str`
            // (`From<&str>`, the one place that builds `Inline`), so it is
            // valid UTF-8; checking again on every read cost 3% of a year's
            // expansion.
            Repr::Inline { len, bytes } => unsafe {
                std::str::from_utf8_unchecked(&bytes[..*len as usize])
            },
            Repr::Shared(s) => s,
        }
    }

    /// True if the text is kept in place (no allocation).
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline { .. })
    }
}

impl Default for SmallString {
    fn default() -> SmallString {
        SmallString::new()
    }
}

impl From<&str> for SmallString {
    fn from(s: &str) -> SmallString {
        if s.len() <= INLINE_BYTES {
            let mut bytes = [0u8; INLINE_BYTES];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            SmallString(Repr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            SmallString(Repr::Shared(Arc::from(s)))
        }
    }
}

impl From<String> for SmallString {
    fn from(s: String) -> SmallString {
        if s.len() <= INLINE_BYTES {
            SmallString::from(s.as_str())
        } else {
            SmallString(Repr::Shared(Arc::from(s)))
        }
    }
}

impl From<&String> for SmallString {
    fn from(s: &String) -> SmallString {
        SmallString::from(s.as_str())
    }
}

impl From<&SmallString> for SmallString {
    fn from(s: &SmallString) -> SmallString {
        s.clone()
    }
}

impl From<SmallString> for String {
    fn from(s: SmallString) -> String {
        s.as_str().to_owned()
    }
}

impl From<&SmallString> for String {
    fn from(s: &SmallString) -> String {
        s.as_str().to_owned()
    }
}

impl Deref for SmallString {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SmallString {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SmallString {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for SmallString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SmallString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for SmallString {
    fn eq(&self, other: &SmallString) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SmallString {}

impl PartialOrd for SmallString {
    fn partial_cmp(&self, other: &SmallString) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SmallString {
    fn cmp(&self, other: &SmallString) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for SmallString {
    /// Hashes as the `str` it holds (so `Borrow<str>` lookups find it).
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

macro_rules! eq_with {
    ($($t:ty),*) => {$(
        impl PartialEq<$t> for SmallString {
            fn eq(&self, other: &$t) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<SmallString> for $t {
            fn eq(&self, other: &SmallString) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}
eq_with!(str, &str, String);

impl Serialize for SmallString {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SmallString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<SmallString, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = SmallString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(
                self,
                s: &str,
            ) -> std::result::Result<SmallString, E> {
                Ok(SmallString::from(s))
            }
            fn visit_string<E: serde::de::Error>(
                self,
                s: String,
            ) -> std::result::Result<SmallString, E> {
                Ok(SmallString::from(s))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(feature = "uniffi")]
uniffi::custom_type!(SmallString, String, {
    lower: |s| s.as_str().to_owned(),
    try_lift: |s| Ok(SmallString::from(s)),
});

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn short_text_stays_in_place_and_long_text_is_shared_and_both_read_back() {
        let uuid = "9305c7e5-d16f-5772-90e6-6afedddfed6f";
        let a = SmallString::from(uuid);
        assert!(a.is_inline());
        assert_eq!(a, uuid);
        assert_eq!(a.len(), 36);
        let at_limit = "x".repeat(INLINE_BYTES);
        assert!(SmallString::from(at_limit.as_str()).is_inline());
        let long = "é".repeat(40);
        let b = SmallString::from(long.clone());
        assert!(!b.is_inline());
        assert_eq!(b, long);
        let c = b.clone();
        assert_eq!(
            c.as_str().as_ptr(),
            b.as_str().as_ptr(),
            "shared, not copied"
        );
        assert_eq!(SmallString::default(), "");
        // Multi-byte text at the limit is kept whole.
        let accents = "é".repeat(INLINE_BYTES / 2);
        assert_eq!(SmallString::from(accents.as_str()), accents);
    }

    #[test]
    fn compares_orders_hashes_and_serializes_like_the_text() {
        let mut m: HashMap<SmallString, u32> = HashMap::new();
        m.insert("time@08:00".into(), 1);
        assert_eq!(m.get("time@08:00"), Some(&1));
        let (a, b) = (SmallString::from("a"), SmallString::from(String::from("b")));
        assert!(a < b);
        assert_eq!(String::from("mg"), SmallString::from("mg"));
        assert_eq!(
            format!("{}|{:?}", SmallString::from("mg"), SmallString::from("mg")),
            "mg|\"mg\""
        );
        let json = serde_json::to_string(&SmallString::from("tablet")).unwrap();
        assert_eq!(json, "\"tablet\"");
        let back: SmallString = serde_json::from_str("\"a \\\"quoted\\\" unit\"").unwrap();
        assert_eq!(back, "a \"quoted\" unit");
        assert!(serde_json::from_str::<SmallString>("3").is_err());
    }
}
