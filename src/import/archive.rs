//! Zip archives: the files inside, read one by one under limits that defuse zip bombs (entry
//! count, size of each entry, total inflated size, inflation ratio). Archives inside archives
//! are not opened.

use super::Limits;
use crate::error::{Error, ErrorCode, Result};
use std::io::{Cursor, Read as _};

/// One file read from an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path inside the archive (`badges/badge (2).png`).
    pub path: String,
    /// Its file name, without folders.
    pub file_name: String,
    /// Its bytes, or why they could not be read (too large, damaged).
    pub bytes: Result<Vec<u8>>,
}

/// Whether `bytes` are a zip archive.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The files in a zip archive, in archive order; folders, hidden files and macOS resource forks
/// are skipped. An entry over a limit is returned with an error so the rest still import; an
/// archive over the count or total-size limit is refused as a whole.
pub fn entries(name: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Entry>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::invalid(format!("{name}: the zip archive cannot be read ({e})")))?;
    if zip.len() > limits.max_archive_entries {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "{name}: the archive holds {} entries, more than the limit of {}",
                zip.len(),
                limits.max_archive_entries
            ),
        ));
    }
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let mut file = zip.by_index(index).map_err(|e| {
            Error::invalid(format!(
                "{name}: entry {} of the archive cannot be read ({e})",
                index + 1
            ))
        })?;
        if file.is_dir() {
            continue;
        }
        let path = match file.name() {
            Ok(n) => n.into_owned(),
            Err(_) => String::from_utf8_lossy(file.name_raw()).into_owned(),
        };
        let file_name = path.rsplit('/').next().unwrap_or(&path).to_owned();
        if file_name.is_empty() || file_name.starts_with('.') || path.starts_with("__MACOSX/") {
            continue;
        }
        let label = format!("{name}/{path}");
        let declared = file.size();
        let compressed = file.compressed_size().max(1);
        let bytes = if declared > limits.max_file_bytes {
            Err(too_large(&label, limits.max_file_bytes))
        } else if declared / compressed > limits.max_expansion_ratio && declared > 1024 * 1024 {
            Err(Error::new(
                ErrorCode::TooLarge,
                format!(
                    "{label}: inflates {}-fold, past the limit of {} (a zip bomb?)",
                    declared / compressed,
                    limits.max_expansion_ratio
                ),
            ))
        } else {
            // The declared size may lie: read no more than the limits allow either way.
            let budget = limits
                .max_file_bytes
                .min(limits.max_archive_bytes.saturating_sub(total));
            let mut buf = Vec::new();
            match (&mut file).take(budget + 1).read_to_end(&mut buf) {
                Ok(_) if buf.len() as u64 > budget => Err(too_large(&label, budget)),
                Ok(_) => Ok(buf),
                Err(e) => Err(Error::invalid(format!(
                    "{label}: this archive entry is damaged ({e})"
                ))),
            }
        };
        if let Ok(b) = &bytes {
            total += b.len() as u64;
        }
        let over_total = matches!(&bytes, Err(e) if e.code == ErrorCode::TooLarge)
            && total >= limits.max_archive_bytes;
        let bytes = match bytes {
            Ok(b) if is_zip(&b) => Err(Error::new(
                ErrorCode::UnsupportedFormat,
                format!("{label}: unsupported format: archives inside archives are not opened"),
            )),
            other => other,
        };
        out.push(Entry {
            path,
            file_name,
            bytes,
        });
        if over_total {
            return Err(Error::new(
                ErrorCode::TooLarge,
                format!(
                    "{name}: the archive inflates past the limit of {} MB",
                    limits.max_archive_bytes / (1024 * 1024)
                ),
            ));
        }
    }
    Ok(out)
}

fn too_large(label: &str, limit: u64) -> Error {
    Error::new(
        ErrorCode::TooLarge,
        format!(
            "{label}: the file is larger than the {} MB import limit",
            limit / (1024 * 1024)
        ),
    )
}
