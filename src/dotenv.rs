//! A dotenv parser that keeps byte offsets, so a secret found in a value is
//! reported at its real line and column.
//!
//! It accepts what the common loaders accept: `KEY=value`, `export KEY=…`,
//! `KEY: value`, single quotes (literal), double quotes (with `\n`, `\t`,
//! `\r`, `\"`, `\\` escapes), backticks, quoted values spanning lines,
//! `# comments` (whole-line, and after an unquoted value when preceded by
//! whitespace), `KEY=` (empty). A line it cannot read is skipped, never an
//! error: scanning must go on whatever the file holds.

use std::ops::Range;

/// One `KEY=value` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key as written.
    pub key: String,
    /// Byte range of the key.
    pub key_span: Range<usize>,
    /// The value after unquoting and unescaping.
    pub value: Vec<u8>,
    /// Byte range of the value as written (inside any quotes).
    pub value_span: Range<usize>,
    /// The quote character, if the value was quoted.
    pub quote: Option<u8>,
}

/// Parses `src` into entries, in order.
pub fn parse(src: &[u8]) -> Vec<Entry> {
    entries(src).collect()
}

/// The entries of `src`, in order, parsed as they are taken: a file of
/// 100,000 entries is never held as a list.
pub fn entries(src: &[u8]) -> Entries<'_> {
    Entries { src, i: 0 }
}

/// An iterator over a dotenv file's entries (see [`entries`]).
#[derive(Debug, Clone)]
pub struct Entries<'a> {
    src: &'a [u8],
    /// Where the next line to parse starts.
    i: usize,
}

impl Iterator for Entries<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let (src, n) = (self.src, self.src.len());
        let mut i = self.i;
        let entry = next_entry(src, n, &mut i);
        self.i = i;
        entry
    }
}

/// The first entry of `src` at or after the line starting at `*i`;
/// `*i` moves to the line after it.
fn next_entry(src: &[u8], n: usize, i: &mut usize) -> Option<Entry> {
    while *i < n {
        let i_now = *i;
        let line_end = memchr::memchr(b'\n', &src[i_now..]).map_or(n, |j| i_now + j);
        let mut p = skip_ws(src, i_now, line_end);
        if p >= line_end || src[p] == b'#' {
            *i = line_end + 1;
            continue;
        }
        if src[p..line_end].starts_with(b"export") {
            let after = p + 6;
            if after < line_end && (src[after] == b' ' || src[after] == b'\t') {
                p = skip_ws(src, after, line_end);
            }
        }
        let key_start = p;
        while p < line_end && is_key_byte(src[p]) {
            p += 1;
        }
        let key_end = p;
        p = skip_ws(src, p, line_end);
        let valid_key = key_end > key_start && !src[key_start].is_ascii_digit();
        if !valid_key || p >= line_end || (src[p] != b'=' && src[p] != b':') {
            *i = line_end + 1;
            continue;
        }
        p = skip_ws(src, p + 1, line_end);
        let key = String::from_utf8_lossy(&src[key_start..key_end]).into_owned();
        let (value, value_span, quote, next) = read_value(src, p, line_end);
        *i = next;
        return Some(Entry {
            key,
            key_span: key_start..key_end,
            value,
            value_span,
            quote,
        });
    }
    None
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'
}

fn skip_ws(src: &[u8], mut p: usize, end: usize) -> usize {
    while p < end && (src[p] == b' ' || src[p] == b'\t') {
        p += 1;
    }
    p
}

/// Reads the value starting at `p`; returns (value, raw span, quote, offset
/// of the next line to parse).
fn read_value(src: &[u8], p: usize, line_end: usize) -> (Vec<u8>, Range<usize>, Option<u8>, usize) {
    let n = src.len();
    if p < line_end && matches!(src[p], b'\'' | b'"' | b'`') {
        let q = src[p];
        let start = p + 1;
        let mut j = start;
        let mut value = Vec::new();
        while j < n && src[j] != q {
            if q == b'"' && src[j] == b'\\' && j + 1 < n {
                value.push(match src[j + 1] {
                    b'n' => b'\n',
                    b't' => b'\t',
                    b'r' => b'\r',
                    other => other,
                });
                j += 2;
                continue;
            }
            value.push(src[j]);
            j += 1;
        }
        if j < n {
            // Closed: the rest of the closing line is a comment or noise.
            let next = memchr::memchr(b'\n', &src[j..]).map_or(n, |k| j + k + 1);
            return (value, start..j, Some(q), next);
        }
        // Unterminated: take the rest of the line, unquoted.
        let raw = trim_end(src, start, line_end);
        return (src[start..raw].to_vec(), start..raw, None, line_end + 1);
    }
    // Unquoted: up to ` #` or the end of the line, trailing blanks trimmed.
    let mut end = line_end;
    let mut j = p;
    while j < line_end {
        if src[j] == b'#' && j > p && (src[j - 1] == b' ' || src[j - 1] == b'\t') {
            end = j;
            break;
        }
        j += 1;
    }
    let end = trim_end(src, p, end);
    (src[p..end].to_vec(), p..end, None, line_end + 1)
}

fn trim_end(src: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(src[end - 1], b' ' | b'\t' | b'\r') {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(src: &str) -> Vec<(String, String)> {
        parse(src.as_bytes())
            .into_iter()
            .map(|e| (e.key, String::from_utf8(e.value).unwrap()))
            .collect()
    }

    #[test]
    fn plain_export_quotes_and_comments() {
        let src = "# comment\nA=1\nexport B=two words # note\nC='lit \\n'\nD=\"esc\\n\\\"q\\\"\"\nE=\n  F : colon\nexporter=x\n";
        assert_eq!(
            kv(src),
            [
                ("A", "1"),
                ("B", "two words"),
                ("C", "lit \\n"),
                ("D", "esc\n\"q\""),
                ("E", ""),
                ("F", "colon"),
                ("exporter", "x"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn multi_line_quoted_values() {
        let src = "KEY=\"line1\nline2\"\nNEXT=ok\n";
        assert_eq!(
            kv(src),
            [("KEY", "line1\nline2"), ("NEXT", "ok")].map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn spans_point_into_the_source() {
        let src = "X=1\nexport TOKEN = \"abc\" # c\r\nHASH=a#b\n";
        let e = parse(src.as_bytes());
        assert_eq!(&src[e[1].key_span.clone()], "TOKEN");
        assert_eq!(&src[e[1].value_span.clone()], "abc");
        assert_eq!(e[1].quote, Some(b'"'));
        assert_eq!(&src[e[2].value_span.clone()], "a#b");
    }

    #[test]
    fn crlf_and_hash_in_unquoted_value() {
        assert_eq!(
            kv("A=b#c\r\nB=d #e\r\n"),
            [("A", "b#c"), ("B", "d")].map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn junk_never_panics_and_is_skipped() {
        for src in [
            "=",
            "\"",
            "A='",
            "export",
            "1A=x",
            "A=\"\\",
            "\u{feff}A=1",
            "A:\n",
            "\n\n=\n",
        ] {
            let _ = parse(src.as_bytes());
        }
        assert_eq!(
            kv("A='unterminated\nB=2"),
            [("A", "unterminated"), ("B", "2")].map(|(k, v)| (k.to_string(), v.to_string()))
        );
        assert!(parse(b"\xff\xfe=\x00").is_empty());
    }
}
