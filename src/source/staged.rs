//! Staged changes: what `git commit` is about to record.
//!
//! The repository is opened the way git's environment says
//! (`Repository::open_from_env`), so the temporary index that
//! `git commit -a` and `git commit --only` pass to hooks through
//! `GIT_INDEX_FILE` is the one read. HEAD's tree is compared with the index
//! (no HEAD yet: everything is added); for each added, modified, renamed or
//! type-changed file the **index blob** is read (never the working tree, so
//! `git add -p` is honoured) and its added lines are computed with a
//! zero-context diff against the old blob. Deleted files, pure renames,
//! submodules and symlinks yield nothing.

use super::{LineSet, Stats};
use crate::detect::is_binary;
use git2::{Delta, DiffFindOptions, DiffOptions, ErrorCode, FileMode, Oid, Patch, Repository};
use std::path::PathBuf;

/// One staged file to scan.
#[derive(Debug)]
pub struct StagedBlob {
    /// Path relative to the repository root.
    pub path: PathBuf,
    /// The index blob's content.
    pub bytes: Vec<u8>,
    /// The 1-based lines this change adds.
    pub added: LineSet,
}

/// Everything staged, ready to scan.
#[derive(Debug, Default)]
pub struct Staged {
    /// Blobs with at least one added line, not binary, within the size limit.
    pub blobs: Vec<StagedBlob>,
    /// Every path whose staged content is new (added, modified, renamed
    /// with changes), binary and oversized ones included, for path rules.
    pub changed_paths: Vec<PathBuf>,
    /// Counts of what was passed over.
    pub stats: Stats,
    /// The repository's working tree root.
    pub workdir: PathBuf,
}

/// Why the staged changes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StagedError {
    /// No repository here.
    #[error(
        "not inside a git repository ({0}); run `keygate staged` from a repository's working tree"
    )]
    NotARepository(String),
    /// A bare repository has no index to commit from.
    #[error("the repository at {0} is bare: there is no index to scan")]
    Bare(PathBuf),
    /// Any other git failure.
    #[error("git: {context}: {source}")]
    Git {
        /// What was being done.
        context: String,
        /// The libgit2 error.
        source: git2::Error,
    },
}

fn git(context: &str) -> impl FnOnce(git2::Error) -> StagedError + '_ {
    move |source| StagedError::Git {
        context: context.to_string(),
        source,
    }
}

/// Opens the repository from the environment and reads what is staged.
pub fn read_staged(max_file_size: u64) -> Result<Staged, StagedError> {
    let repo = Repository::open_from_env()
        .map_err(|e| StagedError::NotARepository(e.message().to_string()))?;
    read_staged_in(&repo, max_file_size)
}

/// Reads what is staged in `repo`.
pub fn read_staged_in(repo: &Repository, max_file_size: u64) -> Result<Staged, StagedError> {
    if repo.is_bare() {
        return Err(StagedError::Bare(repo.path().to_path_buf()));
    }
    let head_tree = match repo.head() {
        Ok(head) => Some(head.peel_to_tree().map_err(git("reading HEAD's tree"))?),
        Err(e) if e.code() == ErrorCode::UnbornBranch || e.code() == ErrorCode::NotFound => None,
        Err(e) => return Err(git("reading HEAD")(e)),
    };
    let index = repo.index().map_err(git("reading the index"))?;
    let mut opts = DiffOptions::new();
    opts.context_lines(0)
        .include_typechange(true)
        .ignore_submodules(true);
    let mut diff = repo
        .diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut opts))
        .map_err(git("comparing HEAD with the index"))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))
        .map_err(git("detecting renames"))?;

    let mut staged = Staged {
        workdir: repo.workdir().map(PathBuf::from).unwrap_or_default(),
        ..Staged::default()
    };
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
        staged.changed_paths.push(path.clone());
        let blob = repo.find_blob(new.id()).map_err(git(&format!(
            "reading the staged blob of {}",
            path.display()
        )))?;
        if blob.size() as u64 > max_file_size {
            staged.stats.skipped_large += 1;
            continue;
        }
        let bytes = blob.content();
        if is_binary(bytes) {
            staged.stats.skipped_binary += 1;
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
        staged.blobs.push(StagedBlob {
            path,
            bytes: bytes.to_vec(),
            added,
        });
    }
    Ok(staged)
}

/// Lines of `new` added relative to blob `old`, from a zero-context diff
/// that treats both sides as text.
fn added_lines(
    repo: &Repository,
    old: Oid,
    new: &git2::Blob<'_>,
    path: &std::path::Path,
) -> Result<LineSet, StagedError> {
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
