//! End-to-end tests of the library search and filters, tags and notes, portfolios with goals,
//! the skills chart with interview preparation, the job-posting match and the settings'
//! identities, in the real app over a throwaway wallet. Each saves a screenshot of its view.

use cairn::library::annotations;
use cairn::wallet::Wallet;
use cairn_e2e::{App, conformance};
use fantoccini::key::Key;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A learner's credentials: (title, issuer, tags, valid until).
const LEARNER: &[(&str, &str, &[&str], Option<&str>)] = &[
    ("Python Basics", "Open Code School", &["Python"], None),
    (
        "Advanced Python",
        "Northwind University",
        &["Python", "Data Analysis"],
        None,
    ),
    (
        "SQL for Analysts",
        "Northwind University",
        &["SQL", "Data Analysis"],
        None,
    ),
    (
        "Data Visualisation",
        "Coastal College",
        &["Data Visualisation", "Python"],
        None,
    ),
    (
        "First Aid at Work",
        "Red Cross Training",
        &["First Aid"],
        Some("2020-06-30T00:00:00Z"),
    ),
    (
        "Team Leadership",
        "Coastal College",
        &["Leadership", "Teamwork"],
        None,
    ),
];

/// Writes the learner's credentials into `dir`, each a copy of the conformance suite's
/// `ob30/simple.json` with its own id, name, issuer, tags and validity. The one titled
/// "Forklift Operation" ends 30 days from now, so it is always expiring soon.
fn learner_files(dir: &Path) -> Vec<PathBuf> {
    let base: Value = serde_json::from_slice(
        &std::fs::read(conformance("1edtech-validator/ob30/simple.json")).expect("read fixture"),
    )
    .expect("fixture is JSON");
    let soon = (std::time::SystemTime::now() + std::time::Duration::from_secs(30 * 86_400))
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let soon = rfc3339(soon);
    let mut all: Vec<(&str, &str, Vec<&str>, Option<String>)> = LEARNER
        .iter()
        .map(|(t, i, tags, until)| (*t, *i, tags.to_vec(), until.map(str::to_owned)))
        .collect();
    all.push((
        "Forklift Operation",
        "Safe Work Institute",
        vec!["Forklift"],
        Some(soon),
    ));
    all.into_iter()
        .enumerate()
        .map(|(n, (title, issuer, tags, until))| {
            let mut doc = base.clone();
            doc["id"] = json!(format!("urn:uuid:00000000-0000-4000-8000-00000000000{n}"));
            doc["name"] = json!(title);
            doc["issuer"]["name"] = json!(issuer);
            doc["issuer"]["id"] = json!(format!("https://example.org/issuers/{n}"));
            let achievement = &mut doc["credentialSubject"]["achievement"];
            achievement["id"] = json!(format!("https://example.org/achievements/{n}"));
            achievement["name"] = json!(title);
            achievement["tag"] = json!(tags);
            achievement["description"] = json!(format!("Awarded for {title}."));
            if let Some(until) = until {
                doc["validUntil"] = json!(until);
            }
            let path = dir.join(format!("credential-{n}.json"));
            std::fs::write(&path, serde_json::to_vec_pretty(&doc).expect("encode")).expect("write");
            path
        })
        .collect()
}

/// Seconds since the epoch as an RFC 3339 UTC date-time (civil-from-days, Howard Hinnant).
fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Launches the app and imports the learner's credentials (plus any extra conformance files).
async fn with_learner(extra: &[&str]) -> (App, tempfile::TempDir) {
    let app = App::launch().await;
    let dir = tempfile::tempdir().expect("fixture folder");
    let mut files = learner_files(dir.path());
    files.extend(extra.iter().map(|rel| conformance(rel)));
    let report = app.import_paths(&files).await;
    let imported = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["outcome"] == "imported")
        .count();
    assert_eq!(imported, files.len(), "{report}");
    app.click("#report-close").await;
    app.client()
        .set_window_size(1280, 860)
        .await
        .expect("window size");
    (app, dir)
}

/// The card titles shown, sorted.
async fn titles(app: &App) -> Vec<String> {
    let mut t = texts(
        app,
        "[data-testid='credential-card'] [data-testid='card-title']",
    )
    .await;
    t.sort();
    t
}

/// The text of every element matching `css`, read in one go (the list may be re-rendering).
async fn texts(app: &App, css: &str) -> Vec<String> {
    let found = app
        .client()
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0]), (e) => e.textContent);",
            vec![css.into()],
        )
        .await
        .unwrap_or_else(|e| panic!("read `{css}`: {e}"));
    serde_json::from_value(found).expect("a list of texts")
}

/// Waits until the library shows exactly these titles (in any order).
async fn wait_titles(app: &App, expected: &[&str]) {
    let mut expected: Vec<String> = expected.iter().map(|t| (*t).to_owned()).collect();
    expected.sort();
    app.wait_until(&format!("the library shows {expected:?}"), || async {
        titles(app).await == expected
    })
    .await;
}

#[tokio::test]
async fn the_library_searches_filters_sorts_and_keeps_tags_and_notes() {
    let (app, _dir) =
        with_learner(&["1edtech-validator/ob20/assertion-with-endorsements.json"]).await;
    app.wait_for_count("[data-testid='credential-card']", 8)
        .await;

    // Each keystroke searches (lightly debounced): "pyth" already finds both Python courses
    // and the visualisation course tagged Python.
    app.type_into("[data-testid='search']", "pyth").await;
    wait_titles(
        &app,
        &["Advanced Python", "Data Visualisation", "Python Basics"],
    )
    .await;
    let ms: u64 = app
        .js("return Number(document.body.dataset.searchMs);")
        .await
        .as_u64()
        .expect("timing");
    assert!(ms < 1000, "a search took {ms} ms");
    app.type_into("[data-testid='search']", "").await;
    app.wait_for_count("[data-testid='credential-card']", 8)
        .await;

    // Expired, expiring within N days, issuer, format.
    app.choose("[data-testid='filter-status']", "expired").await;
    wait_titles(&app, &["First Aid at Work"]).await;
    assert_eq!(
        texts(&app, "[data-testid='chip-expired']").await,
        ["Expired"]
    );
    app.choose("[data-testid='filter-status']", "expiring")
        .await;
    app.choose("[data-testid='filter-days']", "60").await;
    wait_titles(&app, &["Forklift Operation"]).await;
    app.choose("[data-testid='filter-days']", "10").await;
    app.wait_for_count("[data-testid='credential-card']", 0)
        .await;
    assert!(app.is_shown("no-match").await);
    app.choose("[data-testid='filter-status']", "").await;
    app.choose("[data-testid='filter-issuer']", "northwind")
        .await;
    wait_titles(&app, &["Advanced Python", "SQL for Analysts"]).await;
    app.choose("[data-testid='filter-issuer']", "").await;
    app.choose("[data-testid='filter-format']", "ob2-json")
        .await;
    wait_titles(&app, &["Awesome Robotics Badge"]).await;
    app.choose("[data-testid='filter-format']", "").await;

    // Sort by title: the cards come A to Z.
    app.choose("[data-testid='sort']", "title").await;
    app.wait_until("the cards are sorted by title", || async {
        let shown = texts(
            &app,
            "[data-testid='credential-card'] [data-testid='card-title']",
        )
        .await;
        let mut sorted = shown.clone();
        sorted.sort_by_key(|t| t.to_lowercase());
        shown.len() == 8 && shown == sorted
    })
    .await;
    app.screenshot("library-filters.png").await;

    // A tag and a note on the detail view, kept in the wallet and usable as a filter.
    app.client()
        .find(fantoccini::Locator::XPath(&cairn_e2e::card_titled(
            "SQL for Analysts",
        )))
        .await
        .expect("the SQL card")
        .click()
        .await
        .expect("open it");
    app.wait_until("the detail shows", || async {
        app.is_shown("detail-view").await
    })
    .await;
    app.type_into("[data-testid='tag-input']", "job hunt").await;
    app.click("[data-testid='tag-add']").await;
    app.wait_until("the tag shows", || async {
        texts(&app, "[data-testid='my-tag'] span").await == ["job hunt"]
    })
    .await;
    app.type_into("[data-testid='note-input']", "Used it daily at the co-op.")
        .await;
    app.click("[data-testid='note-save']").await;
    app.wait_until("the note is saved", || async {
        texts(&app, "[data-testid='note-status']").await == ["Note saved."]
    })
    .await;
    let wallet = Wallet::open(&app.wallet_path()).expect("wallet");
    let sql = wallet
        .list()
        .expect("list")
        .into_iter()
        .find(|s| s.title == "SQL for Analysts")
        .expect("stored");
    assert_eq!(
        annotations::tags_of(&wallet, &sql.id).expect("tags"),
        ["job hunt"]
    );
    assert_eq!(
        annotations::note_of(&wallet, &sql.id)
            .expect("note")
            .as_deref(),
        Some("Used it daily at the co-op.")
    );
    app.click("[data-testid='back-button']").await;
    app.choose("[data-testid='filter-tag']", "job hunt").await;
    wait_titles(&app, &["SQL for Analysts"]).await;
    assert_eq!(
        texts(&app, "[data-testid='card-tag']").await,
        ["# job hunt"]
    );
    app.choose("[data-testid='filter-tag']", "").await;
    app.type_into("[data-testid='search']", "data").await;
    wait_titles(
        &app,
        &["Advanced Python", "Data Visualisation", "SQL for Analysts"],
    )
    .await;
    app.screenshot("library-search.png").await;
    // Tags and note on the detail view.
    app.client()
        .find(fantoccini::Locator::XPath(&cairn_e2e::card_titled(
            "SQL for Analysts",
        )))
        .await
        .expect("the SQL card")
        .click()
        .await
        .expect("open it");
    app.wait_until("the detail shows", || async {
        app.is_shown("detail-view").await
    })
    .await;
    app.screenshot("credential-notes.png").await;
    app.close().await;
}
