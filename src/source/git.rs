//! What staged changes, commit ranges and history share: opening errors,
//! and turning a git diff into the blobs it adds with their added lines.

use crate::blob::{is_binary, LineSet};
use git2::{Delta, Diff, DiffOptions, Oid, Repository, Tree};
use std::path::{Path, PathBuf};

/// A submodule's entry: a commit of another repository.
pub const GITLINK: u32 = 0o160000;

/// Whether a raw tree or index mode is a regular file. Any permission bits
/// count (`100664`, `100600`, `100744` are legacy or hand-made modes that
/// git still checks out as plain files).
pub fn is_regular(mode: u32) -> bool {
    mode & 0o170000 == 0o100000
}

/// Whether a raw mode is a symlink, whose blob is the link's target text.
pub fn is_link(mode: u32) -> bool {
    mode & 0o170000 == 0o120000
}

/// Whether a blob with this mode holds text keygate scans: a regular
/// file's content or a symlink's target (a key can be a link's "path").
pub fn has_content(mode: u32) -> bool {
    is_regular(mode) || is_link(mode)
}

/// Whether two modes are the same kind of entry (file, link, ...).
pub fn same_kind(a: u32, b: u32) -> bool {
    a & 0o170000 == b & 0o170000
}

/// The new side of a diff, where raw modes are looked up. (git2's
/// `DiffFile::mode` panics on modes it does not know, such as `100600`.)
pub enum NewSide<'a, 'r> {
    /// A tree (commits).
    Tree(&'a Tree<'r>),
    /// The index (staged changes).
    Index(&'a git2::Index),
}

fn tree_mode(tree: &Tree<'_>, path: &Path) -> Option<u32> {
    tree.get_path(path).ok().map(|e| e.filemode_raw() as u32)
}

impl NewSide<'_, '_> {
    fn mode(&self, path: &Path) -> Option<u32> {
        match self {
            NewSide::Tree(t) => tree_mode(t, path),
            NewSide::Index(i) => i.get_path(path, 0).map(|e| e.mode),
        }
    }
}

/// Why git content could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No repository here.
    #[error("not inside a git repository ({0}); run keygate from a repository's working tree")]
    NotARepository(String),
    /// A bare repository has no index to commit from.
    #[error("the repository at {0} is bare: there is no index to scan")]
    Bare(PathBuf),
    /// A revision is missing, typically because the clone is shallow.
    #[error("{rev} is not in this clone{shallow}: fetch more history (git fetch --deepen=N, or fetch-depth: 0 in actions/checkout) or pass a base that is present")]
    MissingRevision {
        /// The revision asked for.
        rev: String,
        /// A note when the repository is shallow.
        shallow: &'static str,
    },
    /// A blob is missing because the clone is partial (`--filter`): git
    /// fetches such blobs on demand, libgit2 cannot.
    #[error("{context}: blob {id} is not in this clone, which is a partial clone (remote {remote} is a promisor: blobs are downloaded only when git needs them, and keygate reads objects without fetching). Download the blobs first with `git fetch --refetch --no-filter {remote}` (or `git backfill` with git 2.49 or later), or clone without --filter (in actions/checkout, leave `filter` unset)")]
    PartialClone {
        /// What was being read.
        context: String,
        /// The missing object.
        id: String,
        /// The promisor remote.
        remote: String,
    },
    /// A range with an empty side (`..B`, `A..`: an unset CI variable) or
    /// with its ends the wrong way round: it would scan nothing.
    #[error("{0}")]
    BadRange(String),
    /// A changed blob too large to scan even past the size limit: the
    /// change cannot be checked, so the run fails rather than pass it.
    #[error("{path}: the {what} blob is {size} bytes, over max_file_size ({max} bytes) and over the {ceiling} bytes keygate scans in a change anyway, so it was not scanned and the check fails. Raise max_file_size (--max-file-size, or max_file_size: in .keygate.yaml) to scan it, or keep the file out of the change (git LFS)")]
    Oversized {
        /// The file.
        path: String,
        /// staged or commit.
        what: String,
        /// Its size.
        size: u64,
        /// The size limit in effect.
        max: u64,
        /// The hard ceiling.
        ceiling: u64,
    },
    /// Any other git failure.
    #[error("git: {context}: {source}")]
    Git {
        /// What was being done.
        context: String,
        /// The libgit2 error.
        source: git2::Error,
    },
}

/// The promisor remote when `repo` is a partial clone
/// (`extensions.partialClone`, or a `remote.<name>.promisor` set to true).
pub fn promisor_remote(repo: &Repository) -> Option<String> {
    let config = repo.config().ok()?;
    if let Ok(name) = config.get_string("extensions.partialclone") {
        return Some(name);
    }
    let entries = config.entries(Some(r"remote\..*\.promisor")).ok()?;
    let mut found = None;
    entries
        .for_each(|e| {
            if found.is_none() && e.value().is_some_and(|v| v == "true") {
                found = e
                    .name()
                    .and_then(|n| n.strip_prefix("remote."))
                    .and_then(|n| n.strip_suffix(".promisor"))
                    .map(str::to_string);
            }
        })
        .ok()?;
    found
}

/// The error for an object `id` that is not in a partial clone, if that
/// is why it could not be read.
pub fn missing_in_partial_clone(repo: &Repository, context: &str, id: Oid) -> Option<GitError> {
    let remote = promisor_remote(repo)?;
    Some(GitError::PartialClone {
        context: context.to_string(),
        id: id.to_string(),
        remote,
    })
}

/// Wraps an error reading object `id` (`None`: named in the message): "not
/// found" in a partial clone says why and how to fetch the missing blobs.
pub fn object_error<'a>(
    repo: &'a Repository,
    context: &'a str,
    id: Option<Oid>,
) -> impl FnOnce(git2::Error) -> GitError + 'a {
    move |source| {
        if source.code() == git2::ErrorCode::NotFound {
            let id = id
                .or_else(|| not_found_id(source.message()))
                .unwrap_or_else(Oid::zero);
            if let Some(e) = missing_in_partial_clone(repo, context, id) {
                return e;
            }
        }
        git(context)(source)
    }
}

/// The object id in libgit2's "no match for id (...)" message.
fn not_found_id(message: &str) -> Option<Oid> {
    let start = message.find("(")? + 1;
    let end = start + message[start..].find(')')?;
    Oid::from_str(&message[start..end]).ok()
}

/// Skips libgit2's re-hashing of every object it reads. Reads are checked by
/// zlib's own checksums and by git itself when objects are written; hashing
/// each tree and blob again (with collision detection) was a fifth of a
/// history scan's time. Integrity is `git fsck`'s job, not a scanner's.
pub fn fast_object_reads() {
    git2::opts::strict_hash_verification(false);
}

/// Turns off libgit2's object cache, for whole-history reads: each blob is
/// read once and trees rarely twice, so the cache (up to 256 MiB per
/// repository handle, one handle per thread) would mostly hold memory (a
/// 36,659-commit history: 394 -> 226 MiB peak for 1.1 s more).
pub fn no_object_cache() {
    git2::opts::enable_caching(false);
}

/// Options for the diffs whose added lines are scanned: no context lines,
/// type changes reported as such, submodules left alone.
pub fn scan_diff_options() -> DiffOptions {
    let mut opts = DiffOptions::new();
    opts.context_lines(0)
        .include_typechange(true)
        .ignore_submodules(true);
    opts
}

/// Pairs deletions with additions that are renames, so that a moved file
/// is diffed against its old self instead of scanned as new.
pub fn detect_renames(repo: &Repository, diff: &mut Diff<'_>) -> Result<(), GitError> {
    diff.find_similar(Some(git2::DiffFindOptions::new().renames(true)))
        .map_err(object_error(repo, "detecting renames", None))
}

/// Wraps a libgit2 error with what was being done.
pub fn git(context: &str) -> impl FnOnce(git2::Error) -> GitError + '_ {
    move |source| GitError::Git {
        context: context.to_string(),
        source,
    }
}

pub use super::changeset::{add_renamed, read_chunked, ChangedBlob, Changes, ChunkedRead, Rename};

/// A blob's size from its object header, without inflating it: oversized
/// blobs are skipped before they cost memory. `None` if the header cannot
/// be read (the caller then loads the blob and reports any error).
pub fn blob_size(repo: &Repository, id: Oid) -> Option<u64> {
    let odb = repo.odb().ok()?;
    odb.read_header(id).ok().map(|(size, _)| size as u64)
}

/// Opens the repository the way git's environment (and so a hook) says:
/// `GIT_DIR`, `GIT_INDEX_FILE`, `GIT_OBJECT_DIRECTORY` and discovery from
/// the current directory, set up for reading objects quickly.
pub fn open() -> Result<Repository, GitError> {
    fast_object_reads();
    Repository::open_from_env().map_err(|e| GitError::NotARepository(e.message().to_string()))
}

/// Opens the repository whose git directory is `git_dir` (one handle per
/// thread: a `Repository` is not `Sync`).
pub fn open_at(git_dir: &std::path::Path) -> Result<Repository, GitError> {
    fast_object_reads();
    Repository::open(git_dir).map_err(git("opening the repository"))
}

/// A git blob read under the size limit.
pub enum BlobRead<'r> {
    /// Text within the limit.
    Text(git2::Blob<'r>),
    /// Over the limit (known from the object header when it can be read,
    /// so it was never inflated).
    TooLarge,
    /// A NUL byte in its first 8 KiB.
    Binary,
}

/// Reads blob `id` unless it is over `max_file_size` or binary: the one
/// size-and-binary policy of every git source.
pub fn read_blob(
    repo: &Repository,
    id: Oid,
    max_file_size: u64,
) -> Result<BlobRead<'_>, git2::Error> {
    if blob_size(repo, id).is_some_and(|n| n > max_file_size) {
        return Ok(BlobRead::TooLarge);
    }
    let blob = repo.find_blob(id)?;
    Ok(if blob.size() as u64 > max_file_size {
        BlobRead::TooLarge
    } else if is_binary(blob.content()) {
        BlobRead::Binary
    } else {
        BlobRead::Text(blob)
    })
}

/// Records one changed file: its path (for path rules) and, unless it is
/// binary or too large, its content with the lines it adds relative to
/// `old` (all lines when there is no old blob).
pub fn add_change(
    repo: &Repository,
    out: &mut Changes,
    path: PathBuf,
    new: Oid,
    old: Option<Oid>,
    max_file_size: u64,
    what: &str,
) -> Result<(), GitError> {
    out.changed_paths.push(path.clone());
    add_content(repo, out, path, new, old, max_file_size, what)
}

/// The largest changed blob keygate scans when it is over the size limit
/// (or the limit, if that is higher): 256 MiB.
pub const CHANGE_CEILING: u64 = 256 << 20;

/// [`CHANGE_CEILING`], or in debug builds (the tests) the value of
/// `KEYGATE_TEST_CHANGE_CEILING`.
fn change_ceiling() -> u64 {
    if cfg!(debug_assertions) {
        if let Some(n) = std::env::var("KEYGATE_TEST_CHANGE_CEILING")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            return n;
        }
    }
    CHANGE_CEILING
}

/// Records the content of a changed blob (a file, or a symlink's target
/// text, whose name is not a file's name for path rules) unless it is
/// binary or too large.
pub fn add_content(
    repo: &Repository,
    out: &mut Changes,
    path: PathBuf,
    new: Oid,
    old: Option<Oid>,
    max_file_size: u64,
    what: &str,
) -> Result<(), GitError> {
    let context = format!("reading the {what} blob of {}", path.display());
    let blob = match read_blob(repo, new, max_file_size).map_err(object_error(
        repo,
        &context,
        Some(new),
    ))? {
        // What a change adds is never passed unscanned: text over the size
        // limit is still read and scanned, up to a hard ceiling; above it
        // the run fails.
        BlobRead::TooLarge => {
            let ceiling = change_ceiling().max(max_file_size);
            let size = match blob_size(repo, new) {
                Some(n) => n,
                None => repo
                    .find_blob(new)
                    .map_err(object_error(repo, &context, Some(new)))?
                    .size() as u64,
            };
            if size > ceiling {
                return Err(GitError::Oversized {
                    path: path.display().to_string(),
                    what: what.to_string(),
                    size,
                    max: max_file_size,
                    ceiling,
                });
            }
            // Scanned later in chunks; only the added lines need the blob
            // now (a new file's are all of them, so it is not read here).
            let added = match old {
                None => LineSet::all(),
                Some(old) => {
                    let blob =
                        repo.find_blob(new)
                            .map_err(object_error(repo, &context, Some(new)))?;
                    if is_binary(blob.content()) {
                        out.stats.skipped_binary += 1;
                        return Ok(());
                    }
                    added_lines(repo, old, &blob, &path)?
                }
            };
            if !added.is_empty() {
                out.blobs.push(ChangedBlob {
                    path,
                    bytes: Vec::new(),
                    added,
                    chunked: Some(ChunkedRead {
                        git_dir: repo.path().to_path_buf(),
                        id: new,
                        size,
                    }),
                });
            }
            return Ok(());
        }
        BlobRead::Binary => {
            out.stats.skipped_binary += 1;
            return Ok(());
        }
        BlobRead::Text(blob) => blob,
    };
    let bytes = blob.content();
    let added = match old {
        None => LineSet::all(),
        Some(old) => added_lines(repo, old, &blob, &path)?,
    };
    if !added.is_empty() {
        out.blobs.push(ChangedBlob {
            path,
            bytes: bytes.to_vec(),
            added,
            chunked: None,
        });
    }
    Ok(())
}

/// The blobs `diff` adds (added, modified, renamed with changes, copied,
/// type-changed regular files and symlinks), with the lines each adds.
/// Deleted files, pure renames and submodules give nothing. Modes are
/// read raw from `old` and `new` (the trees or index the diff compared),
/// so every regular-file mode counts as a file.
pub fn changed_blobs(
    repo: &Repository,
    diff: &Diff<'_>,
    old_tree: Option<&Tree<'_>>,
    new_side: NewSide<'_, '_>,
    max_file_size: u64,
    what: &str,
) -> Result<Changes, GitError> {
    let mut out = Changes::default();
    for delta in diff.deltas() {
        let status = delta.status();
        if !matches!(
            status,
            Delta::Added | Delta::Modified | Delta::Renamed | Delta::Copied | Delta::Typechange
        ) {
            continue;
        }
        let new = delta.new_file();
        let Some(path) = new.path().map(PathBuf::from) else {
            continue;
        };
        let Some(new_mode) = new_side.mode(&path) else {
            continue;
        };
        if new_mode == GITLINK {
            out.stats.submodules += 1; // a submodule's commit moved: not entered
            continue;
        }
        if !has_content(new_mode) {
            continue;
        }
        let old = delta.old_file();
        if status == Delta::Renamed && old.id() == new.id() {
            // A pure rename adds no line, but its new name meets the path
            // rules (`cert.bin` renamed to `signing.p12`).
            if is_regular(new_mode) {
                out.changed_paths.push(path.clone());
                if let Some(old_path) = old.path() {
                    out.renames.push(Rename {
                        old: old_path.to_path_buf(),
                        new: path,
                        id: new.id(),
                    });
                }
            }
            continue;
        }
        let old_mode = match (old_tree, old.path()) {
            (Some(t), Some(p)) if !old.id().is_zero() => tree_mode(t, p),
            _ => None,
        };
        let whole_file = matches!(status, Delta::Added | Delta::Copied | Delta::Typechange)
            || old.id().is_zero()
            || !old_mode.is_some_and(|m| same_kind(m, new_mode));
        let old_blob = (!whole_file).then(|| old.id());
        if is_link(new_mode) {
            add_content(
                repo,
                &mut out,
                path,
                new.id(),
                old_blob,
                max_file_size,
                what,
            )?;
        } else {
            add_change(
                repo,
                &mut out,
                path,
                new.id(),
                old_blob,
                max_file_size,
                what,
            )?;
        }
    }
    Ok(out)
}

/// Lines of `new` added relative to blob `old`: a Myers line diff of the
/// two blobs as bytes. (libgit2's blob patches look up diff drivers in
/// .gitattributes, which loads the whole index; on a large repository that
/// was two thirds of the hook's time.) A deadline bounds pathological
/// inputs: past it the diff is coarser, which can only mark more lines as
/// added, never fewer.
fn added_lines(
    repo: &Repository,
    old: Oid,
    new: &git2::Blob<'_>,
    path: &std::path::Path,
) -> Result<LineSet, GitError> {
    let old = repo.find_blob(old).map_err(object_error(
        repo,
        &format!("reading the old blob of {}", path.display()),
        Some(old),
    ))?;
    Ok(added_line_ranges(old.content(), new.content()))
}

fn split_lines(b: &[u8]) -> Vec<&[u8]> {
    if b.is_empty() {
        return Vec::new();
    }
    let b = b.strip_suffix(b"\n").unwrap_or(b);
    b.split(|&c| c == b'\n').collect()
}

/// The 1-based lines of `new` that a line diff against `old` marks added.
/// Whole lines both share at the start are skipped before the diff (a
/// commit that appends to a large file diffs only its tail).
pub fn added_line_ranges(old: &[u8], new: &[u8]) -> LineSet {
    let same = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let cut = old[..same]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let skipped = memchr::memchr_iter(b'\n', &old[..cut]).count();
    let (old, new) = (&old[cut..], &new[cut..]);
    let (old_lines, new_lines) = (split_lines(old), split_lines(new));
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(500);
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        &old_lines,
        &new_lines,
        Some(deadline),
    );
    LineSet::from_ranges(ops.iter().filter_map(|op| match *op {
        similar::DiffOp::Insert {
            new_index, new_len, ..
        }
        | similar::DiffOp::Replace {
            new_index, new_len, ..
        } => Some(skipped + new_index + 1..skipped + new_index + 1 + new_len),
        _ => None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_are_the_new_ones() {
        let set = added_line_ranges(b"a\nb\nc\n", b"a\nX\nb\nc\nY\n");
        assert!(set.intersects(2, 2) && set.intersects(5, 5));
        assert!(!set.intersects(1, 1) && !set.intersects(3, 4));
        let changed = added_line_ranges(b"a\nb\n", b"a\nB\n");
        assert!(changed.intersects(2, 2) && !changed.intersects(1, 1));
        assert!(added_line_ranges(b"a\n", b"a\n").is_empty());
        assert!(added_line_ranges(b"", b"x").intersects(1, 1));
        // CRLF lines are compared whole; a missing final newline is not a change of line 1.
        assert!(added_line_ranges(b"a\r\nb", b"a\r\nb\n").is_empty());
    }

    #[test]
    fn lines_shared_at_the_start_are_counted_not_diffed() {
        let old: String = (0..1000).map(|i| format!("row {i}\n")).collect();
        let appended = format!("{old}key = 1\n");
        let set = added_line_ranges(old.as_bytes(), appended.as_bytes());
        assert!(set.intersects(1001, 1001) && !set.intersects(1, 1000));
        // A change inside a line that starts like the old one.
        let edited = old.replace("row 500\n", "row 5000\n");
        let set = added_line_ranges(old.as_bytes(), edited.as_bytes());
        assert!(set.intersects(501, 501) && !set.intersects(1, 500) && !set.intersects(502, 1000));
        // Old is a prefix of new without its last newline.
        let set = added_line_ranges(b"a\nb", b"a\nbc\n");
        assert!(set.intersects(2, 2) && !set.intersects(1, 1));
        assert!(added_line_ranges(b"", b"").is_empty());
    }
}
