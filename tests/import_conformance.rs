//! Every credential-bearing file of the conformance material (`expected.json`) imports with
//! the format the table states, or is refused for the reason its fixture is built to trigger.

use crate::common::{TempWallet, conformance};
use cairn::ErrorCode;
use cairn::import;
use cairn::model::Format;
use cairn::wallet::Outcome;
use serde_json::Value;

/// Document types that describe badges but are not credentials anyone holds.
const NOT_HELD: [&str; 5] = [
    "BadgeClass",
    "Issuer",
    "AlignmentObject",
    "ExternalType",
    "Unknown",
];

fn entries() -> Vec<Value> {
    let text = std::fs::read_to_string(conformance().join("expected.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["entries"].as_array().unwrap().clone()
}

#[test]
fn every_entry_imports_with_its_format_or_is_refused_for_its_reason() {
    let mut imported = 0;
    let mut refused = 0;
    for entry in entries() {
        let path = entry["path"].as_str().unwrap();
        let kind = entry["kind"].as_str().unwrap();
        let format = Format::parse(entry["format"].as_str().unwrap()).unwrap();
        let bytes = std::fs::read(conformance().join(path)).unwrap();
        assert_eq!(
            import::identify(&bytes),
            Some(format),
            "{path}: detected format"
        );
        match import::extract(path, &bytes) {
            Ok(found) => {
                imported += 1;
                let top = &found[0];
                assert_eq!(top.credential.format, format, "{path}");
                assert!(
                    !NOT_HELD.contains(&kind),
                    "{path}: a {kind} must not import as a badge"
                );
                // Fixtures built to fail the type check carry some other type.
                let wrong_type = entry["reason"] == "type";
                assert!(
                    wrong_type || top.credential.types.iter().any(|t| t == kind),
                    "{path}: types {:?} lack {kind}",
                    top.credential.types
                );
                assert!(!top.document.is_empty(), "{path}: document kept");
                assert!(top.parent.is_none());
            }
            Err(err) => {
                refused += 1;
                assert!(
                    err.message.starts_with(path),
                    "{path}: the error names the file: {}",
                    err.message
                );
                if NOT_HELD.contains(&kind) {
                    assert_eq!(err.code, ErrorCode::UnsupportedFormat, "{path}: {err:?}");
                    assert!(
                        err.message.contains("not a badge awarded"),
                        "{path}: {}",
                        err.message
                    );
                } else {
                    // The one credential file that is not JSON at all (it has // comments).
                    assert_eq!(
                        path,
                        "1edtech-validator/ob20/redirected-validation-subject.json"
                    );
                    assert_eq!(err.code, ErrorCode::InvalidInput);
                    assert!(err.message.contains("not valid JSON"), "{}", err.message);
                }
            }
        }
    }
    assert_eq!(imported + refused, 101);
    assert_eq!(imported, 86);
    assert_eq!(
        refused, 15,
        "7 BadgeClasses, 3 Issuers, 4 other OB 2.0 documents, one non-JSON file"
    );
}

#[test]
fn clr_members_are_imported_under_the_clr_with_their_associations() {
    let bytes = std::fs::read(crate::common::validator("clr20/complex.json")).unwrap();
    let found = import::extract("complex.json", &bytes).unwrap();
    assert_eq!(found[0].credential.format, Format::Clr2Json);
    assert_eq!(found.len(), 7, "the CLR and its six AchievementCredentials");
    for member in &found[1..] {
        assert_eq!(member.parent, Some(0));
        assert_eq!(member.credential.format, Format::Ob3Json);
        let doc: Value = serde_json::from_str(&member.document).unwrap();
        assert_eq!(
            doc["id"].as_str(),
            member.credential.credential_id.as_deref()
        );
    }
    let associations = &found[0].associations;
    assert!(!associations.is_empty());
    assert!(associations.iter().all(|a| {
        ["isParentOf", "isPartOf"].contains(&a.association_type.as_str())
            && a.source_id.starts_with("urn:uuid:")
            && a.target_id.starts_with("urn:uuid:")
    }));

    let jwt = std::fs::read(crate::common::validator("clr20/simple.jwt")).unwrap();
    let found = import::extract("simple.jwt", &jwt).unwrap();
    assert_eq!(found[0].credential.format, Format::Clr2Jwt);
    assert_eq!(found[0].document, String::from_utf8(jwt).unwrap().trim());
    assert!(found.len() >= 2);
}

#[test]
fn baked_images_keep_the_carried_text_and_the_image() {
    let png = std::fs::read(crate::common::validator("ob30/simple-jwt.png")).unwrap();
    let found = import::extract("simple-jwt.png", &png).unwrap();
    assert_eq!(found.len(), 1);
    assert!(found[0].document.starts_with("eyJ"));
    assert_eq!(found[0].document.split('.').count(), 3);
    let image = found[0].image.as_ref().unwrap();
    assert_eq!(image.media_type, "image/png");
    assert_eq!(image.bytes, png);

    let svg = std::fs::read(crate::common::validator("ob30/simple-json.svg")).unwrap();
    let found = import::extract("simple-json.svg", &svg).unwrap();
    let doc: Value = serde_json::from_str(&found[0].document).unwrap();
    assert_eq!(doc["type"][1], "OpenBadgeCredential");
    assert_eq!(found[0].image.as_ref().unwrap().media_type, "image/svg+xml");
    assert_eq!(found[0].credential.title, "Teamwork Badge");
}

#[test]
fn vc_jwt_registered_claims_fill_in_the_credential() {
    let jwt = std::fs::read(crate::common::validator("ob30/simple.jwt")).unwrap();
    let found = import::extract("simple.jwt", &jwt).unwrap();
    let c = &found[0].credential;
    assert_eq!(c.format, Format::Ob3Jwt);
    assert!(c.credential_id.is_some(), "jti becomes the id");
    assert!(c.issuer.id.is_some() || c.issuer.name.is_some());
    assert!(c.valid_from.is_some(), "nbf becomes the issuance date");
}

#[test]
fn every_entry_is_stored_or_refused_by_the_wallet_offline() {
    let started = std::time::Instant::now();
    for entry in entries() {
        let path = entry["path"].as_str().unwrap();
        let tw = TempWallet::new();
        let mut wallet = tw.open();
        let report = wallet.import_paths(
            &[conformance().join(path)],
            &cairn::wallet::ImportOptions::store_only(),
            &mut |_| {},
        );
        let file = &report.files[0];
        match import::extract(path, &std::fs::read(conformance().join(path)).unwrap()) {
            Ok(found) => {
                assert_eq!(file.outcome, Outcome::Imported, "{path}: {file:#?}");
                assert_eq!(file.credentials.len(), found.len(), "{path}");
                assert_eq!(wallet.count().unwrap(), found.len());
                let top = wallet.get(&file.credentials[0]).unwrap();
                assert_eq!(
                    top.credential.format.as_str(),
                    entry["format"].as_str().unwrap()
                );
                assert_eq!(
                    top.children.len(),
                    found.len() - 1,
                    "{path}: members under the CLR"
                );
                assert_eq!(
                    wallet.original(&file.credentials[0]).unwrap().bytes,
                    std::fs::read(conformance().join(path)).unwrap(),
                    "{path}: original kept verbatim"
                );
            }
            Err(err) => {
                assert!(
                    matches!(file.outcome, Outcome::Failed | Outcome::NoBadge),
                    "{path}"
                );
                assert_eq!(file.code, Some(err.code), "{path}");
                assert_eq!(wallet.count().unwrap(), 0);
            }
        }
    }
    eprintln!(
        "101 entries through fresh wallets in {:?}",
        started.elapsed()
    );
}
