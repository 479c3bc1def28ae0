//! What staged changes, commit ranges and history share: opening errors,
//! and turning a git diff into the blobs it adds with their added lines.

use super::{LineSet, Stats};
use crate::detect::is_binary;
use git2::{Delta, Diff, DiffOptions, FileMode, Oid, Patch, Repository};
use std::path::PathBuf;

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
    /// Any other git failure.
    #[error("git: {context}: {source}")]
    Git {
        /// What was being done.
        context: String,
        /// The libgit2 error.
        source: git2::Error,
    },
}

/// Skips libgit2's re-hashing of every object it reads. Reads are checked by
/// zlib's own checksums and by git itself when objects are written; hashing
/// each tree and blob again (with collision detection) was a fifth of a
/// history scan's time. Integrity is `git fsck`'s job, not a scanner's.
pub fn fast_object_reads() {
    git2::opts::strict_hash_verification(false);
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
pub fn detect_renames(diff: &mut Diff<'_>) -> Result<(), GitError> {
    diff.find_similar(Some(git2::DiffFindOptions::new().renames(true)))
        .map_err(git("detecting renames"))
}

/// Wraps a libgit2 error with what was being done.
pub fn git(context: &str) -> impl FnOnce(git2::Error) -> GitError + '_ {
    move |source| GitError::Git {
        context: context.to_string(),
        source,
    }
}

/// One file version a change adds, with its added lines.
#[derive(Debug)]
pub struct ChangedBlob {
    /// Path relative to the repository root.
    pub path: PathBuf,
    /// The blob's content.
    pub bytes: Vec<u8>,
    /// The 1-based lines this change adds.
    pub added: LineSet,
}

/// The added content of one diff.
#[derive(Debug, Default)]
pub struct Changes {
    /// Blobs with at least one added line, not binary, within the size limit.
    pub blobs: Vec<ChangedBlob>,
    /// Every path with new content, binary and oversized included.
    pub changed_paths: Vec<PathBuf>,
    /// What was passed over.
    pub stats: Stats,
}

/// The blobs `diff` adds (added, modified, renamed with changes, copied,
/// type-changed regular files), with the lines each adds. Deleted files,
/// pure renames, submodules and symlinks give nothing.
pub fn changed_blobs(
    repo: &Repository,
    diff: &Diff<'_>,
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
        if !matches!(new.mode(), FileMode::Blob | FileMode::BlobExecutable) {
            continue; // submodules, symlinks
        }
        let old = delta.old_file();
        if status == Delta::Renamed && old.id() == new.id() {
            continue; // a pure rename adds nothing
        }
        let Some(path) = new.path().map(PathBuf::from) else {
            continue;
        };
        out.changed_paths.push(path.clone());
        let blob = repo.find_blob(new.id()).map_err(git(&format!(
            "reading the {what} blob of {}",
            path.display()
        )))?;
        if blob.size() as u64 > max_file_size {
            out.stats.skipped_large += 1;
            continue;
        }
        let bytes = blob.content();
        if is_binary(bytes) {
            out.stats.skipped_binary += 1;
            continue;
        }
        let whole_file = matches!(status, Delta::Added | Delta::Copied | Delta::Typechange)
            || old.id().is_zero()
            || !matches!(old.mode(), FileMode::Blob | FileMode::BlobExecutable);
        let added = if whole_file {
            LineSet::all()
        } else {
            added_lines(repo, old.id(), &blob, &path)?
        };
        if added.is_empty() {
            continue;
        }
        out.blobs.push(ChangedBlob {
            path,
            bytes: bytes.to_vec(),
            added,
        });
    }
    Ok(out)
}

/// Lines of `new` added relative to blob `old`, from a zero-context diff
/// that treats both sides as text.
fn added_lines(
    repo: &Repository,
    old: Oid,
    new: &git2::Blob<'_>,
    path: &std::path::Path,
) -> Result<LineSet, GitError> {
    let ctx = format!("diffing {}", path.display());
    let old = repo.find_blob(old).map_err(git(&ctx))?;
    let mut opts = DiffOptions::new();
    opts.context_lines(0).force_text(true);
    let patch =
        Patch::from_blobs(&old, Some(path), new, Some(path), Some(&mut opts)).map_err(git(&ctx))?;
    let mut ranges = Vec::with_capacity(patch.num_hunks());
    for i in 0..patch.num_hunks() {
        let (hunk, _) = patch.hunk(i).map_err(git(&ctx))?;
        let start = hunk.new_start() as usize;
        ranges.push(start..start + hunk.new_lines() as usize);
    }
    Ok(LineSet::from_ranges(ranges))
}
