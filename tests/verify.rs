//! Verification behaviour: proof sets and chains, tampering, JOSE refusals, offline mode,
//! stored snapshots, the injectable clock, the recipient check and verification history.

use crate::common::{TempWallet, conformance, validator};
use crate::conformance_fixtures::{LocalFetch, LocalServer, origin_of};
use crate::conformance_w3c::{options, test_contexts};
use base64::Engine as _;
use cairn::recipient::Identity;
use cairn::verify::history::History;
use cairn::verify::{
    CheckName, CheckStatus, Contexts, FetchCache, Verdict, VerifyOptions, verify_document,
};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

pub(crate) fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(crate) fn w3c(rel: &str) -> String {
    read(&conformance().join("w3c-vc-di-eddsa/TestVectors").join(rel))
}

pub(crate) fn status(report: &cairn::verify::Report, name: CheckName) -> CheckStatus {
    report.check(name).map(|c| c.status).expect("check present")
}

#[test]
fn proof_sets_and_chains_verify() {
    let contexts = test_contexts();
    for file in [
        "proof-set-chain/signedProofSet1.json",
        "proof-set-chain/signedProofSet2.json",
        "proof-set-chain/signedProofChain1.json",
        "proof-set-chain/signedProofChain2.json",
        "proof-set-chain/proofChainTempDoc1.json",
    ] {
        let report = verify_document(&w3c(file), &options(&contexts));
        assert_eq!(
            status(&report, CheckName::Signature),
            CheckStatus::Pass,
            "{file}: {report:#?}"
        );
        // The vectors' did:key signers are not their issuer: since #13 the proofs do not
        // count for it, so the verdict is invalid for that reason alone.
        assert_eq!(
            status(&report, CheckName::IssuerKey),
            CheckStatus::Fail,
            "{file}"
        );
        assert_eq!(report.verdict, Verdict::Invalid, "{file}");
        assert_eq!(
            report.reason,
            Some(cairn::verify::Reason::WrongIssuerKey),
            "{file}"
        );
    }
    // The temporary document of the chain names previous proofs it does not carry.
    let report = verify_document(
        &w3c("proof-set-chain/proofChainTempDoc2.json"),
        &options(&contexts),
    );
    assert_eq!(status(&report, CheckName::Signature), CheckStatus::Fail);
    assert!(
        report
            .check(CheckName::Signature)
            .unwrap()
            .message
            .contains("previous proof")
    );
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn legacy_eddsa_2022_name_warns() {
    let contexts = test_contexts();
    let report = verify_document(
        &read(&validator("ob30/simple-eddsa-2022.json")),
        &options(&contexts),
    );
    let sig = report.check(CheckName::Signature).unwrap();
    assert_eq!(sig.status, CheckStatus::Warn, "{}", sig.message);
    assert!(sig.message.contains("eddsa-2022"));
    assert_eq!(report.verdict, Verdict::Valid);
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn jose_refuses_tampering_none_and_hmac() {
    let contexts = test_contexts();
    let opts = options(&contexts);
    let jwt = read(&validator("clr20/simple.jwt"));
    let jwt = jwt.trim();
    let good = verify_document(jwt, &opts);
    assert_eq!(
        status(&good, CheckName::Signature),
        CheckStatus::Pass,
        "{good:#?}"
    );

    let parts: Vec<&str> = jwt.split('.').collect();
    let mut payload: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .unwrap(),
    )
    .unwrap();
    payload["vc"]["issuer"]["name"] = Value::String("Someone Else".into());
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        b64(payload.to_string().as_bytes()),
        parts[2]
    );
    let report = verify_document(&forged, &opts);
    assert_eq!(status(&report, CheckName::Signature), CheckStatus::Fail);
    assert_eq!(report.verdict, Verdict::Invalid);

    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[0])
            .unwrap(),
    )
    .unwrap();
    for alg in ["none", "HS256"] {
        let mut h = header.clone();
        h["alg"] = Value::String(alg.into());
        let token = format!(
            "{}.{}.{}",
            b64(h.to_string().as_bytes()),
            parts[1],
            parts[2]
        );
        let report = verify_document(&token, &opts);
        let sig = report.check(CheckName::Signature).unwrap();
        assert_eq!(sig.status, CheckStatus::Fail, "{alg}");
        assert!(sig.message.contains("refused"), "{alg}: {}", sig.message);
        assert_eq!(report.verdict, Verdict::Invalid);
    }
}

#[test]
fn offline_skips_network_checks_and_says_why() {
    let contexts = test_contexts();
    let opts = options(&contexts);
    // Hosted OB 2.0: the issuer's copy is needed.
    let report = verify_document(&read(&validator("ob20/basic-assertion.json")), &opts);
    assert_eq!(report.verdict, Verdict::Indeterminate, "{report:#?}");
    let key = report.check(CheckName::IssuerKey).unwrap();
    assert_eq!(key.status, CheckStatus::Skip);
    assert!(key.message.contains("offline"), "{}", key.message);
    // A Bitstring status list entry needs the list.
    let report = verify_document(
        &read(&validator(
            "ob30/bit-string-list/credential-status-revoked.json",
        )),
        &opts,
    );
    assert_eq!(status(&report, CheckName::Status), CheckStatus::Skip);
    assert_eq!(report.verdict, Verdict::Indeterminate);
    // A self-contained OB 3.0 credential needs nothing.
    let report = verify_document(&read(&validator("ob30/simple.json")), &opts);
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
}

#[test]
fn stored_snapshot_is_used_offline_with_its_age() {
    let contexts = test_contexts();
    let server = LocalServer::start();
    let list_url = "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist";
    let mut routes = HashMap::new();
    routes.insert(
        list_url.to_owned(),
        (
            validator("ob30/bit-string-list/testlist"),
            "application/json".to_owned(),
        ),
    );
    server.serve(routes);
    let live = LocalFetch::new(&server, BTreeSet::from([origin_of(list_url).unwrap()]));
    let doc = read(&validator(
        "ob30/bit-string-list/credential-status-revoked.json",
    ));
    let then = options(&contexts).now;
    let online_cache = FetchCache::new(Some(&live), then);
    let online = VerifyOptions {
        fetch: Some(&online_cache),
        ..options(&contexts)
    };
    let report = verify_document(&doc, &online);
    let st = report.check(CheckName::Status).unwrap();
    assert_eq!(st.status, CheckStatus::Fail, "{}", st.message);
    assert!(st.message.contains("revoked"));

    // Three days later, offline, from the stored copy.
    let later = then + chrono::Duration::days(3);
    let offline_cache = FetchCache::new(None, later);
    for (fetched, at) in online_cache.snapshot() {
        offline_cache.insert(fetched, at);
    }
    let offline = VerifyOptions {
        fetch: Some(&offline_cache),
        now: later,
        ..options(&contexts)
    };
    let report = verify_document(&doc, &offline);
    let st = report.check(CheckName::Status).unwrap();
    assert_eq!(st.status, CheckStatus::Fail, "{}", st.message);
    assert!(st.message.contains("3 days"), "{}", st.message);
}

#[test]
fn validity_follows_the_injected_clock() {
    let contexts = test_contexts();
    let doc = w3c("eddsa-rdfc-2022/employ/signedDataInt.json");
    let at = |date: &str| VerifyOptions {
        now: chrono::DateTime::parse_from_rfc3339(date).unwrap().to_utc(),
        ..options(&contexts)
    };
    let report = verify_document(&doc, &at("2026-11-23T00:00:00Z"));
    assert_eq!(status(&report, CheckName::Validity), CheckStatus::Pass);
    let report = verify_document(&doc, &at("2030-01-01T00:00:00Z"));
    let v = report.check(CheckName::Validity).unwrap();
    assert_eq!(v.status, CheckStatus::Fail);
    assert!(v.message.contains("expired"), "{}", v.message);
    assert_eq!(report.verdict, Verdict::Invalid);
    let report = verify_document(
        &read(&validator("ob30/simple.json")),
        &at("2009-01-01T00:00:00Z"),
    );
    assert_eq!(status(&report, CheckName::Validity), CheckStatus::Fail);
}

#[test]
fn recipient_check_uses_the_learners_identities() {
    let contexts = test_contexts();
    let doc = read(&validator("ob30/simple.json"));
    let mine = [Identity {
        kind: "did".into(),
        value: "did:example:ebfeb1f712ebc6f1c276e12ec21".into(),
    }];
    let report = verify_document(
        &doc,
        &VerifyOptions {
            identities: &mine,
            ..options(&contexts)
        },
    );
    assert_eq!(
        status(&report, CheckName::Recipient),
        CheckStatus::Pass,
        "{report:#?}"
    );
    let other = [Identity {
        kind: "did".into(),
        value: "did:example:someone-else".into(),
    }];
    let report = verify_document(
        &doc,
        &VerifyOptions {
            identities: &other,
            ..options(&contexts)
        },
    );
    assert_eq!(status(&report, CheckName::Recipient), CheckStatus::Warn);
    let report = verify_document(&doc, &options(&contexts));
    assert_eq!(status(&report, CheckName::Recipient), CheckStatus::Skip);
}

#[test]
fn checks_come_in_the_stable_order() {
    let contexts = test_contexts();
    let report = verify_document(&read(&validator("ob30/simple.json")), &options(&contexts));
    let names: Vec<&str> = report.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "format",
            "signature",
            "issuer_key",
            "validity",
            "status",
            "recipient"
        ]
    );
    let report = verify_document("not a credential", &options(&contexts));
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(report.checks[0].name, CheckName::Format);
}

#[test]
fn unknown_context_is_named_and_never_fetched() {
    let report = verify_document(
        &read(&validator("ob30/simple.json")).replace(
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://contexts.example/unknown.json",
        ),
        &VerifyOptions::offline(),
    );
    // Uncheckable, not invalid (#13): the signature is skipped for the named context.
    assert_eq!(report.verdict, Verdict::Indeterminate, "{report:#?}");
    assert_eq!(report.reason, Some(cairn::verify::Reason::UnknownContext));
    let signature = report.check(CheckName::Signature).unwrap();
    assert_eq!(signature.status, CheckStatus::Skip);
    assert!(
        signature
            .message
            .contains("https://contexts.example/unknown.json"),
        "{}",
        signature.message
    );
}

#[test]
fn history_records_every_reverification() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = wallet.import_paths(
        &[validator("ob30/simple.json")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert!(!report.has_failures());
    let id = wallet.list().unwrap()[0].id.clone();
    let history = History::open(&wallet).unwrap();
    assert!(history.latest_verdict(&id).unwrap().is_none());
    let opts = VerifyOptions::offline();
    let done = history.reverify_all(&opts, false, &mut |_| {}).unwrap();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].report.verdict, Verdict::Valid);
    history.reverify_all(&opts, false, &mut |_| {}).unwrap();
    let reports = history.reports(&id).unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(
        reports[0].checks.len(),
        6,
        "stored reports keep every check"
    );
    assert_eq!(
        history.latest_verdict(&id).unwrap().unwrap().0,
        Verdict::Valid
    );
    let one = history.reverify(&id, &opts, false).unwrap();
    assert_eq!(one.verdict, Verdict::Valid);
    assert_eq!(history.reports(&id).unwrap().len(), 3);
    // Entries say how each verification ran, newest first.
    history.record(&id, &one, true).unwrap();
    let entries = history.entries(&id).unwrap();
    assert_eq!(entries.len(), 4);
    assert!(entries[0].online, "the newest entry is the online one");
    assert_eq!(entries.iter().filter(|e| e.online).count(), 1);
    assert_eq!(entries[1].report, one);
    let missing = history.reverify("000000000000", &opts, false).unwrap_err();
    assert_eq!(missing.code, cairn::ErrorCode::NotFound);
    // Removing the credential removes its history.
    wallet.remove(&id).unwrap();
    let history = History::open(&wallet).unwrap();
    assert!(history.reports(&id).unwrap().is_empty());
}

#[test]
fn contexts_match_their_pinned_hashes() {
    let sources =
        read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/contexts/SOURCES.md"));
    for entry in cairn::verify::contexts::EMBEDDED {
        assert_eq!(
            cairn::model::sha256_hex(entry.bytes),
            entry.sha256,
            "{}",
            entry.file
        );
        assert!(
            Contexts::embedded().contains(entry.url),
            "{} is loaded",
            entry.url
        );
        let row = sources
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", entry.file)))
            .unwrap_or_else(|| panic!("{} is listed in SOURCES.md", entry.file));
        assert!(
            row.contains(entry.sha256),
            "SOURCES.md gives {}'s SHA-256",
            entry.file
        );
    }
}

#[test]
fn did_web_and_https_methods_resolve_through_the_fetcher() {
    use cairn::verify::keys::{self, KeySource};
    let key = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, doc: Value| {
        let path = dir.path().join(name);
        std::fs::write(&path, doc.to_string()).unwrap();
        (path, "application/json".to_owned())
    };
    let did_doc = |did: &str| {
        serde_json::json!({
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": did,
            "verificationMethod": [{
                "id": format!("{did}#key-1"), "type": "Multikey",
                "controller": did, "publicKeyMultibase": key
            }],
            "assertionMethod": [format!("{did}#key-1")]
        })
    };
    let server = LocalServer::start();
    let mut routes = HashMap::new();
    routes.insert(
        "https://example.com/.well-known/did.json".to_owned(),
        write("root.json", did_doc("did:web:example.com")),
    );
    routes.insert(
        "https://example.com/issuers/1/did.json".to_owned(),
        write("path.json", did_doc("did:web:example.com:issuers:1")),
    );
    routes.insert(
        "https://example.com/keys/1".to_owned(),
        write(
            "key.json",
            serde_json::json!({
                "id": "https://example.com/keys/1", "type": "Ed25519VerificationKey2020",
                "controller": "https://example.com/issuer", "publicKeyMultibase": key
            }),
        ),
    );
    server.serve(routes);
    let fetch = LocalFetch::new(&server, BTreeSet::from(["https://example.com".to_owned()]));
    let expected = keys::from_multibase(key).unwrap();
    let same = |k: &keys::PublicKey| match (k, &expected) {
        (keys::PublicKey::Ed25519(a), keys::PublicKey::Ed25519(b)) => a == b,
        _ => false,
    };
    let root = keys::resolve("did:web:example.com#key-1", Some(&fetch)).unwrap();
    assert!(same(&root.key));
    assert_eq!(root.source, KeySource::DidWeb);
    assert_eq!(root.controller.as_deref(), Some("did:web:example.com"));
    let path = keys::resolve("did:web:example.com:issuers:1#key-1", Some(&fetch)).unwrap();
    assert_eq!(
        path.controller.as_deref(),
        Some("did:web:example.com:issuers:1")
    );
    let https = keys::resolve("https://example.com/keys/1", Some(&fetch)).unwrap();
    assert!(same(&https.key));
    assert_eq!(
        https.controller.as_deref(),
        Some("https://example.com/issuer")
    );
    // A method the document does not list, and offline resolution.
    assert!(matches!(
        keys::resolve("did:web:example.com#key-2", Some(&fetch)),
        Err(keys::KeyError::Invalid(_))
    ));
    assert!(matches!(
        keys::resolve("did:web:example.com#key-1", None),
        Err(keys::KeyError::Unavailable(_))
    ));
    // did:jwk carries its key.
    let jwk = serde_json::json!({"kty": "OKP", "crv": "Ed25519",
        "x": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&keys::multibase_decode(key).unwrap()[2..])});
    let did = format!("did:jwk:{}", b64(jwk.to_string().as_bytes()));
    assert!(same(&keys::resolve(&format!("{did}#0"), None).unwrap().key));
}

#[test]
fn status_list_bits_are_read_most_significant_first() {
    use cairn::verify::status::{bit, decode_list};
    use std::io::Write as _;
    let mut bytes = vec![0u8; 16];
    bytes[0] = 0b0000_0100; // index 5
    bytes[2] = 0b1000_0000; // index 16
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).unwrap();
    let encoded = format!("u{}", b64(&gz.finish().unwrap()));
    let list = decode_list(&encoded).unwrap();
    assert_eq!(bit(&list, 5), Some(true));
    assert_eq!(bit(&list, 4), Some(false));
    assert_eq!(bit(&list, 16), Some(true));
    assert_eq!(bit(&list, 17), Some(false));
    assert_eq!(bit(&list, 128), None, "beyond the end");
    assert!(decode_list("u!!!").is_err());
    // The 1EdTech test list has bit 23 set.
    let testlist: Value =
        serde_json::from_str(&read(&validator("ob30/bit-string-list/testlist"))).unwrap();
    let list = decode_list(
        testlist["credentialSubject"]["encodedList"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(bit(&list, 23), Some(true));
    assert_eq!(bit(&list, 22), Some(false));
}

#[test]
fn data_outside_the_signed_graph_is_refused() {
    let contexts = test_contexts();
    let opts = options(&contexts);
    let original: Value = serde_json::from_str(&read(&validator("ob30/simple.json"))).unwrap();
    // Each change adds data JSON-LD would drop from the signed graph without safe mode.
    let injections: [(&str, Value); 3] = [
        (
            "/evidence",
            serde_json::json!([{"id": "relative-evidence", "type": ["Evidence"], "name": "Injected"}]),
        ),
        (
            "/credentialSubject/injected",
            Value::String("undefined term".into()),
        ),
        (
            "/credentialSubject/achievement/criteria/id",
            Value::String("relative".into()),
        ),
    ];
    for (pointer, value) in injections {
        let mut doc = original.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = if parent.is_empty() {
            &mut doc
        } else {
            doc.pointer_mut(parent).unwrap()
        };
        target[key] = value;
        let report = verify_document(&doc.to_string(), &opts);
        assert_eq!(report.verdict, Verdict::Invalid, "{pointer}: {report:#?}");
        assert_eq!(
            status(&report, CheckName::Format),
            CheckStatus::Fail,
            "{pointer}"
        );
    }
}
