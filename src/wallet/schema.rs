//! The wallet's SQLite schema as ordered migrations; the version lives in `user_version`.
//!
//! Migrations are append-only: a released migration is never edited, so every wallet ever
//! written can be upgraded in order.

use rusqlite_migration::{M, Migrations};

/// Every migration, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
        M::up(V9),
    ])
}

/// The schema version a wallet has once every migration has run.
pub const CURRENT_VERSION: usize = 9;

const V1: &str = r#"
CREATE TABLE original (
    sha256      TEXT PRIMARY KEY,
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    bytes       BLOB NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;

CREATE TABLE image (
    sha256     TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    bytes      BLOB NOT NULL
) STRICT;

CREATE TABLE credential (
    id              TEXT PRIMARY KEY,
    credential_id   TEXT,
    original_sha256 TEXT NOT NULL REFERENCES original(sha256),
    parent_id       TEXT REFERENCES credential(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    format          TEXT NOT NULL,
    title           TEXT NOT NULL,
    issuer_name     TEXT,
    issued_on       TEXT,
    valid_until     TEXT,
    image_sha256    TEXT REFERENCES image(sha256),
    document        TEXT NOT NULL,
    data            TEXT NOT NULL,
    imported_at     TEXT NOT NULL
) STRICT;

CREATE INDEX credential_by_credential_id ON credential(credential_id);
CREATE INDEX credential_by_original ON credential(original_sha256);
CREATE INDEX credential_by_parent ON credential(parent_id);
CREATE INDEX credential_by_image ON credential(image_sha256);

CREATE VIRTUAL TABLE credential_text USING fts5(
    credential UNINDEXED, title, description, issuer, skills, criteria,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER credential_text_forget AFTER DELETE ON credential BEGIN
    DELETE FROM credential_text WHERE credential = old.id;
END;
"#;

/// Import of every format: snapshots of what hosted badges name by URL, the learner's own
/// identities with each credential's recipient status, and CLR associations.
const V2: &str = r#"
CREATE TABLE snapshot (
    id         INTEGER PRIMARY KEY,
    url        TEXT NOT NULL,
    final_url  TEXT NOT NULL,
    media_type TEXT,
    bytes      BLOB NOT NULL,
    sha256     TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    UNIQUE (url, sha256)
) STRICT;

CREATE TABLE credential_snapshot (
    credential TEXT NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    snapshot   INTEGER NOT NULL REFERENCES snapshot(id),
    PRIMARY KEY (credential, role, snapshot)
) STRICT;

CREATE INDEX credential_snapshot_by_snapshot ON credential_snapshot(snapshot);

CREATE TABLE profile_identity (
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (kind, value)
) STRICT;

ALTER TABLE credential ADD COLUMN recipient_status TEXT NOT NULL DEFAULT 'unknown';

CREATE TABLE association (
    credential       TEXT NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    association_type TEXT NOT NULL,
    source_id        TEXT NOT NULL,
    target_id        TEXT NOT NULL,
    PRIMARY KEY (credential, position)
) STRICT;
"#;

/// Portfolios (with sections, ordered items and goals), the learner's tags and notes on
/// credentials, skill overrides (rename, merge, hide) and notes, and indexes for library sorts
/// and filters. Skill overrides are keyed by the normalised skill key, not by credential, so
/// they survive removing and re-importing credentials.
const V3: &str = r#"
CREATE TABLE portfolio (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    purpose    TEXT,
    goal       TEXT,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE portfolio_section (
    id        INTEGER PRIMARY KEY,
    portfolio INTEGER NOT NULL REFERENCES portfolio(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    UNIQUE (portfolio, name)
) STRICT;

CREATE TABLE portfolio_item (
    portfolio  INTEGER NOT NULL REFERENCES portfolio(id) ON DELETE CASCADE,
    credential TEXT NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
    section    INTEGER REFERENCES portfolio_section(id) ON DELETE SET NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (portfolio, credential)
) STRICT;

CREATE INDEX portfolio_item_by_credential ON portfolio_item(credential);

CREATE TABLE credential_tag (
    credential TEXT NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
    tag        TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (credential, tag)
) STRICT;

CREATE INDEX credential_tag_by_tag ON credential_tag(tag);

CREATE TABLE credential_note (
    credential TEXT PRIMARY KEY REFERENCES credential(id) ON DELETE CASCADE,
    note       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE skill_override (
    skill  TEXT PRIMARY KEY,
    name   TEXT,
    merged_into TEXT,
    hidden INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE skill_note (
    skill TEXT PRIMARY KEY,
    note  TEXT NOT NULL
) STRICT;

CREATE INDEX credential_by_valid_until ON credential(valid_until);
CREATE INDEX credential_by_issued_on ON credential(issued_on);
CREATE INDEX credential_by_issuer ON credential(issuer_name COLLATE NOCASE);

-- Covers the library listing, so searches and filters never read the (large) stored
-- documents: on a 10,000-credential wallet a full listing reads ~2 MB instead of ~26 MB.
CREATE INDEX credential_listing ON credential(
    id, title, issuer_name, issued_on, valid_until, format, credential_id, parent_id,
    image_sha256, recipient_status, imported_at
);
"#;

/// Verification history: every verification of a stored credential, with its time and report.
const V4: &str = r#"
CREATE TABLE verification (
    id          INTEGER PRIMARY KEY,
    credential  TEXT NOT NULL REFERENCES credential(id) ON DELETE CASCADE,
    checked_at  TEXT NOT NULL,
    verdict     TEXT NOT NULL,
    online      INTEGER NOT NULL,
    report      TEXT NOT NULL
) STRICT;

CREATE INDEX verification_by_credential ON verification(credential, checked_at);
"#;

/// The holder key: one Ed25519 key pair per wallet, the private half sealed with the learner's
/// passphrase (never stored in plain text).
const V5: &str = r#"
CREATE TABLE holder_key (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    public_key    BLOB NOT NULL,
    sealed_secret BLOB NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
"#;

/// The latest verdict of each credential, kept beside the history (by `History::record`) so
/// library searches filter and sort by it without scanning the history. Filled from the
/// history a wallet already has.
const V6: &str = r#"
CREATE TABLE credential_verdict (
    credential TEXT PRIMARY KEY REFERENCES credential(id) ON DELETE CASCADE,
    verdict    TEXT NOT NULL,
    checked_at TEXT NOT NULL
) STRICT;

INSERT INTO credential_verdict (credential, verdict, checked_at)
SELECT credential, verdict, checked_at FROM (
    SELECT credential, verdict, checked_at, row_number() OVER (
        PARTITION BY credential ORDER BY checked_at DESC, id DESC) AS n
    FROM verification)
WHERE n = 1;
"#;

/// The learner's settings as keys and values (see `settings.rs`): their name, offline mode.
const V7: &str = r#"
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
"#;

/// The reason beside each latest verdict (`tampered`, `expired`, `offline`…; see
/// `verify::Reason`), so exports and filters can tell an expired credential from a forgery
/// without reading reports. Filled from the stored reports a wallet already has.
const V8: &str = r#"
ALTER TABLE credential_verdict ADD COLUMN reason TEXT;

UPDATE credential_verdict SET reason = (
    SELECT json_extract(v.report, '$.reason') FROM verification v
    WHERE v.credential = credential_verdict.credential
      AND v.checked_at = credential_verdict.checked_at
    ORDER BY v.id DESC LIMIT 1);
"#;

/// JSON-LD contexts Cairn does not ship that the learner let it fetch: each URL pinned to the
/// bytes first fetched (and their SHA-256), reused offline; a later different answer is refused.
const V9: &str = r#"
CREATE TABLE context_pin (
    url        TEXT PRIMARY KEY,
    sha256     TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    fetched_at TEXT NOT NULL
) STRICT;
"#;
