//! End-to-end tests of the export view in the real app over a throwaway wallet: the LinkedIn
//! queue (each link's parameters read from the UI, URL-decoded and compared with the stored
//! credential), a PDF transcript written to disk with the learner's stored name, an evidence
//! package, and an encrypted backup restored into a fresh wallet (a wrong passphrase refused,
//! nothing changed). The native save and open dialogs (opened by the app's Rust side) answer
//! the path the test sets with `App::answer_dialogs_with`; the buttons are the real ones.

use cairn::wallet::Wallet;
use cairn_e2e::App;
use cairn_e2e::learner::{texts, wait_titles, with_learner};
use serde_json::{Value, json};
use std::path::Path;

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space, `%XX` a byte).
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
                out.push(u8::from_str_radix(hex, 16).expect("a %XX escape"));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 after decoding")
}

/// The query parameters of a URL, decoded, in order.
fn query_params(url: &str) -> Vec<(String, String)> {
    let (_, query) = url.split_once('?').expect("the link has a query");
    query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Ticks the export picker's boxes of the credentials with these wallet ids.
async fn tick(app: &App, ids: &[String]) {
    app.wait_for_css("[data-testid='export-pick']").await;
    let ticked = app
        .client()
        .execute(
            "let n = 0;
             for (const b of document.querySelectorAll('[data-testid=\"export-pick\"]')) {
               b.checked = arguments[0].includes(b.value);
               if (b.checked) n += 1;
             }
             return n;",
            vec![json!(ids)],
        )
        .await
        .expect("tick");
    assert_eq!(ticked, json!(ids.len()));
}

/// The wallet id of the stored credential titled `title`.
fn id_of(wallet: &Path, title: &str) -> String {
    Wallet::open(wallet)
        .expect("wallet")
        .list()
        .expect("list")
        .into_iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("{title} is not stored"))
        .id
}

async fn text_of(app: &App, css: &str) -> String {
    texts(app, css).await.into_iter().next().unwrap_or_default()
}

#[tokio::test]
async fn the_linkedin_queue_shows_each_links_parameters_and_steps_through() {
    let (app, _dir) = with_learner(&[]).await;
    let wallet = app.wallet_path();
    let titles = ["Python Basics", "SQL for Analysts", "Team Leadership"];
    let ids: Vec<String> = titles.iter().map(|t| id_of(&wallet, t)).collect();
    app.nav("export").await;
    tick(&app, &ids).await;
    // The queue goes in the order the picker lists them.
    let order: Vec<String> = serde_json::from_value(
        app.js("return Array.from(document.querySelectorAll('[data-testid=\"export-pick\"]:checked'), (b) => b.value);")
            .await,
    )
    .expect("ids");
    let mut sorted = order.clone();
    sorted.sort();
    let mut expected_ids = ids.clone();
    expected_ids.sort();
    assert_eq!(sorted, expected_ids);
    app.click("[data-testid='linkedin-start']").await;

    let stored = Wallet::open(&wallet).expect("wallet");
    let mut seen = Vec::new();
    for (n, id) in order.iter().enumerate() {
        let position = format!("Next: {} of {}", n + 1, order.len());
        let status = text_of(&app, "[data-testid='linkedin-status']").await;
        app.wait_until(
            &format!("the queue shows {position} ({status})"),
            || async { text_of(&app, "[data-testid='linkedin-position']").await == position },
        )
        .await;
        let url = app
            .js("return document.getElementById('linkedin-url').value;")
            .await;
        let url = url.as_str().expect("the link").to_owned();
        assert!(
            url.starts_with("https://www.linkedin.com/profile/add?"),
            "{url:?} ({})",
            text_of(&app, "[data-testid='linkedin-status']").await
        );
        let params = query_params(&url);
        let detail = stored.get(id).expect("stored credential");
        // Which credential this step shows is not assumed: the name says, and it must be
        // the one in this place of the queue.
        assert_eq!(param(&params, "startTask"), Some("CERTIFICATION_NAME"));
        let c = &detail.credential;
        assert_eq!(param(&params, "name"), Some(c.title.as_str()));
        assert_eq!(param(&params, "organizationName"), c.issuer.name.as_deref());
        assert_eq!(param(&params, "certId"), c.credential_id.as_deref());
        let issued = c
            .issued_on
            .as_deref()
            .or(c.valid_from.as_deref())
            .expect("an issue date");
        assert_eq!(param(&params, "issueYear"), Some(&issued[..4]));
        assert_eq!(
            param(&params, "issueMonth").map(|m| m.parse::<u32>().expect("month")),
            Some(issued[5..7].parse::<u32>().expect("month"))
        );
        // The parameters the view lists are the link's, decoded.
        let shown: Value = app
            .js("return Array.from(document.querySelectorAll('#linkedin-params dd'), (d) => [d.dataset.param, d.textContent]);")
            .await;
        for pair in shown.as_array().expect("rows") {
            let key = pair[0].as_str().expect("key");
            assert_eq!(pair[1].as_str(), param(&params, key), "{key} shown");
        }
        assert!(shown.as_array().expect("rows").len() >= 4, "{shown}");
        assert_eq!(
            text_of(&app, "[data-testid='linkedin-name']").await,
            detail.summary.title
        );
        let post = app
            .js("return document.getElementById('linkedin-post').value;")
            .await;
        assert!(
            post.as_str()
                .expect("post text")
                .contains(&detail.summary.title),
            "{post}"
        );
        seen.push(detail.summary.title.clone());
        if n == 0 {
            app.screenshot("export-linkedin.png").await;
        }
        if n + 1 < order.len() {
            app.click("[data-testid='linkedin-next']").await;
        } else {
            let disabled = app
                .js("return document.getElementById('linkedin-next').disabled;")
                .await;
            assert_eq!(disabled, json!(true), "Next is off at the end of the queue");
        }
    }
    let mut seen_sorted = seen.clone();
    seen_sorted.sort();
    let mut titles_sorted = titles.to_vec();
    titles_sorted.sort_unstable();
    assert_eq!(seen_sorted, titles_sorted);
    // Back one step, with the keyboard focus on the step's heading.
    app.click("[data-testid='linkedin-prev']").await;
    app.wait_until("the queue went back", || async {
        text_of(&app, "[data-testid='linkedin-position']").await == "Next: 2 of 3"
    })
    .await;
    let focused = app.js("return document.activeElement.id;").await;
    assert_eq!(focused, json!("linkedin-step-heading"));

    // A verification URL the learner supplies goes into this entry's link, encoded; one that is
    // not https is refused with the core's message and the link stays as it was.
    let link = || async {
        let url = app
            .js("return document.getElementById('linkedin-url').value;")
            .await;
        url.as_str().expect("the link").to_owned()
    };
    let supplied = "https://verify.example.edu/c?id=42&lang=fr";
    app.type_into("[data-testid='linkedin-cert-url']", supplied)
        .await;
    app.click("[data-testid='linkedin-cert-apply']").await;
    app.wait_until("the link carries the supplied URL", || async {
        param(&query_params(&link().await), "certUrl") == Some(supplied)
    })
    .await;
    assert!(
        link()
            .await
            .contains("certUrl=https%3A%2F%2Fverify.example.edu%2Fc%3Fid%3D42%26lang%3Dfr")
    );
    assert_eq!(
        text_of(&app, "[data-testid='linkedin-status']").await,
        "The link now carries your verification URL."
    );
    let before = link().await;
    app.type_into(
        "[data-testid='linkedin-cert-url']",
        "http://verify.example.edu/c",
    )
    .await;
    app.click("[data-testid='linkedin-cert-apply']").await;
    app.wait_until("the plain-http URL is refused", || async {
        text_of(&app, "[data-testid='linkedin-status']")
            .await
            .contains("is not an https:// address")
    })
    .await;
    let code = app
        .js("return document.getElementById('linkedin-status').dataset.code;")
        .await;
    assert_eq!(code, json!("invalid_input"));
    assert_eq!(link().await, before, "a refused URL changes nothing");
    // The entry keeps the supplied URL when the learner steps away and back.
    app.click("[data-testid='linkedin-next']").await;
    app.click("[data-testid='linkedin-prev']").await;
    app.wait_until("the queue came back to the entry", || async {
        text_of(&app, "[data-testid='linkedin-position']").await == "Next: 2 of 3"
    })
    .await;
    assert_eq!(
        param(&query_params(&link().await), "certUrl"),
        Some(supplied)
    );

    // The badge image for the post, through the save dialog.
    let dir = tempfile::tempdir().expect("out folder");
    let png = dir.path().join("badge.png");
    app.answer_dialogs_with(&png);
    app.click("[data-testid='linkedin-image']").await;
    app.wait_until("the image status says what happened", || async {
        let s = text_of(&app, "[data-testid='linkedin-status']").await;
        s.starts_with("Saved") || s.contains("no PNG image")
    })
    .await;
    let status = text_of(&app, "[data-testid='linkedin-status']").await;
    if status.starts_with("Saved") {
        let bytes = std::fs::read(&png).expect("the image was written");
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    } else {
        // The fixture may carry no PNG: the message names the credential, nothing is written.
        assert!(status.contains(&seen[1]), "{status}");
        assert!(!png.exists());
    }
    app.close().await;
}

#[tokio::test]
async fn a_transcript_and_a_package_are_written_where_the_learner_chose() {
    let (app, _dir) = with_learner(&[]).await;
    // The learner's stored name goes on the transcript.
    app.nav("settings").await;
    app.type_into("[data-testid='name-input']", "Amara Okafor")
        .await;
    app.click("[data-testid='name-save']").await;
    app.wait_until("the name is saved", || async {
        text_of(&app, "[data-testid='name-status']")
            .await
            .starts_with("Saved")
    })
    .await;

    app.nav("export").await;
    let dir = tempfile::tempdir().expect("out folder");
    let pdf = dir.path().join("my transcript.pdf");
    app.answer_dialogs_with(&pdf);
    app.click("[data-testid='transcript-save']").await;
    app.wait_until("the transcript is written", || async {
        text_of(&app, "[data-testid='documents-status']")
            .await
            .starts_with("Saved")
    })
    .await;
    let status = text_of(&app, "[data-testid='documents-status']").await;
    assert!(status.contains("7 credentials"), "{status}");
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(text.status.success(), "{text:?}");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Python Basics"), "{text}");
    assert!(text.contains("Amara Okafor"), "{text}");
    // Offered to open (not pressed: that would start a PDF viewer).
    assert!(app.is_shown("written-open").await);
    app.screenshot("export-view.png").await;

    // The evidence package of the same scope, its presentation signed with the holder key.
    let zip = dir.path().join("evidence.zip");
    app.answer_dialogs_with(&zip);
    app.type_into("[data-testid='package-pass']", "holder pass")
        .await;
    app.click("[data-testid='package-save']").await;
    app.wait_until("the package is written", || async {
        text_of(&app, "[data-testid='documents-status']")
            .await
            .contains("evidence.zip")
    })
    .await;
    let status = text_of(&app, "[data-testid='documents-status']").await;
    assert!(status.contains("signed by did:key:z6Mk"), "{status}");
    let bytes = std::fs::read(&zip).expect("the zip was written");
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip");
    // Zip entry names are stored as written: the presentation is inside.
    let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
    assert!(has(b"presentation.json") && has(b"transcript.pdf") && has(b"index.html"));

    // A file name the app cannot write to: the error names it, and says nothing was saved.
    let bad = dir.path().join("no such folder").join("t.pdf");
    app.answer_dialogs_with(&bad);
    app.click("[data-testid='transcript-save']").await;
    app.wait_until("the error shows", || async {
        let s = text_of(&app, "[data-testid='documents-status']").await;
        s.contains("no such folder")
    })
    .await;
    assert!(!bad.exists());
    app.close().await;
}

#[tokio::test]
async fn a_backup_restores_into_a_fresh_wallet_and_a_wrong_passphrase_changes_nothing() {
    let (app, _dir) = with_learner(&[]).await;
    let count = Wallet::open(&app.wallet_path())
        .expect("wallet")
        .count()
        .expect("count");
    assert_eq!(count, 7);
    app.nav("export").await;
    let keep = tempfile::tempdir().expect("out folder");
    let backup = keep.path().join("wallet.cairn");
    app.answer_dialogs_with(&backup);

    // Two different passphrases: refused, nothing written.
    app.type_into("[data-testid='backup-pass']", "correct horse battery")
        .await;
    app.type_into("[data-testid='backup-pass2']", "correct horse battery!")
        .await;
    app.click("[data-testid='backup-save']").await;
    app.wait_until("the mismatch is reported", || async {
        text_of(&app, "[data-testid='backup-status']")
            .await
            .contains("differ")
    })
    .await;
    assert!(!backup.exists());

    app.type_into("[data-testid='backup-pass2']", "correct horse battery")
        .await;
    app.click("[data-testid='backup-save']").await;
    app.wait_until("the backup is written", || async {
        text_of(&app, "[data-testid='backup-status']")
            .await
            .starts_with("Saved")
    })
    .await;
    let status = text_of(&app, "[data-testid='backup-status']").await;
    assert!(status.contains("7 original files"), "{status}");
    assert!(
        std::fs::read(&backup)
            .expect("backup written")
            .starts_with(b"CAIRN-BACKUP\0")
    );
    app.close().await;

    // A fresh, empty wallet.
    let app = App::launch().await;
    app.nav("export").await;
    app.answer_dialogs_with(&backup);
    app.type_into("[data-testid='restore-pass']", "wrong horse")
        .await;
    app.click("[data-testid='restore-open']").await;
    app.wait_until("the wrong passphrase is refused", || async {
        app.js("return document.getElementById('backup-status').dataset.code ?? null;")
            .await
            .is_string()
    })
    .await;
    let status = text_of(&app, "[data-testid='backup-status']").await;
    assert!(status.contains("wallet.cairn"), "names the file: {status}");
    assert!(status.contains("passphrase"), "{status}");
    assert_eq!(
        Wallet::open(&app.wallet_path())
            .expect("wallet")
            .count()
            .expect("count"),
        0,
        "a wrong passphrase stored something"
    );

    app.type_into("[data-testid='restore-pass']", "correct horse battery")
        .await;
    app.click("[data-testid='restore-open']").await;
    app.wait_until("the restore is reported", || async {
        app.js("return document.getElementById('backup-status').dataset.restored ?? null;")
            .await
            == json!("7")
    })
    .await;
    let status = text_of(&app, "[data-testid='backup-status']").await;
    assert!(status.contains("7 restored"), "{status}");
    assert_eq!(
        Wallet::open(&app.wallet_path())
            .expect("wallet")
            .count()
            .expect("count"),
        count
    );
    app.js(
        "document.getElementById('restore-form').scrollIntoView({ block: 'center' }); return true;",
    )
    .await;
    app.screenshot("export-backup.png").await;
    app.js("window.scrollTo(0, 0); return true;").await;
    app.nav("library").await;
    wait_titles(
        &app,
        &[
            "Python Basics",
            "Advanced Python",
            "SQL for Analysts",
            "Data Visualisation",
            "First Aid at Work",
            "Team Leadership",
            "Forklift Operation",
        ],
    )
    .await;
    app.close().await;
}

#[tokio::test]
async fn a_portfolio_is_saved_as_a_presentation_signed_by_the_holder_key() {
    let (app, _dir) = with_learner(&[]).await;
    let path = app.wallet_path();
    let ids = vec![
        id_of(&path, "Python Basics"),
        id_of(&path, "SQL for Analysts"),
    ];
    {
        let mut wallet = Wallet::open(&path).expect("wallet");
        cairn::portfolio::create(&mut wallet, "Data jobs", None).expect("portfolio");
        cairn::portfolio::add(&mut wallet, "Data jobs", &ids, None).expect("add");
    }
    app.nav("export").await;
    app.choose("[data-testid='presentation-portfolio']", "Data jobs")
        .await;
    app.type_into("[data-testid='presentation-pass']", "holder pass")
        .await;
    app.type_into("[data-testid='presentation-challenge']", "nonce-123")
        .await;
    app.type_into("[data-testid='presentation-domain']", "verifier.example")
        .await;
    let dir = tempfile::tempdir().expect("out folder");
    let out = dir.path().join("presentation.json");
    app.answer_dialogs_with(&out);
    app.click("[data-testid='presentation-save']").await;
    app.wait_until("the presentation is written", || async {
        text_of(&app, "[data-testid='presentation-status']")
            .await
            .starts_with("Saved")
    })
    .await;
    let doc: Value = serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("JSON");
    let check =
        cairn::export::presentation::check(&doc, Some("nonce-123"), Some("verifier.example"));
    assert!(check.valid, "{}", check.message);
    let holder = cairn::holder::holder(&Wallet::open(&path).expect("wallet"))
        .expect("read")
        .expect("the key was made with the passphrase");
    let status = text_of(&app, "[data-testid='presentation-status']").await;
    assert!(status.contains(&holder.did), "{status}");
    assert!(status.contains("2 credentials"), "{status}");
    // Another challenge does not verify: the proof is bound to the one given.
    assert!(!cairn::export::presentation::check(&doc, Some("other"), None).valid);
    app.close().await;
}

/// The text of a PDF, by pdftotext.
fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_forged_credential_is_left_out_of_a_transcript_unless_the_learner_confirms() {
    // The learner's seven genuine credentials and one whose signature was broken.
    let (app, _dir) = with_learner(&["1edtech-validator/ob30/simple-err-proof-value.json"]).await;
    let forged = id_of(&app.wallet_path(), "Teamwork Badge");
    app.nav("export").await;
    let dir = tempfile::tempdir().expect("out folder");

    // By default it is left out, and listed with its reason.
    let pdf = dir.path().join("transcript.pdf");
    app.answer_dialogs_with(&pdf);
    app.click("[data-testid='transcript-save']").await;
    app.wait_until("the transcript is written", || async {
        text_of(&app, "[data-testid='documents-status']")
            .await
            .starts_with("Saved")
    })
    .await;
    let status = text_of(&app, "[data-testid='documents-status']").await;
    assert!(status.contains("7 credentials"), "{status}");
    assert!(status.contains("1 credential left out"), "{status}");
    let listed = texts(&app, "[data-testid='documents-left-out'] li").await;
    assert_eq!(listed, ["Teamwork Badge: Not genuine"], "{listed:?}");
    let ids: Value = app
        .js("return [...document.querySelectorAll(\"[data-testid='documents-left-out'] li\")].map((li) => li.dataset.id);")
        .await;
    assert_eq!(ids, json!([forged]));
    assert!(
        !pdf_text(&pdf).contains("Teamwork Badge"),
        "the forgery is in the transcript"
    );

    // Including it takes a confirmation; "Leave them out" writes nothing.
    assert!(app.is_shown("include-invalid").await);
    app.click("[data-testid='include-invalid']").await;
    assert!(app.is_shown("include-invalid-confirm").await);
    app.click("#include-invalid-no").await;
    assert!(!app.is_shown("include-invalid-confirm").await);
    app.screenshot("export-left-out.png").await;

    // Confirmed: written again with it, labelled "Not genuine".
    let with = dir.path().join("transcript-with.pdf");
    app.answer_dialogs_with(&with);
    app.click("[data-testid='include-invalid']").await;
    app.click("[data-testid='include-invalid-yes']").await;
    app.wait_until("the transcript is written again", || async {
        text_of(&app, "[data-testid='documents-status']")
            .await
            .contains("transcript-with.pdf")
    })
    .await;
    let status = text_of(&app, "[data-testid='documents-status']").await;
    assert!(status.contains("8 credentials"), "{status}");
    assert!(status.contains("each labelled"), "{status}");
    let text = pdf_text(&with);
    assert!(text.contains("Teamwork Badge"), "{text}");
    assert!(text.contains("Not genuine"), "{text}");
    assert!(!app.is_shown("include-invalid").await);
    app.close().await;
}
