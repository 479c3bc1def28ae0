//! The model at the bottom of the house: bytes to scan and where they came
//! from ([`Blob`], [`Origin`], [`CommitInfo`]), the lines a change adds
//! ([`LineSet`]), what a scan read and passed over ([`Stats`],
//! [`InputError`]), and the two cheap probes every source and the detector
//! share ([`is_binary`], [`has_long_line`]). It depends on nothing else in
//! the crate; sources, the detector and the reporters all import it.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a blob's bytes came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A file on disk; `path` is relative to the scan root where possible.
    File {
        /// The path as reported.
        path: PathBuf,
    },
    /// The staged (index) version of a file, relative to the repository root.
    Staged {
        /// The path inside the repository.
        path: PathBuf,
    },
    /// A file as a commit added or changed it.
    Commit {
        /// The path inside the repository.
        path: PathBuf,
        /// The commit.
        commit: Arc<CommitInfo>,
    },
}

/// What reports say about a commit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct CommitInfo {
    /// Full hex id.
    pub sha: String,
    /// Author name.
    pub author: String,
    /// Author e-mail.
    pub email: String,
    /// Author time, seconds since the Unix epoch.
    pub time: i64,
    /// First line of the message.
    pub summary: String,
}

impl Origin {
    /// A file on disk.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Origin::File { path: path.into() }
    }

    /// A staged blob, by its path in the repository.
    pub fn staged(path: impl Into<PathBuf>) -> Self {
        Origin::Staged { path: path.into() }
    }

    /// A file as `commit` introduced it.
    pub fn commit(path: impl Into<PathBuf>, commit: Arc<CommitInfo>) -> Self {
        Origin::Commit {
            path: path.into(),
            commit,
        }
    }

    /// The path this origin reports.
    pub fn path(&self) -> &Path {
        match self {
            Origin::File { path } | Origin::Staged { path } | Origin::Commit { path, .. } => path,
        }
    }

    /// A short name for the kind of source: `file`, `staged` or `commit`.
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::File { .. } => "file",
            Origin::Staged { .. } => "staged",
            Origin::Commit { .. } => "commit",
        }
    }

    /// The commit, for findings from history or a commit range.
    pub fn commit_info(&self) -> Option<&CommitInfo> {
        match self {
            Origin::Commit { commit, .. } => Some(commit),
            _ => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(self.path()))
    }
}

/// A path as users read it: forward slashes, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if cfg!(windows) {
        s.replace('\\', "/")
    } else {
        s.to_string()
    }
}

/// A set of 1-based line numbers, stored as sorted, non-overlapping ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineSet {
    ranges: Vec<Range<usize>>,
}

impl LineSet {
    /// Builds a set from ranges of 1-based lines (`start..end`, end exclusive),
    /// in any order; empty ranges are dropped.
    pub fn from_ranges(ranges: impl IntoIterator<Item = Range<usize>>) -> Self {
        let mut v: Vec<Range<usize>> = ranges.into_iter().filter(|r| r.start < r.end).collect();
        v.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(v.len());
        for r in v {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        LineSet { ranges: merged }
    }

    /// Every line (for blobs that are new as a whole).
    pub fn all() -> Self {
        LineSet {
            ranges: std::iter::once(1..usize::MAX).collect(),
        }
    }

    /// The set as sorted, disjoint ranges of 1-based lines (end exclusive).
    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    /// Whether no line is in the set.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Whether any line in `first..=last` is in the set.
    pub fn intersects(&self, first: usize, last: usize) -> bool {
        let i = self.ranges.partition_point(|r| r.end <= first);
        self.ranges.get(i).is_some_and(|r| r.start <= last)
    }
}

/// Bytes to scan and where they came from.
#[derive(Debug)]
pub struct Blob<'a> {
    /// Where the bytes came from.
    pub origin: Origin,
    /// The content, scanned as bytes (never assumed to be UTF-8).
    pub bytes: &'a [u8],
    /// For diffs: the lines that were added. A finding is kept only if it
    /// touches one of them. `None` keeps every finding.
    pub changed_lines: Option<LineSet>,
}

impl<'a> Blob<'a> {
    /// A whole blob: every finding counts.
    pub fn new(origin: Origin, bytes: &'a [u8]) -> Self {
        Blob {
            origin,
            bytes,
            changed_lines: None,
        }
    }

    /// A blob of which only `changed` lines are new.
    pub fn with_changed_lines(origin: Origin, bytes: &'a [u8], changed: LineSet) -> Self {
        Blob {
            origin,
            bytes,
            changed_lines: Some(changed),
        }
    }
}

/// What a source read and what it passed over.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Files or blobs scanned.
    pub files_scanned: u64,
    /// Bytes scanned.
    pub bytes_scanned: u64,
    /// Skipped because they look binary (a NUL byte in the first 8 KiB).
    pub skipped_binary: u64,
    /// Skipped because they are larger than the size limit.
    pub skipped_large: u64,
    /// Files that could not be read (each also produces an error message).
    pub errors: u64,
    /// FIFOs, sockets and devices: never opened.
    pub skipped_special: u64,
    /// Files that disappeared between the walk and the read.
    pub vanished: u64,
    /// Submodules and nested repositories: not entered.
    pub submodules: u64,
    /// Files with a line over [`LONG_LINE`] bytes (minified
    /// code): scanned, in windows around keyword hits.
    pub long_lines: u64,
}

impl Stats {
    /// Adds another thread's counts into this one.
    pub fn merge(&mut self, other: &Stats) {
        self.files_scanned += other.files_scanned;
        self.bytes_scanned += other.bytes_scanned;
        self.skipped_binary += other.skipped_binary;
        self.skipped_large += other.skipped_large;
        self.errors += other.errors;
        self.skipped_special += other.skipped_special;
        self.vanished += other.vanished;
        self.submodules += other.submodules;
        self.long_lines += other.long_lines;
    }
}

/// A problem with one input that did not stop the scan.
#[derive(Debug, Clone)]
pub struct InputError {
    /// The path concerned, if any.
    pub path: Option<PathBuf>,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", p.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// How many leading bytes are inspected for a NUL to call a blob binary.
pub const BINARY_PROBE: usize = 8 * 1024;

/// Whether `bytes` looks binary: a NUL byte among its first 8 KiB (git's
/// own test).
/// UTF-16 and UTF-32 text is not binary: the detector transcodes it (see
/// [`wide_text`]).
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some()
        && wide_text(bytes).is_none()
}

/// A text encoding wider than a byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wide {
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// UTF-32, little-endian.
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
}

/// Whether `bytes` is UTF-16 or UTF-32 text, and how long its byte order
/// mark is: by the mark, or for UTF-16 without one by the NUL pattern of
/// mostly ASCII text (in the first [`BINARY_PROBE`] bytes, at least 3 in 4
/// odd bytes NUL and at most 1 in 16 even ones, or the reverse).
pub fn wide_text(bytes: &[u8]) -> Option<(Wide, usize)> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Some((Wide::Utf32Le, 4));
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some((Wide::Utf32Be, 4));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some((Wide::Utf16Le, 2));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some((Wide::Utf16Be, 2));
    }
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    // Most text has no NUL at all: one vectorised search decides.
    memchr::memchr(0, probe)?;
    let pairs = probe.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in probe.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let most = |n: usize| n * 4 >= pairs * 3;
    let few = |n: usize| n * 16 <= pairs;
    if most(odd) && few(even) {
        Some((Wide::Utf16Le, 0))
    } else if most(even) && few(odd) {
        Some((Wide::Utf16Be, 0))
    } else {
        None
    }
}

/// Lines longer than this many bytes are scanned in windows around keyword
/// hits rather than whole.
pub const LONG_LINE: usize = 4096;

/// Whether `bytes` has a line longer than [`LONG_LINE`].
pub fn has_long_line(bytes: &[u8]) -> bool {
    if bytes.len() <= LONG_LINE {
        return false;
    }
    // From each line start, the last newline within LONG_LINE + 1 bytes is
    // where the next window starts: one backwards SIMD search per 4 KiB,
    // not one step per line.
    let mut start = 0;
    while bytes.len() - start > LONG_LINE {
        let window = &bytes[start..start + LONG_LINE + 1];
        match memchr::memrchr(b'\n', window) {
            Some(i) => start += i + 1,
            None => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_found_exactly() {
        let line = |n: usize| "x".repeat(n);
        assert!(!has_long_line(b""));
        assert!(!has_long_line(line(LONG_LINE).as_bytes()));
        assert!(has_long_line(line(LONG_LINE + 1).as_bytes()));
        let short: String = (0..5000).map(|i| format!("line {i}\n")).collect();
        assert!(!has_long_line(short.as_bytes()));
        assert!(has_long_line(
            format!("{short}{}\n{short}", line(LONG_LINE + 1)).as_bytes()
        ));
        assert!(!has_long_line(
            format!("{short}{}\n{short}", line(LONG_LINE)).as_bytes()
        ));
        assert!(has_long_line(
            format!("{short}{}", line(LONG_LINE + 1)).as_bytes()
        ));
        // A long line right after a window boundary.
        let text = format!("{}\n{}\n", line(LONG_LINE - 1), line(LONG_LINE + 1));
        assert!(has_long_line(text.as_bytes()));
    }

    #[test]
    fn binary_is_a_nul_in_the_first_8k() {
        assert!(is_binary(b"abc\0def"));
        assert!(!is_binary(b"abc"));
        let mut late = vec![b'a'; BINARY_PROBE];
        late.push(0);
        assert!(!is_binary(&late));
    }

    #[test]
    fn line_set_merges_and_intersects() {
        let s = LineSet::from_ranges([5..7, 1..2, 6..9, 20..20]);
        assert!(s.intersects(1, 1));
        assert!(!s.intersects(2, 4));
        assert!(s.intersects(3, 5));
        assert!(s.intersects(8, 8));
        assert!(!s.intersects(9, 100));
        assert!(LineSet::from_ranges(std::iter::once(3..3)).is_empty());
    }

    #[test]
    fn display_path_drops_dot_slash() {
        assert_eq!(display_path(Path::new("./a/b.env")), "a/b.env");
        assert_eq!(display_path(Path::new("a/b")), "a/b");
    }
}
