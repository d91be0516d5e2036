//! IPC commands behind the credential view's verification report, history and original, and the
//! library's verdict chips and "Verify all": each is a line or two into `cairn::verify` and the
//! wallet, run on a blocking thread (the network client, when asked for, lives only there).

use crate::on_wallet;
use cairn::net::NetPolicy;
use cairn::verify::history::{History, Verification};
use cairn::verify::{Contexts, Fetch, FetchCache, Report, Verdict, VerifyOptions};
use cairn::wallet::Wallet;
use cairn::{Error, ErrorCode};
use serde::Serialize;
use tauri::{AppHandle, Emitter};

/// The event the UI listens to for [`VerifyProgress`] during "Verify all".
const VERIFY_EVENT: &str = "verify-progress";

/// How far "Verify all" has got.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyProgress {
    /// Credentials verified so far.
    pub done: usize,
    /// Credentials to verify in all.
    pub total: usize,
    /// The wallet id of the one just verified.
    pub id: String,
    /// Its verdict.
    pub verdict: Verdict,
}

/// Verifies with the learner's identities, offline (what the wallet fetched at import stands
/// in, if anything) or online through a client made on this (blocking) thread, and hands `work` the history.
fn verifying<T>(
    wallet: &Wallet,
    online: bool,
    work: impl FnOnce(&History, &VerifyOptions) -> Result<T, Error>,
) -> Result<T, Error> {
    let identities = wallet.identities()?;
    let history = History::open(wallet)?;
    let client = if online {
        // Offline mode (a stored setting) means no request at all, so no client.
        Some(wallet.network_client(NetPolicy::from_env())?.ok_or_else(|| {
            Error::new(
                ErrorCode::Network,
                "offline mode is on, so nothing is fetched; verify offline, or turn offline mode off in the settings",
            )
        })?)
    } else {
        None
    };
    let now = chrono::Utc::now();
    let cache = FetchCache::new(client.as_ref().map(|c| c as &dyn Fetch), now);
    let snapshots = if online {
        Vec::new()
    } else {
        history.snapshots()?
    };
    // Offline with nothing fetched at import, there is nothing to fetch from: as `cairn verify
    // --offline`.
    let fetching = online || !snapshots.is_empty();
    for (fetched, at) in snapshots {
        cache.insert(fetched, at);
    }
    let options = VerifyOptions {
        fetch: fetching.then_some(&cache as &dyn Fetch),
        now,
        identities: &identities,
        contexts: Contexts::embedded(),
    };
    work(&history, &options)
}

/// Verifies one stored credential again, records the report in its history and returns it.
#[tauri::command]
pub async fn verify_credential(app: AppHandle, id: String, online: bool) -> Result<Report, Error> {
    on_wallet(app, move |_, w| {
        let id = w.get(&id)?.summary.id;
        verifying(w, online, |h, o| h.reverify(&id, o, online))
    })
    .await
}

/// Verifies every stored credential, emitting `verify-progress` after each; returns how many.
#[tauri::command]
pub async fn verify_all(app: AppHandle, online: bool) -> Result<usize, Error> {
    on_wallet(app, move |app, w| {
        let total = w.list()?.len();
        let mut done = 0;
        verifying(w, online, |h, o| {
            h.reverify_all(o, online, &mut |one| {
                done += 1;
                let progress = VerifyProgress {
                    done,
                    total,
                    id: one.id.clone(),
                    verdict: one.report.verdict,
                };
                // A window that is gone cannot show progress; the verification goes on.
                let _ = app.emit(VERIFY_EVENT, progress);
            })
        })
        .map(|all| all.len())
    })
    .await
}

/// Every verification of a credential, newest first, each with its recipient check as the
/// learner's identities stand now.
#[tauri::command]
pub async fn verification_history(app: AppHandle, id: String) -> Result<Vec<Verification>, Error> {
    on_wallet(app, move |_, w| {
        let detail = w.get(&id)?;
        let identities = w.identities()?;
        let mut entries = History::open(w)?.entries(&detail.summary.id)?;
        for e in &mut entries {
            cairn::recipient::refresh_report(&mut e.report, &detail.credential, &identities);
        }
        Ok(entries)
    })
    .await
}

/// The latest verdict of each credential asked about (`null`: never verified), in order.
#[tauri::command]
pub async fn latest_verdicts(
    app: AppHandle,
    ids: Vec<String>,
) -> Result<Vec<Option<Verdict>>, Error> {
    on_wallet(app, move |_, w| {
        let history = History::open(w)?;
        ids.iter()
            .map(|id| Ok(history.latest_verdict(id)?.map(|(verdict, _)| verdict)))
            .collect()
    })
    .await
}

/// The original file's bytes, verbatim, as an `ArrayBuffer` on the UI's side.
#[tauri::command]
pub async fn original_bytes(app: AppHandle, id: String) -> Result<tauri::ipc::Response, Error> {
    on_wallet(app, move |_, w| {
        Ok(tauri::ipc::Response::new(w.original(&id)?.bytes))
    })
    .await
}
