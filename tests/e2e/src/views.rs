//! What the tests read from and do to Cairn's views: the library's cards and the paste box.

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
}
