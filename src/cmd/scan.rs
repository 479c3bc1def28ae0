//! `keygate scan`: files and directories.

use super::{finish, settings, verify_step, Outcome, Scanned};
use crate::cli::ScanArgs;
use crate::pipeline::{tree, Context};
use crate::report::Mode;
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn scan(args: ScanArgs) -> Result<Outcome> {
    let start = Instant::now();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    for p in &paths {
        if std::fs::symlink_metadata(p).is_err() {
            bail!("{}: no such file or directory", p.display());
        }
    }
    if let Some(n) = args.threads {
        // Only fails if a pool exists already, which is fine.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let root = if paths.len() == 1 && paths[0].is_dir() {
        paths[0].clone()
    } else {
        PathBuf::from(".")
    };
    let ctx = Context::load(&settings(&args.limits, Some(&args.output)), &root, false)?;
    let base = report_base(&paths[0]);
    let mut out = tree::scan_tree(&ctx, paths, args.no_ignore, args.threads, base.as_deref());
    ctx.filter(&mut out.findings);
    let verified = verify_step(&args.verify, &mut out.findings, true);
    finish(
        &args.output,
        Scanned {
            mode: Mode::Scan,
            findings: std::mem::take(&mut out.findings),
            stats: &out.stats,
            errors: &out.errors,
            commits: None,
            config: ctx.config.source.as_deref(),
            start,
            verified,
            fail_on: args.verify.fail_on,
        },
    )
}

/// What reported paths are relative to: inside a repository its root (as
/// the hook and `diff` report them), outside one the current directory.
fn report_base(scanned: &Path) -> Option<PathBuf> {
    let in_repo = git2::Repository::discover(scanned)
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf));
    in_repo
        .or_else(|| std::env::current_dir().ok())
        .and_then(|p| p.canonicalize().ok())
}
