//! Fuzz target: JSON-LD expansion in safe mode and RDFC-1.0 canonicalization, plus JCS.
#![no_main]

use cairn::verify::Contexts;
use cairn::verify::di::{Canon, canonicalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let _ = canonicalize(&doc, Canon::Rdfc, Contexts::embedded());
    let _ = canonicalize(&doc, Canon::Jcs, Contexts::embedded());
});
