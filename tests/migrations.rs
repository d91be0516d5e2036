//! Wallets written by every earlier schema version open, upgrade, and lose nothing.
//!
//! `tests/fixtures/wallets/vN.sqlite` is a real wallet written by the `cairn` binary when the
//! schema was at version N. Add one whenever a migration is appended.

use cairn::model::sha256_hex;
use cairn::wallet::{SCHEMA_VERSION, Wallet};
use std::collections::BTreeMap;
use std::path::Path;

/// What a wallet holds, read with plain SQL so it works on any schema version.
fn contents(path: &Path) -> (i64, BTreeMap<String, (String, String)>) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let mut stmt = conn.prepare("SELECT c.id, c.title, o.sha256 FROM credential c JOIN original o ON o.sha256 = c.original_sha256").unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, String>(1)?, r.get::<_, String>(2)?),
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<BTreeMap<_, _>>>()
        .unwrap();
    (version, rows)
}

fn upgrade(version: usize) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/wallets/v{version}.sqlite"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wallet.sqlite");
    std::fs::copy(&fixture, &path).unwrap();
    let (before_version, before) = contents(&path);
    assert_eq!(
        before_version,
        i64::try_from(version).unwrap(),
        "the fixture is not at version {version}"
    );
    assert!(!before.is_empty(), "the fixture holds no credentials");

    let wallet = Wallet::open(&path).unwrap();
    assert_eq!(wallet.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(wallet.count().unwrap(), before.len());
    for (id, (title, sha256)) in &before {
        let detail = wallet.get(id).unwrap();
        assert_eq!(&detail.summary.title, title);
        let original = wallet.original(id).unwrap();
        assert_eq!(&original.sha256, sha256);
        assert_eq!(
            sha256_hex(&original.bytes),
            *sha256,
            "original of {id} changed"
        );
    }
    if version >= 3 {
        // Portfolios, tags and notes arrived in version 3.
        let portfolios = cairn::portfolio::list(&wallet).unwrap();
        assert_eq!(portfolios.len(), 1);
        assert_eq!(portfolios[0].name, "Nursing applications");
        assert_eq!(portfolios[0].credentials, 3);
        assert_eq!(
            cairn::library::annotations::tags_of(&wallet, "499446195ea9").unwrap(),
            ["teamwork"]
        );
        assert_eq!(
            cairn::library::annotations::note_of(&wallet, "499446195ea9")
                .unwrap()
                .as_deref(),
            Some("Ask about the group project")
        );
    }
    if version >= 4 {
        // Verification history arrived in version 4: one report per credential in the fixture.
        let history = cairn::verify::history::History::open(&wallet).unwrap();
        for id in before.keys() {
            assert_eq!(
                history.reports(id).unwrap().len(),
                version - 3,
                "history of {id}"
            );
        }
    }
    if version >= 5 {
        // The holder key arrived in version 5: still there, still sealed.
        let conn = rusqlite::Connection::open(&path).unwrap();
        let (keys, public_len): (i64, i64) = conn
            .query_row(
                "SELECT count(*), length(public_key) FROM holder_key",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((keys, public_len), (1, 32));
    }
    if version >= 4 {
        // Version 6 keeps each credential's latest verdict beside the history: the upgrade
        // fills it from the history the wallet had.
        let search =
            cairn::library::search(&wallet, &cairn::library::SearchQuery::default()).unwrap();
        let history = cairn::verify::history::History::open(&wallet).unwrap();
        for hit in &search {
            let latest = history
                .latest_verdict(&hit.summary.id)
                .unwrap()
                .map(|(v, _)| v);
            assert_eq!(hit.verdict, latest, "latest verdict of {}", hit.summary.id);
            assert!(hit.verdict.is_some());
        }
    }
    // Settings arrived in version 7: an upgraded wallet starts with none (online, no name),
    // and they can be stored at once.
    assert_eq!(
        wallet.settings().unwrap(),
        cairn::wallet::Settings::default()
    );
    let mut wallet = wallet;
    wallet.set_learner_name("Amara Okafor").unwrap();
    assert_eq!(
        wallet.settings().unwrap().learner_name.as_deref(),
        Some("Amara Okafor")
    );
    drop(wallet);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // Opening again is a no-op.
    assert_eq!(
        Wallet::open(&path).unwrap().schema_version().unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn a_version_1_wallet_upgrades_with_nothing_lost() {
    upgrade(1);
}

#[test]
fn a_version_2_wallet_upgrades_with_nothing_lost() {
    upgrade(2);
}

#[test]
fn a_version_3_wallet_upgrades_with_nothing_lost() {
    upgrade(3);
}

#[test]
fn a_version_4_wallet_upgrades_with_nothing_lost() {
    upgrade(4);
}

#[test]
fn a_version_5_wallet_upgrades_with_nothing_lost() {
    upgrade(5);
}

#[test]
fn a_version_6_wallet_upgrades_with_nothing_lost() {
    upgrade(6);
}

#[test]
fn a_version_8_wallet_upgrades_with_nothing_lost() {
    // Written from the version 6 fixture by the version 8 binary (two `verify --all` runs),
    // so it also carries the reasons version 8 stores beside each latest verdict.
    upgrade(8);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wallets/v8.sqlite");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wallet.sqlite");
    std::fs::copy(&fixture, &path).unwrap();
    let wallet = Wallet::open(&path).unwrap();
    // Version 9 adds the pinned contexts: none yet.
    assert!(wallet.context_pins().unwrap().is_empty());
    let standings = wallet.all_standings(chrono::Utc::now()).unwrap();
    assert!(
        standings.iter().all(|s| s.verdict.is_some()),
        "{standings:#?}"
    );
}
