//! Pieces every Open Badges and Verifiable Credential version shares: issuer profiles,
//! alignments and evidence, read the same way whichever format carries them.

use super::json::{id_of, string};
use crate::model::{Alignment, Evidence, Issuer};
use serde_json::Value;

/// Reads an issuer given as a bare URL or DID, or as an embedded profile object.
pub fn issuer(doc: &Value) -> Issuer {
    match doc {
        Value::String(url) => Issuer {
            id: Some(url.clone()),
            ..Issuer::default()
        },
        Value::Object(_) => Issuer {
            id: string(doc, "id"),
            name: string(doc, "name"),
            url: string(doc, "url"),
            image: doc.get("image").and_then(id_of),
            email: string(doc, "email"),
        },
        _ => Issuer::default(),
    }
}

/// Reads an alignment to a skill or standard; one without a target name is skipped.
pub fn alignment(doc: &Value) -> Option<Alignment> {
    Some(Alignment {
        target_name: string(doc, "targetName")?,
        target_url: string(doc, "targetUrl"),
        target_description: string(doc, "targetDescription"),
        target_framework: string(doc, "targetFramework"),
        target_code: string(doc, "targetCode"),
    })
}

/// Reads a piece of evidence given as a URL or as an Evidence object.
pub fn evidence(doc: &Value) -> Evidence {
    match doc {
        Value::String(url) => Evidence {
            id: Some(url.clone()),
            ..Evidence::default()
        },
        _ => Evidence {
            id: string(doc, "id"),
            name: string(doc, "name"),
            narrative: string(doc, "narrative"),
            description: string(doc, "description"),
        },
    }
}
