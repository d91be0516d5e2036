//! Finding credentials in files: format detection and extraction into [`Found`] records.
//!
//! Extraction is pure: it reads bytes and returns what it found, and never touches the wallet
//! or the network. [`crate::wallet::Wallet::import_paths`] stores the results, one transaction
//! per file, and fetches what a hosted badge names by URL when a network client is set.
//!
//! Carriers: JSON ([`extract_json`]), compact JWS / VC-JWT ([`jws`]), baked PNG ([`png`]) and
//! SVG ([`svg`]) images, and containers holding several credentials: CLR 2.0 ([`clr`]),
//! Verifiable Presentations and other wallets' exports ([`collection`]), zip archives
//! ([`archive`]).

pub mod archive;
pub mod bounds;
pub mod clr;
pub mod collection;
pub mod json;
pub mod jws;
pub mod legacy;
pub mod ob2;
pub mod ob3;
mod parts;
pub mod png;
pub mod svg;

use crate::error::{Error, ErrorCode, Result};
use crate::model::{Credential, Format, Image};
pub use clr::Association;
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
    /// Links between achievements stated by this credential (CLR 2.0 `association`s).
    pub associations: Vec<Association>,
}

impl Found {
    /// A top-level credential carried as `document`, with nothing else attached.
    pub fn new(credential: Credential, document: impl Into<String>) -> Self {
        Self {
            credential,
            document: document.into(),
            image: None,
            parent: None,
            associations: Vec::new(),
        }
    }
}

/// What a baked image carries: the text of its badge chunk or element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baked {
    /// JSON, a compact JWS/JWT, or a URL.
    pub text: String,
    /// Whether it was baked as Open Badges 3.0 (`openbadgecredential`, `<openbadges:credential>`)
    /// rather than 0.5–2.0 (`openbadges`, `<openbadges:assertion>`).
    pub ob3: bool,
}

/// Limits that keep hostile input from exhausting memory or time.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file accepted, in bytes (also the largest file inside an archive, and the
    /// largest text a compressed PNG chunk may inflate to).
    pub max_file_bytes: u64,
    /// Most entries a zip archive may hold.
    pub max_archive_entries: usize,
    /// Most bytes all the entries of one zip archive may inflate to, together.
    pub max_archive_bytes: u64,
    /// Largest ratio of inflated to compressed size accepted for an archive entry.
    pub max_expansion_ratio: u64,
    /// Most credentials one file (a CLR, a presentation, a backup) may hold.
    pub max_credentials: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 20 * 1024 * 1024,
            max_archive_entries: 10_000,
            max_archive_bytes: 200 * 1024 * 1024,
            max_expansion_ratio: 200,
            max_credentials: bounds::MAX_CREDENTIALS_PER_FILE,
        }
    }
}

/// Guesses a media type from the first bytes of a file.
pub fn sniff_media_type(bytes: &[u8]) -> &'static str {
    let trimmed = trim_start(bytes);
    if bytes.starts_with(png::SIGNATURE) {
        "image/png"
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
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

pub(crate) fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn unsupported(name: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::UnsupportedFormat,
        format!("{name}: unsupported format: {what}"),
    )
}

/// Finds every credential in one file's bytes, with the default [`Limits`]. `name` is used in
/// error messages.
///
/// An error with [`ErrorCode::UnsupportedFormat`] means the file holds no credential Cairn
/// recognises; other codes mean it looked like one but is broken. A badge that is only a link
/// (a hosted assertion baked as a URL) is an [`ErrorCode::Network`] error here: see
/// [`hosted_url`].
pub fn extract(name: &str, bytes: &[u8]) -> Result<Vec<Found>> {
    extract_with(name, bytes, &Limits::default())
}

/// [`extract`] with explicit limits. Every credential found is checked against the field
/// bounds of [`bounds`]: one over a bound refuses the file.
pub fn extract_with(name: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Found>> {
    let found = extract_unchecked(name, bytes, limits)?;
    bounds::check_all(name, &found)?;
    Ok(found)
}

fn extract_unchecked(name: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Found>> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "{name}: the file is larger than the {} MB import limit",
                limits.max_file_bytes / (1024 * 1024)
            ),
        ));
    }
    match sniff_media_type(bytes) {
        "image/png" => {
            let baked = png::find(name, bytes, limits)?.ok_or_else(|| {
                Error::new(
                    ErrorCode::UnsupportedFormat,
                    format!("{name}: no badge found in this PNG image"),
                )
            })?;
            let image = Image {
                media_type: "image/png".to_owned(),
                bytes: bytes.to_vec(),
            };
            baked_payload(name, &baked, image, limits)
        }
        "image/svg+xml" => {
            let baked = svg::find(name, bytes)?.ok_or_else(|| {
                Error::new(
                    ErrorCode::UnsupportedFormat,
                    format!("{name}: no badge found in this file (not a baked SVG badge)"),
                )
            })?;
            let image = Image {
                media_type: "image/svg+xml".to_owned(),
                bytes: bytes.to_vec(),
            };
            baked_payload(name, &baked, image, limits)
        }
        "application/json" => {
            let text = utf8(name, trim_start(bytes))?;
            let doc = parse_json(name, text)?;
            extract_json_with(name, text, &doc, limits)
        }
        "application/jwt" => {
            let text = utf8(name, trim_start(bytes))?.trim_end();
            if !jws::looks_compact(text) {
                return Err(unsupported(
                    name,
                    "no Open Badge or Verifiable Credential found in this file",
                ));
            }
            jws::extract(name, text, limits)
        }
        "application/zip" => Err(Error::new(
            ErrorCode::InvalidInput,
            format!(
                "{name}: this is a zip archive; import it as a file so each file inside is read"
            ),
        )),
        _ => Err(unsupported(
            name,
            "no Open Badge or Verifiable Credential found in this file",
        )),
    }
}

/// The URL of a hosted assertion when that is all a baked image carries (its badge is a link).
/// The wallet fetches it and imports what it finds.
pub fn hosted_url(name: &str, bytes: &[u8], limits: &Limits) -> Option<String> {
    let baked = match sniff_media_type(bytes) {
        "image/png" => png::find(name, bytes, limits).ok().flatten(),
        "image/svg+xml" => svg::find(name, bytes).ok().flatten(),
        _ => None,
    }?;
    let text = baked.text.trim();
    is_url(text).then(|| text.to_owned())
}

fn is_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && !text.chars().any(char::is_whitespace)
}

/// What a baked image carried, and the image to keep with it.
fn baked_payload(name: &str, baked: &Baked, image: Image, limits: &Limits) -> Result<Vec<Found>> {
    let text = baked.text.trim();
    let png = image.media_type == "image/png";
    let mut found = if text.starts_with('{') {
        let doc = parse_json(name, text)?;
        extract_json_with(name, text, &doc, limits)?
    } else if jws::looks_compact(text) {
        jws::extract(name, text, limits)?
    } else if is_url(text) {
        return Err(Error::new(
            ErrorCode::Network,
            format!("{name}: the baked badge is a link to {text}; importing it needs the network"),
        ));
    } else {
        return Err(Error::invalid(format!(
            "{name}: the baked badge data is neither JSON, a signed badge nor a URL"
        )));
    };
    if let Some(top) = found.first_mut() {
        top.credential.format = baked_format(top.credential.format, png);
        top.image = Some(image);
    }
    Ok(found)
}

/// The format of a credential found baked in an image.
pub fn baked_format(inner: Format, png: bool) -> Format {
    use Format::*;
    match (inner, png) {
        (Ob05Json | Ob1Json | Ob2Json | Ob2Jws, true) => Ob2BakedPng,
        (Ob05Json | Ob1Json | Ob2Json | Ob2Jws, false) => Ob2BakedSvg,
        (Ob3Json | Ob3Jwt | VcJson | VcJwt, true) => Ob3BakedPng,
        (Ob3Json | Ob3Jwt | VcJson | VcJwt, false) => Ob3BakedSvg,
        (other, _) => other,
    }
}

pub(crate) fn utf8<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes)
        .map_err(|e| Error::invalid(format!("{name}: the file is not valid UTF-8 text ({e})")))
}

/// Parses JSON text strictly ([`json::parse_strict`]: duplicate keys and more than
/// [`json::MAX_JSON_VALUES`] values are refused); serde_json's nesting limit (128) refuses
/// absurdly deep documents.
pub(crate) fn parse_json(name: &str, text: &str) -> Result<Value> {
    json::parse_strict(text).map_err(|e| {
        if json::is_strict_refusal(&e) {
            let code = if e.to_string().contains("duplicate key") {
                ErrorCode::InvalidInput
            } else {
                ErrorCode::TooLarge
            };
            return Error::new(code, format!("{name}: {e}"));
        }
        // A broken `.json` file or object is a damaged badge; anything else starting with
        // `[` (an INI or TOML file, say) is simply not a badge.
        let looks_json = text.starts_with('{') || has_json_extension(name);
        if looks_json {
            let what = if e.to_string().contains("recursion limit") {
                "nested too deeply to be a credential"
            } else {
                "not valid JSON"
            };
            Error::invalid(format!("{name}: {what} ({e})"))
        } else {
            unsupported(name, &format!("not a credential file ({e})"))
        }
    })
}

/// Finds the credentials in a parsed JSON document whose text is `text`.
pub fn extract_json(name: &str, text: &str, doc: &Value) -> Result<Vec<Found>> {
    extract_json_with(name, text, doc, &Limits::default())
}

/// What a JSON document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// A credential of the given format.
    Credential(Format),
    /// A Verifiable Presentation, or a list or backup holding several credentials.
    Collection,
    /// An Open Badges document that is not an awarded badge (a BadgeClass, an Issuer...).
    Ob2Other,
    /// Nothing Cairn knows.
    Unknown,
}

/// Classifies a parsed JSON document.
pub fn classify(doc: &Value) -> JsonKind {
    if let Some(format) = legacy::format(doc) {
        return JsonKind::Credential(format);
    }
    if collection::is_collection(doc) {
        return JsonKind::Collection;
    }
    if ob3::is_credential(doc) {
        return JsonKind::Credential(ob3::json_format(doc));
    }
    if ob2::is_assertion(doc) {
        return JsonKind::Credential(Format::Ob2Json);
    }
    if ob2::is_ob2_document(doc) {
        return JsonKind::Ob2Other;
    }
    JsonKind::Unknown
}

/// The format a file's bytes look like, even when importing it is refused (a BadgeClass is
/// `ob2-json` but not a badge anyone holds). `None` when it looks like no known format.
pub fn identify(bytes: &[u8]) -> Option<Format> {
    let limits = Limits::default();
    match sniff_media_type(bytes) {
        "image/png" | "image/svg+xml" => extract_with("", bytes, &limits)
            .ok()
            .and_then(|f| f.first().map(|f| f.credential.format))
            .or_else(|| {
                let png = bytes.starts_with(png::SIGNATURE);
                let baked = if png {
                    png::find("", bytes, &limits).ok().flatten()
                } else {
                    svg::find("", bytes).ok().flatten()
                }?;
                Some(match (baked.ob3, png) {
                    (true, true) => Format::Ob3BakedPng,
                    (true, false) => Format::Ob3BakedSvg,
                    (false, true) => Format::Ob2BakedPng,
                    (false, false) => Format::Ob2BakedSvg,
                })
            }),
        "application/jwt" => {
            let text = std::str::from_utf8(trim_start(bytes)).ok()?.trim_end();
            jws::extract("", text, &limits)
                .ok()
                .and_then(|f| f.first().map(|f| f.credential.format))
        }
        "application/json" => {
            let text = std::str::from_utf8(trim_start(bytes)).ok()?;
            match json::parse_strict(text) {
                Ok(doc) => match classify(&doc) {
                    JsonKind::Credential(format) => Some(format),
                    JsonKind::Ob2Other => Some(Format::Ob2Json),
                    JsonKind::Collection | JsonKind::Unknown => None,
                },
                // Not JSON, but written as an Open Badges document (comments, say).
                Err(_) => text
                    .contains("w3id.org/openbadges")
                    .then_some(Format::Ob2Json),
            }
        }
        _ => None,
    }
}

/// [`extract_json`] with explicit limits.
pub fn extract_json_with(
    name: &str,
    text: &str,
    doc: &Value,
    limits: &Limits,
) -> Result<Vec<Found>> {
    match classify(doc) {
        JsonKind::Credential(Format::Clr2Json) => {
            clr::extract(name, text, doc, Format::Clr2Json, limits)
        }
        JsonKind::Credential(format @ (Format::Ob05Json | Format::Ob1Json)) => {
            Ok(vec![Found::new(legacy::normalise(doc, format), text)])
        }
        JsonKind::Credential(Format::Ob2Json) => {
            Ok(vec![Found::new(ob2::normalise(doc, Format::Ob2Json), text)])
        }
        JsonKind::Credential(format) => Ok(vec![Found::new(ob3::normalise(doc, format), text)]),
        JsonKind::Collection => collection::extract(name, doc, limits),
        JsonKind::Ob2Other => {
            let kind = json::types(doc)
                .into_iter()
                .next()
                .unwrap_or_else(|| "untyped".to_owned());
            Err(unsupported(
                name,
                &format!(
                    "this is an Open Badges 2.0 {kind} document, not a badge awarded to someone; import the assertion instead"
                ),
            ))
        }
        JsonKind::Unknown => Err(unsupported(
            name,
            "this JSON is neither an Open Badges assertion nor a Verifiable Credential",
        )),
    }
}

/// The one-value form of extraction used for members of containers: a JSON object (carried
/// as its own JSON text) or a compact JWT string.
pub(crate) fn extract_member(name: &str, member: &Value, limits: &Limits) -> Result<Vec<Found>> {
    match member {
        Value::String(s) if jws::looks_compact(s.trim()) => jws::extract(name, s.trim(), limits),
        Value::Object(_) => {
            let text = serde_json::to_string(member)
                .map_err(|e| Error::internal(format!("cannot encode a member: {e}")))?;
            match classify(member) {
                JsonKind::Collection => Err(Error::invalid(format!(
                    "{name}: a collection nested in a collection is not read"
                ))),
                _ => extract_json_with(name, &text, member, limits),
            }
        }
        _ => Err(Error::invalid(format!(
            "{name}: a member is neither a credential object nor a compact JWT"
        ))),
    }
}

/// An image carried in a `data:` URI (`data:image/png;base64,...`); `None` for anything else,
/// including non-image media types and URIs that are not base64.
pub fn image_from_data_uri(uri: &str) -> Option<Image> {
    use base64::Engine as _;
    let rest = uri.trim().strip_prefix("data:")?;
    let (header, data) = rest.split_once(',')?;
    let media_type = header.strip_suffix(";base64")?.split(';').next()?;
    if !media_type.starts_with("image/") {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .ok()?;
    Some(Image {
        media_type: media_type.to_owned(),
        bytes,
    })
}
