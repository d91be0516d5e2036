//! `cairn import` on folders, archives and URLs, `cairn profile` and `cairn export baked`, as a
//! user runs them: per-file report, `--json`, exit codes.

use crate::common::{FixtureServer, TempWallet, validator};
use serde_json::Value;
use std::io::Write as _;
use std::process::{Command, Output};

fn cairn(wallet: &TempWallet, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.arg("--wallet")
        .arg(&wallet.path)
        .args(args)
        .env_remove("CAIRN_WALLET")
        .env_remove("CAIRN_DEV_HOST_OVERRIDES");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run cairn")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// A folder holding loose badges, a zip of mixed files and a broken file.
fn messy_folder(tw: &TempWallet) -> std::path::PathBuf {
    let dir = tw.dir.path().join("Downloads (old)");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(validator("ob30/simple-json.png"), dir.join("badge (2).png")).unwrap();
    std::fs::copy(
        validator("clr20/simple.json"),
        dir.join("sub/transcript ✓.json"),
    )
    .unwrap();
    std::fs::write(dir.join("broken.json"), b"{\"type\": \"Assertion\",").unwrap();
    let file = std::fs::File::create(dir.join("export.zip")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    for (name, rel) in [("a.jwt", "ob20/simple.jwt"), ("b.jwt", "ob30/velocity.jwt")] {
        zip.start_file(name, options).unwrap();
        zip.write_all(&std::fs::read(validator(rel)).unwrap())
            .unwrap();
    }
    zip.start_file("readme.txt", options).unwrap();
    zip.write_all(b"hello").unwrap();
    zip.finish().unwrap();
    dir
}

#[test]
fn importing_a_folder_with_an_archive_reports_every_file() {
    let tw = TempWallet::new();
    let dir = messy_folder(&tw);
    let out = cairn(&tw, &["import", "--offline", dir.to_str().unwrap()], &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed file makes the exit non-zero"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("failed    ") && text.contains("broken.json"),
        "{text}"
    );
    assert!(text.contains("export.zip/a.jwt"), "{text}");
    assert!(
        text.contains("no badge  ") && text.contains("export.zip/readme.txt"),
        "{text}"
    );
    assert!(
        text.contains("4 imported, 0 duplicate, 1 failed, 1 without a badge"),
        "{text}"
    );

    // The same batch again, as JSON: everything is a duplicate now, the failures stay.
    let again = cairn(
        &tw,
        &["import", "--offline", "--json", dir.to_str().unwrap()],
        &[],
    );
    assert_eq!(again.status.code(), Some(1));
    let report = json(&again);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 6);
    let outcome = |suffix: &str| {
        files
            .iter()
            .find(|f| f["source"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("{suffix} not reported"))["outcome"]
            .clone()
    };
    assert_eq!(outcome("broken.json"), "failed");
    assert_eq!(outcome("export.zip/readme.txt"), "no_badge");
    assert_eq!(outcome("export.zip/b.jwt"), "duplicate");
    assert_eq!(outcome("sub/transcript ✓.json"), "duplicate");
    let list = json(&cairn(&tw, &["list", "--json"], &[]));
    assert_eq!(
        list.as_array().unwrap().len(),
        5,
        "4 files, the CLR with one member"
    );
}

#[test]
fn importing_a_url_keeps_snapshots_and_profile_marks_it_yours() {
    let assets = validator("ob20/assets");
    let server = FixtureServer::start(vec![
        (
            "/beths-robotics-badge.json".into(),
            validator("ob20/basic-assertion.json"),
        ),
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
    let overrides = format!("https://example.org={}", server.origin);
    let env = [("CAIRN_DEV_HOST_OVERRIDES", overrides.as_str())];
    let tw = TempWallet::new();
    let out = cairn(
        &tw,
        &[
            "import",
            "--json",
            "https://example.org/beths-robotics-badge.json",
        ],
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = json(&out);
    let id = report["files"][0]["credentials"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let shown = json(&cairn(&tw, &["show", &id, "--json"], &[]));
    assert_eq!(shown["credential"]["title"], "Awesome Robotics Badge");
    assert_eq!(shown["snapshots"].as_array().unwrap().len(), 4);
    assert_eq!(shown["summary"]["recipient_status"], "unknown");

    let added = cairn(
        &tw,
        &["profile", "add", "email", "nobody@example.org", "--json"],
        &[],
    );
    assert!(added.status.success());
    assert_eq!(json(&added)["yours"], 1);
    let shown = json(&cairn(&tw, &["show", &id, "--json"], &[]));
    assert_eq!(shown["summary"]["recipient_status"], "yours");
    let text = String::from_utf8_lossy(&cairn(&tw, &["show", &id], &[]).stdout).into_owned();
    assert!(text.contains("issued to you"), "{text}");

    let listed = json(&cairn(&tw, &["profile", "list", "--json"], &[]));
    assert_eq!(listed["identities"][0]["value"], "nobody@example.org");
    assert!(
        cairn(
            &tw,
            &["profile", "remove", "email", "nobody@example.org"],
            &[]
        )
        .status
        .success()
    );
    let gone = cairn(
        &tw,
        &["profile", "remove", "email", "nobody@example.org"],
        &[],
    );
    assert_eq!(gone.status.code(), Some(1));
    let bad = cairn(&tw, &["profile", "add", "fax", "123"], &[]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn export_baked_writes_an_image_that_imports_elsewhere() {
    let tw = TempWallet::new();
    let report = json(&cairn(
        &tw,
        &[
            "import",
            "--offline",
            "--json",
            validator("ob30/simple.json").to_str().unwrap(),
        ],
        &[],
    ));
    let id = report["files"][0]["credentials"][0]
        .as_str()
        .unwrap()
        .to_owned();
    for name in ["teamwork badge.png", "teamwork badge.svg"] {
        let path = tw.dir.path().join(name);
        let out = cairn(
            &tw,
            &["export", "baked", &id, "-o", path.to_str().unwrap()],
            &[],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let other = TempWallet::new();
        let imported = json(&cairn(
            &other,
            &["import", "--offline", "--json", path.to_str().unwrap()],
            &[],
        ));
        assert_eq!(imported["files"][0]["outcome"], "imported", "{imported}");
        assert_eq!(imported["files"][0]["titles"][0], "Teamwork Badge");
    }
    let wrong = cairn(&tw, &["export", "baked", &id, "-o", "badge.gif"], &[]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains(".png or .svg"));
}
