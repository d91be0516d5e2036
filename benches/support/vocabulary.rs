//! The words the benchmark corpus (`corpus.rs`) draws from: issuers, skills with their ESCO and
//! O*NET codes, title parts and learners. Data only; the choices are made in `corpus.rs`.

pub(super) const ISSUER_NAMES: [(&str, &str, &str); super::ISSUERS] = [
    (
        "Coastal Community College",
        "https://coastal.example.edu",
        "A public community college offering workforce certificates and associate degrees.",
    ),
    (
        "Northfield Institute of Technology",
        "https://northfield-tech.example.edu",
        "Engineering and computing programmes with industry-recognised micro-credentials.",
    ),
    (
        "Open Data Guild",
        "https://opendata-guild.example.org",
        "A professional association for data practitioners.",
    ),
    (
        "Riverside Health Academy",
        "https://riverside-health.example.org",
        "Clinical and first-response training for health and care workers.",
    ),
    (
        "Summit Project Leaders",
        "https://summit-pl.example.com",
        "Project management and agile delivery training.",
    ),
    (
        "GreenBuild Trades Alliance",
        "https://greenbuild.example.org",
        "Apprenticeships and skills badges for sustainable construction trades.",
    ),
];

/// (skill, ESCO or O*NET framework, code, URL)
pub(super) const SKILLS: &[(&str, &str, &str, &str)] = &[
    (
        "Python programming",
        "ESCO",
        "S1.2.1",
        "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
    ),
    (
        "SQL databases",
        "ESCO",
        "S5.6.1",
        "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742",
    ),
    (
        "data analysis",
        "O*NET",
        "2.A.2.b",
        "https://www.onetonline.org/find/descriptor/result/2.A.2.b",
    ),
    (
        "teamwork",
        "ESCO",
        "T2.1",
        "http://data.europa.eu/esco/skill/b04a5a9e-7a52-4e5e-9ab4-6fcd6a6d5fe0",
    ),
    (
        "project management",
        "O*NET",
        "2.B.5.d",
        "https://www.onetonline.org/find/descriptor/result/2.B.5.d",
    ),
    (
        "first aid",
        "ESCO",
        "S3.3.2",
        "http://data.europa.eu/esco/skill/9de6a0b0-3b2f-4a2e-8b7a-2a1f0b4c0d11",
    ),
    (
        "electrical wiring",
        "ESCO",
        "S6.4.1",
        "http://data.europa.eu/esco/skill/6c1a5b0e-9a0f-4d7e-a3b3-0f8e2f5c6a21",
    ),
    (
        "customer service",
        "O*NET",
        "2.B.1.f",
        "https://www.onetonline.org/find/descriptor/result/2.B.1.f",
    ),
    (
        "cloud computing",
        "ESCO",
        "S5.1.3",
        "http://data.europa.eu/esco/skill/7e4bdb4a-1b9a-4a3e-8a8e-b3c7e7d6a5f0",
    ),
    (
        "technical writing",
        "O*NET",
        "2.A.1.c",
        "https://www.onetonline.org/find/descriptor/result/2.A.1.c",
    ),
    (
        "energy efficiency",
        "ESCO",
        "S6.9.2",
        "http://data.europa.eu/esco/skill/2f1e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
    ),
    (
        "critical thinking",
        "O*NET",
        "2.A.2.a",
        "https://www.onetonline.org/find/descriptor/result/2.A.2.a",
    ),
];

pub(super) const LEVELS: &[&str] = &["Foundations of", "Applied", "Advanced", "Professional"];
pub(super) const FORMS: &[&str] = &["Certificate", "Badge", "Micro-credential", "Course"];
pub(super) const ACHIEVEMENT_TYPES: &[&str] =
    &["Certificate", "Badge", "Course", "MicroCredential"];
pub(super) const LEARNERS: &[&str] = &[
    "alex.kim",
    "sam.okafor",
    "maria.garcia",
    "li.wei",
    "noor.haddad",
    "jonas.berg",
];
