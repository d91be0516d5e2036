//! End-to-end tests of verification in the credential view (verdict, checks, history, "Verify
//! again"), the library's verdict chips and "Verify all", and the original (exact JSON, a baked
//! SVG shown only as an image), each compared with what the core itself says.

use cairn::verify::history::History;
use cairn::verify::{CheckName, Report, VerifyOptions, verify_document};
use cairn::wallet::Wallet;
use cairn_e2e::{App, conformance};
use serde_json::{Value, json};
use std::path::PathBuf;

/// The three fixtures: valid offline, a broken signature, a baked SVG.
const SIMPLE: &str = "1edtech-validator/ob30/simple.json";
const BAD_PROOF: &str = "1edtech-validator/ob30/simple-err-proof-value.json";
const BAKED_SVG: &str = "1edtech-validator/ob30/simple-json.svg";

/// The wallet id of the credential imported from the file named `file_name`.
fn id_of(wallet: &Wallet, file_name: &str) -> String {
    wallet
        .list()
        .expect("list")
        .into_iter()
        .find(|s| wallet.original(&s.id).expect("original").file_name == file_name)
        .unwrap_or_else(|| panic!("{file_name} was not imported"))
        .id
}

/// What the core says of a fixture, verified offline.
fn core_report(rel: &str) -> Report {
    let text = std::fs::read_to_string(conformance(rel)).expect("fixture");
    verify_document(&text, &VerifyOptions::offline())
}

/// Opens a credential's view from its library card and waits for its verdict.
async fn open(app: &App, id: &str) {
    app.click(&format!("[data-testid='credential-card'][data-id='{id}']"))
        .await;
    app.wait_for_css("[data-testid='verdict']").await;
}

/// The verdict and the signature check's status and message, as the screen shows them.
async fn shown_verdict(app: &App) -> Value {
    app.js(
        "const q = (s) => document.querySelector(s);
         const sig = q(\"#verification [data-check='signature']\");
         return {
           verdict: q(\"[data-testid='verdict']\").dataset.verdict,
           word: q(\"[data-testid='verdict-word']\").textContent,
           status: sig && sig.dataset.status,
           message: sig && sig.querySelector(\"[data-testid='check-message']\").textContent,
           checks: document.querySelectorAll(\"#verification [data-testid='check']\").length,
         };",
    )
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
    app.js(
        "const out = {};
         for (const c of document.querySelectorAll(\"[data-testid='credential-card']\")) {
           const chip = c.querySelector(\"[data-testid='chip-verdict']\");
           out[c.dataset.id] = chip ? chip.dataset.verdict + ':' + chip.textContent : null;
         }
         return out;",
    )
    .await
}

#[tokio::test]
async fn verification_report_history_chips_and_originals_match_the_core() {
    let app = App::launch().await;
    let files: Vec<PathBuf> = [SIMPLE, BAD_PROOF, BAKED_SVG]
        .iter()
        .map(|rel| conformance(rel))
        .collect();
    let report = app.import_paths(&files).await;
    let outcomes: Vec<&Value> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| &f["outcome"])
        .collect();
    assert_eq!(outcomes, [&json!("imported"); 3], "{report}");
    app.wait_for_count("[data-testid='credential-card']", 3)
        .await;
    let wallet = Wallet::open(&app.wallet_path()).expect("open the app's wallet");
    let simple = id_of(&wallet, "simple.json");
    let bad = id_of(&wallet, "simple-err-proof-value.json");
    let svg = id_of(&wallet, "simple-json.svg");

    // Nothing is verified before it is asked for.
    let unverified = json!({
        simple.clone(): "none:Unverified yet",
        bad.clone(): "none:Unverified yet",
        svg.clone(): "none:Unverified yet",
    });
    app.wait_until("every card says it is unverified yet", || async {
        chips(&app).await == unverified
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
    assert_eq!(history_rows(&app).await, 1, "opening it verified it once");

    // "Verify again" adds a history row, shown and stored, marked offline.
    app.click("[data-testid='verify-again']").await;
    app.wait_until("the history has two rows", || async {
        history_rows(&app).await == 2
    })
    .await;
    let history = History::open(&wallet).expect("history");
    let entries = history.entries(&simple).expect("entries");
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| !e.online), "verified offline");
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
    assert_eq!(shown_json, file_json, "the original view differs from the file");
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
        size.replace(',', "").contains(&format!("({} bytes)", bytes.len())),
        "{size}"
    );
    back(&app).await;

    // The broken signature: invalid, with the core's own message for the signature.
    let core = core_report(BAD_PROOF);
    assert_eq!(core.verdict.as_str(), "invalid", "{core:?}");
    let signature = core.check(CheckName::Signature).expect("signature check");
    assert_eq!(signature.status.as_str(), "fail");
    open(&app, &bad).await;
    let shown = shown_verdict(&app).await;
    assert_eq!(shown["verdict"], json!("invalid"), "{shown}");
    assert_eq!(shown["word"], json!("Invalid"));
    assert_eq!(shown["status"], json!("fail"));
    assert_eq!(shown["message"], json!(signature.message), "{shown}");
    back(&app).await;

    // The baked SVG: shown as an image from a data: URI holding exactly the file, never as
    // SVG markup in the page.
    open(&app, &svg).await;
    let image = app
        .js(
            "const img = document.querySelector('#original img.original-image');
             return img && {
               src: img.getAttribute('src'),
               complete: img.complete,
               width: img.naturalWidth,
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
    app.js("document.getElementById('original').scrollIntoView(); return true;")
        .await;
    app.screenshot("original.png").await;
    back(&app).await;

    // The cards now carry each credential's latest verdict; "Verify all" verifies every one.
    let core_svg = core_report(BAKED_SVG);
    let expected = json!({
        simple.clone(): "valid:Valid",
        bad.clone(): "invalid:Invalid",
        svg.clone(): format!("{}:{}", core_svg.verdict.as_str(), match core_svg.verdict.as_str() {
            "valid" => "Valid",
            "invalid" => "Invalid",
            _ => "Indeterminate",
        }),
    });
    app.wait_until("the cards show the verdicts", || async {
        chips(&app).await == expected
    })
    .await;
    app.click("[data-testid='verify-all']").await;
    app.wait_until("Verify all has finished", || async {
        app.texts("[data-testid='verify-all-status']").await
            == ["Verified 3 credentials offline."]
    })
    .await;
    assert_eq!(history.entries(&simple).expect("entries").len(), 3);
    assert_eq!(history.entries(&bad).expect("entries").len(), 2);
    assert_eq!(history.entries(&svg).expect("entries").len(), 2);
    app.close().await;
}
