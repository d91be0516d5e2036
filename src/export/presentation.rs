//! Holder-signed Verifiable Presentations (VC Data Model 2.0): the original credentials
//! verbatim, signed by the wallet's holder key with `eddsa-rdfc-2022` (RDFC-1.0
//! canonicalization from [`crate::verify`]), with an optional challenge and domain.

use super::Selection;
use crate::backup::seal::KdfCost;
use crate::error::{Error, ErrorCode, Result};
use crate::holder::{self, Holder};
use crate::model::Format;
use crate::verify::Contexts;
use crate::verify::di::{self, Canon};
use crate::wallet::Wallet;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// The VC 2.0 base context.
pub const VC2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

/// Choices for a presentation.
#[derive(Debug, Clone, Default)]
pub struct PresentationOptions {
    /// The verifier's challenge (nonce), bound into the proof.
    pub challenge: Option<String>,
    /// The verifier's domain, bound into the proof.
    pub domain: Option<String>,
    /// The proof's creation time (RFC 3339); now when `None`.
    pub created: Option<String>,
}

/// A signed presentation, with what was left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Presentation {
    /// The presentation JSON, proof included.
    pub document: Value,
    /// The holder that signed it.
    pub holder: Holder,
    /// Wallet ids of the credentials inside.
    pub included: Vec<String>,
    /// Wallet ids left out, each with the reason (Open Badges 2.0 assertions are not
    /// Verifiable Credentials).
    pub skipped: Vec<(String, String)>,
}

/// The credential as it goes into `verifiableCredential`: JSON credentials verbatim, JWTs as
/// `EnvelopedVerifiableCredential`. `Err` carries why it cannot be presented.
fn presentable(format: Format, document: &str) -> std::result::Result<Value, String> {
    match format {
        Format::Ob3Json
        | Format::Ob3BakedPng
        | Format::Ob3BakedSvg
        | Format::Clr2Json
        | Format::VcJson => serde_json::from_str(document)
            .map_err(|e| format!("its stored document is not JSON: {e}")),
        Format::Ob3Jwt | Format::Clr2Jwt | Format::VcJwt => Ok(json!({
            "@context": VC2_CONTEXT,
            "id": format!("data:application/vc+jwt,{}", document.trim()),
            "type": "EnvelopedVerifiableCredential",
        })),
        other => Err(format!(
            "{} credentials are not Verifiable Credentials and cannot be part of a presentation",
            other.label()
        )),
    }
}

/// How many credentials of `selection` can go into a presentation (Open Badges 2.0
/// assertions cannot); a presentation needs at least one.
pub fn presentable_count(wallet: &Wallet, selection: &Selection) -> Result<usize> {
    let mut count = 0;
    for id in &selection.ids {
        let detail = wallet.get(id)?;
        if presentable(detail.credential.format, &detail.document).is_ok() {
            count += 1;
        }
    }
    Ok(count)
}

/// Builds and signs a presentation of `selection`, creating the holder key (sealed with
/// `passphrase`) if the wallet has none.
pub fn present(
    wallet: &mut Wallet,
    selection: &Selection,
    passphrase: &[u8],
    options: &PresentationOptions,
) -> Result<Presentation> {
    let mut credentials = Vec::new();
    let mut included = Vec::new();
    let mut skipped = Vec::new();
    for id in &selection.ids {
        let detail = wallet.get(id)?;
        match presentable(detail.credential.format, &detail.document) {
            Ok(value) => {
                credentials.push(value);
                included.push(detail.summary.id);
            }
            Err(reason) => skipped.push((detail.summary.id, reason)),
        }
    }
    if credentials.is_empty() {
        return Err(Error::invalid(
            "none of the chosen credentials can go into a Verifiable Presentation (Open Badges 2.0 assertions cannot)",
        ));
    }
    let holder = holder::ensure(wallet, passphrase, KdfCost::default())?;
    let unsigned = json!({
        "@context": [VC2_CONTEXT],
        "type": ["VerifiablePresentation"],
        "holder": holder.did,
        "verifiableCredential": credentials,
    });
    let created = options
        .created
        .clone()
        .unwrap_or_else(|| chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let mut proof = Map::new();
    proof.insert("type".into(), "DataIntegrityProof".into());
    proof.insert("cryptosuite".into(), "eddsa-rdfc-2022".into());
    proof.insert("created".into(), created.into());
    proof.insert(
        "verificationMethod".into(),
        holder.verification_method.clone().into(),
    );
    proof.insert("proofPurpose".into(), "authentication".into());
    if let Some(c) = &options.challenge {
        proof.insert("challenge".into(), c.clone().into());
    }
    if let Some(d) = &options.domain {
        proof.insert("domain".into(), d.clone().into());
    }
    let message = hash_input(&unsigned, &proof)?;
    let signature = holder::sign(wallet, passphrase, &message)?;
    proof.insert(
        "proofValue".into(),
        format!("z{}", bs58::encode(signature).into_string()).into(),
    );
    let mut document = unsigned;
    document["proof"] = Value::Object(proof);
    Ok(Presentation {
        document,
        holder,
        included,
        skipped,
    })
}

/// `SHA-256(canonical proof options) ‖ SHA-256(canonical document)`, as eddsa-rdfc-2022 signs.
fn hash_input(unsigned: &Value, proof: &Map<String, Value>) -> Result<Vec<u8>> {
    let contexts = Contexts::embedded();
    let mut config = proof.clone();
    config.insert("@context".into(), unsigned["@context"].clone());
    let canon_err = |e: String| {
        Error::new(
            ErrorCode::InvalidInput,
            format!("the presentation cannot be canonicalized for signing: {e}"),
        )
    };
    let config =
        di::canonicalize(&Value::Object(config), Canon::Rdfc, contexts).map_err(canon_err)?;
    let document = di::canonicalize(unsigned, Canon::Rdfc, contexts).map_err(canon_err)?;
    Ok([
        Sha256::digest(config.as_bytes()).as_slice(),
        Sha256::digest(document.as_bytes()).as_slice(),
    ]
    .concat())
}

/// The result of checking a presentation's own proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresentationCheck {
    /// Whether the proof is valid, made by the holder, for the expected challenge and domain.
    pub valid: bool,
    /// What was found.
    pub message: String,
}

/// Checks a presentation's proof with Cairn's verifier: the signature, that the key belongs
/// to the `holder`, and the challenge and domain when expected.
pub fn check(document: &Value, challenge: Option<&str>, domain: Option<&str>) -> PresentationCheck {
    let fail = |message: String| PresentationCheck {
        valid: false,
        message,
    };
    let proofs = di::proofs(document);
    let [proof] = proofs.as_slice() else {
        return fail(format!("expected one proof, found {}", proofs.len()));
    };
    let holder = document.get("holder").and_then(Value::as_str).unwrap_or("");
    let vm = proof
        .get("verificationMethod")
        .and_then(Value::as_str)
        .unwrap_or("");
    if holder.is_empty() || vm.split('#').next() != Some(holder) {
        return fail(format!(
            "the proof's key {vm} is not the holder's ({holder})"
        ));
    }
    if proof.get("proofPurpose").and_then(Value::as_str) != Some("authentication") {
        return fail("the proof's purpose is not authentication".to_owned());
    }
    for (name, expected) in [("challenge", challenge), ("domain", domain)] {
        if let Some(expected) = expected
            && proof.get(name).and_then(Value::as_str) != Some(expected)
        {
            return fail(format!("the proof's {name} is not {expected}"));
        }
    }
    let outcomes = di::verify_proofs(document, Contexts::embedded(), None);
    match outcomes.first() {
        Some(o) if o.valid == Some(true) => PresentationCheck {
            valid: true,
            message: o.message.clone(),
        },
        Some(o) => fail(o.message.clone()),
        None => fail("the presentation has no proof".to_owned()),
    }
}
