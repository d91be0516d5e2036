//! Turning the fixture's specs into Open Badges 3.0, 2.0 and CLR 2.0 JSON documents.

use super::LEARNER;
use super::specs::*;
use serde_json::{Value, json};

pub fn alignment(s: &Sk, ob2: bool) -> Value {
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

pub fn ob3(s: &Spec, n: usize) -> Value {
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

/// Who an OB 2.0 badge is issued to: the learner, hashed with a salt for one badge, and
/// someone else for another (a badge a friend shared).
pub fn recipient(title: &str) -> Value {
    match title {
        "Customer Service Excellence" => json!({
            "type": "email", "hashed": true, "salt": "s4lt",
            "identity": format!("sha256${}", cairn::model::sha256_hex(format!("{LEARNER}s4lt").as_bytes())),
        }),
        "Spreadsheet Skills" => {
            json!({ "type": "email", "identity": OTHER_PERSON, "hashed": false })
        }
        _ => json!({ "type": "email", "identity": LEARNER, "hashed": false }),
    }
}

/// Someone else, to whom one of the fixture's badges is issued.
pub const OTHER_PERSON: &str = "alex.kim@example.org";

pub fn ob2(s: &Spec, n: usize) -> Value {
    let issuer = &ISSUERS[s.issuer];
    let mut doc = json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": format!("{}/assertions/{n}", issuer.url),
        "recipient": recipient(&s.title),
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

pub fn clr_member(
    id: &str,
    name: &str,
    criteria: &str,
    skills: &[Sk],
    grade: &str,
    n: usize,
) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": format!("urn:uuid:7a1c0000-0000-4000-9000-{n:012}"),
        "type": ["VerifiableCredential", "AchievementCredential"],
        "issuer": { "id": "https://riverside.example.edu", "type": ["Profile"], "name": "Riverside Technical College" },
        "validFrom": "2025-06-30T00:00:00Z",
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{ "type": "IdentityObject", "identityHash": LEARNER, "identityType": "emailAddress", "hashed": false }],
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
