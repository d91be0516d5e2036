//! Small readers over `serde_json::Value` shared by the format parsers: strings, lists,
//! language maps, dates.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::Value;

/// A non-empty string at `key`. Language maps (`{"en": "..."}`) and `@value` objects yield
/// their first string.
pub fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(text)
}

/// A non-empty string from a value that is a string, a `{"@value": ...}` object, a language map,
/// or a list of those (first wins).
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        }
        Value::Array(items) => items.iter().find_map(text),
        Value::Object(map) => match map.get("@value") {
            Some(inner) => text(inner),
            None => map.values().find_map(|inner| match inner {
                Value::String(_) => text(inner),
                _ => None,
            }),
        },
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The JSON types of a node (`type` or `@type`, a string or a list).
pub fn types(v: &Value) -> Vec<String> {
    let raw = v.get("type").or_else(|| v.get("@type"));
    list(raw)
        .into_iter()
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect()
}

/// Whether the node has the given type.
pub fn has_type(v: &Value, name: &str) -> bool {
    types(v)
        .iter()
        .any(|t| t == name || t.rsplit([':', '/', '#']).next() == Some(name))
}

/// A value that may be one item or a list of items, as a list.
pub fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    }
}

/// The `@context` URLs of a document.
pub fn contexts(v: &Value) -> Vec<String> {
    list(v.get("@context"))
        .into_iter()
        .filter_map(|c| c.as_str().map(str::to_owned))
        .collect()
}

/// An identifier given as a string or as a node with an `id`.
pub fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(_) => string(v, "id").or_else(|| string(v, "@id")),
        _ => None,
    }
}

/// Normalises a date given as RFC 3339, a bare date, a date-time without zone, or Unix
/// seconds into RFC 3339 UTC. A string it cannot read is kept as it was.
pub fn date(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => n
            .as_i64()
            .and_then(|secs| DateTime::<Utc>::from_timestamp(secs, 0))
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        Value::String(s) => {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            if let Ok(d) = DateTime::parse_from_rfc3339(s) {
                return Some(
                    d.with_timezone(&Utc)
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                );
            }
            if let Ok(d) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
                return Some(
                    d.and_utc()
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                );
            }
            if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                return d.and_hms_opt(0, 0, 0).map(|d| {
                    d.and_utc()
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                });
            }
            if let Ok(secs) = s.parse::<i64>() {
                return date(Some(&Value::from(secs)));
            }
            Some(s.to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_normalise_to_rfc3339_utc() {
        assert_eq!(
            date(Some(&json!("2016-12-31T23:59:59+00:00"))).unwrap(),
            "2016-12-31T23:59:59Z"
        );
        assert_eq!(
            date(Some(&json!("2020-02-03"))).unwrap(),
            "2020-02-03T00:00:00Z"
        );
        assert_eq!(
            date(Some(&json!(1_359_217_910))).unwrap(),
            "2013-01-26T16:31:50Z"
        );
        assert_eq!(
            date(Some(&json!("1359217910"))).unwrap(),
            "2013-01-26T16:31:50Z"
        );
        assert_eq!(
            date(Some(&json!("2019-01-01T10:00:00+02:00"))).unwrap(),
            "2019-01-01T08:00:00Z"
        );
        assert_eq!(date(Some(&json!("sometime"))).unwrap(), "sometime");
        assert_eq!(date(Some(&json!(""))), None);
    }

    #[test]
    fn text_reads_language_maps_and_lists() {
        assert_eq!(text(&json!({"en": "Hello"})).unwrap(), "Hello");
        assert_eq!(text(&json!([" ", "x"])).unwrap(), "x");
        assert_eq!(text(&json!({"@value": "v"})).unwrap(), "v");
        assert_eq!(text(&json!(null)), None);
    }
}
