//! `keygate scan`: files and directories.

use super::{decide, finish, listed_apart, settings, verify_step, Out, Outcome, Scanned};
use crate::cli::{FailOn, ScanArgs};
use crate::finding::Finding;
use crate::pipeline::{tree, Context};
use crate::report::{Format, JsonStream, Mode, Report};
use anyhow::{bail, Result};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn scan(mut args: ScanArgs) -> Result<Outcome> {
    let start = Instant::now();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        std::mem::take(&mut args.paths)
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
    if streams(&args) {
        return scan_streamed(&args, &ctx, paths, base.as_deref(), start);
    }
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

/// Whether the report is written while the scan runs: JSON (which needs
/// no finding before it writes the next) to standard output, without
/// `--verify` (which waits for all findings to ask about each secret once).
/// The human report groups a secret's repeats and SARIF, JUnit and GitLab
/// documents lead with counts, so those are written once the scan is done.
fn streams(args: &ScanArgs) -> bool {
    Format::from(args.output.format) == Format::Json
        && args.output.report.is_none()
        && !args.verify.verify
        && !args.verify.only_verified
        && args.verify.fail_on == FailOn::Any
}

/// `scan` with the JSON report written as findings come (see [`streams`]):
/// memory does not grow with the number of findings, only the findings a
/// `keygate:allow` marker suppressed are kept (they are counted at the
/// end). Same document, same exit code as when written at the end.
fn scan_streamed(
    args: &ScanArgs,
    ctx: &Context,
    paths: Vec<PathBuf>,
    base: Option<&Path>,
    start: Instant,
) -> Result<Outcome> {
    let output = &args.output;
    let out = io::BufWriter::new(Out::new());
    let mut doc = JsonStream::begin(Mode::Scan, !output.no_redact, out)?;
    let mut allowed = Vec::new();
    // The first write error; what follows is not written.
    let mut failed: Option<io::Error> = None;
    let mut emit = |mut f: Finding| {
        if !ctx.keeps(&f) {
            return;
        }
        if listed_apart(&mut f, output.no_inline_allow) {
            allowed.push(f);
            return;
        }
        if failed.is_none() {
            failed = doc.finding(&f).err();
        }
    };
    let scanned = tree::scan_tree_each(ctx, paths, args.no_ignore, args.threads, base, &mut emit);
    for e in &scanned.errors {
        eprintln!("keygate: error: {e}");
    }
    if let Some(e) = failed {
        return Err(e.into());
    }
    let outcome = decide(&scanned.errors, &scanned.stats, doc.count() == 0);
    let report = Report {
        mode: Mode::Scan,
        findings: &[],
        allowed: &allowed,
        stats: &scanned.stats,
        elapsed: start.elapsed(),
        redact: !output.no_redact,
        commits: None,
        verified: None,
        config: ctx.config.source.as_deref(),
    };
    doc.end(&report)?.flush()?;
    Ok(outcome)
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
