//! Hosted badges over a real HTTP server on 127.0.0.1: URL import, snapshots of the BadgeClass,
//! Issuer and image an assertion names, baked links, and the network policy.

use crate::common::{FixtureServer, TempWallet, conformance, url_path, validator};
use cairn::ErrorCode;
use cairn::model::{Format, sha256_hex};
use cairn::wallet::Outcome;
use serde_json::Value;

pub(crate) fn entry(path: &str) -> Value {
    let text = std::fs::read_to_string(conformance().join("expected.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == path)
        .cloned()
        .unwrap_or_else(|| panic!("no entry {path}"))
}

/// A server answering an entry's `network` URLs with their files.
pub(crate) fn serve(entry: &Value) -> FixtureServer {
    let routes = entry["network"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| {
            let file = n["file"].as_str()?;
            Some((url_path(n["url"].as_str()?), conformance().join(file)))
        })
        .collect();
    FixtureServer::start(routes)
}

/// The file a `network` entry serves for a role, when there is one.
fn served(entry: &Value, role: &str) -> Option<(String, Value)> {
    entry["network"].as_array()?.iter().find_map(|n| {
        (n["role"] == role).then_some(())?;
        let file = conformance().join(n["file"].as_str()?);
        let doc = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
        Some((n["url"].as_str()?.to_owned(), doc))
    })
}

#[test]
fn hosted_assertions_keep_snapshots_of_what_they_name() {
    let entries: Vec<Value> = {
        let text = std::fs::read_to_string(conformance().join("expected.json")).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        doc["entries"].as_array().unwrap().clone()
    };
    let mut checked = 0;
    for e in entries.iter().filter(|e| {
        e["kind"] == "Assertion"
            && e["path"]
                .as_str()
                .unwrap()
                .starts_with("1edtech-validator/ob20/")
            && e["path"] != "1edtech-validator/ob20/redirected-validation-subject.json"
    }) {
        let path = e["path"].as_str().unwrap();
        let server = serve(e);
        let tw = TempWallet::new();
        let mut wallet = tw.open();
        wallet.set_network(Some(server.client()));
        let report = wallet.import_paths(
            &[conformance().join(path)],
            &cairn::wallet::ImportOptions::store_only(),
            &mut |_| {},
        );
        let file = &report.files[0];
        assert_eq!(file.outcome, Outcome::Imported, "{path}: {file:#?}");
        let id = &file.credentials[0];
        let detail = wallet.get(id).unwrap();
        assert_eq!(
            detail.credential.format.as_str(),
            e["format"].as_str().unwrap(),
            "{path}"
        );
        let snapshots = wallet.snapshots(id).unwrap();
        // The assertion names its BadgeClass by URL: the snapshot holds exactly what was served.
        if let Some((url, badge)) = served(e, "badgeclass")
            && snapshots.iter().any(|s| s.role == "badgeclass")
        {
            let snap = snapshots.iter().find(|s| s.role == "badgeclass").unwrap();
            assert_eq!(snap.url, url, "{path}");
            let bytes = wallet.snapshot_bytes(id, "badgeclass").unwrap();
            assert_eq!(snap.sha256, sha256_hex(&bytes));
            assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), badge);
            assert_eq!(
                Some(detail.credential.title.as_str()),
                badge["name"].as_str(),
                "{path}: the title comes from the BadgeClass"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} hosted assertions checked");
}

#[test]
fn basic_assertion_snapshots_badgeclass_issuer_and_image() {
    let e = entry("1edtech-validator/ob20/basic-assertion.json");
    let server = serve(&e);
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    wallet.set_network(Some(server.client()));
    let report = wallet.import_url("https://example.org/beths-robotics-badge.json");
    assert_eq!(report.outcome, Outcome::Imported, "{report:#?}");
    let id = &report.credentials[0];
    let detail = wallet.get(id).unwrap();
    assert_eq!(detail.credential.title, "Awesome Robotics Badge");
    assert_eq!(
        detail.credential.issuer.name.as_deref(),
        Some("An Example Badge Issuer")
    );
    let roles: Vec<&str> = detail.snapshots.iter().map(|s| s.role.as_str()).collect();
    assert_eq!(roles, ["badgeclass", "hosted-assertion", "image", "issuer"]);
    // The original is the hosted assertion as served.
    let original = wallet.original(id).unwrap();
    assert_eq!(
        original.bytes,
        std::fs::read(validator("ob20/basic-assertion.json")).unwrap()
    );
    assert_eq!(original.file_name, "beths-robotics-badge.json");
    // The image shown is the snapshot of the assertion's image URL.
    let image = wallet.image(id).unwrap().unwrap();
    assert_eq!(image.media_type, "image/png");
    assert_eq!(
        image.bytes,
        std::fs::read(validator("ob20/assets/beths-robot-badge.png")).unwrap()
    );

    // The host disappears: the wallet still has everything.
    drop(server);
    let again = wallet.get(id).unwrap();
    assert_eq!(again.credential.title, "Awesome Robotics Badge");
    assert_eq!(wallet.snapshots(id).unwrap().len(), 4);
    assert_eq!(
        wallet.snapshot_bytes(id, "hosted-assertion").unwrap(),
        wallet.original(id).unwrap().bytes
    );
}

#[test]
fn a_badge_baked_as_a_link_is_fetched() {
    let e = entry("1edtech-validator/ob20/basic-assertion.json");
    let server = serve(&e);
    let png = cairn::bake::bake_png("https://example.org/beths-robotics-badge.json", false, None)
        .unwrap();
    let tw = TempWallet::new();
    let mut wallet = tw.open();

    // Offline, it fails with a reason naming the link; nothing is stored.
    let offline = wallet.import_bytes("link badge.png", "link badge.png", png.clone());
    assert_eq!(offline.outcome, Outcome::Failed);
    assert_eq!(offline.code, Some(ErrorCode::Network));
    assert!(
        offline.message.contains("beths-robotics-badge.json"),
        "{}",
        offline.message
    );
    assert_eq!(wallet.count().unwrap(), 0);

    wallet.set_network(Some(server.client()));
    let report = wallet.import_bytes("link badge.png", "link badge.png", png.clone());
    assert_eq!(report.outcome, Outcome::Imported, "{report:#?}");
    let id = &report.credentials[0];
    let detail = wallet.get(id).unwrap();
    assert_eq!(detail.credential.format, Format::Ob2BakedPng);
    assert_eq!(detail.credential.title, "Awesome Robotics Badge");
    assert!(
        detail
            .snapshots
            .iter()
            .any(|s| s.role == "hosted-assertion")
    );
    assert_eq!(
        wallet.original(id).unwrap().bytes,
        png,
        "the baked file is the original"
    );
    assert_eq!(wallet.image(id).unwrap().unwrap().bytes, png);
}

#[test]
fn the_production_policy_refuses_loopback_and_missing_hosts_fail_cleanly() {
    let e = entry("1edtech-validator/ob20/basic-assertion.json");
    let server = serve(&e);
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    wallet.set_network(Some(
        cairn::net::Client::new(cairn::net::NetPolicy::default()).unwrap(),
    ));
    let url = format!("{}/beths-robotics-badge.json", server.origin);
    let report = wallet.import_url(&url);
    assert_eq!(report.outcome, Outcome::Failed);
    assert!(
        matches!(report.code, Some(ErrorCode::Forbidden | ErrorCode::Network)),
        "{report:#?}"
    );
    assert_eq!(wallet.count().unwrap(), 0);

    // A 404 is a failure naming the status.
    wallet.set_network(Some(server.client()));
    let missing = wallet.import_url("https://example.org/no-such-badge.json");
    assert_eq!(missing.outcome, Outcome::Failed);
    assert!(missing.message.contains("404"), "{}", missing.message);
    assert_eq!(wallet.count().unwrap(), 0);
}

/// A PNG from before Open Badges 2.0: a `tEXt` chunk `openbadges` holding the assertion URL,
/// placed after the image data.
fn legacy_text_png(url: &str) -> Vec<u8> {
    let plain = std::fs::read(validator("ob20/assets/robotics-badge.png")).unwrap();
    let chunks = cairn::import::png::chunks("plain", &plain).unwrap();
    let iend = chunks.iter().find(|c| &c.kind == b"IEND").unwrap();
    let mut out = plain[..iend.start].to_vec();
    let mut body = b"tEXtopenbadges\0".to_vec();
    body.extend_from_slice(url.as_bytes());
    out.extend_from_slice(&u32::try_from(body.len() - 4).unwrap().to_be_bytes());
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    out.extend_from_slice(&plain[iend.start..]);
    out
}

#[test]
fn a_legacy_text_chunk_link_is_fetched() {
    let e = entry("1edtech-validator/ob20/basic-assertion.json");
    let server = serve(&e);
    let png = legacy_text_png("https://example.org/beths-robotics-badge.json");
    assert_eq!(cairn::import::identify(&png), Some(Format::Ob2BakedPng));
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    wallet.set_network(Some(server.client()));
    let report = wallet.import_bytes("old badge.png", "old badge.png", png);
    assert_eq!(report.outcome, Outcome::Imported, "{report:#?}");
    let detail = wallet.get(&report.credentials[0]).unwrap();
    assert_eq!(detail.credential.format, Format::Ob2BakedPng);
    assert_eq!(detail.credential.title, "Awesome Robotics Badge");
}

#[test]
fn an_archive_by_url_is_opened() {
    let server = FixtureServer::start(vec![(
        "/export/badges.zip".into(),
        crate::common::fixture("hostile/zip-bomb.zip"),
    )]);
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    wallet.set_network(Some(server.client()));
    let report = wallet.import_url("https://example.org/export/badges.zip");
    assert_eq!(report.outcome, Outcome::Imported, "{report:#?}");
    assert_eq!(report.titles, ["Teamwork Badge"]);
    assert!(report.message.contains("2 failed"), "{}", report.message);
    assert_eq!(wallet.count().unwrap(), 1);
}
