//! `cadence backup ...` (being written).

use clap::Subcommand;

use crate::Ctx;

/// `cadence backup ...`
#[derive(Debug, Subcommand)]
pub enum BackupCmd {
    /// Not available yet.
    Show,
}

/// Runs the command.
pub fn run(_ctx: &Ctx, _cmd: BackupCmd) -> Result<(), String> {
    Err("not available yet".into())
}
