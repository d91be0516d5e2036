//! Import options: verification of each new credential on import (recorded in the history the
//! library filters read), and cancelling a batch between files.

use crate::common::{TempWallet, cairn, validator, zip_of};
use cairn::library::{SearchQuery, VerdictFilter, search};
use cairn::verify::Verdict;
use cairn::verify::history::History;
use cairn::wallet::{ImportOptions, Outcome, Wallet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn ids_with(wallet: &Wallet, verdict: VerdictFilter) -> Vec<String> {
    let query = SearchQuery {
        verdict: Some(verdict),
        ..SearchQuery::default()
    };
    let mut ids: Vec<String> = search(wallet, &query)
        .unwrap()
        .into_iter()
        .map(|h| h.summary.id)
        .collect();
    ids.sort();
    ids
}

fn integrity_ok(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

/// `count` distinct credentials: `ob30/simple.json` with its `id` changed (the signature no
/// longer matches, which importing does not check), written into `dir`.
fn distinct_credentials(dir: &Path, count: usize) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(validator("ob30/simple.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    (0..count)
        .map(|n| {
            let mut doc = doc.clone();
            doc["id"] = format!("urn:uuid:00000000-0000-4000-8000-{n:012}").into();
            let path = dir.join(format!("credential-{n:02}.json"));
            std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
            path
        })
        .collect()
}

#[test]
fn verification_on_import_records_each_verdict_for_the_library() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    // Valid offline; not yet valid (so invalid); a hosted OB 2.0 assertion, which offline
    // cannot be checked against its host (indeterminate).
    let files = [
        "ob30/simple.json",
        "ob30/simple-err-issued.json",
        "ob20/basic-assertion.json",
    ];
    let report = wallet.import_paths(
        &files.map(validator),
        &ImportOptions::default(),
        &mut |_| {},
    );
    assert_eq!(report.count(Outcome::Imported), 3, "{report:#?}");
    assert!(!report.cancelled);
    let verdicts: Vec<Vec<Verdict>> = report.files.iter().map(|f| f.verdicts.clone()).collect();
    assert_eq!(
        verdicts,
        [
            vec![Verdict::Valid],
            vec![Verdict::Invalid],
            vec![Verdict::Indeterminate]
        ],
        "{report:#?}"
    );

    // The history holds one offline entry per credential, and the library filters see them.
    let history = History::open(&wallet).unwrap();
    let ids: Vec<String> = report
        .files
        .iter()
        .map(|f| f.credentials[0].clone())
        .collect();
    for (id, expected) in ids
        .iter()
        .zip([Verdict::Valid, Verdict::Invalid, Verdict::Indeterminate])
    {
        let entries = history.entries(id).unwrap();
        assert_eq!(entries.len(), 1, "{id}");
        assert!(!entries[0].online, "verification on import is offline");
        assert_eq!(entries[0].report.verdict, expected, "{id}");
    }
    assert_eq!(ids_with(&wallet, VerdictFilter::Valid), [ids[0].clone()]);
    assert_eq!(ids_with(&wallet, VerdictFilter::Invalid), [ids[1].clone()]);
    assert_eq!(
        ids_with(&wallet, VerdictFilter::Indeterminate),
        [ids[2].clone()]
    );
    assert!(ids_with(&wallet, VerdictFilter::Unverified).is_empty());

    // Importing a duplicate verifies nothing again.
    let again = wallet.import_paths(
        &[validator("ob30/simple.json")],
        &ImportOptions::default(),
        &mut |_| {},
    );
    assert_eq!(again.files[0].outcome, Outcome::Duplicate);
    assert!(again.files[0].verdicts.is_empty());
    let history = History::open(&wallet).unwrap();
    assert_eq!(history.entries(&ids[0]).unwrap().len(), 1);
}

#[test]
fn store_only_leaves_credentials_unverified() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = wallet.import_paths(
        &[validator("ob30/simple.json")],
        &ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.count(Outcome::Imported), 1, "{report:#?}");
    assert!(report.files[0].verdicts.is_empty());
    let id = &report.files[0].credentials[0];
    assert!(
        History::open(&wallet)
            .unwrap()
            .latest_verdict(id)
            .unwrap()
            .is_none()
    );
    assert_eq!(
        ids_with(&wallet, VerdictFilter::Unverified),
        std::slice::from_ref(id)
    );
}

#[test]
fn cancelling_after_n_files_keeps_exactly_those_files() {
    let tw = TempWallet::new();
    let folder = tw.dir.path().join("badges");
    std::fs::create_dir(&folder).unwrap();
    distinct_credentials(&folder, 6);
    let mut wallet = tw.open();
    let cancel = Arc::new(AtomicBool::new(false));
    let options = ImportOptions {
        verify: true,
        cancel: Some(cancel.clone()),
        ..ImportOptions::default()
    };
    let mut seen = 0;
    let report = wallet.import_paths(&[folder], &options, &mut |p| {
        seen = p.done;
        if p.done == 3 {
            cancel.store(true, Ordering::Relaxed);
        }
    });
    assert!(report.cancelled, "{report:#?}");
    assert_eq!(seen, 3, "no progress after the cancel");
    assert_eq!(report.count(Outcome::Imported), 3, "{report:#?}");
    assert_eq!(report.count(Outcome::Cancelled), 3, "{report:#?}");
    // The files done are the first three in name order; the rest are named as not imported.
    let cancelled: Vec<&str> = report
        .files
        .iter()
        .filter(|f| f.outcome == Outcome::Cancelled)
        .map(|f| f.source.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        cancelled,
        [
            "credential-03.json",
            "credential-04.json",
            "credential-05.json"
        ]
    );
    assert!(
        report.files[3..]
            .iter()
            .all(|f| f.message.contains("cancelled") && f.credentials.is_empty())
    );
    assert_eq!(wallet.count().unwrap(), 3);
    // Each stored credential was verified before the cancel took effect.
    assert!(report.files[..3].iter().all(|f| f.verdicts.len() == 1));
    drop(wallet);
    integrity_ok(&tw.path);

    // Importing the folder again finishes the job: three duplicates, three new.
    let mut wallet = tw.open();
    let rest = wallet.import_paths(
        &[tw.dir.path().join("badges")],
        &ImportOptions::store_only(),
        &mut |_| {},
    );
    assert!(!rest.cancelled);
    assert_eq!(rest.count(Outcome::Duplicate), 3, "{rest:#?}");
    assert_eq!(rest.count(Outcome::Imported), 3, "{rest:#?}");
    assert_eq!(wallet.count().unwrap(), 6);
}

#[test]
fn cancelling_inside_an_archive_stops_between_its_files() {
    let tw = TempWallet::new();
    let dir = tw.dir.path().join("loose");
    std::fs::create_dir(&dir).unwrap();
    let entries: Vec<(String, Vec<u8>)> = distinct_credentials(&dir, 4)
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(p).unwrap(),
            )
        })
        .collect();
    let borrowed: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    let archive = tw.dir.path().join("badges.zip");
    std::fs::write(&archive, zip_of(&borrowed)).unwrap();
    let later = tw.dir.path().join("later.json");
    std::fs::copy(validator("ob30/simple.json"), &later).unwrap();

    let mut wallet = tw.open();
    let cancel = Arc::new(AtomicBool::new(false));
    let options = ImportOptions {
        verify: false,
        cancel: Some(cancel.clone()),
        ..ImportOptions::default()
    };
    let report = wallet.import_paths(&[archive, later], &options, &mut |p| {
        if p.done == 2 {
            cancel.store(true, Ordering::Relaxed);
        }
    });
    assert!(report.cancelled);
    assert_eq!(report.count(Outcome::Imported), 2, "{report:#?}");
    let outcomes: Vec<Outcome> = report.files.iter().map(|f| f.outcome).collect();
    assert_eq!(
        outcomes,
        [
            Outcome::Imported,
            Outcome::Imported,
            Outcome::Cancelled,
            Outcome::Cancelled
        ]
    );
    assert!(
        report.files[2].message.contains("other 2 files"),
        "{}",
        report.files[2].message
    );
    assert!(report.files[3].source.ends_with("later.json"));
    assert_eq!(wallet.count().unwrap(), 2);
    drop(wallet);
    integrity_ok(&tw.path);
}

#[test]
fn cli_import_verifies_unless_told_not_to() {
    let tw = TempWallet::new();
    let file = validator("ob30/simple.json");
    let out = cairn(&tw, &["import", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("(verified: valid)"), "{stdout}");
    assert!(
        stdout.contains("verified offline: 1 valid, 0 invalid, 0 indeterminate"),
        "{stdout}"
    );

    let other = TempWallet::new();
    let out = cairn(&other, &["import", "--no-verify", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(!stdout.contains("verified"), "{stdout}");
    let wallet = other.open();
    let id = wallet.list().unwrap()[0].id.clone();
    assert!(
        History::open(&wallet)
            .unwrap()
            .latest_verdict(&id)
            .unwrap()
            .is_none()
    );
}
