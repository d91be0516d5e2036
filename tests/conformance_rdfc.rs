//! Conformance: every SHA-256 test of the W3C RDF Dataset Canonicalization (RDFC-1.0) suite,
//! including the issued-identifier maps and the negative "poison" clique test, run through the
//! same canonicaliser verification uses.

use crate::common::conformance;
use cairn::verify::rdfc::canonicalize_dataset;
use std::collections::HashMap;

struct Case {
    id: String,
    name: String,
    hash: String,
    kind: String,
    has_map: bool,
}

fn cases() -> Vec<Case> {
    let text =
        std::fs::read_to_string(conformance().join("w3c-rdf-canon/tests/manifest.csv")).unwrap();
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        // Names may be quoted and contain commas: split the fixed fields from both ends.
        let fields: Vec<&str> = line.split(',').collect();
        let n = fields.len();
        out.push(Case {
            id: fields[0].to_owned(),
            name: fields[1..n - 6].join(","),
            hash: fields[n - 3].to_owned(),
            kind: fields[n - 2].to_owned(),
            has_map: fields[n - 1] == "TRUE",
        });
    }
    out
}

fn dataset(path: &std::path::Path) -> oxrdf::Dataset {
    let bytes = std::fs::read(path).unwrap();
    let mut dataset = oxrdf::Dataset::new();
    for quad in oxttl::NQuadsParser::new().for_slice(&bytes) {
        dataset.insert(&quad.unwrap_or_else(|e| panic!("{}: {e}", path.display())));
    }
    dataset
}

#[test]
fn rdfc10_suite_sha256() {
    let dir = conformance().join("w3c-rdf-canon/tests/rdfc10");
    let (mut passed, mut failed, mut negative, mut maps) = (0, Vec::new(), 0, 0);
    let all = cases();
    assert_eq!(all.len(), 65, "the manifest lists 65 tests");
    for case in all.iter().filter(|c| c.hash.is_empty()) {
        let input = dataset(&dir.join(format!("{}-in.nq", case.id)));
        let result = canonicalize_dataset(&input);
        if case.kind == "RDFC10NegativeEvalTest" {
            assert!(
                result.is_err(),
                "{} ({}) must be refused",
                case.id,
                case.name
            );
            negative += 1;
            continue;
        }
        let expected = std::fs::read_to_string(dir.join(format!("{}-rdfc10.nq", case.id))).unwrap();
        match result {
            Ok(got) if got == expected => passed += 1,
            Ok(_) => failed.push(format!("{} {}: different output", case.id, case.name)),
            Err(e) => failed.push(format!("{} {}: {}", case.id, case.name, e.message)),
        }
        if case.has_map {
            let map_path = dir.join(format!("{}-rdfc10map.json", case.id));
            let expected: HashMap<String, String> =
                serde_json::from_slice(&std::fs::read(map_path).unwrap()).unwrap();
            let issued = rdf_canon::issue(&input).unwrap();
            assert_eq!(issued, expected, "{}: issued identifiers", case.id);
            maps += 1;
        }
    }
    assert!(failed.is_empty(), "RDFC-1.0 failures: {failed:#?}");
    assert_eq!(passed, 63, "every SHA-256 evaluation test passes");
    assert_eq!(negative, 1, "the poison clique is refused");
    assert_eq!(maps, 20, "every issued-identifier map is compared");
}

#[test]
fn rdfc10_sha384_case() {
    let dir = conformance().join("w3c-rdf-canon/tests/rdfc10");
    let input = dataset(&dir.join("test075-in.nq"));
    let got = rdf_canon::canonicalize_with::<sha2::Sha384>(&input, &Default::default()).unwrap();
    let expected = std::fs::read_to_string(dir.join("test075-rdfc10.nq")).unwrap();
    assert_eq!(got, expected);
}
