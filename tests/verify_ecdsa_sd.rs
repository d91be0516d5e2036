//! `ecdsa-sd-2023` derived (selectively disclosed) proofs, on the 1EdTech fixture
//! `ob30/sd/derivedcredential.json`: it verifies, and every kind of tampering is caught.

use crate::common::validator;
use base64::Engine as _;
use cairn::verify::ecdsa_sd;
use cairn::verify::{CheckName, CheckStatus, Report, Verdict, VerifyOptions, verify_document};
use serde_json::{Value, json};
use std::collections::HashMap;

fn derived() -> Value {
    serde_json::from_slice(&std::fs::read(validator("ob30/sd/derivedcredential.json")).unwrap())
        .unwrap()
}

fn verify(doc: &Value) -> Report {
    verify_document(&doc.to_string(), &VerifyOptions::offline())
}

fn signature(report: &Report) -> (CheckStatus, String) {
    let check = report
        .check(CheckName::Signature)
        .expect("a signature check");
    (check.status, check.message.clone())
}

/// The proof value's CBOR bytes, changed by `edit`, written back into the document.
fn with_proof_bytes(doc: &Value, edit: impl Fn(&mut Vec<u8>)) -> Value {
    let mut doc = doc.clone();
    let value = doc["proof"][0]["proofValue"].as_str().unwrap().to_owned();
    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&value[1..])
        .unwrap();
    edit(&mut bytes);
    doc["proof"][0]["proofValue"] = json!(format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ));
    doc
}

#[test]
fn the_derived_credential_verifies() {
    let report = verify(&derived());
    let (status, message) = signature(&report);
    assert_eq!(status, CheckStatus::Pass, "{message}");
    assert!(message.contains("ecdsa-sd-2023"), "{message}");
    // The P-256 key is read from the verification method's `#zDna…` fragment.
    let key = report.check(CheckName::IssuerKey).unwrap();
    assert_eq!(key.status, CheckStatus::Warn, "{}", key.message);
    assert!(key.message.contains("P-256"), "{}", key.message);
    assert_eq!(report.verdict, Verdict::Valid, "{report:?}");
}

#[test]
fn the_proof_value_decodes_into_its_five_parts() {
    let doc = derived();
    let parsed = ecdsa_sd::parse_derived(doc["proof"][0]["proofValue"].as_str().unwrap()).unwrap();
    assert_eq!(parsed.base_signature.len(), 64);
    assert_eq!(&parsed.public_key[..2], &[0x80, 0x24], "a P-256 multikey");
    assert_eq!(parsed.public_key.len(), 35);
    assert!(parsed.signatures.iter().all(|s| s.len() == 64));
    assert!(parsed.label_map.values().all(|l| l.starts_with('u')));
    let data =
        ecdsa_sd::verify_data(&doc, &doc["proof"][0], cairn::verify::Contexts::embedded()).unwrap();
    assert_eq!(data.non_mandatory.len(), parsed.signatures.len());
}

#[test]
fn a_flipped_byte_in_the_base_signature_is_invalid() {
    // Layout: d9 5d 01 (tag), 85 (array of 5), 58 40 (64-byte string), then the base
    // signature: byte 8 is its third byte.
    let doc = with_proof_bytes(&derived(), |b| b[8] ^= 0x01);
    let report = verify(&doc);
    let (status, message) = signature(&report);
    assert_eq!(status, CheckStatus::Fail, "{message}");
    assert!(message.contains("base signature"), "{message}");
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn a_flipped_byte_in_a_statement_signature_is_invalid() {
    let doc = derived();
    let value = doc["proof"][0]["proofValue"].as_str().unwrap();
    let parsed = ecdsa_sd::parse_derived(value).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&value[1..])
        .unwrap();
    let first = &parsed.signatures[0];
    let at = bytes
        .windows(first.len())
        .position(|w| w == first.as_slice())
        .unwrap();
    let tampered = with_proof_bytes(&doc, |b| b[at + 10] ^= 0x80);
    let report = verify(&tampered);
    let (status, message) = signature(&report);
    assert_eq!(status, CheckStatus::Fail, "{message}");
    assert!(message.contains("disclosed statement"), "{message}");
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn a_changed_disclosed_value_is_invalid() {
    let mut doc = derived();
    doc["credentialSubject"]["achievement"]["name"] = json!("Leadership");
    let report = verify(&doc);
    let (status, message) = signature(&report);
    assert_eq!(status, CheckStatus::Fail, "{message}");
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn every_changed_leaf_is_invalid() {
    // Every string leaf outside the proof, changed in turn.
    let original = derived();
    let mut leaves = Vec::new();
    crate::common::json_leaves(&original, String::new(), &mut leaves);
    let mut changed = 0;
    for pointer in leaves.iter().filter(|p| !p.starts_with("/proof")) {
        let mut doc = original.clone();
        let Some(Value::String(s)) = doc.pointer_mut(pointer) else {
            continue;
        };
        s.push('x');
        let report = verify(&doc);
        assert!(
            crate::verify_binding::tamper_caught(&report, pointer),
            "changing {pointer} went unnoticed: {report:#?}"
        );
        changed += 1;
    }
    assert!(changed >= 10, "only {changed} leaves were tried");
}

#[test]
fn a_removed_disclosed_statement_is_invalid() {
    let mut doc = derived();
    doc["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    let report = verify(&doc);
    let (status, message) = signature(&report);
    assert_eq!(status, CheckStatus::Fail, "{message}");
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn a_base_proof_is_refused_with_a_clear_message() {
    // Header 0xd95d00 marks a base proof, which only the holder uses.
    let doc = with_proof_bytes(&derived(), |b| b[2] = 0x00);
    let report = verify(&doc);
    let (status, message) = signature(&report);
    assert_eq!(status, CheckStatus::Fail, "{message}");
    assert!(message.contains("base proof"), "{message}");
}

#[test]
fn another_issuer_key_is_invalid() {
    // The same proof, attributed to a different P-256 key.
    let mut doc = derived();
    let other = p256::ecdsa::SigningKey::from_bytes(&[9u8; 32].into()).unwrap();
    let mut multikey = vec![0x80, 0x24];
    multikey.extend_from_slice(other.verifying_key().to_encoded_point(true).as_bytes());
    let vm = format!(
        "https://1edtech.edu/issuers/565049#z{}",
        bs58::encode(multikey).into_string()
    );
    doc["proof"][0]["verificationMethod"] = json!(vm);
    let report = verify(&doc);
    assert_eq!(signature(&report).0, CheckStatus::Fail);
}

#[test]
fn relabelling_leaves_literals_and_iris_alone() {
    let map: HashMap<String, String> = [
        ("c14n0".to_owned(), "uAAA".to_owned()),
        ("c14n1".to_owned(), "uBBB".to_owned()),
    ]
    .into();
    let canonical = "_:c14n1 <http://ex/p> \"a _:c14n0 \\\" _:c14n1\" _:c14n0 .\n\
                     <http://ex/_:c14n0> <http://ex/q> _:c14n0 .\n";
    let lines = ecdsa_sd::relabelled_statements(canonical, &map).unwrap();
    assert_eq!(
        lines,
        vec![
            "<http://ex/_:c14n0> <http://ex/q> _:uAAA .\n".to_owned(),
            "_:uBBB <http://ex/p> \"a _:c14n0 \\\" _:c14n1\" _:uAAA .\n".to_owned(),
        ]
    );
    // A blank node the label map does not cover is an error, not silently kept.
    let err = ecdsa_sd::relabelled_statements("_:c14n2 <http://ex/p> \"x\" .\n", &map).unwrap_err();
    assert!(err.contains("_:c14n2"), "{err}");
}

#[test]
fn hostile_proof_values_are_errors_not_crashes() {
    let doc = derived();
    let value = doc["proof"][0]["proofValue"].as_str().unwrap().to_owned();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&value[1..])
        .unwrap();
    let encode = |b: &[u8]| {
        format!(
            "u{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
        )
    };
    // Every truncation, and every byte flipped, parses to an error or to different parts.
    let genuine = ecdsa_sd::parse_derived(&value).unwrap();
    for len in 0..bytes.len() {
        assert!(ecdsa_sd::parse_derived(&encode(&bytes[..len])).is_err());
    }
    for at in 0..bytes.len() {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0xff;
        if let Ok(parts) = ecdsa_sd::parse_derived(&encode(&flipped)) {
            assert_ne!(parts, genuine, "flipping byte {at} changed nothing");
        }
    }
    // A CBOR array claiming 2^64 - 1 items, and one nested far deeper than any proof.
    let mut huge = vec![0xd9, 0x5d, 0x01, 0x9b];
    huge.extend_from_slice(&[0xff; 8]);
    assert!(ecdsa_sd::parse_derived(&encode(&huge)).is_err());
    let mut deep = vec![0xd9, 0x5d, 0x01];
    deep.extend(std::iter::repeat_n(0x81, 10_000));
    assert!(ecdsa_sd::parse_derived(&encode(&deep)).is_err());
    // Not multibase base64url at all.
    assert!(ecdsa_sd::parse_derived("zabc").is_err());
    assert!(ecdsa_sd::parse_derived("u***").is_err());
    // A sample of flipped bytes through the whole verification: never valid.
    for at in (3..bytes.len()).step_by(bytes.len() / 24) {
        let tampered = with_proof_bytes(&doc, |b| b[at] ^= 0x01);
        assert_eq!(
            verify(&tampered).verdict,
            Verdict::Invalid,
            "flipping byte {at} went unnoticed"
        );
    }
}
