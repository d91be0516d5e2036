//! Holder-signed presentations: the holder key (sealed, created once), eddsa-rdfc-2022 proofs
//! checked by Cairn's verifier and by Digital Bazaar's `@digitalbazaar/vc` on Node.

use crate::common::{conformance, validator};
use crate::export_support::stocked_wallet;
use cairn::ErrorCode;
use cairn::export::Selection;
use cairn::export::presentation::{self, PresentationOptions};
use cairn::holder;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const PASS: &[u8] = b"holder passphrase";

/// The awkward credential, `ob30/simple.json` and the OB 2.0 assertion (which is left out).
/// `ob30/complete.json` is not used: canonicalizing its many blank nodes takes minutes in an
/// unoptimised test build.
fn selection(wallet: &cairn::wallet::Wallet, awkward: &str) -> Selection {
    let mut ids = vec![awkward.to_owned()];
    for c in wallet.list().unwrap() {
        if c.title == "Teamwork Badge" || c.format == cairn::model::Format::Ob2Json {
            ids.push(c.id);
        }
    }
    Selection {
        ids,
        ..Selection::default()
    }
}

fn options() -> PresentationOptions {
    PresentationOptions {
        challenge: Some("c0ffee-42".to_owned()),
        domain: Some("jobs.example.org".to_owned()),
        created: Some("2026-11-23T12:00:00Z".to_owned()),
    }
}

#[test]
fn presentation_holds_originals_verbatim_and_verifies_in_cairn() {
    let (tw, awkward) = stocked_wallet();
    let mut wallet = tw.open();
    assert!(holder::holder(&wallet).unwrap().is_none());
    let selection = selection(&wallet, &awkward);
    let made = presentation::present(&mut wallet, &selection, PASS, &options()).unwrap();
    let vp = &made.document;
    assert_eq!(vp["type"][0], "VerifiablePresentation");
    assert_eq!(vp["holder"], made.holder.did.as_str());
    assert!(made.holder.did.starts_with("did:key:z6Mk"));
    assert_eq!(vp["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(vp["proof"]["challenge"], "c0ffee-42");
    // Two VCs in; the Open Badges 2.0 assertion left out with a reason.
    assert_eq!(made.included.len(), 2);
    assert_eq!(made.skipped.len(), 1);
    assert!(made.skipped[0].1.contains("Open Badges 2.0"));
    let original: Value =
        serde_json::from_slice(&wallet.original(&awkward).unwrap().bytes).unwrap();
    let inside = vp["verifiableCredential"].as_array().unwrap();
    assert!(
        inside.contains(&original),
        "the credential is not carried verbatim"
    );

    let ok = presentation::check(vp, Some("c0ffee-42"), Some("jobs.example.org"));
    assert!(ok.valid, "{}", ok.message);
    assert!(!presentation::check(vp, Some("another"), None).valid);

    let mut tampered = vp.clone();
    tampered["verifiableCredential"][0]["name"] = Value::from("Forged");
    let bad = presentation::check(&tampered, None, None);
    assert!(!bad.valid, "a changed credential still verifies");

    // The key is created once; a second presentation is signed by the same holder.
    let again = presentation::present(&mut wallet, &selection, PASS, &options()).unwrap();
    assert_eq!(again.holder, made.holder);
}

#[test]
fn the_private_key_is_sealed_and_needs_the_passphrase() {
    let (tw, awkward) = stocked_wallet();
    let mut wallet = tw.open();
    let selection = selection(&wallet, &awkward);
    presentation::present(&mut wallet, &selection, PASS, &options()).unwrap();
    let err = presentation::present(&mut wallet, &selection, b"not it", &options()).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPassphrase);
    let h = holder::holder(&wallet).unwrap().unwrap();
    let sig = holder::sign(&wallet, PASS, b"message").unwrap();
    assert!(holder::verify(&h, b"message", &sig));
    assert!(!holder::verify(&h, b"other", &sig));
    drop(wallet);
    // The stored secret is not the 32-byte key in the clear: it is longer, sealed and tagged.
    let conn = rusqlite::Connection::open(&tw.path).unwrap();
    let sealed: Vec<u8> = conn
        .query_row("SELECT sealed_secret FROM holder_key", [], |r| r.get(0))
        .unwrap();
    assert!(sealed.starts_with(b"CAIRN-HOLDER-KEY\0"));
    assert!(sealed.len() > 32 + 16 + 24 + 16);
}

#[test]
fn only_open_badges_2_is_refused() {
    let tw = crate::common::TempWallet::new();
    let mut wallet = tw.open();
    wallet.import_paths(
        &[validator("ob20/basic-assertion.json")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    let selection = Selection::whole_wallet(&wallet).unwrap();
    let err = presentation::present(&mut wallet, &selection, PASS, &options()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        holder::holder(&wallet).unwrap().is_none(),
        "a key was made for nothing"
    );
}

/// Installs Digital Bazaar's verifier once into a temporary folder (kept between runs).
fn node_verifier() -> PathBuf {
    crate::common::node_script(
        "cairn-test-digitalbazaar-vc",
        &[
            "@digitalbazaar/vc@7",
            "@digitalbazaar/data-integrity@2",
            "@digitalbazaar/eddsa-rdfc-2022-cryptosuite@1",
            "@digitalbazaar/security-document-loader@3",
        ],
        "@digitalbazaar/vc",
        "verify_presentation.mjs",
    )
}

#[test]
fn presentation_verifies_with_digitalbazaar_vc_on_node() {
    let (tw, awkward) = stocked_wallet();
    let mut wallet = tw.open();
    let selection = selection(&wallet, &awkward);
    let made = presentation::present(&mut wallet, &selection, PASS, &options()).unwrap();
    let vp_path = tw.dir.path().join("vp.json");
    std::fs::write(&vp_path, serde_json::to_vec_pretty(&made.document).unwrap()).unwrap();
    let script = node_verifier();
    let run = |vp: &Path, challenge: &str| -> Value {
        let out = Command::new("node")
            .arg(&script)
            .arg(vp)
            .arg(challenge)
            .arg("jobs.example.org")
            .arg(conformance())
            .output()
            .expect("node is needed for this test");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let result = run(&vp_path, "c0ffee-42");
    assert_eq!(result["presentation"], true, "{result}");
    let wrong = run(&vp_path, "wrong-challenge");
    assert_eq!(wrong["presentation"], false, "{wrong}");
}

/// Reads one entry of a zip file.
fn zip_entry(path: &Path, name: &str) -> Option<Vec<u8>> {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut entry = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    entry.read_to_end(&mut out).unwrap();
    Some(out)
}

#[test]
fn evidence_package_carries_the_signed_presentation() {
    let (tw, awkward) = stocked_wallet();
    let wallet = tw.open();
    let selection = selection(&wallet, &awkward);
    let ob2_title = wallet
        .list()
        .unwrap()
        .into_iter()
        .find(|c| c.format == cairn::model::Format::Ob2Json)
        .unwrap()
        .title;
    drop(wallet);
    let pass_file = tw.dir.path().join("pass.txt");
    std::fs::write(&pass_file, "holder passphrase\n").unwrap();
    let out_path = tw.dir.path().join("evidence.zip");
    let mut args = vec!["export", "package"];
    args.extend(selection.ids.iter().map(String::as_str));
    let common = [
        "--challenge",
        "c0ffee-42",
        "--domain",
        "jobs.example.org",
        "--json",
    ];
    let mut signed = args.clone();
    signed.extend(common);
    signed.extend(["--passphrase-file", pass_file.to_str().unwrap()]);
    signed.extend(["-o", out_path.to_str().unwrap()]);
    let out = crate::common::cairn(&tw, &signed);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let holder_did = report["holder"].as_str().unwrap().to_owned();
    assert!(holder_did.starts_with("did:key:z6Mk"));

    let vp: Value = serde_json::from_slice(&zip_entry(&out_path, "presentation.json").unwrap())
        .expect("presentation.json is JSON");
    let ok = presentation::check(&vp, Some("c0ffee-42"), Some("jobs.example.org"));
    assert!(ok.valid, "{}", ok.message);
    assert_eq!(vp["holder"], holder_did.as_str());
    assert_eq!(vp["verifiableCredential"].as_array().unwrap().len(), 2);
    let html = String::from_utf8(zip_entry(&out_path, "index.html").unwrap()).unwrap();
    assert!(html.contains("href=\"presentation.json\""));
    assert!(html.contains(&holder_did));
    assert!(html.contains("c0ffee-42"));
    assert!(
        html.contains("Not in the presentation") && html.contains(&ob2_title),
        "the index does not say which credential was left out"
    );
    let before = std::fs::read(&out_path).unwrap();

    // A wrong passphrase writes nothing and says why.
    std::fs::write(&pass_file, "not it\n").unwrap();
    let out = crate::common::cairn(&tw, &signed);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("passphrase"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&out_path).unwrap(), before);

    // --unsigned leaves the presentation out and needs no passphrase.
    let plain_path = tw.dir.path().join("plain.zip");
    let mut plain = args.clone();
    plain.extend(["--unsigned", "-o", plain_path.to_str().unwrap()]);
    let out = crate::common::cairn(&tw, &plain);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(zip_entry(&plain_path, "presentation.json").is_none());
    assert!(zip_entry(&plain_path, "transcript.pdf").is_some());
}
