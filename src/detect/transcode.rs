//! UTF-16 and UTF-32 text ([`crate::blob::wide_text`]) decoded to UTF-8
//! for scanning. Line numbers and character columns of the decoded text
//! are those of the original file (one character per code point; the byte
//! order mark is dropped, so line 1's columns count from after it).

use crate::blob::{wide_text, Wide};

/// `bytes` as UTF-8 if it is UTF-16 or UTF-32 text; malformed units decode
/// to U+FFFD.
pub fn decode(bytes: &[u8]) -> Option<String> {
    let (wide, bom) = wide_text(bytes)?;
    let body = &bytes[bom..];
    Some(match wide {
        Wide::Utf16Le => encoding_rs::UTF_16LE
            .decode_without_bom_handling(body)
            .0
            .into_owned(),
        Wide::Utf16Be => encoding_rs::UTF_16BE
            .decode_without_bom_handling(body)
            .0
            .into_owned(),
        Wide::Utf32Le | Wide::Utf32Be => {
            let mut out = String::with_capacity(body.len() / 4);
            for unit in body.chunks(4) {
                let c = match <[u8; 4]>::try_from(unit) {
                    Ok(u) if wide == Wide::Utf32Le => char::from_u32(u32::from_le_bytes(u)),
                    Ok(u) => char::from_u32(u32::from_be_bytes(u)),
                    Err(_) => None,
                };
                out.push(c.unwrap_or('\u{FFFD}'));
            }
            out
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for u in (bom.then_some(0xFEFF_u16))
            .into_iter()
            .chain(s.encode_utf16())
        {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "a = 1\nkey = caf\u{e9} \u{1f600}\n";
        assert_eq!(decode(&utf16(text, true, true)).unwrap(), text);
        assert_eq!(decode(&utf16(text, false, true)).unwrap(), text);
        assert_eq!(decode(&utf16(text, true, false)).unwrap(), text);
        assert_eq!(decode(&utf16(text, false, false)).unwrap(), text);
        assert!(!crate::blob::is_binary(&utf16(text, true, false)));
    }

    #[test]
    fn utf32_by_bom() {
        let text = "x = \u{e9}\u{1f600}\n";
        let mut le = vec![0xFF, 0xFE, 0, 0];
        let mut be = vec![0, 0, 0xFE, 0xFF];
        for c in text.chars() {
            le.extend_from_slice(&(c as u32).to_le_bytes());
            be.extend_from_slice(&(c as u32).to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap(), text);
        assert_eq!(decode(&be).unwrap(), text);
    }

    #[test]
    fn binary_and_utf8_are_not_wide() {
        assert!(decode(b"plain text\n").is_none());
        assert!(decode(&[0u8; 64]).is_none());
        assert!(crate::blob::is_binary(&[0u8; 64]));
        assert!(decode(&[1, 0, 0, 0, 2, 0, 0, 0, 9, 9]).is_none());
    }
}
