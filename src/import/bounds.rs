//! Bounds for accepted input: the largest value each field of a credential may hold, so that
//! anything the importer accepts can be shown, searched, verified and exported within a fixed
//! amount of memory and time.
//!
//! [`check`] runs on every credential the importer finds, after extraction and before
//! anything is stored. A credential over any bound is refused with an error naming the file,
//! the field and the limit; nothing stored changes. Image sizes are read from the PNG, JPEG,
//! GIF or SVG header without decoding the picture. The numbers are stated, with the test behind
//! each, in `docs/SECURITY.md` ("Bounds for accepted input").

use super::Found;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Credential, Image};

/// Longest title (the credential's and its achievement's name), in characters.
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Longest name or other short text (issuer name, e-mail, skill name, tag, result, date,
/// recipient), in characters.
pub const MAX_NAME_CHARS: usize = 1_000;
/// Longest description (the credential's, the achievement's, an alignment's or evidence's),
/// in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Longest narrative (criteria, evidence narrative), in characters.
pub const MAX_NARRATIVE_CHARS: usize = 50_000;
/// Longest identifier or URL (not a `data:` image, which is bounded as an image), in
/// characters.
pub const MAX_ID_CHARS: usize = 8_000;
/// Most alignments, results, evidence items or types one credential may list.
pub const MAX_LIST_ITEMS: usize = 500;
/// Most tags one achievement may carry.
pub const MAX_TAGS: usize = 100;
/// Longest credential document (its JSON text or compact JWS), in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;
/// Most credentials one file may hold.
pub const MAX_CREDENTIALS_PER_FILE: usize = 500;
/// Largest image file, in bytes.
pub const MAX_IMAGE_BYTES: usize = 20 * 1024 * 1024;
/// Largest image side, in pixels.
pub const MAX_IMAGE_SIDE: u64 = 8_192;
/// Most pixels an image may have (4096 × 4096).
pub const MAX_IMAGE_PIXELS: u64 = 4_096 * 4_096;

/// Checks every credential found in one file (`name` in messages) against the bounds.
pub fn check_all(name: &str, found: &[Found]) -> Result<()> {
    if found.len() > MAX_CREDENTIALS_PER_FILE {
        return Err(over(
            name,
            format!(
                "the file holds {} credentials, more than the limit of {} per file",
                found.len(),
                MAX_CREDENTIALS_PER_FILE
            ),
        ));
    }
    found.iter().try_for_each(|f| check(name, f))
}

/// Checks one credential found in the file `name`: its fields, its document and its image.
pub fn check(name: &str, found: &Found) -> Result<()> {
    if found.document.len() > MAX_DOCUMENT_BYTES {
        return Err(over(
            name,
            format!(
                "the credential's document is {} bytes, over the limit of {} MB",
                found.document.len(),
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
        ));
    }
    check_credential(&found.credential).map_err(|why| over(name, why))?;
    if let Some(image) = &found.image {
        check_image(image).map_err(|why| over(name, why))?;
    }
    Ok(())
}

fn over(name: &str, why: String) -> Error {
    Error::new(
        ErrorCode::TooLarge,
        format!("{name}: {why}; the credential was not imported"),
    )
}

/// The fields of a normalised credential against the bounds; the error says which field and
/// which limit.
pub fn check_credential(c: &Credential) -> std::result::Result<(), String> {
    let a = &c.achievement;
    text("title", Some(&c.title), MAX_TITLE_CHARS)?;
    text("achievement name", a.name.as_deref(), MAX_TITLE_CHARS)?;
    text(
        "description",
        c.description.as_deref(),
        MAX_DESCRIPTION_CHARS,
    )?;
    text(
        "achievement description",
        a.description.as_deref(),
        MAX_DESCRIPTION_CHARS,
    )?;
    text(
        "criteria narrative",
        a.criteria_narrative.as_deref(),
        MAX_NARRATIVE_CHARS,
    )?;
    text("credential id", c.credential_id.as_deref(), MAX_ID_CHARS)?;
    text("achievement id", a.id.as_deref(), MAX_ID_CHARS)?;
    text("criteria URL", a.criteria_url.as_deref(), MAX_ID_CHARS)?;
    text(
        "achievement type",
        a.achievement_type.as_deref(),
        MAX_NAME_CHARS,
    )?;
    image_ref("achievement image", a.image.as_deref())?;
    text("issuer id", c.issuer.id.as_deref(), MAX_ID_CHARS)?;
    text("issuer name", c.issuer.name.as_deref(), MAX_NAME_CHARS)?;
    text("issuer URL", c.issuer.url.as_deref(), MAX_ID_CHARS)?;
    text("issuer e-mail", c.issuer.email.as_deref(), MAX_NAME_CHARS)?;
    image_ref("issuer image", c.issuer.image.as_deref())?;
    for (field, value) in [
        ("issue date", &c.issued_on),
        ("valid-from date", &c.valid_from),
        ("valid-until date", &c.valid_until),
    ] {
        text(field, value.as_deref(), MAX_NAME_CHARS)?;
    }
    if let Some(r) = &c.recipient {
        text("recipient identity", Some(&r.identity), MAX_ID_CHARS)?;
        text("recipient type", Some(&r.kind), MAX_NAME_CHARS)?;
        text("recipient salt", r.salt.as_deref(), MAX_NAME_CHARS)?;
        text("recipient name", r.name.as_deref(), MAX_NAME_CHARS)?;
    }
    count("alignments", a.alignments.len(), MAX_LIST_ITEMS)?;
    count("results", c.results.len(), MAX_LIST_ITEMS)?;
    count("evidence", c.evidence.len(), MAX_LIST_ITEMS)?;
    count("types", c.types.len(), MAX_LIST_ITEMS)?;
    count("tags", a.tags.len(), MAX_TAGS)?;
    for al in &a.alignments {
        text("alignment name", Some(&al.target_name), MAX_NAME_CHARS)?;
        text("alignment URL", al.target_url.as_deref(), MAX_ID_CHARS)?;
        text(
            "alignment description",
            al.target_description.as_deref(),
            MAX_DESCRIPTION_CHARS,
        )?;
        text(
            "alignment framework",
            al.target_framework.as_deref(),
            MAX_NAME_CHARS,
        )?;
        text("alignment code", al.target_code.as_deref(), MAX_NAME_CHARS)?;
    }
    for e in &c.evidence {
        text("evidence id", e.id.as_deref(), MAX_ID_CHARS)?;
        text("evidence name", e.name.as_deref(), MAX_NAME_CHARS)?;
        text(
            "evidence narrative",
            e.narrative.as_deref(),
            MAX_NARRATIVE_CHARS,
        )?;
        text(
            "evidence description",
            e.description.as_deref(),
            MAX_DESCRIPTION_CHARS,
        )?;
    }
    for r in &c.results {
        text("result name", r.name.as_deref(), MAX_NAME_CHARS)?;
        text("result value", r.value.as_deref(), MAX_NAME_CHARS)?;
        text("result status", r.status.as_deref(), MAX_NAME_CHARS)?;
    }
    for t in &a.tags {
        text("tag", Some(t), MAX_NAME_CHARS)?;
    }
    for t in &c.types {
        text("type", Some(t), MAX_ID_CHARS)?;
    }
    Ok(())
}

fn text(field: &str, value: Option<&str>, limit: usize) -> std::result::Result<(), String> {
    let Some(value) = value else { return Ok(()) };
    // Bytes bound characters from above: count only when the bytes could be over.
    if value.len() <= limit {
        return Ok(());
    }
    let chars = value.chars().count();
    if chars > limit {
        return Err(format!(
            "the {field} is {chars} characters long, over the limit of {limit}"
        ));
    }
    Ok(())
}

fn count(field: &str, n: usize, limit: usize) -> std::result::Result<(), String> {
    if n > limit {
        return Err(format!(
            "the credential lists {n} {field}, over the limit of {limit}"
        ));
    }
    Ok(())
}

/// An image named by a credential: a `data:` URI is checked as an image, anything else as a
/// URL.
fn image_ref(field: &str, value: Option<&str>) -> std::result::Result<(), String> {
    let Some(value) = value else { return Ok(()) };
    if !value.trim_start().starts_with("data:") {
        return text(field, Some(value), MAX_ID_CHARS);
    }
    // base64 carries 3 bytes in 4 characters: refuse by length before decoding anything.
    let payload = value.split_once(',').map_or(value, |(_, data)| data);
    if payload.len() / 4 * 3 > MAX_IMAGE_BYTES + 3 {
        return Err(format!(
            "the {field} is about {} bytes, over the limit of {} MB",
            payload.len() / 4 * 3,
            MAX_IMAGE_BYTES / (1024 * 1024)
        ));
    }
    match super::image_from_data_uri(value) {
        Some(image) => check_image(&image).map_err(|why| format!("the {field}: {why}")),
        None => Ok(()),
    }
}

/// An image against the size bounds: bytes, and the pixel size its header states (PNG, JPEG,
/// GIF, SVG). An image whose size cannot be read is accepted: it is only ever shown scaled by
/// a browser engine, never decoded by Cairn.
pub fn check_image(image: &Image) -> std::result::Result<(), String> {
    if image.bytes.len() > MAX_IMAGE_BYTES {
        return Err(format!(
            "the image is {} bytes, over the limit of {} MB",
            image.bytes.len(),
            MAX_IMAGE_BYTES / (1024 * 1024)
        ));
    }
    let Some((w, h)) = dimensions(&image.bytes) else {
        return Ok(());
    };
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE {
        return Err(format!(
            "the image is {w}×{h} pixels, over the limit of {MAX_IMAGE_SIDE} pixels per side"
        ));
    }
    if w.saturating_mul(h) > MAX_IMAGE_PIXELS {
        return Err(format!(
            "the image is {w}×{h} pixels, over the limit of {MAX_IMAGE_PIXELS} pixels (4096×4096)"
        ));
    }
    Ok(())
}

/// An image's width and height in pixels, read from its header.
pub fn dimensions(bytes: &[u8]) -> Option<(u64, u64)> {
    if bytes.starts_with(super::png::SIGNATURE) {
        // The IHDR chunk comes first: length, "IHDR", width, height (big-endian).
        let ihdr = bytes.get(12..24)?;
        if &ihdr[..4] != b"IHDR" {
            return None;
        }
        let be = |b: &[u8]| u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        return Some((be(&ihdr[4..8]), be(&ihdr[8..12])));
    }
    if bytes.starts_with(b"\xff\xd8") {
        return jpeg_dimensions(bytes);
    }
    if bytes.starts_with(b"GIF8") {
        let b = bytes.get(6..10)?;
        let le = |x: u8, y: u8| u64::from(u16::from_le_bytes([x, y]));
        return Some((le(b[0], b[1]), le(b[2], b[3])));
    }
    svg_dimensions(bytes)
}

/// Walks JPEG segments to the first start-of-frame marker and reads its size.
fn jpeg_dimensions(bytes: &[u8]) -> Option<(u64, u64)> {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if (0xD0..=0xD9).contains(&marker) || marker == 0x01 {
            at += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if sof {
            let b = bytes.get(at + 5..at + 9)?;
            let h = u64::from(u16::from_be_bytes([b[0], b[1]]));
            let w = u64::from(u16::from_be_bytes([b[2], b[3]]));
            return Some((w, h));
        }
        at += 2 + len;
    }
    None
}

/// The size an SVG's root element states (`width`/`height`, else its `viewBox`), in CSS
/// pixels; `None` when it states none (it then fits whatever shows it).
fn svg_dimensions(bytes: &[u8]) -> Option<(u64, u64)> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head);
    let start = text.find("<svg")?;
    let rest = &text[start..];
    let tag = &rest[..rest.find('>')?];
    let width = attribute(tag, "width").and_then(css_pixels);
    let height = attribute(tag, "height").and_then(css_pixels);
    if let (Some(w), Some(h)) = (width, height) {
        return Some((w, h));
    }
    let view: Vec<f64> = attribute(tag, "viewBox")?
        .split([' ', ',', '\t', '\n', '\r'])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view.as_slice() {
        [_, _, w, h] => Some((
            width.unwrap_or(to_pixels(*w)),
            height.unwrap_or(to_pixels(*h)),
        )),
        _ => None,
    }
}

/// The value of `name="..."` (or single quotes) in a start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let at = from + found;
        let before_ok = at > 0 && tag[..at].ends_with(|c: char| c.is_whitespace());
        let rest = tag[at + name.len()..].trim_start();
        if before_ok && let Some(rest) = rest.strip_prefix('=') {
            let rest = rest.trim_start();
            let quote = rest.chars().next()?;
            if quote == '"' || quote == '\'' {
                let inner = &rest[1..];
                return inner.find(quote).map(|end| &inner[..end]);
            }
        }
        from = at + name.len();
    }
    None
}

/// A CSS length in pixels (`120`, `120px`, `2in`, `10cm`...); a percentage has no size.
fn css_pixels(value: &str) -> Option<u64> {
    let value = value.trim();
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+' || c == 'e'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor = match unit.trim() {
        "" | "px" => 1.0,
        "pt" => 96.0 / 72.0,
        "pc" => 16.0,
        "mm" => 96.0 / 25.4,
        "cm" => 96.0 / 2.54,
        "in" => 96.0,
        "em" | "ex" | "rem" => 16.0,
        _ => return None,
    };
    Some(to_pixels(number * factor))
}

fn to_pixels(value: f64) -> u64 {
    if value.is_finite() && value > 0.0 {
        value.ceil().min(u64::MAX as f64) as u64
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sizes_come_from_headers() {
        let mut png = super::super::png::SIGNATURE.to_vec();
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&300u32.to_be_bytes());
        png.extend_from_slice(&200u32.to_be_bytes());
        assert_eq!(dimensions(&png), Some((300, 200)));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01,
            0x2C, 0x02, 0x58,
        ];
        assert_eq!(dimensions(&jpeg), Some((600, 300)));
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="2in" height='50'>"#;
        assert_eq!(dimensions(svg), Some((192, 50)));
        let svg = br#"<svg viewBox="0 0 9000 10" xmlns="http://www.w3.org/2000/svg">"#;
        assert_eq!(dimensions(svg), Some((9000, 10)));
        assert_eq!(dimensions(b"<svg>"), None);
    }
}
