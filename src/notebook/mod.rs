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
//! records where each decoded character of each string was written, file
//! line and character column (an escape such as `\n`, `\"` or `\u00e9`,
//! or a surrogate pair, maps to where it starts). They are kept as runs:
//! characters written one after another on one line share one entry, so a
//! notebook's positions take a few bytes a line, not eight a character.
//! The parsed document is consumed as its parts are built, so its strings
//! are never held twice.

use crate::location::char_count;
use json::{Json, Scanner, Str};

mod json;

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
    /// Where each character of `text`, and one past its end, was written.
    pub positions: Positions,
}

/// File positions of a run of decoded characters, by character index.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Positions {
    /// `(index, line, column)`: character `index` sits at `line`,
    /// `column`, and each character after it one column further, up to
    /// the next run's index.
    runs: Vec<(u32, u32, u32)>,
    /// How many positions there are (characters, plus one past the end).
    len: u32,
}

impl Positions {
    /// Records that character `index` (the next one) sits at `at`.
    fn push(&mut self, at: (u32, u32)) {
        let index = self.len;
        let continues = self
            .runs
            .last()
            .is_some_and(|&(i, l, c)| l == at.0 && c + (index - i) == at.1);
        if !continues {
            self.runs.push((index, at.0, at.1));
        }
        self.len += 1;
    }

    /// Appends `other`'s positions after these.
    fn append(&mut self, other: &Positions) {
        let base = self.len;
        for &(i, l, c) in &other.runs {
            let index = base + i;
            let continues = self
                .runs
                .last()
                .is_some_and(|&(j, m, d)| m == l && d + (index - j) == c);
            if !continues {
                self.runs.push((index, l, c));
            }
        }
        self.len += other.len;
    }

    /// How many positions there are.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The file line and character column of position `index` (the last
    /// one when past the end; `(1, 1)` when there is none).
    pub fn get(&self, index: usize) -> (usize, usize) {
        let Some(last) = self.len.checked_sub(1) else {
            return (1, 1);
        };
        let index = (index.min(last as usize)) as u32;
        let run = self.runs.partition_point(|&(i, _, _)| i <= index) - 1;
        let (i, l, c) = self.runs[run];
        (l as usize, (c + (index - i)) as usize)
    }
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
        self.positions.get(index + column.saturating_sub(1))
    }
}

/// Whether `path` names a notebook.
pub fn is_notebook(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ipynb"))
}

/// The scannable parts of a notebook, or `None` if `bytes` is not one (the
/// caller then scans the raw bytes).
pub fn parts(bytes: &[u8]) -> Option<Vec<Part>> {
    let mut out = Vec::new();
    each_part(bytes, &mut |p| out.push(p))?;
    Some(out)
}

/// Gives each scannable part of a notebook to `f` in order (cell by cell:
/// source, outputs, metadata; then the notebook's metadata), or returns
/// `None` if `bytes` is not a notebook. Cells are parsed and given one at
/// a time, so memory holds one cell's tree, not the whole document's; a
/// file found not to be a notebook only at its end may have given parts
/// first, which the caller then drops.
pub fn each_part(bytes: &[u8], f: &mut dyn FnMut(Part)) -> Option<()> {
    let mut p = Scanner {
        s: bytes,
        i: 0,
        line: 1,
        col: 1,
    };
    let out = &mut |p: Part| {
        if !p.text.is_empty() {
            f(p)
        }
    };
    let mut rest = Vec::new();
    let mut cells = false;
    p.object(|p, key| {
        p.ws();
        if key == "cells" && !cells && p.s.get(p.i) == Some(&b'[') {
            cells = true;
            let mut n = 0;
            p.array(|p| {
                n += 1;
                cell(p.value(2)?, n, out);
                Some(())
            })
        } else {
            rest.push(p.value(1)?);
            Some(())
        }
    })?;
    p.ws();
    if p.i != p.s.len() || !cells {
        return None;
    }
    for v in rest {
        collect(v, 0, "metadata", out);
    }
    Some(())
}

/// The parts of cell number `n`: its source, then its outputs, then the
/// rest of it.
fn cell(cell: Json, n: usize, out: &mut dyn FnMut(Part)) {
    let Json::Obj(members) = cell else {
        return;
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
    let (mut source, mut outputs, mut rest) = (Vec::new(), Vec::new(), Vec::new());
    for (k, v) in members {
        match k.as_str() {
            "source" => source.push(v),
            "outputs" => outputs.push(v),
            "cell_type" => {}
            _ => rest.push(v),
        }
    }
    for v in source {
        collect(v, n, kind, out);
    }
    for v in outputs {
        collect(v, n, "output", out);
    }
    for v in rest {
        collect(v, n, "metadata", out);
    }
}

/// Every string under `v` as parts, but images and the schema's fixed
/// words (`output_type`, a stream's `name`). An array of strings that each
/// end with a newline (nbformat's multi-line strings) is one part. The
/// value is consumed: each string moves into its part.
fn collect(v: Json, cell: usize, kind: &'static str, out: &mut dyn FnMut(Part)) {
    match v {
        Json::Str(s) => out(part_of(cell, kind, vec![s])),
        Json::Arr(items) => {
            let all_strings = items.iter().all(|i| matches!(i, Json::Str(_)));
            let lines = all_strings
                && items.iter().rev().skip(1).all(|i| match i {
                    Json::Str(s) => s.text.ends_with('\n'),
                    _ => false,
                });
            if lines && !items.is_empty() {
                let strings = items
                    .into_iter()
                    .filter_map(|i| match i {
                        Json::Str(s) => Some(s),
                        _ => None,
                    })
                    .collect();
                out(part_of(cell, kind, strings));
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

/// The strings joined, each character placed.
fn part_of(cell: usize, kind: &'static str, strings: Vec<Str>) -> Part {
    let end = strings.last().map_or((1, 1), |s| s.end);
    let mut strings = strings.into_iter();
    let (mut text, mut positions) = match strings.next() {
        Some(first) => (first.text, first.at),
        None => Default::default(),
    };
    for s in strings {
        text.push_str(&s.text);
        positions.append(&s.at);
    }
    positions.push(end);
    let mut lines = Vec::new();
    let mut start = true;
    for (i, c) in text.chars().enumerate() {
        if start {
            lines.push(positions.get(i));
        }
        start = c == '\n';
    }
    Part {
        cell,
        kind,
        text,
        lines,
        positions,
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
    fn positions_are_runs_of_characters_written_in_a_row() {
        let mut p = Positions::default();
        for col in 5..9 {
            p.push((3, col));
        }
        // `\n` written as two characters, then a new line of the file.
        p.push((3, 10));
        p.push((4, 1));
        p.push((4, 2));
        assert_eq!(p.runs, [(0, 3, 5), (4, 3, 10), (5, 4, 1)]);
        let mut q = Positions::default();
        q.push((4, 3));
        q.push((9, 9));
        p.append(&q);
        // `(4, 3)` continues the run at `(4, 1)`.
        assert_eq!(p.runs.len(), 4);
        let all: Vec<_> = (0..p.len()).map(|i| p.get(i)).collect();
        assert_eq!(
            all,
            [
                (3, 5),
                (3, 6),
                (3, 7),
                (3, 8),
                (3, 10),
                (4, 1),
                (4, 2),
                (4, 3),
                (9, 9)
            ]
        );
        assert_eq!(p.get(100), (9, 9));
        assert_eq!(Positions::default().get(0), (1, 1));
    }

    #[test]
    fn a_long_cell_keeps_a_few_positions_a_line() {
        let line = format!("x = \\\"{}\\\"\\n", "a".repeat(500));
        let source: Vec<String> = (0..100).map(|_| format!("\"{line}\"")).collect();
        let nb = format!(
            "{{\"cells\": [{{\"cell_type\": \"code\", \"source\": [\n{}\n]}}]}}",
            source.join(",\n")
        );
        let parts = parts(nb.as_bytes()).unwrap();
        assert_eq!(parts[0].positions.len(), parts[0].text.chars().count() + 1);
        // Each line: its start, after each of two escaped quotes, the `\n`.
        assert!(parts[0].positions.runs.len() <= 4 * 100 + 1);
        // `x = "a…a"`: the quotes are `\"` in the file.
        assert_eq!(parts[0].file_position(100, 5), (101, 6));
        assert_eq!(parts[0].file_position(100, 6), (101, 8));
        assert_eq!(parts[0].file_position(100, 506), (101, 508));
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
