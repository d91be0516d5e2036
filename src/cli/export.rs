//! The `cairn export ...` subcommands: LinkedIn links, PDF transcripts and evidence packages.

use super::output::{Printer, print_json, say};
use cairn::Result;
use cairn::export::linkedin::{self, LinkedInOptions};
use cairn::export::package;
use cairn::export::presentation::{self, PresentationOptions};
use cairn::export::transcript::{self, TranscriptOptions};
use cairn::export::{Selection, gather, obeying, write_file};
use cairn::standing::{LeftOut, Selected};
use cairn::wallet::Wallet;
use clap::Subcommand;
use std::path::PathBuf;

/// What to export.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A credential baked into a PNG or SVG image that any badge wallet can import
    Baked {
        /// The credential's id, or a unique prefix of at least 4 characters
        id: String,
        /// The image to write: FILE.png or FILE.svg
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Also include credentials left out for their verdict (revoked, not genuine, not yet
        /// valid), each visibly labelled
        #[arg(long)]
        include_invalid: bool,
    },
    /// LinkedIn add-to-profile links and share text for one or more credentials
    Linkedin {
        /// Credential ids (or unique prefixes); several make a queue, in order
        #[arg(required_unless_present = "portfolio", value_name = "ID")]
        ids: Vec<String>,
        /// Every credential of this portfolio, in its order
        #[arg(long, value_name = "P", conflicts_with = "ids")]
        portfolio: Option<String>,
        /// A lasting verification URL to use instead of the credential's own
        #[arg(long, value_name = "URL")]
        cert_url: Option<String>,
        /// LinkedIn's numeric company id of the issuer
        #[arg(long, value_name = "ID")]
        organization_id: Option<String>,
        /// Also write the badge image as a PNG, to attach to a post (one credential only)
        #[arg(long, value_name = "FILE.png")]
        image: Option<PathBuf>,
        /// Also include credentials left out for their verdict (revoked, not genuine, not yet
        /// valid), each visibly labelled
        #[arg(long)]
        include_invalid: bool,
    },
    /// A PDF transcript of the whole wallet, or of the given credentials
    Transcript {
        /// Credential ids (or unique prefixes); the whole wallet when none are given
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// Where to write the PDF
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
        /// The learner's name for the cover
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// A title for the selection, shown on the cover
        #[arg(long, value_name = "TITLE")]
        title: Option<String>,
        /// Every credential of this portfolio (its name becomes the title)
        #[arg(long, value_name = "P", conflicts_with = "ids")]
        portfolio: Option<String>,
        /// Also include credentials left out for their verdict (revoked, not genuine, not yet
        /// valid), each visibly labelled
        #[arg(long)]
        include_invalid: bool,
    },
    /// An evidence package (zip): transcript, holder-signed presentation, originals and a
    /// readable index.html
    Package {
        /// Credential ids (or unique prefixes); the whole wallet when none are given
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// Where to write the zip
        #[arg(short, long, value_name = "FILE.zip")]
        output: PathBuf,
        /// The learner's name
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// A title for the package
        #[arg(long, value_name = "TITLE")]
        title: Option<String>,
        /// Every credential of this portfolio (its name becomes the title)
        #[arg(long, value_name = "P", conflicts_with = "ids")]
        portfolio: Option<String>,
        /// The verifier's challenge (nonce) to bind into the presentation's proof
        #[arg(long)]
        challenge: Option<String>,
        /// The verifier's domain to bind into the presentation's proof
        #[arg(long)]
        domain: Option<String>,
        /// Read the holder key's passphrase from the first line of this file
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
        /// Leave the signed presentation out (no passphrase needed)
        #[arg(long, conflicts_with_all = ["challenge", "domain", "passphrase_file"])]
        unsigned: bool,
        /// Also include credentials left out for their verdict (revoked, not genuine, not yet
        /// valid), each visibly labelled
        #[arg(long)]
        include_invalid: bool,
    },
    /// A Verifiable Presentation of credentials, signed with the wallet's holder key
    Presentation {
        /// Credential ids (or unique prefixes)
        #[arg(required_unless_present = "portfolio", value_name = "ID")]
        ids: Vec<String>,
        /// Every credential of this portfolio
        #[arg(long, value_name = "P", conflicts_with = "ids")]
        portfolio: Option<String>,
        /// Where to write the presentation JSON
        #[arg(short, long, value_name = "FILE.json")]
        output: PathBuf,
        /// The verifier's challenge (nonce) to bind into the proof
        #[arg(long)]
        challenge: Option<String>,
        /// The verifier's domain to bind into the proof
        #[arg(long)]
        domain: Option<String>,
        /// Read the holder key's passphrase from the first line of this file
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
        /// Also include credentials left out for their verdict (revoked, not genuine, not yet
        /// valid), each visibly labelled
        #[arg(long)]
        include_invalid: bool,
    },
}

fn selection(
    wallet: &Wallet,
    ids: Vec<String>,
    title: Option<String>,
    portfolio: Option<String>,
) -> Result<Selection> {
    if let Some(p) = portfolio {
        let mut s = Selection::portfolio(wallet, &p)?;
        if title.is_some() {
            s.title = title;
        }
        return Ok(s);
    }
    if ids.is_empty() {
        let mut all = Selection::whole_wallet(wallet)?;
        all.title = title;
        return Ok(all);
    }
    let ids = ids
        .iter()
        .map(|id| wallet.resolve_id(id))
        .collect::<Result<Vec<_>>>()?;
    Ok(Selection {
        title,
        purpose: None,
        ids,
    })
}

fn verified_options(
    wallet: &Wallet,
    selection: &Selection,
    name: Option<String>,
) -> Result<TranscriptOptions> {
    TranscriptOptions::for_selection(wallet, selection, name)
}

/// One line on stderr per credential left out, with the reason.
pub fn tell_left_out(left_out: &[LeftOut]) {
    for l in left_out {
        eprintln!("left out: {} ({}): {}", l.title, l.id, l.reason);
    }
}

/// One line on stderr per credential used that is not current (expired, or included despite
/// its verdict), with its label.
fn tell_labelled(picked: &Selected) {
    for id in &picked.ids {
        if let (Some(label), Some(s)) = (picked.label(id), picked.standings.get(id)) {
            eprintln!("note: {} ({}): {label}", s.title, id);
        }
    }
}

/// Runs one export subcommand.
pub fn run(printer: &Printer, wallet: &mut Wallet, command: ExportCommand) -> Result<u8> {
    match command {
        ExportCommand::Baked {
            id,
            output,
            include_invalid,
        } => super::export_baked(printer, wallet, &id, &output, include_invalid),
        ExportCommand::Linkedin {
            ids,
            portfolio,
            cert_url,
            organization_id,
            image,
            include_invalid,
        } => {
            let ids = match portfolio {
                Some(p) => Selection::portfolio(wallet, &p)?.ids,
                None => ids,
            };
            let options = LinkedInOptions {
                cert_url,
                organization_id,
            };
            let made = linkedin::entries(wallet, &ids, &options, include_invalid)?;
            tell_left_out(&made.left_out);
            let kept: Vec<String> = made.entries.iter().map(|e| e.wallet_id.clone()).collect();
            let items = gather(wallet, &kept)?;
            let queue = &made.entries;
            if let Some(path) = image {
                let [item] = items.as_slice() else {
                    return Err(cairn::Error::invalid(
                        "--image writes one badge: give exactly one credential id",
                    ));
                };
                let png = linkedin::badge_png(item).ok_or_else(|| {
                    cairn::Error::not_found(format!(
                        "{}: the wallet holds no PNG image for this credential",
                        item.detail.summary.id
                    ))
                })?;
                write_file(&path, &png.bytes)?;
            }
            if printer.json {
                print_json(&made);
            } else {
                for (n, c) in queue.iter().enumerate() {
                    if queue.len() > 1 {
                        say!("[{}/{}] {} ({})", n + 1, queue.len(), c.name, c.wallet_id);
                    }
                    if let Some(label) = &c.label {
                        say!("[{label}]");
                    }
                    say!("{}\n", c.url);
                    say!("{}\n", c.post_text);
                    for w in &c.warnings {
                        say!("note: {w}");
                    }
                }
            }
            Ok(0)
        }
        ExportCommand::Transcript {
            ids,
            output,
            name,
            title,
            portfolio,
            include_invalid,
        } => {
            let asked = selection(wallet, ids, title, portfolio)?;
            let (selection, picked) = obeying(wallet, &asked, include_invalid)?;
            tell_left_out(&picked.left_out);
            tell_labelled(&picked);
            let options = verified_options(wallet, &selection, name)?;
            let t = transcript::transcript_for(wallet, &selection, &options)?;
            write_file(&output, &t.pdf)?;
            if printer.json {
                print_json(&serde_json::json!({
                    "file": output.display().to_string(),
                    "pages": t.pages,
                    "credentials": t.credentials,
                    "bytes": t.pdf.len(),
                    "left_out": picked.left_out,
                }));
            } else {
                say!(
                    "wrote {} ({} credentials, {} pages, {} bytes)",
                    output.display(),
                    t.credentials,
                    t.pages,
                    t.pdf.len()
                );
            }
            Ok(0)
        }
        ExportCommand::Package {
            ids,
            output,
            name,
            title,
            portfolio,
            challenge,
            domain,
            passphrase_file,
            unsigned,
            include_invalid,
        } => {
            let asked = selection(wallet, ids, title, portfolio)?;
            let (selection, picked) = obeying(wallet, &asked, include_invalid)?;
            tell_left_out(&picked.left_out);
            tell_labelled(&picked);
            let options = verified_options(wallet, &selection, name)?;
            let presentable = presentation::presentable_count(wallet, &selection)? > 0;
            // Ask for the passphrase only when there is something to sign.
            let pass = if unsigned || !presentable {
                None
            } else {
                Some(super::backup::passphrase(
                    passphrase_file.as_deref(),
                    false,
                )?)
            };
            let p_options = PresentationOptions {
                challenge,
                domain,
                created: None,
            };
            let sign = pass.as_ref().map(|p| (p.as_bytes(), &p_options));
            let built = package::evidence(wallet, &selection, &options, sign)?;
            let (report, made) = (built.package, built.presentation);
            let note = (!unsigned && !presentable).then_some(
                "no signed presentation: none of these credentials is a Verifiable Credential",
            );
            write_file(&output, &report.zip)?;
            if printer.json {
                print_json(&serde_json::json!({
                    "file": output.display().to_string(),
                    "entries": report.entries,
                    "bytes": report.zip.len(),
                    "holder": made.as_ref().map(|p| p.holder.did.clone()),
                    "left_out": picked.left_out,
                }));
            } else {
                say!(
                    "wrote {} ({} files, {} bytes)",
                    output.display(),
                    report.entries.len(),
                    report.zip.len()
                );
                if let Some(p) = &made {
                    say!(
                        "presentation of {} credentials signed by {}",
                        p.included.len(),
                        p.holder.did
                    );
                }
                if let Some(note) = note {
                    say!("note: {note}");
                }
            }
            Ok(0)
        }
        ExportCommand::Presentation {
            ids,
            portfolio,
            output,
            challenge,
            domain,
            passphrase_file,
            include_invalid,
        } => {
            let asked = selection(wallet, ids, None, portfolio)?;
            let (selection, picked) = obeying(wallet, &asked, include_invalid)?;
            tell_left_out(&picked.left_out);
            tell_labelled(&picked);
            if selection.ids.is_empty() {
                return Err(cairn::Error::invalid(
                    "every chosen credential was left out for its verdict (see above); --include-invalid includes them, labelled",
                ));
            }
            let pass = super::backup::passphrase(passphrase_file.as_deref(), false)?;
            let options = PresentationOptions {
                challenge,
                domain,
                created: None,
            };
            let made = presentation::present(wallet, &selection, pass.as_bytes(), &options)?;
            let text = serde_json::to_vec_pretty(&made.document).map_err(|e| {
                cairn::Error::internal(format!("cannot encode the presentation: {e}"))
            })?;
            write_file(&output, &text)?;
            if printer.json {
                print_json(&serde_json::json!({
                    "file": output.display().to_string(),
                    "holder": made.holder.did,
                    "included": made.included,
                    "skipped": made.skipped,
                    "left_out": picked.left_out,
                    "labels": made.included.iter().filter_map(|id| picked.label(id).map(|l| serde_json::json!({"id": id, "label": l}))).collect::<Vec<_>>(),
                }));
            } else {
                say!(
                    "wrote {} ({} credentials, signed by {})",
                    output.display(),
                    made.included.len(),
                    made.holder.did
                );
                for (id, reason) in &made.skipped {
                    say!("left out {id}: {reason}");
                }
            }
            Ok(0)
        }
    }
}
