//! Contexts Cairn does not ship (issue #13): a genuine credential that uses one is
//! `indeterminate` (`unknown_context`) until the learner allows fetching contexts; then the
//! context is fetched once over HTTPS (here from a server on 127.0.0.1 standing in for its
//! origin), pinned in the wallet by its SHA-256, named in the report, reused offline, and a
//! later different answer from the same URL is refused. Without permission nothing is fetched.

use crate::common::{FixtureServer, TempWallet};
use cairn::verify::di::{Canon, canonicalize};
use cairn::verify::{Contexts, Reason, Verdict, VerifyOptions, verify_document};
use cairn::wallet::ImportOptions;
use ed25519_dalek::Signer as _;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

const ORIGIN: &str = "https://contexts.example.org";
const CONTEXT_URL: &str = "https://contexts.example.org/skills/v1";
const CONTEXT: &str = r#"{"@context": {"@protected": true, "skillLevel": "https://contexts.example.org/skills#skillLevel", "skillName": "https://contexts.example.org/skills#skillName"}}"#;

/// A VC 2.0 credential that uses the unshipped context, signed by its `did:key` issuer.
fn credential() -> Value {
    let signing = ed25519_dalek::SigningKey::from_bytes(&[42; 32]);
    let did = cairn::holder::did_key(signing.verifying_key().as_bytes());
    let multikey = did.trim_start_matches("did:key:").to_owned();
    let doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", CONTEXT_URL],
        "id": "urn:uuid:5a0c8f43-3c1e-4a55-9a43-51d6f3b1c0de",
        "type": ["VerifiableCredential"],
        "issuer": did,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "skillName": "Welding",
            "skillLevel": "3"
        }
    });
    let contexts =
        Contexts::with_extra(&[(CONTEXT_URL.to_owned(), CONTEXT.as_bytes().to_vec())]).unwrap();
    let mut proof = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2024-01-01T00:00:00Z",
        "verificationMethod": format!("{did}#{multikey}"),
        "proofPurpose": "assertionMethod"
    });
    let mut config = proof.clone();
    config["@context"] = doc["@context"].clone();
    let message = [
        Sha256::digest(canonicalize(&config, Canon::Rdfc, &contexts).unwrap()).to_vec(),
        Sha256::digest(canonicalize(&doc, Canon::Rdfc, &contexts).unwrap()).to_vec(),
    ]
    .concat();
    let signature = signing.sign(&message).to_bytes();
    proof["proofValue"] = json!(format!("z{}", bs58::encode(signature).into_string()));
    let mut signed = doc;
    signed["proof"] = proof;
    signed
}

/// `cairn verify --all` with the origin sent to `server`; returns the one JSON line.
fn verify_all(tw: &TempWallet, server: &FixtureServer, flags: &[&str]) -> (Value, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--wallet")
        .arg(&tw.path)
        .args(["--json", "verify", "--all"])
        .args(flags)
        .env_remove("CAIRN_WALLET")
        .env(
            "CAIRN_DEV_HOST_OVERRIDES",
            format!("{ORIGIN}={}", server.origin),
        )
        .output()
        .expect("run cairn");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = stdout
        .lines()
        .next()
        .unwrap_or_else(|| panic!("no output: {out:?}"));
    (
        serde_json::from_str(line).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn format_messages(line: &Value) -> String {
    line["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "format")
        .map(|c| c["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn an_unshipped_context_is_fetched_only_when_allowed_then_pinned_and_reused() {
    let doc = credential();
    // As Cairn ships: uncheckable, never invalid.
    let report = verify_document(&doc.to_string(), &VerifyOptions::offline());
    assert_eq!(report.verdict, Verdict::Indeterminate, "{report:#?}");
    assert_eq!(report.reason, Some(Reason::UnknownContext));

    let tw = TempWallet::new();
    let served = tw.dir.path().join("skills-v1.jsonld");
    std::fs::write(&served, CONTEXT).unwrap();
    let server = FixtureServer::start(vec![("/skills/v1".into(), served.clone())]);
    let file = tw.dir.path().join("welding.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let mut wallet = tw.open();
    let report = wallet.import_paths(&[file], &ImportOptions::default(), &mut |_| {});
    assert_eq!(report.files[0].credentials.len(), 1, "{report:#?}");
    drop(wallet);

    // Online, but fetching contexts not allowed: nothing is fetched, still indeterminate.
    let (line, _) = verify_all(&tw, &server, &[]);
    assert_eq!(line["verdict"], "indeterminate", "{line}");
    assert_eq!(line["reason"], "unknown_context", "{line}");
    assert_eq!(server.hits(), 0, "a context was fetched without permission");

    // `--fetch-contexts`: fetched once, verified, named in the report, pinned.
    let (line, stderr) = verify_all(&tw, &server, &["--fetch-contexts"]);
    assert_eq!(line["verdict"], "valid", "{line}\n{stderr}");
    assert_eq!(server.hits(), 1);
    let said = format_messages(&line);
    assert!(
        said.contains(CONTEXT_URL) && said.contains("pinned in this wallet"),
        "{said}"
    );
    let pins = tw.open().context_pins().unwrap();
    assert_eq!(pins.len(), 1);
    assert_eq!(pins[0].url, CONTEXT_URL);
    assert_eq!(pins[0].bytes, CONTEXT.as_bytes());
    assert_eq!(pins[0].sha256, cairn::model::sha256_hex(CONTEXT.as_bytes()));

    // Offline, the pin is reused: valid, with no request.
    let (line, _) = verify_all(&tw, &server, &["--offline"]);
    assert_eq!(line["verdict"], "valid", "{line}");
    assert_eq!(server.hits(), 1);

    // The URL now answers with other bytes: the answer is refused, the pin kept and used,
    // and the report says so.
    std::fs::write(
        &served,
        CONTEXT.replace("skills#skillLevel", "other#skillLevel"),
    )
    .unwrap();
    let (line, _) = verify_all(&tw, &server, &["--fetch-contexts"]);
    assert_eq!(server.hits(), 2);
    assert_eq!(line["verdict"], "valid", "{line}");
    let said = format_messages(&line);
    assert!(
        said.contains("now answers differently") && said.contains("refused"),
        "{said}"
    );
    let pins = tw.open().context_pins().unwrap();
    assert_eq!(pins.len(), 1);
    assert_eq!(pins[0].bytes, CONTEXT.as_bytes(), "a pin was replaced");
}

#[test]
fn the_setting_allows_fetching_and_offline_mode_still_forbids_it() {
    let doc = credential();
    let tw = TempWallet::new();
    let served = tw.dir.path().join("skills-v1.jsonld");
    std::fs::write(&served, CONTEXT).unwrap();
    let server = FixtureServer::start(vec![("/skills/v1".into(), served)]);
    let file = tw.dir.path().join("welding.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let mut wallet = tw.open();
    wallet.import_paths(&[file], &ImportOptions::store_only(), &mut |_| {});
    wallet.set_fetch_contexts(true).unwrap();
    wallet.set_offline(true).unwrap();
    drop(wallet);

    // Offline mode wins over the setting: no request.
    let (line, _) = verify_all(&tw, &server, &[]);
    assert_eq!(line["verdict"], "indeterminate", "{line}");
    assert_eq!(server.hits(), 0);

    // Offline mode off: the setting alone lets `verify --all` fetch and pin.
    let mut wallet = tw.open();
    wallet.set_offline(false).unwrap();
    assert!(wallet.settings().unwrap().fetch_contexts);
    drop(wallet);
    let (line, _) = verify_all(&tw, &server, &[]);
    assert_eq!(line["verdict"], "valid", "{line}");
    assert_eq!(server.hits(), 1);
    assert_eq!(tw.open().context_pins().unwrap().len(), 1);
}

#[test]
fn a_context_that_is_not_https_or_not_a_context_is_not_pinned() {
    struct Answer(&'static [u8]);
    impl cairn::verify::Fetch for Answer {
        fn fetch(&self, url: &str) -> cairn::Result<cairn::verify::Fetched> {
            Ok(cairn::verify::Fetched {
                url: url.to_owned(),
                final_url: url.to_owned(),
                status: 200,
                media_type: Some("application/ld+json".into()),
                bytes: self.0.to_vec(),
            })
        }
    }
    let now = chrono::Utc::now();
    let err = cairn::wallet::contexts::fetch_context(
        &Answer(CONTEXT.as_bytes()),
        "http://contexts.example.org/skills/v1",
        now,
    )
    .unwrap_err();
    assert!(err.message.contains("only https"), "{}", err.message);
    let err = cairn::wallet::contexts::fetch_context(
        &Answer(br#"{"name": "not a context"}"#),
        CONTEXT_URL,
        now,
    )
    .unwrap_err();
    assert!(
        err.message.contains("not a JSON-LD context"),
        "{}",
        err.message
    );
    let err = cairn::wallet::contexts::fetch_context(
        &Answer(b"{\"@context\": {}, \"a\": 1, \"a\": 2}"),
        CONTEXT_URL,
        now,
    )
    .unwrap_err();
    assert!(err.message.contains("not JSON"), "{}", err.message);
}
