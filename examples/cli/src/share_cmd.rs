//! `cadence share ...`: the device's share keys, pairing with a care-team
//! member (client side) or a client (therapist side), exporting an
//! encrypted, signed bundle, importing one, revoking, and (therapist side)
//! a client's newest update rendered as the clinician report. The 32-byte key
//! protection secret comes from an environment variable (64 hex digits),
//! never the command line.

use chrono::Duration;
use clap::{Args, Subcommand};

use cadence_core::time::parse_date;

use crate::output::print;
use crate::Ctx;

type CmdResult = Result<(), String>;

/// The key protection secret (from the Keystore/Keychain on phones).
#[derive(Debug, Args)]
pub struct SecretArg {
    /// Environment variable holding the 32-byte key protection secret as 64 hex digits.
    #[arg(long, value_name = "VAR")]
    secret_env: String,
}

impl SecretArg {
    fn bytes(&self) -> Result<Vec<u8>, String> {
        let hex = std::env::var(&self.secret_env)
            .map_err(|_| format!("environment variable {} is not set", self.secret_env))?;
        crate::commands::hex_key(&hex)
    }
}

/// `cadence share ...`
#[derive(Debug, Subcommand)]
pub enum ShareCmd {
    /// Create this device's share keys (or show them): the pairing code and
    /// fingerprint to give the other side.
    Keys {
        #[command(flatten)]
        secret: SecretArg,
    },
    /// Client side: pair a care-team member's pairing code.
    PairMember {
        /// The member's id.
        member_id: String,
        /// Their pairing code (CDNC1-...).
        code: String,
    },
    /// Therapist side: pair a client's pairing code.
    PairClient {
        /// A label for the client.
        label: String,
        /// Their pairing code (CDNC1-...).
        code: String,
    },
    /// Confirm a pairing after comparing fingerprints on both devices
    /// (nothing is sent to or imported from it before).
    Confirm {
        /// The pairing's id.
        pairing_id: String,
        /// The fingerprint the other device shows for its own key.
        fingerprint: String,
    },
    /// Write an encrypted, signed bundle of what the member may see.
    Export {
        /// The member's id.
        #[arg(long = "to")]
        member_id: String,
        /// First day (default: 30 days ago).
        #[arg(long)]
        from: Option<String>,
        /// Last day (default: today).
        #[arg(long)]
        until: Option<String>,
        /// The bundle file to write.
        #[arg(long)]
        out: String,
        #[command(flatten)]
        secret: SecretArg,
    },
    /// Therapist side: import a bundle (or a revocation notice).
    Import {
        /// The bundle file.
        file: String,
        #[command(flatten)]
        secret: SecretArg,
    },
    /// Client side: write a signed revocation notice for a member (their
    /// copy of the data is deleted when they import it).
    Revoke {
        /// The member's id.
        member_id: String,
        /// The notice file to write.
        #[arg(long)]
        out: String,
        #[command(flatten)]
        secret: SecretArg,
    },
    /// Paired keys.
    Paired,
    /// Therapist side: clients and their bundles.
    Clients,
    /// Therapist side: one client's bundles (newest per period).
    Bundles {
        /// The client's id.
        client_id: String,
    },
    /// Therapist side: the client's newest update as the clinician report
    /// (HTML with its charts), limited to what they shared, with the scope
    /// of their consent on the page.
    Report {
        /// The client's id (`cadence share clients`).
        client_id: String,
        /// Where to write the HTML.
        #[arg(long, default_value = "client-report.html")]
        out: String,
        /// Print the short text summary instead of writing HTML.
        #[arg(long)]
        text: bool,
    },
}

fn api(e: cadence_ffi::CadenceError) -> String {
    e.to_string()
}

/// A client's report failed: no update held says what to do.
fn no_update(client_id: &str) -> impl Fn(cadence_ffi::CadenceError) -> String + '_ {
    move |e| {
        match e {
        cadence_ffi::CadenceError::NotFound { .. } => format!(
            "no update from client {client_id} is held: import the file they sent with `cadence share import FILE --secret-env VAR` (clients: `cadence share clients`)"
        ),
        e => api(e),
    }
    }
}

/// Runs the command.
pub fn run(ctx: &Ctx, cmd: ShareCmd) -> CmdResult {
    let app = &ctx.app;
    let now = Some(ctx.now);
    match cmd {
        ShareCmd::Keys { secret } => {
            let id = app.create_share_keys(secret.bytes()?, now).map_err(api)?;
            let text = format!(
                "pairing code: {}\nfingerprint:  {}",
                id.pairing_code, id.fingerprint
            );
            print(ctx, &id, &text);
        }
        ShareCmd::PairMember { member_id, code } => {
            let k = app.pair_recipient(member_id, code, now).map_err(api)?;
            print(
                ctx,
                &k,
                &format!("paired; compare the fingerprint: {}", k.fingerprint),
            );
        }
        ShareCmd::PairClient { label, code } => {
            let k = app.pair_client(label, code, now).map_err(api)?;
            print(
                ctx,
                &k,
                &format!("paired; compare the fingerprint: {}", k.fingerprint),
            );
        }
        ShareCmd::Confirm {
            pairing_id,
            fingerprint,
        } => {
            let k = app
                .confirm_pairing(pairing_id, fingerprint, now)
                .map_err(api)?;
            print(ctx, &k, "pairing confirmed: sharing with this key is on");
        }
        ShareCmd::Export {
            member_id,
            from,
            until,
            out,
            secret,
        } => {
            let to = match until {
                Some(d) => parse_date("until", &d).map_err(|e| e.to_string())?,
                None => ctx.today()?,
            };
            let from = match from {
                Some(d) => parse_date("from", &d).map_err(|e| e.to_string())?,
                None => to - Duration::days(29),
            };
            let b = app
                .export_share_bundle(secret.bytes()?, member_id, from, to, now)
                .map_err(api)?;
            std::fs::write(&out, &b.bytes).map_err(|e| format!("{out}: {}", e.kind()))?;
            let summary = serde_json::json!({
                "file": out, "sha256": b.sha256, "sequence": b.sequence,
                "from": b.from, "to": b.to, "records": b.record_count,
            });
            print(
                ctx,
                &summary,
                &format!(
                    "{} records from {} to {} written to {out}",
                    b.record_count, b.from, b.to
                ),
            );
        }
        ShareCmd::Import { file, secret } => {
            let bytes = std::fs::read(&file).map_err(|e| format!("{file}: {}", e.kind()))?;
            let outcome = app
                .import_share_bundle(secret.bytes()?, bytes, now)
                .map_err(api)?;
            print(ctx, &outcome, &format!("{outcome:?}"));
        }
        ShareCmd::Revoke {
            member_id,
            out,
            secret,
        } => {
            let notice = app
                .share_revocation_notice(secret.bytes()?, member_id, now)
                .map_err(api)?;
            std::fs::write(&out, &notice).map_err(|e| format!("{out}: {}", e.kind()))?;
            print(
                ctx,
                &serde_json::json!({ "file": out }),
                &format!("revocation notice written to {out}"),
            );
        }
        ShareCmd::Paired => {
            let keys = app.paired_keys().map_err(api)?;
            let text = keys
                .iter()
                .map(|k| format!("{:?} {} — {}", k.role, k.label, k.fingerprint))
                .collect::<Vec<_>>()
                .join("\n");
            print(ctx, &keys, &text);
        }
        ShareCmd::Clients => {
            let clients = app.share_clients().map_err(api)?;
            let text = clients
                .iter()
                .map(|c| {
                    format!(
                        "{} [{}]: {} bundle(s)",
                        c.pairing.label, c.pairing.id, c.bundles
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(ctx, &clients, &text);
        }
        ShareCmd::Bundles { client_id } => {
            let bundles = app.client_bundles(client_id).map_err(api)?;
            let values: Vec<serde_json::Value> = bundles
                .iter()
                .map(|b| {
                    serde_json::json!({
                        "sequence": b.sequence, "from": b.from, "to": b.to,
                        "records": b.record_count, "sha256": b.sha256,
                        "update": serde_json::from_str::<serde_json::Value>(&b.update_json).unwrap_or_default(),
                        "disclosure": serde_json::from_str::<serde_json::Value>(&b.disclosure_json).unwrap_or_default(),
                    })
                })
                .collect();
            let text = bundles
                .iter()
                .map(|b| {
                    format!(
                        "#{} {}..{}: {} records",
                        b.sequence, b.from, b.to, b.record_count
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(ctx, &values, &text);
        }
        ShareCmd::Report {
            client_id,
            out,
            text,
        } => {
            if text {
                let summary = app
                    .client_report_text(client_id.clone())
                    .map_err(no_update(&client_id))?;
                print(ctx, &serde_json::json!({ "text": summary }), &summary);
                return Ok(());
            }
            let html = app
                .client_report_html(client_id.clone())
                .map_err(no_update(&client_id))?;
            std::fs::write(&out, html).map_err(|e| format!("{out}: {}", e.kind()))?;
            print(
                ctx,
                &serde_json::json!({ "report": out, "client_id": client_id }),
                &format!("report of client {client_id} written to {out}"),
            );
        }
    }
    Ok(())
}
