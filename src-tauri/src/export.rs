//! IPC commands behind the export view and the credential view's export actions: LinkedIn
//! links and badge images, PDF transcripts, presentations, evidence packages, baked badges,
//! encrypted backups and restores. Each is a line or two into `cairn::export`, `cairn::bake`
//! and `cairn::backup`. Files go only where the learner chose in a dialog: each command takes
//! the one-use token of a pick ([`crate::picks`]), never a path from the webview.

use crate::on_wallet;
use crate::picks::{OpenKind, Picks, Purpose, SaveKind};
use cairn::Error;
use cairn::backup::{self, RestoreReport, seal::KdfCost};
use cairn::bake::{BakeKind, bake_credential};
use cairn::export::linkedin::{self, Certification, LinkedInOptions};
use cairn::export::presentation::{self, PresentationOptions};
use cairn::export::transcript::{self, TranscriptOptions};
use cairn::export::{Selection, gather, obeying, package, write_file};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;

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

/// The credentials an export left out for their verdict, as `(id, "title: why")` in the
/// core's words ("Teamwork Badge: Not genuine").
fn left_out(picked: &cairn::standing::Selected) -> Vec<(String, String)> {
    picked
        .left_out
        .iter()
        .map(|l| (l.id.clone(), format!("{}: {}", l.title, l.words())))
        .collect()
}

/// The path the learner picked for this kind of file, used up (see [`crate::picks`]).
fn picked(app: &AppHandle, pick: &str, kind: SaveKind) -> Result<PathBuf, Error> {
    app.state::<Picks>().take(pick, Purpose::Save(kind))
}

/// Writes `bytes` to the picked `path` and remembers that `pick`'s file was written.
fn write(app: &AppHandle, pick: &str, path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_file(path, bytes)?;
    app.state::<Picks>().written(pick);
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
pub async fn save_badge_image(app: AppHandle, id: String, pick: String) -> Result<usize, Error> {
    let path = picked(&app, &pick, SaveKind::BadgeImage)?;
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
        write(app, &pick, &path, &png.bytes)?;
        Ok(png.bytes.len())
    })
    .await
}

/// Writes the PDF transcript of a portfolio or the whole wallet (the learner's stored name on
/// the cover).
#[tauri::command]
pub async fn export_transcript(
    app: AppHandle,
    pick: String,
    portfolio: Option<String>,
    include_invalid: Option<bool>,
) -> Result<Exported, Error> {
    let path = picked(&app, &pick, SaveKind::Transcript)?;
    on_wallet(app, move |app, w| {
        let asked = selection(w, portfolio.as_deref())?;
        let (s, picked) = obeying(w, &asked, include_invalid.unwrap_or(false))?;
        let t = transcript::transcript_for(w, &s, &TranscriptOptions::for_selection(w, &s, None)?)?;
        write(app, &pick, &path, &t.pdf)?;
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
    pick: String,
    portfolio: Option<String>,
    passphrase: Option<String>,
    include_invalid: Option<bool>,
) -> Result<Exported, Error> {
    let path = picked(&app, &pick, SaveKind::Package)?;
    let passphrase = zeroize::Zeroizing::new(passphrase.unwrap_or_default());
    on_wallet(app, move |app, w| {
        let asked = selection(w, portfolio.as_deref())?;
        let (s, picked) = obeying(w, &asked, include_invalid.unwrap_or(false))?;
        let options = TranscriptOptions::for_selection(w, &s, None)?;
        let p_options = PresentationOptions::default();
        let sign = (!passphrase.is_empty()).then(|| (passphrase.as_bytes(), &p_options));
        let e = package::evidence(w, &s, &options, sign)?;
        write(app, &pick, &path, &e.package.zip)?;
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
    pick: String,
    portfolio: String,
    passphrase: String,
    challenge: Option<String>,
    domain: Option<String>,
    include_invalid: Option<bool>,
) -> Result<Exported, Error> {
    let path = picked(&app, &pick, SaveKind::Presentation)?;
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
        write(app, &pick, &path, &text)?;
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
    pick: String,
    include_invalid: Option<bool>,
) -> Result<Exported, Error> {
    let path = picked(&app, &pick, SaveKind::Baked)?;
    on_wallet(app, move |app, w| {
        cairn::standing::require(w, &id, include_invalid.unwrap_or(false))?;
        let kind = BakeKind::from_file_name(&path.to_string_lossy()).ok_or_else(|| {
            Error::invalid(format!(
                "{}: a baked badge is a .png or .svg file; choose a name ending in one of them",
                path.display()
            ))
        })?;
        let bytes = bake_credential(w, &id, kind)?;
        write(app, &pick, &path, &bytes)?;
        Ok(exported(&path, bytes.len(), 1))
    })
    .await
}

/// Writes an encrypted backup of the given credentials (all of them when empty).
#[tauri::command]
pub async fn backup_wallet(
    app: AppHandle,
    pick: String,
    ids: Vec<String>,
    passphrase: String,
) -> Result<Exported, Error> {
    let path = picked(&app, &pick, SaveKind::Backup)?;
    let passphrase = zeroize::Zeroizing::new(passphrase);
    on_wallet(app, move |app, w| {
        if passphrase.is_empty() {
            return Err(Error::invalid(
                "the passphrase is empty; nothing was written",
            ));
        }
        let selection = (!ids.is_empty()).then_some(ids.as_slice());
        let made = backup::backup(w, selection, passphrase.as_bytes(), KdfCost::default())?;
        write(app, &pick, &path, &made.bytes)?;
        Ok(exported(&path, made.bytes.len(), made.entries.len()))
    })
    .await
}

/// Restores the backup file the learner picked into the wallet; a wrong passphrase changes
/// nothing.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    pick: String,
    passphrase: String,
) -> Result<RestoreReport, Error> {
    let path = app
        .state::<Picks>()
        .take(&pick, Purpose::Open(OpenKind::Backup))?;
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

/// Opens a file this app wrote in this session (named by its pick's token) with the system's
/// default app.
#[tauri::command]
pub async fn open_written(app: AppHandle, pick: String) -> Result<(), Error> {
    let path = app.state::<Picks>().file_written(&pick)?;
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
