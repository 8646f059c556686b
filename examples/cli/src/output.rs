//! Printing: JSON for scripts (`--json`), plain text for people. A closed
//! pipe (`cadence ... | head`) ends the output quietly.

use std::io::Write;

use serde::Serialize;

use crate::Ctx;

/// Prints `value` as pretty JSON with `--json`, else `text`.
pub fn print<T: Serialize>(ctx: &Ctx, value: &T, text: &str) {
    if ctx.json {
        print_json(value);
    } else {
        line(text);
    }
}

/// Prints pretty JSON.
pub fn print_json<T: Serialize>(value: &T) {
    line(&serde_json::to_string_pretty(value).expect("serialisable"));
}

/// Prints one block of text; a closed pipe is not an error.
pub fn line(text: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}
