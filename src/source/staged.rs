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

use super::git::{
    add_change, changed_blobs, detect_renames, git, scan_diff_options, Changes, GitError,
};
use super::index;
use git2::{ErrorCode, Oid, Repository, Tree};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Why the staged changes could not be read.
pub type StagedError = GitError;

/// Staged paths that are new in this commit and that `.gitignore` would
/// ignore: they got into the index with `git add -f`, the classic way a
/// `.env` reaches a repository.
pub fn force_added(repo: &Repository, paths: &[PathBuf]) -> Vec<PathBuf> {
    let head = repo.head().ok().and_then(|h| h.peel_to_tree().ok());
    paths
        .iter()
        .filter(|p| head.as_ref().is_none_or(|t| t.get_path(p).is_err()))
        .filter(|p| repo.status_should_ignore(p).unwrap_or(false))
        .cloned()
        .collect()
}

/// Reads what is staged in `repo`: the index blobs that differ from HEAD,
/// with their added lines.
pub fn read_staged_in(repo: &Repository, max_file_size: u64) -> Result<Changes, StagedError> {
    if repo.is_bare() {
        return Err(StagedError::Bare(repo.path().to_path_buf()));
    }
    let head_tree = match repo.head() {
        Ok(head) => Some(head.peel_to_tree().map_err(git("reading HEAD's tree"))?),
        Err(e) if e.code() == ErrorCode::UnbornBranch || e.code() == ErrorCode::NotFound => None,
        Err(e) => return Err(git("reading HEAD")(e)),
    };
    match fast_changes(repo, head_tree.as_ref(), max_file_size)? {
        Some(changes) => Ok(changes),
        None => slow_changes(repo, head_tree.as_ref(), max_file_size),
    }
}

/// The staged changes through libgit2: a full HEAD ↔ index diff with rename
/// detection. Exact in every case; slow on large repositories.
pub fn slow_changes(
    repo: &Repository,
    head_tree: Option<&Tree<'_>>,
    max_file_size: u64,
) -> Result<Changes, GitError> {
    let index = repo.index().map_err(git("reading the index"))?;
    let mut diff = repo
        .diff_tree_to_index(head_tree, Some(&index), Some(&mut scan_diff_options()))
        .map_err(git("comparing HEAD with the index"))?;
    detect_renames(&mut diff)?;
    changed_blobs(repo, &diff, max_file_size, "staged")
}

/// One file whose staged content differs from HEAD.
struct Changed {
    path: Vec<u8>,
    new: Oid,
    /// The HEAD blob it replaces (None: new, or replacing a non-file).
    old: Option<Oid>,
    /// Only the mode changed: path rules apply, no content is new.
    mode_only: bool,
}

/// The staged changes the way git finds them: read the index directly and
/// walk its cache-tree against HEAD, loading only the trees of directories
/// that changed. `None` (use [`slow_changes`]) for anything it does not
/// handle exactly: no cache-tree, split or sparse indexes, conflicts, and
/// any deletion or type change of a directory (which may be a rename).
pub fn fast_changes(
    repo: &Repository,
    head_tree: Option<&Tree<'_>>,
    max_file_size: u64,
) -> Result<Option<Changes>, GitError> {
    let path = match std::env::var_os("GIT_INDEX_FILE") {
        Some(p) => PathBuf::from(p),
        None => repo.path().join("index"),
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return Ok(None);
    };
    let Some(parsed) = index::parse(&bytes) else {
        return Ok(None);
    };
    if parsed.sparse {
        return sparse_changes(repo, head_tree, &parsed, max_file_size).map(Some);
    }
    let mut changed = Vec::new();
    match head_tree {
        None => {
            if parsed.entries.iter().any(|e| e.mode == GITLINK) {
                return Ok(None); // libgit2 counts submodules
            }
            for e in &parsed.entries {
                if is_file(e.mode) && !e.intent_to_add {
                    changed.push(Changed {
                        path: e.path.clone(),
                        new: e.oid,
                        old: None,
                        mode_only: false,
                    });
                }
            }
        }
        Some(head) => {
            let Some(cache) = &parsed.cache_tree else {
                return Ok(None);
            };
            if !compare_dir(repo, b"", cache, Some(head), &parsed.entries, &mut changed)? {
                return Ok(None);
            }
        }
    }
    let mut out = Changes::default();
    for c in changed {
        let Ok(path) = String::from_utf8(c.path) else {
            return Ok(None); // non-UTF-8 paths: let libgit2 handle them
        };
        if c.mode_only {
            out.changed_paths.push(PathBuf::from(path));
            continue;
        }
        add_change(
            repo,
            &mut out,
            PathBuf::from(path),
            c.new,
            c.old,
            max_file_size,
            "staged",
        )?;
    }
    Ok(Some(out))
}

/// The staged changes of a sparse index, which libgit2 cannot read: the
/// index's directory entries are expanded from their trees and every path
/// compared with HEAD's. Slower than the cache-tree walk, exact for added
/// content; a file whose blob HEAD has under another path is taken as a
/// pure rename, as git would pair it.
fn sparse_changes(
    repo: &Repository,
    head_tree: Option<&Tree<'_>>,
    parsed: &index::Index,
    max_file_size: u64,
) -> Result<Changes, GitError> {
    let mut head: HashMap<Vec<u8>, (Oid, u32)> = HashMap::new();
    if let Some(tree) = head_tree {
        flatten(repo, tree, b"", &mut head)?;
    }
    let mut staged: Vec<(Vec<u8>, Oid, u32)> = Vec::with_capacity(parsed.entries.len());
    for e in &parsed.entries {
        if e.intent_to_add {
            continue;
        }
        if e.mode == 0o040000 {
            let tree = repo
                .find_tree(e.oid)
                .map_err(git("reading a sparse directory's tree"))?;
            let mut inner = HashMap::new();
            flatten(repo, &tree, &e.path, &mut inner)?;
            staged.extend(inner.into_iter().map(|(p, (id, m))| (p, id, m)));
        } else {
            staged.push((e.path.clone(), e.oid, e.mode));
        }
    }
    let staged_paths: HashSet<&[u8]> = staged.iter().map(|(p, _, _)| p.as_slice()).collect();
    // Blobs of HEAD paths the index no longer has: rename sources.
    let removed: HashSet<Oid> = head
        .iter()
        .filter(|(p, _)| !staged_paths.contains(p.as_slice()))
        .map(|(_, (id, _))| *id)
        .collect();
    let mut out = Changes::default();
    staged.sort();
    for (path, oid, mode) in staged {
        let old = head.get(&path).copied();
        if mode == GITLINK {
            if old.is_none_or(|(id, _)| id != oid) {
                out.stats.submodules += 1;
            }
            continue;
        }
        if !is_file(mode) {
            continue;
        }
        let Ok(path) = String::from_utf8(path) else {
            continue;
        };
        match old {
            Some((id, m)) if id == oid => {
                if m != mode {
                    out.changed_paths.push(PathBuf::from(path));
                }
            }
            Some((id, m)) => add_change(
                repo,
                &mut out,
                PathBuf::from(path),
                oid,
                is_file(m).then_some(id),
                max_file_size,
                "staged",
            )?,
            // A pure rename: no new content, but the new name meets the
            // path rules.
            None if removed.contains(&oid) => out.changed_paths.push(PathBuf::from(path)),
            None => add_change(
                repo,
                &mut out,
                PathBuf::from(path),
                oid,
                None,
                max_file_size,
                "staged",
            )?,
        }
    }
    Ok(out)
}

/// Every non-tree entry under `tree`, by full path.
fn flatten(
    repo: &Repository,
    tree: &Tree<'_>,
    prefix: &[u8],
    out: &mut HashMap<Vec<u8>, (Oid, u32)>,
) -> Result<(), GitError> {
    for te in tree.iter() {
        let mut path = prefix.to_vec();
        path.extend_from_slice(te.name_bytes());
        let mode = te.filemode() as u32;
        if mode == 0o040000 {
            path.push(b'/');
            let sub = repo.find_tree(te.id()).map_err(git("reading a tree"))?;
            flatten(repo, &sub, &path, out)?;
        } else {
            out.insert(path, (te.id(), mode));
        }
    }
    Ok(())
}

/// A submodule's entry: a commit of another repository.
const GITLINK: u32 = 0o160000;

fn is_file(mode: u32) -> bool {
    mode == 0o100644 || mode == 0o100755
}

/// Compares the index entries under `prefix` (all of `entries`) with `head`,
/// the HEAD tree of that directory. Returns false when the caller must fall
/// back to libgit2.
fn compare_dir(
    repo: &Repository,
    prefix: &[u8],
    node: &index::CacheTree,
    head: Option<&Tree<'_>>,
    entries: &[index::Entry],
    out: &mut Vec<Changed>,
) -> Result<bool, GitError> {
    let Some(head) = head else {
        // A directory HEAD does not have: everything in it is new.
        if entries.iter().any(|e| e.mode == GITLINK) {
            return Ok(false); // libgit2 counts submodules
        }
        for e in entries
            .iter()
            .filter(|e| is_file(e.mode) && !e.intent_to_add)
        {
            out.push(Changed {
                path: e.path.clone(),
                new: e.oid,
                old: None,
                mode_only: false,
            });
        }
        return Ok(true);
    };
    if node.oid == Some(head.id()) {
        return Ok(true); // unchanged since the cache-tree was computed
    }
    let head_entries: HashMap<Vec<u8>, (Oid, i32)> = head
        .iter()
        .map(|te| (te.name_bytes().to_vec(), (te.id(), te.filemode())))
        .collect();
    let mut seen: HashSet<&[u8]> = HashSet::with_capacity(head_entries.len());
    let mut i = 0;
    while i < entries.len() {
        let rel = &entries[i].path[prefix.len()..];
        match memchr::memchr(b'/', rel) {
            None => {
                let e = &entries[i];
                seen.insert(rel);
                i += 1;
                if e.intent_to_add {
                    continue;
                }
                match head_entries.get(rel) {
                    Some(&(_, 0o040000)) => return Ok(false), // dir became a file
                    Some(&(id, mode)) => {
                        if e.mode == GITLINK && id != e.oid {
                            return Ok(false); // libgit2 counts submodules
                        }
                        if !is_file(e.mode) {
                            continue; // symlinks carry no scannable content
                        }
                        let old_is_file = is_file(mode as u32);
                        if id != e.oid || !old_is_file {
                            out.push(Changed {
                                path: e.path.clone(),
                                new: e.oid,
                                old: old_is_file.then_some(id),
                                mode_only: false,
                            });
                        } else if mode as u32 != e.mode {
                            out.push(Changed {
                                path: e.path.clone(),
                                new: e.oid,
                                old: Some(id),
                                mode_only: true,
                            });
                        }
                    }
                    None if is_file(e.mode) => out.push(Changed {
                        path: e.path.clone(),
                        new: e.oid,
                        old: None,
                        mode_only: false,
                    }),
                    None if e.mode == GITLINK => return Ok(false), // libgit2 counts submodules
                    None => {}
                }
            }
            Some(slash) => {
                let name = &rel[..slash];
                seen.insert(name);
                let sub_len = prefix.len() + slash + 1;
                let sub_prefix = &entries[i].path[..sub_len];
                let end = i + entries[i..]
                    .iter()
                    .position(|e| !e.path.starts_with(sub_prefix))
                    .unwrap_or(entries.len() - i);
                let head_sub = match head_entries.get(name) {
                    Some(&(id, 0o040000)) => {
                        Some(repo.find_tree(id).map_err(git("reading a HEAD tree"))?)
                    }
                    Some(_) => return Ok(false), // a file became a directory
                    None => None,
                };
                let empty = index::CacheTree::default();
                let child = node
                    .children
                    .iter()
                    .find(|c| c.name == name)
                    .unwrap_or(&empty);
                if !compare_dir(
                    repo,
                    sub_prefix,
                    child,
                    head_sub.as_ref(),
                    &entries[i..end],
                    out,
                )? {
                    return Ok(false);
                }
                i = end;
            }
        }
    }
    // Something HEAD has that the index lacks: a deletion, maybe half of a
    // rename. libgit2 pairs renames; let it.
    if head_entries
        .keys()
        .any(|name| !seen.contains(name.as_slice()))
    {
        return Ok(false);
    }
    Ok(true)
}
