//! The wallet store over real SQLite files: schema, import transactions, duplicates, removal.

use crate::common::{TempWallet, validator};
use cairn::wallet::{Outcome, SCHEMA_VERSION, Wallet};
use cairn::{ErrorCode, model::Format};

#[test]
fn a_new_wallet_is_migrated_and_uses_wal() {
    let tw = TempWallet::new();
    let wallet = tw.open();
    assert_eq!(wallet.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(wallet.count().unwrap(), 0);
    drop(wallet);
    let conn = rusqlite::Connection::open(&tw.path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // Reopening an up-to-date wallet changes nothing.
    let again = Wallet::open(&tw.path).unwrap();
    assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn imports_ob2_and_ob3_json_and_keeps_originals_verbatim() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let ob3 = validator("ob30/simple.json");
    let ob2 = validator("ob20/basic-assertion.json");
    let report = wallet.import_paths(
        &[ob3.clone(), ob2.clone()],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.count(Outcome::Imported), 2, "{report:#?}");

    let list = wallet.list().unwrap();
    assert_eq!(list.len(), 2);
    let teamwork = list.iter().find(|c| c.format == Format::Ob3Json).unwrap();
    assert_eq!(teamwork.title, "Teamwork Badge");
    assert_eq!(teamwork.issuer.as_deref(), Some("Example Corp"));
    assert_eq!(teamwork.issued_on.as_deref(), Some("2010-01-01T00:00:00Z"));

    let original = wallet.original(&teamwork.id).unwrap();
    assert_eq!(original.bytes, std::fs::read(&ob3).unwrap());
    assert_eq!(original.sha256, cairn::model::sha256_hex(&original.bytes));

    let detail = wallet.get(&teamwork.id[..6]).unwrap();
    assert_eq!(
        detail.credential.achievement.name.as_deref(),
        Some("Teamwork")
    );
    assert_eq!(
        detail.credential.credential_id.as_deref(),
        Some("http://example.com/credentials/3527")
    );
    assert_eq!(detail.original.file_name, "simple.json");
}

#[test]
fn the_same_file_twice_is_a_duplicate_and_stores_nothing() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let file = validator("ob30/simple.json");
    let first = wallet.import_paths(
        std::slice::from_ref(&file),
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(first.files[0].outcome, Outcome::Imported);
    let second = wallet.import_paths(
        &[file],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(second.files[0].outcome, Outcome::Duplicate);
    assert_eq!(second.files[0].credentials, first.files[0].credentials);
    assert_eq!(wallet.count().unwrap(), 1);
}

#[test]
fn the_same_credential_id_in_other_bytes_is_a_duplicate() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let bytes = std::fs::read(validator("ob30/simple.json")).unwrap();
    assert_eq!(
        wallet
            .import_bytes("a.json", "a.json", bytes.clone())
            .outcome,
        Outcome::Imported
    );
    // Reformatted: different bytes, same credential id.
    let reformatted =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()).unwrap();
    let report = wallet.import_bytes("b.json", "b.json", reformatted);
    assert_eq!(report.outcome, Outcome::Duplicate, "{report:#?}");
    assert_eq!(wallet.count().unwrap(), 1);
}

#[test]
fn a_bad_file_is_refused_with_its_name_and_the_wallet_is_unchanged() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    wallet.import_paths(
        &[validator("ob30/simple.json")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    let before = wallet.list().unwrap();

    let broken = wallet.import_bytes(
        "broken badge (2).json",
        "broken badge (2).json",
        b"{\"type\": \"Assertion\",".to_vec(),
    );
    assert_eq!(broken.outcome, Outcome::Failed);
    assert_eq!(broken.code, Some(ErrorCode::InvalidInput));
    assert!(
        broken.message.contains("not valid JSON"),
        "{}",
        broken.message
    );

    let text = wallet.import_bytes("notes.txt", "notes.txt", b"just some notes".to_vec());
    assert_eq!(text.outcome, Outcome::NoBadge);
    assert_eq!(text.code, Some(ErrorCode::UnsupportedFormat));

    let other_json = wallet.import_bytes(
        "package.json",
        "package.json",
        br#"{"name": "left-pad"}"#.to_vec(),
    );
    assert_eq!(other_json.outcome, Outcome::NoBadge);
    assert!(
        other_json.message.contains("unsupported format"),
        "{}",
        other_json.message
    );

    let not_utf8 = wallet.import_bytes(
        "latin1.json",
        "latin1.json",
        b"{\"name\": \"caf\xe9\"}".to_vec(),
    );
    assert_eq!(not_utf8.outcome, Outcome::Failed);
    assert!(not_utf8.message.contains("UTF-8"), "{}", not_utf8.message);

    assert_eq!(wallet.list().unwrap(), before);
}

#[test]
fn deeply_nested_json_is_refused_quickly() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let started = std::time::Instant::now();
    let report = wallet.import_bytes("deep.json", "deep.json", deep.into_bytes());
    assert_eq!(report.outcome, Outcome::Failed);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(wallet.count().unwrap(), 0);
}

#[test]
fn folders_are_read_recursively_with_messy_names() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let folder = tw.dir.path().join("my badges");
    std::fs::create_dir_all(folder.join("ünïcode sub")).unwrap();
    std::fs::copy(validator("ob30/simple.json"), folder.join("badge (2).json")).unwrap();
    std::fs::copy(
        validator("ob20/basic-assertion.json"),
        folder.join("ünïcode sub/Ölçü 証明.json"),
    )
    .unwrap();
    let mut seen = Vec::new();
    let report = wallet.import_paths(
        &[folder],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |p| seen.push((p.done, p.total)),
    );
    assert_eq!(report.count(Outcome::Imported), 2, "{report:#?}");
    assert_eq!(seen, vec![(1, 2), (2, 2)]);
}

#[test]
fn removing_a_credential_removes_its_original_and_text_index() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = wallet.import_paths(
        &[validator("ob30/simple.json")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    let id = report.files[0].credentials[0].clone();
    assert_eq!(wallet.remove(&id).unwrap(), vec![id.clone()]);
    assert_eq!(wallet.count().unwrap(), 0);
    assert_eq!(wallet.get(&id).unwrap_err().code, ErrorCode::NotFound);
    drop(wallet);
    let conn = rusqlite::Connection::open(&tw.path).unwrap();
    for table in ["original", "credential_text", "image"] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "{table} still has rows");
    }
}

#[test]
fn ids_must_be_unique_prefixes() {
    let tw = TempWallet::new();
    let wallet = tw.open();
    assert_eq!(wallet.get("zz").unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(wallet.get("abcdef").unwrap_err().code, ErrorCode::NotFound);
}
