//! The desktop app's capabilities, tested in the real window: a command the `main`
//! capability grants answers, and commands it does not grant — from a registered plugin
//! (`dialog:save`, `dialog:open`, `dialog:message`, `clipboard-manager:read_text`,
//! `opener:open_path`, core `event:emit`, `window:close`) or from a plugin that is not there
//! at all (`fs:read_file`) — are refused by Tauri before they run.
//!
//! The file commands take only the one-use token of a file the learner picked in a dialog the
//! app opened itself (`src-tauri/src/picks.rs`): a path from the page is refused and nothing is
//! written, a picked file is written, and a token works once, for its own kind of file only.
//! The dialogs answer through `App::answer_dialogs_with` (debug builds only).
//!
//! The CSP and script injection are tested in `desktop.rs`
//! (`credential_text_is_shown_as_text_and_the_csp_refuses_inline_script`).

use cairn::wallet::Wallet;
use cairn_e2e::{App, conformance};
use serde_json::{Value, json};
use std::path::Path;

/// Calls `window.__TAURI__.core.invoke(command, args)` in the page: `Ok(value)` when it
/// resolves, `Err(message)` when it is rejected.
async fn invoke(app: &App, command: &str, args: Value) -> Result<Value, String> {
    let script = r#"
        const done = arguments[arguments.length - 1];
        window.__TAURI__.core.invoke(arguments[0], arguments[1])
          .then((value) => done({ ok: value === undefined ? null : value }),
                (err) => done({ error: typeof err === 'string' ? err : JSON.stringify(err) }));
    "#;
    let out = app
        .client()
        .execute_async(script, vec![json!(command), args])
        .await
        .unwrap_or_else(|e| panic!("invoke script failed: {e}"));
    match out.get("error") {
        Some(err) => Err(err.as_str().unwrap_or_default().to_owned()),
        None => Ok(out.get("ok").cloned().unwrap_or(Value::Null)),
    }
}

#[tokio::test]
async fn security_commands_the_capabilities_do_not_grant_are_refused() {
    let app = App::launch().await;
    // Control: a granted command answers, so the refusals below are the capabilities' doing.
    let location = invoke(&app, "wallet_location", json!({})).await;
    assert!(location.is_ok(), "granted command refused: {location:?}");

    for (command, args) in [
        // The page opens no dialog itself: the app's Rust side does (see below).
        (
            "plugin:dialog|save",
            json!({ "options": { "defaultPath": "/tmp/probe.pdf" } }),
        ),
        ("plugin:dialog|open", json!({ "options": {} })),
        ("plugin:dialog|message", json!({ "message": "probe" })),
        ("plugin:clipboard-manager|read_text", json!({})),
        ("plugin:opener|open_path", json!({ "path": "/etc/passwd" })),
        (
            "plugin:event|emit",
            json!({ "event": "cairn-probe", "payload": null }),
        ),
        ("plugin:window|close", json!({ "label": "main" })),
        ("plugin:fs|read_file", json!({ "path": "/etc/passwd" })),
    ] {
        let answer = invoke(&app, command, args).await;
        let err = answer.expect_err(&format!("{command} was allowed"));
        // Tauri's ACL: "dialog.message not allowed. Permissions associated with this command: …"
        assert!(err.contains("not allowed"), "{command}: {err}");
        eprintln!("{command}: refused: {err}");
    }
    // The opener may open LinkedIn's add-to-profile form and nothing else: its scope refuses
    // any other URL before anything is opened.
    let other = invoke(
        &app,
        "plugin:opener|open_url",
        json!({ "url": "https://example.org/" }),
    )
    .await;
    let err = other.expect_err("opening another URL was allowed");
    assert!(err.to_lowercase().contains("not allowed"), "{err}");
    // "Open it" opens only files the app wrote in this session, named by their pick's token.
    let err = invoke(&app, "open_written", json!({ "pick": "/etc/passwd" }))
        .await
        .expect_err("open_written opened a file the app did not write");
    assert!(err.contains("forbidden"), "{err}");
    let err = invoke(&app, "open_written", json!({ "path": "/etc/passwd" }))
        .await
        .expect_err("open_written took a path");
    assert!(err.contains("pick"), "{err}");
    // The window is still there and still answers.
    assert!(invoke(&app, "wallet_location", json!({})).await.is_ok());
    app.close().await;
}

/// The `{code, message}` of a refused command.
fn refusal(err: &str) -> (String, String) {
    let v: Value = serde_json::from_str(err).unwrap_or_else(|e| panic!("{e}: {err}"));
    (
        v["code"].as_str().unwrap_or_default().to_owned(),
        v["message"].as_str().unwrap_or_default().to_owned(),
    )
}

/// What the page gets back from `pick_save_path` / `pick_open_path`: the token, or `None` when
/// the dialog was cancelled.
async fn pick(app: &App, command: &str, args: Value) -> Option<String> {
    let picked = invoke(app, command, args)
        .await
        .unwrap_or_else(|e| panic!("{command} failed: {e}"));
    if picked.is_null() {
        return None;
    }
    Some(picked["token"].as_str().expect("a token").to_owned())
}

#[tokio::test]
async fn security_write_commands_refuse_any_path_the_learner_did_not_pick() {
    let app = App::launch().await;
    let dir = tempfile::tempdir().expect("out folder");
    let target = |name: &str| dir.path().join(name).display().to_string();
    let id = "0123456789abcdef";
    // Every command that writes (or reads) a file, given a path from the page instead of a
    // pick: refused with `forbidden` before anything is done.
    let calls = [
        (
            "save_badge_image",
            json!({ "id": id, "pick": target("a.png") }),
        ),
        (
            "export_transcript",
            json!({ "pick": target("t.pdf"), "portfolio": null }),
        ),
        (
            "export_package",
            json!({ "pick": target("p.zip"), "portfolio": null, "passphrase": null }),
        ),
        (
            "export_presentation",
            json!({ "pick": target("v.json"), "portfolio": "x", "passphrase": "p",
                    "challenge": null, "domain": null }),
        ),
        ("export_baked", json!({ "id": id, "pick": target("b.svg") })),
        (
            "backup_wallet",
            json!({ "pick": target("w.cairn"), "ids": [], "passphrase": "p" }),
        ),
        (
            "restore_backup",
            json!({ "pick": target("w.cairn"), "passphrase": "p" }),
        ),
    ];
    for (command, args) in &calls {
        let err = invoke(&app, command, args.clone())
            .await
            .expect_err(&format!("{command} accepted a path from the page"));
        let (code, message) = refusal(&err);
        assert_eq!(code, "forbidden", "{command}: {err}");
        assert!(
            message.contains("not a file you picked"),
            "{command}: {message}"
        );
        eprintln!("{command}: refused: {message}");
    }
    // The old shape (`path`) is not understood at all.
    let err = invoke(
        &app,
        "backup_wallet",
        json!({ "path": target("w.cairn"), "ids": [], "passphrase": "p" }),
    )
    .await
    .expect_err("backup_wallet took a path");
    assert!(err.contains("pick"), "{err}");
    let written: Vec<_> = std::fs::read_dir(dir.path())
        .expect("out folder")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(written.is_empty(), "files were written: {written:?}");

    // A dialog the learner cancels gives no token, and the real button writes nothing.
    app.cancel_dialogs();
    let none = pick(
        &app,
        "pick_save_path",
        json!({ "kind": "backup", "suggestedName": "w.cairn" }),
    )
    .await;
    assert_eq!(none, None);
    app.nav("export").await;
    app.click("[data-testid='transcript-save']").await;
    app.wait_until("the cancelled save is quiet", || async {
        app.js("const b = document.getElementById('transcript-save'); return !b.disabled && !b.hasAttribute('aria-busy');")
            .await
            == json!(true)
    })
    .await;
    let status = app
        .js("const s = document.getElementById('documents-status'); return [s.textContent, s.dataset.code ?? null];")
        .await;
    assert_eq!(status, json!(["", null]));
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("out folder").count(),
        0
    );
    app.close().await;
}

#[tokio::test]
async fn security_a_picked_file_is_written_once_and_a_token_serves_one_use() {
    let app = App::launch().await;
    let dir = tempfile::tempdir().expect("out folder");
    let backup = dir.path().join("picked wallet.cairn");
    app.answer_dialogs_with(&backup);
    let token = pick(
        &app,
        "pick_save_path",
        json!({ "kind": "backup", "suggestedName": "../../elsewhere/w.cairn" }),
    )
    .await
    .expect("the dialog answered");
    assert_eq!(token.len(), 32, "{token}");
    assert!(!backup.exists(), "picking wrote something");

    // A token picked for a backup does not write a transcript.
    let err = invoke(
        &app,
        "export_transcript",
        json!({ "pick": token, "portfolio": null }),
    )
    .await
    .expect_err("a backup's token wrote a transcript");
    assert_eq!(refusal(&err).0, "forbidden");
    assert!(!backup.exists());

    // Its own command writes exactly the picked file.
    let args = json!({ "pick": token, "ids": [], "passphrase": "correct horse" });
    let done = invoke(&app, "backup_wallet", args.clone())
        .await
        .unwrap_or_else(|e| panic!("backup_wallet refused its pick: {e}"));
    assert_eq!(done["file"], json!(backup.display().to_string()));
    let first = std::fs::read(&backup).expect("the picked file was written");
    assert!(first.starts_with(b"CAIRN-BACKUP\0"));

    // Once: the same token again is refused and the file is left as it was.
    let err = invoke(&app, "backup_wallet", args)
        .await
        .expect_err("a token was used twice");
    assert_eq!(refusal(&err).0, "forbidden", "{err}");
    assert_eq!(std::fs::read(&backup).expect("still there"), first);

    // A save token does not open a backup for restoring; an open pick does, once.
    let err = invoke(
        &app,
        "restore_backup",
        json!({ "pick": token, "passphrase": "correct horse" }),
    )
    .await
    .expect_err("a save token restored");
    assert_eq!(refusal(&err).0, "forbidden");
    let open = pick(&app, "pick_open_path", json!({ "kind": "backup" }))
        .await
        .expect("the open dialog answered");
    let restore = json!({ "pick": open, "passphrase": "correct horse" });
    let report = invoke(&app, "restore_backup", restore.clone())
        .await
        .unwrap_or_else(|e| panic!("restore_backup refused its pick: {e}"));
    assert_eq!(report["originals"], json!(0), "{report}");
    let err = invoke(&app, "restore_backup", restore)
        .await
        .expect_err("an open token was used twice");
    assert_eq!(refusal(&err).0, "forbidden");
    // A picked file that was only read is not one "Open it" may open.
    let err = invoke(&app, "open_written", json!({ "pick": open }))
        .await
        .expect_err("open_written opened a file the app did not write");
    assert_eq!(refusal(&err).0, "forbidden");

    // The import button's dialog is the app's too: it imports what the learner chose.
    let fixture = conformance("1edtech-validator/ob30/simple.json");
    app.answer_dialogs_with(&fixture);
    app.click("[data-testid='import-files']").await;
    let wallet = app.wallet_path();
    app.wait_until("the picked file is imported", || async {
        count(&wallet) == 1
    })
    .await;
    app.close().await;
}

fn count(wallet: &Path) -> usize {
    Wallet::open(wallet)
        .and_then(|w| w.count())
        .unwrap_or_default()
}
