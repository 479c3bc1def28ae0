//! Jupyter notebooks (`.ipynb`): secrets hide in cells, and the raw JSON
//! (escaped quotes, `\n`, `\u` escapes, one string per line) hides them
//! from line-based rules. The detector scans every string the notebook
//! holds except images: each cell's decoded source (code, markdown and raw
//! cells), every output (stream text, error names, values and tracebacks,
//! every mime type but `image/*`), cell and notebook metadata. It reports
//! both the file position and, for strings in a cell, the cell and line
//! within it.
//!
//! Positions come from one pass over the bytes: a small JSON scanner
//! records, for each decoded character of each string, the file line and
//! character column where it was written (an escape such as `\n`, `\"` or
//! `\u00e9`, or a surrogate pair, maps to where it starts).

use crate::location::char_count;

/// One part of a notebook to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// 1-based cell number; 0 for the notebook's own metadata.
    pub cell: usize,
    /// `code`, `markdown`, `raw`, `output` or `metadata`.
    pub kind: &'static str,
    /// The decoded text.
    pub text: String,
    /// For each line of `text`: its 1-based line in the file and the
    /// 1-based character column where its content starts.
    pub lines: Vec<(usize, usize)>,
    /// For each character of `text`, and one past the end: its file line
    /// and character column (32 bits each: eight bytes a character, not
    /// sixteen, for notebooks of millions of characters).
    pub chars: Vec<(u32, u32)>,
}

impl Part {
    /// The file position of 1-based `line` and character `column` of
    /// `text` (clamped to the part's end).
    pub fn file_position(&self, line: usize, column: usize) -> (usize, usize) {
        let mut index = 0usize;
        let mut seen = 1usize;
        if line > 1 {
            for (i, c) in self.text.chars().enumerate() {
                if c == '\n' {
                    seen += 1;
                    if seen == line {
                        index = i + 1;
                        break;
                    }
                }
            }
        }
        let at = (index + column.saturating_sub(1)).min(self.chars.len().saturating_sub(1));
        self.chars
            .get(at)
            .map_or((1, 1), |&(l, c)| (l as usize, c as usize))
    }
}

/// Whether `path` names a notebook.
pub fn is_notebook(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ipynb"))
}

/// A decoded JSON string with each character's file position, and the
/// position of its closing quote.
#[derive(Debug)]
struct Str {
    text: String,
    at: Vec<(u32, u32)>,
    end: (u32, u32),
}

#[derive(Debug)]
enum Json {
    Str(Str),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
    Other,
}

/// Nesting deeper than this is not a notebook (and would overflow the
/// stack).
const MAX_DEPTH: usize = 256;

struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
    line: u32,
    col: u32,
}

impl Scanner<'_> {
    fn bump(&mut self) {
        let b = self.s[self.i];
        if b == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if b & 0xC0 != 0x80 {
            self.col += 1;
        }
        self.i += 1;
    }

    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\r' | b'\n') {
            self.bump();
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.ws();
        (self.s.get(self.i) == Some(&b)).then(|| self.bump())
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match *self.s.get(self.i)? {
            b'"' => self.string().map(Json::Str),
            b'[' => {
                self.bump();
                let mut items = Vec::new();
                if self.eat(b']').is_some() {
                    return Some(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b',').is_none() {
                        self.eat(b']')?;
                        return Some(Json::Arr(items));
                    }
                }
            }
            b'{' => {
                self.bump();
                let mut members = Vec::new();
                if self.eat(b'}').is_some() {
                    return Some(Json::Obj(members));
                }
                loop {
                    self.ws();
                    if self.s.get(self.i) != Some(&b'"') {
                        return None;
                    }
                    let key = self.string()?.text;
                    self.eat(b':')?;
                    members.push((key, self.value(depth + 1)?));
                    if self.eat(b',').is_none() {
                        self.eat(b'}')?;
                        return Some(Json::Obj(members));
                    }
                }
            }
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                while self.i < self.s.len()
                    && matches!(self.s[self.i], b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'E')
                {
                    self.bump();
                }
                Some(Json::Other)
            }
            _ => None,
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i..self.i + 4)?;
        let h = std::str::from_utf8(h).ok()?;
        let v = u32::from_str_radix(h, 16).ok()?;
        for _ in 0..4 {
            self.bump();
        }
        Some(v)
    }

    /// A string literal, at its opening quote.
    fn string(&mut self) -> Option<Str> {
        self.bump();
        let mut text = String::new();
        let mut at = Vec::new();
        loop {
            let pos = (self.line, self.col);
            let b = *self.s.get(self.i)?;
            match b {
                b'"' => {
                    self.bump();
                    return Some(Str { text, at, end: pos });
                }
                b'\\' => {
                    self.bump();
                    let e = *self.s.get(self.i)?;
                    self.bump();
                    let c = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'u' => {
                            let u = self.hex4()?;
                            if (0xD800..0xDC00).contains(&u)
                                && self.s.get(self.i..self.i + 2) == Some(b"\\u")
                            {
                                let save = (self.i, self.line, self.col);
                                self.bump();
                                self.bump();
                                match self.hex4() {
                                    Some(lo) if (0xDC00..0xE000).contains(&lo) => char::from_u32(
                                        0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00),
                                    )
                                    .unwrap_or('\u{FFFD}'),
                                    _ => {
                                        (self.i, self.line, self.col) = save;
                                        '\u{FFFD}'
                                    }
                                }
                            } else {
                                char::from_u32(u).unwrap_or('\u{FFFD}')
                            }
                        }
                        _ => return None,
                    };
                    text.push(c);
                    at.push(pos);
                }
                _ => {
                    let len = match b {
                        0xF0.. => 4,
                        0xE0.. => 3,
                        0xC0.. => 2,
                        _ => 1,
                    };
                    let piece = self.s.get(self.i..self.i + len)?;
                    let c = std::str::from_utf8(piece).ok()?.chars().next()?;
                    text.push(c);
                    at.push(pos);
                    for _ in 0..len {
                        self.bump();
                    }
                }
            }
        }
    }
}

fn parse(bytes: &[u8]) -> Option<Json> {
    let mut p = Scanner {
        s: bytes,
        i: 0,
        line: 1,
        col: 1,
    };
    let v = p.value(0)?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

/// The scannable parts of a notebook, or `None` if `bytes` is not one (the
/// caller then scans the raw bytes).
pub fn parts(bytes: &[u8]) -> Option<Vec<Part>> {
    let Json::Obj(doc) = parse(bytes)? else {
        return None;
    };
    let cells = doc.iter().find_map(|(k, v)| match (k.as_str(), v) {
        ("cells", Json::Arr(a)) => Some(a),
        _ => None,
    })?;
    let mut out = Vec::new();
    for (n, cell) in cells.iter().enumerate() {
        let Json::Obj(members) = cell else {
            continue;
        };
        let kind = members
            .iter()
            .find_map(|(k, v)| match (k.as_str(), v) {
                ("cell_type", Json::Str(s)) => Some(s.text.as_str()),
                _ => None,
            })
            .map_or("raw", |t| match t {
                "code" => "code",
                "markdown" => "markdown",
                _ => "raw",
            });
        let cell = n + 1;
        for (k, v) in members {
            if k == "source" {
                collect(v, cell, kind, &mut out);
            }
        }
        for (k, v) in members {
            if k == "outputs" {
                collect(v, cell, "output", &mut out);
            }
        }
        for (k, v) in members {
            if !matches!(k.as_str(), "source" | "outputs" | "cell_type") {
                collect(v, cell, "metadata", &mut out);
            }
        }
    }
    for (k, v) in &doc {
        if k != "cells" {
            collect(v, 0, "metadata", &mut out);
        }
    }
    out.retain(|p| !p.text.is_empty());
    Some(out)
}

/// Every string under `v` as parts, but images and the schema's fixed
/// words (`output_type`, a stream's `name`). An array of strings that each
/// end with a newline (nbformat's multi-line strings) is one part.
fn collect(v: &Json, cell: usize, kind: &'static str, out: &mut Vec<Part>) {
    match v {
        Json::Str(s) => out.push(part(cell, kind, std::slice::from_ref(s))),
        Json::Arr(items) => {
            let strings: Vec<&Str> = items
                .iter()
                .filter_map(|i| match i {
                    Json::Str(s) => Some(s),
                    _ => None,
                })
                .collect();
            let lines = strings.len() == items.len()
                && strings.iter().rev().skip(1).all(|s| s.text.ends_with('\n'));
            if lines && !strings.is_empty() {
                out.push(part_of(cell, kind, &strings));
            } else {
                for i in items {
                    collect(i, cell, kind, out);
                }
            }
        }
        Json::Obj(members) => {
            let is_output = members.iter().any(|(k, _)| k == "output_type");
            for (k, v) in members {
                if k.starts_with("image/") || k == "output_type" || (is_output && k == "name") {
                    continue;
                }
                collect(v, cell, kind, out);
            }
        }
        Json::Other => {}
    }
}

fn part(cell: usize, kind: &'static str, strings: &[Str]) -> Part {
    let refs: Vec<&Str> = strings.iter().collect();
    part_of(cell, kind, &refs)
}

/// The strings joined, each character placed.
fn part_of(cell: usize, kind: &'static str, strings: &[&Str]) -> Part {
    let mut text = String::new();
    let mut chars = Vec::new();
    for s in strings {
        text.push_str(&s.text);
        chars.extend_from_slice(&s.at);
    }
    let end = strings.last().map_or((1, 1), |s| s.end);
    chars.push(end);
    let mut lines = Vec::new();
    let mut start = true;
    for (i, c) in text.chars().enumerate() {
        if start {
            lines.push((chars[i].0 as usize, chars[i].1 as usize));
        }
        start = c == '\n';
    }
    Part {
        cell,
        kind,
        text,
        lines,
        chars,
    }
}

/// The character column in the file of character column `column` (1-based)
/// of a decoded line whose content starts at `start` and whose decoded
/// prefix before the column is `prefix`, when the writer escaped as
/// `serde_json` does.
pub fn file_column(start: usize, prefix: &str) -> usize {
    let encoded = serde_json::to_string(prefix).unwrap_or_default();
    start + char_count(encoded.as_bytes()) - 2
}

#[cfg(test)]
mod tests {
    use super::*;

    const NB: &str = r##"{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Setup\n",
    "Run this first."
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "connected\n"
     ]
    },
    {
     "data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"]},
     "output_type": "display_data"
    }
   ],
   "source": [
    "import os\n",
    "key = \"value with \\\"quotes\\\"\"\n"
   ]
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}"##;

    #[test]
    fn cells_decode_with_their_file_positions() {
        let parts = parts(NB.as_bytes()).unwrap();
        let kinds: Vec<(usize, &str)> = parts.iter().map(|p| (p.cell, p.kind)).collect();
        assert_eq!(
            kinds,
            [(1, "markdown"), (2, "code"), (2, "output"), (2, "output")]
        );
        assert_eq!(parts[0].text, "# Setup\nRun this first.");
        assert_eq!(parts[0].lines, [(7, 6), (8, 6)]);
        let code = &parts[1];
        assert_eq!(
            code.text,
            "import os\nkey = \"value with \\\"quotes\\\"\"\n"
        );
        assert_eq!(code.lines, [(29, 6), (30, 6)]);
        assert_eq!(parts[2].text, "connected\n");
        assert_eq!(parts[3].text, "<Figure>");
    }

    #[test]
    fn not_a_notebook_is_none() {
        assert!(parts(b"not json").is_none());
        assert!(parts(b"{\"cells\": 3}").is_none());
        assert!(parts(b"[]").is_none());
    }

    #[test]
    fn file_columns_count_escapes() {
        assert_eq!(file_column(6, "key = \""), 6 + 8);
        assert_eq!(file_column(6, "plain "), 12);
    }

    #[test]
    fn escapes_and_surrogate_pairs_map_to_their_file_columns() {
        // `\u00e9` is 6 characters in the file, one decoded; a surrogate
        // pair is 12 and one; `\"` is 2 and one.
        let nb = "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"\\u00e9\\ud83d\\ude00\\\"x\\n\", \"y\"]}],\n \"metadata\": {\"k\": \"z\"}}";
        let parts = parts(nb.as_bytes()).unwrap();
        assert_eq!(parts[0].text, "\u{e9}\u{1f600}\"x\ny");
        // The source string starts after `"source": ["` at column 46.
        let s = 46;
        assert_eq!(parts[0].file_position(1, 1), (1, s));
        assert_eq!(parts[0].file_position(1, 2), (1, s + 6));
        assert_eq!(parts[0].file_position(1, 3), (1, s + 18));
        assert_eq!(parts[0].file_position(1, 4), (1, s + 20));
        assert_eq!(parts[0].file_position(2, 1), (1, s + 27));
        assert_eq!(parts[1].cell, 0);
        assert_eq!(parts[1].file_position(1, 1), (2, 21));
    }

    #[test]
    fn deep_nesting_is_not_a_notebook() {
        let deep = format!(
            "{{\"cells\": {}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(parts(deep.as_bytes()).is_none());
    }
}
