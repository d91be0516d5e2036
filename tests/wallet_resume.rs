//! Nothing is left unverified: a credential stored without a verdict (by `--no-verify`, or an
//! import stopped between storing and verifying in an older version) is verified by the next
//! import, and re-importing it verifies it instead of saying only "duplicate". Also: a FIFO in
//! an imported folder is refused by name instead of blocking the import.

use crate::common::{TempWallet, cairn};
use crate::wallet_concurrency::credential;

fn verifications(wallet: &TempWallet) -> i64 {
    let conn = rusqlite::Connection::open(&wallet.path).unwrap();
    conn.query_row("SELECT count(*) FROM verification", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn reimporting_an_unverified_credential_verifies_it() {
    let wallet = TempWallet::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("badge.json");
    std::fs::write(&file, credential("resume", 0)).unwrap();
    let path = file.to_str().unwrap();
    let out = cairn(&wallet, &["import", "--offline", "--no-verify", path]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(verifications(&wallet), 0, "stored without a verdict");

    let again = cairn(&wallet, &["import", "--offline", path]);
    assert!(again.status.success(), "{again:?}");
    assert_eq!(verifications(&wallet), 1, "the duplicate was verified");
    // A third time it is only a duplicate: nothing verified twice.
    cairn(&wallet, &["import", "--offline", path]);
    assert_eq!(verifications(&wallet), 1);
}

#[test]
fn the_next_import_verifies_what_an_earlier_one_left_unverified() {
    let wallet = TempWallet::new();
    let dir = tempfile::tempdir().unwrap();
    for n in 0..3 {
        std::fs::write(dir.path().join(format!("b{n}.json")), credential("left", n)).unwrap();
    }
    let out = cairn(
        &wallet,
        &[
            "import",
            "--offline",
            "--no-verify",
            dir.path().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{out:?}");
    // Simulate the old failure too: a verdict lost after storing (direct SQL on the file).
    assert_eq!(verifications(&wallet), 0);
    let other = tempfile::tempdir().unwrap();
    let file = other.path().join("new.json");
    std::fs::write(&file, credential("new", 0)).unwrap();
    let out = cairn(&wallet, &["import", "--offline", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let conn = rusqlite::Connection::open(&wallet.path).unwrap();
    let unverified: i64 = conn
        .query_row(
            "SELECT count(*) FROM credential c WHERE NOT EXISTS
               (SELECT 1 FROM verification v WHERE v.credential = c.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unverified, 0, "every credential has its verdict");
    assert_eq!(verifications(&wallet), 4);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_folder_is_refused_by_name_and_never_blocks() {
    let wallet = TempWallet::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.json"), credential("fifo", 0)).unwrap();
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--wallet")
        .arg(&wallet.path)
        .args(["import", "--offline"])
        .arg(dir.path())
        .env_remove("CAIRN_WALLET")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("the import blocked on the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("pipe.json"), "{text}");
    assert!(text.contains("named pipe"), "{text}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a refused file is a failure: {text}"
    );
    assert_eq!(
        verifications(&wallet),
        1,
        "the regular file was imported and verified"
    );
}
