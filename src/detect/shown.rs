//! The line a finding shows: the source line, bounded to a window around
//! the secret when it is long, with the character ranges of the secret and
//! of every other secret on it (all masked in the redacted report).
//!
//! Only a bounded byte window of a long line is decoded: a 60 MiB minified
//! line costs a few hundred bytes per finding, not a copy of the line.

use crate::location::{char_count, LineIndex};
use std::ops::Range;

/// Lines longer than this (in characters) are shown as a window around the
/// secret.
const MAX_SHOWN_LINE: usize = 240;
/// Characters shown on either side of the secret in a window.
const CONTEXT: usize = 60;

/// What a finding shows of its line.
pub(super) struct Shown {
    /// The line, or a window of it with `…` at the cut ends.
    pub(super) text: String,
    /// The secret's character range in `text`, when it starts on the line.
    pub(super) secret: Option<Range<usize>>,
    /// Character ranges in `text` of every secret span on it (the finding's
    /// own included), sorted and merged; empty when the secret's own range
    /// is all there is (the common case: no allocation per finding).
    pub(super) mask: Vec<Range<usize>>,
}

/// Every candidate's span in a blob, sorted by start, with the longest
/// length, so the spans touching a window are found by binary search.
pub(super) struct AllSpans {
    spans: Vec<Range<usize>>,
    longest: usize,
}

impl AllSpans {
    pub(super) fn new(mut spans: Vec<Range<usize>>) -> Self {
        spans.sort_unstable_by_key(|s| (s.start, s.end));
        spans.dedup();
        let longest = spans.iter().map(|s| s.len()).max().unwrap_or(0);
        AllSpans { spans, longest }
    }

    /// The spans overlapping `from..to`, clipped to it.
    fn within(&self, from: usize, to: usize) -> impl Iterator<Item = Range<usize>> + '_ {
        let hi = self.spans.partition_point(|s| s.start < to);
        let lo = self
            .spans
            .partition_point(|s| s.start < from.saturating_sub(self.longest));
        self.spans[lo..hi]
            .iter()
            .filter(move |s| s.end > from && s.start < to)
            .map(move |s| s.start.max(from)..s.end.min(to))
    }
}

/// The text of `line` (bounded to a window around `secret` when long), the
/// character range of the secret in it, and the character ranges of every
/// span in `spans` it shows.
pub(super) fn shown_line(
    bytes: &[u8],
    index: &LineIndex,
    line: usize,
    secret: &Range<usize>,
    spans: &AllSpans,
) -> Shown {
    let range = index.line_range(bytes, line);
    let in_line = range.start <= secret.start && secret.start <= range.end;
    // A line of more than 4 bytes a character allowed is long for sure;
    // a shorter one is counted.
    let long =
        range.len() > 4 * MAX_SHOWN_LINE || char_count(&bytes[range.clone()]) > MAX_SHOWN_LINE;
    let (from, to) = if long {
        let (a, b) = if in_line {
            (secret.start, secret.end.clamp(secret.start, range.end))
        } else {
            (range.start, range.start)
        };
        let from = back_chars(bytes, a, range.start, CONTEXT);
        let mut to = forward_chars(bytes, b, range.end, CONTEXT);
        if to <= from {
            to = forward_chars(bytes, from, range.end, 1);
        }
        (from, to)
    } else {
        (range.start, range.end)
    };
    let mut text = String::new();
    if from > range.start {
        text.push('…');
    }
    let shift = text.chars().count();
    text.push_str(&String::from_utf8_lossy(&bytes[from..to]));
    if to < range.end {
        text.push('…');
    }
    let column = |at: usize| shift + char_count(&bytes[from..at.clamp(from, to)]);
    let secret_chars = in_line.then(|| {
        if secret.start >= to {
            // Starts at the line's end (a PEM body below its header).
            let n = text.chars().count();
            n..n
        } else {
            column(secret.start)..column(secret.end.min(range.end))
        }
    });
    let mut mask: Vec<Range<usize>> = spans
        .within(from, to)
        .map(|s| column(s.start)..column(s.end))
        .filter(|r| !r.is_empty())
        .collect();
    mask.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(mask.len());
    for r in mask {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    if merged.len() == 1 && secret_chars.as_ref() == merged.first() {
        merged = Vec::new();
    }
    Shown {
        text,
        secret: secret_chars,
        mask: merged,
    }
}

/// The byte offset `n` characters before `at`, not before `lo`.
fn back_chars(bytes: &[u8], mut at: usize, lo: usize, n: usize) -> usize {
    for _ in 0..n {
        if at <= lo {
            return lo;
        }
        at -= 1;
        while at > lo && (bytes[at] & 0xC0) == 0x80 {
            at -= 1;
        }
    }
    at
}

/// The byte offset `n` characters after `at`, not after `hi`.
fn forward_chars(bytes: &[u8], mut at: usize, hi: usize, n: usize) -> usize {
    for _ in 0..n {
        if at >= hi {
            return hi;
        }
        at += 1;
        while at < hi && (bytes[at] & 0xC0) == 0x80 {
            at += 1;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str, secret: Range<usize>, others: &[Range<usize>]) -> Shown {
        let bytes = text.as_bytes();
        let index = LineIndex::new(bytes);
        let line = index.line(secret.start);
        let mut all = others.to_vec();
        all.push(secret.clone());
        shown_line(bytes, &index, line, &secret, &AllSpans::new(all))
    }

    #[test]
    fn short_lines_are_shown_whole_with_every_span() {
        let text = "a = \"SECRET1\", b = \"SECRET2\"\n";
        let others = [Range { start: 20, end: 27 }];
        let s = show(text, 5..12, &others);
        assert_eq!(s.text, "a = \"SECRET1\", b = \"SECRET2\"");
        assert_eq!(s.secret, Some(5..12));
        assert_eq!(s.mask, vec![5..12, 20..27]);
    }

    #[test]
    fn long_lines_are_windowed_by_characters() {
        let filler = "é".repeat(500);
        let text = format!("{filler}KEY{filler}\n");
        let at = filler.len();
        let s = show(&text, at..at + 3, &[]);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert_eq!(s.text.chars().count(), 1 + 60 + 3 + 60 + 1);
        assert_eq!(s.secret, Some(61..64));
        assert_eq!(&s.text[s.text.find("KEY").unwrap()..][..3], "KEY");
        // The secret's own range alone is left implicit.
        assert!(s.mask.is_empty());
    }

    #[test]
    fn spans_are_clipped_to_the_window_and_merged() {
        let filler = "x".repeat(400);
        let text = format!("{filler}AAAA BBBB{filler}\n");
        let at = filler.len();
        // A long span starting far before the window, one overlapping the secret.
        let others = [0..at + 2, at + 5..at + 9];
        let s = show(&text, at..at + 4, &others);
        assert_eq!(s.secret, Some(61..65));
        assert_eq!(s.mask, vec![1..65, 66..70]);
    }
}
