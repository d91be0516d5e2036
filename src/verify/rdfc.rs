//! RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents, in JSON-LD safe mode.
//!
//! A document is expanded with the contexts of a [`Contexts`] set (never fetched), turned into
//! RDF quads, and canonicalised with `rdf-canon` into canonical N-Quads. Expansion runs in safe
//! mode: a property or type the contexts do not define is an error instead of being dropped, so
//! data outside the signed graph can never ride along with a valid signature.

mod canon;
mod direct;

use super::contexts::Contexts;
use crate::error::{Error, Result};
use json_ld::expansion::{Action, Policy};
use json_ld::rdf::RdfQuads;
use json_ld::{Expand as _, ValidId};
use rdf_canon::CanonicalizationOptions;
use rdf_types::{Id, LiteralType, Term};
use sha2::Sha256;

/// Upper bound on Hash N-Degree Quads calls, against "poison" graphs built to exhaust time.
const HNDQ_CALL_LIMIT: usize = 4000;

/// The total work budget of one canonicalisation, in steps of about one byte hashed or copied
/// (see `canon::ndegree_work`): about a second of work. A dataset estimated above it is not
/// canonicalised at all.
pub const WORK_BUDGET: u64 = 400_000_000;

/// Most JSON values a document may hold to go the general way (JSON-LD expansion with
/// `json-ld`, which takes a few kilobytes per value): about 150 MB at most. A larger document
/// the direct way does not handle is [`TOO_COMPLEX`] to check.
pub const GENERAL_PATH_MAX_VALUES: usize = 50_000;

/// What the error of a dataset over [`WORK_BUDGET`] says; verification reads it as "could not
/// be checked" (a required skip), never as tampering.
pub const TOO_COMPLEX: &str = "too complex to check";

/// Canonical N-Quads of a JSON-LD document (its JSON value), expanded in safe mode.
///
/// Documents in the shape credentials have go the direct way (see [`canonicalize_json_direct`]);
/// every other one, and every one the direct way would not handle exactly as the general path
/// does, goes the general way ([`canonicalize_json_general`]).
pub fn canonicalize_json(doc: &serde_json::Value, contexts: &Contexts) -> Result<String> {
    if let Ok(triples) = direct_triples(doc, contexts) {
        // The direct triples are the document's; when they need the whole algorithm, its
        // answer (or refusal over the work budget) is final.
        return match canon::canonical_nquads(&triples) {
            Some(canonical) => Ok(canonical),
            None => canonicalize_dataset(&dataset_of(&triples)),
        };
    }
    canonicalize_json_general(doc, contexts)
}

/// The general path: JSON-LD expansion with `json-ld` 0.21, its RDF conversion, and
/// `rdf-canon`. Public so that tests can compare it with the direct path.
pub fn canonicalize_json_general(doc: &serde_json::Value, contexts: &Contexts) -> Result<String> {
    let dataset = general_dataset(doc, contexts)?;
    canonicalize_dataset(&dataset)
}

/// The direct path: the document turned into triples as it is read (`direct`), with the scoped
/// contexts processed once, and canonicalised by first-degree hashes when they are distinct
/// (`canon`), else by `rdf-canon`. When the document is outside what the direct path handles,
/// the error says what it met first (the general path then decides, including every error).
pub fn canonicalize_json_direct(
    doc: &serde_json::Value,
    contexts: &Contexts,
) -> std::result::Result<String, &'static str> {
    let triples = direct_triples(doc, contexts)?;
    match canon::canonical_nquads(&triples) {
        Some(canonical) => Ok(canonical),
        None => canonicalize_dataset(&dataset_of(&triples)).map_err(|_| "rdf-canon failed"),
    }
}

/// The triples of `doc` by the direct path, or why it does not apply (never a panic).
fn direct_triples(
    doc: &serde_json::Value,
    contexts: &Contexts,
) -> std::result::Result<Vec<direct::Quad>, &'static str> {
    let map = doc.as_object().ok_or("not a JSON object")?;
    let context = map.get("@context").ok_or("no @context")?;
    if unreadable_iri(doc).is_some() {
        return Err("a percent-escape that is not UTF-8");
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let active = contexts
            .active(context)
            .map_err(|_| "context processing failed")?;
        direct::triples(map, &active, contexts).map_err(|e| e.0)
    }))
    .unwrap_or(Err("panic"))
}

/// An `oxrdf` dataset of direct-path triples.
fn dataset_of(triples: &[direct::Quad]) -> oxrdf::Dataset {
    fn term(t: &direct::Term) -> oxrdf::Term {
        match t {
            direct::Term::Iri(iri) => oxrdf::NamedNode::new_unchecked(iri.as_str()).into(),
            direct::Term::Blank(b) => oxrdf::BlankNode::new_unchecked(format!("b{b}")).into(),
            direct::Term::Literal(value, datatype) => oxrdf::Literal::new_typed_literal(
                value.as_str(),
                oxrdf::NamedNode::new_unchecked(datatype.as_str()),
            )
            .into(),
        }
    }
    let mut dataset = oxrdf::Dataset::new();
    for t in triples {
        let subject = match term(&t.subject) {
            oxrdf::Term::NamedNode(n) => oxrdf::Subject::NamedNode(n),
            oxrdf::Term::BlankNode(b) => oxrdf::Subject::BlankNode(b),
            oxrdf::Term::Literal(_) => continue,
        };
        let predicate = oxrdf::NamedNode::new_unchecked(t.predicate.as_str());
        let object = term(&t.object);
        let graph = match t.graph.as_ref().map(term) {
            None => oxrdf::GraphName::DefaultGraph,
            Some(oxrdf::Term::NamedNode(n)) => n.into(),
            Some(oxrdf::Term::BlankNode(b)) => b.into(),
            Some(oxrdf::Term::Literal(_)) => continue,
        };
        dataset.insert(oxrdf::QuadRef::new(
            subject.as_ref(),
            predicate.as_ref(),
            object.as_ref(),
            graph.as_ref(),
        ));
    }
    dataset
}

/// Canonical N-Quads of an RDF dataset with RDFC-1.0 and SHA-256, within [`WORK_BUDGET`]: a
/// dataset whose estimated work is over it is refused with an error saying it is
/// [`TOO_COMPLEX`], before the work begins.
pub fn canonicalize_dataset(dataset: &oxrdf::Dataset) -> Result<String> {
    let work = canon::ndegree_work(dataset, HNDQ_CALL_LIMIT);
    if work > WORK_BUDGET {
        return Err(Error::new(
            crate::error::ErrorCode::TooLarge,
            format!(
                "the credential's data is {TOO_COMPLEX}: its blank nodes cannot be told apart cheaply, and canonicalising them would take about {} steps, over the budget of {WORK_BUDGET}",
                if work == u64::MAX {
                    "countless".to_owned()
                } else {
                    work.to_string()
                }
            ),
        ));
    }
    let options = CanonicalizationOptions {
        hndq_call_limit: Some(HNDQ_CALL_LIMIT),
    };
    rdf_canon::canonicalize_with::<Sha256>(dataset, &options)
        .map_err(|e| Error::invalid(format!("RDF canonicalization failed: {e}")))
}

/// The expansion policy of safe mode: undefined terms and invalid IRIs are errors.
fn safe_policy() -> Policy {
    Policy {
        invalid: Action::Reject,
        vocab: Action::Keep,
        allow_undefined: false,
    }
}

/// The RDF dataset a JSON-LD document denotes, expanded in safe mode.
pub fn to_dataset(doc: &serde_json::Value, contexts: &Contexts) -> Result<oxrdf::Dataset> {
    if let Ok(triples) = direct_triples(doc, contexts) {
        return Ok(dataset_of(&triples));
    }
    general_dataset(doc, contexts)
}

/// [`to_dataset`] by the general path.
///
/// Fuzzing found that an IRI whose percent-escapes decode to bytes that are not UTF-8
/// (`badg%eclass`) makes `pct-str` 2.0 unwrap an error inside `json-ld`, so such strings are
/// refused before the JSON-LD libraries see them (regression inputs: `tests/fixtures/fuzz/`).
/// Any other panic inside those libraries is turned into an error as well: a hostile
/// credential must not bring the app down.
fn general_dataset(doc: &serde_json::Value, contexts: &Contexts) -> Result<oxrdf::Dataset> {
    let values = count_values(doc, GENERAL_PATH_MAX_VALUES + 1);
    if values > GENERAL_PATH_MAX_VALUES {
        return Err(Error::new(
            crate::error::ErrorCode::TooLarge,
            format!(
                "the credential's data is {TOO_COMPLEX}: it holds more than {GENERAL_PATH_MAX_VALUES} JSON values in a shape only the general expansion reads, and that would take too much memory"
            ),
        ));
    }
    if let Some(bad) = unreadable_iri(doc) {
        return Err(Error::invalid(format!(
            "JSON-LD expansion failed: the address \"{}\" has a %-escape that does not decode to UTF-8 text, so the credential's data cannot be read and its signature cannot be checked",
            shorten(bad)
        )));
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        expand_to_dataset(doc, contexts)
    }))
    .unwrap_or_else(|_| {
        Err(Error::invalid(
            "JSON-LD expansion failed: the JSON-LD processor could not read the document",
        ))
    })
}

/// How many JSON values `doc` holds (each node once), counting no further than `stop`.
fn count_values(doc: &serde_json::Value, stop: usize) -> usize {
    let mut count = 0;
    let mut stack = vec![doc];
    while let Some(value) = stack.pop() {
        count += 1;
        if count >= stop {
            break;
        }
        match value {
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
}

/// The first key or string in `doc` that the JSON-LD libraries could take as an IRI (no
/// whitespace or control characters) and whose percent-escapes do not decode to UTF-8.
///
/// Which strings are IRIs depends on the contexts, so every key and string is looked at; a
/// plain text value that happens to hold such an escape and no space is refused too, which is
/// the safe side (it cannot be verified, and nothing is lost: the original is kept).
fn unreadable_iri(doc: &serde_json::Value) -> Option<&str> {
    let suspect = |s: &str| {
        s.contains('%')
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && !escapes_decode_to_utf8(s)
    };
    let mut stack = vec![doc];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::String(s) if suspect(s) => return Some(s),
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    if suspect(key) {
                        return Some(key);
                    }
                    stack.push(item);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether the `%XX` escapes of `s`, decoded, leave valid UTF-8.
fn escapes_decode_to_utf8(s: &str) -> bool {
    if !s.contains('%') {
        return true;
    }
    let bytes = s.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            decoded.push((h * 16 + l) as u8);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    std::str::from_utf8(&decoded).is_ok()
}

/// `s` cut to at most 80 characters for a message.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

fn expand_to_dataset(doc: &serde_json::Value, contexts: &Contexts) -> Result<oxrdf::Dataset> {
    // The top-level context is processed once per distinct value and reused (see
    // `Contexts::active`); expansion then starts from it.
    let mut body = doc.clone();
    let context = body.as_object_mut().and_then(|m| m.remove("@context"));
    let active = match &context {
        Some(c) => contexts.active(c)?.context().clone(),
        None => json_ld::Context::new(None),
    };
    let input = json_syntax::Value::from_serde_json(body);
    let options = json_ld::expansion::Options {
        policy: safe_policy(),
        ..json_ld::expansion::Options::default()
    };
    let mut expanded =
        pollster::block_on(input.expand_full(&mut (), active, None, contexts, options, ()))
            .map_err(|e| Error::invalid(format!("JSON-LD expansion failed in safe mode: {e}")))?;
    // Safe mode, continued: a node whose @id is not an absolute IRI would be silently left out
    // of the RDF graph, so data attached to it would ride along unsigned.
    for object in expanded.iter() {
        if let Some(bad) = invalid_id(object.inner()) {
            return Err(Error::invalid(format!(
                "JSON-LD expansion failed in safe mode: \"{bad}\" is not an absolute IRI, so what it identifies would not be signed"
            )));
        }
    }
    let mut generator = rdf_types::generator::Blank::new();
    expanded.relabel_and_canonicalize_with(&mut (), &mut generator);
    let mut dataset = oxrdf::Dataset::new();
    for quad in expanded.rdf_quads_full(&mut (), &mut generator, None, false) {
        let rdf_types::Quad(s, p, o, g) = quad;
        let subject = subject(&s)?;
        let predicate = match &*p {
            Id::Iri(iri) => oxrdf::NamedNode::new_unchecked(iri.as_str()),
            Id::Blank(_) => continue,
        };
        let object = object(&o)?;
        let graph = match g {
            None => oxrdf::GraphName::DefaultGraph,
            Some(Id::Iri(iri)) => oxrdf::NamedNode::new_unchecked(iri.as_str()).into(),
            Some(Id::Blank(b)) => blank(b.as_str())?.into(),
        };
        dataset.insert(oxrdf::QuadRef::new(
            subject.as_ref(),
            predicate.as_ref(),
            object.as_ref(),
            graph.as_ref(),
        ));
    }
    Ok(dataset)
}

type Object = json_ld::Object<json_ld::IriBuf, json_ld::BlankIdBuf>;
type Node = json_ld::Node<json_ld::IriBuf, json_ld::BlankIdBuf>;

/// The first node identifier (or property) in an expanded object that is not a valid IRI or
/// blank node identifier.
fn invalid_id(object: &Object) -> Option<String> {
    match object {
        json_ld::Object::Value(_) => None,
        json_ld::Object::List(list) => list.iter().find_map(|o| invalid_id(o.inner())),
        json_ld::Object::Node(node) => invalid_in_node(node),
    }
}

fn invalid_in_node(node: &Node) -> Option<String> {
    if let Some(json_ld::Id::Invalid(bad)) = &node.id {
        return Some(bad.clone());
    }
    for (property, values) in node.properties().iter() {
        if let json_ld::Id::Invalid(bad) = property {
            return Some(bad.clone());
        }
        if let Some(bad) = values.iter().find_map(|v| invalid_id(v.inner())) {
            return Some(bad);
        }
    }
    if let Some(reverse) = node.reverse_properties() {
        for (property, nodes) in reverse.iter() {
            if let json_ld::Id::Invalid(bad) = property {
                return Some(bad.clone());
            }
            if let Some(bad) = nodes.iter().find_map(|n| invalid_in_node(n.inner())) {
                return Some(bad);
            }
        }
    }
    if let Some(bad) = node
        .graph()
        .and_then(|g| g.iter().find_map(|o| invalid_id(o.inner())))
    {
        return Some(bad);
    }
    node.included()
        .and_then(|i| i.iter().find_map(|n| invalid_in_node(n.inner())))
}

fn blank(id: &str) -> Result<oxrdf::BlankNode> {
    let bare = id.strip_prefix("_:").unwrap_or(id);
    oxrdf::BlankNode::new(bare)
        .map_err(|e| Error::internal(format!("invalid blank node identifier {id}: {e}")))
}

fn subject(id: &ValidId) -> Result<oxrdf::Subject> {
    Ok(match id {
        Id::Iri(iri) => oxrdf::NamedNode::new_unchecked(iri.as_str()).into(),
        Id::Blank(b) => blank(b.as_str())?.into(),
    })
}

fn object(
    term: &json_ld::rdf::Value<json_ld::IriBuf, json_ld::BlankIdBuf, rdf_types::Literal>,
) -> Result<oxrdf::Term> {
    Ok(match term {
        Term::Id(Id::Iri(iri)) => oxrdf::NamedNode::new_unchecked(iri.as_str()).into(),
        Term::Id(Id::Blank(b)) => blank(b.as_str())?.into(),
        Term::Literal(lit) => match &lit.type_ {
            LiteralType::Any(ty) => oxrdf::Literal::new_typed_literal(
                lit.value.as_str(),
                oxrdf::NamedNode::new_unchecked(ty.as_str()),
            )
            .into(),
            LiteralType::LangString(tag) => oxrdf::Literal::new_language_tagged_literal_unchecked(
                lit.value.as_str(),
                tag.as_str(),
            )
            .into(),
        },
    })
}
