//! IPC commands behind the export view and the credential view's export actions: LinkedIn
//! links and badge images, PDF transcripts, presentations, evidence packages, baked badges,
//! encrypted backups and restores. Each is a line or two into `cairn::export`, `cairn::bake`
//! and `cairn::backup`; files go where the learner chose in the save dialog.

use crate::on_wallet;
use cairn::Error;
use cairn::backup::{self, RestoreReport, seal::KdfCost};
use cairn::bake::{BakeKind, bake_credential};
use cairn::export::linkedin::{self, Certification, LinkedInOptions};
use cairn::export::presentation::{self, PresentationOptions};
use cairn::export::transcript::{self, TranscriptOptions};
use cairn::export::{Selection, gather, obeying, package, write_file};
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;

/// The files the app wrote in this session: the only ones "Open" may hand to another app.
#[derive(Default)]
pub struct Written(Mutex<HashSet<PathBuf>>);

impl Written {
    fn add(&self, path: &Path) {
        if let Ok(mut set) = self.0.lock() {
            set.insert(path.to_owned());
        }
    }

    fn contains(&self, path: &Path) -> bool {
        self.0.lock().is_ok_and(|set| set.contains(path))
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    /// The file written.
    pub file: String,
    /// Its size in bytes.
    pub bytes: usize,
    /// How many credentials (or originals, for a backup) it holds.
    pub credentials: usize,
    /// For a presentation, the holder's `did:key`.
    pub holder: Option<String>,
    /// Credentials left out, with why.
    pub skipped: Vec<(String, String)>,
}

/// A portfolio's credentials, or the whole wallet's when `portfolio` is `None`.
fn selection(w: &cairn::wallet::Wallet, portfolio: Option<&str>) -> Result<Selection, Error> {
    match portfolio {
        Some(p) => Selection::portfolio(w, p),
        None => Selection::whole_wallet(w),
    }
}

/// The credentials an export left out for their verdict, as `(id, "title: reason")`.
fn left_out(picked: &cairn::standing::Selected) -> Vec<(String, String)> {
    picked
        .left_out
        .iter()
        .map(|l| (l.id.clone(), format!("{}: {}", l.title, l.reason)))
        .collect()
}

/// Writes `bytes` to `path` and remembers it as written by the app.
fn write(app: &AppHandle, path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_file(path, bytes)?;
    app.state::<Written>().add(path);
    Ok(())
}

/// The LinkedIn entries (link parameters, link, post text) of credentials, in order.
#[tauri::command]
pub async fn linkedin_queue(
    app: AppHandle,
    ids: Vec<String>,
    include_invalid: Option<bool>,
) -> Result<Vec<Certification>, Error> {
    on_wallet(app, move |_, w| {
        let options = LinkedInOptions::default();
        let made = linkedin::entries(w, &ids, &options, include_invalid.unwrap_or(false))?;
        Ok(made.entries)
    })
    .await
}

/// One credential's LinkedIn entry with a verification URL the learner supplies (`None`: the
/// credential's own, if it has a lasting one).
#[tauri::command]
pub async fn linkedin_entry(
    app: AppHandle,
    id: String,
    cert_url: Option<String>,
    include_invalid: Option<bool>,
) -> Result<Certification, Error> {
    on_wallet(app, move |_, w| {
        let options = LinkedInOptions {
            cert_url,
            ..LinkedInOptions::default()
        };
        let include = include_invalid.unwrap_or(false);
        cairn::standing::require(w, &id, include)?;
        let mut made = linkedin::entries(w, &[id], &options, include)?;
        Ok(made.entries.remove(0))
    })
    .await
}

/// Writes a credential's badge image as a PNG (to attach to a post).
#[tauri::command]
pub async fn save_badge_image(app: AppHandle, id: String, path: PathBuf) -> Result<usize, Error> {
    on_wallet(app, move |app, w| {
        let items = gather(w, &[id])?;
        let item = items
            .first()
            .ok_or_else(|| Error::not_found("no such credential"))?;
        let png = linkedin::badge_png(item).ok_or_else(|| {
            Error::not_found(format!(
                "{}: the wallet holds no PNG image for this credential",
                item.detail.summary.title
            ))
        })?;
        write(app, &path, &png.bytes)?;
        Ok(png.bytes.len())
    })
    .await
}

/// Writes the PDF transcript of a portfolio or the whole wallet (the learner's stored name on
/// the cover).
#[tauri::command]
pub async fn export_transcript(
    app: AppHandle,
    path: PathBuf,
    portfolio: Option<String>,
    include_invalid: Option<bool>,
) -> Result<Exported, Error> {
    on_wallet(app, move |app, w| {
        let asked = selection(w, portfolio.as_deref())?;
        let (s, picked) = obeying(w, &asked, include_invalid.unwrap_or(false))?;
        let t = transcript::transcript_for(w, &s, &TranscriptOptions::for_selection(w, &s, None)?)?;
        write(app, &path, &t.pdf)?;
        Ok(Exported {
            skipped: left_out(&picked),
            ..exported(&path, t.pdf.len(), t.credentials)
        })
    })
    .await
}

/// Writes the evidence package (zip) of a portfolio or the whole wallet, with a presentation
/// signed by the holder key when a passphrase is given.
#[tauri::command]
pub async fn export_package(
    app: AppHandle,
    path: PathBuf,
    portfolio: Option<String>,
    passphrase: Option<String>,
    include_invalid: Option<bool>,
) -> Result<Exported, Error> {
    let passphrase = zeroize::Zeroizing::new(passphrase.unwrap_or_default());
    on_wallet(app, move |app, w| {
        let asked = selection(w, portfolio.as_deref())?;
        let (s, picked) = obeying(w, &asked, include_invalid.unwrap_or(false))?;
        let options = TranscriptOptions::for_selection(w, &s, None)?;
        let p_options = PresentationOptions::default();
        let sign = (!passphrase.is_empty()).then(|| (passphrase.as_bytes(), &p_options));
        let e = package::evidence(w, &s, &options, sign)?;
        write(app, &path, &e.package.zip)?;
        Ok(Exported {
            holder: e.presentation.map(|p| p.holder.did),
            skipped: left_out(&picked),
            ..exported(&path, e.package.zip.len(), s.ids.len())
        })
    })
    .await
}

/// Writes a portfolio as a presentation signed with the holder key (created with this
/// passphrase when the wallet has none).
#[tauri::command]
pub async fn export_presentation(
    app: AppHandle,
    path: PathBuf,
    portfolio: String,
    passphrase: String,
    challenge: Option<String>,
    domain: Option<String>,
    include_invalid: Option<bool>,
) -> Result<Exported, Error> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    on_wallet(app, move |app, w| {
        let asked = Selection::portfolio(w, &portfolio)?;
        let (s, picked) = obeying(w, &asked, include_invalid.unwrap_or(false))?;
        let options = PresentationOptions {
            challenge: challenge.filter(|c| !c.trim().is_empty()),
            domain: domain.filter(|d| !d.trim().is_empty()),
            created: None,
        };
        let made = presentation::present(w, &s, passphrase.as_bytes(), &options)?;
        let text = serde_json::to_vec_pretty(&made.document)
            .map_err(|e| Error::internal(format!("cannot encode the presentation: {e}")))?;
        write(app, &path, &text)?;
        let mut skipped = left_out(&picked);
        skipped.extend(made.skipped);
        Ok(Exported {
            holder: Some(made.holder.did),
            skipped,
            ..exported(&path, text.len(), made.included.len())
        })
    })
    .await
}

/// Writes a credential baked into a PNG or SVG (by the file name's extension).
#[tauri::command]
pub async fn export_baked(
    app: AppHandle,
    id: String,
    path: PathBuf,
    include_invalid: Option<bool>,
) -> Result<Exported, Error> {
    on_wallet(app, move |app, w| {
        cairn::standing::require(w, &id, include_invalid.unwrap_or(false))?;
        let kind = BakeKind::from_file_name(&path.to_string_lossy()).ok_or_else(|| {
            Error::invalid(format!(
                "{}: a baked badge is a .png or .svg file; choose a name ending in one of them",
                path.display()
            ))
        })?;
        let bytes = bake_credential(w, &id, kind)?;
        write(app, &path, &bytes)?;
        Ok(exported(&path, bytes.len(), 1))
    })
    .await
}

/// Writes an encrypted backup of the given credentials (all of them when empty).
#[tauri::command]
pub async fn backup_wallet(
    app: AppHandle,
    path: PathBuf,
    ids: Vec<String>,
    passphrase: String,
) -> Result<Exported, Error> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    on_wallet(app, move |app, w| {
        if passphrase.is_empty() {
            return Err(Error::invalid(
                "the passphrase is empty; nothing was written",
            ));
        }
        let selection = (!ids.is_empty()).then_some(ids.as_slice());
        let made = backup::backup(w, selection, passphrase.as_bytes(), KdfCost::default())?;
        write(app, &path, &made.bytes)?;
        Ok(exported(&path, made.bytes.len(), made.entries.len()))
    })
    .await
}

/// Restores a backup file into the wallet; a wrong passphrase changes nothing.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    path: PathBuf,
    passphrase: String,
) -> Result<RestoreReport, Error> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    on_wallet(app, move |_, w| {
        let what = path.display().to_string();
        let blob = std::fs::read(&path).map_err(|e| Error::io(&path, &e))?;
        if !backup::seal::is_sealed(backup::MAGIC, &blob) {
            return Err(Error::invalid(format!("{what}: not a Cairn backup")));
        }
        backup::restore(w, &blob, passphrase.as_bytes(), &what)
    })
    .await
}

/// Opens a file this app wrote in this session with the system's default app.
#[tauri::command]
pub async fn open_written(app: AppHandle, path: PathBuf) -> Result<(), Error> {
    if !app.state::<Written>().contains(&path) {
        return Err(Error::new(
            cairn::ErrorCode::Forbidden,
            format!(
                "{}: only files Cairn has just written can be opened from here",
                path.display()
            ),
        ));
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            Error::new(
                cairn::ErrorCode::Io,
                format!("{}: cannot open it: {e}", path.display()),
            )
        })
}

fn exported(path: &Path, bytes: usize, credentials: usize) -> Exported {
    Exported {
        file: path.display().to_string(),
        bytes,
        credentials,
        holder: None,
        skipped: Vec::new(),
    }
}
