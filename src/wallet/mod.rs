//! The wallet: a SQLite file holding credentials, their originals verbatim, and their images.
//!
//! One [`Wallet`] is one database file. Every write runs in a transaction, so a failed import
//! leaves the wallet exactly as it was.
//!
//! Concurrent use (the app and several `cairn` processes on one wallet) rests on four rules,
//! kept here: every write transaction goes through `Wallet::write` (`BEGIN IMMEDIATE`, retried
//! while another process writes); the database file is opened by one connection per `Wallet`
//! and by nothing else in Cairn; closing a connection never checkpoints and deletes the
//! write-ahead log (another process may still use it); and a shared lock on `<wallet>-lock` is
//! held for the life of a `Wallet`.

mod batch;
mod conflict;
pub mod contexts;
pub mod dump;
mod profile;
mod schema;
mod settings;
mod snapshot;
mod standing;
mod store;
mod verifying;

pub use batch::ImportOptions;
pub use conflict::IdConflict;
pub use contexts::ContextPin;
pub use profile::IDENTITY_KINDS;
pub use schema::CURRENT_VERSION as SCHEMA_VERSION;
pub use settings::Settings;
pub use snapshot::SnapshotInfo;
pub use verifying::{Network, Verifying, VerifyingSession};

use crate::error::{Error, ErrorCode, Result};
use crate::import::{Association, Limits};
use crate::model::{Credential, Format, Image, Original};
use crate::recipient::RecipientStatus;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// A credential as the library lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CredentialSummary {
    /// The wallet's identifier for the credential (12 hex digits).
    pub id: String,
    /// The title shown to the learner.
    pub title: String,
    /// The issuer's name (or identifier when it has no name).
    pub issuer: Option<String>,
    /// When it was issued (RFC 3339).
    pub issued_on: Option<String>,
    /// Until when it is valid (RFC 3339).
    pub valid_until: Option<String>,
    /// The format it was imported from.
    pub format: Format,
    /// The credential's own identifier, when it has one.
    pub credential_id: Option<String>,
    /// The wallet identifier of the credential this one is nested in (CLR members).
    pub parent_id: Option<String>,
    /// A `data:` URI of the badge image, when one is stored.
    pub image: Option<String>,
    /// Whether it was issued to the learner, as far as their profile's identities tell.
    pub recipient_status: RecipientStatus,
}

/// What the wallet knows of an original file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OriginalInfo {
    /// The file name it was imported from.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// Lower-case hex SHA-256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// When it was imported (RFC 3339).
    pub imported_at: String,
}

/// Everything about one stored credential.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CredentialDetail {
    /// The library view of it.
    pub summary: CredentialSummary,
    /// The normalised credential.
    pub credential: Credential,
    /// The credential as carried (JSON text, or compact JWS/JWT).
    pub document: String,
    /// The original file it came from.
    pub original: OriginalInfo,
    /// Wallet identifiers of credentials nested in this one (CLR members).
    pub children: Vec<String>,
    /// Links between achievements this credential states (CLR 2.0 associations).
    pub associations: Vec<Association>,
    /// Documents fetched for it at import (BadgeClass, Issuer, image...).
    pub snapshots: Vec<SnapshotInfo>,
}

/// How one file fared in an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// New credentials were stored.
    Imported,
    /// Everything in the file was already in the wallet; nothing was stored.
    Duplicate,
    /// The file could not be read or is broken; nothing was stored.
    Failed,
    /// The file was read but holds no credential.
    NoBadge,
    /// The file was not imported: the import was cancelled before it was read.
    Cancelled,
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FileReport {
    /// The path or name of the file, as given.
    pub source: String,
    /// What happened.
    pub outcome: Outcome,
    /// Wallet identifiers of the credentials stored (or, for duplicates, already present).
    pub credentials: Vec<String>,
    /// Titles of those credentials, in the same order.
    pub titles: Vec<String>,
    /// The error code, for failures.
    pub code: Option<ErrorCode>,
    /// A sentence for people: the reason for a failure, or what was found.
    pub message: String,
    /// The verdict of each credential stored, in the order of `credentials`, when they were
    /// verified on import (empty otherwise).
    pub verdicts: Vec<crate::verify::Verdict>,
    /// Credentials stored beside another with the same credential id but different content.
    pub conflicts: Vec<IdConflict>,
}

/// The result of importing a batch of files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct ImportReport {
    /// One entry per file, in the order they were read.
    pub files: Vec<FileReport>,
    /// Whether the import was cancelled: files reported `cancelled` were not read.
    pub cancelled: bool,
}

impl ImportReport {
    /// How many files had the given outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.files.iter().filter(|f| f.outcome == outcome).count()
    }

    /// Whether any file failed or held no badge.
    pub fn has_failures(&self) -> bool {
        self.files
            .iter()
            .any(|f| matches!(f.outcome, Outcome::Failed | Outcome::NoBadge))
    }
}

/// Progress of a batch import, reported after each file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Progress {
    /// Files finished so far.
    pub done: usize,
    /// Files in the batch.
    pub total: usize,
    /// The file just finished.
    pub source: String,
}

/// A wallet database, open.
pub struct Wallet {
    conn: Connection,
    /// `<wallet>-lock`, shared-locked (`flock`) while this `Wallet` lives. Unlike SQLite's
    /// POSIX locks it is not dropped when another descriptor of the file closes.
    lock: std::fs::File,
    path: PathBuf,
    limits: Limits,
    client: Option<crate::net::Client>,
    /// During a batch import: documents an imported badge named (BadgeClass, Issuer, image)
    /// already fetched in this batch, by URL, so badges sharing them fetch them once.
    shared_fetches:
        std::cell::RefCell<Option<std::collections::HashMap<String, crate::net::Fetched>>>,
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wallet")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Drop for Wallet {
    fn drop(&mut self) {
        // The last Cairn process to close the wallet (no other holds `<wallet>-lock`) folds the
        // write-ahead log back into the file and truncates it; the log file itself stays.
        if self.lock.try_lock().is_ok() {
            let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }
}

impl Wallet {
    /// Where the wallet lives when none is chosen: the OS data directory
    /// (`~/.local/share/cairn/wallet.sqlite` on Linux).
    pub fn default_path() -> Result<PathBuf> {
        let dirs = directories::ProjectDirs::from("org", "Cairn", "cairn").ok_or_else(|| {
            Error::new(
                ErrorCode::Io,
                "could not find a home directory for the wallet; use --wallet PATH",
            )
        })?;
        Ok(dirs.data_dir().join("wallet.sqlite"))
    }

    /// Opens the wallet at `path`, creating it (and its directory) when missing, and upgrades
    /// its schema to the current version.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        }
        let lock = open_lock(path)?;
        let mut conn = Connection::open(path).map_err(|e| {
            Error::new(
                ErrorCode::Storage,
                format!("{}: cannot open the wallet: {e}", path.display()),
            )
        })?;
        // Closing a connection never checkpoints and deletes the `-wal`/`-shm` files: SQLite
        // decides it is the last user from POSIX locks, which another descriptor of the file
        // closing in some process (a save dialog browsing the folder) silently drops.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        retry_busy(|| {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            Ok(())
        })?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        retry_busy(|| {
            // Several processes opening a new wallet at once: one creates the schema, the
            // others wait for it.
            let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)?;
            tx.commit()?;
            schema::migrations().to_latest(&mut conn)?;
            Ok(())
        })?;
        Ok(Self {
            conn,
            lock,
            path: path.to_owned(),
            limits: Limits::default(),
            client: None,
            shared_fetches: std::cell::RefCell::new(None),
        })
    }

    /// Runs `work` in one write transaction and commits it: the one way Cairn writes to a
    /// wallet. The transaction starts with `BEGIN IMMEDIATE`, so it holds the write lock from
    /// its first statement and a read that turns into a write can never fail with "database
    /// is locked"; while another process writes, it waits (SQLite's busy timeout), then rolls
    /// back and retries `work` with a growing pause, for [`WRITE_PATIENCE`] in all.
    pub(crate) fn write<T>(
        &self,
        mut work: impl FnMut(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        retry_busy(|| {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            let value = work(&tx)?;
            tx.commit()?;
            Ok(value)
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<usize> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    /// Sets the limits applied to imported files.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Every credential, newest issue date first.
    pub fn list(&self) -> Result<Vec<CredentialSummary>> {
        let mut stmt = self.conn.prepare(&format!(
            "{SUMMARY_SELECT} ORDER BY coalesce(c.issued_on, c.imported_at) DESC, c.title"
        ))?;
        let rows = stmt.query_map([], summary_from_row)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(Error::from)
    }

    /// Resolves a full wallet identifier or a unique prefix of one (at least 4 characters).
    pub fn resolve_id(&self, id: &str) -> Result<String> {
        let id = id.trim().to_ascii_lowercase();
        if id.len() < 4 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(Error::not_found(format!(
                "no credential with id '{id}': ids are hexadecimal, at least 4 characters (see `cairn list`)"
            )));
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM credential WHERE id >= ?1 AND id < ?1 || 'g' LIMIT 2")?;
        let matches: Vec<String> = stmt
            .query_map([&id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match matches.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(Error::not_found(format!(
                "no credential with id '{id}' in the wallet"
            ))),
            _ => Err(Error::new(
                ErrorCode::Ambiguous,
                format!("'{id}' matches more than one credential; give more characters"),
            )),
        }
    }

    /// Everything about one credential, by id or unique id prefix.
    pub fn get(&self, id: &str) -> Result<CredentialDetail> {
        let id = self.resolve_id(id)?;
        let summary = self.conn.query_row(
            &format!("{SUMMARY_SELECT} WHERE c.id = ?1"),
            [&id],
            summary_from_row,
        )?;
        let (data, document, original): (String, String, OriginalInfo) = self.conn.query_row(
            "SELECT c.data, c.document, o.file_name, o.media_type, o.sha256, length(o.bytes), o.imported_at
             FROM credential c JOIN original o ON o.sha256 = c.original_sha256 WHERE c.id = ?1",
            [&id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    OriginalInfo {
                        file_name: r.get(2)?,
                        media_type: r.get(3)?,
                        sha256: r.get(4)?,
                        size: r.get::<_, i64>(5)?.try_into().unwrap_or(0),
                        imported_at: r.get(6)?,
                    },
                ))
            },
        )?;
        let credential: Credential = serde_json::from_str(&data).map_err(|e| {
            Error::new(
                ErrorCode::Storage,
                format!("credential {id} is stored damaged: {e}"),
            )
        })?;
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM credential WHERE parent_id = ?1 ORDER BY position")?;
        let children = stmt
            .query_map([&id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let associations = self.associations(&id)?;
        let snapshots = self.snapshots(&id)?;
        Ok(CredentialDetail {
            summary,
            credential,
            document,
            original,
            children,
            associations,
            snapshots,
        })
    }

    /// The original file a credential was imported from, byte for byte.
    pub fn original(&self, id: &str) -> Result<Original> {
        let id = self.resolve_id(id)?;
        let (file_name, media_type, bytes, sha256): (String, String, Vec<u8>, String) =
            self.conn.query_row(
                "SELECT o.file_name, o.media_type, o.bytes, o.sha256 FROM credential c
             JOIN original o ON o.sha256 = c.original_sha256 WHERE c.id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
        Ok(Original {
            file_name,
            media_type,
            bytes,
            sha256,
        })
    }

    /// Removes a credential (and any nested in it). Its original and image go too once no
    /// other credential uses them. Returns the ids removed.
    pub fn remove(&mut self, id: &str) -> Result<Vec<String>> {
        let id = self.resolve_id(id)?;
        self.write(|tx| remove_in(tx, &id))
    }

    /// The image kept for a credential (the baked file, a `data:` URI's image or a snapshot).
    pub fn image(&self, id: &str) -> Result<Option<Image>> {
        let id = self.resolve_id(id)?;
        Ok(self
            .conn
            .query_row(
                "SELECT i.media_type, i.bytes FROM credential c JOIN image i ON i.sha256 = c.image_sha256
                 WHERE c.id = ?1",
                [&id],
                |r| {
                    Ok(Image {
                        media_type: r.get(0)?,
                        bytes: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// The associations between achievements a credential states (CLR 2.0), in order.
    pub fn associations(&self, id: &str) -> Result<Vec<Association>> {
        let id = self.resolve_id(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT association_type, source_id, target_id FROM association WHERE credential = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([&id], |r| {
            Ok(Association {
                association_type: r.get(0)?,
                source_id: r.get(1)?,
                target_id: r.get(2)?,
            })
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(Error::from)
    }

    /// The open database, for reading (the library, portfolio and skills modules). Writes go
    /// through [`Wallet::write`].
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The number of credentials stored.
    pub fn count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM credential", [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

pub(crate) const SUMMARY_SELECT: &str =
    "SELECT c.id, c.title, c.issuer_name, c.issued_on, c.valid_until, c.format,
    c.credential_id, c.parent_id, i.media_type, i.bytes, c.recipient_status
    FROM credential c LEFT JOIN image i ON i.sha256 = c.image_sha256";

pub(crate) fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CredentialSummary> {
    let format: String = r.get(5)?;
    let image = match (
        r.get::<_, Option<String>>(8)?,
        r.get::<_, Option<Vec<u8>>>(9)?,
    ) {
        (Some(media_type), Some(bytes)) => Some(Image { media_type, bytes }.data_uri()),
        _ => None,
    };
    Ok(CredentialSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        issuer: r.get(2)?,
        issued_on: r.get(3)?,
        valid_until: r.get(4)?,
        format: Format::parse(&format).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                5,
                rusqlite::types::Type::Text,
                format!("unknown format {format}").into(),
            )
        })?,
        credential_id: r.get(6)?,
        parent_id: r.get(7)?,
        image,
        recipient_status: profile::parse_status(&r.get::<_, String>(10)?),
    })
}

/// Removes credential `id` and everything nested in it, inside the caller's transaction.
fn remove_in(tx: &Transaction<'_>, id: &str) -> Result<Vec<String>> {
    let (original, parent): (String, Option<String>) = tx.query_row(
        "SELECT original_sha256, parent_id FROM credential WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if let Some(parent) = parent {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            format!(
                "{id} is part of {parent}; remove {parent} to remove it with everything it contains"
            ),
        ));
    }
    let mut removed: Vec<String> = {
        let mut stmt = tx.prepare(
            "WITH RECURSIVE tree(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM credential c JOIN tree t ON c.parent_id = t.id)
             SELECT id FROM tree",
        )?;
        stmt.query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    removed.sort();
    tx.execute("DELETE FROM credential WHERE id = ?1", [id])?;
    tx.execute(
        "DELETE FROM original WHERE sha256 = ?1 AND NOT EXISTS (SELECT 1 FROM credential WHERE original_sha256 = ?1)",
        [&original],
    )?;
    tx.execute(
        "DELETE FROM image WHERE NOT EXISTS (SELECT 1 FROM credential WHERE image_sha256 = image.sha256)",
        [],
    )?;
    tx.execute(
        "DELETE FROM snapshot WHERE NOT EXISTS (SELECT 1 FROM credential_snapshot WHERE snapshot = snapshot.id)",
        [],
    )?;
    Ok(removed)
}

/// How long one wait for another process's write lasts before [`retry_busy`] tries again.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// How long a write waits, in all, for other processes' writes to finish before it fails.
pub const WRITE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether `err` is SQLite saying another connection holds the lock.
fn is_busy(err: &Error) -> bool {
    err.code == ErrorCode::Storage
        && (err.message.contains("database is locked") || err.message.contains("database is busy"))
}

/// Runs `work`, running it again while it fails because another process holds the database,
/// with a growing pause (10 ms doubling to 1 s), until [`WRITE_PATIENCE`] has passed.
fn retry_busy<T>(mut work: impl FnMut() -> Result<T>) -> Result<T> {
    let started = std::time::Instant::now();
    let mut pause = std::time::Duration::from_millis(10);
    loop {
        match work() {
            Err(err) if is_busy(&err) && started.elapsed() < WRITE_PATIENCE => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_secs(1));
            }
            other => return other,
        }
    }
}

/// Opens `<wallet>-lock` and takes a shared `flock` on it, held until the file is closed (when
/// the `Wallet` is dropped). Every Cairn process holding the wallet holds it; an operation
/// that needs the wallet alone takes it exclusively.
fn open_lock(path: &Path) -> Result<std::fs::File> {
    let mut name = path.as_os_str().to_owned();
    name.push("-lock");
    let lock_path = PathBuf::from(name);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(|e| Error::io(&lock_path, &e))?;
    file.lock_shared().map_err(|e| Error::io(&lock_path, &e))?;
    Ok(file)
}

fn failed(source: String, err: Error) -> FileReport {
    // The report names the file in `source`; the message need not repeat it.
    let message = err
        .message
        .strip_prefix(&format!("{source}: "))
        .map(str::to_owned)
        .unwrap_or(err.message);
    let outcome = if err.code == ErrorCode::UnsupportedFormat {
        Outcome::NoBadge
    } else {
        Outcome::Failed
    };
    FileReport {
        source,
        outcome,
        credentials: Vec::new(),
        titles: Vec::new(),
        code: Some(err.code),
        message,
        verdicts: Vec::new(),
        conflicts: Vec::new(),
    }
}

fn no_badge(source: &str) -> Error {
    Error::new(
        ErrorCode::UnsupportedFormat,
        format!("{source}: no badge found in this file"),
    )
}

fn too_large(source: &str, limit: u64) -> Error {
    Error::new(
        ErrorCode::TooLarge,
        format!(
            "{source}: the file is larger than the {} MB import limit",
            limit / (1024 * 1024)
        ),
    )
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
