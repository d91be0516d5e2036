//! The learner's choices about skills: rename, merge, hide, and a note. They are stored by
//! skill key (framework code or normalised name), never by credential, so they survive removing
//! and re-importing credentials.

use super::SkillSet;
use crate::error::{Error, Result};
use crate::wallet::Wallet;
use rusqlite::params;
use std::collections::HashMap;

/// The learner's choices about one skill key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Override {
    /// The name to show instead.
    pub name: Option<String>,
    /// The key of the skill this one is merged into.
    pub merged_into: Option<String>,
    /// Whether the skill is hidden.
    pub hidden: bool,
    /// The learner's note on the skill.
    pub note: Option<String>,
}

/// Every override, by skill key.
pub fn load(wallet: &Wallet) -> Result<HashMap<String, Override>> {
    let conn = wallet.conn();
    let mut out: HashMap<String, Override> = HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT skill, name, merged_into, hidden FROM skill_override")?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Override {
                name: r.get(1)?,
                merged_into: r.get(2)?,
                hidden: r.get(3)?,
                note: None,
            },
        ))
    })? {
        let (key, o) = row?;
        out.insert(key, o);
    }
    let mut stmt = conn.prepare_cached("SELECT skill, note FROM skill_note")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (key, note) = row?;
        out.entry(key).or_default().note = Some(note);
    }
    Ok(out)
}

fn key_of(wallet: &Wallet, skill: &str) -> Result<String> {
    Ok(SkillSet::build(wallet)?.get(skill)?.key.clone())
}

/// Shows the skill under a new name. Returns its key.
pub fn rename(wallet: &mut Wallet, skill: &str, new_name: &str) -> Result<String> {
    let name = new_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::invalid("a skill name cannot be empty"));
    }
    let key = key_of(wallet, skill)?;
    wallet.write(|tx| {
        Ok(tx.execute(
            "INSERT INTO skill_override (skill, name) VALUES (?1, ?2)
         ON CONFLICT(skill) DO UPDATE SET name = excluded.name",
            params![key, name],
        )?)
    })?;
    Ok(key)
}

/// Merges skill `from` into skill `into`: from then on they are one skill. Returns the key of
/// the merged skill.
pub fn merge(wallet: &mut Wallet, from: &str, into: &str) -> Result<String> {
    let set = SkillSet::build(wallet)?;
    let (from, into) = (set.get(from)?, set.get(into)?);
    if from.key == into.key {
        return Err(Error::invalid(format!(
            "'{}' and '{}' are already one skill",
            from.name, into.name
        )));
    }
    wallet.write(|tx| {
        Ok(tx.execute(
            "INSERT INTO skill_override (skill, merged_into) VALUES (?1, ?2)
         ON CONFLICT(skill) DO UPDATE SET merged_into = excluded.merged_into",
            params![from.key, into.key],
        )?)
    })?;
    Ok(into.key.clone())
}

/// Hides (or shows again) a skill. Returns its key.
pub fn set_hidden(wallet: &mut Wallet, skill: &str, hidden: bool) -> Result<String> {
    let set = SkillSet::build(wallet)?;
    let found = set.get(skill)?;
    wallet.write(|tx| {
        if hidden {
            tx.execute(
                "INSERT INTO skill_override (skill, hidden) VALUES (?1, 1)
                 ON CONFLICT(skill) DO UPDATE SET hidden = 1",
                [&found.key],
            )?;
        } else {
            for key in &found.keys {
                tx.execute(
                    "UPDATE skill_override SET hidden = 0 WHERE skill = ?1",
                    [key],
                )?;
            }
        }
        Ok(found.key.clone())
    })
}

/// Sets (or, with empty text, clears) the learner's note on a skill, used in interview
/// preparation. Returns its key.
pub fn set_note(wallet: &mut Wallet, skill: &str, note: &str) -> Result<String> {
    let set = SkillSet::build(wallet)?;
    let found = set.get(skill)?;
    wallet.write(|tx| {
        for key in &found.keys {
            tx.execute("DELETE FROM skill_note WHERE skill = ?1", [key])?;
        }
        if !note.trim().is_empty() {
            tx.execute(
                "INSERT INTO skill_note (skill, note) VALUES (?1, ?2)",
                params![found.key, note.trim()],
            )?;
        }
        Ok(found.key.clone())
    })
}

/// Forgets every choice about a skill (rename, merges into and out of it, hiding, note).
pub fn reset(wallet: &mut Wallet, skill: &str) -> Result<String> {
    let set = SkillSet::build(wallet)?;
    let found = set.get(skill)?;
    wallet.write(|tx| {
        for key in &found.keys {
            tx.execute(
                "DELETE FROM skill_override WHERE skill = ?1 OR merged_into = ?1",
                [key],
            )?;
            tx.execute("DELETE FROM skill_note WHERE skill = ?1", [key])?;
        }
        Ok(found.key.clone())
    })
}
