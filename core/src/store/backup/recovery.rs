//! Recovery keys: the default secret of a backup, generated rather than
//! chosen. Twelve words drawn uniformly (OS randomness) from a fixed list of
//! 256 common English nouns: 12 × 8 = 96 bits, far beyond what anyone guesses
//! even before SQLCipher's PBKDF2-HMAC-SHA512 (256,000 iterations) stretches
//! it. Shown once, to be written down; the person types it back on restore
//! (spaces and case do not matter there: see [`normalise_recovery_key`]).

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// How many words a recovery key has.
pub const RECOVERY_KEY_WORDS: usize = 12;

/// The 256 words (sorted, distinct, lower-case ASCII).
const WORDS: [&str; 256] = [
    "acorn", "acre", "actor", "adobe", "agent", "alarm", "album", "alley", "amber", "amino",
    "angle", "ankle", "apple", "apron", "arena", "armor", "arrow", "aspen", "atlas", "attic",
    "audio", "award", "bacon", "badge", "bagel", "baker", "bamboo", "banjo", "barn", "basil",
    "basin", "beach", "beacon", "beard", "bench", "berry", "bison", "blade", "blaze", "bloom",
    "board", "boat", "bonus", "boot", "brass", "bread", "brick", "bridge", "brook", "broom",
    "bucket", "bugle", "cabin", "cable", "cactus", "camel", "candle", "canoe", "canyon", "cargo",
    "carpet", "carrot", "castle", "cedar", "cello", "chalk", "cherry", "chess", "cider", "circus",
    "citrus", "clay", "cliff", "clock", "cloud", "clover", "coast", "cobalt", "cocoa", "comet",
    "coral", "cotton", "cougar", "crane", "crayon", "crown", "cube", "daisy", "dancer", "delta",
    "denim", "desert", "diary", "dingo", "donkey", "drum", "eagle", "easel", "echo", "elbow",
    "ember", "engine", "falcon", "fern", "ferry", "fiddle", "finch", "flame", "flute", "forest",
    "fossil", "fox", "frost", "garden", "garlic", "gecko", "geyser", "ginger", "globe", "goose",
    "granite", "grape", "gravel", "guitar", "hammer", "harbor", "harp", "hazel", "helmet", "heron",
    "honey", "hornet", "igloo", "island", "ivory", "jacket", "jaguar", "jelly", "jigsaw", "jungle",
    "kayak", "kernel", "kettle", "kiwi", "koala", "ladder", "lagoon", "lantern", "laser", "lemon",
    "lentil", "lily", "lizard", "llama", "locket", "lotus", "lumber", "magnet", "mango", "maple",
    "marble", "meadow", "melon", "meteor", "mint", "mirror", "mitten", "monkey", "moose", "mosaic",
    "muffin", "nectar", "needle", "nickel", "noodle", "nutmeg", "oak", "oasis", "ocean", "olive",
    "onion", "orbit", "orchid", "otter", "owl", "paddle", "panda", "papaya", "parrot", "pebble",
    "pepper", "piano", "pickle", "pigeon", "pillow", "pine", "planet", "plum", "pony", "poppy",
    "quail", "quartz", "quilt", "rabbit", "radar", "radish", "raven", "reef", "ribbon", "river",
    "robin", "rocket", "saddle", "salmon", "sandal", "satin", "scarf", "shovel", "silver",
    "sketch", "sloth", "socket", "spruce", "squash", "stable", "stamp", "statue", "summit",
    "sunset", "swan", "tablet", "tango", "teapot", "thistle", "tiger", "timber", "tomato", "torch",
    "tulip", "tundra", "turtle", "valley", "velvet", "violin", "wagon", "walnut", "walrus",
    "willow", "window", "winter", "wizard", "yacht", "yarn", "yogurt", "zebra", "zipper",
];

/// A new recovery key: [`RECOVERY_KEY_WORDS`] words separated by single
/// spaces, e.g. `"amber kettle ..."`.
pub fn generate_recovery_key() -> Result<Zeroizing<String>> {
    let mut bytes = Zeroizing::new([0u8; RECOVERY_KEY_WORDS]);
    getrandom::fill(&mut bytes[..])
        .map_err(|_| Error::Io(std::io::Error::other("no random source available")))?;
    let mut out = Zeroizing::new(String::with_capacity(RECOVERY_KEY_WORDS * 9));
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[usize::from(*b)]);
    }
    Ok(out)
}

/// A recovery key as typed back: words lower-cased and separated by single
/// spaces (extra spaces, line breaks and capitals removed), so a key written
/// on paper opens the backup however it is typed. Other passphrases are
/// left exactly as they are.
pub fn normalise_recovery_key(typed: &str) -> Option<Zeroizing<String>> {
    let words: Vec<String> = typed
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let is_key = words.len() == RECOVERY_KEY_WORDS
        && words
            .iter()
            .all(|w| WORDS.binary_search(&w.as_str()).is_ok());
    is_key.then(|| Zeroizing::new(words.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_twelve_listed_words_and_differ_every_time() {
        assert!(WORDS.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        let a = generate_recovery_key().unwrap();
        let b = generate_recovery_key().unwrap();
        assert_ne!(*a, *b);
        let words: Vec<&str> = a.split(' ').collect();
        assert_eq!(words.len(), RECOVERY_KEY_WORDS);
        assert!(words.iter().all(|w| WORDS.contains(w)));
        // Long enough for the passphrase rule on its own.
        assert!(a.chars().count() >= crate::limits::MIN_PASSPHRASE_CHARS);
    }

    #[test]
    fn a_key_typed_back_loosely_reads_as_written() {
        let k = generate_recovery_key().unwrap();
        let typed = format!("  {}\n", k.to_uppercase().replace(' ', "   "));
        assert_eq!(*normalise_recovery_key(&typed).unwrap(), *k);
        assert!(normalise_recovery_key("correct horse battery staple").is_none());
    }
}
