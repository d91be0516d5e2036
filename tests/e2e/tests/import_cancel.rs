//! End-to-end test of cancelling a long import in the real app: the Cancel button in the
//! progress panel stops the batch between files; the files done stay imported, the rest are
//! reported "not imported (cancelled)", and the wallet holds exactly what the report says.

use cairn::wallet::Wallet;
use cairn_e2e::{App, conformance};
use serde_json::{Value, json};

/// Files in the long import.
const FILES: usize = 400;

#[tokio::test]
async fn cancel_stops_a_long_import_between_files_and_keeps_what_was_done() {
    let dir = tempfile::tempdir().expect("fixture folder");
    let base = std::fs::read_to_string(conformance("1edtech-validator/ob30/simple.json"))
        .expect("read fixture");
    for n in 0..FILES {
        let text = base.replace(
            "http://example.com/credentials/3527",
            &format!("urn:uuid:cancel-{n}"),
        );
        std::fs::write(dir.path().join(format!("badge-{n:03}.json")), text).expect("write");
    }
    let app = App::launch().await;
    // Start the import the way dropping the folder does, without waiting for it.
    app.client()
        .execute(
            "window.__importDone = null;
             import(new URL('src/importer.js', document.baseURI).href)
               .then((m) => m.importPaths([arguments[0]]))
               .then((report) => { window.__importDone = { report }; },
                     (err) => { window.__importDone = { error: err }; });
             return true;",
            vec![json!(dir.path().display().to_string())],
        )
        .await
        .expect("start the import");
    // Wait until some files are in, then press Cancel.
    app.wait_until("the import is under way", || async {
        let label = app
            .js("return document.getElementById('progress-label').textContent;")
            .await;
        label
            .as_str()
            .and_then(|l| l.strip_prefix("Importing "))
            .and_then(|l| l.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| n >= 5)
    })
    .await;
    app.click("[data-testid='import-cancel']").await;
    app.wait_until("the import stops", || async {
        app.js("return window.__importDone !== null;").await == json!(true)
    })
    .await;
    let done: Value = app.js("return window.__importDone;").await;
    let report = done
        .get("report")
        .unwrap_or_else(|| panic!("the import failed: {done}"));
    assert_eq!(report["cancelled"], json!(true), "{report}");
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), FILES, "every file is reported");
    let imported = files.iter().filter(|f| f["outcome"] == "imported").count();
    let cancelled = files.iter().filter(|f| f["outcome"] == "cancelled").count();
    assert!(imported >= 5, "{imported} imported");
    assert!(cancelled > 0, "nothing was left out");
    assert_eq!(imported + cancelled, FILES);
    // The report says so, and the wallet holds exactly the files done.
    let summary = app
        .js("return document.getElementById('report-summary').textContent;")
        .await;
    assert!(
        summary
            .as_str()
            .expect("summary")
            .contains(&format!("{cancelled} not imported (cancelled)")),
        "{summary}"
    );
    assert_eq!(
        Wallet::open(&app.wallet_path())
            .expect("wallet")
            .count()
            .expect("count"),
        imported
    );
    app.screenshot("import-cancelled.png").await;
    app.close().await;
}
