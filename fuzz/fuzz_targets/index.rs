//! The git index reader used by the hook's fast path: arbitrary bytes give
//! entries or `None`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(index) = keygate::source::index::parse(data) {
        // Whatever parsed is usable: paths and cache-tree names are bytes
        // the caller can compare and slice.
        for e in &index.entries {
            let _ = e.path.iter().position(|&b| b == b'/');
        }
    }
});
