//! The `cairn` binary as a user runs it: arguments, output, JSON, exit codes.

use crate::common::{TempWallet, cairn, validator};
use serde_json::Value;
use std::process::{Command, Output};

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn import_then_list_shows_title_issuer_and_format() {
    let tw = TempWallet::new();
    let ob3 = validator("ob30/simple.json");
    let ob2 = validator("ob20/basic-assertion.json");
    let out = cairn(
        &tw,
        &["import", ob3.to_str().unwrap(), ob2.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 imported"), "{text}");

    let list = json(&cairn(&tw, &["list", "--json"]));
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 2);
    let ob3_item = items
        .iter()
        .find(|i| i["format"] == "ob3-json")
        .expect("ob3 listed");
    assert_eq!(ob3_item["title"], "Teamwork Badge");
    assert_eq!(ob3_item["issuer"], "Example Corp");
    assert!(items.iter().any(|i| i["format"] == "ob2-json"));

    let id = ob3_item["id"].as_str().unwrap();
    let shown = json(&cairn(&tw, &["show", id, "--json"]));
    assert_eq!(shown["credential"]["issuer"]["name"], "Example Corp");
    assert_eq!(shown["original"]["file_name"], "simple.json");
}

#[test]
fn importing_again_reports_a_duplicate_and_stores_nothing() {
    let tw = TempWallet::new();
    let ob3 = validator("ob30/simple.json");
    assert!(
        cairn(&tw, &["import", ob3.to_str().unwrap()])
            .status
            .success()
    );
    let again = cairn(&tw, &["import", "--json", ob3.to_str().unwrap()]);
    assert!(again.status.success());
    let report = json(&again);
    assert_eq!(report["files"][0]["outcome"], "duplicate");
    assert_eq!(
        json(&cairn(&tw, &["list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_non_badge_file_fails_with_its_name_and_a_non_zero_exit() {
    let tw = TempWallet::new();
    let notes = tw.dir.path().join("notes.txt");
    std::fs::write(&notes, "remember the milk").unwrap();
    let out = cairn(&tw, &["import", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("notes.txt") && text.contains("unsupported format"),
        "{text}"
    );

    let missing = cairn(&tw, &["import", "/nonexistent/badge.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stdout).contains("/nonexistent/badge.json"));
}

#[test]
fn errors_are_code_and_message_in_json_mode() {
    let tw = TempWallet::new();
    let out = cairn(&tw, &["show", "abcdef", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).expect("stderr is JSON");
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().unwrap().contains("abcdef"));
}

#[test]
fn remove_deletes_and_list_is_empty() {
    let tw = TempWallet::new();
    let ob3 = validator("ob30/simple.json");
    let report = json(&cairn(&tw, &["import", "--json", ob3.to_str().unwrap()]));
    let id = report["files"][0]["credentials"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let out = cairn(&tw, &["remove", &id]);
    assert!(out.status.success());
    assert_eq!(
        json(&cairn(&tw, &["list", "--json"])),
        serde_json::json!([])
    );
    assert_eq!(cairn(&tw, &["remove", &id]).status.code(), Some(1));
}

#[test]
fn the_wallet_can_be_chosen_by_environment() {
    let tw = TempWallet::new();
    let ob3 = validator("ob30/simple.json");
    let out = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["import", ob3.to_str().unwrap()])
        .env("CAIRN_WALLET", &tw.path)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(tw.path.exists());
}
