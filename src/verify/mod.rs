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
pub mod label;
pub mod ob2;
pub mod presentation;
pub mod rdfc;
pub mod report;
pub mod schema;
pub mod status;
pub mod validity;

pub use contexts::Contexts;
pub use fetch::{Fetch, FetchCache, Fetched};
pub use label::{Label, Tone};
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
            Ok(doc) if presentation::is_presentation(&doc) => {
                return presentation::verify_presentation(
                    &doc,
                    options,
                    &presentation::Expected::default(),
                )
                .report;
            }
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
        // With no proof there is nothing a missing context could leave uncheckable.
        let unsigned = di::proofs(doc).is_empty();
        if check_contexts(doc, options, checks, !unsigned) || unsigned {
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

/// Says so when `@context` names a URL no known context answers for; such a context is never
/// fetched. Returns whether every context is known.
///
/// With `blocks_signature` (Data Integrity, where the signature covers the canonical RDF) the
/// signature cannot be checked: a required skip with the reason `unknown_context`, so the
/// verdict is `indeterminate` — a context Cairn lacks says nothing about the credential. A JWS
/// signature covers bytes and is checked regardless; there the unknown context is a warning.
pub(crate) fn check_contexts(
    doc: &Value,
    options: &VerifyOptions,
    checks: &mut Checks,
    blocks_signature: bool,
) -> bool {
    let named: Vec<&str> = match doc.get("@context") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    // A context Cairn does not ship but the learner let it fetch (pinned in the wallet) is
    // named in the report, with when it was fetched and its hash.
    for url in &named {
        if let Some(note) = options.contexts.note_of(url) {
            checks.add(CheckName::Format, CheckStatus::Warn, note.to_owned());
        }
    }
    let unknown: Vec<&str> = named
        .into_iter()
        .filter(|url| !options.contexts.contains(url))
        .collect();
    if unknown.is_empty() {
        return true;
    }
    let urls = unknown.join(", ");
    checks.add(
        CheckName::Format,
        CheckStatus::Warn,
        format!("the credential uses the JSON-LD context {urls}, which Cairn does not have"),
    );
    if blocks_signature {
        unknown_context_skip(&urls, checks);
    }
    false
}

/// The signature could not be checked because Cairn lacks the context(s) `urls`.
fn unknown_context_skip(urls: &str, checks: &mut Checks) {
    checks.add_because(
        CheckName::Signature,
        CheckStatus::Skip,
        Reason::UnknownContext,
        format!(
            "the signature could not be checked: it covers the credential's meaning as defined \
             by the JSON-LD context {urls}, which Cairn does not ship; this says nothing against \
             the credential. To settle it, allow fetching contexts (the setting, or `cairn verify \
             --all --fetch-contexts`): the context is then fetched once over HTTPS and pinned in \
             the wallet"
        ),
    );
}

/// The URL of an unknown context named in an error message, if that is what the error is.
fn unknown_context_in(message: &str) -> Option<&str> {
    const LEAD: &str = "unknown JSON-LD context ";
    let rest = &message[message.find(LEAD)? + LEAD.len()..];
    let end = rest.find([' ', ')', ',']).unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches(':'))
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
    check_proofs(doc, issuer_id(doc), Party::Issuer, options, checks);
}

/// Who a proof must come from: a credential's issuer or a presentation's holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The credential's `issuer`; the method must be an `assertionMethod`.
    Issuer,
    /// The presentation's `holder`; the method must be an `authentication` method.
    Holder,
}

impl Party {
    /// The verification relationship the party's document must list the method under.
    pub fn relationship(self) -> &'static str {
        match self {
            Self::Issuer => "assertionMethod",
            Self::Holder => "authentication",
        }
    }

    /// The party, in words.
    pub fn noun(self) -> &'static str {
        match self {
            Self::Issuer => "issuer",
            Self::Holder => "holder",
        }
    }

    /// What the party's document is, in words.
    pub fn document(self) -> &'static str {
        match self {
            Self::Issuer => "credential",
            Self::Holder => "presentation",
        }
    }
}

/// Checks every Data Integrity proof of `doc`: its signature, and that its key is controlled
/// by `party_id` (the issuer, or the holder of a presentation).
pub(crate) fn check_proofs(
    doc: &Value,
    party_id: Option<&str>,
    party: Party,
    options: &VerifyOptions,
    checks: &mut Checks,
) {
    let outcomes = di::verify_proofs(doc, options.contexts, options.fetch);
    if outcomes.is_empty() {
        checks.add(
            CheckName::Signature,
            CheckStatus::Fail,
            format!(
                "the {} carries no proof, so nothing shows who {}",
                party.document(),
                match party {
                    Party::Issuer => "issued it",
                    Party::Holder => "presented it",
                }
            ),
        );
        checks.add(
            CheckName::IssuerKey,
            CheckStatus::Skip,
            "no proof names a key",
        );
        return;
    }
    let mut any_known = false;
    for outcome in &outcomes {
        if let Some(url) = outcome
            .canon_error
            .as_deref()
            .and_then(unknown_context_in)
            .map(str::to_owned)
        {
            // A context another context imports is missing: uncheckable, not broken.
            any_known = true;
            unknown_context_skip(&url, checks);
            if !checks.has(CheckName::IssuerKey) {
                checks.add(
                    CheckName::IssuerKey,
                    CheckStatus::Skip,
                    "no key was looked up",
                );
            }
            continue;
        }
        if let Some(why) = &outcome.canon_error {
            checks.add(
                CheckName::Format,
                CheckStatus::Fail,
                format!(
                    "the {} holds data JSON-LD safe mode refuses (terms or types its contexts do not define, or identifiers that are not absolute IRIs), so what was signed cannot be told from what was added ({why})",
                    party.document()
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
            None if matches!(outcome.key, Some(Err(KeyError::Unavailable(_)))) => checks
                .add_because(
                    CheckName::Signature,
                    CheckStatus::Skip,
                    Reason::Offline,
                    &outcome.message,
                ),
            None => checks.skip_required(CheckName::Signature, &outcome.message),
        }
        match &outcome.key {
            Some(Ok(key)) => key_binding(
                key,
                outcome.verification_method.as_deref(),
                party_id,
                party,
                checks,
            ),
            Some(Err(KeyError::Unavailable(m))) => {
                checks.add_because(CheckName::IssuerKey, CheckStatus::Skip, Reason::Offline, m)
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
            format!(
                "none of the {}'s proofs is of a type this verifier supports",
                party.document()
            ),
        );
    }
}

/// Says whether a resolved key is controlled by the issuer (or holder) `party_id`: a proof
/// counts only then. The controller of a `did:key`, `did:jwk` or `did:web` method is its DID,
/// and a `did:web` document must list the method under the party's relationship; an HTTPS
/// method's controller is what its document says, or, when the key was read from the
/// method's `#z6Mk…` fragment without fetching, the method id without its fragment. A key
/// controlled by anyone else fails with the reason `wrong_issuer_key`; a controller that could
/// not be determined offline leaves the check open (`offline`).
pub(crate) fn key_binding(
    key: &ResolvedKey,
    method: Option<&str>,
    party_id: Option<&str>,
    party: Party,
    checks: &mut Checks,
) {
    let controller = key.controller.as_deref();
    let note = key
        .note
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let signer = match (controller, method) {
        (Some(c), _) => c.to_owned(),
        (None, Some(m)) => m.to_owned(),
        (None, None) => format!(
            "a {} key embedded in the {}",
            key.key.kind(),
            party.document()
        ),
    };
    let Some(party_id) = party_id else {
        checks.add_because(
            CheckName::IssuerKey,
            CheckStatus::Fail,
            Reason::WrongIssuerKey,
            format!(
                "the {} names no {}, so nothing ties the key of {signer} to whoever it claims to be from",
                party.document(),
                party.noun()
            ),
        );
        return;
    };
    if controller != Some(party_id) {
        checks.add_because(
            CheckName::IssuerKey,
            CheckStatus::Fail,
            Reason::WrongIssuerKey,
            format!(
                "signed by {signer}, but the {} claims to be from {party_id}: the key is not \
                 controlled by the {}, so the proof does not count{note}",
                party.document(),
                party.noun()
            ),
        );
        return;
    }
    let relationship = party.relationship();
    match (key.source, &key.relationships) {
        (KeySource::FragmentMultibase, _) if party_id.starts_with("did:web:") => {
            checks.add_because(
                CheckName::IssuerKey,
                CheckStatus::Skip,
                Reason::Offline,
                format!(
                    "the DID document of {party_id} was not fetched, so whether it lists the \
                     key under {relationship} cannot be told offline{note}"
                ),
            );
        }
        (KeySource::FragmentMultibase, _) => checks.add(
            CheckName::IssuerKey,
            CheckStatus::Warn,
            format!(
                "the {} key is the {}'s, by its address, but the {} document was not fetched to confirm it{note}",
                key.key.kind(),
                party.noun(),
                party.noun()
            ),
        ),
        (_, Some(listed)) if !listed.iter().any(|r| r == relationship) => checks.add_because(
            CheckName::IssuerKey,
            CheckStatus::Fail,
            Reason::WrongIssuerKey,
            format!(
                "the document of {party_id} does not list the key {} under {relationship}{}, so \
                 the {} has not authorised it to sign {}s{note}",
                method.unwrap_or("(unnamed)"),
                if listed.is_empty() {
                    String::new()
                } else {
                    format!(" (only under {})", listed.join(", "))
                },
                party.noun(),
                party.document()
            ),
        ),
        _ => checks.add(
            CheckName::IssuerKey,
            CheckStatus::Pass,
            format!(
                "the {} key belongs to the {} {party_id}{note}",
                key.key.kind(),
                party.noun()
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
