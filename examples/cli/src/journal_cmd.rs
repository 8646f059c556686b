//! `cadence journal ...` (being written).

use clap::Subcommand;

use crate::Ctx;

/// `cadence journal ...`
#[derive(Debug, Subcommand)]
pub enum JournalCmd {
    /// List journal entries.
    List,
}

/// Runs a journal command.
pub fn run(_ctx: &Ctx, _cmd: JournalCmd) -> Result<(), String> {
    Err("the journal is not available yet".into())
}
