//! Crash safety: `cairn import` killed with SIGKILL at random (seeded) moments of a bulk import,
//! many times over one wallet, never leaves it damaged: `PRAGMA integrity_check` is `ok`, every
//! credential is wholly present (original, credential and full-text rows together) or wholly
//! absent, and every stored original's bytes hash to its SHA-256 and match a source file.

use crate::common::{TempWallet, validator};
use rusqlite::Connection;
use sha2::{Digest as _, Sha256};
use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Files in the bulk import.
const FILES: usize = 300;
/// Times the import is killed.
const KILLS: usize = 24;

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `FILES` distinct small OB 3.0 credentials in `dir`; returns the SHA-256 of each.
fn write_credentials(dir: &Path) -> HashSet<String> {
    let template: serde_json::Value =
        serde_json::from_slice(&std::fs::read(validator("ob30/simple.json")).unwrap()).unwrap();
    let mut hashes = HashSet::new();
    for i in 0..FILES {
        let mut doc = template.clone();
        doc["id"] = format!("urn:uuid:00000000-0000-4000-8000-{i:012}").into();
        doc["name"] = format!("Crash-safety badge {i}").into();
        doc["credentialSubject"]["achievement"]["name"] = format!("Achievement {i}").into();
        let bytes = serde_json::to_vec_pretty(&doc).unwrap();
        std::fs::write(dir.join(format!("badge-{i:03}.json")), &bytes).unwrap();
        hashes.insert(sha256_hex(&bytes));
    }
    hashes
}

fn import(wallet: &TempWallet, dir: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--wallet")
        .arg(&wallet.path)
        .arg("import")
        .arg(dir)
        .env_remove("CAIRN_WALLET")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start cairn import")
}

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound.max(1)
    }
}

/// Checks the invariants; returns how many credentials are stored.
fn assert_consistent(wallet: &Path, sources: &HashSet<String>, when: &str) -> usize {
    let conn = Connection::open(wallet).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "{when}: integrity_check");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "{when}: foreign key violations");
    // Killed before the schema was created: the migration is one transaction, so either
    // every table is there or none is.
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'original'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if tables == 0 {
        let any: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(any, 0, "{when}: a half-created schema");
        return 0;
    }

    let mut originals = conn.prepare("SELECT sha256, bytes FROM original").unwrap();
    let rows: Vec<(String, Vec<u8>)> = originals
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (sha, bytes) in &rows {
        assert_eq!(&sha256_hex(bytes), sha, "{when}: stored original damaged");
        assert!(
            sources.contains(sha),
            "{when}: an original matching no source"
        );
        let credentials: i64 = conn
            .query_row(
                "SELECT count(*) FROM credential WHERE original_sha256 = ?1",
                [sha],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            credentials, 1,
            "{when}: original {sha} without its credential"
        );
    }
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM credential c WHERE NOT EXISTS
               (SELECT 1 FROM credential_text t WHERE t.credential = c.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "{when}: credentials without their search row");
    let stray: i64 = conn
        .query_row(
            "SELECT count(*) FROM credential_text t WHERE NOT EXISTS
               (SELECT 1 FROM credential c WHERE c.id = t.credential)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stray, 0, "{when}: search rows without their credential");
    let credentials: i64 = conn
        .query_row("SELECT count(*) FROM credential", [], |r| r.get(0))
        .unwrap();
    assert_eq!(credentials as usize, rows.len(), "{when}: credential count");
    rows.len()
}

/// Deletes the wallet file and its SQLite journal files.
fn empty(wallet: &Path) {
    std::fs::remove_file(wallet).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", wallet.display()));
    }
}

#[test]
fn killing_a_bulk_import_never_damages_the_wallet() {
    let sources_dir = tempfile::tempdir().unwrap();
    let sources = write_credentials(sources_dir.path());

    // How long a whole import takes here, to pick kill moments inside it.
    let probe = TempWallet::new();
    let started = Instant::now();
    let status = import(&probe, sources_dir.path()).wait().unwrap();
    assert!(status.success(), "an uninterrupted import succeeds");
    let full = started.elapsed();
    assert_eq!(assert_consistent(&probe.path, &sources, "probe"), FILES);

    let wallet = TempWallet::new();
    let mut rng = Seeded(0x00C0_FFEE_D15E_A5E5);
    let mut stored_counts = Vec::new();
    let mut stored = 0;
    let mut killed_mid_import = 0;
    for round in 0..KILLS {
        // Even rounds start from an empty wallet, odd rounds resume what the last kill left
        // (already-stored files are recognised as duplicates) unless it is complete. Kill inside
        // the first 80% of a full import's time.
        if (round % 2 == 0 || stored == FILES) && stored > 0 {
            empty(&wallet.path);
        }
        let window = full.as_millis() as u64 * 4 / 5 + 10;
        let delay = Duration::from_millis(rng.below(window));
        let mut child = import(&wallet, sources_dir.path());
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL on Unix
            killed_mid_import += 1;
        }
        child.wait().unwrap();
        let when = format!("round {round} (killed after {delay:?})");
        stored = assert_consistent(&wallet.path, &sources, &when);
        stored_counts.push(stored);
    }
    eprintln!(
        "crash safety: {FILES} files, full import {full:?}, {KILLS} rounds, {killed_mid_import} killed mid-import, stored after each: {stored_counts:?}"
    );
    assert!(
        killed_mid_import >= KILLS / 2,
        "most kills land mid-import ({killed_mid_import} of {KILLS})"
    );
    // A final uninterrupted run completes what the killed ones left.
    assert!(
        import(&wallet, sources_dir.path())
            .wait()
            .unwrap()
            .success()
    );
    assert_eq!(assert_consistent(&wallet.path, &sources, "final"), FILES);
}
