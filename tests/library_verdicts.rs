//! Library filters and sorts by verification result: "verified", "invalid", "unverified".

use crate::common::{TempWallet, validator};
use cairn::library::{SearchQuery, SortKey, VerdictFilter, search};
use cairn::verify::history::History;
use cairn::verify::{Verdict, VerifyOptions};

fn titles(wallet: &cairn::wallet::Wallet, verdict: Option<VerdictFilter>) -> Vec<String> {
    let query = SearchQuery {
        verdict,
        sort: SortKey::Title,
        ..SearchQuery::default()
    };
    search(wallet, &query)
        .unwrap()
        .into_iter()
        .map(|h| h.summary.credential_id.unwrap())
        .collect()
}

#[test]
fn searches_filter_and_sort_by_the_latest_verification() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    // Three credentials with three different ids: one valid offline, one not yet valid
    // (so invalid), one left unverified.
    let files = [
        "ob30/simple.json",
        "ob30/simple-err-issued.json",
        "ob30/simple-did-key-method.json",
    ];
    let report = wallet.import_paths(
        &files.map(validator),
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    let ids: Vec<String> = report
        .files
        .iter()
        .map(|f| f.credentials[0].clone())
        .collect();
    assert_eq!(ids.len(), 3, "{report:#?}");

    // Nothing verified yet: every credential is "unverified", none "valid".
    assert_eq!(titles(&wallet, Some(VerdictFilter::Unverified)).len(), 3);
    assert!(titles(&wallet, Some(VerdictFilter::Valid)).is_empty());

    let history = History::open(&wallet).unwrap();
    let options = VerifyOptions::offline();
    assert_eq!(
        history.reverify(&ids[0], &options, false).unwrap().verdict,
        Verdict::Valid
    );
    assert_eq!(
        history.reverify(&ids[1], &options, false).unwrap().verdict,
        Verdict::Invalid
    );

    assert_eq!(
        titles(&wallet, Some(VerdictFilter::Valid)),
        ["http://example.com/credentials/3527"]
    );
    assert_eq!(
        titles(&wallet, Some(VerdictFilter::Invalid)),
        ["http://example.edu/credentials/3732"]
    );
    assert_eq!(
        titles(&wallet, Some(VerdictFilter::Unverified)),
        ["urn:uuid:280c19b6-9680-4a37-ba84-e38b1a4e4584"]
    );

    // Each hit carries its latest verdict; the status sort puts problems first.
    let by_status = search(
        &wallet,
        &SearchQuery {
            sort: SortKey::Status,
            ..SearchQuery::default()
        },
    )
    .unwrap();
    let verdicts: Vec<Option<Verdict>> = by_status.iter().map(|h| h.verdict).collect();
    assert_eq!(
        verdicts,
        [Some(Verdict::Invalid), None, Some(Verdict::Valid)]
    );

    // Removing a credential takes its verification history with it.
    wallet.remove(&ids[1]).unwrap();
    assert!(titles(&wallet, Some(VerdictFilter::Invalid)).is_empty());
}

#[test]
fn the_cli_filters_by_verdict() {
    let tw = TempWallet::new();
    let bin = env!("CARGO_BIN_EXE_cairn");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .arg("--wallet")
            .arg(&tw.path)
            .args(args)
            .output()
            .unwrap()
    };
    let valid = validator("ob30/simple.json");
    let invalid = validator("ob30/simple-err-issued.json");
    assert!(
        run(&[
            "import",
            "--offline",
            valid.to_str().unwrap(),
            invalid.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert_eq!(
        run(&["verify", "--all", "--offline"]).status.code(),
        Some(1),
        "one credential is invalid"
    );
    let out = run(&["search", "--invalid", "--json"]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["verdict"], "invalid");
    let out = run(&["search", "--verified", "--json"]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        hits[0]["summary"]["credential_id"],
        "http://example.com/credentials/3527"
    );
    let bad = run(&["search", "--verdict", "maybe"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown verdict 'maybe'"));
}
