//! UTF-16 and UTF-32 text: arbitrary bytes never panic the decoder; text
//! encoded as UTF-16 (either order, BOM chosen by the first byte) decodes
//! back to itself, and the detector's findings in it lie inside its lines.
#![no_main]

use keygate::blob::{Blob, Origin};
use keygate::detect::transcode::decode;
use keygate::detect::Detector;
use keygate::location::char_count;
use keygate::rules::RuleSet;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static D: OnceLock<Detector> = OnceLock::new();
    let d = D.get_or_init(|| Detector::new(RuleSet::builtin().unwrap()));
    let _ = decode(data);
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).replace('\u{FEFF}', "");
    let le = first & 1 == 0;
    let bom = first & 2 == 0;
    let mut bytes = Vec::new();
    for u in bom.then_some(0xFEFF_u16).into_iter().chain(text.encode_utf16()) {
        bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    let decoded = decode(&bytes);
    if bom {
        // `FF FE 00 00` is UTF-32's mark: text starting with U+0000 is
        // ambiguous.
        if !(le && text.starts_with('\0')) {
            assert_eq!(decoded.as_deref(), Some(text.as_str()));
        }
    }
    let Some(decoded) = decoded else {
        return;
    };
    let lines: Vec<&[u8]> = decoded.as_bytes().split(|&b| b == b'\n').collect();
    for f in d.scan(&Blob::new(Origin::file("a.txt"), &bytes)) {
        assert!(f.line >= 1 && f.line <= f.end_line && f.end_line <= lines.len());
        assert!(f.column >= 1 && f.column <= char_count(lines[f.line - 1]) + 1);
        assert!(f.end_column >= 1 && f.end_column <= char_count(lines[f.end_line - 1]) + 1);
    }
});
