//! Interview preparation: for a skill or a portfolio, a summary a person can read before an
//! interview: what they can do, the credentials that prove it, the criteria met, the results,
//! and talking points in Situation–Task–Action–Result form, with the learner's own notes.
//! Built only from the wallet's data.

use super::{Skill, SkillEvidence, SkillSet};
use crate::error::{Error, Result};
use crate::library::annotations::all_notes;
use crate::wallet::Wallet;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use ts_rs::TS;

/// A talking point in Situation–Task–Action–Result form.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TalkingPoint {
    /// The wallet id of the credential it is built from.
    pub credential: String,
    /// The achievement it is about.
    pub title: String,
    /// Where and when.
    pub situation: String,
    /// What had to be done (from the criteria).
    pub task: String,
    /// What the learner did (from evidence narratives and the criteria).
    pub action: String,
    /// What came of it (results, the award).
    pub result: String,
    /// The learner's own note on the credential.
    pub note: Option<String>,
    /// What the credential is when it is not current: "Expired on …", or "Revoked" / "Not
    /// genuine" when the learner included it despite its verdict.
    pub label: Option<String>,
}

/// One skill, prepared.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PrepSkill {
    /// The skill's name.
    pub name: String,
    /// Its key.
    pub key: String,
    /// One paragraph: what the learner can do and what proves it.
    pub summary: String,
    /// The evidence, strongest first.
    pub evidence: Vec<SkillEvidence>,
    /// Talking points, one per credential.
    pub talking_points: Vec<TalkingPoint>,
    /// The learner's note on the skill.
    pub note: Option<String>,
}

/// A preparation sheet.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PrepSummary {
    /// What it prepares for (a skill's or a portfolio's name).
    pub title: String,
    /// The portfolio's purpose, when preparing a portfolio.
    pub purpose: Option<String>,
    /// The skills, most evidenced first.
    pub skills: Vec<PrepSkill>,
    /// Credentials that evidence these skills but were left out for their verdict, with why.
    pub left_out: Vec<crate::standing::LeftOut>,
}

fn first_sentence(text: &str) -> (&str, &str) {
    let text = text.trim();
    match text.find(". ").or_else(|| text.find('\n')) {
        Some(i) => (text[..=i].trim(), text[i + 1..].trim()),
        None => (text, ""),
    }
}

fn month(date: Option<&str>) -> Option<String> {
    let d = chrono::DateTime::parse_from_rfc3339(date?).ok()?;
    Some(d.format("%B %Y").to_string())
}

fn talking_point(e: &SkillEvidence, skill: &str, note: Option<&String>) -> TalkingPoint {
    let issuer = e.issuer.as_deref().unwrap_or("the issuer");
    let when = month(e.issued_on.as_deref())
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    let via = e
        .via
        .as_deref()
        .map(|v| format!(", part of {v}"))
        .unwrap_or_default();
    let situation = format!("Earning \"{}\" from {issuer}{when}{via}.", e.title);
    let (task, rest) = e
        .criteria
        .as_deref()
        .map(first_sentence)
        .unwrap_or(("", ""));
    let task = if task.is_empty() {
        format!(
            "Meet {issuer}'s requirements for \"{}\", using {skill}.",
            e.title
        )
    } else {
        task.to_owned()
    };
    let action = if let Some(n) = e.narratives.first() {
        n.trim().to_owned()
    } else if !rest.is_empty() {
        rest.to_owned()
    } else {
        format!("Applied {skill} in the work {issuer} assessed.")
    };
    let awarded = match &e.issued_on {
        Some(d) => format!("Awarded \"{}\" on {}", e.title, d.get(..10).unwrap_or(d)),
        None => format!("Awarded \"{}\"", e.title),
    };
    let result = if e.results.is_empty() {
        format!("{awarded}.")
    } else {
        format!("{}. {awarded}.", e.results.join("; "))
    };
    TalkingPoint {
        credential: e.credential.clone(),
        title: e.title.clone(),
        situation,
        task,
        action,
        result,
        note: note.cloned(),
        label: None,
    }
}

fn prep_skill_from(skill: &Skill, notes: &HashMap<String, String>) -> PrepSkill {
    let credentials = skill.credential_ids();
    let titles: Vec<String> = skill
        .evidence
        .iter()
        .map(|e| format!("\"{}\"", e.title))
        .collect::<Vec<_>>();
    let mut unique_titles: Vec<String> = Vec::new();
    for t in titles {
        if !unique_titles.contains(&t) {
            unique_titles.push(t);
        }
    }
    let codes: Vec<String> = skill
        .codes
        .iter()
        .filter_map(|c| {
            let code = c.code.clone().or_else(|| c.url.clone())?;
            Some(match &c.framework {
                Some(f) => format!("{f} {code}"),
                None => code,
            })
        })
        .collect();
    let mut summary = format!(
        "You can show {}: {} credential{} from {} issuer{} ({}) prove it: {}.",
        skill.name,
        credentials.len(),
        if credentials.len() == 1 { "" } else { "s" },
        skill.issuers.len(),
        if skill.issuers.len() == 1 { "" } else { "s" },
        skill.issuers.join(", "),
        unique_titles.join(", ")
    );
    if !codes.is_empty() {
        let _ = write!(summary, " Framework codes: {}.", codes.join(", "));
    }
    let mut seen = HashSet::new();
    let talking_points = skill
        .evidence
        .iter()
        .filter(|e| seen.insert((e.credential.clone(), e.title.clone())))
        .map(|e| talking_point(e, &skill.name, notes.get(&e.credential)))
        .collect();
    PrepSkill {
        name: skill.name.clone(),
        key: skill.key.clone(),
        summary,
        evidence: skill.evidence.clone(),
        talking_points,
        note: skill.note.clone(),
    }
}

/// Every credential's standing, by wallet id.
type Standings = HashMap<String, crate::standing::CredentialStanding>;

/// `set` restricted to what [`crate::standing`] allows, `set` itself, and every standing.
fn obeying(
    set: SkillSet,
    wallet: &Wallet,
    include_invalid: bool,
) -> Result<(SkillSet, SkillSet, Standings)> {
    let standings = crate::standing::all(wallet, chrono::Utc::now())?;
    let allowed: HashSet<String> = standings
        .values()
        .filter(|s| s.allowed(include_invalid))
        .map(|s| s.id.clone())
        .collect();
    let kept = set.restricted_to(&allowed);
    Ok((kept, set, standings))
}

/// The credentials evidencing `skills` (of the full set) that were not allowed.
fn left_out_of<'a>(
    skills: impl IntoIterator<Item = &'a Skill>,
    standings: &HashMap<String, crate::standing::CredentialStanding>,
    include_invalid: bool,
) -> Vec<crate::standing::LeftOut> {
    let mut out: Vec<crate::standing::LeftOut> = Vec::new();
    for skill in skills {
        for e in &skill.evidence {
            if let Some(s) = standings.get(&e.credential)
                && !s.allowed(include_invalid)
                && !out.iter().any(|l| l.id == s.id)
            {
                out.push(crate::standing::LeftOut {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    reason: s.left_out_reason().unwrap_or("withheld").to_owned(),
                });
            }
        }
    }
    out
}

/// Labels each talking point whose credential is not current.
fn label_points(
    mut prep: PrepSkill,
    standings: &HashMap<String, crate::standing::CredentialStanding>,
) -> PrepSkill {
    for t in &mut prep.talking_points {
        t.label = standings
            .get(&t.credential)
            .and_then(crate::standing::CredentialStanding::label);
    }
    prep
}

/// Prepares one skill (by name, alias, key or framework code), from the credentials
/// [`crate::standing`] allows.
pub fn prep_skill(wallet: &Wallet, skill: &str) -> Result<PrepSummary> {
    prep_skill_with(wallet, skill, false)
}

/// Prepares one skill; credentials withheld for their verdict are left out (and listed) unless
/// `include_invalid`, and then labelled.
pub fn prep_skill_with(wallet: &Wallet, skill: &str, include_invalid: bool) -> Result<PrepSummary> {
    let (set, full, standings) = obeying(SkillSet::build(wallet)?, wallet, include_invalid)?;
    let left_out = left_out_of(full.find(skill), &standings, include_invalid);
    let found = set.find(skill).ok_or_else(|| {
        if left_out.is_empty() {
            Error::not_found(format!(
                "no skill '{skill}' in the wallet (see `cairn skills`)"
            ))
        } else {
            Error::not_found(format!(
                "no credential that stands evidences '{skill}': {} left out for their verdict ({}); --include-invalid includes them, labelled",
                left_out.len(),
                left_out
                    .iter()
                    .map(|l| format!("{}: {}", l.title, l.reason))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    })?;
    let notes = all_notes(wallet)?;
    Ok(PrepSummary {
        title: found.name.clone(),
        purpose: None,
        skills: vec![label_points(prep_skill_from(found, &notes), &standings)],
        left_out,
    })
}

/// Prepares a portfolio: every visible skill its credentials evidence, from the credentials
/// [`crate::standing`] allows.
pub fn prep_portfolio(wallet: &Wallet, portfolio: &str) -> Result<PrepSummary> {
    prep_portfolio_with(wallet, portfolio, false)
}

/// Prepares a portfolio; credentials withheld for their verdict are left out (and listed)
/// unless `include_invalid`, and then labelled.
pub fn prep_portfolio_with(
    wallet: &Wallet,
    portfolio: &str,
    include_invalid: bool,
) -> Result<PrepSummary> {
    let shown = crate::portfolio::show(wallet, portfolio)?;
    let ids: HashSet<String> = shown.credential_ids().into_iter().collect();
    if ids.is_empty() {
        return Err(Error::invalid(format!(
            "portfolio '{}' holds no credentials to prepare from; add some with `cairn portfolio add`",
            shown.name
        )));
    }
    let (set, full, standings) = obeying(
        SkillSet::build(wallet)?.restricted_to(&ids),
        wallet,
        include_invalid,
    )?;
    let left_out = left_out_of(full.visible(), &standings, include_invalid);
    let notes = all_notes(wallet)?;
    Ok(PrepSummary {
        title: shown.name,
        purpose: shown.purpose,
        skills: set
            .visible()
            .into_iter()
            .map(|s| label_points(prep_skill_from(s, &notes), &standings))
            .collect(),
        left_out,
    })
}

impl PrepSummary {
    /// The sheet as plain text (Markdown), to read or print.
    pub fn to_text(&self) -> String {
        let mut out = format!("# Interview preparation: {}\n", self.title);
        if let Some(p) = &self.purpose {
            let _ = writeln!(out, "\n{p}");
        }
        if self.skills.is_empty() {
            out.push_str("\nNo skills are evidenced yet.\n");
        }
        for s in &self.skills {
            let _ = writeln!(out, "\n## {}\n\n{}", s.name, s.summary);
            if let Some(n) = &s.note {
                let _ = writeln!(out, "\nYour note: {n}");
            }
            let criteria: Vec<&SkillEvidence> =
                s.evidence.iter().filter(|e| e.criteria.is_some()).collect();
            if !criteria.is_empty() {
                out.push_str("\nCriteria you met:\n");
                for e in criteria {
                    let _ = writeln!(
                        out,
                        "- {}: {}",
                        e.title,
                        e.criteria.as_deref().unwrap_or_default()
                    );
                }
            }
            let results: Vec<&SkillEvidence> = s
                .evidence
                .iter()
                .filter(|e| !e.results.is_empty())
                .collect();
            if !results.is_empty() {
                out.push_str("\nYour results:\n");
                for e in results {
                    let _ = writeln!(out, "- {}: {}", e.title, e.results.join("; "));
                }
            }
            out.push_str("\nTalking points:\n");
            for t in &s.talking_points {
                let _ = writeln!(
                    out,
                    "- {} [{}]\n  Situation: {}\n  Task: {}\n  Action: {}\n  Result: {}",
                    t.title, t.credential, t.situation, t.task, t.action, t.result
                );
                if let Some(l) = &t.label {
                    let _ = writeln!(out, "  Status: {l}");
                }
                if let Some(n) = &t.note {
                    let _ = writeln!(out, "  Your note: {n}");
                }
            }
        }
        if !self.left_out.is_empty() {
            out.push_str("\nLeft out for their verification result:\n");
            for l in &self.left_out {
                let _ = writeln!(out, "- {} [{}]: {}", l.title, l.id, l.reason);
            }
        }
        out
    }
}
