//! Concurrent use of one wallet: the app (in-process writers) and several real `cairn` processes
//! at once never lose a write, never fail with "database is locked", and never damage the file.
//! Also the WAL-deletion scenario of issue #17: another descriptor of the wallet file opened and
//! closed in the app's process must not let a `cairn list` elsewhere delete the app's `-wal`.

use crate::common::{TempWallet, cairn, validator};

/// A distinct small OB 3.0 credential (number `n`) as JSON bytes.
pub fn credential(tag: &str, n: usize) -> Vec<u8> {
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(validator("ob30/simple.json")).unwrap()).unwrap();
    doc["id"] = format!("urn:cairn-test:{tag}:{n}").into();
    doc["name"] = format!("Concurrency badge {tag} {n}").into();
    doc["credentialSubject"]["achievement"]["name"] = format!("Achievement {tag} {n}").into();
    serde_json::to_vec_pretty(&doc).unwrap()
}

fn listed(wallet: &TempWallet) -> usize {
    let out = cairn(wallet, &["--json", "list"]);
    assert!(
        out.status.success(),
        "cairn list failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let value: serde_json::Value = serde_json::from_str(text.trim()).unwrap_or_else(|e| {
        panic!("cairn --json list printed no JSON ({e}): {text}");
    });
    value.as_array().map(Vec::len).unwrap_or_else(|| {
        value["credentials"]
            .as_array()
            .map(Vec::len)
            .expect("a list of credentials")
    })
}

/// Process A (this test) holds the wallet open, as the app does; a second descriptor of the
/// database file is opened and closed in A (a save dialog browsing the folder does this), which
/// drops A's POSIX locks on it; process B (the real `cairn list`) runs and exits. A must still
/// write, and what it wrote must be in the file for the next process to read.
#[test]
fn another_descriptor_closing_never_lets_a_cli_delete_the_wal() {
    let wallet = TempWallet::new();
    let mut app = wallet.open();
    let first = app.import_bytes("first.json", "first.json", credential("wal", 0));
    assert_eq!(first.outcome, cairn::wallet::Outcome::Imported, "{first:?}");

    // Another descriptor of the same file, opened and closed inside A.
    drop(std::fs::File::open(&wallet.path).unwrap());
    // B: a terminal's `cairn list`, start to exit.
    assert_eq!(listed(&wallet), 1, "B sees what A stored");

    // A goes on writing, as the next click in the app would.
    let second = app.import_bytes("second.json", "second.json", credential("wal", 1));
    assert_eq!(
        second.outcome,
        cairn::wallet::Outcome::Imported,
        "A could not write after B ran: {second:?}"
    );
    assert_eq!(app.count().unwrap(), 2);
    // And what A wrote is really in the wallet, not in a deleted `-wal`.
    assert_eq!(listed(&wallet), 2, "a new process sees both credentials");
    drop(app);
    let conn = rusqlite::Connection::open(&wallet.path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM credential", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2, "both credentials are in the file");
}
