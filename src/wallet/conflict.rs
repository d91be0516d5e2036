//! Duplicates and conflicts. The same bytes, or the same credential id with the same content
//! (the credential carried another way: JSON, JWT, baked image), is a *duplicate* and is not
//! stored twice. The same credential id with *different* content is a *conflict*: both are
//! kept side by side and the learner is told, never one silently dropped.

use super::{Wallet, store::wallet_id};
use crate::error::{Error, Result};
use crate::import::Found;
use crate::model::{Credential, Original};
use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

/// A credential stored beside another with the same credential id but different content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IdConflict {
    /// The wallet id of the credential just stored.
    pub id: String,
    /// The credential id both state.
    pub credential_id: String,
    /// The wallet id of the other credential with that id.
    pub other: String,
    /// The other credential's title.
    pub other_title: String,
}

/// The credential's content for comparison: everything normalised but the carrier format.
fn content(credential: &Credential) -> Option<serde_json::Value> {
    let mut value = serde_json::to_value(credential).ok()?;
    if let Some(map) = value.as_object_mut() {
        map.remove("format");
    }
    Some(value)
}

fn same_content(a: &Credential, b: &Credential) -> bool {
    content(a) == content(b)
}

/// Positions of found credentials that conflict, each with the wallet id it conflicts with.
pub(super) type Conflicting = Vec<(usize, String)>;

/// For each found credential: the wallet id of the top-level credential already stored (or
/// earlier in the same file) that it duplicates — same credential id, same content — and
/// separately, by position, the credentials that share an id with different content
/// (conflicts: stored anyway). Nested credentials follow their container.
pub(super) fn existing_and_conflicts(
    tx: &Transaction<'_>,
    original: &Original,
    found: &[Found],
) -> Result<(Vec<Option<String>>, Conflicting)> {
    let mut existing = Vec::with_capacity(found.len());
    let mut conflicts = Vec::new();
    for (position, item) in found.iter().enumerate() {
        let Some(cid) = item
            .credential
            .credential_id
            .as_deref()
            .filter(|_| item.parent.is_none())
        else {
            existing.push(None);
            continue;
        };
        let earlier = found[..position]
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.parent.is_none() && f.credential.credential_id.as_deref() == Some(cid)
            })
            .map(|(p, f)| (wallet_id(&original.sha256, p), f.credential.clone()));
        let mut stored_before: Vec<(String, Credential)> = earlier.collect();
        let mut stmt = tx.prepare_cached(
            "SELECT id, data FROM credential WHERE credential_id = ?1 AND parent_id IS NULL ORDER BY imported_at, id",
        )?;
        let rows: Vec<(String, String)> = stmt
            .query_map([cid], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, data) in rows {
            let credential: Credential = serde_json::from_str(&data).map_err(|e| {
                Error::new(
                    crate::error::ErrorCode::Storage,
                    format!("credential {id} is stored damaged: {e}"),
                )
            })?;
            stored_before.push((id, credential));
        }
        match stored_before
            .iter()
            .find(|(_, c)| same_content(c, &item.credential))
        {
            Some((id, _)) => existing.push(Some(id.clone())),
            None => {
                existing.push(None);
                if let Some((other, _)) = stored_before.first() {
                    conflicts.push((position, other.clone()));
                }
            }
        }
    }
    Ok((existing, conflicts))
}

/// The conflicts of a file just stored: `ids[i]` is the wallet id given to found item `i`.
pub(super) fn conflicts_of(
    tx: &Transaction<'_>,
    found: &[Found],
    ids: &[Option<String>],
    pairs: &[(usize, String)],
) -> Result<Vec<IdConflict>> {
    let mut out = Vec::new();
    for (position, other) in pairs {
        let Some(Some(id)) = ids.get(*position) else {
            continue;
        };
        let other_title: String = tx
            .query_row("SELECT title FROM credential WHERE id = ?1", [other], |r| {
                r.get(0)
            })
            .optional()?
            .or_else(|| {
                found
                    .get(other_position(other, ids)?)
                    .map(|f| f.credential.title.clone())
            })
            .unwrap_or_default();
        out.push(IdConflict {
            id: id.clone(),
            credential_id: found[*position]
                .credential
                .credential_id
                .clone()
                .unwrap_or_default(),
            other: other.clone(),
            other_title,
        });
    }
    Ok(out)
}

fn other_position(other: &str, ids: &[Option<String>]) -> Option<usize> {
    ids.iter().position(|i| i.as_deref() == Some(other))
}

impl Wallet {
    /// The other top-level credentials that state the same credential id as `id` with
    /// different content (conflicts kept side by side): `(wallet id, title)`, oldest first.
    pub fn conflicts_with(&self, id: &str) -> Result<Vec<(String, String)>> {
        let id = self.resolve_id(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT o.id, o.title FROM credential c JOIN credential o
               ON o.credential_id = c.credential_id AND o.id <> c.id AND o.parent_id IS NULL
             WHERE c.id = ?1 AND c.parent_id IS NULL AND c.credential_id IS NOT NULL
             ORDER BY o.imported_at, o.id",
        )?;
        let rows = stmt.query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(Error::from)
    }
}
