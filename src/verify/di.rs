//! Data Integrity proofs with Ed25519: `eddsa-rdfc-2022`, `eddsa-jcs-2022`,
//! `Ed25519Signature2020` and the legacy `eddsa-2022` name, including proof sets and chains.
//!
//! Hash input = SHA-256(canonical proof options, with the document's `@context`) ‖
//! SHA-256(canonical document without `proof`); the signature is checked with
//! `ed25519-dalek`'s `verify_strict`.

use super::contexts::Contexts;
use super::fetch::Fetch;
use super::keys::{self, Algorithm, KeyError, ResolvedKey};
use super::rdfc;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// How a document or proof configuration is canonicalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canon {
    /// RDFC-1.0 over JSON-LD expansion (safe mode).
    Rdfc,
    /// JSON Canonicalization Scheme (RFC 8785).
    Jcs,
}

/// A Data Integrity suite Cairn verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    /// `DataIntegrityProof` with `eddsa-rdfc-2022`.
    EddsaRdfc2022,
    /// `DataIntegrityProof` with the legacy name `eddsa-2022` (treated as `eddsa-rdfc-2022`).
    Eddsa2022,
    /// `DataIntegrityProof` with `eddsa-jcs-2022`.
    EddsaJcs2022,
    /// `Ed25519Signature2020`.
    Ed25519Signature2020,
}

impl Suite {
    /// The suite of a proof object, if Cairn knows it.
    pub fn of(proof: &Value) -> Option<Self> {
        let ty = proof.get("type").and_then(Value::as_str)?;
        match ty {
            "Ed25519Signature2020" => Some(Self::Ed25519Signature2020),
            "DataIntegrityProof" => match proof.get("cryptosuite").and_then(Value::as_str)? {
                "eddsa-rdfc-2022" => Some(Self::EddsaRdfc2022),
                "eddsa-2022" => Some(Self::Eddsa2022),
                "eddsa-jcs-2022" => Some(Self::EddsaJcs2022),
                _ => None,
            },
            _ => None,
        }
    }

    /// How this suite canonicalises.
    pub fn canon(self) -> Canon {
        match self {
            Self::EddsaJcs2022 => Canon::Jcs,
            _ => Canon::Rdfc,
        }
    }

    /// The suite's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Self::Eddsa2022 => "eddsa-2022",
            Self::EddsaJcs2022 => "eddsa-jcs-2022",
            Self::Ed25519Signature2020 => "Ed25519Signature2020",
        }
    }
}

/// The intermediate values of one proof's verification, as the W3C vectors publish them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intermediate {
    /// Canonical form of the document without `proof`.
    pub canonical_document: String,
    /// Canonical form of the proof options.
    pub canonical_proof: String,
    /// SHA-256 of the canonical document.
    pub document_hash: [u8; 32],
    /// SHA-256 of the canonical proof options.
    pub proof_hash: [u8; 32],
    /// The signature bytes from `proofValue`.
    pub signature: Vec<u8>,
}

impl Intermediate {
    /// `proof_hash ‖ document_hash`: what the signature signs.
    pub fn combined_hash(&self) -> Vec<u8> {
        [self.proof_hash.as_slice(), self.document_hash.as_slice()].concat()
    }
}

/// The outcome of one proof.
#[derive(Debug)]
pub struct ProofOutcome {
    /// The proof's type, for messages.
    pub label: String,
    /// Its verification method.
    pub verification_method: Option<String>,
    /// `Some(true)` valid, `Some(false)` invalid, `None` could not be decided.
    pub valid: Option<bool>,
    /// What was found.
    pub message: String,
    /// The key, when it was found.
    pub key: Option<Result<ResolvedKey, KeyError>>,
    /// Whether the suite name is a legacy one.
    pub legacy: bool,
    /// Whether the proof type is unknown (and was ignored).
    pub unknown: bool,
    /// When the document or proof could not be canonicalised (safe mode refused it), why.
    pub canon_error: Option<String>,
}

impl ProofOutcome {
    /// The proof of suite `suite` could not be checked (its data could not be built): invalid,
    /// with the reason; a JSON-LD refusal is also kept as the canonicalisation error. Data over
    /// the canonicalisation work budget ([`super::rdfc::TOO_COMPLEX`]) leaves it undecided.
    pub fn uncheckable(mut self, suite: &str, why: String) -> Self {
        // Over the canonicalisation work budget: not checked, which is not the same as forged.
        self.valid = if why.contains(super::rdfc::TOO_COMPLEX) {
            None
        } else {
            Some(false)
        };
        self.message = format!("the {suite} proof cannot be checked: {why}");
        if why.contains("JSON-LD") {
            self.canon_error = Some(why);
        }
        self
    }

    /// The proof of suite `suite` names no verification method: invalid.
    pub fn without_method(mut self, suite: &str) -> Self {
        self.valid = Some(false);
        self.message = format!("the {suite} proof names no verification method");
        self
    }
}

/// The canonical form of `value` under `canon`.
pub fn canonicalize(value: &Value, canon: Canon, contexts: &Contexts) -> Result<String, String> {
    match canon {
        Canon::Rdfc => rdfc::canonicalize_json(value, contexts).map_err(|e| e.message),
        Canon::Jcs => serde_json_canonicalizer::to_string(value)
            .map_err(|e| format!("JSON canonicalization failed: {e}")),
    }
}

/// The proof objects of a document (`proof` as an object or an array).
pub fn proofs(doc: &Value) -> Vec<&Value> {
    match doc.get("proof") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(p @ Value::Object(_)) => vec![p],
        _ => Vec::new(),
    }
}

/// Computes the canonical forms and hashes of one proof over `doc` (a document whose `proof`
/// holds `proof` among others), following `previousProof` for proof chains.
pub fn intermediate(
    doc: &Value,
    proof: &Value,
    suite: Suite,
    contexts: &Contexts,
) -> Result<Intermediate, String> {
    let Value::Object(doc_map) = doc else {
        return Err("the credential is not a JSON object".into());
    };
    let mut unsecured: Map<String, Value> = doc_map.clone();
    unsecured.remove("proof");
    if let Some(previous) = proof.get("previousProof") {
        let wanted: Vec<&str> = match previous {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => return Err("previousProof is neither a string nor a list".into()),
        };
        let all = proofs(doc);
        let mut matching = Vec::new();
        for id in wanted {
            match all
                .iter()
                .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
            {
                Some(p) => matching.push((*p).clone()),
                None => return Err(format!("the previous proof {id} is missing")),
            }
        }
        let value = if matching.len() == 1 {
            matching.remove(0)
        } else {
            Value::Array(matching)
        };
        unsecured.insert("proof".into(), value);
    }
    let mut config = match proof {
        Value::Object(m) => m.clone(),
        _ => return Err("the proof is not a JSON object".into()),
    };
    let proof_value = config
        .remove("proofValue")
        .and_then(|v| v.as_str().map(str::to_owned))
        .ok_or("the proof has no proofValue")?;
    let signature =
        keys::multibase_decode(&proof_value).ok_or("proofValue is not base58btc multibase")?;
    if suite == Suite::EddsaJcs2022
        && let Some(own) = config.get("@context").cloned()
    {
        // eddsa-jcs-2022: a proof carrying its own @context signed the document under that
        // context, which must be where the document's context starts (same values, same
        // order); the document is then read under the proof's context.
        let as_list = |v: &Value| match v {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        let document_context = doc.get("@context").map(as_list).unwrap_or_default();
        let proof_context = as_list(&own);
        if proof_context.is_empty() || !document_context.starts_with(&proof_context) {
            return Err(format!(
                "the proof's own @context ({}) is not where the credential's @context ({}) \
                 starts, so the proof was made for another document",
                own,
                doc.get("@context").unwrap_or(&Value::Null)
            ));
        }
        unsecured.insert("@context".into(), own);
    } else if suite == Suite::EddsaJcs2022 || suite.canon() == Canon::Rdfc {
        match doc.get("@context") {
            Some(ctx) => {
                config.insert("@context".into(), ctx.clone());
            }
            None if suite.canon() == Canon::Rdfc => {
                return Err("the credential has no @context".into());
            }
            None => {}
        }
    }
    let canonical_proof = canonicalize(&Value::Object(config), suite.canon(), contexts)
        .map_err(|e| format!("proof options: {e}"))?;
    let canonical_document = canonicalize(&Value::Object(unsecured), suite.canon(), contexts)?;
    Ok(Intermediate {
        document_hash: Sha256::digest(canonical_document.as_bytes()).into(),
        proof_hash: Sha256::digest(canonical_proof.as_bytes()).into(),
        canonical_document,
        canonical_proof,
        signature,
    })
}

/// Verifies every proof of `doc`. Unknown proof types are checked only for being defined by
/// the contexts (safe mode), then ignored.
pub fn verify_proofs(
    doc: &Value,
    contexts: &Contexts,
    fetch: Option<&dyn Fetch>,
) -> Vec<ProofOutcome> {
    proofs(doc)
        .into_iter()
        .map(|proof| verify_one(doc, proof, contexts, fetch))
        .collect()
}

fn verify_one(
    doc: &Value,
    proof: &Value,
    contexts: &Contexts,
    fetch: Option<&dyn Fetch>,
) -> ProofOutcome {
    let ty = proof
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("(none)");
    let vm = proof
        .get("verificationMethod")
        .and_then(|v| v.as_str().or_else(|| v.get("id").and_then(Value::as_str)))
        .map(str::to_owned);
    let mut outcome = ProofOutcome {
        label: match proof.get("cryptosuite").and_then(Value::as_str) {
            Some(cs) => format!("{ty}/{cs}"),
            None => ty.to_owned(),
        },
        verification_method: vm.clone(),
        valid: None,
        message: String::new(),
        key: None,
        legacy: false,
        unknown: false,
        canon_error: None,
    };
    if super::ecdsa_sd::handles(proof) {
        return super::ecdsa_sd::verify(doc, proof, contexts, fetch, outcome);
    }
    if super::ecdsa_rdfc::handles(proof) {
        return super::ecdsa_rdfc::verify(doc, proof, contexts, fetch, outcome);
    }
    let Some(suite) = Suite::of(proof) else {
        outcome.unknown = true;
        // The proof still has to be expressible with the document's contexts.
        let mut probe = proof.as_object().cloned().unwrap_or_default();
        if let Some(ctx) = doc.get("@context") {
            probe.insert("@context".into(), ctx.clone());
        }
        match rdfc::to_dataset(&Value::Object(probe), contexts) {
            Ok(_) => {
                outcome.message = format!(
                    "a proof of type {} is not supported and was ignored",
                    outcome.label
                );
            }
            Err(e) => {
                outcome.valid = Some(false);
                outcome.message = format!(
                    "the proof of type {} is not defined by the credential's contexts: {}",
                    outcome.label, e.message
                );
                outcome.canon_error = Some(e.message);
            }
        }
        return outcome;
    };
    outcome.legacy = suite == Suite::Eddsa2022;
    let values = match intermediate(doc, proof, suite, contexts) {
        Ok(v) => v,
        Err(e) => return outcome.uncheckable(suite.name(), e),
    };
    let Some(vm) = vm else {
        return outcome.without_method(suite.name());
    };
    let resolved = keys::resolve(&vm, fetch);
    match &resolved {
        Ok(key) => {
            let ok = key
                .key
                .verify(Algorithm::EdDsa, &values.combined_hash(), &values.signature);
            outcome.valid = Some(ok);
            outcome.message = if ok {
                format!("the {} proof by {vm} is valid", suite.name())
            } else {
                format!(
                    "the {} proof by {vm} does not match the credential: it was changed after signing or signed with another key",
                    suite.name()
                )
            };
        }
        Err(KeyError::Unavailable(m)) => {
            outcome.message = format!("the {} proof could not be checked: {m}", suite.name());
        }
        Err(KeyError::Invalid(m)) => {
            outcome.valid = Some(false);
            outcome.message = format!("the {} proof's key is unusable: {m}", suite.name());
        }
    }
    outcome.key = Some(resolved);
    outcome
}
