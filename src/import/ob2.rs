//! Open Badges 2.0 assertions (and the BadgeClass and Issuer they embed) into [`Credential`].

use super::json::{date, id_of, list, string, text, types};
use crate::model::{Achievement, Credential, Format, Recipient};
use serde_json::Value;

pub use super::parts::issuer;
use super::parts::{alignment, evidence};

/// Whether a JSON document looks like an Open Badges 2.0 assertion.
pub fn is_assertion(doc: &Value) -> bool {
    let ob2_context = super::json::contexts(doc)
        .iter()
        .any(|c| c.contains("w3id.org/openbadges"));
    let typed = types(doc)
        .iter()
        .any(|t| t == "Assertion" || t.ends_with(":Assertion"));
    typed || (ob2_context && doc.get("badge").is_some())
}

/// Whether a JSON document is written in the Open Badges 2.0 vocabulary (its context is the
/// OB 2.0 context, or an inline context mapping into `https://w3id.org/openbadges`), whatever
/// its type.
pub fn is_ob2_document(doc: &Value) -> bool {
    fn mentions(v: &Value) -> bool {
        match v {
            Value::String(s) => s.contains("w3id.org/openbadges"),
            Value::Array(items) => items.iter().any(mentions),
            Value::Object(map) => map.values().any(mentions),
            _ => false,
        }
    }
    doc.get("@context").is_some_and(mentions)
}

/// Normalises an OB 2.0 assertion whose BadgeClass and Issuer are embedded (or unknown).
pub fn normalise(assertion: &Value, format: Format) -> Credential {
    normalise_resolved(assertion, None, None, format)
}

/// Normalises an OB 2.0 assertion. `badge` and `issuer` are the BadgeClass and Issuer
/// documents when they were fetched (the assertion names them by URL); otherwise the ones
/// the assertion embeds are used.
pub fn normalise_resolved(
    assertion: &Value,
    badge: Option<&Value>,
    issuer: Option<&Value>,
    format: Format,
) -> Credential {
    let empty = Value::Null;
    let badge_doc = badge
        .or_else(|| assertion.get("badge").filter(|b| b.is_object()))
        .unwrap_or(&empty);
    let issuer_doc = issuer.or_else(|| badge_doc.get("issuer")).unwrap_or(&empty);

    let title = string(badge_doc, "name")
        .or_else(|| {
            assertion
                .get("badge")
                .and_then(id_of)
                .map(|url| format!("Badge {url}"))
        })
        .unwrap_or_else(|| "Untitled badge".to_owned());
    let mut credential = Credential::new(format, title);
    credential.credential_id = string(assertion, "id");
    credential.types = types(assertion);
    credential.description = string(badge_doc, "description");
    credential.issuer = self::issuer(issuer_doc);
    credential.recipient = assertion.get("recipient").and_then(recipient);
    credential.issued_on = date(assertion.get("issuedOn"));
    credential.valid_from = credential.issued_on.clone();
    credential.valid_until = date(assertion.get("expires"));
    credential.achievement = achievement(badge_doc, assertion.get("badge"));
    credential.evidence = list(assertion.get("evidence"))
        .into_iter()
        .map(evidence)
        .collect();
    credential
}

/// Reads an OB 1.x/2.0 recipient IdentityObject.
pub fn recipient(doc: &Value) -> Option<Recipient> {
    let identity = string(doc, "identity")?;
    Some(Recipient {
        kind: string(doc, "type").unwrap_or_else(|| "email".to_owned()),
        hashed: doc.get("hashed").and_then(Value::as_bool).unwrap_or(false),
        salt: string(doc, "salt"),
        identity,
        name: None,
    })
}

fn achievement(badge: &Value, badge_ref: Option<&Value>) -> Achievement {
    let criteria = badge.get("criteria");
    Achievement {
        id: badge_ref.and_then(id_of),
        name: string(badge, "name"),
        achievement_type: Some("Badge".to_owned()),
        description: string(badge, "description"),
        criteria_narrative: criteria.and_then(|c| string(c, "narrative")),
        criteria_url: criteria.and_then(|c| match c {
            Value::String(url) => Some(url.clone()),
            _ => string(c, "id"),
        }),
        alignments: list(badge.get("alignment"))
            .into_iter()
            .filter_map(alignment)
            .collect(),
        tags: list(badge.get("tags"))
            .into_iter()
            .filter_map(text)
            .collect(),
        image: badge.get("image").and_then(id_of),
    }
}
