//! The git index reader used by the hook's fast path: arbitrary bytes give
//! entries or `None`, never a panic; so does applying a split index (its
//! link extension and EWAH bitmaps) to a shared one.
#![no_main]

use keygate::source::index::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(index) = parse(data) {
        // Whatever parsed is usable: paths and cache-tree names are bytes
        // the caller can compare and slice.
        for e in &index.entries {
            let _ = e.path.iter().position(|&b| b == b'/');
        }
    }
    // The first half as a split index, the second as its shared index.
    let (split, shared) = data.split_at(data.len() / 2);
    if let (Some(split), Some(shared)) = (parse(split), parse(shared)) {
        if split.split.is_some() {
            let _ = split.merge_shared(shared);
        }
    }
});
