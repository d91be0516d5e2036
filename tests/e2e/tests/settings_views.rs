//! End-to-end tests of the settings added for exports, in the real app over a throwaway wallet:
//! the learner's name and offline mode are stored in the wallet and survive a restart of the
//! app; the holder key is created with a passphrase typed twice and only its did:key is shown;
//! offline mode refuses a URL import, and online a non-HTTPS or local URL is refused with the
//! policy's sentence — and nothing is stored either way.

use cairn::wallet::Wallet;
use cairn_e2e::App;
use cairn_e2e::learner::texts;
use serde_json::json;
use std::path::{Path, PathBuf};

async fn text_of(app: &App, css: &str) -> String {
    texts(app, css).await.into_iter().next().unwrap_or_default()
}

/// Copies the wallet's database files (the app is idle, every change committed).
fn copy_wallet(from: &Path, to_dir: &Path) -> PathBuf {
    let name = from.file_name().expect("file name").to_string_lossy();
    for suffix in ["", "-wal", "-shm"] {
        let src = from.with_file_name(format!("{name}{suffix}"));
        if src.exists() {
            std::fs::copy(&src, to_dir.join(format!("{name}{suffix}"))).expect("copy the wallet");
        }
    }
    to_dir.join(&*name)
}

/// Imports a URL through the URL box and returns the error shown (empty when none).
async fn import_url(app: &App, url: &str) -> String {
    if !app.is_shown("url-panel").await {
        app.click("[data-testid='url-toggle']").await;
    }
    app.type_into("[data-testid='url-input']", url).await;
    app.click("[data-testid='url-import']").await;
    app.wait_until("the URL import finishes", || async {
        app.is_shown("url-error").await || !app.is_shown("url-panel").await
    })
    .await;
    if app.is_shown("url-error").await {
        text_of(app, "[data-testid='url-error']").await
    } else {
        String::new()
    }
}

#[tokio::test]
async fn name_and_offline_mode_are_stored_and_survive_a_restart() {
    let app = App::launch().await;
    app.nav("settings").await;
    let offline = app
        .js("return document.getElementById('offline-input').checked;")
        .await;
    assert_eq!(offline, json!(false), "offline mode starts off");

    app.type_into("[data-testid='name-input']", "Zoë Ångström")
        .await;
    app.click("[data-testid='name-save']").await;
    app.wait_until("the name is saved", || async {
        text_of(&app, "[data-testid='name-status']")
            .await
            .contains("Zoë Ångström")
    })
    .await;
    // Keyboard: Tab reaches the offline switch, Space turns it on.
    app.press_on("offline-input", " ").await;
    app.wait_until("offline mode is saved", || async {
        text_of(&app, "[data-testid='offline-status']")
            .await
            .contains("on")
    })
    .await;
    // Fetching contexts Cairn does not ship starts off; Space on the switch allows it.
    let fetching = app
        .js("return document.getElementById('fetch-contexts-input').checked;")
        .await;
    assert_eq!(fetching, json!(false), "fetching contexts starts off");
    app.press_on("fetch-contexts-input", " ").await;
    app.wait_until("fetching contexts is saved", || async {
        text_of(&app, "[data-testid='fetch-contexts-status']")
            .await
            .contains("fetch and pin")
    })
    .await;
    let settings = Wallet::open(&app.wallet_path())
        .expect("wallet")
        .settings()
        .expect("settings");
    assert_eq!(settings.learner_name.as_deref(), Some("Zoë Ångström"));
    assert!(settings.offline);
    assert!(settings.fetch_contexts);

    // Offline: a URL import is refused before any request, and says why.
    let error = import_url(&app, "https://example.org/beths-robotics-badge.json").await;
    assert!(error.contains("offline mode is on"), "{error}");
    app.click("#url-cancel").await;
    app.nav("settings").await;
    app.screenshot("settings-view.png").await;

    // A restart of the app over the same wallet.
    let keep = tempfile::tempdir().expect("keep folder");
    let saved = copy_wallet(&app.wallet_path(), keep.path());
    app.close().await;
    let app = App::launch_with(|path| {
        let dir = path.parent().expect("wallet folder");
        copy_wallet(&saved, dir);
    })
    .await;
    app.nav("settings").await;
    app.wait_until("the stored name shows after the restart", || async {
        app.js("return document.getElementById('name-input').value;")
            .await
            == json!("Zoë Ångström")
    })
    .await;
    let offline = app
        .js("return document.getElementById('offline-input').checked;")
        .await;
    assert_eq!(
        offline,
        json!(true),
        "offline mode did not survive a restart"
    );
    let fetching = app
        .js("return document.getElementById('fetch-contexts-input').checked;")
        .await;
    assert_eq!(
        fetching,
        json!(true),
        "fetching contexts did not survive a restart"
    );
    app.close().await;
}

#[tokio::test]
async fn urls_the_network_policy_refuses_show_its_sentence_and_store_nothing() {
    let app = App::launch().await;
    let error = import_url(&app, "http://example.org/badge.json").await;
    assert!(error.contains("only https links are fetched"), "{error}");
    let error = import_url(&app, "https://127.0.0.1/badge.json").await;
    assert!(error.contains("refused"), "{error}");
    assert!(error.contains("127.0.0.1"), "{error}");
    app.screenshot("import-url.png").await;
    assert_eq!(
        Wallet::open(&app.wallet_path())
            .expect("wallet")
            .count()
            .expect("count"),
        0
    );
    app.close().await;
}

#[tokio::test]
async fn the_holder_key_is_made_with_a_passphrase_typed_twice_and_shows_only_its_did() {
    let app = App::launch().await;
    app.nav("settings").await;
    assert!(app.is_shown("holder-none").await);
    assert!(!app.is_shown("holder-shown").await);
    app.type_into("[data-testid='holder-pass']", "a long passphrase")
        .await;
    app.type_into("[data-testid='holder-pass2']", "a longer passphrase")
        .await;
    app.click("[data-testid='holder-create']").await;
    app.wait_until("the mismatch is shown", || async {
        app.is_shown("settings-error").await
    })
    .await;
    assert!(
        text_of(&app, "[data-testid='settings-error']")
            .await
            .contains("differ")
    );
    assert!(
        cairn::holder::holder(&Wallet::open(&app.wallet_path()).expect("wallet"))
            .expect("read")
            .is_none(),
        "a key was made from differing passphrases"
    );

    app.type_into("[data-testid='holder-pass2']", "a long passphrase")
        .await;
    app.click("[data-testid='holder-create']").await;
    app.wait_until("the key shows", || async {
        app.is_shown("holder-shown").await
    })
    .await;
    let did = text_of(&app, "[data-testid='holder-did']").await;
    let stored = cairn::holder::holder(&Wallet::open(&app.wallet_path()).expect("wallet"))
        .expect("read")
        .expect("a holder key");
    assert_eq!(did, stored.did);
    assert!(did.starts_with("did:key:z6Mk"), "{did}");
    // The passphrase fields were emptied and the page holds no secret.
    let fields = app
        .js("return [document.getElementById('holder-pass').value, document.getElementById('holder-pass2').value];")
        .await;
    assert_eq!(fields, json!(["", ""]));
    let page = app.js("return document.body.innerText;").await;
    assert!(!page.as_str().expect("text").contains("a long passphrase"));
    app.screenshot("settings-holder.png").await;
    app.close().await;
}

#[tokio::test]
async fn the_new_views_follow_the_dark_theme_and_show_keyboard_focus() {
    let app = App::launch_with_env(&[("GTK_THEME", "Adwaita:dark")], |_| {}).await;
    app.client()
        .set_window_size(1280, 860)
        .await
        .expect("window size");
    app.nav("export").await;
    // The new fields and cards take the dark palette's colours, not the light ones.
    let colours = app
        .js("const s = (id) => getComputedStyle(document.getElementById(id));
             return [s('backup-pass').backgroundColor, s('backup-pass').color,
                     getComputedStyle(document.querySelector('#export-view .panel-card')).backgroundColor];")
        .await;
    assert_eq!(
        colours,
        json!(["rgb(18, 23, 25)", "rgb(230, 235, 236)", "rgb(27, 34, 37)"]),
        "the export view ignores the dark palette"
    );
    // Every new control has an accessible name (its label, text or aria-label).
    let unnamed = app
        .js("const out = [];
             for (const e of document.querySelectorAll('#export-view button, #export-view input, #export-view select, #export-view textarea, #settings-view input, #url-panel input, #url-panel button, #import-cancel')) {
               const named = (e.labels && e.labels.length > 0) || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim());
               if (!named) out.push(e.id || e.outerHTML.slice(0, 80));
             }
             return out;")
        .await;
    assert_eq!(unnamed, json!([]), "controls without an accessible name");
    // Tab reaches the first new control and it shows a visible focus ring.
    app.press_on("picks-all", "\u{E004}").await;
    let focus = app
        .js("const e = document.activeElement;
             return [e.id, getComputedStyle(e).outlineStyle];")
        .await;
    assert_eq!(focus, json!(["picks-none", "solid"]), "{focus}");
    app.screenshot("export-dark.png").await;
    app.close().await;
}
