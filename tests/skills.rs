//! Skills across issuers, overrides that survive re-imports, interview preparation and
//! job-posting match over the realistic fixture wallet.

use crate::portfolio::realistic_wallet;
use crate::portfolio_fixture::AS_OF;
use cairn::ErrorCode;
use cairn::library::annotations;
use cairn::portfolio;
use cairn::skills::posting::{self, asked_phrases};
use cairn::skills::{EvidenceSource, SkillSet, overrides, prep};

#[test]
fn the_same_skill_from_different_issuers_is_one_skill() {
    let (_tw, w, ids) = realistic_wallet();
    let set = SkillSet::build(&w).unwrap();
    // ESCO URI as targetUrl (two names) and as targetCode, plus plain "python" tags: one skill.
    let python = set.get("python").unwrap();
    assert_eq!(
        python.key,
        "esco:skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
    );
    assert!(set.get("Python (computer programming)").unwrap().key == python.key);
    for issuer in [
        "Open Code School",
        "Northwind University",
        "Coastal Community College",
        "Riverside Technical College",
    ] {
        assert!(
            python.issuers.iter().any(|i| i == issuer),
            "{issuer} missing from {:?}",
            python.issuers
        );
    }
    // Coastal's "Intro to Programming" only tags python (and its criteria say Python).
    let intro = python
        .evidence
        .iter()
        .find(|e| e.credential == ids["Intro to Programming"])
        .unwrap();
    assert_eq!(
        intro.sources,
        vec![EvidenceSource::Criteria, EvidenceSource::Tag]
    );

    // "SQL" and "Structured Query Language (SQL)" share an ESCO URI.
    let sql = set.get("Structured Query Language").unwrap();
    assert_eq!(sql.key, set.get("sql").unwrap().key);
    assert!(
        sql.aliases
            .iter()
            .any(|a| a == "Structured Query Language (SQL)")
            || sql.name == "Structured Query Language (SQL)"
    );
    let fundamentals = sql
        .evidence
        .iter()
        .find(|e| e.title == "SQL Fundamentals")
        .unwrap();
    assert_eq!(
        fundamentals.sources,
        vec![
            EvidenceSource::Alignment,
            EvidenceSource::Criteria,
            EvidenceSource::Tag
        ]
    );
    let level2 = sql
        .evidence
        .iter()
        .find(|e| e.title == "Data Analysis Level 2")
        .unwrap();
    assert!(
        level2.sources.contains(&EvidenceSource::Result),
        "the capstone result names SQL"
    );
    assert_eq!(level2.results, vec!["SQL and Python capstone: 91/100"]);

    // O*NET element by code from one issuer and by descriptor URL from another.
    let critical = set.get("2.A.2.a").unwrap();
    assert_eq!(critical.key, "onet:2.a.2.a");
    assert!(
        critical
            .issuers
            .contains(&"Coastal Community College".to_owned())
    );
    assert!(
        critical
            .issuers
            .contains(&"Northwind University".to_owned())
    );

    // British and American spellings: an ESCO alignment and a title-less tag meet.
    let viz = set.get("data visualization").unwrap();
    assert_eq!(viz.key, set.get("Data visualisation").unwrap().key);

    // CLR members' skills and results count, attributed to the CLR.
    let stats = set.get("statistics").unwrap();
    let clr = stats
        .evidence
        .iter()
        .find(|e| e.title == "Statistics 101")
        .unwrap();
    assert_eq!(
        clr.via.as_deref(),
        Some("Riverside Technical College Transcript")
    );
    assert_eq!(clr.results, vec!["Final grade: A"]);
    assert_eq!(
        clr.credential,
        ids["Riverside Technical College Transcript"]
    );
    assert!(set.find("underwater basket weaving").is_none());
}

#[test]
fn renames_merges_and_hides_survive_reimport() {
    let (tw, mut w, ids) = realistic_wallet();
    overrides::rename(&mut w, "sql", "SQL (databases)").unwrap();
    overrides::merge(&mut w, "postgresql", "sql").unwrap();
    overrides::set_hidden(&mut w, "workshop", true).unwrap();
    overrides::set_note(&mut w, "sql", "I use SQL daily at the food bank.").unwrap();
    assert_eq!(
        overrides::merge(&mut w, "sql", "SQL (databases)")
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );

    let check = |w: &cairn::wallet::Wallet| {
        let set = SkillSet::build(w).unwrap();
        let sql = set.get("SQL (databases)").unwrap();
        assert_eq!(sql.name, "SQL (databases)");
        assert!(
            sql.aliases.iter().any(|a| a == "postgresql"),
            "{:?}",
            sql.aliases
        );
        assert_eq!(
            sql.note.as_deref(),
            Some("I use SQL daily at the food bank.")
        );
        assert!(set.get("workshop").unwrap().hidden);
        assert!(
            !cairn::skills::skills(w, None, false)
                .unwrap()
                .iter()
                .any(|s| s.name == "workshop")
        );
    };
    check(&w);

    // Remove the credentials that carry these skills and import them again.
    let docs = crate::portfolio_fixture::realistic();
    let again: Vec<_> = docs
        .iter()
        .filter(|(n, _)| n.contains("sql") || n.contains("database") || n.contains("workshop"))
        .cloned()
        .collect();
    assert!(again.len() > 5);
    for (_, doc) in &again {
        let title = doc["name"]
            .as_str()
            .or(doc["badge"]["name"].as_str())
            .unwrap();
        w.remove(&ids[title]).unwrap();
    }
    assert!(SkillSet::build(&w).unwrap().find("postgresql").is_none());
    crate::portfolio_fixture::load(&mut w, &again);
    check(&w);
    drop(w);
    check(&tw.open());

    let mut w = tw.open();
    overrides::reset(&mut w, "SQL (databases)").unwrap();
    let set = SkillSet::build(&w).unwrap();
    assert!(set.find("SQL (databases)").is_none());
    assert_ne!(
        set.get("postgresql").unwrap().key,
        set.get("sql").unwrap().key
    );
}

#[test]
fn interview_prep_names_the_credentials_criteria_results_and_notes() {
    let (_tw, mut w, ids) = realistic_wallet();
    annotations::set_note(
        &mut w,
        &ids["SQL Fundamentals"],
        "Talk about the retail JOIN puzzle.",
    )
    .unwrap();
    let sheet = prep::prep_skill(&w, "SQL").unwrap();
    let s = &sheet.skills[0];
    assert!(
        s.summary.contains("SQL Fundamentals") && s.summary.contains("Data Analysis Level 3"),
        "{}",
        s.summary
    );
    assert!(s.summary.contains("Coastal Community College"));
    let tp = s
        .talking_points
        .iter()
        .find(|t| t.title == "SQL Fundamentals")
        .unwrap();
    assert_eq!(
        tp.task,
        "Write SELECT, JOIN and GROUP BY queries against a sample retail database."
    );
    assert_eq!(tp.action, "Pass the SQL practical exam.");
    assert_eq!(tp.result, "Awarded \"SQL Fundamentals\" on 2023-09-30.");
    let l2 = s
        .talking_points
        .iter()
        .find(|t| t.title == "Data Analysis Level 2")
        .unwrap();
    assert!(
        l2.result
            .starts_with("SQL and Python capstone: 91/100. Awarded"),
        "{}",
        l2.result
    );
    assert!(
        tp.situation.contains("Coastal Community College")
            && tp.situation.contains("September 2023")
    );
    assert_eq!(
        tp.note.as_deref(),
        Some("Talk about the retail JOIN puzzle.")
    );
    let l1 = s
        .talking_points
        .iter()
        .find(|t| t.title == "Data Analysis Level 1")
        .unwrap();
    assert!(
        l1.action.starts_with("Cleaned 40,000 rows"),
        "evidence narratives fill the action"
    );
    let text = sheet.to_text();
    assert!(
        text.contains("Talking points:")
            && text.contains("Situation: ")
            && text.contains("Your note: Talk about")
    );

    portfolio::create(&mut w, "Languages", Some("Interpreter roles")).unwrap();
    portfolio::add(
        &mut w,
        "Languages",
        &[ids["Spanish B2"].clone(), ids["Business Spanish"].clone()],
        None,
    )
    .unwrap();
    let sheet = prep::prep_portfolio(&w, "Languages").unwrap();
    assert_eq!(sheet.purpose.as_deref(), Some("Interpreter roles"));
    let names: Vec<&str> = sheet.skills.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names[0], "Spanish");
    assert!(!names.iter().any(|n| n.contains("SQL")), "{names:?}");
    portfolio::create(&mut w, "Empty", None).unwrap();
    assert_eq!(
        prep::prep_portfolio(&w, "Empty").unwrap_err().code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        prep::prep_skill(&w, "origami").unwrap_err().code,
        ErrorCode::NotFound
    );
}

const POSTING: &str = "Junior Data Analyst — Harbour City Council

We are looking for a junior data analyst to join our performance team.

Requirements:
- 2+ years of experience with SQL and relational databases
- Proficiency in Python (pandas) for data analysis
- Data visualization with Tableau or Power BI
- Working knowledge of statistics
- Stakeholder management and clear written communication
- Critical thinking

Nice to have: experience with dbt, Spanish.
";

#[test]
fn a_posting_ranks_the_relevant_credential_first_and_lists_real_gaps() {
    let (_tw, mut w, ids) = realistic_wallet();
    let m = posting::match_posting_as_of(&w, POSTING, AS_OF.parse().unwrap()).unwrap();
    assert_eq!(m.title, "Junior Data Analyst — Harbour City Council");
    let matched: Vec<&str> = m.matched.iter().map(|s| s.skill.as_str()).collect();
    for skill in [
        "Python (computer programming)",
        "Data visualisation",
        "Statistics",
        "Spanish",
    ] {
        assert!(matched.contains(&skill), "{skill} not in {matched:?}");
    }
    assert!(m.matched.iter().any(|s| s.found_as == "sql"));
    assert!(m.matched.iter().any(|s| s.key == "onet:2.a.2.a"));
    assert_eq!(
        m.ranked[0].id,
        ids["Data Analysis Level 3"],
        "{:?}",
        &m.ranked[..3]
    );
    assert!(m.ranked[0].skills.len() >= 5);
    assert!(
        m.ranked
            .iter()
            .position(|r| r.title == "Data Analysis Level 2")
            .unwrap()
            < 4
    );
    assert!(
        !m.ranked
            .iter()
            .take(5)
            .any(|r| r.title.contains("Volunteer"))
    );
    for gap in ["power bi", "stakeholder management", "dbt"] {
        assert!(
            m.gaps.iter().any(|g| g == gap),
            "{gap} not in gaps {:?}",
            m.gaps
        );
    }
    for evidenced in [
        "sql",
        "python",
        "statistics",
        "tableau",
        "spanish",
        "critical thinking",
    ] {
        assert!(
            !m.gaps.iter().any(|g| g == evidenced),
            "{evidenced} wrongly a gap: {:?}",
            m.gaps
        );
    }

    let id = posting::create_portfolio(&mut w, "Harbour City application", &m, 5).unwrap();
    let p = portfolio::show_as_of(&w, &id.to_string(), AS_OF.parse().unwrap()).unwrap();
    assert_eq!(p.credential_ids().len(), 5);
    assert_eq!(p.credential_ids()[0], ids["Data Analysis Level 3"]);
    let g = p.progress.unwrap();
    assert!(!g.complete);
    assert!(g.missing.iter().any(|r| r.label() == "skill:power bi"));
    assert!(posting::match_posting(&w, "   ").is_err());
}

#[test]
fn asked_phrases_strip_lead_ins() {
    let phrases = asked_phrases(
        "- Experience with SQL, Python and Power BI\n- Strong stakeholder management\nWe offer lunch.",
    );
    assert_eq!(
        phrases,
        vec!["sql", "python", "power bi", "stakeholder management"]
    );
}
