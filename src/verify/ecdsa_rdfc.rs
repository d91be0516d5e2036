//! `ecdsa-rdfc-2019` Data Integrity proofs with P-256 (non-selective ECDSA).
//!
//! The transformation and hashing are those of `eddsa-rdfc-2022` ([`di::intermediate`]):
//! RDFC-1.0 canonical proof options (with the document's `@context`) and document, each hashed
//! with SHA-256, proof hash ‖ document hash. Only the signature differs: ECDSA on P-256 with
//! SHA-256 over that hash data, `proofValue` = base58btc of the 64-byte `r ‖ s`. P-384 keys
//! (the suite's other curve) are not supported and say so.

use super::contexts::Contexts;
use super::di::{self, ProofOutcome, Suite};
use super::fetch::Fetch;
use super::keys::{self, Algorithm, KeyError, PublicKey};
use serde_json::Value;

/// The suite name.
pub const CRYPTOSUITE: &str = "ecdsa-rdfc-2019";

/// Whether a proof object is a `DataIntegrityProof` with `ecdsa-rdfc-2019`.
pub fn handles(proof: &Value) -> bool {
    proof.get("type").and_then(Value::as_str) == Some("DataIntegrityProof")
        && proof.get("cryptosuite").and_then(Value::as_str) == Some(CRYPTOSUITE)
}

/// Verifies one `ecdsa-rdfc-2019` proof of `doc`.
pub fn verify(
    doc: &Value,
    proof: &Value,
    contexts: &Contexts,
    fetch: Option<&dyn Fetch>,
    mut outcome: ProofOutcome,
) -> ProofOutcome {
    // Same RDFC transformation and hash data as eddsa-rdfc-2022.
    let values = match di::intermediate(doc, proof, Suite::EddsaRdfc2022, contexts) {
        Ok(v) => v,
        Err(e) => return outcome.uncheckable(CRYPTOSUITE, e),
    };
    let Some(vm) = outcome.verification_method.clone() else {
        return outcome.without_method(CRYPTOSUITE);
    };
    let resolved = keys::resolve(&vm, fetch);
    match &resolved {
        Ok(key) if !matches!(key.key, PublicKey::P256(_)) => {
            outcome.valid = Some(false);
            outcome.message = format!(
                "the {CRYPTOSUITE} proof by {vm} needs a P-256 key, and the verification method holds an {} key",
                key.key.kind()
            );
        }
        Ok(key) => {
            let ok = key
                .key
                .verify(Algorithm::Es256, &values.combined_hash(), &values.signature);
            outcome.valid = Some(ok);
            outcome.message = if ok {
                format!("the {CRYPTOSUITE} proof by {vm} is valid")
            } else {
                format!(
                    "the {CRYPTOSUITE} proof by {vm} does not match the credential: it was changed after signing or signed with another key"
                )
            };
        }
        Err(KeyError::Unavailable(m)) => {
            outcome.message = format!("the {CRYPTOSUITE} proof could not be checked: {m}");
        }
        Err(KeyError::Invalid(m)) => {
            outcome.valid = Some(false);
            outcome.message = format!(
                "the {CRYPTOSUITE} proof's key is unusable: {m} (only P-256 keys are supported)"
            );
        }
    }
    outcome.key = Some(resolved);
    outcome
}
