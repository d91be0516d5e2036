//! End-to-end tests of the real desktop app: empty wallet, importing by paste and by path (the
//! drop handler's function), the library, the detail view, removal, refused input, the content
//! security policy and keyboard use. See README.md beside this folder.

use cairn::wallet::{CredentialSummary, Wallet};
use cairn_e2e::{App, conformance};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::Value;
use std::path::{Path, PathBuf};

const OB3: &str = "1edtech-validator/ob30/simple.json";
const OB2: &str = "1edtech-validator/ob20/assertion-with-endorsements.json";

/// What the core itself lists for `file`, imported into a scratch wallet: the UI must show the
/// same title and issuer.
fn core_summary(file: &Path) -> CredentialSummary {
    let dir = tempfile::tempdir().expect("scratch folder");
    let mut wallet = Wallet::open(&dir.path().join("w.sqlite")).expect("scratch wallet");
    let report = wallet.import_paths(
        &[file.to_owned()],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.files.len(), 1, "{report:?}");
    let mut list = wallet.list().expect("list");
    assert_eq!(list.len(), 1, "{} holds one credential", file.display());
    list.remove(0)
}

#[tokio::test]
async fn an_empty_wallet_says_what_to_drop_where() {
    let app = App::launch().await;
    assert!(
        app.is_shown("empty-state").await,
        "the empty-wallet hint is hidden"
    );
    let hint = app
        .wait_for_css("[data-testid='empty-state']")
        .await
        .text()
        .await
        .expect("hint text");
    assert!(hint.contains("Your wallet is empty"), "{hint}");
    assert!(hint.contains("Drop badge files or whole folders"), "{hint}");
    assert!(hint.contains("Add files"), "{hint}");
    assert_eq!(app.card_count().await, 0);
    let location = app
        .wait_for_css("[data-testid='wallet-location']")
        .await
        .text()
        .await
        .expect("location");
    assert_eq!(
        Path::new(&location),
        app.wallet_path(),
        "the app opened another wallet"
    );
    // Setting up the drop handler and the progress listener needs their IPC permissions; a
    // refused one would show in the error banner.
    assert!(
        !app.is_shown("app-error").await,
        "{:?}",
        app.texts("#app-error").await
    );
    app.client()
        .set_window_size(1000, 700)
        .await
        .expect("window size");
    app.wait_until("the window has its new size", || async {
        app.js("return window.innerWidth;")
            .await
            .as_u64()
            .unwrap_or(0)
            >= 980
    })
    .await;
    app.screenshot("empty.png").await;
    app.close().await;
}

#[tokio::test]
async fn imports_by_paste_and_by_path_lists_both_and_opens_the_detail() {
    let ob3 = conformance(OB3);
    let ob2 = conformance(OB2);
    let ob3_expected = core_summary(&ob3);
    let ob2_expected = core_summary(&ob2);
    // Facts from the fixture itself, so the core and the UI cannot agree on something wrong.
    assert_eq!(ob3_expected.issuer.as_deref(), Some("Example Corp"));
    assert_eq!(ob2_expected.title, "Awesome Robotics Badge");

    let app = App::launch().await;

    // Paste the OB 3.0 credential's text and press Import.
    let text = std::fs::read_to_string(&ob3).expect("read fixture");
    app.paste(&text).await;
    app.wait_until("the pasted credential is listed", || async {
        app.card_count().await == 1
    })
    .await;
    assert!(
        !app.is_shown("paste-panel").await,
        "the paste box stays open after a good import"
    );
    assert!(
        !app.is_shown("empty-state").await,
        "the empty hint still shows"
    );
    let outcomes = app.texts("[data-testid='report-item'] .outcome").await;
    assert_eq!(outcomes, ["Imported"]);

    // Import the OB 2.0 file through the function the drop handler calls.
    let report = app.import_paths(std::slice::from_ref(&ob2)).await;
    assert_eq!(
        report["files"][0]["outcome"],
        Value::from("imported"),
        "{report}"
    );
    app.wait_until("both credentials are listed", || async {
        app.card_count().await == 2
    })
    .await;
    let mut shown = app.cards().await;
    shown.sort();
    let mut expected = vec![
        (
            ob3_expected.title.clone(),
            ob3_expected.issuer.clone().expect("issuer"),
        ),
        (
            ob2_expected.title.clone(),
            ob2_expected.issuer.clone().expect("issuer"),
        ),
    ];
    expected.sort();
    assert_eq!(shown, expected);
    let formats = app.texts("[data-testid='card-format']").await;
    assert!(
        formats.contains(&"Open Badges 3.0".to_owned()),
        "{formats:?}"
    );
    assert!(
        formats.contains(&"Open Badges 2.0".to_owned()),
        "{formats:?}"
    );

    // The same file again is a duplicate and adds nothing.
    let again = app.import_paths(std::slice::from_ref(&ob2)).await;
    assert_eq!(
        again["files"][0]["outcome"],
        Value::from("duplicate"),
        "{again}"
    );
    let outcomes = app.texts("[data-testid='report-item'] .outcome").await;
    assert_eq!(outcomes, ["Already in the wallet"]);
    assert_eq!(app.card_count().await, 2);

    // Open the OB 3.0 credential.
    // Its wallet id comes from the pasted bytes, so find its card by title.
    app.client()
        .find(Locator::XPath(&cairn_e2e::card_titled(&ob3_expected.title)))
        .await
        .expect("the pasted credential's card")
        .click()
        .await
        .expect("open the card");
    app.wait_until("the detail view shows", || async {
        app.is_shown("detail-view").await
    })
    .await;
    assert!(!app.is_shown("library-view").await);
    let title = app
        .wait_for_css("[data-testid='detail-title']")
        .await
        .text()
        .await
        .expect("title");
    assert_eq!(title, ob3_expected.title);
    let issuer = app
        .wait_for_css("[data-testid='detail-issuer']")
        .await
        .text()
        .await
        .expect("issuer");
    assert_eq!(issuer, "Issued by Example Corp");
    let id = app
        .wait_for_css("[data-testid='detail-credential-id']")
        .await
        .text()
        .await
        .expect("id");
    assert_eq!(id, "http://example.com/credentials/3527");
    let sha = app
        .wait_for_css("[data-testid='detail-sha256']")
        .await
        .text()
        .await
        .expect("sha");
    // A text box holds line breaks as LF (the fixture has CRLF); past that, the paste is kept
    // byte for byte.
    let typed = text.replace("\r\n", "\n");
    let wallet = Wallet::open(&app.wallet_path()).expect("open the app's wallet");
    let pasted = wallet
        .list()
        .expect("list")
        .into_iter()
        .find(|s| s.title == ob3_expected.title)
        .expect("the pasted credential is stored");
    let original = wallet.original(&pasted.id).expect("its original");
    assert_eq!(String::from_utf8_lossy(&original.bytes), typed);
    assert_eq!(
        sha,
        cairn::model::sha256_hex(typed.as_bytes()),
        "the paste was not kept verbatim"
    );
    let file = app
        .wait_for_css("[data-testid='detail-file-name']")
        .await
        .text()
        .await
        .expect("file");
    assert_eq!(file, "pasted.json");

    // Back to the library, then remove the OB 2.0 credential through its detail view.
    app.wait_for_css("[data-testid='back-button']")
        .await
        .click()
        .await
        .expect("back");
    app.wait_until("the library shows again", || async {
        app.is_shown("library-view").await
    })
    .await;
    app.wait_for_css(&format!(
        "[data-testid='credential-card'][data-id='{}']",
        ob2_expected.id
    ))
    .await
    .click()
    .await
    .expect("open the OB 2.0 card");
    app.wait_until("its detail shows", || async {
        app.is_shown("detail-view").await
    })
    .await;
    app.wait_for_css("[data-testid='remove-button']")
        .await
        .click()
        .await
        .expect("remove");
    app.wait_for_css("[data-testid='remove-confirm']")
        .await
        .click()
        .await
        .expect("confirm");
    app.wait_until("one credential is left", || async {
        app.is_shown("library-view").await && app.card_count().await == 1
    })
    .await;
    assert_eq!(app.cards().await[0].0, ob3_expected.title);

    // The app wrote to the wallet it was given.
    let wallet = Wallet::open(&app.wallet_path()).expect("open the app's wallet");
    let stored: Vec<String> = wallet
        .list()
        .expect("list")
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], ob2_expected.id);
    app.close().await;
}

#[tokio::test]
async fn a_paste_that_is_no_credential_shows_the_error_and_stores_nothing() {
    let app = App::launch().await;
    for (text, code) in [
        ("this is not a credential", "unsupported_format"),
        (r#"{"hello": "world"}"#, "unsupported_format"),
    ] {
        app.paste(text).await;
        let error = app.wait_for_css("[data-testid='paste-error']").await;
        app.wait_until("the paste error shows", || async {
            app.is_shown("paste-error").await
        })
        .await;
        let message = error.text().await.expect("error text");
        assert!(message.starts_with("pasted credential: "), "{message}");
        assert!(
            message.len() > "pasted credential: ".len() + 10,
            "{message}"
        );
        assert_eq!(
            error.attr("data-code").await.expect("code").as_deref(),
            Some(code),
            "{message}"
        );
        assert!(
            app.is_shown("paste-panel").await,
            "the paste box closed on an error"
        );
    }
    assert_eq!(app.card_count().await, 0);
    assert!(app.is_shown("empty-state").await);
    assert_eq!(
        Wallet::open(&app.wallet_path())
            .expect("wallet")
            .count()
            .expect("count"),
        0
    );
    app.close().await;
}

/// The screenshots in `docs/screenshots/`: a library with several credentials, and a detail view.
#[tokio::test]
async fn screenshots_of_the_library_and_a_credential() {
    let app = App::launch().await;
    let files: Vec<PathBuf> = [
        "1edtech-validator/ob30/simple.json",
        "1edtech-validator/ob30/complete.json",
        "1edtech-validator/ob20/assertion-with-endorsements.json",
        "1edtech-validator/clr20/complex.json",
        "1edtech-validator/ob30/endorsement-valid.json",
    ]
    .iter()
    .map(|rel| conformance(rel))
    .collect();
    app.js("window.__progress = [];
         window.__TAURI__.event.listen('import-progress', (e) => window.__progress.push(e.payload));
         return true;")
        .await;
    let report = app.import_paths(&files).await;
    // One progress event per file, counting up to the total.
    let progress = app.js("return window.__progress;").await;
    let done: Vec<u64> = progress
        .as_array()
        .expect("progress events")
        .iter()
        .map(|p| {
            assert_eq!(p["total"], files.len(), "{p}");
            p["done"].as_u64().expect("done")
        })
        .collect();
    assert_eq!(done, (1..=files.len() as u64).collect::<Vec<_>>());
    let imported = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["outcome"] == "imported")
        .count();
    assert!(imported >= 4, "{report}");
    app.wait_for_css("#report-close")
        .await
        .click()
        .await
        .expect("dismiss the report");
    app.wait_until("the report is dismissed", || async {
        !app.is_shown("import-report").await
    })
    .await;
    app.client()
        .set_window_size(1200, 800)
        .await
        .expect("window size");
    app.wait_until("the window has its new size", || async {
        app.js("return window.innerWidth;")
            .await
            .as_u64()
            .unwrap_or(0)
            >= 1180
    })
    .await;
    let path = app.screenshot("library.png").await;
    assert!(std::fs::metadata(&path).expect("screenshot").len() > 10_000);

    // The richest fixture makes the most telling detail view.
    let richest = "//button[@data-testid='credential-card'][.//span[@data-testid='card-title' \
                   and starts-with(., '1EdTech University Degree')]]";
    app.client()
        .find(Locator::XPath(richest))
        .await
        .expect("the card of ob30/complete.json")
        .click()
        .await
        .expect("open it");
    app.wait_until("the detail view shows", || async {
        app.is_shown("detail-view").await
    })
    .await;
    let path = app.screenshot("credential.png").await;
    assert!(std::fs::metadata(&path).expect("screenshot").len() > 10_000);
    app.close().await;
}

#[tokio::test]
async fn credential_text_is_shown_as_text_and_the_csp_refuses_inline_script() {
    let app = App::launch().await;
    // A real credential whose name is markup: it must appear literally and never run.
    let text = std::fs::read_to_string(conformance(OB3)).expect("read fixture");
    let hostile = "<img src=x onerror=\\\"window.__pwned=1\\\">Teamwork Badge";
    let text = text.replace(
        "\"name\": \"Teamwork Badge\"",
        &format!("\"name\": \"{hostile}\""),
    );
    assert!(
        text.contains("onerror"),
        "the fixture changed; adjust this test"
    );
    app.paste(&text).await;
    app.wait_until("the credential is listed", || async {
        app.card_count().await == 1
    })
    .await;
    let title = app.texts("[data-testid='card-title']").await;
    assert_eq!(
        title,
        ["<img src=x onerror=\"window.__pwned=1\">Teamwork Badge"]
    );
    assert_eq!(
        app.js("return document.querySelectorAll('#credential-list img').length;")
            .await,
        0
    );
    assert_eq!(app.js("return window.__pwned === undefined;").await, true);

    // An inline script added to the page is refused by the content security policy.
    app.js("const s = document.createElement('script');
         s.textContent = 'window.__inline = true';
         document.body.append(s);
         return true;")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        app.js("return window.__inline === undefined;").await,
        true,
        "inline script ran"
    );
    app.close().await;
}

#[tokio::test]
async fn a_file_that_is_no_wallet_is_reported_and_left_as_it_was() {
    let junk = b"these are someone's notes, not a wallet database\n".repeat(200);
    let app = App::launch_with(|path| std::fs::write(path, &junk).expect("write junk")).await;
    app.wait_until("the error banner shows", || async {
        app.is_shown("app-error").await
    })
    .await;
    let banner = app.wait_for_css("[data-testid='app-error']").await;
    let message = banner.text().await.expect("message");
    let code = banner.attr("data-code").await.expect("code");
    assert_eq!(code.as_deref(), Some("storage"), "{message}");
    let path = app.wallet_path().display().to_string();
    assert!(
        message.starts_with(&path),
        "the message does not name the file: {message}"
    );
    assert_eq!(app.card_count().await, 0);
    assert_eq!(
        std::fs::read(app.wallet_path()).expect("read the file"),
        junk,
        "the file was changed"
    );
    app.close().await;
}

#[tokio::test]
async fn the_library_and_the_detail_view_work_from_the_keyboard() {
    let app = App::launch().await;
    app.import_paths(&[conformance(OB3)]).await;
    app.wait_until("the credential is listed", || async {
        app.card_count().await == 1
    })
    .await;
    // Tab from the top of the page until a card has the focus.
    let active_testid = || async {
        let active = app.client().active_element().await.expect("active element");
        active.attr("data-testid").await.expect("attribute")
    };
    let mut presses = 0;
    while active_testid().await.as_deref() != Some("credential-card") {
        presses += 1;
        // Past the top bar, the sidebar and the search and filter controls.
        assert!(presses <= 24, "no card is reachable with Tab");
        let active = app.client().active_element().await.expect("active element");
        active.send_keys(&Key::Tab.to_string()).await.expect("Tab");
    }
    let active = app.client().active_element().await.expect("active element");
    active
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
    app.wait_until("Enter opens the detail view", || async {
        app.is_shown("detail-view").await
    })
    .await;
    assert_eq!(active_testid().await.as_deref(), Some("back-button"));
    let active = app.client().active_element().await.expect("active element");
    active
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("Escape");
    app.wait_until("Escape goes back to the library", || async {
        app.is_shown("library-view").await
    })
    .await;
    assert_eq!(
        active_testid().await.as_deref(),
        Some("credential-card"),
        "the focus did not return to the card"
    );
    app.close().await;
}
