//! Directory walks: a parallel walk that honours `.gitignore`, `.ignore`,
//! `.git/info/exclude` and the global git excludes, includes hidden files
//! (`.env`, `.aws/`, `.github/`), never enters `.git`, and lists only
//! regular files, plus the files git tracks there that ignore rules name
//! (ignore rules are for untracked files); and the careful read of one of them (probe for binary
//! first, never block on a FIFO swapped in since the walk).

use crate::blob::{is_binary, InputError, Stats, BINARY_PROBE};
use ignore::{ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
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
    if !opts.no_ignore {
        add_tracked(&mut items, &opts.paths, strip.as_deref());
    }
    items.sort_by(|a, b| a.display.cmp(&b.display));
    let stats = Stats {
        skipped_special: special,
        submodules: nested.load(Ordering::Relaxed),
        ..Stats::default()
    };
    (items, errors, stats)
}

/// Adds the files git tracks under each directory root that the walk did
/// not collect: ignore rules are for untracked files, and a tracked file
/// that `.gitignore` or `.ignore` names (force-added, or ignored after it
/// was committed) is still in the repository.
fn add_tracked(items: &mut Vec<WalkItem>, roots: &[PathBuf], strip: Option<&Path>) {
    let mut seen: std::collections::HashSet<PathBuf> =
        items.iter().map(|i| i.path.clone()).collect();
    for root in roots.iter().filter(|r| r.is_dir()) {
        let Ok(repo) = git2::Repository::discover(root) else {
            continue;
        };
        let (Some(workdir), Ok(index)) = (repo.workdir(), repo.index()) else {
            continue;
        };
        let (Ok(workdir), Ok(abs_root)) = (workdir.canonicalize(), root.canonicalize()) else {
            continue;
        };
        let Ok(under) = abs_root.strip_prefix(&workdir) else {
            continue;
        };
        for entry in index.iter() {
            // Regular files and symlinks only: not gitlinks (submodules)
            // or a sparse index's directory entries.
            let kind = entry.mode & 0o170000;
            if kind != 0o100000 && kind != 0o120000 {
                continue;
            }
            let Some(rel) = index_path(&entry.path) else {
                continue;
            };
            let Ok(sub) = rel.strip_prefix(under) else {
                continue;
            };
            if sub.components().any(|c| c.as_os_str() == ".git") {
                continue;
            }
            let path = root.join(sub);
            if seen.contains(&path) {
                continue;
            }
            let Ok(meta) = path.symlink_metadata() else {
                continue; // deleted in the working tree
            };
            let t = meta.file_type();
            let link_ok = t.is_symlink() && cfg!(any(target_os = "linux", target_os = "macos"));
            if !t.is_file() && !link_ok {
                continue;
            }
            let display = match strip {
                Some(_) => sub.to_path_buf(),
                None => path.clone(),
            };
            seen.insert(path.clone());
            items.push(WalkItem {
                path,
                display,
                size: meta.len(),
            });
        }
    }
}

#[cfg(unix)]
fn index_path(bytes: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn index_path(bytes: &[u8]) -> Option<PathBuf> {
    std::str::from_utf8(bytes).ok().map(PathBuf::from)
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

/// Whether opening without following links failed because the path is a
/// symlink.
pub fn is_link_error(e: &std::io::Error) -> bool {
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

/// Reads a symlink's target text into `buf` (cleared first): the link's
/// content as git stores it, never what it points to.
pub fn read_link_into(item: &WalkItem, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let target = std::fs::read_link(&item.path)?;
    buf.clear();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        buf.extend_from_slice(target.as_os_str().as_bytes());
    }
    #[cfg(not(unix))]
    buf.extend_from_slice(target.to_string_lossy().as_bytes());
    Ok(())
}

/// What reading one walked file gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// Text, now in the buffer.
    Text,
    /// A NUL byte in the first 8 KiB: not read further.
    Binary,
    /// No longer a regular file (a FIFO or device swapped in): not opened.
    Special,
    /// Grew past the size limit since the walk.
    TooLarge,
}

/// Reads `item` into `buf` (cleared first), at most `max + 1` bytes. The
/// head is probed first, so a binary is not read whole.
pub fn read_into(item: &WalkItem, max: u64, buf: &mut Vec<u8>) -> std::io::Result<Read> {
    buf.clear();
    let Some(f) = open_regular(&item.path)? else {
        return Ok(Read::Special);
    };
    let mut f = f.take(max + 1);
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
    Ok(if buf.len() as u64 > max {
        Read::TooLarge
    } else {
        Read::Text
    })
}

/// Opens `path` for reading if it is (still) a regular file. The walk saw a
/// regular file, but it may have been replaced since: opening is
/// non-blocking, so a FIFO put in its place cannot hang the scan, and the
/// opened file's own type is checked (`None`: not a regular file). A
/// symlink is not followed: opening it fails (ELOOP).
pub fn open_regular(path: &Path) -> std::io::Result<Option<File>> {
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
