//! Compact JWS and JWT: VC-JWT (Open Badges 3.0, CLR 2.0) and Open Badges 2.0 signed
//! assertions, with RS256, ES256 and EdDSA.
//!
//! `alg: none` and HMAC algorithms are refused outright (a public key must never be usable as
//! an HMAC secret). The key comes from the `jwk` header or is resolved from `kid`; OB 2.0
//! signed assertions name theirs in `verification.creator`.

use super::keys::{self, Algorithm, KeyError, KeySource, ResolvedKey};
use super::report::{CheckName, CheckStatus, Checks};
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
    let alg = match algorithm(&compact.header) {
        Ok(a) => Some(a),
        Err(m) => {
            checks.add(CheckName::Signature, CheckStatus::Fail, m);
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
            super::key_binding(&key, issuer.as_deref(), checks);
        }
        Err(KeyError::Unavailable(m)) => {
            checks.skip_required(
                CheckName::Signature,
                format!("the JWT signature could not be checked: {m}"),
            );
            checks.skip_required(CheckName::IssuerKey, m);
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

/// The key a JWS names: its `jwk` header, or its `kid` resolved (a `#fragment` kid is relative
/// to the issuer).
fn signing_key(
    compact: &Compact,
    issuer: Option<&str>,
    fetch: Option<&dyn super::Fetch>,
) -> Result<ResolvedKey, KeyError> {
    if let Some(jwk) = compact.header.get("jwk") {
        keys::from_jwk(jwk)
            .map(|key| ResolvedKey {
                key,
                controller: None,
                source: KeySource::Embedded,
                note: None,
            })
            .map_err(KeyError::Invalid)
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
