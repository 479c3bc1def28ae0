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

use super::git::{changed_blobs, detect_renames, git, scan_diff_options, ChangedBlob, GitError};
use super::Stats;
use git2::{ErrorCode, Repository};
use std::path::PathBuf;

/// One staged file to scan.
pub type StagedBlob = ChangedBlob;

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
pub type StagedError = GitError;

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
    let mut diff = repo
        .diff_tree_to_index(
            head_tree.as_ref(),
            Some(&index),
            Some(&mut scan_diff_options()),
        )
        .map_err(git("comparing HEAD with the index"))?;
    detect_renames(&mut diff)?;

    let mut staged = Staged {
        workdir: repo.workdir().map(PathBuf::from).unwrap_or_default(),
        ..Staged::default()
    };
    let changes = changed_blobs(repo, &diff, max_file_size, "staged")?;
    staged.blobs = changes.blobs;
    staged.changed_paths = changes.changed_paths;
    staged.stats = changes.stats;
    Ok(staged)
}
