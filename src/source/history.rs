//! Whole-history audits. Every commit reachable from the chosen refs is
//! diffed (tree to tree, no content) against its first parent to learn which
//! blob each path received; each **distinct blob is scanned once**, and its
//! findings are attributed to the commit and path that introduced it first
//! (or to every introduction). Only blob ids and introductions are held in
//! memory; contents are read, scanned and dropped one at a time per thread.

use super::commits::commit_info;
use super::git::{git, has_content, missing_in_partial_clone, promisor_remote, GitError};
use crate::blob::CommitInfo;
use git2::{ObjectType, Oid, Repository, Sort, Tree};
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
/// each distinct blob with its introductions: every one with
/// `all_introductions`, else the first for each distinct `path_key` of the
/// paths it was added at. The caller's key says which paths are scanned
/// alike (the same blob as `cert.bin` and, renamed, as `signing.p12` is
/// not), without this module knowing why.
pub fn collect(
    repo: &Repository,
    refs: &[String],
    all_introductions: bool,
    path_key: &dyn Fn(&std::path::Path) -> u64,
) -> Result<History, GitError> {
    super::git::fast_object_reads();
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
    let mut keys: HashMap<Oid, Vec<u64>> = HashMap::new();
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
        let mut added = Vec::new();
        added_blobs(
            repo,
            parent.as_ref(),
            &tree,
            &mut PathBuf::new(),
            &mut added,
        )?;
        let mut info: Option<Arc<CommitInfo>> = None;
        for (path, blob) in added {
            let seen = index.get(&blob).copied();
            if seen.is_some() && !all_introductions {
                let key = path_key(&path);
                let blob_keys = keys.entry(blob).or_default();
                if blob_keys.contains(&key) {
                    continue;
                }
                blob_keys.push(key);
            } else if !all_introductions {
                keys.insert(blob, vec![path_key(&path)]);
            }
            let intro = Introduction {
                commit: info.get_or_insert_with(|| commit_info(&commit)).clone(),
                path,
                order,
            };
            match seen {
                Some(i) => history.blobs[i].intros.push(intro),
                None => {
                    index.insert(blob, history.blobs.len());
                    history.blobs.push(HistoryBlob {
                        id: blob,
                        intros: vec![intro],
                    });
                }
            }
        }
    }
    if promisor_remote(repo).is_some() {
        // A partial clone lacks blobs that libgit2 cannot fetch: say so
        // now, by name, rather than fail blob by blob later.
        let odb = repo.odb().map_err(git("opening the object database"))?;
        if let Some(hb) = history.blobs.iter().find(|hb| !odb.exists(hb.id)) {
            let path = hb.intros[0].path.display();
            if let Some(e) = missing_in_partial_clone(repo, &format!("reading {path}"), hb.id) {
                return Err(e);
            }
        }
    }
    Ok(history)
}

/// A tree entry's name, which need not be UTF-8.
fn name_os(bytes: &[u8]) -> std::ffi::OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(bytes).to_os_string()
    }
    #[cfg(not(unix))]
    {
        String::from_utf8_lossy(bytes).into_owned().into()
    }
}

/// The regular-file and symlink blobs of `new` that `old` does not have at the same
/// path, found by walking only the subtrees whose ids differ (git's own
/// shortcut: an unchanged directory has an unchanged tree id).
fn added_blobs(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: &Tree<'_>,
    prefix: &mut PathBuf,
    out: &mut Vec<(PathBuf, Oid)>,
) -> Result<(), GitError> {
    let old_entries: HashMap<Vec<u8>, (Oid, Option<ObjectType>)> = old
        .map(|t| {
            t.iter()
                .map(|e| (e.name_bytes().to_vec(), (e.id(), e.kind())))
                .collect()
        })
        .unwrap_or_default();
    for entry in new.iter() {
        let before = old_entries.get(entry.name_bytes()).copied();
        if before.is_some_and(|(id, _)| id == entry.id()) {
            continue;
        }
        let name = name_os(entry.name_bytes());
        match entry.kind() {
            Some(ObjectType::Tree) => {
                let sub = repo.find_tree(entry.id()).map_err(git("reading a tree"))?;
                let old_sub = match before {
                    Some((id, Some(ObjectType::Tree))) => {
                        Some(repo.find_tree(id).map_err(git("reading a tree"))?)
                    }
                    _ => None,
                };
                prefix.push(&name);
                added_blobs(repo, old_sub.as_ref(), &sub, prefix, out)?;
                prefix.pop();
            }
            // Any regular-file mode (raw: `100664`, `100600`...) and
            // symlinks, whose blob is the target text.
            Some(ObjectType::Blob) if has_content(entry.filemode_raw() as u32) => {
                out.push((prefix.join(&name), entry.id()));
            }
            _ => {} // submodules
        }
    }
    Ok(())
}
