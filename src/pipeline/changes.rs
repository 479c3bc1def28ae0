//! Scans of what changes add: the staged changes (the pre-commit hook) and
//! each commit of a range (the pull-request job). Every changed blob is
//! scanned whole, so lines and multi-line secrets are real, and only the
//! findings that touch its added lines are kept; every changed path also
//! meets the path rules (keystores), whatever its content.

use crate::blob::{Blob, CommitInfo, Origin, Stats};
use crate::detect::Detector;
use crate::finding::Finding;
use crate::source::git::Changes;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// One change set and whose it is: `None` for the staged changes, the
/// commit for a commit's.
pub type ChangeSet<'a> = (Option<Arc<CommitInfo>>, &'a Changes);

fn origin(commit: &Option<Arc<CommitInfo>>, path: &Path) -> Origin {
    match commit {
        Some(c) => Origin::commit(path, c.clone()),
        None => Origin::staged(path),
    }
}

/// The findings of every change set, in parallel over changed blobs, and
/// what was read (the sources' counts plus files and bytes scanned). Not
/// yet filtered by allowlists; sorted, with duplicates of one added line
/// seen from two parents (`--merges=all`) removed.
pub fn scan_changes(detector: &Detector, sets: &[ChangeSet<'_>]) -> (Vec<Finding>, Stats) {
    let mut stats = Stats::default();
    for (_, changes) in sets {
        stats.merge(&changes.stats);
        stats.files_scanned += changes.blobs.len() as u64;
        stats.bytes_scanned += changes
            .blobs
            .iter()
            .map(|b| b.bytes.len() as u64)
            .sum::<u64>();
    }
    let blobs: Vec<(&Option<Arc<CommitInfo>>, &crate::source::git::ChangedBlob)> = sets
        .iter()
        .flat_map(|(c, changes)| changes.blobs.iter().map(move |b| (c, b)))
        .collect();
    let mut findings: Vec<Finding> = blobs
        .par_iter()
        .flat_map_iter(|(commit, b)| {
            let blob = Blob::with_changed_lines(origin(commit, &b.path), &b.bytes, b.added.clone());
            detector.scan(&blob)
        })
        .collect();
    for (commit, changes) in sets {
        for path in &changes.changed_paths {
            findings.extend(detector.scan_path(&origin(commit, path)));
        }
    }
    findings.sort();
    findings.dedup_by(|a, b| {
        a == b && a.origin.commit_info().map(|c| &c.sha) == b.origin.commit_info().map(|c| &c.sha)
    });
    (findings, stats)
}
