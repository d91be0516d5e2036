//! Verification history: each verification of a stored credential, kept with its time, so the
//! learner can see when a badge was last checked and what was found.
//!
//! History lives in the wallet database (table `verification`, migration V4). [`History`]
//! opens its own connection to the wallet file, so it never holds the wallet's.

use super::report::{Report, Verdict};
use super::{VerifyOptions, verify_document};
use crate::error::{Error, ErrorCode, Result};
use crate::wallet::Wallet;
use rusqlite::{Connection, OptionalExtension, params};

/// One stored credential, re-verified.
#[derive(Debug, Clone)]
pub struct Reverified {
    /// The wallet's identifier of the credential.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The new report.
    pub report: Report,
}

/// The verification history of a wallet.
pub struct History {
    conn: Connection,
}

impl History {
    /// Opens the history of `wallet` (its schema is already current).
    pub fn open(wallet: &Wallet) -> Result<Self> {
        let conn = Connection::open(wallet.path()).map_err(|e| {
            Error::new(
                ErrorCode::Storage,
                format!("{}: cannot open the wallet: {e}", wallet.path().display()),
            )
        })?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(Self { conn })
    }

    /// Stores a report for the credential with wallet id `id`.
    pub fn record(&self, id: &str, report: &Report, online: bool) -> Result<()> {
        let json = serde_json::to_string(report)
            .map_err(|e| Error::internal(format!("cannot store the report: {e}")))?;
        self.conn.execute(
            "INSERT INTO verification (credential, checked_at, verdict, online, report)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, report.checked_at, report.verdict.as_str(), online, json],
        )?;
        Ok(())
    }

    /// Every report of a credential, newest first.
    pub fn reports(&self, id: &str) -> Result<Vec<Report>> {
        let mut stmt = self.conn.prepare(
            "SELECT report FROM verification WHERE credential = ?1
             ORDER BY checked_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            let text = row?;
            let report: Report = serde_json::from_str(&text).map_err(|e| {
                Error::new(
                    ErrorCode::Storage,
                    format!("a stored verification of {id} is unreadable: {e}"),
                )
            })?;
            out.push(report);
        }
        Ok(out)
    }

    /// The latest verdict of a credential, if it was ever verified.
    pub fn latest_verdict(&self, id: &str) -> Result<Option<(Verdict, String)>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT verdict, checked_at FROM verification WHERE credential = ?1
                 ORDER BY checked_at DESC, id DESC LIMIT 1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row.and_then(|(v, at)| Verdict::parse(&v).map(|v| (v, at))))
    }

    /// Re-verifies every stored credential and records each report. `progress` is called after
    /// each one.
    pub fn reverify_all(
        &self,
        options: &VerifyOptions,
        progress: &mut dyn FnMut(&Reverified),
    ) -> Result<Vec<Reverified>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, title, document FROM credential ORDER BY imported_at, position")?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (id, title, document) in rows {
            let report = verify_document(&document, options);
            self.record(&id, &report, options.fetch.is_some())?;
            let done = Reverified { id, title, report };
            progress(&done);
            out.push(done);
        }
        Ok(out)
    }
}
