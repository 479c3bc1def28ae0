//! Directory scans: a parallel walk that honours `.gitignore`, `.ignore`,
//! `.git/info/exclude` and the global git excludes, includes hidden files
//! (`.env`, `.aws/`, `.github/`), never enters `.git`, and opens only
//! regular files. Files are then read and scanned in parallel with rayon,
//! each thread reusing one buffer; binary and oversized files are counted,
//! not scanned.

use super::{Blob, InputError, Origin, Scanner, Stats};
use crate::detect::{has_long_line, is_binary, BINARY_PROBE};
use crate::finding::Finding;
use ignore::{ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use rayon::prelude::*;
use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What to walk and how.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Files or directories to scan.
    pub paths: Vec<PathBuf>,
    /// Files larger than this many bytes are skipped (and counted).
    pub max_file_size: u64,
    /// Scan files that ignore rules would skip.
    pub no_ignore: bool,
    /// Walker threads (0: let the walker choose).
    pub threads: usize,
}

/// A regular file found by the walk.
#[derive(Debug, Clone)]
pub struct WalkItem {
    /// The path to open.
    pub path: PathBuf,
    /// The path to report.
    pub display: PathBuf,
    /// Size from the walk's metadata.
    pub size: u64,
}

/// What a directory scan produced.
#[derive(Debug, Default)]
pub struct ScanOutput {
    /// All findings, sorted.
    pub findings: Vec<Finding>,
    /// Counts.
    pub stats: Stats,
    /// Inputs that could not be read.
    pub errors: Vec<InputError>,
}

impl ScanOutput {
    fn merge(mut self, other: ScanOutput) -> ScanOutput {
        self.findings.extend(other.findings);
        self.stats.merge(&other.stats);
        self.errors.extend(other.errors);
        self
    }
}

/// Walks `opts.paths` in parallel and returns every regular file to scan,
/// sorted by path, plus the errors met on the way.
/// The stats carry what the walk passed over: FIFOs, sockets and devices,
/// and nested repositories (submodules), which are not entered.
pub fn collect_files(opts: &WalkOptions) -> (Vec<WalkItem>, Vec<InputError>, Stats) {
    let Some(first) = opts.paths.first() else {
        return (Vec::new(), Vec::new(), Stats::default());
    };
    let nested = Arc::new(AtomicU64::new(0));
    let nested_in_filter = nested.clone();
    let mut builder = WalkBuilder::new(first);
    for p in &opts.paths[1..] {
        builder.add(p);
    }
    builder
        .hidden(false)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .parents(!opts.no_ignore)
        .follow_links(false)
        .threads(opts.threads)
        .filter_entry(move |e| {
            if e.file_name() == ".git" {
                return false;
            }
            // A directory below the root whose `.git` is a file is a
            // submodule (or a linked worktree): its content belongs to
            // another history, scanned by its own hook. Nested clones with
            // a `.git` directory are scanned like any folder.
            if e.depth() > 0
                && e.file_type().is_some_and(|t| t.is_dir())
                && e.path()
                    .join(".git")
                    .symlink_metadata()
                    .is_ok_and(|m| m.is_file())
            {
                nested_in_filter.fetch_add(1, Ordering::Relaxed);
                return false;
            }
            true
        });
    // With one directory root, report paths relative to it.
    let strip: Option<PathBuf> = (opts.paths.len() == 1 && first.is_dir()).then(|| first.clone());
    let shared = Mutex::new((Vec::new(), Vec::new(), 0));
    let mut visitors = Collector {
        shared: &shared,
        strip: strip.as_deref(),
    };
    builder.build_parallel().visit(&mut visitors);
    let (mut items, errors, special): (Vec<WalkItem>, Vec<InputError>, u64) =
        shared.into_inner().expect("walker threads do not panic");
    items.sort_by(|a, b| a.display.cmp(&b.display));
    let stats = Stats {
        skipped_special: special,
        submodules: nested.load(Ordering::Relaxed),
        ..Stats::default()
    };
    (items, errors, stats)
}

type Shared = Mutex<(Vec<WalkItem>, Vec<InputError>, u64)>;

struct Collector<'s> {
    shared: &'s Shared,
    strip: Option<&'s Path>,
}

impl<'s> ParallelVisitorBuilder<'s> for Collector<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            shared: self.shared,
            strip: self.strip,
            items: Vec::new(),
            errors: Vec::new(),
            special: 0,
        })
    }
}

/// One walker thread's state, merged into the shared lists when dropped.
struct Visitor<'s> {
    shared: &'s Shared,
    strip: Option<&'s Path>,
    items: Vec<WalkItem>,
    errors: Vec<InputError>,
    special: u64,
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(e) => {
                let Some(t) = e.file_type() else {
                    return WalkState::Continue; // stdin
                };
                // Symlinks are not followed; where files are opened without
                // following links, their target text is scanned as content
                // (a key can be a link's "path").
                let scan_link =
                    t.is_symlink() && cfg!(any(target_os = "linux", target_os = "macos"));
                if !t.is_file() && !scan_link {
                    if !t.is_dir() && !t.is_symlink() {
                        self.special += 1; // FIFOs, sockets, devices: never opened
                    }
                    return WalkState::Continue;
                }
                let size = match e.metadata() {
                    Ok(m) => m.len(),
                    Err(err) => {
                        self.errors.push(InputError {
                            path: Some(e.path().to_path_buf()),
                            message: err.to_string(),
                        });
                        return WalkState::Continue;
                    }
                };
                let display = match self.strip {
                    Some(root) => e
                        .path()
                        .strip_prefix(root)
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|_| e.path().to_path_buf()),
                    None => e.path().to_path_buf(),
                };
                self.items.push(WalkItem {
                    path: e.into_path(),
                    display,
                    size,
                });
            }
            Err(err) => self.errors.push(InputError {
                path: None,
                message: err.to_string(),
            }),
        }
        WalkState::Continue
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let mut shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        shared.0.append(&mut self.items);
        shared.1.append(&mut self.errors);
        shared.2 += self.special;
    }
}

/// Reads and scans `items` in parallel with `scanner`, one reused buffer
/// per thread. Oversized and binary files are counted and their content
/// skipped; their names still go through `scan_path`.
pub fn scan_files(items: &[WalkItem], max_file_size: u64, scanner: &dyn Scanner) -> ScanOutput {
    let mut out = items
        .par_iter()
        .fold(
            || (Vec::<u8>::with_capacity(64 * 1024), ScanOutput::default()),
            |(mut buf, mut out), item| {
                scan_one(item, max_file_size, &mut buf, &mut out, scanner);
                (buf, out)
            },
        )
        .map(|(_, out)| out)
        .reduce(ScanOutput::default, ScanOutput::merge);
    out.findings.sort();
    out
}

fn scan_one(
    item: &WalkItem,
    max: u64,
    buf: &mut Vec<u8>,
    out: &mut ScanOutput,
    scanner: &dyn Scanner,
) {
    if !scan_content(item, max, buf, out, scanner) {
        // Path rules apply to files, not to a symlink's name.
        out.findings
            .extend(scanner.scan_path(&Origin::file(&item.display)));
    }
}

/// Scans one item's content; true if it turned out to be a symlink, whose
/// target text was scanned.
fn scan_content(
    item: &WalkItem,
    max: u64,
    buf: &mut Vec<u8>,
    out: &mut ScanOutput,
    scanner: &dyn Scanner,
) -> bool {
    if item.size > max {
        out.stats.skipped_large += 1;
        return false;
    }
    buf.clear();
    if item.size > CHUNKED_ABOVE {
        let origin = Origin::file(&item.display);
        let result = open_regular(&item.path).and_then(|f| match f {
            None => Ok(None),
            Some(mut f) => scan_chunked(&mut f, &origin, CHUNK, OVERLAP, max, scanner).map(Some),
        });
        match result {
            Ok(None) => out.stats.skipped_special += 1,
            Ok(Some(c)) => {
                out.stats.merge(&c.stats);
                out.findings.extend(c.findings);
            }
            Err(e) if is_link_error(&e) => return scan_link(item, buf, out, scanner),
            Err(e) => read_failed(item, e, out),
        }
        return false;
    }
    let read = open_regular(&item.path).and_then(|f| {
        let Some(f) = f else {
            return Ok(Read::Special);
        };
        let mut f = f.take(max + 1);
        // Probe the head first so binaries are not read whole.
        let mut probe = [0u8; BINARY_PROBE];
        let mut n = 0;
        while n < probe.len() {
            match f.read(&mut probe[n..])? {
                0 => break,
                k => n += k,
            }
        }
        buf.extend_from_slice(&probe[..n]);
        if is_binary(buf) {
            return Ok(Read::Binary);
        }
        f.read_to_end(buf)?;
        Ok(Read::Text)
    });
    match read {
        Ok(Read::Binary) => out.stats.skipped_binary += 1,
        Ok(Read::Special) => out.stats.skipped_special += 1,
        Ok(Read::Text) if buf.len() as u64 > max => out.stats.skipped_large += 1,
        Ok(Read::Text) => {
            out.stats.files_scanned += 1;
            out.stats.bytes_scanned += buf.len() as u64;
            if has_long_line(buf) {
                out.stats.long_lines += 1;
            }
            let blob = Blob::new(Origin::file(&item.display), buf);
            out.findings.extend(scanner.scan(&blob));
        }
        Err(e) if is_link_error(&e) => return scan_link(item, buf, out, scanner),
        Err(e) => read_failed(item, e, out),
    }
    false
}

/// Whether opening without following links failed because the path is a
/// symlink.
fn is_link_error(e: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    const ELOOP: i32 = 40;
    #[cfg(target_os = "macos")]
    const ELOOP: i32 = 62;
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    return e.raw_os_error() == Some(ELOOP);
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    {
        let _ = e;
        false
    }
}

/// Scans a symlink's target text as content (never what it points to).
fn scan_link(
    item: &WalkItem,
    buf: &mut Vec<u8>,
    out: &mut ScanOutput,
    scanner: &dyn Scanner,
) -> bool {
    match std::fs::read_link(&item.path) {
        Ok(target) => {
            buf.clear();
            #[cfg(unix)]
            {
                use std::os::unix::ffi::OsStrExt;
                buf.extend_from_slice(target.as_os_str().as_bytes());
            }
            #[cfg(not(unix))]
            buf.extend_from_slice(target.to_string_lossy().as_bytes());
            out.stats.files_scanned += 1;
            out.stats.bytes_scanned += buf.len() as u64;
            let blob = Blob::new(Origin::file(&item.display), buf);
            out.findings.extend(scanner.scan(&blob));
        }
        Err(e) => read_failed(item, e, out),
    }
    true
}

/// Counts a file that could not be read: one that vanished since the walk
/// is noted, any other failure is an error (and fails the run).
fn read_failed(item: &WalkItem, e: std::io::Error, out: &mut ScanOutput) {
    if e.kind() == std::io::ErrorKind::NotFound {
        out.stats.vanished += 1;
        return;
    }
    out.stats.errors += 1;
    out.errors.push(InputError {
        path: Some(item.path.clone()),
        message: format!("cannot read: {e}"),
    });
}

/// What reading one walked file gave.
enum Read {
    Text,
    Binary,
    Special,
}

/// Opens `path` for reading if it is (still) a regular file. The walk saw a
/// regular file, but it may have been replaced since: opening is
/// non-blocking, so a FIFO put in its place cannot hang the scan, and the
/// opened file's own type is checked (`None`: not a regular file). A
/// symlink is not followed: opening it fails (ELOOP).
fn open_regular(path: &Path) -> std::io::Result<Option<File>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        #[cfg(target_os = "linux")]
        const O_NONBLOCK: i32 = 0o4000;
        #[cfg(target_os = "macos")]
        const O_NONBLOCK: i32 = 0x0004;
        #[cfg(all(
            target_os = "linux",
            any(
                target_arch = "aarch64",
                target_arch = "arm",
                target_arch = "powerpc64"
            )
        ))]
        const O_NOFOLLOW: i32 = 0o100000;
        #[cfg(all(
            target_os = "linux",
            not(any(
                target_arch = "aarch64",
                target_arch = "arm",
                target_arch = "powerpc64"
            ))
        ))]
        const O_NOFOLLOW: i32 = 0o400000;
        #[cfg(target_os = "macos")]
        const O_NOFOLLOW: i32 = 0x0100;
        options.custom_flags(O_NONBLOCK | O_NOFOLLOW);
    }
    let file = options.open(path)?;
    Ok(file.metadata()?.is_file().then_some(file))
}

/// Files larger than this are read and scanned in chunks, so memory stays
/// bounded by the chunk size whatever the size limit.
pub const CHUNKED_ABOVE: u64 = 64 << 20;
/// Chunk size for large files.
pub const CHUNK: usize = 16 << 20;
/// How much consecutive chunks overlap. Each chunk owns the findings that
/// start in its part of the overlap's halves, so a secret near a boundary
/// is seen whole, with half the overlap of context on either side.
pub const OVERLAP: usize = 64 << 10;

/// What a chunked scan produced.
#[derive(Debug, Default)]
pub struct Chunked {
    /// Findings, with lines and columns of the whole file.
    pub findings: Vec<Finding>,
    /// Counts for this one file.
    pub stats: Stats,
}

/// Scans `reader` in chunks of `chunk` bytes that overlap by `overlap`
/// bytes, reporting positions in the whole stream. Reads at most `max + 1`
/// bytes: a stream over `max` is counted as too large and its findings
/// dropped, like any oversized file.
pub fn scan_chunked(
    reader: &mut dyn std::io::Read,
    origin: &Origin,
    chunk: usize,
    overlap: usize,
    max: u64,
    scanner: &dyn Scanner,
) -> std::io::Result<Chunked> {
    use crate::location::{char_count, LineIndex};
    assert!(overlap >= 2 && chunk > overlap);
    let mut out = Chunked::default();
    let mut buf: Vec<u8> = Vec::with_capacity(chunk);
    let mut line_base = 0usize; // newlines before buf[0]
    let mut col_base = 0usize; // characters between the last newline and buf[0]
    let mut total = 0u64;
    let mut first = true;
    let half = overlap / 2;
    loop {
        let mut eof = false;
        while buf.len() < chunk {
            let start = buf.len();
            buf.resize(chunk, 0);
            let n = reader.read(&mut buf[start..])?;
            buf.truncate(start + n);
            total += n as u64;
            if n == 0 {
                eof = true;
                break;
            }
        }
        if total > max {
            out.findings.clear();
            out.stats = Stats {
                skipped_large: 1,
                ..Stats::default()
            };
            return Ok(out);
        }
        if first && is_binary(&buf) {
            out.stats.skipped_binary = 1;
            return Ok(out);
        }
        if has_long_line(&buf) {
            out.stats.long_lines = 1;
        }
        let index = LineIndex::new(&buf);
        let at = |offset: usize| {
            let p = index.position(&buf, offset);
            (p.line, p.column)
        };
        // Ownership: this chunk's findings start in [from, to).
        let from = if first { (1, 1) } else { at(half) };
        let to = (!eof).then(|| at(buf.len() - overlap + half));
        for mut f in scanner.scan(&crate::source::Blob::new(origin.clone(), &buf)) {
            let start = (f.line, f.column);
            if start < from || to.is_some_and(|t| start >= t) {
                continue;
            }
            if f.line == 1 {
                f.column += col_base;
            }
            if f.end_line == 1 {
                f.end_column += col_base;
            }
            f.line += line_base;
            f.end_line += line_base;
            out.findings.push(f);
        }
        first = false;
        if eof {
            break;
        }
        // Keep the overlap; account for what is dropped.
        let keep_from = buf.len() - overlap;
        let dropped = &buf[..keep_from];
        match memchr::memrchr(b'\n', dropped) {
            Some(last) => {
                line_base += memchr::memchr_iter(b'\n', dropped).count();
                col_base = char_count(&dropped[last + 1..]);
            }
            None => col_base += char_count(dropped),
        }
        buf.drain(..keep_from);
    }
    out.stats.files_scanned = 1;
    out.stats.bytes_scanned = total;
    Ok(out)
}
