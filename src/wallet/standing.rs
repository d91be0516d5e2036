//! Reading what decides a credential's standing in outputs (see [`crate::standing`]): its
//! dates and its latest stored verdict and reason.

use super::Wallet;
use crate::error::Result;
use crate::standing::CredentialStanding;
use crate::verify::{Reason, Verdict};
use chrono::{DateTime, Utc};

const STANDING_SELECT: &str = "SELECT c.id, c.title, json_extract(c.data, '$.valid_from'),
    c.valid_until, v.verdict, v.reason
    FROM credential c LEFT JOIN credential_verdict v ON v.credential = c.id";

type Row = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn standing(row: Row, now: DateTime<Utc>) -> CredentialStanding {
    let (id, title, valid_from, valid_until, verdict, reason) = row;
    CredentialStanding::new(
        id,
        title,
        valid_from,
        valid_until,
        verdict.as_deref().and_then(Verdict::parse),
        reason.as_deref().and_then(Reason::parse),
        now,
    )
}

impl Wallet {
    /// The standing of each credential of `ids` (ids or unique prefixes), in order, at `now`.
    /// An unknown id is an error naming it.
    pub fn standings(&self, ids: &[String], now: DateTime<Utc>) -> Result<Vec<CredentialStanding>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{STANDING_SELECT} WHERE c.id = ?1"))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let id = self.resolve_id(id)?;
            let r = stmt.query_row([&id], row)?;
            out.push(standing(r, now));
        }
        Ok(out)
    }

    /// The standing of every credential in the wallet at `now`.
    pub fn all_standings(&self, now: DateTime<Utc>) -> Result<Vec<CredentialStanding>> {
        let mut stmt = self.conn.prepare(STANDING_SELECT)?;
        let rows = stmt.query_map([], row)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(standing(r?, now));
        }
        Ok(out)
    }
}
