//! `cairn prep`: an interview preparation sheet for a skill or a portfolio.

use super::emit;
use cairn::skills::prep;
use cairn::wallet::Wallet;
use cairn::{Error, Result};
use clap::Args;

/// Arguments of `cairn prep`.
#[derive(Debug, Args)]
pub struct PrepArgs {
    /// The skill to prepare (name, alias, key or framework code)
    #[arg(required_unless_present = "portfolio", conflicts_with = "portfolio")]
    skill: Option<String>,
    /// Prepare every skill of this portfolio instead
    #[arg(long)]
    portfolio: Option<String>,
}

/// Runs `cairn prep`.
pub fn run(args: PrepArgs, wallet: &Wallet, json: bool) -> Result<u8> {
    let sheet = match (&args.skill, &args.portfolio) {
        (_, Some(p)) => prep::prep_portfolio(wallet, p)?,
        (Some(s), None) => prep::prep_skill(wallet, s)?,
        (None, None) => return Err(Error::invalid("name a skill, or give --portfolio P")),
    };
    if json {
        emit::json(&sheet);
    } else {
        emit::line(sheet.to_text().trim_end());
    }
    Ok(0)
}
