//! Jupyter notebooks (`.ipynb`): secrets hide in cells, and the raw JSON
//! (escaped quotes, `\n`, one string per line) hides them from line-based
//! rules. The detector scans each cell's decoded source (code, markdown and
//! raw cells) and the text outputs (`stream` text, `text/plain`), skips
//! everything else (images, HTML), and reports both the file position and
//! the cell and line within it.
//!
//! Positions in the file are found without a span-tracking JSON parser:
//! nbformat writes each source line as its own JSON string, in order, so
//! each line's encoded form is searched for forward from the previous one.
//! A line that cannot be found (an unusual writer's escaping) takes the
//! position of the last line that was.

use crate::location::{char_count, LineIndex};
use serde_json::Value;

/// One part of a notebook to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// 1-based cell number.
    pub cell: usize,
    /// `code`, `markdown`, `raw` or `output`.
    pub kind: &'static str,
    /// The decoded text.
    pub text: String,
    /// For each line of `text`: its 1-based line in the file and the
    /// 1-based character column where its content starts.
    pub lines: Vec<(usize, usize)>,
}

/// Whether `path` names a notebook.
pub fn is_notebook(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ipynb"))
}

/// The scannable parts of a notebook, or `None` if `bytes` is not one (the
/// caller then scans the raw bytes).
pub fn parts(bytes: &[u8]) -> Option<Vec<Part>> {
    let doc: Value = serde_json::from_slice(bytes).ok()?;
    let cells = doc.get("cells")?.as_array()?;
    let index = LineIndex::new(bytes);
    let mut cursor = 0usize;
    let mut last = (1usize, 1usize);
    let mut out = Vec::new();
    let mut locate = |line: &str, cursor: &mut usize, last: &mut (usize, usize)| {
        let encoded = serde_json::to_string(line).unwrap_or_default();
        if let Some(i) = memchr::memmem::find(&bytes[*cursor..], encoded.as_bytes()) {
            let at = *cursor + i + 1; // past the opening quote
            *cursor = at;
            let p = index.position(bytes, at);
            *last = (p.line, p.column);
        }
        *last
    };
    for (n, cell) in cells.iter().enumerate() {
        let kind = match cell.get("cell_type").and_then(Value::as_str) {
            Some("code") => "code",
            Some("markdown") => "markdown",
            Some("raw") => "raw",
            _ => continue,
        };
        if let Some(source) = cell.get("source") {
            out.push(part(
                n + 1,
                kind,
                source,
                &mut locate,
                &mut cursor,
                &mut last,
            ));
        }
        for output in cell
            .get("outputs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let texts = [
                output.get("text"),
                output.get("data").and_then(|d| d.get("text/plain")),
            ];
            for t in texts.into_iter().flatten() {
                out.push(part(
                    n + 1,
                    "output",
                    t,
                    &mut locate,
                    &mut cursor,
                    &mut last,
                ));
            }
        }
    }
    out.retain(|p| !p.text.is_empty());
    Some(out)
}

type Locate<'a> = dyn FnMut(&str, &mut usize, &mut (usize, usize)) -> (usize, usize) + 'a;

/// A cell's `source` (or an output's text): a string, or a list of strings
/// that each end with their newline.
fn part(
    cell: usize,
    kind: &'static str,
    value: &Value,
    locate: &mut Locate<'_>,
    cursor: &mut usize,
    last: &mut (usize, usize),
) -> Part {
    let pieces: Vec<&str> = match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut text = String::new();
    let mut lines = Vec::new();
    for piece in pieces {
        // One JSON string may hold several lines (the single-string form).
        let (start_line, start_col) = locate(piece, cursor, last);
        for (i, line) in piece.split_inclusive('\n').enumerate() {
            if i == 0 {
                lines.push((start_line, start_col));
            } else {
                // Inside one JSON string, later lines follow `\n` escapes on
                // the same file line.
                let before: String = piece.split_inclusive('\n').take(i).collect();
                lines.push((start_line, file_column(start_col, &before)));
            }
            text.push_str(line);
        }
    }
    Part {
        cell,
        kind,
        text,
        lines,
    }
}

/// The character column in the file of character column `column` (1-based)
/// of a decoded line whose content starts at `start` and whose decoded
/// prefix before the column is `prefix`.
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
}
