//! `cairn verify`: verify credential files without importing them, or re-verify the whole
//! wallet (`--all`) and record the results in its verification history.

use super::{EXIT_FAILED, EXIT_OK, EXIT_WALLET};
use cairn::Error;
use cairn::net::{Client, NetPolicy};
use cairn::recipient::Identity;
use cairn::verify::history::History;
use cairn::verify::{
    Check, CheckStatus, Contexts, Fetch, FetchCache, Label, Report, Verdict, VerifyOptions,
    verify_document,
};
use cairn::wallet::{Network, Wallet};
use clap::Args;
use serde::Serialize;
use std::io::Write as _;
use std::path::PathBuf;

/// Arguments of `cairn verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Credential files to verify (they are not imported)
    #[arg(
        value_name = "FILE",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub files: Vec<PathBuf>,
    /// Re-verify every credential in the wallet and record the results
    #[arg(long)]
    pub all: bool,
    /// Do not use the network: checks that need it are skipped, with the reason
    #[arg(long, conflicts_with = "online")]
    pub offline: bool,
    /// With --all: use the network even when the wallet's offline setting is on
    #[arg(long, requires = "all")]
    pub online: bool,
    /// Fetch JSON-LD contexts Cairn does not ship (HTTPS only), so credentials that use them can
    /// be checked; with --all they are pinned in the wallet and reused offline
    #[arg(long, conflicts_with = "offline")]
    pub fetch_contexts: bool,
    /// One of your identities, to check credentials were issued to you (e.g. email:me@example.org)
    #[arg(long = "identity", value_name = "KIND:VALUE")]
    pub identities: Vec<String>,
    /// For a signed presentation: the challenge its proof must carry
    #[arg(long, value_name = "TEXT", conflicts_with = "all")]
    pub challenge: Option<String>,
    /// For a signed presentation: the domain its proof must carry
    #[arg(long, value_name = "TEXT", conflicts_with = "all")]
    pub domain: Option<String>,
}

/// One line of `--json` output.
#[derive(Serialize)]
struct Line<'a> {
    source: &'a str,
    credential_id: Option<&'a str>,
    format: Option<&'a str>,
    verdict: &'a str,
    reason: Option<&'a str>,
    /// The verdict in words, as the app shows it ("Expired", "Not genuine"…).
    label: String,
    checks: Vec<LineCheck<'a>>,
}

#[derive(Serialize)]
struct LineCheck<'a> {
    name: &'a str,
    status: &'a str,
    message: &'a str,
}

fn print(json: bool, source: &str, report: &Report) {
    let mut out = std::io::stdout().lock();
    if json {
        let line = Line {
            source,
            credential_id: report.credential_id.as_deref(),
            format: report.format.map(|f| f.as_str()),
            verdict: report.verdict.as_str(),
            reason: report.reason.map(|r| r.as_str()),
            label: Label::new(report.verdict, report.reason).word,
            checks: report
                .checks
                .iter()
                .map(|c: &Check| LineCheck {
                    name: c.name.as_str(),
                    status: c.status.as_str(),
                    message: &c.message,
                })
                .collect(),
        };
        if let Ok(text) = serde_json::to_string(&line) {
            let _ = writeln!(out, "{}", super::output::json_safe(&text));
        }
        return;
    }
    let what = match report.format {
        Some(format) => format.label(),
        None if report
            .checks
            .first()
            .is_some_and(|c| c.message.starts_with("Verifiable Presentation")) =>
        {
            "Verifiable Presentation"
        }
        None => "unrecognised",
    };
    let label = Label::new(report.verdict, report.reason);
    let words = if report.verdict == Verdict::Valid {
        String::new()
    } else {
        format!(": {}", label.word)
    };
    let _ = writeln!(
        out,
        "{}: {}{words} ({what})",
        super::output::safe(source),
        report.verdict.as_str().to_uppercase()
    );
    for check in &report.checks {
        let mark = match check.status {
            CheckStatus::Pass => "ok  ",
            CheckStatus::Fail => "FAIL",
            CheckStatus::Warn => "warn",
            CheckStatus::Skip => "skip",
        };
        let _ = writeln!(
            out,
            "  {mark} {:<10} {}",
            check.name.as_str(),
            super::output::safe(&check.message)
        );
    }
}

fn identities(args: &VerifyArgs) -> Result<Vec<Identity>, Error> {
    args.identities
        .iter()
        .map(|text| match text.split_once(':') {
            Some((kind, value)) if !kind.is_empty() && !value.is_empty() => Ok(Identity {
                kind: kind.to_owned(),
                value: value.to_owned(),
            }),
            _ => Err(Error::invalid(format!(
                "--identity {text}: expected KIND:VALUE, e.g. email:me@example.org"
            ))),
        })
        .collect()
}

/// A signed Verifiable Presentation in a file, which is verified whole rather than split into
/// its credentials.
fn signed_presentation(path: &std::path::Path) -> Option<serde_json::Value> {
    let bytes = std::fs::read(path).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let doc: serde_json::Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}').trim()).ok()?;
    (cairn::verify::presentation::is_presentation(&doc) && doc.get("proof").is_some())
        .then_some(doc)
}

/// The documents in one file: a JWS/JWT as it is, anything else through the importer.
fn documents(path: &std::path::Path) -> Result<Vec<String>, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    let name = path.display().to_string();
    let text = String::from_utf8_lossy(&bytes);
    if cairn::verify::jose::looks_compact(text.trim()) {
        return Ok(vec![text.trim().to_owned()]);
    }
    let found = cairn::import::extract(&name, &bytes)?;
    Ok(found.into_iter().map(|f| f.document).collect())
}

/// Runs `cairn verify` (files or `--all`) and returns the exit status: 0 when every credential
/// is valid, 1 when any is invalid, indeterminate or unreadable, 3 on a wallet error.
pub fn run(args: &VerifyArgs, json: bool, wallet: Option<&mut Wallet>) -> Result<u8, (Error, u8)> {
    let identities = identities(args).map_err(|e| (e, 2))?;
    let mut all_valid = true;
    if args.all {
        let Some(wallet) = wallet else {
            return Err((Error::internal("no wallet is open"), EXIT_WALLET));
        };
        // The wallet decides: its offline setting holds unless --online or --offline says
        // otherwise; offline, what it fetched at import stands in, with its age.
        let network = if args.offline {
            Network::Offline
        } else if args.online {
            Network::Online
        } else {
            Network::Settings
        };
        let mut verifying = wallet.verifying(network).map_err(|e| (e, EXIT_WALLET))?;
        verifying.add_identities(identities);
        if args.fetch_contexts {
            verifying.allow_context_fetch();
        }
        if verifying.fetches_contexts() {
            let urls = wallet.context_urls().map_err(|e| (e, EXIT_WALLET))?;
            verifying.learn_contexts(urls);
            for failure in verifying.context_failures() {
                eprintln!("context: {}", super::output::safe(&failure.message));
            }
        }
        {
            let session = verifying.session();
            let history = History::open(wallet).map_err(|e| (e, EXIT_WALLET))?;
            history
                .reverify_all(&session.options(), session.online(), &mut |done| {
                    all_valid &= done.report.verdict == Verdict::Valid;
                    print(json, &done.id, &done.report);
                })
                .map_err(|e| (e, EXIT_WALLET))?;
        }
        let pinned = wallet
            .keep_contexts(&verifying)
            .map_err(|e| (e, EXIT_WALLET))?;
        if pinned > 0 && !json {
            eprintln!("pinned {pinned} JSON-LD context(s) in the wallet");
        }
        return Ok(if all_valid { EXIT_OK } else { EXIT_FAILED });
    }
    let client = if args.offline {
        None
    } else {
        Some(Client::new(NetPolicy::from_env()).map_err(|e| (e, EXIT_FAILED))?)
    };
    let now = chrono::Utc::now();
    let cache = FetchCache::new(client.as_ref().map(|c| c as &dyn Fetch), now);
    // Asked to, contexts Cairn does not ship are fetched for these files (not pinned: there
    // is no wallet here).
    let mut fetched_contexts = None;
    if args.fetch_contexts
        && let Some(client) = &client
    {
        let mut urls = std::collections::BTreeSet::new();
        for path in &args.files {
            for doc in documents(path).unwrap_or_default() {
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(&doc) {
                    cairn::wallet::contexts::context_urls(&value, &mut urls);
                }
            }
        }
        let mut set = Contexts::embedded().clone();
        let (_, failures) = cairn::wallet::contexts::learn_contexts(client, &mut set, urls, now);
        for failure in failures {
            eprintln!("context: {}", super::output::safe(&failure.message));
        }
        fetched_contexts = Some(set);
    }
    let options = VerifyOptions {
        fetch: client.is_some().then_some(&cache as &dyn Fetch),
        now,
        identities: &identities,
        contexts: fetched_contexts
            .as_ref()
            .unwrap_or_else(|| Contexts::embedded()),
    };
    {
        for path in &args.files {
            let source = path.display().to_string();
            if let Some(doc) = signed_presentation(path) {
                use cairn::verify::presentation::{Expected, verify_presentation};
                let expected = Expected {
                    challenge: args.challenge.as_deref(),
                    domain: args.domain.as_deref(),
                };
                let whole = verify_presentation(&doc, &options, &expected);
                all_valid &= whole.report.verdict == Verdict::Valid;
                print(json, &source, &whole.report);
                let count = whole.credentials.len();
                for (i, report) in whole.credentials.iter().enumerate() {
                    let part = format!("{source} (credential {} of {count})", i + 1);
                    print(json, &part, report);
                }
                continue;
            }
            match documents(path) {
                Ok(docs) => {
                    for doc in docs {
                        let report = verify_document(&doc, &options);
                        all_valid &= report.verdict == Verdict::Valid;
                        print(json, &source, &report);
                    }
                }
                Err(err) => {
                    all_valid = false;
                    let report = Report {
                        verdict: Verdict::Invalid,
                        reason: Some(cairn::verify::Reason::Malformed),
                        checks: vec![Check {
                            name: cairn::verify::CheckName::Format,
                            status: CheckStatus::Fail,
                            message: err.message,
                            required: true,
                            reason: Some(cairn::verify::Reason::Malformed),
                        }],
                        credential_id: None,
                        format: None,
                        checked_at: options.now.to_rfc3339(),
                    };
                    print(json, &source, &report);
                }
            }
        }
    }
    Ok(if all_valid { EXIT_OK } else { EXIT_FAILED })
}
