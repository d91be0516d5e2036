//! Importing many files at once: paths and folders (recursively), zip archives (each file
//! inside reported on its own), and the per-file pipeline from bytes to stored credentials.

use super::snapshot::Snapshot;
use super::store::wallet_id;
use super::{FileReport, ImportReport, Outcome, Progress, Wallet, failed, no_badge, too_large};
use crate::error::{Error, ErrorCode, Result};
use crate::import::{self, Found, archive};
use crate::model::{Image, Original};
use crate::recipient::Identity;
use crate::verify::{Contexts, Fetch, FetchCache, VerifyOptions, verify_document};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How [`Wallet::import_paths`] runs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Verify each newly stored credential offline (with what the import fetched, if
    /// anything) and record the report in its verification history. A verification that
    /// cannot run is recorded as indeterminate; it never fails the import. On by default.
    pub verify: bool,
    /// Set to `true` (from another thread) to stop the batch: it is checked before each file,
    /// files already done stay imported and the rest are reported [`Outcome::Cancelled`].
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            verify: true,
            cancel: None,
        }
    }
}

impl ImportOptions {
    /// Store only: no verification on import, no cancel flag.
    pub fn store_only() -> Self {
        Self {
            verify: false,
            cancel: None,
        }
    }

    /// Whether the cancel flag is set.
    pub fn is_cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
    }
}

/// What verification on import needs for the whole batch: the learner's identities.
pub(super) struct Verifier {
    identities: Vec<Identity>,
}

impl Wallet {
    /// Imports files and folders (recursively), one transaction per file, calling `progress`
    /// after each. A zip archive is opened and each file inside is reported on its own
    /// (`archive.zip/inner/badge.png`). A failed file changes nothing and the rest of the
    /// batch goes on. With [`ImportOptions::verify`] each new credential is verified right
    /// after it is stored; [`ImportOptions::cancel`] stops the batch between files.
    pub fn import_paths(
        &mut self,
        paths: &[PathBuf],
        options: &ImportOptions,
        progress: &mut dyn FnMut(&Progress),
    ) -> ImportReport {
        let mut files = Vec::new();
        let mut report = ImportReport::default();
        for path in paths {
            if let Err(err) = collect_files(path, &mut files) {
                report.files.push(failed(path.display().to_string(), err));
            }
        }
        let verifier = options.verify.then(|| Verifier {
            // Without the profile the recipient check is skipped; the import goes on.
            identities: self.identities().unwrap_or_default(),
        });
        let mut total = files.len() + report.files.len();
        let mut done = report.files.len();
        // Badges of one issuer name the same BadgeClass and Issuer: fetch each once a batch.
        self.share_fetches(true);
        for (n, file) in files.iter().enumerate() {
            if options.is_cancelled() {
                report.cancelled = true;
                for rest in &files[n..] {
                    report.files.push(cancelled(rest.display().to_string()));
                }
                break;
            }
            let source = file.display().to_string();
            let file_name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = read_limited(file, self.limits.max_file_bytes);
            let mut first = true;
            let stopped = self.import_each(
                source,
                &file_name,
                bytes,
                verifier.as_ref(),
                options,
                &mut |file_report, count| {
                    if file_report.outcome == Outcome::Cancelled {
                        report.files.push(file_report);
                        return;
                    }
                    // An archive counts as the files inside it.
                    if first {
                        total += count.saturating_sub(1);
                        first = false;
                    }
                    done += 1;
                    progress(&Progress {
                        done,
                        total,
                        source: file_report.source.clone(),
                    });
                    report.files.push(file_report);
                },
            );
            if stopped {
                report.cancelled = true;
                for rest in &files[n + 1..] {
                    report.files.push(cancelled(rest.display().to_string()));
                }
                break;
            }
        }
        self.share_fetches(false);
        report
    }

    /// Imports one file's bytes, opening it when it is a zip archive: one report per file
    /// read. `source` names the file in the reports; `file_name` is kept with the original.
    pub fn import_file(
        &mut self,
        source: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Vec<FileReport> {
        let mut reports = Vec::new();
        let options = ImportOptions::store_only();
        self.import_each(
            source.to_owned(),
            file_name,
            Ok(bytes),
            None,
            &options,
            &mut |r, _| reports.push(r),
        );
        reports
    }

    /// Imports one file's bytes as one report. A zip archive is opened and its files imported;
    /// the report then sums them up (use [`Wallet::import_file`] for one report per file).
    pub fn import_bytes(&mut self, source: &str, file_name: &str, bytes: Vec<u8>) -> FileReport {
        if !archive::is_zip(&bytes) {
            return self.import_one(source, file_name, bytes, Vec::new(), None);
        }
        let reports = self.import_file(source, file_name, bytes);
        summarise(source, reports)
    }

    /// Imports a file, or each file inside it when it is a zip archive (read one at a time),
    /// handing every report to `sink` with the number of reports the file will give. Returns
    /// `true` when the cancel flag stopped it inside an archive (the rest of the archive is
    /// then one [`Outcome::Cancelled`] report).
    fn import_each(
        &mut self,
        source: String,
        file_name: &str,
        bytes: Result<Vec<u8>>,
        verifier: Option<&Verifier>,
        options: &ImportOptions,
        sink: &mut dyn FnMut(FileReport, usize),
    ) -> bool {
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(err) => {
                sink(failed(source, err), 1);
                return false;
            }
        };
        if !archive::is_zip(&bytes) {
            sink(
                self.import_one(&source, file_name, bytes, Vec::new(), verifier),
                1,
            );
            return false;
        }
        let archive = match archive::Archive::open(&source, &bytes, &self.limits) {
            Ok(archive) => archive,
            Err(err) => {
                sink(failed(source, err), 1);
                return false;
            }
        };
        let count = archive.file_count();
        if count == 0 {
            let empty = Error::new(
                ErrorCode::UnsupportedFormat,
                format!("{source}: no badge found in this archive (it holds no files)"),
            );
            sink(failed(source, empty), 1);
            return false;
        }
        for (n, entry) in archive.enumerate() {
            if n > 0 && options.is_cancelled() {
                let mut report = cancelled(source.clone());
                report.message = format!(
                    "the other {} files in this archive were not imported: the import was cancelled",
                    count - n
                );
                sink(report, count);
                return true;
            }
            let report = match entry {
                Ok(entry) => {
                    let inner = format!("{source}/{}", entry.path);
                    match entry.bytes {
                        Ok(b) => self.import_one(&inner, &entry.file_name, b, Vec::new(), verifier),
                        Err(err) => failed(inner, err),
                    }
                }
                Err(err) => failed(source.clone(), err),
            };
            sink(report, count);
        }
        false
    }

    /// The per-file pipeline: extract, fetch what a hosted badge names (when a network client
    /// is set), find an image to show, store in one transaction with `snapshots` (documents
    /// already fetched for the file's first credential) and any fetched here; then, with a
    /// `verifier`, verify what was stored.
    pub(super) fn import_one(
        &mut self,
        source: &str,
        file_name: &str,
        bytes: Vec<u8>,
        mut snapshots: Vec<Snapshot>,
        verifier: Option<&Verifier>,
    ) -> FileReport {
        if bytes.len() as u64 > self.limits.max_file_bytes {
            return failed(
                source.to_owned(),
                too_large(source, self.limits.max_file_bytes),
            );
        }
        let mut notes = Vec::new();
        let extracted = match import::extract_with(source, &bytes, &self.limits) {
            Err(err) if err.code == ErrorCode::Network => {
                match import::hosted_url(source, &bytes, &self.limits) {
                    Some(url) => self.fetch_hosted_baked(source, &url, &bytes, &mut snapshots),
                    None => Err(err),
                }
            }
            other => other,
        };
        let mut found = match extracted {
            Ok(found) if !found.is_empty() => found,
            Ok(_) => return failed(source.to_owned(), no_badge(source)),
            Err(err) => return failed(source.to_owned(), err.in_file(source)),
        };
        self.resolve_references(&mut found, &mut snapshots, &mut notes);
        attach_data_uri_images(&mut found);
        let original = Original::new(file_name, import::sniff_media_type(&bytes), bytes);
        match self.store(&original, &found, &snapshots) {
            Ok(mut report) => {
                report.source = source.to_owned();
                if let Some(verifier) = verifier.filter(|_| report.outcome == Outcome::Imported) {
                    self.verify_stored(verifier, &original, &found, &snapshots, &mut report);
                }
                if !notes.is_empty() && report.outcome == Outcome::Imported {
                    report.message = format!("{} ({})", report.message, notes.join("; "));
                }
                report
            }
            Err(err) => failed(source.to_owned(), err.in_file(source)),
        }
    }
}

impl Wallet {
    /// Verifies the credentials of `report` (just stored from `found`) offline, with the
    /// documents fetched for the file standing in for the network, and records each report
    /// in the verification history in one transaction. A failure to record is noted in the
    /// report's message; the credentials stay imported.
    fn verify_stored(
        &mut self,
        verifier: &Verifier,
        original: &Original,
        found: &[Found],
        snapshots: &[Snapshot],
        report: &mut FileReport,
    ) {
        let now = chrono::Utc::now();
        let cache = FetchCache::new(None, now);
        for snapshot in snapshots {
            let at = chrono::DateTime::parse_from_rfc3339(&snapshot.fetched_at)
                .map(|at| at.to_utc())
                .unwrap_or(now);
            cache.insert(snapshot.fetched.clone(), at);
        }
        let options = VerifyOptions {
            fetch: (!snapshots.is_empty()).then_some(&cache as &dyn Fetch),
            now,
            identities: &verifier.identities,
            contexts: Contexts::embedded(),
        };
        let mut reports = Vec::with_capacity(report.credentials.len());
        for id in &report.credentials {
            let document = (0..found.len())
                .find(|&p| wallet_id(&original.sha256, p) == *id)
                .map(|p| found[p].document.as_str());
            if let Some(document) = document {
                reports.push((id.as_str(), verify_document(document, &options)));
            }
        }
        let recorded = (|| -> Result<()> {
            let tx = self.conn.transaction()?;
            for (id, verification) in &reports {
                crate::verify::history::record_in(&tx, id, verification, false)?;
            }
            tx.commit()?;
            Ok(())
        })();
        match recorded {
            Ok(()) => report.verdicts = reports.iter().map(|(_, r)| r.verdict).collect(),
            Err(err) => {
                report.message = format!(
                    "{} (verified, but the result could not be stored: {})",
                    report.message, err.message
                );
            }
        }
    }
}

/// The report of a file the import did not read because it was cancelled.
fn cancelled(source: String) -> FileReport {
    FileReport {
        source,
        outcome: Outcome::Cancelled,
        credentials: Vec::new(),
        titles: Vec::new(),
        code: None,
        message: "not imported: the import was cancelled".to_owned(),
        verdicts: Vec::new(),
        conflicts: Vec::new(),
    }
}

/// Uses a `data:` URI image named by a credential when no other image is at hand.
fn attach_data_uri_images(found: &mut [Found]) {
    for item in found.iter_mut().filter(|f| f.image.is_none()) {
        // An OB 2.0 assertion's own `image` (this recipient's badge) comes first.
        let own = item
            .document
            .trim_start()
            .starts_with('{')
            .then(|| serde_json::from_str::<serde_json::Value>(&item.document).ok())
            .flatten()
            .and_then(|doc| doc.get("image").and_then(import::json::id_of));
        let c = &item.credential;
        item.image = [
            own.as_deref(),
            c.achievement.image.as_deref(),
            c.issuer.image.as_deref(),
        ]
        .into_iter()
        .flatten()
        .find_map(import::image_from_data_uri);
    }
}

/// One report for the files of an archive.
fn summarise(source: &str, reports: Vec<FileReport>) -> FileReport {
    let count = |o: Outcome| reports.iter().filter(|r| r.outcome == o).count();
    let outcome = if count(Outcome::Imported) > 0 {
        Outcome::Imported
    } else if count(Outcome::Failed) > 0 {
        Outcome::Failed
    } else if count(Outcome::Duplicate) > 0 {
        Outcome::Duplicate
    } else {
        Outcome::NoBadge
    };
    let problems: Vec<String> = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed | Outcome::NoBadge))
        .map(|r| format!("{}: {}", r.source, r.message))
        .collect();
    let mut message = format!(
        "archive: {} imported, {} duplicate, {} failed, {} without a badge",
        count(Outcome::Imported),
        count(Outcome::Duplicate),
        count(Outcome::Failed),
        count(Outcome::NoBadge)
    );
    if !problems.is_empty() {
        message = format!("{message} ({})", problems.join("; "));
    }
    let code = reports
        .iter()
        .find(|r| r.outcome == outcome)
        .and_then(|r| r.code);
    FileReport {
        source: source.to_owned(),
        outcome,
        credentials: reports.iter().flat_map(|r| r.credentials.clone()).collect(),
        titles: reports.iter().flat_map(|r| r.titles.clone()).collect(),
        code,
        message,
        verdicts: reports.iter().flat_map(|r| r.verdicts.clone()).collect(),
        conflicts: reports.iter().flat_map(|r| r.conflicts.clone()).collect(),
    }
}

/// Reads a file, refusing one larger than `limit` without reading past it.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&path.display().to_string(), limit));
    }
    Ok(bytes)
}

/// Expands a path into the files to import: a file is itself; a folder is every file below
/// it, in name order (hidden files and folders skipped).
fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    if !meta.is_dir() {
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Error::io(path, &e))?
        .filter_map(|entry| entry.ok())
        // Links to folders are not followed inside a folder, so a link loop cannot recurse.
        .filter(|e| !(e.file_type().is_ok_and(|t| t.is_symlink()) && e.path().is_dir()))
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for entry in entries {
        collect_files(&entry, out)?;
    }
    Ok(())
}

/// An image for display from raw bytes, when they are one.
pub(super) fn image_of(media_type: Option<&str>, bytes: &[u8]) -> Option<Image> {
    let sniffed = if bytes.starts_with(import::png::SIGNATURE) {
        Some("image/png")
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF8") {
        Some("image/gif")
    } else {
        None
    };
    let media_type = sniffed.map(str::to_owned).or_else(|| {
        media_type
            .filter(|m| m.starts_with("image/"))
            .map(str::to_owned)
    })?;
    Some(Image {
        media_type,
        bytes: bytes.to_vec(),
    })
}
