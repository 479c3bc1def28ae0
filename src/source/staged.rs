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
    add_change, add_content, changed_blobs, detect_renames, git, has_content, is_link, same_kind,
    scan_diff_options, Changes, GitError, NewSide, Rename, GITLINK,
};
use super::index;
use git2::{ErrorCode, Oid, Repository, Tree};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// A path from the index or a tree, which need not be UTF-8.
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Records a staged change: a file's content and path, or a symlink's
/// target text (whose name is no file's name for path rules).
fn record(
    repo: &Repository,
    out: &mut Changes,
    path: PathBuf,
    mode: u32,
    new: Oid,
    old: Option<Oid>,
    max_file_size: u64,
) -> Result<(), GitError> {
    if is_link(mode) {
        add_content(repo, out, path, new, old, max_file_size, "staged")
    } else {
        add_change(repo, out, path, new, old, max_file_size, "staged")
    }
}

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
    detect_renames(repo, &mut diff)?;
    changed_blobs(
        repo,
        &diff,
        head_tree,
        NewSide::Index(&index),
        max_file_size,
        "staged",
    )
}

/// One file whose staged content differs from HEAD.
struct Changed {
    path: Vec<u8>,
    /// The staged mode (a regular file or a symlink).
    mode: u32,
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
    let Some(mut parsed) = index::parse(&bytes) else {
        return Ok(None);
    };
    // libgit2 cannot read a split index, so a case the cache-tree walk
    // does not handle is compared path by path instead.
    let split = parsed.split.is_some();
    if let Some(shared) = parsed.split.as_ref().map(|s| s.shared) {
        // A split index (core.splitIndex), which libgit2 cannot read: apply
        // it to its shared index, found where git looks for it.
        parsed = match shared {
            None => index::Index {
                split: None,
                ..parsed
            },
            Some(id) => {
                let name = format!("sharedindex.{id}");
                let dirs = [Some(repo.path()), path.parent()];
                let Some(shared) = dirs
                    .iter()
                    .flatten()
                    .find_map(|d| std::fs::read(d.join(&name)).ok())
                    .and_then(|b| index::parse(&b))
                else {
                    return Ok(None);
                };
                let Some(merged) = parsed.merge_shared(shared) else {
                    return Ok(None);
                };
                merged
            }
        };
    }
    if parsed.sparse {
        return sparse_changes(repo, head_tree, &parsed, max_file_size).map(Some);
    }
    let fall_back = |parsed: &index::Index| -> Result<Option<Changes>, GitError> {
        if split {
            sparse_changes(repo, head_tree, parsed, max_file_size).map(Some)
        } else {
            Ok(None)
        }
    };
    let mut changed = Vec::new();
    match head_tree {
        None => {
            if parsed.entries.iter().any(|e| e.mode == GITLINK) {
                return fall_back(&parsed); // libgit2 counts submodules
            }
            for e in &parsed.entries {
                if has_content(e.mode) && !e.intent_to_add {
                    changed.push(Changed {
                        path: e.path.clone(),
                        mode: e.mode,
                        new: e.oid,
                        old: None,
                        mode_only: false,
                    });
                }
            }
        }
        Some(head) => {
            let Some(cache) = &parsed.cache_tree else {
                return fall_back(&parsed);
            };
            if !compare_dir(repo, b"", cache, Some(head), &parsed.entries, &mut changed)? {
                return fall_back(&parsed);
            }
        }
    }
    let mut out = Changes::default();
    for c in changed {
        let path = path_from_bytes(c.path);
        if c.mode_only {
            if !is_link(c.mode) {
                out.changed_paths.push(path);
            }
            continue;
        }
        record(repo, &mut out, path, c.mode, c.new, c.old, max_file_size)?;
    }
    Ok(Some(out))
}

/// The staged changes of a sparse or split index, which libgit2 cannot
/// read: a sparse index's directory entries are expanded from their trees
/// and every path compared with HEAD's. Slower than the cache-tree walk, exact for added
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
    let removed: HashMap<Oid, &[u8]> = head
        .iter()
        .filter(|(p, _)| !staged_paths.contains(p.as_slice()))
        .map(|(p, (id, _))| (*id, p.as_slice()))
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
        if !has_content(mode) {
            continue;
        }
        let path = path_from_bytes(path);
        match old {
            Some((id, m)) if id == oid && same_kind(m, mode) => {
                if m != mode && !is_link(mode) {
                    out.changed_paths.push(path);
                }
            }
            Some((id, m)) => record(
                repo,
                &mut out,
                path,
                mode,
                oid,
                (same_kind(m, mode) && has_content(m)).then_some(id),
                max_file_size,
            )?,
            // A pure rename: no new content, but a file's new name meets
            // the path rules.
            None if removed.contains_key(&oid) => {
                if !is_link(mode) {
                    out.changed_paths.push(path.clone());
                    out.renames.push(Rename {
                        old: path_from_bytes(removed[&oid].to_vec()),
                        new: path,
                        id: oid,
                    });
                }
            }
            None => record(repo, &mut out, path, mode, oid, None, max_file_size)?,
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
        let mode = te.filemode_raw() as u32;
        if mode & 0o170000 == 0o040000 {
            path.push(b'/');
            let sub = repo.find_tree(te.id()).map_err(git("reading a tree"))?;
            flatten(repo, &sub, &path, out)?;
        } else {
            out.insert(path, (te.id(), mode));
        }
    }
    Ok(())
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
            .filter(|e| has_content(e.mode) && !e.intent_to_add)
        {
            out.push(Changed {
                path: e.path.clone(),
                mode: e.mode,
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
    let head_entries: HashMap<Vec<u8>, (Oid, u32)> = head
        .iter()
        .map(|te| {
            (
                te.name_bytes().to_vec(),
                (te.id(), te.filemode_raw() as u32),
            )
        })
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
                    Some(&(_, m)) if m & 0o170000 == 0o040000 => return Ok(false), // dir became a file
                    Some(&(id, mode)) => {
                        if e.mode == GITLINK && id != e.oid {
                            return Ok(false); // libgit2 counts submodules
                        }
                        if !has_content(e.mode) {
                            continue;
                        }
                        let old_same = has_content(mode) && same_kind(mode, e.mode);
                        if id != e.oid || !old_same {
                            out.push(Changed {
                                path: e.path.clone(),
                                mode: e.mode,
                                new: e.oid,
                                old: old_same.then_some(id),
                                mode_only: false,
                            });
                        } else if mode != e.mode {
                            out.push(Changed {
                                path: e.path.clone(),
                                mode: e.mode,
                                new: e.oid,
                                old: Some(id),
                                mode_only: true,
                            });
                        }
                    }
                    None if has_content(e.mode) => out.push(Changed {
                        path: e.path.clone(),
                        mode: e.mode,
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
                    Some(&(id, m)) if m & 0o170000 == 0o040000 => {
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
