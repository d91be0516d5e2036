//! `cairn portfolio`, `search`, `tag`, `note`, `skills`, `prep` and `match` as a user runs them.

use crate::common::TempWallet;
use crate::portfolio_fixture::{AS_OF, realistic};
use serde_json::Value;
use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn cairn(tw: &TempWallet, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--wallet")
        .arg(&tw.path)
        .args(args)
        .env_remove("CAIRN_WALLET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cairn");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok_json(tw: &TempWallet, args: &[&str], stdin: Option<&str>) -> Value {
    let out = cairn(tw, args, stdin);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})"))
}

fn ok_text(tw: &TempWallet, args: &[&str]) -> String {
    let out = cairn(tw, args, None);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A wallet with the fixture imported through `cairn import`.
fn imported() -> TempWallet {
    let tw = TempWallet::new();
    let dir = tw.dir.path().join("badges");
    std::fs::create_dir(&dir).unwrap();
    for (name, doc) in realistic() {
        std::fs::write(dir.join(name), serde_json::to_vec(&doc).unwrap()).unwrap();
    }
    let out = cairn(&tw, &["import", "--no-verify", dir.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tw
}

fn id_of(tw: &TempWallet, title: &str) -> String {
    let hits = ok_json(tw, &["search", title, "--json"], None);
    hits.as_array()
        .unwrap()
        .iter()
        .find(|h| h["summary"]["title"] == title)
        .unwrap_or_else(|| panic!("{title} not found"))["summary"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn portfolio_commands_build_a_portfolio_with_a_goal() {
    let tw = imported();
    let da3 = id_of(&tw, "Data Analysis Level 3");
    let sql = id_of(&tw, "SQL Fundamentals");
    ok_json(
        &tw,
        &[
            "portfolio",
            "create",
            "Analyst",
            "--purpose",
            "Data analyst applications",
            "--json",
        ],
        None,
    );
    ok_json(
        &tw,
        &[
            "portfolio",
            "add",
            "Analyst",
            &sql,
            &da3,
            "--section",
            "Core",
            "--json",
        ],
        None,
    );
    let shown = ok_json(
        &tw,
        &[
            "portfolio",
            "move",
            "Analyst",
            &da3[..6],
            "--to",
            "1",
            "--json",
        ],
        None,
    );
    let core = &shown["sections"][1];
    assert_eq!(core["name"], "Core");
    assert_eq!(
        core["credentials"][0]["summary"]["title"],
        "Data Analysis Level 3"
    );
    let shown = ok_json(
        &tw,
        &[
            "portfolio",
            "goal",
            "Analyst",
            "skill:SQL",
            "skill:Power BI",
            "Statistics 101",
            "--need",
            "2",
            "--json",
        ],
        None,
    );
    assert_eq!(shown["progress"]["done"], 2);
    assert_eq!(shown["progress"]["complete"], true);
    assert_eq!(shown["progress"]["missing"][0]["value"], "Power BI");
    let text = ok_text(&tw, &["portfolio", "show", "Analyst"]);
    assert!(
        text.contains("Goal: 2 of 2 done") && text.contains("[ ] skill:Power BI"),
        "{text}"
    );

    ok_json(
        &tw,
        &["portfolio", "section", "Analyst", "Extras", "--json"],
        None,
    );
    let shown = ok_json(
        &tw,
        &[
            "portfolio",
            "section",
            "Analyst",
            "Extras",
            "--to",
            "1",
            "--json",
        ],
        None,
    );
    assert_eq!(shown["sections"][1]["name"], "Extras");
    let shown = ok_json(
        &tw,
        &[
            "portfolio",
            "section",
            "Analyst",
            "Core",
            "--rename",
            "Main",
            "--json",
        ],
        None,
    );
    assert_eq!(shown["sections"][2]["name"], "Main");
    let shown = ok_json(
        &tw,
        &["portfolio", "remove", "Analyst", &sql, "--json"],
        None,
    );
    assert_eq!(
        shown["sections"][2]["credentials"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let shown = ok_json(
        &tw,
        &[
            "portfolio",
            "rename",
            "Analyst",
            "Analyst roles",
            "--purpose",
            "Council jobs",
            "--json",
        ],
        None,
    );
    assert_eq!(
        (shown["name"].as_str(), shown["purpose"].as_str()),
        (Some("Analyst roles"), Some("Council jobs"))
    );
    ok_json(
        &tw,
        &["portfolio", "rename", "Analyst roles", "Analyst", "--json"],
        None,
    );
    ok_json(&tw, &["portfolio", "add", "Analyst", &sql, "--json"], None);
    let list = ok_json(&tw, &["portfolio", "list", "--json"], None);
    assert_eq!(list[0]["credentials"], 2);
    let stacks = ok_json(&tw, &["portfolio", "stacks", "--json"], None);
    let key = stacks
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "clr")
        .unwrap()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let from_stack = ok_json(
        &tw,
        &["portfolio", "create", "--from-stack", &key, "--json"],
        None,
    );
    assert_eq!(from_stack["progress"]["needed"], 5);

    let missing = cairn(&tw, &["portfolio", "show", "Nope", "--json"], None);
    assert_eq!(missing.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&missing.stderr).unwrap();
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().unwrap().contains("'Nope'"));

    let deleted = ok_json(&tw, &["portfolio", "delete", "Analyst", "--json"], None);
    assert_eq!(deleted["deleted"], "Analyst");
    assert!(ok_text(&tw, &["show", &sql]).contains("SQL Fundamentals"));
}

#[test]
fn search_tag_and_note_commands() {
    let tw = imported();
    let sql = id_of(&tw, "SQL Fundamentals");
    ok_json(&tw, &["tag", &sql, "job hunt", "--json"], None);
    ok_json(
        &tw,
        &["note", &sql, "Retail database exercise", "--json"],
        None,
    );
    let hits = ok_json(&tw, &["search", "--tag", "job hunt", "--json"], None);
    assert_eq!(hits[0]["summary"]["id"], sql.as_str());
    assert_eq!(hits[0]["note"], "Retail database exercise");
    let expiring = ok_json(
        &tw,
        &[
            "search",
            "--expiring",
            "90",
            "--as-of",
            AS_OF,
            "--sort",
            "status",
            "--json",
        ],
        None,
    );
    let titles: Vec<&str> = expiring
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["summary"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, vec!["Scrum Fundamentals", "Cloud Practitioner"]);
    let text = ok_text(&tw, &["search", "--expired", "--as-of", AS_OF]);
    assert!(
        text.contains("First Aid and CPR") && text.contains("[expired 2025-03-01]"),
        "{text}"
    );
    let added = cairn(
        &tw,
        &["profile", "add", "email", "alex.kim@example.org"],
        None,
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let friend = ok_json(&tw, &["search", "--mine", "--json"], None);
    assert_eq!(friend.as_array().unwrap().len(), 1);
    assert_eq!(friend[0]["summary"]["title"], "Spreadsheet Skills");
    let bad = cairn(&tw, &["search", "--sort", "colour"], None);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn skills_prep_and_match_commands() {
    let tw = imported();
    let skills = ok_json(&tw, &["skills", "--json"], None);
    let python = skills
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Python (computer programming)")
        .expect("python");
    assert!(python["issuers"].as_array().unwrap().len() >= 4);
    ok_json(
        &tw,
        &["skills", "rename", "sql", "SQL (databases)", "--json"],
        None,
    );
    ok_json(&tw, &["skills", "hide", "workshop", "--json"], None);
    ok_json(
        &tw,
        &["skills", "merge", "postgresql", "sql", "--json"],
        None,
    );
    let shown = ok_json(&tw, &["skills", "--json"], None);
    let names: Vec<&str> = shown
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        !names.contains(&"workshop") && !names.contains(&"postgresql"),
        "{names:?}"
    );
    let all = ok_json(&tw, &["skills", "--all", "--json"], None);
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "workshop" && s["hidden"] == true)
    );
    let unknown = cairn(&tw, &["skills", "hide", "origami"], None);
    assert_eq!(unknown.status.code(), Some(1));
    let text = ok_text(&tw, &["skills", "--evidence"]);
    assert!(text.contains("SQL (databases)") && text.contains("SQL Fundamentals"));

    let prep = ok_text(&tw, &["prep", "SQL (databases)"]);
    assert!(
        prep.starts_with("# Interview preparation: SQL (databases)"),
        "{prep}"
    );
    assert!(
        prep.contains("Situation: Earning \"SQL Fundamentals\" from Coastal Community College")
    );

    let posting = "Junior Data Analyst\n- Experience with SQL and Python\n- Power BI dashboards\n";
    let m = ok_json(
        &tw,
        &[
            "match",
            "-",
            "--create-portfolio",
            "Council job",
            "--limit",
            "3",
            "--json",
        ],
        Some(posting),
    );
    assert_eq!(m["match"]["ranked"][0]["title"], "Data Analysis Level 3");
    assert!(
        m["match"]["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g == "power bi")
    );
    let shown = ok_json(&tw, &["portfolio", "show", "Council job", "--json"], None);
    assert_eq!(
        shown["sections"][0]["credentials"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let pprep = ok_json(&tw, &["prep", "--portfolio", "Council job", "--json"], None);
    assert!(!pprep["skills"].as_array().unwrap().is_empty());

    let missing = tw.dir.path().join("posting.txt");
    let out = cairn(&tw, &["match", missing.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(3), "a missing file is an I/O error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("posting.txt"));
    let out = cairn(&tw, &["prep"], None);
    assert_eq!(
        out.status.code(),
        Some(2),
        "prep needs a skill or --portfolio"
    );
}
