//! Files holding several credentials side by side: W3C Verifiable Presentations, JSON lists of
//! credentials, and other wallets' backups or exports (`{"credentials": [...]}` and alike).
//! Each credential is imported on its own; the container itself is not a credential.

use super::{Found, Limits, extract_member, json::has_type, json::list};
use crate::error::{Error, ErrorCode, Result};
use serde_json::Value;

/// Keys under which wallets' exports list their credentials.
const LIST_KEYS: [&str; 5] = [
    "verifiableCredential",
    "credentials",
    "badges",
    "assertions",
    "items",
];

/// Whether `doc` is a presentation or a list of credentials rather than one credential.
pub fn is_collection(doc: &Value) -> bool {
    match doc {
        Value::Array(_) => members(doc).is_some_and(|m| !m.is_empty()),
        Value::Object(map) => {
            if has_type(doc, "VerifiablePresentation") {
                return true;
            }
            if has_type(doc, "VerifiableCredential") || map.contains_key("credentialSubject") {
                return false;
            }
            members(doc).is_some_and(|m| !m.is_empty())
        }
        _ => false,
    }
}

/// The members of a collection: array items, or the first list under a known key whose items
/// look like credentials (objects or JWT strings).
fn members(doc: &Value) -> Option<Vec<&Value>> {
    let credential_like = |items: &[&Value]| {
        !items.is_empty()
            && items
                .iter()
                .all(|i| i.is_object() || i.as_str().is_some_and(|s| s.starts_with("ey")))
    };
    if let Value::Array(items) = doc {
        let items: Vec<&Value> = items.iter().collect();
        return credential_like(&items).then_some(items);
    }
    LIST_KEYS.iter().find_map(|key| {
        let items = list(doc.get(*key));
        credential_like(&items).then_some(items)
    })
}

/// Every credential in a collection. A member that is not a credential fails the whole file,
/// naming the member, so nothing is half-imported.
pub fn extract(name: &str, doc: &Value, limits: &Limits) -> Result<Vec<Found>> {
    let members = members(doc).unwrap_or_default();
    if members.is_empty() {
        return Err(Error::new(
            ErrorCode::UnsupportedFormat,
            format!("{name}: no badge found in this file (the presentation holds no credentials)"),
        ));
    }
    if members.len() > limits.max_credentials {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "{name}: the file holds {} credentials, more than the limit of {}",
                members.len(),
                limits.max_credentials
            ),
        ));
    }
    let mut found: Vec<Found> = Vec::new();
    for (i, member) in members.into_iter().enumerate() {
        let label = format!("{name} (item {})", i + 1);
        let inner = extract_member(&label, member, limits)?;
        let base = found.len();
        for mut item in inner {
            item.parent = item.parent.map(|p| p + base);
            found.push(item);
        }
        if found.len() > limits.max_credentials {
            return Err(Error::new(
                ErrorCode::TooLarge,
                format!(
                    "{name}: the file holds more than {} credentials",
                    limits.max_credentials
                ),
            ));
        }
    }
    Ok(found)
}
