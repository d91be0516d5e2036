//! Backups hold the whole wallet: a wallet using every feature (imports of several formats, a
//! hosted OB 2.0 badge with its snapshots from a server on 127.0.0.1, tags, notes, portfolios
//! with sections and goals, identities, name and settings, the holder key, skill choices and
//! several verifications) is backed up with the real `cairn` binary and restored into a fresh
//! wallet, and every table that holds the learner's data is compared row by row. Also: merging
//! into a wallet that has its own data reports conflicts and overwrites nothing; format 1
//! backups still restore; a wrong passphrase says so and changes nothing; a selection carries
//! its portfolios and notes.

use crate::common::{TempWallet, cairn, fixture, validator};
use crate::import_network::{entry, serve};
use cairn::ErrorCode;
use cairn::backup::{self, seal::KdfCost};
use cairn::wallet::{ImportOptions, Outcome};
use std::collections::BTreeMap;
use std::path::Path;

const PASS: &str = "a whole wallet, please";
const HOLDER_PASS: &[u8] = b"the holder's own passphrase";

/// Every table of the schema that holds the learner's data, and nothing else. A table added to
/// the schema fails [`learner_state`] until it is listed here (and backed up).
const TABLES: [&str; 20] = [
    "association",
    "context_pin",
    "credential",
    "credential_note",
    "credential_snapshot",
    "credential_tag",
    "credential_text",
    "credential_verdict",
    "holder_key",
    "image",
    "original",
    "portfolio",
    "portfolio_item",
    "portfolio_section",
    "profile_identity",
    "setting",
    "skill_note",
    "skill_override",
    "snapshot",
    "verification",
];

/// The rows of every learner table, read straight from the SQLite file (not through Cairn),
/// each row one string, sorted. Blobs are shown by SHA-256. Row numbers that the database
/// assigns (`snapshot.id`, `portfolio.id`, `portfolio_section.id`, `verification.id`) differ
/// between two wallets with the same content, so those tables are read with their natural
/// keys instead (the snapshot's URL and SHA-256, the portfolio's and section's names). Nothing
/// else is left out: times (imported, added, fetched, checked, created) are the originals'.
fn learner_state(path: &Path) -> BTreeMap<String, Vec<String>> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT LIKE 'credential_text_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        tables,
        TABLES.to_vec(),
        "the schema's tables changed: decide what a backup holds of the new one"
    );
    let mut out = BTreeMap::new();
    for table in TABLES {
        let sql = match table {
            "snapshot" => {
                "SELECT url, final_url, media_type, bytes, sha256, fetched_at FROM snapshot".into()
            }
            "credential_snapshot" => "SELECT cs.credential, cs.role, s.url, s.sha256
                FROM credential_snapshot cs JOIN snapshot s ON s.id = cs.snapshot"
                .into(),
            "portfolio" => "SELECT name, purpose, goal, created_at FROM portfolio".into(),
            "portfolio_section" => "SELECT p.name, s.name, s.position FROM portfolio_section s
                JOIN portfolio p ON p.id = s.portfolio"
                .into(),
            "portfolio_item" => "SELECT p.name, i.credential, s.name, i.position
                FROM portfolio_item i JOIN portfolio p ON p.id = i.portfolio
                LEFT JOIN portfolio_section s ON s.id = i.section"
                .into(),
            "verification" => {
                "SELECT credential, checked_at, verdict, online, report FROM verification".into()
            }
            "credential_text" => {
                "SELECT credential, title, description, issuer, skills, criteria FROM credential_text"
                    .into()
            }
            other => format!("SELECT * FROM {other}"),
        };
        let mut stmt = conn.prepare(&sql).unwrap();
        let columns = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut cells = Vec::with_capacity(columns);
                for i in 0..columns {
                    cells.push(match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Blob(b) => {
                            format!("blob:{}", cairn::model::sha256_hex(b))
                        }
                        rusqlite::types::ValueRef::Text(t) => {
                            format!("{:?}", String::from_utf8_lossy(t))
                        }
                        other => format!("{other:?}"),
                    });
                }
                Ok(cells.join(" | "))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        out.insert(table.to_owned(), rows);
    }
    out
}

fn run(tw: &TempWallet, args: &[&str]) -> String {
    let out = cairn(tw, args);
    assert!(
        out.status.success(),
        "cairn {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pass_file(tw: &TempWallet) -> String {
    let file = tw.dir.path().join("pass.txt");
    std::fs::write(&file, format!("{PASS}\n")).unwrap();
    file.display().to_string()
}

/// The wallet ids of one imported file's credentials, via `cairn import --json`.
fn import(tw: &TempWallet, file: &Path) -> Vec<String> {
    let out = run(
        tw,
        &["--json", "import", "--offline", file.to_str().unwrap()],
    );
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["outcome"], "imported", "{report:#}");
    file["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

/// A wallet using every feature; returns it with the ids of its simple OB 3.0 credential,
/// its hosted OB 2.0 badge and its CLR.
fn full_wallet() -> (TempWallet, [String; 3]) {
    let tw = TempWallet::new();
    // A hosted OB 2.0 badge: its BadgeClass, Issuer and image fetched from 127.0.0.1 and kept.
    let hosted = {
        let e = entry("1edtech-validator/ob20/basic-assertion.json");
        let server = serve(&e);
        let mut wallet = tw.open();
        wallet.set_network(Some(server.client()));
        let report = wallet.import_paths(
            &[validator("ob20/basic-assertion.json")],
            &ImportOptions::default(),
            &mut |_| {},
        );
        let file = &report.files[0];
        assert_eq!(file.outcome, Outcome::Imported, "{file:#?}");
        let id = file.credentials[0].clone();
        assert!(wallet.snapshots(&id).unwrap().len() >= 3, "snapshots kept");
        id
    };
    let simple = import(&tw, &validator("ob30/simple.json"))[0].clone();
    let complete = import(&tw, &validator("ob30/complete.json"))[0].clone();
    let clr = import(&tw, &validator("clr20/simple.json"))[0].clone();
    import(&tw, &fixture("legacy/ob10-assertion.json"));
    // Several verifications of each credential.
    // (Exit status 1: not every credential verifies offline; the history is kept either way.)
    for _ in 0..2 {
        let out = cairn(&tw, &["verify", "--all", "--offline"]);
        assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    }

    run(&tw, &["tag", &simple, "rust", "job-search"]);
    run(&tw, &["tag", &hosted, "first badge"]);
    run(&tw, &["note", &simple, "Earned at the spring bootcamp."]);
    run(&tw, &["note", &clr, "My transcript."]);
    run(
        &tw,
        &[
            "portfolio",
            "create",
            "Data analyst",
            "--purpose",
            "Applications in 2027",
        ],
    );
    run(
        &tw,
        &[
            "portfolio",
            "add",
            "Data analyst",
            &simple,
            &complete,
            "--section",
            "Core",
        ],
    );
    run(
        &tw,
        &[
            "portfolio",
            "add",
            "Data analyst",
            &hosted,
            "--section",
            "Extra",
        ],
    );
    run(&tw, &["portfolio", "add", "Data analyst", &clr]);
    run(
        &tw,
        &["portfolio", "move", "Data analyst", &complete, "--to", "1"],
    );
    run(
        &tw,
        &[
            "portfolio",
            "goal",
            "Data analyst",
            &format!("achievement:{}", title(&tw, &simple)),
        ],
    );
    run(&tw, &["portfolio", "create", "Teaching"]);
    run(&tw, &["portfolio", "add", "Teaching", &hosted]);
    run(&tw, &["profile", "add", "email", "learner@example.org"]);
    run(
        &tw,
        &["profile", "add", "url", "https://learner.example.org"],
    );

    let mut wallet = tw.open();
    wallet.set_learner_name("Ada Learner").unwrap();
    wallet.set_offline(true).unwrap();
    let context = br#"{"@context": {"skill": "https://example.org/vocab#skill"}}"#;
    wallet
        .keep_context_pins(&[cairn::wallet::ContextPin {
            url: "https://example.org/contexts/skills.jsonld".into(),
            bytes: context.to_vec(),
            sha256: cairn::model::sha256_hex(context),
            fetched_at: "2026-12-01T10:00:00Z".into(),
        }])
        .unwrap();
    cairn::holder::ensure(&mut wallet, HOLDER_PASS, KdfCost::insecure_for_tests()).unwrap();
    let skills = cairn::skills::SkillSet::build(&wallet).unwrap();
    let names: Vec<String> = skills.visible().iter().map(|s| s.key.clone()).collect();
    assert!(
        names.len() >= 3,
        "the wallet evidences a few skills: {names:?}"
    );
    drop(wallet);
    run(&tw, &["skills", "rename", &names[0], "Renamed skill"]);
    run(&tw, &["skills", "note", &names[0], "Practised weekly"]);
    run(&tw, &["skills", "merge", &names[1], &names[2]]);
    if let Some(hide) = names.get(3) {
        run(&tw, &["skills", "hide", hide]);
    }
    (tw, [simple, hosted, clr])
}

fn title(tw: &TempWallet, id: &str) -> String {
    tw.open().get(id).unwrap().credential.title
}

/// `cairn backup` of the wallet (with `extra` arguments: ids or `--portfolio`) into its folder.
fn backup_file(tw: &TempWallet, extra: &[&str]) -> std::path::PathBuf {
    let file = tw.dir.path().join(format!("b{}.cairn", extra.len()));
    let pass = pass_file(tw);
    let mut args = vec![
        "backup",
        "-o",
        file.to_str().unwrap(),
        "--passphrase-file",
        &pass,
    ];
    args.extend_from_slice(extra);
    run(tw, &args);
    file
}

fn restore(tw: &TempWallet, file: &Path) -> serde_json::Value {
    let pass = pass_file(tw);
    let out = run(
        tw,
        &[
            "--json",
            "restore",
            file.to_str().unwrap(),
            "--passphrase-file",
            &pass,
        ],
    );
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_wallet_using_every_feature_round_trips_completely() {
    let (source, [_, hosted, _]) = full_wallet();
    let before = learner_state(&source.path);
    for table in TABLES {
        assert!(
            !before[table].is_empty(),
            "the source wallet has no {table} rows"
        );
    }
    let file = backup_file(&source, &[]);
    // The learner's words are encrypted, not readable in the file.
    let bytes = std::fs::read(&file).unwrap();
    assert!(!bytes.windows(9).any(|w| w == b"bootcamp."));

    let target = TempWallet::new();
    let report = restore(&target, &file);
    assert_eq!(report["version"], 2);
    assert_eq!(report["added"], report["originals"]);
    assert_eq!(report["duplicates"], 0);
    assert_eq!(report["conflicts"], serde_json::json!([]));
    let after = learner_state(&target.path);
    for table in TABLES {
        assert_eq!(
            after[table], before[table],
            "table {table} differs after the restore"
        );
    }

    // What the learner sees: the hosted badge keeps its issuer; the holder key still opens
    // with its own passphrase (the backup never opened it) and signs as before.
    let wallet = target.open();
    let detail = wallet.get(&hosted).unwrap();
    assert_ne!(detail.credential.issuer.name, None, "issuer known");
    assert!(!wallet.snapshots(&hosted).unwrap().is_empty());
    let holder = cairn::holder::holder(&wallet).unwrap().unwrap();
    let signature = cairn::holder::sign(&wallet, HOLDER_PASS, b"hello").unwrap();
    assert!(cairn::holder::verify(&holder, b"hello", &signature));
    assert_eq!(
        cairn::holder::sign(&wallet, PASS.as_bytes(), b"hello")
            .unwrap_err()
            .code,
        ErrorCode::WrongPassphrase,
        "the backup passphrase does not open the holder key"
    );
    assert_eq!(
        wallet.settings().unwrap().learner_name.as_deref(),
        Some("Ada Learner")
    );

    // Restoring the same backup again adds nothing and changes nothing.
    let again = restore(&target, &file);
    assert_eq!(again["added"], 0);
    assert_eq!(again["duplicates"], again["originals"]);
    assert_eq!(again["conflicts"], serde_json::json!([]));
    assert_eq!(learner_state(&target.path), before);
}

#[test]
fn restoring_into_a_wallet_with_its_own_data_merges_and_reports_conflicts() {
    let (source, [simple, _, clr]) = full_wallet();
    let file = backup_file(&source, &[]);
    let source_state = learner_state(&source.path);

    // Another wallet: the same OB 3.0 credential with another note and tag, a portfolio of the
    // same name with another purpose, another name, and things of its own.
    let other = TempWallet::new();
    assert_eq!(import(&other, &validator("ob30/simple.json"))[0], simple);
    let own = import(&other, &validator("ob30/endorsement-valid.json"))[0].clone();
    run(&other, &["note", &simple, "My own note."]);
    run(&other, &["tag", &simple, "mine"]);
    run(
        &other,
        &[
            "portfolio",
            "create",
            "Data analyst",
            "--purpose",
            "Something else",
        ],
    );
    run(&other, &["portfolio", "add", "Data analyst", &own]);
    run(&other, &["portfolio", "create", "Only here"]);
    other.open().set_learner_name("Ada L.").unwrap();

    let report = restore(&other, &file);
    let conflicts: Vec<(String, String)> = report["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_owned(),
                c["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("note", simple.as_str()),
        ("portfolio", "Data analyst"),
        ("setting", "learner_name"),
    ] {
        assert!(
            conflicts
                .iter()
                .any(|(k, n)| (k.as_str(), n.as_str()) == expected),
            "{expected:?} not reported: {report:#}"
        );
    }
    assert_eq!(report["duplicates"], 1, "the shared credential");
    assert_eq!(
        report["added"].as_u64().unwrap() + 1,
        report["originals"].as_u64().unwrap()
    );

    let wallet = other.open();
    // Nothing was overwritten.
    assert_eq!(
        wallet.settings().unwrap().learner_name.as_deref(),
        Some("Ada L.")
    );
    let mine = cairn::portfolio::show(&wallet, "Data analyst").unwrap();
    assert_eq!(mine.purpose.as_deref(), Some("Something else"));
    // Merged: the wallet's own items first, then the backup's it lacked.
    let ids = mine.credential_ids();
    assert_eq!(ids[0], own);
    assert!(ids.contains(&simple) && ids.contains(&clr), "{ids:?}");
    assert!(cairn::portfolio::show(&wallet, "Only here").is_ok());
    assert!(
        cairn::portfolio::show(&wallet, "Teaching").is_ok(),
        "added whole"
    );
    drop(wallet);
    let state = learner_state(&other.path);
    assert!(
        state["credential_note"]
            .iter()
            .any(|r| r.starts_with(&format!("{simple:?} | \"My own note.\"")))
    );
    assert!(
        !state["credential_note"]
            .iter()
            .any(|r| r.contains("bootcamp"))
    );
    // Tags are a union; notes of credentials only the backup had came with them.
    assert!(
        state["credential_tag"]
            .iter()
            .any(|r| r.contains("\"mine\""))
    );
    assert!(
        state["credential_tag"]
            .iter()
            .any(|r| r.contains("\"rust\""))
    );
    assert!(
        state["credential_note"]
            .iter()
            .any(|r| r.contains("My transcript."))
    );
    for table in [
        "verification",
        "skill_override",
        "skill_note",
        "holder_key",
        "snapshot",
    ] {
        for row in &source_state[table] {
            assert!(state[table].contains(row), "{table}: {row} not merged");
        }
    }

    // A second restore finds everything there and changes nothing.
    let again = restore(&other, &file);
    assert_eq!(again["added"], 0);
    assert_eq!(learner_state(&other.path), state);
}

/// Restores the format 1 fixture (made by the Cairn before format 2, originals only).
#[test]
fn a_format_1_backup_still_restores() {
    let fixture_file = fixture("backups/v1-originals-only.cairn");
    let blob = std::fs::read(&fixture_file).unwrap();
    let contents = backup::parse(&blob, b"cairn fixture v1").unwrap();
    assert_eq!(contents.version, 1);
    let sources = [
        validator("ob30/simple.json"),
        validator("ob20/basic-assertion.json"),
        fixture("legacy/ob10-assertion.json"),
    ];
    let mut expected: Vec<String> = sources
        .iter()
        .map(|p| cairn::model::sha256_hex(&std::fs::read(p).unwrap()))
        .collect();
    expected.sort();
    let mut got: Vec<String> = contents
        .dump
        .originals
        .iter()
        .map(|o| o.sha256.clone())
        .collect();
    got.sort();
    assert_eq!(got, expected);

    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = backup::restore(&mut wallet, &blob, b"cairn fixture v1", "v1.cairn").unwrap();
    assert_eq!(report.version, 1);
    assert_eq!(report.added, 3, "{report:#?}");
    assert!(report.failed.is_empty());
    for source in &sources {
        let bytes = std::fs::read(source).unwrap();
        let sha = cairn::model::sha256_hex(&bytes);
        let stored = wallet
            .list()
            .unwrap()
            .into_iter()
            .map(|c| wallet.original(&c.id).unwrap())
            .find(|o| o.sha256 == sha)
            .unwrap_or_else(|| panic!("{} not restored", source.display()));
        assert_eq!(stored.bytes, bytes);
    }
    let again = backup::restore(&mut wallet, &blob, b"cairn fixture v1", "v1.cairn").unwrap();
    assert_eq!((again.added, again.duplicates), (0, 3));
}

#[test]
fn a_wrong_passphrase_says_so_and_changes_nothing() {
    let (source, _) = full_wallet();
    let file = backup_file(&source, &[]);
    let target = TempWallet::new();
    import(&target, &validator("ob30/simple.json"));
    let before = learner_state(&target.path);
    let wrong = target.dir.path().join("wrong.txt");
    std::fs::write(&wrong, "not the passphrase\n").unwrap();
    let out = cairn(
        &target,
        &[
            "--json",
            "restore",
            file.to_str().unwrap(),
            "--passphrase-file",
            wrong.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "wrong_passphrase");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("passphrase is wrong"),
        "{err}"
    );
    let err = backup::parse(&std::fs::read(&file).unwrap(), b"nope").unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPassphrase);
    assert_eq!(learner_state(&target.path), before);
}

#[test]
fn a_selection_carries_its_portfolios_and_notes() {
    let (source, [simple, hosted, clr]) = full_wallet();
    // By credential: the portfolios holding it (with only it), its note and tags.
    let file = backup_file(&source, &[&simple]);
    let target = TempWallet::new();
    let report = restore(&target, &file);
    assert_eq!(report["added"], 1);
    let wallet = target.open();
    let analyst = cairn::portfolio::show(&wallet, "Data analyst").unwrap();
    assert_eq!(analyst.credential_ids(), vec![simple.clone()]);
    assert_eq!(analyst.purpose.as_deref(), Some("Applications in 2027"));
    assert!(analyst.goal.is_some());
    assert_eq!(
        analyst
            .sections
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>(),
        cairn::portfolio::show(&source.open(), "Data analyst")
            .unwrap()
            .sections
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    );
    assert!(
        cairn::portfolio::show(&wallet, "Teaching").is_err(),
        "not selected"
    );
    drop(wallet);
    let state = learner_state(&target.path);
    assert_eq!(state["credential_note"].len(), 1);
    assert!(state["credential_note"][0].contains("spring bootcamp"));
    assert_eq!(state["credential_tag"].len(), 2);
    assert!(state["setting"].is_empty() && state["holder_key"].is_empty());

    // By portfolio: the whole portfolio, its credentials, their notes and snapshots.
    let file = backup_file(&source, &["--portfolio", "Data analyst"]);
    let target = TempWallet::new();
    restore(&target, &file);
    let wallet = target.open();
    let whole = cairn::portfolio::show(&source.open(), "Data analyst").unwrap();
    let restored = cairn::portfolio::show(&wallet, "Data analyst").unwrap();
    assert_eq!(restored.credential_ids(), whole.credential_ids());
    assert!(!wallet.snapshots(&hosted).unwrap().is_empty());
    drop(wallet);
    let state = learner_state(&target.path);
    let source_state = learner_state(&source.path);
    assert_eq!(
        state["credential_note"], source_state["credential_note"],
        "both notes"
    );
    assert!(state["credential_note"].iter().any(|r| r.contains(&clr)));
    for table in ["portfolio_section", "portfolio_item"] {
        let ours: Vec<&String> = source_state[table]
            .iter()
            .filter(|r| r.starts_with("\"Data analyst\""))
            .collect();
        assert_eq!(state[table].iter().collect::<Vec<_>>(), ours, "{table}");
    }
}

/// The fuzz seeds of the backup reader are real contents: format 1 and 2 read, a changed blob
/// and a newer format are refused.
#[test]
fn the_backup_fuzz_seeds_read_as_intended() {
    let seed = |name: &str| std::fs::read(fixture(&format!("fuzz/backup/{name}"))).unwrap();
    let v1 = backup::parse_contents(&seed("v1-contents.zip")).unwrap();
    assert_eq!((v1.version, v1.dump.originals.len()), (1, 1));
    let v2 = backup::parse_contents(&seed("v2-contents.zip")).unwrap();
    assert_eq!((v2.version, v2.dump.credentials.len()), (2, 1));
    let err = backup::parse_contents(&seed("v2-bad-checksum.zip")).unwrap_err();
    assert!(err.message.contains("checksum"), "{}", err.message);
    let err = backup::parse_contents(&seed("v3-newer.zip")).unwrap_err();
    assert!(err.message.contains("version 3"), "{}", err.message);
}
