//! JSON-LD contexts Cairn does not ship, pinned in the wallet (schema V9): fetched once over
//! HTTPS when the learner allows it, kept with their SHA-256 and the time they were fetched,
//! reused offline, and never replaced by a later, different answer from the same URL.

use super::Wallet;
use crate::error::{Error, ErrorCode, Result};
use crate::model::sha256_hex;
use crate::verify::{Contexts, Fetch};
use chrono::{DateTime, Utc};
use rusqlite::params;
use std::collections::BTreeSet;

/// A context pinned in the wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextPin {
    /// The URL the context was fetched from (as the credential names it).
    pub url: String,
    /// The bytes fetched the first time.
    pub bytes: Vec<u8>,
    /// Their SHA-256, hex.
    pub sha256: String,
    /// When they were fetched (RFC 3339).
    pub fetched_at: String,
}

impl ContextPin {
    /// What a report says of a credential that uses this context.
    pub fn note(&self) -> String {
        format!(
            "the JSON-LD context {} is not shipped with Cairn: it was fetched from its URL on {} \
             and is pinned in this wallet (SHA-256 {})",
            self.url,
            crate::export::day(&self.fetched_at),
            short(&self.sha256)
        )
    }

    /// What a report says when the URL now answers with other bytes than the pinned ones.
    pub fn changed_note(&self, now_sha256: &str) -> String {
        format!(
            "the JSON-LD context {} now answers differently (SHA-256 {}) from the copy pinned in \
             this wallet on {} (SHA-256 {}): the new answer is refused and the pinned copy used",
            self.url,
            short(now_sha256),
            crate::export::day(&self.fetched_at),
            short(&self.sha256)
        )
    }
}

fn short(sha256: &str) -> &str {
    sha256.get(..16).unwrap_or(sha256)
}

impl Wallet {
    /// Every context pinned in the wallet, by URL.
    pub fn context_pins(&self) -> Result<Vec<ContextPin>> {
        let mut stmt = self
            .conn
            .prepare("SELECT url, bytes, sha256, fetched_at FROM context_pin ORDER BY url")?;
        let rows = stmt.query_map([], |r| {
            Ok(ContextPin {
                url: r.get(0)?,
                bytes: r.get(1)?,
                sha256: r.get(2)?,
                fetched_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Pins contexts fetched for the first time. A URL already pinned keeps its first bytes:
    /// a pin is never replaced.
    pub fn keep_context_pins(&self, pins: &[ContextPin]) -> Result<usize> {
        if pins.is_empty() {
            return Ok(0);
        }
        self.write(|tx| {
            let mut added = 0;
            for pin in pins {
                added += tx.execute(
                    "INSERT OR IGNORE INTO context_pin (url, sha256, bytes, fetched_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![pin.url, pin.sha256, pin.bytes, pin.fetched_at],
                )?;
            }
            Ok(added)
        })
    }
}

/// The largest context fetched, in bytes (the biggest Cairn ships is under 100 KB).
const MAX_CONTEXT_BYTES: usize = 1024 * 1024;
/// The most contexts fetched in one run (a context may import others).
const MAX_FETCHED: usize = 32;

/// Fetches the context at `url` over HTTPS for pinning: it must answer 2xx with a JSON object
/// that has an `@context`, under 1 MiB.
pub fn fetch_context(fetch: &dyn Fetch, url: &str, now: DateTime<Utc>) -> Result<ContextPin> {
    if !url.starts_with("https://") {
        return Err(Error::new(
            ErrorCode::Forbidden,
            format!("the JSON-LD context {url} is not fetched: only https contexts are"),
        ));
    }
    let fetched = fetch.fetch(url)?;
    if !fetched.is_success() {
        return Err(Error::new(
            ErrorCode::Network,
            format!(
                "the JSON-LD context {url} could not be fetched (HTTP {})",
                fetched.status
            ),
        ));
    }
    if fetched.bytes.len() > MAX_CONTEXT_BYTES {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!("the JSON-LD context {url} is larger than 1 MiB"),
        ));
    }
    let value = crate::import::json::parse_strict_slice(&fetched.bytes)
        .map_err(|e| Error::invalid(format!("the JSON-LD context {url} is not JSON ({e})")))?;
    if value.get("@context").is_none() {
        return Err(Error::invalid(format!(
            "the document at {url} is not a JSON-LD context (it has no @context)"
        )));
    }
    Ok(ContextPin {
        url: url.to_owned(),
        sha256: sha256_hex(&fetched.bytes),
        bytes: fetched.bytes,
        fetched_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// The context URLs a JSON-LD value names: strings under `@context` (and `@import`), at any
/// depth (a context's own scoped contexts may name further ones).
pub fn context_urls(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    fn named(value: &serde_json::Value, out: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::String(s) => {
                out.insert(s.clone());
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    named(item, out);
                }
            }
            serde_json::Value::Object(_) => context_urls(value, out),
            _ => {}
        }
    }
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                if key == "@context" || key == "@import" {
                    named(v, out);
                } else {
                    context_urls(v, out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                context_urls(item, out);
            }
        }
        _ => {}
    }
}

/// Fetches every context of `urls` (and those they name in turn) that `contexts` lacks, adding
/// each to `contexts` with its note; returns the new pins and, for those that could not be
/// fetched, why. Used by a wallet's verifier (which then pins them) and by `cairn verify FILE
/// --fetch-contexts` (which does not).
pub fn learn_contexts(
    fetch: &dyn Fetch,
    contexts: &mut Contexts,
    urls: BTreeSet<String>,
    now: DateTime<Utc>,
) -> (Vec<ContextPin>, Vec<Error>) {
    let mut pins = Vec::new();
    let mut failures = Vec::new();
    let mut queue: Vec<String> = urls.into_iter().collect();
    let mut seen = BTreeSet::new();
    while let Some(url) = queue.pop() {
        if contexts.contains(&url) || !seen.insert(url.clone()) {
            continue;
        }
        if pins.len() >= MAX_FETCHED {
            failures.push(Error::new(
                ErrorCode::TooLarge,
                format!("more than {MAX_FETCHED} JSON-LD contexts to fetch; {url} was not"),
            ));
            continue;
        }
        match fetch_context(fetch, &url, now) {
            Ok(pin) => {
                if let Err(err) = contexts.add_noted(&pin.url, &pin.bytes, pin.note()) {
                    failures.push(err);
                    continue;
                }
                if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&pin.bytes) {
                    let mut more = BTreeSet::new();
                    context_urls(&value, &mut more);
                    queue.extend(more);
                }
                pins.push(pin);
            }
            Err(err) => failures.push(err),
        }
    }
    (pins, failures)
}
