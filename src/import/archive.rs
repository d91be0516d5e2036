//! Zip archives: the files inside, read one at a time under limits that defuse zip bombs
//! (entry count, size of each entry, total inflated size, inflation ratio), so at most one
//! entry is in memory at once. Archives inside archives are not opened.

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
    /// Its bytes, or why they could not be read (too large, damaged, an archive itself).
    pub bytes: Result<Vec<u8>>,
}

/// Whether `bytes` are a zip archive.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// An open zip archive, yielding its files in archive order; folders, hidden files and macOS
/// resource forks are skipped, but an entry whose path is absolute or climbs out with `..`
/// (also written with backslashes) is always yielded, with an error saying it was refused. An entry over a limit is yielded with an error so the rest
/// still import; once the total inflated size passes its limit, an `Err` ends the iteration.
pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    name: String,
    limits: Limits,
    next: usize,
    total: u64,
    stopped: bool,
}

impl std::fmt::Debug for Archive<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("name", &self.name)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl<'a> Archive<'a> {
    /// Opens the archive `bytes`, named `name` in messages; refuses one with more entries
    /// than the limit.
    pub fn open(name: &str, bytes: &'a [u8], limits: &Limits) -> Result<Self> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
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
        Ok(Self {
            zip,
            name: name.to_owned(),
            limits: *limits,
            next: 0,
            total: 0,
            stopped: false,
        })
    }

    /// How many files the iteration will yield (read from the central directory only).
    pub fn file_count(&self) -> usize {
        self.zip
            .file_names()
            .filter(|path| match path {
                Ok(path) => escapes(path) || wanted(path, path.ends_with('/')),
                // Not decodable as text: yielded under a lossy name.
                Err(_) => true,
            })
            .count()
    }

    fn read_entry(&mut self, index: usize) -> Result<Option<Entry>> {
        let name = self.name.clone();
        let limits = self.limits;
        let mut file = self.zip.by_index(index).map_err(|e| {
            Error::invalid(format!(
                "{name}: entry {} of the archive cannot be read ({e})",
                index + 1
            ))
        })?;
        let path = match file.name() {
            Ok(n) => n.into_owned(),
            Err(_) => String::from_utf8_lossy(file.name_raw()).into_owned(),
        };
        // A crafted name is reported as refused even when it looks like a hidden file or a
        // folder (`..\..\x.json` starts with a dot): it is never dropped silently.
        if !escapes(&path) && !wanted(&path, file.is_dir()) {
            return Ok(None);
        }
        let file_name = path.rsplit('/').next().unwrap_or(&path).to_owned();
        let label = format!("{name}/{path}");
        let declared = file.size();
        let compressed = file.compressed_size().max(1);
        let remaining = limits.max_archive_bytes.saturating_sub(self.total);
        let bytes = if escapes(&path) {
            // Nothing is ever written where an entry's name points, but a crafted name is
            // refused rather than kept as the original's file name.
            Err(Error::invalid(format!(
                "{label}: the entry's path is absolute or climbs out of the archive with '..'; not imported"
            )))
        } else if declared > limits.max_file_bytes {
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
            let budget = limits.max_file_bytes.min(remaining);
            let mut buf = Vec::new();
            match (&mut file).take(budget + 1).read_to_end(&mut buf) {
                Ok(_) if buf.len() as u64 > budget && budget < limits.max_file_bytes => {
                    return Err(Error::new(
                        ErrorCode::TooLarge,
                        format!(
                            "{name}: the archive inflates past the limit of {} MB; the rest is not read",
                            limits.max_archive_bytes / (1024 * 1024)
                        ),
                    ));
                }
                Ok(_) if buf.len() as u64 > budget => Err(too_large(&label, budget)),
                Ok(_) => Ok(buf),
                Err(e) => Err(Error::invalid(format!(
                    "{label}: this archive entry is damaged ({e})"
                ))),
            }
        };
        if let Ok(b) = &bytes {
            self.total += b.len() as u64;
        }
        let bytes = match bytes {
            Ok(b) if is_zip(&b) => Err(Error::new(
                ErrorCode::UnsupportedFormat,
                format!("{label}: unsupported format: archives inside archives are not opened"),
            )),
            other => other,
        };
        Ok(Some(Entry {
            path,
            file_name,
            bytes,
        }))
    }
}

impl Iterator for Archive<'_> {
    type Item = Result<Entry>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.stopped && self.next < self.zip.len() {
            let index = self.next;
            self.next += 1;
            match self.read_entry(index) {
                Ok(Some(entry)) => return Some(Ok(entry)),
                Ok(None) => continue,
                Err(err) => {
                    self.stopped = true;
                    return Some(Err(err));
                }
            }
        }
        None
    }
}

/// Whether an archive path is a file to import (not a folder, hidden file or resource fork).
fn wanted(path: &str, is_dir: bool) -> bool {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    !is_dir
        && !file_name.is_empty()
        && !file_name.starts_with('.')
        && !path.starts_with("__MACOSX/")
}

/// Whether an entry's path is absolute (`/x`, `\\x`, `C:x`) or has a `..` component: names
/// that would escape a folder the archive were unpacked into (a "zip slip").
fn escapes(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
        || path.split(['/', '\\']).any(|part| part == "..")
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
