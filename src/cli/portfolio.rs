//! `cairn portfolio`: create, list, show, fill, order and delete portfolios, set their goals,
//! and turn detected stacks into portfolios.

use super::emit::{self, day};
use cairn::Result;
use cairn::library::Validity;
use cairn::portfolio::goal::{Goal, GoalProgress, Requirement};
use cairn::portfolio::{self, Portfolio, stacks};
use cairn::wallet::Wallet;
use clap::{Args, Subcommand};

/// Arguments of `cairn portfolio`.
#[derive(Debug, Args)]
pub struct PortfolioArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Create a portfolio (empty, or from a detected stack)
    Create {
        /// Its name (unique); optional with --from-stack
        name: Option<String>,
        /// What it is for ("Data analyst applications")
        #[arg(long)]
        purpose: Option<String>,
        /// Fill it from a detected stack (see `cairn portfolio stacks`)
        #[arg(long, value_name = "KEY")]
        from_stack: Option<String>,
    },
    /// List portfolios
    List,
    /// Show a portfolio with its sections and goal progress
    Show {
        /// The portfolio's name or number
        portfolio: String,
        /// Let credentials left out for their verdict (revoked, not genuine, not yet valid)
        /// count toward the goal, each visibly labelled
        #[arg(long)]
        include_invalid: bool,
    },
    /// Add credentials to a portfolio
    Add {
        /// The portfolio's name or number
        portfolio: String,
        /// Credential ids (or unique prefixes)
        #[arg(required = true)]
        credentials: Vec<String>,
        /// Put them in this section (created when missing)
        #[arg(long)]
        section: Option<String>,
    },
    /// Take credentials out of a portfolio (they stay in the wallet)
    Remove {
        /// The portfolio's name or number
        portfolio: String,
        /// Credential ids (or unique prefixes)
        #[arg(required = true)]
        credentials: Vec<String>,
    },
    /// Move a credential to a position (1 = first), optionally into another section
    Move {
        /// The portfolio's name or number
        portfolio: String,
        /// The credential's id (or unique prefix)
        credential: String,
        /// The position within its section, 1 = first
        #[arg(long)]
        to: usize,
        /// Move it into this section (created when missing)
        #[arg(long)]
        section: Option<String>,
    },
    /// Rename a portfolio or change its purpose
    Rename {
        /// The portfolio's name or number
        portfolio: String,
        /// The new name
        new_name: Option<String>,
        /// The new purpose (empty to clear)
        #[arg(long)]
        purpose: Option<String>,
    },
    /// Add, move, rename or remove a section
    Section {
        /// The portfolio's name or number
        portfolio: String,
        /// The section's name
        name: String,
        /// Move the section to this position, 1 = first
        #[arg(long)]
        to: Option<usize>,
        /// Rename the section
        #[arg(long, value_name = "NEW")]
        rename: Option<String>,
        /// Remove the section (its credentials stay in the portfolio)
        #[arg(long)]
        remove: bool,
    },
    /// Set the portfolio's goal and show progress: REQ is `skill:NAME` or an achievement name
    /// or id
    Goal {
        /// The portfolio's name or number
        portfolio: String,
        /// What the goal asks for
        requirements: Vec<String>,
        /// How many must be met ("any 3 of these 5"); all by default
        #[arg(long)]
        need: Option<usize>,
        /// Remove the goal
        #[arg(long)]
        clear: bool,
    },
    /// Delete a portfolio (its credentials stay in the wallet)
    Delete {
        /// The portfolio's name or number
        portfolio: String,
    },
    /// List issuer-defined stacks found in the wallet
    Stacks {
        /// Count credentials left out for their verdict (revoked, not genuine, not yet valid)
        /// as held, each visibly labelled
        #[arg(long)]
        include_invalid: bool,
    },
}

/// Runs `cairn portfolio`.
pub fn run(args: PortfolioArgs, wallet: &mut Wallet, json: bool) -> Result<u8> {
    let mut include_invalid = false;
    let shown = match args.action {
        Action::Create {
            name,
            purpose,
            from_stack,
        } => {
            let id = match from_stack {
                Some(key) => stacks::create_portfolio(wallet, &key, name.as_deref())?,
                None => {
                    let name = name.ok_or_else(|| {
                        cairn::Error::invalid("give the portfolio a name, or use --from-stack KEY")
                    })?;
                    portfolio::create(wallet, &name, purpose.as_deref())?
                }
            };
            id.to_string()
        }
        Action::List => {
            let list = portfolio::list(wallet)?;
            if json {
                emit::json(&list);
            } else if list.is_empty() {
                emit::line("No portfolios yet. Create one with `cairn portfolio create NAME`.");
            } else {
                for p in list {
                    let goal = if p.has_goal { "  (goal)" } else { "" };
                    emit::line(&format!(
                        "{:>3}  {:<32}  {:>3} credentials  {}{goal}",
                        p.id,
                        p.name,
                        p.credentials,
                        p.purpose.as_deref().unwrap_or("")
                    ));
                }
            }
            return Ok(0);
        }
        Action::Show {
            portfolio,
            include_invalid: include,
        } => {
            include_invalid = include;
            portfolio
        }
        Action::Add {
            portfolio,
            credentials,
            section,
        } => {
            portfolio::add(wallet, &portfolio, &credentials, section.as_deref())?;
            portfolio
        }
        Action::Remove {
            portfolio,
            credentials,
        } => {
            portfolio::remove(wallet, &portfolio, &credentials)?;
            portfolio
        }
        Action::Move {
            portfolio,
            credential,
            to,
            section,
        } => {
            portfolio::move_credential(wallet, &portfolio, &credential, to, section.as_deref())?;
            portfolio
        }
        Action::Rename {
            portfolio,
            new_name,
            purpose,
        } => {
            let id = portfolio::resolve(wallet, &portfolio)?.to_string();
            if let Some(p) = &purpose {
                portfolio::set_purpose(wallet, &id, Some(p))?;
            }
            if let Some(n) = &new_name {
                portfolio::rename(wallet, &id, n)?;
            }
            id
        }
        Action::Section {
            portfolio,
            name,
            to,
            rename,
            remove,
        } => {
            if remove {
                portfolio::remove_section(wallet, &portfolio, &name)?;
            } else if let Some(new) = rename {
                portfolio::rename_section(wallet, &portfolio, &name, &new)?;
                if to.is_some() {
                    portfolio::put_section(wallet, &portfolio, &new, to)?;
                }
            } else {
                portfolio::put_section(wallet, &portfolio, &name, to)?;
            }
            portfolio
        }
        Action::Goal {
            portfolio,
            requirements,
            need,
            clear,
        } => {
            if clear {
                portfolio::set_goal(wallet, &portfolio, None)?;
            } else if !requirements.is_empty() {
                let goal = Goal {
                    requirements: requirements
                        .iter()
                        .map(|r| Requirement::parse(r))
                        .collect::<Result<_>>()?,
                    at_least: need,
                };
                portfolio::set_goal(wallet, &portfolio, Some(&goal))?;
            }
            portfolio
        }
        Action::Delete { portfolio } => {
            let name = portfolio::show(wallet, &portfolio)?.name;
            portfolio::delete(wallet, &portfolio)?;
            if json {
                emit::json(&serde_json::json!({ "deleted": name }));
            } else {
                emit::line(&format!(
                    "deleted portfolio '{name}' (its credentials stay in the wallet)"
                ));
            }
            return Ok(0);
        }
        Action::Stacks { include_invalid } => {
            let found = stacks::detect_with(wallet, include_invalid)?;
            for s in &found {
                super::export::tell_left_out(&s.left_out);
            }
            if json {
                emit::json(&found);
            } else if found.is_empty() {
                emit::line("No issuer-defined stacks found.");
            } else {
                for s in found {
                    emit::line(&format!(
                        "{}\n  {} — you hold {} of {}",
                        s.key,
                        s.name,
                        s.held,
                        s.members.len()
                    ));
                    for m in s.members {
                        let mark = if m.credential.is_some() { "x" } else { " " };
                        emit::line(&format!("  [{mark}] {}", m.title));
                    }
                }
                emit::line("Turn one into a portfolio: cairn portfolio create --from-stack KEY");
            }
            return Ok(0);
        }
    };
    let mut p = portfolio::show(wallet, &shown)?;
    if let Some(goal) = &p.goal {
        let progress = cairn::portfolio::goal::progress_with(
            wallet,
            goal,
            chrono::Utc::now(),
            include_invalid,
        )?;
        for r in &progress.requirements {
            super::export::tell_left_out(&r.left_out);
        }
        p.progress = Some(progress);
    }
    if json {
        emit::json(&p);
    } else {
        print_portfolio(&p);
    }
    Ok(0)
}

fn print_portfolio(p: &Portfolio) {
    emit::line(&format!("{} (#{})", p.name, p.id));
    if let Some(purpose) = &p.purpose {
        emit::line(&format!("  {purpose}"));
    }
    let mut n = 0;
    for section in &p.sections {
        if section.name.is_none() && section.credentials.is_empty() {
            continue;
        }
        if let Some(name) = &section.name {
            emit::line(&format!("\n  {name}"));
        }
        for e in &section.credentials {
            n += 1;
            let c = &e.summary;
            let status = match e.validity {
                Validity::Expired => "  [expired]",
                Validity::ExpiringSoon => "  [expiring soon]",
                _ => "",
            };
            emit::line(&format!(
                "  {n:>3}. {}  {}  {}  {}{status}",
                c.id,
                day(c.issued_on.as_deref()),
                c.title,
                c.issuer.as_deref().unwrap_or("unknown issuer")
            ));
        }
    }
    if n == 0 {
        emit::line("  (empty: add credentials with `cairn portfolio add`)");
    }
    if let Some(progress) = &p.progress {
        print_progress(progress);
    }
}

fn print_progress(g: &GoalProgress) {
    emit::line(&format!(
        "\n  Goal: {} of {} done{}",
        g.done,
        g.needed,
        if g.complete { " — complete" } else { "" }
    ));
    for r in &g.requirements {
        let mark = if r.met { "x" } else { " " };
        let by: Vec<String> = r.met_by.iter().map(|c| c.title.clone()).collect();
        let detail = if by.is_empty() {
            String::new()
        } else {
            format!(" ({})", by.join(", "))
        };
        emit::line(&format!("  [{mark}] {}{detail}", r.label));
        for e in &r.expired {
            emit::line(&format!("      expired, renew: {} [{}]", e.title, e.id));
        }
    }
}
