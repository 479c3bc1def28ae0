//! Whole-history audits. Every commit reachable from the chosen refs is
//! diffed (tree to tree, no content) against its first parent to learn which
//! blob each path received; each **distinct blob is scanned once**, and its
//! findings are attributed to the commit and path that introduced it first
//! (or to every introduction). Only blob ids and introductions are held in
//! memory; contents are read, scanned and dropped one at a time per thread.

use super::commits::commit_info;
use super::git::{git, GitError};
use super::CommitInfo;
use git2::{Delta, DiffOptions, FileMode, Oid, Repository, Sort};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Where and when a blob entered the history.
#[derive(Debug, Clone)]
pub struct Introduction {
    /// The commit that added the blob at `path`.
    pub commit: Arc<CommitInfo>,
    /// The path it was added at.
    pub path: PathBuf,
    /// Position in the walk (oldest first), to order introductions.
    pub order: usize,
}

/// A distinct blob and where it was introduced (earliest first).
#[derive(Debug)]
pub struct HistoryBlob {
    /// Object id.
    pub id: Oid,
    /// Introductions; the first is the earliest.
    pub intros: Vec<Introduction>,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct History {
    /// Distinct blobs, in order of first introduction.
    pub blobs: Vec<HistoryBlob>,
    /// Commits walked.
    pub commits: usize,
}

/// Walks `refs` (every ref when empty, plus HEAD) oldest first and lists
/// each distinct blob with its introductions (only the first unless
/// `all_introductions`).
pub fn collect(
    repo: &Repository,
    refs: &[String],
    all_introductions: bool,
) -> Result<History, GitError> {
    let mut walk = repo.revwalk().map_err(git("walking history"))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(git("walking history"))?;
    if refs.is_empty() {
        walk.push_glob("*").map_err(git("reading refs"))?;
        if repo.head().is_ok() {
            walk.push_head().map_err(git("reading HEAD"))?;
        }
    } else {
        for r in refs {
            let id = repo
                .revparse_single(r)
                .and_then(|o| o.peel_to_commit())
                .map_err(git(&format!("resolving {r}")))?
                .id();
            walk.push(id).map_err(git("walking history"))?;
        }
    }
    let mut index: HashMap<Oid, usize> = HashMap::new();
    let mut history = History::default();
    for (order, id) in walk.enumerate() {
        let id = id.map_err(git("walking history"))?;
        let commit = repo.find_commit(id).map_err(git("reading a commit"))?;
        history.commits += 1;
        let tree = commit.tree().map_err(git("reading a tree"))?;
        let parent = match commit.parent(0) {
            Ok(p) => Some(p.tree().map_err(git("reading a parent tree"))?),
            Err(_) => None, // root commit, or a shallow boundary
        };
        let mut opts = DiffOptions::new();
        opts.ignore_submodules(true).include_typechange(true);
        let diff = repo
            .diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut opts))
            .map_err(git(&format!("diffing commit {id}")))?;
        let mut info: Option<Arc<CommitInfo>> = None;
        for delta in diff.deltas() {
            if !matches!(
                delta.status(),
                Delta::Added | Delta::Modified | Delta::Renamed | Delta::Copied | Delta::Typechange
            ) {
                continue;
            }
            let new = delta.new_file();
            if !matches!(new.mode(), FileMode::Blob | FileMode::BlobExecutable) {
                continue;
            }
            let Some(path) = new.path() else { continue };
            let seen = index.get(&new.id()).copied();
            if seen.is_some() && !all_introductions {
                continue;
            }
            let intro = Introduction {
                commit: info.get_or_insert_with(|| commit_info(&commit)).clone(),
                path: path.to_path_buf(),
                order,
            };
            match seen {
                Some(i) => history.blobs[i].intros.push(intro),
                None => {
                    index.insert(new.id(), history.blobs.len());
                    history.blobs.push(HistoryBlob {
                        id: new.id(),
                        intros: vec![intro],
                    });
                }
            }
        }
    }
    Ok(history)
}
