//! A realistic fixture wallet, generated: 56 credentials from 10 issuers (Open Badges 3.0 and
//! 2.0), alignments to ESCO skills and O*NET elements and occupations, a CLR 2.0 transcript with
//! associations, OB 3.0 `related` achievements, same-issuer pathways, expired and expiring
//! credentials. [`scaled`] repeats the shapes to any size for the benchmark.
//!
//! All dates are judged against [`AS_OF`].

#![allow(dead_code, unused_imports)]

use cairn::wallet::{Outcome, Wallet};
use serde_json::Value;
use std::collections::HashMap;

/// The moment expiry is judged at in tests using this fixture.
pub const AS_OF: &str = "2026-11-23T12:00:00Z";

/// The learner every credential is issued to.
pub const LEARNER: &str = "sam.rivera@example.org";

mod documents;
mod specs;

pub use documents::{
    CLR_CAPSTONE, CLR_CERTIFICATE, CLR_REGRESSION, CLR_SPREADSHEETS, CLR_STATISTICS, OTHER_PERSON,
    clr,
};
use documents::{ob2, ob3};
use specs::{ISSUERS, Kind, slug, spec, specs};

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

/// Imports documents into the wallet; returns wallet id by title (first found), CLR members
/// included.
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
        for (title, id) in report.titles.iter().zip(&report.credentials) {
            ids.entry(title.clone()).or_insert_with(|| id.clone());
        }
    }
    ids
}
