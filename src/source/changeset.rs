//! What a change set carries: the blobs a change adds with their added
//! lines, pure renames (read whole when the move exposes a blob), and
//! oversized blobs the pipeline reads in bounded-memory chunks.

use super::git::{add_content, open, open_at, GitError};
use crate::blob::{LineSet, Stats};
use git2::{Oid, Repository};
use std::path::PathBuf;

/// One file version a change adds, with its added lines.
#[derive(Debug)]
pub struct ChangedBlob {
    /// Path relative to the repository root.
    pub path: PathBuf,
    /// The blob's content.
    pub bytes: Vec<u8>,
    /// The 1-based lines this change adds.
    pub added: LineSet,
    /// A blob over the size limit: `bytes` is empty and the pipeline reads
    /// it in bounded-memory chunks from here.
    pub chunked: Option<ChunkedRead>,
}

/// Where to read an oversized changed blob in chunks.
#[derive(Debug, Clone)]
pub struct ChunkedRead {
    /// The repository's git directory.
    pub git_dir: PathBuf,
    /// The blob.
    pub id: Oid,
    /// Its size.
    pub size: u64,
}

/// Streams blob `id` of the repository at `git_dir` (opened from the
/// environment when that is the same repository, so quarantined and
/// alternate objects are seen) to `sink` as one reader: the object
/// database's stream where the backend has one (loose objects), else the
/// inflated blob's bytes.
pub fn read_chunked<T>(
    read: &ChunkedRead,
    sink: &mut dyn FnMut(&mut dyn std::io::Read) -> std::io::Result<T>,
) -> Result<T, String> {
    let same = open()
        .ok()
        .filter(|r| r.path().canonicalize().ok() == read.git_dir.canonicalize().ok());
    let repo = match same {
        Some(r) => r,
        None => open_at(&read.git_dir).map_err(|e| e.to_string())?,
    };
    let odb = repo.odb().map_err(|e| e.message().to_string())?;
    if let Ok((mut reader, _, _)) = odb.reader(read.id) {
        return sink(&mut reader).map_err(|e| e.to_string());
    }
    let blob = repo
        .find_blob(read.id)
        .map_err(|e| format!("reading blob {}: {}", read.id, e.message()))?;
    let mut bytes: &[u8] = blob.content();
    sink(&mut bytes).map_err(|e| e.to_string())
}

/// A pure rename of a regular file: the same blob under a new path.
#[derive(Debug, Clone)]
pub struct Rename {
    /// The path it had.
    pub old: PathBuf,
    /// The path it has now.
    pub new: PathBuf,
    /// The blob (unchanged).
    pub id: Oid,
}

/// Adds, as wholly added, the content of every pure rename in `out` for
/// which `exposes(old, new)` holds (a blob moved out of an allowlisted
/// path is new to the scan).
pub fn add_renamed(
    repo: &Repository,
    out: &mut Changes,
    exposes: &dyn Fn(&std::path::Path, &std::path::Path) -> bool,
    max_file_size: u64,
    what: &str,
) -> Result<(), GitError> {
    let renames: Vec<Rename> = out
        .renames
        .iter()
        .filter(|r| exposes(&r.old, &r.new))
        .cloned()
        .collect();
    for r in renames {
        add_content(repo, out, r.new, r.id, None, max_file_size, what)?;
    }
    Ok(())
}

/// The added content of one diff.
#[derive(Debug, Default)]
pub struct Changes {
    /// Blobs with at least one added line, not binary, within the size limit.
    pub blobs: Vec<ChangedBlob>,
    /// Every path with new content, binary and oversized included.
    pub changed_paths: Vec<PathBuf>,
    /// Pure renames of regular files (no content changed): read with
    /// [`add_renamed`] when the move itself exposes the blob.
    pub renames: Vec<Rename>,
    /// What was passed over.
    pub stats: Stats,
}
