//! A learner's credentials for the view tests: copies of the conformance suite's
//! `ob30/simple.json`, each with its own title, issuer, tags and validity, re-signed by its own
//! `did:key` issuer so they are genuine (outputs leave out what is not), and helpers that read
//! the library as the tests need it.

use crate::{App, conformance};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A learner's credentials: (title, issuer, tags, valid until).
pub const LEARNER: &[(&str, &str, &[&str], Option<&str>)] = &[
    ("Python Basics", "Open Code School", &["Python"], None),
    (
        "Advanced Python",
        "Northwind University",
        &["Python", "Data Analysis"],
        None,
    ),
    (
        "SQL for Analysts",
        "Northwind University",
        &["SQL", "Data Analysis"],
        None,
    ),
    (
        "Data Visualisation",
        "Coastal College",
        &["Data Visualisation", "Python"],
        None,
    ),
    (
        "First Aid at Work",
        "Red Cross Training",
        &["First Aid"],
        Some("2020-06-30T00:00:00Z"),
    ),
    (
        "Team Leadership",
        "Coastal College",
        &["Leadership", "Teamwork"],
        None,
    ),
];

/// An issuer's Ed25519 key (from a seed byte) and its `did:key`.
struct IssuerKey {
    signing: ed25519_dalek::SigningKey,
    did: String,
}

impl IssuerKey {
    fn new(n: usize) -> Self {
        let seed = u8::try_from(n + 1).expect("a handful of issuers");
        let signing = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
        let did = cairn::holder::did_key(signing.verifying_key().as_bytes());
        Self { signing, did }
    }

    /// `doc` without its old proof, signed for issuance with an `eddsa-rdfc-2022` proof through
    /// Cairn's own canonicalisation.
    fn sign(&self, mut doc: Value) -> Value {
        use cairn::verify::Contexts;
        use cairn::verify::di::{Canon, canonicalize};
        use ed25519_dalek::Signer as _;
        use sha2::{Digest as _, Sha256};
        let map = doc.as_object_mut().expect("a credential object");
        map.remove("proof");
        let multikey = self.did.trim_start_matches("did:key:");
        let mut proof = json!({
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2024-01-01T00:00:00Z",
            "verificationMethod": format!("{}#{multikey}", self.did),
            "proofPurpose": "assertionMethod",
        });
        let mut config = proof.clone();
        config["@context"] = doc["@context"].clone();
        let contexts = Contexts::embedded();
        let config = canonicalize(&config, Canon::Rdfc, contexts).expect("canonical proof");
        let body = canonicalize(&doc, Canon::Rdfc, contexts).expect("canonical credential");
        let message = [
            Sha256::digest(config.as_bytes()).as_slice(),
            Sha256::digest(body.as_bytes()).as_slice(),
        ]
        .concat();
        let signature = self.signing.sign(&message).to_bytes();
        proof["proofValue"] = json!(format!("z{}", bs58::encode(signature).into_string()));
        doc["proof"] = proof;
        doc
    }
}

/// Writes the learner's credentials into `dir`, each a copy of the conformance suite's
/// `ob30/simple.json` with its own id, name, issuer, tags and validity. The one titled
/// "Forklift Operation" ends 30 days from now, so it is always expiring soon.
pub fn learner_files(dir: &Path) -> Vec<PathBuf> {
    let base: Value = serde_json::from_slice(
        &std::fs::read(conformance("1edtech-validator/ob30/simple.json")).expect("read fixture"),
    )
    .expect("fixture is JSON");
    let soon = (std::time::SystemTime::now() + std::time::Duration::from_secs(30 * 86_400))
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let soon = rfc3339(soon);
    let mut all: Vec<(&str, &str, Vec<&str>, Option<String>)> = LEARNER
        .iter()
        .map(|(t, i, tags, until)| (*t, *i, tags.to_vec(), until.map(str::to_owned)))
        .collect();
    all.push((
        "Forklift Operation",
        "Safe Work Institute",
        vec!["Forklift"],
        Some(soon),
    ));
    all.into_iter()
        .enumerate()
        .map(|(n, (title, issuer, tags, until))| {
            let mut doc = base.clone();
            doc["id"] = json!(format!("urn:uuid:00000000-0000-4000-8000-00000000000{n}"));
            doc["name"] = json!(title);
            let key = IssuerKey::new(n);
            doc["issuer"]["name"] = json!(issuer);
            doc["issuer"]["id"] = json!(key.did);
            let achievement = &mut doc["credentialSubject"]["achievement"];
            achievement["id"] = json!(format!("https://example.org/achievements/{n}"));
            achievement["name"] = json!(title);
            achievement["tag"] = json!(tags);
            achievement["description"] = json!(format!("Awarded for {title}."));
            if let Some(until) = until {
                doc["validUntil"] = json!(until);
            }
            let doc = key.sign(doc);
            let path = dir.join(format!("credential-{n}.json"));
            std::fs::write(&path, serde_json::to_vec_pretty(&doc).expect("encode")).expect("write");
            path
        })
        .collect()
}

/// Seconds since the epoch as an RFC 3339 UTC date-time (civil-from-days, Howard Hinnant).
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Launches the app and imports the learner's credentials (plus any extra conformance files).
pub async fn with_learner(extra: &[&str]) -> (App, tempfile::TempDir) {
    let app = App::launch().await;
    let dir = tempfile::tempdir().expect("fixture folder");
    let mut files = learner_files(dir.path());
    files.extend(extra.iter().map(|rel| conformance(rel)));
    let report = app.import_paths(&files).await;
    let imported = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["outcome"] == "imported")
        .count();
    assert_eq!(imported, files.len(), "{report}");
    app.click("#report-close").await;
    app.client()
        .set_window_size(1280, 860)
        .await
        .expect("window size");
    (app, dir)
}

/// The card titles shown, sorted.
pub async fn titles(app: &App) -> Vec<String> {
    let mut t = texts(
        app,
        "[data-testid='credential-card'] [data-testid='card-title']",
    )
    .await;
    t.sort();
    t
}

/// The text of every element matching `css`, read in one go (the list may be re-rendering).
pub async fn texts(app: &App, css: &str) -> Vec<String> {
    let found = app
        .client()
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0]), (e) => e.textContent);",
            vec![css.into()],
        )
        .await
        .unwrap_or_else(|e| panic!("read `{css}`: {e}"));
    serde_json::from_value(found).expect("a list of texts")
}

/// Waits until the library shows exactly these titles (in any order).
pub async fn wait_titles(app: &App, expected: &[&str]) {
    let mut expected: Vec<String> = expected.iter().map(|t| (*t).to_owned()).collect();
    expected.sort();
    app.wait_until(&format!("the library shows {expected:?}"), || async {
        titles(app).await == expected
    })
    .await;
}

/// Fills the wallet at `path` with `count` copies of the conformance suite's `ob30/simple.json`,
/// each with its own id (`urn:uuid:{tag}-N`), a title in one of seven subjects and one of 40
/// issuers: the large wallets of the paging test and the app benchmark.
pub fn fill_large_wallet(path: &Path, count: usize, tag: &str) {
    let base = std::fs::read_to_string(conformance("1edtech-validator/ob30/simple.json"))
        .expect("read fixture");
    let subjects = [
        "Python",
        "SQL",
        "Welding",
        "Nursing",
        "Statistics",
        "Carpentry",
        "French",
    ];
    let mut wallet = cairn::wallet::Wallet::open(path).expect("wallet");
    for n in 0..count {
        let subject = subjects[n % subjects.len()];
        let text = base
            .replace(
                "http://example.com/credentials/3527",
                &format!("urn:uuid:{tag}-{n}"),
            )
            .replace(
                "\"name\": \"Teamwork Badge\"",
                &format!("\"name\": \"{subject} level {n}\""),
            )
            .replace(
                "\"name\": \"Example Corp\"",
                &format!("\"name\": \"Issuer {}\"", n % 40),
            );
        let report = wallet.import_bytes(tag, &format!("{n}.json"), text.into_bytes());
        assert!(!report.credentials.is_empty(), "{report:?}");
    }
}
