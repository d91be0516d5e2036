//! A realistic fixture wallet, generated: 56 credentials from 10 issuers (Open Badges 3.0 and
//! 2.0), alignments to ESCO skills and O*NET elements and occupations, a CLR 2.0 transcript with
//! associations, OB 3.0 `related` achievements, same-issuer pathways, expired and expiring
//! credentials. [`scaled`] repeats the shapes to any size for the benchmark.
//!
//! All dates are judged against [`AS_OF`].

#![allow(dead_code)]

use cairn::wallet::{Outcome, Wallet};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The moment expiry is judged at in tests using this fixture.
pub const AS_OF: &str = "2026-11-23T12:00:00Z";

/// The learner every credential is issued to.
pub const LEARNER: &str = "sam.rivera@example.org";

const ESCO_PYTHON: &str = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d";
const ESCO_SQL: &str = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742";
const ESCO_DATA_ANALYSIS: &str =
    "http://data.europa.eu/esco/skill/5c1a4dd4-f4b3-4b3e-9e4b-5d1d5b1a3a10";
const ESCO_DATAVIZ: &str = "http://data.europa.eu/esco/skill/0f2c6d2e-8f0e-4c4f-9b39-7d0c2a6b5e21";
const ESCO_STATISTICS: &str =
    "http://data.europa.eu/esco/skill/3f2f8a1c-6a0f-4c5e-8a47-2b9a6e5b9c11";
const ESCO_TEAMWORK: &str = "http://data.europa.eu/esco/skill/b5c6f5e4-2a6e-4b7a-9c8d-7e6f5a4b3c22";
const ESCO_FIRST_AID: &str =
    "http://data.europa.eu/esco/skill/7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6";
const ESCO_CLOUD: &str = "http://data.europa.eu/esco/skill/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const ESCO_SPANISH: &str = "http://data.europa.eu/esco/skill/2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b";
const ESCO_AGILE: &str = "http://data.europa.eu/esco/skill/4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f";

/// An alignment: name, framework, code, URL.
#[derive(Clone, Copy)]
pub struct Sk(
    pub &'static str,
    pub &'static str,
    pub Option<&'static str>,
    pub Option<&'static str>,
);

const PYTHON_ESCO: Sk = Sk(
    "Python (computer programming)",
    "ESCO",
    None,
    Some(ESCO_PYTHON),
);
const PYTHON_ESCO_CODE: Sk = Sk("Python", "ESCO", Some(ESCO_PYTHON), None);
const SQL_ESCO: Sk = Sk("SQL", "ESCO", None, Some(ESCO_SQL));
const SQL_ESCO_LONG: Sk = Sk(
    "Structured Query Language (SQL)",
    "esco",
    None,
    Some(ESCO_SQL),
);
const DATA_ANALYSIS: Sk = Sk(
    "perform data analysis",
    "ESCO",
    None,
    Some(ESCO_DATA_ANALYSIS),
);
const DATAVIZ: Sk = Sk("Data visualisation", "ESCO", None, Some(ESCO_DATAVIZ));
const STATISTICS: Sk = Sk("Statistics", "ESCO", None, Some(ESCO_STATISTICS));
const TEAMWORK: Sk = Sk("teamwork principles", "ESCO", None, Some(ESCO_TEAMWORK));
const FIRST_AID: Sk = Sk("administer first aid", "ESCO", None, Some(ESCO_FIRST_AID));
const CLOUD: Sk = Sk("cloud technologies", "ESCO", None, Some(ESCO_CLOUD));
const SPANISH: Sk = Sk("Spanish", "ESCO", None, Some(ESCO_SPANISH));
const AGILE: Sk = Sk("agile project management", "ESCO", None, Some(ESCO_AGILE));
const ONET_CRITICAL: Sk = Sk("Critical Thinking", "O*NET", Some("2.A.2.a"), None);
const ONET_CRITICAL_URL: Sk = Sk(
    "critical thinking",
    "ONET",
    None,
    Some("https://www.onetonline.org/find/descriptor/result/2.A.2.a"),
);
const ONET_PROGRAMMING: Sk = Sk("Programming", "O*NET", Some("2.B.3.e"), None);
const ONET_MATHEMATICS: Sk = Sk("Mathematics", "O*NET", Some("2.A.1.e"), None);
const ONET_ACTIVE_LISTENING: Sk = Sk("Active Listening", "O*NET", Some("2.A.1.b"), None);
const ONET_SPEAKING: Sk = Sk("Speaking", "O*NET", Some("2.A.1.d"), None);
const ONET_DATA_SCIENTIST: Sk = Sk("Data Scientists", "O*NET-SOC", Some("15-2051.00"), None);

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Ob2,
    Ob3,
}

struct Issuer {
    name: &'static str,
    url: &'static str,
    kind: Kind,
}

const ISSUERS: [Issuer; 9] = [
    Issuer {
        name: "Northwind University",
        url: "https://northwind.example.edu",
        kind: Kind::Ob3,
    },
    Issuer {
        name: "Coastal Community College",
        url: "https://coastal.example.edu",
        kind: Kind::Ob2,
    },
    Issuer {
        name: "CloudSkills Academy",
        url: "https://cloudskills.example.com",
        kind: Kind::Ob3,
    },
    Issuer {
        name: "Lifeline First Aid",
        url: "https://lifeline.example.org",
        kind: Kind::Ob2,
    },
    Issuer {
        name: "DataViz Guild",
        url: "https://dataviz.example.org",
        kind: Kind::Ob3,
    },
    Issuer {
        name: "Open Code School",
        url: "https://opencode.example.org",
        kind: Kind::Ob3,
    },
    Issuer {
        name: "Civic Volunteers Network",
        url: "https://civic.example.org",
        kind: Kind::Ob2,
    },
    Issuer {
        name: "Meridian Language Institute",
        url: "https://meridian.example.com",
        kind: Kind::Ob3,
    },
    Issuer {
        name: "Agile Works",
        url: "https://agileworks.example.com",
        kind: Kind::Ob2,
    },
];

/// One credential to generate.
struct Spec {
    issuer: usize,
    title: String,
    description: String,
    criteria: String,
    skills: Vec<Sk>,
    tags: Vec<&'static str>,
    issued: String,
    until: Option<String>,
    result: Option<(&'static str, String)>,
    evidence: Option<String>,
    related: Vec<String>,
    achievement_id: String,
}

fn slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn spec(
    issuer: usize,
    title: &str,
    criteria: &str,
    skills: &[Sk],
    tags: &[&'static str],
    issued: &str,
    until: Option<&str>,
) -> Spec {
    Spec {
        issuer,
        title: title.to_owned(),
        description: format!("{title}, awarded by {}.", ISSUERS[issuer].name),
        criteria: criteria.to_owned(),
        skills: skills.to_vec(),
        tags: tags.to_vec(),
        issued: issued.to_owned(),
        until: until.map(str::to_owned),
        result: None,
        evidence: None,
        related: Vec::new(),
        achievement_id: format!("{}/achievements/{}", ISSUERS[issuer].url, slug(title)),
    }
}

fn with_result(mut s: Spec, name: &'static str, value: &str) -> Spec {
    s.result = Some((name, value.to_owned()));
    s
}

fn with_evidence(mut s: Spec, narrative: &str) -> Spec {
    s.evidence = Some(narrative.to_owned());
    s
}

fn specs() -> Vec<Spec> {
    let mut v = vec![
        // Northwind University: a data analysis pathway (levels 1-3) and courses.
        with_evidence(
            with_result(
                spec(
                    0,
                    "Data Analysis Level 1",
                    "Clean and summarise a public dataset using spreadsheets and SQL queries. Present descriptive statistics to a panel.",
                    &[DATA_ANALYSIS, SQL_ESCO, ONET_CRITICAL],
                    &["data analysis"],
                    "2024-02-10",
                    None,
                ),
                "Final project",
                "88/100",
            ),
            "Cleaned 40,000 rows of city transit data and found the three routes with the worst delays.",
        ),
        with_result(
            spec(
                0,
                "Data Analysis Level 2",
                "Build a reproducible analysis in Python with pandas and SQL. Write a report with data visualisation of the findings.",
                &[DATA_ANALYSIS, PYTHON_ESCO_CODE, SQL_ESCO, DATAVIZ],
                &["data analysis", "pandas"],
                "2024-09-15",
                None,
            ),
            "SQL and Python capstone",
            "91/100",
        ),
        with_evidence(
            with_result(
                spec(
                    0,
                    "Data Analysis Level 3",
                    "Lead an end-to-end analytics project: SQL extraction, Python modelling, statistics and a dashboard with data visualisation for a real client.",
                    &[
                        DATA_ANALYSIS,
                        PYTHON_ESCO_CODE,
                        SQL_ESCO,
                        DATAVIZ,
                        STATISTICS,
                        ONET_DATA_SCIENTIST,
                        ONET_CRITICAL,
                    ],
                    &["data analysis", "capstone"],
                    "2025-05-20",
                    None,
                ),
                "Client project",
                "Distinction",
            ),
            "Built a churn dashboard for a local library network; their board adopted two of the recommendations.",
        ),
        spec(
            0,
            "Introduction to Statistics",
            "Pass a written exam on probability, distributions and hypothesis tests.",
            &[STATISTICS, ONET_MATHEMATICS],
            &["statistics"],
            "2023-12-01",
            None,
        ),
        spec(
            0,
            "Research Methods",
            "Design a survey study and defend its sampling plan.",
            &[STATISTICS, ONET_CRITICAL],
            &["research"],
            "2023-06-12",
            None,
        ),
        spec(
            0,
            "Academic Writing",
            "Submit three graded essays with a mark of B or better.",
            &[ONET_SPEAKING],
            &["writing"],
            "2023-03-03",
            None,
        ),
        // Coastal Community College (OB 2.0): databases.
        spec(
            1,
            "SQL Fundamentals",
            "Write SELECT, JOIN and GROUP BY queries against a sample retail database. Pass the SQL practical exam.",
            &[SQL_ESCO_LONG],
            &["sql", "databases"],
            "2023-09-30",
            None,
        ),
        spec(
            1,
            "Database Design",
            "Normalise a schema to third normal form and implement it in PostgreSQL.",
            &[SQL_ESCO_LONG, ONET_CRITICAL_URL],
            &["databases", "postgresql"],
            "2024-01-25",
            None,
        ),
        spec(
            1,
            "Spreadsheet Skills",
            "Build a budget model with lookups and pivot tables.",
            &[ONET_MATHEMATICS],
            &["excel", "spreadsheets"],
            "2022-11-11",
            None,
        ),
        spec(
            1,
            "Intro to Programming",
            "Complete ten programming labs in Python.",
            &[ONET_PROGRAMMING],
            &["python", "programming"],
            "2022-05-20",
            None,
        ),
        spec(
            1,
            "Customer Service Excellence",
            "Handle twenty simulated customer calls scored by an assessor.",
            &[ONET_ACTIVE_LISTENING, ONET_SPEAKING],
            &["customer service"],
            "2021-08-14",
            None,
        ),
        // CloudSkills Academy: cloud, one expiring soon, one expired.
        spec(
            2,
            "Cloud Practitioner",
            "Pass the proctored cloud concepts exam.",
            &[CLOUD],
            &["cloud", "aws"],
            "2024-01-10",
            Some("2027-01-10"),
        ),
        spec(
            2,
            "Cloud Data Engineering",
            "Build a pipeline loading data into a cloud warehouse with SQL transforms.",
            &[CLOUD, SQL_ESCO],
            &["cloud", "data engineering"],
            "2022-06-01",
            Some("2025-06-01"),
        ),
        // Lifeline First Aid (OB 2.0): expired and current.
        spec(
            3,
            "First Aid and CPR",
            "Demonstrate CPR and first aid on a manikin under assessment.",
            &[FIRST_AID],
            &["first aid", "cpr"],
            "2022-03-01",
            Some("2025-03-01"),
        ),
        spec(
            3,
            "Mental Health First Aid",
            "Complete the two-day course and the scenario assessment.",
            &[FIRST_AID, ONET_ACTIVE_LISTENING],
            &["mental health"],
            "2025-10-01",
            Some("2028-10-01"),
        ),
        // DataViz Guild.
        with_evidence(
            spec(
                4,
                "Data Visualization with Tableau",
                "Publish three interactive dashboards that follow the Guild's data visualisation checklist.",
                &[DATAVIZ],
                &["tableau", "dashboards"],
                "2024-11-02",
                None,
            ),
            "Published a dashboard of regional housing prices viewed 2,000 times.",
        ),
        spec(
            4,
            "Storytelling with Data",
            "Present a data story to a live audience and answer questions.",
            &[DATAVIZ, ONET_SPEAKING],
            &["presentation"],
            "2025-02-14",
            None,
        ),
        // Open Code School: Python I and II (II names I and a German edition as related).
        spec(
            5,
            "Python Programming I",
            "Solve 30 exercises on variables, loops and functions in Python.",
            &[PYTHON_ESCO, ONET_PROGRAMMING],
            &["python"],
            "2023-04-01",
            None,
        ),
        spec(
            5,
            "Python Programming II",
            "Build a command-line tool in Python with tests and packaging.",
            &[PYTHON_ESCO, ONET_PROGRAMMING],
            &["python", "testing"],
            "2023-10-01",
            None,
        ),
        spec(
            5,
            "Git and Version Control",
            "Collaborate on a shared repository with pull requests and reviews.",
            &[ONET_PROGRAMMING, TEAMWORK],
            &["git"],
            "2023-11-15",
            None,
        ),
        // Civic Volunteers Network (OB 2.0): a bronze/silver/gold volunteer pathway.
        spec(
            6,
            "Volunteer Leader Bronze",
            "Volunteer 50 hours and coordinate one event.",
            &[TEAMWORK],
            &["volunteering", "leadership"],
            "2021-06-01",
            None,
        ),
        spec(
            6,
            "Volunteer Leader Silver",
            "Volunteer 150 hours and coordinate a team of five.",
            &[TEAMWORK, ONET_SPEAKING],
            &["volunteering", "leadership"],
            "2022-06-01",
            None,
        ),
        spec(
            6,
            "Volunteer Leader Gold",
            "Volunteer 300 hours and run a season-long programme.",
            &[TEAMWORK, ONET_SPEAKING],
            &["volunteering", "leadership"],
            "2023-06-01",
            None,
        ),
        // Meridian Language Institute.
        with_result(
            spec(
                7,
                "Spanish B2",
                "Pass the B2 reading, writing, listening and speaking papers.",
                &[SPANISH, ONET_ACTIVE_LISTENING],
                &["languages"],
                "2024-06-30",
                None,
            ),
            "Overall",
            "B2",
        ),
        spec(
            7,
            "Business Spanish",
            "Negotiate a contract in a role-play in Spanish.",
            &[SPANISH, ONET_SPEAKING],
            &["languages"],
            "2025-03-30",
            None,
        ),
        // Agile Works (OB 2.0): one expiring within 90 days.
        spec(
            8,
            "Scrum Fundamentals",
            "Pass the Scrum framework exam and take part in a simulated sprint.",
            &[AGILE, TEAMWORK],
            &["scrum"],
            "2024-12-20",
            Some("2026-12-20"),
        ),
        spec(
            8,
            "Kanban Practitioner",
            "Run a Kanban board for a team for four weeks.",
            &[AGILE],
            &["kanban"],
            "2025-07-01",
            Some("2028-07-01"),
        ),
    ];
    let python1 = v[17].achievement_id.clone();
    v[18].related = vec![
        python1,
        "https://opencode.example.org/achievements/python-programmierung-ii".to_owned(),
    ];
    // Workshops and weekly challenges make up the rest of a lived-in wallet.
    let topics: [(&str, Sk, &str); 6] = [
        ("Excel Pivot Tables", ONET_MATHEMATICS, "excel"),
        ("Public Speaking", ONET_SPEAKING, "presentation"),
        ("Python Weekly Challenge", PYTHON_ESCO, "python"),
        ("SQL Puzzle Night", SQL_ESCO, "sql"),
        ("Team Retrospectives", TEAMWORK, "agile"),
        (
            "Active Listening Lab",
            ONET_ACTIVE_LISTENING,
            "communication",
        ),
    ];
    for i in 0..28 {
        let (topic, skill, tag) = topics[i % topics.len()];
        let issuer = [0, 1, 5, 6, 8][i % 5];
        let title = format!("{topic} Workshop {}", i / topics.len() + 1);
        let month = i % 12 + 1;
        v.push(spec(
            issuer,
            &title,
            &format!("Attend the {topic} workshop and complete its exercise."),
            &[skill],
            &[tag, "workshop"],
            &format!("202{}-{month:02}-15", 1 + i % 5),
            None,
        ));
    }
    v
}

fn alignment(s: &Sk, ob2: bool) -> Value {
    let mut a = json!({ "targetName": s.0, "targetFramework": s.1 });
    if !ob2 {
        a["type"] = json!(["Alignment"]);
    }
    if let Some(code) = s.2 {
        a["targetCode"] = json!(code);
    }
    if let Some(url) = s.3 {
        a["targetUrl"] = json!(url);
    }
    a
}

fn ob3(s: &Spec, n: usize) -> Value {
    let issuer = &ISSUERS[s.issuer];
    let mut achievement = json!({
        "id": s.achievement_id,
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": s.title,
        "description": s.description,
        "criteria": { "narrative": s.criteria },
        "alignment": s.skills.iter().map(|k| alignment(k, false)).collect::<Vec<_>>(),
        "tag": s.tags,
    });
    if !s.related.is_empty() {
        achievement["related"] = s
            .related
            .iter()
            .map(|id| json!({ "id": id, "type": ["Related"] }))
            .collect();
    }
    let mut subject = json!({
        "type": ["AchievementSubject"],
        "identifier": [{ "type": "IdentityObject", "identityHash": LEARNER, "identityType": "emailAddress", "hashed": false }],
        "achievement": achievement,
    });
    if let Some((name, value)) = &s.result {
        subject["result"] =
            json!([{ "type": ["Result"], "resultDescription": name, "value": value }]);
    }
    let mut doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": format!("urn:uuid:00000000-0000-4000-8000-{n:012}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": { "id": issuer.url, "type": ["Profile"], "name": issuer.name },
        "validFrom": format!("{}T09:00:00Z", s.issued),
        "name": s.title,
        "credentialSubject": subject,
    });
    if let Some(until) = &s.until {
        doc["validUntil"] = json!(format!("{until}T00:00:00Z"));
    }
    if let Some(e) = &s.evidence {
        doc["evidence"] = json!([{ "type": ["Evidence"], "narrative": e }]);
    }
    doc
}

fn ob2(s: &Spec, n: usize) -> Value {
    let issuer = &ISSUERS[s.issuer];
    let mut doc = json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": format!("{}/assertions/{n}", issuer.url),
        "recipient": { "type": "email", "identity": LEARNER, "hashed": false },
        "issuedOn": format!("{}T09:00:00Z", s.issued),
        "verification": { "type": "hosted" },
        "badge": {
            "type": "BadgeClass",
            "id": s.achievement_id,
            "name": s.title,
            "description": s.description,
            "criteria": { "narrative": s.criteria },
            "alignment": s.skills.iter().map(|k| alignment(k, true)).collect::<Vec<_>>(),
            "tags": s.tags,
            "issuer": { "type": "Issuer", "id": issuer.url, "name": issuer.name, "url": issuer.url },
        },
    });
    if let Some(until) = &s.until {
        doc["expires"] = json!(format!("{until}T00:00:00Z"));
    }
    if let Some(e) = &s.evidence {
        doc["evidence"] = json!([{ "narrative": e }]);
    }
    doc
}

/// Achievement ids of the CLR's members.
pub const CLR_CERTIFICATE: &str = "urn:uuid:7a1c0000-0000-4000-8000-000000000001";
/// "Statistics 101", a member of the CLR.
pub const CLR_STATISTICS: &str = "urn:uuid:7a1c0000-0000-4000-8000-000000000002";
/// "Spreadsheet Modelling", a member of the CLR.
pub const CLR_SPREADSHEETS: &str = "urn:uuid:7a1c0000-0000-4000-8000-000000000003";
/// "Applied Regression", a member of the CLR.
pub const CLR_REGRESSION: &str = "urn:uuid:7a1c0000-0000-4000-8000-000000000004";
/// "Capstone Seminar", named by an association but not in the CLR (not earned yet).
pub const CLR_CAPSTONE: &str = "urn:uuid:7a1c0000-0000-4000-8000-000000000005";

fn clr_member(id: &str, name: &str, criteria: &str, skills: &[Sk], grade: &str, n: usize) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": format!("urn:uuid:7a1c0000-0000-4000-9000-{n:012}"),
        "type": ["VerifiableCredential", "AchievementCredential"],
        "issuer": { "id": "https://riverside.example.edu", "type": ["Profile"], "name": "Riverside Technical College" },
        "validFrom": "2025-06-30T00:00:00Z",
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": id, "type": ["Achievement"], "achievementType": "Course", "name": name,
                "criteria": { "narrative": criteria },
                "alignment": skills.iter().map(|k| alignment(k, false)).collect::<Vec<_>>(),
            },
            "result": [{ "type": ["Result"], "resultDescription": "Final grade", "value": grade }],
        },
    })
}

/// A CLR 2.0 transcript from a tenth issuer: a certificate that is the parent of three
/// courses, one course preceding another, and a capstone the certificate requires.
pub fn clr() -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:7a1c0000-0000-4000-a000-000000000000",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": { "id": "https://riverside.example.edu", "type": ["Profile"], "name": "Riverside Technical College" },
        "validFrom": "2025-07-01T00:00:00Z",
        "name": "Riverside Technical College Transcript",
        "credentialSubject": {
            "type": ["ClrSubject"],
            "identifier": [{ "type": "IdentityObject", "identityHash": LEARNER, "identityType": "emailAddress", "hashed": false }],
            "verifiableCredential": [
                clr_member(CLR_CERTIFICATE, "Certificate in Business Analytics",
                    "Complete the three core courses and the capstone seminar.", &[DATA_ANALYSIS], "Awarded", 1),
                clr_member(CLR_STATISTICS, "Statistics 101",
                    "Pass the statistics final exam covering regression and sampling.", &[STATISTICS, ONET_MATHEMATICS], "A", 2),
                clr_member(CLR_SPREADSHEETS, "Spreadsheet Modelling",
                    "Build a forecasting model in a spreadsheet.", &[ONET_MATHEMATICS], "B+", 3),
                clr_member(CLR_REGRESSION, "Applied Regression",
                    "Fit and interpret regression models in Python.", &[STATISTICS, PYTHON_ESCO], "A-", 4),
            ],
            "association": [
                { "type": "Association", "associationType": "isParentOf", "sourceId": CLR_CERTIFICATE, "targetId": CLR_STATISTICS },
                { "type": "Association", "associationType": "isParentOf", "sourceId": CLR_CERTIFICATE, "targetId": CLR_SPREADSHEETS },
                { "type": "Association", "associationType": "isParentOf", "sourceId": CLR_CERTIFICATE, "targetId": CLR_CAPSTONE },
                { "type": "Association", "associationType": "precedes", "sourceId": CLR_STATISTICS, "targetId": CLR_REGRESSION },
            ],
        },
    })
}

/// The realistic fixture: file name and JSON document of each credential.
pub fn realistic() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = specs()
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let doc = match ISSUERS[s.issuer].kind {
                Kind::Ob3 => ob3(s, n),
                Kind::Ob2 => ob2(s, n),
            };
            (format!("{n:03}-{}.json", slug(&s.title)), doc)
        })
        .collect();
    out.push(("clr-riverside-transcript.json".to_owned(), clr()));
    out
}

/// `n` credentials in the fixture's shapes, each unique (title, ids and dates vary).
pub fn scaled(n: usize) -> Vec<(String, Value)> {
    let base = specs();
    (0..n)
        .map(|i| {
            let mut s = spec(0, "x", "", &[], &[], "2020-01-01", None);
            let b = &base[i % base.len()];
            s.issuer = b.issuer;
            s.title = format!("{} #{}", b.title, i / base.len() + 1);
            s.description.clone_from(&b.description);
            s.criteria.clone_from(&b.criteria);
            s.skills.clone_from(&b.skills);
            s.tags.clone_from(&b.tags);
            s.issued = format!("20{:02}-{:02}-{:02}", 10 + i % 16, i % 12 + 1, i % 28 + 1);
            s.until = (i % 7 == 0).then(|| format!("20{:02}-{:02}-01", 24 + i % 5, i % 12 + 1));
            s.achievement_id = format!("{}-{i}", b.achievement_id);
            let doc = match ISSUERS[s.issuer].kind {
                Kind::Ob3 => ob3(&s, i),
                Kind::Ob2 => ob2(&s, i),
            };
            (format!("{i:05}.json"), doc)
        })
        .collect()
}

/// Imports documents into the wallet; returns wallet id by title (first found).
pub fn load(wallet: &mut Wallet, docs: &[(String, Value)]) -> HashMap<String, String> {
    let mut ids = HashMap::new();
    for (name, doc) in docs {
        let bytes = serde_json::to_vec_pretty(doc).expect("encode fixture");
        let report = wallet.import_bytes(name, name, bytes);
        assert_eq!(
            report.outcome,
            Outcome::Imported,
            "{name}: {}",
            report.message
        );
        let title = report.titles[0].clone();
        ids.entry(title)
            .or_insert_with(|| report.credentials[0].clone());
    }
    ids
}
