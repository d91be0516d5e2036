//! Verification speed: typical Open Badges 3.0 `eddsa-rdfc-2022` credentials and the W3C
//! `eddsa-rdfc-2022` and `eddsa-jcs-2022` vectors, verified offline with the built-in contexts
//! plus the W3C example contexts the vectors use (processed once, then reused).
//!
//! Also, per credential kind, the generated corpus (`benches/support/corpus.rs`): OB 3.0
//! `eddsa-rdfc-2022`, `eddsa-jcs-2022`, `Ed25519Signature2020`, VC-JWT (EdDSA) and OB 2.0 hosted
//! assertions (verified from the host's documents as the wallet keeps them, no network).
//!
//! Run with `cargo bench -p cairn --bench verify`; `scripts/bench-reference.sh` times the
//! JavaScript reference verifier on the same files.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

#[path = "support/corpus.rs"]
mod corpus;

use cairn::verify::{
    CheckName, CheckStatus, Contexts, Fetch, FetchCache, Fetched, Reason, Verdict, VerifyOptions,
    verify_document,
};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

/// The same allocator as the `cairn` binary (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The credentials timed here (relative to `../shared/conformance/`), shared with the
/// JavaScript reference script.
pub const CREDENTIALS: &[&str] = &[
    "1edtech-validator/ob30/simple.json",
    "1edtech-validator/ob30/simple-context-alias.json",
    "1edtech-validator/ob30/simple-did-web-method.json",
    "1edtech-validator/ob30/bit-string-list/testlist",
    "1edtech-validator/clr20/simple.json",
];

/// The W3C vectors timed as well (Rust side only).
pub const VECTORS: &[&str] = &[
    "w3c-vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json",
    "w3c-vc-di-eddsa/TestVectors/eddsa-jcs-2022/signedJCS.json",
];

/// The built-in contexts plus the example contexts `expected.json` lists (the W3C vectors use
/// them).
fn contexts(root: &Path) -> Contexts {
    let mut extra = Vec::new();
    if let Ok(bytes) = std::fs::read(root.join("expected.json"))
        && let Ok(expected) = serde_json::from_slice::<serde_json::Value>(&bytes)
        && let Some(listed) = expected["contexts"].as_object()
    {
        for (url, entry) in listed {
            if entry["kind"] == "context"
                && !Contexts::embedded().contains(url)
                && let Some(file) = entry["file"].as_str()
                && let Ok(bytes) = std::fs::read(root.join(file))
            {
                extra.push((url.clone(), bytes));
            }
        }
    }
    Contexts::with_extra(&extra).expect("the example contexts are JSON")
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance");
    let contexts = contexts(&root);
    let options = VerifyOptions {
        contexts: &contexts,
        ..VerifyOptions::offline()
    };
    for rel in CREDENTIALS.iter().chain(VECTORS) {
        let path = root.join(rel);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipping {rel}: not found");
            continue;
        };
        let report = verify_document(&text, &options);
        // The W3C vectors' did:key signers are not their issuers (#13): their proofs must
        // verify, and the verdict is invalid for the key binding alone.
        let proof_holds = report
            .check(CheckName::Signature)
            .is_some_and(|c| c.status == CheckStatus::Pass);
        assert!(
            report.verdict != Verdict::Invalid
                || (VECTORS.contains(rel)
                    && proof_holds
                    && report.reason == Some(Reason::WrongIssuerKey)),
            "{rel} must verify: {report:#?}"
        );
        let name = rel.split('/').rev().take(2).collect::<Vec<_>>();
        c.bench_function(&format!("{}/{}", name[1], name[0]), |b| {
            b.iter(|| verify_document(black_box(&text), &options))
        });
    }
}

/// Each kind of the generated corpus: every iteration verifies the next of its 20 credentials.
fn bench_corpus(c: &mut Criterion) {
    let generated = corpus::generate(1, 100);
    let now = chrono::Utc::now();
    let host = FetchCache::new(None, now);
    for doc in &generated.hosted {
        host.insert(
            Fetched {
                url: doc.url.clone(),
                final_url: doc.url.clone(),
                status: 200,
                media_type: Some(doc.media_type.to_owned()),
                bytes: doc.bytes.clone(),
            },
            now,
        );
    }
    let options = VerifyOptions {
        fetch: Some(&host as &dyn Fetch),
        ..VerifyOptions::offline()
    };
    for kind in corpus::Kind::ALL {
        let docs: Vec<&str> = generated
            .files
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.document.as_str())
            .collect();
        for doc in &docs {
            let report = verify_document(doc, &options);
            assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
        }
        let mut next = 0;
        c.bench_function(&format!("corpus/{}", kind.name()), |b| {
            b.iter(|| {
                next = (next + 1) % docs.len();
                verify_document(black_box(docs[next]), &options)
            })
        });
    }
}

criterion_group!(benches, bench, bench_corpus);
criterion_main!(benches);
