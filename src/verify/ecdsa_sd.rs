//! Selective disclosure with `ecdsa-sd-2023` (P-256): verifying a derived (disclosed) proof.
//!
//! A derived proof value is `u` + base64url of CBOR tagged `0xd95d01`, holding five items: the
//! issuer's base signature, the ephemeral public key (multikey bytes), one signature per
//! non-mandatory statement, the label map (canonical blank node `c14nN` → HMAC-derived label)
//! and the indexes of the mandatory statements.
//!
//! Verification, as in the W3C VC-DI-ECDSA "verify derived proof" algorithm:
//!
//! 1. proof hash = SHA-256 of the canonical proof options (with the document's `@context`);
//! 2. the disclosed document (without `proof`) is canonicalised with RDFC-1.0, every canonical
//!    blank node label is replaced through the label map, and the N-Quads are sorted;
//! 3. statements at the mandatory indexes are hashed together (mandatory hash); the others
//!    are the non-mandatory statements, each with its own signature;
//! 4. the base signature must verify with the issuer's key over
//!    proof hash ‖ ephemeral public key ‖ mandatory hash, and each non-mandatory statement's
//!    signature with the ephemeral key.
//!
//! Changing a disclosed value changes a statement, so its signature (or the mandatory hash)
//! no longer matches; a statement that was not disclosed cannot be added back.

use super::contexts::Contexts;
use super::di::{self, Canon, ProofOutcome};
use super::fetch::Fetch;
use super::keys::{self, Algorithm, KeyError, PublicKey};
use base64::Engine as _;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};

/// The suite name.
pub const CRYPTOSUITE: &str = "ecdsa-sd-2023";

/// CBOR tag header of a base proof value (`0xd95d00`): a base proof is for the holder to derive
/// from, never for a verifier.
const BASE_HEADER: [u8; 3] = [0xd9, 0x5d, 0x00];
/// CBOR tag header of a derived proof value (`0xd95d01`).
const DERIVED_HEADER: [u8; 3] = [0xd9, 0x5d, 0x01];

/// Whether a proof object is a `DataIntegrityProof` with `ecdsa-sd-2023`.
pub fn handles(proof: &Value) -> bool {
    proof.get("type").and_then(Value::as_str) == Some("DataIntegrityProof")
        && proof.get("cryptosuite").and_then(Value::as_str) == Some(CRYPTOSUITE)
}

/// The parts of a derived proof value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedProof {
    /// The issuer's signature over proof hash ‖ public key ‖ mandatory hash.
    pub base_signature: Vec<u8>,
    /// The ephemeral public key, as multikey bytes (`0x8024` + compressed P-256 point).
    pub public_key: Vec<u8>,
    /// One signature per non-mandatory statement, in statement order.
    pub signatures: Vec<Vec<u8>>,
    /// Canonical blank node label (`c14n0`, …) → the label used when signing (`u…`).
    pub label_map: HashMap<String, String>,
    /// Indexes of the mandatory statements among the sorted, relabelled N-Quads.
    pub mandatory_indexes: Vec<usize>,
}

fn bytes_of(value: ciborium::Value, what: &str) -> Result<Vec<u8>, String> {
    match value {
        ciborium::Value::Bytes(b) => Ok(b),
        _ => Err(format!("the derived proof's {what} is not a byte string")),
    }
}

fn index_of(value: &ciborium::Value, what: &str) -> Result<usize, String> {
    value
        .as_integer()
        .and_then(|i| usize::try_from(i).ok())
        .ok_or_else(|| format!("the derived proof's {what} holds a value that is not an index"))
}

/// Decodes a derived proof value (`u…`, CBOR tagged `0xd95d01`).
pub fn parse_derived(proof_value: &str) -> Result<DerivedProof, String> {
    let encoded = proof_value
        .strip_prefix('u')
        .ok_or("proofValue is not base64url multibase (it must start with \"u\")")?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|e| format!("proofValue is not base64url ({e})"))?;
    if bytes.starts_with(&BASE_HEADER) {
        return Err(
            "the proof is an ecdsa-sd-2023 base proof, meant for the holder to derive a disclosure from; only derived proofs can be verified"
                .into(),
        );
    }
    if !bytes.starts_with(&DERIVED_HEADER) {
        return Err("proofValue does not start with the derived-proof header 0xd95d01".into());
    }
    let value: ciborium::Value = ciborium::from_reader(&bytes[DERIVED_HEADER.len()..])
        .map_err(|e| format!("proofValue is not valid CBOR ({e})"))?;
    let ciborium::Value::Array(items) = value else {
        return Err("the derived proof value is not a CBOR array".into());
    };
    let [base, public, signatures, labels, mandatory]: [ciborium::Value; 5] = items
        .try_into()
        .map_err(|_| "the derived proof value does not have exactly five parts".to_owned())?;
    let ciborium::Value::Array(signatures) = signatures else {
        return Err("the derived proof's signatures are not a list".into());
    };
    let signatures = signatures
        .into_iter()
        .map(|s| bytes_of(s, "signature list"))
        .collect::<Result<Vec<_>, _>>()?;
    let ciborium::Value::Map(labels) = labels else {
        return Err("the derived proof's label map is not a map".into());
    };
    let mut label_map = HashMap::new();
    for (key, label) in labels {
        let index = index_of(&key, "label map")?;
        let label = bytes_of(label, "label map")?;
        label_map.insert(
            format!("c14n{index}"),
            format!(
                "u{}",
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(label)
            ),
        );
    }
    let ciborium::Value::Array(mandatory) = mandatory else {
        return Err("the derived proof's mandatory indexes are not a list".into());
    };
    let mandatory_indexes = mandatory
        .iter()
        .map(|i| index_of(i, "mandatory indexes"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DerivedProof {
        base_signature: bytes_of(base, "base signature")?,
        public_key: bytes_of(public, "public key")?,
        signatures,
        label_map,
        mandatory_indexes,
    })
}

/// Replaces the canonical blank node labels (`_:c14nN`) of one N-Quads line through
/// `label_map`. Quoted literals and IRIs are left alone, so a literal that merely contains
/// `_:c14n0` is never rewritten.
fn relabel_line(line: &str, label_map: &HashMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(line.len() + 32);
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                out.push(c);
                let mut escaped = false;
                for (_, c) in chars.by_ref() {
                    out.push(c);
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
            }
            '<' => {
                out.push(c);
                for (_, c) in chars.by_ref() {
                    out.push(c);
                    if c == '>' {
                        break;
                    }
                }
            }
            '_' if line[at..].starts_with("_:") => {
                let rest = &line[at + 2..];
                let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
                let label = &rest[..end];
                let new = label_map.get(label).ok_or_else(|| {
                    format!(
                        "the derived proof's label map has no entry for the blank node _:{label}"
                    )
                })?;
                out.push_str("_:");
                out.push_str(new);
                // Skip the rest of the old label (the '_' is consumed; ':' + label remain).
                for _ in 0..(1 + label.chars().count()) {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// The disclosed document's statements: canonical N-Quads, relabelled through `label_map`
/// and sorted, each with its trailing newline.
pub fn relabelled_statements(
    canonical: &str,
    label_map: &HashMap<String, String>,
) -> Result<Vec<String>, String> {
    let mut lines = canonical
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| relabel_line(l, label_map).map(|l| format!("{l}\n")))
        .collect::<Result<Vec<_>, _>>()?;
    lines.sort();
    Ok(lines)
}

/// What the issuer's base signature covers and what each ephemeral signature covers.
#[derive(Debug, Clone)]
pub struct VerifyData {
    /// SHA-256 of the canonical proof options.
    pub proof_hash: [u8; 32],
    /// SHA-256 of the mandatory statements, concatenated in order.
    pub mandatory_hash: [u8; 32],
    /// The non-mandatory statements, in order; one signature each.
    pub non_mandatory: Vec<String>,
    /// The decoded proof value.
    pub derived: DerivedProof,
}

impl VerifyData {
    /// proof hash ‖ ephemeral public key ‖ mandatory hash: what the base signature signs.
    pub fn base_message(&self) -> Vec<u8> {
        [
            self.proof_hash.as_slice(),
            self.derived.public_key.as_slice(),
            self.mandatory_hash.as_slice(),
        ]
        .concat()
    }
}

/// Computes what a derived proof's signatures must cover.
pub fn verify_data(doc: &Value, proof: &Value, contexts: &Contexts) -> Result<VerifyData, String> {
    let Value::Object(doc_map) = doc else {
        return Err("the credential is not a JSON object".into());
    };
    let Value::Object(proof_map) = proof else {
        return Err("the proof is not a JSON object".into());
    };
    let mut config: Map<String, Value> = proof_map.clone();
    let proof_value = config
        .remove("proofValue")
        .and_then(|v| v.as_str().map(str::to_owned))
        .ok_or("the proof has no proofValue")?;
    let derived = parse_derived(&proof_value)?;
    let context = doc_map
        .get("@context")
        .ok_or("the credential has no @context")?;
    config.insert("@context".into(), context.clone());
    let canonical_proof = di::canonicalize(&Value::Object(config), Canon::Rdfc, contexts)
        .map_err(|e| format!("proof options: {e}"))?;
    let mut unsecured = doc_map.clone();
    unsecured.remove("proof");
    let canonical = di::canonicalize(&Value::Object(unsecured), Canon::Rdfc, contexts)?;
    let statements = relabelled_statements(&canonical, &derived.label_map)?;
    let mandatory: BTreeSet<usize> = derived.mandatory_indexes.iter().copied().collect();
    if let Some(beyond) = mandatory.iter().find(|&&i| i >= statements.len()) {
        return Err(format!(
            "the mandatory index {beyond} is beyond the {} disclosed statements",
            statements.len()
        ));
    }
    let mut hasher = Sha256::new();
    let mut non_mandatory = Vec::new();
    for (i, statement) in statements.into_iter().enumerate() {
        if mandatory.contains(&i) {
            hasher.update(statement.as_bytes());
        } else {
            non_mandatory.push(statement);
        }
    }
    Ok(VerifyData {
        proof_hash: Sha256::digest(canonical_proof.as_bytes()).into(),
        mandatory_hash: hasher.finalize().into(),
        non_mandatory,
        derived,
    })
}

/// Checks the signatures of `data`: the base signature with `issuer_key`, each statement's
/// with the ephemeral key. `Err` says what does not match.
pub fn check_signatures(data: &VerifyData, issuer_key: &PublicKey) -> Result<(), String> {
    if !matches!(issuer_key, PublicKey::P256(_)) {
        return Err(format!(
            "ecdsa-sd-2023 needs a P-256 key, and the verification method holds an {} key",
            issuer_key.kind()
        ));
    }
    let ephemeral = keys::multikey(&data.derived.public_key)
        .filter(|k| matches!(k, PublicKey::P256(_)))
        .ok_or("the derived proof's ephemeral key is not a P-256 multikey")?;
    if data.derived.signatures.len() != data.non_mandatory.len() {
        return Err(format!(
            "the derived proof carries {} statement signatures for {} disclosed non-mandatory statements",
            data.derived.signatures.len(),
            data.non_mandatory.len()
        ));
    }
    if !issuer_key.verify(
        Algorithm::Es256,
        &data.base_message(),
        &data.derived.base_signature,
    ) {
        return Err(
            "the issuer's base signature does not match the mandatory statements and proof options"
                .into(),
        );
    }
    for (i, (statement, signature)) in data
        .non_mandatory
        .iter()
        .zip(&data.derived.signatures)
        .enumerate()
    {
        if !ephemeral.verify(Algorithm::Es256, statement.as_bytes(), signature) {
            return Err(format!(
                "the signature of disclosed statement {} does not match it",
                i + 1
            ));
        }
    }
    Ok(())
}

/// Verifies one `ecdsa-sd-2023` proof of `doc`.
pub fn verify(
    doc: &Value,
    proof: &Value,
    contexts: &Contexts,
    fetch: Option<&dyn Fetch>,
    mut outcome: ProofOutcome,
) -> ProofOutcome {
    let data = match verify_data(doc, proof, contexts) {
        Ok(d) => d,
        Err(e) => return outcome.uncheckable(CRYPTOSUITE, e),
    };
    let Some(vm) = outcome.verification_method.clone() else {
        return outcome.without_method(CRYPTOSUITE);
    };
    let resolved = keys::resolve(&vm, fetch);
    match &resolved {
        Ok(key) => match check_signatures(&data, &key.key) {
            Ok(()) => {
                outcome.valid = Some(true);
                outcome.message = format!(
                    "the {CRYPTOSUITE} selective-disclosure proof by {vm} is valid ({} statements disclosed beyond the mandatory ones)",
                    data.non_mandatory.len()
                );
            }
            Err(why) => {
                outcome.valid = Some(false);
                outcome.message = format!(
                    "the {CRYPTOSUITE} proof by {vm} does not match the credential: {why}; it was changed after signing or signed with another key"
                );
            }
        },
        Err(KeyError::Unavailable(m)) => {
            outcome.message = format!("the {CRYPTOSUITE} proof could not be checked: {m}");
        }
        Err(KeyError::Invalid(m)) => {
            outcome.valid = Some(false);
            outcome.message = format!("the {CRYPTOSUITE} proof's key is unusable: {m}");
        }
    }
    outcome.key = Some(resolved);
    outcome
}
