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

/// The wallet id of the stored credential titled `title`.
fn id_of(app: &App, title: &str) -> String {
    Wallet::open(&app.wallet_path())
        .expect("wallet")
        .list()
        .expect("list")
        .into_iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("{title} is not stored"))
        .id
}

/// The wallet ids of the portfolio's rows, in the order shown.
async fn rows(app: &App) -> Vec<String> {
    let found = app
        .js("return Array.from(document.querySelectorAll('[data-testid=\"portfolio-credential\"]'), (e) => e.dataset.credential);")
        .await;
    serde_json::from_value(found).expect("ids")
}

#[tokio::test]
async fn a_portfolio_is_built_reordered_by_keyboard_and_tracks_its_goal() {
    let (app, _dir) = with_learner(&["1edtech-validator/clr20/complex.json"]).await;
    app.nav("portfolios").await;
    let name = "Data Analyst Application";
    app.type_into("[data-testid='portfolio-name']", name).await;
    app.click("[data-testid='portfolio-create-button']").await;
    app.wait_until("the new portfolio shows", || async {
        texts(&app, "[data-testid='portfolio-title']").await == [name]
    })
    .await;

    let wanted = ["Python Basics", "SQL for Analysts", "Advanced Python"];
    let ids: Vec<String> = wanted.iter().map(|t| id_of(&app, t)).collect();
    for (n, id) in ids.iter().enumerate() {
        app.choose("[data-testid='portfolio-add-select']", id).await;
        app.click("[data-testid='portfolio-add']").await;
        app.wait_for_count("[data-testid='portfolio-credential']", n + 1)
            .await;
    }
    assert_eq!(rows(&app).await, ids);

    // Alt+↑ on the focused last row moves it up one place, and the focus stays on it.
    app.client()
        .execute(
            "document.querySelector(`[data-credential=\"${arguments[0]}\"]`).focus(); return true;",
            vec![ids[2].clone().into()],
        )
        .await
        .expect("focus the row");
    let active = app.client().active_element().await.expect("active element");
    active
        .send_keys(&format!("{}{}{}", Key::Alt, Key::Up, Key::Null))
        .await
        .expect("Alt+Up");
    let expected = vec![ids[0].clone(), ids[2].clone(), ids[1].clone()];
    app.wait_until("the row moved up", || async {
        rows(&app).await == expected
    })
    .await;
    let focused = app
        .js("return document.activeElement.dataset.credential ?? null;")
        .await;
    assert_eq!(
        focused,
        Value::from(ids[2].clone()),
        "the focus left the moved row"
    );
    // The Move down button of the first row.
    app.click("[data-testid='portfolio-credential'] [data-testid='move-down']")
        .await;
    let expected = vec![ids[2].clone(), ids[0].clone(), ids[1].clone()];
    app.wait_until("the first row moved down", || async {
        rows(&app).await == expected
    })
    .await;
    // Dragging the last row onto the first puts it first (WebDriver cannot drag natively, so
    // the page receives the same drag events a mouse would send).
    app.client()
        .execute(
            "const rows = document.querySelectorAll('[data-testid=\"portfolio-credential\"]');
             const from = rows[rows.length - 1];
             const to = rows[0];
             from.dispatchEvent(new DragEvent('dragstart', { bubbles: true }));
             to.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true }));
             to.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true }));
             return true;",
            Vec::new(),
        )
        .await
        .expect("drag");
    let expected = vec![ids[1].clone(), ids[2].clone(), ids[0].clone()];
    app.wait_until("the dragged row is first", || async {
        rows(&app).await == expected
    })
    .await;
    let wallet = Wallet::open(&app.wallet_path()).expect("wallet");
    assert_eq!(
        cairn::portfolio::show(&wallet, name)
            .expect("show")
            .credential_ids(),
        expected,
        "the wallet keeps the order shown"
    );

    // A goal: two things held, one missing.
    app.type_into(
        "[data-testid='goal-input']",
        "Python Basics\nskill:SQL\nKubernetes Administrator",
    )
    .await;
    app.click("[data-testid='goal-save']").await;
    app.wait_for_css("[data-testid='goal-count']").await;
    let progress = cairn::portfolio::show(&wallet, name)
        .expect("show")
        .progress
        .expect("the goal was saved");
    assert_eq!(progress.needed, 3);
    assert_eq!(progress.done, 2, "{progress:?}");
    assert_eq!(
        texts(&app, "[data-testid='goal-count']").await,
        ["2 of 3 done"]
    );
    assert_eq!(
        texts(
            &app,
            "[data-testid='requirement-missing'] span:nth-child(2)"
        )
        .await,
        ["Kubernetes Administrator"]
    );
    app.wait_for_count("[data-testid='requirement-met']", 2)
        .await;
    app.screenshot("portfolios.png").await;

    // The CLR's stack becomes a portfolio in one step.
    let stacks = cairn::portfolio::stacks::detect(&wallet).expect("stacks");
    assert!(!stacks.is_empty());
    app.wait_for_count("[data-testid='stack']", stacks.len())
        .await;
    app.click("[data-testid='stack-make']").await;
    app.wait_for_count("[data-testid='portfolio-item']", 2)
        .await;
    let made = cairn::portfolio::list(&wallet).expect("list");
    assert!(made.iter().any(|p| p.name == stacks[0].name), "{made:?}");
    app.wait_until("the stack's portfolio is shown", || async {
        texts(&app, "[data-testid='portfolio-title']").await == [stacks[0].name.clone()]
    })
    .await;

    // Renaming.
    app.type_into("[data-testid='portfolio-rename-input']", "CLR pathway")
        .await;
    app.click("[data-testid='portfolio-rename']").await;
    app.wait_until("the new name shows", || async {
        texts(&app, "[data-testid='portfolio-title']").await == ["CLR pathway"]
            && texts(&app, "[data-testid='portfolio-item'] .side-name")
                .await
                .contains(&"CLR pathway".to_owned())
    })
    .await;
    assert!(cairn::portfolio::show(&wallet, "CLR pathway").is_ok());

    // Deleting asks first, and keeps the credentials.
    app.click("[data-testid='portfolio-delete']").await;
    app.click("[data-testid='portfolio-delete-confirm']").await;
    app.wait_for_count("[data-testid='portfolio-item']", 1)
        .await;
    assert_eq!(cairn::portfolio::list(&wallet).expect("list").len(), 1);
    assert_eq!(wallet.count().expect("count"), 8 + 6);
    app.close().await;
}

#[tokio::test]
async fn the_skills_chart_evidence_prep_and_a_job_posting_match() {
    let (app, _dir) = with_learner(&[]).await;
    app.nav("skills").await;
    let wallet = Wallet::open(&app.wallet_path()).expect("wallet");
    let skills = cairn::skills::skills(&wallet, None, false).expect("skills");
    assert!(skills.len() >= 8, "{skills:?}");
    app.wait_for_count("[data-testid='bar']", skills.len().min(15))
        .await;
    let keys: Vec<String> = serde_json::from_value(
        app.js("return Array.from(document.querySelectorAll('[data-testid=\"bar\"]'), (g) => g.dataset.key);")
            .await,
    )
    .expect("keys");
    let expected: Vec<String> = skills.iter().take(15).map(|s| s.key.clone()).collect();
    assert_eq!(keys, expected, "the chart follows the core's order");
    // The bars are SVG drawn from attributes: a longer bar for more credentials.
    let widths: Vec<f64> = serde_json::from_value(
        app.js("return Array.from(document.querySelectorAll('[data-testid=\"bar\"] rect.bar'), (r) => Number(r.getAttribute('width')));")
            .await,
    )
    .expect("widths");
    assert!(widths.windows(2).all(|w| w[0] >= w[1]), "{widths:?}");
    assert!(widths[0] > widths[widths.len() - 1], "{widths:?}");

    let python = skills
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case("python"))
        .expect("a Python skill");
    app.click(&format!(
        "[data-testid='skill-button'][data-key='{}']",
        python.key
    ))
    .await;
    app.wait_until("the skill's evidence shows", || async {
        texts(&app, "[data-testid='skill-name']").await == [python.name.clone()]
    })
    .await;
    app.wait_for_count("[data-testid='evidence-item']", python.evidence.len())
        .await;
    assert_eq!(python.credential_ids().len(), 3);
    app.screenshot("skills.png").await;

    app.click("[data-testid='prep-skill']").await;
    let sheet = cairn::skills::prep::prep_skill(&wallet, &python.key).expect("prep");
    app.wait_until("the prep sheet shows", || async {
        texts(&app, "[data-testid='prep-title']").await
            == [format!("Interview preparation: {}", sheet.title)]
    })
    .await;
    assert_eq!(
        texts(&app, "[data-testid='prep-summary']").await,
        [sheet.skills[0].summary.clone()]
    );
    app.js("document.getElementById('prep-view').scrollIntoView({block: 'start'}); window.scrollBy(0, -90); return true;")
        .await;
    app.screenshot("prep.png").await;

    // A job posting: matched skills, ranked credentials and gaps, as the core finds them.
    let posting = "Junior Data Analyst\n- Experience with SQL and Python\n- Data visualisation dashboards\n- Kubernetes administration";
    app.type_into("[data-testid='posting-text']", posting).await;
    app.click("[data-testid='posting-match']").await;
    app.wait_for_css("[data-testid='match-title']").await;
    let found = cairn::skills::posting::match_posting(&wallet, posting).expect("match");
    assert!(
        !found.matched.is_empty() && !found.gaps.is_empty(),
        "{found:?}"
    );
    let matched: Vec<String> = found.matched.iter().map(|m| m.skill.clone()).collect();
    assert_eq!(texts(&app, "[data-testid='matched-skill']").await, matched);
    assert_eq!(texts(&app, "[data-testid='gap']").await, found.gaps);
    let ranked: Vec<String> = found.ranked.iter().map(|r| r.title.clone()).collect();
    assert_eq!(
        texts(&app, "[data-testid='ranked-credential'] .link-button").await,
        ranked
    );
    app.client()
        .execute(
            "document.getElementById('posting-heading').scrollIntoView({block: 'start'}); window.scrollBy(0, -100); return true;",
            Vec::new(),
        )
        .await
        .expect("scroll");
    app.screenshot("posting-match.png").await;
    app.click("[data-testid='match-create']").await;
    app.wait_until("the portfolio is made", || async {
        texts(&app, "[data-testid='match-status']")
            .await
            .first()
            .is_some_and(|s| s.starts_with("Portfolio"))
    })
    .await;
    let made = cairn::portfolio::show(&wallet, &found.title).expect("the match's portfolio");
    let top: Vec<String> = found.ranked.iter().take(10).map(|r| r.id.clone()).collect();
    assert_eq!(made.credential_ids(), top);

    // The portfolio's prep sheet.
    app.choose("[data-testid='prep-portfolio']", &made.id.to_string())
        .await;
    app.click("[data-testid='prep-portfolio-go']").await;
    app.wait_until("the portfolio's prep sheet shows", || async {
        texts(&app, "[data-testid='prep-title']").await
            == [format!("Interview preparation: {}", found.title)]
    })
    .await;
    let sheet = cairn::skills::prep::prep_portfolio(&wallet, &found.title).expect("prep");
    app.wait_for_count("[data-testid='prep-skill-section']", sheet.skills.len())
        .await;
    app.close().await;
}

#[tokio::test]
async fn an_identity_in_settings_changes_which_badges_are_yours() {
    let app = App::launch().await;
    app.import_paths(&[
        conformance("1edtech-validator/ob20/basic-assertion.json"),
        conformance("1edtech-validator/ob30/simple.json"),
    ])
    .await;
    app.click("#report-close").await;
    app.wait_for_count("[data-testid='credential-card']", 2)
        .await;
    assert!(texts(&app, "[data-testid='chip-yours']").await.is_empty());

    app.nav("settings").await;
    let location = texts(&app, "[data-testid='settings-location']").await;
    assert_eq!(location, [app.wallet_path().display().to_string()]);
    // A malformed address is refused with the core's message, and nothing is added.
    app.type_into("[data-testid='identity-value']", "not-an-address")
        .await;
    app.click("[data-testid='identity-add']").await;
    app.wait_until("the error shows", || async {
        app.is_shown("identity-error").await
    })
    .await;
    let error = app.wait_for_css("[data-testid='identity-error']").await;
    assert_eq!(
        error.attr("data-code").await.expect("code").as_deref(),
        Some("invalid_input")
    );
    assert!(error.text().await.expect("text").contains("not-an-address"));

    // The hashed recipient of ob20/basic-assertion.json is nobody@example.org.
    app.type_into("[data-testid='identity-value']", "Nobody@Example.org")
        .await;
    app.click("[data-testid='identity-add']").await;
    app.wait_until("the identity is listed", || async {
        texts(&app, "[data-testid='identity-value-shown']").await == ["Nobody@Example.org"]
    })
    .await;
    assert_eq!(
        texts(&app, "[data-testid='identity-status']").await,
        ["Added. 1 credential is now known to be yours."]
    );
    assert!(!app.is_shown("identity-error").await);
    app.client()
        .set_window_size(1280, 860)
        .await
        .expect("window size");
    app.screenshot("settings.png").await;

    app.nav("library").await;
    app.wait_until("the badge is marked as yours", || async {
        texts(&app, "[data-testid='chip-yours']").await == ["Issued to you"]
    })
    .await;
    let yours: Vec<String> = Wallet::open(&app.wallet_path())
        .expect("wallet")
        .list()
        .expect("list")
        .into_iter()
        .filter(|s| s.recipient_status == cairn::recipient::RecipientStatus::Yours)
        .map(|s| s.title)
        .collect();
    assert_eq!(yours.len(), 1, "{yours:?}");
    app.click("[data-testid='filter-yours']").await;
    wait_titles(&app, &[yours[0].as_str()]).await;
    app.click("[data-testid='filter-yours']").await;
    app.wait_for_count("[data-testid='credential-card']", 2)
        .await;

    // Removing the identity takes the mark away again.
    app.nav("settings").await;
    app.click("[data-testid='identity-remove']").await;
    app.wait_until("the identity is gone", || async {
        texts(&app, "[data-testid='identity-value-shown']")
            .await
            .is_empty()
    })
    .await;
    app.nav("library").await;
    app.wait_until("no badge is marked as yours", || async {
        texts(&app, "[data-testid='chip-yours']").await.is_empty()
    })
    .await;
    let wallet = Wallet::open(&app.wallet_path()).expect("wallet");
    assert!(wallet.identities().expect("identities").is_empty());
    app.close().await;
}

/// How many credentials the large-wallet test holds.
const LARGE: usize = 10_000;

#[tokio::test]
async fn a_wallet_of_ten_thousand_credentials_opens_and_searches_in_pages() {
    let base = std::fs::read_to_string(conformance("1edtech-validator/ob30/simple.json"))
        .expect("read fixture");
    let subjects = [
        "Python",
        "SQL",
        "Welding",
        "Nursing",
        "Statistics",
        "Carpentry",
        "French",
    ];
    let started = std::time::Instant::now();
    let app = App::launch_with(|path| {
        let mut wallet = Wallet::open(path).expect("wallet");
        for n in 0..LARGE {
            let subject = subjects[n % subjects.len()];
            let text = base
                .replace(
                    "http://example.com/credentials/3527",
                    &format!("urn:uuid:large-{n}"),
                )
                .replace(
                    "\"name\": \"Teamwork Badge\"",
                    &format!("\"name\": \"{subject} level {n}\""),
                )
                .replace(
                    "\"name\": \"Example Corp\"",
                    &format!("\"name\": \"Issuer {}\"", n % 40),
                );
            let report = wallet.import_bytes("large", &format!("{n}.json"), text.into_bytes());
            assert!(!report.credentials.is_empty(), "{report:?}");
        }
    })
    .await;
    eprintln!(
        "generated {LARGE} credentials in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    app.wait_for_count("[data-testid='credential-card']", cairn_e2e::PAGE)
        .await;
    let first_paint = app
        .js("return Number(document.body.dataset.firstPaintMs);")
        .await
        .as_f64()
        .expect("first paint");
    assert!(
        app.is_shown("show-more").await,
        "no way to see the next page"
    );
    app.click("[data-testid='show-more']").await;
    app.wait_for_count("[data-testid='credential-card']", 2 * cairn_e2e::PAGE)
        .await;

    // Keystroke to result: each letter of "weld" searches the whole wallet.
    let mut keystrokes = Vec::new();
    let search = app.wait_for_css("[data-testid='search']").await;
    for letter in ["w", "e", "l", "d"] {
        app.js("delete document.body.dataset.keystrokeMs; return true;")
            .await;
        search.send_keys(letter).await.expect("type");
        app.wait_until("the search answers", || async {
            app.js("return document.body.dataset.keystrokeMs !== undefined;")
                .await
                == json!(true)
        })
        .await;
        keystrokes.push(
            app.js("return Number(document.body.dataset.keystrokeMs);")
                .await
                .as_f64()
                .expect("keystroke time"),
        );
    }
    app.wait_until("only welding credentials show", || async {
        let t = titles(&app).await;
        t.len() == cairn_e2e::PAGE && t.iter().all(|t| t.starts_with("Welding level"))
    })
    .await;
    eprintln!(
        "{LARGE} credentials: first paint {first_paint:.0} ms, keystroke to result {keystrokes:?} ms (debug build, shared machine)"
    );
    // Generous bounds for a debug build on a shared machine; the figures above are the measure.
    assert!(first_paint < 5_000.0, "first paint took {first_paint} ms");
    assert!(keystrokes.iter().all(|&k| k < 1_000.0), "{keystrokes:?}");
    app.close().await;
}

#[tokio::test]
async fn markup_in_tags_notes_and_skills_stays_text_in_every_new_view() {
    let hostile = "<img src=x onerror=\"window.__pwned=1\">Rust";
    let app = App::launch().await;
    let dir = tempfile::tempdir().expect("fixture folder");
    let mut doc: Value = serde_json::from_slice(
        &std::fs::read(conformance("1edtech-validator/ob30/simple.json")).expect("read fixture"),
    )
    .expect("JSON");
    doc["credentialSubject"]["achievement"]["tag"] = json!([hostile]);
    doc["issuer"]["name"] = json!("<script>window.__pwned=2</script>Issuer");
    let file = dir.path().join("hostile.json");
    std::fs::write(&file, serde_json::to_vec(&doc).expect("encode")).expect("write");
    app.import_paths(&[file]).await;
    app.click("#report-close").await;
    app.wait_for_count("[data-testid='credential-card']", 1)
        .await;

    // A hostile tag of the learner's own, and a hostile note.
    app.click("[data-testid='credential-card']").await;
    app.wait_until("the detail shows", || async {
        app.is_shown("detail-view").await
    })
    .await;
    app.type_into("[data-testid='tag-input']", hostile).await;
    app.click("[data-testid='tag-add']").await;
    app.wait_until("the tag shows as text", || async {
        texts(&app, "[data-testid='my-tag'] span").await == [hostile]
    })
    .await;
    app.click("[data-testid='back-button']").await;
    app.wait_until("the card shows the tag as text", || async {
        texts(&app, "[data-testid='card-tag']").await == [format!("# {hostile}")]
    })
    .await;

    app.nav("skills").await;
    app.wait_until("the skill is listed as text", || async {
        texts(&app, "[data-testid='skill-button']")
            .await
            .iter()
            .any(|t| t.starts_with(hostile))
    })
    .await;
    let label = app
        .js("return Array.from(document.querySelectorAll('.bar-label'), (t) => t.textContent).join('|');")
        .await;
    assert!(
        label.as_str().is_some_and(|l| l.contains("<img")),
        "{label}"
    );
    app.type_into(
        "[data-testid='posting-text']",
        &format!("Engineer\n- {hostile}"),
    )
    .await;
    app.click("[data-testid='posting-match']").await;
    app.wait_for_css("[data-testid='match-title']").await;
    app.nav("portfolios").await;
    app.type_into("[data-testid='portfolio-name']", hostile)
        .await;
    app.click("[data-testid='portfolio-create-button']").await;
    app.wait_until("the portfolio's name shows as text", || async {
        texts(&app, "[data-testid='portfolio-title']").await == [hostile]
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.js("return document.querySelectorAll('main img:not(.badge-image):not(.empty-mark), main script').length;")
            .await,
        0,
        "markup from a credential became elements"
    );
    assert_eq!(app.js("return window.__pwned === undefined;").await, true);
    app.close().await;
}

#[tokio::test]
async fn the_dark_theme_follows_the_desktop() {
    let app = App::launch_with_env(&[("GTK_THEME", "Adwaita:dark")], |_| {}).await;
    let dark = app
        .js("return window.matchMedia('(prefers-color-scheme: dark)').matches;")
        .await;
    let background = app
        .js("return getComputedStyle(document.body).backgroundColor;")
        .await;
    eprintln!("dark: {dark}, background {background}");
    assert_eq!(
        dark, true,
        "the desktop's dark theme did not reach the page"
    );
    assert_eq!(
        background, "rgb(18, 23, 25)",
        "the dark palette is not applied"
    );
    let dir = tempfile::tempdir().expect("fixture folder");
    app.import_paths(&learner_files(dir.path())).await;
    app.click("#report-close").await;
    app.client()
        .set_window_size(1280, 860)
        .await
        .expect("window size");
    app.nav("skills").await;
    app.wait_for_css("[data-testid='bar']").await;
    app.screenshot("skills-dark.png").await;
    app.close().await;
}
