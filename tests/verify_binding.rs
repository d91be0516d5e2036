//! Issuer and holder binding (issue #13) and the verifier holes of issue #17: a proof counts only
//! when the issuer (or, for a presentation, the holder) controls its key; a context Cairn lacks
//! makes a credential uncheckable, never invalid; presentations are verified whole; JOSE `crit`,
//! weak RSA keys, a mismatched `eddsa-jcs-2022` proof context and a broken proof chain are
//! refused.
//!
//! Every credential here is signed in the test with real keys (Ed25519 seeds, and RSA keys made
//! with `openssl genpkey` under `tests/fixtures/binding/`: 1024-bit, 2048-bit with exponent 3,
//! 2048-bit with 65537), through Cairn's own canonicalisation.

use crate::common::{TempWallet, cairn, fixture};
use crate::conformance_fixtures::{LocalFetch, LocalServer};
use base64::Engine as _;
use cairn::verify::di::{Canon, canonicalize};
use cairn::verify::presentation::{Expected, verify_presentation};
use cairn::verify::{
    CheckName, CheckStatus, Contexts, Reason, Report, Verdict, VerifyOptions, verify_document,
};
use ed25519_dalek::Signer as _;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};

/// An Ed25519 key from a seed byte, with its `did:key` and verification method.
struct Key {
    signing: ed25519_dalek::SigningKey,
    did: String,
    method: String,
}

fn key(seed: u8) -> Key {
    let signing = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
    let did = cairn::holder::did_key(signing.verifying_key().as_bytes());
    let multikey = did.trim_start_matches("did:key:").to_owned();
    Key {
        method: format!("{did}#{multikey}"),
        did,
        signing,
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A VC 2.0 credential from `issuer`.
fn credential(issuer: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0b7d4c4e-9a55-4f7e-8f0e-6b1d1c0f3a21",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Robotics, level 2"}
    })
}

/// Adds an `eddsa-rdfc-2022` (or `eddsa-jcs-2022`) proof by `method` to `doc`, with the extra
/// proof fields in `extra` (`challenge`, `id`, `previousProof`, …). Proofs already on `doc` are
/// kept (a proof set); those named by `previousProof` are signed over (a chain).
fn sign_with(
    doc: &Value,
    signing: &ed25519_dalek::SigningKey,
    method: &str,
    purpose: &str,
    extra: Value,
    canon: Canon,
    contexts: &Contexts,
) -> Value {
    let mut unsecured = doc.as_object().unwrap().clone();
    let existing: Vec<Value> = match unsecured.remove("proof") {
        Some(Value::Array(items)) => items,
        Some(p) => vec![p],
        None => Vec::new(),
    };
    let mut proof = Map::new();
    proof.insert("type".into(), json!("DataIntegrityProof"));
    let suite = match canon {
        Canon::Rdfc => "eddsa-rdfc-2022",
        Canon::Jcs => "eddsa-jcs-2022",
    };
    proof.insert("cryptosuite".into(), json!(suite));
    proof.insert("created".into(), json!("2024-01-01T00:00:00Z"));
    proof.insert("verificationMethod".into(), json!(method));
    proof.insert("proofPurpose".into(), json!(purpose));
    for (k, v) in extra.as_object().unwrap() {
        proof.insert(k.clone(), v.clone());
    }
    if let Some(previous) = proof.get("previousProof").and_then(Value::as_str) {
        let found = existing
            .iter()
            .find(|p| p["id"] == previous)
            .expect("the previous proof is on the document");
        unsecured.insert("proof".into(), found.clone());
    }
    if canon == Canon::Jcs {
        proof.insert("@context".into(), doc["@context"].clone());
    }
    let mut config = proof.clone();
    config.insert("@context".into(), doc["@context"].clone());
    let canonical_config = canonicalize(&Value::Object(config), canon, contexts).unwrap();
    let canonical_doc = canonicalize(&Value::Object(unsecured), canon, contexts).unwrap();
    let message = [
        Sha256::digest(canonical_config.as_bytes()).as_slice(),
        Sha256::digest(canonical_doc.as_bytes()).as_slice(),
    ]
    .concat();
    let signature = signing.sign(&message).to_bytes();
    proof.insert(
        "proofValue".into(),
        json!(format!("z{}", bs58::encode(signature).into_string())),
    );
    let mut signed = doc.as_object().unwrap().clone();
    let mut proofs = existing;
    proofs.push(Value::Object(proof));
    signed.insert(
        "proof".into(),
        if proofs.len() == 1 {
            proofs.remove(0)
        } else {
            Value::Array(proofs)
        },
    );
    Value::Object(signed)
}

/// `doc` signed by `key` for issuance, `eddsa-rdfc-2022`.
fn sign(doc: &Value, key: &Key) -> Value {
    sign_with(
        doc,
        &key.signing,
        &key.method,
        "assertionMethod",
        json!({}),
        Canon::Rdfc,
        Contexts::embedded(),
    )
}

fn verify(doc: &Value) -> Report {
    verify_document(&doc.to_string(), &VerifyOptions::offline())
}

fn message(report: &Report, name: CheckName) -> String {
    report
        .check(name)
        .map(|c| c.message.clone())
        .unwrap_or_default()
}

fn assert_wrong_issuer_key(report: &Report, signer: &str, claimed: &str) {
    assert_eq!(report.verdict, Verdict::Invalid, "{report:#?}");
    assert_eq!(report.reason, Some(Reason::WrongIssuerKey), "{report:#?}");
    let check = report.check(CheckName::IssuerKey).unwrap();
    assert_eq!(check.status, CheckStatus::Fail);
    assert!(
        check.message.contains(signer) && check.message.contains(claimed),
        "the message says who signed ({signer}) and who it claims to be from ({claimed}): {}",
        check.message
    );
}

#[test]
fn a_did_key_issuer_signed_by_another_did_key_is_invalid() {
    let (issuer, forger) = (key(1), key(2));
    let genuine = verify(&sign(&credential(&issuer.did), &issuer));
    assert_eq!(genuine.verdict, Verdict::Valid, "{genuine:#?}");
    assert_eq!(
        genuine.check(CheckName::IssuerKey).unwrap().status,
        CheckStatus::Pass
    );
    let forged = verify(&sign(&credential(&issuer.did), &forger));
    // The signature itself is sound: only the binding fails.
    assert_eq!(
        forged.check(CheckName::Signature).unwrap().status,
        CheckStatus::Pass
    );
    assert_wrong_issuer_key(&forged, &forger.did, &issuer.did);
}

#[test]
fn an_https_or_urn_issuer_signed_by_a_did_is_invalid() {
    let forger = key(3);
    for issuer in [
        "https://university.example/issuer",
        "urn:uuid:5f0e1c2a-issuer",
    ] {
        let report = verify(&sign(&credential(issuer), &forger));
        assert_wrong_issuer_key(&report, &forger.did, issuer);
    }
    // An issuer object with an `id` is read the same way.
    let mut doc = credential("x");
    doc["issuer"] = json!({"id": "https://university.example/issuer", "name": "University"});
    assert_wrong_issuer_key(
        &verify(&sign(&doc, &forger)),
        &forger.did,
        "https://university.example/issuer",
    );
    // did:jwk signer for an https issuer.
    let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(forger.signing.verifying_key().as_bytes())});
    let did_jwk = format!("did:jwk:{}", b64(jwk.to_string().as_bytes()));
    let signed = sign_with(
        &credential("https://university.example/issuer"),
        &forger.signing,
        &format!("{did_jwk}#0"),
        "assertionMethod",
        json!({}),
        Canon::Rdfc,
        Contexts::embedded(),
    );
    assert_wrong_issuer_key(
        &verify(&signed),
        &did_jwk,
        "https://university.example/issuer",
    );
}

#[test]
fn an_https_issuer_whose_key_is_a_fragment_of_its_own_url_is_bound_with_a_warning() {
    let k = key(4);
    let multikey = k.did.trim_start_matches("did:key:");
    let issuer = "https://university.example/issuer";
    let own = sign_with(
        &credential(issuer),
        &k.signing,
        &format!("{issuer}#{multikey}"),
        "assertionMethod",
        json!({}),
        Canon::Rdfc,
        Contexts::embedded(),
    );
    let report = verify(&own);
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
    let check = report.check(CheckName::IssuerKey).unwrap();
    assert_eq!(check.status, CheckStatus::Warn);
    assert!(check.message.contains("not fetched"), "{}", check.message);
    // The same key under someone else's address: the offline controller is that address.
    let elsewhere = sign_with(
        &credential(issuer),
        &k.signing,
        &format!("https://attacker.example/keys#{multikey}"),
        "assertionMethod",
        json!({}),
        Canon::Rdfc,
        Contexts::embedded(),
    );
    assert_wrong_issuer_key(&verify(&elsewhere), "https://attacker.example/keys", issuer);
}

/// A VC-JWT over `vc` with `header`, signed by `key`.
fn jwt(header: &Value, payload: &Value, key: &ed25519_dalek::SigningKey) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    format!("{input}.{}", b64(&key.sign(input.as_bytes()).to_bytes()))
}

#[test]
fn a_jwt_must_come_from_the_owner_of_its_key() {
    let (issuer, forger) = (key(5), key(6));
    let header = |k: &Key| json!({"alg": "EdDSA", "typ": "JWT", "kid": k.method});
    let payload = |iss: &str| json!({"iss": iss, "vc": credential(iss)});
    let genuine = verify_document(
        &jwt(&header(&issuer), &payload(&issuer.did), &issuer.signing),
        &VerifyOptions::offline(),
    );
    assert_eq!(genuine.verdict, Verdict::Valid, "{genuine:#?}");
    // iss and issuer name one DID, the kid (and signature) another.
    let forged = verify_document(
        &jwt(&header(&forger), &payload(&issuer.did), &forger.signing),
        &VerifyOptions::offline(),
    );
    assert_eq!(
        forged.check(CheckName::Signature).unwrap().status,
        CheckStatus::Pass
    );
    assert_wrong_issuer_key(&forged, &forger.did, &issuer.did);
    // `iss` says one issuer, the credential another (the key is iss's).
    let mut mixed = payload(&forger.did);
    mixed["vc"]["issuer"] = json!(issuer.did);
    let report = verify_document(
        &jwt(&header(&forger), &mixed, &forger.signing),
        &VerifyOptions::offline(),
    );
    assert_wrong_issuer_key(&report, &forger.did, &issuer.did);
    // An embedded jwk is bound only when it is the issuer DID's own key.
    let jwk = |k: &Key| json!({"kty": "OKP", "crv": "Ed25519", "x": b64(k.signing.verifying_key().as_bytes())});
    let embedded = |k: &Key| json!({"alg": "EdDSA", "typ": "JWT", "jwk": jwk(k)});
    let own = verify_document(
        &jwt(&embedded(&issuer), &payload(&issuer.did), &issuer.signing),
        &VerifyOptions::offline(),
    );
    assert_eq!(own.verdict, Verdict::Valid, "{own:#?}");
    let stranger = verify_document(
        &jwt(&embedded(&forger), &payload(&issuer.did), &forger.signing),
        &VerifyOptions::offline(),
    );
    assert_eq!(stranger.verdict, Verdict::Invalid, "{stranger:#?}");
    assert_eq!(stranger.reason, Some(Reason::WrongIssuerKey));
    assert!(
        message(&stranger, CheckName::IssuerKey).contains(&issuer.did),
        "{stranger:#?}"
    );
    let https = verify_document(
        &jwt(
            &embedded(&forger),
            &payload("https://university.example/issuer"),
            &forger.signing,
        ),
        &VerifyOptions::offline(),
    );
    assert_eq!(https.verdict, Verdict::Invalid, "{https:#?}");
    assert_eq!(https.reason, Some(Reason::WrongIssuerKey));
}

/// A did:web document for `did` listing `method` (with `key`'s public key) under `listed`.
fn did_document(did: &str, key: &Key, listed: &[&str]) -> Value {
    let method = format!("{did}#key-1");
    let mut doc = json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [{
            "id": method, "type": "Multikey", "controller": did,
            "publicKeyMultibase": key.did.trim_start_matches("did:key:")
        }]
    });
    for rel in listed {
        doc[*rel] = json!([method]);
    }
    doc
}

#[test]
fn a_did_web_issuer_must_list_the_key_under_assertion_method() {
    let k = key(7);
    let dir = tempfile::tempdir().unwrap();
    let server = LocalServer::start();
    let serve = |did: &str, doc: Value| {
        let path = dir.path().join(format!("{}.json", did.replace(':', "_")));
        std::fs::write(&path, doc.to_string()).unwrap();
        let url = cairn::verify::keys::did_web_url(did).unwrap();
        (url, (path, "application/json".to_owned()))
    };
    let listed = "did:web:example.com:listed";
    let unlisted = "did:web:example.com:unlisted";
    server.serve(HashMap::from([
        serve(listed, did_document(listed, &k, &["assertionMethod"])),
        serve(unlisted, did_document(unlisted, &k, &["authentication"])),
    ]));
    let fetch = LocalFetch::new(&server, BTreeSet::from(["https://example.com".to_owned()]));
    let online = VerifyOptions {
        fetch: Some(&fetch),
        ..VerifyOptions::offline()
    };
    let signed = |did: &str| {
        sign_with(
            &credential(did),
            &k.signing,
            &format!("{did}#key-1"),
            "assertionMethod",
            json!({}),
            Canon::Rdfc,
            Contexts::embedded(),
        )
    };
    let good = verify_document(&signed(listed).to_string(), &online);
    assert_eq!(good.verdict, Verdict::Valid, "{good:#?}");
    assert_eq!(
        good.check(CheckName::IssuerKey).unwrap().status,
        CheckStatus::Pass
    );
    let bad = verify_document(&signed(unlisted).to_string(), &online);
    assert_eq!(bad.verdict, Verdict::Invalid, "{bad:#?}");
    assert_eq!(bad.reason, Some(Reason::WrongIssuerKey));
    assert!(
        message(&bad, CheckName::IssuerKey).contains("assertionMethod"),
        "{bad:#?}"
    );
    // A did:web issuer signed with someone else's did:key: invalid even online.
    let forged = verify_document(&sign(&credential(listed), &key(8)).to_string(), &online);
    assert_wrong_issuer_key(&forged, &key(8).did, listed);
    // Offline the document cannot be read: indeterminate, never valid.
    let offline = verify(&signed(listed));
    assert_eq!(offline.verdict, Verdict::Indeterminate, "{offline:#?}");
    assert_eq!(offline.reason, Some(Reason::Offline));
    // Nor when the key is spelled into the method's fragment: anyone can write that.
    let multikey = k.did.trim_start_matches("did:key:");
    let fragment = sign_with(
        &credential(listed),
        &k.signing,
        &format!("{listed}#{multikey}"),
        "assertionMethod",
        json!({}),
        Canon::Rdfc,
        Contexts::embedded(),
    );
    let report = verify(&fragment);
    assert_eq!(report.verdict, Verdict::Indeterminate, "{report:#?}");
    assert_eq!(report.reason, Some(Reason::Offline));
    let check = report.check(CheckName::IssuerKey).unwrap();
    assert_eq!(check.status, CheckStatus::Skip);
    assert!(check.required);
}

#[test]
fn an_unshipped_context_is_uncheckable_never_invalid() {
    let url = "https://contexts.example/nickname/v1";
    let context = json!({"@context": {"nickname": "https://contexts.example/vocab#nickname"}});
    let extra =
        Contexts::with_extra(&[(url.to_owned(), context.to_string().into_bytes())]).unwrap();
    let k = key(9);
    let mut doc = credential(&k.did);
    doc["@context"] = json!(["https://www.w3.org/ns/credentials/v2", url]);
    doc["credentialSubject"]["nickname"] = json!("Robo");
    let signed = sign_with(
        &doc,
        &k.signing,
        &k.method,
        "assertionMethod",
        json!({}),
        Canon::Rdfc,
        &extra,
    );
    // Genuine: with the context, valid.
    let with = verify_document(
        &signed.to_string(),
        &VerifyOptions {
            contexts: &extra,
            ..VerifyOptions::offline()
        },
    );
    assert_eq!(with.verdict, Verdict::Valid, "{with:#?}");
    // Without it: indeterminate, the URL named, the signature skipped and required.
    let without = verify(&signed);
    assert_eq!(without.verdict, Verdict::Indeterminate, "{without:#?}");
    assert_eq!(without.reason, Some(Reason::UnknownContext));
    let sig = without.check(CheckName::Signature).unwrap();
    assert_eq!(sig.status, CheckStatus::Skip);
    assert!(sig.required);
    assert!(sig.message.contains(url), "{}", sig.message);
    // Even a tampered one is not called invalid for the context: it simply cannot be checked.
    let mut tampered = signed.clone();
    tampered["credentialSubject"]["nickname"] = json!("Forged");
    assert_ne!(verify(&tampered).verdict, Verdict::Invalid);
}

/// A presentation by `holder` carrying `credentials`, signed with `extra` proof fields.
fn presentation(holder: &Key, credentials: Vec<Value>, extra: Value) -> Value {
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": holder.did,
        "verifiableCredential": credentials
    });
    sign_with(
        &vp,
        &holder.signing,
        &holder.method,
        "authentication",
        extra,
        Canon::Rdfc,
        Contexts::embedded(),
    )
}

#[test]
fn presentations_are_verified_whole() {
    let (issuer, holder, stranger) = (key(10), key(11), key(12));
    let good_vc = sign(&credential(&issuer.did), &issuer);
    let bound = json!({"challenge": "nonce-123", "domain": "jobs.example"});
    let vp = presentation(&holder, vec![good_vc.clone()], bound.clone());
    let options = VerifyOptions::offline();
    let expect = Expected {
        challenge: Some("nonce-123"),
        domain: Some("jobs.example"),
    };
    let whole = verify_presentation(&vp, &options, &expect);
    assert_eq!(whole.report.verdict, Verdict::Valid, "{whole:#?}");
    assert_eq!(whole.credentials.len(), 1);
    assert_eq!(whole.credentials[0].verdict, Verdict::Valid);
    // verify_document takes presentations too.
    assert_eq!(verify(&vp).verdict, Verdict::Valid);

    // A broken holder proof.
    let mut broken = vp.clone();
    let value = broken["proof"]["proofValue"].as_str().unwrap().to_owned();
    let flipped = if value.ends_with('A') { "B" } else { "A" };
    broken["proof"]["proofValue"] = json!(format!("{}{flipped}", &value[..value.len() - 1]));
    let report = verify_presentation(&broken, &options, &expect).report;
    assert_eq!(report.verdict, Verdict::Invalid, "{report:#?}");

    // The holder changed: the proof is not the new holder's (and no longer matches).
    let mut moved = vp.clone();
    moved["holder"] = json!(stranger.did);
    let report = verify_presentation(&moved, &options, &expect).report;
    assert_eq!(report.verdict, Verdict::Invalid, "{report:#?}");
    assert_eq!(
        report.check(CheckName::IssuerKey).unwrap().status,
        CheckStatus::Fail
    );

    // Signed by someone other than the holder.
    let mut unsigned = vp.clone();
    unsigned.as_object_mut().unwrap().remove("proof");
    let by_stranger = sign_with(
        &unsigned,
        &stranger.signing,
        &stranger.method,
        "authentication",
        bound.clone(),
        Canon::Rdfc,
        Contexts::embedded(),
    );
    let report = verify_presentation(&by_stranger, &options, &expect).report;
    assert_wrong_issuer_key(&report, &stranger.did, &holder.did);

    // The wrong challenge or domain: replayed.
    for (challenge, domain) in [
        ("other-nonce", "jobs.example"),
        ("nonce-123", "evil.example"),
    ] {
        let report = verify_presentation(
            &vp,
            &options,
            &Expected {
                challenge: Some(challenge),
                domain: Some(domain),
            },
        )
        .report;
        assert_eq!(report.verdict, Verdict::Invalid, "{report:#?}");
        assert!(
            message(&report, CheckName::Signature).contains("expected"),
            "{report:#?}"
        );
    }

    // One forged credential inside makes the whole presentation invalid.
    let forged_vc = sign(&credential(&issuer.did), &stranger);
    let vp2 = presentation(&holder, vec![good_vc, forged_vc], bound);
    let whole = verify_presentation(&vp2, &options, &expect);
    assert_eq!(whole.report.verdict, Verdict::Invalid, "{whole:#?}");
    assert_eq!(whole.report.reason, Some(Reason::WrongIssuerKey));
    assert_eq!(whole.credentials[0].verdict, Verdict::Valid);
    assert_eq!(whole.credentials[1].verdict, Verdict::Invalid);
}

#[test]
fn cairn_verify_checks_a_signed_presentation_whole() {
    let (issuer, holder) = (key(13), key(14));
    let vc = sign(&credential(&issuer.did), &issuer);
    let vp = presentation(&holder, vec![vc], json!({"challenge": "n-1"}));
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("vp.json");
    std::fs::write(&good, vp.to_string()).unwrap();
    let mut tampered = vp.clone();
    tampered["holder"] = json!(key(15).did);
    let bad = dir.path().join("vp-tampered.json");
    std::fs::write(&bad, tampered.to_string()).unwrap();
    let tw = TempWallet::new();
    let run = |args: &[&str]| {
        let out = cairn(&tw, args);
        let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (out.status.code(), lines)
    };
    let good = good.to_str().unwrap();
    let (code, lines) = run(&["verify", "--offline", "--json", "--challenge", "n-1", good]);
    assert_eq!(code, Some(0), "{lines:#?}");
    assert_eq!(lines.len(), 2, "the presentation, then its credential");
    assert_eq!(lines[0]["verdict"], "valid");
    assert_eq!(lines[1]["verdict"], "valid");
    let (code, lines) = run(&["verify", "--offline", "--json", "--challenge", "n-2", good]);
    assert_eq!(code, Some(1));
    assert_eq!(lines[0]["verdict"], "invalid");
    let (code, lines) = run(&["verify", "--offline", "--json", bad.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(lines[0]["verdict"], "invalid", "{lines:#?}");
    // The credential inside is still genuine, and said so separately.
    assert_eq!(lines[1]["verdict"], "valid");
}

/// An RS256 VC-JWT signed by the PEM key in `tests/fixtures/binding/{file}`, the key in a
/// `jwk` header, for a `did:jwk` issuer made of that very key.
fn rs256_jwt(file: &str, header_extra: Value) -> String {
    use rsa::pkcs8::DecodePrivateKey as _;
    use rsa::signature::{SignatureEncoding as _, Signer as _};
    use rsa::traits::PublicKeyParts as _;
    let pem = std::fs::read_to_string(fixture(&format!("binding/{file}"))).unwrap();
    let private = rsa::RsaPrivateKey::from_pkcs8_pem(&pem).unwrap();
    let public = private.to_public_key();
    let jwk = json!({"kty": "RSA", "n": b64(&public.n().to_bytes_be()), "e": b64(&public.e().to_bytes_be())});
    let did = format!("did:jwk:{}", b64(jwk.to_string().as_bytes()));
    let mut header = json!({"alg": "RS256", "typ": "JWT", "kid": format!("{did}#0")});
    for (k, v) in header_extra.as_object().unwrap() {
        header[k] = v.clone();
    }
    let payload = json!({"iss": did, "vc": credential(&did)});
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(private);
    format!("{input}.{}", b64(&signer.sign(input.as_bytes()).to_bytes()))
}

#[test]
fn weak_rsa_keys_are_refused() {
    let strong = verify_document(
        &rs256_jwt("rsa-2048.pem", json!({})),
        &VerifyOptions::offline(),
    );
    assert_eq!(strong.verdict, Verdict::Valid, "{strong:#?}");
    for (file, said) in [
        ("rsa-1024.pem", "1024-bit"),
        ("rsa-2048-e3.pem", "exponent 3"),
    ] {
        let report = verify_document(&rs256_jwt(file, json!({})), &VerifyOptions::offline());
        assert_eq!(report.verdict, Verdict::Invalid, "{file}: {report:#?}");
        let sig = report.check(CheckName::Signature).unwrap();
        assert_eq!(sig.status, CheckStatus::Fail);
        assert!(sig.message.contains(said), "{file}: {}", sig.message);
    }
}

#[test]
fn an_unknown_critical_header_is_refused_by_verifier_and_importer() {
    let plain = rs256_jwt("rsa-2048.pem", json!({}));
    assert_eq!(
        verify_document(&plain, &VerifyOptions::offline()).verdict,
        Verdict::Valid
    );
    assert!(cairn::import::extract("plain.jwt", plain.as_bytes()).is_ok());
    let critical = rs256_jwt(
        "rsa-2048.pem",
        json!({"crit": ["https://example.com/must-understand"], "https://example.com/must-understand": true}),
    );
    let report = verify_document(&critical, &VerifyOptions::offline());
    assert_eq!(report.verdict, Verdict::Invalid, "{report:#?}");
    assert!(
        message(&report, CheckName::Signature).contains("critical"),
        "{report:#?}"
    );
    let err = cairn::import::extract("critical.jwt", critical.as_bytes()).unwrap_err();
    assert!(err.message.contains("critical"), "{}", err.message);
    // A malformed crit is refused too.
    let empty = rs256_jwt("rsa-2048.pem", json!({"crit": []}));
    assert_eq!(
        verify_document(&empty, &VerifyOptions::offline()).verdict,
        Verdict::Invalid
    );
}

#[test]
fn an_eddsa_jcs_proof_context_must_start_the_documents_context() {
    let k = key(16);
    let sign_jcs = |doc: &Value| {
        sign_with(
            doc,
            &k.signing,
            &k.method,
            "assertionMethod",
            json!({}),
            Canon::Jcs,
            Contexts::embedded(),
        )
    };
    let signed = sign_jcs(&credential(&k.did));
    assert_eq!(verify(&signed).verdict, Verdict::Valid);
    // Contexts added to the document after signing: the proof's context is where the
    // document's starts, and the document is read under the proof's.
    let mut extended = signed.clone();
    extended["@context"] = json!([
        "https://www.w3.org/ns/credentials/v2",
        "https://w3id.org/security/data-integrity/v2"
    ]);
    let report = verify(&extended);
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
    // The proof's context replaced: it no longer starts the document's.
    let mut swapped = signed.clone();
    swapped["proof"]["@context"] = json!(["https://w3id.org/security/data-integrity/v2"]);
    let report = verify(&swapped);
    assert_eq!(report.verdict, Verdict::Invalid, "{report:#?}");
    assert!(
        message(&report, CheckName::Signature).contains("@context"),
        "{report:#?}"
    );
    // The document's context changed in front: refused as well.
    let mut front = signed.clone();
    front["@context"] = json!([
        "https://w3id.org/security/data-integrity/v2",
        "https://www.w3.org/ns/credentials/v2"
    ]);
    assert_eq!(verify(&front).verdict, Verdict::Invalid);
}

#[test]
fn every_proof_of_a_set_or_chain_is_checked() {
    let (issuer, other) = (key(17), key(18));
    let first = sign_with(
        &credential(&issuer.did),
        &issuer.signing,
        &issuer.method,
        "assertionMethod",
        json!({"id": "urn:proof:1"}),
        Canon::Rdfc,
        Contexts::embedded(),
    );
    // A second proof by the issuer, chained to the first.
    let chained = sign_with(
        &first,
        &issuer.signing,
        &issuer.method,
        "assertionMethod",
        json!({"id": "urn:proof:2", "previousProof": "urn:proof:1"}),
        Canon::Jcs,
        Contexts::embedded(),
    );
    assert_eq!(
        verify(&chained).verdict,
        Verdict::Valid,
        "{:#?}",
        verify(&chained)
    );
    // The first proof removed: the second one's previous proof is missing.
    let mut cut = chained.clone();
    let second = cut["proof"][1].clone();
    cut["proof"] = second;
    let report = verify(&cut);
    assert_eq!(report.verdict, Verdict::Invalid, "{report:#?}");
    assert!(
        message(&report, CheckName::Signature).contains("previous proof urn:proof:1 is missing"),
        "{report:#?}"
    );
    // The second removed: the first still stands alone (it never covered the second, as the
    // Data Integrity specification defines proof sets and chains).
    let mut first_only = chained.clone();
    let head = first_only["proof"][0].clone();
    first_only["proof"] = head;
    assert_eq!(verify(&first_only).verdict, Verdict::Valid);
    // Either proof of a set broken: invalid, whichever it is.
    for i in 0..2 {
        let mut broken = chained.clone();
        let value = broken["proof"][i]["proofValue"]
            .as_str()
            .unwrap()
            .to_owned();
        let flipped = if value.ends_with('A') { "B" } else { "A" };
        broken["proof"][i]["proofValue"] = json!(format!("{}{flipped}", &value[..value.len() - 1]));
        assert_eq!(verify(&broken).verdict, Verdict::Invalid, "proof {i}");
    }
    // A set whose second proof is by a key the issuer does not control: invalid.
    let witnessed = sign_with(
        &first,
        &other.signing,
        &other.method,
        "assertionMethod",
        json!({"id": "urn:proof:3"}),
        Canon::Rdfc,
        Contexts::embedded(),
    );
    let report = verify(&witnessed);
    assert_wrong_issuer_key(&report, &other.did, &issuer.did);
}

/// Whether a tampered copy's report catches the change made at `pointer`: its signature fails,
/// or it is invalid for a reason other than the key binding the untouched document may already
/// fail (the W3C vectors' keys are not their issuers'), or — for a changed context URL — its
/// signature is uncheckable for the unknown context (never `valid`).
pub(crate) fn tamper_caught(report: &Report, pointer: &str) -> bool {
    let signature = report.check(CheckName::Signature).map(|c| c.status);
    signature == Some(CheckStatus::Fail)
        || (report.verdict == Verdict::Invalid && report.reason != Some(Reason::WrongIssuerKey))
        || (pointer.contains("@context")
            && report.verdict == Verdict::Indeterminate
            && report.reason == Some(Reason::UnknownContext))
}

/// Asserts an untouched document's signature holds, and that, if its verdict is not `valid`,
/// that is only because the key is not its issuer's (stated explicitly, not glossed over).
pub(crate) fn assert_untouched(report: &Report, what: &str) {
    let signature = report.check(CheckName::Signature).map(|c| c.status);
    assert!(
        matches!(signature, Some(CheckStatus::Pass | CheckStatus::Warn)),
        "{what} verifies untouched: {report:#?}"
    );
    if report.verdict != Verdict::Valid {
        assert_eq!(report.verdict, Verdict::Invalid, "{what}: {report:#?}");
        assert_eq!(
            report.reason,
            Some(Reason::WrongIssuerKey),
            "{what}: {report:#?}"
        );
    }
}
