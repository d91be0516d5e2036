//! Direct JSON-LD → RDF for the shapes credentials use, without building the expanded document.
//!
//! This follows the JSON-LD 1.1 expansion algorithm as `json-ld` 0.21 implements it (same term
//! lookups, same order of scoped-context application, same value expansion) but writes RDF
//! triples as it goes instead of building expanded objects, and takes every scoped context from
//! [`Active::scoped`], so the pinned contexts are processed once instead of being copied at
//! every node. It covers node objects with `@id` and `@type`, terms, compact IRIs, `@vocab`,
//! type coercion (`@id`, `@vocab`, datatypes), `@set`, `@list` and `@graph` containers (a
//! proof inside an embedded credential), value objects with `@type`, and type-scoped,
//! property-scoped and embedded contexts.
//!
//! Anything else — language or direction, the `@graph` keyword, `@reverse`, `@nest`,
//! `@included`, index/id/type/language maps, `@json`, blank node identifiers
//! written in the document, non-integer numbers, and every input the general path would reject
//! or drop (undefined terms, relative IRIs, invalid IRIs) — gives [`Unsupported`], and the
//! caller uses the general path, which then produces the result or the error.

use crate::verify::contexts::{Active, Contexts, Scope};
use json_ld::syntax::Keyword;
use json_ld::{ContainerKind, Id, Term as LdTerm, Type, ValidId};
use serde_json::{Map, Value};
use std::sync::Arc;

/// Why the direct path left a document to the general one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported(pub &'static str);

type R<T> = std::result::Result<T, Unsupported>;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";

/// Integers beyond this are not exactly representable as JSON-LD numbers (IEEE doubles), whose
/// canonical form the general path applies; they are left to it.
const MAX_EXACT_INTEGER: i64 = 1 << 53;

/// An RDF term.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// An IRI.
    Iri(String),
    /// A blank node, numbered in order of creation.
    Blank(u32),
    /// A literal: lexical form and datatype IRI.
    Literal(String, String),
}

/// An RDF quad.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quad {
    /// Subject (an IRI or a blank node).
    pub subject: Term,
    /// Predicate IRI.
    pub predicate: String,
    /// Object.
    pub object: Term,
    /// Graph name (a blank node), or `None` for the default graph.
    pub graph: Option<Term>,
}

/// The triples a JSON-LD document denotes, `active` being the processed form of its top-level
/// `@context`, or why the direct path does not handle it.
pub fn triples(
    document: &Map<String, Value>,
    active: &Arc<Active>,
    contexts: &Contexts,
) -> R<Vec<Quad>> {
    if !active.exact() {
        return Err(Unsupported("context with a previous context"));
    }
    let mut direct = Direct {
        contexts,
        triples: Vec::with_capacity(64),
        blanks: 0,
        graph: None,
    };
    match direct.expand_map(active, None, document)? {
        Some(Item::Node(_)) => Ok(direct.triples),
        _ => Err(Unsupported("top-level value")),
    }
}

/// An expanded value.
enum Item {
    /// A node object (its triples are already written), or a node reference.
    Node(Term),
    /// A literal.
    Literal(String, String),
    /// A list object.
    List(Vec<Item>),
}

/// A key, IRI-expanded with `vocab` true.
enum Key<'c> {
    Keyword(Keyword),
    Iri(std::borrow::Cow<'c, str>),
    /// Anything the general path would drop, reject or keep as a blank node property.
    Other,
}

struct Direct<'a> {
    contexts: &'a Contexts,
    triples: Vec<Quad>,
    blanks: u32,
    /// The graph triples go to: `None` for the default graph, or the blank node of the graph
    /// object being expanded (a `@graph` container's value).
    graph: Option<Term>,
}

impl Direct<'_> {
    fn blank(&mut self) -> Term {
        self.blanks += 1;
        Term::Blank(self.blanks - 1)
    }

    fn push(&mut self, subject: Term, predicate: String, object: Term) {
        self.triples.push(Quad {
            subject,
            predicate,
            object,
            graph: self.graph.clone(),
        });
    }

    fn scoped(
        &self,
        ctx: &Arc<Active>,
        owner: &Active,
        term: &str,
        scope: Scope,
    ) -> R<Option<Arc<Active>>> {
        let scoped = ctx
            .scoped(owner, term, scope, self.contexts)
            .map_err(|_| Unsupported("scoped context processing failed"))?;
        match scoped {
            Some(s) if !s.exact() => Err(Unsupported("scoped context with null or @propagate")),
            other => Ok(other),
        }
    }

    /// Expansion of a map (JSON-LD 1.1 expansion algorithm, steps 5 to 20), `prop` being the
    /// key it is the value of, looked up in `active`. `None` when it expands to nothing.
    fn expand_map(
        &mut self,
        active: &Arc<Active>,
        prop: Option<&str>,
        map: &Map<String, Value>,
    ) -> R<Option<Item>> {
        // Step 5 and 7: an inherited type-scoped context does not apply to a new node object.
        let mut has_value = false;
        let mut has_id = false;
        for key in map.keys() {
            match expand_key(active, key) {
                Key::Keyword(Keyword::Value) => has_value = true,
                Key::Keyword(Keyword::Id) => has_id = true,
                _ => {}
            }
        }
        let mut ctx = active.clone();
        let lone_id = map.len() == 1 && has_id;
        if !has_value && !lone_id {
            match active.previous() {
                Ok(Some(previous)) => ctx = previous,
                Ok(None) => {}
                Err(()) => return Err(Unsupported("previous context no longer kept")),
            }
        }
        // Step 8: the property-scoped context, overriding protected terms.
        if let Some(prop) = prop
            && let Some(scoped) = self.scoped(&ctx, active, prop, Scope::Property)?
        {
            ctx = scoped;
        }
        // Step 9 (the top-level context is already in `active`).
        let top = prop.is_none();
        if !top && let Some(local) = map.get("@context") {
            ctx = ctx
                .embedded(local, self.contexts)
                .map_err(|()| Unsupported("embedded @context processing failed"))?;
            if !ctx.exact() {
                return Err(Unsupported("embedded @context with null or @propagate"));
            }
        }
        // Step 11: type-scoped contexts, by key and then by value in lexicographic order.
        let mut type_keys: Vec<&String> = map
            .keys()
            .filter(|k| matches!(expand_key(&ctx, k), Key::Keyword(Keyword::Type)))
            .collect();
        type_keys.sort_unstable();
        let type_scoped = ctx.clone();
        for key in &type_keys {
            let mut terms: Vec<&str> = match &map[key.as_str()] {
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                v => v.as_str().into_iter().collect(),
            };
            terms.sort_unstable();
            for term in terms {
                if let Some(scoped) = self.scoped(&ctx, &type_scoped, term, Scope::Type)? {
                    ctx = scoped;
                }
            }
        }
        // Step 13 onwards, with the final context.
        let mut value = None;
        let mut id = None;
        let mut types: Vec<String> = Vec::new();
        let mut properties: Vec<(&str, String, &Value)> = Vec::with_capacity(map.len());
        for (key, v) in map {
            match expand_key(&ctx, key) {
                Key::Keyword(Keyword::Value) => value = Some(v),
                Key::Keyword(Keyword::Context) => {}
                Key::Keyword(Keyword::Id) => {
                    if id.is_some() {
                        return Err(Unsupported("colliding @id"));
                    }
                    let Value::String(s) = v else {
                        return Err(Unsupported("@id is not a string"));
                    };
                    id = Some(expand_id(&ctx, s)?);
                }
                Key::Keyword(Keyword::Type) => match v {
                    Value::String(s) => types.push(expand_vocab(&type_scoped, s)?),
                    Value::Array(items) => {
                        for item in items {
                            let Value::String(s) = item else {
                                return Err(Unsupported("@type value is not a string"));
                            };
                            types.push(expand_vocab(&type_scoped, s)?);
                        }
                    }
                    _ => return Err(Unsupported("@type value is not a string")),
                },
                Key::Keyword(_) => return Err(Unsupported("keyword")),
                Key::Iri(iri) => properties.push((key, iri.into_owned(), v)),
                Key::Other => return Err(Unsupported("undefined or invalid term")),
            }
        }
        if let Some(value) = value {
            if id.is_some() || !properties.is_empty() {
                return Err(Unsupported("invalid value object"));
            }
            return self.value_object(&ctx, &type_scoped, map, value);
        }
        let subject = match id {
            Some(iri) => Term::Iri(iri),
            None => self.blank(),
        };
        for ty in types {
            self.push(subject.clone(), RDF_TYPE.to_owned(), Term::Iri(ty));
        }
        for (key, predicate, v) in properties {
            let items = self.expand_property(&ctx, key, v)?;
            for item in items {
                let object = self.object(item)?;
                self.push(subject.clone(), predicate.clone(), object);
            }
        }
        Ok(Some(Item::Node(subject)))
    }

    /// A value object (`@value` with an optional `@type`).
    fn value_object(
        &mut self,
        ctx: &Arc<Active>,
        type_scoped: &Arc<Active>,
        map: &Map<String, Value>,
        value: &Value,
    ) -> R<Option<Item>> {
        let mut datatype = None;
        for (key, v) in map {
            match expand_key(ctx, key) {
                Key::Keyword(Keyword::Value) => {}
                Key::Keyword(Keyword::Type) => {
                    let Value::String(s) = v else {
                        return Err(Unsupported("value object @type"));
                    };
                    // The input type (step 12) decides whether this is a JSON literal.
                    if matches!(expand_key(ctx, s), Key::Keyword(_)) {
                        return Err(Unsupported("value object @type keyword"));
                    }
                    datatype = Some(expand_vocab(type_scoped, s)?);
                }
                _ => return Err(Unsupported("value object entry")),
            }
        }
        match value {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(Item::Literal(
                s.clone(),
                datatype.unwrap_or_else(|| XSD_STRING.to_owned()),
            ))),
            Value::Bool(_) | Value::Number(_) => literal(value, datatype.as_deref()).map(Some),
            _ => Err(Unsupported("value object value")),
        }
    }

    /// The expanded values of `key: value` in a node (step 13.4 onwards for a non-keyword).
    fn expand_property(&mut self, ctx: &Arc<Active>, key: &str, value: &Value) -> R<Vec<Item>> {
        let definition = ctx.context().get_normal(key);
        let mut is_list = false;
        let mut is_graph = false;
        if let Some(definition) = definition {
            if definition.reverse_property {
                return Err(Unsupported("reverse property"));
            }
            if matches!(definition.typ, Some(Type::Json)) {
                return Err(Unsupported("@json"));
            }
            for kind in definition.container.as_slice() {
                match kind {
                    ContainerKind::Set => {}
                    ContainerKind::List => is_list = true,
                    ContainerKind::Graph => is_graph = true,
                    _ => return Err(Unsupported("container")),
                }
            }
        }
        if is_graph {
            if is_list {
                return Err(Unsupported("graph list"));
            }
            return self.graph_objects(ctx, key, value);
        }
        let mut items = Vec::new();
        match value {
            Value::Null if is_list => return Err(Unsupported("null list")),
            Value::Array(_) => self.expand_element(ctx, key, value, &mut items)?,
            _ => {
                self.expand_element(ctx, key, value, &mut items)?;
                if is_list {
                    items = vec![Item::List(items)];
                }
            }
        }
        Ok(items)
    }

    /// The values of a `@graph` container (step 13.10): each expanded value becomes a graph
    /// object, a blank node naming the graph its triples go to.
    fn graph_objects(&mut self, ctx: &Arc<Active>, key: &str, value: &Value) -> R<Vec<Item>> {
        let values = match value {
            Value::Array(values) => values.as_slice(),
            v => std::slice::from_ref(v),
        };
        let mut items = Vec::with_capacity(values.len());
        for v in values {
            if !v.is_object() {
                // Nested arrays, scalars and null in a graph container are left to the
                // general path.
                return Err(Unsupported("graph container value"));
            }
            let graph = self.blank();
            let outer = self.graph.replace(graph.clone());
            let mut expanded = Vec::with_capacity(1);
            let result = self.expand_element(ctx, key, v, &mut expanded);
            self.graph = outer;
            result?;
            match expanded.as_slice() {
                [Item::Node(_)] => items.push(Item::Node(graph)),
                _ => return Err(Unsupported("graph container value")),
            }
        }
        Ok(items)
    }

    /// Expansion of any value of `key` (steps 1 to 4 and 5 for arrays).
    fn expand_element(
        &mut self,
        ctx: &Arc<Active>,
        key: &str,
        value: &Value,
        out: &mut Vec<Item>,
    ) -> R<()> {
        match value {
            Value::Null => {}
            Value::Array(values) => {
                let is_list = ctx
                    .context()
                    .get_normal(key)
                    .is_some_and(|d| d.container.contains(ContainerKind::List));
                if is_list {
                    let mut list = Vec::with_capacity(values.len());
                    for v in values {
                        if v.is_array() {
                            return Err(Unsupported("list of lists"));
                        }
                        self.expand_element(ctx, key, v, &mut list)?;
                    }
                    out.push(Item::List(list));
                } else {
                    for v in values {
                        self.expand_element(ctx, key, v, out)?;
                    }
                }
            }
            Value::Object(map) => {
                if let Some(item) = self.expand_map(ctx, Some(key), map)? {
                    out.push(item);
                }
            }
            _ => {
                // Step 4.1: a property-scoped context applies to the scalar too.
                let scoped = self.scoped(ctx, ctx, key, Scope::PropertyValue)?;
                out.push(expand_scalar(scoped.as_ref().unwrap_or(ctx), key, value)?);
            }
        }
        Ok(())
    }

    /// The RDF object for an expanded value, writing a list's triples.
    fn object(&mut self, item: Item) -> R<Term> {
        match item {
            Item::Node(term) => Ok(term),
            Item::Literal(value, datatype) => Ok(Term::Literal(value, datatype)),
            Item::List(items) => {
                let mut rest = Term::Iri(RDF_NIL.to_owned());
                for item in items.into_iter().rev() {
                    if matches!(item, Item::List(_)) {
                        return Err(Unsupported("list of lists"));
                    }
                    let first = self.object(item)?;
                    let node = self.blank();
                    self.push(node.clone(), RDF_FIRST.to_owned(), first);
                    self.push(node.clone(), RDF_REST.to_owned(), rest);
                    rest = node;
                }
                Ok(rest)
            }
        }
    }
}

/// Value expansion of a scalar (JSON-LD 1.1 "Value Expansion").
fn expand_scalar(ctx: &Active, key: &str, value: &Value) -> R<Item> {
    let definition = ctx.context().get_normal(key);
    let typ = definition.and_then(|d| d.typ.as_ref());
    match (typ, value) {
        (Some(Type::Id), Value::String(s)) => return Ok(Item::Node(Term::Iri(expand_id(ctx, s)?))),
        (Some(Type::Vocab), Value::String(s)) => {
            return Ok(Item::Node(Term::Iri(expand_vocab(ctx, s)?)));
        }
        _ => {}
    }
    let datatype = match typ {
        Some(Type::Iri(iri)) => Some(iri.as_str()),
        Some(Type::Json) => return Err(Unsupported("@json")),
        _ => None,
    };
    match value {
        Value::String(s) => match datatype {
            Some(datatype) => Ok(Item::Literal(s.clone(), datatype.to_owned())),
            None => {
                let language = match definition.and_then(|d| d.language.as_ref()) {
                    Some(language) => language.is_some(),
                    None => ctx.context().default_language().is_some(),
                };
                let direction = match definition.and_then(|d| d.direction.as_ref()) {
                    Some(direction) => direction.is_some(),
                    None => ctx.context().default_base_direction().is_some(),
                };
                if language || direction {
                    return Err(Unsupported("language or direction"));
                }
                Ok(Item::Literal(s.clone(), XSD_STRING.to_owned()))
            }
        },
        _ => literal(value, datatype),
    }
}

/// The literal of a JSON boolean or integer, with an optional coerced datatype.
fn literal(value: &Value, datatype: Option<&str>) -> R<Item> {
    match value {
        Value::Bool(b) => Ok(Item::Literal(
            b.to_string(),
            datatype.unwrap_or(XSD_BOOLEAN).to_owned(),
        )),
        Value::Number(n) => match n.as_i64() {
            Some(i) if (-MAX_EXACT_INTEGER..=MAX_EXACT_INTEGER).contains(&i) => {
                if datatype == Some(XSD_DOUBLE) {
                    return Err(Unsupported("integer as xsd:double"));
                }
                Ok(Item::Literal(
                    i.to_string(),
                    datatype.unwrap_or(XSD_INTEGER).to_owned(),
                ))
            }
            _ => Err(Unsupported("non-integer number")),
        },
        _ => Err(Unsupported("literal")),
    }
}

/// IRI expansion of a key (`vocab` true, `document_relative` false), as
/// `json_ld_context_processing::algorithm::expand_iri_simple` does it.
fn expand_key<'c>(ctx: &'c Active, key: &str) -> Key<'c> {
    if key.starts_with('@') {
        return match Keyword::try_from(key) {
            Ok(k) => Key::Keyword(k),
            Err(_) => Key::Other,
        };
    }
    let context = ctx.context();
    if let Some(definition) = context.get_normal(key) {
        return match &definition.value {
            Some(LdTerm::Keyword(k)) => Key::Keyword(*k),
            Some(LdTerm::Id(Id::Valid(ValidId::Iri(iri)))) => Key::Iri(iri.as_str().into()),
            _ => Key::Other,
        };
    }
    match compact_or_absolute(context, key) {
        Some(Ok(iri)) => Key::Iri(iri.into()),
        Some(Err(())) => Key::Other,
        None => match context.vocabulary() {
            Some(LdTerm::Id(Id::Valid(ValidId::Iri(vocab)))) => {
                let iri = format!("{}{key}", vocab.as_str());
                if valid_iri(&iri) {
                    Key::Iri(iri.into())
                } else {
                    Key::Other
                }
            }
            _ => Key::Other,
        },
    }
}

/// The IRI of a string with a colon after its first character: a compact IRI whose prefix is
/// a prefix term, or an absolute IRI. `Some(Err)` for what the general path would make a blank
/// node or an invalid identifier; `None` when it has no such colon.
fn compact_or_absolute(context: &json_ld::Context, value: &str) -> Option<Result<String, ()>> {
    let colon = value.find(':').filter(|&i| i > 0)?;
    if value.starts_with("_:") {
        return Some(Err(()));
    }
    let (prefix, suffix) = (&value[..colon], &value[colon + 1..]);
    if !suffix.starts_with("//")
        && let Some(definition) = context.get_normal(prefix)
        && definition.prefix
        && let Some(mapping) = &definition.value
        && iref::IriRef::new(value).is_ok()
    {
        return Some(match mapping {
            LdTerm::Id(Id::Valid(ValidId::Iri(iri))) => {
                let iri = format!("{}{suffix}", iri.as_str());
                if valid_iri(&iri) { Ok(iri) } else { Err(()) }
            }
            _ => Err(()),
        });
    }
    Some(if valid_iri(value) {
        Ok(value.to_owned())
    } else {
        Err(())
    })
}

/// Whether `iri` is an IRI the general path takes as it is (see `escapes_decode_to_utf8`).
fn valid_iri(iri: &str) -> bool {
    iref::Iri::new(iri).is_ok() && super::escapes_decode_to_utf8(iri)
}

/// IRI expansion of a node identifier (`document_relative` true, `vocab` false): only absolute
/// IRIs and compact IRIs are handled (there is no base IRI).
fn expand_id(ctx: &Active, value: &str) -> R<String> {
    if value.starts_with('@') {
        return Err(Unsupported("keyword-like identifier"));
    }
    let context = ctx.context();
    if let Some(definition) = context.get_normal(value)
        && matches!(definition.value, Some(LdTerm::Keyword(_)))
    {
        return Err(Unsupported("identifier is a keyword alias"));
    }
    match compact_or_absolute(context, value) {
        Some(Ok(iri)) => Ok(iri),
        _ => Err(Unsupported("identifier is not an absolute IRI")),
    }
}

/// IRI expansion of a type or `@vocab`-coerced value (`document_relative` and `vocab` true).
fn expand_vocab(ctx: &Active, value: &str) -> R<String> {
    match expand_key(ctx, value) {
        Key::Iri(iri) => Ok(iri.into_owned()),
        _ => Err(Unsupported("type is not an IRI")),
    }
}
