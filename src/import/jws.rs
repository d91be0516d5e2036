//! Compact JWS and VC-JWT: decoding the header and payload into credentials. Signatures are
//! not checked here (verification reads [`super::Found::document`], the compact text itself).
//!
//! Shapes seen in real files: an Open Badges 2.0 signed assertion (the payload is the
//! assertion), a VC-JWT with a `vc` claim (VC 1.1; the registered claims `jti`, `iss`, `sub`,
//! `nbf`, `exp` stand for properties the credential may leave out), and a VC-JWT whose payload
//! is the credential itself (VC 2.0 / OB 3.0, key in a `jwk` or `kid` header).

use super::{Found, Limits, clr, ob2, ob3};
use crate::error::{Error, ErrorCode, Result};
use crate::model::Format;
use base64::Engine as _;
use serde_json::{Map, Value};

/// A decoded compact JWS: its protected header and payload as JSON.
#[derive(Debug, Clone)]
pub struct Compact {
    /// The JOSE header.
    pub header: Value,
    /// The payload.
    pub payload: Value,
}

/// Whether `text` has the shape of a compact JWS: three base64url parts, the first a JSON
/// object (`ey...`).
pub fn looks_compact(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("ey")
        && parts[1].len() >= 2
        && parts.iter().all(|p| {
            p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
        })
}

/// Decodes the header and payload of a compact JWS.
pub fn decode(name: &str, text: &str) -> Result<Compact> {
    let mut parts = text.split('.');
    let (Some(header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::invalid(format!(
            "{name}: not a compact JWS (expected three parts separated by dots)"
        )));
    };
    let part = |what: &str, b64: &str| -> Result<Value> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(b64.trim_end_matches('='))
            .map_err(|e| {
                Error::invalid(format!("{name}: the JWS {what} is not base64url ({e})"))
            })?;
        super::json::parse_strict_slice(&bytes)
            .map_err(|e| Error::invalid(format!("{name}: the JWS {what} is not JSON ({e})")))
    };
    let header = part("header", header)?;
    crate::verify::jose::check_critical(&header)
        .map_err(|why| Error::invalid(format!("{name}: {why}")))?;
    Ok(Compact {
        header,
        payload: part("payload", payload)?,
    })
}

/// The credential a VC-JWT payload carries: the `vc` claim completed from the registered
/// claims, or the payload itself when it is a credential. `None` when it carries neither.
pub fn credential_of(payload: &Value) -> Option<Value> {
    if let Some(Value::Object(vc)) = payload.get("vc") {
        let mut vc = vc.clone();
        complete_from_claims(&mut vc, payload);
        return Some(Value::Object(vc));
    }
    ob3::is_credential(payload).then(|| payload.clone())
}

/// VC-JWT 1.1: `jti` is the id, `iss` the issuer, `sub` the subject id, `nbf` the issuance
/// date and `exp` the expiry, when the `vc` claim does not say them itself.
fn complete_from_claims(vc: &mut Map<String, Value>, claims: &Value) {
    let claim = |key: &str| claims.get(key).filter(|v| !v.is_null()).cloned();
    if !vc.contains_key("id")
        && let Some(jti) = claim("jti")
    {
        vc.insert("id".to_owned(), jti);
    }
    if !vc.contains_key("issuer")
        && let Some(iss) = claim("iss")
    {
        vc.insert("issuer".to_owned(), iss);
    }
    if !vc.contains_key("issuanceDate")
        && !vc.contains_key("validFrom")
        && let Some(nbf) = claim("nbf").or_else(|| claim("iat"))
    {
        vc.insert("issuanceDate".to_owned(), nbf);
    }
    if !vc.contains_key("expirationDate")
        && !vc.contains_key("validUntil")
        && let Some(exp) = claim("exp")
    {
        vc.insert("expirationDate".to_owned(), exp);
    }
    if let Some(sub) = claim("sub")
        && let Some(Value::Object(subject)) = vc.get_mut("credentialSubject")
        && !subject.contains_key("id")
    {
        subject.insert("id".to_owned(), sub);
    }
}

/// The JWT format matching a JSON credential format.
fn jwt_format(json: Format) -> Format {
    match json {
        Format::Clr2Json => Format::Clr2Jwt,
        Format::Ob3Json => Format::Ob3Jwt,
        Format::Ob2Json => Format::Ob2Jws,
        _ => Format::VcJwt,
    }
}

/// Finds the credential (and, for a CLR, its members) in a compact JWS/JWT.
pub fn extract(name: &str, text: &str, limits: &Limits) -> Result<Vec<Found>> {
    let compact = decode(name, text)?;
    if let Some(vc) = credential_of(&compact.payload) {
        let format = jwt_format(ob3::json_format(&vc));
        if format == Format::Clr2Jwt {
            return clr::extract(name, text, &vc, format, limits);
        }
        return Ok(vec![Found::new(ob3::normalise(&vc, format), text)]);
    }
    if ob2::is_assertion(&compact.payload) {
        return Ok(vec![Found::new(
            ob2::normalise(&compact.payload, Format::Ob2Jws),
            text,
        )]);
    }
    if let Some(vp) = compact.payload.get("vp").filter(|v| v.is_object()) {
        return super::collection::extract(name, vp, limits);
    }
    Err(Error::new(
        ErrorCode::UnsupportedFormat,
        format!(
            "{name}: unsupported format: this JWT carries neither a Verifiable Credential nor an Open Badges assertion"
        ),
    ))
}
