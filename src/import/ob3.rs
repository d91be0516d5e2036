//! Open Badges 3.0, CLR 2.0 and other W3C Verifiable Credentials into [`Credential`].

use super::json::{date, has_type, id_of, list, string, text, types};
use crate::model::{Achievement, Credential, Format, Recipient, ResultEntry};
use serde_json::Value;

pub use super::parts::issuer;
use super::parts::{alignment, evidence};

/// Whether a JSON document looks like a W3C Verifiable Credential.
pub fn is_credential(doc: &Value) -> bool {
    has_type(doc, "VerifiableCredential")
        || has_type(doc, "OpenBadgeCredential")
        || has_type(doc, "AchievementCredential")
        || has_type(doc, "ClrCredential")
        || has_type(doc, "EndorsementCredential")
}

/// The JSON format of a credential document: OB 3.0, CLR 2.0 or another VC.
pub fn json_format(doc: &Value) -> Format {
    if has_type(doc, "ClrCredential") {
        Format::Clr2Json
    } else if has_type(doc, "OpenBadgeCredential")
        || has_type(doc, "AchievementCredential")
        || has_type(doc, "EndorsementCredential")
        || has_ob3_context(doc)
    {
        Format::Ob3Json
    } else {
        Format::VcJson
    }
}

/// Whether the document uses an Open Badges 3.0 context (final or draft), so a credential with
/// an unexpected type is still read as Open Badges 3.0.
fn has_ob3_context(doc: &Value) -> bool {
    super::json::contexts(doc).iter().any(|c| {
        c.contains("purl.imsglobal.org/spec/ob/v3p0")
            || c.contains("imsglobal.github.io/openbadges-specification/ob_v3p0")
    })
}

/// Normalises a Verifiable Credential (VC 1.1 or 2.0 data model).
pub fn normalise(doc: &Value, format: Format) -> Credential {
    let subject = list(doc.get("credentialSubject"))
        .into_iter()
        .next()
        .cloned()
        .unwrap_or(Value::Null);
    let achievement_doc = subject.get("achievement").cloned().unwrap_or(Value::Null);

    let title = string(doc, "name")
        .or_else(|| string(&achievement_doc, "name"))
        .or_else(|| string(&subject, "name"))
        .unwrap_or_else(|| "Untitled credential".to_owned());
    let mut credential = Credential::new(format, title);
    credential.credential_id = string(doc, "id");
    credential.types = types(doc);
    credential.description =
        string(doc, "description").or_else(|| string(&achievement_doc, "description"));
    credential.issuer = issuer(doc.get("issuer").unwrap_or(&Value::Null));
    credential.recipient = recipient(&subject);
    credential.valid_from = date(doc.get("validFrom")).or_else(|| date(doc.get("issuanceDate")));
    credential.issued_on = date(doc.get("awardedDate")).or_else(|| credential.valid_from.clone());
    credential.valid_until =
        date(doc.get("validUntil")).or_else(|| date(doc.get("expirationDate")));
    credential.achievement = achievement(&achievement_doc);
    credential.evidence = list(doc.get("evidence"))
        .into_iter()
        .map(evidence)
        .collect();
    credential.results = list(subject.get("result"))
        .into_iter()
        .map(result)
        .collect();
    credential
}

fn recipient(subject: &Value) -> Option<Recipient> {
    // OB 3.0 IdentityObjects come first: they carry the (possibly hashed) e-mail addresses.
    let identity = list(subject.get("identifier"))
        .into_iter()
        .find_map(|ident| {
            Some(Recipient {
                kind: match string(ident, "identityType").as_deref() {
                    Some("emailAddress") => "email".to_owned(),
                    Some(other) => other.to_owned(),
                    None => "identifier".to_owned(),
                },
                identity: string(ident, "identityHash")?,
                hashed: ident
                    .get("hashed")
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false),
                salt: string(ident, "salt"),
                name: None,
            })
        });
    identity.or_else(|| {
        let id = string(subject, "id")?;
        Some(Recipient {
            kind: if id.starts_with("did:") {
                "did".to_owned()
            } else {
                "url".to_owned()
            },
            identity: id,
            hashed: false,
            salt: None,
            name: string(subject, "name"),
        })
    })
}

fn achievement(doc: &Value) -> Achievement {
    let criteria = doc.get("criteria");
    Achievement {
        id: string(doc, "id"),
        name: string(doc, "name"),
        achievement_type: string(doc, "achievementType").or_else(|| Some("Achievement".to_owned())),
        description: string(doc, "description"),
        criteria_narrative: criteria.and_then(|c| string(c, "narrative")),
        criteria_url: criteria.and_then(|c| string(c, "id")),
        alignments: list(doc.get("alignment"))
            .into_iter()
            .filter_map(alignment)
            .collect(),
        tags: list(doc.get("tag")).into_iter().filter_map(text).collect(),
        image: doc.get("image").and_then(id_of),
    }
}

fn result(doc: &Value) -> ResultEntry {
    ResultEntry {
        name: doc.get("resultDescription").and_then(id_of),
        value: string(doc, "value").or_else(|| string(doc, "achievedLevel")),
        status: string(doc, "status"),
    }
}
