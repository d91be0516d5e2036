//! Fuzz target: baked-PNG extraction (chunk walking, iTXt/zTXt inflation, badge text).
#![no_main]

use cairn::import::{Limits, extract_with, png};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Keep the signature so the whole chunk parser is reached, not just the sniffing.
    let mut bytes = png::SIGNATURE.to_vec();
    bytes.extend_from_slice(data);
    let limits = Limits::default();
    let _ = png::find("fuzz.png", &bytes, &limits);
    let _ = extract_with("fuzz.png", &bytes, &limits);
});
