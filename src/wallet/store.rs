//! Storing one file's credentials in one transaction: duplicates and conflicts (see
//! [`super::conflict`]), originals, images,
//! recipient status, associations and snapshots.

use super::{FileReport, Outcome, Wallet, now, profile, snapshot};
use crate::error::{Error, ErrorCode, Result};
use crate::import::Found;
use crate::model::{Image, Original, sha256_hex};
use rusqlite::{OptionalExtension, Transaction, params};
use snapshot::Snapshot;

impl Wallet {
    /// Stores one file's credentials in one transaction. A file already stored (same bytes) is
    /// a duplicate; so is each top-level credential whose id is already in the wallet with the
    /// same content, which is skipped with everything nested in it while the rest of the file
    /// is stored. The same id with different content is a conflict: stored, and reported.
    ///
    /// With `verified`, each credential's first verdict is stored in the same transaction:
    /// a credential is never in the wallet without it, whatever stops the import.
    pub(super) fn store(
        &self,
        original: &Original,
        found: &[Found],
        snapshots: &[Snapshot],
        verified: Option<&Verified>,
    ) -> Result<FileReport> {
        self.write(|tx| {
            let (existing, conflicting) =
                super::conflict::existing_and_conflicts(tx, original, found)?;
            let skipped: Vec<&String> = existing.iter().flatten().collect();
            if skipped.len() == found.iter().filter(|f| f.parent.is_none()).count()
                || same_bytes(tx, original)?.is_some()
            {
                let first = match same_bytes(tx, original)? {
                    Some(id) => id,
                    None => skipped[0].clone(),
                };
                let title = title_of(tx, &first)?;
                return Ok(FileReport {
                    source: String::new(),
                    outcome: Outcome::Duplicate,
                    message: format!("already in the wallet as {first} ({title}); nothing stored"),
                    credentials: vec![first],
                    titles: vec![title],
                    code: Some(ErrorCode::Duplicate),
                    verdicts: Vec::new(),
                    conflicts: Vec::new(),
                });
            }
            let now = now();
            let identities = profile::load_identities(tx)?;
            tx.execute(
                "INSERT INTO original (sha256, file_name, media_type, bytes, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![original.sha256, original.file_name, original.media_type, original.bytes, now],
            )?;
            // `ids[i]` is the wallet id given to `found[i]`, or `None` when it was skipped.
            let mut ids: Vec<Option<String>> = Vec::with_capacity(found.len());
            let mut stored = Vec::new();
            let mut titles = Vec::new();
            let mut verdicts = Vec::new();
            for (position, item) in found.iter().enumerate() {
                let parent = match item.parent {
                    Some(p) => Some(ids.get(p).cloned().ok_or_else(|| {
                        Error::internal("a nested credential names a container that comes after it")
                    })?),
                    None => None,
                };
                let skip = match &parent {
                    Some(parent) => parent.is_none(),
                    None => existing[position].is_some(),
                };
                if skip {
                    ids.push(None);
                    continue;
                }
                let id = wallet_id(&original.sha256, position);
                let image_sha = item
                    .image
                    .as_ref()
                    .map(|img| store_image(tx, img))
                    .transpose()?;
                insert_credential(
                    tx,
                    &id,
                    original,
                    parent.flatten().as_deref(),
                    position,
                    item,
                    image_sha.as_deref(),
                    &now,
                )?;
                profile::set_status(tx, &id, &item.credential, &identities)?;
                for (n, a) in item.associations.iter().enumerate() {
                    tx.execute(
                        "INSERT INTO association (credential, position, association_type, source_id, target_id)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![id, i64::try_from(n).unwrap_or(i64::MAX), a.association_type, a.source_id, a.target_id],
                    )?;
                }
                if let Some(verified) = verified
                    && let Some(Some(report)) = verified.reports.get(position)
                {
                    crate::verify::history::record_in(tx, &id, report, verified.online)?;
                    verdicts.push(report.verdict);
                }
                titles.push(item.credential.title.clone());
                stored.push(id.clone());
                ids.push(Some(id));
            }
            snapshot::store_snapshots(tx, &ids, snapshots)?;
            let conflicts = super::conflict::conflicts_of(tx, found, &ids, &conflicting)?;
            let mut message = match stored.len() {
                1 => format!("imported {}", titles[0]),
                n => format!("imported {n} credentials"),
            };
            if !skipped.is_empty() {
                message = format!(
                    "{message}; {} already in the wallet ({})",
                    skipped.len(),
                    skipped
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            for c in &conflicts {
                message = format!(
                    "{message}; conflict: {} states the same id as {} ({}) with different content; both kept",
                    c.id, c.other, c.other_title
                );
            }
            Ok(FileReport {
                source: String::new(),
                outcome: Outcome::Imported,
                credentials: stored,
                titles,
                code: None,
                message,
                verdicts,
                conflicts,
            })
        })
    }
}

/// The reports of one file's credentials, verified before they are stored.
pub(super) struct Verified {
    /// One per [`Found`], in order (`None`: not verified).
    pub reports: Vec<Option<crate::verify::Report>>,
    /// Whether they were verified with the network.
    pub online: bool,
}

/// The wallet id of the credential at `position` in the original with SHA-256 `sha256`.
pub(super) fn wallet_id(sha256: &str, position: usize) -> String {
    sha256_hex(format!("{sha256}:{position}").as_bytes())[..12].to_owned()
}

/// A credential already stored from exactly these bytes.
pub(super) fn same_bytes(tx: &rusqlite::Connection, original: &Original) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT id FROM credential WHERE original_sha256 = ?1 ORDER BY position LIMIT 1",
            [&original.sha256],
            |r| r.get(0),
        )
        .optional()?)
}

fn title_of(tx: &Transaction<'_>, id: &str) -> Result<String> {
    Ok(
        tx.query_row("SELECT title FROM credential WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

fn store_image(tx: &Transaction<'_>, image: &Image) -> Result<String> {
    let sha = sha256_hex(&image.bytes);
    tx.execute(
        "INSERT OR IGNORE INTO image (sha256, media_type, bytes) VALUES (?1, ?2, ?3)",
        params![sha, image.media_type, image.bytes],
    )?;
    Ok(sha)
}

#[allow(clippy::too_many_arguments)]
fn insert_credential(
    tx: &Transaction<'_>,
    id: &str,
    original: &Original,
    parent: Option<&str>,
    position: usize,
    item: &Found,
    image_sha: Option<&str>,
    now: &str,
) -> Result<()> {
    let c = &item.credential;
    let data = serde_json::to_string(c)
        .map_err(|e| Error::internal(format!("cannot encode credential: {e}")))?;
    let issuer_name = c.issuer.name.clone().or_else(|| c.issuer.id.clone());
    tx.execute(
        "INSERT INTO credential (id, credential_id, original_sha256, parent_id, position, format, title,
            issuer_name, issued_on, valid_until, image_sha256, document, data, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            id,
            c.credential_id,
            original.sha256,
            parent,
            i64::try_from(position).unwrap_or(i64::MAX),
            c.format.as_str(),
            c.title,
            issuer_name,
            c.issued_on,
            c.valid_until,
            image_sha,
            item.document,
            data,
            now
        ],
    )?;
    let skills: Vec<&str> = c
        .achievement
        .alignments
        .iter()
        .map(|a| a.target_name.as_str())
        .chain(c.achievement.tags.iter().map(String::as_str))
        .collect();
    tx.execute(
        "INSERT INTO credential_text (credential, title, description, issuer, skills, criteria) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            c.title,
            c.description.as_deref().or(c.achievement.description.as_deref()).unwrap_or_default(),
            issuer_name.unwrap_or_default(),
            skills.join(" ; "),
            c.achievement.criteria_narrative.as_deref().unwrap_or_default()
        ],
    )?;
    Ok(())
}
