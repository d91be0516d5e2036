//! Hostile files through the real `cairn import` binary, filling the gaps left by
//! `tests/import_hostile.rs` (zip bombs, lying PNG chunk lengths, entity bombs, deep JSON are
//! tested there): zip entries with path-traversal names, 4 GB declared lengths, a 50 MB file
//! (generated here, never committed), invalid UTF-8 and an SVG external entity (XXE). Each must give a clear error naming the
//! file, finish in bounded time with a peak RSS (measured with `/usr/bin/time -v`) of at most
//! 200 MB, write nothing outside the wallet, and leave the wallet as it was.

use crate::common::{TempWallet, validator, zip_of};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Peak resident memory allowed for one import of a hostile file.
const MAX_RSS_KB: u64 = 200 * 1024;
/// Time allowed for one import of a hostile file (debug build, shared machine).
const MAX_TIME: Duration = Duration::from_secs(20);

/// What one run of the binary gave.
pub struct Run {
    /// Exit status code.
    pub code: i32,
    /// `--json` report on stdout.
    pub report: Value,
    /// Peak resident set size, in KiB.
    pub max_rss_kb: u64,
    /// Wall-clock time.
    pub elapsed: Duration,
}

/// Runs `cairn --json --wallet WALLET ARGS` under `/usr/bin/time -v`, in `cwd`.
pub fn run_measured(wallet: &Path, args: &[&str], env: &[(&str, &str)], cwd: &Path) -> Run {
    let mut cmd = Command::new("/usr/bin/time");
    cmd.arg("-v")
        .arg(env!("CARGO_BIN_EXE_cairn"))
        .arg("--json")
        .arg("--wallet")
        .arg(wallet)
        .args(args)
        .current_dir(cwd)
        .env_remove("CAIRN_WALLET")
        .env_remove("CAIRN_DEV_HOST_OVERRIDES");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let out = cmd.output().expect("run /usr/bin/time cairn");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let max_rss_kb = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no RSS figure from /usr/bin/time: {stderr}"));
    let code = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Exit status: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(-1);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    Run {
        code,
        report,
        max_rss_kb,
        elapsed,
    }
}

/// A wallet holding simple.json, and a fingerprint of everything in it.
pub fn wallet_with_one() -> (TempWallet, String) {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = wallet.import_paths(
        &[validator("ob30/simple.json")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.files.len(), 1);
    drop(wallet);
    let print = fingerprint(&tw.path);
    (tw, print)
}

/// Every credential and original in a wallet, with the bytes' hashes, as one string.
pub fn fingerprint(wallet: &Path) -> String {
    let conn = rusqlite::Connection::open(wallet).unwrap();
    let mut out = String::new();
    for sql in [
        "SELECT id || ' ' || original_sha256 || ' ' || title FROM credential ORDER BY id",
        "SELECT sha256 || ' ' || length(bytes) FROM original ORDER BY sha256",
        "SELECT credential || ' ' || title FROM credential_text ORDER BY credential",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

/// Sets the uncompressed size every local and central header of a zip declares.
fn declare_size(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
    let mut i = 0;
    while i + 30 <= zip.len() {
        let at = match &zip[i..i + 4] {
            b"PK\x03\x04" => Some(i + 22),
            b"PK\x01\x02" => Some(i + 24),
            _ => None,
        };
        if let Some(at) = at {
            zip[at..at + 4].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
    zip
}

/// The hostile files, written into `dir`: (file name, what its error must mention).
fn hostile_files(dir: &Path) -> Vec<(PathBuf, &'static [&'static str])> {
    let badge = std::fs::read(validator("ob30/simple.json")).unwrap();
    let mut other: Value = serde_json::from_slice(&badge).unwrap();
    other["id"] = "urn:uuid:5e5e5e5e-0000-4000-8000-000000000001".into();
    let other = serde_json::to_vec(&other).unwrap();
    let mut files: Vec<(&str, Vec<u8>, &'static [&'static str])> = Vec::new();

    // 50 MB: a JSON string, a PNG and an SVG, each past the 20 MB file limit.
    let mut big_json = b"{\"name\": \"".to_vec();
    big_json.resize(50 * 1024 * 1024, b'a');
    big_json.extend_from_slice(b"\"}");
    files.push(("big.json", big_json, &["larger than the 20 MB"]));
    let mut big_png = b"\x89PNG\r\n\x1a\n".to_vec();
    big_png.resize(50 * 1024 * 1024, 0);
    files.push(("big.png", big_png, &["larger than the 20 MB"]));

    // Invalid UTF-8 in JSON, in a JWT and in an SVG.
    let mut bad_json = badge.clone();
    let at = bad_json.len() / 2;
    bad_json.splice(at..at, [0xff, 0xfe, 0xc0, 0x80]);
    files.push(("invalid-utf8.json", bad_json, &["UTF-8"]));
    files.push((
        "invalid-utf8.jwt",
        b"eyJhbGciOiJub25lIn0.\xff\xfe.abc".to_vec(),
        &["UTF-8"],
    ));
    files.push((
        "invalid-utf8.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">\
          <openbadges:credential><![CDATA[{\"name\": \"\xff\xfe\"}]]></openbadges:credential></svg>"
            .to_vec(),
        &["UTF-8"],
    ));

    // An SVG whose badge is an external entity (XXE): never resolved, never read.
    files.push((
        "external-entity.svg",
        b"<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n\
          <svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">\
          <openbadges:credential>&xxe;</openbadges:credential></svg>"
            .to_vec(),
        &["entities are not expanded"],
    ));

    // Zip entries declaring 4 GB.
    files.push((
        "declares-4gb.zip",
        declare_size(zip_of(&[("badge.json", other.clone())]), 0xffff_fff0),
        &["larger than the 20 MB"],
    ));
    // Path traversal names inside a zip: nothing is ever written where they point.
    files.push((
        "traversal.zip",
        zip_of(&[
            ("../../escaped.json", other.clone()),
            ("/tmp/absolute-escaped.json", other.clone()),
            ("..\\..\\windows-escaped.json", other),
        ]),
        &["absolute or climbs out of the archive"],
    ));

    files
        .into_iter()
        .map(|(name, bytes, words)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            (path, words)
        })
        .collect()
}

#[test]
fn hostile_files_are_refused_in_bounded_time_and_memory() {
    let (tw, before) = wallet_with_one();
    let work = tempfile::tempdir().unwrap();
    let inputs = work.path().join("in");
    let cwd = work.path().join("a/b/c");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::create_dir_all(&cwd).unwrap();
    for (path, words) in hostile_files(&inputs) {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let run = run_measured(&tw.path, &["import", path.to_str().unwrap()], &[], &cwd);
        eprintln!(
            "{name}: exit {}, {} KiB peak RSS, {:?}: {}",
            run.code, run.max_rss_kb, run.elapsed, run.report
        );
        assert!(
            run.max_rss_kb <= MAX_RSS_KB,
            "{name}: {} KiB",
            run.max_rss_kb
        );
        assert!(run.elapsed <= MAX_TIME, "{name}: {:?}", run.elapsed);
        assert_eq!(run.code, 1, "{name}: refused");
        let files = run.report["files"].as_array().unwrap();
        for file in files {
            assert_eq!(file["outcome"], "failed", "{name}: {file}");
            let source = file["source"].as_str().unwrap();
            let message = file["message"].as_str().unwrap();
            assert!(source.contains(&name), "{name}: names the file: {source}");
            for word in words {
                assert!(
                    message.contains(word) || source.contains(word),
                    "{name}: {message}"
                );
            }
        }
        assert!(
            !run.report.to_string().contains("root:"),
            "{name}: leaked a file"
        );
        assert_eq!(fingerprint(&tw.path), before, "{name}: wallet changed");
    }
    // Nothing escaped the archive.
    for escaped in [
        work.path().join("a/escaped.json"),
        work.path().join("escaped.json"),
        PathBuf::from("/tmp/absolute-escaped.json"),
    ] {
        assert!(!escaped.exists(), "{} was written", escaped.display());
    }
}
