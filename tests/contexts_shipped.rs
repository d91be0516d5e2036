//! The shipped contexts cover what real issuers send: credentials issued by Digital Bazaar's
//! reference libraries the way the Digital Credentials Consortium stack and the W3C VC Playground
//! issue them verify offline in Cairn, with the contexts from `assets/contexts/` only.

use crate::common::{TempWallet, cairn};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A folder with Digital Bazaar's issuing libraries installed from the npm registry (once per
/// machine) and the issuing script copied in.
pub(crate) fn node_issuer() -> PathBuf {
    crate::common::node_script(
        "cairn-test-digitalbazaar-issuer",
        &[
            "@digitalbazaar/vc@7",
            "@digitalbazaar/data-integrity@2",
            "@digitalbazaar/eddsa-rdfc-2022-cryptosuite@1",
            "@digitalbazaar/security-document-loader@3",
            "@digitalbazaar/ed25519-multikey@1",
        ],
        "@digitalbazaar/ed25519-multikey",
        "issue_credential.mjs",
    )
}

/// The shipped bytes of the context Cairn embeds for `url`.
pub(crate) fn shipped(url: &str) -> Value {
    let entry = cairn::verify::contexts::EMBEDDED
        .iter()
        .find(|e| e.url == url)
        .unwrap_or_else(|| panic!("{url} is not shipped"));
    serde_json::from_slice(entry.bytes).unwrap()
}

/// `credential` signed by the JavaScript reference with a fresh did:key, the loader given the
/// shipped copies of `contexts`.
pub(crate) fn issue(dir: &Path, contexts: &[&str], credential: &Value) -> PathBuf {
    let loader: serde_json::Map<String, Value> = contexts
        .iter()
        .map(|url| ((*url).to_owned(), shipped(url)))
        .collect();
    let contexts_file = dir.join("contexts.json");
    std::fs::write(&contexts_file, serde_json::to_vec(&loader).unwrap()).unwrap();
    let unsigned = dir.join("unsigned.json");
    std::fs::write(&unsigned, serde_json::to_vec(credential).unwrap()).unwrap();
    let out = Command::new("node")
        .arg(node_issuer())
        .arg(&contexts_file)
        .arg(&unsigned)
        .output()
        .expect("node is needed for this test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let signed = dir.join("signed.json");
    std::fs::write(&signed, &out.stdout).unwrap();
    signed
}

/// `cairn verify --offline --json FILE`'s one line.
fn verify_offline(wallet: &TempWallet, file: &Path) -> Value {
    let out = cairn(
        wallet,
        &["verify", "--offline", "--json", file.to_str().unwrap()],
    );
    let line = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(line.lines().next().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}: {line} {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn dcc_and_playground_credentials_verify_offline_with_shipped_contexts() {
    let wallet = TempWallet::new();
    let dir = wallet.dir.path();
    let dcc = json!({
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/security/data-integrity/v2",
            "https://w3id.org/dcc/v1"
        ],
        "id": "urn:uuid:2f7a3c1e-0b5d-4e8a-9c61-7d2e4f5a6b01",
        "type": ["VerifiableCredential", "ProgramCompletionCredential"],
        "issuer": {"type": "Issuer", "name": "Example State University", "url": "https://registrar.example.edu"},
        "issuanceDate": "2024-05-20T00:00:00Z",
        "credentialSubject": {
            "type": "Person",
            "name": "Ada Learner",
            "hasCredential": {
                "type": ["EducationalOccupationalCredential"],
                "name": "Bachelor of Science in Chemistry",
                "awardedOnCompletionOf": {"type": "EducationalOccupationalProgram", "name": "Chemistry BSc"}
            }
        }
    });
    let playground = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2"
        ],
        "id": "urn:uuid:7c0f4b6e-9d1a-4f7e-8e3b-2a5d6c7e8f90",
        "type": ["VerifiableCredential", "ExampleAlumniCredential"],
        "issuer": "did:placeholder",
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "alumniOf": {"name": "Example University"}}
    });
    for (name, contexts, credential) in [
        (
            "DCC",
            vec![
                "https://w3id.org/dcc/v1",
                "https://w3id.org/security/data-integrity/v2",
            ],
            dcc,
        ),
        (
            "playground",
            vec!["https://www.w3.org/ns/credentials/examples/v2"],
            playground,
        ),
    ] {
        let signed = issue(dir, &contexts, &credential);
        let line = verify_offline(&wallet, &signed);
        assert_eq!(line["verdict"], "valid", "{name}: {line}");

        // The same credential with one word changed is caught, so the check above was real.
        let mut tampered: Value = serde_json::from_slice(&std::fs::read(&signed).unwrap()).unwrap();
        tampered["id"] = json!("urn:uuid:00000000-0000-4000-8000-000000000000");
        let tampered_file = dir.join("tampered.json");
        std::fs::write(&tampered_file, serde_json::to_vec(&tampered).unwrap()).unwrap();
        let line = verify_offline(&wallet, &tampered_file);
        assert_eq!(line["verdict"], "invalid", "{name}: {line}");
    }
}
