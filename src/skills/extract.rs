//! Building the [`SkillSet`] from stored credentials: collect every skill mention, join the
//! mentions that are the same skill (same framework code, or same normalised name), then apply
//! the learner's overrides.

use super::normalise::{base_name, code_key, contains_phrase, name_key, padded, words};
use super::overrides::{self, Override};
use super::{EvidenceSource, FrameworkCode, Skill, SkillEvidence, SkillSet};
use crate::error::Result;
use crate::import::json::list;
use crate::library::{Stored, stored};
use crate::model::{Credential, Format};
use crate::wallet::Wallet;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// An achievement that can show skills: a stored credential, or a member listed inside a
/// stored CLR whose members were not imported separately.
pub(crate) struct Unit {
    pub credential: String,
    pub via: Option<String>,
    pub body: Credential,
}

/// The CLR document's embedded credentials (JSON objects only), normalised.
pub(crate) fn clr_members(document: &str) -> Vec<Credential> {
    let Ok(doc) = serde_json::from_str::<Value>(document) else {
        return Vec::new();
    };
    let subject = list(doc.get("credentialSubject"))
        .into_iter()
        .next()
        .cloned()
        .unwrap_or(Value::Null);
    list(subject.get("verifiableCredential"))
        .into_iter()
        .filter(|v| v.is_object())
        .map(|v| crate::import::ob3::normalise(v, Format::Ob3Json))
        .collect()
}

/// Every achievement in the wallet that can show skills.
pub(crate) fn units(all: &[Stored]) -> Vec<Unit> {
    let parents: HashSet<&str> = all.iter().filter_map(|s| s.parent_id.as_deref()).collect();
    let mut out = Vec::new();
    for s in all {
        out.push(Unit {
            credential: s.id.clone(),
            via: None,
            body: s.credential.clone(),
        });
        let is_clr = matches!(s.credential.format, Format::Clr2Json);
        if is_clr && !parents.contains(s.id.as_str()) {
            for member in clr_members(&s.document) {
                out.push(Unit {
                    credential: s.id.clone(),
                    via: Some(s.credential.title.clone()),
                    body: member,
                });
            }
        }
    }
    out
}

struct Mention {
    unit: usize,
    node: String,
    name: String,
    source: EvidenceSource,
    code: Option<FrameworkCode>,
}

/// Union-find over skill keys.
#[derive(Default)]
struct Groups {
    index: HashMap<String, usize>,
    parent: Vec<usize>,
}

impl Groups {
    fn node(&mut self, key: &str) -> usize {
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        let i = self.parent.len();
        self.parent.push(i);
        self.index.insert(key.to_owned(), i);
        i
    }
    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    fn join(&mut self, a: &str, b: &str) {
        let (a, b) = (self.node(a), self.node(b));
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

fn mentions(units: &[Unit], groups: &mut Groups) -> Vec<Mention> {
    let mut out = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        for a in &unit.body.achievement.alignments {
            let by_name = name_key(&a.target_name);
            let Some(node) = code_key(a).or_else(|| by_name.clone()) else {
                continue;
            };
            groups.node(&node);
            for alias in [
                by_name,
                base_name(&a.target_name).and_then(name_key),
                without_verb(&a.target_name).and_then(name_key),
            ]
            .into_iter()
            .flatten()
            {
                groups.join(&node, &alias);
            }
            out.push(Mention {
                unit: i,
                node,
                name: a.target_name.trim().to_owned(),
                source: EvidenceSource::Alignment,
                code: Some(FrameworkCode {
                    framework: a.target_framework.clone(),
                    code: a.target_code.clone(),
                    url: a.target_url.clone(),
                }),
            });
        }
        for tag in &unit.body.achievement.tags {
            let Some(node) = name_key(tag) else { continue };
            groups.node(&node);
            if let Some(base) = base_name(tag).and_then(name_key) {
                groups.join(&node, &base);
            }
            out.push(Mention {
                unit: i,
                node,
                name: tag.trim().to_owned(),
                source: EvidenceSource::Tag,
                code: None,
            });
        }
    }
    out
}

/// ESCO labels skills with a leading verb ("perform data analysis", "administer first aid");
/// the object alone is how other issuers tag the same skill.
fn without_verb(name: &str) -> Option<&str> {
    const VERBS: &[&str] = &[
        "perform ",
        "use ",
        "apply ",
        "administer ",
        "manage ",
        "conduct ",
        "carry out ",
        "develop ",
        "create ",
        "provide ",
        "utilise ",
        "utilize ",
    ];
    let lower = name.to_lowercase();
    VERBS
        .iter()
        .find(|v| lower.starts_with(*v))
        .and_then(|v| name.get(v.len()..))
        .map(str::trim)
        .filter(|rest| rest.contains(' ') || rest.len() > 3)
}

/// The name most issuers use (alignments count double), ties to the shorter, then A to Z.
fn display_name(names: &BTreeMap<String, (u32, String)>) -> String {
    names
        .values()
        .max_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| b.1.len().cmp(&a.1.len()))
                .then_with(|| b.1.cmp(&a.1))
        })
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}

fn result_text(r: &crate::model::ResultEntry) -> String {
    let parts: Vec<&str> = [r.name.as_deref(), r.value.as_deref(), r.status.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    parts.join(": ")
}

/// Builds the wallet's skill set.
pub(crate) fn build(wallet: &Wallet) -> Result<SkillSet> {
    let all = stored(wallet)?;
    let units = units(&all);
    let mut groups = Groups::default();
    let mentions = mentions(&units, &mut groups);
    let overrides = overrides::load(wallet)?;
    for (key, o) in &overrides {
        if let Some(into) = &o.merged_into
            && groups.index.contains_key(key)
            && groups.index.contains_key(into)
        {
            groups.join(key, into);
        }
    }
    // Components, in a stable order.
    let keys: Vec<String> = groups.index.keys().cloned().collect();
    let mut components: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for key in keys {
        let i = groups.index[&key];
        let root = groups.root(i);
        components.entry(root).or_default().insert(key);
    }
    let mut skills = Vec::new();
    let mut by_root: HashMap<usize, usize> = HashMap::new();
    for (root, keys) in &components {
        let mut keys: Vec<String> = keys.iter().cloned().collect();
        keys.sort_by_key(|k| (k.starts_with("name:"), k.clone()));
        by_root.insert(*root, skills.len());
        skills.push((keys, BTreeMap::new(), Vec::new(), BTreeMap::new()));
    }
    for m in &mentions {
        let i = groups.index[&m.node];
        let root = groups.root(i);
        let (_, names, codes, evidence) = &mut skills[by_root[&root]];
        let weight = if m.source == EvidenceSource::Alignment {
            2
        } else {
            1
        };
        let entry = names
            .entry(words(&m.name))
            .or_insert_with(|| (0, m.name.clone()));
        entry.0 += weight;
        if let Some(code) = &m.code
            && (code.code.is_some() || code.url.is_some())
            && !codes
                .iter()
                .any(|c: &FrameworkCode| c.code == code.code && c.url == code.url)
        {
            codes.push(code.clone());
        }
        let sources: &mut BTreeSet<EvidenceSource> = evidence.entry(m.unit).or_default();
        sources.insert(m.source);
    }
    let mut out: Vec<Skill> = Vec::new();
    let texts: Vec<(String, String)> = units
        .iter()
        .map(|u| {
            let criteria = u
                .body
                .achievement
                .criteria_narrative
                .as_deref()
                .unwrap_or("");
            let results: Vec<String> = u.body.results.iter().map(result_text).collect();
            (padded(criteria), padded(&results.join(" ; ")))
        })
        .collect();
    for (keys, names, codes, mut evidence) in skills {
        let name = display_name(&names);
        let aliases: Vec<String> = names
            .values()
            .map(|(_, n)| n.clone())
            .filter(|n| *n != name)
            .collect();
        let mut skill = Skill {
            key: keys[0].clone(),
            name,
            aliases,
            codes,
            issuers: Vec::new(),
            evidence: Vec::new(),
            hidden: false,
            note: None,
            keys,
        };
        let phrases: Vec<String> = skill
            .phrases()
            .into_iter()
            .filter(|p| p.chars().count() >= 3)
            .collect();
        for (i, (criteria, results)) in texts.iter().enumerate() {
            if phrases.iter().any(|p| contains_phrase(criteria, p)) {
                evidence
                    .entry(i)
                    .or_default()
                    .insert(EvidenceSource::Criteria);
            }
            if phrases.iter().any(|p| contains_phrase(results, p)) {
                evidence
                    .entry(i)
                    .or_default()
                    .insert(EvidenceSource::Result);
            }
        }
        skill.evidence = evidence
            .into_iter()
            .map(|(i, sources)| evidence_of(&units[i], sources))
            .collect();
        skill.evidence.sort_by(|a, b| {
            b.strength()
                .cmp(&a.strength())
                .then_with(|| b.issued_on.cmp(&a.issued_on))
                .then_with(|| a.title.cmp(&b.title))
        });
        let mut issuers: Vec<String> = skill
            .evidence
            .iter()
            .filter_map(|e| e.issuer.clone())
            .collect();
        issuers.sort();
        issuers.dedup();
        skill.issuers = issuers;
        apply(&mut skill, &overrides);
        out.push(skill);
    }
    let mut set = SkillSet { skills: out };
    set.sort();
    Ok(set)
}

fn evidence_of(unit: &Unit, sources: BTreeSet<EvidenceSource>) -> SkillEvidence {
    let c = &unit.body;
    SkillEvidence {
        credential: unit.credential.clone(),
        title: c
            .achievement
            .name
            .clone()
            .unwrap_or_else(|| c.title.clone()),
        via: unit.via.clone(),
        issuer: c.issuer.name.clone().or_else(|| c.issuer.id.clone()),
        issued_on: c.issued_on.clone(),
        valid_until: c.valid_until.clone(),
        sources: sources.into_iter().collect(),
        criteria: c.achievement.criteria_narrative.clone(),
        results: c
            .results
            .iter()
            .map(result_text)
            .filter(|r| !r.is_empty())
            .collect(),
        narratives: c
            .evidence
            .iter()
            .filter_map(|e| e.narrative.clone().or_else(|| e.description.clone()))
            .collect(),
    }
}

fn apply(skill: &mut Skill, overrides: &HashMap<String, Override>) {
    for key in skill.keys.clone() {
        let Some(o) = overrides.get(&key) else {
            continue;
        };
        if let Some(name) = &o.name {
            let old = std::mem::replace(&mut skill.name, name.clone());
            if !skill.aliases.contains(&old) && old != *name {
                skill.aliases.push(old);
            }
        }
        skill.hidden |= o.hidden;
        if o.note.is_some() && skill.note.is_none() {
            skill.note.clone_from(&o.note);
        }
    }
}
