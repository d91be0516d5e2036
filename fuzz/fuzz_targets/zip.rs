//! Fuzz target: zip import (archive parsing and the limits that defuse zip bombs).
#![no_main]

use cairn::import::{Limits, extract_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Small limits so a fuzzer-built bomb is caught by the limits rather than slow to inflate.
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_archive_entries: 64,
        max_archive_bytes: 4 << 20,
        ..Limits::default()
    };
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(data);
    let _ = extract_with("fuzz.zip", &bytes, &limits);
    let _ = extract_with("fuzz.zip", data, &limits);
});
