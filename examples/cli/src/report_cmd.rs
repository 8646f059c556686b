//! `cadence report ...` and `cadence stats ...`: the clinician report
//! (self-contained HTML, or a short text with `--text`) and the adherence
//! statistics of a period; and the demo's report of the last 30 days.

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use clap::Args;

use cadence_core::time::parse_date;

use crate::output;
use crate::Ctx;

/// `cadence report` arguments.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// First local date (YYYY-MM-DD); default: 29 days before `--to`.
    #[arg(long)]
    from: Option<String>,
    /// Last local date (YYYY-MM-DD); default: today.
    #[arg(long)]
    to: Option<String>,
    /// Where to write the HTML.
    #[arg(long, default_value = "report.html")]
    out: String,
    /// Print the short text summary instead of writing HTML.
    #[arg(long)]
    text: bool,
}

/// `cadence stats` arguments.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// First local date (YYYY-MM-DD); default: 29 days before `--to`.
    #[arg(long)]
    from: Option<String>,
    /// Last local date (YYYY-MM-DD); default: today.
    #[arg(long)]
    to: Option<String>,
    /// On-time window, ± minutes.
    #[arg(long, default_value_t = 120)]
    window: u32,
}

fn api(e: cadence_ffi::CadenceError) -> String {
    e.to_string()
}

fn window(
    ctx: &Ctx,
    from: &Option<String>,
    to: &Option<String>,
) -> Result<(NaiveDate, NaiveDate), String> {
    let to = match to {
        Some(s) => parse_date("to", s).map_err(|e| e.to_string())?,
        None => ctx.today()?,
    };
    let from = match from {
        Some(s) => parse_date("from", s).map_err(|e| e.to_string())?,
        None => to - Duration::days(29),
    };
    Ok((from, to))
}

/// Runs `cadence report`.
pub fn report(ctx: &Ctx, args: ReportArgs) -> Result<(), String> {
    let (from, to) = window(ctx, &args.from, &args.to)?;
    if args.text {
        let text = ctx.app.report_text(from, to, Some(ctx.now)).map_err(api)?;
        output::print(ctx, &serde_json::json!({ "text": text }), &text);
        return Ok(());
    }
    let html = ctx.app.report_html(from, to, Some(ctx.now)).map_err(api)?;
    std::fs::write(&args.out, html)
        .map_err(|e| format!("cannot write the report: {}", e.kind()))?;
    output::print(
        ctx,
        &serde_json::json!({ "report": args.out, "from": from, "to": to }),
        &format!("report written to {}", args.out),
    );
    Ok(())
}

/// Runs `cadence stats`.
pub fn stats(ctx: &Ctx, args: StatsArgs) -> Result<(), String> {
    let (from, to) = window(ctx, &args.from, &args.to)?;
    let stats = ctx
        .app
        .stats(from, to, Some(ctx.now), Some(args.window))
        .map_err(api)?;
    let text = ctx.app.report_text(from, to, Some(ctx.now)).map_err(api)?;
    output::print(ctx, &stats, &text);
    Ok(())
}

/// The path the demo writes its report to: `<db>.report.html`.
fn demo_report_path(db: &str) -> PathBuf {
    let mut p = Path::new(db).as_os_str().to_owned();
    p.push(".report.html");
    PathBuf::from(p)
}

/// Writes the report of the last 30 days to `<db>.report.html` and returns
/// its path.
pub fn demo_report_at(ctx: &Ctx, db: &str) -> Result<String, String> {
    let to = ctx.today()?;
    let html = ctx
        .app
        .report_html(to - Duration::days(29), to, Some(ctx.now))
        .map_err(api)?;
    let path = demo_report_path(db);
    std::fs::write(&path, html).map_err(|e| format!("cannot write the report: {}", e.kind()))?;
    Ok(path.display().to_string())
}
