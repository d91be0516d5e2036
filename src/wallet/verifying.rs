//! The one place that decides how a wallet verifies: the network as the learner's offline
//! setting (or an explicit choice) allows, the documents kept at import standing in offline,
//! and the learner's identities for the recipient check. Imports (files, folders, URLs),
//! `cairn verify`, and the desktop app all build their verifier here.

use super::Wallet;
use super::contexts::{ContextPin, context_urls, fetch_context, learn_contexts};
use crate::error::{Error, ErrorCode, Result};
use crate::net::{Client, NetPolicy};
use crate::recipient::Identity;
use crate::verify::fetch::Fetched;
use crate::verify::{Contexts, Fetch, FetchCache, VerifyOptions};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a verification may use the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
    /// As the wallet's offline setting says.
    Settings,
    /// Never: checks that need the network use what the wallet keeps, or are skipped.
    Offline,
    /// Yes, because the learner asked for it explicitly (`cairn verify --online`); this
    /// overrides the offline setting.
    Online,
    /// Yes, unless the offline setting is on, which is then an error saying so (the app's
    /// "verify online" button).
    OnlineIfAllowed,
}

/// What a verification needs, built once by [`Wallet::verifying`]: the network client (none
/// offline), the learner's identities and, offline, the documents the wallet fetched at import.
#[derive(Debug)]
pub struct Verifying {
    client: Option<Client>,
    identities: Vec<Identity>,
    stand_ins: Vec<(Fetched, DateTime<Utc>)>,
    now: DateTime<Utc>,
    /// The built-in contexts plus those pinned in the wallet; `None` when none are pinned.
    contexts: Option<Contexts>,
    /// The wallet's pins, by URL.
    pins: Vec<ContextPin>,
    /// Whether contexts Cairn does not ship may be fetched (the setting, or the learner's
    /// explicit choice); only ever when online.
    fetch_contexts: bool,
    /// Contexts fetched by this verifier, for the wallet to pin.
    new_pins: Vec<ContextPin>,
    /// Why contexts could not be fetched.
    context_failures: Vec<Error>,
}

impl Wallet {
    /// Builds the verifier the wallet's settings allow, with `network` deciding whether it may
    /// fetch. Online, the wallet's own client (set by [`Wallet::connect`]) is used when it has
    /// one, so imports and their verification follow one network policy.
    pub fn verifying(&self, network: Network) -> Result<Verifying> {
        let online = match network {
            Network::Offline => false,
            Network::Online => true,
            Network::Settings => !self.settings()?.offline,
            Network::OnlineIfAllowed => {
                if self.settings()?.offline {
                    return Err(Error::new(
                        ErrorCode::Network,
                        "offline mode is on, so nothing is fetched; verify offline, or turn offline mode off in the settings",
                    ));
                }
                true
            }
        };
        let client = match (online, &self.client) {
            (false, _) => None,
            (true, Some(client)) => Some(client.clone()),
            (true, None) => Some(Client::new(NetPolicy::from_env())?),
        };
        let stand_ins = if online {
            Vec::new()
        } else {
            self.stored_fetches()?
        };
        let pins = self.context_pins()?;
        let contexts = if pins.is_empty() {
            None
        } else {
            let mut set = Contexts::embedded().clone();
            for pin in &pins {
                // A pinned context that is no longer JSON is left out: credentials using it
                // are then uncheckable, as without it.
                let _ = set.add_noted(&pin.url, &pin.bytes, pin.note());
            }
            Some(set)
        };
        Ok(Verifying {
            fetch_contexts: client.is_some() && self.settings()?.fetch_contexts,
            client,
            // Without the profile the recipient check is skipped; verification goes on.
            identities: self.identities().unwrap_or_default(),
            stand_ins,
            now: Utc::now(),
            contexts,
            pins,
            new_pins: Vec::new(),
            context_failures: Vec::new(),
        })
    }

    /// Every document the wallet fetched at import (assertions, BadgeClasses, issuer
    /// profiles), each with the time it was fetched.
    pub(crate) fn stored_fetches(&self) -> Result<Vec<(Fetched, DateTime<Utc>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT url, final_url, media_type, bytes, fetched_at FROM snapshot ORDER BY fetched_at",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                Fetched {
                    url: r.get(0)?,
                    final_url: r.get(1)?,
                    status: 200,
                    media_type: r.get(2)?,
                    bytes: r.get(3)?,
                },
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (fetched, at) = row?;
            if let Ok(at) = DateTime::parse_from_rfc3339(&at) {
                out.push((fetched, at.to_utc()));
            }
        }
        Ok(out)
    }
}

impl Wallet {
    /// Pins the contexts `verifying` fetched for the first time; returns how many.
    pub fn keep_contexts(&self, verifying: &Verifying) -> Result<usize> {
        self.keep_context_pins(&verifying.new_pins)
    }

    /// The context URLs the wallet's credentials name at their top level and in their proofs.
    pub fn context_urls(&self) -> Result<BTreeSet<String>> {
        let mut stmt = self.conn.prepare("SELECT document FROM credential")?;
        let mut rows = stmt.query([])?;
        let mut urls = BTreeSet::new();
        while let Some(row) = rows.next()? {
            let document: String = row.get(0)?;
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&document) {
                if let Some(named) = value.get("@context") {
                    context_urls(&serde_json::json!({ "@context": named }), &mut urls);
                }
                if let Some(proof) = value.get("proof") {
                    context_urls(proof, &mut urls);
                }
            }
        }
        Ok(urls)
    }
}

impl Verifying {
    /// Whether it uses the network.
    pub fn online(&self) -> bool {
        self.client.is_some()
    }

    /// Whether it fetches contexts Cairn does not ship.
    pub fn fetches_contexts(&self) -> bool {
        self.fetch_contexts
    }

    /// Lets it fetch contexts Cairn does not ship (the learner asked: `--fetch-contexts`); has
    /// no effect offline.
    pub fn allow_context_fetch(&mut self) {
        self.fetch_contexts = self.client.is_some();
    }

    /// Before verifying documents that name the context `urls`: fetches (and keeps for
    /// [`Wallet::keep_contexts`]) those neither shipped nor pinned, and re-fetches the pinned
    /// ones to refuse, in the report, a URL that now answers differently. Does nothing unless
    /// fetching contexts is allowed. Failures are kept ([`Verifying::context_failures`]); the
    /// credentials concerned stay uncheckable, as without them.
    pub fn learn_contexts(&mut self, urls: BTreeSet<String>) {
        let Some(client) = self.client.as_ref().filter(|_| self.fetch_contexts) else {
            return;
        };
        let contexts = self
            .contexts
            .get_or_insert_with(|| Contexts::embedded().clone());
        for pin in &self.pins {
            if !urls.contains(&pin.url) {
                continue;
            }
            if let Ok(now) = fetch_context(client, &pin.url, self.now)
                && now.sha256 != pin.sha256
            {
                contexts.note(&pin.url, pin.changed_note(&now.sha256));
            }
        }
        let (pins, failures) = learn_contexts(client, contexts, urls, self.now);
        self.new_pins.extend(pins);
        self.context_failures.extend(failures);
    }

    /// Why contexts could not be fetched, in the order tried.
    pub fn context_failures(&self) -> &[Error] {
        &self.context_failures
    }

    /// Uses `identities` for the recipient check instead of the profile's.
    pub fn with_identities(mut self, identities: Vec<Identity>) -> Self {
        self.identities = identities;
        self
    }

    /// Adds identities (given on the command line) to the profile's.
    pub fn add_identities(&mut self, identities: impl IntoIterator<Item = Identity>) {
        self.identities.extend(identities);
    }

    /// A run of verifications sharing one fetch cache (each document fetched once).
    pub fn session(&self) -> VerifyingSession<'_> {
        let cache = FetchCache::new(self.client.as_ref().map(|c| c as &dyn Fetch), self.now);
        for (fetched, at) in &self.stand_ins {
            cache.insert(fetched.clone(), *at);
        }
        VerifyingSession {
            verifying: self,
            cache,
            stand_ins: AtomicBool::new(!self.stand_ins.is_empty()),
        }
    }
}

/// Verifications sharing one fetch cache; see [`Verifying::session`].
pub struct VerifyingSession<'a> {
    verifying: &'a Verifying,
    cache: FetchCache<'a>,
    stand_ins: AtomicBool,
}

impl VerifyingSession<'_> {
    /// Whether it uses the network.
    pub fn online(&self) -> bool {
        self.verifying.online()
    }

    /// Keeps a document fetched elsewhere (at import) for the verifications that follow.
    pub fn remember(&self, fetched: Fetched, at: DateTime<Utc>) {
        self.cache.insert(fetched, at);
        self.stand_ins.store(true, Ordering::Relaxed);
    }

    /// The options to hand the verifier. Offline with nothing kept, there is nothing to fetch
    /// from, so none is given (as `cairn verify --offline`).
    pub fn options(&self) -> VerifyOptions<'_> {
        let fetching = self.online() || self.stand_ins.load(Ordering::Relaxed);
        VerifyOptions {
            fetch: fetching.then_some(&self.cache as &dyn Fetch),
            now: self.verifying.now,
            identities: &self.verifying.identities,
            contexts: self
                .verifying
                .contexts
                .as_ref()
                .unwrap_or_else(|| Contexts::embedded()),
        }
    }
}
