//! Printing: JSON for scripts (`--json`), plain text for people.

use serde::Serialize;

use crate::Ctx;

/// Prints `value` as pretty JSON with `--json`, else `text`.
pub fn print<T: Serialize>(ctx: &Ctx, value: &T, text: &str) {
    if ctx.json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("serialisable")
        );
    } else {
        println!("{text}");
    }
}
