//! Tamper evidence: changing any signed value of a valid credential makes it invalid.

use crate::common::{json_leaves, validator};
use crate::conformance_w3c::{options, test_contexts};
use crate::verify::{read, status, w3c};
use cairn::verify::{CheckName, CheckStatus, Contexts, verify_document};
use serde_json::Value;

fn tampered(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(format!("{s}x")),
        Value::Number(n) => Value::from(n.as_f64().unwrap_or(0.0) + 1.0),
        Value::Bool(b) => Value::Bool(!b),
        _ => Value::String("x".into()),
    }
}

/// Changes each signed value of a valid credential in turn; every change must be caught.
fn assert_tamper_evident(text: &str, contexts: &Contexts, what: &str) {
    let opts = options(contexts);
    let original = verify_document(text, &opts);
    crate::verify_binding::assert_untouched(&original, what);
    let doc: Value = serde_json::from_str(text).unwrap();
    let mut pointers = Vec::new();
    json_leaves(&doc, String::new(), &mut pointers);
    assert!(pointers.len() > 5, "{what} has values to change");
    for pointer in &pointers {
        let mut changed = doc.clone();
        let slot = changed.pointer_mut(pointer).unwrap();
        *slot = tampered(slot);
        let report = verify_document(&changed.to_string(), &opts);
        assert!(
            crate::verify_binding::tamper_caught(&report, pointer),
            "{what}: changing {pointer} went unnoticed: {report:#?}"
        );
    }
    // The proof options are signed too.
    let mut changed = doc.clone();
    let proof = match changed.get_mut("proof").unwrap() {
        Value::Array(items) => &mut items[0],
        other => other,
    };
    proof["created"] = Value::String("2001-01-01T00:00:00Z".into());
    let report = verify_document(&changed.to_string(), &opts);
    assert_eq!(
        status(&report, CheckName::Signature),
        CheckStatus::Fail,
        "{what}: changing proof.created went unnoticed"
    );
}

#[test]
fn tampering_with_any_signed_value_invalidates() {
    let contexts = test_contexts();
    assert_tamper_evident(
        &w3c("eddsa-rdfc-2022/signedDataInt.json"),
        &contexts,
        "eddsa-rdfc-2022",
    );
    assert_tamper_evident(
        &w3c("eddsa-jcs-2022/signedJCS.json"),
        &contexts,
        "eddsa-jcs-2022",
    );
    assert_tamper_evident(
        &w3c("Ed25519Signature2020/signedEdSig.json"),
        &contexts,
        "Ed25519Signature2020",
    );
    assert_tamper_evident(
        &read(&validator("ob30/simple.json")),
        &contexts,
        "ob30/simple.json",
    );
    assert_tamper_evident(
        &read(&validator("ob30/simple-eddsa-2022.json")),
        &contexts,
        "ob30/simple-eddsa-2022.json",
    );
}
