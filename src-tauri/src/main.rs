//! Cairn's desktop app: opens the wallet and exposes it to the UI in `ui/` over Tauri IPC.
//!
//! This crate is a thin adapter. Each command is a line or two into [`cairn::wallet::Wallet`];
//! errors cross IPC as the core's `{code, message}` [`cairn::Error`]. Wallet work runs off the
//! main thread so the window stays responsive during a long import.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod export;
mod picks;
mod settings;
mod verification;
mod views;

/// mimalloc, as in the CLI: JSON-LD processing allocates heavily (see docs/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cairn::wallet::{CredentialDetail, CredentialSummary, FileReport, ImportReport, Outcome};
use cairn::{Error, ErrorCode};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tauri::{AppHandle, Emitter, Manager};

/// The event the UI listens to for [`cairn::wallet::Progress`] during an import.
const PROGRESS_EVENT: &str = "import-progress";

/// How pasted text is named in import reports.
const PASTE_SOURCE: &str = "pasted credential";

/// The wallet the app works on, or why it could not be opened (shown by every command).
struct Desk {
    /// Where the wallet file is (or was looked for).
    location: Result<PathBuf, Error>,
    /// The open wallet.
    wallet: Result<Mutex<cairn::wallet::Wallet>, Error>,
}

impl Desk {
    /// Opens the wallet named by `CAIRN_WALLET`, else the one in the OS data directory.
    fn open() -> Self {
        let location = match std::env::var_os("CAIRN_WALLET").filter(|p| !p.is_empty()) {
            Some(path) => Ok(PathBuf::from(path)),
            None => cairn::wallet::Wallet::default_path(),
        };
        let wallet = location
            .clone()
            .and_then(|path| {
                cairn::wallet::Wallet::open(&path)
                    .map_err(|err| err.in_file(&path.display().to_string()))
            })
            .map(Mutex::new);
        Self { location, wallet }
    }

    /// The open wallet, locked for this thread.
    fn wallet(&self) -> Result<MutexGuard<'_, cairn::wallet::Wallet>, Error> {
        match &self.wallet {
            Ok(wallet) => wallet
                .lock()
                .map_err(|_| Error::internal("the wallet was left locked by a failed operation")),
            Err(err) => Err(err.clone()),
        }
    }
}

/// Runs `work` on the wallet on a blocking thread, away from the UI's main thread.
pub(crate) async fn on_wallet<T, F>(app: AppHandle, work: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce(&AppHandle, &mut cairn::wallet::Wallet) -> Result<T, Error> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || {
        let desk = app.state::<Desk>();
        let mut wallet = desk.wallet()?;
        work(&app, &mut wallet)
    })
    .await
    .map_err(|e| Error::internal(format!("a wallet task stopped unexpectedly: {e}")))?
}

/// Where the wallet file is.
#[tauri::command]
async fn wallet_location(app: AppHandle) -> Result<String, Error> {
    let desk = app.state::<Desk>();
    Ok(desk.location.clone()?.display().to_string())
}

/// Every credential in the wallet, as the library lists them.
#[tauri::command]
async fn list_credentials(app: AppHandle) -> Result<Vec<CredentialSummary>, Error> {
    on_wallet(app, |_, wallet| wallet.list()).await
}

/// Everything about one credential.
#[tauri::command]
async fn get_credential(app: AppHandle, id: String) -> Result<CredentialDetail, Error> {
    on_wallet(app, move |_, wallet| wallet.get(&id)).await
}

/// The flag "Cancel" sets to stop the running import between files.
#[derive(Default)]
struct ImportCancel(Arc<AtomicBool>);

/// Imports files and folders, emitting `import-progress` after each file; `cancel_import`
/// stops it between files (those done stay imported).
#[tauri::command]
async fn import_paths(app: AppHandle, paths: Vec<PathBuf>) -> Result<ImportReport, Error> {
    let cancel = app.state::<ImportCancel>().0.clone();
    cancel.store(false, Ordering::SeqCst);
    on_wallet(app, move |app, wallet| {
        // Verification on import is the default, in the app as in the CLI; the app checks
        // online when the learner's settings allow it (offline mode off), offline otherwise.
        let options = cairn::wallet::ImportOptions {
            cancel: Some(cancel),
            network: cairn::wallet::Network::Settings,
            ..cairn::wallet::ImportOptions::default()
        };
        Ok(wallet.import_paths(&paths, &options, &mut |progress| {
            // A window that is gone cannot show progress; the import itself goes on.
            let _ = app.emit(PROGRESS_EVENT, progress);
        }))
    })
    .await
}

/// Asks the running import to stop before its next file.
#[tauri::command]
async fn cancel_import(app: AppHandle) -> Result<(), Error> {
    app.state::<ImportCancel>().0.store(true, Ordering::SeqCst);
    Ok(())
}

/// Imports pasted text (credential JSON, or a compact JWS/JWT). A paste that holds no
/// credential, or a broken one, comes back as an error naming the problem.
#[tauri::command]
async fn import_text(app: AppHandle, text: String) -> Result<FileReport, Error> {
    on_wallet(app, move |_, wallet| {
        let report = wallet.import_bytes(PASTE_SOURCE, "pasted.json", text.into_bytes());
        match report.outcome {
            // A paste is one file and is never cancelled; were it, it would not be stored.
            Outcome::Failed | Outcome::NoBadge | Outcome::Cancelled => Err(Error::new(
                report.code.unwrap_or(ErrorCode::InvalidInput),
                format!("{PASTE_SOURCE}: {}", report.message),
            )),
            Outcome::Imported | Outcome::Duplicate => Ok(report),
        }
    })
    .await
}

/// Imports the badge at a URL (a hosted Open Badges 2.0 assertion, a credential, a baked image)
/// through the one network client and its policy (HTTPS only, no local addresses); refused in
/// offline mode. A failure comes back as an error naming the URL and the problem.
#[tauri::command]
async fn import_url(app: AppHandle, url: String) -> Result<FileReport, Error> {
    on_wallet(app, move |_, wallet| {
        let url = url.trim().to_owned();
        wallet.connect(cairn::net::NetPolicy::from_env())?;
        let report = wallet.import_url(&url);
        // File imports fetch nothing themselves (their verification follows the settings).
        wallet.set_network(None);
        match report.outcome {
            Outcome::Failed | Outcome::NoBadge | Outcome::Cancelled => Err(Error::new(
                report.code.unwrap_or(ErrorCode::InvalidInput),
                report.message,
            )),
            Outcome::Imported | Outcome::Duplicate => Ok(report),
        }
    })
    .await
}

/// Removes a credential; returns the wallet ids removed.
#[tauri::command]
async fn remove_credential(app: AppHandle, id: String) -> Result<Vec<String>, Error> {
    on_wallet(app, move |_, wallet| wallet.remove(&id)).await
}

fn main() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(Desk::open())
        .manage(picks::Picks::default())
        .manage(ImportCancel::default())
        .invoke_handler(tauri::generate_handler![
            wallet_location,
            list_credentials,
            get_credential,
            import_paths,
            cancel_import,
            import_text,
            import_url,
            remove_credential,
            views::search_credentials,
            views::tag_counts,
            views::add_tags,
            views::remove_tags,
            views::annotations_of,
            views::set_note,
            views::list_portfolios,
            views::show_portfolio,
            views::create_portfolio,
            views::rename_portfolio,
            views::delete_portfolio,
            views::add_to_portfolio,
            views::remove_from_portfolio,
            views::move_in_portfolio,
            views::set_goal,
            views::detect_stacks,
            views::portfolio_from_stack,
            views::list_skills,
            views::prep,
            views::match_posting,
            views::portfolio_from_posting,
            views::identities,
            views::add_identity,
            views::remove_identity,
            verification::verify_credential,
            verification::verify_all,
            verification::verification_history,
            verification::latest_verdicts,
            verification::original_bytes,
            export::linkedin_queue,
            export::linkedin_entry,
            export::save_badge_image,
            export::export_transcript,
            export::export_package,
            export::export_presentation,
            export::export_baked,
            export::backup_wallet,
            export::restore_backup,
            export::open_written,
            picks::pick_save_path,
            picks::pick_open_path,
            picks::pick_import_paths,
            settings::get_settings,
            settings::set_learner_name,
            settings::set_offline,
            settings::set_fetch_contexts,
            settings::holder_key,
            settings::create_holder_key,
        ])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("cairn-desktop: {err}");
        std::process::exit(1);
    }
}
