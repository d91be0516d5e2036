//! RDFC-1.0 for datasets whose blank nodes all have distinct first-degree hashes.
//!
//! When every blank node's Hash First Degree Quads (RDFC-1.0 §4.6) is unique, the canonical
//! identifiers follow from the order of those hashes alone (§4.4.3 step 4) and the N-degree
//! step never runs; this is the usual case for credentials, whose blank nodes (an issuer
//! without an `id`, criteria, a list) each have their own properties. This module does exactly
//! that, writing canonical N-Quads as `oxrdf` and `rdf-canon` do. A dataset with two blank nodes
//! of the same first-degree hash gives `None`, and the caller runs the whole algorithm
//! (`rdf-canon`).
//!
//! [`ndegree_work`] bounds that whole algorithm before it runs: it estimates the total work
//! (bytes hashed and permutation steps) the N-degree step would do, so that a graph built to
//! exhaust time (a clique of blank nodes that cannot be told apart) is refused at once instead
//! of running for minutes.

use super::direct::{Quad, Term};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// The canonical N-Quads of `triples` (a set: duplicates are ignored), or `None` when some
/// blank nodes share a first-degree hash.
pub fn canonical_nquads(triples: &[Quad]) -> Option<String> {
    let mut triples: Vec<&Quad> = triples.iter().collect();
    triples.sort_unstable();
    triples.dedup();

    // Blank node → the triples that mention it (§4.4.3 step 2).
    let mut mentions: Vec<Vec<usize>> = Vec::new();
    for (i, triple) in triples.iter().enumerate() {
        for term in [
            Some(&triple.subject),
            Some(&triple.object),
            triple.graph.as_ref(),
        ] {
            if let Some(Term::Blank(b)) = term {
                let b = *b as usize;
                if mentions.len() <= b {
                    mentions.resize_with(b + 1, Vec::new);
                }
                if mentions[b].last() != Some(&i) {
                    mentions[b].push(i);
                }
            }
        }
    }

    // First-degree hashes (§4.6): the reference node is `_:a`, every other one `_:z`.
    let mut hashed: Vec<(String, u32)> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for (b, indices) in mentions.iter().enumerate() {
        if indices.is_empty() {
            continue;
        }
        let b = b as u32;
        lines.clear();
        for &i in indices {
            let mut line = String::with_capacity(128);
            write_triple(&mut line, triples[i], &|n| {
                if n == b { "a" } else { "z" }.into()
            });
            line.push_str(" .\n");
            lines.push(line);
        }
        lines.sort_unstable();
        let mut hasher = Sha256::new();
        for line in &lines {
            hasher.update(line.as_bytes());
        }
        hashed.push((hex::encode(hasher.finalize()), b));
    }
    hashed.sort_unstable();
    if hashed.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }

    // Canonical identifiers in hash order (§4.4.3 step 4), then the sorted N-Quads.
    let mut labels: Vec<u32> = vec![u32::MAX; mentions.len()];
    for (rank, (_, b)) in hashed.iter().enumerate() {
        labels[*b as usize] = rank as u32;
    }
    let mut out: Vec<String> = triples
        .iter()
        .map(|t| {
            let mut line = String::with_capacity(128);
            write_triple(&mut line, t, &|n| {
                format!("c14n{}", labels[n as usize]).into()
            });
            line
        })
        .collect();
    out.sort_unstable();
    let mut text = String::with_capacity(out.iter().map(|l| l.len() + 3).sum());
    for line in out {
        text.push_str(&line);
        text.push_str(" .\n");
    }
    Some(text)
}

/// One quad as N-Quads without the final ` .`, blank nodes named by `label`.
fn write_triple(
    out: &mut String,
    triple: &Quad,
    label: &dyn Fn(u32) -> std::borrow::Cow<'static, str>,
) {
    write_term(out, &triple.subject, label);
    out.push_str(" <");
    out.push_str(&triple.predicate);
    out.push_str("> ");
    write_term(out, &triple.object, label);
    if let Some(graph) = &triple.graph {
        out.push(' ');
        write_term(out, graph, label);
    }
}

const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";

fn write_term(
    out: &mut String,
    term: &Term,
    label: &dyn Fn(u32) -> std::borrow::Cow<'static, str>,
) {
    match term {
        Term::Iri(iri) => {
            out.push('<');
            out.push_str(iri);
            out.push('>');
        }
        Term::Blank(b) => {
            out.push_str("_:");
            out.push_str(&label(*b));
        }
        Term::Literal(value, datatype) => {
            write_quoted(out, value);
            if datatype != XSD_STRING {
                out.push_str("^^<");
                out.push_str(datatype);
                out.push('>');
            }
        }
    }
}

/// A literal's lexical form in canonical N-Quads: `"`, `\` and the control characters escaped.
fn write_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '\u{08}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{0C}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0'..='\u{1F}' | '\u{7F}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// An upper estimate of the work RDFC-1.0 does on `dataset`, in steps of about one byte hashed
/// or copied, when at most `call_limit` Hash N-Degree Quads calls are allowed.
///
/// First-degree hashes are computed as RDFC-1.0 computes them (each blank node's quads with it
/// as `_:a` and the others as `_:z`); blank nodes whose hash is unique get canonical names at
/// once and cost nothing more. For each of the others (the "tied" nodes) one N-degree call
/// hashes every quad that mentions it and tries every order of its tied neighbours, copying
/// the path each step: `mentions × 256 + d! × d² × 8` for `d` tied neighbours. Without tied
/// neighbours there is one call per tied node; with them, recursion may use every allowed
/// call, so the most expensive call is counted `call_limit` times. Saturates at `u64::MAX`.
pub fn ndegree_work(dataset: &oxrdf::Dataset, call_limit: usize) -> u64 {
    use std::collections::HashMap;
    let quads: Vec<oxrdf::QuadRef<'_>> = dataset.iter().collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut mentions: Vec<Vec<usize>> = Vec::new();
    for (i, q) in quads.iter().enumerate() {
        let subject = match q.subject {
            oxrdf::SubjectRef::BlankNode(b) => Some(b.as_str()),
            _ => None,
        };
        let object = match q.object {
            oxrdf::TermRef::BlankNode(b) => Some(b.as_str()),
            _ => None,
        };
        let graph = match q.graph_name {
            oxrdf::GraphNameRef::BlankNode(b) => Some(b.as_str()),
            _ => None,
        };
        for id in [subject, object, graph].into_iter().flatten() {
            let next = index.len();
            let b = *index.entry(id).or_insert(next);
            if b == mentions.len() {
                mentions.push(Vec::new());
            }
            if mentions[b].last() != Some(&i) {
                mentions[b].push(i);
            }
        }
    }
    let names: Vec<&str> = {
        let mut names = vec![""; index.len()];
        for (name, &at) in &index {
            names[at] = name;
        }
        names
    };
    // First-degree hashes, and the bytes hashed for them.
    let mut work: u64 = 0;
    let mut hashes: Vec<[u8; 32]> = Vec::with_capacity(names.len());
    let mut lines: Vec<String> = Vec::new();
    for (b, quad_list) in mentions.iter().enumerate() {
        lines.clear();
        for &i in quad_list {
            let q = quads[i];
            let term = |id: &str| if id == names[b] { "_:a" } else { "_:z" };
            let subject = match q.subject {
                oxrdf::SubjectRef::BlankNode(n) => term(n.as_str()).to_owned(),
                other => other.to_string(),
            };
            let object = match q.object {
                oxrdf::TermRef::BlankNode(n) => term(n.as_str()).to_owned(),
                other => other.to_string(),
            };
            let graph = match q.graph_name {
                oxrdf::GraphNameRef::BlankNode(n) => term(n.as_str()).to_owned(),
                oxrdf::GraphNameRef::DefaultGraph => String::new(),
                other => other.to_string(),
            };
            lines.push(format!("{subject} {} {object} {graph} .\n", q.predicate));
        }
        lines.sort_unstable();
        let mut hasher = Sha256::new();
        for line in &lines {
            hasher.update(line.as_bytes());
            work = work.saturating_add(line.len() as u64);
        }
        hashes.push(hasher.finalize().into());
    }
    let mut count: HashMap<[u8; 32], usize> = HashMap::new();
    for h in &hashes {
        *count.entry(*h).or_default() += 1;
    }
    let tied: Vec<bool> = hashes.iter().map(|h| count[h] > 1).collect();
    let mut worst_call: u64 = 0;
    let mut tied_nodes: u64 = 0;
    let mut any_neighbour = false;
    for (b, quad_list) in mentions.iter().enumerate() {
        if !tied[b] {
            continue;
        }
        tied_nodes += 1;
        let mut neighbours: Vec<usize> = Vec::new();
        for &i in quad_list {
            let q = quads[i];
            let others = [
                match q.subject {
                    oxrdf::SubjectRef::BlankNode(n) => Some(n.as_str()),
                    _ => None,
                },
                match q.object {
                    oxrdf::TermRef::BlankNode(n) => Some(n.as_str()),
                    _ => None,
                },
                match q.graph_name {
                    oxrdf::GraphNameRef::BlankNode(n) => Some(n.as_str()),
                    _ => None,
                },
            ];
            for other in others.into_iter().flatten() {
                let o = index[other];
                if o != b && tied[o] {
                    neighbours.push(o);
                }
            }
        }
        neighbours.sort_unstable();
        neighbours.dedup();
        let d = neighbours.len() as u64;
        any_neighbour |= d > 0;
        let permutations = (1..=d).try_fold(1u64, |acc, k| acc.checked_mul(k));
        let steps = permutations
            .and_then(|p| p.checked_mul(d.saturating_mul(d).saturating_mul(8)))
            .unwrap_or(u64::MAX);
        let call = (quad_list.len() as u64)
            .saturating_mul(256)
            .saturating_add(steps);
        worst_call = worst_call.max(call);
    }
    let calls = if any_neighbour {
        call_limit as u64
    } else {
        tied_nodes
    };
    work.saturating_add(calls.saturating_mul(worst_call))
}
