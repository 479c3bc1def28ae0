//! Pushes as a server sees them: the ref updates git hands a `pre-receive`
//! hook (`<old> <new> <ref>` lines on standard input), and the commits
//! those updates add that the server does not have yet.
//!
//! While the hook runs, the pushed objects sit in git's quarantine
//! directory (`GIT_QUARANTINE_PATH`, also given as `GIT_OBJECT_DIRECTORY`,
//! with the repository's own objects in `GIT_ALTERNATE_OBJECT_DIRECTORIES`);
//! the ref database is still as it was before the push.
//! [`open_for_push`] makes sure libgit2 reads the quarantined objects.

use super::commits::{self, commit_info, CommitChanges, Merges};
use super::git::{
    add_change, add_content, changed_blobs, git, has_content, is_link, same_kind,
    scan_diff_options, Changes, GitError, GITLINK,
};
use git2::{ObjectType, Oid, Repository, Sort, Tree};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One line of a pre-receive hook's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefUpdate {
    /// The ref's value before the push (all zeros: the ref is new).
    pub old: Oid,
    /// Its value after the push (all zeros: the ref is deleted).
    pub new: Oid,
    /// The full ref name, `refs/heads/main`.
    pub name: String,
}

impl RefUpdate {
    /// Whether the push deletes the ref (nothing to scan).
    pub fn is_deletion(&self) -> bool {
        self.new.is_zero()
    }

    /// Whether the push creates the ref.
    pub fn is_creation(&self) -> bool {
        self.old.is_zero()
    }
}

/// A line of hook input that is not `<old> <new> <ref>`.
#[derive(Debug, thiserror::Error)]
#[error("line {line} of the hook's input is not `<old-id> <new-id> <ref>`: {text:?}")]
pub struct BadUpdate {
    /// 1-based line number.
    pub line: usize,
    /// The line as read.
    pub text: String,
}

/// Parses git's pre-receive input: one `<old> <new> <ref>` per line
/// (object ids in hex, SHA-1 or SHA-256). Blank lines are skipped.
pub fn parse_updates(text: &str) -> Result<Vec<RefUpdate>, BadUpdate> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = || BadUpdate {
            line: i + 1,
            text: line.to_string(),
        };
        let mut parts = line.splitn(3, ' ');
        let (Some(old), Some(new), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let hex = |s: &str| {
            (s.len() >= 40 && s.bytes().all(|c| c.is_ascii_hexdigit()))
                .then(|| Oid::from_str(s).ok())
                .flatten()
        };
        let (Some(old), Some(new)) = (hex(old), hex(new)) else {
            return Err(bad());
        };
        if name.is_empty() {
            return Err(bad());
        }
        out.push(RefUpdate {
            old,
            new,
            name: name.to_string(),
        });
    }
    Ok(out)
}

/// Object directories git names for a hook: the quarantine
/// (`GIT_QUARANTINE_PATH`, `GIT_OBJECT_DIRECTORY`) and
/// `GIT_ALTERNATE_OBJECT_DIRECTORIES` (colon-separated).
fn object_dirs_from_env() -> Vec<std::path::PathBuf> {
    let mut dirs = Vec::new();
    for var in ["GIT_QUARANTINE_PATH", "GIT_OBJECT_DIRECTORY"] {
        if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
            dirs.push(std::path::PathBuf::from(v));
        }
    }
    if let Some(v) = std::env::var_os("GIT_ALTERNATE_OBJECT_DIRECTORIES") {
        dirs.extend(std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()));
    }
    dirs
}

/// Opens the repository a hook runs in (`GIT_DIR`, else discovery from
/// `git_dir` or the current directory) so that the pushed objects are
/// readable: if a new tip is not visible through the object database, the
/// object directories from git's environment are added as alternates.
/// Fails if a pushed tip still cannot be read, so that a push is never
/// passed unscanned.
pub fn open_for_push(
    git_dir: Option<&Path>,
    updates: &[RefUpdate],
) -> Result<Repository, GitError> {
    let repo = match git_dir {
        Some(d) => Repository::open(d),
        None => Repository::open_from_env(),
    }
    .map_err(|e| GitError::NotARepository(e.message().to_string()))?;
    let odb = repo.odb().map_err(git("opening the object database"))?;
    let missing = |odb: &git2::Odb<'_>| {
        updates
            .iter()
            .filter(|u| !u.is_deletion())
            .any(|u| !odb.exists(u.new))
    };
    if missing(&odb) {
        for dir in object_dirs_from_env() {
            if dir.is_dir() {
                odb.add_disk_alternate(&dir.to_string_lossy())
                    .map_err(git("adding git's quarantine directory"))?;
            }
        }
        if let Some(u) = updates
            .iter()
            .find(|u| !u.is_deletion() && !odb.exists(u.new))
        {
            return Err(GitError::Git {
                context: format!("reading the pushed object {} for {}", u.new, u.name),
                source: git2::Error::from_str(
                    "not in the repository nor in git's quarantine directory",
                ),
            });
        }
    }
    drop(odb);
    Ok(repo)
}

/// What a pushed tip is once annotated tags are peeled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tip {
    /// A commit (a branch, or a tag of a commit).
    Commit(Oid),
    /// A tag of a tree or blob: its content is scanned whole.
    Content(Oid, ObjectType),
}

/// Peels `id` through annotated tags.
pub fn peel(repo: &Repository, id: Oid) -> Result<Tip, GitError> {
    let mut cur = repo
        .find_object(id, None)
        .map_err(git(&format!("reading pushed object {id}")))?;
    while let Some(tag) = cur.as_tag() {
        cur = tag
            .target()
            .map_err(git(&format!("reading the target of tag {id}")))?;
    }
    Ok(match cur.kind() {
        Some(ObjectType::Commit) => Tip::Commit(cur.id()),
        Some(kind) => Tip::Content(cur.id(), kind),
        None => Tip::Content(cur.id(), ObjectType::Any),
    })
}

/// What a push adds.
#[derive(Debug, Default)]
pub struct Added {
    /// Commits new to the repository, oldest first.
    pub commits: Vec<Oid>,
    /// Refs that point (through tags) at a tree or blob, not a commit.
    pub tagged: Vec<(String, Tip)>,
}

/// The commits the push adds, oldest first: reachable from a new tip and
/// from no ref the repository already has (every ref is hidden at its
/// current value, which in a pre-receive hook is its value before the
/// push). Deletions add nothing; a known commit under a new name adds
/// nothing. Also returns the trees and blobs that tags point at directly.
pub fn new_commits(repo: &Repository, updates: &[RefUpdate]) -> Result<Added, GitError> {
    let mut walk = repo.revwalk().map_err(git("walking commits"))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(git("walking commits"))?;
    let mut pushed = false;
    let mut content = Vec::new();
    for u in updates.iter().filter(|u| !u.is_deletion()) {
        match peel(repo, u.new)? {
            Tip::Commit(c) => {
                walk.push(c).map_err(git(&format!("walking {}", u.name)))?;
                pushed = true;
            }
            tip => content.push((u.name.clone(), tip)),
        }
    }
    if !pushed {
        return Ok(Added {
            commits: Vec::new(),
            tagged: content,
        });
    }
    let refs = repo.references().map_err(git("reading the refs"))?;
    for r in refs.flatten() {
        // A ref that does not lead to a commit (a tag of a blob) hides
        // nothing.
        if let Ok(c) = r.peel_to_commit() {
            walk.hide(c.id()).map_err(git("hiding known commits"))?;
        }
    }
    let commits = walk
        .collect::<Result<Vec<_>, _>>()
        .map_err(git("walking the pushed commits"))?;
    Ok(Added {
        commits,
        tagged: content,
    })
}

/// The content of a tag that points at a tree (every file, whole) or a
/// blob (the blob, named after the ref), to scan like a root commit.
pub fn tagged_content(
    repo: &Repository,
    name: &str,
    tip: Tip,
    max_file_size: u64,
) -> Result<Changes, GitError> {
    match tip {
        Tip::Content(id, ObjectType::Tree) => {
            let tree = repo.find_tree(id).map_err(git("reading a tagged tree"))?;
            let diff = repo
                .diff_tree_to_tree(None, Some(&tree), Some(&mut scan_diff_options()))
                .map_err(git("listing a tagged tree"))?;
            changed_blobs(
                repo,
                &diff,
                None,
                super::git::NewSide::Tree(&tree),
                max_file_size,
                "tagged",
            )
        }
        Tip::Content(id, ObjectType::Blob) => {
            let mut out = Changes::default();
            super::git::add_change(
                repo,
                &mut out,
                std::path::PathBuf::from(name),
                id,
                None,
                max_file_size,
                "tagged",
            )?;
            Ok(out)
        }
        _ => Ok(Changes::default()),
    }
}

/// One path whose entry differs between two trees.
#[derive(Debug)]
struct Change {
    path: PathBuf,
    /// The old entry (id and mode), if the path existed.
    old: Option<(Oid, i32)>,
    /// The new entry, if the path exists.
    new: Option<(Oid, i32)>,
}

/// The paths whose entries differ between `old` and `new`, found by
/// entering only subtrees whose ids differ (git's own shortcut: an
/// unchanged folder has an unchanged tree id). libgit2's tree-to-tree diff
/// visits every file of both trees; on a large tree that dominated a push
/// of many small commits.
fn changed_paths(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    prefix: &mut PathBuf,
    out: &mut Vec<Change>,
) -> Result<(), GitError> {
    type Entry = (Oid, i32, Option<ObjectType>);
    let entries = |t: Option<&Tree<'_>>| -> Vec<(Vec<u8>, Entry)> {
        t.map(|t| {
            t.iter()
                .map(|e| (e.name_bytes().to_vec(), (e.id(), e.filemode(), e.kind())))
                .collect()
        })
        .unwrap_or_default()
    };
    let old_entries: HashMap<Vec<u8>, Entry> = entries(old).into_iter().collect();
    let new_entries = entries(new);
    let new_names: HashSet<&[u8]> = new_entries.iter().map(|(n, _)| n.as_slice()).collect();
    let subtree = |id: Oid| repo.find_tree(id).map_err(git("reading a tree"));
    let visit = |name: &[u8],
                 before: Option<Entry>,
                 after: Option<Entry>,
                 prefix: &mut PathBuf,
                 out: &mut Vec<Change>|
     -> Result<(), GitError> {
        let name = String::from_utf8_lossy(name).into_owned();
        let tree_of = |e: Option<Entry>| match e {
            Some((id, _, Some(ObjectType::Tree))) => subtree(id).map(Some),
            _ => Ok(None),
        };
        let (old_tree, new_tree) = (tree_of(before)?, tree_of(after)?);
        if old_tree.is_some() || new_tree.is_some() {
            prefix.push(&name);
            changed_paths(repo, old_tree.as_ref(), new_tree.as_ref(), prefix, out)?;
            prefix.pop();
        }
        let leaf = |e: Option<Entry>| e.filter(|(_, _, k)| *k != Some(ObjectType::Tree));
        let (old_leaf, new_leaf) = (leaf(before), leaf(after));
        if old_leaf.is_some() || new_leaf.is_some() {
            out.push(Change {
                path: prefix.join(&name),
                old: old_leaf.map(|(id, mode, _)| (id, mode)),
                new: new_leaf.map(|(id, mode, _)| (id, mode)),
            });
        }
        Ok(())
    };
    for (name, after) in &new_entries {
        let before = old_entries.get(name).copied();
        if before.is_some_and(|(id, mode, _)| id == after.0 && mode == after.1) {
            continue;
        }
        visit(name, before, Some(*after), prefix, out)?;
    }
    for (name, before) in &old_entries {
        if !new_names.contains(name.as_slice()) {
            visit(name, Some(*before), None, prefix, out)?;
        }
    }
    Ok(())
}

/// What each of `ids` adds against its first parent (merges included), as
/// [`commits::read_commits`] with `Merges::FirstParent` reports it, but
/// entering only the folders a commit changed. A commit that both removes
/// and adds files (a rename, perhaps with edits) is diffed by
/// [`commits::read_commits`] itself, with its rename detection, so the
/// result is the same.
pub fn read_new_commits(
    repo: &Repository,
    ids: &[Oid],
    max_file_size: u64,
) -> Result<Vec<CommitChanges>, GitError> {
    super::git::fast_object_reads();
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let commit = repo.find_commit(id).map_err(git("reading a commit"))?;
        let tree = commit.tree().map_err(git("reading a commit's tree"))?;
        let parent = match commit.parent_count() {
            0 => None,
            _ => Some(
                commit
                    .parent(0)
                    .and_then(|p| p.tree())
                    .map_err(git("reading a parent tree"))?,
            ),
        };
        let mut changes = Vec::new();
        changed_paths(
            repo,
            parent.as_ref(),
            Some(&tree),
            &mut PathBuf::new(),
            &mut changes,
        )?;
        let removes = changes.iter().any(|c| c.new.is_none());
        let adds = changes.iter().any(|c| c.old.is_none());
        if removes && adds {
            out.extend(commits::read_commits(
                repo,
                &[id],
                Merges::FirstParent,
                max_file_size,
            )?);
            continue;
        }
        let mut found = Changes::default();
        for c in changes {
            let Some((new, mode)) = c.new else {
                continue; // deleted
            };
            let mode = mode as u32;
            if mode == GITLINK {
                found.stats.submodules += 1;
                continue;
            }
            if !has_content(mode) {
                continue;
            }
            let old = c
                .old
                .filter(|(_, m)| same_kind(*m as u32, mode))
                .map(|(id, _)| id);
            if is_link(mode) {
                // A symlink's target text is content; its name meets no
                // path rule.
                add_content(repo, &mut found, c.path, new, old, max_file_size, "commit")?;
            } else {
                add_change(repo, &mut found, c.path, new, old, max_file_size, "commit")?;
            }
        }
        out.push(CommitChanges {
            commit: commit_info(&commit),
            changes: found,
        });
    }
    Ok(out)
}

/// The updated refs whose new tip reaches `commit` (for reports: which
/// branch or tag brings a finding).
pub fn refs_reaching<'u>(repo: &Repository, updates: &'u [RefUpdate], commit: Oid) -> Vec<&'u str> {
    updates
        .iter()
        .filter(|u| !u.is_deletion())
        .filter(|u| match peel(repo, u.new) {
            Ok(Tip::Commit(tip)) => {
                tip == commit || repo.graph_descendant_of(tip, commit).unwrap_or(false)
            }
            _ => false,
        })
        .map(|u| u.name.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hook_input() {
        let a = "1".repeat(40);
        let z = "0".repeat(40);
        let text = format!("{z} {a} refs/heads/new\n\n{a} {z} refs/tags/v1 x\n");
        let u = parse_updates(&text).unwrap();
        assert_eq!(u.len(), 2);
        assert!(u[0].is_creation() && !u[0].is_deletion());
        assert_eq!(u[0].name, "refs/heads/new");
        assert!(u[1].is_deletion());
        assert_eq!(u[1].name, "refs/tags/v1 x");
        let e = parse_updates(&format!("{a} refs/heads/x\n")).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(parse_updates(&format!("{a} zz{} refs/heads/x", "1".repeat(38))).is_err());
    }
}
