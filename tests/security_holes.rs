//! Smaller holes, closed: credential text with terminal escape sequences is never printed raw
//! (a badge cannot draw a fake "VALID" line), zip entries that climb out of the archive are
//! reported as refused instead of dropped silently, and JSON naming one key twice is refused
//! wherever Cairn reads a credential (import, verify of a file, JWS payloads).

use crate::common::{TempWallet, cairn, zip_of};
use base64::Engine as _;
use serde_json::{Value, json};

/// An Open Badges 3.0 credential (no proof) titled `title`, issued by `issuer`.
fn credential(title: &str, issuer: &str) -> Value {
    let id: String = title.bytes().map(|b| format!("{b:02x}")).collect();
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("urn:example:{id}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.org/issuer", "type": ["Profile"], "name": issuer},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.org/achievements/1",
                "type": ["Achievement"],
                "name": title,
                "description": "Described.",
                "criteria": {"narrative": "Did it."}
            }
        }
    })
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn assert_no_escape(what: &str, out: &std::process::Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !bytes.contains(&0x1b) && !bytes.contains(&b'\r'),
            "{what}: {stream} carries a raw ESC or CR byte: {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn a_title_with_terminal_escapes_is_printed_escaped_everywhere() {
    let tw = TempWallet::new();
    let evil = "Forged\x1b[2K\rVALID\x1b[32m \u{202e}txt.exe";
    let file = tw.dir.path().join("evil\x1b[31m.json");
    std::fs::write(
        &file,
        serde_json::to_vec(&credential(evil, "Issuer\x1b]0;owned\x07")).unwrap(),
    )
    .unwrap();
    let path = file.to_str().unwrap();

    let out = cairn(&tw, &["import", "--offline", path]);
    assert!(out.status.success(), "{}", text(&out));
    assert_no_escape("import", &out);
    assert!(
        text(&out).contains("evil\\x1b[31m.json"),
        "the file name is shown, escaped: {}",
        text(&out)
    );

    let out = cairn(&tw, &["list"]);
    assert_no_escape("list", &out);
    let listed = text(&out);
    assert!(listed.contains("Forged\\x1b[2K\\x0dVALID"), "{listed}");
    assert!(listed.contains("\\u{202e}"), "{listed}");
    assert!(listed.contains("Issuer\\x1b]0;owned\\x07"), "{listed}");
    let id = listed.split_whitespace().next().unwrap().to_owned();

    let out = cairn(&tw, &["show", &id]);
    assert_no_escape("show", &out);
    assert!(text(&out).contains("Forged\\x1b[2K\\x0dVALID"));

    let out = cairn(&tw, &["verify", "--offline", path]);
    assert_no_escape("verify FILE", &out);
    let out = cairn(&tw, &["verify", "--all", "--offline"]);
    assert_no_escape("verify --all", &out);
    let out = cairn(&tw, &["search", "Forged"]);
    assert_no_escape("search", &out);

    // JSON output stays JSON: serde escapes the characters itself.
    let out = cairn(&tw, &["list", "--json"]);
    assert_no_escape("list --json", &out);
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed[0]["title"], evil);
}

#[test]
fn an_error_message_quoting_a_file_name_is_escaped() {
    let tw = TempWallet::new();
    let file = tw.dir.path().join("bad\x1b[2K\rname.json");
    std::fs::write(&file, b"{\"not\": \"a badge\"}").unwrap();
    let out = cairn(&tw, &["import", "--offline", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_no_escape("import of a bad file", &out);
    assert!(
        text(&out).contains("bad\\x1b[2K\\x0dname.json"),
        "{}",
        text(&out)
    );
}

#[test]
fn zip_entries_that_climb_out_are_reported_as_refused() {
    let tw = TempWallet::new();
    let good = serde_json::to_vec(&credential("Kept", "Issuer")).unwrap();
    let other = |t: &str| serde_json::to_vec(&credential(t, "Issuer")).unwrap();
    let archive = tw.dir.path().join("mixed.zip");
    std::fs::write(
        &archive,
        zip_of(&[
            ("ok.json", good),
            ("..\\..\\x.json", other("Backslash")),
            ("../y.json", other("Dots")),
            ("/abs.json", other("Absolute")),
            ("a/../../z.json", other("Inner dots")),
            ("entry\x1b[2K.json", other("Escaped name")),
        ]),
    )
    .unwrap();
    let out = cairn(&tw, &["import", "--offline", archive.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "refused entries fail: {said}");
    assert_no_escape("import of a zip", &out);
    for name in ["..\\..\\x.json", "../y.json", "/abs.json", "a/../../z.json"] {
        let line = said
            .lines()
            .find(|l| l.contains(&format!("mixed.zip/{name}")))
            .unwrap_or_else(|| panic!("{name} is not reported: {said}"));
        assert!(line.starts_with("failed"), "{line}");
        assert!(line.contains("climbs out of the archive"), "{line}");
    }
    assert!(said.contains("entry\\x1b[2K.json"), "{said}");
    assert!(said.contains("2 imported, 0 duplicate, 4 failed"), "{said}");
    let listed = text(&cairn(&tw, &["list"]));
    assert!(
        listed.contains("Kept") && !listed.contains("Backslash"),
        "{listed}"
    );

    // An archive holding only such an entry is not an empty success either.
    let only = tw.dir.path().join("only.zip");
    std::fs::write(&only, zip_of(&[("..\\..\\x.json", other("Alone"))])).unwrap();
    let out = cairn(&tw, &["import", "--offline", only.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("climbs out of the archive"),
        "{}",
        text(&out)
    );
}

#[test]
fn duplicate_json_keys_are_refused_naming_the_key() {
    let tw = TempWallet::new();
    let doc = serde_json::to_string(&credential("First", "Issuer")).unwrap();
    // The same object names `name` twice: readers disagree on which one counts.
    let twice = doc.replacen(
        "\"name\":\"First\"",
        "\"name\":\"First\",\"name\":\"Second\"",
        1,
    );
    assert_ne!(doc, twice);
    let file = tw.dir.path().join("twice.json");
    std::fs::write(&file, &twice).unwrap();
    let out = cairn(&tw, &["import", "--offline", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("duplicate key \"name\""),
        "{}",
        text(&out)
    );
    assert!(text(&cairn(&tw, &["list"])).contains("empty"));

    let out = cairn(&tw, &["verify", "--offline", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("duplicate key \"name\""),
        "{}",
        text(&out)
    );

    // A JWS whose payload names a key twice.
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let payload = format!(
        "{{\"vc\":{},\"iss\":\"https://example.org/issuer\",\"iss\":\"https://evil.example\"}}",
        doc
    );
    let jws = format!(
        "{}.{}.{}",
        b64("{\"alg\":\"ES256\",\"typ\":\"JWT\"}"),
        b64(&payload),
        b64("signature")
    );
    let file = tw.dir.path().join("twice.jwt");
    std::fs::write(&file, jws).unwrap();
    let out = cairn(&tw, &["import", "--offline", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("duplicate key \"iss\""),
        "{}",
        text(&out)
    );

    // The same key in two different objects is ordinary JSON.
    let file = tw.dir.path().join("fine.json");
    std::fs::write(&file, &doc).unwrap();
    let out = cairn(&tw, &["import", "--offline", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
}
