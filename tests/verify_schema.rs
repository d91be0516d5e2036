//! JSON Schema validation: `credentialSchema` (built-in, fetched from a real server on
//! 127.0.0.1, or skipped offline), Open Badges 2.0 extension schemas and the OB 2.0 assertion
//! `image` rule, on the 1EdTech fixtures.

use crate::common::{FixtureServer, conformance, validator};
use cairn::net::{Client, NetPolicy};
use cairn::verify::schema;
use cairn::verify::{CheckName, CheckStatus, Report, Verdict, VerifyOptions, verify_document};
use serde_json::{Value, json};

fn read(path: std::path::PathBuf) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn format(report: &Report) -> (CheckStatus, String) {
    let check = report.check(CheckName::Format).expect("a format check");
    (check.status, check.message.clone())
}

fn offline(doc: &Value) -> Report {
    verify_document(&doc.to_string(), &VerifyOptions::offline())
}

#[test]
fn schemas_match_their_pinned_hashes() {
    let expected = read(conformance().join("expected.json"));
    for entry in schema::SCHEMAS.iter().chain(schema::EXTENSION_CONTEXTS) {
        assert_eq!(
            cairn::model::sha256_hex(entry.bytes),
            entry.sha256,
            "{}: update assets/schemas/SOURCES.md and src/verify/schema.rs together",
            entry.file
        );
        // The same bytes as the conformance material's copy.
        assert_eq!(
            expected["contexts"][entry.url]["sha256"].as_str(),
            Some(entry.sha256),
            "{}",
            entry.url
        );
    }
    assert!(schema::embedded(schema::SCHEMAS[0].url).is_some());
    assert!(schema::extension_context(schema::EXTENSION_CONTEXTS[0].url).is_some());
    assert!(schema::embedded("https://example.org/unknown-schema.json").is_none());
}

#[test]
fn an_ob2_extension_that_breaks_its_schema_fails_format() {
    let doc = read(validator("ob20/assertion-with-extension-node-invalid.json"));
    let report = offline(&doc);
    let (status, message) = format(&report);
    assert_eq!(status, CheckStatus::Fail, "{message}");
    assert!(
        message.contains("https://openbadgespec.org/extensions/exampleExtension/schema.json"),
        "{message}"
    );
    assert!(
        message.contains("/extensions:exampleExtension"),
        "{message}"
    );
    assert!(message.contains("exampleProperty"), "{message}");
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn an_ob2_extension_that_matches_its_schema_passes_format() {
    for file in [
        "ob20/assertion-with-extension-node-basic.json",
        "ob20/assertion-with-multiple-extensions.json",
    ] {
        let report = offline(&read(validator(file)));
        let (status, message) = format(&report);
        assert_eq!(status, CheckStatus::Pass, "{file}: {message}");
    }
}

#[test]
fn an_ob2_extension_value_of_the_wrong_type_is_caught_whichever_prefix_names_it() {
    // The basic fixture, with its string property made a number: the schema now fails.
    let mut doc = read(validator("ob20/assertion-with-extension-node-basic.json"));
    doc["extensions:exampleExtension"]["http://schema.org/text"] = json!(42);
    let (status, message) = format(&offline(&doc));
    assert_eq!(status, CheckStatus::Fail, "{message}");
}

#[test]
fn an_ob2_assertion_image_may_not_be_a_data_uri() {
    let doc = read(validator("ob20/assertion-with-data-image.json"));
    let report = offline(&doc);
    let (status, message) = format(&report);
    assert_eq!(status, CheckStatus::Fail, "{message}");
    assert!(message.contains("data: URI"), "{message}");
    assert_eq!(report.verdict, Verdict::Invalid);
    // The same assertion with an image URL has no format failure.
    let mut fixed = doc.clone();
    fixed["image"] = json!("https://example.org/beths-robot-badge.png");
    assert_ne!(format(&offline(&fixed)).0, CheckStatus::Fail);
}

/// An Open Badges 3.0 VC-JWT (ES256, key in the header) with one `credentialSchema` entry of
/// type `ty` pointing at `url`. A JWT keeps the test about the schema: its signature covers
/// bytes, with no JSON-LD expansion of the added entry.
fn with_schema(url: &str, ty: &str) -> String {
    use base64::Engine as _;
    use p256::ecdsa::signature::Signer as _;
    let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    let key = p256::ecdsa::SigningKey::from_bytes(&[21u8; 32].into()).unwrap();
    let point = key.verifying_key().to_encoded_point(false);
    let jwk = json!({"kty": "EC", "crv": "P-256",
        "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap())});
    // The issuer is the did:jwk of the key in the header, so the key is bound to it (#13).
    let issuer = format!("did:jwk:{}", b64(jwk.to_string().as_bytes()));
    let header = json!({"alg": "ES256", "jwk": jwk});
    let payload = json!({
        "iss": issuer,
        "vc": {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": "urn:uuid:5c3a0a8e-7f34-4b7e-9d51-2e0f5a7d9c11",
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
            "credentialSchema": [{"id": url, "type": ty}]
        }
    });
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let signature: p256::ecdsa::Signature = key.sign(input.as_bytes());
    format!("{input}.{}", b64(&signature.to_bytes()))
}

/// Verifies `doc` online against a real server on 127.0.0.1 answering
/// `https://schemas.example/…` from `files`.
fn online(jwt: &str, files: Vec<(&str, Value)>) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let routes = files
        .into_iter()
        .map(|(path, body)| {
            let file = dir
                .path()
                .join(path.trim_start_matches('/').replace('/', "_"));
            std::fs::write(&file, body.to_string()).unwrap();
            (path.to_owned(), file)
        })
        .collect();
    let server = FixtureServer::start(routes);
    let client = Client::new(NetPolicy::loopback_for_tests(vec![(
        "https://schemas.example".to_owned(),
        server.origin.clone(),
    )]))
    .unwrap();
    let options = VerifyOptions {
        fetch: Some(&client),
        ..VerifyOptions::offline()
    };
    verify_document(jwt, &options)
}

fn requiring(property: &str) -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "type": "object",
        "required": ["@context", "type", "issuer", property],
        "properties": {"issuer": {"type": "object", "required": ["id"]}}
    })
}

#[test]
fn a_fetched_credential_schema_is_applied() {
    let url = "https://schemas.example/ob.json";
    for ty in schema::SCHEMA_TYPES {
        let report = online(
            &with_schema(url, ty),
            vec![("/ob.json", requiring("credentialSubject"))],
        );
        let (status, message) = format(&report);
        assert_eq!(status, CheckStatus::Pass, "{ty}: {message}");
        assert_eq!(report.verdict, Verdict::Valid, "{report:?}");
    }
}

#[test]
fn a_credential_that_breaks_its_schema_fails_format() {
    let url = "https://schemas.example/strict.json";
    let report = online(
        &with_schema(url, "1EdTechJsonSchemaValidator2019"),
        vec![("/strict.json", requiring("evidenceOfSomething"))],
    );
    let (status, message) = format(&report);
    assert_eq!(status, CheckStatus::Fail, "{message}");
    assert!(message.contains(url), "{message}");
    assert!(message.contains("evidenceOfSomething"), "{message}");
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn an_unknown_schema_is_skipped_offline_without_leaving_the_verdict_open() {
    let url = "https://schemas.example/never-fetched.json";
    let jwt = with_schema(url, "1EdTechJsonSchemaValidator2019");
    let report = verify_document(&jwt, &VerifyOptions::offline());
    let (status, message) = format(&report);
    assert_eq!(status, CheckStatus::Skip, "{message}");
    assert!(message.contains(url), "{message}");
    assert!(!report.check(CheckName::Format).unwrap().required);
    assert_eq!(report.verdict, Verdict::Valid, "{report:?}");
}

#[test]
fn a_schema_url_answering_an_error_is_a_warning() {
    let url = "https://schemas.example/missing.json";
    let report = online(&with_schema(url, "JsonSchema"), vec![]);
    let (status, message) = format(&report);
    assert_eq!(status, CheckStatus::Warn, "{message}");
    assert!(message.contains("HTTP 404"), "{message}");
}

#[test]
fn an_unusable_schema_is_a_warning() {
    let url = "https://schemas.example/broken.json";
    let report = online(
        &with_schema(url, "JsonSchema"),
        vec![("/broken.json", json!({"type": 12}))],
    );
    let (status, message) = format(&report);
    assert_eq!(status, CheckStatus::Warn, "{message}");
    assert!(message.contains("not a usable schema"), "{message}");
}

#[test]
fn a_credential_schema_of_another_type_is_not_applied() {
    let jwt = with_schema("https://schemas.example/zkp.json", "ZkpExampleSchema2018");
    let (status, message) = format(&verify_document(&jwt, &VerifyOptions::offline()));
    assert_eq!(status, CheckStatus::Skip, "{message}");
    assert!(message.contains("ZkpExampleSchema2018"), "{message}");
}

#[test]
fn a_catastrophic_pattern_ends_quickly() {
    // `(a+)+$` against 40 a's and a `!` backtracks exponentially without a bound.
    let hostile = json!({"type": "object", "properties": {"name": {"pattern": "^(a+)+$"}}});
    let instance = json!({"name": format!("{}!", "a".repeat(40))});
    let started = std::time::Instant::now();
    let outcome = schema::validate(&hostile, &instance);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    // Never a silent pass: either the match is refused or the bound is reported.
    assert!(
        !matches!(outcome, Ok(ref errors) if errors.is_empty()),
        "{outcome:?}"
    );
}
