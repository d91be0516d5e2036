//! VC-JWT signatures with each supported algorithm (ES256 and EdDSA here; RS256 is covered by
//! the 1EdTech fixtures), with keys from the `jwk` header and from a `did:jwk` `kid`.

use base64::Engine as _;
use cairn::verify::{CheckName, CheckStatus, Verdict, VerifyOptions, verify_document};
use serde_json::{Value, json};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn payload(issuer: &str) -> Value {
    json!({
        "iss": issuer,
        "vc": {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": "urn:uuid:6a9c92a9-2530-4e2b-9776-530467e9bbe0",
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
            }
        }
    })
}

fn token(header: &Value, payload: &Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let sig = sign(input.as_bytes());
    format!("{input}.{}", b64(&sig))
}

fn signature(jwt: &str) -> (Verdict, CheckStatus, String) {
    let report = verify_document(jwt, &VerifyOptions::offline());
    let check = report.check(CheckName::Signature).unwrap();
    (report.verdict, check.status, check.message.clone())
}

#[test]
fn es256_with_a_jwk_header() {
    use p256::ecdsa::signature::Signer as _;
    let key = p256::ecdsa::SigningKey::from_bytes(&[7u8; 32].into()).unwrap();
    let point = key.verifying_key().to_encoded_point(false);
    let jwk = json!({"kty": "EC", "crv": "P-256",
        "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap())});
    let header = json!({"alg": "ES256", "typ": "JWT", "jwk": jwk.clone()});
    let body = payload("https://example.com/issuer");
    let sign = |m: &[u8]| {
        let sig: p256::ecdsa::Signature = key.sign(m);
        sig.to_bytes().to_vec()
    };
    let jwt = token(&header, &body, sign);
    let (verdict, status, message) = signature(&jwt);
    assert_eq!(status, CheckStatus::Pass, "{message}");
    // A key embedded in the header is not an https issuer's (anyone can embed one, #13).
    assert_eq!(verdict, Verdict::Invalid);
    // For the did:jwk made of that key, it is.
    let did = format!("did:jwk:{}", b64(jwk.to_string().as_bytes()));
    let (verdict, status, message) = signature(&token(&header, &payload(&did), sign));
    assert_eq!(status, CheckStatus::Pass, "{message}");
    assert_eq!(verdict, Verdict::Valid);
    // Signed by another key: rejected.
    let other = p256::ecdsa::SigningKey::from_bytes(&[9u8; 32].into()).unwrap();
    let forged = token(&header, &body, |m: &[u8]| {
        let sig: p256::ecdsa::Signature = other.sign(m);
        sig.to_bytes().to_vec()
    });
    assert_eq!(signature(&forged).1, CheckStatus::Fail);
}

#[test]
fn eddsa_with_a_did_jwk_kid_bound_to_the_issuer() {
    use ed25519_dalek::Signer as _;
    let key = ed25519_dalek::SigningKey::from_bytes(&[3u8; 32]);
    let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(key.verifying_key().as_bytes())});
    let did = format!("did:jwk:{}", b64(jwk.to_string().as_bytes()));
    let header = json!({"alg": "EdDSA", "kid": format!("{did}#0")});
    let body = payload(&did);
    let jwt = token(&header, &body, |m: &[u8]| key.sign(m).to_bytes().to_vec());
    let report = verify_document(&jwt, &VerifyOptions::offline());
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
    assert_eq!(
        report.check(CheckName::IssuerKey).unwrap().status,
        CheckStatus::Pass
    );
    // An ES256 header over an Ed25519 key never verifies (no algorithm confusion).
    let confused = json!({"alg": "ES256", "kid": format!("{did}#0")});
    let jwt = token(&confused, &body, |m: &[u8]| key.sign(m).to_bytes().to_vec());
    assert_eq!(signature(&jwt).1, CheckStatus::Fail);
}
