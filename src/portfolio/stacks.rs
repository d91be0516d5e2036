//! Issuer-defined stacks, detected and offered: CLR 2.0 `association`s, OB 3.0 `related`
//! achievements and same-issuer pathways ("Level 1, 2, 3"). The learner can turn one into a
//! portfolio in one step.

use super::goal::{Goal, Requirement};
use crate::error::{Error, Result};
use crate::import::json::{list, string};
use crate::library::{Stored, stored};
use crate::model::Format;
use crate::skills::extract::{Unit, units};
use crate::skills::normalise::words;
use crate::wallet::Wallet;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use ts_rs::TS;

/// Where a detected stack comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StackKind {
    /// A CLR 2.0's associations between its achievements.
    Clr,
    /// An OB 3.0 achievement's `related` achievements.
    Related,
    /// Credentials from one issuer that look like steps of a series.
    Pathway,
}

pub use crate::import::Association;

/// One achievement of a stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StackMember {
    /// The achievement's identifier, when known.
    pub achievement_id: Option<String>,
    /// Its name (the identifier when the stack does not name it).
    pub title: String,
    /// The wallet credential that holds it, when the learner has it.
    pub credential: Option<String>,
}

/// A stack detected in the wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DetectedStack {
    /// A stable key to refer to it (`clr:<id>`, `related:<achievement>`, `pathway:<issuer>|<series>`).
    pub key: String,
    /// Where it comes from.
    pub kind: StackKind,
    /// A name for it.
    pub name: String,
    /// The issuer that defines it.
    pub issuer: Option<String>,
    /// Its achievements, in order.
    pub members: Vec<StackMember>,
    /// The relations the issuer states (CLR stacks only).
    pub associations: Vec<Association>,
    /// How many members the learner holds (credentials left out for their verdict do not
    /// count).
    pub held: usize,
    /// Members' credentials left out for their verdict (revoked, not genuine, not yet valid),
    /// with why: the stack shows those members as not held.
    pub left_out: Vec<crate::standing::LeftOut>,
}

/// The associations of a CLR 2.0 document and the achievements they join, named from the
/// credentials the CLR embeds. `None` when the document states no association.
pub fn clr_stack(doc: &Value) -> Option<(Vec<Association>, Vec<StackMember>)> {
    let subject = list(doc.get("credentialSubject")).into_iter().next()?;
    let associations = crate::import::clr::associations(subject);
    if associations.is_empty() {
        return None;
    }
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for vc in list(subject.get("verifiableCredential")) {
        for s in list(vc.get("credentialSubject")) {
            if let Some(a) = s.get("achievement")
                && let (Some(id), Some(name)) = (string(a, "id"), string(a, "name"))
            {
                names.insert(id, name);
            }
        }
    }
    let mut order: Vec<String> = Vec::new();
    for a in &associations {
        for id in [&a.source_id, &a.target_id] {
            if !order.contains(id) {
                order.push(id.clone());
            }
        }
    }
    let members = order
        .into_iter()
        .map(|id| StackMember {
            title: names.get(&id).cloned().unwrap_or_else(|| id.clone()),
            achievement_id: Some(id),
            credential: None,
        })
        .collect();
    Some((associations, members))
}

/// The wallet credential holding achievement `id`: a credential whose achievement or own id is
/// `id`, or the CLR that lists it.
fn holder(units: &[Unit], id: &str) -> Option<String> {
    units
        .iter()
        .find(|u| {
            u.body.achievement.id.as_deref() == Some(id)
                || u.body.credential_id.as_deref() == Some(id)
        })
        .map(|u| u.credential.clone())
}

fn issuer_of(s: &Stored) -> Option<String> {
    let i = &s.credential.issuer;
    i.name.clone().or_else(|| i.id.clone())
}

/// A JSON credential document (a JWT's payload is not read here).
fn document_json(s: &Stored) -> Option<Value> {
    serde_json::from_str(&s.document).ok()
}

const LEVEL_WORDS: &[&str] = &[
    "level",
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "part",
    "module",
    "unit",
    "stage",
    "tier",
    "step",
    "foundation",
    "foundations",
    "fundamentals",
    "beginner",
    "basic",
    "basics",
    "intro",
    "introduction",
    "intermediate",
    "advanced",
    "expert",
    "bronze",
    "silver",
    "gold",
    "platinum",
    "associate",
    "professional",
    "practitioner",
    "master",
];

/// The series a title belongs to once level words and numbers are taken out, when it had any.
fn series(title: &str) -> Option<String> {
    let w = words(title);
    let kept: Vec<&str> = w
        .split(' ')
        .filter(|t| !LEVEL_WORDS.contains(t) && !t.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let stem = kept.join(" ");
    (!stem.is_empty() && stem != w).then_some(stem)
}

/// Every stack in the wallet: CLR associations, OB 3.0 related achievements, same-issuer
/// pathways. A member whose credential is withheld for its verdict (see [`crate::standing`])
/// is not held, and is listed in the stack's `left_out`.
pub fn detect(wallet: &Wallet) -> Result<Vec<DetectedStack>> {
    detect_with(wallet, false)
}

/// Like [`detect`]; with `include_invalid`, withheld credentials count as held, their member
/// titles labelled ("… (Revoked)"), and expired ones are labelled in any case.
pub fn detect_with(wallet: &Wallet, include_invalid: bool) -> Result<Vec<DetectedStack>> {
    let standings = crate::standing::all(wallet, chrono::Utc::now())?;
    let mut stacks = detect_all(wallet)?;
    for stack in &mut stacks {
        for m in &mut stack.members {
            let Some(s) = m.credential.as_ref().and_then(|c| standings.get(c)) else {
                continue;
            };
            if !s.allowed(include_invalid) {
                if !stack.left_out.iter().any(|l| l.id == s.id) {
                    stack.left_out.push(crate::standing::LeftOut {
                        id: s.id.clone(),
                        title: s.title.clone(),
                        reason: s.left_out_reason().unwrap_or("withheld").to_owned(),
                    });
                }
                m.credential = None;
            } else if let Some(label) = s.label() {
                m.title = format!("{} ({label})", m.title);
            }
        }
        stack.held = stack
            .members
            .iter()
            .filter(|m| m.credential.is_some())
            .count();
    }
    // A pathway is the learner's own credentials: one left with fewer than two is no pathway.
    stacks.retain(|s| s.kind != StackKind::Pathway || s.held >= 2);
    Ok(stacks)
}

fn detect_all(wallet: &Wallet) -> Result<Vec<DetectedStack>> {
    let all = stored(wallet)?;
    let units = units(&all);
    let mut out = Vec::new();
    let mut seen_related: HashSet<Vec<String>> = HashSet::new();
    for s in &all {
        let Some(doc) = document_json(s) else {
            continue;
        };
        let format = s.credential.format;
        if matches!(format, Format::Clr2Json) {
            if let Some((associations, mut members)) = clr_stack(&doc) {
                for m in &mut members {
                    m.credential = m
                        .achievement_id
                        .as_deref()
                        .and_then(|id| holder(&units, id));
                }
                out.push(DetectedStack {
                    key: format!("clr:{}", s.id),
                    kind: StackKind::Clr,
                    name: s.credential.title.clone(),
                    issuer: issuer_of(s),
                    held: members.iter().filter(|m| m.credential.is_some()).count(),
                    members,
                    associations,
                    left_out: Vec::new(),
                });
            }
            continue;
        }
        let subject = list(doc.get("credentialSubject")).into_iter().next();
        let Some(achievement) = subject.and_then(|s| s.get("achievement")) else {
            continue;
        };
        let related: Vec<String> = list(achievement.get("related"))
            .into_iter()
            .filter_map(|r| string(r, "id").or_else(|| r.as_str().map(str::to_owned)))
            .collect();
        if related.is_empty() {
            continue;
        }
        let own = s.credential.achievement.id.clone();
        let mut ids: Vec<String> = own.iter().cloned().chain(related.iter().cloned()).collect();
        ids.sort();
        ids.dedup();
        if !seen_related.insert(ids) {
            continue;
        }
        let mut members = vec![StackMember {
            achievement_id: own.clone(),
            title: s.credential.title.clone(),
            credential: Some(s.id.clone()),
        }];
        for id in related {
            let credential = holder(&units, &id);
            let title = credential
                .as_ref()
                .and_then(|c| all.iter().find(|x| x.id == *c))
                .map_or_else(|| id.clone(), |x| x.credential.title.clone());
            members.push(StackMember {
                achievement_id: Some(id),
                title,
                credential,
            });
        }
        out.push(DetectedStack {
            key: format!("related:{}", own.unwrap_or_else(|| s.id.clone())),
            kind: StackKind::Related,
            name: format!("{} and related achievements", s.credential.title),
            issuer: issuer_of(s),
            held: members.iter().filter(|m| m.credential.is_some()).count(),
            members,
            associations: Vec::new(),
            left_out: Vec::new(),
        });
    }
    out.extend(pathways(&all));
    Ok(out)
}

fn pathways(all: &[Stored]) -> Vec<DetectedStack> {
    let mut groups: BTreeMap<(String, String), Vec<&Stored>> = BTreeMap::new();
    for s in all.iter().filter(|s| s.parent_id.is_none()) {
        let (Some(issuer), Some(series)) = (issuer_of(s), series(&s.credential.title)) else {
            continue;
        };
        groups.entry((issuer, series)).or_default().push(s);
    }
    groups
        .into_iter()
        .filter(|(_, members)| members.len() >= 2)
        .map(|((issuer, series), mut members)| {
            members.sort_by(|a, b| {
                a.credential
                    .issued_on
                    .cmp(&b.credential.issued_on)
                    .then_with(|| a.credential.title.cmp(&b.credential.title))
            });
            let shown: Vec<&str> = members[0]
                .credential
                .title
                .split_whitespace()
                .filter(|t| {
                    let w = words(t);
                    !LEVEL_WORDS.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit())
                })
                .collect();
            let name = format!("{issuer}: {} pathway", shown.join(" "));
            let members: Vec<StackMember> = members
                .iter()
                .map(|m| StackMember {
                    achievement_id: m.credential.achievement.id.clone(),
                    title: m.credential.title.clone(),
                    credential: Some(m.id.clone()),
                })
                .collect();
            DetectedStack {
                key: format!("pathway:{issuer}|{series}"),
                kind: StackKind::Pathway,
                name,
                issuer: Some(issuer),
                held: members.len(),
                members,
                associations: Vec::new(),
                left_out: Vec::new(),
            }
        })
        .collect()
}

/// Turns a detected stack into a portfolio in one step: the credentials held, in the stack's
/// order, and a goal of every member achievement. Returns the portfolio's number.
pub fn create_portfolio(wallet: &mut Wallet, key: &str, name: Option<&str>) -> Result<i64> {
    let stack = detect(wallet)?
        .into_iter()
        .find(|s| s.key == key)
        .ok_or_else(|| {
            Error::not_found(format!(
                "no detected stack '{key}' (see `cairn portfolio stacks`)"
            ))
        })?;
    let mut credentials: Vec<String> = Vec::new();
    for m in &stack.members {
        if let Some(c) = &m.credential
            && !credentials.contains(c)
        {
            credentials.push(c.clone());
        }
    }
    if let Some(clr) = key.strip_prefix("clr:")
        && !credentials.iter().any(|c| c == clr)
    {
        credentials.insert(0, clr.to_owned());
    }
    let goal = Goal {
        requirements: stack
            .members
            .iter()
            .map(|m| Requirement::Achievement(m.achievement_id.clone().unwrap_or(m.title.clone())))
            .collect(),
        at_least: None,
    };
    let purpose = format!(
        "Stack detected from {}",
        stack.issuer.as_deref().unwrap_or("the issuer")
    );
    super::create_with(
        wallet,
        name.unwrap_or(&stack.name),
        Some(&purpose),
        &credentials,
        Some(&goal),
    )
}
