//! The staged/commit line mapper: which lines of the new blob a change
//! adds. The input is split at its first 0xFF byte into old and new.
#![no_main]

use keygate::source::git::added_line_ranges;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (old, new) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&data[..0], data),
    };
    let set = added_line_ranges(old, new);
    let lines = new.split(|&b| b == b'\n').count();
    assert!(!set.intersects(lines + 1, usize::MAX));
    if old == new {
        assert!(set.is_empty());
    }
});
