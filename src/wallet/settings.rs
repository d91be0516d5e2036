//! The learner's settings, kept in the wallet (schema V7): their name, which transcripts and
//! packages use by default, and offline mode, under which the wallet hands out no network
//! client, so imports and verification make no request at all.

use super::Wallet;
use crate::error::{Error, Result};
use crate::net::{Client, NetPolicy};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The key of the learner's name in the `setting` table.
const LEARNER_NAME: &str = "learner_name";
/// The key of offline mode in the `setting` table (`"on"` when on).
const OFFLINE: &str = "offline";
/// The key of "fetch contexts Cairn does not ship" in the `setting` table (`"on"` when on).
const FETCH_CONTEXTS: &str = "fetch_contexts";
/// The longest learner name kept, in characters.
const MAX_NAME: usize = 200;

/// The learner's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// The learner's name, as it should appear on transcripts; `None` when not given.
    pub learner_name: Option<String>,
    /// When on, nothing the wallet does reaches the network.
    pub offline: bool,
    /// When on (and online), a JSON-LD context Cairn does not ship is fetched over HTTPS once
    /// and pinned in the wallet, so credentials that use it can be checked. Off by default.
    #[serde(default)]
    pub fetch_contexts: bool,
}

impl Wallet {
    /// The learner's settings (defaults for what was never set).
    pub fn settings(&self) -> Result<Settings> {
        Ok(Settings {
            learner_name: self.setting(LEARNER_NAME)?,
            offline: self.setting(OFFLINE)?.as_deref() == Some("on"),
            fetch_contexts: self.setting(FETCH_CONTEXTS)?.as_deref() == Some("on"),
        })
    }

    /// Sets the learner's name (trimmed); an empty name removes it.
    pub fn set_learner_name(&mut self, name: &str) -> Result<()> {
        let name = name.trim();
        if name.chars().count() > MAX_NAME {
            return Err(Error::invalid(format!(
                "the name is longer than {MAX_NAME} characters"
            )));
        }
        if name.chars().any(char::is_control) {
            return Err(Error::invalid(
                "the name holds a control character (a line break or tab); type it on one line",
            ));
        }
        self.put_setting(LEARNER_NAME, (!name.is_empty()).then_some(name))
    }

    /// Turns offline mode on or off.
    pub fn set_offline(&mut self, offline: bool) -> Result<()> {
        self.put_setting(OFFLINE, offline.then_some("on"))
    }

    /// Allows or forbids fetching (and pinning) JSON-LD contexts Cairn does not ship.
    pub fn set_fetch_contexts(&mut self, fetch: bool) -> Result<()> {
        self.put_setting(FETCH_CONTEXTS, fetch.then_some("on"))
    }

    /// A network client under `policy`, or `None` in offline mode: what every caller that may
    /// fetch (imports, URL imports, online verification) asks for.
    pub fn network_client(&self, policy: NetPolicy) -> Result<Option<Client>> {
        if self.settings()?.offline {
            return Ok(None);
        }
        Client::new(policy).map(Some)
    }

    /// Gives the wallet the network client its settings allow (none in offline mode) for
    /// imports, URL imports and snapshots.
    pub fn connect(&mut self, policy: NetPolicy) -> Result<()> {
        let client = self.network_client(policy)?;
        self.set_network(client);
        Ok(())
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    fn put_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(value) => self.write(|tx| {
                Ok(tx.execute(
                    "INSERT INTO setting (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?)
            })?,
            None => {
                self.write(|tx| Ok(tx.execute("DELETE FROM setting WHERE key = ?1", [key])?))?
            }
        };
        Ok(())
    }
}
