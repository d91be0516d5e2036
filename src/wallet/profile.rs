//! The learner's profile: their own identities (e-mail addresses, URLs, DIDs, telephone
//! numbers), against which each credential's recipient is matched locally, giving it a
//! [`RecipientStatus`] that is kept up to date as identities come and go.

use super::{Wallet, now};
use crate::error::{Error, ErrorCode, Result};
use crate::model::Credential;
use crate::recipient::{Identity, RecipientStatus, recipient_status};
use rusqlite::{Transaction, params};

/// The identity kinds a profile holds.
pub const IDENTITY_KINDS: [&str; 4] = ["email", "url", "did", "telephone"];

impl Wallet {
    /// The learner's identities, in the order they were added.
    pub fn identities(&self) -> Result<Vec<Identity>> {
        load_identities(&self.conn)
    }

    /// Adds an identity to the learner's profile and re-checks every credential's recipient.
    /// Returns how many credentials are now known to be the learner's.
    pub fn add_identity(&mut self, identity: &Identity) -> Result<usize> {
        let kind = identity.kind.trim().to_ascii_lowercase();
        let value = identity.value.trim();
        if !IDENTITY_KINDS.contains(&kind.as_str()) {
            return Err(Error::invalid(format!(
                "'{kind}' is not an identity kind; use one of {}",
                IDENTITY_KINDS.join(", ")
            )));
        }
        let valid = match kind.as_str() {
            "email" => value.contains('@') && !value.contains(char::is_whitespace),
            "url" => value.starts_with("https://") || value.starts_with("http://"),
            "did" => value.starts_with("did:"),
            _ => !value.is_empty(),
        };
        if !valid {
            return Err(Error::invalid(format!("'{value}' is not a valid {kind}")));
        }
        self.write(|tx| {
            let added = tx.execute(
                "INSERT OR IGNORE INTO profile_identity (kind, value, added_at) VALUES (?1, ?2, ?3)",
                params![kind, value, now()],
            )?;
            if added == 0 {
                return Err(Error::new(
                    ErrorCode::Duplicate,
                    format!("{kind} {value} is already in your profile"),
                ));
            }
            recompute(tx)
        })
    }

    /// Removes an identity from the profile and re-checks every credential's recipient.
    pub fn remove_identity(&mut self, kind: &str, value: &str) -> Result<()> {
        self.write(|tx| {
            let removed = tx.execute(
                "DELETE FROM profile_identity WHERE kind = ?1 AND value = ?2",
                params![kind.trim().to_ascii_lowercase(), value.trim()],
            )?;
            if removed == 0 {
                return Err(Error::not_found(format!(
                    "{kind} {value} is not in your profile"
                )));
            }
            recompute(tx)?;
            Ok(())
        })
    }
}

/// The profile's identities.
pub(super) fn load_identities(conn: &rusqlite::Connection) -> Result<Vec<Identity>> {
    let mut stmt =
        conn.prepare("SELECT kind, value FROM profile_identity ORDER BY added_at, kind, value")?;
    let rows = stmt.query_map([], |r| {
        Ok(Identity {
            kind: r.get(0)?,
            value: r.get(1)?,
        })
    })?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .map_err(Error::from)
}

/// The stable spelling of a status, as stored and sent.
pub(super) fn status_str(status: RecipientStatus) -> &'static str {
    match status {
        RecipientStatus::Yours => "yours",
        RecipientStatus::SomeoneElse => "someone_else",
        RecipientStatus::Unknown => "unknown",
    }
}

/// Reads a stored status back; anything unexpected is `Unknown`.
pub(super) fn parse_status(text: &str) -> RecipientStatus {
    match text {
        "yours" => RecipientStatus::Yours,
        "someone_else" => RecipientStatus::SomeoneElse,
        _ => RecipientStatus::Unknown,
    }
}

/// Sets the recipient status of one stored credential.
pub(super) fn set_status(
    tx: &Transaction<'_>,
    id: &str,
    credential: &Credential,
    identities: &[Identity],
) -> Result<()> {
    let status = recipient_status(credential.recipient.as_ref(), identities);
    tx.execute(
        "UPDATE credential SET recipient_status = ?1 WHERE id = ?2",
        params![status_str(status), id],
    )?;
    Ok(())
}

/// Re-checks every credential against the profile; returns how many are the learner's.
fn recompute(tx: &Transaction<'_>) -> Result<usize> {
    let identities = load_identities(tx)?;
    let rows: Vec<(String, String)> = {
        let mut stmt = tx.prepare("SELECT id, data FROM credential")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut yours = 0;
    for (id, data) in rows {
        let credential: Credential = serde_json::from_str(&data).map_err(|e| {
            Error::new(
                ErrorCode::Storage,
                format!("credential {id} is stored damaged: {e}"),
            )
        })?;
        if recipient_status(credential.recipient.as_ref(), &identities) == RecipientStatus::Yours {
            yours += 1;
        }
        set_status(tx, &id, &credential, &identities)?;
    }
    Ok(yours)
}
