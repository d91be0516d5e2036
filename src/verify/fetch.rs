//! The one door verification uses to the network, and a cache of what came through it.
//!
//! Everything verification may need from the network (DID documents, keys, issuer profiles,
//! status lists, hosted assertions) goes through [`Fetch`]. Offline verification passes no
//! fetcher at all; a [`FetchCache`] keeps what was fetched with its time, so a later offline
//! run can use that snapshot and say how old it is.

use crate::error::{Error, ErrorCode, Result};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

pub use crate::net::Fetched;

/// The body of a fetched document as JSON, or an error naming the URL.
pub fn json_of(fetched: &Fetched) -> Result<serde_json::Value> {
    crate::import::json::parse_strict_slice(&fetched.bytes)
        .map_err(|e| Error::invalid(format!("{} did not answer with JSON ({e})", fetched.url)))
}

/// Fetches a URL. Implementations decide the network policy (private addresses, redirects,
/// size limits); verification only asks.
pub trait Fetch {
    /// Fetches `url`. Non-2xx answers are returned, not turned into errors, so callers can tell
    /// `410 Gone` from a failure to connect.
    fn fetch(&self, url: &str) -> Result<Fetched>;

    /// How old the answer for `url` is, when it comes from a stored snapshot.
    fn age(&self, _url: &str) -> Option<chrono::Duration> {
        None
    }
}

/// A cache of fetched documents with their time, in front of an optional live fetcher.
///
/// With a live fetcher every fetch goes to the network and refreshes the cache; without one
/// (offline) answers come from the cache only, and [`Fetch::age`] tells how old they are.
pub struct FetchCache<'a> {
    live: Option<&'a dyn Fetch>,
    clock: DateTime<Utc>,
    entries: Mutex<HashMap<String, (Fetched, DateTime<Utc>)>>,
}

impl<'a> FetchCache<'a> {
    /// A cache in front of `live` (or of nothing, offline); `clock` is "now".
    pub fn new(live: Option<&'a dyn Fetch>, clock: DateTime<Utc>) -> Self {
        Self {
            live,
            clock,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Adds a stored answer fetched at `at`.
    pub fn insert(&self, fetched: Fetched, at: DateTime<Utc>) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(fetched.url.clone(), (fetched, at));
        }
    }

    /// Every stored answer with its time.
    pub fn snapshot(&self) -> Vec<(Fetched, DateTime<Utc>)> {
        self.entries
            .lock()
            .map(|e| e.values().cloned().collect())
            .unwrap_or_default()
    }
}

impl Fetch for FetchCache<'_> {
    fn fetch(&self, url: &str) -> Result<Fetched> {
        if let Some(live) = self.live {
            let fetched = live.fetch(url)?;
            self.insert(fetched.clone(), self.clock);
            return Ok(fetched);
        }
        self.entries
            .lock()
            .ok()
            .and_then(|e| e.get(url).map(|(f, _)| f.clone()))
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::Network,
                    format!("offline: {url} was not fetched and no stored copy exists"),
                )
            })
    }

    fn age(&self, url: &str) -> Option<chrono::Duration> {
        if self.live.is_some() {
            return None;
        }
        let entries = self.entries.lock().ok()?;
        entries.get(url).map(|(_, at)| self.clock - *at)
    }
}

/// "3 days", "5 hours", "12 minutes": how old a stored copy is, for messages.
pub fn describe_age(age: chrono::Duration) -> String {
    let (n, unit) = if age.num_days() >= 1 {
        (age.num_days(), "day")
    } else if age.num_hours() >= 1 {
        (age.num_hours(), "hour")
    } else {
        (age.num_minutes().max(0), "minute")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

impl Fetch for crate::net::Client {
    fn fetch(&self, url: &str) -> Result<Fetched> {
        self.get(url)
    }
}
