//! Snapshots: what a hosted badge names by URL (its assertion, BadgeClass, Issuer, image),
//! fetched once at import and kept with its URL, time and SHA-256, so the badge stays readable
//! when the host disappears. Also importing a badge from a URL.

use super::{FileReport, Wallet, batch::image_of, failed, now};
use crate::error::{Error, ErrorCode, Result};
use crate::import::{self, Found, jws, ob2};
use crate::model::{Format, sha256_hex};
use crate::net::{Client, Fetched};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

/// Fetches made for one file at most, so a file naming many URLs cannot stall an import.
const MAX_FETCHES_PER_FILE: usize = 12;

/// A document fetched for a credential, waiting to be stored with it.
#[derive(Debug, Clone)]
pub(super) struct Snapshot {
    /// Index of the credential in the file's [`Found`] list.
    pub item: usize,
    /// `hosted-assertion`, `badgeclass`, `issuer` or `image`.
    pub role: &'static str,
    /// The response.
    pub fetched: Fetched,
    /// When it was fetched (RFC 3339).
    pub fetched_at: String,
}

/// What the wallet kept of one fetched document.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SnapshotInfo {
    /// `hosted-assertion`, `badgeclass`, `issuer` or `image`.
    pub role: String,
    /// The URL the credential names.
    pub url: String,
    /// The URL that answered, after redirects.
    pub final_url: String,
    /// The media type the server sent.
    pub media_type: Option<String>,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// When it was fetched (RFC 3339).
    pub fetched_at: String,
}

impl Wallet {
    /// Sets (or, with `None`, removes) the HTTP client used for URL imports and snapshots.
    /// Without one, imports never touch the network.
    pub fn set_network(&mut self, client: Option<Client>) {
        self.client = client;
    }

    /// Imports the badge at `url` (a hosted assertion, a credential, a baked image), keeping
    /// the response as a snapshot and as the original, and verifies it as a file import does
    /// (online, through the wallet's client), storing the verdict with the credential.
    pub fn import_url(&mut self, url: &str) -> FileReport {
        let fetched = match self.fetch(url) {
            Ok(fetched) => fetched,
            Err(err) => return failed(url.to_owned(), err.in_file(url)),
        };
        let file_name = url
            .split(['?', '#'])
            .next()
            .and_then(|u| u.trim_end_matches('/').rsplit('/').next())
            .filter(|n| !n.is_empty() && !n.contains(':'))
            .unwrap_or("download")
            .to_owned();
        if import::archive::is_zip(&fetched.bytes) {
            return self.import_bytes(url, &file_name, fetched.bytes);
        }
        let bytes = fetched.bytes.clone();
        let hosted = Snapshot {
            item: 0,
            role: "hosted-assertion",
            fetched,
            fetched_at: now(),
        };
        let network = if self.client.is_some() {
            super::Network::Online
        } else {
            super::Network::Offline
        };
        // A verifier that cannot be built leaves it stored unverified, for the next import or
        // `cairn verify --all` to verify.
        let verifying = self.verifying(network).ok();
        let session = verifying.as_ref().map(|v| v.session());
        self.import_one(url, &file_name, bytes, vec![hosted], session.as_ref())
    }

    /// The snapshots kept for a credential.
    pub fn snapshots(&self, id: &str) -> Result<Vec<SnapshotInfo>> {
        let id = self.resolve_id(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT cs.role, s.url, s.final_url, s.media_type, s.sha256, length(s.bytes), s.fetched_at
             FROM credential_snapshot cs JOIN snapshot s ON s.id = cs.snapshot
             WHERE cs.credential = ?1 ORDER BY cs.role, s.url",
        )?;
        let rows = stmt.query_map([&id], |r| {
            Ok(SnapshotInfo {
                role: r.get(0)?,
                url: r.get(1)?,
                final_url: r.get(2)?,
                media_type: r.get(3)?,
                sha256: r.get(4)?,
                size: r.get::<_, i64>(5)?.try_into().unwrap_or(0),
                fetched_at: r.get(6)?,
            })
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(Error::from)
    }

    /// The bytes of a credential's snapshot with the given role (`badgeclass`, `image`, ...).
    pub fn snapshot_bytes(&self, id: &str, role: &str) -> Result<Vec<u8>> {
        let id = self.resolve_id(id)?;
        self.conn
            .query_row(
                "SELECT s.bytes FROM credential_snapshot cs JOIN snapshot s ON s.id = cs.snapshot
                 WHERE cs.credential = ?1 AND cs.role = ?2 LIMIT 1",
                [&id, role],
                |r| r.get(0),
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => {
                    Error::not_found(format!("credential {id} has no {role} snapshot"))
                }
                other => other.into(),
            })
    }

    /// Fetches `url`; an answer other than 2xx is an error naming the status.
    fn fetch(&self, url: &str) -> Result<Fetched> {
        let client = self.client.as_ref().ok_or_else(|| {
            let offline = self.settings().is_ok_and(|s| s.offline);
            Error::new(
                ErrorCode::Network,
                if offline {
                    format!("{url}: offline mode is on, so nothing is fetched; turn it off in the settings to fetch this")
                } else {
                    format!("{url}: fetching needs the network, which is off for this import")
                },
            )
        })?;
        let fetched = client.get(url)?;
        if !fetched.is_success() {
            return Err(Error::new(
                ErrorCode::Network,
                format!("{url}: the server answered HTTP {}", fetched.status),
            ));
        }
        Ok(fetched)
    }

    /// [`Wallet::fetch`], answered from what this batch already fetched when it can (see
    /// [`Wallet::share_fetches`]).
    fn fetch_shared(&self, url: &str) -> Result<Fetched> {
        /// Larger answers (images, mostly) are not kept.
        const MAX_SHARED_BYTES: usize = 256 * 1024;
        /// At most this many documents are kept; past it the cache starts again.
        const MAX_SHARED: usize = 4096;
        if let Some(hit) = self
            .shared_fetches
            .borrow()
            .as_ref()
            .and_then(|cache| cache.get(url).cloned())
        {
            return Ok(hit);
        }
        let fetched = self.fetch(url)?;
        if let Some(cache) = self.shared_fetches.borrow_mut().as_mut()
            && fetched.bytes.len() <= MAX_SHARED_BYTES
        {
            if cache.len() >= MAX_SHARED {
                cache.clear();
            }
            cache.insert(url.to_owned(), fetched.clone());
        }
        Ok(fetched)
    }

    /// Starts (`true`) or ends (`false`) sharing fetched BadgeClasses, Issuers and images
    /// between the files of one batch.
    pub(super) fn share_fetches(&self, on: bool) {
        *self.shared_fetches.borrow_mut() = on.then(std::collections::HashMap::new);
    }

    /// A baked image whose badge is only a link: fetches the hosted assertion and imports it
    /// as the image's credential.
    pub(super) fn fetch_hosted_baked(
        &self,
        source: &str,
        url: &str,
        image_bytes: &[u8],
        snapshots: &mut Vec<Snapshot>,
    ) -> Result<Vec<Found>> {
        let fetched = self.fetch(url).map_err(|e| {
            Error::new(
                e.code,
                format!(
                    "{source}: the baked badge is a link and fetching it failed: {}",
                    e.message
                ),
            )
        })?;
        let text = import::utf8(url, import::trim_start(&fetched.bytes))?;
        let doc = import::parse_json(url, text)?;
        let mut found = import::extract_json_with(url, text, &doc, &self.limits)?;
        let png = image_bytes.starts_with(import::png::SIGNATURE);
        if let Some(top) = found.first_mut() {
            top.credential.format = import::baked_format(top.credential.format, png);
            top.image = image_of(Some(import::sniff_media_type(image_bytes)), image_bytes);
        }
        snapshots.push(Snapshot {
            item: 0,
            role: "hosted-assertion",
            fetched,
            fetched_at: now(),
        });
        Ok(found)
    }

    /// Fetches the BadgeClass, Issuer and image an Open Badges 0.5–2.0 assertion names by URL,
    /// and the image any other credential names by URL, re-reading the credential with what
    /// was fetched. Failures become `notes`; the import goes on with what it has.
    pub(super) fn resolve_references(
        &self,
        found: &mut [Found],
        snapshots: &mut Vec<Snapshot>,
        notes: &mut Vec<String>,
    ) {
        if self.client.is_none() {
            return;
        }
        let mut budget = MAX_FETCHES_PER_FILE;
        let mut fetch = |url: &str, notes: &mut Vec<String>| -> Option<Fetched> {
            if budget == 0 {
                return None;
            }
            budget -= 1;
            match self.fetch_shared(url) {
                Ok(f) => Some(f),
                Err(err) => {
                    notes.push(format!("not fetched: {}", err.message));
                    None
                }
            }
        };
        for (index, item) in found.iter_mut().enumerate() {
            let mut keep = |role, fetched: Fetched| {
                snapshots.push(Snapshot {
                    item: index,
                    role,
                    fetched,
                    fetched_at: now(),
                });
            };
            let assertion = ob2_assertion(item);
            if let Some(assertion) = &assertion {
                let badge = fetch_json(assertion.get("badge"), &mut fetch, notes);
                let issuer_ref = badge
                    .as_ref()
                    .map(|(doc, _)| doc)
                    .or_else(|| assertion.get("badge"))
                    .and_then(|b| b.get("issuer"));
                let issuer = fetch_json(issuer_ref, &mut fetch, notes);
                if badge.is_some() || issuer.is_some() {
                    let previous_id = item.credential.credential_id.clone();
                    item.credential = ob2::normalise_resolved(
                        assertion,
                        badge.as_ref().map(|(doc, _)| doc),
                        issuer.as_ref().map(|(doc, _)| doc),
                        item.credential.format,
                    );
                    if item.credential.credential_id.is_none() {
                        item.credential.credential_id = previous_id;
                    }
                }
                if let Some((_, fetched)) = badge {
                    keep("badgeclass", fetched);
                }
                if let Some((_, fetched)) = issuer {
                    keep("issuer", fetched);
                }
            }
            if item.image.is_some() {
                continue;
            }
            let assertion_image = assertion
                .as_ref()
                .and_then(|a| a.get("image"))
                .and_then(import::json::id_of);
            let url = assertion_image
                .into_iter()
                .chain(item.credential.achievement.image.clone())
                .find(|u| u.starts_with("https://") || u.starts_with("http://"));
            if let Some(url) = url
                && let Some(fetched) = fetch(&url, notes)
            {
                item.image = image_of(fetched.media_type.as_deref(), &fetched.bytes);
                if item.image.is_some() {
                    keep("image", fetched);
                } else {
                    notes.push(format!("{url} is not an image"));
                }
            }
        }
    }
}

/// The assertion JSON behind an Open Badges 0.5–2.0 credential (its document, or the payload
/// of its JWS).
fn ob2_assertion(item: &Found) -> Option<Value> {
    use Format::*;
    if !matches!(
        item.credential.format,
        Ob05Json | Ob1Json | Ob2Json | Ob2Jws | Ob2BakedPng | Ob2BakedSvg
    ) {
        return None;
    }
    let text = item.document.trim();
    if text.starts_with('{') {
        crate::import::json::parse_strict(text).ok()
    } else {
        jws::decode("", text).ok().map(|c| c.payload)
    }
}

/// Fetches a document named by URL (a string value), returning it parsed with the response.
fn fetch_json(
    reference: Option<&Value>,
    fetch: &mut dyn FnMut(&str, &mut Vec<String>) -> Option<Fetched>,
    notes: &mut Vec<String>,
) -> Option<(Value, Fetched)> {
    let url = reference?.as_str()?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    let fetched = fetch(url, notes)?;
    match crate::import::json::parse_strict_slice(&fetched.bytes) {
        Ok(doc) if doc.is_object() => Some((doc, fetched)),
        _ => {
            notes.push(format!("{url} did not answer with a JSON document"));
            None
        }
    }
}

/// Stores the snapshots of one file's credentials (`ids` in [`Found`] order, `None` for
/// credentials skipped as duplicates).
pub(super) fn store_snapshots(
    tx: &rusqlite::Transaction<'_>,
    ids: &[Option<String>],
    snapshots: &[Snapshot],
) -> Result<()> {
    for snap in snapshots {
        let Some(Some(id)) = ids.get(snap.item) else {
            continue;
        };
        let f = &snap.fetched;
        let sha = sha256_hex(&f.bytes);
        tx.execute(
            "INSERT OR IGNORE INTO snapshot (url, final_url, media_type, bytes, sha256, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![
                f.url,
                f.final_url,
                f.media_type,
                f.bytes,
                sha,
                snap.fetched_at
            ],
        )?;
        let snapshot: i64 = tx.query_row(
            "SELECT id FROM snapshot WHERE url = ?1 AND sha256 = ?2",
            [&f.url, &sha],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO credential_snapshot (credential, role, snapshot) VALUES (?1, ?2, ?3)",
            rusqlite::params![id, snap.role, snapshot],
        )?;
    }
    Ok(())
}
