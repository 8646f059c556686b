//! `cadence backup ...`: write an encrypted backup, verify one, restore one.
//! The passphrase or backup key comes from an environment variable, never
//! the command line (it would show in the shell history and `ps`).

use clap::{Args, Subcommand};

use cadence_core::app::backup::BackupInfo;

use crate::output::print;
use crate::Ctx;

/// Where the backup's secret comes from (exactly one of the two).
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct SecretArgs {
    /// Environment variable holding the backup passphrase (8+ characters).
    #[arg(long, value_name = "VAR")]
    passphrase_env: Option<String>,
    /// Environment variable holding a 32-byte backup key as 64 hex digits.
    #[arg(long, value_name = "VAR")]
    backup_key_env: Option<String>,
}

/// `cadence backup ...`
#[derive(Debug, Subcommand)]
pub enum BackupCmd {
    /// Write a complete encrypted backup of the database.
    Create {
        /// The backup file to write (replaced only once the new one is verified).
        #[arg(long)]
        out: String,
        #[command(flatten)]
        secret: SecretArgs,
    },
    /// Verify a backup completely without changing anything.
    Verify {
        /// The backup file.
        file: String,
        #[command(flatten)]
        secret: SecretArgs,
    },
    /// Replace the database with a verified backup (older versions upgraded).
    Restore {
        /// The backup file.
        file: String,
        #[command(flatten)]
        secret: SecretArgs,
    },
    /// Check the database file's integrity.
    Check,
}

fn env_var(var: &str) -> Result<String, String> {
    std::env::var(var).map_err(|_| format!("environment variable {var} is not set"))
}

/// The passphrase and key arguments of the API (exactly one is set).
type Secret = (Option<String>, Option<Vec<u8>>);

fn secret(args: &SecretArgs) -> Result<Secret, String> {
    match (&args.passphrase_env, &args.backup_key_env) {
        (Some(var), None) => Ok((Some(env_var(var)?), None)),
        (None, Some(var)) => Ok((None, Some(crate::commands::hex_key(&env_var(var)?)?))),
        _ => Err("give --passphrase-env or --backup-key-env".into()),
    }
}

/// Prints a backup summary.
fn show(ctx: &Ctx, verb: &str, file: &str, i: &BackupInfo) {
    let text = format!(
        "{verb} {file}: format {}, schema {}, written {}, {} records, {} bytes",
        i.format_version,
        i.schema_version,
        i.created_at.format("%Y-%m-%d %H:%M UTC"),
        i.record_count,
        i.bytes
    );
    print(ctx, i, &text);
}

/// Runs the command.
pub fn run(ctx: &Ctx, cmd: BackupCmd) -> Result<(), String> {
    let api = |e: cadence_ffi::CadenceError| e.to_string();
    match cmd {
        BackupCmd::Create { out, secret: s } => {
            let (pass, key) = secret(&s)?;
            let info = ctx
                .app
                .backup_to(out.clone(), pass, key, Some(ctx.now))
                .map_err(api)?;
            show(ctx, "backup written to", &out, &info);
        }
        BackupCmd::Verify { file, secret: s } => {
            let (pass, key) = secret(&s)?;
            let info = ctx
                .app
                .verify_backup(file.clone(), pass, key)
                .map_err(api)?;
            show(ctx, "verified", &file, &info);
        }
        BackupCmd::Restore { file, secret: s } => {
            let (pass, key) = secret(&s)?;
            let info = ctx.app.restore_from(file.clone(), pass, key).map_err(api)?;
            show(ctx, "restored from", &file, &info);
        }
        BackupCmd::Check => {
            let problems = ctx.app.integrity_check().map_err(api)?;
            let text = if problems.is_empty() {
                "the database passed every integrity check".to_string()
            } else {
                format!("integrity problems:\n  {}", problems.join("\n  "))
            };
            print(
                ctx,
                &serde_json::json!({ "ok": problems.is_empty(), "problems": problems }),
                &text,
            );
            if !problems.is_empty() {
                return Err("the database failed its integrity check".into());
            }
        }
    }
    Ok(())
}
