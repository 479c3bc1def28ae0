//! Byte offsets inside, lines and columns only at the edges.
//!
//! Everything in the detector works on byte offsets into a blob. Reporters
//! need `line:column`, which [`LineIndex`] computes on demand: lines are
//! **1-based**, columns are **1-based and counted in characters** of the line
//! (UTF-8 scalar values; on invalid UTF-8 each byte that does not continue a
//! sequence counts as one), which is what editors and compilers print.

use memchr::memchr_iter;
use std::ops::Range;

/// Start offsets of every line of a blob, for offset → line/column lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// `starts[i]` is the byte offset where line `i + 1` begins.
    starts: Vec<usize>,
    len: usize,
}

/// A 1-based line and 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column in characters, starting at 1.
    pub column: usize,
}

impl LineIndex {
    /// Indexes the newlines of `bytes` (`\n`; a `\r` before it belongs to
    /// the line's terminator).
    pub fn new(bytes: &[u8]) -> Self {
        let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex {
            starts,
            len: bytes.len(),
        }
    }

    /// The 1-based line holding byte `offset` (an offset at the end of the
    /// input belongs to the last line).
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset.min(self.len))
    }

    /// Byte range of 1-based `line`, without its `\n` or `\r\n` terminator.
    pub fn line_range(&self, bytes: &[u8], line: usize) -> Range<usize> {
        let start = self.starts[line - 1];
        let mut end = self
            .starts
            .get(line)
            .map(|&next| next - 1)
            .unwrap_or(bytes.len());
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Line and character column of byte `offset` in `bytes`.
    pub fn position(&self, bytes: &[u8], offset: usize) -> Position {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        Position {
            line,
            column: char_count(&bytes[start..offset.min(bytes.len())]) + 1,
        }
    }
}

/// Number of characters in `bytes`: every byte that is not a UTF-8
/// continuation byte starts one.
pub fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let text = b"ab\ncd\r\nef";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 4), Position { line: 2, column: 2 });
        assert_eq!(idx.position(text, 7), Position { line: 3, column: 1 });
        assert_eq!(idx.position(text, 9), Position { line: 3, column: 3 });
        assert_eq!(&text[idx.line_range(text, 2)], b"cd");
        assert_eq!(&text[idx.line_range(text, 3)], b"ef");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é = 'x'\nñandú: y".as_bytes();
        let idx = LineIndex::new(text);
        let y = text.iter().rposition(|&b| b == b'y').unwrap();
        assert_eq!(idx.position(text, y), Position { line: 2, column: 8 });
    }

    #[test]
    fn invalid_utf8_does_not_panic() {
        let text = b"\xff\xfe key\n\x80\x80x";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3).column, 4);
        assert_eq!(idx.position(text, 8).line, 2);
    }

    #[test]
    fn trailing_newline_gives_an_empty_last_line() {
        let text = b"a\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line(2), 2);
        assert_eq!(idx.line_range(text, 2), 2..2);
    }
}
