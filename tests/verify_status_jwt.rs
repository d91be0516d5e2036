//! Status lists published as VC-JWTs (`BitstringStatusListCredential` served as
//! `application/vc+jwt`): the list's JWS signature is verified before its bits are read.
//! A real HTTP server on 127.0.0.1 serves lists signed here.

use crate::common::FixtureServer;
use base64::Engine as _;
use cairn::net::{Client, NetPolicy};
use cairn::verify::{CheckName, CheckStatus, Report, Verdict, VerifyOptions, verify_document};
use p256::ecdsa::signature::Signer as _;
use serde_json::{Value, json};
use std::io::Write as _;

const LIST_URL: &str = "https://status.example/lists/1";
const LIST_ISSUER_SEED: [u8; 32] = [11u8; 32];
const CREDENTIAL_SEED: [u8; 32] = [12u8; 32];

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn jwk_of(key: &p256::ecdsa::SigningKey) -> Value {
    let point = key.verifying_key().to_encoded_point(false);
    json!({"kty": "EC", "crv": "P-256",
        "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap())})
}

/// A compact ES256 JWS of `payload` with `header`.
fn sign(key: &p256::ecdsa::SigningKey, header: &Value, payload: &Value) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let signature: p256::ecdsa::Signature = key.sign(input.as_bytes());
    format!("{input}.{}", b64(&signature.to_bytes()))
}

/// `u` + base64url(gzip(bits)) for a 16 KiB list with the given indexes set.
fn encoded_list(set: &[usize]) -> String {
    let mut bits = vec![0u8; 16 * 1024];
    for &i in set {
        bits[i / 8] |= 0x80 >> (i % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bits).unwrap();
    format!("u{}", b64(&gz.finish().unwrap()))
}

/// A status list VC-JWT, signed by a `did:jwk` key named in `kid`.
fn list_jwt(revoked: &[usize]) -> String {
    let key = p256::ecdsa::SigningKey::from_bytes(&LIST_ISSUER_SEED.into()).unwrap();
    let did = format!("did:jwk:{}", b64(jwk_of(&key).to_string().as_bytes()));
    let payload = json!({
        "iss": did,
        "vc": {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": LIST_URL,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": did,
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {
                "id": format!("{LIST_URL}#list"),
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": encoded_list(revoked)
            }
        }
    });
    let header = json!({"alg": "ES256", "typ": "vc+jwt", "kid": format!("{did}#0")});
    sign(&key, &header, &payload)
}

/// An Open Badges 3.0 VC-JWT whose status is entry `index` of the list.
fn credential(index: u64) -> String {
    let key = p256::ecdsa::SigningKey::from_bytes(&CREDENTIAL_SEED.into()).unwrap();
    // The issuer is the did:jwk of the key in the header, so the key is bound to it (#13).
    let issuer = format!("did:jwk:{}", b64(jwk_of(&key).to_string().as_bytes()));
    let payload = json!({
        "iss": issuer,
        "vc": {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": "urn:uuid:0b9e34a1-6c55-4d0e-9a3a-5d0b6a1d1f01",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": issuer, "type": ["Profile"], "name": "Example"},
            "validFrom": "2024-01-01T00:00:00Z",
            "name": "Teamwork",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "https://example.com/achievements/teamwork",
                    "type": ["Achievement"],
                    "name": "Teamwork",
                    "criteria": {"narrative": "Worked in a team."}
                }
            },
            "credentialStatus": {
                "id": format!("{LIST_URL}#{index}"),
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": index.to_string(),
                "statusListCredential": LIST_URL
            }
        }
    });
    let header = json!({"alg": "ES256", "jwk": jwk_of(&key)});
    sign(&key, &header, &payload)
}

/// A real server on 127.0.0.1 answering [`LIST_URL`] with `list` (a JWT, so served as
/// `application/vc+jwt`), and a client that sends `https://status.example` there.
fn serve(list: &str) -> (FixtureServer, Client, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("list.jwt");
    std::fs::write(&file, list).unwrap();
    let server = FixtureServer::start(vec![("/lists/1".to_owned(), file)]);
    let client = Client::new(NetPolicy::loopback_for_tests(vec![(
        "https://status.example".to_owned(),
        server.origin.clone(),
    )]))
    .unwrap();
    (server, client, dir)
}

/// Verifies `document` online with `list` served for [`LIST_URL`].
fn verify_with_list(document: &str, list: &str) -> Report {
    let (_server, client, _dir) = serve(list);
    let options = VerifyOptions {
        fetch: Some(&client),
        ..VerifyOptions::offline()
    };
    verify_document(document, &options)
}

fn status(report: &Report) -> (CheckStatus, String) {
    let check = report.check(CheckName::Status).expect("a status check");
    (check.status, check.message.clone())
}

#[test]
fn the_list_is_served_as_a_vc_jwt() {
    let (_server, client, _dir) = serve(&list_jwt(&[]));
    let fetched = client.get(LIST_URL).unwrap();
    assert_eq!(fetched.media_type.as_deref(), Some("application/vc+jwt"));
}

#[test]
fn a_revoked_index_in_a_jwt_status_list_makes_the_credential_invalid() {
    let report = verify_with_list(&credential(3), &list_jwt(&[3, 40]));
    let (st, message) = status(&report);
    assert_eq!(st, CheckStatus::Fail, "{message}");
    assert!(message.contains("revoked it (entry 3 of"), "{message}");
    assert_eq!(report.verdict, Verdict::Invalid);
    // The credential's own signature is fine: only the status fails.
    assert_eq!(
        report.check(CheckName::Signature).unwrap().status,
        CheckStatus::Pass
    );
}

#[test]
fn a_clear_index_in_a_jwt_status_list_passes() {
    let report = verify_with_list(&credential(5), &list_jwt(&[3, 40]));
    let (st, message) = status(&report);
    assert_eq!(st, CheckStatus::Pass, "{message}");
    assert!(message.contains("not revoked (entry 5 of"), "{message}");
    assert_eq!(report.verdict, Verdict::Valid, "{report:?}");
}

#[test]
fn a_tampered_jwt_status_list_fails_the_status_check() {
    // Clear the revoked bit in the payload without re-signing.
    let genuine = list_jwt(&[3]);
    let parts: Vec<&str> = genuine.split('.').collect();
    let mut payload: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .unwrap(),
    )
    .unwrap();
    payload["vc"]["credentialSubject"]["encodedList"] = json!(encoded_list(&[]));
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        b64(payload.to_string().as_bytes()),
        parts[2]
    );
    let report = verify_with_list(&credential(3), &forged);
    let (st, message) = status(&report);
    assert_eq!(st, CheckStatus::Fail, "{message}");
    assert!(message.contains("is not validly signed"), "{message}");
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn a_jwt_status_list_signed_with_another_key_fails() {
    // Signed by a different key than the did:jwk its header names.
    let genuine = list_jwt(&[]);
    let other = p256::ecdsa::SigningKey::from_bytes(&[13u8; 32].into()).unwrap();
    let parts: Vec<&str> = genuine.split('.').collect();
    let input = format!("{}.{}", parts[0], parts[1]);
    let signature: p256::ecdsa::Signature = other.sign(input.as_bytes());
    let forged = format!("{input}.{}", b64(&signature.to_bytes()));
    let report = verify_with_list(&credential(5), &forged);
    let (st, message) = status(&report);
    assert_eq!(st, CheckStatus::Fail, "{message}");
    assert!(message.contains("signature does not match"), "{message}");
}
