//! Skills across issuers: extracted from alignments, tags, criteria and results, normalised so
//! the same skill from two issuers is one skill, each with its evidence. The learner's renames,
//! merges and hides ([`overrides`]) are applied on top and survive re-imports.
//!
//! Built on this: interview preparation ([`prep`]) and job-posting match ([`posting`]).
//! Everything is deterministic and works from the wallet alone, without the network.

pub(crate) mod extract;
pub mod normalise;
pub mod overrides;
pub mod posting;
pub mod prep;

use crate::error::{Error, Result};
use crate::wallet::Wallet;
use serde::Serialize;
use std::collections::HashSet;
use ts_rs::TS;

/// Where a credential's claim to a skill comes from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSource {
    /// The achievement aligns to the skill in a framework.
    Alignment,
    /// A result the learner obtained names the skill.
    Result,
    /// The criteria the learner met name the skill.
    Criteria,
    /// The achievement is tagged with the skill.
    Tag,
}

impl EvidenceSource {
    /// How much this source weighs when ranking credentials.
    pub fn weight(self) -> u32 {
        match self {
            Self::Alignment => 4,
            Self::Result => 3,
            Self::Criteria => 2,
            Self::Tag => 1,
        }
    }
}

/// A skill's code in a framework.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
pub struct FrameworkCode {
    /// The framework (ESCO, O*NET, ...), as the issuer named it.
    pub framework: Option<String>,
    /// The code, when given.
    pub code: Option<String>,
    /// The skill's URL in the framework, when given.
    pub url: Option<String>,
}

/// One credential's evidence for a skill.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SkillEvidence {
    /// The wallet id of the credential.
    pub credential: String,
    /// The achievement that shows the skill (the credential's title, or a CLR member's name).
    pub title: String,
    /// The title of the CLR the achievement is listed in, when it is a CLR member.
    pub via: Option<String>,
    /// Who issued it.
    pub issuer: Option<String>,
    /// When it was issued (RFC 3339).
    pub issued_on: Option<String>,
    /// Until when it is valid (RFC 3339).
    pub valid_until: Option<String>,
    /// Where the claim comes from, strongest first.
    pub sources: Vec<EvidenceSource>,
    /// The criteria met, in words.
    pub criteria: Option<String>,
    /// Results obtained ("Final exam: 92").
    pub results: Vec<String>,
    /// Evidence narratives attached to the credential.
    pub narratives: Vec<String>,
}

impl SkillEvidence {
    /// The strongest source's weight.
    pub fn weight(&self) -> u32 {
        self.sources.iter().map(|s| s.weight()).max().unwrap_or(0)
    }

    /// How strongly this evidence shows the skill: the strongest source first, then how many
    /// sources agree, then whether results and narratives back it.
    pub fn strength(&self) -> u32 {
        let backed = u32::from(!self.results.is_empty()) + u32::from(!self.narratives.is_empty());
        self.weight() * 100 + (self.sources.len() as u32) * 10 + backed
    }
}

/// A skill the wallet can evidence.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Skill {
    /// The stable key the learner's choices are stored under (`esco:skill/...`,
    /// `onet:15-2051.00`, `name:data analysis`).
    pub key: String,
    /// The name shown (the learner's rename, or the most common name issuers use).
    pub name: String,
    /// Every other name issuers use for it.
    pub aliases: Vec<String>,
    /// Its codes in frameworks.
    pub codes: Vec<FrameworkCode>,
    /// The issuers that vouch for it, A to Z.
    pub issuers: Vec<String>,
    /// Its evidence, strongest and newest first.
    pub evidence: Vec<SkillEvidence>,
    /// Whether the learner hid it.
    pub hidden: bool,
    /// The learner's note on it.
    pub note: Option<String>,
    /// Every key merged into this skill (its own first).
    pub keys: Vec<String>,
}

impl Skill {
    /// The wallet ids of the credentials that evidence it.
    pub fn credential_ids(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        self.evidence
            .iter()
            .filter(|e| seen.insert(e.credential.clone()))
            .map(|e| e.credential.clone())
            .collect()
    }

    /// Every name it goes by, normalised, with their singular forms.
    pub fn phrases(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in std::iter::once(&self.name).chain(&self.aliases) {
            let mut names = vec![name.as_str()];
            if let Some(base) = normalise::base_name(name) {
                names.push(base);
            }
            for n in names {
                let w = normalise::words(n);
                let us = normalise::spelling(&w);
                let s = normalise::singular(&us);
                for p in [w, us, s] {
                    if !p.is_empty() && !out.contains(&p) {
                        out.push(p);
                    }
                }
            }
        }
        out
    }
}

/// Every skill in the wallet, with the learner's overrides applied.
#[derive(Debug, Clone, Default)]
pub struct SkillSet {
    /// The skills, most evidenced first (hidden ones included, flagged).
    pub skills: Vec<Skill>,
}

impl SkillSet {
    /// Builds the skill set of the whole wallet.
    pub fn build(wallet: &Wallet) -> Result<Self> {
        extract::build(wallet)
    }

    /// Finds a skill by key, name, alias or framework code (case and spacing ignored).
    pub fn find(&self, query: &str) -> Option<&Skill> {
        let q = query.trim();
        let w = normalise::words(q);
        let s = normalise::singular(&w);
        let lower = q.to_lowercase();
        self.skills
            .iter()
            .find(|k| k.keys.contains(&lower))
            .or_else(|| {
                self.skills.iter().find(|k| {
                    k.codes.iter().any(|c| {
                        c.code.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(q))
                            || c.url.as_deref() == Some(q)
                    })
                })
            })
            .or_else(|| {
                self.skills.iter().find(|k| {
                    std::iter::once(&k.name)
                        .chain(&k.aliases)
                        .any(|n| normalise::words(n) == w)
                })
            })
            .or_else(|| {
                self.skills
                    .iter()
                    .find(|k| k.phrases().iter().any(|p| *p == w || *p == s))
            })
    }

    /// Like [`SkillSet::find`], but an error naming the skill when there is none.
    pub fn get(&self, query: &str) -> Result<&Skill> {
        self.find(query).ok_or_else(|| {
            Error::not_found(format!(
                "no skill '{query}' in the wallet (see `cairn skills`)"
            ))
        })
    }

    /// The skills evidenced by the given credentials only, with only that evidence.
    pub fn restricted_to(&self, credentials: &HashSet<String>) -> Self {
        let skills: Vec<Skill> = self
            .skills
            .iter()
            .filter_map(|skill| {
                let evidence: Vec<SkillEvidence> = skill
                    .evidence
                    .iter()
                    .filter(|e| credentials.contains(&e.credential))
                    .cloned()
                    .collect();
                if evidence.is_empty() {
                    return None;
                }
                let mut issuers: Vec<String> =
                    evidence.iter().filter_map(|e| e.issuer.clone()).collect();
                issuers.sort();
                issuers.dedup();
                Some(Skill {
                    evidence,
                    issuers,
                    ..skill.clone()
                })
            })
            .collect();
        let mut set = Self { skills };
        set.sort();
        set
    }

    /// Orders skills: most credentials first, then the strongest evidence (alignment before
    /// tag), then name.
    pub(crate) fn sort(&mut self) {
        self.skills.sort_by_cached_key(|s| {
            (
                std::cmp::Reverse(s.credential_ids().len()),
                std::cmp::Reverse(s.evidence.iter().map(SkillEvidence::weight).max()),
                s.name.to_lowercase(),
            )
        });
    }

    /// The visible skills (not hidden by the learner).
    pub fn visible(&self) -> Vec<&Skill> {
        self.skills.iter().filter(|s| !s.hidden).collect()
    }
}

/// The skills of the wallet, or of one portfolio's credentials, hidden ones only when
/// `include_hidden`.
pub fn skills(
    wallet: &Wallet,
    portfolio: Option<&str>,
    include_hidden: bool,
) -> Result<Vec<Skill>> {
    let mut set = SkillSet::build(wallet)?;
    if let Some(p) = portfolio {
        let shown = crate::portfolio::show(wallet, p)?;
        let ids: HashSet<String> = shown.credential_ids().into_iter().collect();
        set = set.restricted_to(&ids);
    }
    Ok(set
        .skills
        .into_iter()
        .filter(|s| include_hidden || !s.hidden)
        .collect())
}
