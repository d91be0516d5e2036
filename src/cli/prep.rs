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
    /// Also use credentials left out for their verdict (revoked, not genuine, not yet valid),
    /// each visibly labelled
    #[arg(long)]
    include_invalid: bool,
}

/// Runs `cairn prep`.
pub fn run(args: PrepArgs, wallet: &Wallet, json: bool) -> Result<u8> {
    let sheet = match (&args.skill, &args.portfolio) {
        (_, Some(p)) => prep::prep_portfolio_with(wallet, p, args.include_invalid)?,
        (Some(s), None) => prep::prep_skill_with(wallet, s, args.include_invalid)?,
        (None, None) => return Err(Error::invalid("name a skill, or give --portfolio P")),
    };
    super::export::tell_left_out(&sheet.left_out);
    if json {
        emit::json(&sheet);
    } else {
        emit::line(sheet.to_text().trim_end());
    }
    Ok(0)
}
