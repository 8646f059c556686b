//! `cadence share ...` (being written).

use clap::Subcommand;

use crate::Ctx;

/// `cadence share ...`
#[derive(Debug, Subcommand)]
pub enum ShareCmd {
    /// Not available yet.
    Show,
}

/// Runs the command.
pub fn run(_ctx: &Ctx, _cmd: ShareCmd) -> Result<(), String> {
    Err("not available yet".into())
}
