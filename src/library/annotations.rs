//! The learner's own tags and notes on credentials. They live beside the credential, never in
//! it: the stored credential and its original stay untouched.

use super::group;
use crate::error::{Error, Result};
use crate::wallet::Wallet;
use rusqlite::params;
use std::collections::HashMap;

fn clean_tag(tag: &str) -> Result<String> {
    let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
    if tag.is_empty() {
        return Err(Error::invalid("a tag cannot be empty"));
    }
    if tag.chars().count() > 64 {
        return Err(Error::invalid(format!(
            "the tag '{tag}' is longer than 64 characters"
        )));
    }
    Ok(tag)
}

/// Adds tags to a credential (by id or unique prefix). Tags already there are kept once.
pub fn add_tags(wallet: &mut Wallet, id: &str, tags: &[String]) -> Result<Vec<String>> {
    let id = wallet.resolve_id(id)?;
    let cleaned = tags
        .iter()
        .map(|t| clean_tag(t))
        .collect::<Result<Vec<_>>>()?;
    wallet.write(|tx| {
        for tag in &cleaned {
            tx.execute(
                "INSERT OR IGNORE INTO credential_tag (credential, tag) VALUES (?1, ?2)",
                params![id, tag],
            )?;
        }
        tags_of(wallet, &id)
    })
}

/// Removes tags from a credential. Returns the tags left.
pub fn remove_tags(wallet: &mut Wallet, id: &str, tags: &[String]) -> Result<Vec<String>> {
    let id = wallet.resolve_id(id)?;
    wallet.write(|tx| {
        for tag in tags {
            tx.execute(
                "DELETE FROM credential_tag WHERE credential = ?1 AND tag = ?2",
                params![id, tag.trim()],
            )?;
        }
        tags_of(wallet, &id)
    })
}

/// The tags on one credential, A to Z.
pub fn tags_of(wallet: &Wallet, id: &str) -> Result<Vec<String>> {
    let id = wallet.resolve_id(id)?;
    let mut stmt = wallet
        .conn()
        .prepare_cached("SELECT tag FROM credential_tag WHERE credential = ?1 ORDER BY tag")?;
    let tags = stmt
        .query_map([&id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(tags)
}

/// Every tag in the wallet with how many credentials carry it, A to Z.
pub fn tag_counts(wallet: &Wallet) -> Result<Vec<(String, usize)>> {
    let mut stmt = wallet.conn().prepare_cached(
        "SELECT tag, count(*) FROM credential_tag GROUP BY tag COLLATE NOCASE ORDER BY tag",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0)))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Sets (or, with an empty text, clears) the learner's note on a credential.
pub fn set_note(wallet: &mut Wallet, id: &str, note: &str) -> Result<()> {
    let id = wallet.resolve_id(id)?;
    let note = note.trim();
    if note.is_empty() {
        wallet.write(|tx| {
            Ok(tx.execute("DELETE FROM credential_note WHERE credential = ?1", [&id])?)
        })?;
    } else {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        wallet.write(|tx| Ok(tx.execute(
            "INSERT INTO credential_note (credential, note, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(credential) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at",
            params![id, note, now],
        )?))?;
    }
    Ok(())
}

/// The learner's note on a credential, if any.
pub fn note_of(wallet: &Wallet, id: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension as _;
    let id = wallet.resolve_id(id)?;
    Ok(wallet
        .conn()
        .query_row(
            "SELECT note FROM credential_note WHERE credential = ?1",
            [&id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Every credential's tags.
pub(crate) fn all_tags(wallet: &Wallet) -> Result<HashMap<String, Vec<String>>> {
    let mut stmt = wallet
        .conn()
        .prepare_cached("SELECT credential, tag FROM credential_tag ORDER BY credential, tag")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
    Ok(group(rows))
}

/// Every credential's note.
pub(crate) fn all_notes(wallet: &Wallet) -> Result<HashMap<String, String>> {
    let mut stmt = wallet
        .conn()
        .prepare_cached("SELECT credential, note FROM credential_note")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<HashMap<String, String>>>()?;
    Ok(rows)
}
