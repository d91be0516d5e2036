//! What the tests read from and do to Cairn's views: the library's cards, the paste box, the
//! sidebar and form controls.

use crate::App;
use fantoccini::Locator;

/// An XPath to the library card whose title is exactly `title`.
pub fn card_titled(title: &str) -> String {
    assert!(
        !title.contains('\''),
        "titles with quotes need another locator"
    );
    format!(
        "//button[@data-testid='credential-card'][.//span[@data-testid='card-title' and .='{title}']]"
    )
}

impl App {
    /// The library's cards as (title, issuer) pairs, in the order shown.
    pub async fn cards(&self) -> Vec<(String, String)> {
        let titles = self
            .texts("[data-testid='credential-card'] [data-testid='card-title']")
            .await;
        let issuers = self
            .texts("[data-testid='credential-card'] [data-testid='card-issuer']")
            .await;
        assert_eq!(
            titles.len(),
            issuers.len(),
            "a card lacks a title or issuer"
        );
        titles.into_iter().zip(issuers).collect()
    }

    /// How many cards the library shows.
    pub async fn card_count(&self) -> usize {
        self.client()
            .find_all(Locator::Css("[data-testid='credential-card']"))
            .await
            .expect("find cards")
            .len()
    }

    /// Opens the paste box, types `text` into it and presses Import.
    pub async fn paste(&self, text: &str) {
        if !self.is_shown("paste-panel").await {
            self.wait_for_css("[data-testid='paste-toggle']")
                .await
                .click()
                .await
                .expect("open the paste box");
        }
        let area = self.wait_for_css("[data-testid='paste-text']").await;
        area.clear().await.expect("clear the paste box");
        // WebDriver types a line break as the Enter key; a bare "\n" would be dropped.
        let keys = text.replace("\r\n", "\n").replace('\n', "\u{E007}");
        area.send_keys(&keys)
            .await
            .expect("type into the paste box");
        self.wait_for_css("[data-testid='paste-import']")
            .await
            .click()
            .await
            .expect("press Import");
    }

    /// Opens a view from the sidebar (`library`, `portfolios`, `skills`, `settings`) and waits
    /// until it shows.
    pub async fn nav(&self, view: &str) {
        self.wait_for_css(&format!("[data-testid='nav-{view}']"))
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("open the {view} view: {e}"));
        let id = format!("{view}-view");
        self.wait_until(&format!("the {view} view shows"), || async {
            self.is_shown(&id).await
        })
        .await;
    }

    /// Focuses the element with id `id` and sends `keys` to it as the keyboard would (WebDriver
    /// key codes such as `\u{E004}` for Tab).
    pub async fn press_on(&self, id: &str, keys: &str) {
        self.client()
            .execute(
                &format!("document.getElementById({id:?}).focus(); return true;"),
                Vec::new(),
            )
            .await
            .unwrap_or_else(|e| panic!("focus #{id}: {e}"));
        self.client()
            .active_element()
            .await
            .unwrap_or_else(|e| panic!("the focused element: {e}"))
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("keys on #{id}: {e}"));
    }

    /// Types each of `letters` into the library's search box, one at a time, and returns the
    /// milliseconds from each keystroke to its result as the UI marks it (`data-keystroke-ms`).
    pub async fn keystroke_times(&self, letters: &[&str]) -> Vec<f64> {
        let search = self.wait_for_css("[data-testid='search']").await;
        let mut times = Vec::new();
        for letter in letters {
            self.js("delete document.body.dataset.keystrokeMs; return true;")
                .await;
            search.send_keys(letter).await.expect("type");
            self.wait_until("the search answers", || async {
                self.js("return document.body.dataset.keystrokeMs !== undefined;")
                    .await
                    == serde_json::json!(true)
            })
            .await;
            times.push(
                self.js("return Number(document.body.dataset.keystrokeMs);")
                    .await
                    .as_f64()
                    .expect("keystroke mark"),
            );
        }
        times
    }

    /// Sets a form control's value the way choosing from it would, firing `input` and `change`
    /// (waiting until a select has that option).
    pub async fn choose(&self, css: &str, value: &str) {
        self.wait_for_css(css).await;
        self.wait_until(&format!("`{css}` takes the value `{value}`"), || async {
            self.client()
                .execute(
                    "const e = document.querySelector(arguments[0]);
                     e.value = arguments[1];
                     if (e.value !== arguments[1]) return false;
                     e.dispatchEvent(new Event('input', { bubbles: true }));
                     e.dispatchEvent(new Event('change', { bubbles: true }));
                     return true;",
                    vec![css.into(), value.into()],
                )
                .await
                .unwrap_or_else(|e| panic!("set `{css}`: {e}"))
                == serde_json::json!(true)
        })
        .await;
    }

    /// Types `text` into the element matching `css` (line breaks as Enter), after clearing it.
    pub async fn type_into(&self, css: &str, text: &str) {
        if text.is_empty() {
            // WebDriver types nothing only as an error; emptying is what clearing does.
            return self.choose(css, "").await;
        }
        let field = self.wait_for_css(css).await;
        field
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clear `{css}`: {e}"));
        let keys = text.replace("\r\n", "\n").replace('\n', "\u{E007}");
        field
            .send_keys(&keys)
            .await
            .unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
    }

    /// Clicks the element matching `css`. A list the UI re-renders (after a load finishes) can
    /// replace the element between finding and clicking it; then it is found again, a few times.
    pub async fn click(&self, css: &str) {
        let mut attempts = 0;
        loop {
            attempts += 1;
            match self.wait_for_css(css).await.click().await {
                Ok(()) => return,
                Err(e) if attempts < 5 => {
                    eprintln!("click `{css}` attempt {attempts}: {e}; finding it again");
                    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
                }
                Err(e) => panic!("click `{css}`: {e}"),
            }
        }
    }

    /// Waits until `css` matches exactly `n` elements, failing with what it matched last.
    pub async fn wait_for_count(&self, css: &str, n: usize) {
        self.wait_until(&format!("{n} elements match `{css}`"), || async {
            self.client()
                .find_all(Locator::Css(css))
                .await
                .map(|found| found.len() == n)
                .unwrap_or(false)
        })
        .await;
    }
}
