//! `cadence care ...` (being written).

use clap::Subcommand;

use crate::Ctx;

/// `cadence care ...`
#[derive(Debug, Subcommand)]
pub enum CareCmd {
    /// Not available yet.
    Show,
}

/// Runs the command.
pub fn run(_ctx: &Ctx, _cmd: CareCmd) -> Result<(), String> {
    Err("not available yet".into())
}
