//! `cairn verify` as a user runs it: files without importing, `--all` with history, JSON lines
//! and exit codes.

use crate::common::{TempWallet, cairn, validator};
use serde_json::Value;
use std::process::Output;

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn verify_files_offline_as_json_lines() {
    let tw = TempWallet::new();
    let good = validator("ob30/simple.json");
    let expired = validator("ob30/simple-err-expired.json");
    let out = cairn(
        &tw,
        &[
            "verify",
            "--offline",
            "--json",
            good.to_str().unwrap(),
            expired.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "one credential is invalid");
    let lines = lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["verdict"], "valid");
    assert_eq!(lines[0]["format"], "ob3-json");
    assert_eq!(lines[0]["source"], good.to_str().unwrap());
    assert_eq!(
        lines[0]["credential_id"],
        "http://example.com/credentials/3527"
    );
    let names: Vec<&str> = lines[0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "format",
            "signature",
            "issuer_key",
            "validity",
            "status",
            "recipient"
        ]
    );
    for check in lines[0]["checks"].as_array().unwrap() {
        let keys: Vec<&String> = check.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "status", "message"]);
    }
    assert_eq!(lines[1]["verdict"], "invalid");
    let validity = lines[1]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "validity")
        .unwrap();
    assert_eq!(validity["status"], "fail");
    // Verifying files does not create or touch a wallet.
    assert!(!tw.path.exists());
}

#[test]
fn verify_valid_file_exits_zero_and_prints_checks() {
    let tw = TempWallet::new();
    let good = validator("ob30/simple.json");
    let out = cairn(&tw, &["verify", "--offline", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("VALID"), "{text}");
    assert!(text.contains("eddsa-rdfc-2022"), "{text}");
}

#[test]
fn verify_all_reverifies_the_wallet() {
    let tw = TempWallet::new();
    let good = validator("ob30/simple.json");
    let out = cairn(&tw, &["import", good.to_str().unwrap()]);
    assert!(out.status.success());
    let out = cairn(&tw, &["verify", "--all", "--offline", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["verdict"], "valid");
    let wallet = tw.open();
    let id = lines[0]["source"].as_str().unwrap();
    let history = cairn::verify::history::History::open(&wallet).unwrap();
    // One report from the verification on import, one from `verify --all`.
    assert_eq!(history.reports(id).unwrap().len(), 2);
}

#[test]
fn verify_needs_files_or_all() {
    let tw = TempWallet::new();
    let out = cairn(&tw, &["verify"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn verify_all_offline_uses_the_wallets_snapshots_and_says_how_old() {
    let tw = TempWallet::new();
    let assertion = validator("ob20/basic-assertion.json");
    let out = cairn(&tw, &["import", assertion.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // What an online import would have stored: the issuer's copy, the BadgeClass and the issuer.
    let two_days_ago = (chrono::Utc::now() - chrono::Duration::days(2)).to_rfc3339();
    let conn = rusqlite::Connection::open(&tw.path).unwrap();
    for (url, file) in [
        (
            "https://example.org/beths-robotics-badge.json",
            "ob20/basic-assertion.json",
        ),
        (
            "https://example.org/robotics-badge.json",
            "ob20/assets/robotics-badge.json",
        ),
        (
            "https://example.org/organization.json",
            "ob20/assets/organization.json",
        ),
    ] {
        let bytes = std::fs::read(validator(file)).unwrap();
        conn.execute(
            "INSERT INTO snapshot (url, final_url, media_type, bytes, sha256, fetched_at)
             VALUES (?1, ?1, 'application/json', ?2, ?3, ?4)",
            rusqlite::params![url, bytes, cairn::model::sha256_hex(&bytes), two_days_ago],
        )
        .unwrap();
    }
    drop(conn);
    let out = cairn(&tw, &["verify", "--all", "--offline", "--json"]);
    let lines = lines(&out);
    assert_eq!(lines.len(), 1, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(lines[0]["verdict"], "valid", "{}", lines[0]);
    let status = lines[0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "status")
        .unwrap();
    assert!(
        status["message"].as_str().unwrap().contains("2 days ago"),
        "{status}"
    );
}
