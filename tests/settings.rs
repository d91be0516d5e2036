//! The learner's settings kept in the wallet: the name (the transcript's default learner name)
//! and offline mode, under which imports and verification make no request at all — counted on
//! a real HTTP server on 127.0.0.1.

use crate::common::{FixtureServer, TempWallet, cairn, validator};
use crate::export_support::pdf_info;
use crate::import_network::{entry, serve};
use cairn::ErrorCode;
use cairn::net::NetPolicy;
use cairn::verify::{Contexts, Fetch, Verdict, VerifyOptions, verify_document};
use cairn::wallet::{ImportOptions, Outcome, Settings};

/// Serves the hosted OB 2.0 assertion and everything it names, at the URLs it names.
fn robotics_server() -> FixtureServer {
    serve(&entry("1edtech-validator/ob20/basic-assertion.json"))
}

#[test]
fn settings_start_empty_are_stored_and_survive_reopening() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    assert_eq!(wallet.settings().unwrap(), Settings::default());
    wallet.set_learner_name("  Amara Okafor ").unwrap();
    wallet.set_offline(true).unwrap();
    drop(wallet);
    let mut wallet = tw.open();
    let expected = Settings {
        learner_name: Some("Amara Okafor".to_owned()),
        offline: true,
        fetch_contexts: false,
    };
    assert_eq!(wallet.settings().unwrap(), expected);

    // A name on two lines is refused, naming the problem, and the stored one stays.
    let err = wallet.set_learner_name("Amara\nOkafor").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("line break"), "{}", err.message);
    let err = wallet.set_learner_name(&"x".repeat(201)).unwrap_err();
    assert!(err.message.contains("200 characters"), "{}", err.message);
    assert_eq!(wallet.settings().unwrap(), expected);

    // Emptying the name removes it; offline goes off again.
    wallet.set_learner_name("   ").unwrap();
    wallet.set_offline(false).unwrap();
    assert_eq!(wallet.settings().unwrap(), Settings::default());
}

#[test]
fn offline_mode_makes_no_request_for_imports_url_imports_or_verification() {
    let server = robotics_server();
    let policy = || NetPolicy::loopback_for_tests(server.overrides());
    let assertion = validator("ob20/basic-assertion.json");

    let tw = TempWallet::new();
    let mut wallet = tw.open();
    wallet.set_offline(true).unwrap();
    wallet.connect(policy()).unwrap();
    assert!(wallet.network_client(policy()).unwrap().is_none());

    // A hosted assertion is still imported, from the file alone, without its snapshots.
    let report = wallet.import_paths(
        std::slice::from_ref(&assertion),
        &ImportOptions::store_only(),
        &mut |_| {},
    );
    let file = &report.files[0];
    assert_eq!(file.outcome, Outcome::Imported, "{file:#?}");
    let id = file.credentials[0].clone();
    assert!(wallet.snapshots(&id).unwrap().is_empty());

    // A URL import is refused with a sentence saying why.
    let url = "https://example.org/beths-robotics-badge.json";
    let refused = wallet.import_url(url);
    assert_eq!(refused.outcome, Outcome::Failed);
    assert!(
        refused.message.contains("offline mode is on"),
        "{}",
        refused.message
    );

    // Verification with what the wallet allows fetches nothing.
    let client = wallet.network_client(policy()).unwrap();
    let identities = wallet.identities().unwrap();
    let options = VerifyOptions {
        fetch: client.as_ref().map(|c| c as &dyn Fetch),
        now: chrono::Utc::now(),
        identities: &identities,
        contexts: Contexts::embedded(),
    };
    let document = wallet.get(&id).unwrap().document;
    let report = verify_document(&document, &options);
    assert_ne!(report.verdict, Verdict::Valid, "{report:#?}");
    assert_eq!(server.hits(), 0, "offline mode reached the server");

    // The same steps with offline mode off do reach the server (so the count above can fail).
    wallet.set_offline(false).unwrap();
    wallet.connect(policy()).unwrap();
    let online = wallet.import_url(url);
    assert_eq!(online.outcome, Outcome::Duplicate, "{online:#?}");
    assert!(server.hits() >= 1);
    let before = server.hits();
    let other = TempWallet::new();
    let mut fresh = other.open();
    fresh.connect(policy()).unwrap();
    let report = fresh.import_paths(&[assertion], &ImportOptions::store_only(), &mut |_| {});
    assert_eq!(report.files[0].outcome, Outcome::Imported);
    assert!(
        server.hits() > before,
        "an online import fetched nothing it names"
    );
}

#[test]
fn the_stored_name_is_the_transcripts_learner_name_unless_one_is_given() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = wallet.import_paths(
        &[validator("ob30/simple.json")],
        &ImportOptions::default(),
        &mut |_| {},
    );
    assert_eq!(report.files[0].outcome, Outcome::Imported);
    wallet.set_learner_name("Zoë Ångström").unwrap();
    wallet.set_offline(true).unwrap();
    drop(wallet);

    let pdf = tw.dir.path().join("stored.pdf");
    let out = cairn(&tw, &["export", "transcript", "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(pdf_info(&pdf, "Author"), "Zoë Ångström");

    let given = tw.dir.path().join("given.pdf");
    let out = cairn(
        &tw,
        &[
            "export",
            "transcript",
            "--name",
            "Z. Å.",
            "-o",
            given.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(pdf_info(&given, "Author"), "Z. Å.");
}

/// `cairn verify --all` as the learner runs it, with the server's origins sent to loopback.
fn verify_all(tw: &TempWallet, server: &FixtureServer, flags: &[&str]) -> serde_json::Value {
    let overrides: Vec<String> = server
        .overrides()
        .into_iter()
        .map(|(from, to)| format!("{from}={to}"))
        .collect();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--wallet")
        .arg(&tw.path)
        .args(["--json", "verify", "--all"])
        .args(flags)
        .env_remove("CAIRN_WALLET")
        .env("CAIRN_DEV_HOST_OVERRIDES", overrides.join(","))
        .output()
        .expect("run cairn");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .next()
        .unwrap_or_else(|| panic!("no output: {out:?}"));
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

#[test]
fn verify_all_obeys_the_offline_setting_unless_told_online() {
    let server = robotics_server();
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    wallet
        .connect(NetPolicy::loopback_for_tests(server.overrides()))
        .unwrap();
    let report = wallet.import_paths(
        &[validator("ob20/basic-assertion.json")],
        &ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.files[0].outcome, Outcome::Imported, "{report:#?}");
    wallet.set_offline(true).unwrap();
    drop(wallet);

    // Offline mode on: nothing is fetched; what the import kept stands in.
    let before = server.hits();
    let line = verify_all(&tw, &server, &[]);
    assert_eq!(
        server.hits(),
        before,
        "verify --all went online in offline mode: {line}"
    );
    assert!(line["label"].is_string(), "{line}");

    // `--online` is the learner's explicit choice: it reaches the server.
    let line = verify_all(&tw, &server, &["--online"]);
    assert!(server.hits() > before, "--online fetched nothing: {line}");

    // Offline mode off: online by default, offline with `--offline`.
    let mut wallet = tw.open();
    wallet.set_offline(false).unwrap();
    drop(wallet);
    let before = server.hits();
    verify_all(&tw, &server, &[]);
    assert!(
        server.hits() > before,
        "offline mode off, verify --all stayed offline"
    );
    let before = server.hits();
    verify_all(&tw, &server, &["--offline"]);
    assert_eq!(server.hits(), before);
}
