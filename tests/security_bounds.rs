//! Bounds for accepted input (docs/SECURITY.md, "Bounds for accepted input"): for each field
//! limit a file just over it is refused, naming the field and the limit, and a file just under
//! it is accepted; and the worst files the importer accepts (longest fields, most credentials
//! in one file, a clique of blank nodes, a crafted backup header) go through the real `cairn`
//! binary (import, verify, export transcript, backup, restore) within 300 MB of peak memory
//! and 10 seconds (×6 for a debug build). `CAIRN_BOUNDS_BIN` may name a release binary to
//! check the exact bound.

use crate::common::TempWallet;
use cairn::ErrorCode;
use cairn::import::bounds::{self, MAX_IMAGE_BYTES};
use cairn::import::{Found, extract};
use cairn::model::{Credential, Format, Image};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// An Open Badges 3.0 credential (no proof) with short fields, numbered `n`.
fn credential(n: usize) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("urn:example:credential:{n}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.org/issuer", "type": ["Profile"], "name": "Example"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": format!("Badge {n}"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": format!("https://example.org/achievements/{n}"),
                "type": ["Achievement"],
                "name": format!("Badge {n}"),
                "description": "Described.",
                "criteria": {"narrative": "Did it."}
            }
        }
    })
}

fn achievement(doc: &mut Value) -> &mut Value {
    &mut doc["credentialSubject"]["achievement"]
}

fn import(doc: &Value) -> cairn::Result<Vec<Found>> {
    extract("case.json", serde_json::to_string(doc).unwrap().as_bytes())
}

/// `edit(doc, at_limit)` puts a value at the limit (`true`) or one past it (`false`); the
/// first must import, the second must be refused naming `field` and `limit`.
fn limit_case(field: &str, limit: &str, edit: impl Fn(&mut Value, bool)) {
    let mut under = credential(1);
    edit(&mut under, true);
    if let Err(e) = import(&under) {
        panic!("{field}: a value at the limit is refused: {}", e.message);
    }
    let mut over = credential(1);
    edit(&mut over, false);
    let err = import(&over).expect_err(field);
    assert_eq!(err.code, ErrorCode::TooLarge, "{field}: {}", err.message);
    assert!(
        err.message.starts_with("case.json:")
            && err.message.contains(field)
            && err.message.contains(limit),
        "{field}: the message names the file, the field and the limit {limit}: {}",
        err.message
    );
}

fn chars(n: usize) -> String {
    "é".repeat(n)
}

#[test]
fn text_fields_are_bounded() {
    let pick = |at: bool, limit: usize| if at { limit } else { limit + 1 };
    limit_case("title", "1000", |d, at| {
        d["name"] = json!(chars(pick(at, 1_000)));
    });
    limit_case("achievement name", "1000", |d, at| {
        achievement(d)["name"] = json!(chars(pick(at, 1_000)));
    });
    limit_case("description", "20000", |d, at| {
        d["description"] = json!(chars(pick(at, 20_000)));
    });
    limit_case("criteria narrative", "50000", |d, at| {
        achievement(d)["criteria"]["narrative"] = json!(chars(pick(at, 50_000)));
    });
    limit_case("credential id", "8000", |d, at| {
        d["id"] = json!(format!("urn:x:{}", "a".repeat(pick(at, 8_000) - 6)));
    });
    limit_case("issuer name", "1000", |d, at| {
        d["issuer"]["name"] = json!(chars(pick(at, 1_000)));
    });
    limit_case("evidence narrative", "50000", |d, at| {
        d["evidence"] = json!([{"type": ["Evidence"], "narrative": chars(pick(at, 50_000))}]);
    });
}

#[test]
fn lists_are_bounded() {
    let pick = |at: bool, limit: usize| if at { limit } else { limit + 1 };
    limit_case("alignments", "500", |d, at| {
        let items: Vec<Value> = (0..pick(at, 500))
            .map(|i| json!({"type": ["Alignment"], "targetName": format!("Skill {i}"), "targetUrl": format!("https://example.org/s/{i}")}))
            .collect();
        achievement(d)["alignment"] = json!(items);
    });
    limit_case("results", "500", |d, at| {
        let items: Vec<Value> = (0..pick(at, 500))
            .map(|i| json!({"type": ["Result"], "value": format!("{i}")}))
            .collect();
        d["credentialSubject"]["result"] = json!(items);
    });
    limit_case("evidence", "500", |d, at| {
        let items: Vec<Value> = (0..pick(at, 500))
            .map(|i| json!({"type": ["Evidence"], "id": format!("https://example.org/e/{i}")}))
            .collect();
        d["evidence"] = json!(items);
    });
    limit_case("types", "500", |d, at| {
        let mut items = vec![json!("VerifiableCredential"), json!("OpenBadgeCredential")];
        items.extend((2..pick(at, 500)).map(|i| json!(format!("Extra{i}"))));
        d["type"] = json!(items);
    });
    limit_case("tags", "100", |d, at| {
        let items: Vec<Value> = (0..pick(at, 100)).map(|i| json!(format!("t{i}"))).collect();
        achievement(d)["tag"] = json!(items);
    });
}

/// How many values `parse_strict` counts in a document (each node once).
fn values(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(values).sum(),
        Value::Object(map) => map.values().map(values).sum(),
        _ => 0,
    }
}

#[test]
fn json_values_and_credentials_per_file_are_bounded() {
    let limit = cairn::import::json::MAX_JSON_VALUES;
    assert_eq!(limit, 200_000);
    let padded = |total: usize| {
        let mut d = credential(1);
        d["padding"] = json!([]);
        let base = values(&d);
        d["padding"] = json!(vec![0; total - base]);
        assert_eq!(values(&d), total);
        d
    };
    assert!(import(&padded(limit)).is_ok());
    let err = import(&padded(limit + 1)).unwrap_err();
    assert_eq!(err.code, ErrorCode::TooLarge, "{}", err.message);
    assert!(
        err.message.contains("case.json") && err.message.contains("200000 JSON values"),
        "{}",
        err.message
    );

    let many = |n: usize| Value::Array((0..n).map(credential).collect());
    assert_eq!(import(&many(500)).unwrap().len(), 500);
    let err = import(&many(501)).unwrap_err();
    assert_eq!(err.code, ErrorCode::TooLarge, "{}", err.message);
    assert!(err.message.contains("500"), "{}", err.message);
}

fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

fn jpeg_header(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 8,
    ];
    jpeg.extend_from_slice(&height.to_be_bytes());
    jpeg.extend_from_slice(&width.to_be_bytes());
    jpeg.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
    jpeg
}

fn data_uri(media_type: &str, bytes: &[u8]) -> String {
    use base64::Engine as _;
    format!(
        "data:{media_type};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

#[test]
fn images_are_bounded_by_their_headers() {
    let with_image = |uri: String| {
        move |d: &mut Value, _: bool| {
            achievement(d)["image"] = json!({"id": uri, "type": "Image"});
        }
    };
    let case = |under: String, over: String, limit: &str| {
        let mut ok = credential(1);
        with_image(under)(&mut ok, true);
        assert!(
            import(&ok).is_ok(),
            "{limit}: the image at the limit is accepted"
        );
        let mut bad = credential(1);
        with_image(over)(&mut bad, false);
        let err = import(&bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::TooLarge, "{}", err.message);
        assert!(
            err.message.contains("achievement image") && err.message.contains(limit),
            "{}",
            err.message
        );
    };
    // Per side.
    case(
        data_uri("image/png", &png_header(8_192, 16)),
        data_uri("image/png", &png_header(8_193, 16)),
        "8192 pixels per side",
    );
    // In total: 4096 × 4096 pixels.
    case(
        data_uri("image/png", &png_header(8_192, 2_048)),
        data_uri("image/png", &png_header(8_192, 2_049)),
        "16777216 pixels",
    );
    case(
        data_uri("image/jpeg", &jpeg_header(4_096, 4_096)),
        data_uri("image/jpeg", &jpeg_header(4_097, 4_096)),
        "16777216 pixels",
    );
    let svg = |w: u32| {
        format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}px" height="10"></svg>"#)
    };
    case(
        data_uri("image/svg+xml", svg(8_192).as_bytes()),
        data_uri("image/svg+xml", svg(8_193).as_bytes()),
        "8192 pixels per side",
    );

    // Bytes: a file is at most 20 MB, so a bigger image only arrives by other means (a fetch);
    // the check itself is exercised directly.
    let image = |len: usize| {
        let mut bytes = png_header(100, 100);
        bytes.resize(len, 0);
        Image {
            media_type: "image/png".into(),
            bytes,
        }
    };
    assert!(bounds::check_image(&image(MAX_IMAGE_BYTES)).is_ok());
    let why = bounds::check_image(&image(MAX_IMAGE_BYTES + 1)).unwrap_err();
    assert!(why.contains("20 MB"), "{why}");
}

#[test]
fn document_text_is_bounded() {
    // A file is at most 20 MB; a document only grows past that by inflation (a compressed PNG
    // chunk is capped at the file limit too), so the check is exercised directly.
    let found = |len: usize| Found::new(Credential::new(Format::Ob3Json, "t"), "x".repeat(len));
    assert!(bounds::check("big.json", &found(bounds::MAX_DOCUMENT_BYTES)).is_ok());
    let err = bounds::check("big.json", &found(bounds::MAX_DOCUMENT_BYTES + 1)).unwrap_err();
    assert!(
        err.message.contains("big.json") && err.message.contains("64 MB"),
        "{}",
        err.message
    );
}

#[test]
fn a_refused_file_changes_nothing_stored() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let good = tw.dir.path().join("good.json");
    std::fs::write(&good, serde_json::to_vec(&credential(1)).unwrap()).unwrap();
    let mut over = credential(2);
    over["name"] = json!("x".repeat(1_001));
    let bad = tw.dir.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&over).unwrap()).unwrap();
    let report = wallet.import_paths(
        &[good, bad],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.files[0].outcome, cairn::wallet::Outcome::Imported);
    assert_eq!(report.files[1].outcome, cairn::wallet::Outcome::Failed);
    assert!(report.files[1].message.contains("title"));
    assert_eq!(wallet.list().unwrap().len(), 1);
}

// ---- Memory and time of the worst accepted inputs, through the real binary ----

const PEAK_LIMIT_KB: u64 = 300 * 1024;

/// The binary measured, and how much slower than the stated 10 s it may be.
fn binary() -> (PathBuf, u32) {
    match std::env::var_os("CAIRN_BOUNDS_BIN") {
        Some(bin) => (PathBuf::from(bin), 1),
        None if cfg!(debug_assertions) => (PathBuf::from(env!("CARGO_BIN_EXE_cairn")), 6),
        None => (PathBuf::from(env!("CARGO_BIN_EXE_cairn")), 1),
    }
}

/// What one run of the binary took.
struct Run {
    status: std::process::ExitStatus,
    stdout: String,
    stderr: String,
    peak_kb: u64,
    elapsed: Duration,
}

/// Peak resident memory so far (VmHWM) of a running process, in KiB.
fn peak_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Runs `cairn --wallet WALLET ARGS`, polling its peak memory, and asserts the bounds.
fn measured(what: &str, wallet: &Path, args: &[&str]) -> Run {
    let (bin, slack) = binary();
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out");
    let err_path = dir.path().join("err");
    let mut child = Command::new(&bin)
        .arg("--wallet")
        .arg(wallet)
        .args(args)
        .env_remove("CAIRN_WALLET")
        .env_remove("CAIRN_PASSPHRASE")
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let limit = Duration::from_secs(10) * slack;
    let mut peak_kb = 0;
    let status = loop {
        if let Some(kb) = peak_of(child.id()) {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit * 3 {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {:?}", start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        status,
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
        peak_kb,
        elapsed: start.elapsed(),
    };
    eprintln!(
        "bounds: {what}: {:.2} s, peak {} MB ({})",
        run.elapsed.as_secs_f64(),
        run.peak_kb / 1024,
        bin.display()
    );
    assert!(
        run.elapsed <= limit,
        "{what}: took {:?}, over {limit:?}",
        run.elapsed
    );
    assert!(
        run.peak_kb <= PEAK_LIMIT_KB,
        "{what}: peak memory {} MB, over 300 MB",
        run.peak_kb / 1024
    );
    run
}

/// One credential with every text field at its limit and long lists, about 12 MB.
fn widest_credential() -> Value {
    let mut d = credential(1);
    d["name"] = json!("T".repeat(bounds::MAX_TITLE_CHARS));
    d["description"] = json!("D".repeat(bounds::MAX_DESCRIPTION_CHARS));
    let a = achievement(&mut d);
    a["name"] = json!("N".repeat(bounds::MAX_TITLE_CHARS));
    a["description"] = json!("d".repeat(bounds::MAX_DESCRIPTION_CHARS));
    a["criteria"]["narrative"] = json!("C".repeat(bounds::MAX_NARRATIVE_CHARS));
    a["tag"] = json!(
        (0..bounds::MAX_TAGS)
            .map(|i| format!("{i}{}", "g".repeat(990)))
            .collect::<Vec<_>>()
    );
    a["alignment"] = json!(
        (0..bounds::MAX_LIST_ITEMS)
            .map(|i| json!({
                "type": ["Alignment"],
                "targetName": format!("{i}{}", "s".repeat(990)),
                "targetUrl": format!("https://example.org/skills/{i}"),
                "targetDescription": "a".repeat(bounds::MAX_DESCRIPTION_CHARS),
            }))
            .collect::<Vec<_>>()
    );
    d["evidence"] = json!(
        (0..40)
            .map(|i| json!({"type": ["Evidence"], "id": format!("https://example.org/e/{i}"), "narrative": "e".repeat(bounds::MAX_NARRATIVE_CHARS)}))
            .collect::<Vec<_>>()
    );
    d
}

fn ok(what: &str, run: &Run) {
    assert!(
        run.status.success(),
        "{what} failed: {}{}",
        run.stdout,
        run.stderr
    );
}

/// A verification that ran to its end: exit 0 (all valid) or 1 (some not valid), with a report.
fn verified(what: &str, run: &Run) {
    assert!(
        matches!(run.status.code(), Some(0 | 1)) && !run.stdout.is_empty(),
        "{what} did not finish: {}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn the_widest_credential_goes_through_every_command_within_bounds() {
    let tw = TempWallet::new();
    let dir = tw.dir.path();
    let file = dir.join("widest.json");
    let text = serde_json::to_vec(&widest_credential()).unwrap();
    assert!(text.len() < 20 * 1024 * 1024, "{} bytes", text.len());
    std::fs::write(&file, &text).unwrap();
    let run = measured(
        "import (widest credential)",
        &tw.path,
        &["import", "--offline", file.to_str().unwrap()],
    );
    ok("import", &run);
    verified(
        "verify",
        &measured("verify --all", &tw.path, &["verify", "--all", "--offline"]),
    );
    let pdf = dir.join("t.pdf");
    ok(
        "transcript",
        &measured(
            "export transcript (widest credential)",
            &tw.path,
            &[
                "export",
                "transcript",
                "--include-invalid",
                "-o",
                pdf.to_str().unwrap(),
            ],
        ),
    );
    assert!(std::fs::metadata(&pdf).unwrap().len() > 0);
    other_exports(&tw, "widest credential");
    let pass = dir.join("pass.txt");
    std::fs::write(&pass, "correct horse battery staple\n").unwrap();
    let backup = dir.join("wallet.cairn");
    ok(
        "backup",
        &measured(
            "backup",
            &tw.path,
            &[
                "backup",
                "-o",
                backup.to_str().unwrap(),
                "--passphrase-file",
                pass.to_str().unwrap(),
            ],
        ),
    );
    let fresh = dir.join("fresh.sqlite");
    ok(
        "restore",
        &measured(
            "restore",
            &fresh,
            &[
                "restore",
                backup.to_str().unwrap(),
                "--passphrase-file",
                pass.to_str().unwrap(),
            ],
        ),
    );

    // A crafted header asking argon2 for 4 GiB and 64 passes is refused at once.
    let mut crafted = std::fs::read(&backup).unwrap();
    let at = crafted
        .windows(cairn::backup::MAGIC.len())
        .position(|w| w == cairn::backup::MAGIC)
        .expect("the backup carries its sealed header")
        + cairn::backup::MAGIC.len()
        + 1;
    crafted[at..at + 4].copy_from_slice(&(4u32 * 1024 * 1024).to_le_bytes());
    crafted[at + 4..at + 8].copy_from_slice(&64u32.to_le_bytes());
    let bad = dir.join("crafted.cairn");
    std::fs::write(&bad, crafted).unwrap();
    let start = Instant::now();
    let run = measured(
        "restore (crafted argon2 header)",
        &dir.join("other.sqlite"),
        &[
            "restore",
            bad.to_str().unwrap(),
            "--passphrase-file",
            pass.to_str().unwrap(),
        ],
    );
    assert!(!run.status.success());
    assert!(
        run.stderr.contains("key-derivation settings"),
        "{}",
        run.stderr
    );
    assert!(start.elapsed() < Duration::from_secs(2), "refused at once");
    assert!(run.peak_kb < 64 * 1024, "nothing allocated for argon2");
}

#[test]
fn five_hundred_credentials_in_one_file_stay_within_bounds() {
    let tw = TempWallet::new();
    let dir = tw.dir.path();
    let many: Vec<Value> = (0..bounds::MAX_CREDENTIALS_PER_FILE)
        .map(|n| {
            let mut d = credential(n);
            d["name"] = json!(format!("{n} {}", "T".repeat(990)));
            d["description"] = json!("D".repeat(bounds::MAX_DESCRIPTION_CHARS));
            d
        })
        .collect();
    let file = dir.join("many.json");
    std::fs::write(&file, serde_json::to_vec(&many).unwrap()).unwrap();
    let run = measured(
        "import (500 credentials in one file)",
        &tw.path,
        &["import", "--offline", file.to_str().unwrap()],
    );
    ok("import", &run);
    assert!(run.stdout.contains("500 credentials") || run.stdout.contains("imported"));
    verified(
        "verify",
        &measured(
            "verify --all (500 credentials)",
            &tw.path,
            &["verify", "--all", "--offline"],
        ),
    );
    let pdf = dir.join("t.pdf");
    ok(
        "transcript",
        &measured(
            "export transcript (500 credentials)",
            &tw.path,
            &[
                "export",
                "transcript",
                "--include-invalid",
                "-o",
                pdf.to_str().unwrap(),
            ],
        ),
    );
    other_exports(&tw, "500 credentials");
}

/// The exports besides the transcript — LinkedIn entries, the evidence package, a signed
/// presentation, a baked badge —
/// of everything in the wallet, within the same bounds. `--include-invalid`, so the test
/// credentials (unsigned) are really exported, not left out.
fn other_exports(tw: &TempWallet, what: &str) {
    let dir = tw.dir.path();
    let list = crate::common::cairn(tw, &["--json", "list"]);
    let listed: Value = serde_json::from_slice(&list.stdout).unwrap();
    let ids: Vec<String> = listed
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c["id"].as_str().expect("an id").to_owned())
        .collect();
    let mut linkedin = vec!["--json", "export", "linkedin", "--include-invalid"];
    linkedin.extend(ids.iter().map(String::as_str));
    ok(
        "linkedin",
        &measured(&format!("export linkedin ({what})"), &tw.path, &linkedin),
    );
    let zip = dir.join("evidence.zip");
    ok(
        "package",
        &measured(
            &format!("export package ({what})"),
            &tw.path,
            &[
                "export",
                "package",
                "--unsigned",
                "--include-invalid",
                "-o",
                zip.to_str().unwrap(),
            ],
        ),
    );
    assert!(std::fs::metadata(&zip).unwrap().len() > 0);
    // A presentation of everything, signed with the holder key (made here on first use).
    let pass = dir.join("holder-pass.txt");
    std::fs::write(&pass, "holder passphrase\n").unwrap();
    let vp = dir.join("presentation.json");
    let mut presentation = vec![
        "export",
        "presentation",
        "--include-invalid",
        "--passphrase-file",
        pass.to_str().unwrap(),
        "-o",
        vp.to_str().unwrap(),
    ];
    presentation.extend(ids.iter().map(String::as_str));
    ok(
        "presentation",
        &measured(
            &format!("export presentation ({what})"),
            &tw.path,
            &presentation,
        ),
    );
    assert!(std::fs::metadata(&vp).unwrap().len() > 0);
    let id = ids[0].clone();
    let png = dir.join("baked.png");
    ok(
        "baked",
        &measured(
            &format!("export baked ({what})"),
            &tw.path,
            &[
                "export",
                "baked",
                "--include-invalid",
                "-o",
                png.to_str().unwrap(),
                &id,
            ],
        ),
    );
}

/// A credential whose subjects are `n` blank nodes that all name each other: every node has
/// the same first-degree hash, the worst case of RDFC-1.0. Signed (with a signature that does
/// not matter: canonicalisation comes first) with `eddsa-rdfc-2022`.
fn clique(n: usize) -> Value {
    let nodes: Vec<Value> = (0..n)
        .map(|i| {
            // `knows` is defined inline below, its values identifiers.
            let others: Vec<Value> = (0..n)
                .filter(|&j| j != i)
                .map(|j| json!(format!("_:n{j}")))
                .collect();
            json!({"id": format!("_:n{i}"), "knows": others})
        })
        .collect();
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            {"knows": {"@id": "https://example.org/knows", "@type": "@id"}}
        ],
        "id": "urn:example:clique",
        "type": ["VerifiableCredential"],
        "issuer": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": nodes,
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2024-01-01T00:00:00Z",
            "verificationMethod": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            "proofPurpose": "assertionMethod",
            "proofValue": "z5rA9vAvKwNkcYYt2tGEf4gAtyWcXVKs1zZkK5w4fZrVwT6U8UWh7SAcxTZGx5Sx3wZWZZqJzBSbJ5q7pAHWNYwY5"
        }
    })
}

#[test]
fn a_blank_node_clique_is_too_complex_to_check_not_a_hang() {
    use cairn::verify::{CheckName, CheckStatus, Reason, Verdict, VerifyOptions, verify_document};
    // Small enough to build in an instant, far too tied to canonicalise within the budget.
    let doc = clique(12);
    let contexts = cairn::verify::contexts::Contexts::embedded();
    let start = Instant::now();
    let err = cairn::verify::rdfc::canonicalize_json(&doc, contexts).unwrap_err();
    assert!(
        err.message.contains("too complex to check"),
        "{}",
        err.message
    );
    let options = VerifyOptions {
        fetch: None,
        now: chrono::Utc::now(),
        identities: &[],
        contexts,
    };
    let report = verify_document(&doc.to_string(), &options);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let signature = report.check(CheckName::Signature).unwrap();
    assert_eq!(signature.status, CheckStatus::Skip, "{}", signature.message);
    assert!(signature.required);
    assert!(signature.message.contains("too complex to check"));
    assert_eq!(report.verdict, Verdict::Indeterminate);
    assert_eq!(report.reason, Some(Reason::Unsupported));

    // Two blank nodes that cannot be told apart, and no more, are still canonicalised.
    let mut pair = clique(2);
    pair["proof"] = Value::Null;
    let canonical = cairn::verify::rdfc::canonicalize_json(&pair, contexts).unwrap();
    assert!(canonical.contains("_:c14n0") && canonical.contains("_:c14n1"));
}

#[test]
fn the_largest_accepted_clique_and_an_800_node_one_stay_within_bounds() {
    let tw = TempWallet::new();
    let dir = tw.dir.path();
    // 200 nodes: under the general JSON-LD path's limit, so the work estimate refuses it.
    let file = dir.join("clique-200.json");
    std::fs::write(&file, serde_json::to_vec(&clique(200)).unwrap()).unwrap();
    let run = measured(
        "verify (200-node blank-node clique)",
        &tw.path,
        &["verify", "--offline", "--json", file.to_str().unwrap()],
    );
    assert!(run.stdout.contains("\"unsupported\""), "{}", run.stdout);
    assert!(
        run.stdout.contains("steps, over the budget"),
        "{}",
        run.stdout
    );

    // 440 nodes: about 194,500 JSON values, just under the limit, so it is imported and
    // verified.
    let file = dir.join("clique-440.json");
    std::fs::write(&file, serde_json::to_vec(&clique(440)).unwrap()).unwrap();
    let run = measured(
        "import --offline (440-node blank-node clique)",
        &tw.path,
        &["import", "--offline", file.to_str().unwrap()],
    );
    ok("import", &run);
    assert!(run.stdout.contains("indeterminate"), "{}", run.stdout);
    let run = measured(
        "verify (440-node clique)",
        &tw.path,
        &["verify", "--offline", "--json", file.to_str().unwrap()],
    );
    assert!(run.stdout.contains("\"unsupported\""), "{}", run.stdout);
    assert!(
        run.stdout.contains("too complex to check"),
        "{}",
        run.stdout
    );

    // 800 nodes (about 8 MB): refused while it is read, for its number of values.
    let file = dir.join("clique-800.json");
    let text = serde_json::to_vec(&clique(800)).unwrap();
    assert!(text.len() > 5_000_000, "{} bytes", text.len());
    std::fs::write(&file, text).unwrap();
    let run = measured(
        "import --offline (800-node blank-node clique)",
        &tw.path,
        &["import", "--offline", file.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.contains("JSON values"), "{}", run.stdout);
    let run = measured(
        "verify (800-node clique)",
        &tw.path,
        &["verify", "--offline", file.to_str().unwrap()],
    );
    assert!(!run.status.success());
}
