//! End-to-end tests of verification in the credential view (verdict, checks, history, "Verify
//! again"), the library's verdict chips and "Verify all", and the original (exact JSON, a baked
//! SVG shown only as an image), each compared with what the core itself says.

use cairn::verify::history::History;
use cairn::verify::{CheckName, Report, VerifyOptions, verify_document};
use cairn::wallet::Wallet;
use cairn_e2e::{App, conformance};
use serde_json::{Value, json};

/// The three fixtures: valid offline, a broken signature, a baked SVG.
const SIMPLE: &str = "1edtech-validator/ob30/simple.json";
const BAD_PROOF: &str = "1edtech-validator/ob30/simple-err-proof-value.json";
const BAKED_SVG: &str = "1edtech-validator/ob30/simple-json.svg";

/// What the core says of a fixture's credential (as the wallet stores it), verified offline.
fn core_report(rel: &str) -> Report {
    let bytes = std::fs::read(conformance(rel)).expect("fixture");
    let found = cairn::import::extract(rel, &bytes).expect("the fixture holds a credential");
    verify_document(&found[0].document, &VerifyOptions::offline())
}

/// Opens a credential's view from its library card and waits for its verdict.
async fn open(app: &App, id: &str) {
    app.click(&format!("[data-testid='credential-card'][data-id='{id}']"))
        .await;
    app.wait_for_css(&format!(
        "#verification[data-credential='{id}'] [data-testid='verdict']"
    ))
    .await;
}

/// The verdict and the signature check's status and message, as the screen shows them.
async fn shown_verdict(app: &App) -> Value {
    app.js("const q = (s) => document.querySelector(s);
         const sig = q(\"#verification [data-check='signature']\");
         return {
           verdict: q(\"[data-testid='verdict']\").dataset.verdict,
           tone: [...q(\"[data-testid='verdict']\").classList].find((c) => c.startsWith('tone-'))?.slice(5),
           word: q(\"[data-testid='verdict-word']\").textContent,
           status: sig && sig.dataset.status,
           message: sig && sig.querySelector(\"[data-testid='check-message']\").textContent,
           checks: document.querySelectorAll(\"#verification [data-testid='check']\").length,
         };")
        .await
}

/// How many rows the history table has.
async fn history_rows(app: &App) -> u64 {
    app.js("return document.querySelectorAll(\"[data-testid='history-row']\").length;")
        .await
        .as_u64()
        .expect("count")
}

/// Goes back to the library.
async fn back(app: &App) {
    app.click("[data-testid='back-button']").await;
    app.wait_until("the library shows again", || async {
        app.is_shown("library-view").await
    })
    .await;
}

/// The verdict chip of each card, by wallet id.
async fn chips(app: &App) -> Value {
    app.js("const out = {};
         for (const c of document.querySelectorAll(\"[data-testid='credential-card']\")) {
           const chip = c.querySelector(\"[data-testid='chip-verdict']\");
           out[c.dataset.id] = chip ? chip.dataset.verdict + ':' + chip.textContent : null;
         }
         return out;")
        .await
}

/// Imports one fixture through the UI and returns its wallet id (the fixtures share a
/// credential id, so the wallet holds one of them at a time).
async fn import_one(app: &App, rel: &str) -> String {
    let report = app.import_paths(&[conformance(rel)]).await;
    assert_eq!(report["files"][0]["outcome"], json!("imported"), "{report}");
    let id = report["files"][0]["credentials"][0]
        .as_str()
        .expect("an id")
        .to_owned();
    app.wait_for_count("[data-testid='credential-card']", 1)
        .await;
    id
}

/// Removes the shown credential through its view and waits for the empty library.
async fn remove_shown(app: &App) {
    app.click("[data-testid='remove-button']").await;
    app.click("[data-testid='remove-confirm']").await;
    app.wait_for_count("[data-testid='credential-card']", 0)
        .await;
}

#[tokio::test]
async fn verification_report_history_chips_and_originals_match_the_core() {
    let app = App::launch().await;
    let wallet = Wallet::open(&app.wallet_path()).expect("open the app's wallet");
    let history = History::open(&wallet).expect("history");

    // The import verifies each new credential once — online, as offline mode is off (the
    // network beyond this machine is closed to the suite, so nothing is reached): the card
    // shows its verdict at once.
    let simple = import_one(&app, SIMPLE).await;
    app.click("#report-close").await;
    let verified = json!({ simple.clone(): "valid:Valid" });
    app.wait_until("the card shows the verdict of the import", || async {
        chips(&app).await == verified
    })
    .await;

    // The valid credential: the verdict and the signature check are the core's, word for word.
    let core = core_report(SIMPLE);
    assert_eq!(core.verdict.as_str(), "valid", "{core:?}");
    let signature = core.check(CheckName::Signature).expect("signature check");
    open(&app, &simple).await;
    let shown = shown_verdict(&app).await;
    assert_eq!(shown["verdict"], json!("valid"), "{shown}");
    assert_eq!(shown["word"], json!("Valid"));
    assert_eq!(shown["status"], json!(signature.status.as_str()));
    assert_eq!(shown["message"], json!(signature.message), "{shown}");
    assert_eq!(shown["checks"], json!(core.checks.len()));
    assert_eq!(
        history_rows(&app).await,
        1,
        "verified once, on import; opening it does not verify again"
    );

    // "Verify again" adds a history row, shown and stored, marked offline.
    app.click("[data-testid='verify-again']").await;
    app.wait_until("the history has two rows", || async {
        history_rows(&app).await == 2
    })
    .await;
    let entries = history.entries(&simple).expect("entries");
    assert_eq!(entries.len(), 2);
    // Newest first: "Verify again" without "Online" is offline; the import's was online.
    assert!(!entries[0].online, "verify again runs offline");
    assert!(
        entries[1].online,
        "the import verified online, as the settings allow"
    );
    assert!(entries.iter().all(|e| e.report.verdict.as_str() == "valid"));
    app.js("document.querySelector('.history-box').open = true; return true;")
        .await;
    app.screenshot("verification.png").await;

    // The original is the exact JSON of the file, with its size and SHA-256.
    let bytes = std::fs::read(conformance(SIMPLE)).expect("fixture");
    let shown_json = app
        .js("return document.querySelector(\"[data-testid='original-json']\").textContent;")
        .await;
    let shown_json: Value =
        serde_json::from_str(shown_json.as_str().expect("text")).expect("the view shows JSON");
    let file_json: Value = serde_json::from_slice(&bytes).expect("fixture JSON");
    assert_eq!(
        shown_json, file_json,
        "the original view differs from the file"
    );
    let sha = app
        .wait_for_css("[data-testid='detail-sha256']")
        .await
        .text()
        .await
        .expect("sha");
    assert_eq!(sha, cairn::model::sha256_hex(&bytes));
    let size = app
        .wait_for_css("[data-testid='original-size']")
        .await
        .text()
        .await
        .expect("size");
    assert!(
        size.replace(',', "")
            .contains(&format!("({} bytes)", bytes.len())),
        "{size}"
    );

    // Back in the library the card carries the latest verdict; "Verify all" verifies again.
    back(&app).await;
    let valid = json!({ simple.clone(): "valid:Valid" });
    app.wait_until("the card shows the verdict", || async {
        chips(&app).await == valid
    })
    .await;
    app.click("[data-testid='verify-all']").await;
    app.wait_until("Verify all has finished", || async {
        app.texts("[data-testid='verify-all-status']").await == ["Verified 1 credential offline."]
    })
    .await;
    assert_eq!(history.entries(&simple).expect("entries").len(), 3);
    open(&app, &simple).await;
    remove_shown(&app).await;

    // The broken signature: invalid, with the core's own message for the signature.
    let bad = import_one(&app, BAD_PROOF).await;
    let core = core_report(BAD_PROOF);
    assert_eq!(core.verdict.as_str(), "invalid", "{core:?}");
    let signature = core.check(CheckName::Signature).expect("signature check");
    assert_eq!(signature.status.as_str(), "fail");
    open(&app, &bad).await;
    let shown = shown_verdict(&app).await;
    assert_eq!(shown["verdict"], json!("invalid"), "{shown}");
    // Named as the core names it: a broken signature is "Not genuine", in red, never the
    // amber of an expired credential.
    let label = cairn::verify::Label::new(core.verdict, core.reason);
    assert_eq!(label.word, "Not genuine", "{label:?}");
    assert_eq!(shown["word"], json!(label.word));
    assert_eq!(shown["tone"], json!("bad"), "{shown}");
    assert_eq!(shown["status"], json!("fail"));
    assert_eq!(shown["message"], json!(signature.message), "{shown}");
    app.screenshot("verification-invalid.png").await;
    back(&app).await;
    let invalid = json!({ bad.clone(): "invalid:Not genuine" });
    app.wait_until("the card shows the verdict", || async {
        chips(&app).await == invalid
    })
    .await;
    open(&app, &bad).await;
    remove_shown(&app).await;

    // The baked SVG: shown as an image from a data: URI holding exactly the file, never as
    // SVG markup in the page; its verdict is the core's for the credential it carries.
    let svg = import_one(&app, BAKED_SVG).await;
    open(&app, &svg).await;
    let shown = shown_verdict(&app).await;
    assert_eq!(
        shown["verdict"],
        json!(core_report(BAKED_SVG).verdict.as_str()),
        "{shown}"
    );
    let image = app
        .js(
            "const img = document.querySelector('#original img.original-image');
             return img && {
               src: img.getAttribute('src'),
               svgs: document.querySelectorAll('#original svg, #detail-view svg').length,
               scripts: document.querySelectorAll('#detail-view script').length,
             };",
        )
        .await;
    let src = image["src"].as_str().expect("an image is shown");
    let b64 = src
        .strip_prefix("data:image/svg+xml;base64,")
        .unwrap_or_else(|| panic!("not an SVG data URI: {}", &src[..src.len().min(60)]));
    let svg_bytes = std::fs::read(conformance(BAKED_SVG)).expect("fixture");
    let decoded = app
        .js(&format!(
            "return Array.from(atob({b64:?}), (c) => c.charCodeAt(0));"
        ))
        .await;
    let decoded: Vec<u8> = serde_json::from_value(decoded).expect("bytes");
    assert_eq!(decoded, svg_bytes, "the image is not the original file");
    assert_eq!(image["svgs"], json!(0), "SVG markup was put into the page");
    assert_eq!(image["scripts"], json!(0));
    app.wait_until("the image has decoded", || async {
        app.js("const i = document.querySelector('#original img.original-image'); return i.complete && i.naturalWidth > 0;")
            .await
            == json!(true)
    })
    .await;
    app.js("document.getElementById('original').scrollIntoView({block: 'start'}); window.scrollBy(0, -90); return true;")
        .await;
    app.screenshot("original.png").await;
    app.close().await;
}
