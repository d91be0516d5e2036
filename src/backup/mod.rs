//! Encrypted backups: the whole wallet, or a selection, in one passphrase-protected file, and
//! restoring one into an empty or an existing wallet.
//!
//! A backup holds every original file byte for byte (a zip with a manifest, sealed with
//! argon2id + XChaCha20-Poly1305, see [`seal`]). Restoring decrypts and checks everything
//! first — a wrong passphrase or a damaged file changes nothing — then imports each original;
//! credentials already in the wallet are skipped as duplicates.

pub mod seal;

use crate::error::{Error, Result};
use crate::wallet::{ImportReport, Wallet};
use seal::KdfCost;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::{Read as _, Write as _};
use ts_rs::TS;

/// How a backup file starts.
pub const MAGIC: &[u8] = b"CAIRN-BACKUP\0";
const MANIFEST: &str = "manifest.json";

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
}

/// A backup, made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// The encrypted file's bytes.
    pub bytes: Vec<u8>,
    /// The originals inside.
    pub entries: Vec<BackupEntry>,
}

/// Backs up the originals of `ids` (all top-level credentials when `None`), encrypted with
/// `passphrase`.
pub fn backup(
    wallet: &Wallet,
    ids: Option<&[String]>,
    passphrase: &[u8],
    cost: KdfCost,
) -> Result<Backup> {
    let ids: Vec<String> = match ids {
        Some(ids) => ids.to_vec(),
        None => wallet
            .list()?
            .into_iter()
            .filter(|c| c.parent_id.is_none())
            .map(|c| c.id)
            .collect(),
    };
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    let zip_err =
        |e: zip::result::ZipError| Error::internal(format!("cannot write the backup: {e}"));
    let io_err = |e: std::io::Error| Error::internal(format!("cannot write the backup: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for id in &ids {
        let original = wallet.original(id)?;
        if !seen.insert(original.sha256.clone()) {
            continue;
        }
        zip.start_file(format!("originals/{}", original.sha256), opts)
            .map_err(zip_err)?;
        zip.write_all(&original.bytes).map_err(io_err)?;
        entries.push(BackupEntry {
            sha256: original.sha256,
            file_name: original.file_name,
            media_type: original.media_type,
        });
    }
    let manifest = Manifest {
        format: "cairn-backup".to_owned(),
        version: 1,
        created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        originals: entries.clone(),
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::internal(format!("cannot encode the backup manifest: {e}")))?;
    zip.start_file(MANIFEST, opts).map_err(zip_err)?;
    zip.write_all(&json).map_err(io_err)?;
    let plain = zeroize::Zeroizing::new(zip.finish().map_err(zip_err)?.into_inner());
    let bytes = seal::seal(MAGIC, passphrase, &plain, cost)?;
    Ok(Backup { bytes, entries })
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RestoreReport {
    /// Originals in the backup.
    pub originals: usize,
    /// One entry per original: imported, or duplicate (already in the wallet).
    pub import: ImportReport,
}

/// Opens a backup and returns its originals as `(entry, bytes)`, each checked against its
/// SHA-256. Nothing is written. `what` names the file in errors.
pub fn read(blob: &[u8], passphrase: &[u8], what: &str) -> Result<Vec<(BackupEntry, Vec<u8>)>> {
    let plain = seal::open(MAGIC, passphrase, blob, what)?;
    let damaged =
        |detail: String| Error::invalid(format!("{what}: the backup is damaged: {detail}"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(plain.as_slice()))
        .map_err(|e| damaged(e.to_string()))?;
    let manifest: Manifest = {
        let mut file = zip
            .by_name(MANIFEST)
            .map_err(|_| damaged("it has no manifest".to_owned()))?;
        let mut text = Vec::new();
        file.read_to_end(&mut text)
            .map_err(|e| damaged(e.to_string()))?;
        serde_json::from_slice(&text).map_err(|e| damaged(format!("bad manifest: {e}")))?
    };
    if manifest.format != "cairn-backup" || manifest.version != 1 {
        return Err(Error::invalid(format!(
            "{what}: unsupported backup format {} version {}",
            manifest.format, manifest.version
        )));
    }
    let mut out = Vec::with_capacity(manifest.originals.len());
    for entry in manifest.originals {
        let mut bytes = Vec::new();
        zip.by_name(&format!("originals/{}", entry.sha256))
            .map_err(|_| damaged(format!("{} is missing", entry.file_name)))?
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(e.to_string()))?;
        if crate::model::sha256_hex(&bytes) != entry.sha256 {
            return Err(damaged(format!(
                "{} does not match its checksum",
                entry.file_name
            )));
        }
        out.push((entry, bytes));
    }
    Ok(out)
}

/// Restores a backup into `wallet`: checks the whole file first, then imports every original.
/// Credentials already present are reported as duplicates and left as they are.
pub fn restore(
    wallet: &mut Wallet,
    blob: &[u8],
    passphrase: &[u8],
    what: &str,
) -> Result<RestoreReport> {
    let originals = read(blob, passphrase, what)?;
    let mut import = ImportReport::default();
    let count = originals.len();
    for (entry, bytes) in originals {
        let source = format!("{what}:{}", entry.file_name);
        import
            .files
            .push(wallet.import_bytes(&source, &entry.file_name, bytes));
    }
    Ok(RestoreReport {
        originals: count,
        import,
    })
}
