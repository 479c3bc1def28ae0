//! The whole detector over arbitrary bytes, under a file name chosen by the
//! first byte (so the dotenv, notebook and path rules run too). Findings
//! must lie inside the input.
#![no_main]

use keygate::detect::Detector;
use keygate::location::char_count;
use keygate::rules::RuleSet;
use keygate::blob::{Blob, Origin};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const NAMES: [&str; 6] = ["app.py", ".env", "id_rsa", "config.json", "x.ipynb", "a.min.js"];

fuzz_target!(|data: &[u8]| {
    static D: OnceLock<Detector> = OnceLock::new();
    let d = D.get_or_init(|| Detector::new(RuleSet::builtin().unwrap()));
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[first as usize % NAMES.len()];
    // UTF-16 and UTF-32 text is placed in its decoded lines.
    let decoded = keygate::detect::transcode::decode(bytes);
    let text = decoded.as_deref().map_or(bytes, str::as_bytes);
    let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    for f in d.scan(&Blob::new(Origin::file(name), bytes)) {
        assert!(f.line >= 1 && f.line <= f.end_line && f.end_line <= lines.len());
        assert!(f.column >= 1 && f.column <= char_count(lines[f.line - 1]) + 1);
        assert!(f.end_column >= 1 && f.end_column <= char_count(lines[f.end_line - 1]) + 1);
    }
});
