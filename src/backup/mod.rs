//! Encrypted backups: the whole wallet, or a selection, in one passphrase-protected file, and
//! restoring one into an empty or an existing wallet.
//!
//! A backup (format version 2) is a zip sealed with argon2id + XChaCha20-Poly1305 (see
//! [`seal`]) holding `manifest.json` — the wallet as rows ([`Dump`]): credentials, tags, notes,
//! portfolios, identities, settings, skill choices, verification history, the holder key still
//! sealed under its own passphrase — and every blob by its SHA-256: `originals/…`, `images/…`,
//! `snapshots/…`. Restoring decrypts and checks everything first — a wrong passphrase or a
//! damaged file changes nothing — then merges in one transaction ([`Wallet::merge_dump`]):
//! nothing in the wallet is overwritten, and what differs is reported as a conflict.
//! Backups of format version 1 (originals only) still restore: each original is imported.

pub mod seal;

use crate::error::{Error, Result};
use crate::wallet::dump::{Dump, OriginalRow, RestoreConflict, Selection};
use crate::wallet::{FileReport, Outcome, Wallet};
use seal::KdfCost;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::{Read as _, Write as _};
use ts_rs::TS;

/// How a backup file starts.
pub const MAGIC: &[u8] = b"CAIRN-BACKUP\0";
/// The backup format this Cairn writes: 2, the whole wallet as rows (1 held originals only).
pub const FORMAT_VERSION: u32 = 2;
const MANIFEST: &str = "manifest.json";
/// The largest manifest or blob read from a backup, inflated.
const MAX_ENTRY: u64 = 64 * 1024 * 1024;
/// The most inflated bytes read from one backup.
const MAX_TOTAL: u64 = 1024 * 1024 * 1024;

/// One original file listed in a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupEntry {
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// The file name it was imported from.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    created: String,
    originals: Vec<BackupEntry>,
    /// Format 2: everything else, as rows (blobs are entries of the zip).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wallet: Option<Dump>,
}

/// A backup, made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// The encrypted file's bytes.
    pub bytes: Vec<u8>,
    /// The originals inside.
    pub entries: Vec<BackupEntry>,
}

/// A backup, opened and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    /// Its format version (1: originals only; 2: the whole wallet as rows).
    pub version: u32,
    /// When it was made (RFC 3339).
    pub created: String,
    /// What it holds; for version 1 only [`Dump::originals`] is filled.
    pub dump: Dump,
}

/// Backs up `ids` (wallet ids: their files, portfolios, tags, notes, history) or, when
/// `None`, the whole wallet, encrypted with `passphrase`.
pub fn backup(
    wallet: &Wallet,
    ids: Option<&[String]>,
    passphrase: &[u8],
    cost: KdfCost,
) -> Result<Backup> {
    let selection = match ids {
        Some(ids) => Selection::Credentials(ids.to_vec()),
        None => Selection::Whole,
    };
    backup_of(wallet, &selection, passphrase, cost)
}

/// Backs up `selection` of the wallet, encrypted with `passphrase`.
pub fn backup_of(
    wallet: &Wallet,
    selection: &Selection,
    passphrase: &[u8],
    cost: KdfCost,
) -> Result<Backup> {
    let dump = wallet.dump(selection)?;
    let plain = zeroize::Zeroizing::new(write_contents(&dump)?);
    let bytes = seal::seal(MAGIC, passphrase, &plain, cost)?;
    Ok(Backup {
        bytes,
        entries: entries_of(&dump.originals),
    })
}

fn entries_of(originals: &[OriginalRow]) -> Vec<BackupEntry> {
    originals
        .iter()
        .map(|o| BackupEntry {
            sha256: o.sha256.clone(),
            file_name: o.file_name.clone(),
            media_type: o.media_type.clone(),
        })
        .collect()
}

/// The unencrypted zip of a dump: its manifest and each blob once, by SHA-256.
fn write_contents(dump: &Dump) -> Result<Vec<u8>> {
    let zip_err =
        |e: zip::result::ZipError| Error::internal(format!("cannot write the backup: {e}"));
    let io_err = |e: std::io::Error| Error::internal(format!("cannot write the backup: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut written = HashSet::new();
    let blobs = dump
        .originals
        .iter()
        .map(|o| ("originals", &o.sha256, &o.bytes))
        .chain(dump.images.iter().map(|i| ("images", &i.sha256, &i.bytes)))
        .chain(
            dump.snapshots
                .iter()
                .map(|s| ("snapshots", &s.sha256, &s.bytes)),
        );
    for (folder, sha, bytes) in blobs {
        let name = format!("{folder}/{sha}");
        if written.insert(name.clone()) {
            zip.start_file(name, opts).map_err(zip_err)?;
            zip.write_all(bytes).map_err(io_err)?;
        }
    }
    let manifest = Manifest {
        format: "cairn-backup".to_owned(),
        version: FORMAT_VERSION,
        created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        originals: entries_of(&dump.originals),
        wallet: Some(dump.clone()),
    };
    let json = serde_json::to_vec(&manifest)
        .map_err(|e| Error::internal(format!("cannot encode the backup manifest: {e}")))?;
    zip.start_file(MANIFEST, opts).map_err(zip_err)?;
    zip.write_all(&json).map_err(io_err)?;
    Ok(zip.finish().map_err(zip_err)?.into_inner())
}

/// Opens a backup and checks it whole (every blob against its SHA-256). Nothing is written.
pub fn parse(blob: &[u8], passphrase: &[u8]) -> Result<Contents> {
    read_contents(blob, passphrase, "backup")
}

/// [`parse`], naming the file `what` in errors.
pub fn read_contents(blob: &[u8], passphrase: &[u8], what: &str) -> Result<Contents> {
    let plain = seal::open(MAGIC, passphrase, blob, what)?;
    parse_contents(&plain).map_err(|e| e.in_file(what))
}

/// Reads the decrypted zip of a backup (format 1 or 2) and checks it whole.
pub fn parse_contents(plain: &[u8]) -> Result<Contents> {
    let damaged = |detail: String| Error::invalid(format!("the backup is damaged: {detail}"));
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(plain)).map_err(|e| damaged(e.to_string()))?;
    let mut budget = MAX_TOTAL;
    let mut entry = |name: &str, zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>| {
        let file = zip
            .by_name(name)
            .map_err(|_| damaged(format!("{name} is missing")))?;
        let limit = MAX_ENTRY.min(budget);
        let mut bytes = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(format!("{name}: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(damaged(format!("{name} is larger than a backup may hold")));
        }
        budget -= bytes.len() as u64;
        Ok(bytes)
    };
    let manifest: Manifest = {
        let text = entry(MANIFEST, &mut zip)?;
        serde_json::from_slice(&text).map_err(|e| damaged(format!("bad manifest: {e}")))?
    };
    if manifest.format != "cairn-backup" || !(1..=FORMAT_VERSION).contains(&manifest.version) {
        return Err(Error::invalid(format!(
            "unsupported backup format {} version {}; a newer Cairn may read it",
            manifest.format, manifest.version
        )));
    }
    let mut dump = match (manifest.version, manifest.wallet) {
        (1, _) => Dump {
            whole: false,
            originals: manifest
                .originals
                .into_iter()
                .map(|e| OriginalRow {
                    sha256: e.sha256,
                    file_name: e.file_name,
                    media_type: e.media_type,
                    imported_at: String::new(),
                    bytes: Vec::new(),
                })
                .collect(),
            ..Dump::default()
        },
        (_, Some(dump)) => dump,
        (_, None) => return Err(damaged("the manifest holds no wallet".to_owned())),
    };
    let mut fill = |folder: &str, sha: &str| -> Result<Vec<u8>> {
        let bytes = entry(&format!("{folder}/{sha}"), &mut zip)?;
        if crate::model::sha256_hex(&bytes) != sha {
            return Err(damaged(format!(
                "{folder}/{sha} does not match its checksum"
            )));
        }
        Ok(bytes)
    };
    for o in &mut dump.originals {
        o.bytes = fill("originals", &o.sha256)?;
    }
    for i in &mut dump.images {
        i.bytes = fill("images", &i.sha256)?;
    }
    for s in &mut dump.snapshots {
        s.bytes = fill("snapshots", &s.sha256)?;
    }
    Ok(Contents {
        version: manifest.version,
        created: manifest.created,
        dump,
    })
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RestoreReport {
    /// The backup's format version (1: originals only; 2: the whole wallet).
    pub version: u32,
    /// Original files in the backup.
    pub originals: usize,
    /// Original files added to the wallet.
    pub added: usize,
    /// Original files already in the wallet (left as they are).
    pub duplicates: usize,
    /// Original files that could not be restored (format 1 only, where each is imported).
    pub failed: Vec<FileReport>,
    /// Portfolios added.
    pub portfolios_added: usize,
    /// Tags, notes, identities, skill choices, settings and verifications added.
    pub annotations_added: usize,
    /// What the wallet and the backup both hold with different content: the wallet's kept.
    pub conflicts: Vec<RestoreConflict>,
}

/// Restores a backup into `wallet`: checks the whole file first, then merges it (format 2) or
/// imports each original (format 1). Nothing the wallet holds is overwritten.
pub fn restore(
    wallet: &mut Wallet,
    blob: &[u8],
    passphrase: &[u8],
    what: &str,
) -> Result<RestoreReport> {
    let contents = read_contents(blob, passphrase, what)?;
    let originals = contents.dump.originals.len();
    if contents.version == 1 {
        let mut report = RestoreReport {
            version: 1,
            originals,
            added: 0,
            duplicates: 0,
            failed: Vec::new(),
            portfolios_added: 0,
            annotations_added: 0,
            conflicts: Vec::new(),
        };
        for original in contents.dump.originals {
            let source = format!("{what}:{}", original.file_name);
            let file = wallet.import_bytes(&source, &original.file_name, original.bytes);
            match file.outcome {
                Outcome::Imported => report.added += 1,
                Outcome::Duplicate => report.duplicates += 1,
                _ => report.failed.push(file),
            }
        }
        return Ok(report);
    }
    let merged = wallet
        .merge_dump(&contents.dump)
        .map_err(|e| e.in_file(what))?;
    Ok(RestoreReport {
        version: contents.version,
        originals,
        added: merged.added,
        duplicates: merged.duplicates,
        failed: Vec::new(),
        portfolios_added: merged.portfolios_added,
        annotations_added: merged.annotations_added + merged.portfolio_items_added,
        conflicts: merged.conflicts,
    })
}
