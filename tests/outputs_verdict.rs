//! Every output obeys the verdict: revoked and forged credentials are left out (with a reason
//! line) unless `--include-invalid`, then labelled; expired ones are labelled expired. Also:
//! the same id with different content is a conflict kept side by side, and transcripts
//! recompute the recipient check from the current identities.

use crate::common::{FixtureServer, TempWallet, cairn, url_path, validator};
use cairn::portfolio::goal::{Goal, Requirement};
use cairn::verify::VerifyOptions;
use cairn::verify::history::History;
use cairn::wallet::ImportOptions;

const STATUS_LIST: &str = "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist";

struct Stocked {
    tw: TempWallet,
    valid: String,
    expired: String,
    revoked: String,
    tampered: String,
}

fn import(tw: &TempWallet, path: &std::path::Path) -> String {
    let mut wallet = tw.open();
    let report = wallet.import_paths(
        &[path.to_owned()],
        &ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.files[0].credentials.len(), 1, "{report:#?}");
    report.files[0].credentials[0].clone()
}

/// A wallet with a valid, an expired, a revoked (status list served from 127.0.0.1) and a
/// tampered credential, each verified through the real verification path.
fn stocked() -> Stocked {
    let tw = TempWallet::new();
    let valid = import(&tw, &validator("ob30/simple.json"));
    let expired = import(&tw, &validator("ob30/simple-err-expired.json"));
    let revoked = import(
        &tw,
        &validator("ob30/bit-string-list/credential-status-revoked.json"),
    );
    let text = std::fs::read_to_string(validator("ob30/simple.json")).unwrap();
    let forged = text.replace("Teamwork Badge", "Leadership Badge").replace(
        "http://example.com/credentials/3527",
        "http://example.com/credentials/9999",
    );
    assert_ne!(forged, text);
    let forged_path = tw.dir.path().join("forged.json");
    std::fs::write(&forged_path, forged).unwrap();
    let tampered = import(&tw, &forged_path);

    let wallet = tw.open();
    let history = History::open(&wallet).unwrap();
    let offline = VerifyOptions::offline();
    for id in [&valid, &expired, &tampered] {
        history.reverify(id, &offline, false).unwrap();
    }
    let server = FixtureServer::start(vec![(
        url_path(STATUS_LIST),
        validator("ob30/bit-string-list/testlist"),
    )]);
    let client = cairn::net::Client::new(cairn::net::NetPolicy::loopback_for_tests(vec![(
        "https://raw.githubusercontent.com".to_owned(),
        server.origin.clone(),
    )]))
    .unwrap();
    let online = VerifyOptions {
        fetch: Some(&client),
        ..VerifyOptions::offline()
    };
    let report = history.reverify(&revoked, &online, true).unwrap();
    assert_eq!(
        report.reason,
        Some(cairn::verify::Reason::Revoked),
        "{report:#?}"
    );
    assert!(server.hits() > 0);
    let reasons: Vec<_> = [&valid, &expired, &tampered]
        .iter()
        .map(|id| history.reverify(id, &offline, false).unwrap().reason)
        .collect();
    assert_eq!(
        reasons,
        [
            None,
            Some(cairn::verify::Reason::Expired),
            Some(cairn::verify::Reason::Tampered)
        ]
    );
    Stocked {
        tw,
        valid,
        expired,
        revoked,
        tampered,
    }
}

fn run(s: &Stocked, args: &[&str]) -> (serde_json::Value, String) {
    let out = cairn(&s.tw, args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {stderr}");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (json, stderr)
}

fn left_out_ids(v: &serde_json::Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_owned(),
                l["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

fn expected_left_out(s: &Stocked) -> Vec<(String, String)> {
    let mut v = vec![
        (s.revoked.clone(), "revoked".to_owned()),
        (s.tampered.clone(), "tampered".to_owned()),
    ];
    v.sort();
    v
}

fn assert_reason_lines(s: &Stocked, stderr: &str) {
    assert!(
        stderr.contains(&format!("({}): revoked", s.revoked)),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("({}): tampered", s.tampered)),
        "{stderr}"
    );
    assert_eq!(stderr.matches("left out: ").count(), 2, "{stderr}");
}

#[test]
fn linkedin_transcript_package_and_bake_obey_the_verdict() {
    let s = stocked();
    let ids = [
        s.valid.as_str(),
        s.expired.as_str(),
        s.revoked.as_str(),
        s.tampered.as_str(),
    ];

    // LinkedIn.
    let mut args = vec!["--json", "export", "linkedin"];
    args.extend(ids);
    let (v, stderr) = run(&s, &args);
    assert_reason_lines(&s, &stderr);
    assert_eq!(left_out_ids(&v["left_out"]), expected_left_out(&s));
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["wallet_id"], s.valid.as_str());
    assert!(entries[0]["label"].is_null());
    assert_eq!(entries[1]["label"], "Expired on 2010-01-01");
    assert!(
        entries[1]["post_text"]
            .as_str()
            .unwrap()
            .contains("Status: Expired on 2010-01-01")
    );
    args.push("--include-invalid");
    let (v, stderr) = run(&s, &args);
    assert!(!stderr.contains("left out"), "{stderr}");
    assert!(v["left_out"].as_array().unwrap().is_empty());
    let labels: Vec<_> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        labels,
        [
            None,
            Some("Expired on 2010-01-01".to_owned()),
            Some("Revoked".to_owned()),
            Some("Not genuine".to_owned())
        ]
    );

    // Transcript.
    let pdf = s.tw.dir.path().join("t.pdf");
    let pdf_arg = pdf.to_string_lossy().into_owned();
    let mut args = vec!["--json", "export", "transcript", "-o", &pdf_arg];
    args.extend(ids);
    let (v, stderr) = run(&s, &args);
    assert_reason_lines(&s, &stderr);
    assert_eq!(v["credentials"], 2);
    assert_eq!(left_out_ids(&v["left_out"]), expected_left_out(&s));
    args.push("--include-invalid");
    let (v, _) = run(&s, &args);
    assert_eq!(v["credentials"], 4);
    // The Status rows the transcript prints.
    let wallet = s.tw.open();
    let selection = cairn::export::Selection {
        title: None,
        purpose: None,
        ids: ids.iter().map(|i| (*i).to_owned()).collect(),
    };
    let options =
        cairn::export::transcript::TranscriptOptions::for_selection(&wallet, &selection, None)
            .unwrap();
    let status = |id: &str| cairn::export::transcript::status_words(options.standings.get(id));
    assert!(status(&s.valid).starts_with("Current"));
    assert!(
        status(&s.expired).starts_with("Expired on 2010-01-01"),
        "{}",
        status(&s.expired)
    );
    assert!(status(&s.revoked).starts_with("Revoked"));
    assert!(status(&s.tampered).starts_with("Not genuine"));

    // Evidence package: the index names what each is.
    let zip_path = s.tw.dir.path().join("p.zip");
    let zip_arg = zip_path.to_string_lossy().into_owned();
    let mut args = vec!["--json", "export", "package", "--unsigned", "-o", &zip_arg];
    args.extend(ids);
    let (v, stderr) = run(&s, &args);
    assert_reason_lines(&s, &stderr);
    assert_eq!(left_out_ids(&v["left_out"]), expected_left_out(&s));
    let index = read_index(&zip_path);
    assert!(index.contains("Expired on 2010-01-01"), "{index}");
    assert!(!index.contains("Leadership Badge"));
    args.push("--include-invalid");
    run(&s, &args);
    let index = read_index(&zip_path);
    assert!(index.contains("Leadership Badge"));
    assert!(index.contains("Not genuine"));
    assert!(index.contains("Revoked"));

    // Baked: refused for a revoked credential unless included.
    let png = s.tw.dir.path().join("b.svg");
    let png_arg = png.to_string_lossy().into_owned();
    let out = cairn(&s.tw, &["export", "baked", &s.revoked, "-o", &png_arg]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("revoked"), "{stderr}");
    assert!(!png.exists());
    let out = cairn(
        &s.tw,
        &[
            "export",
            "baked",
            &s.revoked,
            "-o",
            &png_arg,
            "--include-invalid",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Revoked"));
    assert!(png.exists());
}

fn read_index(path: &std::path::Path) -> String {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name("index.html")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn presentation_leaves_out_revoked_and_forged_credentials() {
    let s = stocked();
    let pass = s.tw.dir.path().join("pass");
    std::fs::write(&pass, "correct horse battery staple\n").unwrap();
    let out = s.tw.dir.path().join("vp.json");
    let (pass_arg, out_arg) = (
        pass.to_string_lossy().into_owned(),
        out.to_string_lossy().into_owned(),
    );
    let (v, stderr) = run(
        &s,
        &[
            "--json",
            "export",
            "presentation",
            &s.valid,
            &s.expired,
            &s.revoked,
            &s.tampered,
            "-o",
            &out_arg,
            "--passphrase-file",
            &pass_arg,
        ],
    );
    assert_reason_lines(&s, &stderr);
    assert_eq!(left_out_ids(&v["left_out"]), expected_left_out(&s));
    let mut included: Vec<String> = v["included"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_owned())
        .collect();
    included.sort();
    let mut want = vec![s.valid.clone(), s.expired.clone()];
    want.sort();
    assert_eq!(included, want);
    assert_eq!(v["labels"][0]["label"], "Expired on 2010-01-01");
}

#[test]
fn goal_progress_does_not_count_a_revoked_credential() {
    let s = stocked();
    let mut wallet = s.tw.open();
    cairn::portfolio::create(&mut wallet, "Goal", None).unwrap();
    let goal = Goal {
        requirements: vec![
            Requirement::Achievement("Achievement 1".to_owned()),
            Requirement::Achievement("Teamwork Badge".to_owned()),
        ],
        at_least: None,
    };
    cairn::portfolio::set_goal(&mut wallet, "Goal", Some(&goal)).unwrap();
    let now = chrono::Utc::now();
    let p = cairn::portfolio::goal::progress(&wallet, &goal, now).unwrap();
    let revoked = &p.requirements[0];
    assert!(!revoked.met, "{p:#?}");
    assert_eq!(revoked.left_out.len(), 1);
    assert_eq!(revoked.left_out[0].id, s.revoked);
    assert_eq!(revoked.left_out[0].reason, "revoked");
    // The expired Teamwork Badge is listed to renew, the valid one meets it.
    let teamwork = &p.requirements[1];
    assert!(teamwork.met);
    assert!(teamwork.expired.iter().any(|c| c.id == s.expired));
    assert!(teamwork.met_by.iter().all(|c| c.id != s.expired));

    let all = cairn::portfolio::goal::progress_with(&wallet, &goal, now, true).unwrap();
    assert!(all.requirements[0].met);
    assert!(all.requirements[0].met_by[0].title.ends_with("(Revoked)"));

    // The CLI prints the reason line.
    let out = cairn(&s.tw, &["portfolio", "show", "Goal"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("({}): revoked", s.revoked)),
        "{stderr}"
    );
}

#[test]
fn the_same_id_with_different_content_is_a_conflict_kept_side_by_side() {
    let tw = TempWallet::new();
    let first = import(&tw, &validator("ob30/simple.json"));
    // Same `id`, different content (its validUntil): a conflict, stored.
    let mut wallet = tw.open();
    let report = wallet.import_paths(
        &[validator("ob30/simple-err-expired.json")],
        &ImportOptions::store_only(),
        &mut |_| {},
    );
    let file = &report.files[0];
    assert_eq!(file.outcome, cairn::wallet::Outcome::Imported, "{file:#?}");
    assert_eq!(file.conflicts.len(), 1);
    assert_eq!(file.conflicts[0].other, first);
    let second = file.credentials[0].clone();
    assert_ne!(second, first);
    assert_eq!(wallet.count().unwrap(), 2);
    assert_eq!(
        wallet.conflicts_with(&first).unwrap()[0].0,
        second,
        "each names the other"
    );
    // The same bytes again: a duplicate, as before.
    let again = wallet.import_paths(
        &[validator("ob30/simple.json")],
        &ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(again.files[0].outcome, cairn::wallet::Outcome::Duplicate);
    drop(wallet);

    let out = cairn(&tw, &["show", &second]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Conflict"), "{text}");
    assert!(text.contains(&first), "{text}");

    // The CLI reports a conflict on import.
    let tw2 = TempWallet::new();
    import(&tw2, &validator("ob30/simple.json"));
    let path = validator("ob30/simple-err-expired.json");
    let out = cairn(&tw2, &["import", &path.to_string_lossy()]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("conflict: "), "{stderr}");
}

#[test]
fn transcripts_recompute_the_recipient_check_from_current_identities() {
    let tw = TempWallet::new();
    let id = import(&tw, &validator("ob30/simple.json"));
    let selection = cairn::export::Selection {
        title: None,
        purpose: None,
        ids: vec![id.clone()],
    };
    let recipient_message = |wallet: &cairn::wallet::Wallet| {
        let options =
            cairn::export::transcript::TranscriptOptions::for_selection(wallet, &selection, None)
                .unwrap();
        options.verdicts[&id]
            .check(cairn::verify::CheckName::Recipient)
            .unwrap()
            .message
            .clone()
    };
    let mut wallet = tw.open();
    // A stored report from before any identity was set up.
    History::open(&wallet)
        .unwrap()
        .reverify(&id, &VerifyOptions::offline(), false)
        .unwrap();
    assert!(recipient_message(&wallet).contains("no identities of yours"));
    wallet
        .add_identity(&cairn::recipient::Identity {
            kind: "email".into(),
            value: "learner@example.org".into(),
        })
        .unwrap();
    let now = recipient_message(&wallet);
    assert!(!now.contains("no identities of yours"), "{now}");

    // A stored report, refreshed for display, says the same.
    let detail = wallet.get(&id).unwrap();
    let mut stored = History::open(&wallet)
        .unwrap()
        .reports(&id)
        .unwrap()
        .remove(0);
    let before = stored
        .check(cairn::verify::CheckName::Recipient)
        .unwrap()
        .message
        .clone();
    assert!(before.contains("no identities of yours"));
    cairn::recipient::refresh_report(
        &mut stored,
        &detail.credential,
        &wallet.identities().unwrap(),
    );
    let after = &stored
        .check(cairn::verify::CheckName::Recipient)
        .unwrap()
        .message;
    assert_eq!(*after, now);
}

/// A forged copy of the Teamwork badge that claims a skill (an alignment added after signing).
fn forged_with_skill(tw: &TempWallet) -> String {
    let text = std::fs::read_to_string(validator("ob30/simple.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["id"] = "http://example.com/credentials/forged-python".into();
    doc["credentialSubject"]["achievement"]["alignment"] = serde_json::json!([{
        "type": ["Alignment"],
        "targetName": "Python programming",
        "targetUrl": "https://example.org/skills/python-programming",
        "targetType": "ceterms:Skill"
    }]);
    let path = tw.dir.path().join("forged-python.json");
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
    let id = import(tw, &path);
    let wallet = tw.open();
    let report = History::open(&wallet)
        .unwrap()
        .reverify(&id, &VerifyOptions::offline(), false)
        .unwrap();
    assert_eq!(
        report.reason,
        Some(cairn::verify::Reason::Tampered),
        "{report:#?}"
    );
    id
}

#[test]
fn interview_prep_job_match_and_stacks_leave_out_a_forged_credential() {
    let tw = TempWallet::new();
    let forged = forged_with_skill(&tw);
    let wallet = tw.open();

    // Interview prep: the only evidence is forged, so there is nothing to prepare from, and
    // the error says what was left out and why.
    let err =
        cairn::skills::prep::prep_skill_with(&wallet, "Python programming", false).unwrap_err();
    assert!(
        err.message.contains("left out for their verdict"),
        "{}",
        err.message
    );
    assert!(err.message.contains("tampered"), "{}", err.message);
    // Included on request, it comes back labelled.
    let included =
        cairn::skills::prep::prep_skill_with(&wallet, "Python programming", true).unwrap();
    let points = &included.skills[0].talking_points;
    assert_eq!(points.len(), 1, "{included:#?}");
    assert_eq!(points[0].credential, forged);
    let sheet = included.to_text();
    assert!(sheet.contains("Not genuine"), "{sheet}");

    // Job match: the skill asked for is a gap, and the forged credential is listed as left out.
    let posting = "Junior developer\nWe need Python programming and teamwork.";
    let now = chrono::Utc::now();
    let m = cairn::skills::posting::match_posting_with(&wallet, posting, now, false).unwrap();
    assert!(m.ranked.iter().all(|r| r.id != forged), "{m:#?}");
    assert!(
        m.matched.iter().all(|s| !s.credentials.contains(&forged)),
        "{m:#?}"
    );
    assert_eq!(m.left_out.len(), 1, "{m:#?}");
    assert_eq!(m.left_out[0].id, forged);
    assert_eq!(m.left_out[0].reason, "tampered");
    let with = cairn::skills::posting::match_posting_with(&wallet, posting, now, true).unwrap();
    assert!(with.ranked.iter().any(|r| r.id == forged), "{with:#?}");

    // The CLI says so on stderr.
    let posting_file = tw.dir.path().join("posting.txt");
    std::fs::write(&posting_file, posting).unwrap();
    let out = cairn(&tw, &["match", posting_file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("({forged}): tampered")),
        "{stderr}"
    );

    // Stacks never count a forged credential as held.
    for stack in cairn::portfolio::stacks::detect_with(&wallet, false).unwrap() {
        assert!(
            stack
                .members
                .iter()
                .all(|m| m.credential.as_deref() != Some(forged.as_str())),
            "{stack:#?}"
        );
    }
}
