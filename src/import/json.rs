//! Small readers over `serde_json::Value` shared by the format parsers: strings, lists,
//! language maps, dates; and [`parse_strict`], the one JSON parser for untrusted text.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::Cell;

/// Most JSON values (objects, arrays, strings, numbers, booleans, nulls, each counted once)
/// one parsed text may hold: a file, a credential, a JWS payload, a fetched document.
pub const MAX_JSON_VALUES: usize = 200_000;

/// Parses untrusted JSON text strictly: an object that names the same key twice is refused
/// (naming the key), since readers disagree on which value wins and a credential could show
/// one value while its signature covers the other; a text holding more than
/// [`MAX_JSON_VALUES`] values is refused while it is read, before it takes memory.
/// serde_json's nesting limit (128) still applies.
pub fn parse_strict(text: &str) -> Result<Value, serde_json::Error> {
    parse_strict_limited(text, MAX_JSON_VALUES)
}

/// [`parse_strict`] for bytes (which must be UTF-8).
pub fn parse_strict_slice(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let budget = Cell::new(MAX_JSON_VALUES);
    let value = Strict {
        budget: &budget,
        limit: MAX_JSON_VALUES,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// [`parse_strict`] with an explicit limit on the number of values.
pub fn parse_strict_limited(text: &str, max_values: usize) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let budget = Cell::new(max_values);
    let value = Strict {
        budget: &budget,
        limit: max_values,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Whether a [`parse_strict`] error is a duplicate key or too many values (the text is JSON,
/// but refused), as opposed to broken JSON.
pub fn is_strict_refusal(err: &serde_json::Error) -> bool {
    let text = err.to_string();
    text.contains("duplicate key") || text.contains("JSON values, more than the limit")
}

/// Builds a [`Value`] while counting values and refusing duplicate keys.
#[derive(Clone, Copy)]
struct Strict<'b> {
    budget: &'b Cell<usize>,
    limit: usize,
}

impl Strict<'_> {
    fn take<E: de::Error>(&self) -> Result<(), E> {
        match self.budget.get().checked_sub(1) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(format!(
                "the document holds more than {} JSON values, more than the limit",
                self.limit
            ))),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.take()?;
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.take()?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.take()?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.take()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.take()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.take()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                let shown: String = key.chars().take(80).collect();
                return Err(de::Error::custom(format!(
                    "duplicate key \"{shown}\" in one object (which value counts is ambiguous)"
                )));
            }
            let value = map.next_value_seed(self)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

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
    fn strict_parsing_refuses_duplicate_keys_and_too_many_values() {
        let err = parse_strict(r#"{"a": {"name": "x", "name": "y"}}"#).unwrap_err();
        assert!(err.to_string().contains("duplicate key \"name\""), "{err}");
        assert!(is_strict_refusal(&err));
        assert_eq!(
            parse_strict(r#"{"a": [1, 2.5, "s", null, true], "b": {}}"#).unwrap(),
            json!({"a": [1, 2.5, "s", null, true], "b": {}})
        );
        // Same key in two different objects is fine.
        assert!(parse_strict(r#"[{"k": 1}, {"k": 2}]"#).is_ok());
        assert!(parse_strict_limited("[1,2,3]", 4).is_ok());
        let err = parse_strict_limited("[1,2,3,4]", 4).unwrap_err();
        assert!(is_strict_refusal(&err), "{err}");
        assert!(parse_strict("[1,2").is_err());
        assert!(parse_strict("{} x").is_err());
    }

    #[test]
    fn text_reads_language_maps_and_lists() {
        assert_eq!(text(&json!({"en": "Hello"})).unwrap(), "Hello");
        assert_eq!(text(&json!([" ", "x"])).unwrap(), "x");
        assert_eq!(text(&json!({"@value": "v"})).unwrap(), "v");
        assert_eq!(text(&json!(null)), None);
    }
}
