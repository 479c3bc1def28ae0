//! `keygate scan`: files and directories.

use super::{finish, settings, Outcome, Scanned};
use crate::cli::ScanArgs;
use crate::pipeline::{tree, Context};
use crate::report::Mode;
use anyhow::{bail, Result};
use std::path::PathBuf;
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
    let mut out = tree::scan_tree(&ctx, paths, args.no_ignore, args.threads);
    ctx.filter(&mut out.findings);
    finish(
        &args.output,
        Scanned {
            mode: Mode::Scan,
            findings: &out.findings,
            stats: &out.stats,
            errors: &out.errors,
            commits: None,
            config: ctx.config.source.as_deref(),
            start,
        },
    )
}
