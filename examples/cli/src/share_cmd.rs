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
    /// The secret's 32 bytes, read from the environment variable.
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        let hex = std::env::var(&self.secret_env)
            .map_err(|_| format!("environment variable {} is not set", self.secret_env))?;
        crate::commands::hex_key(&hex)
    }
}

/// `cadence share ...`
#[derive(Debug, Subcommand)]
pub enum ShareCmd {
    /// Create this device's share keys (or show them): the pairing code and
    /// fingerprint to give the other side — a care-team member, or another
    /// of your own devices (`cadence device pair` there). On a new device
    /// this creates its database file; the data arrives with `cadence sync`.
    Keys {
        #[command(flatten)]
        secret: SecretArg,
        /// Print only the pairing code (for scripts: `CODE=$(cadence share
        /// keys --secret-env VAR --code-only)`).
        #[arg(long)]
        code_only: bool,
        /// Print only this device's fingerprint (what the other person reads
        /// back before confirming the pairing).
        #[arg(long, conflicts_with = "code_only")]
        fingerprint_only: bool,
    },
    /// Client side: pair a care-team member's pairing code.
    PairMember {
        /// The member: their name, or the start of their name or id.
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
        /// Whose key: the member's name (client side), the client's label
        /// (care-team side), or the pairing's id.
        pairing_id: String,
        /// The fingerprint the other device shows for its own key.
        fingerprint: String,
    },
    /// Write an encrypted, signed bundle of what the member may see.
    Export {
        /// The member: their name, or the start of their name or id.
        #[arg(long = "member", alias = "to")]
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
        /// The member: their name, or the start of their name or id.
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
        /// The client: the label given at pairing, or the start of it or of the id.
        client_id: String,
    },
    /// Therapist side: the client's newest update as the clinician report
    /// (HTML with its charts), limited to what they shared, with the scope
    /// of their consent on the page.
    Report {
        /// The client: the label given at pairing, or the start of it or of
        /// the id (`cadence share clients`).
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
    match e {
        // Share commands open this device's share keys with the secret: a
        // wrong key here is the secret, not the database.
        cadence_ffi::CadenceError::WrongKey => {
            "the share secret does not open this device's share keys: check the 64 hex digits \
             in --secret-env (the database itself opened fine)"
                .to_string()
        }
        e => e.to_string(),
    }
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
        ShareCmd::Keys {
            secret,
            code_only,
            fingerprint_only,
        } => {
            let id = app.create_share_keys(secret.bytes()?, now).map_err(api)?;
            if code_only {
                print(ctx, &id.pairing_code, &id.pairing_code);
                return Ok(());
            }
            if fingerprint_only {
                print(ctx, &id.fingerprint, &id.fingerprint);
                return Ok(());
            }
            let text = format!(
                "pairing code: {}\nfingerprint:  {}",
                id.pairing_code, id.fingerprint
            );
            print(ctx, &id, &text);
        }
        ShareCmd::PairMember { member_id, code } => {
            let member_id = crate::names::member_id(ctx, &member_id)?;
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
            let pairing_id = crate::names::pairing_id(ctx, &pairing_id)?;
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
            let member_id = crate::names::member_id(ctx, &member_id)?;
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
            let bytes = std::fs::read(&file).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => format!("no file at {file}"),
                k => format!("cannot read {file}: {k}"),
            })?;
            let outcome = app
                .import_share_bundle(secret.bytes()?, bytes, now)
                .map_err(api)?;
            print(ctx, &outcome, &outcome_text(ctx, &outcome));
        }
        ShareCmd::Revoke {
            member_id,
            out,
            secret,
        } => {
            let member_id = crate::names::member_id(ctx, &member_id)?;
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
            let members = app.care_members().unwrap_or_default();
            let text = if keys.is_empty() {
                "No paired keys yet (client: `cadence share pair-member NAME CODE`; \
                 therapist or prescriber: `cadence share pair-client LABEL CODE`)."
                    .to_string()
            } else {
                keys.iter()
                    .map(|k| {
                        let who = k
                            .member_id
                            .as_ref()
                            .and_then(|id| members.iter().find(|m| &m.id == id))
                            .map_or_else(|| k.label.clone(), |m| m.name.clone());
                        let role = match k.role {
                            cadence_core::share::PeerRole::Recipient => "care-team member",
                            cadence_core::share::PeerRole::Client => "client",
                        };
                        let state = match (k.revoked_at, k.verified_at) {
                            (Some(t), _) => format!("revoked on {}", ctx.local(t)),
                            (None, Some(t)) => format!("active, confirmed {}", ctx.local(t)),
                            (None, None) => "not confirmed yet (compare the fingerprints, \
                                 then `cadence share confirm`)"
                                .to_string(),
                        };
                        format!(
                            "{who} ({role}): key {state}, paired {}, fingerprint {}",
                            ctx.local(k.paired_at),
                            k.fingerprint
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            print(ctx, &keys, &text);
        }
        ShareCmd::Clients => {
            let clients = app.share_clients().map_err(api)?;
            let text = if clients.is_empty() {
                "No clients paired yet (`cadence share pair-client LABEL CODE`).".to_string()
            } else {
                clients
                    .iter()
                    .map(|c| {
                        let state = match c.pairing.revoked_at {
                            Some(t) => format!(
                                "the client revoked sharing on {} (their data was deleted)",
                                ctx.local(t)
                            ),
                            None => "sharing".to_string(),
                        };
                        format!(
                            "{} (id {}): {state}; {} update(s) held",
                            c.pairing.label,
                            crate::dose_cmd::short_id(&c.pairing.id),
                            c.bundles
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            print(ctx, &clients, &text);
        }
        ShareCmd::Bundles { client_id } => {
            let client_id = crate::names::client_id(ctx, &client_id)?;
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
                        "Update #{} covering {} to {}: {} records, imported {}",
                        b.sequence,
                        b.from,
                        b.to,
                        b.record_count,
                        ctx.local(b.imported_at)
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
            let client_id = crate::names::client_id(ctx, &client_id)?;
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
                &format!(
                    "The report of {}'s newest update was written to {out}.",
                    app.share_clients()
                        .unwrap_or_default()
                        .into_iter()
                        .find(|c| c.pairing.id == client_id)
                        .map_or_else(|| "the client".to_string(), |c| c.pairing.label)
                ),
            );
        }
    }
    Ok(())
}

/// What an import did, in a sentence.
fn outcome_text(ctx: &Ctx, o: &cadence_core::share::ImportOutcome) -> String {
    use cadence_core::share::ImportOutcome;
    let label = |id: &str| {
        ctx.app
            .share_clients()
            .unwrap_or_default()
            .into_iter()
            .find(|c| c.pairing.id == id)
            .map_or_else(|| "the client".to_string(), |c| c.pairing.label)
    };
    match o {
        ImportOutcome::Imported {
            client_id,
            sequence,
            from,
            to,
            superseded,
        } => format!(
            "Imported update #{sequence} from {} covering {from} to {to}{} \
             (`cadence share report {}` renders it).",
            label(client_id),
            if *superseded {
                ", replacing the earlier one for the same period"
            } else {
                ""
            },
            label(client_id)
        ),
        ImportOutcome::Revoked {
            client_id,
            bundles_deleted,
        } => format!(
            "{} revoked sharing: {bundles_deleted} update(s) from them were deleted.",
            label(client_id)
        ),
    }
}
