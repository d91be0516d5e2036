//! Importing many files at once: paths and folders (recursively), zip archives (each file
//! inside reported on its own), and the per-file pipeline from bytes to stored credentials.

use super::snapshot::Snapshot;
use super::store::{Verified, same_bytes};
use super::verifying::{Network, VerifyingSession};
use super::{FileReport, ImportReport, Outcome, Progress, Wallet, failed, no_badge, too_large};
use crate::error::{Error, ErrorCode, Result};
use crate::import::{self, Found, archive};
use crate::model::{Image, Original};
use crate::verify::{Verdict, verify_document};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How [`Wallet::import_paths`] runs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Verify each new credential and store its first verdict in the same transaction as the
    /// credential; credentials a former import left unverified (killed, or `--no-verify`) are
    /// verified too. A verification that cannot run is recorded as indeterminate; it never
    /// fails the import. On by default.
    pub verify: bool,
    /// Whether that verification may use the network (see [`Wallet::verifying`]); offline, what
    /// the wallet and the import fetched stands in. [`Network::Offline`] by default.
    pub network: Network,
    /// Set to `true` (from another thread) to stop the batch: it is checked before each file,
    /// files already done stay imported and the rest are reported [`Outcome::Cancelled`].
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            verify: true,
            cancel: None,
            network: Network::Offline,
        }
    }
}

impl ImportOptions {
    /// Store only: no verification on import, no cancel flag.
    pub fn store_only() -> Self {
        Self {
            verify: false,
            cancel: None,
            network: Network::Offline,
        }
    }

    /// Whether the cancel flag is set.
    pub fn is_cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
    }
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
        // A verifier that cannot be built (the settings unreadable) leaves the import to store
        // only; `cairn verify --all` verifies later.
        let verifying = options
            .verify
            .then(|| self.verifying(options.network).ok())
            .flatten();
        let session = verifying.as_ref().map(|v| v.session());
        let verifier = session.as_ref();
        if let Some(session) = verifier {
            // Resume: what an interrupted or unverified import left is verified first. A
            // failure here leaves them for the next import or `cairn verify --all`.
            let _ = self.verify_unverified(session, None);
        }
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
                verifier,
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
        verifier: Option<&VerifyingSession<'_>>,
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
        verifier: Option<&VerifyingSession<'_>>,
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
        // What fetching added (a BadgeClass's name, an image) is held to the same bounds.
        if let Err(err) = import::bounds::check_all(source, &found) {
            return failed(source.to_owned(), err);
        }
        let original = Original::new(file_name, import::sniff_media_type(&bytes), bytes);
        let verified =
            verifier.and_then(|session| self.verify_found(session, &original, &found, &snapshots));
        match self.store(&original, &found, &snapshots, verified.as_ref()) {
            Ok(mut report) => {
                report.source = source.to_owned();
                if let Some(session) = verifier.filter(|_| report.outcome == Outcome::Duplicate) {
                    self.verify_duplicate(session, &mut report);
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
    /// Verifies `found` (one file's credentials, about to be stored) with the documents
    /// fetched for the file standing in for the network offline: the reports are stored with
    /// the credentials. `None` when the file is already stored (nothing will be).
    fn verify_found(
        &self,
        session: &VerifyingSession<'_>,
        original: &Original,
        found: &[Found],
        snapshots: &[Snapshot],
    ) -> Option<Verified> {
        if same_bytes(self.conn(), original).ok()?.is_some() {
            return None;
        }
        let now = chrono::Utc::now();
        for snapshot in snapshots {
            let at = chrono::DateTime::parse_from_rfc3339(&snapshot.fetched_at)
                .map(|at| at.to_utc())
                .unwrap_or(now);
            session.remember(snapshot.fetched.clone(), at);
        }
        let options = session.options();
        Some(Verified {
            reports: found
                .iter()
                .map(|item| Some(verify_document(&item.document, &options)))
                .collect(),
            online: session.online(),
        })
    }

    /// A duplicate whose stored credentials were never verified (an import killed before
    /// credentials and verdicts were stored together, or `--no-verify`) is verified now.
    fn verify_duplicate(&self, session: &VerifyingSession<'_>, report: &mut FileReport) {
        let Some(first) = report.credentials.first().cloned() else {
            return;
        };
        match self.verify_unverified(session, Some(&first)) {
            Ok(done) if !done.is_empty() => {
                report.message = format!(
                    "{}; it had never been verified, so it was verified now",
                    report.message
                );
                report.verdicts = done.into_iter().map(|(_, v)| v).collect();
            }
            Ok(_) => {}
            Err(err) => {
                report.message = format!(
                    "{} (it has never been verified, and verifying it failed: {})",
                    report.message, err.message
                );
            }
        }
    }

    /// Verifies every stored credential without a verdict (with `root`, only that one and the
    /// credentials nested in it) and stores each report. Returns their ids and verdicts.
    pub fn verify_unverified(
        &self,
        session: &VerifyingSession<'_>,
        root: Option<&str>,
    ) -> Result<Vec<(String, Verdict)>> {
        let pending: Vec<(String, String)> = {
            let mut stmt = self.conn().prepare(
                "WITH RECURSIVE tree(id) AS (
                     SELECT id FROM credential WHERE ?1 IS NULL OR id = ?1
                     UNION SELECT c.id FROM credential c JOIN tree t ON c.parent_id = t.id)
                 SELECT c.id, c.document FROM credential c JOIN tree t ON t.id = c.id
                 WHERE NOT EXISTS (SELECT 1 FROM verification v WHERE v.credential = c.id)
                 ORDER BY c.imported_at, c.position",
            )?;
            stmt.query_map([root], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let options = session.options();
        let mut done = Vec::with_capacity(pending.len());
        for (id, document) in pending {
            let report = verify_document(&document, &options);
            self.write(|tx| {
                // Another process may have verified it meanwhile; its verdict stands.
                let still: bool = tx.query_row(
                    "SELECT NOT EXISTS (SELECT 1 FROM verification WHERE credential = ?1)",
                    [&id],
                    |r| r.get(0),
                )?;
                if still {
                    crate::verify::history::record_in(tx, &id, &report, session.online())?;
                }
                Ok(())
            })?;
            done.push((id, report.verdict));
        }
        Ok(done)
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

/// Reads a file, refusing one larger than `limit` without reading past it, and anything that
/// is not a regular file (a FIFO, a socket, a device), which could block the import forever.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&path.display().to_string(), limit));
    }
    Ok(bytes)
}

/// Opens `path` for reading if it is a regular file. Opening does not wait for a writer (a
/// FIFO is opened non-blocking), and the check is made on the opened file, so a file swapped
/// for a FIFO after it was listed is refused too.
fn open_regular(path: &Path) -> Result<std::fs::File> {
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        open.custom_flags(NONBLOCK);
    }
    let file = open.open(path).map_err(|e| Error::io(path, &e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, &e))?;
    if !meta.is_file() {
        return Err(not_regular(path, &meta));
    }
    Ok(file)
}

/// `O_NONBLOCK`: 0o4000 on Linux, 0x4 on the BSDs and macOS.
#[cfg(all(unix, any(target_os = "linux", target_os = "android")))]
const NONBLOCK: i32 = 0o4000;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
const NONBLOCK: i32 = 0x4;

/// The refusal of something that is not a regular file, naming it and what it is.
fn not_regular(path: &Path, meta: &std::fs::Metadata) -> Error {
    let what = kind_of(meta);
    Error::new(
        ErrorCode::InvalidInput,
        format!(
            "{}: not imported: this is {what}, not a regular file (only files and folders are read)",
            path.display()
        ),
    )
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = meta;
    "a special file"
}

/// Expands a path into the files to import: a file is itself; a folder is every file below
/// it, in name order (hidden files and folders skipped). Anything else (a FIFO, a socket, a
/// device) is listed too, and refused with a message naming it when it is read.
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
