//! Helpers for the export and backup tests: credentials with awkward names, written as real
//! files and imported into real wallets, and the poppler tools that read PDFs back.

use crate::common::{TempWallet, validator};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The awkward names used throughout: `&`, `#`, `?`, `=`, `+`, accents, Chinese and Arabic.
pub const TITLE: &str = "R&D #1: Café Ünïcode 研发证书 + أبحاث=100%?";
/// The issuer's name.
pub const ISSUER: &str = "Ørsted & Søn #2 — 北京大学 — جامعة";
/// The credential's id: an https URL with its own query and fragment.
pub const CRED_ID: &str = "https://badges.example.org/a?x=1&y=2#frag";

/// Writes an Open Badges 3.0 credential with the awkward names (and a long description that
/// must wrap) into `dir`, returning its path.
pub fn awkward_credential(dir: &Path) -> PathBuf {
    let long = "Designed, built and documented a data pipeline. ".repeat(30);
    let doc = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": CRED_ID,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://issuer.example.org", "type": ["Profile"], "name": ISSUER},
        "validFrom": "2023-03-15T10:00:00Z",
        "validUntil": "2027-11-30T00:00:00Z",
        "name": TITLE,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://issuer.example.org/achievements/rd",
                "type": ["Achievement"],
                "name": "R&D",
                "description": long,
                "criteria": {"narrative": "Pass the 研发 exam and the بحث project."},
                "alignment": [
                    {"type": ["Alignment"], "targetName": "Data engineering", "targetUrl": "https://example.org/skills/de"},
                    {"type": ["Alignment"], "targetName": "Arabic: التحليل", "targetUrl": "https://example.org/skills/ar"}
                ]
            }
        }
    });
    let path = dir.join("awkward.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    path
}

/// A wallet with the awkward credential and three conformance fixtures; returns the wallet and
/// the awkward credential's wallet id.
pub fn stocked_wallet() -> (TempWallet, String) {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let awkward = awkward_credential(tw.dir.path());
    let report = wallet.import_paths(
        &[
            awkward,
            validator("ob30/simple.json"),
            validator("ob30/complete.json"),
            validator("ob20/basic-assertion.json"),
        ],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert!(!report.has_failures(), "{report:?}");
    let id = report.files[0].credentials[0].clone();
    (tw, id)
}

/// Runs a poppler tool, panicking with its stderr when it fails.
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdftotext` of a PDF, with bidirectional control marks removed.
pub fn pdf_text(pdf: &Path) -> String {
    poppler("pdftotext", &[pdf.to_str().unwrap(), "-"])
        .chars()
        .filter(|c| !matches!(*c as u32, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069))
        .collect()
}

/// A field of `pdfinfo`.
pub fn pdf_info(pdf: &Path, field: &str) -> String {
    poppler("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .map(|v| v.trim().to_owned())
        .unwrap_or_default()
}

pub use crate::common::cairn;
