//! Verification history: each verification of a stored credential, kept with its time, so the
//! learner can see when a badge was last checked and what was found.
//!
//! History lives in the wallet database (table `verification`, migration V4). [`History`]
//! reads and writes through the wallet's one connection (writes by `Wallet::write`): nothing
//! else in the process opens the wallet file, so no second descriptor can drop SQLite's locks.

use super::fetch::Fetched;
use super::label::Label;
use super::report::{Report, Verdict};
use super::{VerifyOptions, verify_document};
use crate::error::{Error, ErrorCode, Result};
use crate::wallet::Wallet;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use serde::Serialize;
use ts_rs::TS;

/// One verification in a credential's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Verification {
    /// Whether it ran with the network (`false`: offline, from what the wallet holds).
    pub online: bool,
    /// What it found.
    pub report: Report,
    /// Its verdict as a person reads it.
    pub label: Label,
}

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
pub struct History<'w> {
    wallet: &'w Wallet,
    conn: &'w Connection,
}

impl<'w> History<'w> {
    /// The history of `wallet` (its schema is already current).
    pub fn open(wallet: &'w Wallet) -> Result<Self> {
        Ok(Self {
            wallet,
            conn: wallet.conn(),
        })
    }

    /// Stores a report for the credential with wallet id `id`.
    pub fn record(&self, id: &str, report: &Report, online: bool) -> Result<()> {
        self.wallet.write(|tx| record_in(tx, id, report, online))
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

    /// Every verification of a credential, newest first, each marked online or offline.
    pub fn entries(&self, id: &str) -> Result<Vec<Verification>> {
        let mut stmt = self.conn.prepare(
            "SELECT online, report FROM verification WHERE credential = ?1
             ORDER BY checked_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get::<_, bool>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (online, text) = row?;
            let report: Report = serde_json::from_str(&text).map_err(|e| {
                Error::new(
                    ErrorCode::Storage,
                    format!("a stored verification of {id} is unreadable: {e}"),
                )
            })?;
            out.push(Verification {
                online,
                label: Label::new(report.verdict, report.reason),
                report,
            });
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

    /// The documents the wallet stored when it imported hosted badges (assertions, BadgeClasses,
    /// issuer profiles), each with the time it was fetched: the snapshot offline verification
    /// can use (see [`super::FetchCache`]).
    pub fn snapshots(&self) -> Result<Vec<(Fetched, DateTime<Utc>)>> {
        self.wallet.stored_fetches()
    }

    /// Re-verifies one stored credential (by its full wallet id) and records the report.
    pub fn reverify(&self, id: &str, options: &VerifyOptions, online: bool) -> Result<Report> {
        let document: String = self
            .conn
            .query_row("SELECT document FROM credential WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::not_found(format!("no credential {id} in the wallet")))?;
        let report = verify_document(&document, options);
        self.record(id, &report, online)?;
        Ok(report)
    }

    /// Re-verifies every stored credential and records each report, marked as done online or
    /// not. `progress` is called after each one.
    pub fn reverify_all(
        &self,
        options: &VerifyOptions,
        online: bool,
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
            self.record(&id, &report, online)?;
            let done = Reverified { id, title, report };
            progress(&done);
            out.push(done);
        }
        Ok(out)
    }
}

/// Stores a report for the credential with wallet id `id` on `conn`, inside the caller's
/// transaction: the history row and the latest verdict the library filters read.
pub(crate) fn record_in(conn: &Connection, id: &str, report: &Report, online: bool) -> Result<()> {
    let json = serde_json::to_string(report)
        .map_err(|e| Error::internal(format!("cannot store the report: {e}")))?;
    conn.execute(
        "INSERT INTO verification (credential, checked_at, verdict, online, report)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, report.checked_at, report.verdict.as_str(), online, json],
    )?;
    // The latest verdict, for library filters; an older report never replaces a newer one.
    conn.execute(
        "INSERT INTO credential_verdict (credential, verdict, checked_at, reason)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (credential) DO UPDATE SET verdict = excluded.verdict,
             checked_at = excluded.checked_at, reason = excluded.reason
         WHERE excluded.checked_at >= credential_verdict.checked_at",
        params![
            id,
            report.verdict.as_str(),
            report.checked_at,
            report.reason.map(|r| r.as_str())
        ],
    )?;
    Ok(())
}
