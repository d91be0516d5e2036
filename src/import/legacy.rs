//! Open Badges 0.5 and 1.x assertions, normalised into the same [`Credential`] as 2.0.
//!
//! 0.5 (2011–2013): the recipient is a bare e-mail address or `sha256$` hash with a sibling
//! `salt`, the badge is embedded with a `version`, and the issuer has an `origin` against which
//! relative URLs resolve. 1.0: no `@context`, a `uid`, a `verify` object and a recipient
//! IdentityObject. 1.1: the `https://w3id.org/openbadges/v1` context. 1.x BadgeClasses use the
//! same property names as 2.0, so they are read by [`super::ob2`].

use super::json::{contexts, date, id_of, string};
use super::ob2;
use crate::model::{Achievement, Credential, Evidence, Format, Issuer, Recipient};
use serde_json::Value;

/// The legacy format of a JSON document, or `None` when it is not a 0.5 or 1.x assertion.
pub fn format(doc: &Value) -> Option<Format> {
    let obj = doc.as_object()?;
    let badge = obj.get("badge")?;
    if !obj.contains_key("recipient") {
        return None;
    }
    let recipient_is_string = obj.get("recipient").is_some_and(Value::is_string);
    let version_05 = badge
        .get("version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("0.5"));
    if badge.is_object() && (recipient_is_string || version_05) && !obj.contains_key("@context") {
        return Some(Format::Ob05Json);
    }
    if contexts(doc).iter().any(|c| c.contains("openbadges/v1")) {
        return Some(Format::Ob1Json);
    }
    if !obj.contains_key("@context") && (obj.contains_key("uid") || obj.contains_key("verify")) {
        return Some(Format::Ob1Json);
    }
    None
}

/// Normalises a 0.5 or 1.x assertion.
pub fn normalise(doc: &Value, format: Format) -> Credential {
    if format == Format::Ob05Json {
        return normalise_05(doc);
    }
    let mut credential = ob2::normalise(doc, format);
    if credential.credential_id.is_none() {
        credential.credential_id = doc.get("verify").and_then(|v| string(v, "url"));
    }
    credential
}

/// A URL from a 0.5 badge, made absolute against the issuer's origin when it is relative.
fn absolute(origin: Option<&str>, url: Option<String>) -> Option<String> {
    let url = url?;
    match origin {
        Some(origin) if url.starts_with('/') => {
            Some(format!("{}{url}", origin.trim_end_matches('/')))
        }
        _ => Some(url),
    }
}

fn normalise_05(doc: &Value) -> Credential {
    let empty = Value::Null;
    let badge = doc.get("badge").unwrap_or(&empty);
    let issuer = badge.get("issuer").unwrap_or(&empty);
    let origin = string(issuer, "origin");
    let origin = origin.as_deref();
    let title = string(badge, "name").unwrap_or_else(|| "Untitled badge".to_owned());
    let mut credential = Credential::new(Format::Ob05Json, title);
    credential.description = string(badge, "description");
    credential.issuer = Issuer {
        id: origin.map(str::to_owned),
        name: string(issuer, "name").or_else(|| string(issuer, "org")),
        url: origin.map(str::to_owned),
        image: None,
        email: string(issuer, "contact"),
    };
    credential.recipient = match doc.get("recipient") {
        Some(Value::String(identity)) => {
            let lower = identity.to_ascii_lowercase();
            Some(Recipient {
                kind: "email".to_owned(),
                identity: identity.clone(),
                hashed: lower.starts_with("sha256$") || lower.starts_with("md5$"),
                salt: string(doc, "salt"),
                name: None,
            })
        }
        Some(other) => ob2::recipient(other),
        None => None,
    };
    credential.issued_on = date(doc.get("issued_on")).or_else(|| date(doc.get("issuedOn")));
    credential.valid_from = credential.issued_on.clone();
    credential.valid_until = date(doc.get("expires"));
    credential.achievement = Achievement {
        id: None,
        name: string(badge, "name"),
        achievement_type: Some("Badge".to_owned()),
        description: string(badge, "description"),
        criteria_narrative: None,
        criteria_url: absolute(origin, string(badge, "criteria")),
        alignments: Vec::new(),
        tags: Vec::new(),
        image: absolute(origin, badge.get("image").and_then(id_of)),
    };
    credential.evidence = absolute(origin, string(doc, "evidence"))
        .map(|url| Evidence {
            id: Some(url),
            ..Evidence::default()
        })
        .into_iter()
        .collect();
    credential
}
