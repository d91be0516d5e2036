//! Conformance: the W3C vc-di-eddsa test vectors (every intermediate value) and the W3C
//! RDFC-1.0 test suite, run against Cairn's canonicalisation and Data Integrity code.

use crate::common::conformance;
use cairn::verify::di::{self, Suite};
use cairn::verify::{CheckName, CheckStatus, Contexts, VerifyOptions, verify_document};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The contexts the conformance material needs beyond the built-in ones (W3C examples and the
/// citizenship vocabulary), read from `expected.json`'s context map.
pub fn test_contexts() -> Contexts {
    let root = conformance();
    let expected: Value =
        serde_json::from_slice(&std::fs::read(root.join("expected.json")).unwrap()).unwrap();
    let mut contexts = Contexts::embedded().clone();
    for (url, entry) in expected["contexts"].as_object().unwrap() {
        if contexts.contains(url) || entry["kind"] != "context" {
            continue;
        }
        let bytes = std::fs::read(root.join(entry["file"].as_str().unwrap())).unwrap();
        contexts.add(url, &bytes).unwrap();
    }
    contexts
}

fn vectors() -> PathBuf {
    conformance().join("w3c-vc-di-eddsa/TestVectors")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

/// Checks one suite's published intermediate values: canonical document, canonical proof
/// options, both hashes, the combined hash and the signature.
fn check_vector(dir: &str, signed: &str, suffix: &str, contexts: &Contexts) {
    let dir = vectors().join(dir);
    let doc = json(&dir.join(signed));
    let proof = doc["proof"].clone();
    let suite = Suite::of(&proof).expect("a known suite");
    let values = di::intermediate(&doc, &proof, suite, contexts).expect("intermediate values");
    let text = |name: &str| read(&dir.join(format!("{name}{suffix}.txt")));
    assert_eq!(
        values.canonical_document,
        text("canonDoc"),
        "{}: canonical document",
        dir.display()
    );
    assert_eq!(
        values.canonical_proof,
        text("proofCanon"),
        "{}: canonical proof",
        dir.display()
    );
    assert_eq!(
        hex::encode(values.document_hash),
        text("docHash").trim(),
        "document hash"
    );
    assert_eq!(
        hex::encode(values.proof_hash),
        text("proofHash").trim(),
        "proof hash"
    );
    assert_eq!(
        hex::encode(values.combined_hash()),
        text("combinedHash").trim(),
        "combined hash"
    );
    assert_eq!(
        hex::encode(&values.signature),
        text("sigHex").trim(),
        "signature"
    );
    let report = verify_document(&read(&dir.join(signed)), &options(contexts));
    let sig = report.check(CheckName::Signature).unwrap();
    assert_eq!(
        sig.status,
        CheckStatus::Pass,
        "{}: {}",
        dir.display(),
        sig.message
    );
}

pub fn options(contexts: &Contexts) -> VerifyOptions<'_> {
    VerifyOptions {
        fetch: None,
        now: chrono::DateTime::parse_from_rfc3339("2026-11-23T00:00:00Z")
            .unwrap()
            .to_utc(),
        identities: &[],
        contexts,
    }
}

#[test]
fn eddsa_rdfc_2022_vector() {
    check_vector(
        "eddsa-rdfc-2022",
        "signedDataInt.json",
        "DataInt",
        &test_contexts(),
    );
}

#[test]
fn eddsa_rdfc_2022_employ_vector() {
    check_vector(
        "eddsa-rdfc-2022/employ",
        "signedDataInt.json",
        "DataInt",
        &test_contexts(),
    );
}

#[test]
fn eddsa_jcs_2022_vector() {
    check_vector("eddsa-jcs-2022", "signedJCS.json", "JCS", &test_contexts());
}

#[test]
fn ed25519_signature_2020_vector() {
    check_vector(
        "Ed25519Signature2020",
        "signedEdSig.json",
        "EdSig",
        &test_contexts(),
    );
}
