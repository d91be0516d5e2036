//! End-to-end tests of the portfolios view (goals, keyboard and drag reordering, stacks), the
//! skills view (chart, evidence, interview preparation, job-posting match) and the settings'
//! identities, in the real app over a throwaway wallet. Each saves a screenshot of its view.

use cairn::wallet::Wallet;
use cairn_e2e::learner::{texts, wait_titles, with_learner};
use cairn_e2e::{App, conformance};
use fantoccini::key::Key;
use serde_json::Value;

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
