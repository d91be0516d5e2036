//! Compact JWS and JWT: VC-JWT (Open Badges 3.0, CLR 2.0) and Open Badges 2.0 signed
//! assertions, with RS256, ES256 and EdDSA.
//!
//! `alg: none` and HMAC algorithms are refused outright (a public key must never be usable as
//! an HMAC secret). The key comes from the `jwk` header or is resolved from `kid`; OB 2.0
//! signed assertions name theirs in `verification.creator`.

use super::keys::{self, Algorithm, KeyError, KeySource, ResolvedKey};
use super::report::{CheckName, CheckStatus, Checks, Reason};
use super::validity;
use super::{VerifyOptions, ob2};
use crate::model::Format;
use base64::Engine as _;
use serde_json::Value;

/// The three parts of a compact JWS, decoded.
#[derive(Debug, Clone)]
pub struct Compact {
    /// The protected header.
    pub header: Value,
    /// The payload as JSON.
    pub payload: Value,
    /// `base64url(header) . base64url(payload)`: what is signed.
    pub signing_input: String,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

fn b64(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .ok()
}

/// Parses a compact JWS whose header and payload are JSON.
pub fn parse(text: &str) -> Option<Compact> {
    let mut parts = text.trim().split('.');
    let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: Value = crate::import::json::parse_strict_slice(&b64(h)?).ok()?;
    let payload: Value = crate::import::json::parse_strict_slice(&b64(p)?).ok()?;
    if !header.is_object() || !payload.is_object() {
        return None;
    }
    Some(Compact {
        header,
        payload,
        signing_input: format!("{h}.{p}"),
        signature: b64(s)?,
    })
}

/// Whether text looks like a compact JWS/JWT (three base64url parts, a JSON header).
pub fn looks_compact(text: &str) -> bool {
    let text = text.trim();
    text.starts_with("ey")
        && text.split('.').count() == 3
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='))
        && parse(text).is_some()
}

/// The credential a JWT carries: its `vc` claim, or the payload itself.
pub fn payload_credential(text: &str) -> Option<Value> {
    let compact = parse(text)?;
    Some(vc_of(&compact.payload).clone())
}

fn vc_of(payload: &Value) -> &Value {
    payload
        .get("vc")
        .filter(|v| v.is_object())
        .unwrap_or(payload)
}

/// The algorithm named by the header, refusing `none`, HMAC and anything unsupported.
fn algorithm(header: &Value) -> Result<Algorithm, String> {
    match header.get("alg").and_then(Value::as_str) {
        Some("RS256") => Ok(Algorithm::Rs256),
        Some("ES256") => Ok(Algorithm::Es256),
        Some("EdDSA" | "Ed25519") => Ok(Algorithm::EdDsa),
        Some("none") => Err("the JWS is unsigned (alg \"none\") and is refused".into()),
        Some(alg) if alg.starts_with("HS") => Err(format!(
            "the JWS uses the shared-secret algorithm {alg}, which cannot prove an issuer and is refused"
        )),
        Some(alg) => Err(format!(
            "the JWS algorithm {alg} is not supported (RS256, ES256 and EdDSA are)"
        )),
        None => Err("the JWS header names no algorithm".into()),
    }
}

/// The `crit` header parameters this verifier understands and enforces: none. RFC 7515
/// §4.1.11: a JWS whose `crit` lists an extension the recipient does not understand must be
/// rejected (it may change what the signature means, `b64: false` say).
const UNDERSTOOD_CRITICAL: &[&str] = &[];

/// Refuses a header whose `crit` lists anything (or is malformed).
pub fn check_critical(header: &Value) -> Result<(), String> {
    let Some(crit) = header.get("crit") else {
        return Ok(());
    };
    let names: Vec<&str> = match crit {
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|v| v.as_str().ok_or(()))
            .collect::<Result<_, _>>()
            .map_err(|()| "the JWS \"crit\" header lists something that is not a name")?,
        _ => return Err("the JWS \"crit\" header is not a non-empty list of names".into()),
    };
    let unknown: Vec<&str> = names
        .into_iter()
        .filter(|n| !UNDERSTOOD_CRITICAL.contains(n))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the JWS marks the header parameter(s) {} as critical, which this verifier does not \
         understand, so it is refused",
        unknown.join(", ")
    ))
}

/// Verifies a compact JWS/JWT credential.
pub fn verify(
    text: &str,
    options: &VerifyOptions,
    checks: &mut Checks,
) -> (Option<String>, Option<Format>) {
    let Some(compact) = parse(text) else {
        checks.add(
            CheckName::Format,
            CheckStatus::Fail,
            "the JWS/JWT cannot be decoded",
        );
        return (None, None);
    };
    let alg = match check_critical(&compact.header).and_then(|()| algorithm(&compact.header)) {
        Ok(a) => Some(a),
        Err(m) => {
            checks.add_because(
                CheckName::Signature,
                CheckStatus::Fail,
                Reason::Unsupported,
                m,
            );
            None
        }
    };
    let vc = vc_of(&compact.payload).clone();
    if super::is_vc(&vc) {
        let credential = super::normalise(&vc.to_string(), &vc);
        let format = match credential.as_ref().map(|c| c.format) {
            Some(Format::Clr2Json) => Format::Clr2Jwt,
            Some(Format::Ob3Json) => Format::Ob3Jwt,
            _ => Format::VcJwt,
        };
        checks.add(
            CheckName::Format,
            CheckStatus::Pass,
            format!("{} credential as a JWT", format.label()),
        );
        super::check_contexts(&vc, options, checks, false);
        super::schema::check_credential(&vc, options, checks);
        if let Some(alg) = alg {
            verify_vc_signature(&compact, alg, &vc, options, checks);
        } else {
            checks.add(
                CheckName::IssuerKey,
                CheckStatus::Skip,
                "no key was looked up",
            );
        }
        jwt_times(&compact.payload, &vc, options, checks);
        super::status::check(&vc, options, checks);
        super::check_recipient(credential.as_ref(), options, checks);
        let id = vc
            .get("id")
            .or_else(|| compact.payload.get("jti"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        return (id, Some(format));
    }
    if ob2::is_assertion(&compact.payload) {
        checks.add(
            CheckName::Format,
            CheckStatus::Pass,
            "Open Badges 2.0 signed assertion",
        );
        ob2::verify_signed(&compact, alg, options, checks);
        super::schema::check_ob2_assertion(&compact.payload, options, checks);
        let text = compact.payload.to_string();
        let credential = super::normalise(&text, &compact.payload);
        super::check_recipient(credential.as_ref(), options, checks);
        let id = compact
            .payload
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned);
        return (id, Some(Format::Ob2Jws));
    }
    checks.add(
        CheckName::Format,
        CheckStatus::Fail,
        "the JWT carries neither a Verifiable Credential nor an Open Badges 2.0 assertion",
    );
    (None, None)
}

fn verify_vc_signature(
    compact: &Compact,
    alg: Algorithm,
    vc: &Value,
    options: &VerifyOptions,
    checks: &mut Checks,
) {
    let issuer = jwt_issuer(compact, vc);
    if let (Some(iss), Some(stated)) = (
        compact.payload.get("iss").and_then(Value::as_str),
        super::issuer_id(vc),
    ) && iss != stated
    {
        checks.add_because(
            CheckName::IssuerKey,
            CheckStatus::Fail,
            Reason::WrongIssuerKey,
            format!(
                "the JWT was issued by {iss} (its \"iss\"), but the credential claims to be from {stated}"
            ),
        );
    }
    match signing_key(compact, issuer.as_deref(), options.fetch) {
        Ok(key) => {
            if key
                .key
                .verify(alg, compact.signing_input.as_bytes(), &compact.signature)
            {
                checks.add(
                    CheckName::Signature,
                    CheckStatus::Pass,
                    format!("the JWT signature ({}) is valid", key.key.kind()),
                );
            } else {
                checks.add(
                    CheckName::Signature,
                    CheckStatus::Fail,
                    "the JWT signature does not match: it was changed after signing or signed with another key",
                );
            }
            let kid = compact.header.get("kid").and_then(Value::as_str);
            super::key_binding(&key, kid, issuer.as_deref(), super::Party::Issuer, checks);
        }
        Err(KeyError::Unavailable(m)) => {
            checks.add_because(
                CheckName::Signature,
                CheckStatus::Skip,
                Reason::Offline,
                format!("the JWT signature could not be checked: {m}"),
            );
            checks.add_because(CheckName::IssuerKey, CheckStatus::Skip, Reason::Offline, m);
        }
        Err(KeyError::Invalid(m)) => {
            checks.add(
                CheckName::Signature,
                CheckStatus::Fail,
                format!("the JWT signature cannot be checked: {m}"),
            );
            checks.add(CheckName::IssuerKey, CheckStatus::Fail, m);
        }
    }
}

/// The issuer of a VC-JWT: the credential's `issuer`, else the JWT's `iss`.
fn jwt_issuer(compact: &Compact, vc: &Value) -> Option<String> {
    super::issuer_id(vc)
        .or_else(|| compact.payload.get("iss").and_then(Value::as_str))
        .map(str::to_owned)
}

/// Whether two public keys are the same key.
fn same_key(a: &keys::PublicKey, b: &keys::PublicKey) -> bool {
    use keys::PublicKey as K;
    match (a, b) {
        (K::Ed25519(a), K::Ed25519(b)) => a == b,
        (K::P256(a), K::P256(b)) => a == b,
        (K::Rsa(a), K::Rsa(b)) => a == b,
        _ => false,
    }
}

/// Who controls a key embedded in a JWS `jwk` header: the issuer, when the issuer is a DID
/// whose document holds that very key (a `did:key` or `did:jwk` is its own document; a
/// `did:web` document is fetched). Anything else controls nothing Cairn can see, so the key
/// stays unbound.
fn embedded_key(
    key: keys::PublicKey,
    issuer: Option<&str>,
    fetch: Option<&dyn super::Fetch>,
) -> Result<ResolvedKey, KeyError> {
    let mut resolved = ResolvedKey {
        key,
        controller: None,
        source: KeySource::Embedded,
        note: None,
        relationships: None,
    };
    let Some(did) = issuer.filter(|i| i.starts_with("did:")) else {
        return Ok(resolved);
    };
    let candidates: Vec<ResolvedKey> = if did.starts_with("did:web:") {
        let url = keys::did_web_url(did)
            .ok_or_else(|| KeyError::Invalid(format!("{did} is not a valid did:web")))?;
        let (doc, _) = keys::fetch_json(&url, fetch, "DID document").map_err(|e| match e {
            KeyError::Unavailable(m) => KeyError::Unavailable(format!(
                "the JWT embeds its key, and whether it is {did}'s needs the DID document: {m}"
            )),
            other => other,
        })?;
        let ids: Vec<String> = match doc.get("verificationMethod") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|m| m.get("id").and_then(Value::as_str))
                .map(|id| {
                    if id.starts_with('#') {
                        format!("{did}{id}")
                    } else {
                        id.to_owned()
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        ids.iter()
            .filter_map(|id| keys::resolve(id, fetch).ok())
            .collect()
    } else {
        keys::resolve(did, fetch).into_iter().collect()
    };
    if let Some(found) = candidates
        .into_iter()
        .find(|c| same_key(&c.key, &resolved.key) && c.controller.as_deref() == Some(did))
    {
        resolved.controller = found.controller;
        resolved.relationships = found.relationships;
        resolved.note = found.note;
    }
    Ok(resolved)
}

/// The key a JWS names: its `jwk` header, or its `kid` resolved (a `#fragment` kid is relative
/// to the issuer).
fn signing_key(
    compact: &Compact,
    issuer: Option<&str>,
    fetch: Option<&dyn super::Fetch>,
) -> Result<ResolvedKey, KeyError> {
    if let Some(jwk) = compact.header.get("jwk") {
        let key = keys::from_jwk(jwk).map_err(KeyError::Invalid)?;
        embedded_key(key, issuer, fetch)
    } else if let Some(kid) = compact.header.get("kid").and_then(Value::as_str) {
        let kid = if kid.starts_with('#') {
            format!("{}{kid}", issuer.unwrap_or_default())
        } else {
            kid.to_owned()
        };
        keys::resolve(&kid, fetch)
    } else {
        Err(KeyError::Invalid(
            "the JWT header has neither a jwk nor a kid, so no key can be found".into(),
        ))
    }
}

/// A credential published as a compact JWS/JWT (a status list served as `application/vc+jwt`,
/// say), returned only when its signature verifies with the key its header names.
pub fn verified_credential(
    text: &str,
    fetch: Option<&dyn super::Fetch>,
) -> Result<Value, KeyError> {
    let compact =
        parse(text).ok_or_else(|| KeyError::Invalid("the JWT cannot be decoded".into()))?;
    check_critical(&compact.header).map_err(KeyError::Invalid)?;
    let alg = algorithm(&compact.header).map_err(KeyError::Invalid)?;
    let vc = vc_of(&compact.payload).clone();
    let issuer = jwt_issuer(&compact, &vc);
    let key = signing_key(&compact, issuer.as_deref(), fetch)?;
    if key
        .key
        .verify(alg, compact.signing_input.as_bytes(), &compact.signature)
    {
        Ok(vc)
    } else {
        Err(KeyError::Invalid(
            "its JWT signature does not match: it was changed after signing or signed with another key"
                .into(),
        ))
    }
}

/// Validity from the credential and from the JWT's `nbf`/`exp`.
fn jwt_times(payload: &Value, vc: &Value, options: &VerifyOptions, checks: &mut Checks) {
    let stamp = |name: &str| {
        payload
            .get(name)
            .and_then(Value::as_i64)
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
    };
    if let Some(exp) = stamp("exp")
        && options.now > exp
    {
        checks.add(
            CheckName::Validity,
            CheckStatus::Fail,
            format!("the JWT expired on {}", exp.to_rfc3339()),
        );
        return;
    }
    if let Some(nbf) = stamp("nbf")
        && options.now < nbf
    {
        checks.add(
            CheckName::Validity,
            CheckStatus::Fail,
            format!("the JWT is not valid before {}", nbf.to_rfc3339()),
        );
        return;
    }
    validity::check(vc, options.now, checks);
}
