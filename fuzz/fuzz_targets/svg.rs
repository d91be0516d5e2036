//! Fuzz target: baked-SVG extraction (XML parsing, entities, the badge element).
#![no_main]

use cairn::import::{Limits, extract_with, svg};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = svg::find("fuzz.svg", data);
    let _ = extract_with("fuzz.svg", data, &Limits::default());
});
