//! The wallet as plain rows, for backups: [`Wallet::dump`] reads everything the learner has (or
//! a selection of it) and [`Wallet::merge_dump`] merges such a dump into a wallet.
//!
//! Every table that holds the learner's data has its rows here: originals and the credentials
//! read from them (with their search text, associations, images and the snapshots of what a
//! hosted badge names), identities, tags, notes, portfolios (sections, order, goals), skill
//! overrides and notes, the verification history with each latest verdict, the holder key
//! (still sealed under its own passphrase: it is copied, never opened), the settings and the
//! JSON-LD contexts pinned in the wallet.
//! Portfolios, sections and snapshots are keyed by name or content, not by row number, so a
//! dump merges into a wallet whose row numbers differ.
//!
//! Merging never overwrites: originals already present are duplicates; tags, identities and
//! history are unions; a note, portfolio, skill override, setting, holder key or pinned context
//! that exists on both sides with different content keeps the wallet's and is reported as a
//! [`RestoreConflict`].

use super::{Wallet, profile, store::wallet_id};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Credential, Format, sha256_hex};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use ts_rs::TS;

/// What a dump holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Everything in the wallet.
    Whole,
    /// These credentials (wallet ids), with everything stored from the same files, and the
    /// portfolios, tags, notes, history and snapshots that concern them.
    Credentials(Vec<String>),
    /// These portfolios (names or numbers), whole, with the credentials in them.
    Portfolios(Vec<String>),
}

/// An original file. Its bytes travel beside the dump (see `backup`), not in its JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginalRow {
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// The file name it was imported from.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// When it was first imported (RFC 3339).
    pub imported_at: String,
    /// The bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// An image shown for credentials, by content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRow {
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// Its media type.
    pub media_type: String,
    /// The bytes (beside the dump's JSON).
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// A credential as stored, with its search text and associations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialRow {
    /// Wallet id (derived from the original and the position).
    pub id: String,
    /// The credential's own id.
    pub credential_id: Option<String>,
    /// The original it was read from.
    pub original_sha256: String,
    /// The credential it is nested in.
    pub parent_id: Option<String>,
    /// Its position in the original.
    pub position: i64,
    /// Its format.
    pub format: String,
    /// Title.
    pub title: String,
    /// Issuer name.
    pub issuer_name: Option<String>,
    /// Issue date.
    pub issued_on: Option<String>,
    /// Expiry date.
    pub valid_until: Option<String>,
    /// Its image, by SHA-256.
    pub image_sha256: Option<String>,
    /// The credential document.
    pub document: String,
    /// The normalised credential (JSON).
    pub data: String,
    /// When it was imported.
    pub imported_at: String,
    /// Recipient status when dumped (recomputed on merge).
    pub recipient_status: String,
    /// Search text: title, description, issuer, skills, criteria.
    pub text: [String; 5],
    /// Associations (CLR): type, source, target, in order.
    pub associations: Vec<[String; 3]>,
}

/// A fetched document a credential names, with the credential and role it is kept for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRow {
    /// The credential.
    pub credential: String,
    /// `hosted-assertion`, `badgeclass`, `issuer` or `image`.
    pub role: String,
    /// The URL named.
    pub url: String,
    /// The URL that answered.
    pub final_url: String,
    /// The media type sent.
    pub media_type: Option<String>,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// When fetched.
    pub fetched_at: String,
    /// The bytes (beside the dump's JSON).
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// One of the learner's identities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityRow {
    /// email, url, did, telephone.
    pub kind: String,
    /// The identity.
    pub value: String,
    /// When added.
    pub added_at: String,
}

/// A portfolio with its sections and items, keyed by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioRow {
    /// Its name (unique, case-insensitive).
    pub name: String,
    /// What it is for.
    pub purpose: Option<String>,
    /// Its goal (JSON).
    pub goal: Option<String>,
    /// When created.
    pub created_at: String,
    /// Sections: name and position.
    pub sections: Vec<(String, i64)>,
    /// Items: credential, section name, position.
    pub items: Vec<(String, Option<String>, i64)>,
}

/// A tag, a note or a skill note: a key and a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRow {
    /// The credential or skill key.
    pub key: String,
    /// The text.
    pub note: String,
    /// When last changed (credential notes only).
    pub updated_at: Option<String>,
}

/// A skill override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillOverrideRow {
    /// The skill key.
    pub skill: String,
    /// Name shown instead.
    pub name: Option<String>,
    /// Merged into this key.
    pub merged_into: Option<String>,
    /// Hidden.
    pub hidden: bool,
}

/// One verification in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationRow {
    /// The credential.
    pub credential: String,
    /// When.
    pub checked_at: String,
    /// Verdict.
    pub verdict: String,
    /// With the network.
    pub online: bool,
    /// The report (JSON).
    pub report: String,
}

/// A credential's latest verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictRow {
    /// The credential.
    pub credential: String,
    /// Verdict.
    pub verdict: String,
    /// When.
    pub checked_at: String,
    /// Why (`verify::Reason`).
    pub reason: Option<String>,
}

/// The holder key pair, the private half still sealed under the learner's passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolderKeyRow {
    /// Public key (hex).
    pub public_key: String,
    /// Sealed private key (hex), as stored: never opened by a backup.
    pub sealed_secret: String,
    /// When created.
    pub created_at: String,
}

/// The wallet, or a selection of it, as rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dump {
    /// Whether this is the whole wallet (a selection carries no profile, settings, holder key
    /// or skill choices).
    pub whole: bool,
    /// Originals.
    pub originals: Vec<OriginalRow>,
    /// Images.
    pub images: Vec<ImageRow>,
    /// Credentials.
    pub credentials: Vec<CredentialRow>,
    /// Snapshots, per credential and role.
    pub snapshots: Vec<SnapshotRow>,
    /// Identities.
    pub identities: Vec<IdentityRow>,
    /// Portfolios.
    pub portfolios: Vec<PortfolioRow>,
    /// Tags: credential and tag.
    pub tags: Vec<(String, String)>,
    /// Notes on credentials.
    pub notes: Vec<NoteRow>,
    /// Skill overrides.
    pub skill_overrides: Vec<SkillOverrideRow>,
    /// Notes on skills.
    pub skill_notes: Vec<NoteRow>,
    /// Verification history.
    pub verifications: Vec<VerificationRow>,
    /// Latest verdicts.
    pub verdicts: Vec<VerdictRow>,
    /// The holder key.
    pub holder_key: Option<HolderKeyRow>,
    /// Settings: key and value.
    pub settings: Vec<(String, String)>,
    /// JSON-LD contexts pinned in the wallet (absent from backups written before schema V9).
    #[serde(default)]
    pub context_pins: Vec<ContextPinRow>,
}

/// A pinned JSON-LD context: its URL, the text first fetched, its SHA-256 and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextPinRow {
    /// The URL.
    pub url: String,
    /// The context as fetched (JSON, so UTF-8).
    pub text: String,
    /// SHA-256 of the text, hex.
    pub sha256: String,
    /// When it was fetched (RFC 3339).
    pub fetched_at: String,
}

/// Something present on both sides with different content: the wallet's is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoreConflict {
    /// `portfolio`, `note`, `skill`, `skill_note`, `setting`, `holder_key` or `context`.
    pub kind: String,
    /// What it is: the portfolio's name, the credential's id, the setting's key…
    pub name: String,
    /// What differs, in words; the wallet's version was kept.
    pub detail: String,
}

/// What merging a dump did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct MergeReport {
    /// Original files added.
    pub added: usize,
    /// Original files already in the wallet (same bytes, or the same credentials).
    pub duplicates: usize,
    /// Wallet ids of the credentials added.
    pub credentials: Vec<String>,
    /// Portfolios added.
    pub portfolios_added: usize,
    /// Items and sections added to portfolios the wallet already had.
    pub portfolio_items_added: usize,
    /// Tags, notes, identities, skill choices, settings and verifications added.
    pub annotations_added: usize,
    /// Things present on both sides with different content (the wallet's kept).
    pub conflicts: Vec<RestoreConflict>,
}

fn hex_of(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

fn damaged(detail: String) -> Error {
    Error::invalid(format!("the backup is damaged: {detail}"))
}

impl Wallet {
    /// Reads the wallet (or `selection` of it) as rows, blobs included.
    pub fn dump(&self, selection: &Selection) -> Result<Dump> {
        let conn = &self.conn;
        let whole = *selection == Selection::Whole;
        // The credentials, by the originals they come from.
        let originals: Vec<String> = match selection {
            Selection::Whole => {
                let mut stmt = conn.prepare("SELECT sha256 FROM original ORDER BY sha256")?;
                stmt.query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
            }
            Selection::Credentials(ids) => originals_of(conn, ids)?,
            Selection::Portfolios(names) => {
                let mut ids = Vec::new();
                for name in names {
                    let id = crate::portfolio::resolve(self, name)?;
                    let mut stmt =
                        conn.prepare("SELECT credential FROM portfolio_item WHERE portfolio = ?1")?;
                    ids.extend(
                        stmt.query_map([id], |r| r.get::<_, String>(0))?
                            .collect::<rusqlite::Result<Vec<_>>>()?,
                    );
                }
                originals_of(conn, &ids)?
            }
        };
        let mut dump = Dump {
            whole,
            ..Dump::default()
        };
        let mut ids: BTreeSet<String> = BTreeSet::new();
        let mut images: BTreeSet<String> = BTreeSet::new();
        for sha in &originals {
            dump.originals.push(conn.query_row(
                "SELECT sha256, file_name, media_type, imported_at, bytes FROM original WHERE sha256 = ?1",
                [sha],
                |r| {
                    Ok(OriginalRow {
                        sha256: r.get(0)?,
                        file_name: r.get(1)?,
                        media_type: r.get(2)?,
                        imported_at: r.get(3)?,
                        bytes: r.get(4)?,
                    })
                },
            )?);
            let mut stmt = conn.prepare(
                "SELECT c.id, c.credential_id, c.original_sha256, c.parent_id, c.position, c.format,
                        c.title, c.issuer_name, c.issued_on, c.valid_until, c.image_sha256,
                        c.document, c.data, c.imported_at, c.recipient_status,
                        t.title, t.description, t.issuer, t.skills, t.criteria
                 FROM credential c LEFT JOIN credential_text t ON t.credential = c.id
                 WHERE c.original_sha256 = ?1 ORDER BY c.position",
            )?;
            let rows = stmt.query_map([sha], |r| {
                let text = |i: usize| -> rusqlite::Result<String> {
                    Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
                };
                Ok(CredentialRow {
                    id: r.get(0)?,
                    credential_id: r.get(1)?,
                    original_sha256: r.get(2)?,
                    parent_id: r.get(3)?,
                    position: r.get(4)?,
                    format: r.get(5)?,
                    title: r.get(6)?,
                    issuer_name: r.get(7)?,
                    issued_on: r.get(8)?,
                    valid_until: r.get(9)?,
                    image_sha256: r.get(10)?,
                    document: r.get(11)?,
                    data: r.get(12)?,
                    imported_at: r.get(13)?,
                    recipient_status: r.get(14)?,
                    text: [text(15)?, text(16)?, text(17)?, text(18)?, text(19)?],
                    associations: Vec::new(),
                })
            })?;
            for row in rows {
                let mut row = row?;
                let mut stmt = conn.prepare_cached(
                    "SELECT association_type, source_id, target_id FROM association
                     WHERE credential = ?1 ORDER BY position",
                )?;
                row.associations = stmt
                    .query_map([&row.id], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]))?
                    .collect::<rusqlite::Result<_>>()?;
                ids.insert(row.id.clone());
                images.extend(row.image_sha256.clone());
                dump.credentials.push(row);
            }
        }
        for sha in &images {
            dump.images.push(conn.query_row(
                "SELECT sha256, media_type, bytes FROM image WHERE sha256 = ?1",
                [sha],
                |r| {
                    Ok(ImageRow {
                        sha256: r.get(0)?,
                        media_type: r.get(1)?,
                        bytes: r.get(2)?,
                    })
                },
            )?);
        }
        let mine = |id: &String| ids.contains(id);
        {
            let mut stmt = conn.prepare(
                "SELECT cs.credential, cs.role, s.url, s.final_url, s.media_type, s.sha256,
                        s.fetched_at, s.bytes
                 FROM credential_snapshot cs JOIN snapshot s ON s.id = cs.snapshot
                 ORDER BY cs.credential, cs.role, s.url, s.sha256",
            )?;
            for row in stmt.query_map([], |r| {
                Ok(SnapshotRow {
                    credential: r.get(0)?,
                    role: r.get(1)?,
                    url: r.get(2)?,
                    final_url: r.get(3)?,
                    media_type: r.get(4)?,
                    sha256: r.get(5)?,
                    fetched_at: r.get(6)?,
                    bytes: r.get(7)?,
                })
            })? {
                let row = row?;
                if mine(&row.credential) {
                    dump.snapshots.push(row);
                }
            }
        }
        {
            let mut stmt = conn
                .prepare("SELECT credential, tag FROM credential_tag ORDER BY credential, tag")?;
            for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let row: (String, String) = row?;
                if mine(&row.0) {
                    dump.tags.push(row);
                }
            }
            let mut stmt = conn.prepare(
                "SELECT credential, note, updated_at FROM credential_note ORDER BY credential",
            )?;
            for row in stmt.query_map([], |r| {
                Ok(NoteRow {
                    key: r.get(0)?,
                    note: r.get(1)?,
                    updated_at: r.get(2)?,
                })
            })? {
                let row = row?;
                if mine(&row.key) {
                    dump.notes.push(row);
                }
            }
            let mut stmt = conn.prepare(
                "SELECT credential, checked_at, verdict, online, report FROM verification
                 ORDER BY id",
            )?;
            for row in stmt.query_map([], |r| {
                Ok(VerificationRow {
                    credential: r.get(0)?,
                    checked_at: r.get(1)?,
                    verdict: r.get(2)?,
                    online: r.get(3)?,
                    report: r.get(4)?,
                })
            })? {
                let row = row?;
                if mine(&row.credential) {
                    dump.verifications.push(row);
                }
            }
            let mut stmt = conn.prepare(
                "SELECT credential, verdict, checked_at, reason FROM credential_verdict
                 ORDER BY credential",
            )?;
            for row in stmt.query_map([], |r| {
                Ok(VerdictRow {
                    credential: r.get(0)?,
                    verdict: r.get(1)?,
                    checked_at: r.get(2)?,
                    reason: r.get(3)?,
                })
            })? {
                let row = row?;
                if mine(&row.credential) {
                    dump.verdicts.push(row);
                }
            }
        }
        // Portfolios: every one for the whole wallet; the named ones; or, for credentials,
        // each portfolio holding one of them, with only those items.
        let portfolios: Vec<(i64, String)> = {
            let mut stmt = conn.prepare("SELECT id, name FROM portfolio ORDER BY id")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let named: Option<HashSet<i64>> = match selection {
            Selection::Portfolios(names) => Some(
                names
                    .iter()
                    .map(|n| crate::portfolio::resolve(self, n))
                    .collect::<Result<_>>()?,
            ),
            _ => None,
        };
        for (pid, _) in portfolios {
            if named.as_ref().is_some_and(|n| !n.contains(&pid)) {
                continue;
            }
            let mut row = read_portfolio(conn, pid)?;
            if matches!(selection, Selection::Credentials(_)) {
                row.items.retain(|(c, _, _)| mine(c));
                if row.items.is_empty() {
                    continue;
                }
            }
            dump.portfolios.push(row);
        }
        if whole {
            let mut stmt = conn.prepare(
                "SELECT kind, value, added_at FROM profile_identity ORDER BY added_at, kind, value",
            )?;
            dump.identities = stmt
                .query_map([], |r| {
                    Ok(IdentityRow {
                        kind: r.get(0)?,
                        value: r.get(1)?,
                        added_at: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = conn.prepare(
                "SELECT skill, name, merged_into, hidden FROM skill_override ORDER BY skill",
            )?;
            dump.skill_overrides = stmt
                .query_map([], |r| {
                    Ok(SkillOverrideRow {
                        skill: r.get(0)?,
                        name: r.get(1)?,
                        merged_into: r.get(2)?,
                        hidden: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = conn.prepare("SELECT skill, note FROM skill_note ORDER BY skill")?;
            dump.skill_notes = stmt
                .query_map([], |r| {
                    Ok(NoteRow {
                        key: r.get(0)?,
                        note: r.get(1)?,
                        updated_at: None,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = conn.prepare("SELECT key, value FROM setting ORDER BY key")?;
            dump.settings = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = conn
                .prepare("SELECT url, bytes, sha256, fetched_at FROM context_pin ORDER BY url")?;
            dump.context_pins = stmt
                .query_map([], |r| {
                    Ok(ContextPinRow {
                        url: r.get(0)?,
                        text: String::from_utf8_lossy(&r.get::<_, Vec<u8>>(1)?).into_owned(),
                        sha256: r.get(2)?,
                        fetched_at: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            dump.holder_key = conn
                .query_row(
                    "SELECT public_key, sealed_secret, created_at FROM holder_key WHERE id = 1",
                    [],
                    |r| {
                        Ok(HolderKeyRow {
                            public_key: hex_of(&r.get::<_, Vec<u8>>(0)?),
                            sealed_secret: hex_of(&r.get::<_, Vec<u8>>(1)?),
                            created_at: r.get(2)?,
                        })
                    },
                )
                .optional()?;
        }
        Ok(dump)
    }

    /// Merges `dump` into the wallet in one transaction (all or nothing). Nothing the wallet
    /// holds is overwritten: see the module documentation for the rules.
    pub fn merge_dump(&mut self, dump: &Dump) -> Result<MergeReport> {
        check(dump)?;
        let tx = self.conn.transaction()?;
        let mut report = MergeReport::default();
        // Backup credential id → wallet credential id.
        let mut map: HashMap<String, String> = HashMap::new();
        let mut inserted: HashSet<String> = HashSet::new();
        for original in &dump.originals {
            merge_original(&tx, dump, original, &mut map, &mut inserted, &mut report)?;
        }
        let mapped = |id: &str| map.get(id).cloned();
        // Snapshots of the credentials added.
        for s in dump
            .snapshots
            .iter()
            .filter(|s| inserted.contains(&s.credential))
        {
            tx.execute(
                "INSERT OR IGNORE INTO snapshot (url, final_url, media_type, bytes, sha256, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![s.url, s.final_url, s.media_type, s.bytes, s.sha256, s.fetched_at],
            )?;
            let id: i64 = tx.query_row(
                "SELECT id FROM snapshot WHERE url = ?1 AND sha256 = ?2",
                [&s.url, &s.sha256],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO credential_snapshot (credential, role, snapshot) VALUES (?1, ?2, ?3)",
                params![s.credential, s.role, id],
            )?;
        }
        // Identities, then every credential's recipient status against the merged profile.
        for i in &dump.identities {
            report.annotations_added += tx.execute(
                "INSERT OR IGNORE INTO profile_identity (kind, value, added_at) VALUES (?1, ?2, ?3)",
                params![i.kind, i.value, i.added_at],
            )?;
        }
        recompute_statuses(&tx)?;
        for (credential, tag) in &dump.tags {
            if let Some(id) = mapped(credential) {
                report.annotations_added += tx.execute(
                    "INSERT OR IGNORE INTO credential_tag (credential, tag) VALUES (?1, ?2)",
                    params![id, tag],
                )?;
            }
        }
        for n in &dump.notes {
            let Some(id) = mapped(&n.key) else { continue };
            let existing: Option<String> = tx
                .query_row(
                    "SELECT note FROM credential_note WHERE credential = ?1",
                    [&id],
                    |r| r.get(0),
                )
                .optional()?;
            match existing {
                None => {
                    report.annotations_added += tx.execute(
                        "INSERT INTO credential_note (credential, note, updated_at) VALUES (?1, ?2, ?3)",
                        params![id, n.note, n.updated_at.as_deref().unwrap_or_default()],
                    )?;
                }
                Some(note) if note == n.note => {}
                Some(_) => report.conflicts.push(RestoreConflict {
                    kind: "note".into(),
                    name: id,
                    detail: "the wallet and the backup hold different notes on this credential; the wallet's was kept".into(),
                }),
            }
        }
        for p in &dump.portfolios {
            merge_portfolio(&tx, p, &mapped, &mut report)?;
        }
        for o in &dump.skill_overrides {
            let existing: Option<SkillOverrideRow> = tx
                .query_row(
                    "SELECT skill, name, merged_into, hidden FROM skill_override WHERE skill = ?1",
                    [&o.skill],
                    |r| {
                        Ok(SkillOverrideRow {
                            skill: r.get(0)?,
                            name: r.get(1)?,
                            merged_into: r.get(2)?,
                            hidden: r.get(3)?,
                        })
                    },
                )
                .optional()?;
            match existing {
                None => {
                    report.annotations_added += tx.execute(
                        "INSERT INTO skill_override (skill, name, merged_into, hidden) VALUES (?1, ?2, ?3, ?4)",
                        params![o.skill, o.name, o.merged_into, o.hidden],
                    )?;
                }
                Some(e) if e == *o => {}
                Some(_) => report.conflicts.push(RestoreConflict {
                    kind: "skill".into(),
                    name: o.skill.clone(),
                    detail: "renamed, merged or hidden differently in the backup; the wallet's choice was kept".into(),
                }),
            }
        }
        for n in &dump.skill_notes {
            let existing: Option<String> = tx
                .query_row(
                    "SELECT note FROM skill_note WHERE skill = ?1",
                    [&n.key],
                    |r| r.get(0),
                )
                .optional()?;
            match existing {
                None => {
                    report.annotations_added += tx.execute(
                        "INSERT INTO skill_note (skill, note) VALUES (?1, ?2)",
                        params![n.key, n.note],
                    )?;
                }
                Some(note) if note == n.note => {}
                Some(_) => report.conflicts.push(RestoreConflict {
                    kind: "skill_note".into(),
                    name: n.key.clone(),
                    detail: "a different note on this skill in the backup; the wallet's was kept"
                        .into(),
                }),
            }
        }
        for v in &dump.verifications {
            let Some(id) = mapped(&v.credential) else {
                continue;
            };
            // The history is a multiset: two checks in the same second with the same report
            // are two rows, so a row is added while the wallet has fewer copies than the dump.
            let wanted = dump
                .verifications
                .iter()
                .take_while(|w| !std::ptr::eq(*w, v))
                .filter(|w| *w == v)
                .count()
                + 1;
            let known: i64 = tx.query_row(
                "SELECT count(*) FROM verification WHERE credential = ?1 AND checked_at = ?2
                   AND verdict = ?3 AND online = ?4 AND report = ?5",
                params![id, v.checked_at, v.verdict, v.online, v.report],
                |r| r.get(0),
            )?;
            if usize::try_from(known).unwrap_or(0) < wanted {
                report.annotations_added += tx.execute(
                    "INSERT INTO verification (credential, checked_at, verdict, online, report)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, v.checked_at, v.verdict, v.online, v.report],
                )?;
            }
        }
        for v in &dump.verdicts {
            let Some(id) = mapped(&v.credential) else {
                continue;
            };
            // The latest verdict of the merged history: the later of the two.
            tx.execute(
                "INSERT INTO credential_verdict (credential, verdict, checked_at, reason)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(credential) DO UPDATE SET verdict = excluded.verdict,
                    checked_at = excluded.checked_at, reason = excluded.reason
                 WHERE excluded.checked_at > credential_verdict.checked_at",
                params![id, v.verdict, v.checked_at, v.reason],
            )?;
        }
        if let Some(key) = &dump.holder_key {
            let public = hex::decode(&key.public_key)
                .map_err(|_| damaged("the holder key is not hexadecimal".into()))?;
            let sealed = hex::decode(&key.sealed_secret)
                .map_err(|_| damaged("the holder key is not hexadecimal".into()))?;
            let existing: Option<Vec<u8>> = tx
                .query_row("SELECT public_key FROM holder_key WHERE id = 1", [], |r| {
                    r.get(0)
                })
                .optional()?;
            match existing {
                None => {
                    report.annotations_added += tx.execute(
                        "INSERT INTO holder_key (id, public_key, sealed_secret, created_at) VALUES (1, ?1, ?2, ?3)",
                        params![public, sealed, key.created_at],
                    )?;
                }
                Some(p) if p == public => {}
                Some(_) => {
                    report.conflicts.push(RestoreConflict {
                        kind: "holder_key".into(),
                        name: "holder key".into(),
                        detail: format!(
                            "the backup holds another holder key ({}); the wallet's key was kept",
                            crate::holder::did_key(public.as_slice().try_into().map_err(|_| {
                                damaged("the holder key is not 32 bytes".into())
                            })?)
                        ),
                    })
                }
            }
        }
        for (key, value) in &dump.settings {
            let existing: Option<String> = tx
                .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?;
            match existing {
                None => {
                    report.annotations_added += tx.execute(
                        "INSERT INTO setting (key, value) VALUES (?1, ?2)",
                        params![key, value],
                    )?;
                }
                Some(v) if v == *value => {}
                Some(v) => report.conflicts.push(RestoreConflict {
                    kind: "setting".into(),
                    name: key.clone(),
                    detail: format!(
                        "the wallet has '{v}', the backup '{value}'; the wallet's was kept"
                    ),
                }),
            }
        }
        for pin in &dump.context_pins {
            if sha256_hex(pin.text.as_bytes()) != pin.sha256 {
                return Err(damaged(format!(
                    "the pinned context {} does not match its checksum",
                    pin.url
                )));
            }
            let existing: Option<String> = tx
                .query_row(
                    "SELECT sha256 FROM context_pin WHERE url = ?1",
                    [&pin.url],
                    |r| r.get(0),
                )
                .optional()?;
            match existing {
                None => {
                    report.annotations_added += tx.execute(
                        "INSERT INTO context_pin (url, sha256, bytes, fetched_at) VALUES (?1, ?2, ?3, ?4)",
                        params![pin.url, pin.sha256, pin.text.as_bytes(), pin.fetched_at],
                    )?;
                }
                Some(sha) if sha == pin.sha256 => {}
                Some(_) => report.conflicts.push(RestoreConflict {
                    kind: "context".into(),
                    name: pin.url.clone(),
                    detail: "the wallet pins other bytes for this context than the backup; the wallet's pin was kept".into(),
                }),
            }
        }
        tx.commit()?;
        Ok(report)
    }
}

/// The originals of `ids` (wallet ids or prefixes), in order, each once.
fn originals_of(conn: &rusqlite::Connection, ids: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for id in ids {
        let sha: String = conn
            .query_row(
                "SELECT original_sha256 FROM credential WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::not_found(format!("no credential with id '{id}'")))?;
        if !out.contains(&sha) {
            out.push(sha);
        }
    }
    Ok(out)
}

fn read_portfolio(conn: &rusqlite::Connection, pid: i64) -> Result<PortfolioRow> {
    let (name, purpose, goal, created_at) = conn.query_row(
        "SELECT name, purpose, goal, created_at FROM portfolio WHERE id = ?1",
        [pid],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let mut stmt = conn.prepare(
        "SELECT name, position FROM portfolio_section WHERE portfolio = ?1 ORDER BY position, name",
    )?;
    let sections = stmt
        .query_map([pid], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT i.credential, s.name, i.position FROM portfolio_item i
         LEFT JOIN portfolio_section s ON s.id = i.section
         WHERE i.portfolio = ?1 ORDER BY i.position, i.credential",
    )?;
    let items = stmt
        .query_map([pid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(PortfolioRow {
        name,
        purpose,
        goal,
        created_at,
        sections,
        items,
    })
}

/// Checks a dump holds together before anything is written: each original matches its
/// checksum, each credential has the id its original and position give, names an original
/// of the dump, and reads as a credential.
fn check(dump: &Dump) -> Result<()> {
    let originals: HashSet<&str> = dump.originals.iter().map(|o| o.sha256.as_str()).collect();
    for o in &dump.originals {
        if sha256_hex(&o.bytes) != o.sha256 {
            return Err(damaged(format!(
                "{} does not match its checksum",
                o.file_name
            )));
        }
    }
    for i in &dump.images {
        if sha256_hex(&i.bytes) != i.sha256 {
            return Err(damaged("an image does not match its checksum".into()));
        }
    }
    for s in &dump.snapshots {
        if sha256_hex(&s.bytes) != s.sha256 {
            return Err(damaged(format!(
                "the snapshot of {} does not match its checksum",
                s.url
            )));
        }
    }
    let ids: HashSet<&str> = dump.credentials.iter().map(|c| c.id.as_str()).collect();
    for c in &dump.credentials {
        let position = usize::try_from(c.position).map_err(|_| damaged("bad position".into()))?;
        if !originals.contains(c.original_sha256.as_str())
            || wallet_id(&c.original_sha256, position) != c.id
            || c.parent_id.as_deref().is_some_and(|p| !ids.contains(p))
        {
            return Err(damaged(format!(
                "credential {} does not belong to its file",
                c.id
            )));
        }
        if Format::parse(&c.format).is_none()
            || serde_json::from_str::<Credential>(&c.data).is_err()
        {
            return Err(damaged(format!("credential {} cannot be read", c.id)));
        }
    }
    Ok(())
}

/// Merges one original and its credentials, as an import would: the same bytes, or a file
/// whose every top-level credential is already in the wallet, is a duplicate.
fn merge_original(
    tx: &Transaction<'_>,
    dump: &Dump,
    original: &OriginalRow,
    map: &mut HashMap<String, String>,
    inserted: &mut HashSet<String>,
    report: &mut MergeReport,
) -> Result<()> {
    let credentials: Vec<&CredentialRow> = dump
        .credentials
        .iter()
        .filter(|c| c.original_sha256 == original.sha256)
        .collect();
    let present: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM original WHERE sha256 = ?1)",
        [&original.sha256],
        |r| r.get(0),
    )?;
    // For each top-level credential: the wallet's credential with the same id, when any.
    let mut existing: HashMap<&str, String> = HashMap::new();
    for c in credentials.iter().filter(|c| c.parent_id.is_none()) {
        let same: Option<String> = tx
            .query_row("SELECT id FROM credential WHERE id = ?1", [&c.id], |r| {
                r.get(0)
            })
            .optional()?;
        let by_credential_id: Option<String> = match &c.credential_id {
            Some(cid) => tx
                .query_row(
                    "SELECT id FROM credential WHERE credential_id = ?1 AND parent_id IS NULL LIMIT 1",
                    [cid],
                    |r| r.get(0),
                )
                .optional()?,
            None => None,
        };
        if let Some(id) = same.or(by_credential_id) {
            existing.insert(c.id.as_str(), id);
        }
    }
    let top = credentials.iter().filter(|c| c.parent_id.is_none()).count();
    if present || existing.len() == top {
        report.duplicates += 1;
        for c in &credentials {
            if let Some(id) = existing.get(c.id.as_str()) {
                map.insert(c.id.clone(), id.clone());
            } else if present {
                let there: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM credential WHERE id = ?1)",
                    [&c.id],
                    |r| r.get(0),
                )?;
                if there {
                    map.insert(c.id.clone(), c.id.clone());
                }
            }
        }
        return Ok(());
    }
    tx.execute(
        "INSERT INTO original (sha256, file_name, media_type, bytes, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![original.sha256, original.file_name, original.media_type, original.bytes, original.imported_at],
    )?;
    report.added += 1;
    // Credentials come in position order, so a container is decided before what it holds.
    let mut skipped: HashSet<&str> = HashSet::new();
    for c in &credentials {
        if let Some(id) = existing.get(c.id.as_str()) {
            map.insert(c.id.clone(), id.clone());
            skipped.insert(c.id.as_str());
            continue;
        }
        if c.parent_id.as_deref().is_some_and(|p| skipped.contains(p)) {
            skipped.insert(c.id.as_str());
            continue;
        }
        if let Some(sha) = &c.image_sha256 {
            let image = dump
                .images
                .iter()
                .find(|i| &i.sha256 == sha)
                .ok_or_else(|| damaged(format!("the image of credential {} is missing", c.id)))?;
            tx.execute(
                "INSERT OR IGNORE INTO image (sha256, media_type, bytes) VALUES (?1, ?2, ?3)",
                params![image.sha256, image.media_type, image.bytes],
            )?;
        }
        tx.execute(
            "INSERT INTO credential (id, credential_id, original_sha256, parent_id, position, format,
                title, issuer_name, issued_on, valid_until, image_sha256, document, data, imported_at,
                recipient_status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'unknown')",
            params![
                c.id,
                c.credential_id,
                c.original_sha256,
                c.parent_id,
                c.position,
                c.format,
                c.title,
                c.issuer_name,
                c.issued_on,
                c.valid_until,
                c.image_sha256,
                c.document,
                c.data,
                c.imported_at
            ],
        )?;
        let [title, description, issuer, skills, criteria] = &c.text;
        tx.execute(
            "INSERT INTO credential_text (credential, title, description, issuer, skills, criteria)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![c.id, title, description, issuer, skills, criteria],
        )?;
        for (n, [kind, source, target]) in c.associations.iter().enumerate() {
            tx.execute(
                "INSERT INTO association (credential, position, association_type, source_id, target_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![c.id, i64::try_from(n).unwrap_or(i64::MAX), kind, source, target],
            )?;
        }
        map.insert(c.id.clone(), c.id.clone());
        inserted.insert(c.id.clone());
        report.credentials.push(c.id.clone());
    }
    Ok(())
}

/// Re-checks every credential's recipient against the profile.
fn recompute_statuses(tx: &Transaction<'_>) -> Result<()> {
    let identities = profile::load_identities(tx)?;
    let rows: Vec<(String, String)> = {
        let mut stmt = tx.prepare("SELECT id, data FROM credential")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (id, data) in rows {
        let credential: Credential = serde_json::from_str(&data).map_err(|e| {
            Error::new(
                ErrorCode::Storage,
                format!("credential {id} is stored damaged: {e}"),
            )
        })?;
        profile::set_status(tx, &id, &credential, &identities)?;
    }
    Ok(())
}

/// Merges one portfolio by name: a new one is added whole; for one the wallet has, sections
/// and credentials it lacks are added after its own, and a different purpose, goal, section
/// of a shared credential or order of shared credentials is a conflict (the wallet's kept).
fn merge_portfolio(
    tx: &Transaction<'_>,
    p: &PortfolioRow,
    mapped: &dyn Fn(&str) -> Option<String>,
    report: &mut MergeReport,
) -> Result<()> {
    let items: Vec<(String, Option<String>, i64)> = p
        .items
        .iter()
        .filter_map(|(c, s, n)| mapped(c).map(|id| (id, s.clone(), *n)))
        .collect();
    let existing: Option<i64> = tx
        .query_row("SELECT id FROM portfolio WHERE name = ?1", [&p.name], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(pid) = existing else {
        tx.execute(
            "INSERT INTO portfolio (name, purpose, goal, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![p.name, p.purpose, p.goal, p.created_at],
        )?;
        let pid = tx.last_insert_rowid();
        let mut sections = HashMap::new();
        for (name, position) in &p.sections {
            tx.execute(
                "INSERT INTO portfolio_section (portfolio, name, position) VALUES (?1, ?2, ?3)",
                params![pid, name, position],
            )?;
            sections.insert(name.clone(), tx.last_insert_rowid());
        }
        for (credential, section, position) in &items {
            tx.execute(
                "INSERT OR IGNORE INTO portfolio_item (portfolio, credential, section, position) VALUES (?1, ?2, ?3, ?4)",
                params![pid, credential, section.as_ref().and_then(|s| sections.get(s)), position],
            )?;
        }
        report.portfolios_added += 1;
        return Ok(());
    };
    let ours = read_portfolio(tx, pid)?;
    let mut differences = Vec::new();
    if ours.purpose != p.purpose {
        differences.push("purpose");
    }
    if ours.goal != p.goal {
        differences.push("goal");
    }
    for (name, _) in &p.sections {
        if !ours.sections.iter().any(|(n, _)| n == name) {
            tx.execute(
                "INSERT INTO portfolio_section (portfolio, name, position)
                 VALUES (?1, ?2, (SELECT coalesce(max(position) + 1, 0) FROM portfolio_section WHERE portfolio = ?1))",
                params![pid, name],
            )?;
            report.portfolio_items_added += 1;
        }
    }
    let shared_theirs: Vec<&String> = items
        .iter()
        .map(|(c, _, _)| c)
        .filter(|c| ours.items.iter().any(|(o, _, _)| o == *c))
        .collect();
    let shared_ours: Vec<&String> = ours
        .items
        .iter()
        .map(|(c, _, _)| c)
        .filter(|c| items.iter().any(|(t, _, _)| t == *c))
        .collect();
    if shared_theirs != shared_ours {
        differences.push("order");
    }
    for (credential, section, _) in &items {
        match ours.items.iter().find(|(c, _, _)| c == credential) {
            Some((_, s, _)) => {
                if s != section && !differences.contains(&"sections") {
                    differences.push("sections");
                }
            }
            None => {
                let section: Option<i64> = match section {
                    Some(name) => tx
                        .query_row(
                            "SELECT id FROM portfolio_section WHERE portfolio = ?1 AND name = ?2",
                            params![pid, name],
                            |r| r.get(0),
                        )
                        .optional()?,
                    None => None,
                };
                tx.execute(
                    "INSERT INTO portfolio_item (portfolio, credential, section, position)
                     VALUES (?1, ?2, ?3, (SELECT coalesce(max(position) + 1, 0) FROM portfolio_item WHERE portfolio = ?1))",
                    params![pid, credential, section],
                )?;
                report.portfolio_items_added += 1;
            }
        }
    }
    if !differences.is_empty() {
        report.conflicts.push(RestoreConflict {
            kind: "portfolio".into(),
            name: ours.name,
            detail: format!(
                "the backup's portfolio differs in {}; the wallet's was kept (credentials it lacked were added)",
                differences.join(", ")
            ),
        });
    }
    Ok(())
}
