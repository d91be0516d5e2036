//! `cairn match`: match a job posting against the wallet, optionally creating a portfolio.

use super::emit;
use cairn::skills::posting::{self, MAX_POSTING_BYTES};
use cairn::wallet::Wallet;
use cairn::{Error, ErrorCode, Result};
use clap::Args;
use std::io::Read as _;
use std::path::PathBuf;

/// Arguments of `cairn match`.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// A text file holding the posting, or `-` to read it from standard input
    file: PathBuf,
    /// Also create a portfolio with this name from the match
    #[arg(long, value_name = "NAME")]
    create_portfolio: Option<String>,
    /// How many ranked credentials go into the portfolio
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Also use credentials left out for their verdict (revoked, not genuine, not yet valid),
    /// each visibly labelled
    #[arg(long)]
    include_invalid: bool,
}

fn read_posting(file: &PathBuf) -> Result<String> {
    let name = file.display().to_string();
    let mut bytes = Vec::new();
    let limit = MAX_POSTING_BYTES as u64 + 1;
    if name == "-" {
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::new(ErrorCode::Io, format!("standard input: {e}")))?;
    } else {
        std::fs::File::open(file)
            .and_then(|f| f.take(limit).read_to_end(&mut bytes))
            .map_err(|e| Error::io(file, &e))?;
    }
    if bytes.len() > MAX_POSTING_BYTES {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "{name}: the posting is larger than {} KB",
                MAX_POSTING_BYTES / 1024
            ),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|e| Error::invalid(format!("{name}: the posting is not UTF-8 text ({e})")))
}

/// Runs `cairn match`.
pub fn run(args: MatchArgs, wallet: &mut Wallet, json: bool) -> Result<u8> {
    let text = read_posting(&args.file)?;
    let found =
        posting::match_posting_with(wallet, &text, chrono::Utc::now(), args.include_invalid)
            .map_err(|e| e.in_file(&args.file.display().to_string()))?;
    let created = match &args.create_portfolio {
        Some(name) => Some(posting::create_portfolio(wallet, name, &found, args.limit)?),
        None => None,
    };
    super::export::tell_left_out(&found.left_out);
    if json {
        emit::json(
            &serde_json::json!({ "match": found, "portfolio": created, "left_out": found.left_out }),
        );
        return Ok(0);
    }
    emit::line(&format!("Posting: {}", found.title));
    if found.matched.is_empty() {
        emit::line("\nThe wallet evidences none of the skills this posting names.");
    } else {
        emit::line("\nSkills you can evidence:");
        for m in &found.matched {
            emit::line(&format!(
                "  {} (asked as \"{}\"): {} credential(s)",
                m.skill,
                m.found_as,
                m.credentials.len()
            ));
        }
        emit::line("\nCredentials to present:");
        for (i, r) in found.ranked.iter().enumerate().take(10) {
            let label = r
                .label
                .as_ref()
                .map(|l| format!("  [{l}]"))
                .unwrap_or_default();
            emit::line(&format!(
                "  {:>2}. {}  {}  ({})  score {}: {}{label}",
                i + 1,
                r.id,
                r.title,
                r.issuer.as_deref().unwrap_or("unknown issuer"),
                r.score,
                r.skills.join(", ")
            ));
        }
    }
    if found.ranked.len() > 10 {
        emit::line(&format!(
            "  ... and {} more (see --json)",
            found.ranked.len() - 10
        ));
    }
    if !found.gaps.is_empty() {
        emit::line("\nAsked for, not yet evidenced:");
        for g in &found.gaps {
            emit::line(&format!("  - {g}"));
        }
    }
    if let Some(id) = created {
        emit::line(&format!(
            "\nCreated portfolio #{id}: see `cairn portfolio show {id}`"
        ));
    }
    Ok(0)
}
