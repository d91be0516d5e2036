//! Job-posting match: which skills a posting asks for that the wallet can evidence, which
//! credentials to present (ranked), and which asked-for skills the wallet lacks. The posting is
//! read as plain text; nothing leaves the machine.

use super::normalise::{self, contains_phrase, padded, singular, words};
use super::{Skill, SkillSet};
use crate::error::{Error, Result};
use crate::library::Validity;
use crate::portfolio::goal::{Goal, Requirement};
use crate::wallet::Wallet;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// Largest posting read, in bytes.
pub const MAX_POSTING_BYTES: usize = 256 * 1024;

/// A skill the posting asks for that the wallet evidences.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MatchedSkill {
    /// The skill's name in the wallet.
    pub skill: String,
    /// Its key.
    pub key: String,
    /// The words of the posting that asked for it.
    pub found_as: String,
    /// The wallet ids of the credentials that evidence it.
    pub credentials: Vec<String>,
}

/// A credential worth presenting, with why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RankedCredential {
    /// The wallet id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its issuer.
    pub issuer: Option<String>,
    /// How well it answers the posting (higher is better).
    pub score: u32,
    /// The asked-for skills it evidences.
    pub skills: Vec<String>,
    /// Where it stands with respect to its end of validity (expired ones rank lower).
    pub validity: Validity,
    /// What it is when it is not current: "Expired on …", or "Revoked" / "Not genuine" when
    /// the learner included it despite its verdict (see [`crate::standing`]).
    pub label: Option<String>,
}

/// The result of matching a posting against the wallet.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PostingMatch {
    /// The posting's first line (usually the job title).
    pub title: String,
    /// Asked-for skills the wallet evidences.
    pub matched: Vec<MatchedSkill>,
    /// Credentials to present, best first.
    pub ranked: Vec<RankedCredential>,
    /// Asked-for skills the wallet has no evidence for.
    pub gaps: Vec<String>,
    /// Credentials that evidence an asked-for skill but were left out for their verdict
    /// (revoked, not genuine, not yet valid), with why.
    pub left_out: Vec<crate::standing::LeftOut>,
}

/// British and American spellings meet, on text padded with spaces.
fn spelling(text: &str) -> String {
    normalise::spelling(text)
}

const LEAD_INS: &[&str] = &[
    "hands on experience with",
    "hands on experience in",
    "working knowledge of",
    "demonstrated experience with",
    "demonstrated experience in",
    "proven experience with",
    "proven experience in",
    "experience working with",
    "experience with",
    "experience in",
    "experience using",
    "proficiency with",
    "proficiency in",
    "proficient with",
    "proficient in",
    "knowledge of",
    "familiarity with",
    "familiar with",
    "understanding of",
    "expertise in",
    "skilled in",
    "skills in",
    "background in",
    "ability to",
    "able to",
    "strong",
    "solid",
    "excellent",
    "good",
    "advanced",
    "basic",
    "must have",
    "nice to have",
    "a plus",
    "bonus",
    "preferred",
    "required",
    "including",
    "such as",
    "e g",
    "eg",
    "plus",
    "ideally",
    "tools like",
    "years of",
    "year of",
    "years",
    "year",
    "you have",
    "you are",
    "we want",
    "at least",
];

const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "with",
    "for",
    "on",
    "our",
    "your",
    "we",
    "you",
    "is",
    "are",
    "be",
    "will",
    "as",
    "at",
    "by",
    "team",
    "role",
    "work",
    "etc",
    "other",
    "tool",
    "tools",
    "skill",
    "skills",
    "experience",
    "knowledge",
    "related",
    "field",
    "similar",
    "equivalent",
    "degree",
    "responsibilities",
    "requirements",
    "qualifications",
    "what",
];

/// Phrases the posting asks for: requirement bullets and "experience with X, Y and Z" lists,
/// cut into short phrases without lead-ins.
pub fn asked_phrases(posting: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in posting.lines() {
        let trimmed = line.trim();
        let bullet = trimmed.starts_with(['-', '*', '•', '·'])
            || trimmed.split_once(['.', ')']).is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit())
            });
        let lower = trimmed.to_lowercase();
        let asks = [
            "experience",
            "knowledge",
            "proficien",
            "familiar",
            "skills in",
            "ability",
        ]
        .iter()
        .any(|w| lower.contains(w));
        if !bullet && !asks {
            continue;
        }
        for part in trimmed.split([',', ';', '/', '(', ')', ':', '.', '•']) {
            let w = words(part);
            let pieces: Vec<&str> = w.split(" and ").flat_map(|p| p.split(" or ")).collect();
            for piece in pieces {
                let mut p = format!(" {piece} ");
                let mut changed = true;
                while changed {
                    changed = false;
                    for lead in LEAD_INS {
                        let pat = format!(" {lead} ");
                        if p.contains(&pat) {
                            p = p.replace(&pat, " ");
                            changed = true;
                        }
                    }
                }
                let kept: Vec<&str> = p
                    .split_whitespace()
                    .filter(|t| !t.chars().all(|c| c.is_ascii_digit() || c == '+'))
                    .collect();
                let first = kept.iter().position(|t| !STOP.contains(t));
                let last = kept.iter().rposition(|t| !STOP.contains(t));
                let (Some(a), Some(b)) = (first, last) else {
                    continue;
                };
                let phrase = kept[a..=b].join(" ");
                let n = b - a + 1;
                if (1..=4).contains(&n) && phrase.len() >= 2 && !out.contains(&phrase) {
                    out.push(phrase);
                }
            }
        }
    }
    out
}

fn found_in(posting: &str, skill: &Skill) -> Option<String> {
    let mut phrases: Vec<String> = skill
        .phrases()
        .into_iter()
        .map(|p| spelling(&p))
        .filter(|p| p.chars().count() >= 2)
        .collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    if let Some(p) = phrases.iter().find(|p| contains_phrase(posting, p)) {
        return Some(p.clone());
    }
    skill.codes.iter().find_map(|c| {
        let code = c.code.as_deref()?.trim().to_lowercase();
        (code.len() >= 4 && posting.contains(&format!(" {} ", words(&code)))).then_some(code)
    })
}

/// What of an asked-for phrase the wallet does not cover: the whole phrase when no skill
/// occurs in it, what is left once the skills it names are taken out ("power bi dashboard"
/// with dashboards evidenced leaves "power bi"), or nothing. A single leftover modifier
/// ("relational") is not a gap.
fn uncovered(phrase: &str, covered: &[String]) -> Option<String> {
    let mut rest = format!(" {} ", spelling(phrase));
    for c in covered.iter().filter(|c| !c.is_empty()) {
        for form in [format!(" {c} "), format!(" {c}s ")] {
            while rest.contains(&form) {
                rest = rest.replace(&form, " ");
            }
        }
    }
    let left: Vec<&str> = rest
        .split_whitespace()
        .filter(|w| !STOP.contains(w))
        .collect();
    let whole = left.join(" ") == spelling(phrase);
    match left.as_slice() {
        [] => None,
        _ if whole => Some(phrase.to_owned()),
        [one] => {
            let modifier = ["al", "ive", "ed", "ing", "ful", "ous", "ic", "ly"]
                .iter()
                .any(|end| one.ends_with(end));
            (one.len() >= 3 && !modifier).then(|| (*one).to_owned())
        }
        more => Some(more.join(" ")),
    }
}

/// What ranking needs of a credential, read from the listing index (not the stored JSON).
struct Listed {
    title: String,
    issuer: Option<String>,
    issued_on: Option<String>,
    valid_until: Option<String>,
}

fn listing(wallet: &Wallet) -> Result<HashMap<String, Listed>> {
    let mut stmt = wallet.conn().prepare_cached(
        "SELECT id, title, issuer_name, issued_on, valid_until
         FROM credential INDEXED BY credential_listing",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Listed {
                    title: r.get(1)?,
                    issuer: r.get(2)?,
                    issued_on: r.get(3)?,
                    valid_until: r.get(4)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(rows)
}

/// Matches a posting against the wallet, judging validity now.
pub fn match_posting(wallet: &Wallet, posting: &str) -> Result<PostingMatch> {
    match_posting_as_of(wallet, posting, Utc::now())
}

/// Matches a posting against the wallet, judging validity at `now`, with only the credentials
/// [`crate::standing`] allows.
pub fn match_posting_as_of(
    wallet: &Wallet,
    posting: &str,
    now: DateTime<Utc>,
) -> Result<PostingMatch> {
    match_posting_with(wallet, posting, now, false)
}

/// Matches a posting against the wallet, judging validity at `now`. Credentials withheld for
/// their verdict are left out (and listed) unless `include_invalid`, and then labelled.
pub fn match_posting_with(
    wallet: &Wallet,
    posting: &str,
    now: DateTime<Utc>,
    include_invalid: bool,
) -> Result<PostingMatch> {
    if posting.len() > MAX_POSTING_BYTES {
        return Err(Error::new(
            crate::error::ErrorCode::TooLarge,
            format!("the posting is larger than {} KB", MAX_POSTING_BYTES / 1024),
        ));
    }
    if posting.trim().is_empty() {
        return Err(Error::invalid("the posting is empty"));
    }
    let text = spelling(&padded(posting));
    let full = SkillSet::build(wallet)?;
    let standings = crate::standing::all(wallet, now)?;
    let allowed: std::collections::HashSet<String> = standings
        .values()
        .filter(|s| s.allowed(include_invalid))
        .map(|s| s.id.clone())
        .collect();
    let mut left_out: Vec<crate::standing::LeftOut> = Vec::new();
    for skill in full.visible() {
        if found_in(&text, skill).is_none() {
            continue;
        }
        for e in &skill.evidence {
            if let Some(s) = standings.get(&e.credential)
                && !allowed.contains(&s.id)
                && !left_out.iter().any(|l| l.id == s.id)
            {
                left_out.push(crate::standing::LeftOut {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    reason: s.left_out_reason().unwrap_or("withheld").to_owned(),
                });
            }
        }
    }
    let set = full.restricted_to(&allowed);
    let mut matched = Vec::new();
    let mut scores: BTreeMap<String, (u32, Vec<String>)> = BTreeMap::new();
    for skill in set.visible() {
        let Some(found_as) = found_in(&text, skill) else {
            continue;
        };
        for e in &skill.evidence {
            let entry = scores.entry(e.credential.clone()).or_default();
            entry.0 += e.weight() * 10;
            if !entry.1.contains(&skill.name) {
                entry.1.push(skill.name.clone());
            }
        }
        matched.push(MatchedSkill {
            skill: skill.name.clone(),
            key: skill.key.clone(),
            found_as,
            credentials: skill.credential_ids(),
        });
    }
    let all = listing(wallet)?;
    let mut ranked: Vec<RankedCredential> = scores
        .into_iter()
        .filter_map(|(id, (mut score, skills))| {
            let c = all.get(&id)?;
            let title_words = words(&c.title);
            score += title_words
                .split(' ')
                .filter(|w| w.len() >= 4 && !STOP.contains(w))
                .filter(|w| contains_phrase(&text, &spelling(w)))
                .count() as u32
                * 3;
            let validity = Validity::of(c.valid_until.as_deref(), now);
            if validity == Validity::Expired {
                score /= 2;
            }
            let label = standings
                .get(&id)
                .and_then(crate::standing::CredentialStanding::label);
            Some(RankedCredential {
                id,
                title: c.title.clone(),
                issuer: c.issuer.clone(),
                score,
                skills,
                validity,
                label,
            })
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| b.skills.len().cmp(&a.skills.len()))
            .then_with(|| {
                let date = |r: &RankedCredential| all.get(&r.id).and_then(|c| c.issued_on.clone());
                date(b).cmp(&date(a))
            })
            .then_with(|| a.title.cmp(&b.title))
    });
    let mut covered: Vec<String> = matched
        .iter()
        .map(|m| m.found_as.clone())
        .chain(set.visible().iter().flat_map(|s| s.phrases()))
        .flat_map(|p| {
            let us = spelling(&p);
            [singular(&us), us]
        })
        .collect();
    covered.sort_by_key(|c| std::cmp::Reverse(c.len()));
    covered.dedup();
    let mut gaps: Vec<String> = Vec::new();
    for phrase in asked_phrases(posting) {
        if let Some(gap) = uncovered(&phrase, &covered)
            && !gaps.contains(&gap)
        {
            gaps.push(gap);
        }
    }
    let title = posting
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .chars()
        .take(120)
        .collect();
    Ok(PostingMatch {
        title,
        matched,
        ranked,
        gaps,
        left_out,
    })
}

/// Creates a portfolio from a match in one step: the `limit` best-ranked credentials, and a
/// goal of every asked-for skill (the gaps show as missing). Returns the portfolio's number.
pub fn create_portfolio(
    wallet: &mut Wallet,
    name: &str,
    found: &PostingMatch,
    limit: usize,
) -> Result<i64> {
    let credentials: Vec<String> = found
        .ranked
        .iter()
        .take(limit)
        .map(|r| r.id.clone())
        .collect();
    let requirements: Vec<Requirement> = found
        .matched
        .iter()
        .map(|m| Requirement::Skill(m.skill.clone()))
        .chain(found.gaps.iter().map(|g| Requirement::Skill(g.clone())))
        .collect();
    let goal = (!requirements.is_empty()).then_some(Goal {
        requirements,
        at_least: None,
    });
    let purpose = format!("Application: {}", found.title);
    crate::portfolio::create_with(wallet, name, Some(&purpose), &credentials, goal.as_ref())
}
