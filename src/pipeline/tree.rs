//! Tree scans: the walked files read and scanned in parallel with rayon,
//! each thread reusing one buffer. Binary and oversized files are counted,
//! not scanned (their names still meet the path rules); files over
//! [`CHUNKED_ABOVE`] are scanned in overlapping chunks so memory stays
//! bounded whatever the size limit.

use crate::blob::{has_long_line, is_binary, Blob, InputError, Origin, Stats};
use crate::detect::Detector;
use crate::finding::Finding;
use crate::source::walk::{
    collect_files, is_link_error, open_regular, read_into, read_link_into, Read, WalkItem,
    WalkOptions,
};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use super::ordered::{Item, Ordered};
use super::Context;

/// What a tree scan produced.
#[derive(Debug, Default)]
pub struct ScanOutput {
    /// All findings, sorted (empty from [`scan_tree_each`], which hands
    /// them on instead).
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

/// Walks `paths` (honouring ignore files unless `no_ignore`) and scans
/// every file with `ctx`'s detector. Paths are reported relative to
/// `report_base` (an absolute folder: the repository root inside a
/// repository, so that `scan app` and the hook name `app/settings.py`
/// alike) where they lie under it. Findings are not yet filtered by
/// allowlists.
pub fn scan_tree(
    ctx: &Context,
    paths: Vec<PathBuf>,
    no_ignore: bool,
    threads: Option<usize>,
    report_base: Option<&Path>,
) -> ScanOutput {
    let mut findings = Vec::new();
    let mut out = scan_tree_each(ctx, paths, no_ignore, threads, report_base, &mut |f| {
        findings.push(f)
    });
    out.findings = findings;
    out
}

/// [`scan_tree`], handing each finding to `emit` in report order while
/// the scan runs instead of collecting them.
pub fn scan_tree_each(
    ctx: &Context,
    paths: Vec<PathBuf>,
    no_ignore: bool,
    threads: Option<usize>,
    report_base: Option<&Path>,
    emit: &mut (dyn FnMut(Finding) + Send),
) -> ScanOutput {
    let opts = WalkOptions {
        paths,
        max_file_size: ctx.max_file_size,
        no_ignore,
        threads: threads.unwrap_or(0),
    };
    let (mut items, mut errors, walked) = collect_files(&opts);
    if let Some(base) = report_base {
        rebase(&mut items, &opts.paths, base);
    }
    let mut out = scan_files(&items, opts.max_file_size, &ctx.detector, emit);
    out.stats.merge(&walked);
    out.stats.errors += errors.iter().filter(|e| e.path.is_none()).count() as u64;
    errors.append(&mut out.errors);
    out.errors = errors;
    out
}

/// Reports `items` relative to `base` where they lie under it. The walk
/// names a single folder's files relative to it, and other files as given.
fn rebase(items: &mut [WalkItem], roots: &[PathBuf], base: &Path) {
    let Ok(cwd) = std::env::current_dir() else {
        return;
    };
    let single_root = match roots {
        [root] if root.is_dir() => Some(normalize(&cwd.join(root))),
        _ => None,
    };
    for item in items.iter_mut() {
        let absolute = match &single_root {
            Some(root) => root.join(&item.display),
            None => normalize(&cwd.join(&item.display)),
        };
        if let Ok(rel) = absolute.strip_prefix(base) {
            item.display = rel.to_path_buf();
        }
    }
    items.sort_by(|a, b| a.display.cmp(&b.display));
}

/// `p` with `.` and `..` resolved lexically.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Reads and scans `items` (sorted by path) in parallel with `detector`,
/// one reused buffer per thread, handing every finding to `emit` in report
/// order. Threads take the items in order, one at a time, so that a
/// finished file's findings wait for few others (see [`Ordered`]).
pub fn scan_files(
    items: &[WalkItem],
    max_file_size: u64,
    detector: &Detector,
    emit: &mut (dyn FnMut(Finding) + Send),
) -> ScanOutput {
    let ordered = Ordered::new(emit);
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().clamp(1, items.len().max(1));
    (0..workers)
        .into_par_iter()
        .map(|_| {
            let mut buf = Vec::<u8>::with_capacity(64 * 1024);
            let mut out = ScanOutput::default();
            loop {
                let i = next.fetch_add(1, AtomicOrdering::Relaxed);
                let Some(item) = items.get(i) else {
                    return out;
                };
                let mut sink = ordered.item(i);
                scan_one(item, max_file_size, &mut buf, &mut out, detector, &mut sink);
            }
        })
        .reduce(ScanOutput::default, ScanOutput::merge)
}

fn scan_one(
    item: &WalkItem,
    max: u64,
    buf: &mut Vec<u8>,
    out: &mut ScanOutput,
    detector: &Detector,
    sink: &mut Item<'_, '_, Finding>,
) {
    let origin = Origin::file(&item.display);
    // Path rules apply to files, not to a symlink's name (whose target
    // text is scanned as content). They are rare: the extra look at the
    // file is taken only when a name matches one.
    let mut names = detector.scan_path(&origin);
    if !names.is_empty() && std::fs::symlink_metadata(&item.path).is_ok_and(|m| m.is_symlink()) {
        names.clear();
    }
    names.sort_unstable();
    let mut names = names.into_iter().peekable();
    // Name findings (at 1:1) merged into the content's, in report order.
    let mut emit = |f: Finding| {
        while let Some(n) = names.next_if(|n| *n < f) {
            sink.push(n);
        }
        sink.push(f);
    };
    scan_content(item, &origin, max, buf, out, detector, &mut emit);
    names.for_each(|n| sink.push(n));
}

/// Scans one item's content (a symlink's target text, for a symlink).
fn scan_content(
    item: &WalkItem,
    origin: &Origin,
    max: u64,
    buf: &mut Vec<u8>,
    out: &mut ScanOutput,
    detector: &Detector,
    emit: &mut dyn FnMut(Finding),
) {
    if item.size > max {
        out.stats.skipped_large += 1;
        return;
    }
    if item.size > CHUNKED_ABOVE {
        let result = open_regular(&item.path).and_then(|f| match f {
            None => Ok(None),
            Some(mut f) => scan_chunked(&mut f, origin, CHUNK, OVERLAP, max, detector).map(Some),
        });
        match result {
            Ok(None) => out.stats.skipped_special += 1,
            Ok(Some(mut c)) => {
                out.stats.merge(&c.stats);
                c.findings.sort_unstable();
                c.findings.into_iter().for_each(emit);
            }
            Err(e) if is_link_error(&e) => scan_link(item, origin, buf, out, detector, emit),
            Err(e) => read_failed(item, e, out),
        }
        return;
    }
    match read_into(item, max, buf) {
        Ok(Read::Binary) => out.stats.skipped_binary += 1,
        Ok(Read::Special) => out.stats.skipped_special += 1,
        Ok(Read::TooLarge) => out.stats.skipped_large += 1,
        Ok(Read::Text) => {
            out.stats.files_scanned += 1;
            out.stats.bytes_scanned += buf.len() as u64;
            if has_long_line(buf) {
                out.stats.long_lines += 1;
            }
            detector.scan_each(&Blob::new(origin.clone(), buf), emit);
        }
        Err(e) if is_link_error(&e) => scan_link(item, origin, buf, out, detector, emit),
        Err(e) => read_failed(item, e, out),
    }
}

/// Scans a symlink's target text as content (never what it points to).
fn scan_link(
    item: &WalkItem,
    origin: &Origin,
    buf: &mut Vec<u8>,
    out: &mut ScanOutput,
    detector: &Detector,
    emit: &mut dyn FnMut(Finding),
) {
    match read_link_into(item, buf) {
        Ok(()) => {
            out.stats.files_scanned += 1;
            out.stats.bytes_scanned += buf.len() as u64;
            detector.scan_each(&Blob::new(origin.clone(), buf), emit);
        }
        Err(e) => read_failed(item, e, out),
    }
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
    detector: &Detector,
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
        for mut f in detector.scan(&Blob::new(origin.clone(), &buf)) {
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
