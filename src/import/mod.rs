//! Finding credentials in files: format detection and extraction into [`Found`] records.
//!
//! Extraction is pure: it reads bytes and returns what it found, and never touches the wallet.
//! [`crate::wallet::Wallet::import_paths`] stores the results, one transaction per file.

pub mod json;
pub mod ob2;
pub mod ob3;

use crate::error::{Error, ErrorCode, Result};
use crate::model::{Credential, Format, Image};
use serde_json::Value;

/// One credential found in a file.
#[derive(Debug, Clone)]
pub struct Found {
    /// The credential, normalised.
    pub credential: Credential,
    /// The credential as it was carried: its JSON text, or a compact JWS/JWT. Verification
    /// works on this.
    pub document: String,
    /// An image to show for it, when one is available without the network.
    pub image: Option<Image>,
    /// For credentials nested in another (CLR members): the index of the container in the
    /// same list.
    pub parent: Option<usize>,
}

/// Limits that keep hostile input from exhausting memory or time.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 20 * 1024 * 1024,
        }
    }
}

/// Guesses a media type from the first bytes of a file.
pub fn sniff_media_type(bytes: &[u8]) -> &'static str {
    let trimmed = trim_start(bytes);
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "application/zip"
    } else if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
        "application/json"
    } else if trimmed.starts_with(b"<") {
        "image/svg+xml"
    } else if trimmed.starts_with(b"ey") {
        "application/jwt"
    } else {
        "application/octet-stream"
    }
}

fn has_json_extension(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".json", ".jsonld", ".json-ld", ".1ob"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// Finds every credential in one file's bytes. `name` is used in error messages.
///
/// An error with [`ErrorCode::UnsupportedFormat`] means the file holds no credential Cairn
/// recognises; other codes mean it looked like one but is broken.
pub fn extract(name: &str, bytes: &[u8]) -> Result<Vec<Found>> {
    match sniff_media_type(bytes) {
        "application/json" => {
            let text = std::str::from_utf8(trim_start(bytes)).map_err(|e| {
                Error::invalid(format!("{name}: the file is not valid UTF-8 text ({e})"))
            })?;
            let doc: Value = serde_json::from_str(text).map_err(|e| {
                // A broken `.json` file or object is a damaged badge; anything else starting
                // with `[` (an INI or TOML file, say) is simply not a badge.
                let looks_json = text.starts_with('{') || has_json_extension(name);
                let code = if looks_json {
                    ErrorCode::InvalidInput
                } else {
                    ErrorCode::UnsupportedFormat
                };
                let what = if looks_json {
                    "not valid JSON"
                } else {
                    "unsupported format: not a credential file"
                };
                Error::new(code, format!("{name}: {what} ({e})"))
            })?;
            extract_json(name, text, &doc)
        }
        _ => Err(Error::new(
            ErrorCode::UnsupportedFormat,
            format!(
                "{name}: unsupported format: no Open Badge or Verifiable Credential found in this file"
            ),
        )),
    }
}

/// Finds the credential in a parsed JSON document whose text is `text`.
pub fn extract_json(name: &str, text: &str, doc: &Value) -> Result<Vec<Found>> {
    let found = |credential| Found {
        credential,
        document: text.to_owned(),
        image: None,
        parent: None,
    };
    if ob3::is_credential(doc) {
        let format = ob3::json_format(doc);
        return Ok(vec![found(ob3::normalise(doc, format))]);
    }
    if ob2::is_assertion(doc) {
        return Ok(vec![found(ob2::normalise(doc, Format::Ob2Json))]);
    }
    Err(Error::new(
        ErrorCode::UnsupportedFormat,
        format!(
            "{name}: unsupported format: this JSON is neither an Open Badges assertion nor a Verifiable Credential"
        ),
    ))
}
