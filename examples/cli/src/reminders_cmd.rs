//! `cadence reminders ...` (being written).

use clap::Subcommand;

use crate::Ctx;

/// `cadence reminders ...`
#[derive(Debug, Subcommand)]
pub enum RemindersCmd {
    /// Not available yet.
    Show,
}

/// Runs the command.
pub fn run(_ctx: &Ctx, _cmd: RemindersCmd) -> Result<(), String> {
    Err("not available yet".into())
}
