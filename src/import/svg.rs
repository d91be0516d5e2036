//! Baked SVG badges: the `<openbadges:assertion>` and `<openbadges:credential>` elements.
//!
//! Open Badges 0.5–2.0 bake `<assertion>` in namespace `http://openbadges.org`, with a compact
//! JWS or a URL in its `verify` attribute, or assertion JSON as its (CDATA) content. Open
//! Badges 3.0 bake `<credential>` in namespace `https://purl.imsglobal.org/ob/v3p0`, with a
//! VC-JWT in `verify` or credential JSON as content. The XML is streamed with quick-xml, which
//! reads a `<!DOCTYPE>` as an opaque event and never expands entities it declares, so entity
//! bombs and external entities cost nothing.

use super::Baked;
use crate::error::{Error, Result};
use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};

/// The namespace of Open Badges 0.5–2.0 baking.
pub const NS_OB2: &str = "http://openbadges.org";
/// The namespace of Open Badges 3.0 baking.
pub const NS_OB3: &str = "https://purl.imsglobal.org/ob/v3p0";

/// Finds the first badge element of an SVG file. `Ok(None)` means XML without a badge.
pub fn find(name: &str, bytes: &[u8]) -> Result<Option<Baked>> {
    let mut reader = NsReader::from_reader(bytes);
    let mut buf = Vec::new();
    // Set once inside the badge element: whether it is OB 3.0, and the text gathered so far.
    let mut inside: Option<(bool, String)> = None;
    let mut depth = 0usize;
    let mut is_svg = false;
    loop {
        buf.clear();
        let (ns, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok(next) => next,
            // Markup that never opened an <svg> (HTML, say) is not a badge; a broken SVG is.
            Err(e) if !is_svg => return Err(not_svg(name, &format!(" ({e})"))),
            Err(e) => {
                return Err(Error::invalid(format!(
                    "{name}: not a well-formed SVG image ({e})"
                )));
            }
        };
        let ob3 = match ns {
            ResolveResult::Bound(Namespace(ns)) if ns == NS_OB3.as_bytes() => Some(true),
            ResolveResult::Bound(Namespace(ns)) if ns == NS_OB2.as_bytes() => Some(false),
            _ => None,
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if inside.is_none() => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name();
                if local.as_ref() == b"svg" {
                    is_svg = true;
                }
                let wanted = match (ob3, local.as_ref()) {
                    (Some(true), b"credential") => Some(true),
                    (Some(false), b"assertion") => Some(false),
                    _ => None,
                };
                let Some(ob3) = wanted else {
                    continue;
                };
                if let Some(verify) = e.try_get_attribute("verify").ok().flatten() {
                    let raw = std::str::from_utf8(&verify.value).map_err(|e| {
                        Error::invalid(format!(
                            "{name}: the badge's verify attribute is not UTF-8 ({e})"
                        ))
                    })?;
                    let value = quick_xml::escape::unescape(raw).map_err(|e| {
                        Error::invalid(format!(
                            "{name}: the badge's verify attribute cannot be read ({e})"
                        ))
                    })?;
                    if !value.trim().is_empty() {
                        return Ok(Some(Baked {
                            text: value.trim().to_owned(),
                            ob3,
                        }));
                    }
                }
                if empty {
                    continue;
                }
                inside = Some((ob3, String::new()));
                depth = 0;
            }
            Event::Start(_) if inside.is_some() => depth += 1,
            Event::End(_) if inside.is_some() => {
                if depth == 0 {
                    let (ob3, text) = inside.take().unwrap_or_default();
                    if text.trim().is_empty() {
                        return Err(Error::invalid(format!(
                            "{name}: the SVG image's badge element is empty"
                        )));
                    }
                    return Ok(Some(Baked {
                        text: text.trim().to_owned(),
                        ob3,
                    }));
                }
                depth -= 1;
            }
            Event::CData(c) => {
                if let Some((_, text)) = inside.as_mut() {
                    text.push_str(std::str::from_utf8(&c).map_err(|e| {
                        Error::invalid(format!("{name}: the badge data is not UTF-8 ({e})"))
                    })?);
                }
            }
            Event::Text(t) => {
                if let Some((_, text)) = inside.as_mut() {
                    let raw = std::str::from_utf8(&t).map_err(|e| {
                        Error::invalid(format!("{name}: the badge data is not UTF-8 ({e})"))
                    })?;
                    text.push_str(&quick_xml::escape::unescape(raw).map_err(|e| {
                        Error::invalid(format!("{name}: the badge data cannot be read ({e})"))
                    })?);
                }
            }
            Event::GeneralRef(r) => {
                // Only the five predefined entities are read; declared ones are never expanded.
                if let Some((_, text)) = inside.as_mut() {
                    let entity: &[u8] = &r;
                    let predefined = match entity {
                        b"lt" => "<",
                        b"gt" => ">",
                        b"amp" => "&",
                        b"apos" => "'",
                        b"quot" => "\"",
                        _ => {
                            return Err(Error::invalid(format!(
                                "{name}: the badge data uses an entity reference ({}); entities are not expanded",
                                String::from_utf8_lossy(&r)
                            )));
                        }
                    };
                    text.push_str(predefined);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !is_svg {
        return Err(not_svg(name, ""));
    }
    Ok(None)
}

fn not_svg(name: &str, detail: &str) -> Error {
    Error::new(
        crate::error::ErrorCode::UnsupportedFormat,
        format!("{name}: unsupported format: this markup file is not an SVG image{detail}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ob2_assertion_in_verify_or_content() {
        let link = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://example.org/a.json?x=1&amp;y=2"/></svg>"#;
        let found = find("a.svg", link).unwrap().unwrap();
        assert_eq!(found.text, "https://example.org/a.json?x=1&y=2");
        assert!(!found.ob3);

        let content = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="http://openbadges.org"><g><ob:assertion> {"a": "&lt;b&gt;"} </ob:assertion></g></svg>"#;
        let found = find("b.svg", content).unwrap().unwrap();
        assert_eq!(found.text, r#"{"a": "<b>"}"#);
    }

    #[test]
    fn elements_in_other_namespaces_are_not_badges() {
        let other = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="urn:other"><x:credential verify="eyJ.a.b"/></svg>"#;
        assert_eq!(find("c.svg", other).unwrap(), None);
        let empty = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential></openbadges:credential></svg>"#;
        assert!(find("d.svg", empty).unwrap_err().message.contains("empty"));
    }
}
