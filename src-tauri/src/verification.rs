//! IPC commands behind the credential view's verification report, history and original, and the
//! library's verdict chips and "Verify all": each is a line or two into `cairn::verify` and the
//! wallet, run on a blocking thread (the network client, when asked for, lives only there).

use crate::on_wallet;
use cairn::Error;
use cairn::verify::history::{History, Verification};
use cairn::verify::{Label, Report, Verdict, VerifyOptions};
use cairn::wallet::{Network, Wallet};
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

/// Verifies as the core decides ([`Wallet::verifying`]): online only when the learner asked
/// and offline mode is off (an error saying so otherwise), offline from what the wallet fetched
/// at import; hands `work` the history and the options.
fn verifying<T>(
    wallet: &Wallet,
    online: bool,
    work: impl FnOnce(&History, &VerifyOptions, bool) -> Result<T, Error>,
) -> Result<T, Error> {
    let network = if online {
        Network::OnlineIfAllowed
    } else {
        Network::Offline
    };
    let mut verifying = wallet.verifying(network)?;
    if verifying.fetches_contexts() {
        // The learner allowed fetching contexts Cairn does not ship (settings): fetch them
        // once, verify with them, and pin them in the wallet.
        verifying.learn_contexts(wallet.context_urls()?);
    }
    let result = {
        let session = verifying.session();
        let history = History::open(wallet)?;
        work(&history, &session.options(), session.online())
    };
    wallet.keep_contexts(&verifying)?;
    result
}

/// Verifies one stored credential again, records the report in its history and returns it.
#[tauri::command]
pub async fn verify_credential(app: AppHandle, id: String, online: bool) -> Result<Report, Error> {
    on_wallet(app, move |_, w| {
        let id = w.get(&id)?.summary.id;
        verifying(w, online, |h, o, online| h.reverify(&id, o, online))
    })
    .await
}

/// Verifies every stored credential, emitting `verify-progress` after each; returns how many.
#[tauri::command]
pub async fn verify_all(app: AppHandle, online: bool) -> Result<usize, Error> {
    on_wallet(app, move |app, w| {
        let total = w.list()?.len();
        let mut done = 0;
        verifying(w, online, |h, o, online| {
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

/// The verdict label of each credential asked about, in order: its latest verdict as a person
/// reads it, "Expired" once its validity period has ended (`null`: never verified, or no longer
/// in the wallet).
#[tauri::command]
pub async fn latest_verdicts(
    app: AppHandle,
    ids: Vec<String>,
) -> Result<Vec<Option<Label>>, Error> {
    on_wallet(app, move |_, w| {
        let now = chrono::Utc::now();
        Ok(ids
            .iter()
            .map(|id| {
                w.standings(std::slice::from_ref(id), now)
                    .ok()
                    .and_then(|s| s.into_iter().next())
                    .and_then(|s| s.verdict_label())
            })
            .collect())
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
