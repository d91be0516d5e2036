//! The desktop app's capabilities, tested in the real window: a command the `main`
//! capability grants answers, and commands it does not grant — from a registered plugin
//! (`dialog:message`, `clipboard-manager:read_text`, `opener:open_path`, core `event:emit`,
//! `window:close`) or from a plugin that is not there
//! at all (`fs:read_file`) — are refused by Tauri before they run. The CSP and script
//! injection are tested in `desktop.rs` (`credential_text_is_shown_as_text_and_the_csp_refuses_inline_script`).

use cairn_e2e::App;
use serde_json::{Value, json};

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
    // "Open it" opens only files the app wrote in this session.
    let err = invoke(&app, "open_written", json!({ "path": "/etc/passwd" }))
        .await
        .expect_err("open_written opened a file the app did not write");
    assert!(err.contains("forbidden"), "{err}");
    // The window is still there and still answers.
    assert!(invoke(&app, "wallet_location", json!({})).await.is_ok());
    app.close().await;
}
