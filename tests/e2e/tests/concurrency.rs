//! The app and several `cairn` processes on one wallet at once (issue #17): for
//! `CAIRN_APP_LOAD_SECS` seconds (60 by default) the real app tags credentials, writes notes
//! and imports files through its own IPC while three threads run the real `cairn` binary on the
//! same wallet (tag edits, imports of other files, `verify --all`, `list`, encrypted backups).
//! No process and no app command fails (nothing "locked", no "disk I/O error"), every tag and
//! credential written by either side is in the wallet afterwards, and the file is sound.

use cairn::wallet::Wallet;
use cairn_e2e::{App, conformance};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A distinct copy of the conformance suite's Teamwork badge, written to `dir`.
fn badge(dir: &Path, who: &str, n: usize) -> PathBuf {
    let base = std::fs::read_to_string(conformance("1edtech-validator/ob30/simple.json"))
        .expect("read fixture");
    let text = base.replace(
        "http://example.com/credentials/3527",
        &format!("urn:uuid:load-{who}-{n}"),
    );
    let path = dir.join(format!("{who}-{n}.json"));
    std::fs::write(&path, text).expect("write");
    path
}

/// The `cairn` binary `scripts/e2e.sh` built: `CAIRN_BIN`, else beside the desktop binary.
fn cairn_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("CAIRN_BIN") {
        return PathBuf::from(bin);
    }
    let desktop =
        std::env::var_os("CAIRN_DESKTOP_BIN").expect("CAIRN_DESKTOP_BIN (scripts/e2e.sh sets it)");
    PathBuf::from(desktop).with_file_name("cairn")
}

/// Runs `cairn ARGS` on `wallet`; returns why it failed, if it did. `verify` exits 1 when a
/// credential is not valid (these copies are not: their ids were changed after signing),
/// which is its answer, not a failure.
fn cairn(wallet: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new(cairn_bin())
        .arg("--wallet")
        .arg(wallet)
        .args(args)
        .env_remove("CAIRN_WALLET")
        .output()
        .expect("run cairn");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let troubled = stderr.contains("locked") || stderr.contains("disk I/O");
    let answered = out.status.success() || (args[0] == "verify" && out.status.code() == Some(1));
    (!answered || troubled).then(|| format!("cairn {args:?}: {:?} {stderr}", out.status))
}

/// Calls one of the UI's IPC functions (`src/ipc.js`) in the app; returns its result or error.
async fn ipc(app: &App, function: &str, args: Value) -> Result<Value, Value> {
    let out = app
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             import(new URL('src/ipc.js', document.baseURI).href)
               .then((m) => m[arguments[0]](...arguments[1]))
               .then((r) => done({ ok: r ?? null }), (e) => done({ error: e }));",
            vec![json!(function), args],
        )
        .await
        .expect("the IPC script runs");
    match out.get("ok") {
        Some(v) => Ok(v.clone()),
        None => Err(out),
    }
}

#[tokio::test]
async fn the_app_and_cli_processes_share_a_wallet_without_losing_a_write() {
    let secs: u64 = std::env::var("CAIRN_APP_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let files = tempfile::tempdir().expect("files");
    let app = App::launch().await;
    let wallet = app.wallet_path();
    let seeded = app.import_paths(&[badge(files.path(), "seed", 0)]).await;
    let id = seeded["files"][0]["credentials"][0]
        .as_str()
        .expect("the seed was imported")
        .to_owned();

    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut workers = Vec::new();
    for worker in 0..3usize {
        let (stop, failures, wallet, id) =
            (stop.clone(), failures.clone(), wallet.clone(), id.clone());
        let dir = files.path().to_owned();
        workers.push(std::thread::spawn(move || {
            let (mut tags, mut imported, mut runs) = (Vec::new(), 0usize, 0usize);
            while !stop.load(Ordering::Relaxed) {
                runs += 1;
                let failed = match worker {
                    0 => {
                        let tag = format!("cli-{runs}");
                        let failed = cairn(&wallet, &["tag", &id, &tag]);
                        if failed.is_none() {
                            tags.push(tag);
                        }
                        failed
                    }
                    1 if runs % 10 == 0 => {
                        let pass = dir.join("backup-pass.txt");
                        std::fs::write(&pass, "load test passphrase\n").expect("passphrase");
                        let out = dir.join(format!("backup-{runs}.cairn"));
                        cairn(
                            &wallet,
                            &[
                                "backup",
                                "-o",
                                out.to_str().unwrap(),
                                "--passphrase-file",
                                pass.to_str().unwrap(),
                            ],
                        )
                    }
                    1 => {
                        let file = badge(&dir, "cli", runs);
                        let failed =
                            cairn(&wallet, &["import", "--offline", file.to_str().unwrap()]);
                        if failed.is_none() {
                            imported += 1;
                        }
                        failed
                    }
                    _ if runs % 2 == 0 => cairn(&wallet, &["verify", "--all", "--offline"]),
                    _ => cairn(&wallet, &["list"]),
                };
                if let Some(f) = failed {
                    failures.lock().unwrap().push(f);
                }
            }
            (tags, imported, runs)
        }));
    }

    // The app, meanwhile: a tag, a note and now and then an import, through its own IPC.
    let started = Instant::now();
    let (mut app_tags, mut app_imports, mut app_calls) = (Vec::new(), 0usize, 0usize);
    while started.elapsed() < Duration::from_secs(secs) {
        app_calls += 1;
        let tag = format!("app-{app_calls}");
        match ipc(&app, "addTags", json!([id, [tag]])).await {
            Ok(_) => app_tags.push(tag),
            Err(e) => failures.lock().unwrap().push(format!("app addTags: {e}")),
        }
        if let Err(e) = ipc(&app, "setNote", json!([id, format!("note {app_calls}")])).await {
            failures.lock().unwrap().push(format!("app setNote: {e}"));
        }
        if app_calls % 5 == 0 {
            let report = app
                .import_paths(&[badge(files.path(), "app", app_calls)])
                .await;
            if report["files"][0]["outcome"] == "imported" {
                app_imports += 1;
            } else {
                failures
                    .lock()
                    .unwrap()
                    .push(format!("app import: {report}"));
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    let mut cli_tags = Vec::new();
    let (mut cli_imports, mut cli_runs) = (0, 0);
    for w in workers {
        let (tags, imported, runs) = w.join().expect("worker");
        cli_tags.extend(tags);
        cli_imports += imported;
        cli_runs += runs;
    }
    // Read while the app still runs (closing it removes its wallet folder).
    let failures = failures.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "{} failures: {failures:#?}",
        failures.len()
    );
    let w = Wallet::open(&wallet).expect("open the wallet");
    let stored = cairn::library::annotations::tags_of(&w, &id).expect("tags");
    for tag in app_tags.iter().chain(&cli_tags) {
        assert!(stored.contains(tag), "tag {tag} was lost");
    }
    assert_eq!(
        w.count().expect("count"),
        1 + app_imports + cli_imports,
        "a credential was lost"
    );
    assert!(
        cli_runs > 10 && app_calls > 10,
        "too little load: {cli_runs} CLI runs, {app_calls} app calls"
    );
    drop(w);
    let conn = rusqlite::Connection::open(&wallet).expect("open the file");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(check, "ok");
    drop(conn);
    app.close().await;
    eprintln!(
        "{secs} s: {cli_runs} cairn runs, {app_calls} app rounds, {} tags, {} imports, 0 lost",
        app_tags.len() + cli_tags.len(),
        app_imports + cli_imports
    );
}
