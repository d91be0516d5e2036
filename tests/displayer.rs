//! The 1EdTech Open Badges 3.0 Displayer behaviours (issue #13): valid, expired and revoked
//! credentials, each in VCDM 2.0 and VCDM 1.1 form, issued in the test by Digital Bazaar's
//! reference libraries (one `did:key` issuer that also signs its status lists), are told apart
//! — "Valid", "Expired" (amber), "Revoked" (red) — and what a displayer shows (image, name,
//! description, issuer, issue date, status) is read from each. The status lists are served from
//! 127.0.0.1 in place of their origin.

use crate::common::{FixtureServer, TempWallet};
use crate::contexts_shipped::issue;
use base64::Engine as _;
use cairn::wallet::ImportOptions;
use serde_json::{Value, json};
use std::io::Write as _;
use std::path::Path;

const STATUS_ORIGIN: &str = "https://status.example.org";
/// The revoked credentials' index in their lists.
const REVOKED_INDEX: usize = 5;

/// A gzip-compressed, base64url bitstring of 131,072 entries with `index` set.
fn encoded_list(index: usize) -> String {
    let mut bits = vec![0u8; 131_072 / 8];
    bits[index / 8] |= 0x80 >> (index % 8);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bits).unwrap();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(gz.finish().unwrap())
}

/// A small PNG as a `data:` URI, the badge image.
fn image() -> String {
    let png = std::fs::read(crate::common::validator("ob20/simple-badge.png")).unwrap();
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    )
}

/// An Open Badges 3.0 credential in VCDM 2.0 (`v2`) or 1.1 form, in one of three states.
fn badge(v2: bool, state: &str) -> Value {
    let name = format!(
        "Welding {state} ({})",
        if v2 { "VCDM 2.0" } else { "VCDM 1.1" }
    );
    let mut doc = json!({
        "@context": if v2 {
            json!(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"])
        } else {
            json!([
                "https://www.w3.org/2018/credentials/v1",
                "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
                "https://w3id.org/security/data-integrity/v2"
            ])
        },
        "id": format!("urn:uuid:7d2a6f00-1b2c-4d3e-8f4a-{:012}", u8::from(v2) as usize * 10 + state.len()),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:placeholder", "type": ["Profile"], "name": "Harbour Trade School"},
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://harbour.example.edu/achievements/welding-1",
                "type": ["Achievement"],
                "name": name,
                "description": "Welds steel plate to the shop's standard.",
                "criteria": {"narrative": "Passed the practical welding assessment."},
                "image": {"id": image(), "type": "Image"}
            }
        }
    });
    let (from, until) = if v2 {
        ("validFrom", "validUntil")
    } else {
        ("issuanceDate", "expirationDate")
    };
    doc[from] = json!("2024-03-01T00:00:00Z");
    match state {
        "expired" => doc[until] = json!("2025-03-01T00:00:00Z"),
        "revoked" if v2 => {
            doc["credentialStatus"] = json!({
                "id": format!("{STATUS_ORIGIN}/lists/v2#{REVOKED_INDEX}"),
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": REVOKED_INDEX.to_string(),
                "statusListCredential": format!("{STATUS_ORIGIN}/lists/v2")
            });
        }
        "revoked" => {
            doc["@context"]
                .as_array_mut()
                .unwrap()
                .push(json!("https://w3id.org/vc/status-list/2021/v1"));
            doc["credentialStatus"] = json!({
                "id": format!("{STATUS_ORIGIN}/lists/v1#{REVOKED_INDEX}"),
                "type": "StatusList2021Entry",
                "statusPurpose": "revocation",
                "statusListIndex": REVOKED_INDEX.to_string(),
                "statusListCredential": format!("{STATUS_ORIGIN}/lists/v1")
            });
        }
        _ => {}
    }
    doc
}

/// The issuer's status lists: a Bitstring list (VCDM 2.0) and a StatusList2021 list (1.1).
fn status_lists() -> [Value; 2] {
    [
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": format!("{STATUS_ORIGIN}/lists/v2"),
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": "did:placeholder",
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {
                "id": format!("{STATUS_ORIGIN}/lists/v2#list"),
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": format!("u{}", encoded_list(REVOKED_INDEX))
            }
        }),
        json!({
            "@context": [
                "https://www.w3.org/2018/credentials/v1",
                "https://w3id.org/vc/status-list/2021/v1",
                "https://w3id.org/security/data-integrity/v2"
            ],
            "id": format!("{STATUS_ORIGIN}/lists/v1"),
            "type": ["VerifiableCredential", "StatusList2021Credential"],
            "issuer": "did:placeholder",
            "issuanceDate": "2024-01-01T00:00:00Z",
            "credentialSubject": {
                "id": format!("{STATUS_ORIGIN}/lists/v1#list"),
                "type": "StatusList2021",
                "statusPurpose": "revocation",
                "encodedList": encoded_list(REVOKED_INDEX)
            }
        }),
    ]
}

/// `cairn verify --json FILE` online, the status origin sent to `server`.
fn verify(tw: &TempWallet, server: &FixtureServer, file: &Path) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--wallet")
        .arg(&tw.path)
        .args(["--json", "verify"])
        .arg(file)
        .env_remove("CAIRN_WALLET")
        .env(
            "CAIRN_DEV_HOST_OVERRIDES",
            format!("{STATUS_ORIGIN}={}", server.origin),
        )
        .output()
        .expect("run cairn");
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.lines().next().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}: {stdout} {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn valid_expired_and_revoked_are_told_apart_in_both_data_models() {
    let tw = TempWallet::new();
    let dir = tw.dir.path();
    let states = ["valid", "expired", "revoked"];
    let mut unsigned: Vec<Value> = Vec::new();
    for v2 in [true, false] {
        for state in states {
            unsigned.push(badge(v2, state));
        }
    }
    unsigned.extend(status_lists());
    let contexts = [
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "https://w3id.org/vc/status-list/2021/v1",
        "https://w3id.org/security/data-integrity/v2",
    ];
    let signed_file = issue(dir, &contexts, &Value::Array(unsigned));
    let signed: Vec<Value> = serde_json::from_slice(&std::fs::read(&signed_file).unwrap()).unwrap();
    assert_eq!(signed.len(), 8);
    let lists_dir = dir.join("lists");
    std::fs::create_dir_all(&lists_dir).unwrap();
    std::fs::write(lists_dir.join("v2.json"), signed[6].to_string()).unwrap();
    std::fs::write(lists_dir.join("v1.json"), signed[7].to_string()).unwrap();
    let server = FixtureServer::start(vec![
        ("/lists/v2".into(), lists_dir.join("v2.json")),
        ("/lists/v1".into(), lists_dir.join("v1.json")),
    ]);

    let mut files = Vec::new();
    for (i, credential) in signed[..6].iter().enumerate() {
        let model = if i < 3 { "VCDM 2.0" } else { "VCDM 1.1" };
        let state = states[i % 3];
        let file = dir.join(format!("badge-{i}.json"));
        std::fs::write(&file, credential.to_string()).unwrap();
        let line = verify(&tw, &server, &file);
        let (verdict, reason, label) = match state {
            "valid" => ("valid", Value::Null, "Valid"),
            "expired" => ("invalid", json!("expired"), "Expired"),
            _ => ("invalid", json!("revoked"), "Revoked"),
        };
        assert_eq!(line["verdict"], verdict, "{state} {model}: {line}");
        assert_eq!(line["reason"], reason, "{state} {model}: {line}");
        assert_eq!(line["label"], label, "{state} {model}: {line}");
        if state != "revoked" {
            // Its signature and issuer binding hold: only the state tells it apart.
            for check in line["checks"].as_array().unwrap() {
                if check["name"] == "signature" || check["name"] == "issuer_key" {
                    assert_eq!(check["status"], "pass", "{state} {model}: {check}");
                }
            }
        }
        files.push(file);
    }
    assert!(server.hits() >= 2, "the status lists were read");

    // What a displayer shows, as the wallet reads it from each.
    let mut wallet = tw.open();
    let report = wallet.import_paths(&files, &ImportOptions::store_only(), &mut |_| {});
    for (i, file) in report.files.iter().enumerate() {
        assert_eq!(file.credentials.len(), 1, "{file:#?}");
        let detail = wallet.get(&file.credentials[0]).unwrap();
        let c = &detail.credential;
        assert!(c.title.starts_with("Welding"), "{}", c.title);
        assert_eq!(
            c.achievement.description.as_deref(),
            Some("Welds steel plate to the shop's standard.")
        );
        assert_eq!(c.issuer.name.as_deref(), Some("Harbour Trade School"));
        assert_eq!(
            detail.summary.issued_on.as_deref().map(cairn::export::day),
            Some("2024-03-01"),
            "badge {i}"
        );
        assert!(
            wallet.image(&detail.summary.id).unwrap().is_some(),
            "badge {i} has its image"
        );
        if states[i % 3] == "expired" {
            assert_eq!(
                detail
                    .summary
                    .valid_until
                    .as_deref()
                    .map(cairn::export::day),
                Some("2025-03-01")
            );
        }
    }
}
