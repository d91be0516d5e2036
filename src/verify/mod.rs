//! Verification: is this credential what it claims to be, still valid, and the learner's?
//!
//! [`verify_document`] takes a credential as carried (JSON text or a compact JWS/JWT, as in
//! [`crate::import::Found::document`]) and returns a [`Report`]: ordered checks with stable
//! names (`format`, `signature`, `issuer_key`, `validity`, `status`, `recipient`), each `pass`,
//! `fail`, `warn` or `skip` with a plain message, and a [`Verdict`]. JSON Schema validation
//! ([`schema`]) reports under `format`.
//!
//! Everything that needs the network (DID documents, keys, status lists, OB 2.0 hosted
//! assertions) goes through the optional [`Fetch`] in [`VerifyOptions`]; without one,
//! verification is offline and those checks are skipped with the reason. JSON-LD contexts are
//! never fetched: they come from [`Contexts`], embedded in the binary.

pub mod contexts;
pub mod di;
pub mod ecdsa_rdfc;
pub mod ecdsa_sd;
pub mod fetch;
pub mod history;
pub mod jose;
pub mod keys;
pub mod ob2;
pub mod rdfc;
pub mod report;
pub mod schema;
pub mod status;
pub mod validity;

pub use contexts::Contexts;
pub use fetch::{Fetch, FetchCache, Fetched};
pub use report::{Check, CheckName, CheckStatus, Checks, Reason, Report, Verdict};

use crate::model::{Credential, Format};
use crate::recipient::{Identity, RecipientStatus, recipient_status};
use chrono::{DateTime, SecondsFormat, Utc};
use keys::{KeyError, KeySource, ResolvedKey};
use serde_json::Value;

/// How to verify: the network (or none), the clock, the learner's identities and the contexts.
#[derive(Clone, Copy)]
pub struct VerifyOptions<'a> {
    /// The network, or `None` to verify offline.
    pub fetch: Option<&'a dyn Fetch>,
    /// "Now", for validity periods; injectable for tests.
    pub now: DateTime<Utc>,
    /// The learner's identities, for the `recipient` check.
    pub identities: &'a [Identity],
    /// The JSON-LD contexts available (never fetched).
    pub contexts: &'a Contexts,
}

impl VerifyOptions<'static> {
    /// Offline verification at the current time with the built-in contexts and no identities.
    pub fn offline() -> Self {
        Self {
            fetch: None,
            now: Utc::now(),
            identities: &[],
            contexts: Contexts::embedded(),
        }
    }
}

impl std::fmt::Debug for VerifyOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyOptions")
            .field("online", &self.fetch.is_some())
            .field("now", &self.now)
            .field("identities", &self.identities.len())
            .finish()
    }
}

/// Verifies one credential as carried: JSON text or a compact JWS/JWT.
pub fn verify_document(document: &str, options: &VerifyOptions) -> Report {
    let checked_at = options.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut checks = Checks::default();
    let text = document.trim_start_matches('\u{feff}').trim();
    if text.starts_with('{') {
        match crate::import::json::parse_strict(text) {
            Ok(doc) => {
                let (id, format) = verify_json(text, &doc, options, &mut checks);
                return checks.finish(id, format, checked_at);
            }
            Err(e) if crate::import::json::is_strict_refusal(&e) => checks.add(
                CheckName::Format,
                CheckStatus::Fail,
                format!("the document is refused: {e}"),
            ),
            Err(e) => checks.add(
                CheckName::Format,
                CheckStatus::Fail,
                format!("the document is not valid JSON ({e})"),
            ),
        }
    } else if jose::looks_compact(text) {
        let (id, format) = jose::verify(text, options, &mut checks);
        return checks.finish(id, format, checked_at);
    } else {
        checks.add(
            CheckName::Format,
            CheckStatus::Fail,
            "the document is neither JSON nor a compact JWS/JWT",
        );
    }
    checks.finish(None, None, checked_at)
}

/// The normalised credential of a JSON document, through the importer.
fn normalise(text: &str, doc: &Value) -> Option<Credential> {
    crate::import::extract_json("credential", text, doc)
        .ok()
        .and_then(|found| found.into_iter().next())
        .map(|f| f.credential)
}

fn verify_json(
    text: &str,
    doc: &Value,
    options: &VerifyOptions,
    checks: &mut Checks,
) -> (Option<String>, Option<Format>) {
    let credential = normalise(text, doc);
    let format = credential.as_ref().map(|c| c.format);
    let id = doc.get("id").and_then(Value::as_str).map(str::to_owned);
    if is_vc(doc) {
        checks.add(
            CheckName::Format,
            CheckStatus::Pass,
            format!(
                "{} credential",
                format.map(Format::label).unwrap_or("Verifiable Credential")
            ),
        );
        if check_contexts(doc, options, checks, true) {
            verify_data_integrity(doc, options, checks);
        }
        schema::check_credential(doc, options, checks);
        check_vc_common(doc, credential.as_ref(), options, checks);
        return (id, format.or(Some(Format::VcJson)));
    }
    if ob2::is_assertion(doc) {
        ob2::verify_hosted(doc, options, checks);
        schema::check_ob2_assertion(doc, options, checks);
        check_recipient(credential.as_ref(), options, checks);
        return (id, Some(Format::Ob2Json));
    }
    if ob2::is_ob2_document(doc) {
        ob2::verify_document_class(doc, options, checks);
        return (id, Some(Format::Ob2Json));
    }
    checks.add(
        CheckName::Format,
        CheckStatus::Fail,
        "the JSON is neither a Verifiable Credential nor an Open Badges 2.0 assertion",
    );
    (id, format)
}

/// Fails the `format` check when `@context` names a URL no known context answers for;
/// such a context is never fetched. Returns whether every context is known.
///
/// With `blocks_signature` (Data Integrity, where the signature covers the canonical RDF) the
/// signature is failed too; a JWS signature covers bytes and is checked regardless.
pub(crate) fn check_contexts(
    doc: &Value,
    options: &VerifyOptions,
    checks: &mut Checks,
    blocks_signature: bool,
) -> bool {
    let unknown: Vec<&str> = match doc.get("@context") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|url| !options.contexts.contains(url))
    .collect();
    if unknown.is_empty() {
        return true;
    }
    checks.add(
        CheckName::Format,
        CheckStatus::Fail,
        format!(
            "unknown JSON-LD context {}: Cairn never fetches contexts, so the credential cannot be checked",
            unknown.join(", ")
        ),
    );
    if blocks_signature {
        checks.add(
            CheckName::Signature,
            CheckStatus::Fail,
            "the signature cannot be checked without the credential's contexts",
        );
    }
    false
}

/// Whether a JSON document is a W3C Verifiable Credential (any version).
pub fn is_vc(doc: &Value) -> bool {
    let types = types_of(doc);
    types.iter().any(|t| t == "VerifiableCredential")
        || (doc.get("@context").is_some()
            && doc.get("credentialSubject").is_some()
            && doc.get("issuer").is_some())
}

/// The `type` values of a JSON object.
pub fn types_of(doc: &Value) -> Vec<String> {
    match doc.get("type").or_else(|| doc.get("@type")) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// The issuer id of a credential (`issuer` as a string or an object with `id`).
pub fn issuer_id(doc: &Value) -> Option<&str> {
    let issuer = doc.get("issuer")?;
    issuer
        .as_str()
        .or_else(|| issuer.get("id").and_then(Value::as_str))
}

fn verify_data_integrity(doc: &Value, options: &VerifyOptions, checks: &mut Checks) {
    let outcomes = di::verify_proofs(doc, options.contexts, options.fetch);
    if outcomes.is_empty() {
        checks.add(
            CheckName::Signature,
            CheckStatus::Fail,
            "the credential carries no proof, so nothing shows who issued it",
        );
        checks.add(
            CheckName::IssuerKey,
            CheckStatus::Skip,
            "no proof names a key",
        );
        return;
    }
    let issuer = issuer_id(doc);
    let mut any_known = false;
    for outcome in &outcomes {
        if let Some(why) = &outcome.canon_error {
            checks.add(
                CheckName::Format,
                CheckStatus::Fail,
                format!(
                    "the credential holds data JSON-LD safe mode refuses (terms or types its contexts do not define, or identifiers that are not absolute IRIs), so what was signed cannot be told from what was added ({why})"
                ),
            );
        }
        if outcome.unknown {
            // An undefined proof type already failed the format check above.
            checks.add(CheckName::Signature, CheckStatus::Warn, &outcome.message);
            continue;
        }
        any_known = true;
        match outcome.valid {
            Some(true) if outcome.legacy => checks.add(
                CheckName::Signature,
                CheckStatus::Warn,
                format!(
                    "{} (it uses the outdated suite name eddsa-2022, read as eddsa-rdfc-2022)",
                    outcome.message
                ),
            ),
            Some(true) => checks.add(CheckName::Signature, CheckStatus::Pass, &outcome.message),
            Some(false) => checks.add(CheckName::Signature, CheckStatus::Fail, &outcome.message),
            None => checks.skip_required(CheckName::Signature, &outcome.message),
        }
        match &outcome.key {
            Some(Ok(key)) => key_binding(key, issuer, checks),
            Some(Err(KeyError::Unavailable(m))) => {
                checks.skip_required(CheckName::IssuerKey, m.clone())
            }
            Some(Err(KeyError::Invalid(m))) => {
                checks.add(CheckName::IssuerKey, CheckStatus::Fail, m.clone())
            }
            None if !checks.has(CheckName::IssuerKey) => checks.add(
                CheckName::IssuerKey,
                CheckStatus::Skip,
                "no key was looked up",
            ),
            None => {}
        }
    }
    if !any_known {
        checks.add(
            CheckName::Signature,
            CheckStatus::Fail,
            "none of the credential's proofs is of a type this verifier supports",
        );
    }
}

/// Says whether a resolved key belongs to the issuer.
pub(crate) fn key_binding(key: &ResolvedKey, issuer: Option<&str>, checks: &mut Checks) {
    let controller = key.controller.as_deref();
    let bound = issuer.is_some() && controller == issuer;
    let note = key
        .note
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    match (key.source, bound) {
        (KeySource::FragmentMultibase, true) => checks.add(
            CheckName::IssuerKey,
            CheckStatus::Warn,
            format!("the {} key is the issuer's{note}", key.key.kind()),
        ),
        (_, true) => checks.add(
            CheckName::IssuerKey,
            CheckStatus::Pass,
            format!(
                "the {} key belongs to the issuer {}{note}",
                key.key.kind(),
                issuer.unwrap_or_default()
            ),
        ),
        (KeySource::DidKey | KeySource::DidJwk | KeySource::Embedded, false) => checks.add(
            CheckName::IssuerKey,
            CheckStatus::Warn,
            format!(
                "the key {} is self-describing and not shown to belong to the issuer {}",
                controller.unwrap_or("(embedded)"),
                issuer.unwrap_or("(none stated)")
            ),
        ),
        (_, false) => checks.add(
            CheckName::IssuerKey,
            CheckStatus::Fail,
            format!(
                "the signing key is controlled by {}, not by the issuer {}",
                controller.unwrap_or("no one stated"),
                issuer.unwrap_or("(none stated)")
            ),
        ),
    }
}

/// Validity, status and recipient of a Verifiable Credential's JSON.
pub(crate) fn check_vc_common(
    doc: &Value,
    credential: Option<&Credential>,
    options: &VerifyOptions,
    checks: &mut Checks,
) {
    validity::check(doc, options.now, checks);
    status::check(doc, options, checks);
    check_recipient(credential, options, checks);
}

pub(crate) fn check_recipient(
    credential: Option<&Credential>,
    options: &VerifyOptions,
    checks: &mut Checks,
) {
    let recipient = credential.and_then(|c| c.recipient.as_ref());
    if options.identities.is_empty() {
        checks.add(
            CheckName::Recipient,
            CheckStatus::Skip,
            "no identities of yours are set up to compare the recipient with",
        );
        return;
    }
    match recipient_status(recipient, options.identities) {
        RecipientStatus::Yours => checks.add(
            CheckName::Recipient,
            CheckStatus::Pass,
            "issued to one of your identities",
        ),
        RecipientStatus::SomeoneElse => checks.add(
            CheckName::Recipient,
            CheckStatus::Warn,
            "the recipient matches none of your identities",
        ),
        RecipientStatus::Unknown => checks.add(
            CheckName::Recipient,
            CheckStatus::Skip,
            "the credential does not name its recipient in a way that can be compared",
        ),
    }
}
