//! Scans of what changes add: the staged changes (the pre-commit hook) and
//! each commit of a range (the pull-request job). Every changed blob is
//! scanned whole, so lines and multi-line secrets are real, and only the
//! findings that touch its added lines are kept; every changed path also
//! meets the path rules (keystores), whatever its content.

use super::tree::{scan_chunked, CHUNK, OVERLAP};
use crate::blob::{Blob, CommitInfo, Origin, Stats};
use crate::detect::Detector;
use crate::finding::Finding;
use crate::source::git::{read_chunked, ChangedBlob, Changes, ChunkedRead};
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

/// An oversized changed blob, scanned in bounded-memory chunks: only the
/// findings on its added lines are kept. A blob that cannot be read counts
/// as an error (the run fails; it never passes unscanned).
fn scan_oversized(
    detector: &Detector,
    origin: Origin,
    b: &ChangedBlob,
    read: &ChunkedRead,
) -> (Vec<Finding>, Stats) {
    let scanned = read_chunked(read, &mut |reader| {
        scan_chunked(reader, &origin, CHUNK, OVERLAP, read.size, detector)
    });
    match scanned {
        Ok(c) => {
            let mut stats = c.stats;
            stats.files_scanned = 0; // counted with the change set
            let findings = c
                .findings
                .into_iter()
                .filter(|f| b.added.intersects(f.line, f.end_line))
                .collect();
            (findings, stats)
        }
        Err(e) => {
            eprintln!(
                "keygate: error: {}: cannot read the oversized blob {}: {e}",
                b.path.display(),
                read.id
            );
            (
                Vec::new(),
                Stats {
                    errors: 1,
                    ..Stats::default()
                },
            )
        }
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
            .filter(|b| b.chunked.is_none())
            .map(|b| b.bytes.len() as u64)
            .sum::<u64>();
    }
    let blobs: Vec<(&Option<Arc<CommitInfo>>, &ChangedBlob)> = sets
        .iter()
        .flat_map(|(c, changes)| changes.blobs.iter().map(move |b| (c, b)))
        .collect();
    let (mut findings, chunked_stats): (Vec<Finding>, Stats) = blobs
        .par_iter()
        .map(|(commit, b)| match &b.chunked {
            Some(read) => scan_oversized(detector, origin(commit, &b.path), b, read),
            None => {
                let blob =
                    Blob::with_changed_lines(origin(commit, &b.path), &b.bytes, b.added.clone());
                (detector.scan(&blob), Stats::default())
            }
        })
        .reduce(
            || (Vec::new(), Stats::default()),
            |mut a, b| {
                a.0.extend(b.0);
                a.1.merge(&b.1);
                a
            },
        );
    stats.merge(&chunked_stats);
    for (commit, changes) in sets {
        for path in &changes.changed_paths {
            findings.extend(detector.scan_path(&origin(commit, path)));
        }
    }
    findings.sort_unstable();
    findings.dedup_by(|a, b| {
        a == b && a.origin.commit_info().map(|c| &c.sha) == b.origin.commit_info().map(|c| &c.sha)
    });
    (findings, stats)
}
