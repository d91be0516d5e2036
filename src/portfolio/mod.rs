//! Portfolios: named, purposeful, ordered selections of credentials, in sections, with an
//! optional goal ([`goal`]) and issuer-defined stacks to start from ([`stacks`]).
//!
//! A credential may sit in many portfolios. Deleting a portfolio never deletes a credential;
//! removing a credential from the wallet takes it out of every portfolio.

pub mod goal;
pub mod stacks;

use crate::error::{Error, ErrorCode, Result};
use crate::library::Validity;
use crate::wallet::{CredentialSummary, SUMMARY_SELECT, Wallet, summary_from_row};
use goal::{Goal, GoalProgress};
use rusqlite::{OptionalExtension as _, Transaction, params};
use serde::Serialize;
use ts_rs::TS;

/// A portfolio as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PortfolioSummary {
    /// The portfolio's number.
    pub id: i64,
    /// Its name (unique, case-insensitive).
    pub name: String,
    /// What it is for ("Data analyst applications").
    pub purpose: Option<String>,
    /// How many credentials it holds.
    pub credentials: usize,
    /// Whether it carries a goal.
    pub has_goal: bool,
    /// When it was created (RFC 3339).
    pub created_at: String,
}

/// One credential in a portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PortfolioEntry {
    /// The library view of the credential.
    pub summary: CredentialSummary,
    /// Where it stands with respect to its end of validity.
    pub validity: Validity,
}

/// A section of a portfolio, with its credentials in order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Section {
    /// The section's number; `None` for credentials in no section (always listed first).
    pub id: Option<i64>,
    /// The section's name; `None` for credentials in no section.
    pub name: Option<String>,
    /// Its credentials, in order.
    pub credentials: Vec<PortfolioEntry>,
}

/// A portfolio in full.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Portfolio {
    /// The portfolio's number.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// What it is for.
    pub purpose: Option<String>,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// Its sections in order; the first holds the credentials in no section.
    pub sections: Vec<Section>,
    /// Its goal, when it has one.
    pub goal: Option<Goal>,
    /// Progress toward the goal.
    pub progress: Option<GoalProgress>,
}

impl Portfolio {
    /// The wallet ids of every credential in the portfolio, in display order.
    pub fn credential_ids(&self) -> Vec<String> {
        self.sections
            .iter()
            .flat_map(|s| s.credentials.iter().map(|c| c.summary.id.clone()))
            .collect()
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn clean_name(name: &str, what: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::invalid(format!("a {what} name cannot be empty")));
    }
    if name.chars().count() > 200 {
        return Err(Error::invalid(format!(
            "the {what} name '{name}' is longer than 200 characters"
        )));
    }
    Ok(name)
}

/// Finds a portfolio by name (case-insensitive) or number.
pub fn resolve(wallet: &Wallet, portfolio: &str) -> Result<i64> {
    let conn = wallet.conn();
    let by_name: Option<i64> = conn
        .query_row(
            "SELECT id FROM portfolio WHERE name = ?1",
            [portfolio.trim()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = by_name {
        return Ok(id);
    }
    if let Ok(number) = portfolio.trim().parse::<i64>() {
        let by_id: Option<i64> = conn
            .query_row("SELECT id FROM portfolio WHERE id = ?1", [number], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(id) = by_id {
            return Ok(id);
        }
    }
    Err(Error::not_found(format!(
        "no portfolio named '{portfolio}' (see `cairn portfolio list`)"
    )))
}

/// Creates an empty portfolio and returns its number.
pub fn create(wallet: &mut Wallet, name: &str, purpose: Option<&str>) -> Result<i64> {
    let name = clean_name(name, "portfolio")?;
    let purpose = purpose.map(str::trim).filter(|p| !p.is_empty());
    wallet.write(|tx| {
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM portfolio WHERE name = ?1)",
            [&name],
            |r| r.get(0),
        )?;
        if exists {
            return Err(Error::new(
                ErrorCode::Duplicate,
                format!("a portfolio named '{name}' already exists"),
            ));
        }
        tx.execute(
            "INSERT INTO portfolio (name, purpose, created_at) VALUES (?1, ?2, ?3)",
            params![name, purpose, now()],
        )?;
        Ok(tx.last_insert_rowid())
    })
}

/// Renames a portfolio.
pub fn rename(wallet: &mut Wallet, portfolio: &str, new_name: &str) -> Result<()> {
    let id = resolve(wallet, portfolio)?;
    let name = clean_name(new_name, "portfolio")?;
    let clash: Option<i64> = wallet
        .conn()
        .query_row("SELECT id FROM portfolio WHERE name = ?1", [&name], |r| {
            r.get(0)
        })
        .optional()?;
    if clash.is_some_and(|other| other != id) {
        return Err(Error::new(
            ErrorCode::Duplicate,
            format!("a portfolio named '{name}' already exists"),
        ));
    }
    wallet.write(|tx| {
        Ok(tx.execute(
            "UPDATE portfolio SET name = ?1 WHERE id = ?2",
            params![name, id],
        )?)
    })?;
    Ok(())
}

/// Sets (or, with `None`, clears) a portfolio's purpose.
pub fn set_purpose(wallet: &mut Wallet, portfolio: &str, purpose: Option<&str>) -> Result<()> {
    let id = resolve(wallet, portfolio)?;
    let purpose = purpose.map(str::trim).filter(|p| !p.is_empty());
    wallet.write(|tx| {
        Ok(tx.execute(
            "UPDATE portfolio SET purpose = ?1 WHERE id = ?2",
            params![purpose, id],
        )?)
    })?;
    Ok(())
}

/// Deletes a portfolio. Its credentials stay in the wallet.
pub fn delete(wallet: &mut Wallet, portfolio: &str) -> Result<()> {
    let id = resolve(wallet, portfolio)?;
    wallet.write(|tx| Ok(tx.execute("DELETE FROM portfolio WHERE id = ?1", [id])?))?;
    Ok(())
}

/// Every portfolio, by name.
pub fn list(wallet: &Wallet) -> Result<Vec<PortfolioSummary>> {
    let mut stmt = wallet.conn().prepare_cached(
        "SELECT p.id, p.name, p.purpose, p.goal IS NOT NULL, p.created_at,
            (SELECT count(*) FROM portfolio_item i WHERE i.portfolio = p.id)
         FROM portfolio p ORDER BY p.name COLLATE NOCASE",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(PortfolioSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                purpose: r.get(2)?,
                has_goal: r.get(3)?,
                created_at: r.get(4)?,
                credentials: usize::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A portfolio in full, with progress toward its goal judged now.
pub fn show(wallet: &Wallet, portfolio: &str) -> Result<Portfolio> {
    show_as_of(wallet, portfolio, chrono::Utc::now())
}

/// A portfolio in full, with validity and goal progress judged at `now`.
pub fn show_as_of(
    wallet: &Wallet,
    portfolio: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Portfolio> {
    let id = resolve(wallet, portfolio)?;
    let conn = wallet.conn();
    let (name, purpose, goal_json, created_at): (String, Option<String>, Option<String>, String) =
        conn.query_row(
            "SELECT name, purpose, goal, created_at FROM portfolio WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
    let mut sections = vec![Section {
        id: None,
        name: None,
        credentials: Vec::new(),
    }];
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM portfolio_section WHERE portfolio = ?1 ORDER BY position, id",
    )?;
    for row in stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (sid, sname) = row?;
        sections.push(Section {
            id: Some(sid),
            name: Some(sname),
            credentials: Vec::new(),
        });
    }
    let mut stmt = conn.prepare_cached(&format!(
        "{SUMMARY_SELECT} JOIN portfolio_item pi ON pi.credential = c.id
         WHERE pi.portfolio = ?1 ORDER BY pi.position, c.title"
    ))?;
    let mut section_of = conn.prepare_cached(
        "SELECT section FROM portfolio_item WHERE portfolio = ?1 AND credential = ?2",
    )?;
    for row in stmt.query_map([id], summary_from_row)? {
        let summary = row?;
        let section: Option<i64> = section_of.query_row(params![id, summary.id], |r| r.get(0))?;
        let validity = Validity::of(summary.valid_until.as_deref(), now);
        let slot = sections
            .iter_mut()
            .find(|s| s.id == section)
            .ok_or_else(|| Error::internal("a portfolio item names a missing section"))?;
        slot.credentials.push(PortfolioEntry { summary, validity });
    }
    let goal: Option<Goal> = goal_json
        .map(|g| {
            serde_json::from_str(&g).map_err(|e| {
                Error::new(
                    ErrorCode::Storage,
                    format!("the goal of portfolio '{name}' is stored damaged: {e}"),
                )
            })
        })
        .transpose()?;
    let progress = goal
        .as_ref()
        .map(|g| goal::progress(wallet, g, now))
        .transpose()?;
    Ok(Portfolio {
        id,
        name,
        purpose,
        created_at,
        sections,
        goal,
        progress,
    })
}

fn section_id(tx: &Transaction<'_>, portfolio: i64, section: &str) -> Result<i64> {
    let name = clean_name(section, "section")?;
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM portfolio_section WHERE portfolio = ?1 AND name = ?2",
            params![portfolio, name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO portfolio_section (portfolio, name, position)
         VALUES (?1, ?2, (SELECT coalesce(max(position) + 1, 0) FROM portfolio_section WHERE portfolio = ?1))",
        params![portfolio, name],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Adds credentials (ids or unique prefixes) to the end of a portfolio, in `section` when
/// given (created when missing). A credential already there moves to that section's end.
pub fn add(
    wallet: &mut Wallet,
    portfolio: &str,
    credentials: &[String],
    section: Option<&str>,
) -> Result<Vec<String>> {
    let id = resolve(wallet, portfolio)?;
    let ids = credentials
        .iter()
        .map(|c| wallet.resolve_id(c))
        .collect::<Result<Vec<_>>>()?;
    wallet.write(|tx| {
        let section = section.map(|s| section_id(tx, id, s)).transpose()?;
        for cid in &ids {
            tx.execute(
                "INSERT INTO portfolio_item (portfolio, credential, section, position)
                 VALUES (?1, ?2, ?3, (SELECT coalesce(max(position) + 1, 0) FROM portfolio_item WHERE portfolio = ?1))
                 ON CONFLICT(portfolio, credential) DO UPDATE SET section = excluded.section, position = excluded.position",
                params![id, cid, section],
            )?;
        }
        Ok(ids.clone())
    })
}

/// Takes credentials out of a portfolio (they stay in the wallet).
pub fn remove(wallet: &mut Wallet, portfolio: &str, credentials: &[String]) -> Result<Vec<String>> {
    let id = resolve(wallet, portfolio)?;
    let ids = credentials
        .iter()
        .map(|c| wallet.resolve_id(c))
        .collect::<Result<Vec<_>>>()?;
    wallet.write(|tx| {
        for cid in &ids {
            let n = tx.execute(
                "DELETE FROM portfolio_item WHERE portfolio = ?1 AND credential = ?2",
                params![id, cid],
            )?;
            if n == 0 {
                return Err(Error::not_found(format!(
                    "credential {cid} is not in portfolio '{portfolio}'"
                )));
            }
        }
        Ok(ids.clone())
    })
}

/// Moves a credential to `position` (1 = first) within a section of the portfolio: `section`
/// when given (created when missing), else the section it is in.
pub fn move_credential(
    wallet: &mut Wallet,
    portfolio: &str,
    credential: &str,
    position: usize,
    section: Option<&str>,
) -> Result<()> {
    let id = resolve(wallet, portfolio)?;
    let cid = wallet.resolve_id(credential)?;
    wallet.write(|tx| {
        let current: Option<Option<i64>> = tx
            .query_row(
                "SELECT section FROM portfolio_item WHERE portfolio = ?1 AND credential = ?2",
                params![id, cid],
                |r| r.get(0),
            )
            .optional()?;
        let Some(current) = current else {
            return Err(Error::not_found(format!(
                "credential {cid} is not in portfolio '{portfolio}'; add it first"
            )));
        };
        let target = match section {
            Some(s) => Some(section_id(tx, id, s)?),
            None => current,
        };
        tx.execute(
            "UPDATE portfolio_item SET section = ?1 WHERE portfolio = ?2 AND credential = ?3",
            params![target, id, cid],
        )?;
        // Renumber the whole portfolio: the target section's order with the credential placed.
        let mut order: Vec<(String, Option<i64>)> = {
            let mut stmt = tx.prepare(
                "SELECT credential, section FROM portfolio_item WHERE portfolio = ?1 AND credential <> ?2 ORDER BY position",
            )?;
            stmt.query_map(params![id, cid], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let in_target: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|(_, (_, s))| *s == target)
            .map(|(i, _)| i)
            .collect();
        let slot = position.saturating_sub(1);
        let at = match in_target.get(slot) {
            Some(&i) => i,
            None => in_target.last().map_or(order.len(), |&i| i + 1),
        };
        order.insert(at, (cid.clone(), target));
        for (pos, (credential, _)) in order.iter().enumerate() {
            tx.execute(
                "UPDATE portfolio_item SET position = ?1 WHERE portfolio = ?2 AND credential = ?3",
                params![i64::try_from(pos).unwrap_or(i64::MAX), id, credential],
            )?;
        }
        Ok(())
    })
}

/// Adds a section (at the end), or moves an existing one to `position` (1 = first).
pub fn put_section(
    wallet: &mut Wallet,
    portfolio: &str,
    section: &str,
    position: Option<usize>,
) -> Result<i64> {
    let id = resolve(wallet, portfolio)?;
    wallet.write(|tx| {
        let sid = section_id(tx, id, section)?;
        if let Some(position) = position {
            let mut order: Vec<i64> = {
                let mut stmt = tx.prepare(
                    "SELECT id FROM portfolio_section WHERE portfolio = ?1 AND id <> ?2 ORDER BY position, id",
                )?;
                stmt.query_map(params![id, sid], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
            };
            order.insert(position.saturating_sub(1).min(order.len()), sid);
            for (pos, s) in order.iter().enumerate() {
                tx.execute(
                    "UPDATE portfolio_section SET position = ?1 WHERE id = ?2",
                    params![i64::try_from(pos).unwrap_or(i64::MAX), s],
                )?;
            }
        }
        Ok(sid)
    })
}

/// Renames a section.
pub fn rename_section(
    wallet: &mut Wallet,
    portfolio: &str,
    section: &str,
    new_name: &str,
) -> Result<()> {
    let id = resolve(wallet, portfolio)?;
    let new_name = clean_name(new_name, "section")?;
    let n = wallet.write(|tx| {
        Ok(tx.execute(
            "UPDATE portfolio_section SET name = ?1 WHERE portfolio = ?2 AND name = ?3",
            params![new_name, id, section.trim()],
        )?)
    })?;
    if n == 0 {
        return Err(Error::not_found(format!(
            "portfolio '{portfolio}' has no section named '{section}'"
        )));
    }
    Ok(())
}

/// Removes a section; its credentials stay in the portfolio, in no section.
pub fn remove_section(wallet: &mut Wallet, portfolio: &str, section: &str) -> Result<()> {
    let id = resolve(wallet, portfolio)?;
    let n = wallet.write(|tx| {
        Ok(tx.execute(
            "DELETE FROM portfolio_section WHERE portfolio = ?1 AND name = ?2",
            params![id, section.trim()],
        )?)
    })?;
    if n == 0 {
        return Err(Error::not_found(format!(
            "portfolio '{portfolio}' has no section named '{section}'"
        )));
    }
    Ok(())
}

/// Sets (or, with `None`, clears) a portfolio's goal.
pub fn set_goal(wallet: &mut Wallet, portfolio: &str, goal: Option<&Goal>) -> Result<()> {
    let id = resolve(wallet, portfolio)?;
    if let Some(goal) = goal {
        goal.check()?;
    }
    let json = goal
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| Error::internal(format!("cannot encode the goal: {e}")))?;
    wallet.write(|tx| {
        Ok(tx.execute(
            "UPDATE portfolio SET goal = ?1 WHERE id = ?2",
            params![json, id],
        )?)
    })?;
    Ok(())
}

/// Creates a portfolio holding `credentials` (wallet ids) in order, in one transaction.
pub fn create_with(
    wallet: &mut Wallet,
    name: &str,
    purpose: Option<&str>,
    credentials: &[String],
    goal: Option<&Goal>,
) -> Result<i64> {
    let id = create(wallet, name, purpose)?;
    let filled = add(wallet, &id.to_string(), credentials, None)
        .and_then(|_| set_goal(wallet, &id.to_string(), goal));
    if let Err(err) = filled {
        wallet.write(|tx| Ok(tx.execute("DELETE FROM portfolio WHERE id = ?1", [id])?))?;
        return Err(err);
    }
    Ok(id)
}
