//! JSON Schema validation: a credential's `credentialSchema` entries, the JSON schemas of
//! Open Badges 2.0 extensions, and the Open Badges 2.0 rule that an assertion's `image` is a URL.
//!
//! Every outcome belongs to the `format` check (is the document the shape it claims to be):
//!
//! - a schema the document does not satisfy: `fail`, naming the schema and the first errors;
//! - a schema that cannot be had (offline, or not reachable): `skip`, naming the URL. It does
//!   not leave the verdict open: the signature already shows who issued what, and a schema is
//!   a statement about shape, not authenticity;
//! - a schema URL that answers an HTTP error, or text that is not a usable schema: `warn`.
//!
//! Schemas are never fetched silently: the known ones are embedded from `assets/schemas/`
//! and pinned by SHA-256 (see `assets/schemas/SOURCES.md`); any other is fetched only through
//! the verification's [`Fetch`] (the one net client), and only when verification is online.

use super::VerifyOptions;
use super::fetch::{Fetch, json_of};
use super::report::{CheckName, CheckStatus, Checks};
use crate::model::sha256_hex;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// One file built into Cairn for schema validation.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedSchema {
    /// The URL documents name it with.
    pub url: &'static str,
    /// The file under `assets/schemas/`.
    pub file: &'static str,
    /// Lower-case hex SHA-256 of the file, checked when the table is first used.
    pub sha256: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
}

/// The JSON schemas built into Cairn, by URL.
pub const SCHEMAS: &[EmbeddedSchema] = &[
    EmbeddedSchema {
        url: "https://openbadgespec.org/extensions/exampleExtension/schema.json",
        file: "ob-v2p0-example-extension-schema.json",
        sha256: "c91c87a653cbe3e1c401dd08839e335bbb92910d0925f2d23b1c68765c61cb40",
        bytes: include_bytes!("../../assets/schemas/ob-v2p0-example-extension-schema.json"),
    },
    EmbeddedSchema {
        url: "https://openbadgespec.org/extensions/applyLinkExtension/schema.json",
        file: "ob-v2p0-apply-link-extension-schema.json",
        sha256: "39e4037bb2c123aaa85e749389c333ae6cabb60086b3493fc00e9ed2b02176d6",
        bytes: include_bytes!("../../assets/schemas/ob-v2p0-apply-link-extension-schema.json"),
    },
];

/// The Open Badges 2.0 extension contexts built into Cairn, read for their `obi:validation`
/// rules (which schema validates which extension type) and their term definitions.
pub const EXTENSION_CONTEXTS: &[EmbeddedSchema] = &[
    EmbeddedSchema {
        url: "https://w3id.org/openbadges/extensions/exampleExtension/context.json",
        file: "ob-v2p0-example-extension-context.json",
        sha256: "5827540679c457f11ff12697f3009287dcd193db34c87c5faf922a4a21055fff",
        bytes: include_bytes!("../../assets/schemas/ob-v2p0-example-extension-context.json"),
    },
    EmbeddedSchema {
        url: "https://w3id.org/openbadges/extensions/applyLinkExtension/context.json",
        file: "ob-v2p0-apply-link-extension-context.json",
        sha256: "3c842aeaac338b4fad942337e809e4c740da2ebda53466f960e0799e2c6cae98",
        bytes: include_bytes!("../../assets/schemas/ob-v2p0-apply-link-extension-context.json"),
    },
];

/// The `credentialSchema` types whose `id` is a JSON Schema to validate the credential with.
pub const SCHEMA_TYPES: &[&str] = &[
    "1EdTechJsonSchemaValidator2019",
    "JsonSchema",
    "JsonSchemaValidator2018",
];

/// Parses a table, leaving out any file whose bytes differ from its pinned SHA-256.
fn load(table: &'static [EmbeddedSchema]) -> HashMap<&'static str, Value> {
    table
        .iter()
        .filter(|e| sha256_hex(e.bytes) == e.sha256)
        .filter_map(|e| Some((e.url, serde_json::from_slice(e.bytes).ok()?)))
        .collect()
}

/// The embedded schema for `url`, if its bytes match their pinned hash.
pub fn embedded(url: &str) -> Option<&'static Value> {
    static TABLE: OnceLock<HashMap<&'static str, Value>> = OnceLock::new();
    TABLE.get_or_init(|| load(SCHEMAS)).get(url)
}

/// The embedded extension context for `url`, if its bytes match their pinned hash.
pub fn extension_context(url: &str) -> Option<&'static Value> {
    static TABLE: OnceLock<HashMap<&'static str, Value>> = OnceLock::new();
    TABLE.get_or_init(|| load(EXTENSION_CONTEXTS)).get(url)
}

/// Where a schema came from, or why it could not be had.
enum Found {
    /// The schema document (embedded, or fetched; `note` says which).
    Schema(Value, &'static str),
    /// Could not be had: offline or unreachable (a `skip`).
    Unavailable(String),
    /// Answered, but not with a usable schema (a `warn`).
    Unusable(String),
}

fn find(url: &str, fetch: Option<&dyn Fetch>) -> Found {
    if let Some(schema) = embedded(url) {
        return Found::Schema(schema.clone(), "built in");
    }
    let Some(fetch) = fetch else {
        return Found::Unavailable(format!(
            "offline: the JSON Schema {url} is not built into Cairn and was not fetched"
        ));
    };
    let fetched = match fetch.fetch(url) {
        Ok(f) => f,
        Err(e) => {
            return Found::Unavailable(format!(
                "the JSON Schema {url} could not be fetched: {}",
                e.message
            ));
        }
    };
    if !fetched.is_success() {
        return Found::Unusable(format!(
            "the JSON Schema {url} answered HTTP {}, so the credential's shape was not checked against it",
            fetched.status
        ));
    }
    match json_of(&fetched) {
        Ok(schema) => Found::Schema(schema, "fetched"),
        Err(e) => Found::Unusable(format!("the JSON Schema {url} is unusable: {}", e.message)),
    }
}

/// The first few errors of validating `instance` against `schema`, or why the schema cannot
/// be used. `Ok(vec![])` means valid.
pub fn validate(schema: &Value, instance: &Value) -> Result<Vec<String>, String> {
    // A schema may come from anywhere: its `pattern`s run with a backtracking bound, so a
    // catastrophic pattern ends in an error instead of hanging the verification.
    let validator = jsonschema::options()
        .with_pattern_options(jsonschema::PatternOptions::fancy_regex().backtrack_limit(100_000))
        .build(schema)
        .map_err(|e| format!("it is not a usable schema ({e})"))?;
    Ok(validator
        .iter_errors(instance)
        .take(3)
        .map(|e| {
            let at = e.instance_path().to_string();
            let at = if at.is_empty() { "/".to_owned() } else { at };
            format!("at {at}: {}", e.masked())
        })
        .collect())
}

/// Validates `instance` with the schema at `url`, recording the outcome on `format`.
fn check_one(
    url: &str,
    what: &str,
    instance: &Value,
    options: &VerifyOptions,
    checks: &mut Checks,
) {
    match find(url, options.fetch) {
        Found::Schema(schema, source) => match validate(&schema, instance) {
            Ok(errors) if errors.is_empty() => checks.add(
                CheckName::Format,
                CheckStatus::Pass,
                format!("{what} matches its JSON Schema {url} ({source})"),
            ),
            Ok(errors) => checks.add(
                CheckName::Format,
                CheckStatus::Fail,
                format!(
                    "{what} does not match its JSON Schema {url}: {}",
                    errors.join("; ")
                ),
            ),
            Err(why) => checks.add(
                CheckName::Format,
                CheckStatus::Warn,
                format!("the JSON Schema {url} was not applied: {why}"),
            ),
        },
        Found::Unavailable(m) => checks.add(CheckName::Format, CheckStatus::Skip, m),
        Found::Unusable(m) => checks.add(CheckName::Format, CheckStatus::Warn, m),
    }
}

fn as_list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    }
}

/// Validates a Verifiable Credential's JSON against each of its `credentialSchema` entries.
pub fn check_credential(doc: &Value, options: &VerifyOptions, checks: &mut Checks) {
    for entry in as_list(doc.get("credentialSchema")) {
        let types = super::types_of(entry);
        let Some(url) = entry.get("id").and_then(Value::as_str) else {
            checks.add(
                CheckName::Format,
                CheckStatus::Fail,
                "a credentialSchema entry has no id naming its schema",
            );
            continue;
        };
        if !types.iter().any(|t| SCHEMA_TYPES.contains(&t.as_str())) {
            checks.add(
                CheckName::Format,
                CheckStatus::Skip,
                format!(
                    "the credentialSchema {url} is of type {}, which Cairn does not apply (it applies {})",
                    if types.is_empty() {
                        "(none)".to_owned()
                    } else {
                        types.join(", ")
                    },
                    SCHEMA_TYPES.join(", ")
                ),
            );
            continue;
        }
        check_one(url, "the credential", doc, options, checks);
    }
}

/// Open Badges 2.0 assertions: the `image` rule and extension schemas.
pub fn check_ob2_assertion(doc: &Value, options: &VerifyOptions, checks: &mut Checks) {
    let image = doc
        .get("image")
        .and_then(|i| i.as_str().or_else(|| i.get("id").and_then(Value::as_str)));
    if let Some(image) = image
        && image.trim_start().to_ascii_lowercase().starts_with("data:")
    {
        checks.add(
            CheckName::Format,
            CheckStatus::Fail,
            "the assertion's image is embedded data (a data: URI); in Open Badges 2.0 an assertion's image must be a URL (only a BadgeClass or Issuer image may be a data URI)",
        );
    }
    let document_contexts = context_urls(doc.get("@context"));
    let mut nodes = Vec::new();
    extension_nodes(doc, "", &mut nodes);
    for (pointer, node) in nodes {
        let mut urls = document_contexts.clone();
        urls.extend(context_urls(node.get("@context")));
        urls.sort();
        urls.dedup();
        let types = super::types_of(node);
        for url in urls {
            let Some(context) = extension_context(&url) else {
                continue;
            };
            for rule in as_list(context.get("obi:validation")) {
                let (Some(validates), Some(schema)) = (
                    rule.get("obi:validatesType").and_then(Value::as_str),
                    rule.get("obi:validationSchema").and_then(Value::as_str),
                ) else {
                    continue;
                };
                if !types.iter().any(|t| same_type(t, validates)) {
                    continue;
                }
                let compacted = compact_terms(node, context);
                check_one(
                    schema,
                    &format!("the extension at {pointer}"),
                    &compacted,
                    options,
                    checks,
                );
            }
        }
    }
}

/// The URL strings of a `@context` value.
fn context_urls(context: Option<&Value>) -> Vec<String> {
    match context {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Every object (with its JSON pointer) whose type includes `Extension`.
fn extension_nodes<'a>(value: &'a Value, pointer: &str, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            if super::types_of(value)
                .iter()
                .any(|t| t == "Extension" || t.ends_with(":Extension") || t.ends_with("#Extension"))
            {
                out.push((
                    if pointer.is_empty() {
                        "/".to_owned()
                    } else {
                        pointer.to_owned()
                    },
                    value,
                ));
            }
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                extension_nodes(child, &format!("{pointer}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                extension_nodes(child, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Whether an extension node's type names the type a validation rule is for. Open Badges 2.0
/// documents write extension types with different prefixes (`extensions:ExampleExtension`,
/// `obi:extensions/#ExampleExtension`), so the names after the last `:`, `/` or `#` are compared.
fn same_type(node_type: &str, validates: &str) -> bool {
    let local = |t: &str| {
        t.rsplit([':', '/', '#'])
            .next()
            .unwrap_or(t)
            .to_ascii_lowercase()
    };
    node_type == validates || (!local(validates).is_empty() && local(node_type) == local(validates))
}

/// The node with properties written as full IRIs renamed to the context's terms for them
/// (`http://schema.org/text` → `exampleProperty`), as the extension's schema names them.
fn compact_terms(node: &Value, context: &Value) -> Value {
    let Some(map) = node.as_object() else {
        return node.clone();
    };
    let definitions = context
        .get("@context")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let expand = |value: &str| -> String {
        match value.split_once(':') {
            Some((prefix, rest)) if !rest.starts_with("//") => {
                match definitions.get(prefix).and_then(Value::as_str) {
                    Some(base) => format!("{base}{rest}"),
                    None => value.to_owned(),
                }
            }
            _ => value.to_owned(),
        }
    };
    let mut by_iri: HashMap<String, &str> = HashMap::new();
    for (term, definition) in &definitions {
        let iri = definition
            .as_str()
            .or_else(|| definition.get("@id").and_then(Value::as_str));
        if let Some(iri) = iri {
            by_iri.insert(expand(iri), term.as_str());
        }
    }
    let mut out = Map::new();
    for (key, value) in map {
        let name = by_iri
            .get(&expand(key))
            .filter(|_| key.contains(':'))
            .map_or(key.as_str(), |t| t);
        out.insert(name.to_owned(), value.clone());
    }
    Value::Object(out)
}
