//! The direct JSON-LD → RDF path against the general one (`json-ld` 0.21 + `rdf-canon`): on
//! every JSON document of the conformance material and the test fixtures, on the unsecured
//! document and proof options of each of their proofs, and on thousands of variants with one
//! value or key changed, the direct path either declines or gives byte for byte the canonical
//! N-Quads the general path gives. Where the general path refuses a document (safe mode, an
//! unknown context, an invalid IRI), the direct path must decline.

use crate::common::{conformance, json_leaves};
use crate::conformance_w3c::test_contexts;
use cairn::verify::Contexts;
use cairn::verify::rdfc::{canonicalize_json_direct, canonicalize_json_general};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Every `.json`/`.jsonld` file under `dir`, sorted.
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "json" || e == "jsonld")
        {
            out.push(path);
        }
    }
}

/// The documents a verification canonicalises for `doc`: the document without `proof`, and
/// for each proof its options with the document's `@context`; plus `doc` itself.
fn canonicalised_forms(doc: &Value) -> Vec<Value> {
    let mut out = vec![doc.clone()];
    let Some(map) = doc.as_object() else {
        return out;
    };
    let mut unsecured = map.clone();
    let proofs = match unsecured.remove("proof") {
        Some(Value::Array(items)) => items,
        Some(p) => vec![p],
        None => Vec::new(),
    };
    out.push(Value::Object(unsecured));
    for proof in proofs {
        if let Value::Object(mut options) = proof {
            options.remove("proofValue");
            if let Some(ctx) = map.get("@context") {
                options.insert("@context".into(), ctx.clone());
            }
            out.push(Value::Object(options));
        }
    }
    out
}

/// Compares both paths on `doc`; returns whether the direct path handled it.
fn compare(doc: &Value, contexts: &Contexts, what: &str) -> bool {
    let direct = canonicalize_json_direct(doc, contexts);
    let general = canonicalize_json_general(doc, contexts);
    match (direct, general) {
        (Err(_), _) => false,
        (Ok(d), Ok(g)) => {
            assert_eq!(
                d, g,
                "{what}: the direct path differs from the general path"
            );
            true
        }
        (Ok(d), Err(e)) => panic!(
            "{what}: the general path refuses it ({}) but the direct path gave\n{d}",
            e.message
        ),
    }
}

fn corpus() -> Vec<(String, Value)> {
    let mut files = Vec::new();
    json_files(&conformance(), &mut files);
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    json_files(&here.join("tests/fixtures"), &mut files);
    json_files(&here.join("tests/portfolio_fixture"), &mut files);
    // The fuzzers' regression inputs (no extension), such as an IRI whose percent-escape is not
    // UTF-8, which the general path refuses.
    if let Ok(entries) = std::fs::read_dir(here.join("tests/fixtures/fuzz/jsonld_canon")) {
        let mut inputs: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        inputs.sort();
        files.extend(inputs);
    }
    files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let value: Value = serde_json::from_str(&text).ok()?;
            Some((path.display().to_string(), value))
        })
        .collect()
}

#[test]
fn direct_path_agrees_with_the_general_path_on_every_fixture() {
    let contexts = test_contexts();
    let mut handled = 0;
    let mut total = 0;
    for (name, doc) in corpus() {
        for (i, form) in canonicalised_forms(&doc).iter().enumerate() {
            total += 1;
            if compare(form, &contexts, &format!("{name} (form {i})")) {
                handled += 1;
            }
        }
    }
    eprintln!("direct path: {handled} of {total} documents");
    assert!(total > 300, "the corpus was not found ({total} documents)");
    // Most credentials are in the shape the direct path exists for.
    assert!(
        handled * 2 > total,
        "direct path handled only {handled} of {total}"
    );
}

#[test]
fn typical_credentials_take_the_direct_path() {
    let contexts = Contexts::embedded();
    for rel in [
        "1edtech-validator/ob30/simple.json",
        "1edtech-validator/ob30/simple-context-alias.json",
        "1edtech-validator/ob30/simple-did-web-method.json",
        "1edtech-validator/ob30/bit-string-list/testlist",
        "1edtech-validator/clr20/simple.json",
    ] {
        let text = std::fs::read_to_string(conformance().join(rel)).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        for (i, form) in canonicalised_forms(&doc).iter().enumerate().skip(1) {
            if let Err(why) = canonicalize_json_direct(form, contexts) {
                panic!("{rel} (form {i}) should take the direct path, but: {why}");
            }
            assert!(compare(form, contexts, &format!("{rel} (form {i})")));
        }
    }
}

/// Replaces the value at `pointer`.
fn with_value(doc: &Value, pointer: &str, value: Value) -> Value {
    let mut doc = doc.clone();
    if let Some(slot) = doc.pointer_mut(pointer) {
        *slot = value;
    }
    doc
}

/// Renames the key `pointer` ends with to `key`, keeping the value.
fn with_key(doc: &Value, pointer: &str, key: &str) -> Option<Value> {
    let (parent, last) = pointer.rsplit_once('/')?;
    let mut doc = doc.clone();
    let map: &mut Map<String, Value> = doc.pointer_mut(parent)?.as_object_mut()?;
    let last = last.replace("~1", "/").replace("~0", "~");
    let value = map.remove(&last)?;
    map.insert(key.to_owned(), value);
    Some(doc)
}

#[test]
fn direct_path_agrees_on_changed_documents() {
    let contexts = test_contexts();
    let values = [
        Value::from("relative/path"),
        Value::from("https://example.org/changed"),
        Value::from("_:b0"),
        Value::from("xsd:string"),
        Value::from("Changed \"text\" with a \\ and a\ttab\n"),
        Value::from(42),
        Value::from(4.5),
        Value::Null,
        serde_json::json!({}),
        serde_json::json!(["a", {"id": "https://example.org/n"}]),
        serde_json::json!({"@value": "x", "@language": "en"}),
        serde_json::json!({"@list": ["a"]}),
        serde_json::json!({"@context": {"x": "https://example.org/x"}, "x": "y"}),
        serde_json::json!({"type": ["Profile", "Achievement"], "name": "n"}),
    ];
    let keys = [
        "undefinedTerm",
        "@foo",
        "ex:foo",
        "https://example.org/p",
        "_:p",
        "@id",
        "@graph",
        "type",
    ];
    let mut handled = 0;
    let mut total = 0;
    // (file, most leaves changed): the large CLR and complete OB 3.0 on an evenly spaced
    // sample, to keep a debug run short.
    for (rel, budget) in [
        ("1edtech-validator/ob30/simple.json", 16),
        ("1edtech-validator/ob30/complete.json", 6),
        ("1edtech-validator/clr20/simple.json", 3),
        (
            "w3c-vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json",
            12,
        ),
    ] {
        let text = std::fs::read_to_string(conformance().join(rel)).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        let mut unsecured = doc.clone();
        unsecured.as_object_mut().unwrap().remove("proof");
        let mut leaves = Vec::new();
        json_leaves(&unsecured, String::new(), &mut leaves);
        let step = leaves.len().div_ceil(budget).max(1);
        for pointer in leaves.iter().step_by(step) {
            if pointer.starts_with("/@context") {
                continue;
            }
            for value in &values {
                total += 1;
                let changed = with_value(&unsecured, pointer, value.clone());
                if compare(&changed, &contexts, &format!("{rel} {pointer} = {value}")) {
                    handled += 1;
                }
            }
            for key in keys {
                if let Some(changed) = with_key(&unsecured, pointer, key) {
                    total += 1;
                    if compare(
                        &changed,
                        &contexts,
                        &format!("{rel} {pointer} renamed {key}"),
                    ) {
                        handled += 1;
                    }
                }
            }
        }
    }
    eprintln!("direct path: {handled} of {total} changed documents");
    assert!(handled > 0 && handled < total);
}
