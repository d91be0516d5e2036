//! Tamper property: for every valid signed fixture (W3C vectors and 1EdTech fixtures the
//! conformance material expects to verify, Data Integrity and JWT), changing any signed leaf
//! value or flipping any byte of the proof yields `invalid` (a changed context URL:
//! `indeterminate` for the unknown context, never `valid`).
//!
//! `tests/verify.rs::tampering_with_any_signed_value_invalidates` already changes every leaf of
//! five documents; this goes over all of them. To keep a debug run well under a minute, a
//! fixture with more than [`LEAF_BUDGET`] leaves (the two large CLRs) is tested on a
//! deterministic, evenly spaced sample of its leaves; every proof byte is flipped for the
//! fixtures in [`EVERY_BYTE`] and an evenly spaced sample of [`BYTE_BUDGET`] bytes per proof
//! for the rest.
//! Left out: the OB 2.0 JWS fixtures, whose keys are fetched over the network (JWS signature
//! tampering is covered by `tests/verify.rs::jose_refuses_tampering_none_and_hmac`). The
//! ecdsa-sd-2023 derived credential is in (see also `tests/verify_ecdsa_sd.rs`).

use crate::common::{conformance, json_leaves};
use crate::conformance_w3c::{options, test_contexts};
use base64::Engine as _;
use cairn::verify::{VerifyOptions, verify_document};
use serde_json::Value;

/// Most leaves changed per fixture; above this, an evenly spaced sample.
const LEAF_BUDGET: usize = 40;
/// Most proof bytes flipped per proof; above this, an evenly spaced sample. Fixtures in
/// [`EVERY_BYTE`] have every byte of their proofs flipped.
const BYTE_BUDGET: usize = 12;
/// Fixtures whose every proof byte is flipped: one per proof kind (RDFC, JCS, RS256 JWT).
const EVERY_BYTE: [&str; 3] = [
    "1edtech-validator/ob30/simple.json",
    "w3c-vc-di-eddsa/TestVectors/eddsa-jcs-2022/signedJCS.json",
    "1edtech-validator/ob30/simple-jwt.svg",
];

/// The signed documents the conformance material expects to verify, as carried (baked images
/// are opened with the importer).
fn valid_signed_documents() -> Vec<(String, String)> {
    let dir = conformance();
    let expected: Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let mut out = Vec::new();
    for entry in expected["entries"].as_array().unwrap() {
        let path = entry["path"].as_str().unwrap();
        let expect = entry["expect"].as_str().unwrap();
        if entry["signature"] != "valid" || !(expect == "valid" || expect == "warning") {
            continue;
        }
        // OB 2.0 JWS keys come from the network.
        if entry["format"] == "ob2-jws" {
            continue;
        }
        let bytes = std::fs::read(dir.join(path)).unwrap();
        let found = cairn::import::extract(path, &bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        // The outermost credential carries the proof that covers the rest.
        let top = found
            .iter()
            .find(|f| f.parent.is_none())
            .expect("a credential");
        out.push((path.to_owned(), top.document.clone()));
    }
    assert!(out.len() >= 25, "found {} valid signed fixtures", out.len());
    out
}

fn changed(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(format!("{s}x")),
        Value::Number(n) => Value::from(n.as_f64().unwrap_or(0.0) + 1.0),
        Value::Bool(b) => Value::Bool(!b),
        _ => Value::String("x".into()),
    }
}

/// `count` evenly spaced indices out of `len` (all of them when `len <= count`).
fn sample(len: usize, count: usize) -> Vec<usize> {
    if len <= count {
        return (0..len).collect();
    }
    (0..count).map(|i| i * len / count).collect()
}

fn byte_budget(path: &str) -> usize {
    if EVERY_BYTE.contains(&path) {
        usize::MAX
    } else {
        BYTE_BUDGET
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .unwrap()
}

/// The change at `pointer` must be caught: the signature fails, or the document is invalid for
/// another reason than the key binding the untouched vector may already fail, or a changed
/// context URL leaves the signature uncheckable (`indeterminate`, `unknown_context`).
fn assert_invalid(document: &str, opts: &VerifyOptions, pointer: &str, what: &str) {
    let report = verify_document(document, opts);
    assert!(
        crate::verify_binding::tamper_caught(&report, pointer),
        "{what} went unnoticed: {report:#?}"
    );
}

/// Leaves of a Data Integrity document, then every byte of each proof's `proofValue`.
fn tamper_data_integrity(path: &str, text: &str, opts: &VerifyOptions) -> (usize, usize) {
    let doc: Value = serde_json::from_str(text).unwrap();
    let mut pointers = Vec::new();
    json_leaves(&doc, String::new(), &mut pointers);
    let picked = sample(pointers.len(), LEAF_BUDGET);
    for &i in &picked {
        let mut copy = doc.clone();
        let slot = copy.pointer_mut(&pointers[i]).unwrap();
        *slot = changed(slot);
        assert_invalid(
            &copy.to_string(),
            opts,
            &pointers[i],
            &format!("{path}: changing {}", pointers[i]),
        );
    }
    let proof_pointers: Vec<String> = match &doc["proof"] {
        Value::Array(items) => (0..items.len()).map(|i| format!("/proof/{i}")).collect(),
        _ => vec!["/proof".into()],
    };
    let mut flipped = 0;
    for proof in proof_pointers {
        let pointer = format!("{proof}/proofValue");
        let value = doc.pointer(&pointer).and_then(Value::as_str).unwrap();
        let (prefix, bytes) = value.split_at(1);
        let raw = match prefix {
            "z" => bs58::decode(bytes).into_vec().unwrap(),
            "u" => unb64(bytes),
            other => panic!("{path}: unexpected multibase prefix {other}"),
        };
        for i in sample(raw.len(), byte_budget(path)) {
            let mut bad = raw.clone();
            bad[i] ^= 0x01;
            let encoded = match prefix {
                "z" => format!("z{}", bs58::encode(&bad).into_string()),
                _ => format!("u{}", b64(&bad)),
            };
            let mut copy = doc.clone();
            *copy.pointer_mut(&pointer).unwrap() = Value::String(encoded);
            assert_invalid(
                &copy.to_string(),
                opts,
                &pointer,
                &format!("{path}: flipping byte {i} of {pointer}"),
            );
            flipped += 1;
        }
    }
    (picked.len(), flipped)
}

/// Leaves of a JWT's payload (header and signature kept), then every signature byte.
fn tamper_jwt(path: &str, text: &str, opts: &VerifyOptions) -> (usize, usize) {
    let parts: Vec<&str> = text.trim().split('.').collect();
    assert_eq!(parts.len(), 3, "{path} is a compact JWS");
    let payload: Value = serde_json::from_slice(&unb64(parts[1])).unwrap();
    let mut pointers = Vec::new();
    json_leaves(&payload, String::new(), &mut pointers);
    let picked = sample(pointers.len(), LEAF_BUDGET);
    for &i in &picked {
        let mut copy = payload.clone();
        let slot = copy.pointer_mut(&pointers[i]).unwrap();
        *slot = changed(slot);
        let token = format!(
            "{}.{}.{}",
            parts[0],
            b64(copy.to_string().as_bytes()),
            parts[2]
        );
        assert_invalid(
            &token,
            opts,
            &pointers[i],
            &format!("{path}: changing {}", pointers[i]),
        );
    }
    let signature = unb64(parts[2]);
    let bytes = sample(signature.len(), byte_budget(path));
    for &i in &bytes {
        let mut bad = signature.clone();
        bad[i] ^= 0x01;
        let token = format!("{}.{}.{}", parts[0], parts[1], b64(&bad));
        assert_invalid(
            &token,
            opts,
            "signature",
            &format!("{path}: flipping signature byte {i}"),
        );
    }
    (picked.len(), bytes.len())
}

#[test]
fn every_valid_signed_fixture_is_tamper_evident() {
    let contexts = test_contexts();
    let opts = options(&contexts);
    let started = std::time::Instant::now();
    let (mut fixtures, mut leaf_changes, mut byte_flips) = (0, 0, 0);
    for (path, document) in valid_signed_documents() {
        // Untouched, its signature must hold, or the property proves nothing; a W3C vector
        // whose did:key is not its issuer is invalid for that alone (#13), said explicitly.
        let untouched = verify_document(&document, &opts);
        crate::verify_binding::assert_untouched(&untouched, &path);
        let (leaves, bytes) = if cairn::verify::jose::looks_compact(document.trim()) {
            tamper_jwt(&path, &document, &opts)
        } else {
            tamper_data_integrity(&path, &document, &opts)
        };
        fixtures += 1;
        leaf_changes += leaves;
        byte_flips += bytes;
    }
    eprintln!(
        "tamper property: {fixtures} fixtures, {leaf_changes} leaf changes, {byte_flips} proof byte flips, {:?}",
        started.elapsed()
    );
}
