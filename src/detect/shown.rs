//! The line a finding shows: the source line, bounded to a window around
//! the secret when it is long, with the secret's character range in it.

use crate::location::{char_count, LineIndex};
use std::ops::Range;

/// Lines longer than this are shown as a window around the secret.
const MAX_SHOWN_LINE: usize = 240;

/// The text of `line` (bounded to a window around the secret when long) and
/// the character range of the secret in it, if the secret starts there.
pub(super) fn shown_line(
    bytes: &[u8],
    index: &LineIndex,
    line: usize,
    secret: &Range<usize>,
) -> (String, Option<Range<usize>>) {
    let range = index.line_range(bytes, line);
    let text = String::from_utf8_lossy(&bytes[range.clone()]);
    let chars: Vec<char> = text.chars().collect();
    let in_line = (range.start <= secret.start && secret.start <= range.end).then(|| {
        let a = char_count(&bytes[range.start..secret.start]);
        let b = char_count(&bytes[range.start..secret.end.min(range.end)]);
        a..b
    });
    if chars.len() <= MAX_SHOWN_LINE {
        return (chars.iter().collect(), in_line);
    }
    let (a, b) = in_line.clone().map_or((0, 0), |r| (r.start, r.end));
    let from = a.saturating_sub(60);
    let to = (b + 60).min(chars.len()).max(from + 1).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let shift = out.chars().count();
    out.extend(&chars[from..to]);
    if to < chars.len() {
        out.push('…');
    }
    (
        out,
        in_line.map(|r| r.start - from + shift..r.end - from + shift),
    )
}
