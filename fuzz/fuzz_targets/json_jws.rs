//! Fuzz target: JSON, JWT and JWS parsing through `cairn::import::extract`, then offline
//! verification of whatever was found.
#![no_main]

use cairn::import::extract;
use cairn::verify::{VerifyOptions, verify_document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.json", "fuzz.jwt"] {
        if let Ok(found) = extract(name, data) {
            for f in found.iter().take(4) {
                let _ = verify_document(&f.document, &VerifyOptions::offline());
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = verify_document(text, &VerifyOptions::offline());
    }
});
