//! Formats beyond the conformance table: legacy Open Badges 0.5/1.x, presentations and other
//! wallets' backups, VC-JWTs without a `vc` claim, `data:` images; recipient status against the
//! learner's profile; baking out and re-importing.

use crate::common::{FixtureServer, TempWallet, fixture, validator};
use base64::Engine as _;
use cairn::ErrorCode;
use cairn::bake::{BakeKind, bake_credential};
use cairn::import;
use cairn::model::Format;
use cairn::recipient::{Identity, RecipientStatus};
use cairn::wallet::Outcome;
use serde_json::{Value, json};

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(validator(rel)).unwrap()
}

fn json_of(rel: &str) -> Value {
    serde_json::from_slice(&read(rel)).unwrap()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn open_badges_0_5_normalises_with_absolute_urls() {
    let bytes = std::fs::read(fixture("legacy/ob05-assertion.json")).unwrap();
    let found = import::extract("ob05.json", &bytes).unwrap();
    let c = &found[0].credential;
    assert_eq!(c.format, Format::Ob05Json);
    assert_eq!(c.title, "HTML5 Fundamental");
    assert_eq!(c.issuer.name.as_deref(), Some("P2PU"));
    assert_eq!(c.issued_on.as_deref(), Some("2011-06-01T00:00:00Z"));
    assert_eq!(c.valid_until.as_deref(), Some("2013-06-01T00:00:00Z"));
    assert_eq!(
        c.achievement.image.as_deref(),
        Some("https://p2pu.org/img/html5-basic.png")
    );
    let r = c.recipient.as_ref().unwrap();
    assert!(r.hashed);
    assert_eq!(r.salt.as_deref(), Some("hexxed"));
}

#[test]
fn open_badges_1_x_normalises_and_fetches_its_badge_class() {
    let bytes = std::fs::read(fixture("legacy/ob11-assertion.json")).unwrap();
    let found = import::extract("ob11.json", &bytes).unwrap();
    assert_eq!(found[0].credential.format, Format::Ob1Json);
    assert_eq!(found[0].credential.title, "Legacy Gardening");
    assert_eq!(
        found[0].credential.issuer.name.as_deref(),
        Some("Community Garden")
    );

    let assets = validator("ob20/assets");
    let server = FixtureServer::start(vec![
        (
            "/robotics-badge.json".into(),
            assets.join("robotics-badge.json"),
        ),
        (
            "/organization.json".into(),
            assets.join("organization.json"),
        ),
        (
            "/beths-robot-badge.png".into(),
            assets.join("beths-robot-badge.png"),
        ),
    ]);
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    wallet.set_network(Some(server.client()));
    let report = wallet.import_paths(
        &[fixture("legacy/ob10-assertion.json")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.files[0].outcome, Outcome::Imported, "{report:#?}");
    let detail = wallet.get(&report.files[0].credentials[0]).unwrap();
    assert_eq!(detail.credential.format, Format::Ob1Json);
    assert_eq!(detail.credential.title, "Awesome Robotics Badge");
    assert_eq!(
        detail.credential.issued_on.as_deref(),
        Some("2013-01-26T16:31:50Z")
    );
    assert_eq!(
        detail.credential.credential_id.as_deref(),
        Some("https://example.org/legacy/f2c20.json")
    );
    assert_eq!(detail.snapshots.len(), 3);
}

#[test]
fn presentations_and_backups_import_every_credential() {
    let simple = json_of("ob30/simple.json");
    let jwt = String::from_utf8(read("ob30/velocity.jwt")).unwrap();
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [simple, jwt.trim()]
    });
    let found = import::extract("vp.json", vp.to_string().as_bytes()).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].credential.format, Format::Ob3Json);
    assert_eq!(found[1].credential.format, Format::Ob3Jwt);
    assert!(found.iter().all(|f| f.parent.is_none()));
    assert_eq!(found[1].document, jwt.trim());

    // A presentation as a JWT (`vp` claim), unsigned for the test: only decoding happens here.
    let vp_jwt = format!(
        "{}.{}.c2ln",
        b64(br#"{"alg":"ES256","typ":"JWT"}"#),
        b64(json!({ "vp": vp }).to_string().as_bytes())
    );
    assert_eq!(
        import::extract("vp.jwt", vp_jwt.as_bytes()).unwrap().len(),
        2
    );

    // Another wallet's export: a list under "credentials", one a CLR with members.
    let backup = json!({
        "exportedBy": "some wallet",
        "credentials": [json_of("ob20/basic-assertion.json"), json_of("clr20/simple.json")]
    });
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = wallet.import_bytes(
        "backup.json",
        "backup.json",
        backup.to_string().into_bytes(),
    );
    assert_eq!(report.outcome, Outcome::Imported, "{report:#?}");
    assert_eq!(report.credentials.len(), 3, "assertion, CLR and its member");
    let clr = wallet.get(&report.credentials[1]).unwrap();
    assert_eq!(clr.credential.format, Format::Clr2Json);
    assert_eq!(clr.children, vec![report.credentials[2].clone()]);
    assert_eq!(clr.associations.len(), 1);
    assert_eq!(clr.associations[0].association_type, "isParentOf");

    // A later backup holding one known and one new credential stores only the new one.
    let later = json!({
        "credentials": [json_of("ob20/basic-assertion.json"), jwt.trim()]
    });
    let again = wallet.import_bytes("later.json", "later.json", later.to_string().into_bytes());
    assert_eq!(again.outcome, Outcome::Imported, "{again:#?}");
    assert_eq!(again.titles, ["Velocity Network Board Member 2022"]);
    assert!(
        again.message.contains("1 already in the wallet"),
        "{}",
        again.message
    );
    assert_eq!(wallet.count().unwrap(), 4);
    let same = wallet.import_bytes("same.json", "same.json", later.to_string().into_bytes());
    assert_eq!(same.outcome, Outcome::Duplicate);

    // A list whose member is not a credential fails whole, naming the member.
    let bad = json!([simple_json_value(), {"name": "left-pad"}]);
    let err = import::extract("list.json", bad.to_string().as_bytes()).unwrap_err();
    assert!(err.message.contains("item 2"), "{}", err.message);
}

fn simple_json_value() -> Value {
    json_of("ob30/simple.json")
}

#[test]
fn a_vc_jwt_whose_payload_is_the_credential_imports() {
    let mut credential = json_of("ob30/simple.json");
    credential.as_object_mut().unwrap().remove("proof");
    let header = json!({"alg": "ES256", "typ": "vc+jwt", "kid": "did:example:issuer#key-1"});
    let jwt = format!(
        "{}.{}.c2ln",
        b64(header.to_string().as_bytes()),
        b64(credential.to_string().as_bytes())
    );
    let found = import::extract("payload.jwt", format!("{jwt}\n").as_bytes()).unwrap();
    assert_eq!(found[0].credential.format, Format::Ob3Jwt);
    assert_eq!(found[0].credential.title, "Teamwork Badge");
    assert_eq!(found[0].document, jwt);

    let broken = import::extract("broken.jwt", b"eyJhbGciOiJFUzI1NiJ9.!!!.c2ln").unwrap_err();
    assert_eq!(broken.code, ErrorCode::UnsupportedFormat);
    let not_json = format!("{}.{}.c2ln", b64(br#"{"alg":"none"}"#), b64(b"not json"));
    let err = import::extract("bad.jwt", not_json.as_bytes()).unwrap_err();
    assert!(
        err.message.contains("payload is not JSON"),
        "{}",
        err.message
    );
}

#[test]
fn data_uri_images_are_kept_for_display() {
    let bytes = read("ob20/assertion-with-data-image.json");
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = wallet.import_bytes("data.json", "data.json", bytes);
    assert_eq!(report.outcome, Outcome::Imported, "{report:#?}");
    let summary = &wallet.list().unwrap()[0];
    assert!(
        summary
            .image
            .as_deref()
            .is_some_and(|i| i.starts_with("data:image/"))
    );
}

#[test]
fn recipient_status_follows_the_profile() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = wallet.import_paths(
        &[
            validator("ob20/basic-assertion.json"),
            fixture("legacy/ob05-assertion.json"),
            validator("ob30/simple.json"),
        ],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.count(Outcome::Imported), 3, "{report:#?}");
    let status = |wallet: &cairn::wallet::Wallet, i: usize| {
        wallet
            .get(&report.files[i].credentials[0])
            .unwrap()
            .summary
            .recipient_status
    };
    assert_eq!(
        status(&wallet, 0),
        RecipientStatus::Unknown,
        "no identities yet"
    );

    let yours = wallet
        .add_identity(&Identity {
            kind: "email".into(),
            value: "Nobody@Example.org".into(),
        })
        .unwrap();
    assert_eq!(yours, 1);
    assert_eq!(
        status(&wallet, 0),
        RecipientStatus::Yours,
        "salted sha256 matches"
    );
    assert_eq!(status(&wallet, 1), RecipientStatus::SomeoneElse);

    wallet
        .add_identity(&Identity {
            kind: "email".into(),
            value: "bob@example.org".into(),
        })
        .unwrap();
    assert_eq!(
        status(&wallet, 1),
        RecipientStatus::Yours,
        "0.5 hash with salt"
    );
    assert_eq!(wallet.identities().unwrap().len(), 2);

    let dup = wallet.add_identity(&Identity {
        kind: "email".into(),
        value: "bob@example.org".into(),
    });
    assert_eq!(dup.unwrap_err().code, ErrorCode::Duplicate);
    let bad = wallet.add_identity(&Identity {
        kind: "email".into(),
        value: "not an address".into(),
    });
    assert_eq!(bad.unwrap_err().code, ErrorCode::InvalidInput);

    wallet
        .remove_identity("email", "Nobody@Example.org")
        .unwrap();
    assert_eq!(status(&wallet, 0), RecipientStatus::SomeoneElse);

    // Imports after the profile is set are checked at once.
    let later = wallet.import_bytes(
        "again.json",
        "again.json",
        std::fs::read(fixture("legacy/ob11-assertion.json")).unwrap(),
    );
    assert_eq!(
        wallet
            .get(&later.credentials[0])
            .unwrap()
            .summary
            .recipient_status,
        RecipientStatus::SomeoneElse
    );
}

#[test]
fn baked_out_credentials_reimport_to_the_same_credential() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = wallet.import_paths(
        &[
            validator("ob30/endorsement-valid.json"),
            validator("ob20/simple.jwt"),
            validator("clr20/simple.json"),
            validator("ob30/simple-jwt.svg"),
        ],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.count(Outcome::Imported), 4, "{report:#?}");
    let ids: Vec<String> = report
        .files
        .iter()
        .map(|f| f.credentials[0].clone())
        .collect();
    for id in &ids {
        let stored = wallet.get(id).unwrap();
        for kind in [BakeKind::Png, BakeKind::Svg] {
            let baked = bake_credential(&wallet, id, kind).unwrap();
            let found = import::extract("baked", &baked).unwrap();
            let mut again = found[0].credential.clone();
            assert_eq!(
                found[0].document.trim(),
                stored.document.trim(),
                "{id} {kind:?}"
            );
            assert_eq!(
                cairn::bake::bakes_as_ob3(again.format),
                cairn::bake::bakes_as_ob3(stored.credential.format)
            );
            again.format = stored.credential.format;
            assert_eq!(again, stored.credential, "{id} {kind:?}");
            // Into the same wallet it is a duplicate of the stored credential.
            let dup = wallet.import_bytes("baked", "baked", baked);
            assert_eq!(dup.outcome, Outcome::Duplicate, "{id} {kind:?}: {dup:#?}");
            assert_eq!(dup.credentials, vec![id.clone()]);
        }
    }
    // A credential imported from an SVG bakes back into that very file.
    let svg = bake_credential(&wallet, &ids[3], BakeKind::Svg).unwrap();
    assert_eq!(svg, read("ob30/simple-jwt.svg"));
    // A PNG baked over the badge's own image keeps that image's chunks.
    let png = bake_credential(&wallet, &ids[3], BakeKind::Png).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
}
