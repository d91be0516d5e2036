//! Portfolios, goals, detected stacks and library search over the realistic fixture wallet.

use crate::common::TempWallet;
use crate::portfolio_fixture::{
    self as fixture, AS_OF, CLR_CAPSTONE, CLR_CERTIFICATE, CLR_REGRESSION, CLR_STATISTICS,
};
use cairn::ErrorCode;
use cairn::library::{self, SearchQuery, SortKey, Validity, annotations};
use cairn::portfolio::goal::{Goal, Requirement};
use cairn::portfolio::stacks::{self, StackKind};
use cairn::portfolio::{self, Portfolio};
use cairn::wallet::Wallet;
use std::collections::{HashMap, HashSet};

/// A wallet holding the realistic fixture, with wallet ids by title.
pub fn realistic_wallet() -> (TempWallet, Wallet, HashMap<String, String>) {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let ids = fixture::load(&mut wallet, &fixture::realistic());
    (tw, wallet, ids)
}

fn now() -> chrono::DateTime<chrono::Utc> {
    AS_OF.parse().unwrap()
}

fn titles(p: &Portfolio) -> Vec<Vec<String>> {
    p.sections
        .iter()
        .map(|s| {
            s.credentials
                .iter()
                .map(|c| c.summary.title.clone())
                .collect()
        })
        .collect()
}

#[test]
fn the_fixture_is_a_realistic_wallet() {
    let (_tw, wallet, _) = realistic_wallet();
    assert!(wallet.count().unwrap() >= 50);
    let list = wallet.list().unwrap();
    let issuers: HashSet<_> = list.iter().filter_map(|c| c.issuer.clone()).collect();
    assert!(issuers.len() >= 8, "{issuers:?}");
    let formats: HashSet<_> = list.iter().map(|c| c.format.as_str()).collect();
    assert!(
        formats.contains("ob3-json")
            && formats.contains("ob2-json")
            && formats.contains("clr2-json")
    );
}

#[test]
fn portfolios_are_created_filled_ordered_and_deleted_without_losing_credentials() {
    let (_tw, mut w, ids) = realistic_wallet();
    let p = portfolio::create(
        &mut w,
        "Data analyst applications",
        Some("Jobs in analytics"),
    )
    .unwrap();
    let err = portfolio::create(&mut w, "data ANALYST applications", None).unwrap_err();
    assert_eq!(err.code, ErrorCode::Duplicate);

    let sql = ids["SQL Fundamentals"].clone();
    let da3 = ids["Data Analysis Level 3"].clone();
    let viz = ids["Data Visualization with Tableau"].clone();
    let spanish = ids["Spanish B2"].clone();
    portfolio::add(
        &mut w,
        "Data analyst applications",
        &[sql.clone(), da3.clone()],
        Some("Core"),
    )
    .unwrap();
    portfolio::add(
        &mut w,
        "Data analyst applications",
        std::slice::from_ref(&viz),
        Some("Core"),
    )
    .unwrap();
    portfolio::add(&mut w, &p.to_string(), &[spanish[..6].to_owned()], None).unwrap();
    let shown = portfolio::show(&w, "Data analyst applications").unwrap();
    assert_eq!(shown.purpose.as_deref(), Some("Jobs in analytics"));
    assert_eq!(
        titles(&shown),
        vec![
            vec!["Spanish B2".to_owned()],
            vec![
                "SQL Fundamentals".into(),
                "Data Analysis Level 3".into(),
                "Data Visualization with Tableau".into()
            ]
        ]
    );

    // Move the capstone first in its section, then Spanish into a new section.
    portfolio::move_credential(&mut w, "Data analyst applications", &da3, 1, None).unwrap();
    portfolio::move_credential(
        &mut w,
        "Data analyst applications",
        &spanish,
        1,
        Some("Languages"),
    )
    .unwrap();
    portfolio::put_section(&mut w, "Data analyst applications", "Languages", Some(1)).unwrap();
    let shown = portfolio::show(&w, "Data analyst applications").unwrap();
    assert_eq!(shown.sections[1].name.as_deref(), Some("Languages"));
    assert_eq!(
        titles(&shown),
        vec![
            vec![],
            vec!["Spanish B2".to_owned()],
            vec![
                "Data Analysis Level 3".into(),
                "SQL Fundamentals".into(),
                "Data Visualization with Tableau".into()
            ]
        ]
    );

    // A credential sits in many portfolios; a bad id changes nothing.
    portfolio::create(&mut w, "Teaching", None).unwrap();
    portfolio::add(&mut w, "Teaching", std::slice::from_ref(&sql), None).unwrap();
    let err = portfolio::add(
        &mut w,
        "Teaching",
        &[da3.clone(), "ffffffffffff".into()],
        None,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(
        portfolio::show(&w, "Teaching").unwrap().credential_ids(),
        vec![sql.clone()]
    );

    portfolio::remove(
        &mut w,
        "Data analyst applications",
        std::slice::from_ref(&viz),
    )
    .unwrap();
    portfolio::rename(&mut w, "Data analyst applications", "Analyst roles").unwrap();
    let before = w.count().unwrap();
    portfolio::delete(&mut w, "Analyst roles").unwrap();
    assert_eq!(
        w.count().unwrap(),
        before,
        "deleting a portfolio deletes no credential"
    );
    assert_eq!(
        portfolio::resolve(&w, "Analyst roles").unwrap_err().code,
        ErrorCode::NotFound
    );
    let list = portfolio::list(&w).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].credentials, 1);

    // Removing a credential from the wallet takes it out of every portfolio.
    w.remove(&sql).unwrap();
    assert!(
        portfolio::show(&w, "Teaching")
            .unwrap()
            .credential_ids()
            .is_empty()
    );
}

#[test]
fn goal_progress_counts_valid_credentials_skills_and_clr_members() {
    let (_tw, mut w, _) = realistic_wallet();
    portfolio::create(&mut w, "Analyst", None).unwrap();
    let goal = Goal {
        requirements: vec![
            Requirement::Skill("sql".into()),
            Requirement::Skill("Power BI".into()),
            Requirement::Achievement("First Aid and CPR".into()),
            Requirement::Achievement("data analysis level 3".into()),
            Requirement::Achievement(CLR_STATISTICS.into()),
        ],
        at_least: None,
    };
    portfolio::set_goal(&mut w, "Analyst", Some(&goal)).unwrap();
    let p = portfolio::show_as_of(&w, "Analyst", now()).unwrap();
    let g = p.progress.unwrap();
    assert_eq!((g.done, g.needed, g.complete), (3, 5, false));
    assert_eq!(
        g.missing,
        vec![
            Requirement::Skill("Power BI".into()),
            Requirement::Achievement("First Aid and CPR".into())
        ]
    );
    let first_aid = &g.requirements[2];
    assert!(!first_aid.met);
    assert_eq!(
        first_aid.expired[0].title, "First Aid and CPR",
        "expired: listed for renewal"
    );
    let sql = &g.requirements[0];
    let sql_titles: Vec<&str> = sql.met_by.iter().map(|c| c.title.as_str()).collect();
    assert!(
        sql_titles.contains(&"SQL Fundamentals") && sql_titles.contains(&"Data Analysis Level 1")
    );
    assert!(
        !sql_titles.contains(&"Cloud Data Engineering"),
        "expired credentials do not meet a requirement"
    );
    assert!(
        g.requirements[4].met_by[0]
            .title
            .starts_with("Statistics 101 (in Riverside")
    );

    // "Any 3 of these 5" is reached.
    let any3 = Goal {
        at_least: Some(3),
        ..goal.clone()
    };
    portfolio::set_goal(&mut w, "Analyst", Some(&any3)).unwrap();
    let g = portfolio::show_as_of(&w, "Analyst", now())
        .unwrap()
        .progress
        .unwrap();
    assert_eq!((g.done, g.needed, g.complete), (3, 3, true));

    // Impossible goals are refused and the stored goal stays.
    let bad = Goal {
        at_least: Some(6),
        ..goal
    };
    assert_eq!(
        portfolio::set_goal(&mut w, "Analyst", Some(&bad))
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
    assert_eq!(portfolio::show(&w, "Analyst").unwrap().goal, Some(any3));
}

#[test]
fn clr_associations_are_read_from_the_document() {
    let (associations, members) = stacks::clr_stack(&fixture::clr()).expect("associations");
    assert_eq!(associations.len(), 4);
    assert_eq!(associations[3].association_type, "precedes");
    let ids: Vec<&str> = members
        .iter()
        .filter_map(|m| m.achievement_id.as_deref())
        .collect();
    assert_eq!(
        ids,
        vec![
            CLR_CERTIFICATE,
            CLR_STATISTICS,
            "urn:uuid:7a1c0000-0000-4000-8000-000000000003",
            CLR_CAPSTONE,
            CLR_REGRESSION
        ]
    );
    assert_eq!(members[0].title, "Certificate in Business Analytics");
    assert_eq!(
        members[3].title, CLR_CAPSTONE,
        "a member the CLR does not embed is named by its id"
    );
    assert!(stacks::clr_stack(&serde_json::json!({"credentialSubject": {}})).is_none());
}

#[test]
fn stacks_are_detected_and_become_portfolios_in_one_step() {
    let (_tw, mut w, ids) = realistic_wallet();
    let found = stacks::detect(&w).unwrap();
    let clr = found
        .iter()
        .find(|s| s.kind == StackKind::Clr)
        .expect("CLR stack");
    assert_eq!(clr.issuer.as_deref(), Some("Riverside Technical College"));
    assert_eq!(
        (clr.held, clr.members.len()),
        (4, 5),
        "the capstone is not held"
    );

    let related = found
        .iter()
        .find(|s| s.kind == StackKind::Related)
        .expect("related stack");
    let held: Vec<(&str, bool)> = related
        .members
        .iter()
        .map(|m| (m.title.as_str(), m.credential.is_some()))
        .collect();
    assert_eq!(held[0], ("Python Programming II", true));
    assert_eq!(held[1], ("Python Programming I", true));
    assert!(!held[2].1, "the German edition is not held");

    let pathways: Vec<Vec<&str>> = found
        .iter()
        .filter(|s| s.kind == StackKind::Pathway)
        .map(|s| s.members.iter().map(|m| m.title.as_str()).collect())
        .collect();
    assert!(
        pathways.contains(&vec![
            "Data Analysis Level 1",
            "Data Analysis Level 2",
            "Data Analysis Level 3"
        ]),
        "{pathways:?}"
    );
    assert!(pathways.contains(&vec![
        "Volunteer Leader Bronze",
        "Volunteer Leader Silver",
        "Volunteer Leader Gold"
    ]));
    assert!(
        !pathways
            .iter()
            .any(|p| p.iter().any(|t| t.contains("Workshop"))),
        "workshops are no pathway"
    );

    let key = clr.key.clone();
    let id =
        stacks::create_portfolio(&mut w, &key, Some("Business analytics certificate")).unwrap();
    let p = portfolio::show_as_of(&w, &id.to_string(), now()).unwrap();
    assert_eq!(
        p.credential_ids(),
        vec![ids["Riverside Technical College Transcript"].clone()]
    );
    let g = p.progress.unwrap();
    assert_eq!((g.done, g.needed), (4, 5));
    assert_eq!(
        g.missing,
        vec![Requirement::Achievement(CLR_CAPSTONE.into())]
    );
    let missing_reg = g
        .requirements
        .iter()
        .find(|r| r.requirement == Requirement::Achievement(CLR_REGRESSION.into()));
    assert!(missing_reg.unwrap().met);

    let pathway = found
        .iter()
        .find(|s| s.key.contains("data analysis"))
        .unwrap()
        .key
        .clone();
    let id = stacks::create_portfolio(&mut w, &pathway, None).unwrap();
    let p = portfolio::show(&w, &id.to_string()).unwrap();
    assert_eq!(
        titles(&p)[0],
        vec![
            "Data Analysis Level 1",
            "Data Analysis Level 2",
            "Data Analysis Level 3"
        ]
    );
    assert!(p.progress.unwrap().complete);
    assert_eq!(
        stacks::create_portfolio(&mut w, "pathway:nobody|x", None)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

fn search(w: &Wallet, q: SearchQuery) -> Vec<String> {
    library::search(
        w,
        &SearchQuery {
            as_of: Some(AS_OF.into()),
            ..q
        },
    )
    .unwrap()
    .into_iter()
    .map(|h| h.summary.title)
    .collect()
}

#[test]
fn search_finds_words_in_every_field_and_filters() {
    let (_tw, mut w, ids) = realistic_wallet();
    let q = |text: &str| SearchQuery {
        text: Some(text.into()),
        ..SearchQuery::default()
    };
    // Title, issuer, skills (alignment names), criteria, description.
    assert_eq!(
        search(&w, q("tableau"))[0],
        "Data Visualization with Tableau"
    );
    assert_eq!(search(&w, q("lifeline")).len(), 2);
    assert!(search(&w, q("teamwork principles")).contains(&"Volunteer Leader Gold".to_owned()));
    assert_eq!(search(&w, q("manikin")), vec!["First Aid and CPR"]);
    assert!(
        search(&w, q("postgre")).contains(&"Database Design".to_owned()),
        "words match as prefixes"
    );
    // Hostile text is words, not FTS syntax.
    assert!(search(&w, q("\" OR * NEAR(")).is_empty());
    assert_eq!(search(&w, q("   ")).len(), w.count().unwrap());

    let expired = search(
        &w,
        SearchQuery {
            expired: true,
            ..SearchQuery::default()
        },
    );
    assert_eq!(
        HashSet::<_>::from_iter(expired),
        HashSet::from([
            "First Aid and CPR".to_owned(),
            "Cloud Data Engineering".to_owned()
        ])
    );
    let expiring = library::expiring_soon(&w, Some(AS_OF)).unwrap();
    let names: Vec<&str> = expiring.iter().map(|h| h.summary.title.as_str()).collect();
    assert_eq!(names, vec!["Scrum Fundamentals", "Cloud Practitioner"]);
    assert!(
        expiring
            .iter()
            .all(|h| h.validity == Validity::ExpiringSoon)
    );

    let coastal = search(
        &w,
        SearchQuery {
            issuer: Some("coastal".into()),
            text: Some("sql".into()),
            ..SearchQuery::default()
        },
    );
    assert!(
        coastal.contains(&"SQL Fundamentals".to_owned())
            && coastal.contains(&"Database Design".to_owned())
    );
    let clr = search(
        &w,
        SearchQuery {
            format: Some("clr2-json".into()),
            ..SearchQuery::default()
        },
    );
    assert_eq!(clr, vec!["Riverside Technical College Transcript"]);
    assert!(
        library::search(
            &w,
            &SearchQuery {
                format: Some("nope".into()),
                ..SearchQuery::default()
            }
        )
        .is_err()
    );

    let by_status = search(
        &w,
        SearchQuery {
            sort: SortKey::Status,
            limit: Some(4),
            ..SearchQuery::default()
        },
    );
    assert_eq!(
        &by_status[..2],
        &["First Aid and CPR", "Cloud Data Engineering"]
    );
    assert_eq!(
        &by_status[2..],
        &["Scrum Fundamentals", "Cloud Practitioner"]
    );
    let by_issuer = search(
        &w,
        SearchQuery {
            sort: SortKey::Issuer,
            limit: Some(1),
            ..SearchQuery::default()
        },
    );
    assert!(ids.contains_key(&by_issuer[0]));

    annotations::add_tags(
        &mut w,
        &ids["SQL Fundamentals"],
        &["job hunt".into(), "Core ".into()],
    )
    .unwrap();
    annotations::add_tags(&mut w, &ids["Data Analysis Level 3"], &["job hunt".into()]).unwrap();
    annotations::set_note(
        &mut w,
        &ids["SQL Fundamentals"],
        "Mention the retail database exercise.",
    )
    .unwrap();
    let tagged = library::search(
        &w,
        &SearchQuery {
            tags: vec!["Job Hunt".into()],
            sort: SortKey::Title,
            ..SearchQuery::default()
        },
    )
    .unwrap();
    assert_eq!(tagged.len(), 2);
    assert_eq!(tagged[1].summary.title, "SQL Fundamentals");
    assert_eq!(tagged[1].tags, vec!["Core", "job hunt"]);
    assert_eq!(
        tagged[1].note.as_deref(),
        Some("Mention the retail database exercise.")
    );
    assert_eq!(
        annotations::remove_tags(&mut w, &ids["SQL Fundamentals"], &["core".into()]).unwrap(),
        vec!["job hunt"]
    );
    assert!(annotations::add_tags(&mut w, &ids["SQL Fundamentals"], &["  ".into()]).is_err());
}
