//! CLR 2.0 (`ClrCredential`): the CLR itself, each credential nested in it, and the
//! `association`s between achievements that describe stacks and pathways.

use super::{Found, Limits, extract_member, json::list, json::string, ob3};
use crate::error::{Error, ErrorCode, Result};
use crate::model::Format;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// A link between two achievements stated by a CLR (`isParentOf`, `precedes`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Association {
    /// The kind of link, as the CLR states it (`isParentOf`, `isChildOf`, `precedes`, ...).
    pub association_type: String,
    /// The achievement the link starts from (its id).
    pub source_id: String,
    /// The achievement the link points to (its id).
    pub target_id: String,
}

/// Reads the associations a CLR subject states; incomplete ones are skipped.
pub fn associations(subject: &Value) -> Vec<Association> {
    list(subject.get("association"))
        .into_iter()
        .filter_map(|a| {
            Some(Association {
                association_type: string(a, "associationType")?,
                source_id: string(a, "sourceId")?,
                target_id: string(a, "targetId")?,
            })
        })
        .collect()
}

/// The CLR `doc` (carried as `text`, which is JSON or a compact JWT) followed by each of its
/// member credentials, whose `parent` is the CLR's index (0).
pub fn extract(
    name: &str,
    text: &str,
    doc: &Value,
    format: Format,
    limits: &Limits,
) -> Result<Vec<Found>> {
    let subject = list(doc.get("credentialSubject"))
        .into_iter()
        .next()
        .cloned()
        .unwrap_or(Value::Null);
    let mut clr = Found::new(ob3::normalise(doc, format), text);
    clr.associations = associations(&subject);
    let members = list(subject.get("verifiableCredential"));
    if members.len() >= limits.max_credentials {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "{name}: the CLR holds {} credentials, more than the limit of {}",
                members.len(),
                limits.max_credentials
            ),
        ));
    }
    let mut found = vec![clr];
    for (i, member) in members.into_iter().enumerate() {
        let label = format!("{name} (credential {} in the CLR)", i + 1);
        let inner = extract_member(&label, member, limits)?;
        let base = found.len();
        for mut item in inner {
            // Members of members keep pointing at their own container.
            item.parent = Some(item.parent.map_or(0, |p| p + base));
            found.push(item);
        }
    }
    Ok(found)
}
