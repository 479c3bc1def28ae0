//! Commit ranges, the pull-request job: every commit in `BASE..HEAD` (or
//! `BASE...HEAD`, or one commit) diffed against its first parent, so each
//! finding is a line that commit added, attributed to it. Merge commits
//! follow `--merges`: skipped, against the first parent (the default), or
//! against every parent.

use super::git::{
    changed_blobs, detect_renames, git, scan_diff_options, Changes, GitError, NewSide,
};
use crate::blob::CommitInfo;
use git2::{Commit, ErrorCode, Oid, Repository, Sort};
use std::sync::Arc;

/// How merge commits are diffed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merges {
    /// Not at all: their changes were checked on their branches.
    Skip,
    /// Against the first parent: what the merge brings into the branch.
    FirstParent,
    /// Against every parent.
    All,
}

/// What one commit (against one parent) adds.
#[derive(Debug)]
pub struct CommitChanges {
    /// The commit.
    pub commit: Arc<CommitInfo>,
    /// Its added blobs and lines.
    pub changes: Changes,
}

/// Reads a commit's author and subject.
pub fn commit_info(c: &Commit<'_>) -> Arc<CommitInfo> {
    let author = c.author();
    Arc::new(CommitInfo {
        sha: c.id().to_string(),
        author: author.name().unwrap_or("").to_string(),
        email: author.email().unwrap_or("").to_string(),
        time: author.when().seconds(),
        summary: c.summary().unwrap_or("").to_string(),
    })
}

fn resolve(repo: &Repository, rev: &str) -> Result<Oid, GitError> {
    match repo.revparse_single(rev).and_then(|o| o.peel_to_commit()) {
        Ok(c) => Ok(c.id()),
        Err(e)
            if e.code() == ErrorCode::NotFound
                || e.code() == ErrorCode::Ambiguous
                || e.class() == git2::ErrorClass::Odb =>
        {
            Err(missing(repo, rev))
        }
        Err(e) => Err(git(&format!("resolving {rev}"))(e)),
    }
}

fn missing(repo: &Repository, rev: &str) -> GitError {
    GitError::MissingRevision {
        rev: rev.to_string(),
        shallow: if repo.is_shallow() {
            " (the clone is shallow)"
        } else {
            ""
        },
    }
}

/// `spec` split at `...` or `..` into its two ends, or `None` for a
/// single commit. An empty end is an error naming it (an unset CI
/// variable gives `..SHA` or `SHA..`, which would scan nothing).
fn split_range(spec: &str) -> Result<Option<(&str, &str, &str)>, GitError> {
    let (sep, a, b) = if let Some((a, b)) = spec.split_once("...") {
        ("...", a, b)
    } else if let Some((a, b)) = spec.split_once("..") {
        ("..", a, b)
    } else {
        return Ok(None);
    };
    let side = match (a.trim().is_empty(), b.trim().is_empty()) {
        (true, true) => Some("both sides are"),
        (true, false) => Some("the base (before the dots) is"),
        (false, true) => Some("the head (after the dots) is"),
        (false, false) => None,
    };
    if let Some(side) = side {
        return Err(GitError::BadRange(format!(
            "the range `{spec}` is not usable: {side} empty (is a CI variable unset?); give both ends, BASE{sep}HEAD"
        )));
    }
    Ok(Some((sep, a, b)))
}

/// The commits of `spec`, oldest first: `A..B` (in B, not in A), `A...B`
/// (in B since the merge base), or a single commit. Both ends must be
/// given; `A..B` with B an ancestor of A (the ends swapped) is an error,
/// `A..A` is an empty range.
pub fn commits_in(repo: &Repository, spec: &str) -> Result<Vec<Oid>, GitError> {
    let (hide, push) = match split_range(spec)? {
        Some(("...", a, b)) => {
            let b = resolve(repo, b)?;
            let a = resolve(repo, a)?;
            let base = repo
                .merge_base(a, b)
                .map_err(git(&format!("finding the merge base of {spec}")))?;
            (Some(base), b)
        }
        Some((_, a, b)) => {
            let b = resolve(repo, b)?;
            if a.bytes().all(|c| c == b'0') {
                // A new branch being pushed (git's all-zero old id): everything
                // no remote has yet.
                return walk_new(repo, b);
            }
            let a = resolve(repo, a)?;
            check_order(repo, spec, a, b)?;
            (Some(a), b)
        }
        None => return Ok(vec![resolve(repo, spec)?]),
    };
    let mut walk = repo.revwalk().map_err(git("walking commits"))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(git("walking commits"))?;
    walk.push(push).map_err(git("walking commits"))?;
    if let Some(h) = hide {
        walk.hide(h).map_err(git("walking commits"))?;
    }
    walk.collect::<Result<Vec<_>, _>>()
        .map_err(|e| match e.code() {
            ErrorCode::NotFound => missing(repo, spec),
            _ => git(&format!("walking {spec}"))(e),
        })
}

/// `A..B` where B is an ancestor of A (and not A itself) has its ends
/// swapped: it would scan nothing.
fn check_order(repo: &Repository, spec: &str, a: Oid, b: Oid) -> Result<(), GitError> {
    if a != b
        && repo
            .graph_descendant_of(a, b)
            .map_err(git(&format!("ordering {spec}")))?
    {
        return Err(GitError::BadRange(format!(
            "the range `{spec}` is reversed: its head is an ancestor of its base, so it holds no commits; give BASE..HEAD"
        )));
    }
    Ok(())
}

/// Commits reachable from `tip` that no remote-tracking ref reaches.
fn walk_new(repo: &Repository, tip: Oid) -> Result<Vec<Oid>, GitError> {
    let mut walk = repo.revwalk().map_err(git("walking commits"))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(git("walking commits"))?;
    walk.push(tip).map_err(git("walking commits"))?;
    walk.hide_glob("remotes/*")
        .map_err(git("reading remote refs"))?;
    walk.collect::<Result<Vec<_>, _>>()
        .map_err(git("walking new commits"))
}

/// The commit a range is compared against: `A` in `A..B`, the merge base
/// in `A...B`, the parent of a single commit; `None` for a root commit or a
/// new branch (all-zero old id).
pub fn base_commit(repo: &Repository, spec: &str) -> Result<Option<Oid>, GitError> {
    match split_range(spec)? {
        Some(("...", a, b)) => {
            let b = resolve(repo, b)?;
            let a = resolve(repo, a)?;
            repo.merge_base(a, b)
                .map(Some)
                .map_err(git(&format!("finding the merge base of {spec}")))
        }
        Some((_, a, _)) if a.bytes().all(|c| c == b'0') => Ok(None),
        Some((_, a, _)) => resolve(repo, a).map(Some),
        None => {
            let c = repo
                .find_commit(resolve(repo, spec)?)
                .map_err(git("reading a commit"))?;
            Ok(c.parent_id(0).ok())
        }
    }
}

/// The content of `path` in `commit`'s tree, if it is a file there.
pub fn file_at(repo: &Repository, commit: Oid, path: &str) -> Result<Option<Vec<u8>>, GitError> {
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(git("reading the base tree"))?;
    let Ok(entry) = tree.get_path(std::path::Path::new(path)) else {
        return Ok(None);
    };
    match entry.to_object(repo).map(|o| o.into_blob()) {
        Ok(Ok(blob)) => Ok(Some(blob.content().to_vec())),
        _ => Ok(None),
    }
}

/// What each commit of `spec` adds, handed to `each` one commit at a
/// time (oldest first; a merge under `--merges=all` gives one entry per
/// parent), so that only one commit's blobs are in memory at once.
/// Stops at the first error `each` returns.
pub fn read_range<E: From<GitError>>(
    repo: &Repository,
    spec: &str,
    merges: Merges,
    max_file_size: u64,
    each: impl FnMut(Vec<CommitChanges>) -> Result<(), E>,
) -> Result<(), E> {
    let ids = commits_in(repo, spec)?;
    for_each_commit(repo, &ids, merges, max_file_size, each)
}

/// What each of `ids` adds, in the order given: each commit diffed against
/// its first parent (merges as `merges` says), as [`read_range`] does for a
/// range. For callers that choose the commits themselves (a push).
pub fn read_commits(
    repo: &Repository,
    ids: &[Oid],
    merges: Merges,
    max_file_size: u64,
) -> Result<Vec<CommitChanges>, GitError> {
    let mut out = Vec::new();
    for_each_commit(repo, ids, merges, max_file_size, |c| {
        out.extend(c);
        Ok::<(), GitError>(())
    })?;
    Ok(out)
}

/// What each of `ids` adds, handed to `each` one commit at a time.
fn for_each_commit<E: From<GitError>>(
    repo: &Repository,
    ids: &[Oid],
    merges: Merges,
    max_file_size: u64,
    mut each: impl FnMut(Vec<CommitChanges>) -> Result<(), E>,
) -> Result<(), E> {
    super::git::fast_object_reads();
    for &id in ids {
        let commit = repo.find_commit(id).map_err(git("reading a commit"))?;
        let info = commit_info(&commit);
        let parents: Vec<Option<git2::Tree<'_>>> = match commit.parent_count() {
            0 => vec![None],
            1 => vec![Some(parent_tree(repo, &commit, 0)?)],
            n => match merges {
                Merges::Skip => continue,
                Merges::FirstParent => vec![Some(parent_tree(repo, &commit, 0)?)],
                Merges::All => (0..n)
                    .map(|i| parent_tree(repo, &commit, i).map(Some))
                    .collect::<Result<_, _>>()?,
            },
        };
        let tree = commit.tree().map_err(git("reading a commit's tree"))?;
        let mut out = Vec::with_capacity(parents.len());
        for parent in parents {
            let mut diff = repo
                .diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut scan_diff_options()))
                .map_err(git(&format!("diffing commit {}", info.sha)))?;
            detect_renames(repo, &mut diff)?;
            let changes = changed_blobs(
                repo,
                &diff,
                parent.as_ref(),
                NewSide::Tree(&tree),
                max_file_size,
                "commit",
            )?;
            out.push(CommitChanges {
                commit: info.clone(),
                changes,
            });
        }
        each(out)?;
    }
    Ok(())
}

fn parent_tree<'r>(
    repo: &'r Repository,
    c: &Commit<'r>,
    i: usize,
) -> Result<git2::Tree<'r>, GitError> {
    let parent = c
        .parent(i)
        .map_err(|_| missing(repo, &format!("parent {} of commit {}", i + 1, c.id())))?;
    parent.tree().map_err(git("reading a parent tree"))
}
