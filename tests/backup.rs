//! Encrypted backups: round trips into empty and existing wallets with byte-identical
//! originals, selections, and wrong passphrases or damaged files that change nothing.

use crate::common::TempWallet;
use crate::export_support::{cairn, stocked_wallet};
use cairn::ErrorCode;
use cairn::backup::{self, seal::KdfCost};
use cairn::wallet::Wallet;

const PASS: &[u8] = "correct horse battery staple ✓".as_bytes();

fn snapshot(wallet: &Wallet) -> Vec<(String, String, Vec<u8>)> {
    wallet
        .list()
        .unwrap()
        .into_iter()
        .map(|c| {
            let original = wallet.original(&c.id).unwrap();
            (c.id, c.title, original.bytes)
        })
        .collect()
}

#[test]
fn whole_wallet_round_trips_into_an_empty_wallet_byte_for_byte() {
    let (tw, _) = stocked_wallet();
    let source = tw.open();
    let made = backup::backup(&source, None, PASS, KdfCost::insecure_for_tests()).unwrap();
    assert_eq!(made.entries.len(), 4);
    // Nothing readable leaks into the file.
    let needle = b"Teamwork Badge";
    assert!(!made.bytes.windows(needle.len()).any(|w| w == needle));

    let target = TempWallet::new();
    let mut restored = target.open();
    let report = backup::restore(&mut restored, &made.bytes, PASS, "b.cairn").unwrap();
    assert_eq!(report.originals, 4);
    assert_eq!(report.added, 4);
    assert_eq!(snapshot(&restored), snapshot(&source));
    for c in restored.list().unwrap() {
        let o = restored.original(&c.id).unwrap();
        assert_eq!(o.sha256, cairn::model::sha256_hex(&o.bytes));
        assert_eq!(o.file_name, source.original(&c.id).unwrap().file_name);
    }
}

#[test]
fn restoring_into_an_existing_wallet_skips_duplicates_and_keeps_the_rest() {
    let (tw, awkward) = stocked_wallet();
    let source = tw.open();
    let made = backup::backup(
        &source,
        Some(std::slice::from_ref(&awkward)),
        PASS,
        KdfCost::insecure_for_tests(),
    )
    .unwrap();
    assert_eq!(made.entries.len(), 1, "only the selection");

    // A wallet holding something else plus the same credential.
    let other = TempWallet::new();
    let mut wallet = other.open();
    let report = wallet.import_paths(
        &[crate::common::validator("ob30/simple.json")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert!(!report.has_failures());
    let first = backup::restore(&mut wallet, &made.bytes, PASS, "b.cairn").unwrap();
    assert_eq!(first.added, 1);
    let before = snapshot(&wallet);
    assert_eq!(before.len(), 2);
    let again = backup::restore(&mut wallet, &made.bytes, PASS, "b.cairn").unwrap();
    assert_eq!(again.duplicates, 1);
    assert_eq!(
        snapshot(&wallet),
        before,
        "a second restore changed the wallet"
    );
    assert_eq!(
        wallet.original(&awkward).unwrap().bytes,
        source.original(&awkward).unwrap().bytes
    );
}

#[test]
fn wrong_passphrase_and_damaged_files_change_nothing() {
    let (tw, _) = stocked_wallet();
    let source = tw.open();
    let made = backup::backup(&source, None, PASS, KdfCost::insecure_for_tests()).unwrap();
    let target = TempWallet::new();
    let mut wallet = target.open();
    wallet.import_paths(
        &[crate::common::validator("ob20/basic-assertion.json")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    let before = snapshot(&wallet);

    let err = backup::restore(&mut wallet, &made.bytes, b"wrong", "b.cairn").unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPassphrase);
    assert!(err.message.starts_with("b.cairn:"), "{}", err.message);

    for at in [20, made.bytes.len() / 2, made.bytes.len() - 1] {
        let mut damaged = made.bytes.clone();
        damaged[at] ^= 0x40;
        let err = backup::restore(&mut wallet, &damaged, PASS, "b.cairn").unwrap_err();
        assert!(
            matches!(
                err.code,
                ErrorCode::WrongPassphrase | ErrorCode::InvalidInput
            ),
            "byte {at}: {err:?}"
        );
    }
    let truncated = &made.bytes[..made.bytes.len() - 40];
    assert!(backup::restore(&mut wallet, truncated, PASS, "b.cairn").is_err());
    let err =
        backup::restore(&mut wallet, b"PK\x03\x04 not a backup", PASS, "b.cairn").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("not a Cairn"), "{}", err.message);
    assert_eq!(snapshot(&wallet), before);
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let (tw, _) = stocked_wallet();
    let pass_file = tw.dir.path().join("pass.txt");
    std::fs::write(&pass_file, "s3cret passphrase\n").unwrap();
    let file = tw.dir.path().join("wallet.cairn");
    let out = cairn(
        &tw,
        &[
            "backup",
            "-o",
            file.to_str().unwrap(),
            "--passphrase-file",
            pass_file.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let target = TempWallet::new();
    let wrong_file = tw.dir.path().join("wrong.txt");
    std::fs::write(&wrong_file, "not it\n").unwrap();
    let wrong = cairn(
        &target,
        &[
            "restore",
            file.to_str().unwrap(),
            "--passphrase-file",
            wrong_file.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(wrong.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&wrong.stderr).unwrap();
    assert_eq!(err["code"], "wrong_passphrase");

    let ok = cairn(
        &target,
        &[
            "restore",
            file.to_str().unwrap(),
            "--passphrase-file",
            pass_file.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(snapshot(&target.open()), snapshot(&tw.open()));
}
