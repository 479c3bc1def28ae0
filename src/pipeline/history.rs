//! History scans: each distinct blob is read once, scanned once per path
//! profile (the same bytes as `cert.bin` and as `signing.p12` meet
//! different rules), and its findings are attributed to the commit and path
//! that introduced them: the first introduction, or every one.

use super::Context;
use crate::blob::{Blob, InputError, Origin, Stats};
use crate::finding::Finding;
use crate::source::git::{open_at, read_blob, BlobRead, GitError};
use crate::source::history::{HistoryBlob, Introduction};
use git2::Repository;
use rayon::prelude::*;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// What a history scan found and read.
#[derive(Debug, Default)]
pub struct HistoryScan {
    /// Findings, sorted, not yet filtered by allowlists.
    pub findings: Vec<Finding>,
    /// Counts.
    pub stats: Stats,
    /// Blobs that could not be read.
    pub errors: Vec<InputError>,
}

/// A key for [`crate::source::history::collect`]: paths with the same key
/// are scanned alike by `ctx`'s detector.
pub fn path_key(ctx: &Context) -> impl Fn(&Path) -> u64 + '_ {
    move |path| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        ctx.detector.path_profile(path).hash(&mut h);
        // A blob moved out of an allowlisted path is introduced anew.
        ctx.config.allows_path(&path.to_string_lossy()).hash(&mut h);
        h.finish()
    }
}

/// Scans `blobs` in parallel (one repository handle per thread, opened
/// from `git_dir`), calling `tick` once per blob. Without
/// `all_introductions`, a secret that lives on through later versions of a
/// file keeps only its earliest introduction.
pub fn scan(
    ctx: &Context,
    git_dir: &Path,
    blobs: &[HistoryBlob],
    all_introductions: bool,
    tick: &(dyn Fn() + Sync),
) -> HistoryScan {
    type Acc = (Vec<(usize, Finding)>, Stats, Vec<InputError>);
    let (mut found, stats, errors): Acc = blobs
        .par_iter()
        .map_init(
            || open_at(git_dir),
            |repo, hb| {
                tick();
                scan_blob(ctx, repo, hb)
            },
        )
        .reduce(
            || (Vec::new(), Stats::default(), Vec::new()),
            |mut a, b| {
                a.0.extend(b.0);
                a.1.merge(&b.1);
                a.2.extend(b.2);
                a
            },
        );
    if !all_introductions {
        // The earliest introduction the allowlists do not hide: a secret
        // moved out of an allowlisted path is reported where it landed.
        found.sort_by_cached_key(|(order, f)| (f.fingerprint, ctx.config.allows(f), *order));
        found.dedup_by(|later, first| later.1.fingerprint == first.1.fingerprint);
    }
    let mut findings: Vec<Finding> = found.into_iter().map(|(_, f)| f).collect();
    findings.sort_unstable();
    HistoryScan {
        findings,
        stats,
        errors,
    }
}

/// One blob's findings at each of its introductions (with their walk
/// order), and what reading it gave.
fn scan_blob(
    ctx: &Context,
    repo: &Result<Repository, GitError>,
    hb: &HistoryBlob,
) -> (Vec<(usize, Finding)>, Stats, Vec<InputError>) {
    let mut stats = Stats::default();
    let mut errors = Vec::new();
    let first_path = &hb.intros[0].path;
    let content = match repo {
        Err(e) => {
            stats.errors += 1;
            errors.push(InputError {
                path: Some(first_path.clone()),
                message: format!("cannot open the repository: {e}"),
            });
            return (Vec::new(), stats, errors);
        }
        Ok(repo) => match read_blob(repo, hb.id, ctx.max_file_size) {
            Ok(BlobRead::Text(blob)) => {
                stats.files_scanned += 1;
                stats.bytes_scanned += blob.size() as u64;
                Some(blob)
            }
            Ok(BlobRead::TooLarge) => {
                stats.skipped_large += 1;
                None
            }
            Ok(BlobRead::Binary) => {
                stats.skipped_binary += 1;
                None
            }
            Err(e) => {
                stats.errors += 1;
                errors.push(InputError {
                    path: Some(first_path.clone()),
                    message: format!("cannot read blob {}: {e}", hb.id),
                });
                None
            }
        },
    };
    let mut out = Vec::new();
    for group in by_profile(ctx, &hb.intros) {
        let first = group[0];
        let origin = Origin::commit(&first.path, first.commit.clone());
        let mut per_profile = ctx.detector.scan_path(&origin);
        if let Some(blob) = &content {
            per_profile.extend(ctx.detector.scan(&Blob::new(origin, blob.content())));
        }
        for intro in group {
            let at = Origin::commit(&intro.path, intro.commit.clone());
            out.extend(
                per_profile
                    .iter()
                    .map(|f| (intro.order, ctx.detector.relocate(f, at.clone()))),
            );
        }
    }
    (out, stats, errors)
}

/// `intros` grouped by path profile, each group in walk order.
fn by_profile<'a>(ctx: &Context, intros: &'a [Introduction]) -> Vec<Vec<&'a Introduction>> {
    let mut groups: Vec<(Vec<usize>, Vec<&Introduction>)> = Vec::new();
    for intro in intros {
        let profile = ctx.detector.path_profile(&intro.path);
        match groups.iter_mut().find(|(p, _)| *p == profile) {
            Some((_, g)) => g.push(intro),
            None => groups.push((profile, vec![intro])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}
