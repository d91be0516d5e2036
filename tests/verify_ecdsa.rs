//! W3C vc-di-ecdsa test vectors (`tests/fixtures/w3c-vc-di-ecdsa/`, see its README):
//! `ecdsa-rdfc-2019` with P-256 and the `ecdsa-sd-2023` derived (revealed) document, verified
//! offline, and tampered.

use crate::common::{fixture, json_leaves};
use crate::conformance_w3c::{options, test_contexts};
use cairn::verify::{CheckName, CheckStatus, Report, Verdict, verify_document};
use serde_json::{Value, json};

fn vector(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixture(&format!("w3c-vc-di-ecdsa/{name}"))).unwrap())
        .unwrap()
}

fn verify(doc: &Value) -> Report {
    let contexts = test_contexts();
    verify_document(&doc.to_string(), &options(&contexts))
}

fn signature(report: &Report) -> (CheckStatus, String) {
    let check = report
        .check(CheckName::Signature)
        .expect("a signature check");
    (check.status, check.message.clone())
}

const VECTORS: [&str; 2] = [
    "ecdsa-rdfc-2019-p256-employ-signedECDSAP256.json",
    "ecdsa-sd-2023-derivedRevealDocument.json",
];

#[test]
fn the_w3c_ecdsa_vectors_verify() {
    for name in VECTORS {
        let report = verify(&vector(name));
        let (status, message) = signature(&report);
        assert_eq!(status, CheckStatus::Pass, "{name}: {message}");
        let suite = vector(name)["proof"]["cryptosuite"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(&suite), "{name}: {message}");
        // The vectors' did:key signers are not their issuers (as in vc-di-eddsa): since #13
        // the proof does not count for the issuer, so the verdict is invalid for that alone.
        assert_eq!(report.verdict, Verdict::Invalid, "{name}: {report:#?}");
        assert_eq!(
            report.reason,
            Some(cairn::verify::Reason::WrongIssuerKey),
            "{name}: {report:#?}"
        );
    }
}

#[test]
fn every_changed_leaf_of_the_w3c_ecdsa_vectors_is_invalid() {
    for name in VECTORS {
        let original = vector(name);
        let mut pointers = Vec::new();
        json_leaves(&original, String::new(), &mut pointers);
        assert!(pointers.len() >= 8, "{name}: {} leaves", pointers.len());
        for pointer in pointers {
            let mut doc = original.clone();
            let slot = doc.pointer_mut(&pointer).unwrap();
            let changed = match &*slot {
                Value::String(s) => json!(format!("{s}x")),
                Value::Number(n) => json!(n.as_f64().unwrap() + 1.0),
                other => json!(format!("{other}x")),
            };
            *slot = changed;
            assert!(
                crate::verify_binding::tamper_caught(&verify(&doc), &pointer),
                "{name}: changing {pointer} went unnoticed"
            );
        }
    }
}

#[test]
fn a_flipped_signature_byte_is_invalid() {
    let mut doc = vector("ecdsa-rdfc-2019-p256-employ-signedECDSAP256.json");
    let value = doc["proof"]["proofValue"].as_str().unwrap();
    let mut raw = bs58::decode(&value[1..]).into_vec().unwrap();
    assert_eq!(raw.len(), 64, "r ‖ s");
    for i in [0, 31, 32, 63] {
        let original = raw[i];
        raw[i] ^= 0x01;
        doc["proof"]["proofValue"] = json!(format!("z{}", bs58::encode(&raw).into_string()));
        let (status, message) = signature(&verify(&doc));
        assert_eq!(status, CheckStatus::Fail, "byte {i}: {message}");
        raw[i] = original;
    }
}

#[test]
fn an_ecdsa_rdfc_proof_with_an_ed25519_key_is_refused() {
    // The same proof attributed to an Ed25519 did:key.
    let mut doc = vector("ecdsa-rdfc-2019-p256-employ-signedECDSAP256.json");
    let did = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    doc["proof"]["verificationMethod"] = json!(format!("{did}#{}", &did[8..]));
    let (status, message) = signature(&verify(&doc));
    assert_eq!(status, CheckStatus::Fail, "{message}");
    assert!(message.contains("P-256"), "{message}");
}
