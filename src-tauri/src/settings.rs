//! IPC commands behind the settings view's name, offline mode and holder key: each a line or
//! two into the wallet's settings and `cairn::holder`. No secret ever crosses IPC outward.

use crate::on_wallet;
use cairn::Error;
use cairn::backup::seal::KdfCost;
use cairn::wallet::Settings;
use serde::Serialize;
use tauri::AppHandle;

/// The public half of the wallet's holder key.
#[derive(Debug, Clone, Serialize)]
pub struct HolderKey {
    /// Its `did:key`.
    pub did: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
}

impl From<cairn::holder::Holder> for HolderKey {
    fn from(h: cairn::holder::Holder) -> Self {
        Self {
            did: h.did,
            created_at: h.created_at,
        }
    }
}

/// The learner's settings.
#[tauri::command]
pub async fn get_settings(app: AppHandle) -> Result<Settings, Error> {
    on_wallet(app, |_, w| w.settings()).await
}

/// Stores the learner's name (empty removes it); returns the settings.
#[tauri::command]
pub async fn set_learner_name(app: AppHandle, name: String) -> Result<Settings, Error> {
    on_wallet(app, move |_, w| {
        w.set_learner_name(&name)?;
        w.settings()
    })
    .await
}

/// Turns offline mode on or off; returns the settings.
#[tauri::command]
pub async fn set_offline(app: AppHandle, offline: bool) -> Result<Settings, Error> {
    on_wallet(app, move |_, w| {
        w.set_offline(offline)?;
        w.settings()
    })
    .await
}

/// Allows or forbids fetching JSON-LD contexts Cairn does not ship; returns the settings.
#[tauri::command]
pub async fn set_fetch_contexts(app: AppHandle, fetch: bool) -> Result<Settings, Error> {
    on_wallet(app, move |_, w| {
        w.set_fetch_contexts(fetch)?;
        w.settings()
    })
    .await
}

/// The holder key's public half, if the wallet has one.
#[tauri::command]
pub async fn holder_key(app: AppHandle) -> Result<Option<HolderKey>, Error> {
    on_wallet(app, |_, w| {
        Ok(cairn::holder::holder(w)?.map(HolderKey::from))
    })
    .await
}

/// Creates the holder key, sealed with `passphrase` (the UI has it typed twice).
#[tauri::command]
pub async fn create_holder_key(app: AppHandle, passphrase: String) -> Result<HolderKey, Error> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    on_wallet(app, move |_, w| {
        if passphrase.is_empty() {
            return Err(Error::invalid(
                "the passphrase is empty; no key was created",
            ));
        }
        if cairn::holder::holder(w)?.is_some() {
            return Err(Error::new(
                cairn::ErrorCode::Duplicate,
                "the wallet already has a holder key; it is kept as it is",
            ));
        }
        cairn::holder::ensure(w, passphrase.as_bytes(), KdfCost::default()).map(HolderKey::from)
    })
    .await
}
