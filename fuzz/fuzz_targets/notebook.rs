//! The notebook scanner over arbitrary bytes: never panics, every decoded
//! character is placed inside the input, and whatever serde_json reads as
//! a notebook the scanner reads too.
#![no_main]

use keygate::location::char_count;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parts = keygate::notebook::parts(data);
    let is_notebook = serde_json::from_slice::<serde_json::Value>(data)
        .ok()
        .is_some_and(|v| v.get("cells").is_some_and(|c| c.is_array()));
    if is_notebook {
        assert!(parts.is_some());
    }
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    for p in parts.into_iter().flatten() {
        assert_eq!(p.positions.len(), p.text.chars().count() + 1);
        assert_eq!(p.lines.len(), p.text.split_inclusive('\n').count());
        for i in 0..p.positions.len() {
            let (line, column) = p.positions.get(i);
            assert!(line >= 1 && line <= lines.len());
            assert!(column >= 1 && column <= char_count(lines[line - 1]) + 1);
        }
    }
});
