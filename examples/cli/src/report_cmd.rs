//! `cadence report ...` and `cadence stats ...` (being written).

use clap::Args;

use crate::Ctx;

/// `cadence report` arguments.
#[derive(Debug, Args)]
pub struct ReportArgs {}

/// `cadence stats` arguments.
#[derive(Debug, Args)]
pub struct StatsArgs {}

/// Runs `cadence report`.
pub fn report(_ctx: &Ctx, _args: ReportArgs) -> Result<(), String> {
    Err("not available yet".into())
}

/// Runs `cadence stats`.
pub fn stats(_ctx: &Ctx, _args: StatsArgs) -> Result<(), String> {
    Err("not available yet".into())
}
