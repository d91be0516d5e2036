//! `cairn tag` and `cairn note`: the learner's own tags and notes on credentials.

use super::emit;
use cairn::Result;
use cairn::library::annotations;
use cairn::wallet::Wallet;
use clap::Args;

/// Arguments of `cairn tag`.
#[derive(Debug, Args)]
pub struct TagArgs {
    /// The credential's id, or a unique prefix of at least 4 characters
    id: String,
    /// Tags to add
    tags: Vec<String>,
    /// Remove these tags instead of adding them
    #[arg(long)]
    remove: bool,
}

/// Arguments of `cairn note`.
#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The credential's id, or a unique prefix of at least 4 characters
    id: String,
    /// The note (empty to clear it; absent to show it)
    text: Option<String>,
}

/// Runs `cairn tag`.
pub fn run_tag(args: TagArgs, wallet: &mut Wallet, json: bool) -> Result<u8> {
    let tags = if args.remove {
        annotations::remove_tags(wallet, &args.id, &args.tags)?
    } else if args.tags.is_empty() {
        annotations::tags_of(wallet, &args.id)?
    } else {
        annotations::add_tags(wallet, &args.id, &args.tags)?
    };
    if json {
        emit::json(&serde_json::json!({ "tags": tags }));
    } else if tags.is_empty() {
        emit::line("no tags");
    } else {
        emit::line(&tags.join(", "));
    }
    Ok(0)
}

/// Runs `cairn note`.
pub fn run_note(args: NoteArgs, wallet: &mut Wallet, json: bool) -> Result<u8> {
    if let Some(text) = &args.text {
        annotations::set_note(wallet, &args.id, text)?;
    }
    let note = annotations::note_of(wallet, &args.id)?;
    if json {
        emit::json(&serde_json::json!({ "note": note }));
    } else {
        emit::line(note.as_deref().unwrap_or("no note"));
    }
    Ok(0)
}
