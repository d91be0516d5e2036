//! `cairn skills`: the skills the wallet evidences across issuers, and the learner's renames,
//! merges, hides and notes.

use super::emit::{self, day};
use cairn::Result;
use cairn::skills::{self, overrides};
use cairn::wallet::Wallet;
use clap::{Args, Subcommand};

/// Arguments of `cairn skills`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SkillsArgs {
    /// Only the skills this portfolio's credentials evidence
    #[arg(long)]
    portfolio: Option<String>,
    /// Include hidden skills
    #[arg(long)]
    all: bool,
    /// List each skill's evidence
    #[arg(long)]
    evidence: bool,
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Show a skill under another name
    Rename {
        /// The skill (name, alias, key or framework code)
        skill: String,
        /// The name to show
        new_name: String,
    },
    /// Make two skills one
    Merge {
        /// The skill to merge
        from: String,
        /// The skill to merge it into
        into: String,
    },
    /// Hide a skill from lists, preparation and matches
    Hide {
        /// The skill
        skill: String,
    },
    /// Show a hidden skill again
    Unhide {
        /// The skill
        skill: String,
    },
    /// Set your note on a skill (used in interview preparation; empty to clear)
    Note {
        /// The skill
        skill: String,
        /// The note
        text: String,
    },
    /// Forget every choice about a skill
    Reset {
        /// The skill
        skill: String,
    },
}

/// Runs `cairn skills`.
pub fn run(args: SkillsArgs, wallet: &mut Wallet, json: bool) -> Result<u8> {
    if let Some(action) = args.action {
        let (key, what) = match action {
            Action::Rename { skill, new_name } => {
                (overrides::rename(wallet, &skill, &new_name)?, "renamed")
            }
            Action::Merge { from, into } => (overrides::merge(wallet, &from, &into)?, "merged"),
            Action::Hide { skill } => (overrides::set_hidden(wallet, &skill, true)?, "hidden"),
            Action::Unhide { skill } => (overrides::set_hidden(wallet, &skill, false)?, "shown"),
            Action::Note { skill, text } => (overrides::set_note(wallet, &skill, &text)?, "noted"),
            Action::Reset { skill } => (overrides::reset(wallet, &skill)?, "reset"),
        };
        if json {
            emit::json(&serde_json::json!({ "skill": key, "done": what }));
        } else {
            emit::line(&format!("{what}: {key}"));
        }
        return Ok(0);
    }
    let list = skills::skills(wallet, args.portfolio.as_deref(), args.all)?;
    if json {
        emit::json(&list);
        return Ok(0);
    }
    if list.is_empty() {
        emit::line("No skills found: none of the credentials align to a skill or carry tags.");
        return Ok(0);
    }
    for s in &list {
        let hidden = if s.hidden { "  (hidden)" } else { "" };
        emit::line(&format!(
            "{:<40} {:>3} credentials  {}{hidden}",
            s.name,
            s.credential_ids().len(),
            s.issuers.join(", ")
        ));
        if args.evidence {
            for e in &s.evidence {
                let sources: Vec<String> = e
                    .sources
                    .iter()
                    .map(|s| format!("{s:?}").to_lowercase())
                    .collect();
                emit::line(&format!(
                    "    {}  {}  {}  ({})",
                    e.credential,
                    day(e.issued_on.as_deref()),
                    e.title,
                    sources.join(", ")
                ));
            }
        }
    }
    Ok(0)
}
