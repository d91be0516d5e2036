//! Revocation and suspension: `BitstringStatusListEntry`, `StatusList2021Entry` and
//! `1EdTechRevocationList`.
//!
//! A status list is a credential of its own: its proof (a Data Integrity proof, or the JWS
//! signature of a list published as a VC-JWT) is verified before its bits are trusted. Bit `i` of a list is `byte[i / 8] >> (7 − i % 8) & 1`, after base64url and gzip
//! decoding; no minimum list length is enforced.

use super::fetch::{Fetch, describe_age, json_of};
use super::keys::KeyError;
use super::report::{CheckName, CheckStatus, Checks};
use super::{VerifyOptions, di};
use base64::Engine as _;
use serde_json::Value;
use std::io::Read as _;

/// Largest decompressed status list accepted (16 MiB = 134 million entries).
const MAX_LIST_BYTES: u64 = 16 * 1024 * 1024;

/// Decodes an `encodedList`: optional multibase `u` prefix, base64url (padding allowed), gzip.
pub fn decode_list(encoded: &str) -> Result<Vec<u8>, String> {
    let text = encoded
        .strip_prefix('u')
        .unwrap_or(encoded)
        .trim_end_matches('=');
    let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
        .map_err(|e| format!("encodedList is not base64url ({e})"))?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .take(MAX_LIST_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("encodedList is not gzip data ({e})"))?;
    if out.len() as u64 > MAX_LIST_BYTES {
        return Err("the status list is larger than 16 MiB".into());
    }
    Ok(out)
}

/// Bit `index` of a decoded list, or `None` when the list is shorter.
pub fn bit(list: &[u8], index: u64) -> Option<bool> {
    let byte = *list.get(usize::try_from(index / 8).ok()?)?;
    Some((byte >> (7 - (index % 8))) & 1 == 1)
}

fn entries(doc: &Value) -> Vec<&Value> {
    match doc.get("credentialStatus") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    }
}

/// Checks every `credentialStatus` entry of a credential's JSON.
pub fn check(doc: &Value, options: &VerifyOptions, checks: &mut Checks) {
    let list = entries(doc);
    if list.is_empty() {
        checks.add(
            CheckName::Status,
            CheckStatus::Pass,
            "the issuer publishes no revocation status for it",
        );
        return;
    }
    for entry in list {
        let ty = super::types_of(entry);
        if ty
            .iter()
            .any(|t| t == "BitstringStatusListEntry" || t == "StatusList2021Entry")
        {
            check_list_entry(entry, options, checks);
        } else if ty.iter().any(|t| t == "1EdTechRevocationList") {
            check_revocation_list(doc, entry, options.fetch, checks);
        } else {
            checks.add(
                CheckName::Status,
                CheckStatus::Warn,
                format!(
                    "the status method {} is not supported, so revocation was not checked",
                    ty.join(", ")
                ),
            );
        }
    }
}

/// A fetched status or revocation list.
struct Listed {
    /// The list as JSON (a JWT's credential claim).
    doc: Value,
    /// " (a stored copy from … ago)", or empty.
    age: String,
    /// Whether it came as a JWT whose signature was verified on fetching.
    jwt_verified: bool,
}

fn fetch_doc(
    url: &str,
    fetch: Option<&dyn Fetch>,
    what: &str,
    checks: &mut Checks,
) -> Option<Listed> {
    let Some(fetch) = fetch else {
        checks.skip_required(
            CheckName::Status,
            format!("offline: the {what} at {url} was not checked"),
        );
        return None;
    };
    let fetched = match fetch.fetch(url) {
        Ok(f) => f,
        Err(e) => {
            checks.skip_required(
                CheckName::Status,
                format!("the {what} could not be fetched: {e}"),
            );
            return None;
        }
    };
    if !fetched.is_success() {
        checks.add(
            CheckName::Status,
            CheckStatus::Warn,
            format!(
                "the {what} at {url} answered HTTP {}, so revocation was not checked",
                fetched.status
            ),
        );
        return None;
    }
    let age = fetch
        .age(url)
        .map(|a| format!(" (a stored copy from {} ago)", describe_age(a)))
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&fetched.bytes).trim().to_owned();
    if super::jose::looks_compact(&text) {
        // A list published as a VC-JWT: its JWS signature is its proof.
        return match super::jose::verified_credential(&text, Some(fetch)) {
            Ok(doc) => Some(Listed {
                doc,
                age,
                jwt_verified: true,
            }),
            Err(KeyError::Unavailable(m)) => {
                checks.skip_required(
                    CheckName::Status,
                    format!("the {what} at {url} could not be checked: {m}"),
                );
                None
            }
            Err(KeyError::Invalid(m)) => {
                checks.add(
                    CheckName::Status,
                    CheckStatus::Fail,
                    format!("the {what} at {url} is not validly signed: {m}"),
                );
                None
            }
        };
    }
    match json_of(&fetched).ok() {
        Some(doc) => Some(Listed {
            doc,
            age,
            jwt_verified: false,
        }),
        None => {
            checks.add(
                CheckName::Status,
                CheckStatus::Fail,
                format!("the {what} at {url} is not a readable document"),
            );
            None
        }
    }
}

fn check_list_entry(entry: &Value, options: &VerifyOptions, checks: &mut Checks) {
    let purpose = entry
        .get("statusPurpose")
        .and_then(Value::as_str)
        .unwrap_or("revocation");
    let index = match entry.get("statusListIndex") {
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    };
    let (Some(index), Some(url)) = (
        index,
        entry.get("statusListCredential").and_then(Value::as_str),
    ) else {
        checks.add(
            CheckName::Status,
            CheckStatus::Fail,
            "the status entry lacks a valid statusListIndex or statusListCredential",
        );
        return;
    };
    let Some(Listed {
        doc: list_doc,
        age,
        jwt_verified,
    }) = fetch_doc(url, options.fetch, "status list", checks)
    else {
        return;
    };
    // The list is only as good as its own proof (or, for a JWT, its verified JWS signature).
    let outcomes = if jwt_verified {
        Vec::new()
    } else {
        di::verify_proofs(&list_doc, options.contexts, options.fetch)
    };
    if !jwt_verified
        && (!outcomes.iter().any(|o| o.valid == Some(true))
            || outcomes.iter().any(|o| o.valid == Some(false)))
    {
        let why = outcomes
            .iter()
            .map(|o| o.message.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        checks.add(
            CheckName::Status,
            CheckStatus::Fail,
            format!(
                "the status list at {url} is not validly signed{}",
                if why.is_empty() {
                    String::new()
                } else {
                    format!(": {why}")
                }
            ),
        );
        return;
    }
    let subject = list_doc.get("credentialSubject").unwrap_or(&Value::Null);
    let Some(encoded) = subject.get("encodedList").and_then(Value::as_str) else {
        checks.add(
            CheckName::Status,
            CheckStatus::Fail,
            format!("the status list at {url} has no encodedList"),
        );
        return;
    };
    let list_purpose = subject.get("statusPurpose").and_then(Value::as_str);
    if list_purpose.is_some_and(|p| p != purpose) {
        checks.add(
            CheckName::Status,
            CheckStatus::Fail,
            format!(
                "the status list at {url} is for {}, not {purpose}",
                list_purpose.unwrap_or_default()
            ),
        );
        return;
    }
    let bits = match decode_list(encoded) {
        Ok(b) => b,
        Err(e) => {
            checks.add(
                CheckName::Status,
                CheckStatus::Fail,
                format!("the status list at {url}: {e}"),
            );
            return;
        }
    };
    match bit(&bits, index) {
        None => checks.add(
            CheckName::Status,
            CheckStatus::Fail,
            format!("index {index} is beyond the end of the status list at {url}"),
        ),
        Some(true) => {
            let what = if purpose == "suspension" {
                "suspended"
            } else {
                "revoked"
            };
            checks.add(
                CheckName::Status,
                CheckStatus::Fail,
                format!("the issuer has {what} it (entry {index} of {url}){age}"),
            );
        }
        Some(false) => checks.add(
            CheckName::Status,
            CheckStatus::Pass,
            format!(
                "not {} (entry {index} of {url}){age}",
                if purpose == "suspension" {
                    "suspended"
                } else {
                    "revoked"
                }
            ),
        ),
    }
}

fn check_revocation_list(
    doc: &Value,
    entry: &Value,
    fetch: Option<&dyn Fetch>,
    checks: &mut Checks,
) {
    let Some(url) = entry.get("id").and_then(Value::as_str) else {
        checks.add(
            CheckName::Status,
            CheckStatus::Fail,
            "the 1EdTechRevocationList entry has no id",
        );
        return;
    };
    let Some(Listed { doc: list, age, .. }) = fetch_doc(url, fetch, "revocation list", checks)
    else {
        return;
    };
    let id = doc.get("id").and_then(Value::as_str);
    let revoked = list
        .get("revokedCredentials")
        .or_else(|| list.get("revokedAssertions"))
        .and_then(Value::as_array)
        .map(|items| {
            items.iter().any(|item| {
                let listed = item
                    .as_str()
                    .or_else(|| item.get("id").and_then(Value::as_str));
                listed.is_some() && listed == id
            })
        })
        .unwrap_or(false);
    if revoked {
        checks.add(
            CheckName::Status,
            CheckStatus::Fail,
            format!("the issuer has revoked it (listed in {url}){age}"),
        );
    } else {
        checks.add(
            CheckName::Status,
            CheckStatus::Pass,
            format!("not listed in the revocation list {url}{age}"),
        );
    }
}
