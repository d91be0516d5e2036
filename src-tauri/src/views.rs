//! IPC commands behind the library search, portfolios, skills and settings views: each is a
//! line or two into the core (`cairn::library`, `cairn::portfolio`, `cairn::skills` and the
//! wallet's profile), with errors crossing as `{code, message}`.

use crate::on_wallet;
use cairn::Error;
use cairn::library::{SearchHit, SearchQuery, annotations};
use cairn::portfolio::goal::Goal;
use cairn::portfolio::stacks::DetectedStack;
use cairn::portfolio::{Portfolio, PortfolioSummary};
use cairn::recipient::Identity;
use cairn::skills::Skill;
use cairn::skills::posting::PostingMatch;
use cairn::skills::prep::PrepSummary;
use tauri::AppHandle;

/// Credentials matching a search, with the learner's tags and notes.
#[tauri::command]
pub async fn search_credentials(
    app: AppHandle,
    query: SearchQuery,
) -> Result<Vec<SearchHit>, Error> {
    on_wallet(app, move |_, w| cairn::library::search(w, &query)).await
}

/// Every tag in the wallet with how many credentials carry it.
#[tauri::command]
pub async fn tag_counts(app: AppHandle) -> Result<Vec<(String, usize)>, Error> {
    on_wallet(app, |_, w| annotations::tag_counts(w)).await
}

/// Adds tags to a credential; returns its tags.
#[tauri::command]
pub async fn add_tags(app: AppHandle, id: String, tags: Vec<String>) -> Result<Vec<String>, Error> {
    on_wallet(app, move |_, w| annotations::add_tags(w, &id, &tags)).await
}

/// Removes tags from a credential; returns its tags.
#[tauri::command]
pub async fn remove_tags(
    app: AppHandle,
    id: String,
    tags: Vec<String>,
) -> Result<Vec<String>, Error> {
    on_wallet(app, move |_, w| annotations::remove_tags(w, &id, &tags)).await
}

/// A credential's tags and note.
#[tauri::command]
pub async fn annotations_of(
    app: AppHandle,
    id: String,
) -> Result<(Vec<String>, Option<String>), Error> {
    on_wallet(app, move |_, w| {
        Ok((annotations::tags_of(w, &id)?, annotations::note_of(w, &id)?))
    })
    .await
}

/// Sets (an empty text clears) the learner's note on a credential.
#[tauri::command]
pub async fn set_note(app: AppHandle, id: String, note: String) -> Result<(), Error> {
    on_wallet(app, move |_, w| annotations::set_note(w, &id, &note)).await
}

/// Every portfolio.
#[tauri::command]
pub async fn list_portfolios(app: AppHandle) -> Result<Vec<PortfolioSummary>, Error> {
    on_wallet(app, |_, w| cairn::portfolio::list(w)).await
}

/// One portfolio with its credentials and goal progress.
#[tauri::command]
pub async fn show_portfolio(app: AppHandle, portfolio: String) -> Result<Portfolio, Error> {
    on_wallet(app, move |_, w| cairn::portfolio::show(w, &portfolio)).await
}

/// Creates a portfolio; returns its number.
#[tauri::command]
pub async fn create_portfolio(
    app: AppHandle,
    name: String,
    purpose: Option<String>,
) -> Result<i64, Error> {
    on_wallet(app, move |_, w| {
        cairn::portfolio::create(w, &name, purpose.as_deref())
    })
    .await
}

/// Renames a portfolio.
#[tauri::command]
pub async fn rename_portfolio(
    app: AppHandle,
    portfolio: String,
    name: String,
) -> Result<(), Error> {
    on_wallet(app, move |_, w| {
        cairn::portfolio::rename(w, &portfolio, &name)
    })
    .await
}

/// Deletes a portfolio (the credentials stay in the wallet).
#[tauri::command]
pub async fn delete_portfolio(app: AppHandle, portfolio: String) -> Result<(), Error> {
    on_wallet(app, move |_, w| cairn::portfolio::delete(w, &portfolio)).await
}

/// Adds credentials to a portfolio; returns the ids added.
#[tauri::command]
pub async fn add_to_portfolio(
    app: AppHandle,
    portfolio: String,
    credentials: Vec<String>,
) -> Result<Vec<String>, Error> {
    on_wallet(app, move |_, w| {
        cairn::portfolio::add(w, &portfolio, &credentials, None)
    })
    .await
}

/// Takes credentials out of a portfolio; returns the ids removed.
#[tauri::command]
pub async fn remove_from_portfolio(
    app: AppHandle,
    portfolio: String,
    credentials: Vec<String>,
) -> Result<Vec<String>, Error> {
    on_wallet(app, move |_, w| {
        cairn::portfolio::remove(w, &portfolio, &credentials)
    })
    .await
}

/// Moves a credential to a position (1 = first) within its section of the portfolio.
#[tauri::command]
pub async fn move_in_portfolio(
    app: AppHandle,
    portfolio: String,
    credential: String,
    position: usize,
) -> Result<(), Error> {
    on_wallet(app, move |_, w| {
        cairn::portfolio::move_credential(w, &portfolio, &credential, position, None)
    })
    .await
}

/// Sets (or, with `null`, clears) a portfolio's goal.
#[tauri::command]
pub async fn set_goal(app: AppHandle, portfolio: String, goal: Option<Goal>) -> Result<(), Error> {
    on_wallet(app, move |_, w| {
        cairn::portfolio::set_goal(w, &portfolio, goal.as_ref())
    })
    .await
}

/// Stacks (pathways, CLR groups) found in the wallet.
#[tauri::command]
pub async fn detect_stacks(
    app: AppHandle,
    include_invalid: Option<bool>,
) -> Result<Vec<DetectedStack>, Error> {
    on_wallet(app, move |_, w| {
        cairn::portfolio::stacks::detect_with(w, include_invalid.unwrap_or(false))
    })
    .await
}

/// Makes a portfolio of a detected stack in one step; returns its number.
#[tauri::command]
pub async fn portfolio_from_stack(app: AppHandle, key: String) -> Result<i64, Error> {
    on_wallet(app, move |_, w| {
        cairn::portfolio::stacks::create_portfolio(w, &key, None)
    })
    .await
}

/// Every visible skill across issuers, most evidenced first.
#[tauri::command]
pub async fn list_skills(app: AppHandle) -> Result<Vec<Skill>, Error> {
    on_wallet(app, |_, w| cairn::skills::skills(w, None, false)).await
}

/// The interview-preparation sheet for a skill, or for a portfolio when `portfolio` is set.
#[tauri::command]
pub async fn prep(
    app: AppHandle,
    skill: Option<String>,
    portfolio: Option<String>,
    include_invalid: Option<bool>,
) -> Result<PrepSummary, Error> {
    let include = include_invalid.unwrap_or(false);
    on_wallet(app, move |_, w| match (portfolio, skill) {
        (Some(p), _) => cairn::skills::prep::prep_portfolio_with(w, &p, include),
        (None, Some(s)) => cairn::skills::prep::prep_skill_with(w, &s, include),
        (None, None) => Err(Error::invalid("say which skill or portfolio to prepare")),
    })
    .await
}

/// Matches a job posting against the wallet.
#[tauri::command]
pub async fn match_posting(
    app: AppHandle,
    posting: String,
    include_invalid: Option<bool>,
) -> Result<PostingMatch, Error> {
    on_wallet(app, move |_, w| {
        cairn::skills::posting::match_posting_with(
            w,
            &posting,
            chrono::Utc::now(),
            include_invalid.unwrap_or(false),
        )
    })
    .await
}

/// Matches a posting and makes a portfolio of its `limit` best credentials with the asked-for
/// skills as its goal; returns the portfolio's number.
#[tauri::command]
pub async fn portfolio_from_posting(
    app: AppHandle,
    name: String,
    posting: String,
    limit: usize,
) -> Result<i64, Error> {
    on_wallet(app, move |_, w| {
        let found = cairn::skills::posting::match_posting(w, &posting)?;
        cairn::skills::posting::create_portfolio(w, &name, &found, limit)
    })
    .await
}

/// The learner's identities (e-mail addresses, URLs, DIDs, telephone numbers).
#[tauri::command]
pub async fn identities(app: AppHandle) -> Result<Vec<Identity>, Error> {
    on_wallet(app, |_, w| w.identities()).await
}

/// Adds an identity; returns how many credentials are now known to be the learner's.
#[tauri::command]
pub async fn add_identity(app: AppHandle, kind: String, value: String) -> Result<usize, Error> {
    on_wallet(app, move |_, w| w.add_identity(&Identity { kind, value })).await
}

/// Removes an identity.
#[tauri::command]
pub async fn remove_identity(app: AppHandle, kind: String, value: String) -> Result<(), Error> {
    on_wallet(app, move |_, w| w.remove_identity(&kind, &value)).await
}
