//! `cairn search`: full-text search over the library with filters and sorts.

use super::emit::{self, day};
use cairn::library::{self, SearchHit, SearchQuery, SortKey, Validity, VerdictFilter};
use cairn::wallet::Wallet;
use cairn::{Error, Result};
use clap::Args;

/// Arguments of `cairn search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find in titles, descriptions, issuers, skills and criteria (all must occur)
    query: Option<String>,
    /// Only credentials with this tag (repeatable: all must be present)
    #[arg(long)]
    tag: Vec<String>,
    /// Only credentials whose issuer name contains this
    #[arg(long)]
    issuer: Option<String>,
    /// Only credentials of this format (ob3-json, ob2-json, clr2-json, ...)
    #[arg(long)]
    format: Option<String>,
    /// Only credentials whose validity has ended
    #[arg(long)]
    expired: bool,
    /// Only valid credentials whose validity ends within DAYS days
    #[arg(long, value_name = "DAYS")]
    expiring: Option<u32>,
    /// Order: relevance, date, issuer, type, status or title
    #[arg(long, default_value = "relevance")]
    sort: String,
    /// At most this many results
    #[arg(long)]
    limit: Option<u32>,
    /// Only credentials issued to you (to an identity in `cairn profile`)
    #[arg(long)]
    mine: bool,
    /// Only credentials whose latest verification was: valid (or verified), invalid,
    /// indeterminate, or unverified (never checked; see `cairn verify --all`)
    #[arg(long, value_name = "RESULT")]
    verdict: Option<String>,
    /// Only credentials verified as valid (same as --verdict valid)
    #[arg(long, conflicts_with_all = ["verdict", "invalid"])]
    verified: bool,
    /// Only credentials whose verification failed (same as --verdict invalid)
    #[arg(long, conflicts_with = "verdict")]
    invalid: bool,
    /// Judge expiry at this RFC 3339 date-time instead of now
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
}

/// Runs `cairn search`.
pub fn run(args: SearchArgs, wallet: &Wallet, json: bool) -> Result<u8> {
    let sort = SortKey::parse(&args.sort).ok_or_else(|| {
        Error::invalid(format!(
            "unknown sort '{}': use relevance, date, issuer, type, status or title",
            args.sort
        ))
    })?;
    let verdict = match (args.verdict.as_deref(), args.verified, args.invalid) {
        (Some(name), _, _) => Some(VerdictFilter::parse(name).ok_or_else(|| {
            Error::invalid(format!(
                "unknown verdict '{name}': use valid, invalid, indeterminate or unverified"
            ))
        })?),
        (None, true, _) => Some(VerdictFilter::Valid),
        (None, _, true) => Some(VerdictFilter::Invalid),
        (None, false, false) => None,
    };
    let query = SearchQuery {
        text: args.query,
        tags: args.tag,
        issuer: args.issuer,
        format: args.format,
        expired: args.expired,
        expiring_within_days: args.expiring,
        sort,
        limit: args.limit,
        as_of: args.as_of,
        issued_to_you: args.mine,
        verdict,
    };
    let hits = library::search(wallet, &query)?;
    if json {
        emit::json(&hits);
    } else {
        print_hits(&hits);
    }
    Ok(0)
}

/// Prints search hits as text, one per line.
pub fn print_hits(hits: &[SearchHit]) {
    if hits.is_empty() {
        emit::line("No credential matches.");
        return;
    }
    for h in hits {
        let c = &h.summary;
        let status = match h.validity {
            Validity::Expired => format!("  [expired {}]", day(c.valid_until.as_deref())),
            Validity::ExpiringSoon => format!("  [expires {}]", day(c.valid_until.as_deref())),
            _ => String::new(),
        };
        let verdict = match h.verdict {
            Some(cairn::verify::Verdict::Invalid) => "  [invalid]",
            Some(cairn::verify::Verdict::Indeterminate) => "  [not fully checked]",
            _ => "",
        };
        let tags = if h.tags.is_empty() {
            String::new()
        } else {
            format!("  #{}", h.tags.join(" #"))
        };
        emit::line(&format!(
            "{}  {}  {:<40}  {}{status}{verdict}{tags}",
            c.id,
            day(c.issued_on.as_deref()),
            c.title,
            c.issuer.as_deref().unwrap_or("unknown issuer"),
        ));
    }
    emit::line(&format!("{} found", hits.len()));
}
