//! Replays the fuzzers' regression inputs: every file under `tests/fixtures/fuzz/TARGET/`
//! goes through the same code as the cargo-fuzz target of that name (`fuzz/fuzz_targets/`),
//! in a normal test run, and must finish without panicking, in bounded time. A crash the
//! fuzzers find is copied there (see `scripts/fuzz.sh`) when it is fixed.

use cairn::import::{Limits, extract, extract_with, png, svg};
use cairn::verify::di::{Canon, canonicalize};
use cairn::verify::{Contexts, VerifyOptions, verify_document};
use std::path::Path;
use std::time::{Duration, Instant};

/// Runs one input through the target named `target`, as the fuzz target does.
fn replay(target: &str, data: &[u8]) {
    match target {
        "png" => {
            let mut bytes = png::SIGNATURE.to_vec();
            bytes.extend_from_slice(data);
            let _ = png::find("fuzz.png", &bytes, &Limits::default());
            let _ = extract_with("fuzz.png", &bytes, &Limits::default());
        }
        "svg" => {
            let _ = svg::find("fuzz.svg", data);
            let _ = extract_with("fuzz.svg", data, &Limits::default());
        }
        "json_jws" => {
            for name in ["fuzz.json", "fuzz.jwt"] {
                if let Ok(found) = extract(name, data) {
                    for f in found.iter().take(4) {
                        let _ = verify_document(&f.document, &VerifyOptions::offline());
                    }
                }
            }
            if let Ok(text) = std::str::from_utf8(data) {
                let _ = verify_document(text, &VerifyOptions::offline());
            }
        }
        "zip" => {
            let limits = Limits {
                max_file_bytes: 1 << 20,
                max_archive_entries: 64,
                max_archive_bytes: 4 << 20,
                ..Limits::default()
            };
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend_from_slice(data);
            let _ = extract_with("fuzz.zip", &bytes, &limits);
            let _ = extract_with("fuzz.zip", data, &limits);
        }
        "jsonld_canon" => {
            if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) {
                let _ = canonicalize(&doc, Canon::Rdfc, Contexts::embedded());
                let _ = canonicalize(&doc, Canon::Jcs, Contexts::embedded());
            }
        }
        "backup" => {
            let _ = cairn::backup::parse_contents(data);
            if !data.starts_with(cairn::backup::MAGIC) || data.len() < 80 {
                let _ = cairn::backup::parse(data, b"fuzz");
            }
        }
        other => panic!("tests/fixtures/fuzz/{other}: no fuzz target has this name"),
    }
}

#[test]
fn fuzz_regression_inputs_replay_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut replayed = 0;
    for dir in std::fs::read_dir(&root).expect("tests/fixtures/fuzz") {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let target = dir.file_name().unwrap().to_str().unwrap().to_owned();
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let data = std::fs::read(&file).unwrap();
            let started = Instant::now();
            replay(&target, &data);
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{} took {:?}",
                file.display(),
                started.elapsed()
            );
            replayed += 1;
        }
    }
    eprintln!("replayed {replayed} fuzz regression inputs");
}

#[test]
fn an_iri_with_a_non_utf8_percent_escape_is_refused_before_the_jsonld_libraries_see_it() {
    // Found by the `jsonld_canon` and `json_jws` fuzz targets: `%ec` and `%84` decode to bytes
    // that are not UTF-8, and `pct-str` 2.0 inside the JSON-LD libraries panics on them. The
    // message is the one of the check in front of those libraries, not of the panic catcher,
    // so the libraries never ran on these inputs (under libFuzzer a caught panic still aborts).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    for file in [
        "jsonld_canon/crash-e3cea6594283d432a796557c5343501192d166ac",
        "json_jws/crash-ebfe5043b8a2264f8514b89405adbd05406839fc",
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let err = canonicalize(&doc, Canon::Rdfc, Contexts::embedded()).unwrap_err();
        assert!(err.contains("does not decode to UTF-8"), "{file}: {err}");
        let report = verify_document(&doc.to_string(), &VerifyOptions::offline());
        assert_ne!(report.verdict, cairn::verify::Verdict::Valid, "{file}");
    }
}

#[test]
fn text_with_a_space_and_a_stray_escape_is_still_canonicalised() {
    // Only strings that could be IRIs are refused: with a space a string is never one.
    let doc = serde_json::json!({
        "@context": "https://w3id.org/openbadges/v2",
        "id": "https://example.org/badge.json",
        "type": "BadgeClass",
        "name": "Caf%e9 barista, 50 %ff",
        "description": "Percent-escapes in text",
    });
    let canonical = canonicalize(&doc, Canon::Rdfc, Contexts::embedded()).unwrap();
    assert!(canonical.contains("Caf%e9 barista, 50 %ff"), "{canonical}");
}
