//! The benchmark corpus (`benches/support/corpus.rs`): deterministic, and every credential in
//! it verifies `valid` in Cairn, imported through the real pipeline.

#[path = "../benches/support/corpus.rs"]
mod generator;

use crate::common::{FixtureServer, TempWallet};
use cairn::verify::{Verdict, VerifyOptions, verify_document};
use cairn::wallet::{ImportOptions, Outcome};
use generator::{Kind, generate};

const SEED: u64 = 20_261_123;

fn files_of(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_same_seed_writes_byte_identical_files() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    generate(SEED, 100).write(a.path()).unwrap();
    generate(SEED, 100).write(b.path()).unwrap();
    let (first, second) = (files_of(a.path()), files_of(b.path()));
    // 100 credentials, plus the OB 2.0 host's assertions, BadgeClasses and Issuers.
    assert!(first.len() > 120, "{}", first.len());
    assert_eq!(first, second);
    // Another seed gives other credentials (an OB 2.0 baked PNG names its assertion by URL,
    // so there the hosted assertion differs).
    let other = generate(SEED + 1, 100);
    assert!(
        other
            .files
            .iter()
            .zip(generate(SEED, 100).files)
            .all(|(x, y)| x.name == y.name && x.document != y.document)
    );
}

#[test]
fn the_corpus_mixes_the_five_kinds_evenly_with_several_issuers() {
    let corpus = generate(SEED, 100);
    for kind in Kind::ALL {
        assert_eq!(corpus.files.iter().filter(|f| f.kind == kind).count(), 20);
    }
    let issuers: std::collections::BTreeSet<String> = corpus
        .files
        .iter()
        .filter(|f| f.kind == Kind::Rdfc)
        .map(|f| {
            let doc: serde_json::Value = serde_json::from_str(&f.document).unwrap();
            doc["issuer"]["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(issuers.len() >= 4, "{issuers:?}");
    assert!(issuers.iter().all(|i| i.starts_with("did:key:z6Mk")));
}

#[test]
fn every_generated_credential_verifies_valid() {
    let corpus = generate(SEED, 100);
    // Offline, straight from the documents (OB 2.0 hosted ones need their host).
    let options = VerifyOptions::offline();
    for file in corpus.files.iter().filter(|f| f.kind != Kind::Ob2Baked) {
        let report = verify_document(&file.document, &options);
        assert_eq!(report.verdict, Verdict::Valid, "{}: {report:#?}", file.name);
    }

    // All of them through `import_paths` with verification on import: the OB 2.0 host is a
    // real server on 127.0.0.1, its documents kept as snapshots and used to verify offline.
    let tw = TempWallet::new();
    let dir = tw.dir.path().join("corpus");
    corpus.write(&dir).unwrap();
    let routes = corpus
        .hosted
        .iter()
        .map(|h| {
            let path = h.path().to_owned();
            let file = dir.join(".hosted").join(path.trim_start_matches('/'));
            (path, file)
        })
        .collect();
    let server = FixtureServer::start(routes);
    let mut wallet = tw.open();
    wallet.set_network(Some(server.client()));
    let report = wallet.import_paths(&[dir], &ImportOptions::default(), &mut |_| {});
    assert_eq!(
        report.files.len(),
        100,
        "hidden host files are not imported"
    );
    for file in &report.files {
        assert_eq!(file.outcome, Outcome::Imported, "{file:#?}");
        assert_eq!(file.verdicts, [Verdict::Valid], "{file:#?}");
    }
    assert_eq!(wallet.count().unwrap(), 100);
}
