//! Stacking toward a goal: a target credential, a set of required achievements or skills, or
//! "any N of these", and the progress the wallet shows toward it.

use crate::error::{Error, Result};
use crate::library::{Validity, stored};
use crate::skills::SkillSet;
use crate::skills::extract::units;
use crate::skills::normalise::words;
use crate::wallet::Wallet;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One thing a goal asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Requirement {
    /// An achievement, by name (title) or identifier (achievement or credential URL/URN).
    Achievement(String),
    /// A skill, by name or framework code.
    Skill(String),
}

impl Requirement {
    /// Parses `skill:NAME` or `achievement:NAME`; anything else is an achievement.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        let (kind, value) = match text.split_once(':') {
            Some((k, v)) if k.eq_ignore_ascii_case("skill") => ("skill", v),
            Some((k, v)) if k.eq_ignore_ascii_case("achievement") => ("achievement", v),
            _ => ("achievement", text),
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(Error::invalid(format!(
                "the requirement '{text}' names nothing"
            )));
        }
        Ok(match kind {
            "skill" => Self::Skill(value.to_owned()),
            _ => Self::Achievement(value.to_owned()),
        })
    }

    /// The requirement as the learner wrote it (`skill:SQL`, `Data Visualisation`).
    pub fn label(&self) -> String {
        match self {
            Self::Achievement(a) => a.clone(),
            Self::Skill(s) => format!("skill:{s}"),
        }
    }
}

/// What a portfolio stacks toward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Goal {
    /// The things asked for.
    pub requirements: Vec<Requirement>,
    /// How many of them must be met; all when absent ("any 3 of these 5" is 3).
    pub at_least: Option<usize>,
}

impl Goal {
    /// A goal of one target credential.
    pub fn target(achievement: &str) -> Self {
        Self {
            requirements: vec![Requirement::Achievement(achievement.trim().to_owned())],
            at_least: None,
        }
    }

    /// How many requirements must be met.
    pub fn needed(&self) -> usize {
        self.at_least.unwrap_or(self.requirements.len())
    }

    /// Refuses empty goals and counts larger than the list.
    pub fn check(&self) -> Result<()> {
        if self.requirements.is_empty() {
            return Err(Error::invalid("a goal needs at least one requirement"));
        }
        match self.at_least {
            Some(0) => Err(Error::invalid("a goal cannot ask for 0 requirements")),
            Some(n) if n > self.requirements.len() => Err(Error::invalid(format!(
                "the goal asks for {n} of {} requirements",
                self.requirements.len()
            ))),
            _ => Ok(()),
        }
    }
}

/// A credential that meets (or would meet) a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CredentialRef {
    /// The wallet id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// How one requirement stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RequirementProgress {
    /// The requirement.
    pub requirement: Requirement,
    /// The requirement for people: an achievement named by its identifier shows the name of
    /// the credential that holds it, when there is one.
    pub label: String,
    /// Whether a valid credential in the wallet meets it.
    pub met: bool,
    /// The valid credentials that meet it.
    pub met_by: Vec<CredentialRef>,
    /// Credentials that would meet it but whose validity has ended (renew them).
    pub expired: Vec<CredentialRef>,
    /// Credentials that would meet it but were left out for their verdict (revoked, not
    /// genuine, not yet valid), with why: they do not count.
    pub left_out: Vec<crate::standing::LeftOut>,
}

/// Progress toward a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GoalProgress {
    /// Requirements to meet.
    pub needed: usize,
    /// Requirements met (at most `needed` count toward completion).
    pub done: usize,
    /// Whether the goal is reached.
    pub complete: bool,
    /// Each requirement, in the goal's order.
    pub requirements: Vec<RequirementProgress>,
    /// The requirements not met yet.
    pub missing: Vec<Requirement>,
}

/// Judges a goal against every credential in the wallet at `now`. Expired credentials do not
/// count, but are listed so the learner can renew them; credentials withheld for their verdict
/// (see [`crate::standing`]) do not count either, and are listed as left out.
pub fn progress(wallet: &Wallet, goal: &Goal, now: DateTime<Utc>) -> Result<GoalProgress> {
    progress_with(wallet, goal, now, false)
}

/// Like [`progress`]; with `include_invalid`, credentials withheld for their verdict count
/// too, their titles labelled ("… (Revoked)").
pub fn progress_with(
    wallet: &Wallet,
    goal: &Goal,
    now: DateTime<Utc>,
    include_invalid: bool,
) -> Result<GoalProgress> {
    let standings = crate::standing::all(wallet, now)?;
    let all = stored(wallet)?;
    let units = units(&all);
    let skills = if goal
        .requirements
        .iter()
        .any(|r| matches!(r, Requirement::Skill(_)))
    {
        SkillSet::build(wallet)?
    } else {
        SkillSet::default()
    };
    let mut requirements = Vec::new();
    for req in &goal.requirements {
        let candidates: Vec<(String, String, Option<String>, String)> = match req {
            Requirement::Achievement(wanted) => {
                let w = words(wanted);
                let wanted = wanted.trim();
                let mut seen = std::collections::HashSet::new();
                units
                    .iter()
                    .filter(|u| {
                        let c = &u.body;
                        words(&c.title) == w
                            || c.achievement.name.as_deref().is_some_and(|n| words(n) == w)
                            || c.achievement.id.as_deref() == Some(wanted)
                            || c.credential_id.as_deref() == Some(wanted)
                            || (!u.embedded && u.credential == wanted)
                    })
                    .filter(|u| seen.insert(u.credential.clone()))
                    .map(|u| {
                        let title = match &u.via {
                            Some(clr) => format!("{} (in {clr})", u.body.title),
                            None => u.body.title.clone(),
                        };
                        let name = u.body.achievement.name.clone();
                        (
                            u.credential.clone(),
                            title,
                            u.body.valid_until.clone(),
                            name.unwrap_or_else(|| u.body.title.clone()),
                        )
                    })
                    .collect()
            }
            Requirement::Skill(name) => match skills.find(name) {
                Some(skill) => {
                    let mut seen = std::collections::HashSet::new();
                    skill
                        .evidence
                        .iter()
                        .filter(|e| seen.insert(e.credential.clone()))
                        .map(|e| {
                            let title = all
                                .iter()
                                .find(|s| s.id == e.credential)
                                .map_or_else(|| e.title.clone(), |s| s.credential.title.clone());
                            (
                                e.credential.clone(),
                                title,
                                e.valid_until.clone(),
                                e.title.clone(),
                            )
                        })
                        .collect()
                }
                None => Vec::new(),
            },
        };
        let names: Vec<String> = candidates.iter().map(|c| c.3.clone()).collect();
        let (mut met_by, mut expired, mut left_out) = (Vec::new(), Vec::new(), Vec::new());
        for (id, title, until, _) in candidates {
            let standing = standings.get(&id);
            if let Some(s) = standing
                && !s.allowed(include_invalid)
            {
                left_out.push(crate::standing::LeftOut {
                    id,
                    title,
                    reason: s.left_out_reason().unwrap_or("withheld").to_owned(),
                });
                continue;
            }
            let included_anyway = standing.filter(|s| {
                matches!(
                    s.standing,
                    crate::standing::Standing::Withheld | crate::standing::Standing::NotYetValid
                )
            });
            let title = match included_anyway.and_then(crate::standing::CredentialStanding::label) {
                Some(label) => format!("{title} ({label})"),
                None => title,
            };
            let ended = standing.is_some_and(|s| s.standing == crate::standing::Standing::Expired);
            let r = CredentialRef { id, title };
            if ended || Validity::of(until.as_deref(), now) == Validity::Expired {
                expired.push(r);
            } else {
                met_by.push(r);
            }
        }
        let label = match (req, names.first()) {
            (Requirement::Achievement(_), Some(name)) => name.clone(),
            _ => req.label(),
        };
        requirements.push(RequirementProgress {
            label,
            requirement: req.clone(),
            met: !met_by.is_empty(),
            met_by,
            expired,
            left_out,
        });
    }
    let needed = goal.needed();
    let met = requirements.iter().filter(|r| r.met).count();
    let missing = requirements
        .iter()
        .filter(|r| !r.met)
        .map(|r| r.requirement.clone())
        .collect();
    Ok(GoalProgress {
        needed,
        done: met.min(needed),
        complete: met >= needed,
        requirements,
        missing,
    })
}
